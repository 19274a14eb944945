-- Reference tables: filled from data/ by the migrate step (see reference.rs).
CREATE TABLE country (
    alpha2 TEXT PRIMARY KEY,
    alpha3 TEXT NOT NULL UNIQUE,
    numeric TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL
);
CREATE TABLE province (
    code TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    region TEXT NOT NULL
);
CREATE TABLE occupation (
    code TEXT PRIMARY KEY,
    level TEXT NOT NULL,
    parent TEXT,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL
);
CREATE TABLE education_level (
    code TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL
);
CREATE TABLE reference_version (
    name TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL
);

CREATE TABLE organisation (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name_zh TEXT,
    name_en TEXT,
    country TEXT NOT NULL REFERENCES country (alpha2),
    province TEXT REFERENCES province (code),
    credit_code TEXT,
    search_name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX organisation_credit_code_key ON organisation (credit_code);
CREATE INDEX organisation_search_name ON organisation (search_name);

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    name_native TEXT,
    name_latin TEXT,
    sex TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    nationality TEXT NOT NULL REFERENCES country (alpha2),
    organisation_id INTEGER REFERENCES organisation (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX person_organisation ON person (organisation_id);
CREATE INDEX person_nationality ON person (nationality);

CREATE TABLE identity_document (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    issuing_country TEXT NOT NULL REFERENCES country (alpha2),
    number TEXT NOT NULL,
    expiry_date TEXT
);
CREATE UNIQUE INDEX identity_document_key ON identity_document (kind, issuing_country, number);
CREATE INDEX identity_document_number ON identity_document (number);
CREATE INDEX identity_document_person ON identity_document (person_id);

-- Name words and whole names, lowercased, found by prefix through the primary key.
CREATE TABLE person_search_term (
    term TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (term, person_id)
) WITHOUT ROWID;
CREATE INDEX person_search_term_person ON person_search_term (person_id);

CREATE TABLE app_user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    capabilities TEXT NOT NULL DEFAULT '',
    organisation_id INTEGER REFERENCES organisation (id),
    person_id INTEGER REFERENCES person (id),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX app_user_username_key ON app_user (username);

-- Browser sessions and API tokens; only the SHA-256 of a token is kept.
CREATE TABLE user_session (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    csrf_token TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);

CREATE TABLE login_attempt (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    at TEXT NOT NULL,
    succeeded INTEGER NOT NULL
);
CREATE INDEX login_attempt_username_at ON login_attempt (username, at);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_value TEXT,
    after_value TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, seq);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
