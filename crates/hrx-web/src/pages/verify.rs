//! Public document checks (work permits and certificates of coverage) and the print-ready
//! permit documents that point to them.

use super::coverage::{cert_row, CertRow, Names, DOCUMENT_STATES};
use super::documents::{initials, qr, verify_url};
use super::extract::{Anyone, Found, OrPage, PageError, SignedIn};
use super::{parse_id, render, Ctx};
use crate::AppState;
use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};
use hrx_domain::access::Scope;
use hrx_store::permits::{ApplicationRecord, PermitRecord};
use hrx_store::registry::{OrganisationRecord, PersonRecord};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/verify", get(entry))
        .route("/verify/work-permit/{number}", get(verify_work_permit))
        .route("/verify/coverage/{number}", get(verify_coverage))
        .route("/work-permits/applications/{id}/notice", get(notice))
        .route("/work-permits/applications/{id}/card", get(card))
}

/// The public checks answer a client address a limited number of times a minute, so that
/// no one can walk the document numbers.
fn within_limit(
    state: &AppState,
    ctx: &Ctx,
    client: Option<Extension<ConnectInfo<std::net::SocketAddr>>>,
) -> Result<(), PageError> {
    crate::api::within_public_limit(state, client).map_err(|_| PageError::too_many(ctx.clone()))
}

/// A document number from a public address: only the characters such numbers use, at most
/// `max` of them.
fn document_number(raw: &str, allowed: impl Fn(char) -> bool, max: usize) -> String {
    raw.chars().filter(|c| allowed(*c)).take(max).collect()
}

/// The holder of a document as a public check names them: initials only, never the name.
async fn holder_initials(state: &AppState, ctx: &Ctx, person_id: i64) -> Result<String, PageError> {
    Ok(state
        .store
        .person(person_id, Scope::All)
        .await
        .or_page(ctx)?
        .map(|p| initials(&p))
        .unwrap_or_default())
}

/// One sentence on a document's state that reads right on any day: valid today and until
/// when, not yet valid, expired on its last day, or ended (cancelled, revoked) on a day or
/// by its status; with whether it is valid today.
fn state_sentence(
    ctx: &Ctx,
    today: &str,
    from: &str,
    until: &str,
    ended: Option<(&str, &str)>,
) -> (bool, String) {
    let day = |d: &str| ctx.date(d);
    match ended {
        Some((kind, on)) if on <= today => (
            false,
            ctx.t1(&format!("verify-state-{kind}"), "date", day(on)),
        ),
        _ if today < from => (
            false,
            ctx.t2(
                "verify-state-not-yet",
                ("from", &day(from)),
                ("until", &day(until)),
            ),
        ),
        _ if today > until => (false, ctx.t1("verify-state-expired", "until", day(until))),
        _ => (
            true,
            ctx.t2(
                "verify-state-valid",
                ("today", &day(today)),
                ("until", &day(until)),
            ),
        ),
    }
}

