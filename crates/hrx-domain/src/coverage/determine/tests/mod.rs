//! Tests of the determination: every agreement at its boundaries, the scenarios as a table of
//! cases, and validation.

mod boundaries;
mod fixtures;
mod scenarios;
mod validation;

use super::STEP_CODES;

/// The determination's source without its tests.
const SOURCES: [&str; 4] = [
    include_str!("../mod.rs"),
    include_str!("../input.rs"),
    include_str!("../steps.rs"),
    include_str!("../savings.rs"),
];

#[test]
fn every_emitted_code_is_listed() {
    let mut listed: Vec<&str> = STEP_CODES.to_vec();
    listed.sort_unstable();
    listed.dedup();
    assert_eq!(listed.len(), STEP_CODES.len());
    let body: String = SOURCES
        .iter()
        .map(|source| source.split("#[cfg(test)]").next().unwrap_or_default())
        .collect();
    for code in STEP_CODES {
        assert!(body.contains(&format!("\"{code}\"")), "{code}");
    }
}
