//! The desirable ranges on record (`data/intorgs/desirable-range-cases.csv`, the spec's cases):
//! each reporting period's parameters and a Member State's factors, the range computed by
//! §6.1 where the base figure is known, beside the range and staff count a source published,
//! and the status (§6.2) against the published limits where there are some, else the
//! computed ones.

use super::range::{status, RangeInput, RangeResult, Weights};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const CASES_CSV: &str = include_str!("../../../../data/intorgs/desirable-range-cases.csv");

#[derive(Debug, Clone, Deserialize)]
struct Row {
    case_id: String,
    kind: String,
    report_or_basis: String,
    reference_date: String,
    member_state: String,
    n_member_states: i64,
    base_figure: Option<f64>,
    weight_membership: f64,
    weight_population: f64,
    weight_contribution: f64,
    population_share: Option<f64>,
    assessment_rate: Option<f64>,
    published_lower: Option<i64>,
    published_upper: Option<i64>,
    staff_in_geo_posts: Option<i64>,
    expected_status: Option<String>,
    source: String,
    notes: String,
}

/// One range on record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RangeOnRecord {
    pub case_id: String,
    /// `published` (as a source printed it) or `derived` (the formula with a fitted or
    /// assumed base figure).
    pub kind: String,
    pub report: String,
    pub reference_date: String,
    /// The State as the source names it, and its ISO 3166-1 alpha-2 code where it has one.
    pub member_state: String,
    pub country: Option<&'static str>,
    pub member_states: i64,
    pub base_figure: Option<f64>,
    pub population_share: Option<f64>,
    pub assessment_rate: Option<f64>,
    /// The range by §6.1, where the base figure and the factors are known.
    pub computed: Option<RangeResult>,
    pub published_lower: Option<i64>,
    pub published_upper: Option<i64>,
    pub staff: Option<i64>,
    /// §6.2 against the published limits, else the computed ones; `None` without a staff
    /// count or limits.
    pub status: Option<&'static str>,
    /// The status the source gives.
    pub published_status: Option<String>,
    pub source: String,
    pub notes: String,
}

fn country(name: &str) -> Option<&'static str> {
    match name {
        "China" => Some("CN"),
        "India" => Some("IN"),
        "United Kingdom" => Some("GB"),
        _ => None,
    }
}

fn parse(text: &str) -> Result<Vec<RangeOnRecord>, String> {
    let rows: Vec<Row> = csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| format!("desirable-range-cases.csv row {}: {e}", i + 2)))
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|r| {
            let computed = match (r.base_figure, r.population_share, r.assessment_rate) {
                (Some(b), Some(p), Some(a)) => Some(
                    RangeInput {
                        base_figure: b,
                        member_states: r.n_member_states,
                        population_share: p,
                        assessment_rate: a,
                        staff: r.staff_in_geo_posts,
                        weights: Some(Weights {
                            membership: r.weight_membership,
                            population: r.weight_population,
                            contribution: r.weight_contribution,
                        }),
                        flex_pct: None,
                        min_flex: None,
                        min_upper: None,
                        near_threshold: None,
                    }
                    .compute()
                    .map_err(|e| format!("{}: {e:?}", r.case_id))?,
                ),
                _ => None,
            };
            let limits = match (r.published_lower, r.published_upper, &computed) {
                (Some(lo), Some(hi), _) => Some((lo, hi)),
                (_, _, Some(c)) => Some((c.display_lower, c.display_upper)),
                _ => None,
            };
            Ok(RangeOnRecord {
                status: match (r.staff_in_geo_posts, limits) {
                    (Some(s), Some((lo, hi))) => Some(status(s, lo, hi)),
                    _ => None,
                },
                country: country(&r.member_state),
                case_id: r.case_id,
                kind: r.kind,
                report: r.report_or_basis,
                reference_date: r.reference_date,
                member_state: r.member_state,
                member_states: r.n_member_states,
                base_figure: r.base_figure,
                population_share: r.population_share,
                assessment_rate: r.assessment_rate,
                computed,
                published_lower: r.published_lower,
                published_upper: r.published_upper,
                staff: r.staff_in_geo_posts,
                published_status: r.expected_status.filter(|s| !s.is_empty()),
                source: r.source,
                notes: r.notes,
            })
        })
        .collect()
}

static RANGES: LazyLock<Result<Vec<RangeOnRecord>, String>> = LazyLock::new(|| parse(CASES_CSV));

/// The ranges on record, or why the file does not parse (a test keeps it parsing).
pub fn on_record() -> Result<&'static [RangeOnRecord], &'static str> {
    RANGES.as_ref().map(Vec::as_slice).map_err(String::as_str)
}

/// The ranges on record of one State (by ISO code), oldest first.
pub fn of_country(code: &str) -> Result<Vec<&'static RangeOnRecord>, &'static str> {
    let mut list: Vec<&RangeOnRecord> = on_record()?
        .iter()
        .filter(|r| r.country == Some(code))
        .collect();
    list.sort_by(|a, b| {
        a.reference_date
            .cmp(&b.reference_date)
            .then(a.case_id.cmp(&b.case_id))
    });
    Ok(list)
}
