//! Study abroad (citizens who go abroad to study and return) and foreign students in China:
//! the validated records both the entry forms and the bulk import build.

use crate::reference::reference;
use crate::registry::{bounded_text, clean, country_code, parse_date, past_date};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Who paid for a study-abroad episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Funding {
    StateSponsored,
    EmployerSponsored,
    SelfFunded,
}

impl Funding {
    pub const ALL: [Funding; 3] = [
        Funding::StateSponsored,
        Funding::EmployerSponsored,
        Funding::SelfFunded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Funding::StateSponsored => "state_sponsored",
            Funding::EmployerSponsored => "employer_sponsored",
            Funding::SelfFunded => "self_funded",
        }
    }

    pub fn parse(value: &str) -> Result<Self, &'static str> {
        Self::ALL
            .into_iter()
            .find(|f| f.code() == value.trim())
            .ok_or("unknown_value")
    }
}

/// How a foreign student in China is funded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Scholarship {
    ChineseGovernment,
    Provincial,
    Institutional,
    Other,
    SelfFunded,
}

impl Scholarship {
    pub const ALL: [Scholarship; 5] = [
        Scholarship::ChineseGovernment,
        Scholarship::Provincial,
        Scholarship::Institutional,
        Scholarship::Other,
        Scholarship::SelfFunded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Scholarship::ChineseGovernment => "chinese_government",
            Scholarship::Provincial => "provincial",
            Scholarship::Institutional => "institutional",
            Scholarship::Other => "other",
            Scholarship::SelfFunded => "self_funded",
        }
    }

    pub fn parse(value: &str) -> Result<Self, &'static str> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == value.trim())
            .ok_or("unknown_value")
    }
}

/// An ISCED 2011 level digit from the reference table.
pub fn isced_level(value: &str) -> Result<String, &'static str> {
    let value = value.trim();
    reference()
        .education_levels
        .iter()
        .find(|l| l.code == value)
        .map(|l| l.code.clone())
        .ok_or("unknown_value")
}

/// A province code of mainland China (GB/T 2260).
pub fn province_code(value: &str) -> Result<String, &'static str> {
    reference()
        .province(value)
        .map(|p| p.code.clone())
        .ok_or("unknown_province")
}

fn required<T>(
    errors: &mut FieldErrors,
    field: &str,
    value: &Option<String>,
    parse: impl FnOnce(&str) -> Result<T, &'static str>,
) -> Option<T> {
    errors.given(field, clean(value), true, parse)
}

fn optional<T>(
    errors: &mut FieldErrors,
    field: &str,
    value: &Option<String>,
    parse: impl FnOnce(&str) -> Result<T, &'static str>,
) -> Option<T> {
    errors.given(field, clean(value), false, parse)
}

/// A study-abroad record's own columns (besides its person), as the import formats name them.
pub const STUDY_ABROAD_COLUMNS: &[&str] = &[
    "destination_country",
    "institution",
    "isced_level",
    "field",
    "funding",
    "departure_date",
    "return_date",
];

/// What a study-abroad form or import row gives, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyAbroadInput {
    pub destination_country: Option<String>,
    pub institution: Option<String>,
    pub isced_level: Option<String>,
    pub field: Option<String>,
    pub funding: Option<String>,
    pub departure_date: Option<String>,
    pub return_date: Option<String>,
}

impl StudyAbroadInput {
    /// The input of a form or import row, each field read by its column name.
    pub fn from_fields(get: impl Fn(&str) -> Option<String>) -> Self {
        StudyAbroadInput {
            destination_country: get("destination_country"),
            institution: get("institution"),
            isced_level: get("isced_level"),
            field: get("field"),
            funding: get("funding"),
            departure_date: get("departure_date"),
            return_date: get("return_date"),
        }
    }
}

/// One period of study abroad by a citizen: where, what, who paid, when they left and
/// (once back) when they returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudyAbroad {
    pub destination_country: String,
    pub institution: String,
    pub isced_level: String,
    pub field: Option<String>,
    pub funding: Funding,
    pub departure_date: NaiveDate,
    pub return_date: Option<NaiveDate>,
}

