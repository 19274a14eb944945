//! Server-rendered pages in Chinese and English. They work without JavaScript.

mod admin;
mod application_documents;
mod applications;
mod auth;
mod awards;
pub mod case;
mod conventions;
mod cooperation;
mod coverage;
mod documents;
mod experts;
pub(crate) mod extract;
mod home;
pub mod imports;
mod intorgs;
mod organisations;
mod permits;
mod persons;
mod record;
mod returnees;
pub mod statistics;
mod students;
mod training;
pub mod uploads;
mod verify;

use crate::error::ApiError;
pub use crate::layout::{message, render, Ctx};
use crate::{AppState, Viewer};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Router};
use hrx_domain::FieldErrors;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(home::routes())
        .merge(auth::routes())
        .merge(persons::routes())
        .merge(organisations::routes())
        .merge(permits::routes())
        .merge(verify::routes())
        .merge(coverage::routes())
        .merge(conventions::routes())
        .merge(cooperation::routes())
        .merge(training::routes())
        .merge(intorgs::routes())
        .merge(experts::routes())
        .merge(awards::routes())
        .merge(applications::routes())
        .merge(application_documents::routes())
        .merge(imports::routes())
        .merge(students::routes())
        .merge(statistics::routes())
        .merge(returnees::routes())
        .merge(admin::routes())
        .merge(case::picker::routes())
}

/// Field errors as translated messages keyed by field name, for showing beside each field.
#[derive(Default)]
pub struct Errors(HashMap<String, String>);

impl Errors {
    pub fn from(ctx: &Ctx, errors: &FieldErrors) -> Errors {
        Errors(
            errors
                .0
                .iter()
                .map(|e| (e.field.clone(), ctx.t(&format!("err-{}", e.code))))
                .collect(),
        )
    }

    /// The same errors with a prefix taken off the field names (nested assessment fields are
    /// shown beside the calculator fields they came from).
    pub fn from_nested(ctx: &Ctx, errors: &FieldErrors, prefix: &str) -> Errors {
        let mut plain = FieldErrors::new();
        for e in &errors.0 {
            plain.add(e.field.strip_prefix(prefix).unwrap_or(&e.field), e.code);
        }
        Errors::from(ctx, &plain)
    }

    /// Files a message of the page's own beside a field (a refusal that concerns it).
    pub fn insert(&mut self, field: &str, message: String) {
        self.0.insert(field.to_owned(), message);
    }

    pub fn get(&self, field: &str) -> String {
        self.0.get(field).cloned().unwrap_or_default()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// The status of a page with a form on it: 422 when a field has an error, else 200.
    pub fn status(&self) -> StatusCode {
        if self.any() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        }
    }
}

/// A submitted form's values as typed, shown again beside the errors.
#[derive(Default, serde::Deserialize)]
#[serde(transparent)]
pub struct FormValues(pub HashMap<String, String>);

impl FormValues {
    /// The value typed into the field `name`, empty when there is none.
    pub fn value(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Page numbers for a list, with links that keep the list's filters.
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    /// The total is a lower bound: counting stopped at a cap.
    pub capped: bool,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    pub fn new(base: &str, params: &[(&str, &str)], page: i64, per_page: i64, total: i64) -> Pager {
        let pages = ((total + per_page - 1) / per_page).max(1);
        let link = |p: i64| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
                query.append_pair(k, v);
            }
            query.append_pair("page", &p.to_string());
            format!("{base}?{}", query.finish())
        };
        Pager {
            page,
            pages,
            total,
            capped: false,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
    }
}

impl Pager {
    /// Marks the total as counted up to a cap.
    pub fn capped(mut self, capped: bool) -> Pager {
        self.capped = capped;
        self
    }
}

/// Links for a list walked by key (`after=`): the total (counted up to a cap), a link back
/// to the first page when this is not it, and the next page's link, each keeping the list's
/// filters and search.
pub struct KeysetPager {
    pub total: i64,
    /// The total is a lower bound: counting stopped at a cap.
    pub capped: bool,
    pub first: Option<String>,
    pub next: Option<String>,
}

