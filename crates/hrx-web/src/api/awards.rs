//! Foreign experts and the state awards over JSON (issue 21). Public: the rounds with their
//! history, the applying units and the laureate register. For officers of the experts
//! capability (administrators plan and open rounds and keep the reviewer pools): nominations
//! and their steps, the panel drawn from the pool with declared conflicts left out, the
//! reviews (by the panel's reviewers), the objections. A nomination's employer and the expert
//! see the nomination without the objectors' names.

use super::{allow, found, ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use hrx_domain::access::{Capability, Principal, Role, Scope};
use hrx_domain::awards::experts::EngagementInput;
use hrx_domain::awards::ApplyingUnit;
use hrx_store::awards::{
    ConflictInput, LaureateQuery, LaureateRecord, NominationInput, NominationRecord,
    NominationStepInput, PanelView, RoundInput, RoundRecord, UnitRecord,
};
use hrx_store::case::StepRequest;
use hrx_store::experts::{EngagementQuery, EngagementRecord};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

const BASE: &str = "/api/v1/awards";

pub fn routes() -> Router<AppState> {
    let at = |path: &str| format!("{BASE}{path}");
    Router::new()
        .route(&at("/units"), get(units).post(create_unit))
        .route(&at("/rounds"), get(rounds).post(create_round))
        .route(&at("/rounds/{id}"), get(round).put(update_round))
        .route(&at("/rounds/{id}/status"), post(round_status))
        .route(&at("/reviewers"), get(reviewers).post(add_reviewer))
        .route(&at("/nominations"), get(nominations).post(nominate))
        .route(&at("/nominations/{id}"), get(nomination))
        .route(&at("/nominations/{id}/steps"), post(nomination_step))
        .route(&at("/nominations/{id}/panel"), get(panel))
        .route(&at("/nominations/{id}/panel/draw"), post(draw_panel))
        .route(&at("/nominations/{id}/conflicts"), post(declare_conflict))
        .route(&at("/nominations/{id}/reviews"), post(review))
        .route(&at("/laureates"), get(laureates))
        .route(&at("/laureates/{id}"), get(laureate))
        .route(
            "/api/v1/experts/engagements",
            get(engagements).post(create_engagement),
        )
}

/// An officer of the experts capability, or an administrator (403 otherwise).
fn experts_officer(viewer: &Viewer) -> Result<&Principal, ApiError> {
    let principal = viewer.require()?;
    allow(principal.has(Capability::Experts))?;
    Ok(principal)
}

fn admin(viewer: &Viewer) -> Result<&Principal, ApiError> {
    let principal = viewer.require()?;
    allow(principal.role == Role::Admin)?;
    Ok(principal)
}

/// The applying units (public).
#[utoipa::path(get, path = "/api/v1/awards/units", tag = "awards",
    responses((status = 200, body = Vec<UnitRecord>)))]
pub async fn units(State(state): State<AppState>) -> Result<Json<Vec<UnitRecord>>, ApiError> {
    Ok(Json(state.store.award_units().await?))
}

/// Adds an applying unit (an administrator).
#[utoipa::path(post, path = "/api/v1/awards/units", tag = "awards", request_body = ApplyingUnit,
    security(("bearer" = [])),
    responses((status = 201, body = UnitRecord), (status = 403), (status = 422)))]
pub async fn create_unit(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<ApplyingUnit>,
) -> Result<(StatusCode, Json<UnitRecord>), ApiError> {
    let p = admin(&viewer)?;
    let record = state.store.create_award_unit(&p.username, &input).await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RoundsParams {
    /// `friendship` or `istc`.
    award: Option<String>,
}

/// The rounds, newest first: the shipped history (status `past`, with the laureates and the
/// cumulative totals the sources state) and the rounds planned or open (public).
#[utoipa::path(get, path = "/api/v1/awards/rounds", tag = "awards", params(RoundsParams),
    responses((status = 200, body = Vec<RoundRecord>)))]
pub async fn rounds(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<RoundsParams>,
) -> Result<Json<Vec<RoundRecord>>, ApiError> {
    Ok(Json(
        state.store.award_rounds(params.award.as_deref()).await?,
    ))
}

