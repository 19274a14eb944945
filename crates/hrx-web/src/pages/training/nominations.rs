//! A nomination's page on the case kernel: who is nominated for which programme by which
//! unit, its status and approvals, the steps this officer may take (approve; reject and
//! withdraw with a reason; the ones that cannot be undone confirmed first), a refusal
//! (`same_actor` …) worded with the reason typed kept, and the history.

use super::{answer, badge, Kept, Officer, NOMINATION_WORDS, ROLE};
use crate::pages::case::{actions, confirm_page, ConfirmTarget, StepAction, StepForm, Words};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use hrx_domain::training::nomination_workflow;
use hrx_store::case::TransitionRecord;
use hrx_store::training::NominationRecord;
use hrx_store::StoreError;

#[derive(Template)]
#[template(path = "training_nomination.html")]
struct RecordPage {
    ctx: Ctx,
    n: NominationRecord,
    programme: String,
    status: String,
    status_badge: &'static str,
    actions: Vec<StepAction>,
    action_href: String,
    version: i64,
    today: String,
    steps: Vec<TransitionRecord>,
    words: Words,
    message: String,
    detail: String,
}

async fn found(state: &AppState, ctx: &Ctx, id: &str) -> Result<NominationRecord, PageError> {
    let id = parse_id(id).found(ctx)?;
    state.store.training_nomination(id).await.found(ctx)
}

fn record_view(
    state: &AppState,
    ctx: Ctx,
    n: NominationRecord,
    kept: Option<(StepForm, Kept)>,
) -> Result<Response, PageError> {
    let flow = nomination_workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let mut list = actions(
        &ctx,
        flow,
        (&n.status, "nomination"),
        Some(ROLE),
        NOMINATION_WORDS,
    );
    let (form, kept) = match kept {
        Some((f, k)) => (Some(f), k),
        None => (None, Kept::default()),
    };
    if let Some(f) = &form {
        for a in list.iter_mut().filter(|a| a.action == f.action) {
            a.comment = f.comment.clone();
        }
    }
    let page = RecordPage {
        programme: format!(
            "{} · {}",
            n.programme_code,
            ctx.title_of(&n.programme_title_en, &n.programme_title_zh)
        ),
        status: ctx.tk(NOMINATION_WORDS.statuses, &n.status),
        status_badge: badge(&n.status),
        actions: list,
        action_href: format!("/training/nominations/{}/steps", n.id),
        version: n.version,
        today: state.today().to_string(),
        steps: n.history.clone(),
        words: NOMINATION_WORDS,
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        n,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let n = found(&state, &ctx, &id).await?;
    record_view(&state, ctx, n, None)
}

/// Approves, rejects or withdraws; the steps that cannot be undone are confirmed first, and
/// a refusal shows the page again with the reason and what was typed.
pub(super) async fn step(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let n = found(&state, &ctx, &id).await?;
    let flow = nomination_workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let href = format!("/training/nominations/{}", n.id);
    if let Some(step) = form.needs_confirmation(flow, (&n.status, "nomination")) {
        if !step.comment_required || form.comment().is_some() {
            let target = ConfirmTarget {
                title: format!("{} · {}", n.person_name, n.programme_code),
                record_href: &href,
                action_href: &format!("{href}/steps"),
            };
            return Ok(confirm_page(
                ctx,
                target,
                step,
                NOMINATION_WORDS,
                &form,
                Vec::new(),
            ));
        }
    }
    let comment = form.comment();
    let request = form.request(ROLE, &comment, state.today());
    let taken = state
        .store
        .training_nomination_step(&p.username, n.id, &request)
        .await;
    match answer(taken, &ctx, &href)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            record_view(&state, ctx, n, Some((form, kept)))
        }
    }
}
