//! Programmes: the list by year, the form an administrator records or edits one with while
//! its plan is a draft, and a programme's page: its fields worded, its plan (each sending
//! unit's places, supplementary places and places used), the administrator's forms to set a
//! unit's places (the unit chosen with the organisation picker) and to approve the plan
//! (confirmed first), and its nominations with the form an officer nominates with (person
//! and sending unit chosen with the pickers).

use super::{answer, badge, codes, plans, Kept, Officer};
use crate::pages::case::amount;
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues, KeysetPager, Searched};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::access::Principal;
use hrx_domain::training::{
    ApprovalCategory, FundingChannel, InstitutionKind, ProgrammeFields, ProgrammeType,
};
use hrx_domain::FieldErrors;
use hrx_store::training::ProgrammeRecord;
use serde::Deserialize;

pub(super) const BASE: &str = "/training/programmes";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    year: String,
}

/// Programmes on a page of the list.
const LIST_ROWS: usize = 50;

struct Row {
    id: i64,
    href: String,
    code: String,
    title: String,
    kind: String,
    year: i64,
    country: String,
    window: String,
    plan: String,
    badge: &'static str,
    places: String,
}

#[derive(Template)]
#[template(path = "training_programmes.html")]
struct ListPage {
    ctx: Ctx,
    year: String,
    years: Vec<i64>,
    rows: Vec<Row>,
    q: Searched,
    pager: KeysetPager,
    may_plan: bool,
}

/// Places allocated (with supplementary ones) and used, over every unit of a plan.
fn places(ctx: &Ctx, p: &ProgrammeRecord) -> String {
    let total: i64 = p.quotas.iter().map(|q| q.places + q.supplementary).sum();
    let used: i64 = p.quotas.iter().map(|q| q.used).sum();
    ctx.t2(
        "trn-places-used",
        ("used", &ctx.count(used)),
        ("total", &ctx.count(total)),
    )
}

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Query(q): Query<ListQuery>,
    Query(searched): Query<Searched>,
) -> Result<Response, PageError> {
    let all = state.store.training_programmes(None).await.or_page(&ctx)?;
    let mut years: Vec<i64> = all.iter().map(|p| p.year).collect();
    years.dedup();
    let year = q.year.trim().parse::<i64>().ok();
    let rows: Vec<Row> = all
        .iter()
        .filter(|p| year.is_none_or(|y| p.year == y))
        .map(|r| Row {
            id: r.id,
            href: format!("{BASE}/{}", r.id),
            code: r.code.clone(),
            title: ctx.title_of(&r.title_en, &r.title_zh),
            kind: ctx.tk("trn-type", &r.programme_type),
            year: r.year,
            country: ctx.country_name(&r.host_country),
            window: format!(
                "{} – {}",
                ctx.date(&r.window_start),
                ctx.date(&r.window_end)
            ),
            plan: ctx.tk("trn-plan", &r.plan_status),
            badge: badge(&r.plan_status),
            places: places(&ctx, r),
        })
        .collect();
    let (rows, pager) = searched.page(
        (BASE, &[("year", q.year.as_str())]),
        rows,
        |r| r.id.to_string(),
        |r| {
            vec![
                r.code.clone(),
                r.title.clone(),
                r.kind.clone(),
                r.country.clone(),
            ]
        },
        LIST_ROWS,
    );
    let page = ListPage {
        year: q.year,
        years,
        rows,
        q: searched,
        pager,
        may_plan: plans(&p),
        ctx,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "training_programme_form.html")]
struct FormPage {
    ctx: Ctx,
    action: String,
    cancel: String,
    form: FormValues,
    errors: Errors,
    message: String,
    types: Vec<(String, String)>,
    fundings: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    institutions: Vec<(String, String)>,
    countries: Vec<(String, String)>,
}

fn form_view(ctx: Ctx, action: String, form: FormValues, kept: Kept) -> Response {
    let cancel = match action.strip_suffix("/edit") {
        Some(record) => record.to_owned(),
        None => BASE.to_owned(),
    };
    let page = FormPage {
        errors: Errors::from(&ctx, &kept.errors),
        message: kept.message.clone(),
        types: ctx.choices("trn-type", &codes(ProgrammeType::ALL, ProgrammeType::code)),
        fundings: ctx.choices(
            "trn-funding",
            &codes(FundingChannel::ALL, FundingChannel::code),
        ),
        categories: ctx.choices(
            "trn-category",
            &codes(ApprovalCategory::ALL, ApprovalCategory::code),
        ),
        institutions: ctx.choices(
            "trn-institution",
            &codes(InstitutionKind::ALL, InstitutionKind::code),
        ),
        countries: ctx.countries(),
        action,
        cancel,
        form,
        ctx,
    };
    no_store(render(kept.status(), &page))
}

