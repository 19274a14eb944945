-- Identity resolution (issue 22): the blocking keys a person's probable duplicates are looked
-- for under, besides document numbers (identity_document, person_permit_number) and whole
-- names (person_search_term, whose counts tell a common name): the birth date with the first
-- letter of the family name in Latin letters ("b:1985-03-12:z"). Written with the person;
-- written once for the persons of an older database when it is migrated. No index by
-- person: a person's keys are computed from the names and deleted by the primary key.
CREATE TABLE person_match_key (
    key TEXT COLLATE "C" NOT NULL,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (key, person_id)
);
