//! Nationals in international organisations over JSON. Public and rate-limited, computed on
//! what the caller sends (nothing stored or read): the desirable range of a Member State with
//! its status and steps, and the match of a candidate to a vacancy with every filter and
//! component explained; and the register of organisations. For officers of the capability
//! (administrators endorse): vacancies and their ranking of the roster, the roster (every
//! read audited), recommendation cases and serving records.

use super::{allow, found, within_public_limit, ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use hrx_domain::access::{Capability, Principal, Role};
use hrx_domain::intorgs::exams::ExamSession;
use hrx_domain::intorgs::periods::{self, RangeOnRecord};
use hrx_domain::intorgs::vacancy::VacancyFields;
use hrx_domain::intorgs::{
    match_candidate, CandidateFacts, MatchResult, RangeInput, RangeResult, RosterFields,
    VacancyNeeds,
};
use hrx_store::case::StepRequest;
use hrx_store::intorgs::{
    CandidateStep, ExamCandidateRecord, ExamSessionRecord, OrganisationRecord, RankedCandidate,
    RecommendationRecord, RecommendationStepInput, RosterRecord, RosterSummary, ServingInput,
    ServingRecord, VacancyRecord,
};
use serde::Deserialize;
use std::net::SocketAddr;
use utoipa::{IntoParams, ToSchema};

const BASE: &str = "/api/v1/international-organisations";

pub fn routes() -> Router<AppState> {
    let at = |path: &str| format!("{BASE}{path}");
    Router::new()
        .route(&at("/desirable-range"), post(desirable_range))
        .route(&at("/match"), post(match_one))
        .route(&at("/organisations"), get(organisations))
        .route(&at("/desirable-ranges"), get(ranges_on_record))
        .route(&at("/vacancies"), get(vacancies).post(create_vacancy))
        .route(&at("/vacancies/{id}"), get(vacancy))
        .route(&at("/vacancies/{id}/status"), post(vacancy_status))
        .route(&at("/vacancies/{id}/ranking"), get(ranking))
        .route(&at("/roster"), get(roster).post(add_to_roster))
        .route(
            &at("/roster/{id}"),
            get(roster_entry).put(update_roster_entry),
        )
        .route(
            &at("/recommendations"),
            get(recommendations).post(draft_recommendation),
        )
        .route(&at("/recommendations/{id}"), get(recommendation))
        .route(
            &at("/recommendations/{id}/steps"),
            post(recommendation_step),
        )
        .route(&at("/serving"), get(serving).post(add_serving))
        .route(&at("/serving/{id}/end"), post(end_serving))
        .route(&at("/exams"), get(exam_sessions).post(create_exam_session))
        .route(
            &at("/exams/{id}/candidates"),
            get(exam_candidates).post(add_exam_candidate),
        )
        .route(
            &at("/exam-candidates/{id}/status"),
            post(exam_candidate_step),
        )
}

/// The caller, an officer of the capability or an administrator (403 otherwise).
pub fn io_officer(viewer: &Viewer) -> Result<&Principal, ApiError> {
    let principal = viewer.require()?;
    allow(principal.has(Capability::IntOrgs))?;
    Ok(principal)
}

/// The desirable range of a Member State (spec §6.1: midpoint from the membership,
/// population and contribution factors, ±15% with at least 4.8 posts each way and an upper
/// limit of at least 14), the limits as a report prints them, and with `staff` its status
/// (§6.2) and HRX's `near_lower_limit` flag. An input out of range is 422 naming the field.
#[utoipa::path(post, path = "/api/v1/international-organisations/desirable-range",
    tag = "international-organisations", request_body = RangeInput,
    responses((status = 200, body = RangeResult), (status = 422), (status = 429)))]
