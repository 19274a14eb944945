//! International cooperation over JSON: the partners counted on a day and the history of
//! events (public), and for officers with the cooperation capability the partners' records,
//! agreements through their life cycle, events with delegations, outcomes and follow-up
//! actions, projects and the timeline.

use super::{allow, found, officer_step, ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use chrono::NaiveDate;
use hrx_domain::access::{Capability, Principal};
use hrx_domain::cooperation::events::{ChineseRole, EventKind, EventRow, PartnerRole};
use hrx_domain::cooperation::{parse_day, AgreementFields, PartnerKind};
use hrx_domain::FieldErrors;
use hrx_store::cooperation::{
    AgreementRecord, AgreementStep, ContactRecord, CountedPartner, DelegateRecord, EventFilter,
    EventRecord, FollowUpInput, FollowUpRecord, NewEvent, NewPartner, OutcomeInput, OutcomeRecord,
    PartnerRecord, ProjectFields, ProjectRecord, Signatory, TimelineEntry, TimelineFilter,
    ENTRY_KINDS,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/partners", get(partners).post(add_partner))
        .route("/api/v1/partners/{code}", get(partner))
        .route("/api/v1/partners/{code}/contacts", post(add_contact))
        .route(
            "/api/v1/cooperation/agreements",
            get(agreements).post(create_agreement),
        )
        .route("/api/v1/cooperation/agreements/{id}", get(agreement))
        .route(
            "/api/v1/cooperation/agreements/{id}/steps",
            post(agreement_step),
        )
        .route("/api/v1/cooperation/events", get(events).post(create_event))
        .route("/api/v1/cooperation/events/{id}", get(event))
        .route(
            "/api/v1/cooperation/events/{id}/delegates",
            post(add_delegate),
        )
        .route(
            "/api/v1/cooperation/events/{id}/outcomes",
            post(add_outcome),
        )
        .route(
            "/api/v1/cooperation/outcomes/{id}/follow-ups",
            post(add_follow_up),
        )
        .route("/api/v1/cooperation/follow-ups", get(follow_ups))
        .route(
            "/api/v1/cooperation/follow-ups/{id}/steps",
            post(follow_up_step),
        )
        .route(
            "/api/v1/cooperation/projects",
            get(projects).post(create_project),
        )
        .route("/api/v1/cooperation/timeline", get(timeline))
}

/// The caller, an officer with the cooperation capability or an administrator (403 otherwise).
pub fn cooperation_officer(viewer: &Viewer) -> Result<&Principal, ApiError> {
    let principal = viewer.require()?;
    allow(principal.has(Capability::Cooperation))?;
    Ok(principal)
}

fn day_param(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<NaiveDate> {
    let value = value?.trim();
    let day = parse_day(value, false).map(|(d, _)| d);
    if day.is_none() {
        errors.add(field, "invalid_date");
    }
    day
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PartnersParams {
    /// The day the partners are counted on (default: today).
    as_of: Option<String>,
    /// `country` (default) or `international_organisation`.
    kind: Option<String>,
    /// `headline` (default: an instrument in force) or `secondary` (also a bilateral
    /// counterpart in the year of `as_of`).
    definition: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PartnersOnDay {
    pub as_of: String,
    pub kind: String,
    pub definition: String,
    pub count: usize,
    pub partners: Vec<CountedPartner>,
}

/// The partners with cooperative relations on a day, by the counting rule of
/// `partner_countries` (each with the day its relations began and the instruments they rest
/// on).
#[utoipa::path(get, path = "/api/v1/partners", tag = "cooperation", params(PartnersParams),
    responses((status = 200, body = PartnersOnDay), (status = 422)))]
pub async fn partners(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PartnersParams>,
) -> Result<Json<PartnersOnDay>, ApiError> {
    let mut errors = FieldErrors::new();
    let day = day_param(&mut errors, "as_of", params.as_of.as_deref());
    let kind = match params.kind.as_deref().map(str::trim) {
        None | Some("") | Some("country") => Some(PartnerKind::Country),
        Some("international_organisation") => Some(PartnerKind::Organisation),
        Some(_) => {
            errors.add("kind", "unknown_value");
            None
        }
    };
    let secondary = match params.definition.as_deref().map(str::trim) {
        None | Some("") | Some("headline") => false,
        Some("secondary") => true,
        Some(_) => {
            errors.add("definition", "unknown_value");
            false
        }
    };
    errors.into_result()?;
    let day = day.unwrap_or_else(|| state.today());
    let kind = kind.unwrap_or(PartnerKind::Country);
    let partners = state.store.counted_partners(day, kind, secondary).await?;
    Ok(Json(PartnersOnDay {
        as_of: day.to_string(),
        kind: kind.code().to_owned(),
        definition: if secondary { "secondary" } else { "headline" }.into(),
        count: partners.len(),
        partners,
    }))
}

/// Records a partner: a country by its ISO code (officers), or an organisation, regional
/// forum or foreign agency (administrators).
#[utoipa::path(post, path = "/api/v1/partners", tag = "cooperation", request_body = NewPartner,
    security(("bearer" = [])),
    responses((status = 201, body = PartnerRecord), (status = 403), (status = 422)))]
