//! Certificates of coverage: the list with what ends soon and what is past its limit, the
//! filing form, the record with its workflow steps, and extensions.

use super::{cert_row, employer_name, optional_text, parse_day, CertRow, Names, DOCUMENT_STATES};
use crate::error::ApiError;
use crate::pages::case::picker::{
    employer_people, id_field, refused_fields, with_picked, FormPickers, PartyFields,
};
use crate::pages::case::queue::{QueueParams, QueueRow, QueueView};
use crate::pages::case::{
    actions, confirm_page, parties, tabs, ConfirmTarget, Party, StepAction, StepForm, Words,
};
use crate::pages::extract::{allow, Found, OrPage, PageError, SignedIn};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, KeysetPager};
use crate::service::coverage::{coverage_scope, employer_for, take_step, CertificateTransition};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use hrx_domain::access::{Capability, Principal, Role};
use hrx_domain::coverage::agreements::CATEGORIES;
use hrx_domain::coverage::certificates::{workflow, CertificateInput};
use hrx_domain::FieldErrors;
use hrx_store::case::{QueueSort, TransitionRecord};
use hrx_store::coverage::{CertificateRecord, CoverageCertificate};
use hrx_store::registry::PersonRecord;
use hrx_store::StoreError;
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/coverage/certificates", get(list).post(create))
        .route("/coverage/certificates/new", get(new_form))
        .route(PAST_LIMIT, get(past_limit))
        .route("/coverage/certificates/{id}", get(view))
        .route("/coverage/certificates/{id}/transition", post(transition))
        .route("/coverage/certificates/{id}/extension", post(extension))
}

const BASE: &str = "/coverage/certificates";

/// The workflow's words: `cov-action-…`, `cov-status-…`.
const WORDS: Words = Words {
    actions: "cov-action",
    statuses: "cov-status",
};

#[derive(Template)]
#[template(path = "coverage_certificates.html")]
struct ListPage {
    ctx: Ctx,
    queue: QueueView,
    may_file: bool,
    ending: Vec<EndingSection>,
    past_limit: Vec<(CertRow, String)>,
    /// Postings past the limit in all, of which the first [`SECTION_ROWS`] are shown.
    past_limit_total: i64,
}

/// Certificates ending within some days: the first [`SECTION_ROWS`], how many in all
/// (counted up to a cap), and the queue filtered to all of them.
struct EndingSection {
    days: u32,
    rows: Vec<CertRow>,
    total: i64,
    capped: bool,
    href: String,
}

/// Rows shown in each section below the queue; the rest are a link away.
const SECTION_ROWS: i64 = 10;

/// The windows of days the queue filters by and the sections show.
const ENDING_DAYS: [u32; 2] = [30, 90];

