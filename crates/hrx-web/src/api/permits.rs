//! Work permits: the public points assessment.

use super::{administrator, within_public_limit, ApiJson};
use crate::error::ApiError;
use crate::service::permits::decide_routes;
pub use crate::service::permits::{explain, AssessmentView};
use crate::AppState;
use crate::Viewer;
use axum::extract::{ConnectInfo, State};
use axum::routing::get;
use axum::routing::post;
use axum::{Extension, Json, Router};
use hrx_domain::permits::routes::LocalWage;
use hrx_domain::permits::{assess, AssessmentInput, PointsTable};
use serde::Deserialize;
use std::net::SocketAddr;
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/work-permits/assessments", post(assessment))
        .route(
            "/api/v1/work-permits/local-wages",
            get(local_wages).put(set_local_wage),
        )
}

/// Scores an applicant profile on the 2017 points table: total, points category (`A` at 85
/// or more, `B` at 60 to 84, `null` below), each factor with its rule, and the general B
/// conditions not met. Open to the public, limited per client address.
#[utoipa::path(post, path = "/api/v1/work-permits/assessments", tag = "work-permits",
    request_body = AssessmentInput,
    responses((status = 200, body = AssessmentView), (status = 422), (status = 429)))]
pub async fn assessment(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(input): ApiJson<AssessmentInput>,
) -> Result<Json<AssessmentView>, ApiError> {
    within_public_limit(&state, client)?;
    let table = PointsTable::current().map_err(|e| {
        tracing::error!(error = e, "points table does not parse");
        ApiError::Internal
    })?;
    let assessment = assess(&input, table)?;
    let decision = decide_routes(&state, &input, &assessment).await?;
    Ok(Json(explain(&assessment, Some(&decision), viewer.lang)))
}

/// Published local wages per locality and year, newest first.
#[utoipa::path(get, path = "/api/v1/work-permits/local-wages", tag = "work-permits",
    responses((status = 200, body = Vec<LocalWage>)))]
pub async fn local_wages(State(state): State<AppState>) -> Result<Json<Vec<LocalWage>>, ApiError> {
    Ok(Json(state.store.local_wages().await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalWageInput {
    /// GB/T 2260 code of the province or city.
    locality: String,
    year: i32,
    average_annual_cny: f64,
    #[serde(default)]
    minimum_monthly_cny: Option<f64>,
    /// Where the figure was published.
    source: String,
}

/// Records or corrects the wages of a locality for a year (administrators).
#[utoipa::path(put, path = "/api/v1/work-permits/local-wages", tag = "work-permits",
    request_body = LocalWageInput, security(("bearer" = [])),
    responses((status = 200, body = LocalWage), (status = 403), (status = 422)))]
pub async fn set_local_wage(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<LocalWageInput>,
) -> Result<Json<LocalWage>, ApiError> {
    let actor = administrator(&viewer)?;
    let wage = LocalWage::parse(
        &input.locality,
        input.year,
        input.average_annual_cny,
        input.minimum_monthly_cny,
        &input.source,
    )?;
    Ok(Json(state.store.set_local_wage(&actor, &wage).await?))
}
