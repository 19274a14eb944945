use super::{bounded_text, clean, parse_date, past_date, ResidentIdNumber};
use crate::reference::reference;
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
    Unknown,
}

impl Sex {
    pub const ALL: [Sex; 3] = [Sex::Female, Sex::Male, Sex::Unknown];

    pub fn code(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Unknown => "unknown",
        }
    }

    pub fn parse(value: &str) -> Result<Self, &'static str> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == value.trim())
            .ok_or("unknown_value")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Passport,
    ResidentId,
}

impl DocumentKind {
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Passport => "passport",
            DocumentKind::ResidentId => "resident_id",
        }
    }

    pub fn parse(value: &str) -> Result<Self, &'static str> {
        match value.trim() {
            "passport" => Ok(DocumentKind::Passport),
            "resident_id" => Ok(DocumentKind::ResidentId),
            _ => Err("unknown_value"),
        }
    }
}

/// A validated identity document. A resident identity card is always issued by China.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityDocument {
    pub kind: DocumentKind,
    pub issuing_country: String,
    pub number: String,
    pub expiry_date: Option<NaiveDate>,
}

/// A person as a client submits it: every field a string so that nothing typed is lost when
/// the form comes back with errors.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInput {
    #[serde(default)]
    pub name_native: Option<String>,
    #[serde(default)]
    pub name_latin: Option<String>,
    #[serde(default)]
    pub sex: Option<String>,
    #[serde(default)]
    pub birth_date: Option<String>,
    #[serde(default)]
    pub nationality: Option<String>,
    #[serde(default)]
    pub passport_country: Option<String>,
    #[serde(default)]
    pub passport_number: Option<String>,
    #[serde(default)]
    pub passport_expiry: Option<String>,
    #[serde(default)]
    pub resident_id_number: Option<String>,
    #[serde(default)]
    pub organisation_id: Option<i64>,
    /// The version an edit started from; required when replacing a record.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A person that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub name_native: Option<String>,
    pub name_latin: Option<String>,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub nationality: String,
    pub documents: Vec<IdentityDocument>,
    pub organisation_id: Option<i64>,
}

/// A name in Latin letters as the entry forms take it: letters of the Latin script, spaces
/// and `-'.,` only, at least one ASCII letter, at most 200 characters. The import formats hold
/// names to the same rule.
pub fn latin_name(name: &str) -> Result<String, &'static str> {
    bounded_text(name, 200).and_then(|n| {
        if n.chars().all(|c| c.is_alphabetic() || " -'.,".contains(c))
            && n.chars().any(|c| c.is_ascii_alphabetic())
            && n.chars().all(|c| !c.is_alphabetic() || is_latin(c))
        {
            Ok(n)
        } else {
            Err("not_latin")
        }
    })
}

impl Person {
    /// Checks every field against the rules, relative to `today`, and names each that fails.
    pub fn parse(input: &PersonInput, today: NaiveDate) -> Result<Person, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name_native = clean(&input.name_native)
            .and_then(|n| errors.take("name_native", bounded_text(&n, 200)));
        let name_latin =
            clean(&input.name_latin).and_then(|n| errors.take("name_latin", latin_name(&n)));
        if clean(&input.name_native).is_none() && clean(&input.name_latin).is_none() {
            errors.add("name_native", "name_required");
        }
        let sex = errors.given("sex", clean(&input.sex), true, Sex::parse);
        let birth_date = errors.given("birth_date", clean(&input.birth_date), true, |d| {
            past_date(d, today)
        });
        let nationality =
            errors.given("nationality", clean(&input.nationality), true, country_code);

        let mut documents = Vec::new();
        let passport_number = clean(&input.passport_number);
        let passport_country = clean(&input.passport_country);
        let passport_expiry = clean(&input.passport_expiry);
        if passport_number.is_some() || passport_country.is_some() || passport_expiry.is_some() {
            let number = match passport_number {
                Some(n) => errors.take("passport_number", passport_number_format(&n)),
                None => {
                    errors.add("passport_number", "required");
                    None
                }
            };
            let country = match passport_country.or_else(|| nationality.clone()) {
                Some(c) => errors.take("passport_country", country_code(&c)),
                None => None,
            };
            let expiry =
                passport_expiry.and_then(|e| errors.take("passport_expiry", parse_date(&e)));
            if let (Some(number), Some(issuing_country)) = (number, country) {
                documents.push(IdentityDocument {
                    kind: DocumentKind::Passport,
                    issuing_country,
                    number,
                    expiry_date: expiry,
                });
            }
        }
        if let Some(id) = clean(&input.resident_id_number) {
            if let Some(id) = errors.take("resident_id_number", ResidentIdNumber::parse(&id)) {
                if birth_date.is_some() && id.birth_date() != birth_date {
                    errors.add("resident_id_number", "birth_date_mismatch");
                }
                documents.push(IdentityDocument {
                    kind: DocumentKind::ResidentId,
                    issuing_country: "CN".to_owned(),
                    number: id.as_str().to_owned(),
                    expiry_date: None,
                });
            }
        }
        if input.organisation_id.is_some_and(|id| id <= 0) {
            errors.add("organisation_id", "unknown_reference");
        }

