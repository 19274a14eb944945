//! UN examinations held in China (spec §3.1, §3.2, §4.2, §5.6): the sessions the sources
//! confirm (`data/intorgs/exams.csv`, with their published figures and sources), and the
//! statuses a candidate goes through, in order.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const EXAMS_CSV: &str = include_str!("../../../../data/intorgs/exams.csv");

/// The examination programmes.
pub const PROGRAMMES: [&str; 4] = ["NCRE", "YPP", "LPE", "other"];

/// An examination session as shipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExamSession {
    pub code: String,
    /// `NCRE`, `YPP`, `LPE` or `other`.
    pub programme: String,
    pub year: i32,
    pub written_date: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub organiser: String,
    /// Subjects (job families), separated by `;` in the file.
    #[serde(default)]
    pub subjects: Option<String>,
    pub published_applicants: Option<i64>,
    pub published_sat: Option<i64>,
    pub published_passed: Option<i64>,
    #[serde(default)]
    pub note: String,
    pub source: String,
}

fn parse(text: &str) -> Result<Vec<ExamSession>, String> {
    let rows: Vec<ExamSession> = csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| format!("exams.csv row {}: {e}", i + 2)))
        .collect::<Result<_, _>>()?;
    for r in &rows {
        if !PROGRAMMES.contains(&r.programme.as_str()) {
            return Err(format!("{}: unknown programme {}", r.code, r.programme));
        }
    }
    Ok(rows)
}

static SESSIONS: LazyLock<Result<Vec<ExamSession>, String>> = LazyLock::new(|| parse(EXAMS_CSV));

/// The shipped sessions, oldest first.
pub fn shipped_sessions() -> Result<&'static [ExamSession], &'static str> {
    SESSIONS.as_ref().map(Vec::as_slice).map_err(String::as_str)
}

/// A candidate's statuses (§5.6).
pub const CANDIDATE_STATUSES: [&str; 10] = [
    "applied",
    "screened_in",
    "screened_out",
    "sat",
    "absent",
    "passed_written",
    "failed_written",
    "interviewed",
    "successful",
    "unsuccessful",
];

/// The statuses a candidate may move to from `from` (§5.6, in the order of the
/// examination: screening, the written papers, the interview, the roster).
pub fn next_statuses(from: &str) -> &'static [&'static str] {
    match from {
        "applied" => &["screened_in", "screened_out"],
        "screened_in" => &["sat", "absent"],
        "sat" => &["passed_written", "failed_written"],
        "passed_written" => &["interviewed"],
        "interviewed" => &["successful", "unsuccessful"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_confirmed_history_ships_and_candidates_move_in_order() {
        let s = shipped_sessions().unwrap();
        assert_eq!(s.len(), 5);
        let first = s.iter().find(|x| x.code == "NCRE-1995-CN").unwrap();
        assert_eq!(first.published_passed, Some(6));
        let ncre_2001 = s.iter().find(|x| x.code == "NCRE-2001-CN").unwrap();
        assert_eq!(ncre_2001.published_sat, Some(188));
        assert_eq!(next_statuses("applied"), ["screened_in", "screened_out"]);
        assert!(next_statuses("successful").is_empty());
        assert!(parse("code,programme,year,written_date,city,country,organiser,subjects,published_applicants,published_sat,published_passed,note,source\nX,QUIZ,2001,,,CN,o,,,,,n,s\n").is_err());
    }
}
