//! Bilateral social-security agreements and certificates of coverage on pages: the public
//! registry of agreements (administrators edit their terms), the public determination of what
//! an agreement provides for a posting, the certificates of coverage (employers file and
//! follow theirs; officers with the coverage capability check, issue, accept and revoke), the
//! print-ready certificate and its public check.

use super::extract::{allow, Anyone, Found, OrPage, PageError, SignedIn};
use super::verify::{initials, qr, verify_url};
use super::{no_store, parse_id, render, Ctx, Errors, Pager};
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::service::coverage::{
    coverage_scope, employer_for, reasons, run_determination, take_step, CertificateTransition,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use hrx_domain::access::{Capability, Principal, Role, Scope};
use hrx_domain::coverage::agreements::{
    Agreement, AgreementRow, ExtensionRule, PostingLimit, CATEGORIES,
};
use hrx_domain::coverage::certificates::{workflow, CertificateInput};
use hrx_domain::coverage::determine::{Determination, DeterminationRequest};
use hrx_domain::coverage::rates::RateTable;
use hrx_domain::FieldErrors;
use hrx_store::coverage::{CertificateQuery, CertificateRecord};
use hrx_store::registry::{PersonQuery, PersonRecord};
use hrx_store::StoreError;
use serde::Deserialize;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/coverage", get(registry))
        .route(
            "/coverage/agreements/{code}",
            get(agreement).post(save_agreement),
        )
        .route("/coverage/determine", get(determine_page))
        .route("/coverage/certificates", get(list).post(create))
        .route("/coverage/certificates/new", get(new_form))
        .route("/coverage/certificates/{id}", get(view))
        .route("/coverage/certificates/{id}/transition", post(transition))
        .route("/coverage/certificates/{id}/extension", post(extension))
        .route("/coverage/certificates/{id}/print", get(print))
        .route("/verify/coverage/{number}", get(verify))
}

const PER_PAGE: i64 = 25;

/// States in which a certificate has a document to print and to check publicly.
const DOCUMENT_STATES: [&str; 5] = ["issued", "extended", "accepted", "expired", "revoked"];

impl Ctx {
    /// Certificates of coverage: employers see their own, officers with the capability,
    /// reviewers and administrators all.
    pub fn may_see_certificates(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| coverage_scope(u).is_some())
    }

    /// A list of codes translated with a prefix, joined as the language writes lists.
    fn coded_list(&self, prefix: &str, codes: &[String]) -> String {
        if codes.is_empty() {
            return self.t("cov-none");
        }
        let sep = match self.lang {
            Lang::Zh => "、",
            Lang::En => ", ",
        };
        codes
            .iter()
            .map(|c| self.tk(prefix, c))
            .collect::<Vec<_>>()
            .join(sep)
    }

    fn branches(&self, codes: &[String]) -> String {
        self.coded_list("cov-branch", codes)
    }

    fn limit(&self, limit: PostingLimit) -> String {
        match limit {
            PostingLimit::Months(n) => self.t1("cov-months", "months", n),
            PostingLimit::Unlimited => self.t("cov-unlimited"),
            PostingLimit::NotEstablished => self.t("cov-not-established"),
        }
    }

    fn extension(&self, rule: ExtensionRule, max_months: Option<u32>) -> String {
        let text = self.tk("cov-extension", rule.code());
        match max_months {
            Some(n) if rule.allows_extension() => {
                format!("{text} ({})", self.t1("cov-extension-max", "months", n))
            }
            _ => text,
        }
    }

    fn city_name(&self, city: &str) -> String {
        let key = format!("cov-city-{city}");
        let name = self.t(&key);
        if name == key {
            city.to_owned()
        } else {
            name
        }
    }

    fn opt_date(&self, date: Option<&str>) -> String {
        date.map(|d| self.date(d)).unwrap_or_else(|| "—".into())
    }
}

/// An amount of yuan with two decimals and the digits grouped by thousands.
fn money(value: f64) -> String {
    let text = format!("{:.2}", value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}{grouped}.{frac}")
}

/// A value for a URL path segment: everything but letters, digits, `-`, `.` and `_`
/// percent-encoded.
fn path_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The agreements registry

/// One agreement as the registry shows it, every value worded in the page's language.
pub struct AgreementLine {
    pub code: String,
    pub partner: String,
    pub partner_iso2: String,
    pub signed: String,
    pub in_force: String,
    pub until: String,
    pub in_force_today: bool,
    pub chinese: String,
    pub partner_branches: String,
    pub limit_from_china: String,
    pub limit_to_china: String,
    pub extension: String,
    pub categories: String,
    pub notes: String,
    pub issuing_body: String,
    pub liaison_bodies: String,
    pub source: String,
}

fn line(ctx: &Ctx, a: &Agreement, today: chrono::NaiveDate) -> AgreementLine {
    AgreementLine {
        code: a.code.clone(),
        partner: ctx.country_name(&a.partner),
        partner_iso2: a.partner.clone(),
        signed: ctx.date(&a.signed.to_string()),
        in_force: a
            .in_force
            .map(|d| ctx.date(&d.to_string()))
            .unwrap_or_else(|| ctx.t("cov-not-in-force")),
        until: a
            .in_force_until
            .map(|d| ctx.t1("cov-until", "date", ctx.date(&d.to_string())))
            .unwrap_or_default(),
        in_force_today: a.in_force_on(today),
        chinese: ctx.branches(&a.chinese_branches_exempt),
        partner_branches: ctx.branches(&a.partner_branches_exempt),
        limit_from_china: ctx.limit(a.limit_from_china),
        limit_to_china: ctx.limit(a.limit_to_china),
        extension: ctx.extension(a.extension_rule, a.extension_max_months),
        categories: ctx.coded_list("cov-category", &a.categories),
        notes: a.notes.clone(),
        issuing_body: a.issuing_body.clone(),
        liaison_bodies: a.liaison_bodies.clone(),
        source: a.source.clone(),
    }
}

