//! Nationals in international organisations over JSON: the desirable range of a Member State
//! with its status and the steps that reached it, and the match of a candidate to a vacancy
//! with every filter and component explained. Both are computations on what the caller
//! sends: public, rate-limited, nothing stored or read.

use super::{within_public_limit, ApiJson};
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::routing::post;
use axum::{Extension, Json, Router};
use hrx_domain::intorgs::{
    match_candidate, CandidateFacts, MatchResult, RangeInput, RangeResult, VacancyNeeds,
};
use serde::Deserialize;
use std::net::SocketAddr;
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/international-organisations/desirable-range",
            post(desirable_range),
        )
        .route("/api/v1/international-organisations/match", post(match_one))
}

/// The desirable range of a Member State (spec §6.1: midpoint from the membership,
/// population and contribution factors, ±15% with at least 4.8 posts each way and an upper
/// limit of at least 14), the limits as a report prints them, and with `staff` its status
/// (§6.2) and HRX's `near_lower_limit` flag. An input out of range is 422 naming the field.
#[utoipa::path(post, path = "/api/v1/international-organisations/desirable-range",
    tag = "international-organisations", request_body = RangeInput,
    responses((status = 200, body = RangeResult), (status = 422), (status = 429)))]
pub async fn desirable_range(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(input): ApiJson<RangeInput>,
) -> Result<Json<RangeResult>, ApiError> {
    within_public_limit(&state, client)?;
    Ok(Json(input.compute()?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MatchRequest {
    pub vacancy: VacancyNeeds,
    pub candidate: CandidateFacts,
}

/// The match of a candidate to a vacancy (spec §6.3, an HRX convention): the five hard
/// filters, each passed or not with its reason, then, for an eligible candidate, a score out
/// of 100 from its five components, each with its rule, values and points. `score` is null
/// when a filter fails. An age limit without `age_on` is read today.
#[utoipa::path(post, path = "/api/v1/international-organisations/match",
    tag = "international-organisations", request_body = MatchRequest,
    responses((status = 200, body = MatchResult), (status = 422), (status = 429)))]
pub async fn match_one(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(input): ApiJson<MatchRequest>,
) -> Result<Json<MatchResult>, ApiError> {
    within_public_limit(&state, client)?;
    Ok(Json(match_candidate(
        &input.vacancy,
        &input.candidate,
        state.today(),
    )?))
}
