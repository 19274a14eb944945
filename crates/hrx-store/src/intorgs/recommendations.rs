//! Recommendation cases on the kernel (spec §5.4, data/intorgs/recommendation-workflow.toml):
//! one roster candidate to one vacancy. The match is snapshotted when the case is drafted and
//! when it is submitted, so that later changes to the roster or the rule do not rewrite
//! history; submission is refused after the vacancy's deadline (its day in the stated zone);
//! joining creates the serving record and places the roster entry, in the same transaction.

use super::roster::{birth_of, load_entry};
use super::serving::{check_serving, insert_serving, ServingInput};
use super::{json, to_json};
use crate::case::{transitions_of, CaseHead, CaseType, StepRequest, TransitionRecord, Value};
use crate::{int, now, opt_int, opt_text, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::intorgs::matching::match_candidate;
use hrx_domain::intorgs::recommendation_workflow;
use hrx_domain::intorgs::vacancy::stored_deadline;
use hrx_domain::workflow::Workflow;
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// The recommendation case type.
pub struct IoRecommendation;

/// A recommendation with its vacancy, candidate, snapshots and history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendationRecord {
    pub id: i64,
    pub version: i64,
    pub vacancy_id: i64,
    pub vacancy_reference: String,
    pub vacancy_title: String,
    pub organisation: String,
    pub grade: String,
    /// The vacancy's deadline in its zone, and the zone.
    pub deadline_local: String,
    pub deadline_zone: String,
    pub roster_entry_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub status: String,
    pub status_since: String,
    /// The match when drafted.
    pub score_drafted: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub match_drafted: serde_json::Value,
    /// The match when submitted.
    pub score_submitted: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub match_submitted: Option<serde_json::Value>,
    pub submitted_on: Option<String>,
    /// The serving record joining created.
    pub serving_record_id: Option<i64>,
    pub history: Vec<TransitionRecord>,
    pub created_by: String,
    pub created_at: String,
}

/// What a step may carry besides the kernel's fields.
#[derive(Debug, Clone, Default)]
pub struct RecommendationStepInput {
    /// `submit`: the day it was submitted (today when empty).
    pub submitted_on: Option<String>,
    /// `join`: the entry on duty.
    pub start_date: Option<String>,
    /// `join`: `fixed_term` unless given.
    pub appointment_type: Option<String>,
}

const SELECT: &str = "SELECT c.*, v.reference_no, v.title, v.grade, v.duty_station, v.subject_to_geo, \
     v.deadline_utc, v.deadline_zone, o.acronym, COALESCE(p.name_native, p.name_latin, '') AS person_name \
     FROM io_recommendation c JOIN io_vacancy v ON v.id = c.vacancy_id \
     JOIN io_organisation o ON o.id = v.organisation_id JOIN person p ON p.id = c.person_id";

fn real(row: &AnyRow, column: &str) -> Result<Option<f64>, StoreError> {
    use sqlx::Row;
    Ok(row.try_get::<Option<f64>, _>(column)?)
}

fn recommendation_of(row: &AnyRow) -> Result<RecommendationRecord, StoreError> {
    let utc = text(row, "deadline_utc")?;
    let zone = text(row, "deadline_zone")?;
    let local = stored_deadline(&utc, &zone)
        .map(|d| d.local().format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default();
    Ok(RecommendationRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        vacancy_id: int(row, "vacancy_id")?,
        vacancy_reference: text(row, "reference_no")?,
        vacancy_title: text(row, "title")?,
        organisation: text(row, "acronym")?,
        grade: text(row, "grade")?,
        deadline_local: local,
        deadline_zone: zone,
        roster_entry_id: int(row, "roster_entry_id")?,
        person_id: int(row, "person_id")?,
        person_name: text(row, "person_name")?,
        status: text(row, "status")?,
        status_since: text(row, "status_since")?,
        score_drafted: real(row, "score_drafted")?,
        match_drafted: json(row, "match_drafted")?,
        score_submitted: real(row, "score_submitted")?,
        match_submitted: opt_text(row, "match_submitted")?
            .map(|s| serde_json::from_str(&s))
            .transpose()
            .map_err(|e| StoreError::Integrity(format!("match_submitted: {e}")))?,
        submitted_on: opt_text(row, "submitted_on")?,
        serving_record_id: opt_int(row, "serving_record_id")?,
        history: Vec::new(),
        created_by: text(row, "created_by")?,
        created_at: text(row, "created_at")?,
    })
}

