//! How long a permit may run (spec §7.3) and when an extension can still be filed (§7.2).

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Category {
    A,
    B,
    C,
}

/// What ended the validity: the category's cap or one of the dates it may never pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidityLimit {
    CategoryCap,
    ContractEnd,
    PassportExpiry,
    LicenceEnd,
}

/// Category caps in years (A, B); C runs to the contract end, short-term work 90 days at most.
pub const CAP_YEARS_A: u32 = 5;
pub const CAP_YEARS_B: u32 = 2;
pub const SHORT_TERM_DAYS: u64 = 90;
/// An extension is filed at least this many calendar days before expiry.
pub const EXTENSION_NOTICE_DAYS: u64 = 30;

/// A cap of `years` ends on the day before the same calendar date that many years later;
/// 29 February maps to 28 February (HRX convention).
fn cap_end(start: NaiveDate, years: u32) -> Option<NaiveDate> {
    start
        .checked_add_months(Months::new(12 * years))
        .and_then(|anniversary| anniversary.checked_sub_days(Days::new(1)))
}

/// The last day of validity: the earliest of the category cap, the contract end, the passport's
/// expiry and (where the employer has one) the end of its licence.
pub fn validity_end(
    category: Category,
    short_term: bool,
    start: NaiveDate,
    contract_end: NaiveDate,
    passport_expiry: NaiveDate,
    licence_end: Option<NaiveDate>,
) -> (NaiveDate, ValidityLimit) {
    let cap = match category {
        Category::A => cap_end(start, CAP_YEARS_A),
        Category::B => cap_end(start, CAP_YEARS_B),
        Category::C if short_term => start.checked_add_days(Days::new(SHORT_TERM_DAYS - 1)),
        Category::C => None,
    };
    let mut candidates = vec![(contract_end, ValidityLimit::ContractEnd)];
    if let Some(cap) = cap {
        candidates.insert(0, (cap, ValidityLimit::CategoryCap));
    }
    candidates.push((passport_expiry, ValidityLimit::PassportExpiry));
    if let Some(licence) = licence_end {
        candidates.push((licence, ValidityLimit::LicenceEnd));
    }
    candidates
        .into_iter()
        .min_by_key(|(date, _)| *date)
        .unwrap_or((contract_end, ValidityLimit::ContractEnd))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub enum ExtensionRefusal {
    /// Filed after the last valid filing day: a new application is needed.
    #[error("an extension had to be filed by {last_filing_day}; file a new application instead")]
    TooLate { last_filing_day: NaiveDate },
    #[error("the permit expired on {expired_on}; file a new application instead")]
    Expired { expired_on: NaiveDate },
}

/// An extension filed on `filed_on` for a permit that expires on `expires_on`: allowed up to and
/// including the day 30 days before expiry.
pub fn check_extension(filed_on: NaiveDate, expires_on: NaiveDate) -> Result<(), ExtensionRefusal> {
    if filed_on > expires_on {
        return Err(ExtensionRefusal::Expired {
            expired_on: expires_on,
        });
    }
    let last_filing_day = expires_on
        .checked_sub_days(Days::new(EXTENSION_NOTICE_DAYS))
        .unwrap_or(expires_on);
    if filed_on > last_filing_day {
        return Err(ExtensionRefusal::TooLate { last_filing_day });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn caps_end_the_day_before_the_anniversary() {
        let far = d(2040, 1, 1);
        assert_eq!(
            validity_end(Category::A, false, d(2026, 3, 10), far, far, None),
            (d(2031, 3, 9), ValidityLimit::CategoryCap)
        );
        assert_eq!(
            validity_end(Category::B, false, d(2026, 3, 10), far, far, None),
            (d(2028, 3, 9), ValidityLimit::CategoryCap)
        );
        assert_eq!(
            validity_end(Category::B, false, d(2024, 2, 29), far, far, None).0,
            d(2026, 2, 27)
        );
        assert_eq!(
            validity_end(Category::C, true, d(2026, 3, 1), far, far, None).0,
            d(2026, 5, 29)
        );
        assert_eq!(
            validity_end(Category::C, false, d(2026, 3, 1), d(2027, 6, 30), far, None),
            (d(2027, 6, 30), ValidityLimit::ContractEnd)
        );
    }

    #[test]
    fn never_beyond_the_contract_the_passport_or_the_licence() {
        let start = d(2026, 3, 10);
        // (category, contract end, passport expiry, licence end) and the end with its limit.
        let cases = [
            (
                (Category::A, d(2027, 12, 31), d(2030, 1, 1), None),
                (d(2027, 12, 31), ValidityLimit::ContractEnd),
            ),
            (
                (Category::A, d(2030, 12, 31), d(2028, 5, 1), None),
                (d(2028, 5, 1), ValidityLimit::PassportExpiry),
            ),
            (
                (
                    Category::B,
                    d(2030, 12, 31),
                    d(2030, 1, 1),
                    Some(d(2027, 1, 1)),
                ),
                (d(2027, 1, 1), ValidityLimit::LicenceEnd),
            ),
        ];
        for ((category, contract_end, passport_expiry, licence_end), expected) in cases {
            assert_eq!(
                validity_end(
                    category,
                    false,
                    start,
                    contract_end,
                    passport_expiry,
                    licence_end
                ),
                expected
            );
        }
    }

    #[test]
    fn extensions_close_30_days_before_expiry() {
        let expiry = d(2026, 6, 30);
        assert_eq!(check_extension(d(2026, 5, 31), expiry), Ok(()));
        assert_eq!(
            check_extension(d(2026, 6, 1), expiry),
            Err(ExtensionRefusal::TooLate {
                last_filing_day: d(2026, 5, 31)
            })
        );
        assert_eq!(
            check_extension(d(2026, 7, 1), expiry),
            Err(ExtensionRefusal::Expired { expired_on: expiry })
        );
    }
}
