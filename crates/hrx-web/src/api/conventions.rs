//! The ILO conventions over JSON: the register on a date and the reporting calendar (public),
//! the group base years and register events (administrators), and report cases with the
//! CEACR's comments (officers with the conventions capability).

use super::{administrator, allow, found, officer_step, ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Extension, Json, Router};
use chrono::{Datelike, NaiveDate};
use hrx_domain::access::{Capability, Principal, Role};
use hrx_domain::conventions::calendar::{check_range, DueReport, GroupDef, FIRST_YEAR, LAST_YEAR};
use hrx_domain::conventions::reports::{is_late, reminders, CommentInput, Reminder};
use hrx_domain::conventions::{counts_on, valid_code, Class, Convention, Event, EventKind};
use hrx_domain::FieldErrors;
use hrx_store::conventions::{CommentRecord, ReportRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/conventions", get(register))
        .route("/api/v1/conventions/reports", get(reports))
        .route(
            "/api/v1/conventions/reporting-groups",
            put(set_base_year).get(groups),
        )
        .route("/api/v1/conventions/events", post(record_event))
        .route(
            "/api/v1/conventions/report-cases",
            post(open_case).get(list_cases),
        )
        .route("/api/v1/conventions/report-cases/{id}", get(read_case))
        .route("/api/v1/conventions/report-cases/{id}/steps", post(step))
        .route(
            "/api/v1/conventions/report-cases/{id}/comments",
            post(comment),
        )
        .route("/api/v1/conventions/{code}", get(convention))
}

/// The caller, an officer with the conventions capability or an administrator (403 otherwise).
fn conventions_officer(viewer: &Viewer) -> Result<&Principal, ApiError> {
    let principal = viewer.require()?;
    allow(principal.has(Capability::Conventions))?;
    Ok(principal)
}

/// The caller, who may read report cases: a conventions officer or a reviewer.
fn conventions_reader(viewer: &Viewer) -> Result<&Principal, ApiError> {
    let principal = viewer.require()?;
    allow(principal.has(Capability::Conventions) || principal.role == Role::Reviewer)?;
    Ok(principal)
}

fn year_in_range(errors: &mut FieldErrors, field: &str, year: i32) {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        errors.add(field, "year_out_of_range");
    }
}

/// A date from a request, checked: ISO form, from 1919.
fn date_field(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        Ok(day) if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) => Some(day),
        Ok(_) => {
            errors.add(field, "year_out_of_range");
            None
        }
        Err(_) => {
            errors.add(field, "invalid_date");
            None
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RegisterParams {
    /// The day the register is read on (default: today).
    as_of: Option<String>,
}

/// A convention as the register shows it on a day.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConventionOnDay {
    pub code: String,
    pub title: String,
    pub title_zh: String,
    /// `F`, `G` or `T`: the class on the day.
    pub class: String,
    pub ratified: String,
    pub entry_into_force: Option<String>,
    pub entry_into_force_derived: bool,
    /// `in_force`, `not_yet_in_force` or `not_in_force`.
    pub status: String,
    pub denounced_on: Option<String>,
    pub denunciation_cause: Option<String>,
    pub subjects: Vec<String>,
    pub final_articles: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterOnDay {
    pub as_of: String,
    /// Ratifications registered on or before the day, those denounced since included.
    pub ratified: usize,
    pub in_force: usize,
    pub conventions: Vec<ConventionOnDay>,
}

fn on_day(c: &Convention, day: NaiveDate) -> Option<ConventionOnDay> {
    let status = c.status_on(day)?;
    let denounced = c.denounced.as_ref().filter(|d| d.on <= day);
    Some(ConventionOnDay {
        code: c.code.clone(),
        title: c.title_en.clone(),
        title_zh: c.title_zh.clone(),
        class: c.class_on(day).code().to_owned(),
        ratified: c.ratified.to_string(),
        entry_into_force: c.entry_into_force.map(|d| d.to_string()),
        entry_into_force_derived: c.entry_into_force_derived,
        status: status.code().to_owned(),
        denounced_on: denounced.map(|d| d.on.to_string()),
        denunciation_cause: denounced.map(|d| d.cause_en.clone()),
        subjects: c.subjects.clone(),
        final_articles: c.final_articles,
    })
}

/// The conventions China has ratified, as they stood on a day: class, dates and status.
#[utoipa::path(get, path = "/api/v1/conventions", tag = "conventions", params(RegisterParams),
    responses((status = 200, body = RegisterOnDay), (status = 422)))]
