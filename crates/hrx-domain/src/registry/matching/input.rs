//! What a client sends to be matched: any of a person's fields, each checked as the entry
//! forms check it, so that a refused field is named and nothing is looked up.

use super::MatchPerson;
use crate::registry::person::{country_code, passport_number_format as passport_number};
use crate::registry::{bounded_text, clean, latin_name, past_date, ResidentIdNumber, Sex};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A person's fields to look for in the registry; every field optional, a name or a
/// document required.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchInput {
    #[serde(default)]
    pub name_native: Option<String>,
    #[serde(default)]
    pub name_latin: Option<String>,
    /// `female`, `male` or `unknown`.
    #[serde(default)]
    pub sex: Option<String>,
    /// YYYY-MM-DD, not after today.
    #[serde(default)]
    pub birth_date: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub nationality: Option<String>,
    /// ISO 3166-1 alpha-2; the nationality when not given.
    #[serde(default)]
    pub passport_country: Option<String>,
    #[serde(default)]
    pub passport_number: Option<String>,
    /// 18 characters whose last is the check character (GB 11643-1999).
    #[serde(default)]
    pub resident_id_number: Option<String>,
    /// A foreigner's work-permit number.
    #[serde(default)]
    pub permit_number: Option<String>,
    #[serde(default)]
    pub organisation_id: Option<i64>,
}

impl MatchInput {
    /// Checks every field given, relative to `today`, and names each that fails.
    pub fn parse(&self, today: NaiveDate) -> Result<MatchPerson, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name_native = clean(&self.name_native)
            .and_then(|n| errors.take("name_native", bounded_text(&n, 200)));
        let name_latin =
            clean(&self.name_latin).and_then(|n| errors.take("name_latin", latin_name(&n)));
        let sex = errors.given("sex", clean(&self.sex), false, Sex::parse);
        let birth_date = errors.given("birth_date", clean(&self.birth_date), false, |d| {
            past_date(d, today)
        });
        let nationality =
            errors.given("nationality", clean(&self.nationality), false, country_code);
        let mut passports = Vec::new();
        if let Some(number) = clean(&self.passport_number) {
            let number = errors.take("passport_number", passport_number(&number));
            let country = match clean(&self.passport_country).or_else(|| nationality.clone()) {
                Some(c) => errors.take("passport_country", country_code(&c)),
                None => {
                    errors.add("passport_country", "required");
                    None
                }
            };
            if let (Some(country), Some(number)) = (country, number) {
                passports.push((country, number));
            }
        }
        let resident_id = clean(&self.resident_id_number).and_then(|id| {
            let id = errors.take("resident_id_number", ResidentIdNumber::parse(&id))?;
            if birth_date.is_some() && id.birth_date() != birth_date {
                errors.add("resident_id_number", "birth_date_mismatch");
            }
            Some(id.as_str().to_owned())
        });
        let permit_number = clean(&self.permit_number)
            .and_then(|n| errors.take("permit_number", passport_number(&n)));
        if self.organisation_id.is_some_and(|id| id <= 0) {
            errors.add("organisation_id", "unknown_reference");
        }
        let named = clean(&self.name_native).is_some() || clean(&self.name_latin).is_some();
        let documented = clean(&self.passport_number).is_some()
            || clean(&self.resident_id_number).is_some()
            || clean(&self.permit_number).is_some();
        if !named && !documented {
            errors.add("name_native", "name_or_document_required");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(MatchPerson {
            name_native,
            name_latin,
            sex,
            birth_date,
            nationality,
            passports,
            resident_id,
            permit_number,
            organisation_id: self.organisation_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default()
    }

    #[test]
    fn a_wrong_check_digit_and_a_future_birth_date_are_named() {
        let input = MatchInput {
            name_native: Some("张伟".into()),
            birth_date: Some("2027-01-01".into()),
            resident_id_number: Some("110105194912310021".into()),
            ..MatchInput::default()
        };
        let errors = input.parse(today()).err().unwrap_or_default();
        errors.assert_codes(&[
            ("birth_date", Some("in_future")),
            ("resident_id_number", Some("check_digit")),
        ]);
    }

    #[test]
    fn a_name_or_a_document_is_needed_and_a_passport_takes_the_nationality() {
        let errors = MatchInput::default()
            .parse(today())
            .err()
            .unwrap_or_default();
        assert_eq!(
            errors.code_for("name_native"),
            Some("name_or_document_required")
        );
        let input = MatchInput {
            nationality: Some("de".into()),
            passport_number: Some("c01x00t47".into()),
            ..MatchInput::default()
        };
        let person = input.parse(today()).map_err(|e| e.0);
        assert_eq!(
            person.map(|p| p.passports),
            Ok(vec![("DE".to_owned(), "C01X00T47".to_owned())])
        );
    }
}
