use super::extract::{Anyone, OrPage, PageError};
use super::{no_store, render, safe_next, Ctx};
use crate::viewer::set_cookie;
use crate::{AppState, Viewer, LANG_COOKIE, SESSION_COOKIE};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use hrx_store::accounts::SessionKind;
use hrx_store::StoreError;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(switch_language))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: Ctx,
    username: String,
    next: String,
    error: String,
}

#[derive(Deserialize)]
struct NextParam {
    next: Option<String>,
}

async fn login_page(Anyone { ctx, .. }: Anyone, Query(q): Query<NextParam>) -> Response {
    if ctx.signed_in() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    no_store(render(
        StatusCode::OK,
        &LoginPage {
            ctx,
            username: String::new(),
            next: safe_next(q.next.as_deref()),
            error: String::new(),
        },
    ))
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Anyone { ctx, .. }: Anyone,
    client: Option<Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    let username = form.username.trim().chars().take(64).collect::<String>();
    let failed = |ctx: Ctx, key: &str, status: StatusCode| {
        let error = ctx.t(key);
        no_store(render(
            status,
            &LoginPage {
                ctx,
                username: username.clone(),
                next: next.clone(),
                error,
            },
        ))
    };
    if !crate::sign_in_allowed(&state, client.as_deref()) {
        return Ok(failed(
            ctx,
            "login-throttled",
            StatusCode::TOO_MANY_REQUESTS,
        ));
    }
    if username.is_empty() || form.password.is_empty() || form.password.len() > 1024 {
        return Ok(failed(ctx, "login-failed", StatusCode::UNAUTHORIZED));
    }
    let principal = match state.store.authenticate(&username, &form.password).await {
        Ok(Some(principal)) => principal,
        Ok(None) => {
            tracing::warn!(%username, "sign-in refused");
            return Ok(failed(ctx, "login-failed", StatusCode::UNAUTHORIZED));
        }
        Err(StoreError::Throttled) => {
            tracing::warn!(%username, "sign-in throttled");
            return Ok(failed(
                ctx,
                "login-throttled",
                StatusCode::TOO_MANY_REQUESTS,
            ));
        }
        Err(StoreError::Busy) => {
            tracing::warn!(%username, "sign-in refused: verifications busy");
            return Ok(failed(ctx, "login-busy", StatusCode::SERVICE_UNAVAILABLE));
        }
        Err(e) => return Err(PageError::store(ctx, e)),
    };
    let session = state
        .store
        .create_session(
            principal.user_id,
            SessionKind::Browser,
            state.config.session_hours,
        )
        .await
        .or_page(&ctx)?;
    if let Some(old) = &viewer.session_token {
        let _ = state.store.end_session(old).await;
    }
    tracing::info!(username = %principal.username, "signed in");
    let mut response = Redirect::to(&next).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            &session.token,
            state.config.session_hours * 3600,
            state.config.secure_cookies,
            true,
        ),
    );
    Ok(response)
}

async fn logout(State(state): State<AppState>, Extension(viewer): Extension<Viewer>) -> Response {
    if let Some(token) = &viewer.session_token {
        if let Err(e) = state.store.end_session(token).await {
            tracing::error!(error = %e, "could not end a session");
        }
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies, true),
    );
    response
}

async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<NextParam>,
) -> Response {
    let Some(lang) = crate::i18n::Lang::parse(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            LANG_COOKIE,
            lang.code(),
            60 * 60 * 24 * 365,
            state.config.secure_cookies,
            false,
        ),
    );
    response
}
