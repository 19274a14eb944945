//! Identity resolution over JSON: the persons of the registry who may be the person
//! described, scored and explained. Only the persons the caller may see are compared, so the
//! answer tells nothing about anyone else.

use super::{allow, ApiJson};
use crate::error::ApiError;
use crate::i18n::{translate, Lang};
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::routing::post;
use axum::{Extension, Json, Router};
use hrx_domain::registry::display_name;
use hrx_domain::registry::matching::{Decision, MatchInput, Reason};
use serde::Serialize;
use utoipa::ToSchema;

/// At most this many candidates are answered.
const MAX_ANSWERED: usize = 20;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/persons/match", post(match_person))
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
