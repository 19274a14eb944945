//! Work-permit applications over JSON: employers file and follow their own; officers with the
//! work-permits capability review, decide and issue.

use super::{days_ahead, filer, found, paging, ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::service::step_comment;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use hrx_domain::access::Scope;
use hrx_domain::permits::application::{ApplicationDraft, ApplicationInput};
use hrx_domain::permits::PointsTable;
use hrx_store::permits::{ApplicationQuery, ApplicationRecord, PermitRecord, TransitionRequest};
use hrx_store::Page;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/work-permits/applications", get(list).post(create))
        .route("/api/v1/work-permits/applications/{id}", get(read))
        .route(
            "/api/v1/work-permits/applications/{id}/transitions",
            post(transition),
        )
        .route("/api/v1/work-permits/expiring", get(expiring))
}

fn scope(viewer: &Viewer) -> Result<Scope, ApiError> {
    let principal = viewer.require()?;
    match principal.work_permit_scope() {
        Scope::Nothing => Err(ApiError::Forbidden),
        scope => Ok(scope),
    }
}

/// Files a draft application. An employer user files for its own organisation; an officer
/// names the employer in `employer_id`.
#[utoipa::path(post, path = "/api/v1/work-permits/applications", tag = "work-permits",
    request_body = ApplicationInput, security(("bearer" = [])),
    responses((status = 201, body = ApplicationRecord), (status = 403), (status = 409), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<ApplicationInput>,
) -> Result<(StatusCode, Json<ApplicationRecord>), ApiError> {
    let (principal, employer_id) = filer(
        &viewer,
        |p| p.work_permit_workflow_role().is_some(),
        input.employer_id,
    )?;
    let table = PointsTable::current().map_err(|_| ApiError::Internal)?;
    let draft = ApplicationDraft::parse(&input, table)?;
    let record = state
        .store
        .create_application(
            &principal.username,
            &draft,
            employer_id,
            principal.person_scope(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListParams {
    status: Option<String>,
    /// `true`: open cases with a time limit, the most urgent first.
    queue: Option<bool>,
    /// 1 to 1,000,000 (1 by default).
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// 1 to 200 (50 by default).
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

/// Applications the caller may see; with `queue=true`, cases with a running time limit by due date.
#[utoipa::path(get, path = "/api/v1/work-permits/applications", tag = "work-permits", params(ListParams),
    security(("bearer" = [])), responses((status = 200, body = Page<ApplicationRecord>)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Page<ApplicationRecord>>, ApiError> {
    let scope = scope(&viewer)?;
    let (page, per_page) = paging(params.page, params.per_page)?;
    let query = ApplicationQuery {
        status: params.status,
        queue: params.queue.unwrap_or(false),
        page,
        per_page,
    };
    Ok(Json(state.store.applications(&query, scope).await?))
}

/// One application with its transitions, if the caller may see it.
#[utoipa::path(get, path = "/api/v1/work-permits/applications/{id}", tag = "work-permits",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = ApplicationRecord), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ApplicationRecord>, ApiError> {
    let scope = scope(&viewer)?;
    found(state.store.application(id, scope).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionBody {
    /// submit, withdraw, accept, return, approve, refuse, issue_notice, issue_card, activate,
    /// apply_extension, apply_change, apply_cancellation, cancel, expire.
    action: String,
    /// Required for return, refuse and cancel.
    #[serde(default)]
    comment: Option<String>,
    /// The version the step is taken from.
    version: i64,
    /// On approval when the points give no category: the category the decision grants.
    #[serde(default)]
    category: Option<String>,
}

/// Takes one workflow step. A step the state does not allow, a role that may not take it, a
/// missing reason or a stale version is refused (409 or 403) and changes nothing.
#[utoipa::path(post, path = "/api/v1/work-permits/applications/{id}/transitions", tag = "work-permits",
    params(("id" = i64, Path)), request_body = TransitionBody, security(("bearer" = [])),
    responses((status = 200, body = ApplicationRecord), (status = 403), (status = 404), (status = 409)))]
pub async fn transition(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<TransitionBody>,
) -> Result<Json<ApplicationRecord>, ApiError> {
    let scope = scope(&viewer)?;
    let principal = viewer.require()?;
    let role = principal
        .work_permit_workflow_role()
        .ok_or(ApiError::Forbidden)?;
    let request = TransitionRequest {
        action: body.action.as_str(),
        role,
        comment: step_comment(body.comment.as_deref())?,
        expected_version: body.version,
        category: body.category.as_deref(),
        today: state.today(),
    };
    Ok(Json(
        state
            .store
            .transition_application(&principal.username, id, &request, scope)
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ExpiringParams {
    /// 7, 30 or 90 (default 90).
    days: Option<u32>,
}

/// Active permits ending within the next 7, 30 or 90 days: an employer's own, or all for officers.
#[utoipa::path(get, path = "/api/v1/work-permits/expiring", tag = "work-permits", params(ExpiringParams),
    security(("bearer" = [])), responses((status = 200, body = Vec<PermitRecord>)))]
pub async fn expiring(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<ExpiringParams>,
) -> Result<Json<Vec<PermitRecord>>, ApiError> {
    let employer = match scope(&viewer)? {
        Scope::All => None,
        Scope::Organisation(org) => Some(org),
        _ => return Err(ApiError::Forbidden),
    };
    let (from, until) = days_ahead(state.today(), params.days, &[7, 30, 90])?;
    Ok(Json(
        state.store.permits_expiring(from, until, employer).await?,
    ))
}