#[derive(Template)]
#[template(path = "coverage_agreements.html")]
struct RegistryPage {
    ctx: Ctx,
    lines: Vec<AgreementLine>,
}

async fn registry(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
) -> Result<Response, PageError> {
    let agreements = state.store.agreements().await.or_page(&ctx)?;
    let today = state.today();
    let mut lines: Vec<AgreementLine> = agreements.iter().map(|a| line(&ctx, a, today)).collect();
    if ctx.lang == Lang::En {
        lines.sort_by(|a, b| a.partner.cmp(&b.partner).then(a.code.cmp(&b.code)));
    }
    Ok(render(StatusCode::OK, &RegistryPage { ctx, lines }))
}

/// The edit form of an agreement as typed (the code comes from the path).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct AgreementForm {
    version: String,
    partner_iso2: String,
    partner_name: String,
    signed: String,
    in_force: String,
    in_force_until: String,
    chinese_branches_exempt: String,
    partner_branches_exempt: String,
    max_posting_months: String,
    max_posting_months_to_china: String,
    extension_rule: String,
    extension_max_months: String,
    categories: String,
    notes: String,
    issuing_body: String,
    liaison_bodies: String,
    source: String,
}

impl AgreementForm {
    fn from_row(row: &AgreementRow, version: i64) -> AgreementForm {
        AgreementForm {
            version: version.to_string(),
            partner_iso2: row.partner_iso2.clone(),
            partner_name: row.partner_name.clone(),
            signed: row.signed.clone(),
            in_force: row.in_force.clone(),
            in_force_until: row.in_force_until.clone(),
            chinese_branches_exempt: row.chinese_branches_exempt.clone(),
            partner_branches_exempt: row.partner_branches_exempt.clone(),
            max_posting_months: row.max_posting_months.clone(),
            max_posting_months_to_china: row.max_posting_months_to_china.clone(),
            extension_rule: row.extension_rule.clone(),
            extension_max_months: row.extension_max_months.clone(),
            categories: row.categories.clone(),
            notes: row.notes.clone(),
            issuing_body: row.issuing_body.clone(),
            liaison_bodies: row.liaison_bodies.clone(),
            source: row.source.clone(),
        }
    }

    fn row(&self, code: &str) -> AgreementRow {
        AgreementRow {
            code: code.to_owned(),
            partner_iso2: self.partner_iso2.clone(),
            partner_name: self.partner_name.clone(),
            signed: self.signed.clone(),
            in_force: self.in_force.clone(),
            chinese_branches_exempt: self.chinese_branches_exempt.clone(),
            partner_branches_exempt: self.partner_branches_exempt.clone(),
            max_posting_months: self.max_posting_months.clone(),
            extension_rule: self.extension_rule.clone(),
            extension_max_months: self.extension_max_months.clone(),
            categories: self.categories.clone(),
            notes: self.notes.clone(),
            max_posting_months_to_china: self.max_posting_months_to_china.clone(),
            in_force_until: self.in_force_until.clone(),
            issuing_body: self.issuing_body.clone(),
            liaison_bodies: self.liaison_bodies.clone(),
            source: self.source.clone(),
        }
    }
}

/// One field of the agreement form, ready to show.
pub struct EditField {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub help: String,
    pub error: String,
    /// `text`, `date`, `select` or `textarea`.
    pub kind: &'static str,
    pub options: Vec<(String, String)>,
}

fn edit_fields(ctx: &Ctx, form: &AgreementForm, errors: &Errors) -> Vec<EditField> {
    let list_help = ctx.t("cov-edit-help-list");
    let limit_help = ctx.t("cov-edit-help-limit");
    let date_help = ctx.t("cov-edit-help-date");
    let field = |name: &'static str, value: &str, help: &str, kind: &'static str| EditField {
        name,
        label: ctx.tk("cov-field", name),
        value: value.to_owned(),
        help: help.to_owned(),
        error: errors.get(name),
        kind,
        options: Vec::new(),
    };
    let mut rules = field("extension_rule", &form.extension_rule, "", "select");
    rules.options = ExtensionRule::ALL
        .iter()
        .map(|r| (r.code().to_owned(), ctx.tk("cov-extension", r.code())))
        .collect();
    vec![
        field("partner_iso2", &form.partner_iso2, "", "text"),
        field("partner_name", &form.partner_name, "", "text"),
        field("signed", &form.signed, "", "text"),
        field("in_force", &form.in_force, &date_help, "text"),
        field("in_force_until", &form.in_force_until, &date_help, "text"),
        field(
            "chinese_branches_exempt",
            &form.chinese_branches_exempt,
            &list_help,
            "text",
        ),
        field(
            "partner_branches_exempt",
            &form.partner_branches_exempt,
            &list_help,
            "text",
        ),
        field(
            "max_posting_months",
            &form.max_posting_months,
            &limit_help,
            "text",
        ),
        field(
            "max_posting_months_to_china",
            &form.max_posting_months_to_china,
            &limit_help,
            "text",
        ),
        rules,
        field(
            "extension_max_months",
            &form.extension_max_months,
            "",
            "text",
        ),
        field("categories", &form.categories, &list_help, "text"),
        field("notes", &form.notes, "", "textarea"),
        field("issuing_body", &form.issuing_body, "", "textarea"),
        field("liaison_bodies", &form.liaison_bodies, "", "textarea"),
        field("source", &form.source, "", "textarea"),
    ]
}

#[derive(Template)]
#[template(path = "coverage_agreement.html")]
struct AgreementPage {
    ctx: Ctx,
    line: AgreementLine,
    may_edit: bool,
    version: String,
    fields: Vec<EditField>,
    has_errors: bool,
    error: String,
    stale: bool,
    saved: bool,
}

