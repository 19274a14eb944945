//! Training abroad over JSON: programmes and their plans (an administrator edits them until
//! approved), nominations with two-person selection, groups with their members and checks,
//! departures and returns, completion reports and evaluations, and the participants the
//! statistics count. Every operation needs an officer with the training capability (or an
//! administrator); plans are an administrator's.

use super::{administrator, allow, found, officer_step, page_checks, ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use hrx_domain::access::{Capability, Principal};
use hrx_domain::training::{ProgrammeFields, ProgrammeType};
use hrx_domain::FieldErrors;
use hrx_store::training::{
    EvaluationInput, GroupRecord, MemberInput, MemberRecord, NewGroup, NominationInput,
    NominationRecord, ParticipantQuery, ParticipantRecord, ProgrammeRecord, QuotaInput,
    ReportInput, ReportQuery, ReportRecord,
};
use hrx_store::Page;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/training/programmes",
            get(programmes).post(create_programme),
        )
        .route(
            "/api/v1/training/programmes/{id}",
            get(programme).put(update_programme),
        )
        .route(
            "/api/v1/training/programmes/{id}/quotas",
            axum::routing::put(set_quota),
        )
        .route(
            "/api/v1/training/programmes/{id}/approve",
            post(approve_plan),
        )
        .route(
            "/api/v1/training/nominations",
            get(nominations).post(nominate),
        )
        .route("/api/v1/training/nominations/{id}", get(nomination))
        .route(
            "/api/v1/training/nominations/{id}/steps",
            post(nomination_step),
        )
        .route("/api/v1/training/groups", get(groups).post(create_group))
        .route("/api/v1/training/groups/{id}", get(group))
        .route("/api/v1/training/groups/{id}/members", post(add_member))
        .route(
            "/api/v1/training/groups/{id}/members/{member_id}/withdraw",
            post(withdraw_member),
        )
        .route("/api/v1/training/groups/{id}/steps", post(group_step))
        .route("/api/v1/training/participants", get(participants))
        .route("/api/v1/training/reports", get(reports))
        .route("/api/v1/training/members/{id}/report", post(file_report))
        .route("/api/v1/training/members/{id}/evaluation", post(evaluate))
}

/// The caller, an officer with the training capability or an administrator (403 otherwise).
pub fn training_officer(viewer: &Viewer) -> Result<&Principal, ApiError> {
    let principal = viewer.require()?;
    allow(principal.has(Capability::Training))?;
    Ok(principal)
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ProgrammesParams {
    /// The plan year (all years when absent).
    year: Option<i64>,
}

/// Programmes with their plans: each sending unit's places and how many it uses.
#[utoipa::path(get, path = "/api/v1/training/programmes", tag = "training", params(ProgrammesParams),
    security(("bearer" = [])), responses((status = 200, body = Vec<ProgrammeRecord>), (status = 403)))]
pub async fn programmes(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<ProgrammesParams>,
) -> Result<Json<Vec<ProgrammeRecord>>, ApiError> {
    training_officer(&viewer)?;
    Ok(Json(state.store.training_programmes(params.year).await?))
}

/// Records a programme with an empty plan in draft (administrators).
#[utoipa::path(post, path = "/api/v1/training/programmes", tag = "training",
    request_body = ProgrammeFields, security(("bearer" = [])),
    responses((status = 201, body = ProgrammeRecord), (status = 403), (status = 422)))]