#[derive(Template)]
#[template(path = "verify_entry.html")]
struct EntryPage {
    ctx: Ctx,
    number: String,
    not_found: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct EntryQuery {
    number: String,
}

/// The entry to the public checks: a number typed (or read from a QR code by a scanner that
/// types it) leads to the work permit's or the certificate's check, whichever holds it; an
/// unknown number is said so with the number kept.
async fn entry(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    client: Option<Extension<ConnectInfo<std::net::SocketAddr>>>,
    Query(q): Query<EntryQuery>,
) -> Result<Response, PageError> {
    // A scanned QR code types the whole address: keep what follows its last slash.
    let typed = q.number.trim();
    let typed = typed
        .strip_prefix("http")
        .and_then(|_| typed.rsplit('/').next())
        .unwrap_or(typed)
        .trim()
        .to_owned();
    if typed.is_empty() {
        let page = EntryPage {
            ctx,
            number: String::new(),
            not_found: false,
        };
        return Ok(render(StatusCode::OK, &page));
    }
    within_limit(&state, &ctx, client)?;
    let permit = document_number(&typed, |c| c.is_ascii_alphanumeric(), 32);
    let held = !permit.is_empty()
        && (state
            .store
            .permit_by_number(&permit)
            .await
            .or_page(&ctx)?
            .is_some()
            || state
                .store
                .person_by_permit_number(&permit)
                .await
                .or_page(&ctx)?
                .is_some());
    if held {
        return Ok(Redirect::to(&format!("/verify/work-permit/{permit}")).into_response());
    }
    let certificate = document_number(
        &typed,
        |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.'),
        40,
    );
    let issued = state
        .store
        .certificate_by_number(&certificate)
        .await
        .or_page(&ctx)?
        .is_some_and(|c| DOCUMENT_STATES.contains(&c.status.as_str()));
    if issued {
        return Ok(Redirect::to(&format!("/verify/coverage/{certificate}")).into_response());
    }
    let page = EntryPage {
        ctx,
        number: typed,
        not_found: true,
    };
    Ok(render(StatusCode::NOT_FOUND, &page))
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    ctx: Ctx,
    number: String,
    permit: Option<PermitRecord>,
    notice: Option<ApplicationRecord>,
    holder: String,
    /// Whether the permit is valid today, and the sentence that says its state.
    state: (bool, String),
}

async fn verify_work_permit(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    client: Option<Extension<ConnectInfo<std::net::SocketAddr>>>,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    within_limit(&state, &ctx, client)?;
    let number = document_number(&number, |c| c.is_ascii_alphanumeric(), 32);
    let permit = state.store.permit_by_number(&number).await.or_page(&ctx)?;
    let holder_id = match &permit {
        Some(p) => Some(p.person_id),
        None => state
            .store
            .person_by_permit_number(&number)
            .await
            .or_page(&ctx)?,
    };
    let (holder, notice) = match holder_id {
        Some(id) => {
            let holder = holder_initials(&state, &ctx, id).await?;
            // Before the card is issued, the notice is what the number stands for.
            // A card issued but not yet activated is what the number stands for after it.
            let mut notice = None;
            if permit.is_none() {
                for status in ["card_issued", "notice_issued"] {
                    let query = hrx_store::permits::ApplicationQuery {
                        status: Some(status.into()),
                        page: 1,
                        per_page: 1,
                        ..Default::default()
                    };
                    notice = state
                        .store
                        .applications(&query, Scope::Person(id))
                        .await
                        .or_page(&ctx)?
                        .items
                        .into_iter()
                        .next();
                    if notice.is_some() {
                        break;
                    }
                }
            }
            (holder, notice)
        }
        None => (String::new(), None),
    };
    let status = if permit.is_some() || notice.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    let today = state.today().to_string();
    let sentence = match &permit {
        Some(p) => {
            // A permit no longer active ended with its status (cancelled or revoked); the
            // day is not on the permit, so its status is said.
            let ended = (p.status != "active" && p.status != "expired")
                .then_some(("ended", today.as_str()));
            let (valid, text) = state_sentence(&ctx, &today, &p.valid_from, &p.valid_until, ended);
            let text = if ended.is_some() {
                ctx.t1(
                    "verify-state-ended",
                    "status",
                    ctx.tk("permit-status", &p.status),
                )
            } else {
                text
            };
            (valid, text)
        }
        None => (false, String::new()),
    };
    Ok(render(
        status,
        &VerifyPage {
            ctx,
            number: number.to_ascii_uppercase(),
            permit,
            notice,
            holder,
            state: sentence,
        },
    ))
}

#[derive(Template)]
#[template(path = "coverage_verify.html")]
struct CoverageVerifyPage {
    ctx: Ctx,
    number: String,
    found: Option<CertRow>,
    valid: bool,
    /// The sentence that says the certificate's state on any day.
    sentence: String,
    agreement_label: String,
    holder: String,
}

async fn verify_coverage(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    client: Option<Extension<ConnectInfo<std::net::SocketAddr>>>,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    within_limit(&state, &ctx, client)?;
    let number = document_number(
        &number,
        |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '),
        40,
    );
    let certificate = state
        .store
        .certificate_by_number(&number)
        .await
        .or_page(&ctx)?
        .filter(|c| DOCUMENT_STATES.contains(&c.status.as_str()));
    let Some(certificate) = certificate else {
        return Ok(render(
            StatusCode::NOT_FOUND,
            &CoverageVerifyPage {
                ctx,
                number,
                found: None,
                valid: false,
                sentence: String::new(),
                agreement_label: String::new(),
                holder: String::new(),
            },
        ));
    };
    let holder = holder_initials(&state, &ctx, certificate.person_id).await?;
    let valid = hrx_store::coverage::in_force(&certificate, state.today());
    let today = state.today().to_string();
    let revoked = certificate.revoked_on.as_deref().map(|r| ("revoked", r));
    let (_, mut sentence) = state_sentence(
        &ctx,
        &today,
        &certificate.valid_from,
        &certificate.valid_to,
        revoked,
    );
    if !valid
        && revoked.is_none()
        && today.as_str() >= certificate.valid_from.as_str()
        && today.as_str() <= certificate.valid_to.as_str()
    {
        // Within its dates but not in force: its status says why.
        sentence = ctx.t1(
            "verify-state-ended",
            "status",
            ctx.tk("cov-status", &certificate.status),
        );
    }
    let agreement_label = ctx.agreement_name(&certificate.agreement_code);
    let number = certificate.number.clone().unwrap_or(number);
    // The holder's name stays off this public page: only initials are shown.
    let mut names = Names::default();
    let mut row = cert_row(&state, &ctx, &mut names, certificate).await;
    row.person = holder.clone();
    Ok(render(
        StatusCode::OK,
        &CoverageVerifyPage {
            ctx,
            number,
            found: Some(row),
            valid,
            sentence,
            agreement_label,
            holder,
        },
    ))
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

async fn document(
    state: AppState,
    SignedIn { principal, ctx }: SignedIn,
    headers: HeaderMap,
    id: String,
    card: bool,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    let application = state
        .store
        .application(id, principal.work_permit_scope())
        .await
        .found(&ctx)?;
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
        return Err(PageError::not_found(ctx));
    }
    let person = state
        .store
        .person(application.person_id, Scope::All)
        .await
        .found(&ctx)?;
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
    let number = state.store.permit_number_of(person.id).await.found(&ctx)?;
    let url = verify_url(&headers, &format!("/verify/work-permit/{number}"));
    Ok(render(
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
    ))
}

async fn notice(
    State(state): State<AppState>,
    user: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    document(state, user, headers, id, false).await
}

async fn card(
    State(state): State<AppState>,
    user: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    document(state, user, headers, id, true).await
}
