//! The expert-engagements layout (`docs/import-formats.md`, kind `experts`): one engagement
//! of a foreign expert (spec foreign-experts-awards.md §4) — or of an expert from Hong Kong,
//! Macao or Taiwan, whom the published totals include — as the source system recorded it.
//! The origin is derived from the nationality, not read from the file.

use super::text;
use crate::awards::experts::{origin_of, EngagementInput, CLASSES, PROGRAMMES};
use crate::registry::parse_date;
use crate::students::province_code;
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::Serialize;

/// The columns of the layout after the person's and the nationality (the store writes them
/// in this order, then `origin`).
pub const COLUMNS: &[&str] = &[
    "expert_class",
    "employer_name",
    "programme",
    "province",
    "sector",
    "start_date",
    "end_date",
    "document_ref",
];

/// An engagement with its derived origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpertRecord {
    pub expert_class: Option<String>,
    pub employer_name: String,
    pub programme: String,
    pub province: String,
    pub sector: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// The work permit's number, or the pre-2017 document's; the store links the permit
    /// when the registry holds one with this number.
    pub document_ref: String,
    /// `foreign`, `hk`, `mo` or `tw`.
    pub origin: &'static str,
}

/// Validates the engagement columns of a row. Both days are required, the end not before the
/// start; a Chinese national of the mainland is not an expert of this register; the class
/// (before 2017) and the programme are from their lists where given.
pub(crate) fn expert_record(
    get: &dyn Fn(&str) -> Option<String>,
    errors: &mut FieldErrors,
    nationality: Option<&str>,
) -> Option<ExpertRecord> {
    let origin = match nationality {
        Some(n) => match origin_of(n) {
            Some(o) => Some(o),
            None => {
                errors.add("nationality", "not_allowed");
                None
            }
        },
        None => None,
    };
    let expert_class = errors.given("expert_class", get("expert_class"), false, |v| {
        CLASSES
            .iter()
            .find(|c| **c == v)
            .map(|c| (*c).to_owned())
            .ok_or("unknown_value")
    });
    let employer_name = text(errors, "employer_name", get("employer_name"), 200, true);
    let programme = errors
        .given("programme", get("programme"), false, |v| {
            PROGRAMMES
                .iter()
                .find(|c| **c == v)
                .map(|c| (*c).to_owned())
                .ok_or("unknown_value")
        })
        .unwrap_or_default();
    let province = errors.given("province", get("province"), true, province_code);
    let sector = text(errors, "sector", get("sector"), 100, true);
    let start = errors.given("start_date", get("start_date"), true, parse_date);
    let end = errors.given("end_date", get("end_date"), true, parse_date);
    errors.not_before("end_date", "before_start", start, end);
    let document_ref =
        text(errors, "document_ref", get("document_ref"), 60, false).unwrap_or_default();
    match (origin, employer_name, province, sector, start, end) {
        (
            Some(origin),
            Some(employer_name),
            Some(province),
            Some(sector),
            Some(start_date),
            Some(end_date),
        ) => Some(ExpertRecord {
            expert_class,
            employer_name,
            programme,
            province,
            sector,
            start_date,
            end_date,
            document_ref,
            origin,
        }),
        _ => None,
    }
}

/// The check of an engagement an officer enters is the import's check of a row.
impl EngagementInput {
    /// Checks an engagement of an expert of `nationality` as the import checks a row.
    pub fn check(&self, nationality: &str) -> Result<ExpertRecord, crate::FieldErrors> {
        let get = |name: &str| -> Option<String> {
            let v = match name {
                "expert_class" => self.expert_class.clone(),
                "employer_name" => Some(self.employer_name.clone()),
                "programme" => self.programme.clone(),
                "province" => Some(self.province.clone()),
                "sector" => Some(self.sector.clone()),
                "start_date" => Some(self.start_date.clone()),
                "end_date" => Some(self.end_date.clone()),
                "document_ref" => self.document_ref.clone(),
                _ => None,
            };
            v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
        };
        let mut errors = crate::FieldErrors::new();
        let record = expert_record(&get, &mut errors, Some(nationality));
        match record {
            Some(r) if errors.is_empty() => Ok(r),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::{validate_row, Header, ImportKind, ImportRecord, ImportRow, RowIssue};
    use super::*;

    fn row(changes: &[(&str, &str)]) -> Result<ImportRow, Vec<RowIssue>> {
        let names = ImportKind::Experts.columns();
        let header = Header::resolve(ImportKind::Experts, &names, false).unwrap();
        let mut fields = vec![
            "FE1",
            "X1",
            "Keller",
            "Hans",
            "M",
            "1955-04-01",
            "DE",
            "economic_technical",
            "Synthetic Motor Works",
            "",
            "310000",
            "industry",
            "2009-03-01",
            "2009-12-31",
            "F2009-0001",
        ];
        for (column, value) in changes {
            let i = names.iter().position(|n| n == column).unwrap();
            fields[i] = value;
        }
        validate_row(
            &header,
            &fields,
            NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
        )
    }

    #[test]
    fn an_engagement_gets_its_origin_and_every_problem_is_named() {
        let ok = row(&[]).unwrap();
        let ImportRecord::Expert(e) = ok.record else {
            panic!("not an engagement")
        };
        assert_eq!(e.origin, "foreign");
        assert_eq!(e.expert_class.as_deref(), Some("economic_technical"));
        let hk = row(&[("nationality", "HK"), ("expert_class", "")]).unwrap();
        let ImportRecord::Expert(e) = hk.record else {
            panic!("not an engagement")
        };
        assert_eq!((e.origin, e.expert_class), ("hk", None));
        let issues: Vec<(String, &str)> = row(&[
            ("nationality", "CN"),
            ("expert_class", "teacher"),
            ("programme", "grand_tour"),
            ("province", "999999"),
            ("end_date", "2009-02-01"),
            ("sector", ""),
        ])
        .unwrap_err()
        .into_iter()
        .map(|i| (i.column, i.reason))
        .collect();
        assert_eq!(
            issues,
            vec![
                ("nationality".to_owned(), "not_allowed"),
                ("expert_class".to_owned(), "unknown_value"),
                ("programme".to_owned(), "unknown_value"),
                ("province".to_owned(), "unknown_province"),
                ("sector".to_owned(), "required"),
                ("end_date".to_owned(), "before_start"),
            ]
        );
        let mut names = ImportKind::Experts.columns();
        names.retain(|n| !["expert_class", "programme", "document_ref"].contains(n));
        assert!(Header::resolve(ImportKind::Experts, &names, false).is_ok());
    }
}
