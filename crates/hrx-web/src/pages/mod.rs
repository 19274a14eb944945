//! Server-rendered pages in Chinese and English. They work without JavaScript.

mod admin;
mod application_documents;
mod applications;
mod auth;
mod coverage;
mod home;
pub mod imports;
mod organisations;
mod permits;
mod persons;
mod returnees;
pub mod statistics;
mod students;
pub mod uploads;
mod verify;

use crate::i18n::{translate, Lang};
use crate::{AppState, Viewer};
use askama::Template;
use axum::http::{header, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Router};
use hrx_domain::access::Principal;
use hrx_domain::reference::reference;
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
        .merge(applications::routes())
        .merge(application_documents::routes())
        .merge(imports::routes())
        .merge(students::routes())
        .merge(statistics::routes())
        .merge(returnees::routes())
        .merge(admin::routes())
}

/// What every page needs: language, the signed-in user, the CSRF token for its forms, and
/// where it is (for the language switch and sign-in redirects).
pub struct Ctx {
    pub lang: Lang,
    pub csrf: String,
    pub user: Option<Principal>,
    pub path: String,
    /// The synthetic demo dataset is loaded: the layout says so on every page.
    pub demo: bool,
}

impl Ctx {
    pub fn new(viewer: &Viewer, uri: &Uri) -> Ctx {
        Ctx {
            lang: viewer.lang,
            csrf: viewer.csrf.clone(),
            user: viewer.principal.clone(),
            demo: viewer.demo,
            path: uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
        }
    }

    pub fn t(&self, key: &str) -> String {
        translate(self.lang, key, &[])
    }

    /// A translated code from a closed list, such as `tk("sex", "female")` for `sex-female`.
    pub fn tk(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}-{code}"))
    }

    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        translate(self.lang, key, &[(name, value.to_string())])
    }

    /// A number with its digits grouped by thousands, for figures and tables.
    pub fn num(&self, n: &i64) -> String {
        statistics::exact_number(*n)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.lang.other().code()
    }

    /// The other language's name, written in that language.
    pub fn other_lang_name(&self) -> &'static str {
        match self.lang {
            Lang::Zh => "English",
            Lang::En => "中文",
        }
    }

    pub fn switch_href(&self) -> String {
        format!(
            "/lang/{}?next={}",
            self.other_lang_code(),
            form_urlencoded::byte_serialize(self.path.as_bytes()).collect::<String>()
        )
    }

    pub fn username(&self) -> String {
        self.user
            .as_ref()
            .map(|u| u.username.clone())
            .unwrap_or_default()
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.may_manage_users())
    }

    /// Mobility officers, reviewers and admins see the study records.
    pub fn may_see_students(&self) -> bool {
        self.user.as_ref().is_some_and(|u| {
            u.has(hrx_domain::access::Capability::Mobility)
                || u.role == hrx_domain::access::Role::Reviewer
        })
    }

    /// Whether the user may import any kind of file (the upload page is then in the menu).
    pub fn may_import_any(&self) -> bool {
        self.user.as_ref().is_some_and(|u| {
            hrx_domain::imports::ImportKind::ALL
                .into_iter()
                .any(|k| u.may_import(k))
        })
    }

    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    pub fn role_name(&self) -> String {
        self.user
            .as_ref()
            .map(|u| self.t(&format!("role-{}", u.role.code())))
            .unwrap_or_default()
    }

    pub fn country_name(&self, code: &str) -> String {
        reference()
            .country(code)
            .map(|c| match self.lang {
                Lang::Zh => c.name_zh.clone(),
                Lang::En => c.name_en.clone(),
            })
            .unwrap_or_else(|| code.to_owned())
    }

    pub fn province_name(&self, code: &str) -> String {
        reference()
            .province(code)
            .map(|p| match self.lang {
                Lang::Zh => p.name_zh.clone(),
                Lang::En => p.name_en.clone(),
            })
            .unwrap_or_else(|| code.to_owned())
    }

    /// A date as the reader's language writes it.
    pub fn date(&self, iso: &str) -> String {
        match (
            self.lang,
            chrono::NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d"),
        ) {
            (Lang::Zh, Ok(d)) => d.format("%Y年%-m月%-d日").to_string(),
            (Lang::En, Ok(d)) => d.format("%-d %b %Y").to_string(),
            _ => iso.to_owned(),
        }
    }

    /// A timestamp in UTC, to the minute.
    pub fn datetime(&self, iso: &str) -> String {
        let time = iso.get(11..16).unwrap_or("");
        format!("{} {time} UTC", self.date(iso))
    }

    pub fn countries(&self) -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> = reference()
            .countries
            .iter()
            .map(|c| (c.alpha2.clone(), self.country_name(&c.alpha2)))
            .collect();
        if self.lang == Lang::En {
            list.sort_by(|a, b| a.1.cmp(&b.1));
        }
        list
    }

    pub fn provinces(&self) -> Vec<(String, String)> {
        reference()
            .provinces
            .iter()
            .map(|p| (p.code.clone(), self.province_name(&p.code)))
            .collect()
    }
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

    pub fn get(&self, field: &str) -> String {
        self.0.get(field).cloned().unwrap_or_default()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn any(&self) -> bool {
        !self.0.is_empty()
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

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub ctx: Ctx,
    pub title: String,
    pub message: String,
}

pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

pub fn message(ctx: Ctx, status: StatusCode, title_key: &str, message_key: &str) -> Response {
    let page = MessagePage {
        title: ctx.t(title_key),
        message: ctx.t(message_key),
        ctx,
    };
    render(status, &page)
}

fn bare_ctx(lang: Lang) -> Ctx {
    Ctx {
        lang,
        csrf: String::new(),
        user: None,
        path: "/".into(),
        demo: false,
    }
}

pub fn csrf_failed(lang: Lang) -> Response {
    message(
        bare_ctx(lang),
        StatusCode::FORBIDDEN,
        "csrf-title",
        "csrf-message",
    )
}

pub fn too_large(lang: Lang) -> Response {
    message(
        bare_ctx(lang),
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large-title",
        "too-large-message",
    )
}

pub async fn not_found(Extension(viewer): Extension<Viewer>, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::error::ApiError::NotFound.into_response();
    }
    message(
        Ctx::new(&viewer, &uri),
        StatusCode::NOT_FOUND,
        "not-found-title",
        "not-found-message",
    )
}