pub async fn add_partner(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<NewPartner>,
) -> Result<(StatusCode, Json<PartnerRecord>), ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let country = matches!(input.kind.trim(), "country" | "region");
    allow(country || principal.may_manage_users())?;
    let record = state
        .store
        .add_coop_partner(&principal.username, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A partner with everything linked to it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerDetail {
    #[serde(flatten)]
    pub partner: PartnerRecord,
    pub contacts: Vec<ContactRecord>,
    pub agreements: Vec<AgreementRecord>,
    pub events: Vec<EventRecord>,
    pub projects: Vec<ProjectRecord>,
}

/// Everything linked to a partner: contacts, agreements (the social security agreements
/// among them), events and projects.
pub async fn partner_detail(state: &AppState, code: &str) -> Result<PartnerDetail, ApiError> {
    let partner = state
        .store
        .coop_partner(code)
        .await?
        .ok_or(ApiError::NotFound)?;
    let code = partner.code.clone();
    let contacts = if partner.id == 0 {
        Vec::new()
    } else {
        state.store.coop_contacts(partner.id).await?
    };
    let agreements = state
        .store
        .coop_agreements(state.today())
        .await?
        .into_iter()
        .filter(|a| {
            a.partners
                .iter()
                .any(|p| p.code == code || p.country.as_deref() == Some(&code))
        })
        .collect();
    let events = state
        .store
        .coop_events(&EventFilter {
            partner: Some(code.clone()),
            ..EventFilter::default()
        })
        .await?;
    let projects = state
        .store
        .coop_projects(state.today())
        .await?
        .into_iter()
        .filter(|p| p.partner == code)
        .collect();
    Ok(PartnerDetail {
        partner,
        contacts,
        agreements,
        events,
        projects,
    })
}

/// A partner's record (a country of ISO 3166 not on record yet is shown as it would be).
#[utoipa::path(get, path = "/api/v1/partners/{code}", tag = "cooperation",
    params(("code" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = PartnerDetail), (status = 403), (status = 404)))]
pub async fn partner(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<PartnerDetail>, ApiError> {
    cooperation_officer(&viewer)?;
    Ok(Json(partner_detail(&state, &code).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub person_id: i64,
    /// `focal_point` or `contact`.
    pub role: String,
    #[serde(default)]
    pub title: String,
}

/// Adds a focal point or contact (a person of the registry) to a partner.
#[utoipa::path(post, path = "/api/v1/partners/{code}/contacts", tag = "cooperation",
    params(("code" = String, Path)), request_body = ContactInput, security(("bearer" = [])),
    responses((status = 201, body = ContactRecord), (status = 403), (status = 404), (status = 422)))]
pub async fn add_contact(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(code): ApiPath<String>,
    ApiJson(input): ApiJson<ContactInput>,
) -> Result<(StatusCode, Json<ContactRecord>), ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let record = state
        .store
        .add_coop_contact(
            &principal.username,
            &code,
            input.person_id,
            input.role.trim(),
            &input.title,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Every agreement, with its state today: the ones on record and the coverage capability's
/// social security agreements.
#[utoipa::path(get, path = "/api/v1/cooperation/agreements", tag = "cooperation",
    security(("bearer" = [])), responses((status = 200, body = Vec<AgreementRecord>), (status = 403)))]