impl CaseType for IoRecommendation {
    const TYPE: &'static str = "io_recommendation";
    const NOUN: &'static str = "recommendation";
    type Record = RecommendationRecord;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        recommendation_workflow()
    }

    fn head(r: &RecommendationRecord) -> CaseHead<'_> {
        CaseHead {
            version: r.version,
            status: &r.status,
            kind: "recommendation",
            status_since: &r.status_since,
        }
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        _scope: Scope,
    ) -> Result<Option<RecommendationRecord>, StoreError> {
        let sql = format!("{SELECT} WHERE c.id = $1");
        let found =
            crate::fetch_optional_as(&mut *conn, sqlx::query(&sql).bind(id), recommendation_of)
                .await?;
        match found {
            Some(mut r) => {
                r.history = transitions_of(conn, Self::TYPE, id).await?;
                Ok(Some(r))
            }
            None => Ok(None),
        }
    }
}

/// The match of a roster entry to a vacancy today, as a snapshot (score and JSON).
async fn snapshot(
    store: &Store,
    tx: &mut Tx,
    vacancy_id: i64,
    roster_entry_id: i64,
    today: NaiveDate,
) -> Result<(Option<f64>, String), StoreError> {
    let vacancy = store.load_io_vacancy(tx, vacancy_id, today).await?.ok_or(
        StoreError::UnknownReference {
            field: "vacancy_id",
        },
    )?;
    let entry =
        load_entry(tx, roster_entry_id, today)
            .await?
            .ok_or(StoreError::UnknownReference {
                field: "roster_entry_id",
            })?;
    let candidate = entry
        .facts
        .candidate(birth_of(&entry)?, &entry.nationality, today);
    let matched = match_candidate(&vacancy.needs, &candidate, today)
        .map_err(|_| super::integrity("a stored roster entry or vacancy does not check"))?;
    Ok((matched.score, to_json(&matched)))
}

