-- The training participants list walked by key, newest departure first (issue 23 group 7):
-- its sort key with the id (in place of the departure alone), and a group's code for the
-- list's search.
CREATE INDEX training_participation_departure_id ON training_participation (departure_date, id);
CREATE INDEX training_participation_group ON training_participation (group_code);
DROP INDEX training_participation_departure;
