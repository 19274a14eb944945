//! The web layer: JSON API under /api/v1, server-rendered pages in Chinese and English,
//! sessions, CSRF protection, access checks, operations endpoints.

pub mod api;
mod assets;
pub mod charts;
mod csrf;
pub mod error;
pub mod exports;
pub mod figures;
pub mod i18n;
mod layout;
mod limiter;
pub mod loading;
pub mod map;
mod ops;
pub mod pages;
pub mod service;
mod viewer;

pub use viewer::{Viewer, CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE};

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::middleware;
use axum::Router;
use hrx_store::Store;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted anywhere (forms and JSON).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Public computing endpoints (the points calculator) allow this many requests a minute per
/// client address.
pub const PUBLIC_REQUESTS_PER_MINUTE: u32 = 120;

/// Sign-in attempts (API and page) allowed a minute from one client address, over all the
/// user names it tries.
pub const SIGN_INS_PER_MINUTE: u32 = 20;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`. Browsers send such cookies to http://localhost too.
    pub secure_cookies: bool,
    /// The date business rules take as today; `None` is the real date. Tests pin it to run
    /// deadlines across known holidays.
    pub fixed_today: Option<chrono::NaiveDate>,
    /// Where uploaded files are kept (the data directory); `None` uses the system's
    /// temporary directory.
    pub data_dir: Option<std::path::PathBuf>,
    /// Client addresses that may read `/metrics` without signing in (a Prometheus scraper);
    /// everyone else must be an administrator.
    pub metrics_from: Vec<std::net::IpAddr>,
    /// A browser session ends this many hours after sign-in, however it is used.
    pub session_hours: i64,
    /// ... and after this many minutes without a request.
    pub session_idle_minutes: i64,
    /// Requests a client address may make to the public checks and calculators in a minute.
    pub public_requests_per_minute: u32,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            fixed_today: None,
            data_dir: None,
            metrics_from: Vec::new(),
            session_hours: hrx_store::accounts::BROWSER_SESSION_HOURS,
            session_idle_minutes: hrx_store::accounts::SESSION_IDLE_MINUTES,
            public_requests_per_minute: PUBLIC_REQUESTS_PER_MINUTE,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    pub metrics: Arc<ops::Metrics>,
    /// Requests per minute per client address on public endpoints that compute.
    pub public_limiter: Arc<limiter::Limiter>,
    /// Sign-in attempts per minute per client address, whatever the user names tried.
    pub sign_in_limiter: Arc<limiter::Limiter>,
    /// Imports started from the upload page, by job id, while they run and after.
    pub imports: Arc<pages::imports::Jobs>,
    /// Whether the synthetic demo dataset is loaded: every page then says so.
    pub demo_data: Arc<std::sync::atomic::AtomicBool>,
}

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        let public_per_minute = config.public_requests_per_minute;
        Self {
            store,
            config: Arc::new(config),
            metrics: Arc::new(ops::Metrics::new()),
            public_limiter: Arc::new(limiter::Limiter::new(
                public_per_minute,
                std::time::Duration::from_secs(60),
            )),
            sign_in_limiter: Arc::new(limiter::Limiter::new(
                SIGN_INS_PER_MINUTE,
                std::time::Duration::from_secs(60),
            )),
            imports: Arc::new(pages::imports::Jobs::default()),
            demo_data: Arc::new(std::sync::atomic::AtomicBool::new(false)),
        }
    }

    /// Reads from the database whether the demo dataset is loaded (at start, after a load).
    pub async fn refresh_demo_flag(&self) -> Result<(), hrx_store::StoreError> {
        let loaded = self.store.demo_loaded().await?;
        self.demo_data
            .store(loaded, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

impl AppState {
    /// Today's date for business rules (deadlines, validity, extensions).
    pub fn today(&self) -> chrono::NaiveDate {
        self.config
            .fixed_today
            .unwrap_or_else(|| chrono::Utc::now().date_naive())
    }

    /// The directory for uploaded files, created when first needed.
    /// Removes what earlier runs left of import uploads (their jobs lived in memory and are
    /// gone): at start, before any new upload. Answers how many files were removed.
    pub fn sweep_import_uploads(&self) -> std::io::Result<usize> {
        let mut removed = 0;
        for entry in std::fs::read_dir(self.upload_dir("imports")?)? {
            let path = entry?.path();
            if path.is_file() {
                std::fs::remove_file(&path)?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    pub fn upload_dir(&self, purpose: &str) -> std::io::Result<std::path::PathBuf> {
        let base = self
            .config
            .data_dir
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("hrx-uploads"));
        let dir = base.join("uploads").join(purpose);
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}

pub fn router(state: AppState) -> Router {
    let csp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
               script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .merge(ops::routes())
        .merge(assets::routes())
        .fallback(pages::not_found)
        .method_not_allowed_fallback(pages::method_not_allowed)
        .layer(middleware::from_fn(refuse_control_characters))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            viewer::resolve,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), ops::track))
        .layer(TraceLayer::new_for_http())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        ))
        .with_state(state)
}

/// Query parameters holding a control character (a NUL, which PostgreSQL can neither store
/// nor compare) are refused before any handler runs: 422 naming the parameter, as a text
/// field with one is refused.
async fn refuse_control_characters(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let bad = request.uri().query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, v)| k.chars().chain(v.chars()).any(char::is_control))
            .map(|(k, _)| k.chars().filter(|c| !c.is_control()).collect::<String>())
    });
    let Some(field) = bad else {
        return next.run(request).await;
    };
    if request.uri().path().starts_with("/api/") {
        let errors = hrx_domain::FieldErrors::single(field, "control_characters");
        return error::ApiError::Validation(errors).into_response();
    }
    match request.extensions().get::<Viewer>() {
        Some(viewer) => {
            pages::extract::PageError::control_characters(viewer.ctx(request.uri())).into_response()
        }
        None => axum::http::StatusCode::UNPROCESSABLE_ENTITY.into_response(),
    }
}

/// Whether a client address may try one more sign-in this minute. A request without a known
/// address (the in-process tests) is not counted here; `hrx serve` always knows it.
pub fn sign_in_allowed(
    state: &AppState,
    client: Option<&axum::extract::ConnectInfo<std::net::SocketAddr>>,
) -> bool {
    client.is_none_or(|c| state.sign_in_limiter.allow(&c.0.ip().to_string()))
}