async fn agreement_page(
    state: &AppState,
    ctx: Ctx,
    code: &str,
    edit: Option<(AgreementForm, Errors)>,
    problem: Option<(StatusCode, String, bool)>,
) -> Result<Response, PageError> {
    let records = state.store.agreement_records().await.or_page(&ctx)?;
    let record = records
        .into_iter()
        .find(|r| r.row.code == code)
        .found(&ctx)?;
    let agreement = Agreement::parse(&record.row)
        .map_err(|e| StoreError::Integrity(format!("agreement {code} does not parse: {e:?}")))
        .or_page(&ctx)?;
    let saved = ctx.path.contains("saved=1");
    let may_edit = ctx.is_admin();
    let (form, errors) = edit.unwrap_or_else(|| {
        (
            AgreementForm::from_row(&record.row, record.version),
            Errors::default(),
        )
    });
    let fields = if may_edit {
        edit_fields(&ctx, &form, &errors)
    } else {
        Vec::new()
    };
    let (status, error, stale) = problem.unwrap_or((StatusCode::OK, String::new(), false));
    let page = AgreementPage {
        line: line(&ctx, &agreement, state.today()),
        may_edit,
        version: form.version.clone(),
        fields,
        has_errors: errors.any(),
        error,
        stale,
        saved,
        ctx,
    };
    let response = render(status, &page);
    Ok(if may_edit {
        no_store(response)
    } else {
        response
    })
}

async fn agreement(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    agreement_page(&state, ctx, &code, None, None).await
}

async fn save_agreement(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(code): Path<String>,
    Form(form): Form<AgreementForm>,
) -> Result<Response, PageError> {
    allow(principal.may_manage_users(), &ctx)?;
    let Ok(version) = form.version.trim().parse::<i64>() else {
        let errors = Errors::from(&ctx, &FieldErrors::single("version", "required"));
        let text = ctx.t("form-has-errors");
        return agreement_page(
            &state,
            ctx,
            &code,
            Some((form, errors)),
            Some((StatusCode::UNPROCESSABLE_ENTITY, text, false)),
        )
        .await;
    };
    let row = form.row(&code);
    match state
        .store
        .save_agreement(&principal.username, &row, Some(version))
        .await
    {
        Ok(saved) => Ok(Redirect::to(&format!(
            "/coverage/agreements/{}?saved=1",
            path_segment(&saved.row.code)
        ))
        .into_response()),
        Err(StoreError::NotFound) => Err(PageError::not_found(ctx)),
        Err(StoreError::Invalid(fe)) => {
            let errors = Errors::from(&ctx, &fe);
            agreement_page(
                &state,
                ctx,
                &code,
                Some((form, errors)),
                Some((StatusCode::UNPROCESSABLE_ENTITY, String::new(), false)),
            )
            .await
        }
        Err(StoreError::Stale { current }) => {
            let text = format!(
                "{} {}",
                ctx.t("stale-title"),
                ctx.t1("stale-message", "version", current)
            );
            agreement_page(
                &state,
                ctx,
                &code,
                Some((form, Errors::default())),
                Some((StatusCode::CONFLICT, text, true)),
            )
            .await
        }
        Err(StoreError::Refused {
            code: reason,
            detail,
        }) => {
            let text = format!("{} {detail}", ctx.tk("cov-refused", reason));
            agreement_page(
                &state,
                ctx,
                &code,
                Some((form, Errors::default())),
                Some((StatusCode::CONFLICT, text, false)),
            )
            .await
        }
        Err(e) => Err(PageError::store(ctx, e)),
    }
}

// ---------------------------------------------------------------------------------------
// The public determination

/// The determination form as typed; submitted by GET.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct DetermineForm {
    as_of: String,
    nationality: String,
    sending_country: String,
    work_country: String,
    worker_category: String,
    posting_start: String,
    posting_end: String,
    employed_by_sender_since: String,
    employed_in_china_since: String,
    commercial_health_insurance: Option<String>,
    city: String,
    monthly_wage_cny: String,
    /// Sent by the form's button.
    check: Option<String>,
}

/// A date as a form sends it (YYYY-MM-DD), or the field's error code.
fn parse_day(value: &str) -> Result<chrono::NaiveDate, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return Err("required");
    }
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) if chrono::Datelike::year(&d) < 1900 => Err("before_1900"),
        Ok(d) => Ok(d),
        Err(_) => Err("invalid_date"),
    }
}

