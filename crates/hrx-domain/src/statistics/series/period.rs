//! Months as `yyyymm`, and the periods of the statistics (years, quarters, months).

use chrono::{Datelike, NaiveDate};

/// A month as `yyyymm`.
pub fn month_of(d: NaiveDate) -> i32 {
    d.year() * 100 + d.month() as i32
}

/// The month before `yyyymm`.
pub fn previous_month(m: i32) -> i32 {
    if m % 100 == 1 {
        (m / 100 - 1) * 100 + 12
    } else {
        m - 1
    }
}

/// The month after `yyyymm`.
pub fn next_month(m: i32) -> i32 {
    if m % 100 == 12 {
        (m / 100 + 1) * 100 + 1
    } else {
        m + 1
    }
}

/// A period of the statistics: a year, a quarter or a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    pub granularity: Granularity,
    /// First and last month, `yyyymm`.
    pub first: i32,
    pub last: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Year,
    Quarter,
    Month,
}

impl Period {
    /// `2009`, `2009Q4` or `2009-12` (years 1900 to 2100).
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .filter(|y| (1900..=2100).contains(y))
        };
        let (granularity, y, first, last) = if let Some((y, q)) = s.split_once(['Q', 'q']) {
            let q: i32 = match q {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "4" => 4,
                _ => return None,
            };
            (Granularity::Quarter, year(y)?, q * 3 - 2, q * 3)
        } else if let Some((y, m)) = s.split_once('-') {
            let m: i32 = (m.len() == 2)
                .then(|| m.parse().ok())
                .flatten()
                .filter(|m| (1..=12).contains(m))?;
            (Granularity::Month, year(y)?, m, m)
        } else {
            (Granularity::Year, year(s)?, 1, 12)
        };
        Some(Period::make(granularity, y, first, last))
    }

    fn make(granularity: Granularity, year: i32, first: i32, last: i32) -> Period {
        let label = match granularity {
            Granularity::Year => format!("{year}"),
            Granularity::Quarter => format!("{year}Q{}", (last + 2) / 3),
            Granularity::Month => format!("{year}-{last:02}"),
        };
        Period {
            label,
            granularity,
            first: year * 100 + first,
            last: year * 100 + last,
        }
    }

    pub fn year(&self) -> i32 {
        self.last / 100
    }

    /// The period that follows.
    pub fn next(&self) -> Period {
        let step = match self.granularity {
            Granularity::Year => 12,
            Granularity::Quarter => 3,
            Granularity::Month => 1,
        };
        let mut first = self.first;
        for _ in 0..step {
            first = next_month(first);
        }
        let mut last = first;
        for _ in 1..step {
            last = next_month(last);
        }
        Period::make(self.granularity, first / 100, first % 100, last % 100)
    }

    /// The periods from `from` to `to` inclusive (same granularity, at most `limit`).
    pub fn range(from: &Period, to: &Period, limit: usize) -> Option<Vec<Period>> {
        if from.granularity != to.granularity || from.first > to.first {
            return None;
        }
        let mut out = vec![from.clone()];
        while out.last().is_some_and(|p| p.first < to.first) {
            if out.len() >= limit {
                return None;
            }
            let next = out.last().map(Period::next)?;
            out.push(next);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn periods_parse_and_step() {
        let p = Period::parse("2009Q4").unwrap();
        assert_eq!(
            (p.first, p.last, p.label.as_str()),
            (200910, 200912, "2009Q4")
        );
        assert_eq!(Period::parse("2009-02").unwrap().first, 200902);
        assert_eq!(Period::parse("2009").unwrap().last, 200912);
        assert_eq!(Period::parse("2009Q4").unwrap().next().label, "2010Q1");
        assert_eq!(Period::parse("2009-12").unwrap().next().label, "2010-01");
        for bad in [
            "", "09", "2009Q5", "2009-13", "2009-1", "abcd", "1800", "2009Q",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        let range = Period::range(
            &Period::parse("1978").unwrap(),
            &Period::parse("2009").unwrap(),
            100,
        )
        .unwrap();
        assert_eq!(range.len(), 32);
        assert!(Period::range(
            &Period::parse("2009").unwrap(),
            &Period::parse("2009Q1").unwrap(),
            100
        )
        .is_none());
    }
}
