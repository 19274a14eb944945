//! A round on pages: its facts (quotas, the text limit, the notice windows, the ceremony, the
//! body that decides, the history's counts and the conditions of the award year) and its
//! nominations by applying unit in rank order. An administrator plans a round (the award's
//! defaults filled in from `data/awards/rules.toml`), edits it while it is planned (every
//! value kept on error), opens it and closes it, each of the last two confirmed first.

use super::home::expert_name;
use super::{
    answer, badge, body_options, form_errors, number_field, Admin, ConfirmPage, Kept, Officer,
    BASE, WORDS,
};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::access::Role;
use hrx_domain::awards::{award_rule, conditions, quota_for, AWARDS, UNIT_KINDS};
use hrx_domain::FieldErrors;
use hrx_store::awards::{RoundInput, RoundRecord};

/// The day counts a notice may use.
const COUNTS: [&str; 2] = ["calendar", "working"];

/// The round's fields as a form holds them.
fn form_of(r: &RoundRecord) -> FormValues {
    let mut f = FormValues::default();
    let mut put = |k: &str, v: String| {
        f.0.insert(k.to_owned(), v);
    };
    put("opens_on", r.opens_on.clone().unwrap_or_default());
    put("closes_on", r.closes_on.clone().unwrap_or_default());
    put("quota_major", r.quota_major.to_string());
    put("quota_city", r.quota_city.to_string());
    put("text_limit", r.text_limit.to_string());
    put("notice_days", r.notice_days.to_string());
    put("result_notice_days", r.result_notice_days.to_string());
    put("notice_count", r.notice_count.clone());
    put("ceremony_date", r.ceremony_date.clone().unwrap_or_default());
    put("decision_body", r.decision_body.clone());
    put("source", r.source.clone());
    put("version", r.version.to_string());
    f
}

/// A new round's form with the award's defaults for the year.
fn defaults(award: &str, year: i32) -> FormValues {
    let mut f = FormValues::default();
    let mut put = |k: &str, v: String| {
        f.0.insert(k.to_owned(), v);
    };
    put("award", award.to_owned());
    put("award_year", year.to_string());
    if let Ok(rule) = award_rule(award) {
        put("quota_major", rule.quota_major.to_string());
        put("quota_city", rule.quota_city.to_string());
        put("text_limit", rule.text_limit_for(year).to_string());
        put("notice_days", rule.notice_days.to_string());
        put("result_notice_days", rule.result_notice_days.to_string());
        put("notice_count", rule.notice_count.clone());
        // The ISTC's conference is held in January of the following year (spec §3).
        let ceremony_year = if rule.ceremony_month_day.starts_with("01") {
            year + 1
        } else {
            year
        };
        put(
            "ceremony_date",
            format!("{ceremony_year}-{}", rule.ceremony_month_day),
        );
    }
    put(
        "decision_body",
        if award == "istc" {
            "State Council (NOSTA, MOST)"
        } else {
            "MOHRSS (SAFEA)"
        }
        .to_owned(),
    );
    f
}

/// The round a form asks for, its numbers read as people type them.
fn input_of(form: &FormValues, award: String, year: i32) -> Result<RoundInput, FieldErrors> {
    let mut e = FieldErrors::new();
    let text = |k: &str| Some(form.value(k).trim().to_owned()).filter(|s| !s.is_empty());
    let input = RoundInput {
        award,
        award_year: year,
        opens_on: text("opens_on"),
        closes_on: text("closes_on"),
        quota_major: number_field(&mut e, "quota_major", form.value("quota_major")),
        quota_city: number_field(&mut e, "quota_city", form.value("quota_city")),
        text_limit: number_field(&mut e, "text_limit", form.value("text_limit")),
        notice_days: number_field(&mut e, "notice_days", form.value("notice_days")),
        result_notice_days: number_field(
            &mut e,
            "result_notice_days",
            form.value("result_notice_days"),
        ),
        notice_count: text("notice_count"),
        ceremony_date: text("ceremony_date"),
        decision_body: text("decision_body"),
        source: text("source"),
    };
    e.into_result().map(|()| input)
}