impl StudyAbroad {
    pub fn parse(input: &StudyAbroadInput, today: NaiveDate) -> Result<StudyAbroad, FieldErrors> {
        let mut errors = FieldErrors::new();
        let destination_country = required(
            &mut errors,
            "destination_country",
            &input.destination_country,
            |v| country_code(v).and_then(|c| if c == "CN" { Err("not_allowed") } else { Ok(c) }),
        );
        let institution = required(&mut errors, "institution", &input.institution, |v| {
            bounded_text(v, 200)
        });
        let isced = required(&mut errors, "isced_level", &input.isced_level, isced_level);
        let field = optional(&mut errors, "field", &input.field, |v| bounded_text(v, 200));
        let funding = required(&mut errors, "funding", &input.funding, Funding::parse);
        let departure = required(&mut errors, "departure_date", &input.departure_date, |v| {
            past_date(v, today)
        });
        let return_date = optional(&mut errors, "return_date", &input.return_date, |v| {
            past_date(v, today)
        });
        errors.not_before(
            "return_date",
            "return_before_departure",
            departure,
            return_date,
        );
        match (destination_country, institution, isced, funding, departure) {
            (
                Some(destination_country),
                Some(institution),
                Some(isced_level),
                Some(funding),
                Some(departure_date),
            ) if errors.is_empty() => Ok(StudyAbroad {
                destination_country,
                institution,
                isced_level,
                field,
                funding,
                departure_date,
                return_date,
            }),
            _ => Err(errors),
        }
    }
}

impl StudyAbroad {
    /// The values as stored, by column.
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            (
                "destination_country",
                Some(self.destination_country.clone()),
            ),
            ("institution", Some(self.institution.clone())),
            ("isced_level", Some(self.isced_level.clone())),
            ("field", self.field.clone()),
            ("funding", Some(self.funding.code().to_owned())),
            ("departure_date", Some(self.departure_date.to_string())),
            ("return_date", self.return_date.map(|d| d.to_string())),
        ]
    }
}

/// An enrolment's own columns (besides its person), as the import formats name them.
pub const ENROLMENT_COLUMNS: &[&str] = &[
    "institution",
    "province",
    "isced_level",
    "field",
    "scholarship",
    "enrolment_start",
    "enrolment_end",
];

/// What a foreign-student form or import row gives, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentInput {
    pub institution: Option<String>,
    pub province: Option<String>,
    pub isced_level: Option<String>,
    pub field: Option<String>,
    pub scholarship: Option<String>,
    pub enrolment_start: Option<String>,
    pub enrolment_end: Option<String>,
}

impl EnrolmentInput {
    /// The input of a form or import row, each field read by its column name.
    pub fn from_fields(get: impl Fn(&str) -> Option<String>) -> Self {
        EnrolmentInput {
            institution: get("institution"),
            province: get("province"),
            isced_level: get("isced_level"),
            field: get("field"),
            scholarship: get("scholarship"),
            enrolment_start: get("enrolment_start"),
            enrolment_end: get("enrolment_end"),
        }
    }
}

/// A foreign student's enrolment at an institution in China.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enrolment {
    pub institution: String,
    pub province: String,
    pub isced_level: String,
    pub field: Option<String>,
    pub scholarship: Scholarship,
    pub enrolment_start: NaiveDate,
    pub enrolment_end: Option<NaiveDate>,
}

