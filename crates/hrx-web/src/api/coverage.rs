//! Social-security agreements over JSON: the agreements (public; administrators edit them),
//! the public determination of what an agreement provides for a posting, and certificates of
//! coverage (employers file and follow their own; officers with the coverage capability check,
//! issue, accept, extend and revoke).

use super::{
    administrator, allow, days_ahead, filer, found, paging, within_public_limit, ApiJson, ApiPath,
    ApiQuery,
};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::service::coverage::{
    coverage_scope, optional_day, reasons, run_determination, take_step, CertificateTransition,
};
use crate::{AppState, Viewer};
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use chrono::NaiveDate;
use hrx_domain::access::{Capability, Scope};
use hrx_domain::coverage::agreements::AgreementRow;
use hrx_domain::coverage::certificates::CertificateInput;
use hrx_domain::coverage::determine::{Determination, DeterminationRequest};
use hrx_domain::coverage::rates::SavingsEstimate;
use hrx_domain::FieldErrors;
use hrx_store::coverage::{AgreementRecord, CertificateQuery, CertificateRecord};
use hrx_store::Page;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/coverage/determinations", post(determination))
        .route(
            "/api/v1/coverage/agreements",
            get(agreements).post(create_agreement),
        )
        .route(
            "/api/v1/coverage/agreements/{code}",
            get(agreement).put(update_agreement),
        )
        .route("/api/v1/coverage/certificates", get(list).post(create))
        .route("/api/v1/coverage/certificates/{id}", get(read))
        .route(
            "/api/v1/coverage/certificates/{id}/transitions",
            post(transition),
        )
        .route(
            "/api/v1/coverage/certificates/{id}/extensions",
            post(extension),
        )
        .route("/api/v1/coverage/ending", get(ending))
        .route("/api/v1/coverage/past-limit", get(past_limit))
}

/// A determination as answered: the contract fields, the reasons worded in the caller's
/// language (`Accept-Language` or `?lang=`), their stable codes, and the savings estimate.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeterminationView {
    pub agreement: Option<String>,
    pub direction: String,
    pub exempt: bool,
    pub exempt_branches: Vec<String>,
    pub enrol_branches: Vec<String>,
    pub exempt_from: Option<String>,
    pub exempt_until: Option<String>,
    /// The day from which all five branches apply, when the posting continues after the
    /// exemption.
    pub all_branches_from: Option<String>,
    pub max_posting_months: Option<u32>,
    pub extension_possible: bool,
    pub extension_rule: Option<String>,
    pub extension_max_until: Option<String>,
    pub manual_review: bool,
    pub reasons: Vec<String>,
    pub reason_codes: Vec<String>,
    pub savings: Option<SavingsEstimate>,
}

pub fn view(d: &Determination, lang: Lang) -> DeterminationView {
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
    DeterminationView {
        agreement: d.agreement.clone(),
        direction: d.direction.code().to_owned(),
        exempt: d.exempt,
        exempt_branches: d.exempt_branches.clone(),
        enrol_branches: d.enrol_branches.clone(),
        exempt_from: day(d.exempt_from),
        exempt_until: day(d.exempt_until),
        all_branches_from: day(d.all_branches_from),
        max_posting_months: d.max_posting_months,
        extension_possible: d.extension_possible,
        extension_rule: d.extension_rule.map(str::to_owned),
        extension_max_until: day(d.extension_max_until),
        manual_review: d.manual_review,
        reasons: reasons(&d.steps, lang),
        reason_codes: d.steps.iter().map(|s| s.code.to_owned()).collect(),
        savings: d.savings.clone(),
    }
}

/// What an agreement provides for a posting, as of a date: the agreement (if any, and whether
/// it is in force), the branches exempted in the country of work and those to enrol in, from
/// when until when, the posting limit and whether an extension is possible, the reasons step
/// by step, and for postings to China with a monthly wage and a city, an estimate of the
/// contributions the exemption saves. It assumes the worker obtains the certificate the
/// agreement requires. Open to the public, limited per client address.
#[utoipa::path(post, path = "/api/v1/coverage/determinations", tag = "coverage",
    request_body = DeterminationRequest,
    responses((status = 200, body = DeterminationView), (status = 422), (status = 429)))]
