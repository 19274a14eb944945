-- UN examinations held in China (spec international-organisations.md §4.2, §5.6): sessions
-- (the history the sources confirm, shipped, and sessions officers add) and their candidates
-- through the statuses of §5.6, linked to the roster and to a later appointment.
CREATE TABLE io_exam_session (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    programme TEXT NOT NULL,
    year INTEGER NOT NULL,
    written_date TEXT,
    city TEXT,
    country TEXT NOT NULL,
    organiser TEXT NOT NULL,
    subjects TEXT NOT NULL,
    published_applicants INTEGER,
    published_sat INTEGER,
    published_passed INTEGER,
    note TEXT NOT NULL,
    source TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE io_exam_candidate (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES io_exam_session (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    subject TEXT NOT NULL,
    status TEXT NOT NULL,
    roster_entry_id INTEGER REFERENCES io_roster_entry (id),
    rostered_on TEXT,
    serving_record_id INTEGER REFERENCES io_serving_record (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (session_id, person_id)
);
CREATE INDEX io_exam_candidate_person ON io_exam_candidate (person_id);
