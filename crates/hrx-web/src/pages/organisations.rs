use super::{
    forbidden, no_store, not_found_page, parse_id, render, server_error, sign_in_first, Ctx,
    Errors, Pager,
};
use crate::{AppState, Viewer};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use hrx_domain::audit::AuditEntry;
use hrx_domain::registry::{Organisation, OrganisationInput, OrganisationKind};
use hrx_domain::FieldErrors;
use hrx_store::accounts::UserRecord;
use hrx_store::registry::{OrganisationQuery, OrganisationRecord, PersonQuery, PersonRecord};
use hrx_store::StoreError;
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
    #[serde(default)]
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct ListPage {
    ctx: Ctx,
    q: String,
    kind: String,
    country: String,
    kinds: Vec<&'static str>,
    organisations: Vec<OrganisationRecord>,
    pager: Pager,
    may_create: bool,
}

async fn list(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(principal) = viewer.principal.clone() else {
        return sign_in_first(&uri);
    };
    let ctx = Ctx::new(&viewer, &uri);
    let params = params.map(|q| q.0).unwrap_or_default();
    let page = params
        .page
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let query = OrganisationQuery {
        text: Some(params.q.clone()),
        kind: Some(params.kind.clone()),
        country: Some(params.country.clone()),
        page,
        per_page: PER_PAGE,
    };
    match state
        .store
        .search_organisations(&query, principal.organisation_scope())
        .await
    {
        Ok(found) => {
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
            render(
                StatusCode::OK,
                &ListPage {
                    ctx,
                    q: params.q,
                    kind: params.kind,
                    country: params.country,
                    kinds: kinds(),
                    organisations: found.items,
                    pager,
                    may_create: principal.may_manage_organisations(),
                },
            )
        }
        Err(e) => server_error(ctx, e),
    }
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
struct FormPage {
    ctx: Ctx,
    form: OrganisationForm,
    errors: Errors,
    action: String,
    editing: bool,
    stale_version: Option<i64>,
    cancel: String,
    kinds: Vec<&'static str>,
}

fn form_page(
    ctx: Ctx,
    form: OrganisationForm,
    errors: &FieldErrors,
    id: Option<i64>,
    stale: Option<i64>,
) -> FormPage {
    FormPage {
        errors: Errors::from(&ctx, errors),
        action: id.map_or("/organisations".into(), |id| format!("/organisations/{id}")),
        editing: id.is_some(),
        cancel: id.map_or("/organisations".into(), |id| format!("/organisations/{id}")),
        stale_version: stale,
        kinds: kinds(),
        form,
        ctx,
    }
}

async fn new_form(Extension(viewer): Extension<Viewer>, uri: Uri) -> Response {
    let Some(principal) = viewer.principal.clone() else {
        return sign_in_first(&uri);
    };
    let ctx = Ctx::new(&viewer, &uri);
    if !principal.may_manage_organisations() {
        return forbidden(ctx);
    }
    let form = OrganisationForm {
        country: "CN".into(),
        ..Default::default()
    };
    no_store(render(
        StatusCode::OK,
        &form_page(ctx, form, &FieldErrors::new(), None, None),
    ))
}

fn refused(ctx: Ctx, form: OrganisationForm, id: Option<i64>, error: StoreError) -> Response {
    match error {
        StoreError::Duplicate { field } => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(
                ctx,
                form,
                &FieldErrors::single(field, "already_in_use"),
                id,
                None,
            ),
        ),
        StoreError::Stale { current } => render(
            StatusCode::CONFLICT,
            &form_page(ctx, form, &FieldErrors::new(), id, Some(current)),
        ),
        StoreError::NotFound => not_found_page(ctx),
        other => server_error(ctx, other),
    }
}

async fn create(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    Form(form): Form<OrganisationForm>,
) -> Response {
    let Some(principal) = viewer.principal.clone() else {
        return sign_in_first(&uri);
    };
    let ctx = Ctx::new(&viewer, &uri);
    if !principal.may_manage_organisations() {
        return forbidden(ctx);
    }
    let organisation = match Organisation::parse(&form.input()) {
        Ok(o) => o,
        Err(errors) => {
            return render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(ctx, form, &errors, None, None),
            )
        }
    };
    match state
        .store
        .create_organisation(&principal.username, &organisation)
        .await
    {
        Ok(record) => {
            Redirect::to(&format!("/organisations/{}?saved=1", record.id)).into_response()
        }
        Err(e) => refused(ctx, form, None, e),
    }
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct ViewPage {
    ctx: Ctx,
    organisation: OrganisationRecord,
    people: Vec<PersonRecord>,
    people_total: i64,
    history: Vec<AuditEntry>,
    show_history: bool,
    accounts: Vec<UserRecord>,
    may_edit: bool,
    saved: bool,
}

