use crate::error::ApiError;
use crate::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use hrx_domain::reference::{Country, EducationLevel, Occupation, Province};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/reference/countries", get(countries))
        .route("/api/v1/reference/provinces", get(provinces))
        .route("/api/v1/reference/occupations", get(occupations))
        .route("/api/v1/reference/education-levels", get(education_levels))
}

/// ISO 3166-1 countries and territories with English and Chinese names.
#[utoipa::path(get, path = "/api/v1/reference/countries", tag = "reference",
    responses((status = 200, body = Vec<Country>)))]
pub async fn countries(State(state): State<AppState>) -> Result<Json<Vec<Country>>, ApiError> {
    Ok(Json(state.store.countries().await?))
}

/// China's 31 provincial-level divisions (GB/T 2260) with their region.
#[utoipa::path(get, path = "/api/v1/reference/provinces", tag = "reference",
    responses((status = 200, body = Vec<Province>)))]
pub async fn provinces(State(state): State<AppState>) -> Result<Json<Vec<Province>>, ApiError> {
    Ok(Json(state.store.provinces().await?))
}

/// ISCO-08 major and sub-major groups.
#[utoipa::path(get, path = "/api/v1/reference/occupations", tag = "reference",
    responses((status = 200, body = Vec<Occupation>)))]
pub async fn occupations(State(state): State<AppState>) -> Result<Json<Vec<Occupation>>, ApiError> {
    Ok(Json(state.store.occupations().await?))
}

/// ISCED 2011 levels 0 to 8.
#[utoipa::path(get, path = "/api/v1/reference/education-levels", tag = "reference",
    responses((status = 200, body = Vec<EducationLevel>)))]
pub async fn education_levels(
    State(state): State<AppState>,
) -> Result<Json<Vec<EducationLevel>>, ApiError> {
    Ok(Json(state.store.education_levels().await?))
}
