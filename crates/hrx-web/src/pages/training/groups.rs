//! Groups (团组): the list with the form that plans a new one, and a group's page: its
//! members (name, passport and expiry, sending unit, nomination and travel status), the
//! checks of its dispatch (each passed, or its failures explained), the form that adds a
//! member (person picker, optional sending unit) with the members contract's refusals worded,
//! a member's withdrawal (reason, confirmed first), and the steps depart, return and cancel
//! (confirmed first, with the day they record).

use super::{
    answer, badge, pick_person_and_unit, ConfirmPage, Kept, Officer, PersonAndUnit, GROUP_WORDS,
    NOMINATION_WORDS, ROLE,
};
use crate::pages::case::picker::{PickKind, Picker};
use crate::pages::case::{
    actions, confirm_recording, ConfirmTarget, StepAction, StepForm, StepInput, Words,
};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues, KeysetPager, Searched};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::training::group_workflow;
use hrx_domain::FieldErrors;
use hrx_store::case::TransitionRecord;
use hrx_store::training::{GroupRecord, MemberInput, NewGroup};
use hrx_store::StoreError;

const BASE: &str = "/training/groups";

/// Groups on a page of the list.
const LIST_ROWS: usize = 50;

struct Row {
    id: i64,
    href: String,
    code: String,
    programme: String,
    dates: String,
    members: usize,
    status: String,
    badge: &'static str,
}

#[derive(Template)]
#[template(path = "training_groups.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<Row>,
    q: Searched,
    pager: KeysetPager,
    programmes: Vec<(String, String)>,
    values: FormValues,
    errors: Errors,
    message: String,
    detail: String,
}

/// The group's days as the language writes them: actual once known, planned before.
fn dates(ctx: &Ctx, g: &GroupRecord) -> String {
    format!(
        "{} – {}",
        ctx.date(
            g.actual_departure
                .as_deref()
                .unwrap_or(&g.planned_departure)
        ),
        ctx.date(g.actual_return.as_deref().unwrap_or(&g.planned_return))
    )
}

