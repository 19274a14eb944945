//! The start-up support programme for returnees, for the programme office: calls with their
//! budgets, the applications of a call with their reviews and scores, the review form for
//! reviewers (a score, or a declared conflict of interest), and the decision.

use super::extract::{allow, Found, OrPage, PageError, SignedIn};
use super::{no_store, parse_id, render, Ctx};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use hrx_domain::access::{Capability, Principal, Role};
use hrx_domain::returnees::ScoringRule;
use hrx_store::returnees::{CallRecord, NewApplication, StartupApplication};
use hrx_store::StoreError;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/returnees/calls", get(calls).post(create_call))
        .route("/returnees/calls/{id}", get(call_page))
        .route("/returnees/calls/{id}/applications", post(apply))
        .route("/returnees/calls/{id}/decision", post(decide))
        .route("/returnees/calls/{id}/reviews/{application}", post(review))
}

/// A signed-in user of the programme pages: the programme office (mobility officers and
/// administrators) or a reviewer.
struct Programme {
    p: Principal,
    ctx: Ctx,
}

impl FromRequestParts<AppState> for Programme {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal: p, ctx } = SignedIn::from_request_parts(parts, state).await?;
        allow(
            p.has(Capability::Mobility) || p.role == Role::Reviewer,
            &ctx,
        )?;
        Ok(Programme { p, ctx })
    }
}

#[derive(Template)]
#[template(path = "returnee_calls.html")]
struct CallsPage {
    ctx: Ctx,
    calls: Vec<CallRecord>,
    officer: bool,
    error: String,
}

async fn calls(
    State(state): State<AppState>,
    Programme { p, ctx }: Programme,
) -> Result<Response, PageError> {
    list(&state, ctx, p.has(Capability::Mobility), String::new()).await
}

async fn list(
    state: &AppState,
    ctx: Ctx,
    officer: bool,
    error: String,
) -> Result<Response, PageError> {
    let calls = state.store.calls().await.or_page(&ctx)?;
    Ok(no_store(render(
        if error.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &CallsPage {
            ctx,
            calls,
            officer,
            error,
        },
    )))
}

fn field<'a>(form: &'a HashMap<String, String>, k: &str) -> &'a str {
    form.get(k).map(String::as_str).unwrap_or("").trim()
}

async fn create_call(
    State(state): State<AppState>,
    Programme { p, ctx }: Programme,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    allow(p.has(Capability::Mobility), &ctx)?;
    let year = field(&form, "year")
        .parse::<i64>()
        .ok()
        .filter(|y| (1978..=2100).contains(y));
    let budget = field(&form, "budget_cny")
        .parse::<i64>()
        .ok()
        .filter(|b| *b > 0);
    let title = field(&form, "title");
    match (
        year,
        budget,
        title.is_empty() || title.chars().count() > 200,
    ) {
        (Some(year), Some(budget), false) => {
            let c = state
                .store
                .create_call(&p.username, year, title, budget)
                .await
                .or_page(&ctx)?;
            Ok(Redirect::to(&format!("/returnees/calls/{}", c.id)).into_response())
        }
        _ => {
            let error = ctx.t("returnee-call-invalid");
            list(&state, ctx, true, error).await
        }
    }
}

struct Row {
    app: StartupApplication,
    reviews: usize,
    reviewed_by_me: bool,
}

#[derive(Template)]
#[template(path = "returnee_call.html")]
struct CallPage {
    ctx: Ctx,
    round: CallRecord,
    status_label: String,
    rows: Vec<Row>,
    officer: bool,
    reviewer: bool,
    open: bool,
    awarded: i64,
    rule: String,
    error: String,
}

