//! Published statistics: the indicator catalogue, kept as data in
//! `data/statistics/indicators.toml` (definitions from the 2010 white paper, through
//! ../shared/spec/indicators.md).

pub mod series;

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::LazyLock;

const CATALOGUE_TOML: &str = include_str!("../../../../data/statistics/indicators.toml");

/// How an indicator aggregates over time.
pub const KINDS: [&str; 3] = ["stock", "flow", "cumulative"];
/// What an indicator counts.
pub const COUNTINGS: [&str; 8] = [
    "persons",
    "person_times",
    "documents",
    "countries",
    "conventions",
    "organisations",
    "agreements",
    "events",
];
/// The breakdowns any indicator may offer (spec: "where the data has them").
pub const BREAKDOWNS: [&str; 26] = [
    "class",
    "destination_country",
    "nationality",
    "funding",
    "isced_level",
    "sex",
    "province",
    "category",
    "agreement",
    "direction",
    "occupation",
    "scholarship",
    "agreement_kind",
    "event_kind",
    "programme_type",
    "host_country",
    "sending_unit",
    "duration_class",
    "destination_scope",
    "organisation",
    "organisation_type",
    "grade_band",
    "sar_passport",
    "origin",
    "expert_class",
    "sector",
];

/// One indicator of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub code: String,
    /// The capability whose records it is computed from.
    pub capability: String,
    pub name_en: String,
    pub name_zh: String,
    pub unit: String,
    /// `stock`, `flow` or `cumulative`.
    pub kind: String,
    /// For cumulative indicators: the first day counted.
    #[serde(default)]
    pub cumulative_from: Option<String>,
    /// `persons` (distinct people), `person_times`, `documents` or `countries`.
    pub counting: String,
    pub breakdowns: Vec<String>,
    pub definition_en: String,
    pub definition_zh: String,
}

#[derive(Deserialize)]
struct CatalogueFile {
    indicator: Vec<Indicator>,
}

/// Parses and checks a catalogue: codes unique and lowercase, kinds, countings and
/// breakdowns from the closed lists, a start date for cumulative indicators only.
pub fn parse_catalogue(text: &str) -> Result<Vec<Indicator>, String> {
    let file: CatalogueFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut seen = HashSet::new();
    for i in &file.indicator {
        if !seen.insert(i.code.as_str()) {
            return Err(format!("indicator {} is listed twice", i.code));
        }
        if i.code.is_empty() || !i.code.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(format!(
                "indicator code {:?} is not lowercase_with_underscores",
                i.code
            ));
        }
        if !KINDS.contains(&i.kind.as_str()) {
            return Err(format!("{}: unknown kind {}", i.code, i.kind));
        }
        if !COUNTINGS.contains(&i.counting.as_str()) {
            return Err(format!("{}: unknown counting {}", i.code, i.counting));
        }
        if let Some(b) = i
            .breakdowns
            .iter()
            .find(|b| !BREAKDOWNS.contains(&b.as_str()))
        {
            return Err(format!("{}: unknown breakdown {b}", i.code));
        }
        let from_ok = match (&i.cumulative_from, i.kind.as_str()) {
            (Some(d), "cumulative") => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok(),
            (None, "cumulative") => false,
            (Some(_), _) => false,
            (None, _) => true,
        };
        if !from_ok {
            return Err(format!(
                "{}: cumulative_from is for cumulative indicators, as a date",
                i.code
            ));
        }
        for (field, value) in [
            ("name_en", &i.name_en),
            ("name_zh", &i.name_zh),
            ("definition_en", &i.definition_en),
            ("definition_zh", &i.definition_zh),
        ] {
            if value.trim().is_empty() {
                return Err(format!("{}: {field} is empty", i.code));
            }
        }
    }
    Ok(file.indicator)
}

/// A figure published for an indicator and period, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishedFigure {
    pub code: String,
    pub period: String,
    pub value: i64,
    /// `over` for a figure published as "more than" its value (80多个国家).
    #[serde(default)]
    pub qualifier: Option<String>,
    pub source_en: String,
    pub source_zh: String,
}

#[derive(Deserialize)]
struct PublishedFile {
    figure: Vec<PublishedFigure>,
}

const PUBLISHED_TOML: &str = include_str!("../../../../data/statistics/published.toml");

/// Parses the published figures; each must name an indicator of `catalogue` and a period.
pub fn parse_published(
    text: &str,
    catalogue: &[Indicator],
) -> Result<Vec<PublishedFigure>, String> {
    let file: PublishedFile = toml::from_str(text).map_err(|e| e.to_string())?;
    for f in &file.figure {
        if !catalogue.iter().any(|i| i.code == f.code) {
            return Err(format!("published figure for unknown indicator {}", f.code));
        }
        if series::Period::parse(&f.period).is_none_or(|p| p.label != f.period) {
            return Err(format!(
                "{}: period {} is not a year, quarter or month",
                f.code, f.period
            ));
        }
    }
    Ok(file.figure)
}