async fn list(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    params: Result<Query<QueueParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let Some(scope) = coverage_scope(&principal) else {
        return Err(PageError::forbidden(ctx));
    };
    let params = params.map(|q| q.0).unwrap_or_default();
    let today = state.today();
    let mut query = params.query(QueueSort::Newest, false);
    if let Some(days) = ENDING_DAYS
        .into_iter()
        .find(|d| d.to_string() == params.ending)
    {
        let until = today + chrono::Days::new(u64::from(days));
        query.ends_within = Some((today.to_string(), until.to_string()));
    }
    let found = state
        .store
        .case_queue::<CoverageCertificate>(&query, scope)
        .await
        .or_page(&ctx)?;
    let mut names = Names::default();
    let mut rows = Vec::new();
    for c in found.items.iter().cloned() {
        let id = c.id;
        let row = cert_row(&state, &ctx, &mut names, c).await;
        rows.push(QueueRow {
            href: format!("{BASE}/{id}"),
            number: id.to_string(),
            title: row.person,
            status_label: row.status,
            badge: row.status_class.to_owned(),
            status: row.c.status.clone(),
            due: None,
            cells: vec![
                row.c.number.clone().unwrap_or_else(|| "—".into()),
                row.direction,
                row.partner,
                row.category,
                row.validity,
            ],
        });
    }
    let statuses: Vec<String> = workflow()
        .map(|w| w.states.iter().map(|s| s.code.clone()).collect())
        .unwrap_or_default();
    let queue = QueueView::new(
        &ctx,
        (BASE, "certificates"),
        &params,
        &found,
        (&statuses, WORDS.statuses),
        (
            vec![
                ctx.t("cov-number"),
                ctx.t("cov-direction"),
                ctx.t("cov-partner"),
                ctx.t("cov-worker-category"),
                ctx.t("cov-validity"),
            ],
            rows,
        ),
    )
    .with_kinds(
        ["outbound", "inbound"]
            .iter()
            .map(|d| (d.to_string(), ctx.tk("cov-direction", d)))
            .collect(),
    )
    .with_endings(
        ENDING_DAYS
            .iter()
            .map(|d| (d.to_string(), ctx.t1("cov-ending-within", "days", d)))
            .collect(),
    );
    if params.csv() {
        return Ok(queue.csv(&ctx, "certificates-of-coverage"));
    }
    let mut ending = Vec::new();
    for days in ENDING_DAYS {
        let until = today + chrono::Days::new(u64::from(days));
        let (found, (total, capped)) = state
            .store
            .certificates_ending_first((today, until), scope, SECTION_ROWS)
            .await
            .or_page(&ctx)?;
        let mut section = Vec::new();
        for c in found {
            section.push(cert_row(&state, &ctx, &mut names, c).await);
        }
        ending.push(EndingSection {
            days,
            rows: section,
            total,
            capped,
            href: format!("{BASE}?ending={days}#certificates"),
        });
    }
    let past = state
        .store
        .postings_past_limit(today, scope)
        .await
        .or_page(&ctx)?;
    let past_limit_total = past.len() as i64;
    let mut past_limit = Vec::new();
    for (c, end) in past.into_iter().take(SECTION_ROWS as usize) {
        let until = ctx.date(&end.to_string());
        past_limit.push((cert_row(&state, &ctx, &mut names, c).await, until));
    }
    Ok(render(
        StatusCode::OK,
        &ListPage {
            queue,
            may_file: principal.case_workflow_role(Capability::Coverage).is_some(),
            ending,
            past_limit,
            past_limit_total,
            ctx,
        },
    ))
}

#[derive(Deserialize, Default)]
struct PastLimitParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    after: String,
}

#[derive(Template)]
#[template(path = "coverage_past_limit.html")]
struct PastLimitPage {
    ctx: Ctx,
    q: String,
    past_limit: Vec<(CertRow, String)>,
    pager: KeysetPager,
}

/// Every posting past the agreement's limit, soonest ending first, 25 a page walked by key
/// (`after` = the last row's posting end and id), searchable by the person's name or the
/// certificate's number.
async fn past_limit(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    params: Result<Query<PastLimitParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let Some(scope) = coverage_scope(&principal) else {
        return Err(PageError::forbidden(ctx));
    };
    let params = params.map(|q| q.0).unwrap_or_default();
    let matching = state
        .store
        .postings_past_limit_matching(state.today(), scope, Some(params.q.as_str()))
        .await
        .or_page(&ctx)?;
    let after = params
        .after
        .rsplit_once('_')
        .and_then(|(day, id)| Some((day.to_owned(), id.parse::<i64>().ok()?)));
    let mut names = Names::default();
    let total = matching.len() as i64;
    let mut page: Vec<_> = matching
        .into_iter()
        .filter(|(c, _)| {
            after
                .as_ref()
                .is_none_or(|(day, id)| (c.posting_end.as_str(), c.id) > (day.as_str(), *id))
        })
        .take(PAST_LIMIT_ROWS + 1)
        .collect();
    let next = (page.len() > PAST_LIMIT_ROWS).then(|| {
        page.truncate(PAST_LIMIT_ROWS);
        page.last()
            .map(|(c, _)| format!("{}_{}", c.posting_end, c.id))
            .unwrap_or_default()
    });
    let mut rows = Vec::new();
    for (c, end) in page {
        let until = ctx.date(&end.to_string());
        rows.push((cert_row(&state, &ctx, &mut names, c).await, until));
    }
    let pager = KeysetPager::new(
        PAST_LIMIT,
        &[("q", params.q.as_str())],
        &params.after,
        (total, false),
        next.as_deref(),
    );
    Ok(render(
        StatusCode::OK,
        &PastLimitPage {
            ctx,
            q: params.q,
            past_limit: rows,
            pager,
        },
    ))
}

