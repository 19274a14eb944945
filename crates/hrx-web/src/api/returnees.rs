//! Services for returnees over JSON: overseas credentials (mobility officers), and the
//! start-up support programme — calls and applications (mobility officers), reviews
//! (reviewers, each declaring any conflict of interest), decisions (mobility officers), and
//! the public list of funded projects of a decided call.

use super::{mobility_officer, mobility_reader, ApiJson, ApiPath};
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use hrx_domain::returnees::{Credential, CredentialInput, ScoringRule};
use hrx_domain::FieldErrors;
use hrx_store::returnees::{CallRecord, CredentialRecord, NewApplication, StartupApplication};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/persons/{id}/credentials",
            get(list_credentials).post(add_credential),
        )
        .route(
            "/api/v1/returnees/credentials/{id}/verification",
            post(verify_credential),
        )
        .route("/api/v1/returnees/calls", post(create_call))
        .route(
            "/api/v1/returnees/calls/{id}/applications",
            get(list_applications).post(apply),
        )
        .route("/api/v1/returnees/applications/{id}/reviews", post(review))
        .route("/api/v1/returnees/calls/{id}/decision", post(decide))
        .route("/api/v1/returnees/calls/{id}/funded", get(funded))
}

/// A person's overseas credentials.
#[utoipa::path(get, path = "/api/v1/persons/{id}/credentials", tag = "returnees", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CredentialRecord>)), security(("bearer" = [])))]
pub async fn list_credentials(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<CredentialRecord>>, ApiError> {
    mobility_reader(&viewer)?;
    Ok(Json(state.store.credentials_of(id).await?))
}

/// Records an overseas credential (institution, country, ISCED degree level, field, date);
/// its verification starts `pending`.
#[utoipa::path(post, path = "/api/v1/persons/{id}/credentials", tag = "returnees", params(("id" = i64, Path)),
    request_body = CredentialInput,
    responses((status = 201, body = CredentialRecord), (status = 422, description = "invalid fields")),
    security(("bearer" = [])))]
pub async fn add_credential(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CredentialInput>,
) -> Result<(StatusCode, Json<CredentialRecord>), ApiError> {
    let p = mobility_officer(&viewer)?;
    let credential = Credential::parse(&input, state.today())?;
    let created = state
        .store
        .add_credential(&p.username, id, &credential)
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VerificationBody {
    /// `pending`, `verified` or `not_verified`.
    status: String,
    version: i64,
}

/// Records the outcome of a credential's verification.
#[utoipa::path(post, path = "/api/v1/returnees/credentials/{id}/verification", tag = "returnees", params(("id" = i64, Path)),
    request_body = VerificationBody, responses((status = 200, body = CredentialRecord)),
    security(("bearer" = [])))]