pub async fn register(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<RegisterParams>,
) -> Result<Json<RegisterOnDay>, ApiError> {
    let mut errors = FieldErrors::new();
    let day = match &params.as_of {
        Some(text) => date_field(&mut errors, "as_of", text),
        None => Some(state.today()),
    };
    errors.into_result()?;
    let day = day.unwrap_or_else(|| state.today());
    let conventions = state.store.conventions().await?;
    let (ratified, in_force) = counts_on(&conventions, day);
    Ok(Json(RegisterOnDay {
        as_of: day.to_string(),
        ratified,
        in_force,
        conventions: conventions.iter().filter_map(|c| on_day(c, day)).collect(),
    }))
}

/// One convention with its history of events and the CEACR's comments.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConventionDetail {
    #[serde(flatten)]
    pub now: ConventionOnDay,
    pub adopted_year: i32,
    pub notes: String,
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<Event>,
    pub comments: Vec<CommentRecord>,
}

/// A convention of the register (404 for one China has not ratified).
#[utoipa::path(get, path = "/api/v1/conventions/{code}", tag = "conventions",
    params(("code" = String, Path)), responses((status = 200, body = ConventionDetail), (status = 404)))]
pub async fn convention(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<ConventionDetail>, ApiError> {
    let conventions = state.store.conventions().await?;
    let c = conventions
        .iter()
        .find(|c| c.code == code)
        .ok_or(ApiError::NotFound)?;
    let now = on_day(c, state.today().max(c.ratified)).ok_or(ApiError::NotFound)?;
    let events = state
        .store
        .convention_events()
        .await?
        .into_iter()
        .filter(|e| e.convention == code)
        .collect();
    Ok(Json(ConventionDetail {
        now,
        adopted_year: c.adopted_year,
        notes: c.notes.clone(),
        events,
        comments: state.store.comments(Some(&code)).await?,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReportsParams {
    /// First year (default: this year).
    from: Option<i32>,
    /// Last year (default: five years after `from`).
    to: Option<i32>,
}

/// A report due, with its reason in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueReportView {
    pub convention: String,
    pub year: i32,
    /// `first`, `regular` or `out_of_cycle`.
    #[serde(rename = "type")]
    pub kind: String,
    pub due_date: String,
    pub reason: String,
    pub reason_zh: String,
}

impl From<DueReport> for DueReportView {
    fn from(r: DueReport) -> Self {
        DueReportView {
            convention: r.convention,
            year: r.year,
            kind: r.kind.code().to_owned(),
            due_date: r.due_date.to_string(),
            reason: r.reason.text_en(),
            reason_zh: r.reason.text_zh(),
        }
    }
}

/// The reports due on the conventions from one year to another, in year and code order.
#[utoipa::path(get, path = "/api/v1/conventions/reports", tag = "conventions", params(ReportsParams),
    responses((status = 200, body = Vec<DueReportView>), (status = 422)))]
pub async fn reports(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ReportsParams>,
) -> Result<Json<Vec<DueReportView>>, ApiError> {
    let from = params.from.unwrap_or_else(|| state.today().year());
    let to = params.to.unwrap_or(from.saturating_add(5));
    check_range(from, to)?;
    if to - from > 200 {
        return Err(FieldErrors::single("to", "range_too_long").into());
    }
    let calendar = state.store.reporting_calendar().await?;
    Ok(Json(
        calendar
            .reports(from, to)
            .into_iter()
            .map(DueReportView::from)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BaseYearInput {
    pub cycle_years: i32,
    /// A country group of that cycle (`A-F`).
    pub group: String,
    pub base_year: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GroupView {
    pub cycle_years: i32,
    pub group: String,
    pub base_year: i32,
    /// The group China is in.
    pub country_group: bool,
}

fn group_views(rules: &hrx_domain::conventions::calendar::Rules) -> Vec<GroupView> {
    rules
        .groups
        .iter()
        .map(|g: &GroupDef| GroupView {
            cycle_years: g.cycle_years,
            group: g.group.clone(),
            base_year: g.base_year,
            country_group: g.holds(&rules.country_name_en),
        })
        .collect()
}

/// The country groups of each cycle length and the year each reports in.
#[utoipa::path(get, path = "/api/v1/conventions/reporting-groups", tag = "conventions",
    responses((status = 200, body = Vec<GroupView>)))]
pub async fn groups(State(state): State<AppState>) -> Result<Json<Vec<GroupView>>, ApiError> {
    Ok(Json(group_views(
        &state.store.reporting_calendar().await?.rules,
    )))
}

/// Sets the year a country group reports in (administrators); the calendar follows at once.
/// A cycle length the configuration does not define, an unknown group or a year before 1919
/// is refused with 422.
#[utoipa::path(put, path = "/api/v1/conventions/reporting-groups", tag = "conventions",
    request_body = BaseYearInput, security(("bearer" = [])),
    responses((status = 200, body = Vec<GroupView>), (status = 403), (status = 422)))]
pub async fn set_base_year(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<BaseYearInput>,
) -> Result<Json<Vec<GroupView>>, ApiError> {
    let actor = administrator(&viewer)?;
    let rules = state
        .store
        .set_reporting_base_year(
            &actor,
            input.cycle_years,
            input.group.trim(),
            input.base_year,
        )
        .await?;
    Ok(Json(group_views(&rules)))
}

/// An event for the register, as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub convention: String,
    /// `ratification`, `denunciation` or `class_change`.
    pub kind: String,
    /// The day it takes effect (a ratification: the day it was registered).
    pub effective: String,
    pub title_en: Option<String>,
    pub title_zh: Option<String>,
    pub adopted_year: Option<i32>,
    /// `F`, `G` or `T` (ratification, class change).
    pub class: Option<String>,
    /// Where a source gives it; otherwise registration + 12 months.
    pub entry_into_force: Option<String>,
    pub cause_en: Option<String>,
    pub cause_zh: Option<String>,
}

fn text_field(errors: &mut FieldErrors, field: &str, value: &Option<String>) -> String {
    errors.text(field, value.as_deref().unwrap_or_default(), 500)
}

fn class_field(errors: &mut FieldErrors, value: &Option<String>) -> Class {
    match value.as_deref().map(Class::parse) {
        Some(Some(class)) => class,
        Some(None) => {
            errors.add("class", "unknown_code");
            Class::T
        }
        None => {
            errors.add("class", "required");
            Class::T
        }
    }
}

impl EventInput {
    fn check(&self) -> Result<Event, FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = self.convention.trim().to_uppercase();
        if !valid_code(&code) {
            errors.add("convention", "invalid_format");
        }
        let effective = date_field(&mut errors, "effective", &self.effective);
        let kind = match self.kind.trim() {
            "ratification" => {
                let title_en = text_field(&mut errors, "title_en", &self.title_en);
                let title_zh = text_field(&mut errors, "title_zh", &self.title_zh);
                let adopted_year = self.adopted_year.unwrap_or(0);
                year_in_range(&mut errors, "adopted_year", adopted_year);
                let class = class_field(&mut errors, &self.class);
                let entry_into_force = self
                    .entry_into_force
                    .as_deref()
                    .and_then(|d| date_field(&mut errors, "entry_into_force", d));
                Some(EventKind::ratification(
                    (title_en, title_zh),
                    adopted_year,
                    class,
                    entry_into_force,
                ))
            }
            "denunciation" => Some(EventKind::Denunciation {
                cause_en: text_field(&mut errors, "cause_en", &self.cause_en),
                cause_zh: text_field(&mut errors, "cause_zh", &self.cause_zh),
            }),
            "class_change" => Some(EventKind::ClassChange {
                class: class_field(&mut errors, &self.class),
            }),
            _ => {
                errors.add("kind", "unknown_code");
                None
            }
        };
        errors.into_result()?;
        match (kind, effective) {
            (Some(kind), Some(effective)) => Ok(Event {
                convention: code,
                effective,
                kind,
            }),
            _ => Err(FieldErrors::single("kind", "unknown_code")),
        }
    }
}

