-- Services for returnees: overseas credentials, and the support programme for returnees who
-- start businesses (yearly calls, applications, reviews with conflict declarations).

CREATE TABLE overseas_credential (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id),
    institution TEXT NOT NULL,
    country TEXT NOT NULL REFERENCES country (alpha2),
    degree TEXT NOT NULL REFERENCES education_level (code),
    field TEXT,
    awarded_on TEXT NOT NULL,
    verification_status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX overseas_credential_person ON overseas_credential (person_id);

CREATE TABLE startup_call (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    budget_cny INTEGER NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE startup_application (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES startup_call (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    project TEXT NOT NULL,
    sector TEXT NOT NULL,
    province TEXT NOT NULL REFERENCES province (code),
    funding_asked_cny INTEGER NOT NULL,
    status TEXT NOT NULL,
    score REAL,
    awarded_cny INTEGER NOT NULL DEFAULT 0,
    decision_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX startup_application_call ON startup_application (call_id, id);

CREATE TABLE startup_review (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES startup_application (id),
    reviewer TEXT NOT NULL,
    conflict INTEGER NOT NULL,
    conflict_note TEXT,
    score REAL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX startup_review_key ON startup_review (application_id, reviewer);
