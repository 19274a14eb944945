use super::person::country_code;
use super::{bounded_text, clean, UnifiedSocialCreditCode};
use crate::reference::reference;
use crate::FieldErrors;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    Employer,
    University,
    InternationalOrganisation,
    GovernmentBody,
    ForeignInstitution,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 5] = [
        OrganisationKind::Employer,
        OrganisationKind::University,
        OrganisationKind::InternationalOrganisation,
        OrganisationKind::GovernmentBody,
        OrganisationKind::ForeignInstitution,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrganisationKind::Employer => "employer",
            OrganisationKind::University => "university",
            OrganisationKind::InternationalOrganisation => "international_organisation",
            OrganisationKind::GovernmentBody => "government_body",
            OrganisationKind::ForeignInstitution => "foreign_institution",
        }
    }

    pub fn parse(value: &str) -> Result<Self, &'static str> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == value.trim())
            .ok_or("unknown_value")
    }

    /// Chinese entities of these kinds are registered under a Unified Social Credit Code.
    fn needs_credit_code(self) -> bool {
        !matches!(
            self,
            OrganisationKind::InternationalOrganisation | OrganisationKind::ForeignInstitution
        )
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationInput {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub credit_code: Option<String>,
    /// The version an edit started from; required when replacing a record.
    #[serde(default)]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    pub kind: OrganisationKind,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub country: String,
    pub province: Option<String>,
    pub credit_code: Option<UnifiedSocialCreditCode>,
}

impl Organisation {
    pub fn parse(input: &OrganisationInput) -> Result<Organisation, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = match clean(&input.kind) {
            Some(k) => errors.take("kind", OrganisationKind::parse(&k)),
            None => {
                errors.add("kind", "required");
                None
            }
        };
        let name_zh =
            clean(&input.name_zh).and_then(|n| errors.take("name_zh", bounded_text(&n, 300)));
        let name_en =
            clean(&input.name_en).and_then(|n| errors.take("name_en", bounded_text(&n, 300)));
        if clean(&input.name_zh).is_none() && clean(&input.name_en).is_none() {
            errors.add("name_zh", "name_required");
        }
        let country = match clean(&input.country) {
            Some(c) => errors.take("country", country_code(&c)),
            None => {
                errors.add("country", "required");
                None
            }
        };
        let in_china = country.as_deref() == Some("CN");
        let province = match clean(&input.province) {
            Some(p) if in_china => errors.take(
                "province",
                reference()
                    .province(&p)
                    .map(|p| p.code.clone())
                    .ok_or("unknown_province"),
            ),
            Some(_) => {
                errors.add("province", "only_in_china");
                None
            }
            None if in_china => {
                errors.add("province", "required");
                None
            }
            None => None,
        };
        let credit_code = match clean(&input.credit_code) {
            Some(c) => errors.take("credit_code", UnifiedSocialCreditCode::parse(&c)),
            None if in_china && kind.is_some_and(OrganisationKind::needs_credit_code) => {
                errors.add("credit_code", "required");
                None
            }
            None => None,
        };
        match (kind, country) {
            (Some(kind), Some(country)) if errors.is_empty() => Ok(Organisation {
                kind,
                name_zh,
                name_en,
                country,
                province,
                credit_code,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn employer() -> OrganisationInput {
        OrganisationInput {
            kind: Some("employer".into()),
            name_zh: Some("上海示例科技有限公司".into()),
            name_en: Some("Shanghai Example Technology Co., Ltd.".into()),
            country: Some("CN".into()),
            province: Some("310000".into()),
            credit_code: Some("91350100M000100Y43".into()),
            version: None,
        }
    }

    #[test]
    fn a_chinese_employer_needs_province_and_credit_code() {
        assert!(Organisation::parse(&employer()).is_ok());
        let input = OrganisationInput {
            province: None,
            credit_code: None,
            ..employer()
        };
        let errors = Organisation::parse(&input).err().unwrap_or_default();
        errors.assert_codes(&[
            ("province", Some("required")),
            ("credit_code", Some("required")),
        ]);
    }

    #[test]
    fn a_foreign_institution_has_no_province() {
        let input = OrganisationInput {
            kind: Some("foreign_institution".into()),
            country: Some("DE".into()),
            province: Some("310000".into()),
            credit_code: None,
            ..employer()
        };
        let errors = Organisation::parse(&input).err().unwrap_or_default();
        assert_eq!(errors.code_for("province"), Some("only_in_china"));
        let input = OrganisationInput {
            province: None,
            ..input
        };
        assert!(Organisation::parse(&input).is_ok());
    }

    #[test]
    fn bad_codes_are_named() {
        let input = OrganisationInput {
            kind: Some("shop".into()),
            province: Some("999999".into()),
            credit_code: Some("91350100M000100Y44".into()),
            ..employer()
        };
        let errors = Organisation::parse(&input).err().unwrap_or_default();
        errors.assert_codes(&[
            ("kind", Some("unknown_value")),
            ("province", Some("unknown_province")),
            ("credit_code", Some("check_digit")),
        ]);
    }
}