/// One round (public).
#[utoipa::path(get, path = "/api/v1/awards/rounds/{id}", tag = "awards",
    params(("id" = i64, Path)), responses((status = 200, body = RoundRecord), (status = 404)))]
pub async fn round(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<RoundRecord>, ApiError> {
    found(state.store.award_round(id).await?)
}

/// Plans a round (an administrator); what is left out takes the award's defaults
/// (`data/awards/rules.toml`). It takes nominations once opened.
#[utoipa::path(post, path = "/api/v1/awards/rounds", tag = "awards", request_body = RoundInput,
    security(("bearer" = [])),
    responses((status = 201, body = RoundRecord), (status = 403), (status = 422)))]
pub async fn create_round(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<RoundInput>,
) -> Result<(StatusCode, Json<RoundRecord>), ApiError> {
    let p = admin(&viewer)?;
    let record = state.store.create_award_round(&p.username, &input).await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RoundUpdate {
    pub version: i64,
    #[serde(flatten)]
    pub round: RoundInput,
}

/// Edits a planned round (an administrator); refused `round_not_planned` once it opened.
#[utoipa::path(put, path = "/api/v1/awards/rounds/{id}", tag = "awards",
    params(("id" = i64, Path)), request_body = RoundUpdate, security(("bearer" = [])),
    responses((status = 200, body = RoundRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update_round(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RoundUpdate>,
) -> Result<Json<RoundRecord>, ApiError> {
    let p = admin(&viewer)?;
    Ok(Json(
        state
            .store
            .update_award_round(&p.username, id, input.version, &input.round)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundStatus {
    pub version: i64,
    /// `open` (a planned round with its window) or `closed` (an open round).
    pub status: String,
}

/// Opens or closes a round (an administrator).
#[utoipa::path(post, path = "/api/v1/awards/rounds/{id}/status", tag = "awards",
    params(("id" = i64, Path)), request_body = RoundStatus, security(("bearer" = [])),
    responses((status = 200, body = RoundRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn round_status(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RoundStatus>,
) -> Result<Json<RoundRecord>, ApiError> {
    let p = admin(&viewer)?;
    Ok(Json(
        state
            .store
            .set_award_round_status(&p.username, id, input.version, input.status.trim())
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams, ToSchema)]
pub struct ReviewerPool {
    /// `friendship` or `istc`.
    award: String,
    /// The user added (a post).
    #[serde(default)]
    username: Option<String>,
}

/// An award's reviewer pool (officers).
#[utoipa::path(get, path = "/api/v1/awards/reviewers", tag = "awards", params(ReviewerPool),
    security(("bearer" = [])), responses((status = 200, body = Vec<String>), (status = 403)))]
pub async fn reviewers(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<ReviewerPool>,
) -> Result<Json<Vec<String>>, ApiError> {
    experts_officer(&viewer)?;
    Ok(Json(state.store.award_reviewers(&params.award).await?))
}

/// Adds a user to an award's reviewer pool (an administrator).
#[utoipa::path(post, path = "/api/v1/awards/reviewers", tag = "awards", request_body = ReviewerPool,
    security(("bearer" = [])),
    responses((status = 200, body = Vec<String>), (status = 403), (status = 422)))]
pub async fn add_reviewer(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<ReviewerPool>,
) -> Result<Json<Vec<String>>, ApiError> {
    let p = admin(&viewer)?;
    let username = input.username.unwrap_or_default();
    Ok(Json(
        state
            .store
            .add_award_reviewer(&p.username, input.award.trim(), username.trim())
            .await?,
    ))
}

/// Nominates an expert (officers). Refused (409, `application/problem+json`) with
/// `window_closed`, `not_foreign`, `already_laureate`, `second_channel`, `text_too_long`,
/// `quota_exceeded` or `rank_taken`, and nothing written.
#[utoipa::path(post, path = "/api/v1/awards/nominations", tag = "awards",
    request_body = NominationInput, security(("bearer" = [])),
    responses((status = 201, body = NominationRecord), (status = 403), (status = 409), (status = 422)))]
pub async fn nominate(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<NominationInput>,
) -> Result<(StatusCode, Json<NominationRecord>), ApiError> {
    let p = experts_officer(&viewer)?;
    let record = state
        .store
        .create_award_nomination(&p.username, &input, state.today())
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct NominationsParams {
    round_id: Option<i64>,
}

/// A round's nominations by unit and rank, or the latest 500 (officers).
#[utoipa::path(get, path = "/api/v1/awards/nominations", tag = "awards", params(NominationsParams),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<NominationRecord>), (status = 403)))]
pub async fn nominations(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<NominationsParams>,
) -> Result<Json<Vec<NominationRecord>>, ApiError> {
    experts_officer(&viewer)?;
    Ok(Json(state.store.award_nominations(params.round_id).await?))
}

/// A nomination: in full for officers; for the employer whose file it is and for the
/// expert, without the objectors' names.
#[utoipa::path(get, path = "/api/v1/awards/nominations/{id}", tag = "awards",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = NominationRecord), (status = 401), (status = 404)))]
pub async fn nomination(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<NominationRecord>, ApiError> {
    let p = viewer.require()?;
    let scope = if p.has(Capability::Experts) {
        Scope::All
    } else {
        match p.role {
            Role::Employer => p
                .organisation_id
                .map_or(Scope::Nothing, Scope::Organisation),
            Role::Applicant => p.person_id.map_or(Scope::Nothing, Scope::Person),
            _ => Scope::Nothing,
        }
    };
    found(state.store.award_nomination(id, scope).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NominationStep {
    /// `submit`, `accept`, `forward`, `pass_check`, `close_notice`, `close_review`,
    /// `approve` (twice, by two officers), `confer`; `object` (while a notice is open, with
    /// `objector_name` and the objection as the comment), `resolve`, `suspend`,
    /// `resume_review`, `resume_decision`, `resume`, `carry_over`; `withdraw`, `reject`,
    /// `disqualify` (lobbying), with a comment.
    pub action: String,
    pub version: i64,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub objector_name: Option<String>,
    #[serde(default)]
    pub objector_contact: Option<String>,
    /// `confer`: `ceremony`, `conferred_abroad` or `supplementary`.
    #[serde(default)]
    pub conferral: Option<String>,
    #[serde(default)]
    pub conferred_on: Option<String>,
    #[serde(default)]
    pub monetary_award_cny: Option<i64>,
}

/// Takes a step of a nomination (officers). Every step by someone other than whoever took
/// the previous one (`same_actor`, 409); the second approval by a second approver; a notice
/// left only after its window (`window_open`); an objection only within it
/// (`window_closed`).
#[utoipa::path(post, path = "/api/v1/awards/nominations/{id}/steps", tag = "awards",
    params(("id" = i64, Path)), request_body = NominationStep, security(("bearer" = [])),
    responses((status = 200, body = NominationRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn nomination_step(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<NominationStep>,
) -> Result<Json<NominationRecord>, ApiError> {
    let p = experts_officer(&viewer)?;
    let request = StepRequest {
        action: input.action.trim(),
        role: "officer",
        comment: input.comment.as_deref().filter(|c| !c.trim().is_empty()),
        expected_version: input.version,
        today: state.today(),
    };
    let extra = NominationStepInput {
        objector_name: input.objector_name.clone(),
        objector_contact: input.objector_contact.clone(),
        conferral: input.conferral.clone(),
        conferred_on: input.conferred_on.clone(),
        monetary_award_cny: input.monetary_award_cny,
    };
    Ok(Json(
        state
            .store
            .award_nomination_step(&p.username, id, &request, &extra)
            .await?,
    ))
}

/// The panel of a nomination (officers, and its reviewers): the scores only once every
/// reviewer on it has scored (a reviewer sees their own).
#[utoipa::path(get, path = "/api/v1/awards/nominations/{id}/panel", tag = "awards",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PanelView), (status = 403), (status = 404)))]
pub async fn panel(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PanelView>, ApiError> {
    let p = viewer.require()?;
    state
        .store
        .award_nomination(id, Scope::All)
        .await?
        .ok_or(ApiError::NotFound)?;
    let view = state.store.award_panel(id, Some(&p.username)).await?;
    allow(p.has(Capability::Experts) || view.members.iter().any(|m| m.reviewer == p.username))?;
    Ok(Json(view))
}

/// Draws the panel at random from the award's pool, reviewers with a declared conflict left
/// out (officers); `pool_too_small` (409) when the pool cannot fill it.
#[utoipa::path(post, path = "/api/v1/awards/nominations/{id}/panel/draw", tag = "awards",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = PanelView), (status = 403), (status = 404), (status = 409)))]
pub async fn draw_panel(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PanelView>, ApiError> {
    let p = experts_officer(&viewer)?;
    Ok(Json(state.store.draw_award_panel(&p.username, id).await?))
}

/// A reviewer's declared conflict on a nomination (the reviewer, or an officer for them):
/// they are never drawn for it, and leave its panel if drawn already.
#[utoipa::path(post, path = "/api/v1/awards/nominations/{id}/conflicts", tag = "awards",
    params(("id" = i64, Path)), request_body = ConflictInput, security(("bearer" = [])),
    responses((status = 200, body = PanelView), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn declare_conflict(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ConflictInput>,
) -> Result<Json<PanelView>, ApiError> {
    let p = viewer.require()?;
    allow(p.has(Capability::Experts) || p.username == input.reviewer.trim())?;
    Ok(Json(
        state
            .store
            .declare_award_conflict(&p.username, id, &input)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// 0 to 100.
    pub score: f64,
}

/// A panel reviewer's score (the reviewer themselves; 403 for anyone not on the panel).
#[utoipa::path(post, path = "/api/v1/awards/nominations/{id}/reviews", tag = "awards",
    params(("id" = i64, Path)), request_body = ReviewBody, security(("bearer" = [])),
    responses((status = 200, body = PanelView), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn review(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReviewBody>,
) -> Result<Json<PanelView>, ApiError> {
    let p = viewer.require()?;
    Ok(Json(
        state
            .store
            .review_award_nomination(&p.username, id, input.score)
            .await?,
    ))
}

/// The public register of laureates, by award, year, country and a text in the name, field
/// or employer.
#[utoipa::path(get, path = "/api/v1/awards/laureates", tag = "awards", params(LaureateQuery),
    responses((status = 200, body = Vec<LaureateRecord>), (status = 422)))]
pub async fn laureates(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<LaureateQuery>,
) -> Result<Json<Vec<LaureateRecord>>, ApiError> {
    Ok(Json(state.store.award_laureates(&q).await?))
}

/// One laureate (public).
#[utoipa::path(get, path = "/api/v1/awards/laureates/{id}", tag = "awards",
    params(("id" = i64, Path)), responses((status = 200, body = LaureateRecord), (status = 404)))]
pub async fn laureate(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<LaureateRecord>, ApiError> {
    found(state.store.award_laureate(id).await?)
}

/// The expert register's engagements, newest first (at most 500), by expert, origin and the
/// year they overlap (officers of the experts capability).
#[utoipa::path(get, path = "/api/v1/experts/engagements", tag = "awards", params(EngagementQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<EngagementRecord>), (status = 403), (status = 422)))]
pub async fn engagements(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(q): ApiQuery<EngagementQuery>,
) -> Result<Json<Vec<EngagementRecord>>, ApiError> {
    experts_officer(&viewer)?;
    Ok(Json(state.store.expert_engagements(&q).await?))
}

/// Records an engagement of an expert of the registry (a mainland Chinese national refused
/// on `nationality`); the expert figures are refreshed with it.
#[utoipa::path(post, path = "/api/v1/experts/engagements", tag = "awards",
    request_body = EngagementInput, security(("bearer" = [])),
    responses((status = 201, body = EngagementRecord), (status = 403), (status = 422)))]
pub async fn create_engagement(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<EngagementInput>,
) -> Result<(StatusCode, Json<EngagementRecord>), ApiError> {
    let p = experts_officer(&viewer)?;
    let record = state
        .store
        .create_expert_engagement(&p.username, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}
