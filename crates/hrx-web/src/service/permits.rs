//! The points assessment and the category by every route, as both the JSON API and the
//! calculator page give them.

use super::translate_worded;
use crate::error::ApiError;
use crate::i18n::{translate, Lang};
use crate::AppState;
use chrono::Datelike;
use hrx_domain::permits::routes::{decide, CategoryDecision};
use hrx_domain::permits::{Assessment, AssessmentInput};
use hrx_domain::reference::reference;
use serde::Serialize;
use utoipa::ToSchema;

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
        .map(|f| FactorView {
            factor: f.factor,
            points: f.points,
            max: f.max,
            rule: translate_worded(lang, f.rule_key, &f.rule_args, |name, value| {
                argument(lang, name, value)
            }),
        })
        .collect();
    let routes = decision
        .map(|d| {
            d.routes
                .iter()
                .map(|r| RouteView {
                    route: r.route,
                    met: r.met,
                    reason: translate_worded(lang, r.reason_key, &r.reason_args, |_, v| {
                        v.to_owned()
                    }),
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
            .map_or(value, |p| lang.pick(&p.name_zh, &p.name_en))
            .to_owned(),
        "item" => match value.strip_prefix("hsk_") {
            Some("0") => translate(lang, "chinese-item-none", &[]),
            Some(level) => translate(lang, "chinese-item-hsk", &[("level", level.to_owned())]),
            None => translate(lang, &format!("chinese-item-{value}"), &[]),
        },
        _ => value.to_owned(),
    }
}
