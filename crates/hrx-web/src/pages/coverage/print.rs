//! The print-ready certificate, with a QR code pointing to its public check.

use super::certificates::visible;
use super::{cert_row, employer_name, partner_of, path_segment, CertRow, Names, DOCUMENT_STATES};
use crate::pages::documents::{qr, verify_url};
use crate::pages::extract::{Found, PageError, SignedIn};
use crate::pages::{no_store, render, Ctx};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use hrx_domain::access::Scope;
use hrx_store::registry::PersonRecord;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/coverage/certificates/{id}/print", get(print))
}

#[derive(Template)]
#[template(path = "coverage_print.html")]
struct PrintPage {
    ctx: Ctx,
    row: CertRow,
    number: String,
    title: String,
    statement: String,
    agreement_label: String,
    person: PersonRecord,
    nationality: String,
    employer: String,
    verify_url: String,
    qr_svg: String,
}

async fn print(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (_, certificate) = visible(&state, &principal, &ctx, &id).await?;
    let number = certificate.number.clone().found(&ctx)?;
    if !DOCUMENT_STATES.contains(&certificate.status.as_str()) {
        return Err(PageError::not_found(ctx));
    }
    let person = state
        .store
        .person(certificate.person_id, Scope::All)
        .await
        .found(&ctx)?;
    let agreement_label = ctx.agreement_name(&certificate.agreement_code);
    let title = if certificate.agreement_code.starts_with("CN-RS-") {
        ctx.t("cov-print-title-rs")
    } else {
        ctx.t("cov-print-title")
    };
    let statement = crate::i18n::translate(
        ctx.lang,
        if certificate.direction == "outbound" {
            "cov-print-statement-outbound"
        } else {
            "cov-print-statement-inbound"
        },
        &[
            ("agreement", certificate.agreement_code.clone()),
            (
                "partner",
                ctx.country_name(partner_of(&certificate.agreement_code)),
            ),
        ],
    );
    let employer = employer_name(&state, &certificate).await;
    let url = verify_url(
        &headers,
        &format!("/verify/coverage/{}", path_segment(&number)),
    );
    let nationality = ctx.country_name(&person.nationality);
    let mut names = Names::default();
    let row = cert_row(&state, &ctx, &mut names, certificate).await;
    Ok(no_store(render(
        StatusCode::OK,
        &PrintPage {
            row,
            number,
            title,
            statement,
            agreement_label,
            person,
            nationality,
            employer,
            qr_svg: qr(&url),
            verify_url: url,
            ctx,
        },
    )))
}
