//! Published statistics over JSON: the indicator catalogue. Public, like the figures.

use crate::error::ApiError;
use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use hrx_domain::statistics::{catalogue, Indicator};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/indicators", get(list))
}

/// Every indicator HRX computes: code, names in Chinese and English, unit, kind (stock, flow
/// or cumulative), what it counts, its breakdowns and its definition in words.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "statistics",
    responses((status = 200, body = Vec<Indicator>)))]
pub async fn list() -> Result<Json<Vec<Indicator>>, ApiError> {
    let indicators = catalogue().map_err(|e| {
        tracing::error!(error = e, "the indicator catalogue does not parse");
        ApiError::Internal
    })?;
    Ok(Json(indicators.to_vec()))
}
