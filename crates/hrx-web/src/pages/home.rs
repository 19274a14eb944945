use super::{render, Ctx};
use crate::{AppState, Viewer};
use askama::Template;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};

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

async fn home(Extension(viewer): Extension<Viewer>, uri: Uri) -> Response {
    let ctx = Ctx::new(&viewer, &uri);
    let p = viewer.principal.as_ref();
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
