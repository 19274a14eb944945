-- Training abroad (spec training-abroad.md, issue 19): programmes with their yearly plan of
-- quotas per sending unit, nominations and groups on the case kernel, members, completion
-- reports with the unit's evaluation, and the participations the statistics count.

-- A programme of one year: its type, host institution and country, language, planned
-- length, cost per place and the window its groups must travel in. Its plan (the quotas)
-- is edited until an administrator approves it.
CREATE TABLE training_programme (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    title_en TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    programme_type TEXT NOT NULL,
    funding_channel TEXT NOT NULL,
    approval_category TEXT NOT NULL,
    host_institution TEXT NOT NULL,
    institution_kind TEXT NOT NULL,
    host_country TEXT NOT NULL REFERENCES country (alpha2),
    language TEXT NOT NULL,
    planned_days INTEGER NOT NULL,
    cost_yuan INTEGER NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    plan_status TEXT NOT NULL,
    approved_by TEXT,
    approved_on TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX training_programme_year ON training_programme (year, programme_type);

-- The places a sending unit (an organisation of the registry) holds in a programme.
CREATE TABLE training_quota (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES training_programme (id),
    sending_unit_id INTEGER NOT NULL REFERENCES organisation (id),
    places INTEGER NOT NULL,
    supplementary INTEGER NOT NULL DEFAULT 0,
    UNIQUE (programme_id, sending_unit_id)
);

-- A nomination: a case on the kernel (data/training/nomination-workflow.toml). One live
-- nomination per person and programme.
CREATE TABLE training_nomination (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES training_programme (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    sending_unit_id INTEGER NOT NULL REFERENCES organisation (id),
    status TEXT NOT NULL,
    status_since TEXT NOT NULL,
    due_date TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX training_nomination_live ON training_nomination (programme_id, person_id)
    WHERE status NOT IN ('rejected', 'withdrawn');
CREATE INDEX training_nomination_unit ON training_nomination (programme_id, sending_unit_id);
CREATE INDEX training_nomination_person ON training_nomination (person_id);

-- A group (团组): a case on the kernel (data/training/group-workflow.toml).
CREATE TABLE training_group (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    programme_id INTEGER NOT NULL REFERENCES training_programme (id),
    planned_departure TEXT NOT NULL,
    planned_return TEXT NOT NULL,
    actual_departure TEXT,
    actual_return TEXT,
    status TEXT NOT NULL,
    status_since TEXT NOT NULL,
    due_date TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX training_group_programme ON training_group (programme_id);

-- A member of a group, through their nomination; withdrawn members stay with their reason.
CREATE TABLE training_member (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES training_group (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    nomination_id INTEGER NOT NULL REFERENCES training_nomination (id),
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    withdrawal_reason TEXT,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (group_id, person_id)
);
CREATE INDEX training_member_person ON training_member (person_id);

-- A participant's completion report and the sending unit's evaluation of it.
CREATE TABLE training_report (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL UNIQUE REFERENCES training_member (id),
    summary TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    filed_by TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    evaluation_score INTEGER,
    evaluation_comments TEXT,
    evaluated_by TEXT,
    evaluated_on TEXT
);

-- A participation the statistics count (spec §7): a member of a group that departed
-- (origin `dispatch`), or a past participation imported (`hrx import training-abroad`).
CREATE TABLE training_participation (
    id INTEGER PRIMARY KEY,
    record_ref TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL REFERENCES person (id),
    programme_code TEXT NOT NULL,
    programme_type TEXT NOT NULL,
    host_country TEXT NOT NULL,
    host_institution TEXT NOT NULL,
    sending_unit TEXT NOT NULL,
    funding_channel TEXT,
    group_code TEXT NOT NULL,
    departure_date TEXT NOT NULL,
    return_date TEXT NOT NULL,
    duration_class TEXT NOT NULL,
    destination_scope TEXT NOT NULL,
    member_id INTEGER REFERENCES training_member (id),
    origin TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX training_participation_person ON training_participation (person_id);
CREATE INDEX training_participation_departure ON training_participation (departure_date);
