//! The case kernel's store. A case is a row of its type's own table (`case_type` names it)
//! with `id`, `version`, `status`, `status_since` and `due_date`; its history of steps, its
//! assignments and its panel's reviews live in the kernel's tables (`case_step`,
//! `case_assignment`, `case_review`), the same on SQLite and PostgreSQL.
//!
//! Taking a step is one fixed sequence, written once here: [`Store::open_step`] checks the
//! workflow (state, kind, role, comment, maker-checker, window, quorum) after locking the row
//! and refusing a stale version; the case type then runs its own effects on the open
//! transaction; [`OpenStep::apply`] writes the one UPDATE with the new status, due date and the
//! type's own columns and appends the step; [`OpenStep::commit`] audits before and after and
//! commits. A case type is its workflow data, its table and a [`CaseType`] impl.

pub(crate) mod queue;
mod reviews;
mod steps;

pub use queue::{QueueCase, QueuePage, QueueQuery, QueueSort};
pub use reviews::{PanelInput, PanelReview, PanelSummary, ReviewInput};
pub use steps::{transitions_of, Value};
pub use steps::{OpenStep, StepRequest, TransitionRecord};

use crate::StoreError;
use hrx_domain::access::Scope;
use hrx_domain::statistics::series::Family;
use hrx_domain::workflow::Workflow;
use serde::Serialize;
use std::future::Future;

/// What the kernel reads of any case.
#[derive(Debug, Clone, Copy)]
pub struct CaseHead<'a> {
    pub version: i64,
    pub status: &'a str,
    /// The case's kind, which selects the transitions that apply (`new`, `outbound` …).
    pub kind: &'a str,
    /// The day the case entered its status (ISO date).
    pub status_since: &'a str,
}

/// One case type on the kernel.
pub trait CaseType: Send + Sync + 'static {
    /// The type's own table, the audit entity type and `case_step.case_type`.
    const TYPE: &'static str;
    /// How a refusal names the case ("the application is submitted").
    const NOUN: &'static str;
    type Record: Serialize + Send + Sync;

    fn workflow() -> Result<&'static Workflow, &'static str>;

    fn head(record: &Self::Record) -> CaseHead<'_>;

    /// The published series a step changes, refreshed for the case's person in the step's
    /// transaction; none by default.
    fn refreshes(_action: &str) -> &'static [Family] {
        &[]
    }

    /// The person whose figures the case counts in.
    fn person(_record: &Self::Record) -> Option<i64> {
        None
    }

    /// The case with its history, if it exists within the scope.
    fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        scope: Scope,
    ) -> impl Future<Output = Result<Option<Self::Record>, StoreError>> + Send;
}

/// The rows a kernel table (`case_step`, `case_review`, ...) holds for one case, oldest first.
/// `select` is the query up to its `FROM` table.
async fn rows_of_case(
    conn: &mut sqlx::AnyConnection,
    select: &str,
    case_type: &str,
    case_id: i64,
) -> Result<Vec<sqlx::any::AnyRow>, StoreError> {
    let sql = format!("{select} WHERE case_type = $1 AND case_id = $2 ORDER BY id");
    Ok(sqlx::query(&sql)
        .bind(case_type)
        .bind(case_id)
        .fetch_all(conn)
        .await?)
}
