//! Set-up shared by the HTTP tests: short API calls, the parties most tests start from
//! (employers, their clerks, officers, a person), browsers signed in, and the work-permit
//! filing and its steps over the API.

use super::pages::Browser;
use super::{employer_json, person_json, App, Reply, CODE_A, CODE_B};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use hrx_domain::access::{Capability, Role};
use serde_json::{json, Value};

impl Reply {
    /// Asserts the status, naming the database and showing the body when it differs.
    #[track_caller]
    pub fn expect(&self, status: StatusCode, label: &str) -> &Self {
        assert_eq!(self.status, status, "{label}: {}", self.body);
        self
    }

    /// The `id` of the JSON answer (0 if there is none).
    pub fn id(&self) -> i64 {
        self.json()["id"].as_i64().unwrap_or_default()
    }

    /// The fields a problem answer names in its `errors`, in order.
    pub fn error_fields(&self) -> Vec<Value> {
        self.json()["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["field"].clone())
            .collect()
    }
}

impl App {
    pub async fn get(&self, uri: &str, token: Option<&str>) -> Reply {
        self.api(Method::GET, uri, token, None).await
    }

    pub async fn post(&self, uri: &str, token: Option<&str>, body: Value) -> Reply {
        self.api(Method::POST, uri, token, Some(body)).await
    }

    pub async fn put(&self, uri: &str, token: Option<&str>, body: Value) -> Reply {
        self.api(Method::PUT, uri, token, Some(body)).await
    }

    pub async fn delete(&self, uri: &str, token: Option<&str>) -> Reply {
        self.api(Method::DELETE, uri, token, None).await
    }

    /// A JSON POST with a bearer token, asking for answers in `language` (`Accept-Language`).
    pub async fn post_with_language(
        &self,
        uri: &str,
        token: &str,
        body: Value,
        language: &str,
    ) -> Reply {
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, language)
            .body(Body::from(body.to_string()))
            .unwrap_or_default();
        self.send(request).await
    }

    /// A GET without a session, with the given extra headers (e.g. `Accept-Language`).
    pub async fn page(&self, uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
        let mut builder = Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(name, *value);
        }
        self.send(builder.body(Body::empty()).unwrap_or_default())
            .await
    }

    /// Posts a new person (`person_json`) and answers the reply.
    pub async fn new_person(&self, token: &str, latin: &str, passport: &str) -> Reply {
        let body = person_json(latin, passport);
        self.post("/api/v1/persons", Some(token), body).await
    }

    /// Creates a person through the API (`person_json`) and answers its id.
    pub async fn person(&self, token: &str, latin: &str, passport: &str) -> i64 {
        self.new_person(token, latin, passport).await.id()
    }

    /// Posts a new employer (`employer_json`) and answers the reply.
    pub async fn new_employer(&self, token: &str, name: &str, credit_code: &str) -> Reply {
        let body = employer_json(name, credit_code);
        self.post("/api/v1/organisations", Some(token), body).await
    }

    /// Creates an employer through the API (`employer_json`) and answers its id.
    pub async fn employer(&self, token: &str, name: &str, credit_code: &str) -> i64 {
        self.new_employer(token, name, credit_code).await.id()
    }

    /// The two employers the tests share: 甲公司 (CODE_A) and 乙公司 (CODE_B).
    pub async fn two_employers(&self, admin: &str) -> (i64, i64) {
        (
            self.employer(admin, "甲公司", CODE_A).await,
            self.employer(admin, "乙公司", CODE_B).await,
        )
    }

    /// Creates a person bound to an organisation (as the administrator may) and answers its id.
    pub async fn person_of(&self, token: &str, org: i64, latin: &str, passport: &str) -> i64 {
        let mut body = person_json(latin, passport);
        body["organisation_id"] = json!(org);
        self.create("/api/v1/persons", token, body).await
    }

    /// An officer with one capability.
    pub async fn officer(&self, username: &str, capability: Capability) {
        self.user(username, Role::Officer, vec![capability], None, None)
            .await;
    }

    /// A browser signed in as the user.
    pub async fn browser(&self, username: &str) -> Browser<'_> {
        let mut browser = Browser::new(self);
        browser.sign_in(username).await;
        browser
    }
}

/// A work-permit application filed for the person (the API body).
pub fn application_json(person_id: i64) -> Value {
    json!({
        "kind": "new", "person_id": person_id, "position": "Software engineer", "occupation": "25",
        "contract_start": "2025-10-01", "contract_end": "2027-09-30",
        "assessment": {"assessment_date": "2025-09-20", "birth_date": "1990-05-01", "annual_salary_cny": 300000,
            "education": "master", "related_experience_years": 4, "months_in_china_per_year": 12,
            "chinese": {"hsk_level": 4}, "work_location": {"province": "310000"}}
    })
}

/// Files a work-permit application over the API.
pub async fn file_application(app: &App, token: &str, body: Value) -> Reply {
    app.post("/api/v1/work-permits/applications", Some(token), body)
        .await
}

/// One workflow step on a work-permit application over the API.
pub async fn step(
    app: &App,
    token: &str,
    id: i64,
    version: i64,
    action: &str,
    comment: Option<&str>,
) -> Reply {
    let body = json!({"action": action, "version": version, "comment": comment});
    app.post(
        &format!("/api/v1/work-permits/applications/{id}/transitions"),
        Some(token),
        body,
    )
    .await
}

pub struct Parties {
    pub clerk: String,
    pub officer: String,
    pub other_clerk: String,
    pub person: i64,
}

/// The parties of the work-permit tests, the officer holding `WorkPermits`.
pub async fn parties(app: &App) -> Parties {
    parties_for(app, Capability::WorkPermits).await
}

/// Two employers with a clerk each ("clerk" and "other"), an officer ("officer") with the
/// capability and a person the first employer registered; the administrator is "root".
pub async fn parties_for(app: &App, capability: Capability) -> Parties {
    let admin = app.admin().await;
    let (mine, theirs) = app.two_employers(&admin).await;
    app.user("clerk", Role::Employer, vec![], Some(mine), None)
        .await;
    app.user("other", Role::Employer, vec![], Some(theirs), None)
        .await;
    app.officer("officer", capability).await;
    let clerk = app.token("clerk").await;
    let person = app.person(&clerk, "Anna Berg", "C01X00T47").await;
    Parties {
        clerk,
        officer: app.token("officer").await,
        other_clerk: app.token("other").await,
        person,
    }
}

/// A business date for `on_each_backend_at`.
pub fn day(year: i32, month: u32, day: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(year, month, day)
}
