-- Foreign experts and the state awards (spec foreign-experts-awards.md, issue 21): applying
-- units, award rounds (the shipped history as past rounds with their laureate counts, and
-- rounds an administrator plans and opens), nominations on the case kernel, objections by a
-- named objector, the reviewer pool and declared conflicts, laureates, and the expert
-- register's engagements.
CREATE TABLE award_unit (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    province TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE award_round (
    id INTEGER PRIMARY KEY,
    award TEXT NOT NULL,
    award_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    opens_on TEXT,
    closes_on TEXT,
    quota_major INTEGER NOT NULL,
    quota_city INTEGER NOT NULL,
    text_limit INTEGER NOT NULL,
    notice_days INTEGER NOT NULL,
    result_notice_days INTEGER NOT NULL,
    notice_count TEXT NOT NULL,
    ceremony_date TEXT,
    decision_body TEXT NOT NULL,
    laureates_individuals INTEGER,
    laureates_organisations INTEGER,
    cumulative_individuals INTEGER,
    history_status TEXT,
    source TEXT NOT NULL,
    notes TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (award, award_year)
);

CREATE TABLE award_nomination (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES award_round (id),
    award TEXT NOT NULL,
    award_year INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES award_unit (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    employer_id INTEGER REFERENCES organisation (id),
    rank INTEGER NOT NULL,
    contribution TEXT NOT NULL,
    field TEXT NOT NULL,
    carried_from INTEGER REFERENCES award_nomination (id),
    notice_state TEXT,
    notice_from TEXT,
    status TEXT NOT NULL,
    status_since TEXT NOT NULL,
    due_date TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX award_nomination_round_unit ON award_nomination (round_id, unit_id);
CREATE INDEX award_nomination_person ON award_nomination (person_id);

CREATE TABLE award_objection (
    id INTEGER PRIMARY KEY,
    nomination_id INTEGER NOT NULL REFERENCES award_nomination (id),
    objector_name TEXT NOT NULL,
    objector_contact TEXT NOT NULL,
    lodged_on TEXT NOT NULL,
    notice_state TEXT NOT NULL,
    text TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX award_objection_nomination ON award_objection (nomination_id);

CREATE TABLE award_reviewer (
    id INTEGER PRIMARY KEY,
    award TEXT NOT NULL,
    username TEXT NOT NULL,
    added_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (award, username)
);

CREATE TABLE award_conflict (
    id INTEGER PRIMARY KEY,
    nomination_id INTEGER NOT NULL REFERENCES award_nomination (id),
    reviewer TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    declared_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (nomination_id, reviewer)
);

CREATE TABLE award_laureate (
    id INTEGER PRIMARY KEY,
    award TEXT NOT NULL,
    award_year INTEGER NOT NULL,
    person_id INTEGER REFERENCES person (id),
    nomination_id INTEGER REFERENCES award_nomination (id),
    name TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    nationality TEXT NOT NULL,
    field TEXT NOT NULL,
    employer TEXT NOT NULL,
    conferral TEXT NOT NULL,
    conferred_on TEXT,
    monetary_award_cny INTEGER,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX award_laureate_year ON award_laureate (award, award_year);
CREATE UNIQUE INDEX award_laureate_person ON award_laureate (award, person_id);

CREATE TABLE expert_engagement (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    origin TEXT NOT NULL,
    expert_class TEXT,
    employer_id INTEGER REFERENCES organisation (id),
    employer_name TEXT NOT NULL,
    programme TEXT NOT NULL,
    province TEXT NOT NULL,
    sector TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    work_permit_id INTEGER REFERENCES work_permit (id),
    document_ref TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    record_ref TEXT,
    import_job_id INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL DEFAULT 'import',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX expert_engagement_person ON expert_engagement (person_id);
CREATE INDEX expert_engagement_start ON expert_engagement (start_date);
CREATE UNIQUE INDEX expert_engagement_ref ON expert_engagement (record_ref);
