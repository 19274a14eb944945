//! The start-up support programme for returnees, for the programme office: calls with their
//! budgets, the applications of a call with their reviews and scores, the review form for
//! reviewers (a score, or a declared conflict of interest), and the decision.

use super::case::picker::{resolve, PickKind, Picked, Picker};
use super::case::{amount, confirm_page, ConfirmTarget, StepForm, Words};
use super::extract::{allow, Found, OrPage, PageError, SignedIn};
use super::{no_store, parse_id, render, Ctx, Errors};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use hrx_domain::access::{Capability, Principal, Role};
use hrx_domain::returnees::{call_workflow, ScoringRule};
use hrx_domain::FieldErrors;
use hrx_store::returnees::{
    CallRecord, NewApplication, StartupApplication, StartupApplicationCase,
};
use hrx_store::StoreError;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/returnees/calls", get(calls).post(create_call))
        .route("/returnees/calls/{id}", get(call_page))
        .route("/returnees/calls/{id}/applications", post(apply))
        .route(
            "/returnees/calls/{id}/decision",
            get(confirm_decision).post(decide),
        )
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
        let SignedIn { principal: p, ctx } = SignedIn::allowed(parts, state, |p| {
            p.has(Capability::Mobility) || p.role == Role::Reviewer
        })
        .await?;
        Ok(Programme { p, ctx })
    }
}

/// A programme officer (one with the mobility capability) acting on the call in the path: a
/// malformed id is 404, a reviewer 403.
struct OfficerCall {
    p: Principal,
    ctx: Ctx,
    id: i64,
}

impl FromRequestParts<AppState> for OfficerCall {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Programme { p, ctx } = Programme::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let id = OfficerCall::id(&p, &ctx, &id).map_err(IntoResponse::into_response)?;
        Ok(OfficerCall { p, ctx, id })
    }
}

impl OfficerCall {
    /// The call named in the path, once the user may act on it: 404 for a malformed id, 403
    /// without the mobility capability.
    fn id(p: &Principal, ctx: &Ctx, id: &str) -> Result<i64, PageError> {
        let id = parse_id(id).found(ctx)?;
        allow(p.has(Capability::Mobility), ctx)?;
        Ok(id)
    }
}

#[derive(Template)]
#[template(path = "returnee_calls.html")]
struct CallsPage {
    ctx: Ctx,
    calls: Vec<CallRecord>,
    officer: bool,
    /// A new call as typed, kept when it was refused, with the errors beside its fields.
    form: CallForm,
    errors: Errors,
}

/// A new call as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct CallForm {
    year: String,
    title: String,
    budget_cny: String,
}

impl CallForm {
    /// The year, title and budget, or every field's error at once. The budget takes grouped
    /// digits ("1,000,000", "1 000 000") and 万 ("100万"), as officers write amounts.
    fn parse(&self) -> Result<(i64, String, i64), FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = match self.year.trim() {
            "" => {
                errors.add("year", "required");
                None
            }
            y => match y.parse::<i64>() {
                Ok(y) if (1978..=2100).contains(&y) => Some(y),
                Ok(_) => {
                    errors.add("year", "out_of_range");
                    None
                }
                Err(_) => {
                    errors.add("year", "not_a_number");
                    None
                }
            },
        };
        let title = errors.text("title", self.title.trim(), 200);
        if title.is_empty() && errors.code_for("title").is_none() {
            errors.add("title", "required");
        }
        let budget = match self.budget_cny.trim() {
            "" => {
                errors.add("budget_cny", "required");
                None
            }
            b => match amount(b) {
                Some(b) if b > 0 => Some(b),
                Some(_) => {
                    errors.add("budget_cny", "out_of_range");
                    None
                }
                None => {
                    errors.add("budget_cny", "not_a_number");
                    None
                }
            },
        };
        match (year, budget) {
            (Some(year), Some(budget)) if errors.is_empty() => Ok((year, title, budget)),
            _ => Err(errors),
        }
    }
}

