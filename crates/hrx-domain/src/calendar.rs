//! China's official working calendar: weekdays work and weekends rest, except the public
//! holidays and the weekend days made working days that the State Council announces each year
//! (`data/calendar/china-working-calendar.csv`, 2015 to 2026).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;

const CALENDAR_CSV: &str = include_str!("../../../data/calendar/china-working-calendar.csv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Holiday,
    AdjustedWorkday,
}

impl DayKind {
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::AdjustedWorkday => "adjusted_workday",
        }
    }

    pub fn parse(value: &str) -> Result<DayKind, &'static str> {
        match value {
            "holiday" => Ok(DayKind::Holiday),
            "adjusted_workday" => Ok(DayKind::AdjustedWorkday),
            _ => Err("unknown_value"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarDay {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name_en: String,
    pub name_zh: String,
    pub year_notice: i32,
}

impl CalendarDay {
    /// A day as an administrator enters it: `kind` is `holiday` or `adjusted_workday`, both
    /// names are required, and the notice's year is the day's year or next to it.
    pub fn parse(
        date: NaiveDate,
        kind: &str,
        name_en: &str,
        name_zh: &str,
        year_notice: Option<i32>,
    ) -> Result<CalendarDay, crate::FieldErrors> {
        let mut errors = crate::FieldErrors::new();
        let kind = errors.take("kind", DayKind::parse(kind.trim()));
        for (field, value) in [("name_en", name_en), ("name_zh", name_zh)] {
            let value = value.trim();
            if value.is_empty() {
                errors.add(field, "required");
            } else if value.chars().count() > 100 || value.chars().any(char::is_control) {
                errors.add(field, "too_long");
            }
        }
        let year_notice = year_notice.unwrap_or(date.year());
        if (year_notice - date.year()).abs() > 1 {
            errors.add("year_notice", "out_of_range");
        }
        match (kind, errors.is_empty()) {
            (Some(kind), true) => Ok(CalendarDay {
                date,
                kind,
                name_en: name_en.trim().to_owned(),
                name_zh: name_zh.trim().to_owned(),
                year_notice,
            }),
            _ => Err(errors),
        }
    }
}

/// The exceptions to the weekly rule, and the years whose notices they come from.
#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    days: HashMap<NaiveDate, CalendarDay>,
    first_year: i32,
    last_year: i32,
}

static OFFICIAL: LazyLock<WorkingCalendar> = LazyLock::new(|| {
    let days: Vec<CalendarDay> = csv::Reader::from_reader(CALENDAR_CSV.as_bytes())
        .deserialize()
        .filter_map(Result::ok)
        .collect();
    WorkingCalendar::new(days)
});

impl WorkingCalendar {
    pub fn new(days: Vec<CalendarDay>) -> Self {
        let first_year = days.iter().map(|d| d.year_notice).min().unwrap_or(0);
        let last_year = days.iter().map(|d| d.year_notice).max().unwrap_or(-1);
        Self {
            days: days.into_iter().map(|d| (d.date, d)).collect(),
            first_year,
            last_year,
        }
    }

    /// The calendar as shipped with HRX.
    pub fn official() -> &'static WorkingCalendar {
        &OFFICIAL
    }

    /// The days shipped with HRX, for loading into the database.
    pub fn shipped_days() -> Vec<CalendarDay> {
        OFFICIAL.days.values().cloned().collect()
    }

    pub fn days(&self) -> impl Iterator<Item = &CalendarDay> {
        self.days.values()
    }

    /// Whether the State Council's arrangement for the date's year is known. Outside those
    /// years only the weekly rule applies, and deadlines say so.
    pub fn covers(&self, date: NaiveDate) -> bool {
        (self.first_year..=self.last_year).contains(&date.year())
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date).map(|d| d.kind) {
            Some(DayKind::AdjustedWorkday) => true,
            Some(DayKind::Holiday) => false,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`th working day after `start`; the day of the triggering event is not counted.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut date = start;
        let mut counted = 0;
        while counted < n {
            match date.checked_add_days(Days::new(1)) {
                Some(next) => date = next,
                None => return date,
            }
            if self.is_working_day(date) {
                counted += 1;
            }
        }
        date
    }

    /// Working days after `from` up to and including `to` (negative when `to` is earlier):
    /// how many working days are left until a deadline, or how far past it a case is.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (low, high, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut count = 0;
        let mut date = low;
        while date < high {
            match date.checked_add_days(Days::new(1)) {
                Some(next) => date = next,
                None => break,
            }
            if self.is_working_day(date) {
                count += 1;
            }
        }
        sign * count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn the_shipped_table_is_complete() {
        let c = WorkingCalendar::official();
        assert_eq!(c.days().count(), CALENDAR_CSV.lines().count() - 1);
        assert_eq!(c.days().count(), 433);
        assert!(c.covers(d(2015, 1, 1)) && c.covers(d(2026, 12, 31)) && !c.covers(d(2027, 1, 1)));
    }

    #[test]
    fn working_days_per_year_match_the_published_totals() {
        let c = WorkingCalendar::official();
        let expected = [
            (2015, 249),
            (2016, 250),
            (2017, 249),
            (2018, 250),
            (2019, 250),
            (2020, 249),
            (2021, 250),
            (2022, 249),
            (2023, 249),
            (2024, 251),
            (2025, 248),
            (2026, 248),
        ];
        for (year, days) in expected {
            assert_eq!(
                c.working_days_between(d(year - 1, 12, 31), d(year, 12, 31)),
                days,
                "{year}"
            );
        }
    }

    #[test]
    fn special_arrangements() {
        let c = WorkingCalendar::official();
        assert!(!c.is_working_day(d(2015, 9, 3)), "70th anniversary");
        assert!(c.is_working_day(d(2015, 9, 6)), "Sunday made a working day");
        assert!(
            !c.is_working_day(d(2020, 2, 1)),
            "2020 Spring Festival extended over the Saturday"
        );
        assert!(c.is_working_day(d(2020, 1, 19)));
        assert!(
            c.is_working_day(d(2018, 12, 29)),
            "a Saturday worked under the 2019 notice"
        );
        assert!(
            c.is_working_day(d(2024, 2, 9)),
            "2024 New Year's Eve was not a holiday"
        );
        assert!(
            !c.is_working_day(d(2025, 1, 28)),
            "from 2025 New Year's Eve is a holiday"
        );
    }

    #[test]
    fn deadlines_cross_holidays_and_adjusted_weekends() {
        let c = WorkingCalendar::official();
        // Accepted on Thursday 25 September 2025: National Day and Mid-Autumn run 1 to 8
        // October, Sunday 28 September and Saturday 11 October are working days.
        assert_eq!(c.add_working_days(d(2025, 9, 25), 1), d(2025, 9, 26));
        assert_eq!(c.add_working_days(d(2025, 9, 25), 2), d(2025, 9, 28));
        assert_eq!(c.add_working_days(d(2025, 9, 25), 5), d(2025, 10, 9));
        assert_eq!(c.add_working_days(d(2025, 9, 25), 10), d(2025, 10, 15));
        // The day of the event is not counted, even when it is a working day.
        assert_eq!(c.add_working_days(d(2026, 3, 2), 5), d(2026, 3, 9));
        assert_eq!(c.working_days_between(d(2025, 9, 25), d(2025, 10, 9)), 5);
        assert_eq!(c.working_days_between(d(2025, 10, 9), d(2025, 9, 25)), -5);
        // Beyond the shipped years the weekly rule applies.
        assert_eq!(c.add_working_days(d(2027, 1, 1), 1), d(2027, 1, 4));
    }
}