/// Records a ratification, denunciation or class change (administrators), in effect from its
/// date. Audited; the register's figures follow at once. One the register cannot take (a
/// second ratification, a change before the ratification) is refused with 409.
#[utoipa::path(post, path = "/api/v1/conventions/events", tag = "conventions",
    request_body = EventInput, security(("bearer" = [])),
    responses((status = 201, body = ConventionOnDay), (status = 403), (status = 409), (status = 422)))]
pub async fn record_event(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<EventInput>,
) -> Result<(StatusCode, Json<ConventionOnDay>), ApiError> {
    let actor = administrator(&viewer)?;
    let event = input.check()?;
    let c = state.store.record_convention_event(&actor, &event).await?;
    let view = on_day(&c, event.effective.max(c.ratified)).ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// A report case with what it still has to do by when.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportCaseView {
    #[serde(flatten)]
    pub case: ReportRecord,
    /// Not submitted after 1 September, or submitted after it.
    pub late: bool,
    /// `send_copies` by 31 March, `submit` by 1 September, each with `overdue`.
    #[schema(value_type = Vec<Object>)]
    pub reminders: Vec<Reminder>,
}

fn case_view(case: ReportRecord, today: NaiveDate) -> ReportCaseView {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let year = i32::try_from(case.year).unwrap_or(0);
    let late = day(&case.due_on).is_some_and(|due| {
        is_late(
            &case.status,
            due,
            case.submitted_on.as_deref().and_then(day),
            today,
        )
    });
    ReportCaseView {
        reminders: reminders(&case.status, year, today),
        late,
        case,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenCaseInput {
    pub convention: String,
    pub year: i32,
    /// A CEACR request outside the cycle (for a year the calendar has nothing due).
    #[serde(default)]
    pub out_of_cycle: bool,
}

/// Opens the report case on a convention for a year (one per convention and year). The
/// calendar gives its type and reason; with `out_of_cycle` it records a CEACR request.
#[utoipa::path(post, path = "/api/v1/conventions/report-cases", tag = "conventions",
    request_body = OpenCaseInput, security(("bearer" = [])),
    responses((status = 201, body = ReportRecord), (status = 403), (status = 409), (status = 422)))]