fn optional_text(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

impl DetermineForm {
    /// Whether the form was sent (its button, or a link with the posting's dates); a link
    /// that only pre-fills countries shows the form without errors.
    fn submitted(&self) -> bool {
        self.check.is_some() || !(self.posting_start.is_empty() && self.posting_end.is_empty())
    }

    fn request(&self) -> Result<DeterminationRequest, FieldErrors> {
        let wage = self.monthly_wage_cny.trim();
        let monthly_wage_cny = if wage.is_empty() {
            None
        } else {
            let mut errors = FieldErrors::new();
            let n = super::permits::number(&mut errors, "monthly_wage_cny", wage);
            errors.into_result()?;
            n
        };
        Ok(DeterminationRequest {
            as_of: self.as_of.clone(),
            nationality: self.nationality.clone(),
            sending_country: self.sending_country.clone(),
            work_country: self.work_country.clone(),
            worker_category: self.worker_category.clone(),
            posting_start: self.posting_start.clone(),
            posting_end: self.posting_end.clone(),
            employed_by_sender_since: optional_text(&self.employed_by_sender_since),
            employed_in_china_since: optional_text(&self.employed_in_china_since),
            commercial_health_insurance: self.commercial_health_insurance.is_some(),
            city: optional_text(&self.city),
            monthly_wage_cny,
        })
    }
}

/// One branch of the savings estimate, worded.
pub struct SavingLine {
    pub branch: String,
    pub employer_pct: String,
    pub employee_pct: String,
    pub employer: String,
    pub employee: String,
}

/// The savings estimate, worded.
pub struct SavingsView {
    pub lines: Vec<SavingLine>,
    pub employer: String,
    pub employee: String,
    pub total: String,
    pub months: u32,
    pub period_total: String,
    pub basis: String,
    pub note: String,
}

/// A determination, worded for the page.
pub struct ResultView {
    pub agreement: Option<String>,
    pub agreement_partner: String,
    pub direction: String,
    pub exempt: bool,
    pub exempt_branches: String,
    pub enrol_branches: String,
    pub exempt_from: String,
    pub exempt_until: String,
    pub all_branches_from: String,
    pub limit: String,
    pub extension: String,
    pub extension_possible: bool,
    pub extension_max_until: String,
    pub manual_review: bool,
    pub reasons: Vec<String>,
    pub savings: Option<SavingsView>,
}

fn result_view(ctx: &Ctx, d: &Determination, agreements: &[Agreement]) -> ResultView {
    let day = |d: Option<chrono::NaiveDate>| {
        d.map(|d| ctx.date(&d.to_string()))
            .unwrap_or_else(|| "—".into())
    };
    let agreement = d
        .agreement
        .as_deref()
        .and_then(|code| agreements.iter().find(|a| a.code == code));
    let limit = match (d.max_posting_months, agreement) {
        (Some(n), _) => ctx.t1("cov-months", "months", n),
        (None, Some(a)) => ctx.limit(a.limit(d.direction)),
        (None, None) => "—".into(),
    };
    let extension = d
        .extension_rule
        .map(|r| ctx.tk("cov-extension", r))
        .unwrap_or_else(|| "—".into());
    let savings = d.savings.as_ref().map(|s| SavingsView {
        lines: s
            .branches
            .iter()
            .map(|b| SavingLine {
                branch: ctx.tk("cov-branch", &b.branch),
                employer_pct: b.employer_pct.clone(),
                employee_pct: b.employee_pct.clone(),
                employer: money(b.employer_cny),
                employee: money(b.employee_cny),
            })
            .collect(),
        employer: money(s.employer_cny),
        employee: money(s.employee_cny),
        total: money(s.total_cny),
        months: s.months,
        period_total: money(s.period_total_cny),
        basis: crate::i18n::translate(
            ctx.lang,
            "cov-savings-basis",
            &[
                ("base", money(s.base_cny)),
                ("wage", money(s.monthly_wage_cny)),
                ("city", ctx.city_name(&s.city)),
                ("month", s.month.clone()),
            ],
        ),
        note: if s.estimate {
            ctx.t1("cov-savings-estimate", "period", &s.period)
        } else {
            ctx.t1("cov-savings-rates", "period", &s.period)
        },
    });
    ResultView {
        agreement: d.agreement.clone(),
        agreement_partner: agreement
            .map(|a| ctx.country_name(&a.partner))
            .unwrap_or_default(),
        direction: ctx.tk("cov-direction", d.direction.code()),
        exempt: d.exempt,
        exempt_branches: ctx.branches(&d.exempt_branches),
        enrol_branches: ctx.branches(&d.enrol_branches),
        exempt_from: day(d.exempt_from),
        exempt_until: day(d.exempt_until),
        all_branches_from: day(d.all_branches_from),
        limit,
        extension,
        extension_possible: d.extension_possible,
        extension_max_until: day(d.extension_max_until),
        manual_review: d.manual_review,
        reasons: reasons(&d.steps, ctx.lang),
        savings,
    }
}

#[derive(Template)]
#[template(path = "coverage_determine.html")]
struct DeterminePage {
    ctx: Ctx,
    form: DetermineForm,
    errors: Errors,
    countries: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    cities: Vec<(String, String)>,
    result: Option<ResultView>,
}

async fn determine_page(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    params: Result<Query<DetermineForm>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let mut form = params.map(|q| q.0).unwrap_or_default();
    let submitted = form.submitted();
    if form.as_of.trim().is_empty() {
        form.as_of = state.today().to_string();
    }
    if !submitted {
        if form.work_country.is_empty() {
            form.work_country = "CN".into();
        }
        if form.worker_category.is_empty() {
            form.worker_category = "posted_worker".into();
        }
    }
    let mut status = StatusCode::OK;
    let mut errors = Errors::default();
    let mut result = None;
    if submitted {
        let outcome = match form.request() {
            Ok(request) => run_determination(&state, &request).await,
            Err(fe) => Err(ApiError::Validation(fe)),
        };
        match outcome {
            Ok(d) => {
                let agreements = state.store.agreements().await.unwrap_or_default();
                result = Some(result_view(&ctx, &d, &agreements));
            }
            Err(ApiError::Validation(fe)) => {
                errors = Errors::from(&ctx, &fe);
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(_) => return Err(PageError::failed(ctx)),
        }
    }
    let cities = RateTable::builtin()
        .map(|t| {
            t.cities()
                .into_iter()
                .map(|c| (c.to_owned(), ctx.city_name(c)))
                .collect()
        })
        .unwrap_or_default();
    let categories = CATEGORIES
        .iter()
        .map(|c| ((*c).to_owned(), ctx.tk("cov-category", c)))
        .collect();
    Ok(render(
        status,
        &DeterminePage {
            countries: ctx.countries(),
            categories,
            cities,
            form,
            errors,
            result,
            ctx,
        },
    ))
}

// ---------------------------------------------------------------------------------------
// Certificates

/// One certificate, worded for lists and the record page.
pub struct CertRow {
    pub c: CertificateRecord,
    pub person: String,
    pub partner: String,
    pub direction: String,
    pub status: String,
    pub status_class: &'static str,
    pub category: String,
    pub branches: String,
    pub validity: String,
    pub posting: String,
}

fn status_class(status: &str) -> &'static str {
    match status {
        "issued" | "extended" | "accepted" => "st-active",
        "refused" | "rejected" | "withdrawn" | "expired" | "revoked" => "st-refused",
        _ => "st-submitted",
    }
}

/// Names of people looked up once per page.
#[derive(Default)]
struct Names(HashMap<i64, String>);

impl Names {
    async fn of(&mut self, state: &AppState, id: i64) -> String {
        if let Some(n) = self.0.get(&id) {
            return n.clone();
        }
        let name = match state.store.person(id, Scope::All).await {
            Ok(Some(p)) => full_name(&p),
            _ => format!("#{id}"),
        };
        self.0.insert(id, name.clone());
        name
    }
}

fn full_name(p: &PersonRecord) -> String {
    match (&p.name_native, &p.name_latin) {
        (Some(n), Some(l)) => format!("{n} {l}"),
        (Some(n), None) => n.clone(),
        (None, Some(l)) => l.clone(),
        (None, None) => format!("#{}", p.id),
    }
}

fn partner_of(code: &str) -> &str {
    code.get(3..5).unwrap_or("")
}

async fn cert_row(state: &AppState, ctx: &Ctx, names: &mut Names, c: CertificateRecord) -> CertRow {
    CertRow {
        person: names.of(state, c.person_id).await,
        partner: ctx.country_name(partner_of(&c.agreement_code)),
        direction: ctx.tk("cov-direction", &c.direction),
        status: ctx.tk("cov-status", &c.status),
        status_class: status_class(&c.status),
        category: ctx.tk("cov-category", &c.worker_category),
        branches: ctx.branches(&c.exempt_branches),
        validity: format!("{} – {}", ctx.date(&c.valid_from), ctx.date(&c.valid_to)),
        posting: format!(
            "{} – {}",
            ctx.date(&c.posting_start),
            ctx.date(&c.posting_end)
        ),
        c,
    }
}

#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    direction: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "coverage_certificates.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<CertRow>,
    pager: Pager,
    direction: String,
    status: String,
    statuses: Vec<(String, String)>,
    may_file: bool,
    ending: Vec<(u32, Vec<CertRow>)>,
    past_limit: Vec<(CertRow, String)>,
}

