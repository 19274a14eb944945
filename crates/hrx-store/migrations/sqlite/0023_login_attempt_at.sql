-- Sign-in attempts older than a day are deleted whatever their name (issue 24 finding 2):
-- found by their time.
CREATE INDEX login_attempt_at ON login_attempt (at);