pub async fn desirable_range(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(input): ApiJson<RangeInput>,
) -> Result<Json<RangeResult>, ApiError> {
    within_public_limit(&state, client)?;
    Ok(Json(input.compute()?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MatchRequest {
    pub vacancy: VacancyNeeds,
    pub candidate: CandidateFacts,
}

/// The match of a candidate to a vacancy (spec §6.3, an HRX convention): the five hard
/// filters, each passed or not with its reason, then, for an eligible candidate, a score out
/// of 100 from its five components, each with its rule, values and points. `score` is null
/// when a filter fails. An age limit without `age_on` is read today.
#[utoipa::path(post, path = "/api/v1/international-organisations/match",
    tag = "international-organisations", request_body = MatchRequest,
    responses((status = 200, body = MatchResult), (status = 422), (status = 429)))]
pub async fn match_one(
    State(state): State<AppState>,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(input): ApiJson<MatchRequest>,
) -> Result<Json<MatchResult>, ApiError> {
    within_public_limit(&state, client)?;
    Ok(Json(match_candidate(
        &input.vacancy,
        &input.candidate,
        state.today(),
    )?))
}

/// The register of organisations: kind, parent, grade system, desirable-range flag and
/// validity (public).
#[utoipa::path(get, path = "/api/v1/international-organisations/organisations",
    tag = "international-organisations", responses((status = 200, body = Vec<OrganisationRecord>)))]
pub async fn organisations(
    State(state): State<AppState>,
) -> Result<Json<Vec<OrganisationRecord>>, ApiError> {
    Ok(Json(state.store.io_organisations().await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct VacanciesParams {
    /// `open` (default) or `all`.
    status: Option<String>,
}

/// Vacancies, soonest deadline first, with the deadline in UTC and in the organisation's
/// zone and the working days left.
#[utoipa::path(get, path = "/api/v1/international-organisations/vacancies",
    tag = "international-organisations", params(VacanciesParams), security(("bearer" = [])),
    responses((status = 200, body = Vec<VacancyRecord>), (status = 403), (status = 422)))]
pub async fn vacancies(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<VacanciesParams>,
) -> Result<Json<Vec<VacancyRecord>>, ApiError> {
    io_officer(&viewer)?;
    let open_only = match params.status.as_deref().map(str::trim) {
        None | Some("") | Some("open") => true,
        Some("all") => false,
        Some(_) => return Err(hrx_domain::FieldErrors::single("status", "unknown_value").into()),
    };
    Ok(Json(
        state.store.io_vacancies(open_only, state.today()).await?,
    ))
}

/// Records a vacancy (its requirements are the matching rule's vacancy fields).
#[utoipa::path(post, path = "/api/v1/international-organisations/vacancies",
    tag = "international-organisations", request_body = VacancyFields, security(("bearer" = [])),
    responses((status = 201, body = VacancyRecord), (status = 403), (status = 422)))]
pub async fn create_vacancy(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<VacancyFields>,
) -> Result<(StatusCode, Json<VacancyRecord>), ApiError> {
    let principal = io_officer(&viewer)?;
    let record = state
        .store
        .create_io_vacancy(&principal.username, &input, state.today())
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A vacancy.
#[utoipa::path(get, path = "/api/v1/international-organisations/vacancies/{id}",
    tag = "international-organisations", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = VacancyRecord), (status = 403), (status = 404)))]
pub async fn vacancy(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<VacancyRecord>, ApiError> {
    io_officer(&viewer)?;
    found(state.store.io_vacancy(id, state.today()).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    pub version: i64,
    /// `open`, `closed`, `filled` or `cancelled` (its open recommendations are cancelled).
    pub status: String,
}

/// Closes, fills or cancels a vacancy.
#[utoipa::path(post, path = "/api/v1/international-organisations/vacancies/{id}/status",
    tag = "international-organisations", params(("id" = i64, Path)), request_body = StatusBody,
    security(("bearer" = [])),
    responses((status = 200, body = VacancyRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn vacancy_status(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<StatusBody>,
) -> Result<Json<VacancyRecord>, ApiError> {
    let principal = io_officer(&viewer)?;
    Ok(Json(
        state
            .store
            .set_io_vacancy_status(
                &principal.username,
                id,
                input.version,
                input.status.trim(),
                state.today(),
            )
            .await?,
    ))
}

/// The active roster ranked for a vacancy: eligible candidates by score, then the ineligible
/// ones with the filters they failed (the read is audited).
#[utoipa::path(get, path = "/api/v1/international-organisations/vacancies/{id}/ranking",
    tag = "international-organisations", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Vec<RankedCandidate>), (status = 403), (status = 404)))]