#[derive(Template)]
#[template(path = "aw_round_new.html")]
struct NewPage {
    ctx: Ctx,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
    awards: Vec<(String, String)>,
    counts: Vec<(String, String)>,
    bodies: Vec<(String, String)>,
    /// Links that fill in another award's defaults.
    other_defaults: Vec<(String, String)>,
}

fn new_view(ctx: Ctx, form: FormValues, kept: Kept) -> Response {
    let year = form.value("award_year").to_owned();
    let page = NewPage {
        errors: Errors::from(&ctx, &kept.errors),
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        awards: AWARDS
            .iter()
            .map(|a| ((*a).to_owned(), ctx.aw_award(a)))
            .collect(),
        counts: ctx.choices("aw-notice-count", &COUNTS),
        bodies: body_options(&ctx, form.value("decision_body")),
        other_defaults: AWARDS
            .iter()
            .map(|a| {
                (
                    format!("{BASE}/rounds/new?award={a}&year={year}"),
                    ctx.aw_award(a),
                )
            })
            .collect(),
        form,
        ctx,
    };
    no_store(render(kept.status(), &page))
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    Admin { ctx, .. }: Admin,
    params: Result<Query<FormValues>, QueryRejection>,
) -> Result<Response, PageError> {
    let params = params.map(|q| q.0).unwrap_or_default();
    let award = Some(params.value("award"))
        .filter(|a| AWARDS.contains(a))
        .unwrap_or("friendship")
        .to_owned();
    let taken: Vec<i32> = state
        .store
        .award_rounds(Some(&award))
        .await
        .or_page(&ctx)?
        .iter()
        .map(|r| r.award_year)
        .collect();
    let this_year = chrono::Datelike::year(&state.today());
    let year = match params.value("year").trim().parse::<i32>() {
        Ok(y) if (1991..=2100).contains(&y) => y,
        _ => (this_year..=2100)
            .find(|y| !taken.contains(y))
            .unwrap_or(this_year),
    };
    Ok(new_view(ctx, defaults(&award, year), Kept::default()))
}

