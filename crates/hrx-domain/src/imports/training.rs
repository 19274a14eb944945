//! The training-abroad layout (`docs/import-formats.md`): one person's place in a training
//! group that departed (spec training-abroad.md §7), as the source system recorded it. The
//! duration class and the destination scope are derived with the training rules (TA-R1,
//! `destination_scope`), not read from the file.

use super::text;
use crate::registry::{country_code, parse_date, past_date};
use crate::training::{
    destination_scope, duration_class, DestinationScope, DurationClass, FundingChannel,
    ProgrammeType,
};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::Serialize;

/// The columns of the layout after the person's (the store writes them in this order).
pub const COLUMNS: &[&str] = &[
    "programme_code",
    "programme_type",
    "host_country",
    "host_institution",
    "sending_unit",
    "funding_channel",
    "group_code",
    "departure_date",
    "return_date",
];

/// A participation in a training group abroad, with what the rules derive from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingRecord {
    pub programme_code: String,
    pub programme_type: ProgrammeType,
    pub host_country: String,
    pub host_institution: String,
    pub sending_unit: String,
    pub funding_channel: Option<FundingChannel>,
    pub group_code: String,
    pub departure_date: NaiveDate,
    pub return_date: NaiveDate,
    pub duration_class: DurationClass,
    pub destination_scope: DestinationScope,
}

