//! The case kernel. A case is a row (type, id, version, status, kind, category, status_since,
//! due_date) plus its steps, its reviews and its audit trail; the store keeps those, and this
//! module holds the rules, which are data:
//!
//! - [`workflow`]: the states a case of a type moves through and the steps between them —
//!   who may take each, comments, extra fields, irreversible steps, maker-checker, windows
//!   (an objection period) and quorum, deadlines in working days — declared in TOML
//!   (`data/work-permits/workflow.toml`, `data/coverage/certificate-workflow.toml`);
//! - [`panel`]: review panels — criteria, weights and scales, quorum, conflicts of interest,
//!   how reviewers' scores combine — and the ranking of scored cases within a budget or a
//!   number of places.
//!
//! Pure rules: no IO, no async, no SQL. Callers pass what the store knows (the case's history,
//! the day it entered its state, whether its panel has reached quorum).

pub mod panel;
pub mod workflow;

pub use panel::{
    rank, Candidate, Combine, Criterion, Decision, PanelRefusal, PanelRule, Quota, Review,
};
pub use workflow::{
    DayCount, PastStep, StateDef, StepCheck, TakeError, Transition, Window, Workflow, WorkflowError,
};
