//! The authorization matrix (issue 24): every route of the router, read from the router's own
//! route table, with every method it answers, against every kind of caller — anonymous, an
//! applicant, two employers, an officer of each capability, a reviewer and an administrator —
//! on both databases. What each caller must get is data (`authorization-matrix.txt` beside
//! this file): a route the table does not list, or a caller who gets another answer, fails
//! the test.
//!
//! An answer is read as one letter: `L` sign in first (401, or a redirect to the sign-in
//! page), `F` forbidden (403), `N` not found (404: also what a record outside the caller's
//! scope answers), `A` anything else (the request was let through: a page, a 422 for the empty
//! body, a 409, a 429 of a rate limit). The callers' letters stand in the order of
//! [`CALLERS`]. `HRX_MATRIX_WRITE=1` writes the table as observed, to be read over before it
//! is committed.
//!
//! Requests carry no record of their own: ids are 1 (the first employer and its person; no
//! case has id 1), API writes send `{}` and page forms nothing. An API write whose body is
//! refused (422) before its handler reads the caller's capability shows `A` for every caller
//! who signed in: such a row says only that the anonymous caller is sent to sign in; who may
//! write is tested capability by capability in the capabilities' own tests.

use super::{on_each_backend, App};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use hrx_domain::access::{Capability, Role};
use std::collections::BTreeMap;

const TABLE: &str = include_str!("authorization-matrix.txt");

/// The callers, in the order of each row's letters.
const CALLERS: [&str; 16] = [
    "anonymous",
    "applicant",
    "employer-a",
    "employer-b",
    "o-registry",
    "o-work_permits",
    "o-coverage",
    "o-conventions",
    "o-cooperation",
    "o-mobility",
    "o-experts",
    "o-statistics",
    "o-training",
    "o-international_organisations",
    "reviewer",
    "admin",
];

/// Requests left out, with why: each would end the caller's own token or session, or spend
/// the sign-in allowance the other rows need.
const LEFT_OUT: [(&str, &str); 4] = [
    ("POST", "/login"),
    ("POST", "/logout"),
    ("POST", "/api/v1/auth/token"),
    ("DELETE", "/api/v1/auth/token"),
];

const METHODS: [Method; 4] = [Method::GET, Method::POST, Method::PUT, Method::DELETE];

