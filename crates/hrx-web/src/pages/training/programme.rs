//! A programme's page: its fields worded, its plan (each sending unit's places,
//! supplementary places and places used), the administrator's forms to set a unit's places
//! (the unit chosen with the organisation picker) and to approve the plan (confirmed first),
//! and its nominations with the form an officer nominates with (person and sending unit
//! chosen with the pickers).

use super::programmes::{found, planner, BASE};
use super::{
    answer, badge, pick_person_and_unit, plans, ConfirmPage, Kept, Officer, PersonAndUnit,
    NOMINATION_WORDS,
};
use crate::pages::case::amount;
use crate::pages::case::picker::{pick_into, PickKind, Picker};
use crate::pages::extract::{OrPage, PageError};
use crate::pages::{no_store, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::access::Principal;
use hrx_domain::FieldErrors;
use hrx_store::training::{NominationInput, ProgrammeRecord, QuotaInput};
use serde::Deserialize;

/// A nomination of the programme, as its page lists it.
struct NominationRow {
    href: String,
    person: String,
    unit: String,
    status: String,
    badge: &'static str,
    approvals: i64,
    group: Option<(i64, String)>,
}

#[derive(Template)]
#[template(path = "training_programme.html")]
struct RecordPage {
    ctx: Ctx,
    r: ProgrammeRecord,
    title: String,
    other_title: String,
    facts: Vec<(String, String)>,
    plan: String,
    plan_badge: &'static str,
    quotas: Vec<(String, String, String, String)>,
    nominations: Vec<NominationRow>,
    may_plan: bool,
    /// Which form the kept values belong to (`quota`, `nominate`), and the refusal.
    form: String,
    values: FormValues,
    errors: Errors,
    message: String,
    detail: String,
    unit_picker: String,
    person_picker: String,
    sending_picker: String,
}

/// What the page shows again after a refused post on it.
struct PageKept {
    form: &'static str,
    values: FormValues,
    pickers: Vec<Picker>,
    kept: Kept,
}

async fn record_view(
    state: &AppState,
    ctx: Ctx,
    p: &Principal,
    r: ProgrammeRecord,
    kept: Option<PageKept>,
) -> Result<Response, PageError> {
    let nominations = state
        .store
        .training_nominations(Some(r.id), None)
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|n| NominationRow {
            href: format!("/training/nominations/{}", n.id),
            person: n.person_name.clone(),
            unit: n.sending_unit_name.clone(),
            status: ctx.tk(NOMINATION_WORDS.statuses, &n.status),
            badge: badge(&n.status),
            approvals: n.approvals,
            group: n.group_id.zip(n.group_code.clone()),
        })
        .collect();
    let (form, values, mut pickers, kept) = match kept {
        Some(k) => (k.form, k.values, k.pickers, k.kept),
        None => ("", FormValues::default(), Vec::new(), Kept::default()),
    };
    let errors = Errors::from(&ctx, &kept.errors);
    let mut picker = |name: &'static str, kind: PickKind| {
        let at = pickers.iter().position(|x| x.name == name);
        at.map(|i| pickers.remove(i))
            .unwrap_or_else(|| Picker::new(name, kind))
            .html(&ctx, &errors)
    };
    let unit_picker = picker("unit_id", PickKind::Organisation);
    let person_picker = picker("person_id", PickKind::Person);
    let sending_picker = picker("sending_unit_id", PickKind::Organisation);
    let facts = vec![
        (ctx.t("trn-type"), ctx.tk("trn-type", &r.programme_type)),
        (ctx.t("trn-year"), r.year.to_string()),
        (
            ctx.t("trn-funding"),
            ctx.tk("trn-funding", &r.funding_channel),
        ),
        (
            ctx.t("trn-category"),
            ctx.tk("trn-category", &r.approval_category),
        ),
        (
            ctx.t("trn-host"),
            format!(
                "{} · {} · {}",
                r.host_institution,
                ctx.tk("trn-institution", &r.institution_kind),
                ctx.country_name(&r.host_country)
            ),
        ),
        (
            ctx.t("trn-language"),
            hrx_domain::intorgs::matching::language_name(
                &r.language,
                ctx.lang == crate::i18n::Lang::Zh,
            )
            .map_or_else(|| r.language.clone(), str::to_owned),
        ),
        (
            ctx.t("trn-planned-days"),
            format!(
                "{} · {}",
                ctx.t1("trn-days", "days", r.planned_days),
                ctx.tk("trn-duration", &r.duration_class)
            ),
        ),
        (
            ctx.t("trn-cost"),
            ctx.t1("trn-yuan", "amount", ctx.count(r.cost_yuan)),
        ),
        (
            ctx.t("trn-window"),
            format!(
                "{} – {}",
                ctx.date(&r.window_start),
                ctx.date(&r.window_end)
            ),
        ),
    ];
    let page = RecordPage {
        title: ctx.title_of(&r.title_en, &r.title_zh),
        other_title: ctx.lang.other().pick(&r.title_zh, &r.title_en).to_owned(),
        plan: match &r.approved_on {
            Some(day) => ctx.t2(
                "trn-plan-approved-on",
                ("date", &ctx.date(day)),
                ("by", r.approved_by.as_deref().unwrap_or_default()),
            ),
            None => ctx.tk("trn-plan", &r.plan_status),
        },
        plan_badge: badge(&r.plan_status),
        quotas: r
            .quotas
            .iter()
            .map(|q| {
                (
                    q.sending_unit_name.clone(),
                    ctx.count(q.places),
                    ctx.count(q.supplementary),
                    ctx.count(q.used),
                )
            })
            .collect(),
        facts,
        nominations,
        may_plan: plans(p) && r.plan_status == "draft",
        form: form.to_owned(),
        values,
        errors,
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        unit_picker,
        person_picker,
        sending_picker,
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
    record_view(&state, ctx, &p, r, None).await
}