        match (sex, birth_date, nationality) {
            (Some(sex), Some(birth_date), Some(nationality)) if errors.is_empty() => Ok(Person {
                name_native,
                name_latin,
                sex,
                birth_date,
                nationality,
                documents,
                organisation_id: input.organisation_id,
            }),
            _ => Err(errors),
        }
    }

    /// The name to show in one line: native script and Latin letters side by side.
    pub fn display_name(&self) -> String {
        display_name(self.name_native.as_deref(), self.name_latin.as_deref())
    }
}

/// A person's name in one line from its two scripts: "张伟 (Zhang Wei)", or whichever exists.
pub fn display_name(native: Option<&str>, latin: Option<&str>) -> String {
    match (native, latin) {
        (Some(n), Some(l)) => format!("{n} ({l})"),
        (Some(n), None) => n.to_owned(),
        (None, Some(l)) => l.to_owned(),
        (None, None) => String::new(),
    }
}

fn is_latin(c: char) -> bool {
    // Basic Latin, Latin-1 Supplement and Latin Extended-A/B letters.
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) && c != '×' && c != '÷'
}

pub(crate) fn country_code(value: &str) -> Result<String, &'static str> {
    reference()
        .country(value)
        .map(|c| c.alpha2.clone())
        .ok_or("unknown_country")
}

/// A passport (or other document) number: 5 to 20 letters and digits, in capitals.
pub(crate) fn passport_number_format(value: &str) -> Result<String, &'static str> {
    let number: String = value.trim().to_ascii_uppercase();
    if !(5..=20).contains(&number.len()) {
        return Err("length");
    }
    if !number.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("format");
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
    }

    fn valid() -> PersonInput {
        PersonInput {
            name_native: Some("Анна Мюллер".into()),
            name_latin: Some("Anna Müller".into()),
            sex: Some("female".into()),
            birth_date: Some("1990-05-01".into()),
            nationality: Some("de".into()),
            passport_number: Some("c01x00t47".into()),
            passport_expiry: Some("2030-01-01".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_person_is_normalised() {
        let person = Person::parse(&valid(), today()).map_err(|e| e.0);
        let person = person
            .as_ref()
            .map(|p| (&p.nationality, &p.documents[0].number));
        assert_eq!(person, Ok((&"DE".to_owned(), &"C01X00T47".to_owned())));
    }

    #[test]
    fn every_bad_field_is_named() {
        let input = PersonInput {
            name_native: None,
            name_latin: Some("张伟".into()),
            sex: Some("other".into()),
            birth_date: Some("2027-01-01".into()),
            nationality: Some("XX".into()),
            passport_number: Some("12".into()),
            resident_id_number: Some("110105194912310021".into()),
            ..Default::default()
        };
        let errors = Person::parse(&input, today()).err().unwrap_or_default();
        errors.assert_codes(&[
            ("name_latin", Some("not_latin")),
            ("sex", Some("unknown_value")),
            ("birth_date", Some("in_future")),
            ("nationality", Some("unknown_country")),
            ("passport_number", Some("length")),
            ("resident_id_number", Some("check_digit")),
        ]);
    }

    #[test]
    fn a_name_is_required_in_one_script_at_least() {
        let input = PersonInput {
            name_native: Some("  ".into()),
            name_latin: None,
            ..valid()
        };
        let errors = Person::parse(&input, today()).err().unwrap_or_default();
        assert_eq!(errors.code_for("name_native"), Some("name_required"));
    }

    #[test]
    fn resident_id_must_agree_with_birth_date() {
        let input = PersonInput {
            resident_id_number: Some("11010519491231002X".into()),
            ..valid()
        };
        let errors = Person::parse(&input, today()).err().unwrap_or_default();
        assert_eq!(
            errors.code_for("resident_id_number"),
            Some("birth_date_mismatch")
        );
        let input = PersonInput {
            birth_date: Some("1949-12-31".into()),
            ..input
        };
        assert!(Person::parse(&input, today()).is_ok());
    }
}
