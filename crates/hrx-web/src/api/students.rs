//! Study abroad and foreign students over JSON, and the import history. Mobility officers
//! write; reviewers and admins read.

use super::{found, mobility_officer, mobility_reader, page_checks, ApiJson, ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Extension, Json, Router};
use chrono::NaiveDate;
use hrx_domain::imports::ImportKind;
use hrx_domain::students::{Enrolment, EnrolmentInput, StudyAbroad, StudyAbroadInput};
use hrx_domain::FieldErrors;
use hrx_store::imports::ImportRunRecord;
use hrx_store::students::{StudyKind, StudyQuery, StudyRecord};
use hrx_store::Page;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/study-abroad",
            get(list_study_abroad).post(create_study_abroad),
        )
        .route(
            "/api/v1/study-abroad/{id}",
            get(get_study_abroad).put(update_study_abroad),
        )
        .route(
            "/api/v1/foreign-students",
            get(list_foreign_students).post(create_foreign_student),
        )
        .route(
            "/api/v1/foreign-students/{id}",
            get(get_foreign_student).put(update_foreign_student),
        )
        .route("/api/v1/imports", get(import_history))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct StudyParams {
    /// Words of the person's name, each matched as a prefix.
    q: Option<String>,
    /// Destination country (study abroad) or nationality (foreign students), ISO alpha-2.
    country: Option<String>,
    /// Only those still abroad / still enrolled.
    current: Option<bool>,
    /// 1 to 1,000,000 (1 by default).
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// 1 to 500 (50 by default).
    #[param(minimum = 1, maximum = 500)]
    per_page: Option<i64>,
}

/// A study-abroad period: the person (on create), the version (on update) and the values.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StudyAbroadBody {
    person_id: Option<i64>,
    version: Option<i64>,
    #[serde(flatten)]
    input: StudyAbroadInput,
}

/// An enrolment of a foreign student: the person (on create), the version (on update) and
/// the values.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EnrolmentBody {
    person_id: Option<i64>,
    version: Option<i64>,
    #[serde(flatten)]
    input: EnrolmentInput,
}

/// What a study record's body gives: the person (on create), the version (on update) and
/// the values, validated.
trait StudyBody {
    fn person_id(&self) -> Option<i64>;
    fn version(&self) -> Option<i64>;
    fn values(&self, today: NaiveDate) -> Result<Vec<(&'static str, Option<String>)>, FieldErrors>;
}

impl StudyBody for StudyAbroadBody {
    fn person_id(&self) -> Option<i64> {
        self.person_id
    }

    fn version(&self) -> Option<i64> {
        self.version
    }

    fn values(&self, today: NaiveDate) -> Result<Vec<(&'static str, Option<String>)>, FieldErrors> {
        StudyAbroad::parse(&self.input, today).map(|r| r.values())
    }
}

impl StudyBody for EnrolmentBody {
    fn person_id(&self) -> Option<i64> {
        self.person_id
    }

    fn version(&self) -> Option<i64> {
        self.version
    }

    fn values(
        &self,
        _today: NaiveDate,
    ) -> Result<Vec<(&'static str, Option<String>)>, FieldErrors> {
        Enrolment::parse(&self.input).map(|r| r.values())
    }
}

/// `page` and `per_page` of the lists that give up to 500 rows a page, refused outside.
fn pages_of_500(page: Option<i64>, per_page: Option<i64>) -> Result<(i64, i64), ApiError> {
    let mut errors = FieldErrors::new();
    let asked = page_checks(&mut errors, (page, per_page), 500);
    errors.into_result()?;
    Ok(asked)
}

async fn list(
    state: &AppState,
    viewer: &Viewer,
    kind: StudyKind,
    params: StudyParams,
) -> Result<Json<Page<StudyRecord>>, ApiError> {
    mobility_reader(viewer)?;
    let (page, per_page) = pages_of_500(params.page, params.per_page)?;
    let query = StudyQuery {
        text: params.q,
        country: params.country,
        current_only: params.current.unwrap_or(false),
        page,
        per_page,
    };
    Ok(Json(state.store.search_study_records(kind, &query).await?))
}

async fn read(
    state: &AppState,
    viewer: &Viewer,
    kind: StudyKind,
    id: i64,
) -> Result<Json<StudyRecord>, ApiError> {
    mobility_reader(viewer)?;
    found(state.store.study_record(kind, id).await?)
}

/// Creates (no `id`) or updates (with `id` and the version the edit started from).
async fn write(
    state: &AppState,
    viewer: &Viewer,
    kind: StudyKind,
    id: Option<i64>,
    person_id: Option<i64>,
    version: Option<i64>,
    values: Result<Vec<(&'static str, Option<String>)>, FieldErrors>,
) -> Result<StudyRecord, ApiError> {
    let principal = mobility_officer(viewer)?;
    let values = values?;
    match id {
        None => {
            let person_id = person_id.ok_or_else(|| {
                ApiError::Validation(FieldErrors::single("person_id", "required"))
            })?;
            Ok(state
                .store
                .create_study_record(&principal.username, kind, person_id, &values)
                .await?)
        }
        Some(id) => {
            let version = version
                .filter(|v| *v > 0)
                .ok_or_else(|| ApiError::Validation(FieldErrors::single("version", "required")))?;
            Ok(state
                .store
                .update_study_record(&principal.username, kind, id, version, &values)
                .await?)
        }
    }
}

/// Records a new study record from a body (201).
async fn create(
    state: &AppState,
    viewer: &Viewer,
    kind: StudyKind,
    body: &impl StudyBody,
) -> Result<(StatusCode, Json<StudyRecord>), ApiError> {
    let values = body.values(state.today());
    let record = write(state, viewer, kind, None, body.person_id(), None, values).await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Replaces a study record's values from a body.
async fn update(
    state: &AppState,
    viewer: &Viewer,
    kind: StudyKind,
    id: i64,
    body: &impl StudyBody,
) -> Result<Json<StudyRecord>, ApiError> {
    let values = body.values(state.today());
    let record = write(state, viewer, kind, Some(id), None, body.version(), values).await?;
    Ok(Json(record))
}

/// Study-abroad periods, newest departure first.
#[utoipa::path(get, path = "/api/v1/study-abroad", tag = "students", params(StudyParams), security(("bearer" = [])),
    responses((status = 200, body = Page<StudyRecord>), (status = 401), (status = 403)))]
pub async fn list_study_abroad(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<StudyParams>,
) -> Result<Json<Page<StudyRecord>>, ApiError> {
    list(&state, &viewer, StudyKind::StudyAbroad, params).await
}

/// Records a study-abroad period for a person of the registry (a return before the
/// departure is refused with 422).
#[utoipa::path(post, path = "/api/v1/study-abroad", tag = "students", request_body = StudyAbroadBody, security(("bearer" = [])),
    responses((status = 201, body = StudyRecord), (status = 403), (status = 422)))]
