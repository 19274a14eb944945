-- ILO conventions: the register's history, the register it makes, the reporting calendar's
-- group base years, and report cases on the case kernel with the supervisory comments.

-- Every ratification, denunciation and class change, each in effect from `effective`. The
-- shipped ones come from data/conventions (source 'shipped'); administrators add others.
-- `detail` is the event's own fields as JSON (hrx_domain::conventions::EventKind).
CREATE TABLE ilo_convention_event (
    id INTEGER PRIMARY KEY,
    convention TEXT NOT NULL,
    kind TEXT NOT NULL,
    effective TEXT NOT NULL,
    detail TEXT NOT NULL,
    source TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (convention, kind, effective)
);

-- The register as the events make it, rewritten with each event in its transaction: what
-- lists, foreign keys and the statistics read.
CREATE TABLE ilo_convention (
    code TEXT PRIMARY KEY,
    title_en TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    class TEXT NOT NULL,
    ratified TEXT NOT NULL,
    entry_into_force TEXT,
    in_force_from TEXT NOT NULL,
    denounced_on TEXT
);

-- The year each country group reports in, per cycle length (spec §3: configuration).
CREATE TABLE ilo_reporting_group (
    cycle_years INTEGER NOT NULL,
    group_code TEXT NOT NULL,
    base_year INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (cycle_years, group_code)
);

-- A report on a convention for a year: a case on the kernel (case_step holds its history).
CREATE TABLE ilo_report (
    id INTEGER PRIMARY KEY,
    convention TEXT NOT NULL REFERENCES ilo_convention (code),
    year INTEGER NOT NULL,
    report_type TEXT NOT NULL,
    reason TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL,
    status_since TEXT NOT NULL,
    due_date TEXT,
    employers_organisation TEXT,
    workers_organisation TEXT,
    copies_sent_on TEXT,
    submitted_on TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (convention, year)
);

-- A comment of the CEACR: an observation or a direct request on a convention, in a year.
CREATE TABLE ilo_comment (
    id INTEGER PRIMARY KEY,
    convention TEXT NOT NULL REFERENCES ilo_convention (code),
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    report_id INTEGER REFERENCES ilo_report (id),
    text_zh TEXT NOT NULL,
    text_en TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ilo_comment_convention ON ilo_comment (convention, year);

-- A point of a comment to follow up, with its owner and due date.
CREATE TABLE ilo_comment_point (
    id INTEGER PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES ilo_comment (id),
    text TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_date TEXT NOT NULL,
    done_on TEXT
);
CREATE INDEX ilo_comment_point_comment ON ilo_comment_point (comment_id);
