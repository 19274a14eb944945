-- China's working calendar: the shipped days from data/calendar/china-working-calendar.csv are
-- added when missing; administrators add, correct and remove days (audited).
CREATE TABLE calendar_day (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    year_notice INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