impl Enrolment {
    pub fn parse(input: &EnrolmentInput) -> Result<Enrolment, FieldErrors> {
        let mut errors = FieldErrors::new();
        let institution = required(&mut errors, "institution", &input.institution, |v| {
            bounded_text(v, 200)
        });
        let province = required(&mut errors, "province", &input.province, province_code);
        let isced = required(&mut errors, "isced_level", &input.isced_level, isced_level);
        let field = optional(&mut errors, "field", &input.field, |v| bounded_text(v, 200));
        let scholarship = required(
            &mut errors,
            "scholarship",
            &input.scholarship,
            Scholarship::parse,
        );
        // An enrolment may be recorded ahead of its start, and its end is planned.
        let start = required(
            &mut errors,
            "enrolment_start",
            &input.enrolment_start,
            parse_date,
        );
        let end = optional(
            &mut errors,
            "enrolment_end",
            &input.enrolment_end,
            parse_date,
        );
        errors.not_before("enrolment_end", "before_start", start, end);
        match (institution, province, isced, scholarship, start) {
            (
                Some(institution),
                Some(province),
                Some(isced_level),
                Some(scholarship),
                Some(enrolment_start),
            ) if errors.is_empty() => Ok(Enrolment {
                institution,
                province,
                isced_level,
                field,
                scholarship,
                enrolment_start,
                enrolment_end: end,
            }),
            _ => Err(errors),
        }
    }
}

impl Enrolment {
    /// The values as stored, by column.
    pub fn values(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("institution", Some(self.institution.clone())),
            ("province", Some(self.province.clone())),
            ("isced_level", Some(self.isced_level.clone())),
            ("field", self.field.clone()),
            ("scholarship", Some(self.scholarship.code().to_owned())),
            ("enrolment_start", Some(self.enrolment_start.to_string())),
            ("enrolment_end", self.enrolment_end.map(|d| d.to_string())),
        ]
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn episode() -> StudyAbroadInput {
        StudyAbroadInput {
            destination_country: Some("us".into()),
            institution: Some("MIT".into()),
            isced_level: Some("7".into()),
            field: None,
            funding: Some("state_sponsored".into()),
            departure_date: Some("2001-09-01".into()),
            return_date: Some("2004-07-01".into()),
        }
    }

    #[test]
    fn a_valid_episode_is_normalised() {
        let e = StudyAbroad::parse(&episode(), day("2026-01-01")).unwrap();
        assert_eq!(e.destination_country, "US");
        assert_eq!(e.funding, Funding::StateSponsored);
        assert_eq!(e.return_date, Some(day("2004-07-01")));
    }

    #[test]
    fn a_return_before_the_departure_is_refused() {
        let mut input = episode();
        input.return_date = Some("2001-08-31".into());
        let errors = StudyAbroad::parse(&input, day("2026-01-01")).unwrap_err();
        assert_eq!(
            errors.code_for("return_date"),
            Some("return_before_departure")
        );
        // The same day is allowed.
        input.return_date = Some("2001-09-01".into());
        assert!(StudyAbroad::parse(&input, day("2026-01-01")).is_ok());
    }

    #[test]
    fn china_is_not_a_destination_and_codes_are_checked() {
        let mut input = episode();
        input.destination_country = Some("CN".into());
        input.isced_level = Some("9".into());
        input.funding = Some("loan".into());
        input.departure_date = Some("2030-01-01".into());
        let errors = StudyAbroad::parse(&input, day("2026-01-01")).unwrap_err();
        errors.assert_codes(&[
            ("destination_country", Some("not_allowed")),
            ("isced_level", Some("unknown_value")),
            ("funding", Some("unknown_value")),
            ("departure_date", Some("in_future")),
        ]);
    }

    #[test]
    fn an_enrolment_ending_before_it_starts_is_refused() {
        let input = EnrolmentInput {
            institution: Some("Peking University".into()),
            province: Some("110000".into()),
            isced_level: Some("6".into()),
            field: Some("Chinese language".into()),
            scholarship: Some("chinese_government".into()),
            enrolment_start: Some("2008-09-01".into()),
            enrolment_end: Some("2008-08-31".into()),
        };
        assert_eq!(
            Enrolment::parse(&input)
                .unwrap_err()
                .code_for("enrolment_end"),
            Some("before_start")
        );
        let mut ok = input.clone();
        ok.enrolment_end = None;
        assert_eq!(
            Enrolment::parse(&ok).unwrap().scholarship,
            Scholarship::ChineseGovernment
        );
        let mut bad = input;
        bad.province = Some("999999".into());
        assert_eq!(
            Enrolment::parse(&bad).unwrap_err().code_for("province"),
            Some("unknown_province")
        );
    }
}
