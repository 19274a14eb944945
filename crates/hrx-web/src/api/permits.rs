//! Work permits: the public points assessment.

use super::ApiJson;
use crate::error::ApiError;
use crate::i18n::{translate, Lang};
use crate::AppState;
use crate::Viewer;
use axum::extract::{ConnectInfo, State};
use axum::routing::get;
use axum::routing::post;
use axum::{Extension, Json, Router};
use chrono::Datelike;
use hrx_domain::permits::routes::{decide, CategoryDecision, LocalWage};
use hrx_domain::permits::{assess, Assessment, AssessmentInput, PointsTable};
use hrx_domain::reference::reference;
use serde::{Deserialize, Serialize};
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
    let key = client.map_or_else(|| "local".to_owned(), |c| c.0 .0.ip().to_string());
    if !state.public_limiter.allow(&key) {
        return Err(ApiError::TooManyRequests);
    }
    let table = PointsTable::current().map_err(|e| {
        tracing::error!(error = e, "points table does not parse");
        ApiError::Internal
    })?;
    let assessment = assess(&input, table)?;
    let decision = decide_routes(&state, &input, &assessment).await?;
    Ok(Json(explain(&assessment, Some(&decision), viewer.lang)))
}

/// The category by every route, with the previous year's wages of the city or province.
pub async fn decide_routes(
    state: &AppState,
    input: &AssessmentInput,
    assessment: &Assessment,
) -> Result<CategoryDecision, ApiError> {
    let year = chrono::NaiveDate::parse_from_str(&input.assessment_date, "%Y-%m-%d")
        .map(|d| d.year() - 1)
        .unwrap_or(0);
    let mut localities: Vec<&str> = Vec::new();
    if let Some(city) = input.work_location.city.as_deref() {
        localities.push(city);
    }
    localities.push(&input.work_location.province);
    let wage = state.store.local_wage(&localities, year).await?;
    Ok(decide(input, &input.routes, assessment, wage.as_ref()))
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
    let principal = viewer.require()?;
    if !principal.may_manage_users() {
        return Err(ApiError::Forbidden);
    }
    let wage = LocalWage::parse(
        &input.locality,
        input.year,
        input.average_annual_cny,
        input.minimum_monthly_cny,
        &input.source,
    )?;
    Ok(Json(
        state
            .store
            .set_local_wage(&principal.username, &wage)
            .await?,
    ))
}

/// One factor as shown to people: its rule worded in their language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactorView {
    pub factor: &'static str,
    pub points: i64,
    pub max: i64,
    pub rule: String,
}

/// One route and whether it is met, worded in the reader's language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RouteView {
    pub route: &'static str,
    pub met: bool,
    pub reason: String,
}

/// The assessment as the API and the calculator page show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentView {
    pub total: i64,
    /// `A`, `B` or null: the category by points alone.
    pub points_category: Option<&'static str>,
    /// `A`, `B`, `C` or null: the category by every route (direct routes, salary multiples,
    /// points, C routes), after the conditions for everyone.
    pub category: Option<&'static str>,
    pub routes: Vec<RouteView>,
    pub age: i64,
    pub factors: Vec<FactorView>,
    /// General B conditions not met: `b_age_over_60`, `b_degree_below_bachelor`,
    /// `b_experience_under_2_years`.
    pub unmet_conditions: Vec<String>,
    pub table_version: String,
    pub table_source: String,
}

/// Words each factor's rule in `lang`, naming codes (province, region, education, Chinese item).
pub fn explain(
    assessment: &Assessment,
    decision: Option<&CategoryDecision>,
    lang: Lang,
) -> AssessmentView {
    let factors = assessment
        .factors
        .iter()
        .map(|f| {
            let args: Vec<(&str, String)> = f
                .rule_args
                .iter()
                .map(|(name, value)| (name.as_str(), argument(lang, name, value)))
                .collect();
            FactorView {
                factor: f.factor,
                points: f.points,
                max: f.max,
                rule: translate(lang, f.rule_key, &args),
            }
        })
        .collect();
    let routes = decision
        .map(|d| {
            d.routes
                .iter()
                .map(|r| {
                    let args: Vec<(&str, String)> = r
                        .reason_args
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.clone()))
                        .collect();
                    RouteView {
                        route: r.route,
                        met: r.met,
                        reason: translate(lang, r.reason_key, &args),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    AssessmentView {
        total: assessment.total,
        points_category: assessment.points_category,
        category: decision.and_then(|d| d.category),
        routes,
        age: assessment.age,
        factors,
        unmet_conditions: decision
            .map(|d| d.unmet_conditions.clone())
            .unwrap_or_else(|| assessment.unmet_conditions.clone()),
        table_version: assessment.table_version.clone(),
        table_source: assessment.table_source.clone(),
    }
}

fn argument(lang: Lang, name: &str, value: &str) -> String {
    match name {
        "education" => translate(lang, &format!("edu-{value}"), &[]),
        "region" => translate(lang, &format!("region-{value}"), &[]),
        "province" => reference()
            .province(value)
            .map(|p| match lang {
                Lang::Zh => p.name_zh.clone(),
                Lang::En => p.name_en.clone(),
            })
            .unwrap_or_else(|| value.to_owned()),
        "item" => match value.strip_prefix("hsk_") {
            Some("0") => translate(lang, "chinese-item-none", &[]),
            Some(level) => translate(lang, "chinese-item-hsk", &[("level", level.to_owned())]),
            None => translate(lang, &format!("chinese-item-{value}"), &[]),
        },
        _ => value.to_owned(),
    }
}