pub async fn create_study_abroad(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(body): ApiJson<StudyAbroadBody>,
) -> Result<(StatusCode, Json<StudyRecord>), ApiError> {
    create(&state, &viewer, StudyKind::StudyAbroad, &body).await
}

#[utoipa::path(get, path = "/api/v1/study-abroad/{id}", tag = "students", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = StudyRecord), (status = 404)))]
pub async fn get_study_abroad(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<StudyRecord>, ApiError> {
    read(&state, &viewer, StudyKind::StudyAbroad, id).await
}

/// Replaces a period's values; a stale `version` is refused with 409.
#[utoipa::path(put, path = "/api/v1/study-abroad/{id}", tag = "students", request_body = StudyAbroadBody, params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = StudyRecord), (status = 404), (status = 409), (status = 422)))]
pub async fn update_study_abroad(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<StudyAbroadBody>,
) -> Result<Json<StudyRecord>, ApiError> {
    update(&state, &viewer, StudyKind::StudyAbroad, id, &body).await
}

/// Foreign students' enrolments, newest first.
#[utoipa::path(get, path = "/api/v1/foreign-students", tag = "students", params(StudyParams), security(("bearer" = [])),
    responses((status = 200, body = Page<StudyRecord>), (status = 401), (status = 403)))]
pub async fn list_foreign_students(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<StudyParams>,
) -> Result<Json<Page<StudyRecord>>, ApiError> {
    list(&state, &viewer, StudyKind::ForeignStudent, params).await
}

/// Records an enrolment for a person of the registry.
#[utoipa::path(post, path = "/api/v1/foreign-students", tag = "students", request_body = EnrolmentBody, security(("bearer" = [])),
    responses((status = 201, body = StudyRecord), (status = 403), (status = 422)))]
pub async fn create_foreign_student(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(body): ApiJson<EnrolmentBody>,
) -> Result<(StatusCode, Json<StudyRecord>), ApiError> {
    create(&state, &viewer, StudyKind::ForeignStudent, &body).await
}

#[utoipa::path(get, path = "/api/v1/foreign-students/{id}", tag = "students", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = StudyRecord), (status = 404)))]
pub async fn get_foreign_student(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<StudyRecord>, ApiError> {
    read(&state, &viewer, StudyKind::ForeignStudent, id).await
}

/// Replaces an enrolment's values; a stale `version` is refused with 409.
#[utoipa::path(put, path = "/api/v1/foreign-students/{id}", tag = "students", request_body = EnrolmentBody, params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = StudyRecord), (status = 404), (status = 409), (status = 422)))]
pub async fn update_foreign_student(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<EnrolmentBody>,
) -> Result<Json<StudyRecord>, ApiError> {
    update(&state, &viewer, StudyKind::ForeignStudent, id, &body).await
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ImportParams {
    /// study-abroad, foreign-students, work-permits, coverage-certificates or
    /// training-abroad.
    kind: Option<String>,
    /// 1 to 1,000,000 (1 by default).
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// 1 to 500 (50 by default).
    #[param(minimum = 1, maximum = 500)]
    per_page: Option<i64>,
}

/// The import history (written and refused imports), newest first, for the kinds the caller
/// may import.
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports", params(ImportParams), security(("bearer" = [])),
    responses((status = 200, body = Page<ImportRunRecord>), (status = 403), (status = 422)))]
pub async fn import_history(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(params): ApiQuery<ImportParams>,
) -> Result<Json<Page<ImportRunRecord>>, ApiError> {
    let principal = viewer.require()?;
    let kind =
        match params.kind.as_deref().filter(|k| !k.is_empty()) {
            Some(k) => Some(ImportKind::parse(k).ok_or_else(|| {
                ApiError::Validation(FieldErrors::single("kind", "unknown_value"))
            })?),
            None => None,
        };
    let allowed: Vec<ImportKind> = ImportKind::ALL
        .into_iter()
        .filter(|k| principal.may_import(*k))
        .collect();
    if allowed.is_empty() {
        return Err(ApiError::Forbidden);
    }
    let kinds = match kind {
        Some(k) if allowed.contains(&k) => vec![k],
        Some(_) => return Err(ApiError::Forbidden),
        None => allowed,
    };
    let (page, per_page) = pages_of_500(params.page, params.per_page)?;
    Ok(Json(state.store.import_runs(&kinds, page, per_page).await?))
}