async fn call_view(
    state: &AppState,
    ctx: Ctx,
    p: &Principal,
    id: i64,
    error: String,
) -> Result<Response, PageError> {
    let call = state.store.call(id).await.found(&ctx)?;
    let apps = state.store.call_applications(id).await.or_page(&ctx)?;
    let reviewers = state.store.call_reviewers(id).await.or_page(&ctx)?;
    let rows = apps
        .into_iter()
        .map(|app| Row {
            reviews: reviewers.iter().filter(|(a, _)| *a == app.id).count(),
            reviewed_by_me: reviewers
                .iter()
                .any(|(a, r)| *a == app.id && *r == p.username),
            app,
        })
        .collect::<Vec<_>>();
    let rule = ScoringRule::current()
        .map(|r| {
            ctx.t1("returnee-rule", "min", r.min_reviews)
                + &format!(" ({}, {})", r.rule, r.pass_score)
        })
        .unwrap_or_default();
    let page = CallPage {
        awarded: rows.iter().map(|r| r.app.awarded_cny).sum(),
        open: call.status == "open",
        status_label: ctx.t(&format!("returnee-call-{}", call.status)),
        round: call,
        officer: p.has(Capability::Mobility),
        reviewer: p.role == Role::Reviewer,
        rows,
        rule,
        error,
        ctx,
    };
    let status = if page.error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    Ok(no_store(render(status, &page)))
}

async fn call_page(
    State(state): State<AppState>,
    Programme { p, ctx }: Programme,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    call_view(&state, ctx, &p, id, String::new()).await
}

/// A refused step is shown on the call's page with its reason.
async fn after(
    state: &AppState,
    ctx: Ctx,
    p: &Principal,
    id: i64,
    result: Result<(), StoreError>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/returnees/calls/{id}")).into_response()),
        Err(StoreError::Refused { code, .. }) => {
            let message = ctx.t(&format!("returnee-refused-{code}"));
            call_view(state, ctx, p, id, message).await
        }
        Err(StoreError::UnknownReference { field }) => {
            let message = ctx.t1("returnee-unknown", "field", field);
            call_view(state, ctx, p, id, message).await
        }
        Err(StoreError::NotFound) => Err(PageError::not_found(ctx)),
        Err(e) => Err(PageError::store(ctx, e)),
    }
}

async fn apply(
    State(state): State<AppState>,
    Programme { p, ctx }: Programme,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    allow(p.has(Capability::Mobility), &ctx)?;
    let person = field(&form, "person_id").parse::<i64>().ok();
    let asked = field(&form, "funding_asked_cny")
        .parse::<i64>()
        .ok()
        .filter(|a| *a > 0);
    let (project, sector) = (field(&form, "project"), field(&form, "sector"));
    let (Some(person_id), Some(asked)) = (person, asked) else {
        let message = ctx.t("returnee-application-invalid");
        return call_view(&state, ctx, &p, id, message).await;
    };
    if project.is_empty()
        || sector.is_empty()
        || project.chars().count() > 500
        || sector.chars().count() > 500
    {
        let message = ctx.t("returnee-application-invalid");
        return call_view(&state, ctx, &p, id, message).await;
    }
    let result = state
        .store
        .apply_to_call(
            &p.username,
            id,
            &NewApplication {
                person_id,
                project: project.to_owned(),
                sector: sector.to_owned(),
                province: field(&form, "province").to_owned(),
                funding_asked_cny: asked,
            },
        )
        .await
        .map(|_| ());
    after(&state, ctx, &p, id, result).await
}

async fn review(
    State(state): State<AppState>,
    Programme { p, ctx }: Programme,
    Path((id, application)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (Some(id), Some(application)) = (parse_id(&id), parse_id(&application)) else {
        return Err(PageError::not_found(ctx));
    };
    allow(p.role == Role::Reviewer, &ctx)?;
    let conflict = field(&form, "conflict") == "1";
    let score = field(&form, "score");
    let score = if conflict || score.is_empty() {
        None
    } else {
        match score
            .parse::<f64>()
            .ok()
            .filter(|s| (0.0..=100.0).contains(s))
        {
            Some(s) => Some(s),
            None => {
                let message = ctx.t("returnee-refused-score_out_of_range");
                return call_view(&state, ctx, &p, id, message).await;
            }
        }
    };
    let note = field(&form, "conflict_note");
    let result = state
        .store
        .review_application(
            &p.username,
            application,
            conflict,
            (!note.is_empty()).then_some(note),
            score,
        )
        .await;
    after(&state, ctx, &p, id, result).await
}

async fn decide(
    State(state): State<AppState>,
    Programme { p, ctx }: Programme,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    allow(p.has(Capability::Mobility), &ctx)?;
    let rule = ScoringRule::current()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let result = state
        .store
        .decide_call(&p.username, id, rule)
        .await
        .map(|_| ());
    after(&state, ctx, &p, id, result).await
}
