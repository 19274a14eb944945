-- Bilateral social-security agreements and certificates of coverage.

-- The agreements as data: the columns of data/coverage/agreements.csv, as text (an empty
-- string is an empty field), seeded from the shipped file and edited by administrators.
CREATE TABLE coverage_agreement (
    code TEXT PRIMARY KEY,
    partner_iso2 TEXT NOT NULL,
    partner_name TEXT NOT NULL,
    signed TEXT NOT NULL,
    in_force TEXT NOT NULL,
    chinese_branches_exempt TEXT NOT NULL,
    partner_branches_exempt TEXT NOT NULL,
    max_posting_months TEXT NOT NULL,
    extension_rule TEXT NOT NULL,
    extension_max_months TEXT NOT NULL,
    categories TEXT NOT NULL,
    notes TEXT NOT NULL,
    max_posting_months_to_china TEXT NOT NULL,
    in_force_until TEXT NOT NULL,
    issuing_body TEXT NOT NULL DEFAULT '',
    liaison_bodies TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

-- Certificates of coverage, both directions. Outbound: a worker insured in China posted to the
-- partner country (the employer is the Chinese employer that posts them). Inbound: a partner's
-- certificate presented for a foreign worker employed in China (the employer in China).
-- An extension is a certificate of its own whose `extends_id` is the certificate it prolongs.
CREATE TABLE coverage_certificate (
    id INTEGER PRIMARY KEY,
    number TEXT,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    agreement_code TEXT NOT NULL REFERENCES coverage_agreement (code),
    person_id INTEGER NOT NULL REFERENCES person (id),
    employer_id INTEGER REFERENCES organisation (id),
    employer_name TEXT,
    worker_category TEXT NOT NULL,
    posting_start TEXT NOT NULL,
    posting_end TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    revoked_on TEXT,
    issued_on TEXT,
    exempt_branches TEXT NOT NULL DEFAULT '',
    extends_id INTEGER REFERENCES coverage_certificate (id),
    contributions_paid_until TEXT,
    record_ref TEXT,
    status_since TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX coverage_certificate_number ON coverage_certificate (number);
CREATE UNIQUE INDEX coverage_certificate_record_ref_key ON coverage_certificate (record_ref);
CREATE INDEX coverage_certificate_person ON coverage_certificate (person_id);
CREATE INDEX coverage_certificate_employer ON coverage_certificate (employer_id, id);
CREATE INDEX coverage_certificate_valid_to ON coverage_certificate (status, valid_to);

CREATE TABLE coverage_certificate_transition (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES coverage_certificate (id),
    from_status TEXT NOT NULL,
    action TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    comment TEXT,
    at TEXT NOT NULL
);
CREATE INDEX coverage_certificate_transition_certificate ON coverage_certificate_transition (certificate_id, id);