pub async fn method_not_allowed(Extension(viewer): Extension<Viewer>, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::error::ApiError::MethodNotAllowed.into_response();
    }
    message(
        Ctx::new(&viewer, &uri),
        StatusCode::METHOD_NOT_ALLOWED,
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
    tracing::error!(error = %error, "store error on a page");
    message(
        ctx,
        StatusCode::INTERNAL_SERVER_ERROR,
        "error-title",
        "error-message",
    )
}

/// Only same-site paths are followed after sign-in or a language switch.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
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
        let routes = include_str!("../../../hrx-domain/src/permits/routes.rs");
        for piece in routes.split("\"route-").skip(1) {
            let key: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            wanted.push(format!("route-{key}"));
        }
        for piece in routes.split("hard.push(\"").skip(1) {
            let code: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect();
            wanted.push(format!("unmet-{code}"));
        }
        let store = include_str!("../../../hrx-store/src/permits/applications.rs");
        for piece in store.split("code: \"").skip(1) {
            let code: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            wanted.push(format!("refused-{code}"));
        }
        let points = include_str!("../../../hrx-domain/src/permits/points.rs");
        for piece in points
            .split("factor(\n            \"")
            .skip(1)
            .chain(points.split("factor(\"").skip(1))
        {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                wanted.push(format!("factor-{name}"));
            }
        }
        for piece in points.split("unmet_conditions.push(\"").skip(1) {
            let code: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect();
            wanted.push(format!("unmet-{code}"));
        }
        let points = include_str!("../../../hrx-domain/src/permits/points.rs");
        for piece in points.split("\"rule-").skip(1) {
            let key: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            wanted.push(format!("rule-{key}"));
        }
        wanted.sort();
        wanted.dedup();
        let missing: Vec<_> = wanted.iter().filter(|k| !defined.contains(k)).collect();
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }
}
