//! Cooperation projects: the list with each one's status today (R4), the form that records
//! one (its partner and agreement chosen by name, its budget typed as people write amounts),
//! and a project's page.

use super::{agreement_choices, codes, form_refusal, partner_choices, state_badge, Officer};
use crate::pages::case::amount;
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hrx_domain::cooperation::events::Funding;
use hrx_domain::FieldErrors;
use hrx_store::cooperation::{ProjectFields, ProjectRecord};

const BASE: &str = "/cooperation/projects";

/// A project worded for the pages: its partner, funding, status today and dates.
struct ProjectView {
    p: ProjectRecord,
    href: String,
    title: String,
    other: String,
    partner: String,
    funding: String,
    budget: String,
    status: String,
    badge: &'static str,
    dates: Vec<(String, String)>,
}

impl ProjectView {
    fn new(ctx: &Ctx, p: ProjectRecord) -> ProjectView {
        let status = p.status.as_str();
        let dates = [
            ("coop-project-approved_on", &p.approved_on),
            ("coop-project-starts_on", &p.starts_on),
            ("coop-project-planned_end_on", &p.planned_end_on),
            ("coop-project-actual_end_on", &p.actual_end_on),
            ("coop-project-completion_report_on", &p.completion_report_on),
        ]
        .into_iter()
        .map(|(key, d)| (ctx.t(key), ctx.date_or_dash(d.as_deref())))
        .collect();
        ProjectView {
            href: format!("{BASE}/{}", p.id),
            title: ctx.both(&p.title_en, &p.title_zh),
            other: ctx.other(&p.title_en, &p.title_zh),
            partner: ctx.both(&p.partner_name_en, &p.partner_name_zh),
            funding: ctx.tk("coop-funding", &p.funding),
            budget: match (&p.budget, &p.currency) {
                (Some(b), c) => {
                    let shown = b.parse::<i64>().map_or_else(|_| b.clone(), |n| ctx.num(&n));
                    format!("{shown} {}", c.as_deref().unwrap_or_default())
                }
                _ => "—".to_owned(),
            },
            status: ctx.tk("coop-project-status", status),
            badge: state_badge(status),
            dates,
            p,
        }
    }
}

#[derive(Template)]
#[template(path = "cooperation_projects.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<ProjectView>,
}

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
) -> Result<Response, PageError> {
    let rows = state
        .store
        .coop_projects(state.today())
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|p| ProjectView::new(&ctx, p))
        .collect();
    Ok(render(StatusCode::OK, &ListPage { ctx, rows }))
}

#[derive(Template)]
#[template(path = "cooperation_project.html")]
struct RecordPage {
    ctx: Ctx,
    v: ProjectView,
    /// The agreement it runs under, linked by its title.
    agreement: Option<(String, String)>,
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    let project = state
        .store
        .coop_projects(state.today())
        .await
        .or_page(&ctx)?
        .into_iter()
        .find(|p| p.id == id)
        .found(&ctx)?;
    let agreement = match &project.agreement {
        Some(code) => state
            .store
            .coop_agreements(state.today())
            .await
            .or_page(&ctx)?
            .iter()
            .find(|a| &a.code == code)
            .map(|a| (super::agreement_href(a), ctx.both(&a.title_en, &a.title_zh))),
        None => None,
    };
    let v = ProjectView::new(&ctx, project);
    Ok(render(StatusCode::OK, &RecordPage { ctx, v, agreement }))
}

#[derive(Template)]
#[template(path = "cooperation_project_form.html")]
struct FormPage {
    ctx: Ctx,
    form: ProjectFields,
    errors: Errors,
    partners: Vec<(String, String)>,
    agreements: Vec<(String, String)>,
    fundings: Vec<(String, String)>,
}

async fn form_view(
    state: &AppState,
    ctx: Ctx,
    form: ProjectFields,
    errors: &FieldErrors,
) -> Result<Response, PageError> {
    let partners = state.store.coop_partners(None).await.or_page(&ctx)?;
    let agreements = state
        .store
        .coop_agreements(state.today())
        .await
        .or_page(&ctx)?;
    let page = FormPage {
        partners: partner_choices(&ctx, &partners),
        agreements: agreement_choices(&ctx, &agreements),
        fundings: ctx.choices("coop-funding", &codes(Funding::ALL, Funding::code)),
        errors: Errors::from(&ctx, errors),
        form,
        ctx,
    };
    let status = page.errors.status();
    Ok(no_store(render(status, &page)))
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
) -> Result<Response, PageError> {
    form_view(&state, ctx, ProjectFields::default(), &FieldErrors::new()).await
}

/// Records a project and goes to its page; a refusal shows the form again with every error
/// and everything typed. A budget is read as people write amounts ("1,500,000", "150万").
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(form): Form<ProjectFields>,
) -> Result<Response, PageError> {
    let mut input = form.clone();
    if let Some(n) = amount(&form.budget) {
        input.budget = n.to_string();
    }
    let errors = match state.store.create_coop_project(&p.username, &input).await {
        Ok(j) => return Ok(Redirect::to(&format!("{BASE}/{}", j.id)).into_response()),
        Err(e) => form_refusal(e, "partner").or_page(&ctx)?,
    };
    let ctx = Ctx {
        path: format!("{BASE}/new"),
        ..ctx
    };
    form_view(&state, ctx, form, &errors).await
}
