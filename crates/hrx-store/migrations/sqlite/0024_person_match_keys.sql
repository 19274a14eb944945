-- Identity resolution (issue 22): the blocking keys a person's probable duplicates are looked
-- for under, besides document numbers (found in identity_document and
-- person_permit_number): the birth date with each first letter of the name's parts in Latin
-- letters ("b:1985-03-12:z"), and the name's key ("n:weizhang"), whose count tells a common
-- name. Written with the person; rebuilt by `hrx persons reindex`.
CREATE TABLE person_match_key (
    key TEXT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (key, person_id)
);
CREATE INDEX person_match_key_person ON person_match_key (person_id);