pub async fn ranking(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<RankedCandidate>>, ApiError> {
    let principal = io_officer(&viewer)?;
    Ok(Json(
        state
            .store
            .rank_io_vacancy(&principal.username, id, state.today())
            .await?,
    ))
}

/// The roster (the read is audited).
#[utoipa::path(get, path = "/api/v1/international-organisations/roster",
    tag = "international-organisations", security(("bearer" = [])),
    responses((status = 200, body = Vec<RosterSummary>), (status = 403)))]
pub async fn roster(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Json<Vec<RosterSummary>>, ApiError> {
    let principal = io_officer(&viewer)?;
    Ok(Json(
        state
            .store
            .io_roster(&principal.username, state.today())
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RosterBody {
    /// A Chinese national of the registry.
    pub person_id: i64,
    #[serde(flatten)]
    pub fields: RosterFields,
}

/// Puts a national on the roster.
#[utoipa::path(post, path = "/api/v1/international-organisations/roster",
    tag = "international-organisations", request_body = RosterBody, security(("bearer" = [])),
    responses((status = 201, body = RosterRecord), (status = 403), (status = 422)))]
pub async fn add_to_roster(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<RosterBody>,
) -> Result<(StatusCode, Json<RosterRecord>), ApiError> {
    let principal = io_officer(&viewer)?;
    let record = state
        .store
        .create_io_roster_entry(
            &principal.username,
            input.person_id,
            &input.fields,
            state.today(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A roster entry (the read is audited).
#[utoipa::path(get, path = "/api/v1/international-organisations/roster/{id}",
    tag = "international-organisations", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = RosterRecord), (status = 403), (status = 404)))]
pub async fn roster_entry(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<RosterRecord>, ApiError> {
    let principal = io_officer(&viewer)?;
    found(
        state
            .store
            .io_roster_entry(&principal.username, id, state.today())
            .await?,
    )
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RosterUpdate {
    pub version: i64,
    #[serde(flatten)]
    pub fields: RosterFields,
}

/// Replaces a roster entry's facts.
#[utoipa::path(put, path = "/api/v1/international-organisations/roster/{id}",
    tag = "international-organisations", params(("id" = i64, Path)), request_body = RosterUpdate,
    security(("bearer" = [])),
    responses((status = 200, body = RosterRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update_roster_entry(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RosterUpdate>,
) -> Result<Json<RosterRecord>, ApiError> {
    let principal = io_officer(&viewer)?;
    Ok(Json(
        state
            .store
            .update_io_roster_entry(
                &principal.username,
                id,
                input.version,
                &input.fields,
                state.today(),
            )
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RecommendationsParams {
    vacancy_id: Option<i64>,
}

/// Recommendations of a vacancy, or the latest 500.
#[utoipa::path(get, path = "/api/v1/international-organisations/recommendations",
    tag = "international-organisations", params(RecommendationsParams), security(("bearer" = [])),
    responses((status = 200, body = Vec<RecommendationRecord>), (status = 403)))]
pub async fn recommendations(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<RecommendationsParams>,
) -> Result<Json<Vec<RecommendationRecord>>, ApiError> {
    io_officer(&viewer)?;
    Ok(Json(
        state.store.io_recommendations(params.vacancy_id).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    pub vacancy_id: i64,
    pub roster_entry_id: i64,
}

/// Drafts a recommendation, with the match of today as its first snapshot.
#[utoipa::path(post, path = "/api/v1/international-organisations/recommendations",
    tag = "international-organisations", request_body = DraftBody, security(("bearer" = [])),
    responses((status = 201, body = RecommendationRecord), (status = 403), (status = 409), (status = 422)))]
pub async fn draft_recommendation(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<DraftBody>,
) -> Result<(StatusCode, Json<RecommendationRecord>), ApiError> {
    let principal = io_officer(&viewer)?;
    let record = state
        .store
        .draft_io_recommendation(
            &principal.username,
            input.vacancy_id,
            input.roster_entry_id,
            state.today(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A recommendation with its snapshots and history.
#[utoipa::path(get, path = "/api/v1/international-organisations/recommendations/{id}",
    tag = "international-organisations", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = RecommendationRecord), (status = 403), (status = 404)))]
pub async fn recommendation(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<RecommendationRecord>, ApiError> {
    io_officer(&viewer)?;
    found(state.store.io_recommendation(id).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationStepBody {
    /// `endorse` (an administrator), `submit`, `shortlist`, `not_shortlist`, `interview`,
    /// `select`, `not_select`, `join`, `withdraw` (with a comment).
    pub action: String,
    pub version: i64,
    pub comment: Option<String>,
    /// `submit`: the day of submission (today when absent), on or before the deadline.
    pub submitted_on: Option<String>,
    /// `join`: the entry on duty.
    pub start_date: Option<String>,
    /// `join`: `fixed_term` unless given.
    pub appointment_type: Option<String>,
}

/// Takes a step of a recommendation. Refused with `deadline_passed` (409) for a submission
/// after the vacancy's deadline; an officer who is not an administrator may not endorse (403).
#[utoipa::path(post, path = "/api/v1/international-organisations/recommendations/{id}/steps",
    tag = "international-organisations", params(("id" = i64, Path)), request_body = RecommendationStepBody,
    security(("bearer" = [])),
    responses((status = 200, body = RecommendationRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn recommendation_step(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RecommendationStepBody>,
) -> Result<Json<RecommendationRecord>, ApiError> {
    let principal = io_officer(&viewer)?;
    let request = StepRequest {
        action: input.action.trim(),
        role: if principal.role == Role::Admin {
            "endorser"
        } else {
            "officer"
        },
        comment: input.comment.as_deref().filter(|c| !c.trim().is_empty()),
        expected_version: input.version,
        today: state.today(),
    };
    let extra = RecommendationStepInput {
        submitted_on: input.submitted_on.clone(),
        start_date: input.start_date.clone(),
        appointment_type: input.appointment_type.clone(),
    };
    Ok(Json(
        state
            .store
            .io_recommendation_step(&principal.username, id, &request, &extra)
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ServingParams {
    /// An organisation's acronym.
    organisation: Option<String>,
    /// `P1-P3`, `P4-P5`, `D_and_above` or `other`.
    grade_band: Option<String>,
    /// Those serving on this day.
    on: Option<String>,
}

/// Serving records, by organisation and grade band.
#[utoipa::path(get, path = "/api/v1/international-organisations/serving",
    tag = "international-organisations", params(ServingParams), security(("bearer" = [])),
    responses((status = 200, body = Vec<ServingRecord>), (status = 403), (status = 422)))]
pub async fn serving(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<ServingParams>,
) -> Result<Json<Vec<ServingRecord>>, ApiError> {
    io_officer(&viewer)?;
    let mut e = hrx_domain::FieldErrors::new();
    let band = params
        .grade_band
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if band.is_some_and(|b| !["P1-P3", "P4-P5", "D_and_above", "other"].contains(&b)) {
        e.add("grade_band", "unknown_value");
    }
    let on = match params
        .on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => hrx_domain::training::required_day(&mut e, "on", s),
        None => None,
    };
    e.into_result()?;
    let organisation = params
        .organisation
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    Ok(Json(state.store.io_serving(organisation, band, on).await?))
}

/// Records a national serving in an organisation.
#[utoipa::path(post, path = "/api/v1/international-organisations/serving",
    tag = "international-organisations", request_body = ServingInput, security(("bearer" = [])),
    responses((status = 201, body = ServingRecord), (status = 403), (status = 422)))]
pub async fn add_serving(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<ServingInput>,
) -> Result<(StatusCode, Json<ServingRecord>), ApiError> {
    let principal = io_officer(&viewer)?;
    let record = state
        .store
        .create_io_serving(&principal.username, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndBody {
    pub version: i64,
    /// The last day served.
    pub end_date: String,
}

/// Records the last day a national served.
#[utoipa::path(post, path = "/api/v1/international-organisations/serving/{id}/end",
    tag = "international-organisations", params(("id" = i64, Path)), request_body = EndBody,
    security(("bearer" = [])),
    responses((status = 200, body = ServingRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn end_serving(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<EndBody>,
) -> Result<Json<ServingRecord>, ApiError> {
    let principal = io_officer(&viewer)?;
    Ok(Json(
        state
            .store
            .end_io_serving(&principal.username, id, input.version, &input.end_date)
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RangesParams {
    /// ISO 3166-1 alpha-2 (`CN` when absent).
    country: Option<String>,
}

/// A State's desirable ranges on record, oldest first: each period's range computed by §6.1
/// where its base figure is known, beside the range and staff count a source published, and
/// the status (public).
#[utoipa::path(get, path = "/api/v1/international-organisations/desirable-ranges",
    tag = "international-organisations", params(RangesParams),
    responses((status = 200, body = Vec<RangeOnRecord>), (status = 422)))]
pub async fn ranges_on_record(
    ApiQuery(params): ApiQuery<RangesParams>,
) -> Result<Json<Vec<RangeOnRecord>>, ApiError> {
    let code = params
        .country
        .as_deref()
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "CN".into());
    if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(hrx_domain::FieldErrors::single("country", "invalid_format").into());
    }
    let list = periods::of_country(&code).map_err(|e| {
        tracing::error!(error = e, "desirable-range cases");
        ApiError::Internal
    })?;
    Ok(Json(list.into_iter().cloned().collect()))
}

/// UN examinations held in China: the sessions the sources confirm (with their published
/// figures and sources) and those officers added, newest first (public).
#[utoipa::path(get, path = "/api/v1/international-organisations/exams",
    tag = "international-organisations", responses((status = 200, body = Vec<ExamSessionRecord>)))]
pub async fn exam_sessions(
    State(state): State<AppState>,
) -> Result<Json<Vec<ExamSessionRecord>>, ApiError> {
    Ok(Json(state.store.io_exam_sessions().await?))
}

/// Records an examination session.
#[utoipa::path(post, path = "/api/v1/international-organisations/exams",
    tag = "international-organisations", request_body = ExamSession, security(("bearer" = [])),
    responses((status = 201, body = ExamSessionRecord), (status = 403), (status = 422)))]
pub async fn create_exam_session(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<ExamSession>,
) -> Result<(StatusCode, Json<ExamSessionRecord>), ApiError> {
    let principal = io_officer(&viewer)?;
    let record = state
        .store
        .create_io_exam_session(&principal.username, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A session's candidates with their statuses and the statuses they may move to.
#[utoipa::path(get, path = "/api/v1/international-organisations/exams/{id}/candidates",
    tag = "international-organisations", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Vec<ExamCandidateRecord>), (status = 403)))]
pub async fn exam_candidates(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<ExamCandidateRecord>>, ApiError> {
    io_officer(&viewer)?;
    Ok(Json(state.store.io_exam_candidates(id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateBody {
    pub person_id: i64,
    pub subject: String,
}

/// Adds a person of the registry to a session as a candidate who applied.
#[utoipa::path(post, path = "/api/v1/international-organisations/exams/{id}/candidates",
    tag = "international-organisations", params(("id" = i64, Path)), request_body = CandidateBody,
    security(("bearer" = [])),
    responses((status = 201, body = ExamCandidateRecord), (status = 403), (status = 422)))]
pub async fn add_exam_candidate(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CandidateBody>,
) -> Result<(StatusCode, Json<ExamCandidateRecord>), ApiError> {
    let principal = io_officer(&viewer)?;
    let record = state
        .store
        .add_io_exam_candidate(&principal.username, id, input.person_id, &input.subject)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Moves a candidate to the next status of §5.6 (409 `status_not_allowed` out of order); a
/// successful candidate is linked to their roster entry, an appointment by its serving record.
#[utoipa::path(post, path = "/api/v1/international-organisations/exam-candidates/{id}/status",
    tag = "international-organisations", params(("id" = i64, Path)), request_body = CandidateStep,
    security(("bearer" = [])),
    responses((status = 200, body = ExamCandidateRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn exam_candidate_step(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CandidateStep>,
) -> Result<Json<ExamCandidateRecord>, ApiError> {
    let principal = io_officer(&viewer)?;
    Ok(Json(
        state
            .store
            .io_exam_candidate_step(&principal.username, id, &input, state.today())
            .await?,
    ))
}