impl KeysetPager {
    /// `after` is this page's cursor (empty on the first page), `next` the next page's.
    pub fn new(
        base: &str,
        params: &[(&str, &str)],
        after: &str,
        (total, capped): (i64, bool),
        next: Option<&str>,
    ) -> KeysetPager {
        let link = |after: Option<&str>| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
                query.append_pair(k, v);
            }
            if let Some(after) = after {
                query.append_pair("after", after);
            }
            let query = query.finish();
            if query.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?{query}")
            }
        };
        KeysetPager {
            total,
            capped,
            first: (!after.is_empty()).then(|| link(None)),
            next: next.map(|n| link(Some(n))),
        }
    }
}

/// One page of a register held in memory (a short register whose state is worked out for
/// today, so not a database's page), walked by key like the others: the `limit` rows after
/// the one whose key is `after` (from the first row when `after` is empty or no longer there),
/// the rows in all, and the next page's key when there are more.
pub fn page_in_memory<T>(
    rows: Vec<T>,
    key: impl Fn(&T) -> String,
    after: &str,
    limit: usize,
) -> (Vec<T>, i64, Option<String>) {
    let total = rows.len() as i64;
    let start = if after.is_empty() {
        0
    } else {
        rows.iter()
            .position(|r| key(r) == after)
            .map_or(0, |at| at + 1)
    };
    let mut page: Vec<T> = rows.into_iter().skip(start).take(limit + 1).collect();
    let more = page.len() > limit;
    page.truncate(limit);
    let next = if more { page.last().map(&key) } else { None };
    (page, total, next)
}

/// The search and the page asked of a register held in memory: `?q=…&after=…`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Searched {
    pub q: String,
    pub after: String,
}

impl Searched {
    /// The rows whose `texts` hold every word of the search, a page of `limit` after the
    /// row keyed `after`, and the page's links (which keep `params` and the search).
    pub fn page<T>(
        &self,
        (base, params): (&str, &[(&str, &str)]),
        rows: Vec<T>,
        key: impl Fn(&T) -> String,
        texts: impl Fn(&T) -> Vec<String>,
        limit: usize,
    ) -> (Vec<T>, KeysetPager) {
        let found: Vec<T> = rows
            .into_iter()
            .filter(|r| {
                let texts = texts(r);
                let fields: Vec<&str> = texts.iter().map(String::as_str).collect();
                words_in(&self.q, &fields)
            })
            .collect();
        let (rows, total, next) = page_in_memory(found, key, &self.after, limit);
        let mut kept: Vec<(&str, &str)> = params.to_vec();
        kept.push(("q", &self.q));
        let pager = KeysetPager::new(base, &kept, &self.after, (total, false), next.as_deref());
        (rows, pager)
    }
}

/// Whether every word of a search is found, ignoring case, in one of `fields` (an empty
/// search finds everything).
pub fn words_in(search: &str, fields: &[&str]) -> bool {
    let fields: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
    search
        .to_lowercase()
        .split_whitespace()
        .all(|w| fields.iter().any(|f| f.contains(w)))
}

pub async fn not_found(Extension(viewer): Extension<Viewer>, uri: Uri) -> Response {
    nothing_here(&viewer, &uri, ApiError::NotFound, StatusCode::NOT_FOUND)
}

pub async fn method_not_allowed(Extension(viewer): Extension<Viewer>, uri: Uri) -> Response {
    nothing_here(
        &viewer,
        &uri,
        ApiError::MethodNotAllowed,
        StatusCode::METHOD_NOT_ALLOWED,
    )
}

/// No route for this address or method: the API's JSON error under `/api/`, elsewhere the
/// not-found page with the status.
fn nothing_here(viewer: &Viewer, uri: &Uri, api: ApiError, status: StatusCode) -> Response {
    if uri.path().starts_with("/api/") {
        return api.into_response();
    }
    message(
        viewer.ctx(uri),
        status,
        "not-found-title",
        "not-found-message",
    )
}