async fn list_view(
    state: &AppState,
    (ctx, q): (Ctx, Searched),
    values: FormValues,
    kept: Kept,
) -> Result<Response, PageError> {
    let rows: Vec<Row> = state
        .store
        .training_groups(None)
        .await
        .or_page(&ctx)?
        .iter()
        .map(|g| Row {
            id: g.id,
            href: format!("{BASE}/{}", g.id),
            code: g.code.clone(),
            programme: ctx.title_of(&g.programme_title_en, &g.programme_title_zh),
            dates: dates(&ctx, g),
            members: g.members.iter().filter(|m| m.status == "active").count(),
            status: ctx.tk(GROUP_WORDS.statuses, &g.status),
            badge: badge(&g.status),
        })
        .collect();
    let (rows, pager) = q.page(
        (BASE, &[]),
        rows,
        |r| r.id.to_string(),
        |r| vec![r.code.clone(), r.programme.clone(), r.status.clone()],
        LIST_ROWS,
    );
    let programmes = state
        .store
        .training_programmes(None)
        .await
        .or_page(&ctx)?
        .iter()
        .filter(|p| p.plan_status == "approved")
        .map(|p| {
            (
                p.id.to_string(),
                format!("{} · {}", p.code, ctx.title_of(&p.title_en, &p.title_zh)),
            )
        })
        .collect();
    let page = ListPage {
        errors: Errors::from(&ctx, &kept.errors),
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        rows,
        q,
        pager,
        programmes,
        values,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<Searched>,
) -> Result<Response, PageError> {
    list_view(&state, (ctx, q), FormValues::default(), Kept::default()).await
}

/// Plans a group of a programme with its dates, and goes to its page.
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let kept = match values.value("programme_id").trim().parse::<i64>() {
        Err(_) => Kept::fields(FieldErrors::single("programme_id", "required")),
        Ok(programme_id) => {
            let input = NewGroup {
                code: values.value("code").trim().to_owned(),
                programme_id,
                planned_departure: values.value("planned_departure").to_owned(),
                planned_return: values.value("planned_return").to_owned(),
            };
            let made = state
                .store
                .create_training_group(&p.username, &input, state.today())
                .await;
            let href = match &made {
                Ok(g) => format!("{BASE}/{}", g.id),
                Err(_) => BASE.to_owned(),
            };
            match answer(made, &ctx, &href)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
    };
    list_view(&state, (ctx, Searched::default()), values, kept).await
}

/// A member as the group's page lists them.
struct MemberRow {
    id: i64,
    name: String,
    latin: String,
    passport: String,
    expiry: String,
    unit: String,
    role: String,
    nomination_href: String,
    nomination: String,
    nomination_badge: &'static str,
    travel: String,
    travel_badge: &'static str,
    reason: String,
    active: bool,
}

/// One check of the dispatch: its name, what it asks, and its failures (none: passed).
struct CheckRow {
    name: String,
    rule: String,
    failures: Vec<String>,
}

#[derive(Template)]
#[template(path = "training_group.html")]
struct RecordPage {
    ctx: Ctx,
    g: GroupRecord,
    programme: String,
    status: String,
    status_badge: &'static str,
    planned: String,
    actual: String,
    members: Vec<MemberRow>,
    checks: Vec<CheckRow>,
    open: bool,
    picker: String,
    unit_picker: String,
    values: FormValues,
    errors: Errors,
    /// Which form the refusal is about: `member`, `withdraw-{id}` or `step`.
    form: String,
    message: String,
    detail: String,
    actions: Vec<StepAction>,
    action_href: String,
    version: i64,
    today: String,
    steps: Vec<TransitionRecord>,
    words: Words,
}

struct GroupKept {
    form: String,
    values: FormValues,
    pickers: Vec<Picker>,
    step: Option<StepForm>,
    kept: Kept,
}

/// The checks worded: what each asks, and each failure with the store's detail.
fn checks(ctx: &Ctx, g: &GroupRecord) -> Vec<CheckRow> {
    let c = &g.checks;
    let window = (ctx.date(&c.window.0), ctx.date(&c.window.1));
    [
        (
            "outside_window",
            ctx.t2("trn-check-window", ("from", &window.0), ("to", &window.1)),
            &c.outside_window,
        ),
        (
            "passport_expires",
            ctx.t1(
                "trn-check-passports",
                "date",
                ctx.date(&c.passports_valid_until),
            ),
            &c.passport_expires,
        ),
        (
            "overlapping_dispatch",
            ctx.t("trn-check-overlap"),
            &c.overlapping_dispatch,
        ),
        ("not_selected", ctx.t("trn-check-selected"), &c.not_selected),
    ]
    .into_iter()
    .map(|(code, rule, failures)| CheckRow {
        name: ctx.tk("trn-check", code),
        rule,
        failures: failures
            .iter()
            .map(|f| {
                let who = f.person_name.clone().unwrap_or_else(|| g.code.clone());
                let what = match (code, f.value.as_deref()) {
                    ("passport_expires", Some(v)) => {
                        ctx.t1("trn-failure-passport", "date", ctx.date(v))
                    }
                    ("overlapping_dispatch", Some(v)) => ctx.t1("trn-failure-overlap", "group", v),
                    _ => ctx.t(&format!("trn-refused-{code}")),
                };
                format!("{who}{}{what}", ctx.lang.pick("：", ": "))
            })
            .collect(),
    })
    .collect()
}

/// The steps allowed, each with the day it records: the planned day, or today if that is
/// still to come, unless typed.
fn step_actions(
    ctx: &Ctx,
    g: &GroupRecord,
    today: &str,
    kept: Option<&StepForm>,
) -> Vec<StepAction> {
    let Ok(flow) = group_workflow() else {
        return Vec::new();
    };
    let mut list = actions(ctx, flow, (&g.status, "group"), Some(ROLE), GROUP_WORDS);
    for step in &mut list {
        let typed = kept.filter(|f| f.action == step.action);
        if let Some(f) = typed {
            step.comment = f.comment.clone();
        }
        for (name, planned) in [
            ("actual_departure", &g.planned_departure),
            ("actual_return", &g.planned_return),
        ] {
            if step.has_field(name) {
                let default = planned.as_str().min(today).to_owned();
                step.inputs.push(StepInput {
                    name,
                    label: ctx.t(&format!("trn-{}", name.replace('_', "-"))),
                    value: typed
                        .and_then(|f| f.extra.get(name).cloned())
                        .unwrap_or(default),
                    input_type: "date",
                    ..StepInput::default()
                });
            }
        }
    }
    list
}

async fn record_view(
    state: &AppState,
    ctx: Ctx,
    g: GroupRecord,
    kept: Option<GroupKept>,
) -> Result<Response, PageError> {
    let today = state.today().to_string();
    let (form, values, mut pickers, step, kept) = match kept {
        Some(k) => (k.form, k.values, k.pickers, k.step, k.kept),
        None => (
            String::new(),
            FormValues::default(),
            Vec::new(),
            None,
            Kept::default(),
        ),
    };
    let errors = Errors::from(&ctx, &kept.errors);
    let mut picker = |name: &'static str, kind: PickKind| {
        let at = pickers.iter().position(|x| x.name == name);
        at.map(|i| pickers.remove(i))
            .unwrap_or_else(|| Picker::new(name, kind))
            .html(&ctx, &errors)
    };
    let person_picker = picker("person_id", PickKind::Person);
    let unit_picker = picker("sending_unit_id", PickKind::Organisation);
    let members = g
        .members
        .iter()
        .map(|m| MemberRow {
            id: m.id,
            name: m.person_name.clone(),
            latin: m.name_latin.clone().unwrap_or_default(),
            passport: m.passport_number.clone().unwrap_or_else(|| "—".into()),
            expiry: ctx.day_or_dash(m.passport_expiry.as_deref()),
            unit: m.sending_unit_name.clone(),
            role: ctx.tk("trn-role", &m.role),
            nomination_href: format!("/training/nominations/{}", m.nomination_id),
            nomination: ctx.tk(NOMINATION_WORDS.statuses, &m.nomination_status),
            nomination_badge: badge(&m.nomination_status),
            travel: ctx.tk("trn-travel", &m.travel_status),
            travel_badge: badge(&m.travel_status),
            reason: m.withdrawal_reason.clone().unwrap_or_default(),
            active: m.status == "active",
        })
        .collect();
    let page = RecordPage {
        programme: format!(
            "{} · {}",
            g.programme_code,
            ctx.title_of(&g.programme_title_en, &g.programme_title_zh)
        ),
        status: ctx.tk(GROUP_WORDS.statuses, &g.status),
        status_badge: badge(&g.status),
        planned: format!(
            "{} – {}",
            ctx.date(&g.planned_departure),
            ctx.date(&g.planned_return)
        ),
        actual: match (&g.actual_departure, &g.actual_return) {
            (None, _) => "—".to_owned(),
            (Some(d), r) => format!("{} – {}", ctx.date(d), ctx.day_or_dash(r.as_deref())),
        },
        members,
        checks: checks(&ctx, &g),
        open: g.status == "planned",
        picker: person_picker,
        unit_picker,
        values,
        errors,
        form,
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        actions: step_actions(&ctx, &g, &today, step.as_ref()),
        action_href: format!("{BASE}/{}/steps", g.id),
        version: g.version,
        today,
        steps: g.history.clone(),
        words: GROUP_WORDS,
        g,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

async fn found(state: &AppState, ctx: &Ctx, id: &str) -> Result<GroupRecord, PageError> {
    let id = parse_id(id).found(ctx)?;
    state.store.training_group(id).await.found(ctx)
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let g = found(&state, &ctx, &id).await?;
    record_view(&state, ctx, g, None).await
}

async fn again(
    state: &AppState,
    ctx: Ctx,
    g: GroupRecord,
    kept: GroupKept,
) -> Result<Response, PageError> {
    let ctx = Ctx {
        path: format!("{BASE}/{}", g.id),
        ..ctx
    };
    record_view(state, ctx, g, Some(kept)).await
}

/// Adds a person (chosen with the picker) to the group, by a sending unit (optional).
pub(super) async fn add_member(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let g = found(&state, &ctx, &id).await?;
    let PersonAndUnit {
        person,
        unit,
        pickers,
        errors,
    } = pick_person_and_unit(&state, &ctx, &p, &values).await?;
    let kept = match person {
        Some(person) if errors.is_empty() => {
            let input = MemberInput {
                person_id: person,
                sending_unit_id: unit,
                role: Some(values.value("role").to_owned()).filter(|r| !r.trim().is_empty()),
            };
            let added = state
                .store
                .add_training_member(&p.username, g.id, &input, state.today())
                .await;
            match answer(added, &ctx, &format!("{BASE}/{}#members", g.id))? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        _ => Kept::fields(errors),
    };
    let kept = GroupKept {
        form: "member".into(),
        values,
        pickers,
        step: None,
        kept,
    };
    again(&state, ctx, g, kept).await
}

/// Takes a member out of the planned group with the reason, confirmed first (their
/// nomination is withdrawn too).
pub(super) async fn withdraw(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path((id, member)): Path<(String, String)>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let g = found(&state, &ctx, &id).await?;
    let member = parse_id(&member).found(&ctx)?;
    let m = g.members.iter().find(|m| m.id == member).found(&ctx)?;
    let href = format!("{BASE}/{}", g.id);
    let reason = values.value("reason").trim().to_owned();
    if !reason.is_empty() && values.value("confirmed") != "yes" {
        let page = ConfirmPage {
            title: g.code.clone(),
            heading: ctx.t1("trn-withdraw-member-of", "name", &m.person_name),
            lead: ctx.t("trn-confirm-withdraw"),
            points: vec![reason.clone()],
            record_href: href.clone(),
            action_href: format!("{href}/members/{member}/withdraw"),
            hidden: vec![("reason".into(), reason)],
            go: ctx.t("trn-withdraw-member"),
            ctx,
        };
        return Ok(no_store(render(StatusCode::OK, &page)));
    }
    let done = state
        .store
        .withdraw_training_member(&p.username, g.id, member, &reason, state.today())
        .await;
    match answer(done, &ctx, &format!("{href}#members"))? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let kept = GroupKept {
                form: format!("withdraw-{member}"),
                values,
                pickers: Vec::new(),
                step: None,
                kept,
            };
            again(&state, ctx, g, kept).await
        }
    }
}

/// Departs, returns or cancels the group, confirmed first with the day recorded; a refusal
/// (a check failing, a member not selected) shows the page again with the reason.
pub(super) async fn step(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let g = found(&state, &ctx, &id).await?;
    let flow = group_workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let href = format!("{BASE}/{}", g.id);
    let day = ["actual_departure", "actual_return"]
        .iter()
        .find_map(|k| form.extra.get(*k).filter(|v| !v.trim().is_empty()).cloned());
    if let Some(step) = form.needs_confirmation(flow, (&g.status, "group")) {
        if !step.comment_required || form.comment().is_some() {
            let target = ConfirmTarget {
                title: g.code.clone(),
                record_href: &href,
                action_href: &format!("{href}/steps"),
            };
            let records = day
                .iter()
                .map(|d| ctx.t1(&format!("trn-records-{}", form.action), "date", ctx.date(d)))
                .collect();
            let missing = if form.action == "depart" {
                checks(&ctx, &g)
                    .into_iter()
                    .flat_map(|c| c.failures)
                    .collect()
            } else {
                Vec::new()
            };
            return Ok(confirm_recording(
                ctx,
                target,
                (step, GROUP_WORDS),
                &form,
                missing,
                records,
            ));
        }
    }
    let comment = form.comment();
    let request = form.request(ROLE, &comment, state.today());
    let taken = state
        .store
        .training_group_step(&p.username, g.id, &request, day.as_deref())
        .await;
    match answer(taken, &ctx, &href)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let kept = GroupKept {
                form: "step".into(),
                values: FormValues::default(),
                pickers: Vec::new(),
                step: Some(form),
                kept,
            };
            again(&state, ctx, g, kept).await
        }
    }
}
