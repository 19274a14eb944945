//! The JSON API under /api/v1, described by an OpenAPI 3.1 document.

mod applications;
mod auth;
mod awards;
mod calendar;
mod conventions;
pub mod cooperation;
pub mod coverage;
mod identity;
mod indicators;
mod intorgs;
pub mod permits;
mod reference;
mod registry;
mod returnees;
mod students;
pub mod training;

use crate::error::ApiError;
use crate::service::employer_for;
use crate::{AppState, Viewer};
use axum::extract::ConnectInfo;
use axum::extract::{FromRequest, FromRequestParts};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use hrx_domain::access::{Capability, Principal, Role};
use std::net::SocketAddr;
use utoipa::OpenApi;

/// A JSON body whose rejections are problem documents.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Query parameters whose rejections are problem documents.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// A path parameter; one that does not parse names no record, so it is a 404.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// The days from `today` over the next `days` (90 when not given), which must be one of the
/// lengths `allowed`.
pub fn days_ahead(
    today: chrono::NaiveDate,
    days: Option<u32>,
    allowed: &[u32],
) -> Result<(chrono::NaiveDate, chrono::NaiveDate), ApiError> {
    let days = days.unwrap_or(90);
    if !allowed.contains(&days) {
        return Err(hrx_domain::FieldErrors::single("days", "unknown_value").into());
    }
    Ok((today, today + chrono::Days::new(u64::from(days))))
}

/// The rate limit of the public endpoints, counted per client address: 429 once spent.
pub fn within_public_limit(
    state: &AppState,
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
) -> Result<(), ApiError> {
    let key = client.map_or_else(|| "local".to_owned(), |c| c.0 .0.ip().to_string());
    if state.public_limiter.allow(&key) {
        Ok(())
    } else {
        Err(ApiError::TooManyRequests)
    }
}

/// The record asked for, or 404 when there is none (or none the caller may see).
/// A kernel step an officer takes over the API: the action (trimmed), the version the client
/// read and the comment, if any is written.
pub fn officer_step<'a>(
    action: &'a str,
    version: i64,
    comment: &'a Option<String>,
    today: chrono::NaiveDate,
) -> hrx_store::case::StepRequest<'a> {
    hrx_store::case::StepRequest {
        action: action.trim(),
        role: "officer",
        comment: comment.as_deref().filter(|c| !c.trim().is_empty()),
        expected_version: version,
        today,
    }
}

pub fn found<T>(record: Option<T>) -> Result<Json<T>, ApiError> {
    record.map(Json).ok_or(ApiError::NotFound)
}

/// The last page number a list answers.
pub const MAX_PAGE: i64 = 1_000_000;
/// The most rows a page of most lists holds (the study records and the import history: 500).
pub const MAX_PER_PAGE: i64 = 200;

/// The page a list is asked for (`page`, 1 to [`MAX_PAGE`], 1 unless asked) and its size
/// (`per_page`, 1 to `max_per_page`, 50 unless asked): a value outside is refused with
/// `out_of_range` in `errors`, never clamped to another page than the one asked for.
pub fn page_checks(
    errors: &mut hrx_domain::FieldErrors,
    (page, per_page): (Option<i64>, Option<i64>),
    max_per_page: i64,
) -> (i64, i64) {
    let (page, per_page) = (page.unwrap_or(1), per_page.unwrap_or(50));
    if !(1..=MAX_PAGE).contains(&page) {
        errors.add("page", "out_of_range");
    }
    if !(1..=max_per_page).contains(&per_page) {
        errors.add("per_page", "out_of_range");
    }
    (page, per_page)
}

/// The same, answered 422 at once when a value is outside.
pub fn paging(page: Option<i64>, per_page: Option<i64>) -> Result<(i64, i64), ApiError> {
    let mut errors = hrx_domain::FieldErrors::new();
    let asked = page_checks(&mut errors, (page, per_page), MAX_PER_PAGE);
    errors.into_result()?;
    Ok(asked)
}

/// Who files a new case and for which employer: the caller, who must be allowed to file this
/// kind of case (`may_file`, else 403), and their own organisation (an employer user) or the
/// employer an officer names.
pub fn filer(
    viewer: &Viewer,
    may_file: impl FnOnce(&Principal) -> bool,
    named_employer: Option<i64>,
) -> Result<(&Principal, i64), ApiError> {
    let principal = viewer.require()?;
    allow(may_file(principal))?;
    Ok((principal, employer_for(principal, named_employer)?))
}