async fn list(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let Some(scope) = coverage_scope(&principal) else {
        return Err(PageError::forbidden(ctx));
    };
    let params = params.map(|q| q.0).unwrap_or_default();
    let direction = if ["outbound", "inbound"].contains(&params.direction.as_str()) {
        params.direction.clone()
    } else {
        String::new()
    };
    let page = params
        .page
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let query = CertificateQuery {
        direction: Some(direction.clone()),
        status: Some(params.status.clone()),
        page,
        per_page: PER_PAGE,
    };
    let found = state
        .store
        .certificates(&query, scope)
        .await
        .or_page(&ctx)?;
    let mut names = Names::default();
    let mut rows = Vec::new();
    for c in found.items {
        rows.push(cert_row(&state, &ctx, &mut names, c).await);
    }
    let today = state.today();
    let mut ending = Vec::new();
    let mut seen: Vec<i64> = Vec::new();
    for days in [30u32, 90] {
        let until = today + chrono::Days::new(u64::from(days));
        let found = state
            .store
            .certificates_ending(today, until, scope)
            .await
            .or_page(&ctx)?;
        let mut section = Vec::new();
        for c in found {
            if seen.contains(&c.id) {
                continue;
            }
            seen.push(c.id);
            section.push(cert_row(&state, &ctx, &mut names, c).await);
        }
        ending.push((days, section));
    }
    let past = state
        .store
        .postings_past_limit(today, scope)
        .await
        .or_page(&ctx)?;
    let mut past_limit = Vec::new();
    for (c, end) in past {
        let until = ctx.date(&end.to_string());
        past_limit.push((cert_row(&state, &ctx, &mut names, c).await, until));
    }
    let pager = Pager::new(
        "/coverage/certificates",
        &[("direction", &direction), ("status", &params.status)],
        found.page,
        PER_PAGE,
        found.total,
    );
    let statuses = workflow()
        .map(|w| {
            w.states
                .iter()
                .map(|s| (s.code.clone(), ctx.tk("cov-status", &s.code)))
                .collect()
        })
        .unwrap_or_default();
    Ok(render(
        StatusCode::OK,
        &ListPage {
            rows,
            pager,
            direction,
            status: params.status,
            statuses,
            may_file: principal.case_workflow_role(Capability::Coverage).is_some(),
            ending,
            past_limit,
            ctx,
        },
    ))
}

/// The application or registration form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct CertificateForm {
    direction: String,
    person_id: String,
    employer_id: String,
    partner_country: String,
    worker_category: String,
    posting_start: String,
    posting_end: String,
    valid_from: String,
    valid_to: String,
    number: String,
}

fn id_field(errors: &mut FieldErrors, field: &str, value: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            errors.add(field, "unknown_reference");
            None
        }
    }
}

impl CertificateForm {
    /// The checked draft and the employer it is filed for, or every field error at once.
    fn parse(
        &self,
        principal: &Principal,
    ) -> Result<(hrx_domain::coverage::certificates::CertificateDraft, i64), FieldErrors> {
        let mut errors = FieldErrors::new();
        let person_id = id_field(&mut errors, "person_id", &self.person_id);
        let employer_id = id_field(&mut errors, "employer_id", &self.employer_id);
        let employer = match employer_for(principal, employer_id) {
            Ok(id) => Some(id),
            Err(ApiError::Validation(fe)) => {
                for e in fe.0 {
                    if errors.code_for(&e.field).is_none() {
                        errors.add(e.field, e.code);
                    }
                }
                None
            }
            Err(_) => {
                errors.add("employer_id", "not_allowed");
                None
            }
        };
        let input = CertificateInput {
            direction: self.direction.clone(),
            person_id: person_id.unwrap_or(0),
            employer_id,
            partner_country: self.partner_country.clone(),
            worker_category: self.worker_category.clone(),
            posting_start: self.posting_start.clone(),
            posting_end: self.posting_end.clone(),
            valid_from: self.valid_from.clone(),
            valid_to: self.valid_to.clone(),
            number: optional_text(&self.number),
        };
        let draft = match input.parse() {
            Ok(d) => Some(d),
            Err(fe) => {
                for e in fe.0 {
                    if errors.code_for(&e.field).is_none() {
                        errors.add(e.field, e.code);
                    }
                }
                None
            }
        };
        match (draft, employer) {
            (Some(d), Some(e)) if errors.is_empty() => Ok((d, e)),
            _ => Err(errors),
        }
    }
}

