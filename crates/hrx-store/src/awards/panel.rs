//! The review panel of a nomination (spec §5, HRX conventions): a pool of reviewers per
//! award; each reviewer declares conflicts per nomination (same employer, same applying unit,
//! co-authorship or a joint project within 3 years, family ties, a referee's role); the panel
//! is drawn at random from the pool with the declared conflicts left out, the recusals
//! recorded; a reviewer drawn who declares a conflict afterwards leaves the panel. The scores
//! stay hidden until every reviewer on the panel has scored.

use super::nominations::AwardNomination;
use crate::audit::Change;
use crate::case::CaseType;
use crate::case::PanelInput;
use crate::{now, text, Store, StoreError};
use hrx_domain::access::Scope;
use hrx_domain::awards::{nomination_workflow, AWARDS, CONFLICTS};
use hrx_domain::FieldErrors;
use serde::{Deserialize, Serialize};

/// A conflict a reviewer declares on a nomination.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictInput {
    pub reviewer: String,
    /// `same_employer`, `same_unit`, `coauthor_or_joint_project`, `family` or `referee`.
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// A declared conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictRecord {
    pub reviewer: String,
    pub reason: String,
    pub note: String,
    pub declared_by: String,
    pub created_at: String,
}

/// One reviewer on the panel: their score only once every reviewer has scored (or their own).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelMember {
    pub reviewer: String,
    pub reviewed: bool,
    pub score: Option<f64>,
}

/// A nomination's panel as a viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PanelView {
    pub nomination_id: i64,
    /// The panel size the workflow wants.
    pub wanted: usize,
    pub members: Vec<PanelMember>,
    /// Reviewers of the pool left out for a declared conflict (recused).
    pub conflicts: Vec<ConflictRecord>,
    /// Every reviewer on the panel has scored: the scores and the combined score are shown.
    pub all_in: bool,
    pub score: Option<f64>,
    pub pass_score: f64,
}

const KIND: &str = AwardNomination::TYPE;

