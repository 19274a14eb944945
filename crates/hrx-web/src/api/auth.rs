use super::ApiJson;
use crate::error::ApiError;
use crate::{AppState, Viewer};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use hrx_domain::access::Principal;
use hrx_store::accounts::{SessionKind, API_TOKEN_HOURS};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/token", post(token).delete(revoke))
        .route("/api/v1/me", get(me))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    username: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    token: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    username: String,
    role: String,
    capabilities: Vec<String>,
    organisation_id: Option<i64>,
    person_id: Option<i64>,
}

/// Exchanges a user name and password for an API token (send it as `Authorization: Bearer`).
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 401), (status = 429)))]
pub async fn token(
    State(state): State<AppState>,
    client: Option<Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    ApiJson(request): ApiJson<TokenRequest>,
) -> Result<Json<TokenResponse>, ApiError> {
    if !crate::sign_in_allowed(&state, client.as_deref()) {
        return Err(ApiError::TooManyRequests);
    }
    if request.username.len() > 64 || request.password.len() > 1024 {
        return Err(ApiError::Unauthorized);
    }
    let principal = state
        .store
        .authenticate(&request.username, &request.password)
        .await?;
    let Some(principal) = principal else {
        tracing::warn!(username = %request.username, "API sign-in refused");
        return Err(ApiError::Unauthorized);
    };
    let session = state
        .store
        .create_session(principal.user_id, SessionKind::Api, API_TOKEN_HOURS)
        .await?;
    tracing::info!(username = %principal.username, "API token issued");
    Ok(Json(TokenResponse {
        token: session.token,
    }))
}

/// Revokes the bearer token the request carries.
#[utoipa::path(delete, path = "/api/v1/auth/token", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401)))]
pub async fn revoke(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    headers: axum::http::HeaderMap,
) -> Result<StatusCode, ApiError> {
    let principal = viewer.require()?;
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|_| viewer.auth == crate::viewer::AuthKind::Token)
        .ok_or(ApiError::Unauthorized)?;
    state.store.end_session(token.trim()).await?;
    tracing::info!(username = %principal.username, "API token revoked");
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401)))]
pub async fn me(Extension(viewer): Extension<Viewer>) -> Result<Json<Me>, ApiError> {
    let p: &Principal = viewer.require()?;
    Ok(Json(Me {
        username: p.username.clone(),
        role: p.role.code().to_owned(),
        capabilities: p.capabilities.iter().map(|c| c.code().to_owned()).collect(),
        organisation_id: p.organisation_id,
        person_id: p.person_id,
    }))
}
