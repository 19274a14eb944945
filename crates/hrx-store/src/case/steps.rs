//! Steps of a case: checked against the workflow, written with the case's new state in one
//! transaction with their audit entry, and read back as the case's history.

use super::{rows_of_case, CaseType};
use crate::audit::Change;
use crate::statistics::Refresh;
use crate::{now, opt_text, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::calendar::WorkingCalendar;
use hrx_domain::case::workflow::{PastStep, StepCheck, Workflow, WorkflowError};
use serde::Serialize;

/// One step in a case's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransitionRecord {
    pub from_status: String,
    pub action: String,
    pub to_status: String,
    pub actor: String,
    pub comment: Option<String>,
    pub at: String,
}

/// What every step request carries; a case type adds its own inputs beside it.
#[derive(Debug, Clone, Copy)]
pub struct StepRequest<'a> {
    pub action: &'a str,
    /// The role the workflow names (`employer`, `officer`, `reviewer` …).
    pub role: &'a str,
    pub comment: Option<&'a str>,
    pub expected_version: i64,
    pub today: NaiveDate,
}

/// A value of one of the case type's own columns, set by a step.
#[derive(Debug, Clone)]
pub enum Value {
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
}

/// The case type's own columns a step sets, beside the kernel's.
pub type Patch = Vec<(&'static str, Value)>;

/// A step under way: the row is locked, the version and the workflow checked. The case
/// type runs its effects on `tx`, then calls [`OpenStep::apply`] and [`OpenStep::commit`].
pub struct OpenStep<K: CaseType> {
    pub tx: Tx,
    pub before: K::Record,
    /// The state the step leads to.
    pub to: String,
    /// The time the step is recorded at.
    pub at: String,
    id: i64,
    actor: String,
    action: String,
    comment: Option<String>,
    today: NaiveDate,
    expected_version: i64,
    flow: &'static Workflow,
    calendar: Option<WorkingCalendar>,
    /// The statistics the step changes, refreshed once its state is written.
    refresh: Option<Refresh>,
}

impl Store {
    /// Locks the case, refuses a stale version, and checks the step against the workflow.
    /// Nothing is written yet.
    pub async fn open_step<K: CaseType>(
        &self,
        actor: &str,
        id: i64,
        request: &StepRequest<'_>,
        scope: Scope,
    ) -> Result<OpenStep<K>, StoreError> {
        let flow = K::workflow().map_err(|e| StoreError::Integrity(e.to_owned()))?;
        let dated = flow
            .states
            .iter()
            .any(|s| s.deadline_working_days.is_some() || s.window.is_some());
        let calendar = if dated {
            Some(self.working_calendar().await?)
        } else {
            None
        };
        let mut tx = self.begin_write().await?;
        let locked = self.locked_version(&mut tx, K::TYPE, id).await?;
        let before = K::load(&mut tx, id, scope)
            .await?
            .ok_or(StoreError::NotFound)?;
        let head = K::head(&before);
        if locked != Some(request.expected_version) {
            return Err(StoreError::Stale {
                current: head.version,
            });
        }
        let history = past_steps(&mut tx, K::TYPE, id).await?;
        let quorum = match &flow.panel {
            Some(panel) => Some((
                Store::panel_scores(&mut tx, K::TYPE, id).await?.len(),
                panel.quorum,
            )),
            None => None,
        };
        let check = StepCheck {
            state: head.status,
            kind: head.kind,
            action: request.action,
            role: request.role,
            actor,
            comment: request.comment,
            history: &history
                .iter()
                .map(|(action, actor)| PastStep { action, actor })
                .collect::<Vec<_>>(),
            entered_on: NaiveDate::parse_from_str(
                head.status_since.get(..10).unwrap_or(head.status_since),
                "%Y-%m-%d",
            )
            .unwrap_or(request.today),
            today: request.today,
            calendar: calendar.as_ref().unwrap_or(WorkingCalendar::official()),
            quorum_met: quorum.is_some_and(|(scored, needed)| scored >= needed),
        };
        let transition = flow
            .check_step(&check)
            .map_err(|e| refusal(e, &check, K::NOUN, quorum))?;
        let refresh = match (K::refreshes(request.action), K::person(&before)) {
            (families, Some(person)) if !families.is_empty() => {
                Some(Refresh::begin(&mut tx, self.backend, families, [person]).await?)
            }
            _ => None,
        };
        Ok(OpenStep {
            to: transition.to.clone(),
            at: now(),
            id,
            actor: actor.to_owned(),
            action: request.action.to_owned(),
            comment: request
                .comment
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
            today: request.today,
            expected_version: request.expected_version,
            flow,
            calendar,
            refresh,
            before,
            tx,
        })
    }

    /// Locks a versioned case row for the rest of the transaction and answers its version.
    pub(crate) async fn locked_version(
        &self,
        tx: &mut Tx,
        table: &'static str,
        id: i64,
    ) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT version FROM {table} WHERE id = $1{}",
            self.for_update()
        ))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?)
    }

    /// The steps a case of type `K` has taken, oldest first (for a case type whose record
    /// does not carry its history).
    pub async fn case_steps<K: CaseType>(
        &self,
        id: i64,
    ) -> Result<Vec<TransitionRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        transitions_of(&mut conn, K::TYPE, id).await
    }

    /// A step the system takes on a case inside an open transaction (an extension issued
    /// moves the certificate it extends to `extended`; a call's decision funds its
    /// applications or not). The workflow must declare the step from the case's state; no
    /// user role is checked. Written with the type's own columns, recorded and audited like
    /// any step.
    #[allow(clippy::too_many_arguments)]
    pub async fn system_step<K: CaseType>(
        &self,
        tx: &mut Tx,
        actor: &str,
        id: i64,
        (action, to): (&str, &str),
        comment: Option<&str>,
        today: NaiveDate,
        patch: Patch,
    ) -> Result<(), StoreError> {
        let flow = K::workflow().map_err(|e| StoreError::Integrity(e.to_owned()))?;
        let before = K::load(tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        let from = K::head(&before).status.to_owned();
        if !flow
            .transitions
            .iter()
            .any(|t| t.from == from && t.action == action && t.to == to)
        {
            return Err(StoreError::Refused {
                code: "transition_not_allowed",
                detail: format!("{action} cannot be done while the {} is {from}", K::NOUN),
            });
        }
        let at = now();
        let mut sql = format!(
            "UPDATE {} SET status = $1, status_since = $2, version = version + 1, updated_at = $3",
            K::TYPE
        );
        let n = set_patch(&mut sql, &patch, 4);
        sql.push_str(&format!(" WHERE id = ${n} RETURNING version"));
        let query = bind_patch(
            sqlx::query_scalar(&sql)
                .bind(to)
                .bind(today.to_string())
                .bind(&at),
            patch,
        );
        let version: i64 = query.bind(id).fetch_one(&mut **tx).await?;
        let step = TransitionRecord {
            from_status: from,
            action: action.to_owned(),
            to_status: to.to_owned(),
            actor: actor.to_owned(),
            comment: comment.map(str::to_owned),
            at,
        };
        record_step(tx, K::TYPE, id, &step, version).await?;
        audit_step::<K>(self, tx, actor, action, id, &before)
            .await
            .map(drop)
    }
}

