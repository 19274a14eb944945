-- The time a session was last used, for the idle timeout (sessions end after a configurable
-- time without use as well as at their absolute expiry).
ALTER TABLE user_session ADD COLUMN last_seen_at TEXT;