/// Plans a round; on error the form comes back with every value kept.
pub(super) async fn create(
    State(state): State<AppState>,
    Admin { p, ctx }: Admin,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let award = form.value("award").trim().to_owned();
    let year = match form.value("award_year").trim().parse::<i32>() {
        Ok(y) => y,
        Err(_) => {
            errors.add("award_year", "not_a_number");
            0
        }
    };
    let input = input_of(&form, award, year);
    let kept = match input {
        Ok(input) if errors.is_empty() => {
            let created = state.store.create_award_round(&p.username, &input).await;
            let to = match &created {
                Ok(r) => format!("{BASE}/rounds/{}", r.id),
                Err(_) => String::new(),
            };
            match answer(created, &ctx, &to, |_, _| None)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        Ok(_) => form_errors(&ctx, errors),
        Err(more) => {
            errors.merge(more);
            form_errors(&ctx, errors)
        }
    };
    let ctx = Ctx {
        path: format!("{BASE}/rounds/new"),
        ..ctx
    };
    Ok(new_view(ctx, form, kept))
}

/// A nomination as the round lists it under its unit.
struct NominationRow {
    href: String,
    rank: i64,
    expert: String,
    nationality: String,
    status: String,
    badge: &'static str,
    carried: bool,
}

/// An applying unit's nominations, in rank order.
struct UnitGroup {
    unit: String,
    kind: String,
    quota: String,
    rows: Vec<NominationRow>,
    /// Where its kind stands in the order of kinds (provinces first), to sort the groups.
    order: usize,
}

/// The addresses a source names, each shown as a link; a source that names none is shown
/// as it was typed.
pub(super) fn source_links(source: &str) -> (Vec<String>, String) {
    let links: Vec<String> = source
        .split_whitespace()
        .map(|s| s.trim_end_matches([';', ',', ')']))
        .filter(|s| s.starts_with("http://") || s.starts_with("https://"))
        .map(str::to_owned)
        .collect();
    let text = if links.is_empty() {
        source.trim().to_owned()
    } else {
        String::new()
    };
    (links, text)
}

/// A condition of eligibility for the award year.
struct ConditionRow {
    kind: String,
    text: String,
}

#[derive(Template)]
#[template(path = "aw_round.html")]
struct RoundPage {
    ctx: Ctx,
    r: RoundRecord,
    award: String,
    status: String,
    status_badge: &'static str,
    window: String,
    notice: String,
    result_notice: String,
    ceremony: String,
    body: String,
    history_status: String,
    /// "+ 1 organisation", where the history names organisations.
    organisations: String,
    /// The source's addresses, or its text where it names none.
    sources: Vec<String>,
    source_text: String,
    conditions: Vec<ConditionRow>,
    groups: Vec<UnitGroup>,
    admin: bool,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
    counts: Vec<(String, String)>,
    bodies: Vec<(String, String)>,
}

async fn found(state: &AppState, ctx: &Ctx, id: &str) -> Result<RoundRecord, PageError> {
    let id = parse_id(id).found(ctx)?;
    state.store.award_round(id).await.found(ctx)
}

async fn round_view(
    state: &AppState,
    ctx: Ctx,
    admin: bool,
    r: RoundRecord,
    kept: Option<(FormValues, Kept)>,
) -> Result<Response, PageError> {
    let (form, kept) = kept.unwrap_or_else(|| (form_of(&r), Kept::default()));
    let nominations = state
        .store
        .award_nominations(Some(r.id))
        .await
        .or_page(&ctx)?;
    let mut groups: Vec<UnitGroup> = Vec::new();
    let mut last_unit = None;
    for n in &nominations {
        if last_unit != Some(n.applying_unit_id) {
            last_unit = Some(n.applying_unit_id);
            groups.push(UnitGroup {
                unit: ctx.aw_unit(&n.unit_name_zh, &n.unit_name_en),
                kind: ctx.tk("aw-unit-kind", &n.unit_kind),
                quota: quota_for(&n.unit_kind, r.quota_major as u32, r.quota_city as u32)
                    .map_or_else(
                        || ctx.t("aw-quota-none"),
                        |q| ctx.t1("aw-quota-n", "count", q),
                    ),
                rows: Vec::new(),
                order: UNIT_KINDS
                    .iter()
                    .position(|k| *k == n.unit_kind)
                    .unwrap_or(UNIT_KINDS.len()),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.rows.push(NominationRow {
                href: format!("{BASE}/nominations/{}", n.id),
                rank: n.rank,
                expert: expert_name(n),
                nationality: ctx.country_name(&n.nationality),
                status: ctx.tk(WORDS.statuses, &n.status),
                badge: badge(&n.status),
                carried: n.carried_from.is_some(),
            });
        }
    }
    groups.sort_by(|a, b| a.order.cmp(&b.order).then(a.unit.cmp(&b.unit)));
    let (sources, source_text) = source_links(&r.source);
    let conditions = conditions(&r.award, r.award_year)
        .unwrap_or_default()
        .iter()
        .map(|c| ConditionRow {
            kind: ctx.tk("aw-condition-kind", &c.kind),
            text: ctx.lang.pick(&c.text_zh, &c.text_en).to_owned(),
        })
        .collect();
    let page = RoundPage {
        award: ctx.aw_round(&ctx.aw_award(&r.award), r.award_year),
        status: ctx.tk("aw-round-status", &r.status),
        status_badge: badge(&r.status),
        window: ctx.aw_window(r.opens_on.as_deref(), r.closes_on.as_deref()),
        notice: ctx.aw_notice(r.notice_days, &r.notice_count),
        result_notice: ctx.aw_notice(r.result_notice_days, &r.notice_count),
        ceremony: ctx.aw_day(r.ceremony_date.as_deref()),
        body: ctx.aw_body(&r.decision_body),
        history_status: r
            .history_status
            .as_deref()
            .map_or_else(String::new, |s| ctx.tk("aw-history-status", s)),
        organisations: r
            .laureates_organisations
            .filter(|o| *o > 0)
            .map_or_else(String::new, |o| {
                ctx.aw_n("aw-history-organisations", "count", o)
            }),
        sources,
        source_text,
        conditions,
        groups,
        admin,
        errors: Errors::from(&ctx, &kept.errors),
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        counts: ctx.choices("aw-notice-count", &COUNTS),
        bodies: body_options(&ctx, form.value("decision_body")),
        form,
        r,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let r = found(&state, &ctx, &id).await?;
    round_view(&state, ctx, p.role == Role::Admin, r, None).await
}

/// Edits a planned round; on error the round's page comes back with every value kept.
pub(super) async fn update(
    State(state): State<AppState>,
    Admin { p, ctx }: Admin,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let r = found(&state, &ctx, &id).await?;
    let href = format!("{BASE}/rounds/{}", r.id);
    let version = form.value("version").trim().parse::<i64>().unwrap_or(-1);
    let kept = match input_of(&form, r.award.clone(), r.award_year) {
        Ok(input) => {
            let edited = state
                .store
                .update_award_round(&p.username, r.id, version, &input)
                .await;
            match answer(edited, &ctx, &href, |_, _| None)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        Err(errors) => form_errors(&ctx, errors),
    };
    let ctx = Ctx { path: href, ..ctx };
    round_view(&state, ctx, true, r, Some((form, kept))).await
}

/// Opens a planned round or closes an open one, confirmed first.
pub(super) async fn status(
    State(state): State<AppState>,
    Admin { p, ctx }: Admin,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let r = found(&state, &ctx, &id).await?;
    let href = format!("{BASE}/rounds/{}", r.id);
    let to = form.value("status").trim().to_owned();
    if !["open", "closed"].contains(&to.as_str()) {
        return Err(PageError::not_found(ctx));
    }
    let version = form.value("version").trim().to_owned();
    if form.value("confirmed") != "yes" {
        let title = ctx.aw_round(&ctx.aw_award(&r.award), r.award_year);
        let nominations = state
            .store
            .award_nominations(Some(r.id))
            .await
            .or_page(&ctx)?
            .len();
        let (heading, lead, points, go) = if to == "open" {
            (
                ctx.t("aw-round-open-heading"),
                ctx.t("aw-round-open-lead"),
                if r.opens_on.is_some() && r.closes_on.is_some() {
                    vec![ctx.t1(
                        "aw-round-open-window",
                        "window",
                        ctx.aw_window(r.opens_on.as_deref(), r.closes_on.as_deref()),
                    )]
                } else {
                    vec![ctx.t("aw-round-open-missing")]
                },
                ctx.t("aw-round-open-go"),
            )
        } else {
            (
                ctx.t("aw-round-close-heading"),
                ctx.t("aw-round-close-lead"),
                vec![ctx.aw_n("aw-round-close-count", "count", nominations as i64)],
                ctx.t("aw-round-close-go"),
            )
        };
        let page = ConfirmPage {
            title,
            heading,
            lead,
            points,
            record_href: href.clone(),
            action_href: format!("{href}/status"),
            hidden: vec![("version".into(), version), ("status".into(), to)],
            go,
            ctx,
        };
        return Ok(no_store(render(StatusCode::OK, &page)));
    }
    let version = version.parse::<i64>().unwrap_or(-1);
    let moved = state
        .store
        .set_award_round_status(&p.username, r.id, version, &to)
        .await;
    match answer(moved, &ctx, &href, |_, _| None)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            round_view(&state, ctx, true, r.clone(), Some((form_of(&r), kept))).await
        }
    }
}
