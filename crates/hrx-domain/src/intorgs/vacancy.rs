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

/// The columns of `hrx import io-vacancies` (docs/import-formats.md).
pub const VACANCY_COLUMNS: [&str; 21] = [
    "organisation",
    "reference_no",
    "title",
    "grade",
    "job_family",
    "duty_station",
    "duty_country",
    "posted_on",
    "deadline",
    "deadline_zone",
    "subject_to_geo",
    "funding",
    "min_degree",
    "degree_fields",
    "min_years_experience",
    "required_languages",
    "fields_of_experience",
    "age_max",
    "age_on",
    "eligible_nationalities",
    "degree_substitution_allowed",
];

fn list(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn flag(e: &mut FieldErrors, field: &str, value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" => None,
        "yes" | "true" | "1" | "y" => Some(true),
        "no" | "false" | "0" | "n" => Some(false),
        _ => {
            e.add(field, "unknown_value");
            None
        }
    }
}

/// A row of the vacancy layout read into a vacancy (lists separated by `;`, languages as
/// `en:fluent`), then checked as a vacancy entered by an officer; `known` answers whether an
/// organisation is in the register.
pub fn vacancy_row(
    cell: &dyn Fn(&str) -> String,
    known: impl Fn(&str) -> bool,
) -> Result<(VacancyFields, Deadline), FieldErrors> {
    use super::matching::{DegreeLevel, LanguageLevel};
    let mut e = FieldErrors::new();
    let min_degree = match cell("min_degree").trim() {
        "" => None,
        "bachelor" => Some(DegreeLevel::Bachelor),
        "master" => Some(DegreeLevel::Master),
        "doctorate" => Some(DegreeLevel::Doctorate),
        _ => {
            e.add("min_degree", "unknown_value");
            None
        }
    };
    let mut required_languages = Vec::new();
    for item in list(&cell("required_languages")) {
        let parsed = item.split_once(':').and_then(|(code, level)| {
            let level = match level.trim() {
                "basic" => LanguageLevel::Basic,
                "working" => LanguageLevel::Working,
                "fluent" => LanguageLevel::Fluent,
                _ => return None,
            };
            Some(Language {
                language: code.trim().to_owned(),
                level,
            })
        });
        match parsed {
            Some(l) => required_languages.push(l),
            None => e.add("required_languages", "invalid_format"),
        }
    }
    let number = |e: &mut FieldErrors, field: &str| -> Option<f64> {
        let v = cell(field);
        if v.trim().is_empty() {
            return None;
        }
        let parsed = v.trim().parse::<f64>().ok().filter(|x| x.is_finite());
        if parsed.is_none() {
            e.add(field, "invalid_number");
        }
        parsed
    };
    let min_years_experience = number(&mut e, "min_years_experience");
    let age_max = number(&mut e, "age_max").map(|x| x as i64);
    let day = |e: &mut FieldErrors, field: &str| -> Option<NaiveDate> {
        let v = cell(field);
        if v.trim().is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok();
        if parsed.is_none() {
            e.add(field, "invalid_date");
        }
        parsed
    };
    let posted_on = day(&mut e, "posted_on");
    let age_on = day(&mut e, "age_on");
    let subject_to_geo = flag(&mut e, "subject_to_geo", &cell("subject_to_geo"));
    let substitution = flag(
        &mut e,
        "degree_substitution_allowed",
        &cell("degree_substitution_allowed"),
    )
    .unwrap_or(false);
    let fields = VacancyFields {
        organisation: cell("organisation").trim().to_owned(),
        reference_no: cell("reference_no"),
        title: cell("title"),
        grade: cell("grade"),
        job_family: cell("job_family"),
        duty_station: cell("duty_station"),
        duty_country: cell("duty_country").trim().to_ascii_uppercase(),
        posted_on,
        deadline: cell("deadline"),
        deadline_zone: cell("deadline_zone"),
        subject_to_geo,
        funding: cell("funding").trim().to_owned(),
        needs: VacancyNeeds {
            min_degree,
            degree_fields: list(&cell("degree_fields")),
            min_years_experience,
            grade: None,
            required_languages,
            fields_of_experience: list(&cell("fields_of_experience")),
            age_max,
            age_on,
            eligible_nationalities: list(&cell("eligible_nationalities"))
                .into_iter()
                .map(|n| n.to_ascii_uppercase())
                .collect(),
            degree_substitution_allowed: substitution,
        },
        desirable_languages: Vec::new(),
    };
    if !fields.organisation.is_empty() && !known(&fields.organisation) {
        e.add("organisation", "unknown_value");
    }
    let checked = fields.check();
    if let Err(more) = &checked {
        for f in &more.0 {
            if e.code_for(&f.field).is_none() {
                e.add(f.field.clone(), f.code);
            }
        }
    }
    e.into_result()?;
    let deadline = checked?;
    Ok((fields, deadline))
}