/// Validates the training columns of a row. The departure is a day that has come (a
/// participation counts a group that actually left); the return is required and not before
/// it. The host is any country or region but China itself (Hong Kong, Macao and Taiwan are
/// 出境 destinations, counted with `destination_scope = hmt`).
pub(super) fn training_record(
    get: &dyn Fn(&str) -> Option<String>,
    errors: &mut FieldErrors,
    today: NaiveDate,
) -> Option<TrainingRecord> {
    let programme_code = text(errors, "programme_code", get("programme_code"), 40, true);
    let programme_type = errors.given("programme_type", get("programme_type"), true, |v| {
        ProgrammeType::parse(v).ok_or("unknown_value")
    });
    let host_country = errors.given("host_country", get("host_country"), true, |v| {
        country_code(v).and_then(|c| if c == "CN" { Err("not_allowed") } else { Ok(c) })
    });
    let host_institution = text(
        errors,
        "host_institution",
        get("host_institution"),
        200,
        true,
    );
    let sending_unit = text(errors, "sending_unit", get("sending_unit"), 200, true);
    let funding_channel = errors.given("funding_channel", get("funding_channel"), false, |v| {
        FundingChannel::parse(v).ok_or("unknown_value")
    });
    let group_code = text(errors, "group_code", get("group_code"), 40, true);
    let departure = errors.given("departure_date", get("departure_date"), true, |v| {
        past_date(v, today)
    });
    let return_date = errors.given("return_date", get("return_date"), true, parse_date);
    errors.not_before(
        "return_date",
        "return_before_departure",
        departure,
        return_date,
    );
    match (
        programme_code,
        programme_type,
        host_country,
        host_institution,
        sending_unit,
        group_code,
        departure,
        return_date,
    ) {
        (
            Some(programme_code),
            Some(programme_type),
            Some(host_country),
            Some(host_institution),
            Some(sending_unit),
            Some(group_code),
            Some(departure_date),
            Some(return_date),
        ) => Some(TrainingRecord {
            duration_class: duration_class(departure_date, return_date),
            destination_scope: destination_scope(&host_country),
            programme_code,
            programme_type,
            host_country,
            host_institution,
            sending_unit,
            funding_channel,
            group_code,
            departure_date,
            return_date,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::super::{validate_row, Header, ImportKind, ImportRecord, ImportRow, RowIssue};
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A row of the layout in the spec's column order, with some columns replaced.
    fn row(changes: &[(&str, &str)]) -> Result<ImportRow, Vec<RowIssue>> {
        let names = ImportKind::TrainingAbroad.columns();
        let header = Header::resolve(ImportKind::TrainingAbroad, &names, false).unwrap();
        let mut fields = vec![
            "TA1",
            "P1",
            "王",
            "伟",
            "M",
            "1965-04-01",
            "SAFEA-2009-017",
            "senior_civil_servants",
            "US",
            "Synthetic School of Government",
            "Synthetic Provincial Department",
            "special_fund",
            "G2009-001",
            "2009-09-07",
            "2009-09-27",
        ];
        for (column, value) in changes {
            let i = names.iter().position(|n| n == column).unwrap();
            fields[i] = value;
        }
        validate_row(&header, &fields, today())
    }

    fn record(r: Result<ImportRow, Vec<RowIssue>>) -> TrainingRecord {
        match r.unwrap().record {
            ImportRecord::Training(t) => t,
            other => panic!("wrong record {other:?}"),
        }
    }

    fn issues(r: Result<ImportRow, Vec<RowIssue>>) -> Vec<(String, String, &'static str)> {
        r.unwrap_err()
            .into_iter()
            .map(|i| (i.column, i.value, i.reason))
            .collect()
    }

    #[test]
    fn a_participation_gets_its_duration_class_and_destination_scope() {
        let ok = row(&[]).unwrap();
        assert_eq!(ok.person.nationality, "CN");
        assert_eq!(ok.person.name_native.as_deref(), Some("王伟"));
        let t = record(Ok(ok));
        assert_eq!(t.programme_type, ProgrammeType::SeniorCivilServants);
        assert_eq!(t.funding_channel, Some(FundingChannel::SpecialFund));
        assert_eq!(t.duration_class, DurationClass::ShortTerm);
        assert_eq!(t.destination_scope, DestinationScope::Foreign);
        // TA-R1: 90 days with both ends counted is mid- and long-term; 89 is not.
        let long = record(row(&[
            ("departure_date", "2009-03-01"),
            ("return_date", "2009-05-29"),
        ]));
        assert_eq!(long.duration_class, DurationClass::MidLongTerm);
        let short = record(row(&[
            ("departure_date", "2009-03-01"),
            ("return_date", "2009-05-28"),
        ]));
        assert_eq!(short.duration_class, DurationClass::ShortTerm);
        // Hong Kong and Macao are 出境 destinations; the funding channel may be left empty;
        // a group may leave and return on the same day, and over the new year.
        let hk = record(row(&[("host_country", "HK"), ("funding_channel", "")]));
        assert_eq!(hk.destination_scope, DestinationScope::Hmt);
        assert_eq!(hk.funding_channel, None);
        assert!(row(&[("return_date", "2009-09-07")]).is_ok());
        let new_year = record(row(&[
            ("departure_date", "2009-12-31"),
            ("return_date", "2010-01-20"),
        ]));
        assert_eq!(new_year.departure_date, day("2009-12-31"));
    }

    #[test]
    fn every_problem_of_a_training_row_is_named_with_its_value() {
        assert_eq!(
            issues(row(&[
                ("programme_type", "sightseeing"),
                ("host_country", "ZZ"),
                ("funding_channel", "lottery"),
                ("group_code", ""),
                ("return_date", "2009-09-06"),
            ])),
            vec![
                (
                    "programme_type".to_owned(),
                    "sightseeing".to_owned(),
                    "unknown_value"
                ),
                (
                    "host_country".to_owned(),
                    "ZZ".to_owned(),
                    "unknown_country"
                ),
                (
                    "funding_channel".to_owned(),
                    "lottery".to_owned(),
                    "unknown_value"
                ),
                ("group_code".to_owned(), String::new(), "required"),
                (
                    "return_date".to_owned(),
                    "2009-09-06".to_owned(),
                    "return_before_departure"
                ),
            ]
        );
        let long = "x".repeat(201);
        assert_eq!(
            issues(row(&[
                ("host_country", "CN"),
                ("programme_code", ""),
                ("host_institution", &long),
                ("sending_unit", " "),
                ("departure_date", "2027-01-01"),
                ("return_date", ""),
            ])),
            vec![
                ("programme_code".to_owned(), String::new(), "required"),
                ("host_country".to_owned(), "CN".to_owned(), "not_allowed"),
                ("host_institution".to_owned(), long.clone(), "too_long"),
                ("sending_unit".to_owned(), String::new(), "required"),
                (
                    "departure_date".to_owned(),
                    "2027-01-01".to_owned(),
                    "in_future"
                ),
                ("return_date".to_owned(), String::new(), "required"),
            ]
        );
    }

    #[test]
    fn the_training_header_names_its_columns_and_may_leave_out_the_funding_channel() {
        let mut names = ImportKind::TrainingAbroad.columns();
        assert_eq!(names.len(), 15);
        assert_eq!(
            ImportKind::parse("training-abroad"),
            Some(ImportKind::TrainingAbroad)
        );
        names.retain(|n| *n != "funding_channel");
        assert!(Header::resolve(ImportKind::TrainingAbroad, &names, false).is_ok());
        names.retain(|n| *n != "group_code");
        let missing = Header::resolve(ImportKind::TrainingAbroad, &names, false).unwrap_err();
        assert_eq!(missing[0].column, "group_code");
        assert_eq!(missing[0].reason, "missing_column");
    }
}