const PAST_LIMIT: &str = "/coverage/certificates/past-limit";
const PAST_LIMIT_ROWS: usize = 25;

/// The application or registration form as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct CertificateForm {
    direction: String,
    /// The person and the employer: chosen ids, or what was typed in their pickers.
    #[serde(flatten)]
    parties: PartyFields,
    partner_country: String,
    worker_category: String,
    posting_start: String,
    posting_end: String,
    valid_from: String,
    valid_to: String,
    number: String,
}

impl CertificateForm {
    /// The checked draft and the employer it is filed for, or every field error at once.
    fn parse(
        &self,
        principal: &Principal,
    ) -> Result<(hrx_domain::coverage::certificates::CertificateDraft, i64), FieldErrors> {
        let mut errors = FieldErrors::new();
        let person_id = id_field(&mut errors, "person_id", &self.parties.person_id);
        let employer_id = id_field(&mut errors, "employer_id", &self.parties.employer_id);
        let employer = match employer_for(principal, employer_id) {
            Ok(id) => Some(id),
            Err(ApiError::Validation(fe)) => {
                errors.merge(fe);
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
                errors.merge(fe);
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
    /// The heading's and the button's translation keys, and where the form posts.
    title: &'static str,
    submit: &'static str,
    action: &'static str,
    form: CertificateForm,
    errors: Errors,
    people: Vec<PersonRecord>,
    show_employer: bool,
    /// The person field's label, a translation key.
    person_label: &'static str,
    /// The person and employer pickers, as HTML.
    person_picker: String,
    employer_picker: String,
    directions: Vec<(String, String)>,
    partners: Vec<(String, String)>,
    categories: Vec<(String, String)>,
}

async fn form_page(
    state: &AppState,
    ctx: Ctx,
    principal: &Principal,
    form: CertificateForm,
    errors: &FieldErrors,
    pickers: &FormPickers,
) -> FormPage {
    let people = employer_people(&state.store, principal).await;
    let mut partners: Vec<(String, String)> = Vec::new();
    for a in state.store.agreements().await.unwrap_or_default() {
        if !partners.iter().any(|(p, _)| *p == a.partner) {
            partners.push((a.partner.clone(), ctx.country_name(&a.partner)));
        }
    }
    partners.sort_by(|a, b| a.1.cmp(&b.1));
    let errors = Errors::from(&ctx, errors);
    let (person_picker, employer_picker) = pickers.html(&ctx, &errors);
    FormPage {
        title: "cov-certificate-new",
        submit: "cov-file",
        action: BASE,
        errors,
        person_label: "cov-person",
        person_picker,
        employer_picker,
        people,
        show_employer: principal.role != Role::Employer,
        directions: ctx.choices("cov-direction", &["outbound", "inbound"]),
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
    let page = form_page(
        &state,
        ctx,
        &principal,
        form,
        &FieldErrors::new(),
        &FormPickers::new(),
    )
    .await;
    Ok(no_store(render(StatusCode::OK, &page)))
}

async fn create(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Form(mut form): Form<CertificateForm>,
) -> Result<Response, PageError> {
    let (pickers, picked) = FormPickers::resolve(&state.store, &ctx, &principal, &mut form.parties)
        .await
        .or_page(&ctx)?;
    allow(
        principal.case_workflow_role(Capability::Coverage).is_some(),
        &ctx,
    )?;
    let (draft, employer) = match with_picked(picked, form.parse(&principal)) {
        Ok(p) => p,
        Err(errors) => {
            let page = form_page(&state, ctx, &principal, form, &errors, &pickers).await;
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
        Ok(record) => return Ok(Redirect::to(&format!("{BASE}/{}", record.id)).into_response()),
        Err(e) => refused_fields(e).or_page(&ctx)?,
    };
    let page = form_page(&state, ctx, &principal, form, &errors, &pickers).await;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Template)]
#[template(path = "coverage_certificate.html")]
struct ViewPage {
    ctx: Ctx,
    row: CertRow,
    agreement_label: String,
    employer: String,
    actions: Vec<StepAction>,
    action_href: String,
    version: i64,
    may_extend: bool,
    printable: bool,
    extension_of: Option<i64>,
    steps: Vec<TransitionRecord>,
    words: Words,
    tabs: Vec<(&'static str, String)>,
    parties: Vec<Party>,
    error: String,
    today: String,
}

/// The certificate the path names, if this user may see it: the 403 page for those who may
/// see no certificates, the 404 page when there is no such certificate for them.
pub(super) async fn visible(
    state: &AppState,
    principal: &Principal,
    ctx: &Ctx,
    id: &str,
) -> Result<(i64, CertificateRecord), PageError> {
    let Some(scope) = coverage_scope(principal) else {
        return Err(PageError::forbidden(ctx.clone()));
    };
    let id = parse_id(id).found(ctx)?;
    let certificate = state.store.certificate(id, scope).await.found(ctx)?;
    Ok((id, certificate))
}

/// The certificate's page; after a refused step, with the reason and its status.
async fn view_page(
    state: &AppState,
    principal: &Principal,
    ctx: Ctx,
    id: &str,
    error: Option<(StatusCode, String)>,
) -> Result<Response, PageError> {
    let (id, certificate) = visible(state, principal, &ctx, id).await?;
    let role = principal.case_workflow_role(Capability::Coverage);
    let actions = match workflow() {
        Ok(w) => actions(
            &ctx,
            w,
            (&certificate.status, &certificate.direction),
            role,
            WORDS,
        ),
        Err(_) => Vec::new(),
    };
    let may_extend =
        role.is_some() && certificate.direction == "outbound" && certificate.status == "issued";
    let printable =
        DOCUMENT_STATES.contains(&certificate.status.as_str()) && certificate.number.is_some();
    let agreement_label = ctx.agreement_name(&certificate.agreement_code);
    let steps = certificate.transitions.clone();
    let (action_href, version) = (format!("{BASE}/{id}/transition"), certificate.version);
    let employer = employer_name(state, &certificate).await;
    let parties = parties(
        state,
        &ctx,
        ("cov-person", certificate.person_id),
        certificate.employer_id.map(|id| ("cov-employer", id)),
    )
    .await;
    let mut sections = vec!["details", "parties"];
    if may_extend {
        sections.push("extension");
    }
    sections.push("history");
    let tabs = tabs(&ctx, &sections);
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
            action_href,
            version,
            may_extend,
            printable,
            extension_of,
            steps,
            words: WORDS,
            tabs,
            parties,
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
        ApiError::Conflict { code, .. } | ApiError::MissingInput { code, .. } => {
            Some((error.status(), ctx.tk("cov-refused", code)))
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
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let (cert_id, certificate) = visible(&state, &principal, &ctx, &id).await?;
    let flow = workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let record_href = format!("{BASE}/{cert_id}");
    if let Some(step) = form.needs_confirmation(flow, (&certificate.status, &certificate.direction))
    {
        if !step.comment_required || form.comment().is_some() {
            let mut names = Names::default();
            let person = names.of(&state, certificate.person_id).await;
            let target = ConfirmTarget {
                title: format!("{} #{cert_id} · {person}", ctx.t("cov-certificate")),
                record_href: &record_href,
                action_href: &format!("{record_href}/transition"),
            };
            return Ok(confirm_page(ctx, target, step, WORDS, &form, Vec::new()));
        }
    }
    let body = CertificateTransition {
        action: form.action.clone(),
        comment: form.comment(),
        version: form.version(),
        paid_until: optional_text(&form.paid_until),
        effective: optional_text(&form.effective),
    };
    match take_step(&state, &principal, cert_id, &body).await {
        Ok(_) => Ok(Redirect::to(&record_href).into_response()),
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