/// The administrator on a plan's page; anyone else is refused (403).
pub(super) fn planner(p: &Principal, ctx: &Ctx) -> Result<(), PageError> {
    crate::pages::extract::allow(plans(p), ctx)
}

pub(super) async fn new_form(Officer { p, ctx }: Officer) -> Result<Response, PageError> {
    planner(&p, &ctx)?;
    let mut form = FormValues::default();
    form.0.insert("language".into(), "en".into());
    Ok(form_view(ctx, BASE.to_owned(), form, Kept::default()))
}

/// The programme's fields as typed: numbers as people write them ("60,000").
fn fields_of(form: &FormValues) -> Result<ProgrammeFields, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut number = |name: &str| -> i64 {
        let text = form.value(name).trim();
        if text.is_empty() {
            return 0;
        }
        amount(text).unwrap_or_else(|| {
            errors.add(name, "not_a_number");
            0
        })
    };
    let fields = ProgrammeFields {
        year: number("year"),
        planned_days: number("planned_days"),
        cost_yuan: number("cost_yuan"),
        code: form.value("code").to_owned(),
        title_en: form.value("title_en").to_owned(),
        title_zh: form.value("title_zh").to_owned(),
        programme_type: form.value("programme_type").to_owned(),
        funding_channel: form.value("funding_channel").to_owned(),
        approval_category: form.value("approval_category").to_owned(),
        host_institution: form.value("host_institution").to_owned(),
        institution_kind: form.value("institution_kind").to_owned(),
        host_country: form.value("host_country").to_owned(),
        language: form.value("language").to_owned(),
        window_start: form.value("window_start").to_owned(),
        window_end: form.value("window_end").to_owned(),
    };
    errors.into_result().map(|()| fields)
}

/// Records a programme with an empty plan and goes to its page.
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    planner(&p, &ctx)?;
    let kept = match fields_of(&form) {
        Err(errors) => Kept::fields(errors),
        Ok(fields) => {
            let created = state
                .store
                .create_training_programme(&p.username, &fields)
                .await;
            let href = match &created {
                Ok(r) => format!("{BASE}/{}", r.id),
                Err(_) => BASE.to_owned(),
            };
            match answer(created, &ctx, &href)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
    };
    let ctx = Ctx {
        path: format!("{BASE}/new"),
        ..ctx
    };
    Ok(form_view(ctx, BASE.to_owned(), form, kept))
}

pub(super) async fn found(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
) -> Result<ProgrammeRecord, PageError> {
    let id = parse_id(id).found(ctx)?;
    state.store.training_programme(id).await.found(ctx)
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    planner(&p, &ctx)?;
    let r = found(&state, &ctx, &id).await?;
    let mut form = FormValues::default();
    for (name, value) in [
        ("code", r.code.clone()),
        ("year", r.year.to_string()),
        ("title_en", r.title_en.clone()),
        ("title_zh", r.title_zh.clone()),
        ("programme_type", r.programme_type.clone()),
        ("funding_channel", r.funding_channel.clone()),
        ("approval_category", r.approval_category.clone()),
        ("host_institution", r.host_institution.clone()),
        ("institution_kind", r.institution_kind.clone()),
        ("host_country", r.host_country.clone()),
        ("language", r.language.clone()),
        ("planned_days", r.planned_days.to_string()),
        ("cost_yuan", r.cost_yuan.to_string()),
        ("window_start", r.window_start.clone()),
        ("window_end", r.window_end.clone()),
        ("version", r.version.to_string()),
    ] {
        form.0.insert(name.to_owned(), value);
    }
    Ok(form_view(
        ctx,
        format!("{BASE}/{}/edit", r.id),
        form,
        Kept::default(),
    ))
}

/// Saves the fields of a programme whose plan is a draft.
pub(super) async fn update(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    planner(&p, &ctx)?;
    let r = found(&state, &ctx, &id).await?;
    let href = format!("{BASE}/{}", r.id);
    let version = form.value("version").trim().parse().unwrap_or(-1);
    let kept = match fields_of(&form) {
        Err(errors) => Kept::fields(errors),
        Ok(fields) => {
            let saved = state
                .store
                .update_training_programme(&p.username, r.id, version, &fields)
                .await;
            match answer(saved, &ctx, &href)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
    };
    let action = format!("{href}/edit");
    let ctx = Ctx {
        path: action.clone(),
        ..ctx
    };
    Ok(form_view(ctx, action, form, kept))
}
