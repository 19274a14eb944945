//! Work permits: the public points assessment.

use super::ApiJson;
use crate::error::ApiError;
use crate::i18n::{translate, Lang};
use crate::AppState;
use crate::Viewer;
use axum::extract::{ConnectInfo, State};
use axum::routing::post;
use axum::{Extension, Json, Router};
use hrx_domain::permits::{assess, Assessment, AssessmentInput, PointsTable};
use hrx_domain::reference::reference;
use serde::Serialize;
use std::net::SocketAddr;
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/work-permits/assessments", post(assessment))
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
    Ok(Json(explain(&assess(&input, table)?, viewer.lang)))
}

/// One factor as shown to people: its rule worded in their language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactorView {
    pub factor: &'static str,
    pub points: i64,
    pub max: i64,
    pub rule: String,
}

/// The assessment as the API and the calculator page show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentView {
    pub total: i64,
    /// `A`, `B` or null.
    pub points_category: Option<&'static str>,
    pub age: i64,
    pub factors: Vec<FactorView>,
    /// General B conditions not met: `b_age_over_60`, `b_degree_below_bachelor`,
    /// `b_experience_under_2_years`.
    pub unmet_conditions: Vec<String>,
    pub table_version: String,
    pub table_source: String,
}

/// Words each factor's rule in `lang`, naming codes (province, region, education, Chinese item).
pub fn explain(assessment: &Assessment, lang: Lang) -> AssessmentView {
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
    AssessmentView {
        total: assessment.total,
        points_category: assessment.points_category,
        age: assessment.age,
        factors,
        unmet_conditions: assessment.unmet_conditions.clone(),
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