pub async fn open_case(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<OpenCaseInput>,
) -> Result<(StatusCode, Json<ReportRecord>), ApiError> {
    let principal = conventions_officer(&viewer)?;
    let record = state
        .store
        .open_report(
            &principal.username,
            input.convention.trim(),
            input.year,
            input.out_of_cycle,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CasesParams {
    /// Only this convention's cases.
    convention: Option<String>,
}

/// The report cases, in year and convention order.
#[utoipa::path(get, path = "/api/v1/conventions/report-cases", tag = "conventions",
    params(CasesParams), security(("bearer" = [])),
    responses((status = 200, body = Vec<ReportCaseView>), (status = 403)))]
pub async fn list_cases(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<CasesParams>,
) -> Result<Json<Vec<ReportCaseView>>, ApiError> {
    conventions_reader(&viewer)?;
    let today = state.today();
    let cases = state.store.reports(params.convention.as_deref()).await?;
    Ok(Json(
        cases.into_iter().map(|c| case_view(c, today)).collect(),
    ))
}

/// One report case.
#[utoipa::path(get, path = "/api/v1/conventions/report-cases/{id}", tag = "conventions",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = ReportCaseView), (status = 403), (status = 404)))]
pub async fn read_case(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ReportCaseView>, ApiError> {
    conventions_reader(&viewer)?;
    let today = state.today();
    found(state.store.report(id).await?.map(|c| case_view(c, today)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    pub action: String,
    pub version: i64,
    pub comment: Option<String>,
    /// For `send_copies`: the most representative employers' organisation.
    pub employers_organisation: Option<String>,
    /// For `send_copies`: the most representative workers' organisation.
    pub workers_organisation: Option<String>,
}

/// Takes a step of a report case: a step the state does not allow, the same officer approving
/// their own draft, or a stale version is refused with 409 and changes nothing.
#[utoipa::path(post, path = "/api/v1/conventions/report-cases/{id}/steps", tag = "conventions",
    params(("id" = i64, Path)), request_body = StepInput, security(("bearer" = [])),
    responses((status = 200, body = ReportRecord), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn step(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<StepInput>,
) -> Result<Json<ReportRecord>, ApiError> {
    let principal = conventions_officer(&viewer)?;
    let request = officer_step(&input.action, input.version, &input.comment, state.today());
    let record = state
        .store
        .report_step(
            &principal.username,
            id,
            &request,
            (
                input.employers_organisation.as_deref(),
                input.workers_organisation.as_deref(),
            ),
        )
        .await?;
    Ok(Json(record))
}

/// Records a CEACR comment (an observation or a direct request) on the case's convention, with
/// its follow-up points; a comment on a submitted report closes the case.
#[utoipa::path(post, path = "/api/v1/conventions/report-cases/{id}/comments", tag = "conventions",
    params(("id" = i64, Path)), request_body = CommentInput, security(("bearer" = [])),
    responses((status = 201, body = CommentRecord), (status = 403), (status = 404), (status = 422)))]
pub async fn comment(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<(StatusCode, Json<CommentRecord>), ApiError> {
    let principal = conventions_officer(&viewer)?;
    let report = state.store.report(id).await?.ok_or(ApiError::NotFound)?;
    let comment = input.check(state.today())?;
    let record = state
        .store
        .add_comment(&principal.username, &report.convention, Some(id), &comment)
        .await?;
    Ok((StatusCode::CREATED, Json(record)))
}