pub async fn create_programme(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<ProgrammeFields>,
) -> Result<(StatusCode, Json<ProgrammeRecord>), ApiError> {
    let admin = administrator(&viewer)?;
    let record = state
        .store
        .create_training_programme(&admin, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A programme with its plan.
#[utoipa::path(get, path = "/api/v1/training/programmes/{id}", tag = "training",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = ProgrammeRecord), (status = 403), (status = 404)))]
pub async fn programme(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ProgrammeRecord>, ApiError> {
    training_officer(&viewer)?;
    found(state.store.training_programme(id).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ProgrammeUpdate {
    /// The version read; a stale one is refused with 409.
    pub version: i64,
    #[serde(flatten)]
    pub fields: ProgrammeFields,
}

/// Edits a programme while its plan is in draft (administrators; audited).
#[utoipa::path(put, path = "/api/v1/training/programmes/{id}", tag = "training",
    params(("id" = i64, Path)), request_body = ProgrammeUpdate, security(("bearer" = [])),
    responses((status = 200, body = ProgrammeRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update_programme(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ProgrammeUpdate>,
) -> Result<Json<ProgrammeRecord>, ApiError> {
    let admin = administrator(&viewer)?;
    Ok(Json(
        state
            .store
            .update_training_programme(&admin, id, input.version, &input.fields)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotaBody {
    pub version: i64,
    /// An organisation of the registry.
    pub sending_unit_id: i64,
    /// Places allocated (the control number); 0 with no supplementary places removes the unit.
    pub places: i64,
    #[serde(default)]
    pub supplementary: i64,
}

/// Sets a sending unit's places in a plan in draft (administrators; audited).
#[utoipa::path(put, path = "/api/v1/training/programmes/{id}/quotas", tag = "training",
    params(("id" = i64, Path)), request_body = QuotaBody, security(("bearer" = [])),
    responses((status = 200, body = ProgrammeRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn set_quota(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<QuotaBody>,
) -> Result<Json<ProgrammeRecord>, ApiError> {
    let admin = administrator(&viewer)?;
    let quota = QuotaInput {
        sending_unit_id: input.sending_unit_id,
        places: input.places,
        supplementary: input.supplementary,
    };
    Ok(Json(
        state
            .store
            .set_training_quota(&admin, id, input.version, quota)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    pub version: i64,
}

/// Approves a plan: it is fixed from then on, and units may nominate (administrators).
#[utoipa::path(post, path = "/api/v1/training/programmes/{id}/approve", tag = "training",
    params(("id" = i64, Path)), request_body = VersionBody, security(("bearer" = [])),
    responses((status = 200, body = ProgrammeRecord), (status = 403), (status = 404), (status = 409)))]
pub async fn approve_plan(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<VersionBody>,
) -> Result<Json<ProgrammeRecord>, ApiError> {
    let admin = administrator(&viewer)?;
    Ok(Json(
        state
            .store
            .approve_training_plan(&admin, id, input.version, state.today())
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct NominationsParams {
    programme_id: Option<i64>,
    /// `nominated`, `endorsed`, `selected`, `rejected` or `withdrawn`.
    status: Option<String>,
}

const NOMINATION_STATES: [&str; 5] = ["nominated", "endorsed", "selected", "rejected", "withdrawn"];

/// Nominations, oldest first.
#[utoipa::path(get, path = "/api/v1/training/nominations", tag = "training", params(NominationsParams),
    security(("bearer" = [])), responses((status = 200, body = Vec<NominationRecord>), (status = 403), (status = 422)))]
pub async fn nominations(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<NominationsParams>,
) -> Result<Json<Vec<NominationRecord>>, ApiError> {
    training_officer(&viewer)?;
    let status = params
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if status.is_some_and(|s| !NOMINATION_STATES.contains(&s)) {
        return Err(FieldErrors::single("status", "unknown_value").into());
    }
    Ok(Json(
        state
            .store
            .training_nominations(params.programme_id, status)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NominationBody {
    pub programme_id: i64,
    /// A person of the registry.
    pub person_id: i64,
    /// The sending unit (an organisation); the person's organisation when absent.
    pub sending_unit_id: Option<i64>,
}

/// A sending unit nominates a person: refused with `plan_not_approved`, `ineligible` (the
/// detail names the rule), `already_nominated` or `quota_exceeded` (409).
#[utoipa::path(post, path = "/api/v1/training/nominations", tag = "training",
    request_body = NominationBody, security(("bearer" = [])),
    responses((status = 201, body = NominationRecord), (status = 403), (status = 409), (status = 422)))]
pub async fn nominate(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<NominationBody>,
) -> Result<(StatusCode, Json<NominationRecord>), ApiError> {
    let principal = training_officer(&viewer)?;
    let n = NominationInput {
        programme_id: input.programme_id,
        person_id: input.person_id,
        sending_unit_id: input.sending_unit_id,
    };
    let record = state
        .store
        .nominate_for_training(&principal.username, n, state.today())
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A nomination with its history.
#[utoipa::path(get, path = "/api/v1/training/nominations/{id}", tag = "training",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = NominationRecord), (status = 403), (status = 404)))]
pub async fn nomination(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<NominationRecord>, ApiError> {
    training_officer(&viewer)?;
    found(state.store.training_nomination(id).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    /// Nominations: `approve` (twice, by two officers other than the nominator), `reject`
    /// or `withdraw` (with a comment). Groups: `depart`, `return` or `cancel` (with a comment).
    pub action: String,
    pub version: i64,
    pub comment: Option<String>,
    /// For `depart`: the actual departure (today when absent).
    pub actual_departure: Option<String>,
    /// For `return`: the actual return (today when absent).
    pub actual_return: Option<String>,
}

/// Approves, rejects or withdraws a nomination (`same_actor` when the nominator or the
/// first approver approves again).
#[utoipa::path(post, path = "/api/v1/training/nominations/{id}/steps", tag = "training",
    params(("id" = i64, Path)), request_body = StepBody, security(("bearer" = [])),
    responses((status = 200, body = NominationRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn nomination_step(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<StepBody>,
) -> Result<Json<NominationRecord>, ApiError> {
    let principal = training_officer(&viewer)?;
    let request = officer_step(&input.action, input.version, &input.comment, state.today());
    Ok(Json(
        state
            .store
            .training_nomination_step(&principal.username, id, &request)
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct GroupsParams {
    programme_id: Option<i64>,
}

/// Groups with their members and checks (a programme's, or the latest 200).
#[utoipa::path(get, path = "/api/v1/training/groups", tag = "training", params(GroupsParams),
    security(("bearer" = [])), responses((status = 200, body = Vec<GroupRecord>), (status = 403)))]
pub async fn groups(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<GroupsParams>,
) -> Result<Json<Vec<GroupRecord>>, ApiError> {
    training_officer(&viewer)?;
    Ok(Json(
        state.store.training_groups(params.programme_id).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupBody {
    pub programme_id: i64,
    /// A code; made from the programme's when absent.
    #[serde(default)]
    pub code: String,
    pub planned_departure: String,
    pub planned_return: String,
}

/// Plans a group of a programme.
#[utoipa::path(post, path = "/api/v1/training/groups", tag = "training",
    request_body = GroupBody, security(("bearer" = [])),
    responses((status = 201, body = GroupRecord), (status = 403), (status = 422)))]
pub async fn create_group(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<GroupBody>,
) -> Result<(StatusCode, Json<GroupRecord>), ApiError> {
    let principal = training_officer(&viewer)?;
    let g = NewGroup {
        code: input.code,
        programme_id: input.programme_id,
        planned_departure: input.planned_departure,
        planned_return: input.planned_return,
    };
    let record = state
        .store
        .create_training_group(&principal.username, &g, state.today())
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A group with its members (passports, travel status), checks and history.
#[utoipa::path(get, path = "/api/v1/training/groups/{id}", tag = "training",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = GroupRecord), (status = 403), (status = 404)))]
pub async fn group(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<GroupRecord>, ApiError> {
    training_officer(&viewer)?;
    found(state.store.training_group(id).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberBody {
    /// A person of the registry.
    pub person_id: i64,
    /// The sending unit, for a person not yet nominated (their organisation when absent).
    pub sending_unit_id: Option<i64>,
    /// `member` (default), `leader` or `interpreter`.
    pub role: Option<String>,
}

/// Adds a person to a planned group. Refused (409, `application/problem+json`) with
/// `outside_window` (the group's dates outside the programme's window), `passport_expires`
/// (no passport valid six months beyond the return), `overlapping_dispatch` (in another group
/// on a shared day) or `quota_exceeded` (a person not yet nominated, and the sending unit has
/// no place left), each with a detail that explains it.
#[utoipa::path(post, path = "/api/v1/training/groups/{id}/members", tag = "training",
    params(("id" = i64, Path)), request_body = MemberBody, security(("bearer" = [])),
    responses((status = 201, body = MemberRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn add_member(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<MemberBody>,
) -> Result<(StatusCode, Json<MemberRecord>), ApiError> {
    let principal = training_officer(&viewer)?;
    let m = MemberInput {
        person_id: input.person_id,
        sending_unit_id: input.sending_unit_id,
        role: input.role,
    };
    let record = state
        .store
        .add_training_member(&principal.username, id, &m, state.today())
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawBody {
    /// Why (visa refused, replaced, cancelled …).
    pub reason: String,
}

/// Takes a member out of a planned group; their nomination is withdrawn, freeing the place.
#[utoipa::path(post, path = "/api/v1/training/groups/{id}/members/{member_id}/withdraw", tag = "training",
    params(("id" = i64, Path), ("member_id" = i64, Path)), request_body = WithdrawBody, security(("bearer" = [])),
    responses((status = 200, body = GroupRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn withdraw_member(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath((id, member_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<WithdrawBody>,
) -> Result<Json<GroupRecord>, ApiError> {
    let principal = training_officer(&viewer)?;
    Ok(Json(
        state
            .store
            .withdraw_training_member(
                &principal.username,
                id,
                member_id,
                &input.reason,
                state.today(),
            )
            .await?,
    ))
}

/// Departs (every check passes and every member is selected), returns or cancels a group.
#[utoipa::path(post, path = "/api/v1/training/groups/{id}/steps", tag = "training",
    params(("id" = i64, Path)), request_body = StepBody, security(("bearer" = [])),
    responses((status = 200, body = GroupRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn group_step(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<StepBody>,
) -> Result<Json<GroupRecord>, ApiError> {
    let principal = training_officer(&viewer)?;
    let request = officer_step(&input.action, input.version, &input.comment, state.today());
    let day = match request.action {
        "depart" => input.actual_departure.as_deref(),
        "return" => input.actual_return.as_deref(),
        _ => None,
    };
    Ok(Json(
        state
            .store
            .training_group_step(&principal.username, id, &request, day)
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ParticipantsParams {
    /// The calendar year of departure.
    year: Option<i32>,
    /// One of the programme types.
    programme_type: Option<String>,
    /// ISO 3166-1 alpha-2.
    host_country: Option<String>,
    /// 1 to 1,000,000 (1 by default).
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// 1 to 200 (50 by default).
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

/// Participations (places in groups that departed, and imported ones), newest departure
/// first, a page at a time.
#[utoipa::path(get, path = "/api/v1/training/participants", tag = "training", params(ParticipantsParams),
    security(("bearer" = [])), responses((status = 200, body = Page<ParticipantRecord>), (status = 403), (status = 422)))]
pub async fn participants(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<ParticipantsParams>,
) -> Result<Json<Page<ParticipantRecord>>, ApiError> {
    training_officer(&viewer)?;
    let mut errors = FieldErrors::new();
    if params.year.is_some_and(|y| !(1949..=2100).contains(&y)) {
        errors.add("year", "out_of_range");
    }
    let programme_type = params
        .programme_type
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if programme_type.is_some_and(|t| ProgrammeType::parse(t).is_none()) {
        errors.add("programme_type", "unknown_value");
    }
    let host_country = params
        .host_country
        .as_deref()
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty());
    if host_country
        .as_deref()
        .is_some_and(|c| c.len() != 2 || !c.chars().all(|x| x.is_ascii_uppercase()))
    {
        errors.add("host_country", "invalid_format");
    }
    let (page, per_page) = page_checks(
        &mut errors,
        (params.page, params.per_page),
        super::MAX_PER_PAGE,
    );
    errors.into_result()?;
    let q = ParticipantQuery {
        year: params.year,
        programme_type: programme_type.map(str::to_owned),
        host_country,
        text: None,
        page,
        per_page,
    };
    Ok(Json(state.store.training_participants(&q).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReportsParams {
    /// Words found in the report, the evaluation, the person's name, the programme or group.
    q: Option<String>,
    /// `due`, `on_time`, `late` or `overdue`.
    state: Option<String>,
}

/// Completion reports of returned groups' participants, filed or awaited, the most overdue
/// first (with the working days overdue).
#[utoipa::path(get, path = "/api/v1/training/reports", tag = "training", params(ReportsParams),
    security(("bearer" = [])), responses((status = 200, body = Vec<ReportRecord>), (status = 403), (status = 422)))]
pub async fn reports(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<ReportsParams>,
) -> Result<Json<Vec<ReportRecord>>, ApiError> {
    training_officer(&viewer)?;
    let wanted = params
        .state
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if wanted.is_some_and(|s| !["due", "on_time", "late", "overdue"].contains(&s)) {
        return Err(FieldErrors::single("state", "unknown_value").into());
    }
    if params.q.as_deref().is_some_and(|q| q.chars().count() > 200) {
        return Err(FieldErrors::single("q", "too_long").into());
    }
    let q = ReportQuery {
        text: params.q,
        state: wanted.map(str::to_owned),
    };
    Ok(Json(state.store.training_reports(&q, state.today()).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    pub summary: String,
    /// The day it was handed in (today when absent).
    #[serde(default)]
    pub submitted_on: String,
}

/// Files a participant's completion report once the group has returned.
#[utoipa::path(post, path = "/api/v1/training/members/{id}/report", tag = "training",
    params(("id" = i64, Path)), request_body = ReportBody, security(("bearer" = [])),
    responses((status = 201, body = ReportRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn file_report(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReportBody>,
) -> Result<(StatusCode, Json<ReportRecord>), ApiError> {
    let principal = training_officer(&viewer)?;
    let r = ReportInput {
        summary: input.summary,
        submitted_on: input.submitted_on,
    };
    let record = state
        .store
        .file_training_report(&principal.username, id, &r, state.today())
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationBody {
    /// 1 to 5.
    pub score: i64,
    #[serde(default)]
    pub comments: String,
}

/// The sending unit's evaluation of a filed report.
#[utoipa::path(post, path = "/api/v1/training/members/{id}/evaluation", tag = "training",
    params(("id" = i64, Path)), request_body = EvaluationBody, security(("bearer" = [])),
    responses((status = 200, body = ReportRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn evaluate(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<EvaluationBody>,
) -> Result<Json<ReportRecord>, ApiError> {
    let principal = training_officer(&viewer)?;
    let e = EvaluationInput {
        score: input.score,
        comments: input.comments,
    };
    Ok(Json(
        state
            .store
            .evaluate_training_report(&principal.username, id, &e, state.today())
            .await?,
    ))
}