type ScalarQuery<'q> = sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments<'q>>;

/// Appends `, column = $n` for each value of the patch, numbered from `first`, or
/// `, column = NULL` for a missing value, and answers the next parameter's number. (sqlx's Any
/// driver sends a missing f64 to PostgreSQL as a float4, and the cached statement then refuses
/// the next real value; a NULL in the text avoids binding one.)
fn set_patch(sql: &mut String, patch: &Patch, first: usize) -> usize {
    let mut n = first;
    for (column, value) in patch {
        let present = match value {
            Value::Text(v) => v.is_some(),
            Value::Int(v) => v.is_some(),
            Value::Real(v) => v.is_some(),
        };
        if present {
            sql.push_str(&format!(", {column} = ${n}"));
            n += 1;
        } else {
            sql.push_str(&format!(", {column} = NULL"));
        }
    }
    n
}

/// Binds the values [`set_patch`] numbered, in its order.
fn bind_patch(mut query: ScalarQuery<'_>, patch: Patch) -> ScalarQuery<'_> {
    for (_, value) in patch {
        query = match value {
            Value::Text(Some(v)) => query.bind(v),
            Value::Int(Some(v)) => query.bind(v),
            Value::Real(Some(v)) => query.bind(v),
            Value::Text(None) | Value::Int(None) | Value::Real(None) => query,
        };
    }
    query
}

impl<K: CaseType> OpenStep<K> {
    /// Writes the new state: status, the day it was entered, the due date of its deadline
    /// (for a case of `due_category`), the version and the type's own columns; then the step.
    pub async fn apply(
        &mut self,
        due_category: Option<&str>,
        patch: Patch,
    ) -> Result<(), StoreError> {
        let due_date = match (
            &self.calendar,
            self.flow.deadline_days(&self.to, due_category),
        ) {
            (Some(calendar), Some(days)) => {
                Some(calendar.add_working_days(self.today, days).to_string())
            }
            _ => None,
        };
        let mut sql = format!(
            "UPDATE {} SET status = $1, status_since = $2, due_date = $3, version = version + 1, \
             updated_at = $4",
            K::TYPE
        );
        let n = set_patch(&mut sql, &patch, 5);
        sql.push_str(&format!(
            " WHERE id = ${n} AND version = ${} RETURNING version",
            n + 1
        ));
        let query = bind_patch(
            sqlx::query_scalar(&sql)
                .bind(&self.to)
                .bind(self.today.to_string())
                .bind(due_date)
                .bind(&self.at),
            patch,
        );
        let version: i64 = query
            .bind(self.id)
            .bind(self.expected_version)
            .fetch_one(&mut *self.tx)
            .await?;
        let step = TransitionRecord {
            from_status: K::head(&self.before).status.to_owned(),
            action: self.action.clone(),
            to_status: self.to.clone(),
            actor: self.actor.clone(),
            comment: self.comment.clone(),
            at: self.at.clone(),
        };
        record_step(&mut self.tx, K::TYPE, self.id, &step, version).await?;
        match self.refresh.take() {
            Some(refresh) => refresh.finish(&mut self.tx).await,
            None => Ok(()),
        }
    }

    /// Audits the step with the case as it was and as it is now, and commits.
    pub async fn commit(mut self, store: &Store) -> Result<K::Record, StoreError> {
        let after = audit_step::<K>(
            store,
            &mut self.tx,
            &self.actor,
            &self.action,
            self.id,
            &self.before,
        )
        .await?;
        self.tx.commit().await?;
        Ok(after)
    }
}

/// A refused step as the store answers it: an illegal step (409), a role that may not take
/// it (403), a missing reason (refused as `comment_required`, 422 over HTTP), the same person
/// as an earlier step that must be someone else's, an open window, a panel below quorum.
fn refusal(
    e: WorkflowError,
    step: &StepCheck<'_>,
    noun: &str,
    quorum: Option<(usize, usize)>,
) -> StoreError {
    let (code, detail) = match &e {
        WorkflowError::RoleNotPermitted { .. } => return StoreError::Forbidden,
        WorkflowError::NotAllowed { .. } => (
            "transition_not_allowed",
            format!(
                "{} cannot be done while the {noun} is {}",
                step.action, step.state
            ),
        ),
        WorkflowError::CommentRequired { .. } => ("comment_required", e.to_string()),
        WorkflowError::SameActor { .. } => ("same_actor", e.to_string()),
        WorkflowError::WindowOpen { .. } => ("window_open", e.to_string()),
        WorkflowError::QuorumNotMet => {
            let (scored, needed) = quorum.unwrap_or_default();
            (
                "quorum_not_met",
                format!("{scored} of the {needed} reviews the panel needs are in"),
            )
        }
    };
    StoreError::Refused { code, detail }
}

/// (action, actor) of each step a case has taken, oldest first.
async fn past_steps(
    tx: &mut Tx,
    case_type: &'static str,
    id: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    let rows = rows_of_case(tx, "SELECT action, actor FROM case_step", case_type, id).await?;
    rows.iter()
        .map(|r| Ok((text(r, "action")?, text(r, "actor")?)))
        .collect()
}

/// Audits a step with the case before and after it, and answers the case after it.
async fn audit_step<K: CaseType>(
    store: &Store,
    tx: &mut Tx,
    actor: &str,
    action: &str,
    id: i64,
    before: &K::Record,
) -> Result<K::Record, StoreError> {
    let after = K::load(tx, id, Scope::All)
        .await?
        .ok_or(StoreError::NotFound)?;
    store
        .audit(
            tx,
            Change {
                actor,
                action,
                entity_type: K::TYPE,
                entity_id: id.to_string(),
                before: Some(snapshot(before)),
                after: Some(snapshot(&after)),
            },
        )
        .await?;
    Ok(after)
}

fn snapshot<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Appends a step to a case's history.
async fn record_step(
    tx: &mut Tx,
    case_type: &'static str,
    id: i64,
    step: &TransitionRecord,
    version: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO case_step (case_type, case_id, from_status, action, to_status, actor, comment, at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(case_type)
    .bind(id)
    .bind(&step.from_status)
    .bind(&step.action)
    .bind(&step.to_status)
    .bind(&step.actor)
    .bind(step.comment.as_deref())
    .bind(&step.at)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The steps a case has taken, oldest first.
pub async fn transitions_of(
    conn: &mut sqlx::AnyConnection,
    case_type: &'static str,
    id: i64,
) -> Result<Vec<TransitionRecord>, StoreError> {
    let select = "SELECT from_status, action, to_status, actor, comment, at FROM case_step";
    let rows = rows_of_case(conn, select, case_type, id).await?;
    rows.iter()
        .map(|r| {
            Ok(TransitionRecord {
                from_status: text(r, "from_status")?,
                action: text(r, "action")?,
                to_status: text(r, "to_status")?,
                actor: text(r, "actor")?,
                comment: opt_text(r, "comment")?,
                at: text(r, "at")?,
            })
        })
        .collect()
}
