//! A vacancy as sent (spec §5.2), checked field by field: its deadline is given in the zone
//! the organisation states it in and kept in UTC beside that zone.

use super::matching::{Language, VacancyNeeds};
use crate::FieldErrors;
use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// How a post is funded.
pub const FUNDING: [&str; 4] = ["regular_budget", "extrabudgetary", "jpo", "unknown"];

/// A vacancy's status.
pub const STATUSES: [&str; 4] = ["open", "closed", "cancelled", "filled"];

/// The fields of a vacancy, as sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct VacancyFields {
    /// The organisation's acronym in the register (`UNDP`).
    pub organisation: String,
    /// The organisation's job opening number.
    pub reference_no: String,
    pub title: String,
    /// `P-3` …, or the organisation's own grade.
    pub grade: String,
    pub job_family: String,
    pub duty_station: String,
    /// ISO 3166-1 alpha-2.
    pub duty_country: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub posted_on: Option<NaiveDate>,
    /// The deadline as the organisation states it, in its zone: `2009-12-31T23:59`.
    pub deadline: String,
    /// An IANA zone (`America/New_York` when empty: the UN states deadlines in New York
    /// time).
    pub deadline_zone: String,
    pub subject_to_geo: Option<bool>,
    /// One of [`FUNDING`] (`unknown` when empty).
    pub funding: String,
    /// What it asks of candidates (the matching rule's input).
    #[serde(flatten)]
    pub needs: VacancyNeeds,
    pub desirable_languages: Vec<Language>,
}

/// A vacancy's deadline: the instant in UTC and the zone it was stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub utc: chrono::DateTime<Utc>,
    pub zone: Tz,
}

impl Deadline {
    /// The deadline as the organisation states it, in its zone.
    pub fn local(&self) -> NaiveDateTime {
        self.utc.with_timezone(&self.zone).naive_local()
    }

    /// The day of the deadline in its zone.
    pub fn local_day(&self) -> NaiveDate {
        self.local().date()
    }
}

/// Reads a deadline stated in a zone; `None` for a time that does not exist there (a
/// clock change) or an unknown zone.
pub fn deadline(local: &str, zone: &str) -> Option<Deadline> {
    let zone: Tz = if zone.trim().is_empty() {
        chrono_tz::America::New_York
    } else {
        zone.trim().parse().ok()?
    };
    let local = local.trim();
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| {
            NaiveDate::parse_from_str(local, "%Y-%m-%d")
                .map(|d| d.and_hms_opt(23, 59, 0).unwrap_or_default())
        })
        .ok()?;
    let utc = zone
        .from_local_datetime(&naive)
        .earliest()?
        .with_timezone(&Utc);
    Some(Deadline { utc, zone })
}

/// Reads a stored deadline back.
pub fn stored_deadline(utc: &str, zone: &str) -> Option<Deadline> {
    let utc = chrono::DateTime::parse_from_rfc3339(utc)
        .ok()?
        .with_timezone(&Utc);
    Some(Deadline {
        utc,
        zone: zone.parse().ok()?,
    })
}

impl VacancyFields {
    /// Every field checked, the deadline read in its zone; names are those of the API body.
    pub fn check(&self) -> Result<Deadline, FieldErrors> {
        let mut e = FieldErrors::new();
        e.text("organisation", &self.organisation, 40);
        e.text("reference_no", &self.reference_no, 60);
        e.text("title", &self.title, 300);
        e.text("grade", &self.grade, 20);
        if !self.job_family.is_empty() {
            e.text("job_family", &self.job_family, 200);
        }
        e.text("duty_station", &self.duty_station, 100);
        let c = self.duty_country.trim();
        if c.len() != 2 || !c.chars().all(|x| x.is_ascii_uppercase()) {
            e.add("duty_country", "invalid_format");
        }
        if !self.funding.is_empty() && !FUNDING.contains(&self.funding.as_str()) {
            e.add("funding", "unknown_value");
        }
        let when = if self.deadline.trim().is_empty() {
            e.add("deadline", "required");
            None
        } else if !self.deadline_zone.trim().is_empty()
            && self.deadline_zone.trim().parse::<Tz>().is_err()
        {
            e.add("deadline_zone", "unknown_value");
            None
        } else {
            let d = deadline(&self.deadline, &self.deadline_zone);
            if d.is_none() {
                e.add("deadline", "invalid_date");
            }
            d
        };
        if let (Some(p), Some(d)) = (self.posted_on, when) {
            if d.local_day() < p {
                e.add("deadline", "before_start");
            }
        }
        if let Err(m) =
            super::matching::check(&self.needs, &super::matching::CandidateFacts::default())
        {
            for f in &m.0 {
                if let Some(field) = f.field.strip_prefix("vacancy.") {
                    e.add(field.to_owned(), f.code);
                }
            }
        }
        e.into_result()?;
        when.ok_or_else(|| FieldErrors::single("deadline", "invalid_date"))
    }
}
