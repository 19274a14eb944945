//! Date arithmetic of the agreements (spec `social-security-agreements.md` §4, HRX convention).
//!
//! The first day of a period counts as day one. A period of N months ends on the day before the
//! same-numbered day N months later; when that later month has no such day, the period ends on
//! the last day of that month.

use chrono::{Datelike, Months, NaiveDate};

/// The first day of the month `months` after the month of `date` (counting in whole months).
fn month_start(year: i32, month0: i64) -> Option<NaiveDate> {
    let total = i64::from(year) * 12 + month0;
    let y = i32::try_from(total.div_euclid(12)).ok()?;
    let m = u32::try_from(total.rem_euclid(12)).ok()? + 1;
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// The last day of a period of `months` months that starts on `start` (day one).
///
/// 2020-03-15 + 48 → 2024-03-14; 2020-01-01 + 60 → 2024-12-31; 2019-08-31 + 6 → 2020-02-29.
/// A period of 0 months ends the day before it starts. Dates beyond the calendar's range
/// saturate at `NaiveDate::MAX`.
pub fn period_end(start: NaiveDate, months: u32) -> NaiveDate {
    let month0 = i64::from(start.month0()) + i64::from(months);
    let Some(first) = month_start(start.year(), month0) else {
        return NaiveDate::MAX;
    };
    match first.with_day(start.day()) {
        Some(same_day) => same_day.pred_opt().unwrap_or(same_day),
        None => last_day_of_month(first),
    }
}

/// The last day of the month of `date`.
pub fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    month_start(date.year(), i64::from(date.month0()) + 1)
        .and_then(|next| next.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

/// The day after `date` (saturating at the end of the calendar).
pub fn next_day(date: NaiveDate) -> NaiveDate {
    date.succ_opt().unwrap_or(date)
}

/// The day before `date` (saturating at the start of the calendar).
pub fn previous_day(date: NaiveDate) -> NaiveDate {
    date.pred_opt().unwrap_or(date)
}

/// `date` moved back by `months` calendar months, to the last day of the month when the day
/// does not exist there (2024-05-31 − 3 → 2024-02-29).
pub fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// How many months the period `from`..=`until` spans, counted with [`period_end`]: the smallest
/// N such that a period of N months starting on `from` reaches `until` (a month begun counts
/// as a month). 0 when `until` is before `from`.
///
/// 2020-03-15..=2024-03-14 → 48; 2020-03-15..=2024-03-15 → 49; 2024-01-01..=2024-01-01 → 1.
pub fn months_spanned(from: NaiveDate, until: NaiveDate) -> u32 {
    if until < from {
        return 0;
    }
    let diff = (i64::from(until.year()) - i64::from(from.year())) * 12 + i64::from(until.month0())
        - i64::from(from.month0());
    let mut n = u32::try_from(diff.saturating_sub(1).max(1)).unwrap_or(u32::MAX);
    while period_end(from, n) < until && n < u32::MAX {
        n += 1;
    }
    n
}

/// Whether at least `months` months lie between `since` (first day) and the day before
/// `before`: a period of `months` months starting on `since` ends before `before`.
pub fn at_least_months_before(since: NaiveDate, months: u32, before: NaiveDate) -> bool {
    period_end(since, months) < before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn spec_examples() {
        assert_eq!(period_end(d("2020-03-15"), 48), d("2024-03-14"));
        assert_eq!(period_end(d("2020-01-01"), 60), d("2024-12-31"));
        assert_eq!(period_end(d("2019-08-31"), 6), d("2020-02-29"));
    }

    #[test]
    fn month_ends_and_short_months() {
        assert_eq!(period_end(d("2020-01-31"), 1), d("2020-02-29"));
        assert_eq!(period_end(d("2021-01-31"), 1), d("2021-02-28"));
        assert_eq!(period_end(d("2021-01-30"), 1), d("2021-02-28"));
        assert_eq!(period_end(d("2021-01-29"), 1), d("2021-02-28"));
        assert_eq!(period_end(d("2021-01-28"), 1), d("2021-02-27"));
        assert_eq!(period_end(d("2021-03-31"), 1), d("2021-04-30"));
        assert_eq!(period_end(d("2021-12-15"), 1), d("2022-01-14"));
        assert_eq!(period_end(d("2019-09-01"), 60), d("2024-08-31"));
        assert_eq!(period_end(d("2015-01-10"), 36), d("2018-01-09"));
        assert_eq!(period_end(d("2020-03-15"), 0), d("2020-03-14"));
        assert_eq!(period_end(d("2020-03-15"), u32::MAX), NaiveDate::MAX);
    }

    #[test]
    fn helpers() {
        assert_eq!(last_day_of_month(d("2024-02-10")), d("2024-02-29"));
        assert_eq!(last_day_of_month(d("2023-12-01")), d("2023-12-31"));
        assert_eq!(next_day(d("2024-02-29")), d("2024-03-01"));
        assert_eq!(previous_day(d("2024-03-01")), d("2024-02-29"));
        assert_eq!(months_before(d("2024-05-31"), 3), d("2024-02-29"));
        assert_eq!(months_spanned(d("2020-03-15"), d("2024-03-14")), 48);
        assert_eq!(months_spanned(d("2020-03-15"), d("2024-03-15")), 49);
        assert_eq!(months_spanned(d("2024-01-01"), d("2024-01-01")), 1);
        assert_eq!(months_spanned(d("2024-01-01"), d("2023-12-31")), 0);
        assert_eq!(months_spanned(d("2019-08-31"), d("2020-02-29")), 6);
        assert!(at_least_months_before(d("2020-01-15"), 1, d("2020-02-15")));
        assert!(!at_least_months_before(d("2020-01-15"), 1, d("2020-02-14")));
    }
}
