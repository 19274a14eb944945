//! The working calendar over JSON: public to read, administrators keep it.

use super::{administrator, ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Extension, Json, Router};
use chrono::NaiveDate;
use hrx_domain::calendar::CalendarDay;
use hrx_domain::FieldErrors;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/calendar", get(list))
        .route("/api/v1/calendar/{date}", put(set).delete(remove))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CalendarParams {
    /// Only the days of this year.
    year: Option<i32>,
}

/// Days that depart from "Monday to Friday work": public holidays and weekend days made working days.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "calendar", params(CalendarParams),
    responses((status = 200, body = Vec<CalendarDay>)))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<CalendarParams>,
) -> Result<Json<Vec<CalendarDay>>, ApiError> {
    if params.year.is_some_and(|y| !(1900..=2100).contains(&y)) {
        return Err(FieldErrors::single("year", "out_of_range").into());
    }
    Ok(Json(state.store.calendar_days(params.year).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarDayInput {
    /// `holiday` or `adjusted_workday`.
    kind: String,
    name_en: String,
    name_zh: String,
    /// The year of the State Council notice that sets the day (default: the day's year).
    #[serde(default)]
    year_notice: Option<i32>,
}

fn date(value: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=2100).contains(&chrono::Datelike::year(d)))
        .ok_or(ApiError::NotFound)
}

/// Adds or corrects a day (administrators). Deadlines counted afterwards use it.
#[utoipa::path(put, path = "/api/v1/calendar/{date}", tag = "calendar", params(("date" = String, Path)),
    request_body = CalendarDayInput, security(("bearer" = [])),
    responses((status = 200, body = CalendarDay), (status = 403), (status = 422)))]
pub async fn set(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(day): ApiPath<String>,
    ApiJson(input): ApiJson<CalendarDayInput>,
) -> Result<Json<CalendarDay>, ApiError> {
    let actor = administrator(&viewer)?;
    let date = date(&day)?;
    let day = CalendarDay::parse(
        date,
        &input.kind,
        &input.name_en,
        &input.name_zh,
        input.year_notice,
    )?;
    Ok(Json(state.store.set_calendar_day(&actor, &day).await?))
}

/// Removes a day so that the weekly rule applies to it again (administrators).
#[utoipa::path(delete, path = "/api/v1/calendar/{date}", tag = "calendar", params(("date" = String, Path)),
    security(("bearer" = [])), responses((status = 204), (status = 403), (status = 404)))]
pub async fn remove(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(day): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let actor = administrator(&viewer)?;
    state.store.delete_calendar_day(&actor, date(&day)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
