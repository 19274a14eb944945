use super::extract::{allow, Found, OrPage, PageError, SignedIn};
use super::record::{JustSaved, ListQuery, RecordForm, RecordPanels};
use super::{parse_id, render, Ctx, Errors, Pager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use hrx_domain::access::Principal;
use hrx_domain::registry::{Organisation, OrganisationInput, OrganisationKind};
use hrx_domain::FieldErrors;
use hrx_store::registry::{OrganisationQuery, OrganisationRecord, PersonQuery, PersonRecord};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/organisations", get(list).post(create))
        .route("/organisations/new", get(new_form))
        .route("/organisations/{id}", get(view).post(update))
        .route("/organisations/{id}/edit", get(edit_form))
}

const PER_PAGE: i64 = 25;

fn kinds() -> Vec<&'static str> {
    OrganisationKind::ALL.iter().map(|k| k.code()).collect()
}

#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct ListPage {
    ctx: Ctx,
    q: String,
    kind: String,
    country: String,
    kinds: Vec<&'static str>,
    rows: Vec<OrganisationRecord>,
    pager: Pager,
    may_create: bool,
}

async fn list(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    ListQuery {
        filters: params,
        page,
    }: ListQuery<ListParams>,
) -> Result<Response, PageError> {
    let query = OrganisationQuery {
        text: Some(params.q.clone()),
        kind: Some(params.kind.clone()),
        country: Some(params.country.clone()),
        page,
        per_page: PER_PAGE,
    };
    let found = state
        .store
        .search_organisations(&query, principal.organisation_scope())
        .await
        .or_page(&ctx)?;
    let pager = Pager::new(
        "/organisations",
        &[
            ("q", &params.q),
            ("kind", &params.kind),
            ("country", &params.country),
        ],
        found.page,
        PER_PAGE,
        found.total,
    );
    Ok(render(
        StatusCode::OK,
        &ListPage {
            ctx,
            q: params.q,
            kind: params.kind,
            country: params.country,
            kinds: kinds(),
            rows: found.items,
            pager,
            may_create: principal.may_manage_organisations(),
        },
    ))
}

#[derive(Deserialize, Default, Clone)]
pub struct OrganisationForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub credit_code: String,
    #[serde(default)]
    pub version: String,
}

fn some(value: &str) -> Option<String> {
    Some(value.to_owned()).filter(|v| !v.trim().is_empty())
}

impl OrganisationForm {
    fn input(&self) -> OrganisationInput {
        OrganisationInput {
            kind: some(&self.kind),
            name_zh: some(&self.name_zh),
            name_en: some(&self.name_en),
            country: some(&self.country),
            province: some(&self.province),
            credit_code: some(&self.credit_code),
            version: self.version.trim().parse().ok(),
        }
    }

    fn from_record(o: &OrganisationRecord) -> OrganisationForm {
        OrganisationForm {
            kind: o.kind.clone(),
            name_zh: o.name_zh.clone().unwrap_or_default(),
            name_en: o.name_en.clone().unwrap_or_default(),
            country: o.country.clone(),
            province: o.province.clone().unwrap_or_default(),
            credit_code: o.credit_code.clone().unwrap_or_default(),
            version: o.version.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "organisation_form.html")]
pub struct FormPage {
    ctx: Ctx,
    form: OrganisationForm,
    errors: Errors,
    action: String,
    /// The heading's translation key: new or edit.
    title: &'static str,
    stale_version: Option<i64>,
    cancel: String,
    kinds: Vec<&'static str>,
}

impl RecordForm for OrganisationForm {
    const BASE: &'static str = "/organisations";
    const TITLES: (&'static str, &'static str) = ("organisation-new", "organisation-edit");
    type Page = FormPage;

    fn page(self, ctx: Ctx, errors: &FieldErrors, id: Option<i64>, stale: Option<i64>) -> FormPage {
        FormPage {
            errors: Errors::from(&ctx, errors),
            action: Self::address(id),
            title: Self::title(id),
            cancel: Self::address(id),
            stale_version: stale,
            kinds: kinds(),
            form: self,
            ctx,
        }
    }
}

async fn new_form(SignedIn { principal, ctx }: SignedIn) -> Result<Response, PageError> {
    allow(principal.may_manage_organisations(), &ctx)?;
    let form = OrganisationForm {
        country: "CN".into(),
        ..Default::default()
    };
    Ok(form.show(ctx, None))
}

async fn create(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Form(form): Form<OrganisationForm>,
) -> Result<Response, PageError> {
    allow(principal.may_manage_organisations(), &ctx)?;
    let organisation = match Organisation::parse(&form.input()) {
        Ok(o) => o,
        Err(errors) => return Ok(form.invalid(ctx, &errors, None)),
    };
    let saved = state
        .store
        .create_organisation(&principal.username, &organisation)
        .await;
    form.saved(ctx, None, saved.map(|record| record.id))
}

/// The organisation the path names, if this user may see it (the 404 page otherwise).
async fn visible(
    state: &AppState,
    principal: &Principal,
    ctx: &Ctx,
    id: &str,
) -> Result<(i64, OrganisationRecord), PageError> {
    let id = parse_id(id).found(ctx)?;
    let record = state
        .store
        .organisation(id, principal.organisation_scope())
        .await
        .found(ctx)?;
    Ok((id, record))
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct ViewPage {
    ctx: Ctx,
    organisation: OrganisationRecord,
    people: Vec<PersonRecord>,
    people_total: i64,
    panels: RecordPanels,
    may_edit: bool,
    saved: bool,
}

async fn view(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
    JustSaved(saved): JustSaved,
) -> Result<Response, PageError> {
    let (id, organisation) = visible(&state, &principal, &ctx, &id).await?;
    let people_query = PersonQuery {
        organisation_id: Some(id),
        page: 1,
        per_page: 25,
        ..Default::default()
    };
    let people = state
        .store
        .search_persons(&people_query, principal.person_scope())
        .await
        .or_page(&ctx)?;
    let panels = RecordPanels::load(
        &state,
        &principal,
        &ctx,
        "organisation",
        id,
        (Some(id), None),
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &ViewPage {
            may_edit: principal.may_manage_organisations(),
            saved,
            ctx,
            organisation,
            people_total: people.total,
            people: people.items,
            panels,
        },
    ))
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (id, o) = visible(&state, &principal, &ctx, &id).await?;
    allow(principal.may_manage_organisations(), &ctx)?;
    Ok(OrganisationForm::from_record(&o).show(ctx, Some(id)))
}

async fn update(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<OrganisationForm>,
) -> Result<Response, PageError> {
    let (id, _) = visible(&state, &principal, &ctx, &id).await?;
    allow(principal.may_manage_organisations(), &ctx)?;
    let input = form.input();
    let parsed = input
        .version
        .ok_or_else(|| FieldErrors::single("version", "required"))
        .and_then(|v| Organisation::parse(&input).map(|o| (o, v)));
    let (organisation, version) = match parsed {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(form.invalid(ctx, &errors, Some(id))),
    };
    let saved = state
        .store
        .update_organisation(&principal.username, id, version, &organisation)
        .await;
    form.saved(ctx, Some(id), saved.map(|record| record.id))
}