impl Store {
    /// The reviewer pool of an award.
    pub async fn award_reviewers(&self, award: &str) -> Result<Vec<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT username FROM award_reviewer WHERE award = $1 ORDER BY username",
        )
        .bind(award.to_owned())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Adds a user to an award's reviewer pool (once); audited.
    pub async fn add_award_reviewer(
        &self,
        actor: &str,
        award: &str,
        username: &str,
    ) -> Result<Vec<String>, StoreError> {
        if !AWARDS.contains(&award) {
            return Err(StoreError::Invalid(FieldErrors::single(
                "award",
                "unknown_value",
            )));
        }
        let mut tx = self.begin_write().await?;
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM app_user WHERE username = $1")
            .bind(username.to_owned())
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::UnknownReference { field: "username" });
        }
        let added = sqlx::query(
            "INSERT INTO award_reviewer (award, username, added_by, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (award, username) DO NOTHING",
        )
        .bind(award.to_owned())
        .bind(username.to_owned())
        .bind(actor)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added > 0 {
            let change = Change {
                actor,
                action: "add_reviewer",
                entity_type: "award_reviewer",
                entity_id: award.to_owned(),
                before: None,
                after: Some(serde_json::json!({ "award": award, "username": username })),
            };
            self.audit(&mut tx, change).await?;
        }
        tx.commit().await?;
        self.award_reviewers(award).await
    }

    /// A reviewer's declared conflict on a nomination (by the reviewer, or an officer for
    /// them): recorded and audited; a reviewer already drawn leaves the panel (recusal).
    pub async fn declare_award_conflict(
        &self,
        actor: &str,
        id: i64,
        input: &ConflictInput,
    ) -> Result<PanelView, StoreError> {
        let mut e = FieldErrors::new();
        let reviewer = e.text("reviewer", &input.reviewer, 100);
        if !CONFLICTS.contains(&input.reason.as_str()) {
            e.add("reason", "unknown_value");
        }
        let note = if input.note.trim().is_empty() {
            String::new()
        } else {
            e.prose("note", &input.note, 2000)
        };
        e.into_result().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let case = AwardNomination::load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        // A conflict matters until the review closes, or while an objection may send the file
        // back to it.
        let open = [
            "draft",
            "submitted",
            "unit_review",
            "formal_check",
            "public_notice",
            "panel_review",
            "objection_open",
            "objection_resolved",
            "suspended",
        ];
        if !open.contains(&case.status.as_str()) {
            return Err(StoreError::Refused {
                code: "review_closed",
                detail: format!(
                    "the nomination is {}: its panel review is over",
                    case.status
                ),
            });
        }
        let in_pool: Option<i64> =
            sqlx::query_scalar("SELECT id FROM award_reviewer WHERE award = $1 AND username = $2")
                .bind(case.award.clone())
                .bind(reviewer.clone())
                .fetch_optional(&mut *tx)
                .await?;
        if in_pool.is_none() {
            return Err(StoreError::UnknownReference { field: "reviewer" });
        }
        let reviewed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM case_review WHERE case_type = $1 AND case_id = $2 AND reviewer = $3",
        )
        .bind(KIND)
        .bind(id)
        .bind(reviewer.clone())
        .fetch_one(&mut *tx)
        .await?;
        if reviewed > 0 {
            return Err(StoreError::Refused {
                code: "already_reviewed",
                detail: format!("{reviewer} has already reviewed this nomination"),
            });
        }
        let inserted = sqlx::query(
            "INSERT INTO award_conflict (nomination_id, reviewer, reason, note, declared_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (nomination_id, reviewer) DO NOTHING",
        )
        .bind(id)
        .bind(reviewer.clone())
        .bind(input.reason.clone())
        .bind(note.clone())
        .bind(actor)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted > 0 {
            let recused = sqlx::query(
                "DELETE FROM case_assignment WHERE case_type = $1 AND case_id = $2 AND role = 'reviewer' AND assignee = $3",
            )
            .bind(KIND)
            .bind(id)
            .bind(reviewer.clone())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let change = Change {
                actor,
                action: "declare_conflict",
                entity_type: KIND,
                entity_id: id.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "reviewer": reviewer, "reason": input.reason, "note": note, "recused_from_panel": recused > 0
                })),
            };
            self.audit(&mut tx, change).await?;
        }
        tx.commit().await?;
        self.award_panel(id, None).await
    }

    /// Draws the panel at random from the award's pool, reviewers with a declared conflict
    /// left out, up to the size the workflow wants; refused `pool_too_small` when the pool
    /// cannot fill it. Audited with who was drawn and who was left out.
    pub async fn draw_award_panel(&self, actor: &str, id: i64) -> Result<PanelView, StoreError> {
        let wanted = panel_size()?;
        let mut tx = self.begin_write().await?;
        self.locked_version(&mut tx, KIND, id).await?;
        let case = AwardNomination::load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        if case.status != "panel_review" {
            return Err(StoreError::Refused {
                code: "transition_not_allowed",
                detail: format!(
                    "a panel is drawn for a nomination under panel review; this one is {}",
                    case.status
                ),
            });
        }
        let pool: Vec<String> = sqlx::query_scalar(
            "SELECT username FROM award_reviewer WHERE award = $1 ORDER BY username",
        )
        .bind(case.award.clone())
        .fetch_all(&mut *tx)
        .await?;
        let conflicted: Vec<String> =
            sqlx::query_scalar("SELECT reviewer FROM award_conflict WHERE nomination_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        let assigned: Vec<String> = sqlx::query_scalar(
            "SELECT assignee FROM case_assignment WHERE case_type = $1 AND case_id = $2 AND role = 'reviewer'",
        )
        .bind(KIND)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let need = wanted.saturating_sub(assigned.len());
        let mut free: Vec<(u64, String)> = Vec::new();
        for r in pool {
            if conflicted.contains(&r) || assigned.contains(&r) {
                continue;
            }
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes)
                .map_err(|e| StoreError::Integrity(format!("random: {e}")))?;
            free.push((u64::from_le_bytes(bytes), r));
        }
        if free.len() < need {
            return Err(StoreError::Refused {
                code: "pool_too_small",
                detail: format!(
                    "the panel needs {need} more reviewer(s); the pool has {} without a declared conflict",
                    free.len()
                ),
            });
        }
        free.sort();
        let drawn: Vec<String> = free.into_iter().take(need).map(|(_, r)| r).collect();
        let at = now();
        for r in &drawn {
            sqlx::query(
                "INSERT INTO case_assignment (case_type, case_id, assignee, role, assigned_by, assigned_at) \
                 VALUES ($1, $2, $3, 'reviewer', $4, $5)",
            )
            .bind(KIND)
            .bind(id)
            .bind(r.clone())
            .bind(actor)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        let change = Change {
            actor,
            action: "draw_panel",
            entity_type: KIND,
            entity_id: id.to_string(),
            before: Some(serde_json::json!({ "panel": assigned })),
            after: Some(serde_json::json!({ "drawn": drawn, "left_out_for_conflict": conflicted })),
        };
        self.audit(&mut tx, change).await?;
        tx.commit().await?;
        self.award_panel(id, None).await
    }

    /// A panel reviewer's score (0–100) on a nomination under panel review.
    pub async fn review_award_nomination(
        &self,
        reviewer: &str,
        id: i64,
        score: f64,
    ) -> Result<PanelView, StoreError> {
        let case = self
            .award_nomination(id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        if case.status != "panel_review" {
            return Err(StoreError::Refused {
                code: "transition_not_allowed",
                detail: format!(
                    "reviews are given under panel review; the nomination is {}",
                    case.status
                ),
            });
        }
        let assigned = self.assignees(KIND, id, "reviewer").await?;
        if !assigned.iter().any(|a| a == reviewer) {
            return Err(StoreError::Forbidden);
        }
        let input = PanelInput {
            overall: Some(score),
            ..PanelInput::default()
        };
        self.review_case::<AwardNomination>(reviewer, id, &input, Scope::All)
            .await?;
        self.award_panel(id, Some(reviewer)).await
    }

    /// The panel of a nomination as `viewer` may see it: the scores only once all are in (a
    /// reviewer sees their own).
    pub async fn award_panel(
        &self,
        id: i64,
        viewer: Option<&str>,
    ) -> Result<PanelView, StoreError> {
        let flow = nomination_workflow().map_err(super::integrity)?;
        let panel = flow
            .panel
            .as_ref()
            .ok_or_else(|| super::integrity("no panel"))?;
        let assigned = self.assignees(KIND, id, "reviewer").await?;
        let reviews = self.reviews_of(KIND, id).await?;
        let conflicts =
            sqlx::query("SELECT * FROM award_conflict WHERE nomination_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(ConflictRecord {
                        reviewer: text(r, "reviewer")?,
                        reason: text(r, "reason")?,
                        note: text(r, "note")?,
                        declared_by: text(r, "declared_by")?,
                        created_at: text(r, "created_at")?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
        let score_of = |r: &str| {
            reviews
                .iter()
                .find(|v| v.reviewer == r && !v.conflict)
                .and_then(|v| v.score)
        };
        let all_in =
            assigned.len() >= panel.reviewers && assigned.iter().all(|r| score_of(r).is_some());
        let members = assigned
            .iter()
            .map(|r| PanelMember {
                reviewer: r.clone(),
                reviewed: score_of(r).is_some(),
                score: score_of(r).filter(|_| all_in || viewer == Some(r.as_str())),
            })
            .collect();
        let scores: Vec<f64> = assigned.iter().filter_map(|r| score_of(r)).collect();
        Ok(PanelView {
            nomination_id: id,
            wanted: panel.reviewers,
            members,
            conflicts,
            all_in,
            score: if all_in { panel.combine(&scores) } else { None },
            pass_score: panel.pass_score,
        })
    }
}

fn panel_size() -> Result<usize, StoreError> {
    let flow = nomination_workflow().map_err(super::integrity)?;
    Ok(flow.panel.as_ref().map_or(3, |p| p.reviewers))
}
