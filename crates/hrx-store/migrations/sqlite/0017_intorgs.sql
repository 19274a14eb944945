-- Nationals in international organisations (spec international-organisations.md, issue 20):
-- the register of organisations, vacancies, the roster of qualified nationals, recommendation
-- cases on the kernel, and serving-staff records that the figure counts.

-- The register: the spec's organisations (data/cooperation/organisations.csv) with their
-- kind, parent, grade system and validity (data/intorgs/organisations.csv).
CREATE TABLE io_organisation (
    id INTEGER PRIMARY KEY,
    acronym TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id INTEGER REFERENCES io_organisation (id),
    headquarters TEXT NOT NULL,
    grade_system TEXT NOT NULL,
    has_desirable_range INTEGER NOT NULL,
    valid_from TEXT,
    valid_to TEXT,
    note TEXT NOT NULL,
    source TEXT NOT NULL
);

-- A vacancy: its deadline kept in UTC with the zone the organisation states it in, and what
-- it asks of candidates (the matching rule's input, as JSON).
CREATE TABLE io_vacancy (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES io_organisation (id),
    reference_no TEXT NOT NULL,
    title TEXT NOT NULL,
    grade TEXT NOT NULL,
    category TEXT NOT NULL,
    job_family TEXT NOT NULL,
    duty_station TEXT NOT NULL,
    duty_country TEXT NOT NULL,
    posted_on TEXT NOT NULL,
    deadline_utc TEXT NOT NULL,
    deadline_zone TEXT NOT NULL,
    subject_to_geo INTEGER,
    funding TEXT NOT NULL,
    needs TEXT NOT NULL,
    desirable_languages TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (organisation_id, reference_no)
);
CREATE INDEX io_vacancy_deadline ON io_vacancy (status, deadline_utc);

-- A qualified national: a person of the registry with the roster's facts (JSON), source,
-- status, validity and consent. Every read of an entry is audited.
CREATE TABLE io_roster_entry (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE REFERENCES person (id),
    facts TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    valid_until TEXT,
    consent_on TEXT NOT NULL,
    retain_until TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A recommendation: a case on the kernel (data/intorgs/recommendation-workflow.toml), one
-- candidate to one vacancy, with the match snapshotted when drafted and when submitted.
CREATE TABLE io_recommendation (
    id INTEGER PRIMARY KEY,
    vacancy_id INTEGER NOT NULL REFERENCES io_vacancy (id),
    roster_entry_id INTEGER NOT NULL REFERENCES io_roster_entry (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    score_drafted REAL,
    match_drafted TEXT NOT NULL,
    score_submitted REAL,
    match_submitted TEXT,
    submitted_on TEXT,
    serving_record_id INTEGER,
    status TEXT NOT NULL,
    status_since TEXT NOT NULL,
    due_date TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX io_recommendation_live ON io_recommendation (vacancy_id, person_id)
    WHERE status NOT IN ('not_shortlisted', 'not_selected', 'withdrawn', 'vacancy_cancelled');
CREATE INDEX io_recommendation_person ON io_recommendation (person_id);

-- A national serving in an organisation. `in_scope`: its appointment type is in the figure's
-- default scope (spec §6.4).
CREATE TABLE io_serving_record (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    organisation_id INTEGER NOT NULL REFERENCES io_organisation (id),
    grade TEXT NOT NULL,
    category TEXT NOT NULL,
    grade_band TEXT NOT NULL,
    duty_station TEXT NOT NULL,
    appointment_type TEXT NOT NULL,
    in_scope INTEGER NOT NULL,
    subject_to_geo INTEGER,
    start_date TEXT NOT NULL,
    end_date TEXT,
    source TEXT NOT NULL,
    recommendation_id INTEGER REFERENCES io_recommendation (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX io_serving_person ON io_serving_record (person_id);
CREATE INDEX io_serving_organisation ON io_serving_record (organisation_id, grade_band);
