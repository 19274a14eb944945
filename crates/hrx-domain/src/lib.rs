//! The ministry's rules in pure Rust: value types that validate on construction, rule
//! engines and reference tables. No IO, no async, no SQL.

pub mod access;
pub mod audit;
pub mod calendar;
pub mod case;
pub mod coverage;
pub mod error;
pub mod imports;
pub mod permits;
pub mod reference;
pub mod registry;
pub mod returnees;
pub mod statistics;
pub mod students;
pub mod synthetic;

/// Workflows at their old path, `hrx_domain::workflow`, for the crates written before the case
/// kernel: everything of [`case::workflow`], except that `WorkflowError` here names
/// [`case::workflow::TakeError`], the three refusals [`case::workflow::Workflow::take`] gives,
/// so that matches written against it stay exhaustive. New code uses `case::workflow` and
/// `Workflow::check_step`.
pub mod workflow {
    pub use crate::case::workflow::TakeError as WorkflowError;
    pub use crate::case::workflow::*;
}
pub use error::{FieldError, FieldErrors};
