//! The public determination: what an agreement provides for a posting, with the reasons and
//! an estimate of the contributions saved.

use super::{money, optional_text};
use crate::error::ApiError;
use crate::pages::extract::{Anyone, PageError};
use crate::pages::{render, Ctx, Errors};
use crate::service::coverage::{reasons, run_determination};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use hrx_domain::coverage::agreements::{Agreement, CATEGORIES};
use hrx_domain::coverage::determine::{Determination, DeterminationRequest};
use hrx_domain::coverage::rates::RateTable;
use hrx_domain::FieldErrors;
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/coverage/determine", get(determine_page))
}

/// The determination form as typed; submitted by GET.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct DetermineForm {
    as_of: String,
    nationality: String,
    sending_country: String,
    work_country: String,
    worker_category: String,
    posting_start: String,
    posting_end: String,
    employed_by_sender_since: String,
    employed_in_china_since: String,
    commercial_health_insurance: Option<String>,
    city: String,
    monthly_wage_cny: String,
    /// Sent by the form's button.
    check: Option<String>,
}

impl DetermineForm {
    /// Whether the form was sent (its button, or a link with the posting's dates); a link
    /// that only pre-fills countries shows the form without errors.
    fn submitted(&self) -> bool {
        self.check.is_some() || !(self.posting_start.is_empty() && self.posting_end.is_empty())
    }

    fn request(&self) -> Result<DeterminationRequest, FieldErrors> {
        let wage = self.monthly_wage_cny.trim();
        let monthly_wage_cny = if wage.is_empty() {
            None
        } else {
            let mut errors = FieldErrors::new();
            let n = crate::pages::permits::number(&mut errors, "monthly_wage_cny", wage);
            errors.into_result()?;
            n
        };
        Ok(DeterminationRequest {
            as_of: self.as_of.clone(),
            nationality: self.nationality.clone(),
            sending_country: self.sending_country.clone(),
            work_country: self.work_country.clone(),
            worker_category: self.worker_category.clone(),
            posting_start: self.posting_start.clone(),
            posting_end: self.posting_end.clone(),
            employed_by_sender_since: optional_text(&self.employed_by_sender_since),
            employed_in_china_since: optional_text(&self.employed_in_china_since),
            commercial_health_insurance: self.commercial_health_insurance.is_some(),
            city: optional_text(&self.city),
            monthly_wage_cny,
        })
    }
}

/// One branch of the savings estimate, worded.
pub struct SavingLine {
    pub branch: String,
    pub employer_pct: String,
    pub employee_pct: String,
    pub employer: String,
    pub employee: String,
}

/// The savings estimate, worded.
pub struct SavingsView {
    pub lines: Vec<SavingLine>,
    pub employer: String,
    pub employee: String,
    pub total: String,
    pub months: u32,
    pub period_total: String,
    pub basis: String,
    pub note: String,
}

/// A determination, worded for the page.
pub struct ResultView {
    pub agreement: Option<String>,
    pub direction: String,
    pub exempt: bool,
    pub exempt_branches: String,
    pub enrol_branches: String,
    pub exempt_from: String,
    pub exempt_until: String,
    pub all_branches_from: String,
    pub limit: String,
    pub extension: String,
    pub extension_possible: bool,
    pub extension_max_until: String,
    pub manual_review: bool,
    pub reasons: Vec<String>,
    pub savings: Option<SavingsView>,
}

