//! Who is asking, in which language, and the CSRF check for every state-changing request.

use crate::csrf::{is_upload_path, same_secret};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::layout::{csrf_failed, too_large, Ctx};
use crate::{AppState, MAX_BODY_BYTES};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hrx_domain::access::Principal;
use hrx_store::accounts::SessionKind;

pub const SESSION_COOKIE: &str = "hrx_session";
pub const CSRF_COOKIE: &str = "hrx_csrf";
pub const LANG_COOKIE: &str = "hrx_lang";
/// Header that cookie-authenticated API calls carry their CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    Anonymous,
    Session,
    Token,
}

/// The API's writes that anyone may send: signing in and the public calculators (they store
/// nothing and read nothing).
const PUBLIC_API_WRITES: [(&str, &str); 5] = [
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/work-permits/assessments"),
    ("POST", "/api/v1/coverage/determinations"),
    (
        "POST",
        "/api/v1/international-organisations/desirable-range",
    ),
    ("POST", "/api/v1/international-organisations/match"),
];

/// The person behind a request, resolved once per request by [`resolve`].
#[derive(Debug, Clone)]
pub struct Viewer {
    pub principal: Option<Principal>,
    pub auth: AuthKind,
    pub csrf: String,
    pub lang: Lang,
    pub session_token: Option<String>,
    /// The synthetic demo dataset is loaded.
    pub demo: bool,
}

impl Viewer {
    pub fn require(&self) -> Result<&Principal, ApiError> {
        self.principal.as_ref().ok_or(ApiError::Unauthorized)
    }

    /// What a page for this viewer at `uri` needs.
    pub fn ctx(&self, uri: &Uri) -> Ctx {
        Ctx {
            lang: self.lang,
            csrf: self.csrf.clone(),
            user: self.principal.clone(),
            demo: self.demo,
            path: uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
        }
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

pub fn set_cookie(
    name: &str,
    value: &str,
    max_age_seconds: i64,
    secure: bool,
    http_only: bool,
) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; Max-Age={max_age_seconds}; SameSite=Lax");
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn is_token(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

pub async fn resolve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let headers = &parts.headers;
    let lang = cookie(headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .unwrap_or_else(|| {
            Lang::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            )
        });
    let is_api = parts.uri.path().starts_with("/api/");

    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let mut viewer = Viewer {
        principal: None,
        auth: AuthKind::Anonymous,
        csrf: String::new(),
        lang,
        session_token: None,
        demo: state.demo_data.load(std::sync::atomic::Ordering::Relaxed),
    };
    let idle = chrono::Duration::minutes(state.config.session_idle_minutes);
    if let Some(token) = bearer {
        match state.store.session(token, SessionKind::Api, None).await {
            Ok(Some((principal, _))) => {
                viewer.principal = Some(principal);
                viewer.auth = AuthKind::Token;
            }
            Ok(None) => return ApiError::Unauthorized.into_response(),
            Err(e) => return ApiError::from(e).into_response(),
        }
    } else if let Some(token) = cookie(headers, SESSION_COOKIE).filter(|t| is_token(t)) {
        match state
            .store
            .session(token, SessionKind::Browser, Some(idle))
            .await
        {
            Ok(Some((principal, csrf))) => {
                viewer.principal = Some(principal);
                viewer.auth = AuthKind::Session;
                viewer.csrf = csrf;
                viewer.session_token = Some(token.to_owned());
            }
            Ok(None) => {}
            Err(e) => return ApiError::from(e).into_response(),
        }
    }
    // Visitors who are not signed in get a CSRF token in a cookie of their own (double submit).
    let mut new_csrf_cookie = None;
    if viewer.csrf.is_empty() {
        match cookie(headers, CSRF_COOKIE).filter(|t| is_token(t)) {
            Some(token) => viewer.csrf = token.to_owned(),
            None => match hrx_store::random_token() {
                Ok(token) => {
                    viewer.csrf = token.clone();
                    new_csrf_cookie = Some(token);
                }
                Err(_) => return ApiError::Internal.into_response(),
            },
        }
    }

    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    // A write to the API needs a caller before its body is even read, so that an anonymous
    // request is 401 whatever it carries (not 422 for a body an administrator would send).
    if is_api
        && unsafe_method
        && viewer.principal.is_none()
        && !PUBLIC_API_WRITES.contains(&(parts.method.as_str(), parts.uri.path()))
    {
        return ApiError::Unauthorized.into_response();
    }
    let mut body = body;
    if unsafe_method && viewer.auth != AuthKind::Token {
        if is_api {
            if viewer.auth == AuthKind::Session {
                let sent = parts
                    .headers
                    .get(CSRF_HEADER)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if !same_secret(sent, &viewer.csrf) {
                    return ApiError::Forbidden.into_response();
                }
            }
        } else if parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"))
        {
            // Uploads are streamed, not buffered: only the upload handlers take them, and
            // they check the `_csrf` field, which must be the first part, before storing
            // anything. Anywhere else a multipart POST is refused.
            if !is_upload_path(parts.uri.path()) {
                return csrf_failed(lang, viewer.demo);
            }
        } else {
            // Forms: read the body once to find `_csrf`, then hand it on unchanged.
            let bytes = match to_bytes(body, MAX_BODY_BYTES).await {
                Ok(bytes) => bytes,
                Err(_) => return too_large(lang, viewer.demo),
            };
            let sent = form_urlencoded::parse(&bytes)
                .find(|(k, _)| k == "_csrf")
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default();
            if !same_secret(&sent, &viewer.csrf) {
                tracing::warn!(path = %parts.uri.path(), "form refused: CSRF token missing or wrong");
                return csrf_failed(lang, viewer.demo);
            }
            body = Body::from(bytes);
        }
    }

    parts.extensions.insert(viewer);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let Some(token) = new_csrf_cookie {
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(
                CSRF_COOKIE,
                &token,
                60 * 60 * 24,
                state.config.secure_cookies,
                true,
            ),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; hrx_lang=en; hrx_session="),
        );
        assert_eq!(cookie(&headers, LANG_COOKIE), Some("en"));
        assert_eq!(cookie(&headers, SESSION_COOKIE), None);
        assert_eq!(cookie(&headers, "missing"), None);
    }
}