/// Shows the page again at its own address with what was typed and why it was refused.
async fn again(
    state: &AppState,
    ctx: Ctx,
    p: &Principal,
    r: ProgrammeRecord,
    kept: PageKept,
) -> Result<Response, PageError> {
    let ctx = Ctx {
        path: format!("{BASE}/{}", r.id),
        ..ctx
    };
    record_view(state, ctx, p, r, Some(kept)).await
}

/// Sets a sending unit's places in the draft plan.
pub(super) async fn set_quota(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    planner(&p, &ctx)?;
    let r = found(&state, &ctx, &id).await?;
    let mut errors = FieldErrors::new();
    let mut picker = Picker::new("unit_id", PickKind::Organisation);
    let mut unit = values.value("unit_id").to_owned();
    let typed = (&mut unit, values.value("unit_id_q"), p.organisation_scope());
    pick_into(&state.store, &ctx, &mut picker, typed, &mut errors)
        .await
        .or_page(&ctx)?;
    let unit = unit.trim().parse::<i64>().ok();
    if unit.is_none() && errors.is_empty() {
        errors.add("unit_id", "required");
    }
    let mut number = |name: &str| match values.value(name).trim() {
        "" => 0,
        text => amount(text).unwrap_or_else(|| {
            errors.add(name, "not_a_number");
            0
        }),
    };
    let (places, supplementary) = (number("places"), number("supplementary"));
    let kept = match unit {
        Some(unit) if errors.is_empty() => {
            let quota = QuotaInput {
                sending_unit_id: unit,
                places,
                supplementary,
            };
            let version = values.value("version").trim().parse().unwrap_or(-1);
            let set = state
                .store
                .set_training_quota(&p.username, r.id, version, quota)
                .await;
            match answer(set, &ctx, &format!("{BASE}/{}#plan", r.id))? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        _ => Kept::fields(errors),
    };
    let kept = PageKept {
        form: "quota",
        values,
        pickers: vec![picker],
        kept,
    };
    again(&state, ctx, &p, r, kept).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ApproveForm {
    version: String,
    confirmed: String,
    #[serde(rename = "_csrf")]
    _csrf: String,
}

/// Approves the plan: confirmed first, since it cannot be edited afterwards.
pub(super) async fn approve(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<ApproveForm>,
) -> Result<Response, PageError> {
    planner(&p, &ctx)?;
    let r = found(&state, &ctx, &id).await?;
    let href = format!("{BASE}/{}", r.id);
    if form.confirmed != "yes" {
        let mut points: Vec<String> = r
            .quotas
            .iter()
            .map(|q| {
                ctx.t2(
                    "trn-confirm-unit",
                    ("unit", &q.sending_unit_name),
                    ("places", &ctx.count(q.places + q.supplementary)),
                )
            })
            .collect();
        if points.is_empty() {
            points.push(ctx.t("trn-refused-plan_empty"));
        }
        let page = ConfirmPage {
            title: format!("{} · {}", r.code, ctx.title_of(&r.title_en, &r.title_zh)),
            heading: ctx.t("trn-approve-plan"),
            lead: ctx.t("trn-confirm-approve"),
            points,
            record_href: href.clone(),
            action_href: format!("{href}/approve"),
            hidden: vec![("version".into(), form.version.clone())],
            go: ctx.t("trn-approve-plan"),
            ctx,
        };
        return Ok(no_store(render(StatusCode::OK, &page)));
    }
    let version = form.version.trim().parse().unwrap_or(-1);
    let approved = state
        .store
        .approve_training_plan(&p.username, r.id, version, state.today())
        .await;
    match answer(approved, &ctx, &href)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let kept = PageKept {
                form: "approve",
                values: FormValues::default(),
                pickers: Vec::new(),
                kept,
            };
            again(&state, ctx, &p, r, kept).await
        }
    }
}

/// Nominates a person (chosen with the picker) for the programme, by a sending unit (chosen
/// with the picker; the person's own organisation when none).
pub(super) async fn nominate(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let r = found(&state, &ctx, &id).await?;
    let PersonAndUnit {
        person,
        unit,
        pickers,
        errors,
    } = pick_person_and_unit(&state, &ctx, &p, &values).await?;
    let kept = match person {
        Some(person) if errors.is_empty() => {
            let input = NominationInput {
                programme_id: r.id,
                person_id: person,
                sending_unit_id: unit,
            };
            let made = state
                .store
                .nominate_for_training(&p.username, input, state.today())
                .await;
            let href = match &made {
                Ok(n) => format!("/training/nominations/{}", n.id),
                Err(_) => String::new(),
            };
            match answer(made, &ctx, &href)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        _ => Kept::fields(errors),
    };
    let kept = PageKept {
        form: "nominate",
        values,
        pickers,
        kept,
    };
    again(&state, ctx, &p, r, kept).await
}
