//! Nationals in international organisations (spec `international-organisations.md`, issue
//! 20): the UN grades as data (`grades`), the UN Secretariat's desirable ranges and a
//! State's status (`range`), and the matching of a roster candidate to a vacancy
//! (`matching`, an HRX convention). Pure.

pub mod grades;
pub mod matching;
pub mod range;
#[cfg(test)]
mod tests;

pub use matching::{match_candidate, CandidateFacts, MatchResult, VacancyNeeds};
pub use range::{RangeInput, RangeResult};
