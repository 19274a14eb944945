//! The UN common-system grades (`data/intorgs/un-grades.csv`, the spec's `un-grades.csv`):
//! category, order within it, and the UN Secretariat's typical minimum years of experience,
//! which matching falls back on when a vacancy states none (spec §1.2).

use serde::Deserialize;
use std::sync::LazyLock;

const GRADES_CSV: &str = include_str!("../../../../data/intorgs/un-grades.csv");

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Grade {
    pub grade: String,
    pub category: String,
    pub level_order: u32,
    pub typical_min_years_experience: Option<f64>,
    pub notes: String,
    pub source: String,
}

fn parse(text: &str) -> Result<Vec<Grade>, String> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| format!("un-grades.csv row {}: {e}", i + 2)))
        .collect()
}

static GRADES: LazyLock<Result<Vec<Grade>, String>> = LazyLock::new(|| parse(GRADES_CSV));

/// The shipped grades, or why they do not parse (a test keeps them parsing).
pub fn grades() -> Result<&'static [Grade], &'static str> {
    GRADES.as_ref().map(Vec::as_slice).map_err(String::as_str)
}

/// The typical minimum years of experience of a grade, where the table has one.
pub fn typical_min_years(grade: &str) -> Option<f64> {
    grades()
        .ok()?
        .iter()
        .find(|g| g.grade.eq_ignore_ascii_case(grade.trim()))
        .and_then(|g| g.typical_min_years_experience)
}