#[derive(Template)]
#[template(path = "coverage_certificate_form.html")]
struct FormPage {
    ctx: Ctx,
    form: CertificateForm,
    errors: Errors,
    people: Vec<PersonRecord>,
    show_employer: bool,
    partners: Vec<(String, String)>,
    categories: Vec<(String, String)>,
}

async fn form_page(
    state: &AppState,
    ctx: Ctx,
    principal: &Principal,
    form: CertificateForm,
    errors: &FieldErrors,
) -> FormPage {
    let people = if principal.role == Role::Employer {
        let query = PersonQuery {
            page: 1,
            per_page: 200,
            ..Default::default()
        };
        state
            .store
            .search_persons(&query, principal.person_scope())
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut partners: Vec<(String, String)> = Vec::new();
    for a in state.store.agreements().await.unwrap_or_default() {
        if !partners.iter().any(|(p, _)| *p == a.partner) {
            partners.push((a.partner.clone(), ctx.country_name(&a.partner)));
        }
    }
    partners.sort_by(|a, b| a.1.cmp(&b.1));
    FormPage {
        errors: Errors::from(&ctx, errors),
        people,
        show_employer: principal.role != Role::Employer,
        partners,
        categories: CATEGORIES
            .iter()
            .map(|c| ((*c).to_owned(), ctx.tk("cov-category", c)))
            .collect(),
        form,
        ctx,
    }
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
) -> Result<Response, PageError> {
    allow(
        principal.case_workflow_role(Capability::Coverage).is_some(),
        &ctx,
    )?;
    let form = CertificateForm {
        direction: "outbound".into(),
        worker_category: "posted_worker".into(),
        ..Default::default()
    };
    let page = form_page(&state, ctx, &principal, form, &FieldErrors::new()).await;
    Ok(no_store(render(StatusCode::OK, &page)))
}

async fn create(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Form(form): Form<CertificateForm>,
) -> Result<Response, PageError> {
    allow(
        principal.case_workflow_role(Capability::Coverage).is_some(),
        &ctx,
    )?;
    let (draft, employer) = match form.parse(&principal) {
        Ok(p) => p,
        Err(errors) => {
            let page = form_page(&state, ctx, &principal, form, &errors).await;
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let errors = match state
        .store
        .create_certificate(
            &principal.username,
            &draft,
            employer,
            principal.person_scope(),
        )
        .await
    {
        Ok(record) => {
            return Ok(
                Redirect::to(&format!("/coverage/certificates/{}", record.id)).into_response(),
            )
        }
        Err(StoreError::Invalid(fe)) => fe,
        Err(StoreError::UnknownReference { field }) => {
            FieldErrors::single(field, "unknown_reference")
        }
        Err(StoreError::Duplicate { field }) => FieldErrors::single(field, "already_in_use"),
        Err(StoreError::Refused { code, .. }) => FieldErrors::single("employer_id", code),
        Err(e) => return Err(PageError::store(ctx, e)),
    };
    let page = form_page(&state, ctx, &principal, form, &errors).await;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// One workflow step the user may take, with the extra fields it needs.
pub struct ActionView {
    pub action: String,
    pub label: String,
    pub needs_comment: bool,
    pub danger: bool,
}

#[derive(Template)]
#[template(path = "coverage_certificate.html")]
struct ViewPage {
    ctx: Ctx,
    row: CertRow,
    agreement_label: String,
    employer: String,
    actions: Vec<ActionView>,
    may_extend: bool,
    printable: bool,
    extension_of: Option<i64>,
    history: Vec<(String, String, String, String, Option<String>)>,
    error: String,
    today: String,
}

async fn employer_name(state: &AppState, c: &CertificateRecord) -> String {
    if let Some(id) = c.employer_id {
        if let Ok(Some(o)) = state.store.organisation(id, Scope::All).await {
            let names: Vec<String> = [o.name_zh, o.name_en].into_iter().flatten().collect();
            if !names.is_empty() {
                return names.join(" ");
            }
        }
    }
    c.employer_name.clone().unwrap_or_else(|| "—".into())
}

/// The certificate's page; after a refused step, with the reason and its status.
async fn view_page(
    state: &AppState,
    principal: &Principal,
    ctx: Ctx,
    id: &str,
    error: Option<(StatusCode, String)>,
) -> Result<Response, PageError> {
    let Some(scope) = coverage_scope(principal) else {
        return Err(PageError::forbidden(ctx));
    };
    let id = parse_id(id).found(&ctx)?;
    let certificate = state.store.certificate(id, scope).await.found(&ctx)?;
    let role = principal.case_workflow_role(Capability::Coverage);
    let actions = match (workflow(), role) {
        (Ok(w), Some(role)) => w
            .available(&certificate.status, &certificate.direction, role)
            .into_iter()
            .map(|t| ActionView {
                action: t.action.clone(),
                label: ctx.tk("cov-action", &t.action),
                needs_comment: t.comment_required,
                danger: ["refuse", "reject", "revoke", "withdraw"].contains(&t.action.as_str()),
            })
            .collect(),
        _ => Vec::new(),
    };
    let may_extend =
        role.is_some() && certificate.direction == "outbound" && certificate.status == "issued";
    let printable =
        DOCUMENT_STATES.contains(&certificate.status.as_str()) && certificate.number.is_some();
    let agreements = state.store.agreements().await.unwrap_or_default();
    let agreement_label = agreements
        .iter()
        .find(|a| a.code == certificate.agreement_code)
        .map(|a| format!("{} · {}", a.code, ctx.country_name(&a.partner)))
        .unwrap_or_else(|| certificate.agreement_code.clone());
    let history = certificate
        .transitions
        .iter()
        .map(|t| {
            (
                ctx.datetime(&t.at),
                t.actor.clone(),
                ctx.tk("cov-action", &t.action),
                ctx.tk("cov-status", &t.to_status),
                t.comment.clone(),
            )
        })
        .collect();
    let employer = employer_name(state, &certificate).await;
    let extension_of = certificate.extends_id;
    let mut names = Names::default();
    let row = cert_row(state, &ctx, &mut names, certificate).await;
    let (status, error) = error.unwrap_or((StatusCode::OK, String::new()));
    Ok(no_store(render(
        status,
        &ViewPage {
            row,
            agreement_label,
            employer,
            actions,
            may_extend,
            printable,
            extension_of,
            history,
            error,
            today: state.today().to_string(),
            ctx,
        },
    )))
}

async fn view(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    view_page(&state, &principal, ctx, &id, None).await
}

/// The certificate's page again, at its own address, after a refused step or extension.
async fn refused(
    state: &AppState,
    principal: &Principal,
    ctx: Ctx,
    id: &str,
    cert_id: i64,
    problem: Option<(StatusCode, String)>,
) -> Result<Response, PageError> {
    let ctx = Ctx {
        path: format!("/coverage/certificates/{cert_id}"),
        ..ctx
    };
    view_page(state, principal, ctx, id, problem).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TransitionForm {
    action: String,
    version: String,
    comment: String,
    paid_until: String,
    effective: String,
}

/// The message for a refused step or a field problem, shown at the top of the record.
fn problem_text(ctx: &Ctx, error: &ApiError) -> Option<(StatusCode, String)> {
    match error {
        ApiError::Stale { current } => Some((
            StatusCode::CONFLICT,
            format!(
                "{} {}",
                ctx.t("stale-title"),
                ctx.t1("cov-stale-version", "version", current)
            ),
        )),
        ApiError::Conflict { code, .. } => {
            Some((StatusCode::CONFLICT, ctx.tk("cov-refused", code)))
        }
        ApiError::Validation(fe) => Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            fe.0.iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        ctx.tk("cov-field", &e.field),
                        ctx.t(&format!("err-{}", e.code))
                    )
                })
                .collect::<Vec<_>>()
                .join(" "),
        )),
        _ => None,
    }
}