async fn calls(
    State(state): State<AppState>,
    Programme { p, ctx }: Programme,
) -> Result<Response, PageError> {
    list(
        &state,
        ctx,
        p.has(Capability::Mobility),
        (CallForm::default(), &FieldErrors::new()),
    )
    .await
}

async fn list(
    state: &AppState,
    ctx: Ctx,
    officer: bool,
    (form, errors): (CallForm, &FieldErrors),
) -> Result<Response, PageError> {
    let calls = state.store.calls().await.or_page(&ctx)?;
    let errors = Errors::from(&ctx, errors);
    Ok(no_store(render(
        errors.status(),
        &CallsPage {
            ctx,
            calls,
            officer,
            form,
            errors,
        },
    )))
}

fn field<'a>(form: &'a HashMap<String, String>, k: &str) -> &'a str {
    form.get(k).map(String::as_str).unwrap_or("").trim()
}

async fn create_call(
    State(state): State<AppState>,
    Programme { p, ctx }: Programme,
    Form(form): Form<CallForm>,
) -> Result<Response, PageError> {
    allow(p.has(Capability::Mobility), &ctx)?;
    match form.parse() {
        Ok((year, title, budget)) => {
            let c = state
                .store
                .create_call(&p.username, year, &title, budget)
                .await
                .or_page(&ctx)?;
            Ok(Redirect::to(&format!("/returnees/calls/{}", c.id)).into_response())
        }
        Err(errors) => list(&state, ctx, true, (form, &errors)).await,
    }
}

struct Row {
    app: StartupApplication,
    reviews: usize,
    reviewed_by_me: bool,
    /// The applicant's name, as reviewers and officers read it.
    applicant: String,
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
    /// The application form as typed, its errors and its applicant picker.
    form: ApplicationForm,
    errors: Errors,
    picker: Picker,
}

/// A new application as typed on the call's page.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct ApplicationForm {
    person_id: String,
    person_id_q: String,
    project: String,
    sector: String,
    province: String,
    funding_asked_cny: String,
    business_plan: String,
}

async fn call_view(
    state: &AppState,
    ctx: Ctx,
    p: &Principal,
    id: i64,
    error: String,
) -> Result<Response, PageError> {
    let form = ApplicationForm::default();
    let picker = Picker::new("person_id", PickKind::Person);
    call_form_view(state, ctx, p, id, error, (form, FieldErrors::new(), picker)).await
}

