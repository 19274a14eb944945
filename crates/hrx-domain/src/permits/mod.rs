//! Work permits for foreigners working in China (2017 classification standard).

pub mod application;
mod claims;
pub mod documents;
pub mod points;
pub mod routes;
pub mod validity;

pub use points::{assess, Assessment, AssessmentInput, Factor, PointsTable, EDUCATION_CODES};

use crate::workflow::Workflow;
use std::sync::LazyLock;

const WORKFLOW_TOML: &str = include_str!("../../../../data/work-permits/workflow.toml");

static WORKFLOW: LazyLock<Result<Workflow, String>> =
    LazyLock::new(|| Workflow::parse(WORKFLOW_TOML));

/// The application workflow as shipped (`data/work-permits/workflow.toml`).
pub fn workflow() -> Result<&'static Workflow, &'static str> {
    WORKFLOW.as_ref().map_err(|e| e.as_str())
}

/// Kinds of work-permit application.
pub const APPLICATION_KINDS: [&str; 4] = ["new", "extension", "change", "cancellation"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_workflow_runs_from_draft_to_an_active_permit() {
        let w = workflow().unwrap_or_else(|e| panic!("{e}"));
        let path = [
            ("submit", "employer", None),
            ("accept", "officer", None),
            ("approve", "officer", None),
            ("issue_notice", "officer", None),
            ("issue_card", "officer", None),
            ("activate", "officer", None),
        ];
        let mut state = w.initial.clone();
        for (action, role, comment) in path {
            state = w
                .take(&state, "new", action, role, comment)
                .map(|t| t.to.clone())
                .unwrap_or_else(|e| panic!("{action}: {e}"));
        }
        assert_eq!(state, "active");
        assert!(
            w.take("accepted", "new", "refuse", "officer", None)
                .is_err(),
            "a refusal needs its reason"
        );
        assert!(w
            .take("approved", "extension", "issue_notice", "officer", None)
            .is_err());
        assert_eq!(
            w.take("approved", "extension", "apply_extension", "officer", None)
                .map(|t| t.to.as_str()),
            Ok("extended")
        );
        assert!(
            w.take("submitted", "new", "approve", "officer", None)
                .is_err(),
            "no skipping acceptance"
        );
        assert!(
            w.take("submitted", "new", "accept", "employer", None)
                .is_err(),
            "employers do not review"
        );
        assert_eq!(w.deadline_days("accepted", Some("A")), Some(5));
        assert_eq!(w.deadline_days("accepted", Some("C")), Some(10));
        assert_eq!(w.deadline_days("submitted", None), Some(5));
    }
}
