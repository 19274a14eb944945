//! The public registry of agreements and, for administrators, the edit form of their terms.

use super::path_segment;
use crate::i18n::Lang;
use crate::pages::extract::{allow, Anyone, Found, OrPage, PageError, SignedIn};
use crate::pages::{no_store, render, Ctx, Errors};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use hrx_domain::coverage::agreements::{Agreement, AgreementRow, ExtensionRule};
use hrx_domain::FieldErrors;
use hrx_store::StoreError;
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/coverage", get(registry)).route(
        "/coverage/agreements/{code}",
        get(agreement).post(save_agreement),
    )
}

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
    rows: Vec<AgreementLine>,
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
    Ok(render(StatusCode::OK, &RegistryPage { ctx, rows: lines }))
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