pub async fn agreements(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Json<Vec<AgreementRecord>>, ApiError> {
    cooperation_officer(&viewer)?;
    Ok(Json(state.store.coop_agreements(state.today()).await?))
}

/// A renewal by a new signature.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenewalInput {
    pub signed_on: String,
    pub starts_on: Option<String>,
    pub months: Option<u32>,
}

/// An agreement as sent: the facts known so far.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementInput {
    pub code: String,
    /// `mou`, `framework`, `action_plan`, `letter_of_understanding`, `social_security_agreement`,
    /// `administrative_arrangement`, `project_agreement` or `country_programme`.
    pub kind: String,
    pub title_en: String,
    pub title_zh: String,
    /// `mohrss`, `molss`, `mop`, `mol`, `safea`, `government` or `provincial`.
    pub chinese_party: String,
    /// Partner codes: ISO 3166 alpha-2 for countries, acronyms for organisations.
    pub partners: Vec<String>,
    /// Of `employment`, `social_security`, `skills`, `labour_migration`, `experts`.
    #[serde(default)]
    pub areas: Vec<String>,
    pub negotiation_started: Option<String>,
    pub initialled_on: Option<String>,
    pub signed_on: Option<String>,
    pub signed_place: Option<String>,
    /// Empty: in force on signature, unless `pending_entry`.
    pub entry_into_force_on: Option<String>,
    #[serde(default)]
    pub pending_entry: bool,
    pub term_months: Option<u32>,
    /// `none`, `tacit` or `by_instrument`.
    pub renewal: Option<String>,
    pub notice_months: Option<u32>,
    #[serde(default)]
    pub renewals: Vec<RenewalInput>,
    /// `terminated`, `superseded` or `expired`, with `ended_on`, its first day out of force.
    pub ended: Option<String>,
    pub ended_on: Option<String>,
    pub supersedes: Option<String>,
    pub parent: Option<String>,
    /// Where the Chinese text is found (a file reference or an address).
    pub document_zh: Option<String>,
    /// Where the English text is found.
    pub document_en: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub signatories: Vec<Signatory>,
}

impl AgreementInput {
    fn fields(&self) -> AgreementFields {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let number = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        AgreementFields {
            code: self.code.clone(),
            kind: self.kind.clone(),
            title_en: self.title_en.clone(),
            title_zh: self.title_zh.clone(),
            chinese_party: self.chinese_party.clone(),
            partners: self.partners.join(";"),
            negotiation_started: text(&self.negotiation_started),
            initialled_on: text(&self.initialled_on),
            signed_on: text(&self.signed_on),
            signed_place: text(&self.signed_place),
            entry_into_force_on: text(&self.entry_into_force_on),
            term_months: number(self.term_months),
            renewal: text(&self.renewal),
            notice_months: number(self.notice_months),
            renewals: self
                .renewals
                .iter()
                .map(|r| {
                    format!(
                        "{}:{}:{}",
                        r.signed_on,
                        r.starts_on.as_deref().unwrap_or(&r.signed_on),
                        number(r.months)
                    )
                })
                .collect::<Vec<_>>()
                .join(";"),
            ended: text(&self.ended),
            ended_on: text(&self.ended_on),
            supersedes: text(&self.supersedes),
            parent: text(&self.parent),
            areas: self.areas.join(";"),
            document_zh: text(&self.document_zh),
            document_en: text(&self.document_en),
            source: text(&self.source),
            pending_entry: self.pending_entry.to_string(),
        }
    }
}

/// Records an agreement with the facts known so far; its stage is its state today. One that
/// supersedes an older one ends it on the day it takes effect. Inconsistent dates (an entry
/// into force before the signature, a term of no months), an unknown partner or a
/// superseded instrument signed later are refused with 422, naming the field.
#[utoipa::path(post, path = "/api/v1/cooperation/agreements", tag = "cooperation",
    request_body = AgreementInput, security(("bearer" = [])),
    responses((status = 201, body = AgreementRecord), (status = 403), (status = 409), (status = 422)))]