/// The paths the router holds, from its route table (the `Debug` form lists each route's
/// path beside its id).
fn route_table(app: &App) -> Vec<String> {
    let table = format!("{:?}", app.router);
    let mut paths: Vec<String> = table
        .split("RouteId(")
        .skip(1)
        .filter_map(|part| {
            let rest = part.split_once("): \"")?.1;
            rest.split_once('"').map(|(path, _)| path.to_owned())
        })
        .filter(|p| p.starts_with('/'))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// A path with its parameters filled: record ids 1 (the first employer, its person), a
/// language, a document number, a file name.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{lang}" => "en".to_owned(),
            "{number}" => "WP2009000000000".to_owned(),
            "{file}" => "study-abroad.csv".to_owned(),
            s if s.starts_with("{*") => "x".to_owned(),
            s if s.starts_with('{') => "1".to_owned(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn letter(status: StatusCode, location: &str) -> char {
    match status.as_u16() {
        401 => 'L',
        301..=308 if location.starts_with("/login") => 'L',
        403 => 'F',
        404 => 'N',
        _ => 'A',
    }
}

/// The callers' tokens (none for the anonymous caller), in the order of [`CALLERS`].
async fn callers(app: &App) -> Vec<Option<String>> {
    let admin = app.admin().await;
    let (a, b) = app.two_employers(&admin).await;
    let person = app.person_of(&admin, a, "Anna Muller", "C01X00T47").await;
    let mut tokens = vec![None];
    app.user("applicant", Role::Applicant, vec![], None, Some(person))
        .await;
    tokens.push(Some(app.token("applicant").await));
    for (name, org) in [("employer-a", a), ("employer-b", b)] {
        app.user(name, Role::Employer, vec![], Some(org), None)
            .await;
        tokens.push(Some(app.token(name).await));
    }
    for capability in Capability::ALL {
        let name = format!("o-{}", capability.code());
        app.officer(&name, capability).await;
        tokens.push(Some(app.token(&name).await));
    }
    app.user("reviewer", Role::Reviewer, vec![], None, None)
        .await;
    tokens.push(Some(app.token("reviewer").await));
    tokens.push(Some(admin));
    tokens
}

async fn answer(app: &App, method: &Method, uri: &str, token: Option<&str>) -> char {
    let mut request = Request::builder().method(method.clone()).uri(uri);
    if let Some(t) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let body = if method == Method::GET {
        Body::empty()
    } else if uri.starts_with("/api/") {
        request = request.header(header::CONTENT_TYPE, "application/json");
        Body::from("{}")
    } else {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        Body::empty()
    };
    let reply = app.send(request.body(body).unwrap_or_default()).await;
    let location = reply
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    letter(reply.status, location)
}

/// Every route and method the router answers, with each caller's letter.
async fn observe(app: &App) -> BTreeMap<String, String> {
    let tokens = callers(app).await;
    let mut rows = BTreeMap::new();
    for path in route_table(app) {
        let uri = concrete(&path);
        for method in &METHODS {
            if LEFT_OUT.contains(&(method.as_str(), path.as_str())) {
                continue;
            }
            // A method the route does not have is 405 to a caller who gets past sign-in.
            let admin = tokens.last().cloned().flatten();
            let mut probe = Request::builder().method(method.clone()).uri(&uri);
            if let Some(t) = &admin {
                probe = probe.header(header::AUTHORIZATION, format!("Bearer {t}"));
            }
            let probe = app
                .send(probe.body(Body::empty()).unwrap_or_default())
                .await;
            if probe.status == StatusCode::METHOD_NOT_ALLOWED {
                continue;
            }
            let mut letters = String::new();
            for token in &tokens {
                letters.push(answer(app, method, &uri, token.as_deref()).await);
            }
            rows.insert(format!("{} {path}", method.as_str()), letters);
        }
    }
    rows
}

fn expected() -> BTreeMap<String, String> {
    TABLE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (route, letters) = l.rsplit_once(' ')?;
            Some((route.trim().to_owned(), letters.to_owned()))
        })
        .collect()
}

#[tokio::test]
async fn every_route_answers_each_caller_as_the_matrix_says() {
    on_each_backend(|app| async move {
        let observed = observe(&app).await;
        assert!(observed.len() > 200, "{}: {} routes", app.label, observed.len());
        if std::env::var("HRX_MATRIX_WRITE").is_ok_and(|v| v == "1") {
            let mut text = String::from(
                "# The authorization matrix: METHOD PATH, then one letter per caller in the order of\n\
                 # matrix.rs's CALLERS (anonymous, applicant, employer-a, employer-b, the officers of\n\
                 # registry, work_permits, coverage, conventions, cooperation, mobility, experts,\n\
                 # statistics, training, international_organisations, reviewer, admin).\n\
                 # L sign in first, F forbidden, N not found, A let through.\n",
            );
            for (route, letters) in &observed {
                text.push_str(&format!("{route} {letters}\n"));
            }
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/authorization-matrix.txt");
            std::fs::write(path, text).unwrap();
            return;
        }
        let expected = expected();
        let mut wrong = Vec::new();
        for (route, letters) in &observed {
            match expected.get(route) {
                None => wrong.push(format!("{route}: not in the matrix (observed {letters})")),
                Some(want) if want != letters => {
                    let who: Vec<String> = CALLERS
                        .iter()
                        .zip(want.chars().zip(letters.chars()))
                        .filter(|(_, (w, o))| w != o)
                        .map(|(c, (w, o))| format!("{c} {w}→{o}"))
                        .collect();
                    wrong.push(format!("{route}: {}", who.join(", ")));
                }
                Some(_) => {}
            }
        }
        for route in expected.keys() {
            if !observed.contains_key(route) {
                wrong.push(format!("{route}: in the matrix, not in the router"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{}: {} cells differ:\n{}",
            app.label,
            wrong.len(),
            wrong.join("\n")
        );
    })
    .await;
}