pub async fn determination(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(request): ApiJson<DeterminationRequest>,
) -> Result<Json<DeterminationView>, ApiError> {
    within_public_limit(&state, client)?;
    let d = run_determination(&state, &request).await?;
    Ok(Json(view(&d, viewer.lang)))
}

/// Every agreement with its terms, as HRX applies them (public).
#[utoipa::path(get, path = "/api/v1/coverage/agreements", tag = "coverage",
    responses((status = 200, body = Vec<AgreementRecord>)))]
pub async fn agreements(
    State(state): State<AppState>,
) -> Result<Json<Vec<AgreementRecord>>, ApiError> {
    Ok(Json(state.store.agreement_records().await?))
}

/// One agreement (public).
#[utoipa::path(get, path = "/api/v1/coverage/agreements/{code}", tag = "coverage",
    params(("code" = String, Path)), responses((status = 200, body = AgreementRecord), (status = 404)))]
pub async fn agreement(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<AgreementRecord>, ApiError> {
    let records = state.store.agreement_records().await?;
    found(records.into_iter().find(|a| a.row.code == code))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementEdit {
    #[serde(flatten)]
    pub row: AgreementRow,
    /// The version the edit is made from (absent when adding an agreement).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Adds an agreement (administrators). Every field is checked; audited.
#[utoipa::path(post, path = "/api/v1/coverage/agreements", tag = "coverage",
    request_body = AgreementRow, security(("bearer" = [])),
    responses((status = 201, body = AgreementRecord), (status = 403), (status = 409), (status = 422)))]
pub async fn create_agreement(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(row): ApiJson<AgreementRow>,
) -> Result<(StatusCode, Json<AgreementRecord>), ApiError> {
    let actor = administrator(&viewer)?;
    let record = state.store.save_agreement(&actor, &row, None).await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Changes an agreement's terms (administrators), from the version read; a stale version is
/// refused with 409. Audited; determinations made afterwards use the new terms.
#[utoipa::path(put, path = "/api/v1/coverage/agreements/{code}", tag = "coverage",
    params(("code" = String, Path)), request_body = AgreementEdit, security(("bearer" = [])),
    responses((status = 200, body = AgreementRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update_agreement(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(code): ApiPath<String>,
    ApiJson(edit): ApiJson<AgreementEdit>,
) -> Result<Json<AgreementRecord>, ApiError> {
    let actor = administrator(&viewer)?;
    if edit.row.code != code {
        return Err(FieldErrors::single("code", "does_not_match_path").into());
    }
    let version = edit
        .version
        .ok_or_else(|| ApiError::Validation(FieldErrors::single("version", "required")))?;
    Ok(Json(
        state
            .store
            .save_agreement(&actor, &edit.row, Some(version))
            .await?,
    ))
}

fn scope(viewer: &Viewer) -> Result<Scope, ApiError> {
    coverage_scope(viewer.require()?).ok_or(ApiError::Forbidden)
}

/// Files an outbound application or registers an inbound certificate. An employer user files
/// for its own organisation; an officer names the employer in `employer_id`. The period must
/// fit the agreement in force with the partner on its first day.
#[utoipa::path(post, path = "/api/v1/coverage/certificates", tag = "coverage",
    request_body = CertificateInput, security(("bearer" = [])),
    responses((status = 201, body = CertificateRecord), (status = 403), (status = 409), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<CertificateInput>,
) -> Result<(StatusCode, Json<CertificateRecord>), ApiError> {
    let (principal, employer_id) = filer(
        &viewer,
        |p| p.case_workflow_role(Capability::Coverage).is_some(),
        input.employer_id,
    )?;
    let draft = input.parse()?;
    let record = state
        .store
        .create_certificate(
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
    /// `outbound` or `inbound`.
    direction: Option<String>,
    status: Option<String>,
    /// 1 to 1,000,000 (1 by default).
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// 1 to 200 (50 by default).
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

/// Certificates the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/coverage/certificates", tag = "coverage", params(ListParams),
    security(("bearer" = [])), responses((status = 200, body = Page<CertificateRecord>)))]
pub async fn list(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<Page<CertificateRecord>>, ApiError> {
    let scope = scope(&viewer)?;
    let (page, per_page) = paging(params.page, params.per_page)?;
    let query = CertificateQuery {
        direction: params.direction,
        status: params.status,
        page,
        per_page,
    };
    Ok(Json(state.store.certificates(&query, scope).await?))
}

/// One certificate with its transitions, if the caller may see it (404 otherwise).
#[utoipa::path(get, path = "/api/v1/coverage/certificates/{id}", tag = "coverage",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = CertificateRecord), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CertificateRecord>, ApiError> {
    let scope = scope(&viewer)?;
    found(state.store.certificate(id, scope).await?)
}

/// Takes one workflow step. A step the state does not allow, a role that may not take it, a
/// missing reason or a stale version is refused (409 or 403) and changes nothing.
#[utoipa::path(post, path = "/api/v1/coverage/certificates/{id}/transitions", tag = "coverage",
    params(("id" = i64, Path)), request_body = CertificateTransition, security(("bearer" = [])),
    responses((status = 200, body = CertificateRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn transition(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<CertificateTransition>,
) -> Result<Json<CertificateRecord>, ApiError> {
    Ok(Json(take_step(&state, viewer.require()?, id, &body).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRequest {
    /// The last day the extension should cover.
    pub valid_to: String,
}

/// Asks for an extension of an issued outbound certificate: a new certificate from the day
/// after it ends, allowed by the agreement's extension rule, asked for in time (Spain: at least
/// 3 months before expiry). It then runs the outbound steps.
#[utoipa::path(post, path = "/api/v1/coverage/certificates/{id}/extensions", tag = "coverage",
    params(("id" = i64, Path)), request_body = ExtensionRequest, security(("bearer" = [])),
    responses((status = 201, body = CertificateRecord), (status = 404), (status = 409), (status = 422)))]
pub async fn extension(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ExtensionRequest>,
) -> Result<(StatusCode, Json<CertificateRecord>), ApiError> {
    let scope = scope(&viewer)?;
    let principal = viewer.require()?;
    allow(principal.case_workflow_role(Capability::Coverage).is_some())?;
    let valid_to = optional_day("valid_to", Some(&body.valid_to))?
        .ok_or_else(|| ApiError::Validation(FieldErrors::single("valid_to", "required")))?;
    let record = state
        .store
        .request_extension(&principal.username, id, valid_to, state.today(), scope)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct EndingParams {
    /// 30 or 90 (default 90).
    days: Option<u32>,
}

/// Certificates in force ending within the next 30 or 90 days: an employer's own, or all for
/// officers.
#[utoipa::path(get, path = "/api/v1/coverage/ending", tag = "coverage", params(EndingParams),
    security(("bearer" = [])), responses((status = 200, body = Vec<CertificateRecord>)))]
pub async fn ending(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<EndingParams>,
) -> Result<Json<Vec<CertificateRecord>>, ApiError> {
    let scope = scope(&viewer)?;
    let (from, until) = days_ahead(state.today(), params.days, &[30, 90])?;
    Ok(Json(
        state.store.certificates_ending(from, until, scope).await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PastLimit {
    pub certificate: CertificateRecord,
    /// The last day the agreement covers without an extension.
    pub allowed_until: String,
}

/// Postings under a certificate in force that run past the agreement's limit.
#[utoipa::path(get, path = "/api/v1/coverage/past-limit", tag = "coverage",
    security(("bearer" = [])), responses((status = 200, body = Vec<PastLimit>)))]
pub async fn past_limit(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Json<Vec<PastLimit>>, ApiError> {
    let scope = scope(&viewer)?;
    let rows = state
        .store
        .postings_past_limit(state.today(), scope)
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(certificate, end)| PastLimit {
                certificate,
                allowed_until: end.to_string(),
            })
            .collect(),
    ))
}
