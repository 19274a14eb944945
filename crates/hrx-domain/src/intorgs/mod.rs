//! Nationals in international organisations (spec `international-organisations.md`, issue
//! 20): the UN grades as data (`grades`), the UN Secretariat's desirable ranges and a
//! State's status (`range`), and the matching of a roster candidate to a vacancy
//! (`matching`, an HRX convention). Pure.

pub mod exams;
pub mod grades;
pub mod matching;
pub mod periods;
pub mod range;
pub mod register;
pub mod roster;
pub mod serving;
#[cfg(test)]
mod tests;
pub mod vacancy;

pub use matching::{match_candidate, CandidateFacts, MatchResult, VacancyNeeds};
pub use range::{RangeInput, RangeResult};
pub use roster::RosterFields;

const RECOMMENDATION_WORKFLOW_TOML: &str =
    include_str!("../../../../data/intorgs/recommendation-workflow.toml");

static RECOMMENDATION_WORKFLOW: std::sync::LazyLock<Result<crate::workflow::Workflow, String>> =
    std::sync::LazyLock::new(|| crate::workflow::Workflow::parse(RECOMMENDATION_WORKFLOW_TOML));

/// The recommendation workflow as shipped (`data/intorgs/recommendation-workflow.toml`).
pub fn recommendation_workflow() -> Result<&'static crate::workflow::Workflow, &'static str> {
    RECOMMENDATION_WORKFLOW.as_ref().map_err(String::as_str)
}
