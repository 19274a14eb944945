//! Identity resolution over JSON: the persons of the registry who may be the person
//! described, scored and explained. Only the persons the caller may see are compared, so the
//! answer tells nothing about anyone else.

use super::{allow, ApiJson, ApiPath};
use crate::error::ApiError;
use crate::i18n::{translate, Lang};
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use hrx_domain::registry::display_name;
use hrx_domain::registry::matching::{Decision, MatchInput, Reason};
use hrx_store::registry::{MergeRecord, TimelineEntry};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// At most this many candidates are answered.
const MAX_ANSWERED: usize = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/persons/match", post(match_person))
        .route("/api/v1/persons/merges", post(merge))
        .route(
            "/api/v1/persons/merges/{id}",
            delete(unmerge).get(merge_record),
        )
        .route("/api/v1/persons/{id}/timeline", get(timeline))
}

/// One piece of evidence of a score, in the caller's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchReason {
    pub code: String,
    pub weight: f64,
    pub text: String,
}

/// A person of the registry who may be the person described.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchAnswer {
    pub person_id: i64,
    /// 0 to 1: the sum of the reasons' weights, held between 0 and 1.
    pub score: f64,
    pub decision: Decision,
    /// The candidate's name in both scripts.
    pub name: String,
    pub reasons: Vec<MatchReason>,
}

/// A reason said in words.
pub fn reason_text(lang: Lang, reason: &Reason) -> String {
    translate(
        lang,
        &format!("match-reason-{}", reason.code),
        &[
            ("left", reason.left.clone()),
            ("right", reason.right.clone()),
        ],
    )
}

/// The persons of the registry the caller may see who may be the person described, best
/// first (at most 20; those scored 0 are left out), each with the score, the decision its
/// score makes (`link` at or above the link threshold, `review` at or above the review
/// threshold, else `distinct`) and the reasons with their weights.
#[utoipa::path(post, path = "/api/v1/persons/match", tag = "registry", request_body = MatchInput, security(("bearer" = [])),
    responses((status = 200, body = [MatchAnswer]), (status = 401), (status = 403), (status = 422)))]
pub async fn match_person(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<MatchInput>,
) -> Result<Json<Vec<MatchAnswer>>, ApiError> {
    let principal = viewer.require()?;
    allow(principal.may_create_person())?;
    let probe = input.parse(chrono::Utc::now().date_naive())?;
    let found = state
        .store
        .match_person(&probe, principal.person_scope(), None)
        .await?;
    Ok(Json(
        found
            .into_iter()
            .take(MAX_ANSWERED)
            .map(|c| MatchAnswer {
                person_id: c.person.id,
                score: c.outcome.score,
                decision: c.outcome.decision,
                name: display_name(
                    c.person.name_native.as_deref(),
                    c.person.name_latin.as_deref(),
                ),
                reasons: c
                    .outcome
                    .reasons
                    .iter()
                    .map(|r| MatchReason {
                        code: r.code.to_owned(),
                        weight: r.weight,
                        text: reason_text(viewer.lang, r),
                    })
                    .collect(),
            })
            .collect(),
    ))
}

/// A merge asked for: the person who stays, the one merged into it, and the fields the
/// survivor takes from the merged record (`name_native`, `name_latin`, `sex`, `birth_date`,
/// `nationality`, `organisation_id`; none by default).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    pub survivor: i64,
    pub merged: i64,
    #[serde(default)]
    pub take: Vec<String>,
}

/// Merges two person records that are one human: every record of every capability of the
/// merged person moves to the survivor, in one transaction with its audit entry, and the
/// figures counted in persons follow. Refused with 409 when both hold a record a person may
/// hold once (the same event's delegation, the roster) or one of them was merged already.
#[utoipa::path(post, path = "/api/v1/persons/merges", tag = "registry", request_body = MergeInput, security(("bearer" = [])),
    responses((status = 201, body = MergeRecord), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn merge(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<MergeInput>,
) -> Result<(StatusCode, Json<MergeRecord>), ApiError> {
    let principal = viewer.require()?;
    allow(principal.may_merge_persons())?;
    let mut errors = hrx_domain::FieldErrors::new();
    if input.survivor <= 0 {
        errors.add("survivor", "unknown_reference");
    }
    if input.merged <= 0 {
        errors.add("merged", "unknown_reference");
    }
    if input.survivor == input.merged {
        errors.add("merged", "same_person");
    }
    if input
        .take
        .iter()
        .any(|f| !hrx_store::registry::MERGE_FIELDS.contains(&f.as_str()))
    {
        errors.add("take", "unknown_value");
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let record = state
        .store
        .merge_persons(
            &principal.username,
            input.survivor,
            input.merged,
            &input.take,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Undoes a merge: the records it moved go back to the merged person and the survivor's
/// fields are as before it.
#[utoipa::path(delete, path = "/api/v1/persons/merges/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = MergeRecord), (status = 401), (status = 403), (status = 404), (status = 409)))]
pub async fn unmerge(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<MergeRecord>, ApiError> {
    let principal = viewer.require()?;
    allow(principal.may_merge_persons())?;
    Ok(Json(
        state.store.unmerge_persons(&principal.username, id).await?,
    ))
}

/// One merge: who survived, who was merged, what moved, and whether it was undone.
#[utoipa::path(get, path = "/api/v1/persons/merges/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = MergeRecord), (status = 401), (status = 403), (status = 404)))]
pub async fn merge_record(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<MergeRecord>, ApiError> {
    let principal = viewer.require()?;
    allow(principal.may_merge_persons())?;
    state
        .store
        .person_merge(id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// A person's records of every capability in date order, each with its page: study abroad
/// and returns, returnee programme applications, enrolments, work permits and their
/// applications, certificates of coverage, training abroad, delegations, service in
/// international organisations, award nominations and expert engagements.
#[utoipa::path(get, path = "/api/v1/persons/{id}/timeline", tag = "registry", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = [TimelineEntry]), (status = 401), (status = 404)))]
pub async fn timeline(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<TimelineEntry>>, ApiError> {
    let principal = viewer.require()?;
    super::registry::visible_person(&state, principal, id).await?;
    Ok(Json(state.store.person_timeline(id).await?))
}
