//! HTTP tests that drive the real router on each database: SQLite always, PostgreSQL when
//! HRX_TEST_DATABASE_URL is set.

// Tests fail by panicking; the library lints against panics do not apply here.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod access;
mod admin_pages;
mod api;
mod application_documents;
mod application_pages;
mod applications;
mod awards;
mod awards_file_pages;
mod awards_pages;
mod conventions;
mod conventions_pages;
mod cooperation;
mod cooperation_pages;
mod coverage;
mod experts_pages;
mod identity;
mod imports;
mod intorgs;
mod intorgs_cases;
mod intorgs_pages;
mod lists;
mod loading;
mod matrix;
mod pages;
mod permits;
mod returnees;
mod robust;
mod statistics;
mod students;
mod support;
mod training;
mod training_pages;

use axum::body::{to_bytes, Body};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use hrx_domain::access::{Capability, Role};
use hrx_store::accounts::NewUser;
use hrx_store::Store;
use hrx_web::{router, AppState, WebConfig};
use serde_json::Value;
use std::future::Future;
use tower::ServiceExt;

pub use support::*;

pub const PASSWORD: &str = "a long test password";

pub struct App {
    pub router: Router,
    pub store: Store,
    pub label: &'static str,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// The value a `Set-Cookie` header gives a cookie.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }
}

impl App {
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", self.label));
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// A JSON API call with an optional bearer token.
    pub async fn api(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(json) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).unwrap_or_default()).await
    }

    /// Creates a record through the API and answers its id (0 if it was refused).
    pub async fn create(&self, uri: &str, token: &str, body: Value) -> i64 {
        self.api(Method::POST, uri, Some(token), Some(body))
            .await
            .json()["id"]
            .as_i64()
            .unwrap_or_default()
    }

    pub async fn raw(
        &self,
        method: Method,
        uri: &str,
        token: &str,
        content_type: &str,
        body: impl Into<Body>,
    ) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, content_type)
            .body(body.into())
            .unwrap_or_default();
        self.send(request).await
    }

    pub async fn user(
        &self,
        username: &str,
        role: Role,
        capabilities: Vec<Capability>,
        org: Option<i64>,
        person: Option<i64>,
    ) {
        self.store
            .create_user(
                "test",
                &NewUser {
                    username: username.into(),
                    password: PASSWORD.into(),
                    role,
                    capabilities,
                    organisation_id: org,
                    person_id: person,
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{}: user {username}: {e}", self.label));
    }

    pub async fn token(&self, username: &str) -> String {
        let reply = self
            .api(
                Method::POST,
                "/api/v1/auth/token",
                None,
                Some(serde_json::json!({"username": username, "password": PASSWORD})),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}: token for {username}: {}",
            self.label,
            reply.body
        );
        reply.json()["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// An admin user and their token.
    pub async fn admin(&self) -> String {
        self.user("root", Role::Admin, vec![], None, None).await;
        self.token("root").await
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(self.store.pool())
            .await
            .unwrap_or(-1)
    }
}

/// Runs the body once per backend with a fresh database and a router over it.
pub async fn on_each_backend<F, Fut>(body: F)
where
    F: Fn(App) -> Fut,
    Fut: Future<Output = ()>,
{
    on_each_backend_at(None, body).await
}

/// The same, with the business date pinned.
pub async fn on_each_backend_at<F, Fut>(today: Option<chrono::NaiveDate>, body: F)
where
    F: Fn(App) -> Fut,
    Fut: Future<Output = ()>,
{
    let body = &body;
    hrx_store::testing::on_each_backend(|store, label| async move {
        let app = App {
            router: router(AppState::new(
                store.clone(),
                WebConfig {
                    fixed_today: today,
                    ..WebConfig::default()
                },
            )),
            store: store.clone(),
            label,
        };
        body(app).await;
    })
    .await;
}

pub fn person_json(latin: &str, passport: &str) -> Value {
    serde_json::json!({
        "name_native": "安娜",
        "name_latin": latin,
        "sex": "female",
        "birth_date": "1990-05-01",
        "nationality": "DE",
        "passport_number": passport,
        "passport_expiry": "2031-01-31"
    })
}

pub fn employer_json(name: &str, credit_code: &str) -> Value {
    serde_json::json!({
        "kind": "employer",
        "name_zh": name,
        "name_en": format!("{name} Co"),
        "country": "CN",
        "province": "310000",
        "credit_code": credit_code
    })
}

pub const CODE_A: &str = "91350100M000100Y43";
pub const CODE_B: &str = "911100001000233692";