pub async fn create_agreement(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<AgreementInput>,
) -> Result<(StatusCode, Json<AgreementRecord>), ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let checked = input.fields().check()?;
    let mut record = state
        .store
        .create_coop_agreement(&principal.username, &checked, &input.signatories)
        .await?;
    record.derive(state.today());
    Ok((StatusCode::CREATED, Json(record)))
}

/// One agreement with its parties, terms, signatories and state today.
#[utoipa::path(get, path = "/api/v1/cooperation/agreements/{id}", tag = "cooperation",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = AgreementRecord), (status = 403), (status = 404)))]
pub async fn agreement(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AgreementRecord>, ApiError> {
    cooperation_officer(&viewer)?;
    found(state.store.coop_agreement(id, state.today()).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AgreementStepInput {
    /// `initial`, `sign`, `sign_in_force`, `enter_into_force`, `renew`, `give_notice`,
    /// `expire` or `terminate` (with a comment).
    pub action: String,
    pub version: i64,
    pub comment: Option<String>,
    #[serde(flatten)]
    pub facts: AgreementStep,
}

/// Takes a step of an agreement's life cycle, recording its dated fact. A step the stage does
/// not allow or a stale version is refused with 409; a date the other facts contradict
/// with 422. Nothing is written then.
#[utoipa::path(post, path = "/api/v1/cooperation/agreements/{id}/steps", tag = "cooperation",
    params(("id" = i64, Path)), request_body = AgreementStepInput, security(("bearer" = [])),
    responses((status = 200, body = AgreementRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn agreement_step(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<AgreementStepInput>,
) -> Result<Json<AgreementRecord>, ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let request = officer_step(&input.action, input.version, &input.comment, state.today());
    let mut record = state
        .store
        .coop_agreement_step(&principal.username, id, &request, &input.facts)
        .await?;
    record.derive(state.today());
    Ok(Json(record))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct EventsParams {
    /// Events ending on or after this day.
    from: Option<String>,
    /// Events starting on or before this day.
    to: Option<String>,
    /// `forum`, `ministerial`, `conference`, `assembly` or `meeting`.
    kind: Option<String>,
    /// A partner's code.
    partner: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    pub count: usize,
    pub events: Vec<EventRecord>,
}

/// The events in date order, with their partners and outcome documents.
#[utoipa::path(get, path = "/api/v1/cooperation/events", tag = "cooperation", params(EventsParams),
    responses((status = 200, body = EventList), (status = 422)))]
pub async fn events(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<EventsParams>,
) -> Result<Json<EventList>, ApiError> {
    let mut errors = FieldErrors::new();
    let from = day_param(&mut errors, "from", params.from.as_deref());
    let to = day_param(&mut errors, "to", params.to.as_deref());
    errors.not_before("to", "before_from", from, to);
    let kind = params
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty());
    if kind.is_some_and(|k| EventKind::parse(k).is_none()) {
        errors.add("kind", "unknown_value");
    }
    errors.into_result()?;
    let events = state
        .store
        .coop_events(&EventFilter {
            from,
            to,
            kind: kind.map(str::to_owned),
            partner: params.partner.map(|p| p.trim().to_ascii_uppercase()),
        })
        .await?;
    Ok(Json(EventList {
        count: events.len(),
        events,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventPartnerInput {
    pub code: String,
    /// `organiser`, `counterpart` or `participant`.
    pub role: String,
}

/// An event as sent: the columns of `cooperation-events.csv`, with China's part and the
/// partners.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    /// The start (`YYYY-MM-DD`, or `YYYY-MM` when only the month is known).
    #[serde(alias = "starts_on")]
    pub date: String,
    #[serde(default, alias = "ends_on")]
    pub end_date: Option<String>,
    pub name_en: String,
    pub name_zh: String,
    pub kind: String,
    #[serde(default)]
    pub organiser: String,
    #[serde(default)]
    pub host_city: String,
    /// ISO 3166 alpha-2 (or an English name).
    #[serde(default)]
    pub host_country: String,
    #[serde(default)]
    pub outcome_document: String,
    #[serde(default)]
    pub source: String,
    /// `host`, `co_host` or `participant`.
    pub chinese_role: Option<String>,
    #[serde(default)]
    pub partners: Vec<EventPartnerInput>,
}

/// Checks an event as sent: the row's rules, China's part and the partners' roles.
pub fn check_event(input: &EventInput) -> Result<NewEvent, FieldErrors> {
    let row = EventRow {
        date: input.date.clone(),
        end_date: input.end_date.clone().unwrap_or_default(),
        name_en: input.name_en.clone(),
        name_zh: input.name_zh.clone(),
        kind: input.kind.clone(),
        organiser: input.organiser.clone(),
        host_city: input.host_city.clone(),
        host_country: input.host_country.clone(),
        outcome_document: input.outcome_document.clone(),
        source: input.source.clone(),
    };
    let mut errors = FieldErrors::new();
    let event = row.check().map_err(|e| errors.merge(e)).ok();
    let chinese_role = match input.chinese_role.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(r) => {
            let role = ChineseRole::parse(r);
            if role.is_none() {
                errors.add("chinese_role", "unknown_value");
            }
            role
        }
    };
    let mut partners = Vec::new();
    for p in &input.partners {
        match PartnerRole::parse(&p.role) {
            Some(role) => partners.push((p.code.trim().to_ascii_uppercase(), role)),
            None => errors.add("partners", "unknown_value"),
        }
    }
    match event {
        Some(event) if errors.is_empty() => Ok(NewEvent {
            event,
            chinese_role,
            partners,
        }),
        _ => Err(errors),
    }
}

/// Records an event. An end before the start, an unknown country or partner is refused with
/// 422, naming the field.
#[utoipa::path(post, path = "/api/v1/cooperation/events", tag = "cooperation",
    request_body = EventInput, security(("bearer" = [])),
    responses((status = 201, body = EventRecord), (status = 403), (status = 422)))]
pub async fn create_event(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<(StatusCode, Json<EventRecord>), ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let event = check_event(&input)?;
    let record = state
        .store
        .create_coop_event(&principal.username, &event)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// One event with its delegation, outcome documents and follow-up actions.
#[utoipa::path(get, path = "/api/v1/cooperation/events/{id}", tag = "cooperation",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = EventRecord), (status = 403), (status = 404)))]
pub async fn event(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<EventRecord>, ApiError> {
    cooperation_officer(&viewer)?;
    found(state.store.coop_event(id, state.today()).await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DelegateInput {
    pub person_id: i64,
    /// `head`, `deputy`, `member`, `interpreter` or `expert`.
    pub role: String,
}

/// Adds a member of the Chinese delegation (a person of the registry) to an event.
#[utoipa::path(post, path = "/api/v1/cooperation/events/{id}/delegates", tag = "cooperation",
    params(("id" = i64, Path)), request_body = DelegateInput, security(("bearer" = [])),
    responses((status = 201, body = DelegateRecord), (status = 403), (status = 422)))]
pub async fn add_delegate(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<DelegateInput>,
) -> Result<(StatusCode, Json<DelegateRecord>), ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let record = state
        .store
        .add_coop_delegate(&principal.username, id, input.person_id, input.role.trim())
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Records an outcome document of an event.
#[utoipa::path(post, path = "/api/v1/cooperation/events/{id}/outcomes", tag = "cooperation",
    params(("id" = i64, Path)), request_body = OutcomeInput, security(("bearer" = [])),
    responses((status = 201, body = OutcomeRecord), (status = 403), (status = 422)))]
pub async fn add_outcome(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<OutcomeInput>,
) -> Result<(StatusCode, Json<OutcomeRecord>), ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let record = state
        .store
        .add_coop_outcome(&principal.username, id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Records a follow-up action of an outcome: an owner (an officer's account) and a deadline,
/// as a day (`due_on`) or in working days from today (`working_days`). A deadline in the past
/// is refused with 422.
#[utoipa::path(post, path = "/api/v1/cooperation/outcomes/{id}/follow-ups", tag = "cooperation",
    params(("id" = i64, Path)), request_body = FollowUpInput, security(("bearer" = [])),
    responses((status = 201, body = FollowUpRecord), (status = 403), (status = 422)))]
pub async fn add_follow_up(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<FollowUpInput>,
) -> Result<(StatusCode, Json<FollowUpRecord>), ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let record = state
        .store
        .add_coop_followup(&principal.username, id, &input, state.today())
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct FollowUpsParams {
    /// Only the open ones (default true).
    open: Option<bool>,
    /// One owner's.
    owner: Option<String>,
}

/// Follow-up actions, soonest due first, each flagged on time, overdue or done late.
#[utoipa::path(get, path = "/api/v1/cooperation/follow-ups", tag = "cooperation",
    params(FollowUpsParams), security(("bearer" = [])),
    responses((status = 200, body = Vec<FollowUpRecord>), (status = 403)))]
