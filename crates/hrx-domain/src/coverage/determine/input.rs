//! Checking a [`DeterminationRequest`]: dates, country codes, the category, the direction of
//! the posting; and the choice of the partner's agreement for a day.

use super::DeterminationRequest;
use crate::coverage::agreements::{Agreement, Direction, CATEGORIES};
use crate::coverage::rates::RateTable;
use crate::FieldErrors;
use chrono::NaiveDate;

/// A date given as `(year, month, day)`.
pub(super) fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// A date as ISO 8601.
pub(super) fn iso(date: NaiveDate) -> String {
    date.to_string()
}

/// A country code as its ISO alpha-2, or the field's error code.
fn country(value: &str) -> Result<String, &'static str> {
    if value.trim().is_empty() {
        return Err("required");
    }
    crate::reference::reference()
        .country(value)
        .map(|c| c.alpha2.clone())
        .ok_or("unknown_country")
}

/// A required date, or `None` with the field's error added.
fn date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        errors.add(field, "required");
        return None;
    }
    errors.take(field, crate::registry::parse_date(value))
}

/// An optional date: absent when empty, else checked like a required one.
fn optional_date(
    errors: &mut FieldErrors,
    field: &str,
    value: &Option<String>,
) -> Option<NaiveDate> {
    match value.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => errors.take(field, crate::registry::parse_date(v)),
    }
}

/// The request, checked.
pub(super) struct Checked {
    pub(super) as_of: NaiveDate,
    pub(super) nationality: String,
    pub(super) direction: Direction,
    pub(super) partner: String,
    pub(super) category: String,
    pub(super) posting_start: NaiveDate,
    pub(super) posting_end: NaiveDate,
    pub(super) employed_by_sender_since: Option<NaiveDate>,
    pub(super) employed_in_china_since: Option<NaiveDate>,
    pub(super) commercial_health_insurance: bool,
    pub(super) city: Option<String>,
}

pub(super) fn check(
    rates: &RateTable,
    request: &DeterminationRequest,
) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let as_of = date(&mut errors, "as_of", &request.as_of);
    let nationality = errors.take("nationality", country(&request.nationality));
    let sending = errors.take("sending_country", country(&request.sending_country));
    let work = errors.take("work_country", country(&request.work_country));
    let category = request.worker_category.trim();
    if category.is_empty() {
        errors.add("worker_category", "required");
    } else if !CATEGORIES.contains(&category) {
        errors.add("worker_category", "unknown_value");
    }
    let posting_start = date(&mut errors, "posting_start", &request.posting_start);
    let posting_end = date(&mut errors, "posting_end", &request.posting_end);
    errors.not_before(
        "posting_end",
        "before_posting_start",
        posting_start,
        posting_end,
    );
    let employed_by_sender_since = optional_date(
        &mut errors,
        "employed_by_sender_since",
        &request.employed_by_sender_since,
    );
    let employed_in_china_since = optional_date(
        &mut errors,
        "employed_in_china_since",
        &request.employed_in_china_since,
    );
    let mut direction = None;
    if let (Some(s), Some(w)) = (&sending, &work) {
        if s == w {
            errors.add("work_country", "same_country");
        } else if w == "CN" {
            direction = Some((Direction::Inbound, s.clone()));
        } else if s == "CN" {
            direction = Some((Direction::Outbound, w.clone()));
        } else {
            errors.add("work_country", "china_not_involved");
        }
    }
    if request
        .monthly_wage_cny
        .is_some_and(|w| !w.is_finite() || w < 0.0)
    {
        errors.add("monthly_wage_cny", "out_of_range");
    }
    let city = match request.city.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => match rates.city(c) {
            Some(c) => Some(c.to_owned()),
            None => {
                errors.add("city", "unknown_city");
                None
            }
        },
    };
    errors.into_result()?;
    match (as_of, nationality, direction, posting_start, posting_end) {
        (
            Some(as_of),
            Some(nationality),
            Some((direction, partner)),
            Some(posting_start),
            Some(posting_end),
        ) => Ok(Checked {
            as_of,
            nationality,
            direction,
            partner,
            category: category.to_owned(),
            posting_start,
            posting_end,
            employed_by_sender_since,
            employed_in_china_since,
            commercial_health_insurance: request.commercial_health_insurance,
            city,
        }),
        _ => Err(FieldErrors::single("work_country", "required")),
    }
}

/// Picks the partner's agreement for a day: the one in force that day; else the next to enter
/// into force (dated first, then one signed and not in force); else the most recently ended.
pub(super) fn choose<'a>(
    agreements: &'a [Agreement],
    partner: &str,
    day: NaiveDate,
) -> Option<&'a Agreement> {
    let mine: Vec<&Agreement> = agreements.iter().filter(|a| a.partner == partner).collect();
    if let Some(a) = mine.iter().find(|a| a.in_force_on(day)) {
        return Some(a);
    }
    let upcoming = mine
        .iter()
        .filter(|a| a.in_force.is_some_and(|f| f > day))
        .min_by_key(|a| a.in_force);
    let unratified = mine
        .iter()
        .filter(|a| a.in_force.is_none())
        .max_by_key(|a| a.signed);
    let ended = mine
        .iter()
        .filter(|a| a.in_force_until.is_some_and(|u| u < day))
        .max_by_key(|a| a.in_force_until);
    upcoming.or(unratified).or(ended).copied()
}