async fn transition(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<TransitionForm>,
) -> Result<Response, PageError> {
    let cert_id = parse_id(&id).found(&ctx)?;
    let body = CertificateTransition {
        action: form.action.clone(),
        comment: optional_text(&form.comment.chars().take(2000).collect::<String>()),
        version: form.version.trim().parse().unwrap_or(-1),
        paid_until: optional_text(&form.paid_until),
        effective: optional_text(&form.effective),
    };
    match take_step(&state, &principal, cert_id, &body).await {
        Ok(_) => Ok(Redirect::to(&format!("/coverage/certificates/{cert_id}")).into_response()),
        Err(ApiError::NotFound) => Err(PageError::not_found(ctx)),
        Err(ApiError::Forbidden) | Err(ApiError::Unauthorized) => Err(PageError::forbidden(ctx)),
        Err(e) => match problem_text(&ctx, &e) {
            Some(problem) => refused(&state, &principal, ctx, &id, cert_id, Some(problem)).await,
            None => Err(PageError::failed(ctx)),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ExtensionForm {
    valid_to: String,
}

async fn extension(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ExtensionForm>,
) -> Result<Response, PageError> {
    let (Some(scope), Some(_)) = (
        coverage_scope(&principal),
        principal.case_workflow_role(Capability::Coverage),
    ) else {
        return Err(PageError::forbidden(ctx));
    };
    let cert_id = parse_id(&id).found(&ctx)?;
    let valid_to = match parse_day(&form.valid_to) {
        Ok(d) => d,
        Err(code) => {
            let problem = problem_text(
                &ctx,
                &ApiError::Validation(FieldErrors::single("valid_to", code)),
            );
            return refused(&state, &principal, ctx, &id, cert_id, problem).await;
        }
    };
    match state
        .store
        .request_extension(&principal.username, cert_id, valid_to, state.today(), scope)
        .await
    {
        Ok(record) => {
            Ok(Redirect::to(&format!("/coverage/certificates/{}", record.id)).into_response())
        }
        Err(StoreError::NotFound) => Err(PageError::not_found(ctx)),
        Err(StoreError::Forbidden) => Err(PageError::forbidden(ctx)),
        Err(
            e @ (StoreError::Invalid(_)
            | StoreError::Refused { .. }
            | StoreError::UnknownReference { .. }
            | StoreError::Stale { .. }),
        ) => {
            let problem = problem_text(&ctx, &ApiError::from(e));
            refused(&state, &principal, ctx, &id, cert_id, problem).await
        }
        Err(e) => Err(PageError::store(ctx, e)),
    }
}

// ---------------------------------------------------------------------------------------
// The printed certificate and its public check

#[derive(Template)]
#[template(path = "coverage_print.html")]
struct PrintPage {
    ctx: Ctx,
    row: CertRow,
    number: String,
    title: String,
    statement: String,
    agreement_label: String,
    person: PersonRecord,
    nationality: String,
    employer: String,
    verify_url: String,
    qr_svg: String,
}

async fn print(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let Some(scope) = coverage_scope(&principal) else {
        return Err(PageError::forbidden(ctx));
    };
    let id = parse_id(&id).found(&ctx)?;
    let certificate = state.store.certificate(id, scope).await.found(&ctx)?;
    let number = certificate.number.clone().found(&ctx)?;
    if !DOCUMENT_STATES.contains(&certificate.status.as_str()) {
        return Err(PageError::not_found(ctx));
    }
    let person = state
        .store
        .person(certificate.person_id, Scope::All)
        .await
        .found(&ctx)?;
    let agreements = state.store.agreements().await.unwrap_or_default();
    let agreement_label = agreements
        .iter()
        .find(|a| a.code == certificate.agreement_code)
        .map(|a| format!("{} · {}", a.code, ctx.country_name(&a.partner)))
        .unwrap_or_else(|| certificate.agreement_code.clone());
    let title = if certificate.agreement_code.starts_with("CN-RS-") {
        ctx.t("cov-print-title-rs")
    } else {
        ctx.t("cov-print-title")
    };
    let statement = crate::i18n::translate(
        ctx.lang,
        if certificate.direction == "outbound" {
            "cov-print-statement-outbound"
        } else {
            "cov-print-statement-inbound"
        },
        &[
            ("agreement", certificate.agreement_code.clone()),
            (
                "partner",
                ctx.country_name(partner_of(&certificate.agreement_code)),
            ),
        ],
    );
    let employer = employer_name(&state, &certificate).await;
    let url = verify_url(
        &headers,
        &format!("/verify/coverage/{}", path_segment(&number)),
    );
    let nationality = ctx.country_name(&person.nationality);
    let mut names = Names::default();
    let row = cert_row(&state, &ctx, &mut names, certificate).await;
    Ok(no_store(render(
        StatusCode::OK,
        &PrintPage {
            row,
            number,
            title,
            statement,
            agreement_label,
            person,
            nationality,
            employer,
            qr_svg: qr(&url),
            verify_url: url,
            ctx,
        },
    )))
}

#[derive(Template)]
#[template(path = "coverage_verify.html")]
struct VerifyPage {
    ctx: Ctx,
    number: String,
    found: Option<CertRow>,
    valid: bool,
    agreement_label: String,
    holder: String,
}

async fn verify(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    Path(number): Path<String>,
) -> Result<Response, PageError> {
    let number: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '))
        .take(40)
        .collect();
    let certificate = state
        .store
        .certificate_by_number(&number)
        .await
        .or_page(&ctx)?
        .filter(|c| DOCUMENT_STATES.contains(&c.status.as_str()));
    let Some(certificate) = certificate else {
        return Ok(render(
            StatusCode::NOT_FOUND,
            &VerifyPage {
                ctx,
                number,
                found: None,
                valid: false,
                agreement_label: String::new(),
                holder: String::new(),
            },
        ));
    };
    let holder = state
        .store
        .person(certificate.person_id, Scope::All)
        .await
        .or_page(&ctx)?
        .map(|p| initials(&p))
        .unwrap_or_default();
    let valid = hrx_store::coverage::in_force(&certificate, state.today());
    let agreement_label = format!(
        "{} · {}",
        certificate.agreement_code,
        ctx.country_name(partner_of(&certificate.agreement_code))
    );
    let number = certificate.number.clone().unwrap_or(number);
    // The holder's name stays off this public page: only initials are shown.
    let mut names = Names::default();
    let mut row = cert_row(&state, &ctx, &mut names, certificate).await;
    row.person = holder.clone();
    Ok(render(
        StatusCode::OK,
        &VerifyPage {
            ctx,
            number,
            found: Some(row),
            valid,
            agreement_label,
            holder,
        },
    ))
}

#[cfg(test)]
mod tests {
    use crate::i18n::{keys, EN_FTL, ZH_FTL};
    use hrx_domain::coverage::agreements::{ExtensionRule, CATEGORIES, CHINESE_BRANCHES};

    /// Every code these pages translate at run time has a message in both languages.
    #[test]
    fn every_coverage_code_shown_has_a_translation() {
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend(CHINESE_BRANCHES.iter().map(|b| format!("cov-branch-{b}")));
        wanted.extend(CATEGORIES.iter().map(|c| format!("cov-category-{c}")));
        wanted.extend(
            ExtensionRule::ALL
                .iter()
                .map(|r| format!("cov-extension-{}", r.code())),
        );
        wanted.extend(["cov-direction-inbound", "cov-direction-outbound"].map(String::from));
        if let Ok(w) = hrx_domain::coverage::certificates::workflow() {
            wanted.extend(w.states.iter().map(|s| format!("cov-status-{}", s.code)));
            wanted.extend(
                w.transitions
                    .iter()
                    .map(|t| format!("cov-action-{}", t.action)),
            );
        }
        wanted.push("cov-action-extend".into());
        let store = include_str!("../../../../hrx-store/src/coverage.rs");
        for piece in store.split("code: \"").skip(1) {
            let code: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            wanted.push(format!("cov-refused-{code}"));
        }
        for field in [
            "partner_iso2",
            "partner_name",
            "signed",
            "in_force",
            "in_force_until",
            "chinese_branches_exempt",
            "partner_branches_exempt",
            "max_posting_months",
            "max_posting_months_to_china",
            "extension_rule",
            "extension_max_months",
            "categories",
            "notes",
            "issuing_body",
            "liaison_bodies",
            "source",
            "paid_until",
            "effective",
            "valid_to",
            "comment",
            "version",
        ] {
            wanted.push(format!("cov-field-{field}"));
        }
        for code in [
            "agreement_not_in_force",
            "category_not_covered",
            "after_agreement_end",
            "extension_not_possible",
            "exceeds_extension_limit",
            "exceeds_posting_limit",
            "before_posting_start",
            "after_posting_end",
            "before_valid_from",
            "no_agreement",
            "never_exempt",
            "duplicate_value",
            "code_mismatch",
            "before_signing",
            "before_in_force",
            "without_in_force",
            "invalid_format",
            "does_not_match_path",
            "unknown_city",
            "same_country",
            "china_not_involved",
            "employer_without_credit_code",
            "not_a_number",
            "out_of_range",
        ] {
            wanted.push(format!("err-{code}"));
        }
        if let Ok(table) = hrx_domain::coverage::rates::RateTable::builtin() {
            wanted.extend(table.cities().iter().map(|c| format!("cov-city-{c}")));
        }
        for (name, source) in [("en", EN_FTL), ("zh-CN", ZH_FTL)] {
            let defined = keys(source);
            let missing: Vec<_> = wanted.iter().filter(|k| !defined.contains(k)).collect();
            assert!(missing.is_empty(), "{name} lacks {missing:?}");
        }
    }

    #[test]
    fn money_is_grouped_with_two_decimals() {
        assert_eq!(super::money(1234567.891), "1,234,567.89");
        assert_eq!(super::money(0.5), "0.50");
        assert_eq!(super::money(999.0), "999.00");
    }

    #[test]
    fn numbers_are_encoded_for_a_path() {
        assert_eq!(
            super::path_segment("COC-DE-2026-000001"),
            "COC-DE-2026-000001"
        );
        assert_eq!(super::path_segment("D/VRC 101"), "D%2FVRC%20101");
    }
}
