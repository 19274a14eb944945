//! A work-permit application as an employer files it: checked field by field before anything
//! is written, with its points assessment computed from the same inputs.

use super::points::{assess, Assessment, AssessmentInput, PointsTable};
use super::APPLICATION_KINDS;
use crate::reference::reference;
use crate::registry::{bounded_text, parse_date};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    /// `new`, `extension`, `change` or `cancellation`.
    pub kind: String,
    pub person_id: i64,
    /// The employer; an employer user's own organisation is used whatever is sent.
    #[serde(default)]
    pub employer_id: Option<i64>,
    /// The permit an extension, change or cancellation is about.
    #[serde(default)]
    pub permit_id: Option<i64>,
    pub position: String,
    /// ISCO-08 major or sub-major group code.
    pub occupation: String,
    pub contract_start: String,
    pub contract_end: String,
    pub assessment: AssessmentInput,
    /// The version an edit started from; required when replacing a draft.
    #[serde(default)]
    pub version: Option<i64>,
}

/// An application that passed every check.
#[derive(Debug, Clone)]
pub struct ApplicationDraft {
    pub kind: &'static str,
    pub person_id: i64,
    pub employer_id: Option<i64>,
    pub permit_id: Option<i64>,
    pub position: String,
    pub occupation: String,
    pub province: String,
    pub contract_start: NaiveDate,
    pub contract_end: NaiveDate,
    pub salary_fen: i64,
    pub assessment_input: AssessmentInput,
    pub assessment: Assessment,
}

impl ApplicationDraft {
    pub fn parse(
        input: &ApplicationInput,
        table: &PointsTable,
    ) -> Result<ApplicationDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = APPLICATION_KINDS.iter().copied().find(|k| *k == input.kind);
        if kind.is_none() {
            errors.add("kind", "unknown_value");
        }
        if input.person_id <= 0 {
            errors.add("person_id", "unknown_reference");
        }
        let position = input.position.trim();
        if position.is_empty() {
            errors.add("position", "required");
        }
        let position = errors.take("position", bounded_text(position, 200));
        let occupation = input.occupation.trim();
        if !reference().occupations.iter().any(|o| o.code == occupation) {
            errors.add("occupation", "unknown_value");
        }
        let start = errors.take("contract_start", parse_date(&input.contract_start));
        let end = errors.take("contract_end", parse_date(&input.contract_end));
        errors.not_before("contract_end", "before_start", start, end);
        match (kind, input.permit_id) {
            (Some("new"), Some(_)) => errors.add("permit_id", "not_allowed"),
            (Some(k), None) if k != "new" => errors.add("permit_id", "required"),
            _ => {}
        }
        let assessment = match assess(&input.assessment, table) {
            Ok(a) => Some(a),
            Err(nested) => {
                for e in nested.0 {
                    errors.add(format!("assessment.{}", e.field), e.code);
                }
                None
            }
        };
        match (kind, position, start, end, assessment) {
            (
                Some(kind),
                Some(position),
                Some(contract_start),
                Some(contract_end),
                Some(assessment),
            ) if errors.is_empty() => Ok(ApplicationDraft {
                kind,
                person_id: input.person_id,
                employer_id: input.employer_id,
                permit_id: input.permit_id,
                position,
                occupation: occupation.to_owned(),
                province: input.assessment.work_location.province.clone(),
                contract_start,
                contract_end,
                salary_fen: (input.assessment.annual_salary_cny * 100.0).round() as i64,
                assessment_input: input.assessment.clone(),
                assessment,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::permits::points::WorkLocationInput;

    pub fn input() -> ApplicationInput {
        ApplicationInput {
            kind: "new".into(),
            person_id: 1,
            employer_id: Some(2),
            permit_id: None,
            position: "Software engineer".into(),
            occupation: "25".into(),
            contract_start: "2026-04-01".into(),
            contract_end: "2028-03-31".into(),
            assessment: AssessmentInput {
                assessment_date: "2026-03-01".into(),
                birth_date: "1990-05-01".into(),
                annual_salary_cny: 300_000.0,
                education: "master".into(),
                related_experience_years: 4.0,
                months_in_china_per_year: 12.0,
                chinese: Default::default(),
                work_location: WorkLocationInput {
                    province: "310000".into(),
                    designated_area: false,
                    city: None,
                },
                distinctions: Default::default(),
                local_bonus: 0,
                routes: Default::default(),
            },
            version: None,
        }
    }

    fn table() -> &'static PointsTable {
        PointsTable::current().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_complete_application_carries_its_assessment() {
        let draft = ApplicationDraft::parse(&input(), table()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (
                draft.assessment.total,
                draft.salary_fen,
                draft.province.as_str()
            ),
            (66, 30_000_000, "310000")
        );
    }

    #[test]
    fn every_problem_is_named_with_nested_assessment_fields() {
        let mut bad = input();
        bad.kind = "renewal".into();
        bad.position = " ".into();
        bad.occupation = "99".into();
        bad.contract_end = "2026-03-31".into();
        bad.assessment.local_bonus = 11;
        let errors = ApplicationDraft::parse(&bad, table())
            .err()
            .unwrap_or_default();
        for (field, code) in [
            ("kind", "unknown_value"),
            ("position", "required"),
            ("occupation", "unknown_value"),
            ("contract_end", "before_start"),
            ("assessment.local_bonus", "out_of_range"),
        ] {
            assert_eq!(errors.code_for(field), Some(code), "{field}: {errors:?}");
        }
        let mut extension = input();
        extension.kind = "extension".into();
        assert_eq!(
            ApplicationDraft::parse(&extension, table())
                .err()
                .and_then(|e| e.code_for("permit_id")),
            Some("required")
        );
    }
}