async fn call_form_view(
    state: &AppState,
    ctx: Ctx,
    p: &Principal,
    id: i64,
    error: String,
    (form, errors, picker): (ApplicationForm, FieldErrors, Picker),
) -> Result<Response, PageError> {
    let call = state.store.call(id).await.found(&ctx)?;
    let apps = state.store.call_applications(id).await.or_page(&ctx)?;
    let reviewers = state.store.call_reviewers(id).await.or_page(&ctx)?;
    let mut rows = Vec::with_capacity(apps.len());
    for app in apps {
        // Reviewers read who applies: the applicant is part of the application they review.
        let applicant = match state
            .store
            .person(app.person_id, hrx_domain::access::Scope::All)
            .await
        {
            Ok(Some(person)) => format!(
                "{} · {}",
                hrx_domain::registry::display_name(
                    person.name_native.as_deref(),
                    person.name_latin.as_deref()
                ),
                ctx.country_name(&person.nationality)
            ),
            _ => format!("#{}", app.person_id),
        };
        rows.push(Row {
            reviews: reviewers.iter().filter(|(a, _)| *a == app.id).count(),
            reviewed_by_me: reviewers
                .iter()
                .any(|(a, r)| *a == app.id && *r == p.username),
            applicant,
            app,
        });
    }
    let rule = ScoringRule::current()
        .map(|r| {
            let combine = match r.rule.as_str() {
                "trimmed_mean" => ctx.t1("returnee-combine-trimmed_mean", "trim", r.trim),
                other => ctx.tk("returnee-combine", other),
            };
            format!(
                "{} {}",
                ctx.t1("returnee-rule", "min", r.min_reviews),
                ctx.t2(
                    "returnee-rule-how",
                    ("combine", &combine),
                    ("pass", &r.pass_score.to_string())
                )
            )
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
        errors: Errors::from(&ctx, &errors),
        form,
        picker,
        ctx,
    };
    let status = if page.errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if page.error.is_empty() {
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
    Form(form): Form<ApplicationForm>,
) -> Result<Response, PageError> {
    // Checked after the form: a body axum refuses is answered before the call is checked.
    let id = OfficerCall::id(&p, &ctx, &id)?;
    // Every problem at once, with what was typed kept.
    let mut errors = FieldErrors::new();
    let mut picker = Picker::new("person_id", PickKind::Person);
    picker.query = form.person_id_q.clone();
    let picked = resolve(
        &state.store,
        &ctx,
        PickKind::Person,
        (&form.person_id, &form.person_id_q),
        p.person_scope(),
    )
    .await
    .or_page(&ctx)?;
    let person_id = match picked {
        Picked::Id(id) => Some(id),
        Picked::Empty => {
            errors.add("person_id", "required");
            None
        }
        Picked::NoMatch => {
            errors.add("person_id", "no_match");
            None
        }
        Picked::Several(choices) => {
            errors.add("person_id", "choose_one");
            picker.choices = choices;
            None
        }
    };
    if let Some(id) = person_id {
        picker.id = id.to_string();
    }
    for (field, value) in [("project", &form.project), ("sector", &form.sector)] {
        errors.text(field, value, 500);
    }
    let business_plan = errors.prose("business_plan", &form.business_plan, 20_000);
    let asked = amount(&form.funding_asked_cny).filter(|a| *a > 0);
    if asked.is_none() {
        errors.add("funding_asked_cny", "not_a_number");
    }
    let (Some(person_id), Some(asked), true) = (person_id, asked, errors.is_empty()) else {
        return call_form_view(&state, ctx, &p, id, String::new(), (form, errors, picker)).await;
    };
    let result = state
        .store
        .apply_to_call(
            &p.username,
            id,
            &NewApplication {
                person_id,
                project: form.project.trim().to_owned(),
                sector: form.sector.trim().to_owned(),
                province: form.province.clone(),
                funding_asked_cny: asked,
                business_plan,
            },
        )
        .await
        .map(|_| ());
    after(&state, ctx, &p, id, result).await
}

/// What deciding the call will do, and which applications still lack reviews, before the
/// call is closed for good.
async fn confirm_decision(
    State(state): State<AppState>,
    OfficerCall { ctx, id, .. }: OfficerCall,
) -> Result<Response, PageError> {
    let call = state.store.call(id).await.found(&ctx)?;
    let flow = call_workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let record_href = format!("/returnees/calls/{id}");
    let Some(step) = flow
        .transitions
        .iter()
        .find(|t| t.from == call.status && t.action == "decide")
    else {
        return Ok(Redirect::to(&record_href).into_response());
    };
    let mut missing = Vec::new();
    for a in state.store.call_applications(id).await.or_page(&ctx)? {
        let panel = state
            .store
            .panel_summary::<StartupApplicationCase>(a.id)
            .await
            .or_page(&ctx)?;
        if panel.scored < panel.quorum {
            missing.push(ctx.t2(
                "case-missing-reviews",
                ("project", &a.project),
                ("reviews", &format!("{} / {}", panel.scored, panel.quorum)),
            ));
        }
    }
    let form = StepForm {
        action: step.action.clone(),
        version: call.version.to_string(),
        ..StepForm::default()
    };
    let target = ConfirmTarget {
        title: call.title.clone(),
        record_href: &record_href,
        action_href: &format!("{record_href}/decision"),
    };
    let words = Words {
        actions: "returnee-action",
        statuses: "returnee-call",
    };
    Ok(confirm_page(ctx, target, step, words, &form, missing))
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
    OfficerCall { p, ctx, id }: OfficerCall,
) -> Result<Response, PageError> {
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
