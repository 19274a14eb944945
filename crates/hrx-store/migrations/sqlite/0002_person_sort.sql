-- Person lists sort by Latin name or birth date without a full sort.
CREATE INDEX person_name_latin ON person (name_latin, id);
CREATE INDEX person_birth_date ON person (birth_date, id);
