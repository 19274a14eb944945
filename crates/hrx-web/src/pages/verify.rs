//! Public document checks and the print-ready permit documents that point to them.

use super::{not_found_page, parse_id, render, server_error, sign_in_first, Ctx};
use crate::{AppState, Viewer};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use hrx_domain::access::Scope;
use hrx_store::permits::{ApplicationRecord, PermitRecord};
use hrx_store::registry::{OrganisationRecord, PersonRecord};
use qrcode::render::svg;
use qrcode::QrCode;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/verify/work-permit/{number}", get(verify_work_permit))
        .route("/work-permits/applications/{id}/notice", get(notice))
        .route("/work-permits/applications/{id}/card", get(card))
}

/// Initials only: "A. B." for Latin names, the first character and asterisks for others.
pub fn initials(person: &PersonRecord) -> String {
    if let Some(latin) = person.name_latin.as_deref() {
        return latin
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .map(|c| format!("{}.", c.to_uppercase()))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let native = person.name_native.as_deref().unwrap_or("");
    let mut chars = native.chars();
    chars
        .next()
        .map(|first| format!("{first}{}", "*".repeat(chars.count())))
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    ctx: Ctx,
    number: String,
    permit: Option<PermitRecord>,
    notice: Option<ApplicationRecord>,
    holder: String,
    today: String,
}

async fn verify_work_permit(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    Path(number): Path<String>,
) -> Response {
    let ctx = Ctx::new(&viewer, &uri);
    let number: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(32)
        .collect();
    let permit = match state.store.permit_by_number(&number).await {
        Ok(p) => p,
        Err(e) => return server_error(ctx, e),
    };
    let holder_id = match &permit {
        Some(p) => Some(p.person_id),
        None => match state.store.person_by_permit_number(&number).await {
            Ok(id) => id,
            Err(e) => return server_error(ctx, e),
        },
    };
    let (holder, notice) = match holder_id {
        Some(id) => {
            let person = match state.store.person(id, Scope::All).await {
                Ok(p) => p,
                Err(e) => return server_error(ctx, e),
            };
            // Before the card is issued, the notice is what the number stands for.
            let notice = if permit.is_none() {
                let query = hrx_store::permits::ApplicationQuery {
                    status: Some("notice_issued".into()),
                    page: 1,
                    per_page: 1,
                    ..Default::default()
                };
                match state.store.applications(&query, Scope::Person(id)).await {
                    Ok(page) => page.items.into_iter().next(),
                    Err(e) => return server_error(ctx, e),
                }
            } else {
                None
            };
            (person.map(|p| initials(&p)).unwrap_or_default(), notice)
        }
        None => (String::new(), None),
    };
    let status = if permit.is_some() || notice.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    render(
        status,
        &VerifyPage {
            ctx,
            number: number.to_ascii_uppercase(),
            permit,
            notice,
            holder,
            today: state.today().to_string(),
        },
    )
}

#[derive(Template)]
#[template(path = "permit_document.html")]
struct DocumentPage {
    ctx: Ctx,
    card: bool,
    application: ApplicationRecord,
    person: PersonRecord,
    employer: Option<OrganisationRecord>,
    permit: Option<PermitRecord>,
    number: String,
    verify_url: String,
    qr_svg: String,
}

/// The address the QR code points to: the public check at `path` (such as
/// `/verify/work-permit/{number}` or `/verify/coverage/{number}`) on this server.
pub(crate) fn verify_url(headers: &HeaderMap, path: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{scheme}://{host}{path}")
}

pub(crate) fn qr(url: &str) -> String {
    QrCode::new(url.as_bytes())
        .map(|code| {
            code.render::<svg::Color<'_>>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

async fn document(
    state: AppState,
    viewer: Viewer,
    uri: Uri,
    headers: HeaderMap,
    id: String,
    card: bool,
) -> Response {
    let Some(principal) = viewer.principal.clone() else {
        return sign_in_first(&uri);
    };
    let ctx = Ctx::new(&viewer, &uri);
    let Some(id) = parse_id(&id) else {
        return not_found_page(ctx);
    };
    let application = match state
        .store
        .application(id, principal.work_permit_scope())
        .await
    {
        Ok(Some(a)) => a,
        Ok(None) => return not_found_page(ctx),
        Err(e) => return server_error(ctx, e),
    };
    let issued = [
        "notice_issued",
        "card_issued",
        "active",
        "extended",
        "changed",
        "cancelled",
        "expired",
    ];
    if !issued.contains(&application.status.as_str())
        || (card && application.status == "notice_issued")
    {
        return not_found_page(ctx);
    }
    let person = match state.store.person(application.person_id, Scope::All).await {
        Ok(Some(p)) => p,
        Ok(None) => return not_found_page(ctx),
        Err(e) => return server_error(ctx, e),
    };
    let employer = state
        .store
        .organisation(application.employer_id, Scope::All)
        .await
        .ok()
        .flatten();
    let permits = state
        .store
        .permits_of_person(person.id)
        .await
        .unwrap_or_default();
    let permit = permits
        .into_iter()
        .find(|p| Some(p.id) == application.permit_id);
    let number = match state.store.permit_number_of(person.id).await {
        Ok(Some(n)) => n,
        Ok(None) => return not_found_page(ctx),
        Err(e) => return server_error(ctx, e),
    };
    let url = verify_url(&headers, &format!("/verify/work-permit/{number}"));
    render(
        StatusCode::OK,
        &DocumentPage {
            ctx,
            card,
            application,
            person,
            employer,
            permit,
            qr_svg: qr(&url),
            verify_url: url,
            number,
        },
    )
}

async fn notice(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    document(state, viewer, uri, headers, id, false).await
}

async fn card(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    document(state, viewer, uri, headers, id, true).await
}
