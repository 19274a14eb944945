-- International cooperation (spec cooperation.md): partners with their contacts, agreements
-- and memoranda on the case kernel with their parties, terms and signatories, projects,
-- events with partners, delegations, outcomes and follow-up actions (cases on the kernel).

-- A partner: a country (ISO 3166 alpha-2 code), an international organisation or regional
-- forum (data/cooperation/organisations.csv, extended by an administrator), a foreign
-- agency (with its country) or a region (Hong Kong, Macao, Taiwan: never counted).
CREATE TABLE coop_partner (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    country TEXT,
    source TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- A partner's focal points and contacts: persons of the registry, with their role.
CREATE TABLE coop_contact (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES coop_partner (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    role TEXT NOT NULL,
    title TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (partner_id, person_id, role)
);

-- An agreement or memorandum: a case on the kernel, whose steps recorded its dated facts.
-- Its state on a day is derived from these facts (R1), never read from `status`, which is
-- the last stage recorded.
CREATE TABLE coop_agreement (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title_en TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    chinese_party TEXT NOT NULL,
    areas TEXT NOT NULL,
    negotiation_started TEXT,
    initialled_on TEXT,
    signed_on TEXT,
    signed_place TEXT NOT NULL,
    entry_into_force_on TEXT,
    term_months INTEGER,
    renewal TEXT NOT NULL,
    notice_months INTEGER,
    notice_given_on TEXT,
    ended TEXT,
    ended_on TEXT,
    supersedes_id INTEGER REFERENCES coop_agreement (id),
    parent_id INTEGER REFERENCES coop_agreement (id),
    document_en TEXT NOT NULL,
    document_zh TEXT NOT NULL,
    source TEXT NOT NULL,
    origin TEXT NOT NULL,
    status TEXT NOT NULL,
    status_since TEXT NOT NULL,
    due_date TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE coop_agreement_party (
    agreement_id INTEGER NOT NULL REFERENCES coop_agreement (id),
    partner_id INTEGER NOT NULL REFERENCES coop_partner (id),
    PRIMARY KEY (agreement_id, partner_id)
);
CREATE INDEX coop_agreement_party_partner ON coop_agreement_party (partner_id);

-- Renewals by a new signature: the terms after the first.
CREATE TABLE coop_agreement_term (
    agreement_id INTEGER NOT NULL REFERENCES coop_agreement (id),
    term_no INTEGER NOT NULL,
    signed_on TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    months INTEGER,
    PRIMARY KEY (agreement_id, term_no)
);

-- Who signed, for each side.
CREATE TABLE coop_signatory (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL REFERENCES coop_agreement (id),
    side TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX coop_signatory_agreement ON coop_signatory (agreement_id);

-- A cooperation project; its status on a day is derived from its dates (R4).
CREATE TABLE coop_project (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title_en TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    partner_id INTEGER NOT NULL REFERENCES coop_partner (id),
    agreement_id INTEGER REFERENCES coop_agreement (id),
    funding TEXT NOT NULL,
    budget TEXT,
    currency TEXT,
    implementing_unit TEXT NOT NULL,
    approved_on TEXT,
    starts_on TEXT,
    planned_end_on TEXT,
    actual_end_on TEXT,
    completion_report_on TEXT,
    deliverables TEXT NOT NULL,
    source TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- An event. `month_only`: the start is known to the month (stored as its first day).
CREATE TABLE coop_event (
    id INTEGER PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    month_only INTEGER NOT NULL,
    ends_on TEXT,
    organiser TEXT NOT NULL,
    chinese_role TEXT,
    host_city TEXT NOT NULL,
    host_country TEXT,
    source TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (starts_on, name_en)
);
CREATE INDEX coop_event_starts ON coop_event (starts_on);

-- The partners of an event: organisers and bilateral counterparts count for the secondary
-- definition of partner countries; participants do not.
CREATE TABLE coop_event_partner (
    event_id INTEGER NOT NULL REFERENCES coop_event (id),
    partner_id INTEGER NOT NULL REFERENCES coop_partner (id),
    role TEXT NOT NULL,
    PRIMARY KEY (event_id, partner_id)
);
CREATE INDEX coop_event_partner_partner ON coop_event_partner (partner_id);

-- The Chinese delegation: persons of the registry, with their role.
CREATE TABLE coop_delegate (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES coop_event (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    role TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (event_id, person_id)
);

-- An outcome document of an event (a declaration, a joint statement, an initiative ...).
CREATE TABLE coop_outcome (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES coop_event (id),
    kind TEXT NOT NULL,
    title_en TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    adopted_on TEXT,
    text_ref TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (event_id, title_en)
);

-- A follow-up action of an outcome: a case on the kernel with an owner (an officer's
-- account) and a deadline (`due_on`, set in working days; the kernel's `due_date` holds it
-- while the action is open, so the queue sorts and flags it).
CREATE TABLE coop_followup (
    id INTEGER PRIMARY KEY,
    outcome_id INTEGER NOT NULL REFERENCES coop_outcome (id),
    description TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL,
    working_days INTEGER,
    done_on TEXT,
    status TEXT NOT NULL,
    status_since TEXT NOT NULL,
    due_date TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX coop_followup_outcome ON coop_followup (outcome_id);
