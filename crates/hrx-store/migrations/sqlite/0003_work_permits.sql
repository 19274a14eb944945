-- Work-permit applications, their transitions and the permits they produce.

-- One work-permit number per person, for life (spec §7.5).
CREATE TABLE person_permit_number (
    person_id INTEGER PRIMARY KEY REFERENCES person (id),
    number TEXT NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE UNIQUE INDEX person_permit_number_key ON person_permit_number (number);

CREATE TABLE work_permit (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person (id),
    employer_id INTEGER NOT NULL REFERENCES organisation (id),
    document_type TEXT NOT NULL,
    category TEXT,
    occupation TEXT,
    province TEXT,
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    status TEXT NOT NULL,
    application_id INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX work_permit_person ON work_permit (person_id);
CREATE INDEX work_permit_employer ON work_permit (employer_id, valid_until);
CREATE INDEX work_permit_valid_until ON work_permit (status, valid_until);
CREATE INDEX work_permit_number ON work_permit (number);

CREATE TABLE work_permit_application (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person (id),
    employer_id INTEGER NOT NULL REFERENCES organisation (id),
    permit_id INTEGER REFERENCES work_permit (id),
    position TEXT NOT NULL,
    occupation TEXT NOT NULL REFERENCES occupation (code),
    province TEXT NOT NULL REFERENCES province (code),
    contract_start TEXT NOT NULL,
    contract_end TEXT NOT NULL,
    annual_salary_fen INTEGER NOT NULL,
    assessment_input TEXT NOT NULL,
    total_points INTEGER NOT NULL,
    points_category TEXT,
    category TEXT,
    status_since TEXT NOT NULL,
    due_date TEXT,
    submitted_at TEXT,
    decided_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX work_permit_application_employer ON work_permit_application (employer_id, id);
CREATE INDEX work_permit_application_queue ON work_permit_application (status, due_date);
CREATE INDEX work_permit_application_person ON work_permit_application (person_id);

CREATE TABLE work_permit_transition (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES work_permit_application (id),
    from_status TEXT NOT NULL,
    action TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    comment TEXT,
    at TEXT NOT NULL
);
CREATE INDEX work_permit_transition_application ON work_permit_transition (application_id, id);