fn result_view(ctx: &Ctx, d: &Determination, agreements: &[Agreement]) -> ResultView {
    let day = |d: Option<chrono::NaiveDate>| {
        d.map(|d| ctx.date(&d.to_string()))
            .unwrap_or_else(|| "—".into())
    };
    let agreement = d
        .agreement
        .as_deref()
        .and_then(|code| agreements.iter().find(|a| a.code == code));
    let limit = match (d.max_posting_months, agreement) {
        (Some(n), _) => ctx.t1("cov-months", "months", n),
        (None, Some(a)) => ctx.limit(a.limit(d.direction)),
        (None, None) => "—".into(),
    };
    let extension = d
        .extension_rule
        .map(|r| ctx.tk("cov-extension", r))
        .unwrap_or_else(|| "—".into());
    let savings = d.savings.as_ref().map(|s| SavingsView {
        lines: s
            .branches
            .iter()
            .map(|b| SavingLine {
                branch: ctx.tk("cov-branch", &b.branch),
                employer_pct: b.employer_pct.clone(),
                employee_pct: b.employee_pct.clone(),
                employer: money(b.employer_cny),
                employee: money(b.employee_cny),
            })
            .collect(),
        employer: money(s.employer_cny),
        employee: money(s.employee_cny),
        total: money(s.total_cny),
        months: s.months,
        period_total: money(s.period_total_cny),
        basis: crate::i18n::translate(
            ctx.lang,
            "cov-savings-basis",
            &[
                ("base", money(s.base_cny)),
                ("wage", money(s.monthly_wage_cny)),
                ("city", ctx.city_name(&s.city)),
                ("month", s.month.clone()),
            ],
        ),
        note: if s.estimate {
            ctx.t1("cov-savings-estimate", "period", &s.period)
        } else {
            ctx.t1("cov-savings-rates", "period", &s.period)
        },
    });
    ResultView {
        agreement: d.agreement.clone(),
        direction: ctx.tk("cov-direction", d.direction.code()),
        exempt: d.exempt,
        exempt_branches: ctx.branches(&d.exempt_branches),
        enrol_branches: ctx.branches(&d.enrol_branches),
        exempt_from: day(d.exempt_from),
        exempt_until: day(d.exempt_until),
        all_branches_from: day(d.all_branches_from),
        limit,
        extension,
        extension_possible: d.extension_possible,
        extension_max_until: day(d.extension_max_until),
        manual_review: d.manual_review,
        reasons: reasons(&d.steps, ctx.lang),
        savings,
    }
}

#[derive(Template)]
#[template(path = "coverage_determine.html")]
struct DeterminePage {
    ctx: Ctx,
    form: DetermineForm,
    errors: Errors,
    countries: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    cities: Vec<(String, String)>,
    result: Option<ResultView>,
}

async fn determine_page(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    params: Result<Query<DetermineForm>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let mut form = params.map(|q| q.0).unwrap_or_default();
    let submitted = form.submitted();
    if form.as_of.trim().is_empty() {
        form.as_of = state.today().to_string();
    }
    if !submitted {
        if form.work_country.is_empty() {
            form.work_country = "CN".into();
        }
        if form.worker_category.is_empty() {
            form.worker_category = "posted_worker".into();
        }
    }
    let mut status = StatusCode::OK;
    let mut errors = Errors::default();
    let mut result = None;
    if submitted {
        let outcome = match form.request() {
            Ok(request) => run_determination(&state, &request).await,
            Err(fe) => Err(ApiError::Validation(fe)),
        };
        match outcome {
            Ok(d) => {
                let agreements = state.store.agreements().await.unwrap_or_default();
                result = Some(result_view(&ctx, &d, &agreements));
            }
            Err(ApiError::Validation(fe)) => {
                errors = Errors::from(&ctx, &fe);
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(_) => return Err(PageError::failed(ctx)),
        }
    }
    let cities = RateTable::builtin()
        .map(|t| {
            t.cities()
                .into_iter()
                .map(|c| (c.to_owned(), ctx.city_name(c)))
                .collect()
        })
        .unwrap_or_default();
    let categories = CATEGORIES
        .iter()
        .map(|c| ((*c).to_owned(), ctx.tk("cov-category", c)))
        .collect();
    Ok(render(
        status,
        &DeterminePage {
            countries: ctx.countries(),
            categories,
            cities,
            form,
            errors,
            result,
            ctx,
        },
    ))
}
