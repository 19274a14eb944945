//! A recommendation's page on the case kernel: the vacancy and the candidate, the status,
//! the match as drafted and as submitted, the steps this user may take (endorse for
//! administrators; submit with its day; the organisation's selection stages; join with the
//! entry on duty and the appointment type; withdraw with a reason; the ones that cannot be
//! undone confirmed first), a refusal worded with what was typed kept, and the history.

use super::{answer, badge, role_of, Kept, MatchView, Officer, BASE, WORDS};
use crate::pages::case::{actions, confirm_recording, ConfirmTarget, StepAction, StepForm};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use hrx_domain::intorgs::recommendation_workflow;
use hrx_domain::intorgs::serving::APPOINTMENT_TYPES;
use hrx_store::case::TransitionRecord;
use hrx_store::intorgs::{RecommendationRecord, RecommendationStepInput};
use hrx_store::StoreError;

#[derive(Template)]
#[template(path = "io_recommendation.html")]
struct RecordPage {
    ctx: Ctx,
    r: RecommendationRecord,
    status: String,
    status_badge: &'static str,
    deadline: String,
    drafted: MatchView,
    submitted: Option<MatchView>,
    actions: Vec<StepAction>,
    action_href: String,
    version: i64,
    /// The inputs of `submit` and `join`, as suggested or as typed.
    submitted_on: String,
    start_date: String,
    appointment_type: String,
    appointment_types: Vec<(String, String)>,
    errors: Errors,
    steps: Vec<TransitionRecord>,
    words: crate::pages::case::Words,
    message: String,
    detail: String,
}

async fn found(state: &AppState, ctx: &Ctx, id: &str) -> Result<RecommendationRecord, PageError> {
    let id = parse_id(id).found(ctx)?;
    state.store.io_recommendation(id).await.found(ctx)
}

fn record_view(
    state: &AppState,
    ctx: Ctx,
    role: &str,
    r: RecommendationRecord,
    kept: Option<(StepForm, Kept)>,
) -> Result<Response, PageError> {
    let flow = recommendation_workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let mut list = actions(&ctx, flow, (&r.status, "recommendation"), Some(role), WORDS);
    let today = state.today().to_string();
    let (form, kept) = match kept {
        Some((f, k)) => (Some(f), k),
        None => (None, Kept::default()),
    };
    let typed = |name: &str, default: &str| {
        form.as_ref()
            .and_then(|f| f.extra.get(name).cloned())
            .unwrap_or_else(|| default.to_owned())
    };
    if let Some(f) = &form {
        for a in list.iter_mut().filter(|a| a.action == f.action) {
            a.comment = f.comment.clone();
        }
    }
    let page = RecordPage {
        status: ctx.tk(WORDS.statuses, &r.status),
        status_badge: badge(&r.status),
        deadline: ctx.deadline(&r.deadline_local, &r.deadline_zone),
        drafted: MatchView::of(&ctx, &r.match_drafted),
        submitted: r.match_submitted.as_ref().map(|m| MatchView::of(&ctx, m)),
        actions: list,
        action_href: format!("{BASE}/recommendations/{}/steps", r.id),
        version: r.version,
        submitted_on: typed("submitted_on", &today),
        start_date: typed("start_date", &today),
        appointment_type: typed("appointment_type", "fixed_term"),
        appointment_types: ctx.choices("io-appointment", &APPOINTMENT_TYPES),
        errors: Errors::from(&ctx, &kept.errors),
        steps: r.history.clone(),
        words: WORDS,
        message: kept.message.clone(),
        detail: kept.detail.clone(),
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
    record_view(&state, ctx, role_of(&p), r, None)
}

/// Takes a step; the steps that cannot be undone are confirmed first, and a refusal shows
/// the page again with the reason and what was typed.
pub(super) async fn step(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let r = found(&state, &ctx, &id).await?;
    let flow = recommendation_workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let href = format!("{BASE}/recommendations/{}", r.id);
    let role = role_of(&p);
    let value = |name: &str| {
        form.extra
            .get(name)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    if let Some(step) = form.needs_confirmation(flow, (&r.status, "recommendation")) {
        if !step.comment_required || form.comment().is_some() {
            let mut records = Vec::new();
            if form.action == "join" {
                if let Some(d) = value("start_date") {
                    records.push(ctx.t1("io-joins-on", "date", ctx.date(&d)));
                }
                let kind = value("appointment_type").unwrap_or_else(|| "fixed_term".into());
                records.push(ctx.tk("io-appointment", &kind));
                records.push(ctx.t("io-join-creates-serving"));
            }
            let target = ConfirmTarget {
                title: format!("{} · {}", r.person_name, r.vacancy_title),
                record_href: &href,
                action_href: &format!("{href}/steps"),
            };
            return Ok(confirm_recording(
                ctx,
                target,
                (step, WORDS),
                &form,
                Vec::new(),
                records,
            ));
        }
    }
    let comment = form.comment();
    let request = form.request(role, &comment, state.today());
    let extra = RecommendationStepInput {
        submitted_on: value("submitted_on").filter(|_| form.action == "submit"),
        start_date: value("start_date").filter(|_| form.action == "join"),
        appointment_type: value("appointment_type").filter(|_| form.action == "join"),
    };
    let taken = state
        .store
        .io_recommendation_step(&p.username, r.id, &request, &extra)
        .await;
    match answer(taken, &ctx, &href)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            record_view(&state, ctx, role, r, Some((form, kept)))
        }
    }
}
