//! People and organisations over JSON. Every handler checks access to the record it touches;
//! a record outside the caller's scope is answered exactly like one that does not exist.

use super::{allow, paging, ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Extension, Json, Router};
use hrx_domain::access::Principal;
use hrx_domain::audit::AuditEntry;
use hrx_domain::registry::{Organisation, OrganisationInput, Person, PersonInput};
use hrx_domain::FieldErrors;
use hrx_store::registry::{
    OrganisationQuery, OrganisationRecord, PersonQuery, PersonRecord, PersonSort,
};
use hrx_store::Page;
use serde::Deserialize;
use utoipa::IntoParams;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/persons", get(list_persons).post(create_person))
        .route("/api/v1/persons/{id}", get(get_person).put(update_person))
        .route("/api/v1/persons/{id}/history", get(person_history))
        .route(
            "/api/v1/organisations",
            get(list_organisations).post(create_organisation),
        )
        .route(
            "/api/v1/organisations/{id}",
            get(get_organisation).put(update_organisation),
        )
        .route(
            "/api/v1/organisations/{id}/history",
            get(organisation_history),
        )
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PersonParams {
    /// Name words (native script or Latin), each matched as a prefix.
    q: Option<String>,
    /// An exact identity document number.
    document: Option<String>,
    nationality: Option<String>,
    organisation_id: Option<i64>,
    /// `newest` (default), `name` (Latin name) or `birth_date`.
    sort: Option<String>,
    /// 1 to 1,000,000 (1 by default).
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// 1 to 200 (50 by default).
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OrganisationParams {
    /// Part of a name or credit code.
    q: Option<String>,
    kind: Option<String>,
    country: Option<String>,
    /// 1 to 1,000,000 (1 by default).
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// 1 to 200 (50 by default).
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// A person the caller may see; one outside its scope is answered as not found.
pub(super) async fn visible_person(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<PersonRecord, ApiError> {
    state
        .store
        .person(id, principal.person_scope())
        .await?
        .ok_or(ApiError::NotFound)
}

/// An organisation the caller may see; one outside its scope is answered as not found.
async fn visible_organisation(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<OrganisationRecord, ApiError> {
    state
        .store
        .organisation(id, principal.organisation_scope())
        .await?
        .ok_or(ApiError::NotFound)
}

/// The audit history of a record the caller may see (`kind` is its audit entity type), for
/// those who may read history.
async fn audit_history(
    state: &AppState,
    principal: &Principal,
    kind: &str,
    id: i64,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    allow(principal.may_read_history())?;
    Ok(Json(state.store.history(kind, &id.to_string()).await?))
}

fn required_version(version: Option<i64>) -> Result<i64, ApiError> {
    version
        .filter(|v| *v > 0)
        .ok_or_else(|| ApiError::Validation(FieldErrors::single("version", "required")))
}

/// People the caller may see, by name, document number or nationality.
#[utoipa::path(get, path = "/api/v1/persons", tag = "registry", params(PersonParams), security(("bearer" = [])),
    responses((status = 200, body = Page<PersonRecord>), (status = 401)))]
pub async fn list_persons(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<PersonParams>,
) -> Result<Json<Page<PersonRecord>>, ApiError> {
    let principal = viewer.require()?;
    let (page, per_page) = paging(params.page, params.per_page)?;
    let query = PersonQuery {
        sort: PersonSort::parse(params.sort.as_deref().unwrap_or("")),
        text: params.q,
        document: params.document,
        nationality: params.nationality,
        organisation_id: params.organisation_id,
        page,
        per_page,
    };
    Ok(Json(
        state
            .store
            .search_persons(&query, principal.person_scope())
            .await?,
    ))
}

/// Registers a person. An employer user's people are linked to its organisation.
#[utoipa::path(post, path = "/api/v1/persons", tag = "registry", request_body = PersonInput, security(("bearer" = [])),
    responses((status = 201, body = PersonRecord), (status = 401), (status = 403), (status = 422)))]
