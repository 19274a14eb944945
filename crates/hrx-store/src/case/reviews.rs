//! A case's panel: who is assigned to it, and each reviewer's one review, which is either a
//! declared conflict of interest (no score; the reviewer is left out of the panel's score)
//! or a score with the scores per criterion it came from.

use super::{rows_of_case, CaseType};
use crate::audit::Change;
use crate::{int, now, opt_text, text, Store, StoreError, Tx};
use hrx_domain::access::Scope;
use hrx_domain::case::panel::{PanelRule, Review};
use hrx_domain::FieldErrors;
use serde::Serialize;

/// One review as a reviewer gives it.
#[derive(Debug, Clone)]
pub struct ReviewInput<'a> {
    pub reviewer: &'a str,
    pub conflict: bool,
    pub conflict_note: Option<&'a str>,
    /// The review's score (the weighted score of its criteria where the panel has criteria).
    pub score: Option<f64>,
    /// The scores per criterion, as a JSON object, where the panel has criteria.
    pub criteria: Option<serde_json::Value>,
}

/// One review as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelReview {
    pub reviewer: String,
    pub conflict: bool,
    pub conflict_note: Option<String>,
    pub score: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub criteria: Option<serde_json::Value>,
    pub created_at: String,
}

/// A panel at a glance: its reviews, how many carry a score, the quorum, and the combined
/// score once the quorum is reached (reviewers with a declared conflict left out).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelSummary {
    pub reviews: Vec<PanelReview>,
    pub scored: usize,
    pub quorum: usize,
    pub reviewers: usize,
    pub score: Option<f64>,
}

/// A review as a reviewer submits it to a case type's panel.
#[derive(Debug, Clone, Default)]
pub struct PanelInput {
    pub conflict: bool,
    pub conflict_note: Option<String>,
    /// Criterion code → score, where the panel scores criteria.
    pub scores: Vec<(String, f64)>,
    /// The one score, where the panel has no criteria.
    pub overall: Option<f64>,
}

fn panel_of<K: CaseType>() -> Result<&'static PanelRule, StoreError> {
    let flow = K::workflow().map_err(|e| StoreError::Integrity(e.to_owned()))?;
    flow.panel
        .as_ref()
        .ok_or_else(|| StoreError::Integrity(format!("{} has no review panel", K::TYPE)))
}

