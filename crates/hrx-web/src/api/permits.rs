//! Work permits: the public points assessment.

use super::ApiJson;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{ConnectInfo, State};
use axum::routing::post;
use axum::{Extension, Json, Router};
use hrx_domain::permits::{assess, Assessment, AssessmentInput, PointsTable};
use std::net::SocketAddr;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/work-permits/assessments", post(assessment))
}

/// Scores an applicant profile on the 2017 points table: total, points category (`A` at 85
/// or more, `B` at 60 to 84, `null` below), each factor with its rule, and the general B
/// conditions not met. Open to the public, limited per client address.
#[utoipa::path(post, path = "/api/v1/work-permits/assessments", tag = "work-permits",
    request_body = AssessmentInput,
    responses((status = 200, body = Assessment), (status = 422), (status = 429)))]
pub async fn assessment(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(input): ApiJson<AssessmentInput>,
) -> Result<Json<Assessment>, ApiError> {
    let key = client.map_or_else(|| "local".to_owned(), |c| c.0 .0.ip().to_string());
    if !state.public_limiter.allow(&key) {
        return Err(ApiError::TooManyRequests);
    }
    let table = PointsTable::current().map_err(|e| {
        tracing::error!(error = e, "points table does not parse");
        ApiError::Internal
    })?;
    Ok(Json(assess(&input, table)?))
}