pub async fn verify_credential(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<VerificationBody>,
) -> Result<Json<CredentialRecord>, ApiError> {
    let p = mobility_officer(&viewer)?;
    if !hrx_domain::returnees::VERIFICATION.contains(&body.status.as_str()) {
        return Err(FieldErrors::single("status", "unknown_value").into());
    }
    Ok(Json(
        state
            .store
            .set_credential_verification(&p.username, id, body.version, &body.status)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CallBody {
    year: i64,
    title: String,
    budget_cny: i64,
}

/// Opens a yearly call with its budget.
#[utoipa::path(post, path = "/api/v1/returnees/calls", tag = "returnees", request_body = CallBody,
    responses((status = 201, body = CallRecord)), security(("bearer" = [])))]
pub async fn create_call(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(body): ApiJson<CallBody>,
) -> Result<(StatusCode, Json<CallRecord>), ApiError> {
    let p = mobility_officer(&viewer)?;
    let mut errors = FieldErrors::new();
    if !(1978..=2100).contains(&body.year) {
        errors.add("year", "out_of_range");
    }
    errors.text("title", &body.title, 200);
    if body.budget_cny <= 0 {
        errors.add("budget_cny", "out_of_range");
    }
    errors.into_result()?;
    let call = state
        .store
        .create_call(&p.username, body.year, &body.title, body.budget_cny)
        .await?;
    Ok((StatusCode::CREATED, Json(call)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ApplicationBody {
    person_id: i64,
    project: String,
    sector: String,
    province: String,
    funding_asked_cny: i64,
    /// The business plan reviewers read (up to 20,000 characters).
    #[serde(default)]
    business_plan: String,
}

/// Files an application to an open call (project, sector, location, funding asked).
#[utoipa::path(post, path = "/api/v1/returnees/calls/{id}/applications", tag = "returnees", params(("id" = i64, Path)),
    request_body = ApplicationBody, responses((status = 201, body = StartupApplication),
    (status = 409, description = "the call is decided")), security(("bearer" = [])))]
pub async fn apply(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ApplicationBody>,
) -> Result<(StatusCode, Json<StartupApplication>), ApiError> {
    let p = mobility_officer(&viewer)?;
    let mut errors = FieldErrors::new();
    for (field, value) in [("project", &body.project), ("sector", &body.sector)] {
        errors.text(field, value, 500);
    }
    if !body.business_plan.trim().is_empty() {
        errors.prose("business_plan", &body.business_plan, 20_000);
    }
    if body.funding_asked_cny <= 0 {
        errors.add("funding_asked_cny", "out_of_range");
    }
    errors.into_result()?;
    let created = state
        .store
        .apply_to_call(
            &p.username,
            id,
            &NewApplication {
                person_id: body.person_id,
                project: body.project,
                sector: body.sector,
                province: body.province,
                funding_asked_cny: body.funding_asked_cny,
                business_plan: body.business_plan,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// A call's applications with their scores and decisions (officers and reviewers).
#[utoipa::path(get, path = "/api/v1/returnees/calls/{id}/applications", tag = "returnees", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<StartupApplication>)), security(("bearer" = [])))]
pub async fn list_applications(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<StartupApplication>>, ApiError> {
    mobility_reader(&viewer)?;
    state.store.call(id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(state.store.call_applications(id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReviewBody {
    /// A declared conflict of interest: no score is then given.
    #[serde(default)]
    conflict: bool,
    conflict_note: Option<String>,
    /// From 0 to 100, without a conflict.
    score: Option<f64>,
}

/// The signed-in reviewer's review of an application: a score, or a declared conflict of
/// interest. Once per reviewer and application.
#[utoipa::path(post, path = "/api/v1/returnees/applications/{id}/reviews", tag = "returnees", params(("id" = i64, Path)),
    request_body = ReviewBody, responses((status = 204), (status = 409, description = "reviewed already, or the call is decided"),
    (status = 422, description = "score missing or out of range")), security(("bearer" = [])))]
pub async fn review(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<StatusCode, ApiError> {
    let p = mobility_reader(&viewer)?;
    match (body.conflict, body.score) {
        (true, Some(_)) => return Err(FieldErrors::single("score", "not_with_conflict").into()),
        (false, None) => return Err(FieldErrors::single("score", "required").into()),
        (false, Some(s)) if !(0.0..=100.0).contains(&s) => {
            return Err(FieldErrors::single("score", "out_of_range").into())
        }
        _ => {}
    }
    state
        .store
        .review_application(
            &p.username,
            id,
            body.conflict,
            body.conflict_note
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty()),
            body.score,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Scores every application with the programme's rule (data/returnees/support-programme.toml)
/// and funds them in rank order within the budget; the call is then closed.
#[utoipa::path(post, path = "/api/v1/returnees/calls/{id}/decision", tag = "returnees", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<StartupApplication>), (status = 409, description = "decided already")),
    security(("bearer" = [])))]
pub async fn decide(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<StartupApplication>>, ApiError> {
    let p = mobility_officer(&viewer)?;
    let rule = ScoringRule::current().map_err(|e| {
        tracing::error!(
            error = e,
            "the support programme's scoring rule does not parse"
        );
        ApiError::Internal
    })?;
    Ok(Json(state.store.decide_call(&p.username, id, rule).await?))
}

/// A funded project, as published.
#[derive(Debug, Serialize, ToSchema)]
pub struct FundedProject {
    project: String,
    sector: String,
    province: String,
    awarded_cny: i64,
    score: Option<f64>,
}

/// The funded projects of a decided call: public, without the applicants' personal data.
#[utoipa::path(get, path = "/api/v1/returnees/calls/{id}/funded", tag = "returnees", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<FundedProject>), (status = 404, description = "no decided call")))]
pub async fn funded(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<FundedProject>>, ApiError> {
    let call = state.store.call(id).await?.ok_or(ApiError::NotFound)?;
    if call.status != "decided" {
        return Err(ApiError::NotFound);
    }
    Ok(Json(
        state
            .store
            .call_applications(id)
            .await?
            .into_iter()
            .filter(|a| a.status == "funded")
            .map(|a| FundedProject {
                project: a.project,
                sector: a.sector,
                province: a.province,
                awarded_cny: a.awarded_cny,
                score: a.score,
            })
            .collect(),
    ))
}