/// 403 unless the caller may do what it asks: `allow(principal.may_manage_users())?`.
pub fn allow(may: bool) -> Result<(), ApiError> {
    if may {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The caller, who must hold the mobility capability (403 otherwise).
pub fn mobility_officer(viewer: &Viewer) -> Result<&Principal, ApiError> {
    let principal = viewer.require()?;
    allow(principal.has(Capability::Mobility))?;
    Ok(principal)
}

/// The caller, who must hold the mobility capability or be a reviewer (403 otherwise).
pub fn mobility_reader(viewer: &Viewer) -> Result<&Principal, ApiError> {
    let principal = viewer.require()?;
    allow(principal.has(Capability::Mobility) || principal.role == Role::Reviewer)?;
    Ok(principal)
}

/// The name of the caller, who must be an administrator (403 otherwise).
pub fn administrator(viewer: &Viewer) -> Result<String, ApiError> {
    let principal = viewer.require()?;
    allow(principal.may_manage_users())?;
    Ok(principal.username.clone())
}

#[derive(OpenApi)]
#[openapi(
    info(title = "HRX API", version = "1", description = "International exchange and cooperation records of the human-resources ministry."),
    paths(
        auth::token, auth::revoke, auth::me,
        reference::countries, reference::provinces, reference::occupations, reference::education_levels,
        registry::list_persons, registry::create_person, registry::get_person, registry::update_person, registry::person_history,
        registry::list_organisations, registry::create_organisation, registry::get_organisation,
        registry::update_organisation, registry::organisation_history,
        identity::match_person, identity::merge, identity::unmerge, identity::merge_record, identity::timeline,
        permits::assessment, permits::local_wages, permits::set_local_wage,
        applications::create, applications::list, applications::read, applications::transition,
        applications::expiring,
        calendar::list, calendar::set, calendar::remove,
        students::list_study_abroad, students::create_study_abroad, students::get_study_abroad, students::update_study_abroad,
        students::list_foreign_students, students::create_foreign_student, students::get_foreign_student, students::update_foreign_student,
        students::import_history,
        indicators::list, indicators::figure,
        returnees::list_credentials, returnees::add_credential, returnees::verify_credential,
        returnees::create_call, returnees::apply, returnees::list_applications, returnees::review,
        returnees::decide, returnees::funded,
        coverage::determination, coverage::agreements, coverage::agreement, coverage::create_agreement,
        coverage::update_agreement, coverage::create, coverage::list, coverage::read, coverage::transition,
        coverage::extension, coverage::ending, coverage::past_limit,
        conventions::register, conventions::convention, conventions::reports, conventions::groups,
        conventions::set_base_year, conventions::record_event, conventions::open_case,
        conventions::list_cases, conventions::read_case, conventions::step, conventions::comment,
        cooperation::partners, cooperation::add_partner, cooperation::partner, cooperation::add_contact,
        cooperation::agreements, cooperation::create_agreement, cooperation::agreement,
        cooperation::agreement_step, cooperation::events, cooperation::create_event, cooperation::event,
        cooperation::add_delegate, cooperation::add_outcome, cooperation::add_follow_up,
        cooperation::follow_ups, cooperation::follow_up_step, cooperation::projects,
        cooperation::create_project, cooperation::timeline,
        training::programmes, training::create_programme, training::programme,
        training::update_programme, training::set_quota, training::approve_plan,
        training::nominations, training::nominate, training::nomination, training::nomination_step,
        training::groups, training::create_group, training::group, training::add_member,
        training::withdraw_member, training::group_step, training::participants,
        training::reports, training::file_report, training::evaluate,
        intorgs::desirable_range, intorgs::match_one, intorgs::organisations,
        intorgs::ranges_on_record, intorgs::exam_sessions, intorgs::create_exam_session,
        intorgs::exam_candidates, intorgs::add_exam_candidate, intorgs::exam_candidate_step,
        intorgs::vacancies, intorgs::create_vacancy, intorgs::vacancy, intorgs::vacancy_status,
        intorgs::ranking, intorgs::roster, intorgs::add_to_roster, intorgs::roster_entry,
        intorgs::update_roster_entry, intorgs::recommendations, intorgs::draft_recommendation,
        intorgs::recommendation, intorgs::recommendation_step, intorgs::serving,
        intorgs::add_serving, intorgs::end_serving,
        awards::units, awards::create_unit, awards::rounds, awards::round, awards::create_round,
        awards::update_round, awards::round_status, awards::reviewers, awards::add_reviewer,
        awards::nominate, awards::nominations, awards::nomination, awards::nomination_step,
        awards::panel, awards::draw_panel, awards::declare_conflict, awards::review,
        awards::laureates, awards::laureate, awards::engagements, awards::create_engagement,
    ),
    modifiers(&Security),
    tags((name = "auth"), (name = "reference"), (name = "registry"), (name = "work-permits"), (name = "calendar"), (name = "students"), (name = "imports"), (name = "statistics"), (name = "returnees"), (name = "coverage"), (name = "conventions"), (name = "cooperation"), (name = "training"), (name = "international-organisations"), (name = "awards"))
)]
pub struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        // What every operation of a kind answers besides its own responses: 401 without a
        // caller where it needs one, 400 for a body that is not JSON and 415 for one not sent
        // as JSON.
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let with_body = operation.request_body.is_some();
                let common = [
                    (
                        secured,
                        "401",
                        "Sign-in required: no token, or an expired one",
                    ),
                    (with_body, "400", "The body is not well-formed JSON"),
                    (
                        with_body,
                        "415",
                        "The body was not sent as application/json",
                    ),
                ];
                for (applies, status, description) in common {
                    if applies {
                        operation
                            .responses
                            .responses
                            .entry(status.to_owned())
                            .or_insert_with(|| {
                                utoipa::openapi::ResponseBuilder::new()
                                    .description(description)
                                    .build()
                                    .into()
                            });
                    }
                }
            }
        }
    }
}

pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.openapi = utoipa::openapi::OpenApiVersion::Version31;
    doc
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(auth::routes())
        .merge(reference::routes())
        .merge(registry::routes())
        .merge(identity::routes())
        .merge(permits::routes())
        .merge(applications::routes())
        .merge(calendar::routes())
        .merge(students::routes())
        .merge(indicators::routes())
        .merge(returnees::routes())
        .merge(coverage::routes())
        .merge(conventions::routes())
        .merge(cooperation::routes())
        .merge(training::routes())
        .merge(intorgs::routes())
        .merge(awards::routes())
        .route(
            "/api/v1/openapi.json",
            get(|| async { Json(openapi_document()) }),
        )
        .route("/api/v1/docs", get(docs))
        .route("/api/v1", get(|| async { ApiError::NotFound }))
        .route(
            "/api/v1/{*rest}",
            axum::routing::any(|| async { ApiError::NotFound }),
        )
}

async fn docs() -> Response {
    Html(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>HRX API</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"stylesheet\" href=\"/assets/vendor/swagger-ui/swagger-ui.css\"></head>\
         <body><div id=\"swagger-ui\"></div>\
         <script src=\"/assets/vendor/swagger-ui/swagger-ui-bundle.js\"></script>\
         <script src=\"/assets/api-docs.js\"></script></body></html>",
    )
    .into_response()
}

#[cfg(test)]
mod document_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    /// Every `{name}` in a documented path is a declared path parameter of each of its
    /// operations (a client generated from the document must be able to fill it in).
    #[test]
    fn every_path_parameter_is_declared() {
        let doc = serde_json::to_value(super::openapi_document()).unwrap();
        let mut missing = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            let names: Vec<&str> = path
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split('}').next())
                .collect();
            for (method, operation) in item.as_object().unwrap() {
                let declared: Vec<&str> = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "path")
                    .filter_map(|p| p["name"].as_str())
                    .collect();
                for name in &names {
                    if !declared.contains(name) {
                        missing.push(format!("{method} {path}: {name}"));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "undeclared path parameters: {missing:#?}"
        );
    }

    /// A secured operation documents 401, and one with a JSON body 400 and 415.
    #[test]
    fn common_answers_are_documented() {
        let doc = serde_json::to_value(super::openapi_document()).unwrap();
        let mut missing = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let secured = operation["security"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty());
                let with_body = operation["requestBody"].is_object();
                for (applies, status) in [(secured, "401"), (with_body, "400"), (with_body, "415")]
                {
                    if applies && operation["responses"][status].is_null() {
                        missing.push(format!("{method} {path}: {status}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "undocumented answers: {missing:#?}");
        let token = &doc["paths"]["/api/v1/conventions/report-cases"]["post"]["responses"];
        assert!(token["401"].is_object() && token["415"].is_object());
    }
}