#[derive(Deserialize)]
struct Saved {
    saved: Option<String>,
}

async fn view(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    Path(id): Path<String>,
    saved: Result<Query<Saved>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Some(principal) = viewer.principal.clone() else {
        return sign_in_first(&uri);
    };
    let ctx = Ctx::new(&viewer, &uri);
    let Some(id) = parse_id(&id) else {
        return not_found_page(ctx);
    };
    let organisation = match state
        .store
        .organisation(id, principal.organisation_scope())
        .await
    {
        Ok(Some(o)) => o,
        Ok(None) => return not_found_page(ctx),
        Err(e) => return server_error(ctx, e),
    };
    let people_query = PersonQuery {
        organisation_id: Some(id),
        page: 1,
        per_page: 25,
        ..Default::default()
    };
    let people = match state
        .store
        .search_persons(&people_query, principal.person_scope())
        .await
    {
        Ok(p) => p,
        Err(e) => return server_error(ctx, e),
    };
    let show_history = principal.may_read_history();
    let history = if show_history {
        match state.store.history("organisation", &id.to_string()).await {
            Ok(h) => h,
            Err(e) => return server_error(ctx, e),
        }
    } else {
        Vec::new()
    };
    let accounts = if principal.may_manage_users() {
        match state.store.users_bound_to(Some(id), None).await {
            Ok(a) => a,
            Err(e) => return server_error(ctx, e),
        }
    } else {
        Vec::new()
    };
    render(
        StatusCode::OK,
        &ViewPage {
            accounts,
            may_edit: principal.may_manage_organisations(),
            saved: saved.is_ok_and(|s| s.saved.is_some()),
            ctx,
            organisation,
            people_total: people.total,
            people: people.items,
            history,
            show_history,
        },
    )
}

async fn edit_form(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    let Some(principal) = viewer.principal.clone() else {
        return sign_in_first(&uri);
    };
    let ctx = Ctx::new(&viewer, &uri);
    let Some(id) = parse_id(&id) else {
        return not_found_page(ctx);
    };
    match state
        .store
        .organisation(id, principal.organisation_scope())
        .await
    {
        Ok(Some(o)) if principal.may_manage_organisations() => no_store(render(
            StatusCode::OK,
            &form_page(
                ctx,
                OrganisationForm::from_record(&o),
                &FieldErrors::new(),
                Some(id),
                None,
            ),
        )),
        Ok(Some(_)) => forbidden(ctx),
        Ok(None) => not_found_page(ctx),
        Err(e) => server_error(ctx, e),
    }
}

async fn update(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    Path(id): Path<String>,
    Form(form): Form<OrganisationForm>,
) -> Response {
    let Some(principal) = viewer.principal.clone() else {
        return sign_in_first(&uri);
    };
    let ctx = Ctx::new(&viewer, &uri);
    let Some(id) = parse_id(&id) else {
        return not_found_page(ctx);
    };
    match state
        .store
        .organisation(id, principal.organisation_scope())
        .await
    {
        Ok(Some(_)) if principal.may_manage_organisations() => {}
        Ok(Some(_)) => return forbidden(ctx),
        Ok(None) => return not_found_page(ctx),
        Err(e) => return server_error(ctx, e),
    }
    let input = form.input();
    let parsed = input
        .version
        .ok_or_else(|| FieldErrors::single("version", "required"))
        .and_then(|v| Organisation::parse(&input).map(|o| (o, v)));
    let (organisation, version) = match parsed {
        Ok(parsed) => parsed,
        Err(errors) => {
            return render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(ctx, form, &errors, Some(id), None),
            )
        }
    };
    match state
        .store
        .update_organisation(&principal.username, id, version, &organisation)
        .await
    {
        Ok(record) => {
            Redirect::to(&format!("/organisations/{}?saved=1", record.id)).into_response()
        }
        Err(e) => refused(ctx, form, Some(id), e),
    }
}