impl Store {
    /// Drafts a recommendation of a roster entry to an open vacancy, with the match of today.
    pub async fn draft_io_recommendation(
        &self,
        actor: &str,
        vacancy_id: i64,
        roster_entry_id: i64,
        today: NaiveDate,
    ) -> Result<RecommendationRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let vacancy = self
            .load_io_vacancy(&mut tx, vacancy_id, today)
            .await?
            .ok_or(StoreError::UnknownReference {
                field: "vacancy_id",
            })?;
        if vacancy.status != "open" {
            return Err(StoreError::Refused {
                code: "vacancy_not_open",
                detail: format!("vacancy {} is {}", vacancy.reference_no, vacancy.status),
            });
        }
        let entry = load_entry(&mut tx, roster_entry_id, today).await?.ok_or(
            StoreError::UnknownReference {
                field: "roster_entry_id",
            },
        )?;
        if entry.status != "active" {
            return Err(StoreError::Refused {
                code: "roster_entry_not_active",
                detail: format!("{} is {} on the roster", entry.person_name, entry.status),
            });
        }
        let live: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM io_recommendation WHERE vacancy_id = $1 AND person_id = $2 AND status NOT IN \
             ('not_shortlisted', 'not_selected', 'withdrawn', 'vacancy_cancelled')",
        )
        .bind(vacancy_id)
        .bind(entry.person_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(n) = live {
            return Err(StoreError::Refused {
                code: "already_recommended",
                detail: format!(
                    "{} is already recommended to this vacancy (case {n})",
                    entry.person_name
                ),
            });
        }
        let (score, matched) = snapshot(self, &mut tx, vacancy_id, roster_entry_id, today).await?;
        let at = now();
        let initial = recommendation_workflow()
            .map_err(super::integrity)?
            .initial
            .clone();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO io_recommendation (vacancy_id, roster_entry_id, person_id, score_drafted, \
             match_drafted, status, status_since, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(vacancy_id)
        .bind(roster_entry_id)
        .bind(entry.person_id)
        .bind(score)
        .bind(matched)
        .bind(initial)
        .bind(today.to_string())
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let record = IoRecommendation::load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, (IoRecommendation::TYPE, id), record)
            .await
    }

    /// A step of a recommendation: endorsement by an endorser, submission on or before the
    /// deadline (with the match again), the stages of the organisation's selection, joining
    /// (creating the serving record), withdrawal.
    pub async fn io_recommendation_step(
        &self,
        actor: &str,
        id: i64,
        request: &StepRequest<'_>,
        extra: &RecommendationStepInput,
    ) -> Result<RecommendationRecord, StoreError> {
        let mut step = self
            .open_step::<IoRecommendation>(actor, id, request, Scope::All)
            .await?;
        let case = step.before.clone();
        let today = request.today;
        let patch = match request.action {
            "submit" => {
                let mut e = FieldErrors::new();
                let on = match extra
                    .submitted_on
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    Some(s) => hrx_domain::training::required_day(&mut e, "submitted_on", s),
                    None => Some(today),
                };
                if on.is_some_and(|d| d > today) {
                    e.add("submitted_on", "in_future");
                }
                e.into_result().map_err(StoreError::Invalid)?;
                let on = on.unwrap_or(today);
                let vacancy = self
                    .load_io_vacancy(&mut step.tx, case.vacancy_id, today)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let last_day = stored_deadline(&vacancy.deadline_utc, &vacancy.deadline_zone)
                    .map(|d| d.local_day())
                    .ok_or_else(|| super::integrity("a vacancy's deadline"))?;
                if on > last_day {
                    return Err(StoreError::Refused {
                        code: "deadline_passed",
                        detail: format!(
                            "the vacancy closed on {} ({}); a submission on {on} is too late",
                            vacancy.deadline_local, vacancy.deadline_zone
                        ),
                    });
                }
                let (score, matched) = snapshot(
                    self,
                    &mut step.tx,
                    case.vacancy_id,
                    case.roster_entry_id,
                    today,
                )
                .await?;
                vec![
                    ("submitted_on", Value::Text(Some(on.to_string()))),
                    ("score_submitted", Value::Real(score)),
                    ("match_submitted", Value::Text(Some(matched))),
                ]
            }
            "join" => {
                let vacancy = self
                    .load_io_vacancy(&mut step.tx, case.vacancy_id, today)
                    .await?
                    .ok_or(StoreError::NotFound)?;
                let input = ServingInput {
                    person_id: case.person_id,
                    organisation: vacancy.organisation.clone(),
                    grade: vacancy.grade.clone(),
                    duty_station: vacancy.duty_station.clone(),
                    appointment_type: extra
                        .appointment_type
                        .clone()
                        .filter(|s| !s.trim().is_empty())
                        .unwrap_or_else(|| "fixed_term".into()),
                    subject_to_geo: vacancy.subject_to_geo,
                    start_date: extra.start_date.clone().unwrap_or_default(),
                    end_date: String::new(),
                    source: String::new(),
                };
                let checked = check_serving(&mut step.tx, &input).await?;
                let serving =
                    insert_serving(self, &mut step.tx, actor, &input, checked, Some(id)).await?;
                sqlx::query("UPDATE io_roster_entry SET status = 'placed', version = version + 1, updated_at = $1 WHERE id = $2")
                    .bind(now())
                    .bind(case.roster_entry_id)
                    .execute(&mut *step.tx)
                    .await?;
                vec![("serving_record_id", Value::Int(Some(serving)))]
            }
            _ => Vec::new(),
        };
        step.apply(None, patch).await?;
        step.commit(self).await
    }

    pub async fn io_recommendation(
        &self,
        id: i64,
    ) -> Result<Option<RecommendationRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        IoRecommendation::load(&mut conn, id, Scope::All).await
    }

    /// Recommendations of a vacancy (or all), oldest first.
    pub async fn io_recommendations(
        &self,
        vacancy_id: Option<i64>,
    ) -> Result<Vec<RecommendationRecord>, StoreError> {
        let sql = match vacancy_id {
            Some(_) => format!("{SELECT} WHERE c.vacancy_id = $1 ORDER BY c.id"),
            None => format!("{SELECT} ORDER BY c.id DESC LIMIT 500"),
        };
        let query = match vacancy_id {
            Some(v) => sqlx::query(&sql).bind(v),
            None => sqlx::query(&sql),
        };
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(recommendation_of).collect()
    }
}