pub async fn follow_ups(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<FollowUpsParams>,
) -> Result<Json<Vec<FollowUpRecord>>, ApiError> {
    cooperation_officer(&viewer)?;
    Ok(Json(
        state
            .store
            .coop_followups(
                params.open.unwrap_or(true),
                params.owner.as_deref(),
                state.today(),
            )
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpStepInput {
    /// `complete` or `cancel` (with a comment).
    pub action: String,
    pub version: i64,
    pub comment: Option<String>,
}

/// Marks a follow-up action done, or cancels it.
#[utoipa::path(post, path = "/api/v1/cooperation/follow-ups/{id}/steps", tag = "cooperation",
    params(("id" = i64, Path)), request_body = FollowUpStepInput, security(("bearer" = [])),
    responses((status = 200, body = FollowUpRecord), (status = 403), (status = 404), (status = 409)))]
pub async fn follow_up_step(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<FollowUpStepInput>,
) -> Result<Json<FollowUpRecord>, ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let request = officer_step(&input.action, input.version, &input.comment, state.today());
    Ok(Json(
        state
            .store
            .coop_followup_step(&principal.username, id, &request)
            .await?,
    ))
}

/// Every cooperation project with its status today.
#[utoipa::path(get, path = "/api/v1/cooperation/projects", tag = "cooperation",
    security(("bearer" = [])), responses((status = 200, body = Vec<ProjectRecord>), (status = 403)))]
