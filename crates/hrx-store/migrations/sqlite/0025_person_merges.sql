-- Identity resolution (issue 22): merges of two person records that are one human. The merged
-- person's row stays (its id may be in links, audit entries and bookmarks) and points at the
-- survivor; every record of every capability that named it names the survivor. A merge keeps
-- what it moved, so that undoing it restores the links exactly.
ALTER TABLE person ADD COLUMN merged_into BIGINT REFERENCES person (id);
CREATE INDEX person_merged_into ON person (merged_into);

CREATE TABLE person_merge (
    id INTEGER PRIMARY KEY,
    survivor_id BIGINT NOT NULL REFERENCES person (id),
    merged_id BIGINT NOT NULL REFERENCES person (id),
    -- The survivor's fields before the merge (JSON), restored by an undo.
    survivor_before TEXT NOT NULL,
    -- The fields the survivor took from the merged record (JSON list).
    taken TEXT NOT NULL,
    -- What was moved: {"table": [row ids]} (JSON), and whether the merged person's
    -- work-permit number moved to the survivor.
    moved TEXT NOT NULL,
    permit_moved BIGINT NOT NULL DEFAULT 0,
    merged_at TEXT NOT NULL,
    merged_by TEXT NOT NULL,
    undone_at TEXT,
    undone_by TEXT
);
CREATE INDEX person_merge_survivor ON person_merge (survivor_id);
CREATE INDEX person_merge_merged ON person_merge (merged_id);

-- Pairs an officer decided are two people, or put off: the duplicates queue leaves them out
-- (not_same) or shows them later (deferred). The smaller id first.
CREATE TABLE person_pair_decision (
    person_a BIGINT NOT NULL REFERENCES person (id),
    person_b BIGINT NOT NULL REFERENCES person (id),
    decision TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    PRIMARY KEY (person_a, person_b)
);
