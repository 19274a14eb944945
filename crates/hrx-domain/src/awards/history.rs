//! The history of every known award round (`data/awards/awards-history.csv`, the spec's file
//! byte for byte): laureates per round, the ceremony, the cumulative totals the sources state
//! or that are derived from them, with status and source. The cumulative chain runs from
//! 2003 (716 Friendship Award laureates) and from 1995 for the ISTC.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const HISTORY_CSV: &str = include_str!("../../../../data/awards/awards-history.csv");

/// One round of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryRound {
    pub award: String,
    pub award_year: i32,
    pub ceremony_date: Option<String>,
    pub laureates_individuals: Option<i64>,
    pub laureates_organisations: Option<i64>,
    pub laureate_countries: Option<i64>,
    pub cumulative_individuals: Option<i64>,
    pub cumulative_organisations: Option<i64>,
    pub cumulative_countries: Option<i64>,
    /// `confirmed`, `unconfirmed` or `derived`.
    pub status: String,
    pub source: String,
    #[serde(default)]
    pub notes: String,
}

fn parse(text: &str) -> Result<Vec<HistoryRound>, String> {
    let rows: Vec<HistoryRound> = csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| format!("awards-history.csv row {}: {e}", i + 2)))
        .collect::<Result<_, _>>()?;
    for r in &rows {
        if !super::AWARDS.contains(&r.award.as_str())
            || !["confirmed", "unconfirmed", "derived"].contains(&r.status.as_str())
        {
            return Err(format!("awards-history.csv: {} {}", r.award, r.award_year));
        }
    }
    Ok(rows)
}

static HISTORY: LazyLock<Result<Vec<HistoryRound>, String>> = LazyLock::new(|| parse(HISTORY_CSV));

/// The shipped rounds, in the file's order (by award, then year).
pub fn rounds() -> Result<&'static [HistoryRound], &'static str> {
    HISTORY.as_ref().map(Vec::as_slice).map_err(String::as_str)
}

/// One round's laureates as a cumulative count sees it: individuals only (organisations are
/// counted apart, spec §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundCount {
    pub year: i32,
    /// The laureates of the round, where known.
    pub laureates: Option<i64>,
    /// The cumulative total the sources state (or derive) at the end of the round.
    pub stated_total: Option<i64>,
}

/// The cumulative number of individual laureates at the end of award year `year`: the last
/// total stated at or before `year`, plus the laureates of every later round up to `year`.
/// `None` before the first stated total, or when a round after it has no count.
pub fn cumulative(rounds: &[RoundCount], year: i32) -> Option<i64> {
    let mut sorted: Vec<&RoundCount> = rounds.iter().filter(|r| r.year <= year).collect();
    sorted.sort_by_key(|r| r.year);
    let anchor = sorted.iter().rposition(|r| r.stated_total.is_some())?;
    let mut total = sorted[anchor].stated_total?;
    for r in &sorted[anchor + 1..] {
        total += r.laureates?;
    }
    Some(total)
}

/// The counts of an award's shipped rounds.
pub fn counts(award: &str) -> Result<Vec<RoundCount>, &'static str> {
    Ok(rounds()?
        .iter()
        .filter(|r| r.award == award)
        .map(|r| RoundCount {
            year: r.award_year,
            laureates: r.laureates_individuals,
            stated_total: r.cumulative_individuals,
        })
        .collect())
}
