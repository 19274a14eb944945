//! The ministry's rules in pure Rust: value types that validate on construction, rule
//! engines and reference tables. No IO, no async, no SQL.

pub mod access;
pub mod audit;
pub mod awards;
pub mod calendar;
pub mod case;
pub mod conventions;
pub mod cooperation;
pub mod coverage;
pub mod error;
pub mod imports;
pub mod intorgs;
pub mod permits;
pub mod reference;
pub mod registry;
pub mod returnees;
pub mod statistics;
pub mod students;
pub mod synthetic;
pub mod training;

/// Workflows at their old path, for the crates that name `hrx_domain::workflow`.
pub use case::workflow;
pub use error::{FieldError, FieldErrors};
