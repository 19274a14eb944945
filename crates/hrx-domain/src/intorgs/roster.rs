//! A roster entry (a qualified national, spec §5.3) as sent, checked field by field, and
//! what is derived from it: the years of experience with overlapping periods counted once,
//! and the facts matching reads.

use super::matching::{CandidateFacts, Degree, Language, LanguageLevel};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a roster entry comes from.
pub const SOURCES: [&str; 5] = [
    "ncre_roster",
    "ypp_roster",
    "reserve_international_staff",
    "nomination",
    "self_registered",
];

/// A roster entry's status.
pub const STATUSES: [&str; 3] = ["active", "placed", "inactive"];

/// How a language level is evidenced.
pub const EVIDENCE: [&str; 3] = ["lpe", "test", "self_declared"];

/// A language with its level and evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterLanguage {
    /// ISO 639-1.
    pub language: String,
    pub level: LanguageLevel,
    /// `lpe` (with the year), `test` (with its name) or `self_declared`.
    #[serde(default = "self_declared")]
    pub evidence: String,
    /// The LPE year or the test's name.
    #[serde(default)]
    pub evidence_note: String,
}

fn self_declared() -> String {
    "self_declared".into()
}

/// A degree with its institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterDegree {
    #[serde(flatten)]
    pub degree: Degree,
    #[serde(default)]
    pub institution: String,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub year: Option<i32>,
}

/// A period of work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Experience {
    pub employer: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: NaiveDate,
    /// Open while it lasts.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub field: String,
    /// With an international organisation or abroad.
    #[serde(default)]
    pub international: bool,
    /// Relevant to the roster's fields (counted in the relevant years).
    #[serde(default = "yes")]
    pub relevant: bool,
}

fn yes() -> bool {
    true
}

/// What a roster entry holds besides the person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RosterFields {
    pub languages: Vec<RosterLanguage>,
    pub degrees: Vec<RosterDegree>,
    pub experience: Vec<Experience>,
    /// ISCO-08 codes and UN job-family tags.
    pub fields: Vec<String>,
    pub preferred_organisations: Vec<String>,
    pub preferred_duty_stations: Vec<String>,
    pub willing_field_mission: bool,
    /// One of [`SOURCES`].
    pub source: String,
    /// One of [`STATUSES`] (`active` when empty).
    pub status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub valid_until: Option<NaiveDate>,
    /// The day the person consented to being on the roster; required.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub consent_on: Option<NaiveDate>,
    /// The day the personal data is to be erased unless renewed.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub retain_until: Option<NaiveDate>,
}

/// Years between two days (365.25 days a year).
fn years(days: i64) -> f64 {
    days as f64 / 365.25
}

/// The years covered by periods, each day once however many periods cover it; an open
/// period runs to `today`.
pub fn years_of(
    periods: impl Iterator<Item = (NaiveDate, Option<NaiveDate>)>,
    today: NaiveDate,
) -> f64 {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = periods
        .map(|(a, b)| (a, b.unwrap_or(today).min(today)))
        .filter(|(a, b)| b >= a)
        .collect();
    spans.sort();
    let mut days = 0;
    let mut current: Option<(NaiveDate, NaiveDate)> = None;
    for (a, b) in spans {
        current = match current {
            Some((s, e)) if a <= e.succ_opt().unwrap_or(e) => Some((s, e.max(b))),
            Some((s, e)) => {
                days += (e - s).num_days() + 1;
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((s, e)) = current {
        days += (e - s).num_days() + 1;
    }
    (years(days) * 10.0).round() / 10.0
}

impl RosterFields {
    /// Every field checked; names are those of the API body.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        if !SOURCES.contains(&self.source.as_str()) {
            e.add(
                "source",
                if self.source.is_empty() {
                    "required"
                } else {
                    "unknown_value"
                },
            );
        }
        if !self.status.is_empty() && !STATUSES.contains(&self.status.as_str()) {
            e.add("status", "unknown_value");
        }
        if self.consent_on.is_none() {
            e.add("consent_on", "required");
        }
        if let (Some(c), Some(r)) = (self.consent_on, self.retain_until) {
            if r < c {
                e.add("retain_until", "before_start");
            }
        }
        for (i, l) in self.languages.iter().enumerate() {
            if l.language.len() != 2 || !l.language.chars().all(|c| c.is_ascii_lowercase()) {
                e.add(format!("languages[{i}].language"), "invalid_format");
            }
            if !EVIDENCE.contains(&l.evidence.as_str()) {
                e.add(format!("languages[{i}].evidence"), "unknown_value");
            }
        }
        for (i, x) in self.experience.iter().enumerate() {
            if x.employer.trim().is_empty() {
                e.add(format!("experience[{i}].employer"), "required");
            }
            if x.to.is_some_and(|t| t < x.from) {
                e.add(format!("experience[{i}].to"), "before_start");
            }
        }
        for (i, d) in self.degrees.iter().enumerate() {
            if d.year.is_some_and(|y| !(1940..=2100).contains(&y)) {
                e.add(format!("degrees[{i}].year"), "out_of_range");
            }
        }
        let lists = [
            ("fields", &self.fields),
            ("preferred_organisations", &self.preferred_organisations),
            ("preferred_duty_stations", &self.preferred_duty_stations),
        ];
        for (field, list) in lists {
            if list.len() > 50
                || list
                    .iter()
                    .any(|x| x.trim().is_empty() || x.chars().count() > 100)
            {
                e.add(field, "invalid_format");
            }
        }
        e.into_result()
    }

    /// The relevant years of experience, overlaps counted once.
    pub fn relevant_years(&self, today: NaiveDate) -> f64 {
        years_of(
            self.experience
                .iter()
                .filter(|x| x.relevant)
                .map(|x| (x.from, x.to)),
            today,
        )
    }

    /// The international years of experience, overlaps counted once.
    pub fn international_years(&self, today: NaiveDate) -> f64 {
        years_of(
            self.experience
                .iter()
                .filter(|x| x.international)
                .map(|x| (x.from, x.to)),
            today,
        )
    }

    /// What matching reads of the entry and its person.
    pub fn candidate(
        &self,
        birth_date: NaiveDate,
        nationality: &str,
        today: NaiveDate,
    ) -> CandidateFacts {
        CandidateFacts {
            birth_date: Some(birth_date),
            nationality: nationality.to_owned(),
            degrees: self.degrees.iter().map(|d| d.degree.clone()).collect(),
            years_relevant_experience: self.relevant_years(today),
            years_international_experience: self.international_years(today),
            fields: self.fields.clone(),
            languages: self
                .languages
                .iter()
                .map(|l| Language {
                    language: l.language.clone(),
                    level: l.level,
                })
                .collect(),
        }
    }
}
