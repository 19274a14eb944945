-- Study abroad, foreign students and bulk imports.

-- The identifier a source system gives a person (import column person_ref): rows with the
-- same reference are the same person in the registry.
ALTER TABLE person ADD COLUMN source_ref TEXT;
CREATE UNIQUE INDEX person_source_ref_key ON person (source_ref);

CREATE TABLE study_abroad (
    id INTEGER PRIMARY KEY,
    record_ref TEXT,
    person_id INTEGER NOT NULL REFERENCES person (id),
    destination_country TEXT NOT NULL REFERENCES country (alpha2),
    institution TEXT NOT NULL,
    isced_level TEXT NOT NULL REFERENCES education_level (code),
    field TEXT,
    funding TEXT NOT NULL,
    departure_date TEXT NOT NULL,
    return_date TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX study_abroad_record_ref_key ON study_abroad (record_ref);
CREATE INDEX study_abroad_person ON study_abroad (person_id);

CREATE TABLE foreign_student (
    id INTEGER PRIMARY KEY,
    record_ref TEXT,
    person_id INTEGER NOT NULL REFERENCES person (id),
    institution TEXT NOT NULL,
    province TEXT NOT NULL REFERENCES province (code),
    isced_level TEXT NOT NULL REFERENCES education_level (code),
    field TEXT,
    scholarship TEXT NOT NULL,
    enrolment_start TEXT NOT NULL,
    enrolment_end TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX foreign_student_record_ref_key ON foreign_student (record_ref);
CREATE INDEX foreign_student_person ON foreign_student (person_id);

-- Historical permits and pre-2017 documents come in with their source reference.
ALTER TABLE work_permit ADD COLUMN record_ref TEXT;
ALTER TABLE work_permit ADD COLUMN cancelled_on TEXT;
CREATE UNIQUE INDEX work_permit_record_ref_key ON work_permit (record_ref);

-- One row per import that wrote its file (written in the same transaction as the rows) or
-- that was refused (nothing written).
CREATE TABLE import_run (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    actor TEXT NOT NULL,
    status TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_created INTEGER NOT NULL,
    rows_updated INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    persons_created INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL
);
CREATE INDEX import_run_kind ON import_run (kind, id);