pub async fn create_person(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(mut input): ApiJson<PersonInput>,
) -> Result<(StatusCode, Json<PersonRecord>), ApiError> {
    let principal = viewer.require()?;
    allow(principal.may_create_person())?;
    principal.bind_to_employer(&mut input)?;
    let person = Person::parse(&input, today())?;
    let record = state
        .store
        .create_person(&principal.username, &person)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// One person, if the caller may see them.
#[utoipa::path(get, path = "/api/v1/persons/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = PersonRecord), (status = 404)))]
pub async fn get_person(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PersonRecord>, ApiError> {
    let principal = viewer.require()?;
    visible_person(&state, principal, id).await.map(Json)
}

/// Replaces a person's data. `version` must be the version the edit started from; a stale
/// version is refused with 409 and changes nothing.
#[utoipa::path(put, path = "/api/v1/persons/{id}", tag = "registry", request_body = PersonInput, security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = PersonRecord), (status = 404), (status = 409), (status = 422)))]
pub async fn update_person(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(mut input): ApiJson<PersonInput>,
) -> Result<Json<PersonRecord>, ApiError> {
    let principal = viewer.require()?;
    let scope = principal.person_scope();
    let current = visible_person(&state, principal, id).await?;
    allow(principal.may_edit_person(current.organisation_id))?;
    principal.bind_to_employer(&mut input)?;
    let version = required_version(input.version)?;
    let person = Person::parse(&input, today())?;
    Ok(Json(
        state
            .store
            .update_person(&principal.username, id, version, &person, scope)
            .await?,
    ))
}

/// The audit history of a person, oldest first (ministry staff only).
#[utoipa::path(get, path = "/api/v1/persons/{id}/history", tag = "registry", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Vec<AuditEntry>), (status = 404)))]
pub async fn person_history(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let principal = viewer.require()?;
    visible_person(&state, principal, id).await?;
    audit_history(&state, principal, "person", id).await
}

/// Organisations the caller may see, by name or credit code.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "registry", params(OrganisationParams), security(("bearer" = [])),
    responses((status = 200, body = Page<OrganisationRecord>), (status = 401)))]
pub async fn list_organisations(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<OrganisationParams>,
) -> Result<Json<Page<OrganisationRecord>>, ApiError> {
    let principal = viewer.require()?;
    let (page, per_page) = paging(params.page, params.per_page)?;
    let query = OrganisationQuery {
        text: params.q,
        kind: params.kind,
        country: params.country,
        page,
        per_page,
    };
    Ok(Json(
        state
            .store
            .search_organisations(&query, principal.organisation_scope())
            .await?,
    ))
}

/// Registers an organisation (registry officers).
#[utoipa::path(post, path = "/api/v1/organisations", tag = "registry", request_body = OrganisationInput, security(("bearer" = [])),
    responses((status = 201, body = OrganisationRecord), (status = 403), (status = 422)))]
pub async fn create_organisation(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<(StatusCode, Json<OrganisationRecord>), ApiError> {
    let principal = viewer.require()?;
    allow(principal.may_manage_organisations())?;
    let organisation = Organisation::parse(&input)?;
    let record = state
        .store
        .create_organisation(&principal.username, &organisation)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// One organisation, if the caller may see it.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = OrganisationRecord), (status = 404)))]
pub async fn get_organisation(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<OrganisationRecord>, ApiError> {
    let principal = viewer.require()?;
    visible_organisation(&state, principal, id).await.map(Json)
}

/// Replaces an organisation's data, from the version the edit started from.
#[utoipa::path(put, path = "/api/v1/organisations/{id}", tag = "registry", request_body = OrganisationInput, security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = OrganisationRecord), (status = 404), (status = 409), (status = 422)))]
pub async fn update_organisation(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<Json<OrganisationRecord>, ApiError> {
    let principal = viewer.require()?;
    visible_organisation(&state, principal, id).await?;
    allow(principal.may_manage_organisations())?;
    let version = required_version(input.version)?;
    let organisation = Organisation::parse(&input)?;
    Ok(Json(
        state
            .store
            .update_organisation(&principal.username, id, version, &organisation)
            .await?,
    ))
}

/// The audit history of an organisation, oldest first (ministry staff only).
#[utoipa::path(get, path = "/api/v1/organisations/{id}/history", tag = "registry", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Vec<AuditEntry>), (status = 404)))]
pub async fn organisation_history(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    let principal = viewer.require()?;
    visible_organisation(&state, principal, id).await?;
    audit_history(&state, principal, "organisation", id).await
}
