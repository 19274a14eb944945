use super::extract::Anyone;
use super::{render, Ctx};
use crate::AppState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: Ctx,
    may_manage_organisations: bool,
    may_create_person: bool,
    sees_organisations: bool,
}

async fn home(Anyone { principal, ctx }: Anyone) -> Response {
    let p = principal.as_ref();
    render(
        StatusCode::OK,
        &HomePage {
            may_manage_organisations: p.is_some_and(|p| p.may_manage_organisations()),
            may_create_person: p.is_some_and(|p| p.may_create_person()),
            sees_organisations: p
                .is_some_and(|p| p.organisation_scope() != hrx_domain::access::Scope::Nothing),
            ctx,
        },
    )
}
