-- Officers' lists walked by key, newest first (issue 23 group 7): each list's sort key with
-- the id, so that a page seeks the index instead of sorting the table or counting rows off.
CREATE INDEX study_abroad_departure ON study_abroad (departure_date, id);
CREATE INDEX study_abroad_destination_departure ON study_abroad (destination_country, departure_date, id);
CREATE INDEX foreign_student_enrolment_start ON foreign_student (enrolment_start, id);
