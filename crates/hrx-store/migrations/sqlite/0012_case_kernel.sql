-- The case kernel: one history of steps, one set of assignments and one set of reviews (with
-- declarations of conflict) for every case type. Each case type keeps its own fields in its
-- own table; `case_type` names that table.

CREATE TABLE case_step (
    id INTEGER PRIMARY KEY,
    case_type TEXT NOT NULL,
    case_id INTEGER NOT NULL,
    from_status TEXT NOT NULL,
    action TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    comment TEXT,
    at TEXT NOT NULL,
    -- The case's version after the step; unknown for steps taken before the kernel.
    version INTEGER
);
CREATE INDEX case_step_case ON case_step (case_type, case_id, id);

-- Earlier steps, in their old order, so that each case's history reads as before.
INSERT INTO case_step (case_type, case_id, from_status, action, to_status, actor, comment, at)
SELECT 'work_permit_application', application_id, from_status, action, to_status, actor, comment, at
FROM work_permit_transition ORDER BY id;
INSERT INTO case_step (case_type, case_id, from_status, action, to_status, actor, comment, at)
SELECT 'coverage_certificate', certificate_id, from_status, action, to_status, actor, comment, at
FROM coverage_certificate_transition ORDER BY id;
DROP TABLE work_permit_transition;
DROP TABLE coverage_certificate_transition;

-- Who is asked to work on a case: reviewers of a panel, the officer handling it.
CREATE TABLE case_assignment (
    id INTEGER PRIMARY KEY,
    case_type TEXT NOT NULL,
    case_id INTEGER NOT NULL,
    assignee TEXT NOT NULL,
    role TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE UNIQUE INDEX case_assignment_key ON case_assignment (case_type, case_id, role, assignee);

-- One review per reviewer and case: a declared conflict of interest (no score), or a score
-- with the scores per criterion (JSON object) it was computed from.
CREATE TABLE case_review (
    id INTEGER PRIMARY KEY,
    case_type TEXT NOT NULL,
    case_id INTEGER NOT NULL,
    reviewer TEXT NOT NULL,
    conflict INTEGER NOT NULL,
    conflict_note TEXT,
    score REAL,
    criteria TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX case_review_key ON case_review (case_type, case_id, reviewer);

INSERT INTO case_review (case_type, case_id, reviewer, conflict, conflict_note, score, created_at)
SELECT 'startup_application', application_id, reviewer, conflict, conflict_note, score, created_at
FROM startup_review ORDER BY id;
DROP TABLE startup_review;

-- Certificates take the kernel's due date like every case (their workflow sets none today).
ALTER TABLE coverage_certificate ADD COLUMN due_date TEXT;

-- Calls and applications of the returnee start-up programme are cases too.
ALTER TABLE startup_call ADD COLUMN status_since TEXT;
ALTER TABLE startup_call ADD COLUMN due_date TEXT;
UPDATE startup_call SET status_since = substr(updated_at, 1, 10);
ALTER TABLE startup_application ADD COLUMN status_since TEXT;
ALTER TABLE startup_application ADD COLUMN due_date TEXT;
UPDATE startup_application SET status_since = substr(updated_at, 1, 10);
