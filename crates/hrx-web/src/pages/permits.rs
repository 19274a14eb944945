//! The public points calculator: the same engine as the API, in both languages. It works as a
//! plain GET form; a small script refreshes the breakdown as the user types.

use super::extract::Anyone;
use super::{render, Ctx, Errors};
use crate::service::permits::{decide_routes, explain, AssessmentView};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use hrx_domain::permits::points::{ChineseInput, DistinctionsInput, WorkLocationInput};
use hrx_domain::permits::{assess, AssessmentInput, PointsTable, EDUCATION_CODES};
use hrx_domain::FieldErrors;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/work-permits/calculator", get(calculator))
}

/// The calculator form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct CalculatorForm {
    pub assessment_date: String,
    pub birth_date: String,
    pub annual_salary_cny: String,
    pub education: String,
    pub related_experience_years: String,
    pub months_in_china_per_year: String,
    pub hsk_level: String,
    pub chinese_taught_degree: Option<String>,
    pub former_chinese_national: Option<String>,
    pub province: String,
    pub designated_area: Option<String>,
    pub high_level_foreign_university: Option<String>,
    pub fortune_global_500: Option<String>,
    pub patents: Option<String>,
    pub five_consecutive_years_in_china: Option<String>,
    pub local_bonus: String,
}

pub fn number(errors: &mut FieldErrors, field: &str, value: &str) -> Option<f64> {
    match value.trim().replace([',', '，', ' '], "").parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => {
            errors.add(
                field,
                if value.trim().is_empty() {
                    "required"
                } else {
                    "not_a_number"
                },
            );
            None
        }
    }
}

impl CalculatorForm {
    fn is_empty(&self) -> bool {
        self.birth_date.is_empty() && self.annual_salary_cny.is_empty() && self.education.is_empty()
    }

    pub fn input(&self) -> Result<AssessmentInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let salary = number(&mut errors, "annual_salary_cny", &self.annual_salary_cny);
        let experience = number(
            &mut errors,
            "related_experience_years",
            &self.related_experience_years,
        );
        let months = number(
            &mut errors,
            "months_in_china_per_year",
            &self.months_in_china_per_year,
        );
        let bonus = if self.local_bonus.trim().is_empty() {
            Some(0.0)
        } else {
            number(&mut errors, "local_bonus", &self.local_bonus)
        };
        let hsk = self.hsk_level.trim().parse::<i64>().unwrap_or(0);
        if self.education.is_empty() {
            errors.add("education", "required");
        }
        if self.birth_date.is_empty() {
            errors.add("birth_date", "required");
        }
        if self.province.is_empty() {
            errors.add("work_location.province", "required");
        }
        let bonus = match bonus {
            Some(b) if b.fract() == 0.0 => Some(b as i64),
            Some(_) => {
                errors.add("local_bonus", "out_of_range");
                None
            }
            None => None,
        };
        let input = AssessmentInput {
            assessment_date: self.assessment_date.clone(),
            birth_date: self.birth_date.clone(),
            annual_salary_cny: salary.unwrap_or(0.0),
            education: self.education.clone(),
            related_experience_years: experience.unwrap_or(0.0),
            months_in_china_per_year: months.unwrap_or(12.0),
            chinese: ChineseInput {
                hsk_level: Some(hsk),
                chinese_taught_degree: self.chinese_taught_degree.is_some(),
                former_chinese_national: self.former_chinese_national.is_some(),
            },
            work_location: WorkLocationInput {
                province: self.province.clone(),
                designated_area: self.designated_area.is_some(),
                city: None,
            },
            distinctions: DistinctionsInput {
                high_level_foreign_university: self.high_level_foreign_university.is_some(),
                fortune_global_500: self.fortune_global_500.is_some(),
                patents: self.patents.is_some(),
                five_consecutive_years_in_china: self.five_consecutive_years_in_china.is_some(),
            },
            local_bonus: bonus.unwrap_or(0),
            routes: Default::default(),
        };
        if errors.is_empty() {
            return Ok(input);
        }
        // Every error at once: the scoring's own checks (dates, ranges, the province) run on
        // what was typed, with the unreadable fields standing in as zero; the first reason
        // given for a field stands.
        if let Ok(table) = PointsTable::current() {
            if let Err(more) = assess(&input, table) {
                errors.merge(more);
            }
        }
        Err(errors)
    }
}

#[derive(Template)]
#[template(path = "calculator.html")]
struct CalculatorPage {
    ctx: Ctx,
    form: CalculatorForm,
    errors: Errors,
    result: Option<AssessmentView>,
    educations: Vec<&'static str>,
}

async fn calculator(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    params: Result<Query<CalculatorForm>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let mut form = params.map(|q| q.0).unwrap_or_default();
    if form.assessment_date.is_empty() {
        form.assessment_date = chrono::Utc::now().date_naive().to_string();
    }
    if form.months_in_china_per_year.is_empty() {
        form.months_in_china_per_year = "12".into();
    }
    let (result, errors) = if form.is_empty() {
        (None, FieldErrors::new())
    } else {
        let table = PointsTable::current();
        match (form.input(), table) {
            (Ok(input), Ok(table)) => match assess(&input, table) {
                Ok(a) => {
                    let decision = decide_routes(&state, &input, &a).await.ok();
                    (
                        Some(explain(&a, decision.as_ref(), ctx.lang)),
                        FieldErrors::new(),
                    )
                }
                Err(e) => (None, e),
            },
            (Err(e), _) => (None, e),
            (_, Err(_)) => (
                None,
                FieldErrors::single("assessment_date", "unknown_value"),
            ),
        }
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(
        status,
        &CalculatorPage {
            errors: Errors::from(&ctx, &errors),
            ctx,
            form,
            result,
            educations: EDUCATION_CODES.to_vec(),
        },
    )
}