impl Store {
    /// A reviewer's review of a case on its type's panel: checked against the panel's
    /// criteria and scales (a declared conflict carries no score), refused for a reviewer who
    /// is not on the case's panel when the case has assigned reviewers, given once, audited.
    pub async fn review_case<K: CaseType>(
        &self,
        reviewer: &str,
        id: i64,
        input: &PanelInput,
        scope: Scope,
    ) -> Result<PanelReview, StoreError> {
        let panel = panel_of::<K>()?;
        let score = panel
            .check_review(&Review {
                reviewer,
                conflict: input.conflict,
                scores: &input.scores,
                overall: input.overall,
            })
            .map_err(|refusal| {
                StoreError::Invalid(FieldErrors::single("scores", refusal.code()))
            })?;
        let mut tx = self.begin_write().await?;
        K::load(&mut tx, id, scope)
            .await?
            .ok_or(StoreError::NotFound)?;
        let assigned: Vec<String> = sqlx::query_scalar(
            "SELECT assignee FROM case_assignment WHERE case_type = $1 AND case_id = $2 AND role = 'reviewer'",
        )
        .bind(K::TYPE)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        if !assigned.is_empty() && !assigned.iter().any(|a| a == reviewer) {
            return Err(StoreError::Forbidden);
        }
        let criteria = (!input.scores.is_empty()).then(|| {
            serde_json::Value::Object(
                input
                    .scores
                    .iter()
                    .map(|(c, v)| (c.clone(), serde_json::json!(v)))
                    .collect(),
            )
        });
        let review = ReviewInput {
            reviewer,
            conflict: input.conflict,
            conflict_note: input.conflict_note.as_deref(),
            score,
            criteria: criteria.clone(),
        };
        let review_id = self.insert_review(&mut tx, K::TYPE, id, &review).await?;
        self.audit(
            &mut tx,
            Change {
                actor: reviewer,
                action: if input.conflict {
                    "declare_conflict"
                } else {
                    "review"
                },
                entity_type: K::TYPE,
                entity_id: id.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "review_id": review_id, "conflict": input.conflict,
                    "conflict_note": input.conflict_note, "score": score, "criteria": criteria
                })),
            },
        )
        .await?;
        tx.commit().await?;
        self.reviews_of(K::TYPE, id)
            .await?
            .into_iter()
            .find(|r| r.reviewer == reviewer)
            .ok_or(StoreError::NotFound)
    }

    /// The panel of a case: its reviews, and the combined score once the quorum is reached.
    pub async fn panel_summary<K: CaseType>(&self, id: i64) -> Result<PanelSummary, StoreError> {
        let panel = panel_of::<K>()?;
        let reviews = self.reviews_of(K::TYPE, id).await?;
        let scores: Vec<f64> = reviews
            .iter()
            .filter(|r| !r.conflict)
            .filter_map(|r| r.score)
            .collect();
        Ok(PanelSummary {
            scored: scores.len(),
            quorum: panel.quorum,
            reviewers: panel.reviewers,
            score: panel.combine(&scores),
            reviews,
        })
    }

    /// Adds a reviewer's review of a case inside an open transaction; a reviewer reviews a
    /// case once. Answers the review's id.
    pub(crate) async fn insert_review(
        &self,
        tx: &mut Tx,
        case_type: &'static str,
        case_id: i64,
        review: &ReviewInput<'_>,
    ) -> Result<i64, StoreError> {
        let already: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM case_review WHERE case_type = $1 AND case_id = $2 AND reviewer = $3",
        )
        .bind(case_type)
        .bind(case_id)
        .bind(review.reviewer)
        .fetch_one(&mut **tx)
        .await?;
        if already > 0 {
            return Err(StoreError::Refused {
                code: "already_reviewed",
                detail: "each reviewer reviews a case once".into(),
            });
        }
        // A review without a score leaves the column out: a typed NULL bound in its place
        // makes PostgreSQL keep the wrong parameter type for the next review's score.
        let (columns, values) = match review.score {
            Some(_) => (", score", ", $8"),
            None => ("", ""),
        };
        let sql = format!(
            "INSERT INTO case_review (case_type, case_id, reviewer, conflict, conflict_note, criteria, created_at{columns}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7{values}) RETURNING id"
        );
        let mut query = sqlx::query_scalar(&sql)
            .bind(case_type)
            .bind(case_id)
            .bind(review.reviewer)
            .bind(i64::from(review.conflict))
            .bind(review.conflict_note.map(str::to_owned))
            .bind(review.criteria.as_ref().map(serde_json::Value::to_string))
            .bind(now());
        if let Some(score) = review.score {
            query = query.bind(score);
        }
        Ok(query.fetch_one(&mut **tx).await?)
    }

    /// The scores of a case's reviewers who declared no conflict.
    pub(crate) async fn panel_scores(
        conn: &mut sqlx::AnyConnection,
        case_type: &'static str,
        case_id: i64,
    ) -> Result<Vec<f64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT score FROM case_review WHERE case_type = $1 AND case_id = $2 AND conflict = 0 \
             AND score IS NOT NULL ORDER BY id",
        )
        .bind(case_type)
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await?)
    }

    /// Every review of a case, in the order given.
    pub async fn reviews_of(
        &self,
        case_type: &'static str,
        case_id: i64,
    ) -> Result<Vec<PanelReview>, StoreError> {
        let select = "SELECT reviewer, conflict, conflict_note, score, criteria, created_at \
                      FROM case_review";
        let mut conn = self.pool.acquire().await?;
        let rows = rows_of_case(&mut conn, select, case_type, case_id).await?;
        rows.iter()
            .map(|r| {
                Ok(PanelReview {
                    reviewer: text(r, "reviewer")?,
                    conflict: int(r, "conflict")? != 0,
                    conflict_note: opt_text(r, "conflict_note")?,
                    score: sqlx::Row::try_get::<Option<f64>, _>(r, "score")?,
                    criteria: opt_text(r, "criteria")?.and_then(|c| serde_json::from_str(&c).ok()),
                    created_at: text(r, "created_at")?,
                })
            })
            .collect()
    }

    /// Assigns someone to a case in a role (a panel's reviewer, the handling officer);
    /// assigning the same person twice changes nothing. Audited.
    pub async fn assign(
        &self,
        actor: &str,
        case_type: &'static str,
        case_id: i64,
        assignee: &str,
        role: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO case_assignment (case_type, case_id, assignee, role, assigned_by, assigned_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_type, case_id, role, assignee) DO NOTHING",
        )
        .bind(case_type)
        .bind(case_id)
        .bind(assignee)
        .bind(role)
        .bind(actor)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted > 0 {
            self.audit(
                &mut tx,
                crate::audit::Change {
                    actor,
                    action: "assign",
                    entity_type: case_type,
                    entity_id: case_id.to_string(),
                    before: None,
                    after: Some(serde_json::json!({ "assignee": assignee, "role": role })),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Who is assigned to a case in a role, in the order assigned.
    pub async fn assignees(
        &self,
        case_type: &'static str,
        case_id: i64,
        role: &str,
    ) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT assignee FROM case_assignment WHERE case_type = $1 AND case_id = $2 AND role = $3 ORDER BY id",
        )
        .bind(case_type)
        .bind(case_id)
        .bind(role)
        .fetch_all(&self.pool)
        .await?)
    }
}