static PUBLISHED: LazyLock<Result<Vec<PublishedFigure>, String>> =
    LazyLock::new(|| parse_published(PUBLISHED_TOML, catalogue().map_err(str::to_owned)?));

/// The shipped published figures.
pub fn published() -> Result<&'static [PublishedFigure], &'static str> {
    PUBLISHED
        .as_ref()
        .map(Vec::as_slice)
        .map_err(String::as_str)
}

/// The figure published for an indicator and period, if any.
pub fn published_figure(code: &str, period: &str) -> Option<&'static PublishedFigure> {
    published()
        .ok()?
        .iter()
        .find(|f| f.code == code && f.period == period)
}

static CATALOGUE: LazyLock<Result<Vec<Indicator>, String>> =
    LazyLock::new(|| parse_catalogue(CATALOGUE_TOML));

/// The shipped catalogue.
pub fn catalogue() -> Result<&'static [Indicator], &'static str> {
    CATALOGUE
        .as_ref()
        .map(Vec::as_slice)
        .map_err(String::as_str)
}

pub fn indicator(code: &str) -> Option<&'static Indicator> {
    catalogue().ok()?.iter().find(|i| i.code == code)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_shipped_catalogue_has_every_indicator_of_the_spec() {
        let codes: Vec<&str> = catalogue()
            .unwrap()
            .iter()
            .map(|i| i.code.as_str())
            .collect();
        assert_eq!(
            codes,
            [
                "outbound_students_cumulative",
                "returned_students_cumulative",
                "outbound_departures",
                "studying_abroad",
                "foreign_students",
                "foreign_students_cumulative",
                "foreign_student_source_countries",
                "work_permits_valid",
                "work_permits_issued",
                "coverage_exemptions_active",
                "coverage_certificates_issued",
                "ilo_conventions_ratified",
                "ilo_conventions_in_force",
                "partner_countries",
                "partner_organisations_at_year_end",
                "cooperation_agreements_in_force",
                "social_security_agreements_in_force",
                "cooperation_events",
                "trainees_sent_abroad",
                "trainees_sent_abroad_persons",
                "nationals_in_international_organisations",
                "foreign_experts_came_to_work",
                "foreign_experts_persons",
                "friendship_awards_cumulative",
                "friendship_awards_conferred",
                "istc_awards_cumulative",
            ]
        );
        // Every indicator listed is computed, and its breakdowns are the keys its records give.
        for i in catalogue().unwrap() {
            assert!(series::formula(&i.code).is_some(), "{}", i.code);
        }
        let outbound = indicator("outbound_students_cumulative").unwrap();
        assert_eq!(
            (outbound.kind.as_str(), outbound.counting.as_str()),
            ("cumulative", "persons")
        );
        assert_eq!(outbound.cumulative_from.as_deref(), Some("1978-01-01"));
        assert_eq!(
            indicator("foreign_students").unwrap().counting,
            "person_times"
        );
        assert_eq!(indicator("work_permits_valid").unwrap().kind, "stock");
        assert_eq!(
            published_figure("outbound_students_cumulative", "2009").map(|f| f.value),
            Some(1_620_700)
        );
        assert_eq!(published().unwrap().len(), 13);
        assert!(parse_published(
            "[[figure]]\ncode = \"nope\"\nperiod = \"2009\"\nvalue = 1\nsource_en = \"s\"\nsource_zh = \"s\"\n",
            catalogue().unwrap()
        )
        .is_err());
    }

    #[test]
    fn a_broken_catalogue_is_refused_with_the_reason() {
        let one = |extra: &str| {
            format!(
                "[[indicator]]\ncode = \"x\"\ncapability = \"c\"\nname_en = \"X\"\nname_zh = \"X\"\nunit = \"persons\"\ncounting = \"persons\"\nbreakdowns = []\ndefinition_en = \"d\"\ndefinition_zh = \"d\"\n{extra}"
            )
        };
        assert!(parse_catalogue(&one("kind = \"flow\"")).is_ok());
        assert!(parse_catalogue(&one("kind = \"average\""))
            .unwrap_err()
            .contains("unknown kind"));
        assert!(parse_catalogue(&one("kind = \"cumulative\""))
            .unwrap_err()
            .contains("cumulative_from"));
        let twice = format!("{}\n{}", one("kind = \"flow\""), one("kind = \"flow\""));
        assert!(parse_catalogue(&twice).unwrap_err().contains("twice"));
    }
}
