//! Administrators' pages for the rule tables that change every year: China's working
//! calendar (what statutory deadlines are counted on) and the local wages (what the
//! salary-multiple routes compare against). Every change is audited by the store.

use super::extract::{OrPage, PageError, SignedIn};
use super::{no_store, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Datelike, NaiveDate};
use hrx_domain::access::Principal;
use hrx_domain::calendar::CalendarDay;
use hrx_domain::permits::routes::LocalWage;
use hrx_domain::FieldErrors;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/calendar", get(calendar).post(set_day))
        .route("/admin/calendar/{date}/delete", post(delete_day))
        .route("/admin/local-wages", get(wages).post(set_wage))
}

/// A signed-in administrator (one who may manage users); anyone else is refused.
struct Admin {
    /// The administrator's user name, recorded as the actor of a change.
    actor: String,
    ctx: Ctx,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal, ctx } =
            SignedIn::allowed(parts, state, Principal::may_manage_users).await?;
        Ok(Admin {
            actor: principal.username,
            ctx,
        })
    }
}

#[derive(Template)]
#[template(path = "admin_calendar.html")]
struct CalendarPage {
    ctx: Ctx,
    year: i32,
    rows: Vec<CalendarDay>,
    form: FormValues,
    errors: Errors,
    saved: bool,
}

#[derive(Deserialize, Default)]
struct YearParams {
    #[serde(default)]
    year: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

async fn calendar_page(
    state: &AppState,
    ctx: Ctx,
    year: i32,
    form: FormValues,
    errors: Errors,
    saved: bool,
) -> Result<Response, PageError> {
    let days = state.store.calendar_days(Some(year)).await.or_page(&ctx)?;
    Ok(no_store(render(
        errors.status(),
        &CalendarPage {
            ctx,
            year,
            rows: days,
            form,
            errors,
            saved,
        },
    )))
}

fn year_of(value: Option<&str>, today: NaiveDate) -> i32 {
    value
        .and_then(|y| y.parse().ok())
        .filter(|y| (1990..=2100).contains(y))
        .unwrap_or(today.year())
}

async fn calendar(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    params: Result<Query<YearParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let params = params.map(|p| p.0).unwrap_or_default();
    let year = year_of(params.year.as_deref(), state.today());
    let saved = params.saved.is_some();
    calendar_page(
        &state,
        ctx,
        year,
        FormValues::default(),
        Errors::default(),
        saved,
    )
    .await
}

async fn set_day(
    State(state): State<AppState>,
    Admin { actor, ctx }: Admin,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let get = |k: &str| form.value(k);
    let date = NaiveDate::parse_from_str(get("date").trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1990..=2100).contains(&d.year()));
    let parsed = match date {
        Some(date) => {
            let notice = get("year_notice").trim();
            let notice = if notice.is_empty() {
                Ok(None)
            } else {
                notice.parse::<i32>().map(Some)
            };
            match notice {
                Ok(notice) => {
                    CalendarDay::parse(date, get("kind"), get("name_en"), get("name_zh"), notice)
                }
                Err(_) => Err(FieldErrors::single("year_notice", "not_a_number")),
            }
        }
        None => Err(FieldErrors::single("date", "invalid_date")),
    };
    let year = date.map_or(state.today().year(), |d| d.year());
    match parsed {
        Ok(day) => {
            state
                .store
                .set_calendar_day(&actor, &day)
                .await
                .or_page(&ctx)?;
            Ok(Redirect::to(&format!("/admin/calendar?year={year}&saved=1")).into_response())
        }
        Err(errors) => {
            let errors = Errors::from(&ctx, &errors);
            calendar_page(&state, ctx, year, form, errors, false).await
        }
    }
}

async fn delete_day(
    State(state): State<AppState>,
    Admin { actor, ctx }: Admin,
    Path(date): Path<String>,
) -> Result<Response, PageError> {
    let Ok(date) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
        return Err(PageError::not_found(ctx));
    };
    state
        .store
        .delete_calendar_day(&actor, date)
        .await
        .or_page_404(&ctx)?;
    Ok(Redirect::to(&format!("/admin/calendar?year={}&saved=1", date.year())).into_response())
}

#[derive(Template)]
#[template(path = "admin_wages.html")]
struct WagesPage {
    ctx: Ctx,
    rows: Vec<LocalWage>,
    form: FormValues,
    errors: Errors,
    saved: bool,
}

impl WagesPage {
    fn yuan(&self, fen: i64) -> String {
        self.ctx.yuan(&(fen as f64 / 100.0))
    }
}

async fn wages_page(
    state: &AppState,
    ctx: Ctx,
    form: FormValues,
    errors: Errors,
    saved: bool,
) -> Result<Response, PageError> {
    let wages = state.store.local_wages().await.or_page(&ctx)?;
    Ok(no_store(render(
        errors.status(),
        &WagesPage {
            ctx,
            rows: wages,
            form,
            errors,
            saved,
        },
    )))
}

async fn wages(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    params: Result<Query<YearParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let saved = params.is_ok_and(|p| p.0.saved.is_some());
    wages_page(&state, ctx, FormValues::default(), Errors::default(), saved).await
}

async fn set_wage(
    State(state): State<AppState>,
    Admin { actor, ctx }: Admin,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let get = |k: &str| form.value(k).trim();
    let mut errors = FieldErrors::new();
    let year = errors.take(
        "year",
        get("year").parse::<i32>().map_err(|_| "not_a_number"),
    );
    let average = errors.take(
        "average_annual_cny",
        get("average_annual_cny")
            .parse::<f64>()
            .map_err(|_| "not_a_number"),
    );
    let minimum = match get("minimum_monthly_cny") {
        "" => None,
        m => errors.take(
            "minimum_monthly_cny",
            m.parse::<f64>().map_err(|_| "not_a_number"),
        ),
    };
    let parsed = match (year, average, errors.is_empty()) {
        (Some(year), Some(average), true) => {
            LocalWage::parse(get("locality"), year, average, minimum, get("source"))
        }
        _ => Err(errors),
    };
    match parsed {
        Ok(wage) => {
            state
                .store
                .set_local_wage(&actor, &wage)
                .await
                .or_page(&ctx)?;
            Ok(Redirect::to("/admin/local-wages?saved=1").into_response())
        }
        Err(errors) => {
            let errors = Errors::from(&ctx, &errors);
            wages_page(&state, ctx, form, errors, false).await
        }
    }
}