pub async fn projects(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Json<Vec<ProjectRecord>>, ApiError> {
    cooperation_officer(&viewer)?;
    Ok(Json(state.store.coop_projects(state.today()).await?))
}

/// Records a cooperation project (an end before the start is refused with 422).
#[utoipa::path(post, path = "/api/v1/cooperation/projects", tag = "cooperation",
    request_body = ProjectFields, security(("bearer" = [])),
    responses((status = 201, body = ProjectRecord), (status = 403), (status = 422)))]
pub async fn create_project(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<ProjectFields>,
) -> Result<(StatusCode, Json<ProjectRecord>), ApiError> {
    let principal = cooperation_officer(&viewer)?;
    let record = state
        .store
        .create_coop_project(&principal.username, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TimelineParams {
    /// A partner's code.
    partner: Option<String>,
    /// `agreement`, `event`, `outcome`, `follow_up` or `project`.
    kind: Option<String>,
    year: Option<i32>,
}

/// Every dated fact, in date order, for one partner or all.
#[utoipa::path(get, path = "/api/v1/cooperation/timeline", tag = "cooperation",
    params(TimelineParams), security(("bearer" = [])),
    responses((status = 200, body = Vec<TimelineEntry>), (status = 403), (status = 422)))]
pub async fn timeline(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<TimelineParams>,
) -> Result<Json<Vec<TimelineEntry>>, ApiError> {
    cooperation_officer(&viewer)?;
    let mut errors = FieldErrors::new();
    let kind = params
        .kind
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty());
    if kind.as_deref().is_some_and(|k| !ENTRY_KINDS.contains(&k)) {
        errors.add("kind", "unknown_value");
    }
    if params.year.is_some_and(|y| !(1900..=2100).contains(&y)) {
        errors.add("year", "year_out_of_range");
    }
    errors.into_result()?;
    Ok(Json(
        state
            .store
            .coop_timeline(
                &TimelineFilter {
                    partner: params.partner.map(|p| p.trim().to_ascii_uppercase()),
                    kind,
                    year: params.year,
                },
                state.today(),
            )
            .await?,
    ))
}