/// Pages behind sign-in send a visitor to the sign-in page and back.
pub fn sign_in_first(uri: &Uri) -> Response {
    let next = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    Redirect::to(&format!("/login?next={next}")).into_response()
}

pub fn not_found_page(ctx: Ctx) -> Response {
    message(
        ctx,
        StatusCode::NOT_FOUND,
        "not-found-title",
        "not-found-message",
    )
}

/// A record id from a path: a positive number, or nothing (which pages answer with 404).
pub fn parse_id(id: &str) -> Option<i64> {
    id.parse::<i64>().ok().filter(|id| *id > 0)
}

pub fn forbidden(ctx: Ctx) -> Response {
    message(
        ctx,
        StatusCode::FORBIDDEN,
        "forbidden-title",
        "forbidden-message",
    )
}

pub fn server_error(ctx: Ctx, error: hrx_store::StoreError) -> Response {
    if matches!(error, hrx_store::StoreError::Busy) {
        // Busy for now (a long import holds SQLite's writer): 503, to try again shortly.
        tracing::warn!("the database was busy for a page");
        let mut response = message(
            ctx,
            StatusCode::SERVICE_UNAVAILABLE,
            "busy-title",
            "busy-message",
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
        return response;
    }
    tracing::error!(error = %error, "store error on a page");
    message(
        ctx,
        StatusCode::INTERNAL_SERVER_ERROR,
        "error-title",
        "error-message",
    )
}

/// Where to go after signing in or switching language: a path on this site, or `/`. Browsers
/// drop tabs and newlines from a URL before reading it (`/\t/evil.example` becomes the
/// protocol-relative `//evil.example`), and a newline cannot stand in a header, so any control
/// character refuses the path, as does a backslash (read as a slash).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.chars().any(|c| c == '\\' || c.is_control()) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

pub fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

#[cfg(test)]
mod tests {
    use crate::i18n::{keys, EN_FTL};

    #[test]
    fn next_stays_on_this_site() {
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/x",
            "\t//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
        ] {
            assert_eq!(super::safe_next(Some(bad)), "/", "{bad:?}");
        }
        for good in [
            "/",
            "/persons?q=li",
            "/statistics/narrative?year=2009",
            "/.//x",
        ] {
            assert_eq!(super::safe_next(Some(good)), good);
        }
        assert_eq!(super::safe_next(None), "/");
    }
    use hrx_domain::access::Role;
    use hrx_domain::registry::{OrganisationKind, Sex};

    /// Codes translated through `Ctx::tk` and `err-{code}` are built at run time, so the
    /// template scan cannot see them: check each closed list here, and every error code the
    /// domain and the web layer can produce.
    #[test]
    fn every_code_shown_to_users_has_a_translation() {
        let defined = keys(EN_FTL);
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend(Sex::ALL.iter().map(|s| format!("sex-{}", s.code())));
        wanted.extend(
            OrganisationKind::ALL
                .iter()
                .map(|k| format!("kind-{}", k.code())),
        );
        wanted.extend(Role::ALL.iter().map(|r| format!("role-{}", r.code())));
        wanted.extend(["document-passport", "document-resident_id"].map(String::from));
        wanted.extend(["action-create", "action-update", "action-set_password"].map(String::from));
        let sources = [
            include_str!("../../../hrx-domain/src/registry/person.rs"),
            include_str!("../../../hrx-domain/src/registry/organisation.rs"),
            include_str!("../../../hrx-domain/src/registry/codes.rs"),
            include_str!("../../../hrx-domain/src/registry/mod.rs"),
            include_str!("../error.rs"),
            include_str!("persons.rs"),
            include_str!("organisations.rs"),
            include_str!("../api/registry.rs"),
            include_str!("permits.rs"),
            include_str!("applications.rs"),
            include_str!("../../../hrx-domain/src/permits/application.rs"),
            include_str!("../../../hrx-domain/src/permits/points.rs"),
        ];
        for source in sources {
            for line in source
                .lines()
                .filter(|l| !l.trim_start().starts_with("assert"))
            {
                for marker in ["Err(\"", "ok_or(\"", "\", \""] {
                    for piece in line.split(marker).skip(1) {
                        let code: String = piece
                            .chars()
                            .take_while(|c| {
                                c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit()
                            })
                            .collect();
                        if !code.is_empty() && piece[code.len()..].starts_with('"') {
                            wanted.push(format!("err-{code}"));
                        }
                    }
                }
            }
        }
        wanted.extend(
            hrx_domain::permits::EDUCATION_CODES
                .iter()
                .map(|c| format!("edu-{c}")),
        );
        wanted.extend(
            hrx_domain::reference::reference()
                .provinces
                .iter()
                .map(|p| format!("region-{}", p.region)),
        );
        wanted.extend(
            [
                "chinese-item-none",
                "chinese-item-hsk",
                "chinese-item-chinese_taught_degree",
                "chinese-item-former_chinese_national",
            ]
            .map(String::from),
        );
        for factor in [
            "salary",
            "education",
            "experience",
            "months_in_china",
            "chinese",
            "location",
            "age",
            "distinctions",
            "local_bonus",
        ] {
            wanted.push(format!("factor-{factor}"));
        }
        for unmet in [
            "b_age_over_60",
            "b_degree_below_bachelor",
            "b_experience_under_2_years",
        ] {
            wanted.push(format!("unmet-{unmet}"));
        }
        if let Ok(w) = hrx_domain::permits::workflow() {
            wanted.extend(w.states.iter().map(|s| format!("status-{}", s.code)));
            wanted.extend(w.transitions.iter().map(|t| format!("action-{}", t.action)));
        }
        wanted.extend(
            hrx_domain::permits::APPLICATION_KINDS
                .iter()
                .map(|k| format!("kind-{k}")),
        );
        for status in ["active", "cancelled", "expired"] {
            wanted.push(format!("permit-status-{status}"));
        }
        for doc in [
            "work_permit",
            "work_permit_notice",
            "alien_employment_permit",
            "foreign_expert_certificate",
        ] {
            wanted.push(format!("document-type-{doc}"));
        }
        use hrx_domain::permits::routes::{A_ROUTES, B_ROUTES, C_ROUTES};
        wanted.extend(
            A_ROUTES
                .iter()
                .chain(&B_ROUTES)
                .chain(&C_ROUTES)
                .map(|r| format!("route-{r}")),
        );
        fn kebab(c: char) -> bool {
            c.is_ascii_lowercase() || c == '-'
        }
        fn snake(c: char) -> bool {
            c.is_ascii_lowercase() || c == '_'
        }
        fn code(c: char) -> bool {
            snake(c) || c.is_ascii_digit()
        }
        let routes = include_str!("../../../hrx-domain/src/permits/routes.rs");
        let store = include_str!("../../../hrx-store/src/permits/applications.rs");
        let points = include_str!("../../../hrx-domain/src/permits/points.rs");
        // Where keys stand in the sources: before them a marker, made of which characters, and
        // the prefix of their translation.
        type Scan<'a> = (&'a str, &'a str, fn(char) -> bool, &'a str);
        let scans: [Scan; 7] = [
            (routes, "\"route-", kebab, "route"),
            (routes, "hard.push(\"", code, "unmet"),
            (store, "code: \"", snake, "refused"),
            (points, "factor(\n            \"", snake, "factor"),
            (points, "factor(\"", snake, "factor"),
            (points, "unmet_conditions.push(\"", code, "unmet"),
            (points, "\"rule-", kebab, "rule"),
        ];
        for (source, marker, word, prefix) in scans {
            for piece in source.split(marker).skip(1) {
                let key: String = piece.chars().take_while(|c| word(*c)).collect();
                if !key.is_empty() {
                    wanted.push(format!("{prefix}-{key}"));
                }
            }
        }
        wanted.sort();
        wanted.dedup();
        let missing: Vec<_> = wanted.iter().filter(|k| !defined.contains(k)).collect();
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }
}
