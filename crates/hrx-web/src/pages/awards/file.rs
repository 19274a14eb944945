//! A nomination's file. Officers see the facts, the status worded, the notice window, the
//! objections with their objectors, the steps they may take (the irreversible ones confirmed
//! first; a reason where the workflow asks for one; the objection with its named objector;
//! the conferral with its kind and day), the history, and the panel: drawn at random from
//! the pool, its members reviewed or not yet, the scores once all are in, the declared
//! conflicts, a conflict declared for a reviewer of the pool. A reviewer drawn for the file
//! sees it without the steps, the history or the objectors: their own score form and a
//! conflict they declare for themselves.

use super::home::expert_name;
use super::{answer, badge, form_errors, Kept, BASE, WORDS};
use crate::i18n::translate;
use crate::pages::case::{actions, confirm_recording, ConfirmTarget, StepAction, StepForm};
use crate::pages::extract::{allow, Found, OrPage, PageError, SignedIn};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;
use hrx_domain::access::{Capability, Principal, Scope};
use hrx_domain::awards::{conditions, nomination_workflow, text_length, CONFERRALS, CONFLICTS};
use hrx_domain::FieldErrors;
use hrx_store::awards::{
    ConflictInput, NominationRecord, NominationStepInput, PanelView, RoundRecord,
};
use hrx_store::case::{CaseType as _, TransitionRecord};
use hrx_store::StoreError;

/// The statuses in which a conflict still matters: until the review closes, and again while
/// an objection may send the file back to it.
const BEFORE_THE_RESULTS: [&str; 9] = [
    "draft",
    "submitted",
    "unit_review",
    "formal_check",
    "public_notice",
    "panel_review",
    "objection_open",
    "objection_resolved",
    "suspended",
];

/// Who is looking at the file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    /// An officer of the capability or an administrator: everything.
    Officer,
    /// A reviewer on the file's panel: the facts, their score and their conflict.
    Reviewer,
}

/// The signed-in user's view of a nomination: an officer's, a panel reviewer's, or none
/// (403). The nomination is looked up only once the user may see it.
async fn viewer_of(
    state: &AppState,
    signed_in: &SignedIn,
    id: &str,
) -> Result<(View, NominationRecord), PageError> {
    let ctx = &signed_in.ctx;
    let p = &signed_in.principal;
    let id = parse_id(id).found(ctx)?;
    let view = if p.has(Capability::Experts) {
        View::Officer
    } else {
        let panel = state
            .store
            .assignees(hrx_store::awards::AwardNomination::TYPE, id, "reviewer")
            .await
            .or_page(ctx)?;
        allow(panel.contains(&p.username), ctx)?;
        View::Reviewer
    };
    let n = state
        .store
        .award_nomination(id, Scope::All)
        .await
        .found(ctx)?;
    Ok((
        view,
        match view {
            View::Officer => n,
            View::Reviewer => n.without_objectors(),
        },
    ))
}

/// A panel member as the card shows them.
struct MemberRow {
    reviewer: String,
    reviewed: bool,
    score: String,
}

/// A declared conflict (a recusal).
struct ConflictRow {
    reviewer: String,
    reason: String,
    note: String,
    /// Who declared it, and when.
    declared: String,
}

/// The panel card.
struct PanelCard {
    /// "2 of 3 reviews are in."
    count: String,
    members: Vec<MemberRow>,
    all_in: bool,
    score: String,
    pass_score: String,
    passes: bool,
    conflicts: Vec<ConflictRow>,
    /// The pool's reviewers a conflict may still be declared for.
    pool: Vec<(String, String)>,
    pool_size: usize,
    can_draw: bool,
    /// A conflict may still be declared: the panel is to be drawn or reviewing.
    may_declare: bool,
    /// The viewer is on the panel: their own score, if given.
    mine: Option<MemberRow>,
    can_score: bool,
}

/// An objection as the file shows it.
struct ObjectionRow {
    objector: String,
    contact: String,
    lodged_on: String,
    notice: String,
    text: String,
}

#[derive(Template)]
#[template(path = "aw_nomination.html")]
struct FilePage {
    ctx: Ctx,
    n: NominationRecord,
    officer: bool,
    expert: String,
    status: String,
    status_badge: &'static str,
    round: String,
    round_href: String,
    unit: String,
    nationality: String,
    length: String,
    notice: String,
    objections: Vec<ObjectionRow>,
    actions: Vec<StepAction>,
    action_href: String,
    conferrals: Vec<(String, String)>,
    reasons: Vec<(String, String)>,
    /// What was typed into a step's own inputs, the conflict form and the score form.
    typed: FormValues,
    panel: PanelCard,
    steps: Vec<TransitionRecord>,
    words: crate::pages::case::Words,
    errors: Errors,
    message: String,
    detail: String,
    /// The step posted, whose reason is shown again beside its form.
    posted: String,
    /// Why steps of the workflow are not offered to this officer (maker-checker).
    held: String,
    /// The certificate of the laureate the conferral recorded.
    certificate: String,
    /// The conditions of the award year (what reviewers judge by).
    conditions: Vec<(String, String)>,
}

fn integrity(ctx: &Ctx) -> impl Fn(&'static str) -> PageError + '_ {
    move |_| PageError::failed(ctx.clone())
}

async fn panel_card(
    state: &AppState,
    ctx: &Ctx,
    view: View,
    username: &str,
    n: &NominationRecord,
    panel: &PanelView,
) -> Result<PanelCard, PageError> {
    let member = |m: &hrx_store::awards::PanelView| {
        m.members
            .iter()
            .map(|m| MemberRow {
                reviewer: m.reviewer.clone(),
                reviewed: m.reviewed,
                score: ctx.aw_score(m.score),
            })
            .collect::<Vec<_>>()
    };
    let members = member(panel);
    let pool = if view == View::Officer {
        state.store.award_reviewers(&n.award).await.or_page(ctx)?
    } else {
        Vec::new()
    };
    let out_of_reach: Vec<&str> = panel
        .conflicts
        .iter()
        .map(|c| c.reviewer.as_str())
        .chain(
            panel
                .members
                .iter()
                .filter(|m| m.reviewed)
                .map(|m| m.reviewer.as_str()),
        )
        .collect();
    let mine = panel
        .members
        .iter()
        .find(|m| m.reviewer == username)
        .map(|m| MemberRow {
            reviewer: m.reviewer.clone(),
            reviewed: m.reviewed,
            score: ctx.aw_score(m.score),
        });
    Ok(PanelCard {
        count: ctx.t2(
            "aw-panel-count",
            (
                "reviewed",
                &panel
                    .members
                    .iter()
                    .filter(|m| m.reviewed)
                    .count()
                    .to_string(),
            ),
            ("wanted", &panel.wanted.to_string()),
        ),
        all_in: panel.all_in,
        score: ctx.aw_score(panel.score),
        pass_score: ctx.aw_score(Some(panel.pass_score)),
        passes: panel.score.is_some_and(|s| s >= panel.pass_score),
        conflicts: panel
            .conflicts
            .iter()
            .map(|c| ConflictRow {
                reviewer: c.reviewer.clone(),
                reason: ctx.tk("aw-conflict", &c.reason),
                note: c.note.clone(),
                declared: ctx.t2(
                    "aw-conflict-declared",
                    ("by", &c.declared_by),
                    ("at", &ctx.datetime(&c.created_at)),
                ),
            })
            .collect(),
        pool_size: pool.len(),
        pool: pool
            .iter()
            .filter(|r| !out_of_reach.contains(&r.as_str()))
            .map(|r| (r.clone(), r.clone()))
            .collect(),
        can_draw: view == View::Officer
            && n.status == "panel_review"
            && panel.members.len() < panel.wanted,
        can_score: n.status == "panel_review" && mine.as_ref().is_some_and(|m| !m.reviewed),
        may_declare: BEFORE_THE_RESULTS.contains(&n.status.as_str()),
        mine,
        members,
    })
}

/// What a page is shown again with after a post: what was typed, and why it was refused.
struct Again {
    step: Option<StepForm>,
    typed: FormValues,
    kept: Kept,
}

impl Again {
    fn none() -> Again {
        Again {
            step: None,
            typed: FormValues::default(),
            kept: Kept::default(),
        }
    }
}

async fn file_view(
    state: &AppState,
    ctx: Ctx,
    (view, username): (View, &str),
    n: NominationRecord,
    again: Again,
) -> Result<Response, PageError> {
    let flow = nomination_workflow().map_err(integrity(&ctx))?;
    let round = state.store.award_round(n.round_id).await.found(&ctx)?;
    let panel = state
        .store
        .award_panel(n.id, Some(username))
        .await
        .or_page(&ctx)?;
    let panel_card = panel_card(state, &ctx, view, username, &n, &panel).await?;
    let mut list = if view == View::Officer {
        actions(
            &ctx,
            flow,
            (&n.status, "nomination"),
            Some("officer"),
            WORDS,
        )
    } else {
        Vec::new()
    };
    // After an objection is resolved the file goes on from the notice it was lodged in.
    let lodged_in_results = n
        .objections
        .last()
        .is_some_and(|o| o.notice_state == "initial_result_notice");
    list.retain(|a| match a.action.as_str() {
        "resume_review" => !lodged_in_results,
        "resume_decision" => lodged_in_results,
        _ => true,
    });
    // Maker-checker: whoever took the last step does not take the next; the second approval
    // is for someone who neither approved first nor closed the review.
    let mut held = String::new();
    if view == View::Officer && !list.is_empty() {
        if n.history.last().is_some_and(|t| t.actor == username) {
            list.clear();
            held = ctx.t("aw-you-took-last");
        } else if n.status == "first_approval"
            && n.history.iter().any(|t| {
                t.actor == username && ["approve", "close_review"].contains(&t.action.as_str())
            })
        {
            list.retain(|a| a.action != "approve");
            held = ctx.t("aw-second-approver");
        }
    }
    if let Some(f) = &again.step {
        for a in list.iter_mut().filter(|a| a.action == f.action) {
            a.comment = f.comment.clone();
        }
    }
    let mut typed = again.typed;
    if let Some(f) = &again.step {
        for (k, v) in &f.extra {
            typed.0.insert(k.clone(), v.clone());
        }
    }
    typed
        .0
        .entry("conferred_on".into())
        .or_insert_with(|| state.today().to_string());
    typed
        .0
        .entry("conferral".into())
        .or_insert_with(|| "ceremony".into());
    let notice = notice_line(&ctx, &n);
    let objections = n
        .objections
        .iter()
        .map(|o| ObjectionRow {
            objector: o.objector_name.clone().unwrap_or_default(),
            contact: o.objector_contact.clone().unwrap_or_default(),
            lodged_on: ctx.date(&o.lodged_on),
            notice: ctx.tk("aw-notice-name", &o.notice_state),
            text: o.text.clone(),
        })
        .collect();
    let certificate = state
        .store
        .award_laureate_of_nomination(n.id)
        .await
        .or_page(&ctx)?
        .map_or_else(String::new, |id| {
            format!("{BASE}/laureates/{id}/certificate")
        });
    let conditions = conditions(&n.award, n.award_year)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            (
                ctx.tk("aw-condition-kind", &c.kind),
                ctx.lang.pick(&c.text_zh, &c.text_en).to_owned(),
            )
        })
        .collect();
    let kept = again.kept;
    let posted = again
        .step
        .as_ref()
        .map_or_else(String::new, |f| f.action.clone());
    let page = FilePage {
        held,
        certificate,
        conditions,
        posted,
        officer: view == View::Officer,
        expert: expert_name(&n),
        status: ctx.tk(WORDS.statuses, &n.status),
        status_badge: badge(&n.status),
        round: ctx.aw_round(&ctx.aw_award(&n.award), n.award_year),
        round_href: format!("{BASE}/rounds/{}", n.round_id),
        unit: format!(
            "{} · {}",
            ctx.aw_unit(&n.unit_name_zh, &n.unit_name_en),
            ctx.tk("aw-unit-kind", &n.unit_kind)
        ),
        nationality: ctx.country_name(&n.nationality),
        length: translate(
            ctx.lang,
            "aw-contribution-count",
            &[
                ("count", ctx.num(&(text_length(&n.contribution) as i64))),
                ("limit", ctx.num(&round.text_limit)),
            ],
        ),
        notice,
        objections,
        actions: list,
        action_href: format!("{BASE}/nominations/{}/steps", n.id),
        conferrals: ctx.choices("aw-conferral", &CONFERRALS),
        reasons: ctx.choices("aw-conflict", &CONFLICTS),
        typed,
        panel: panel_card,
        steps: if view == View::Officer {
            n.history.clone()
        } else {
            Vec::new()
        },
        words: WORDS,
        errors: Errors::from(&ctx, &kept.errors),
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        n,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

/// Where the file stands with its notice: the days it runs, and whether objections are
/// still taken.
fn notice_line(ctx: &Ctx, n: &NominationRecord) -> String {
    let (Some(state), Some(from)) = (&n.notice_state, &n.notice_from) else {
        return String::new();
    };
    let notice = ctx.tk("aw-notice-name", state);
    let on_it = n.status == *state;
    match (&n.notice_until, on_it) {
        (Some(until), true) => translate(
            ctx.lang,
            "aw-notice-running",
            &[
                ("notice", notice),
                ("from", ctx.date(from)),
                ("until", ctx.date(until)),
            ],
        ),
        (None, true) => translate(
            ctx.lang,
            "aw-notice-no-window",
            &[("notice", notice), ("from", ctx.date(from))],
        ),
        (Some(until), false) => translate(
            ctx.lang,
            "aw-notice-was",
            &[
                ("notice", notice),
                ("from", ctx.date(from)),
                ("until", ctx.date(until)),
            ],
        ),
        (None, false) => translate(
            ctx.lang,
            "aw-notice-was-no-window",
            &[("notice", notice), ("from", ctx.date(from))],
        ),
    }
}

pub(super) async fn view(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (view, n) = viewer_of(&state, &signed_in, &id).await?;
    let SignedIn { principal, ctx } = signed_in;
    file_view(&state, ctx, (view, &principal.username), n, Again::none()).await
}

/// The officer taking a step of the file (403 for anyone else).
fn officer_only(p: &Principal, ctx: &Ctx) -> Result<(), PageError> {
    allow(p.has(Capability::Experts), ctx)
}

/// The first whole numbers a detail of the store names, in order.
fn numbers_in(detail: &str) -> Vec<String> {
    detail
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A refusal of a step, worded with the file's values.
fn word_step(
    ctx: &Ctx,
    n: &NominationRecord,
    panel: Option<&PanelView>,
    code: &str,
    detail: &str,
) -> Option<String> {
    let say = |key: &str, args: &[(&str, String)]| Some(translate(ctx.lang, key, args));
    match code {
        "window_open" => n
            .notice_until
            .as_deref()
            .and_then(|until| say("aw-refused-window_open", &[("until", ctx.date(until))])),
        "window_closed" => match n.notice_until.as_deref() {
            Some(until) => say("aw-refused-objection-late", &[("until", ctx.date(until))]),
            None => say("aw-refused-objection-no-window", &[]),
        },
        "quorum_not_met" => panel.and_then(|p| {
            say(
                "aw-refused-quorum_not_met",
                &[
                    (
                        "reviewed",
                        p.members.iter().filter(|m| m.reviewed).count().to_string(),
                    ),
                    ("wanted", p.wanted.to_string()),
                ],
            )
        }),
        "no_next_round" => say(
            "aw-refused-no_next_round",
            &[
                ("award", ctx.aw_award(&n.award)),
                ("year", (n.award_year + 1).to_string()),
            ],
        ),
        "already_laureate" => say(
            "aw-refused-already_laureate",
            &[
                ("award", ctx.aw_award(&n.award)),
                (
                    "year",
                    numbers_in(detail)
                        .into_iter()
                        .find(|s| s.len() == 4)
                        .unwrap_or_default(),
                ),
            ],
        ),
        "pool_too_small" => {
            let numbers = numbers_in(detail);
            say(
                "aw-refused-pool_too_small",
                &[
                    ("need", numbers.first().cloned().unwrap_or_default()),
                    ("free", numbers.get(1).cloned().unwrap_or_default()),
                ],
            )
        }
        _ => None,
    }
}

/// What confirming a step will record, and what is still missing, in the reader's words.
fn confirm_lines(
    ctx: &Ctx,
    n: &NominationRecord,
    form: &StepForm,
    (panel, next_round): (&PanelView, Option<&RoundRecord>),
) -> (Vec<String>, Vec<String>) {
    let mut records = Vec::new();
    let mut missing = Vec::new();
    let value = |k: &str| {
        form.extra
            .get(k)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    match form.action.as_str() {
        "approve" => {
            records.push(translate(
                ctx.lang,
                "aw-confirm-panel-score",
                &[
                    ("score", ctx.aw_score(panel.score)),
                    ("pass", ctx.aw_score(Some(panel.pass_score))),
                ],
            ));
            if panel.score.is_none_or(|s| s < panel.pass_score) {
                missing.push(ctx.t("aw-confirm-below-pass"));
            }
        }
        "confer" => {
            let kind = Some(value("conferral"))
                .filter(|k| CONFERRALS.contains(&k.as_str()))
                .unwrap_or_else(|| "ceremony".into());
            records.push(ctx.tk("aw-conferral", &kind));
            let on = value("conferred_on");
            if !on.is_empty() {
                records.push(ctx.t1("aw-confirm-conferred-on", "date", ctx.date(&on)));
            }
            records.push(ctx.t1("aw-confirm-register", "name", expert_name(n)));
        }
        "carry_over" => match next_round {
            Some(next) => records.push(translate(
                ctx.lang,
                "aw-confirm-carry-over",
                &[
                    ("award", ctx.aw_award(&next.award)),
                    ("year", next.award_year.to_string()),
                ],
            )),
            None => missing.push(translate(
                ctx.lang,
                "aw-refused-no_next_round",
                &[
                    ("award", ctx.aw_award(&n.award)),
                    ("year", (n.award_year + 1).to_string()),
                ],
            )),
        },
        _ => {}
    }
    (records, missing)
}

/// Takes a step: the irreversible ones are confirmed first; a step that needs a reason is
/// sent back without one; a refusal shows the file again with the reason and what was typed.
pub(super) async fn step(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    officer_only(&signed_in.principal, &signed_in.ctx)?;
    let (view, n) = viewer_of(&state, &signed_in, &id).await?;
    let SignedIn { principal: p, ctx } = signed_in;
    let flow = nomination_workflow().map_err(integrity(&ctx))?;
    let href = format!("{BASE}/nominations/{}", n.id);
    let needs_comment = flow
        .transitions
        .iter()
        .any(|t| t.from == n.status && t.action == form.action && t.comment_required);
    let again = |kept: Kept| Again {
        step: Some(StepForm {
            action: form.action.clone(),
            version: form.version.clone(),
            comment: form.comment.clone(),
            extra: form.extra.clone(),
            ..StepForm::default()
        }),
        typed: FormValues::default(),
        kept,
    };
    if needs_comment && form.comment().is_none() {
        let ctx = Ctx { path: href, ..ctx };
        let kept = form_errors(&ctx, FieldErrors::single("comment", "required"));
        return file_view(&state, ctx, (view, &p.username), n, again(kept)).await;
    }
    let panel = state
        .store
        .award_panel(n.id, Some(&p.username))
        .await
        .or_page(&ctx)?;
    if let Some(transition) = form.needs_confirmation(flow, (&n.status, "nomination")) {
        let next = state
            .store
            .award_rounds(Some(&n.award))
            .await
            .or_page(&ctx)?
            .into_iter()
            .find(|r| r.award_year == n.award_year + 1 && r.status != "past");
        let (records, missing) = confirm_lines(&ctx, &n, &form, (&panel, next.as_ref()));
        let target = ConfirmTarget {
            title: format!(
                "{} · {} {}",
                expert_name(&n),
                ctx.aw_award(&n.award),
                n.award_year
            ),
            record_href: &href,
            action_href: &format!("{href}/steps"),
        };
        return Ok(no_store(confirm_recording(
            ctx,
            target,
            (transition, WORDS),
            &form,
            missing,
            records,
        )));
    }
    let extra_value = |k: &str| {
        form.extra
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let mut errors = FieldErrors::new();
    let monetary = match extra_value("monetary_award_cny").filter(|_| form.action == "confer") {
        Some(typed) => match crate::pages::case::amount(&typed) {
            Some(v) => Some(v),
            None => {
                errors.add("monetary_award_cny", "not_a_number");
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        let ctx = Ctx { path: href, ..ctx };
        let kept = form_errors(&ctx, errors);
        return file_view(&state, ctx, (view, &p.username), n, again(kept)).await;
    }
    let extra = NominationStepInput {
        objector_name: extra_value("objector_name").filter(|_| form.action == "object"),
        objector_contact: extra_value("objector_contact").filter(|_| form.action == "object"),
        conferral: extra_value("conferral").filter(|_| form.action == "confer"),
        conferred_on: extra_value("conferred_on").filter(|_| form.action == "confer"),
        monetary_award_cny: monetary,
    };
    let comment = form.comment();
    let request = form.request("officer", &comment, state.today());
    let taken = state
        .store
        .award_nomination_step(&p.username, n.id, &request, &extra)
        .await;
    match answer(taken, &ctx, &href, |code, detail| {
        word_step(&ctx, &n, Some(&panel), code, detail)
    })? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            file_view(&state, ctx, (view, &p.username), n, again(kept)).await
        }
    }
}

/// Draws the panel at random from the award's pool (officers).
pub(super) async fn draw(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    officer_only(&signed_in.principal, &signed_in.ctx)?;
    let (view, n) = viewer_of(&state, &signed_in, &id).await?;
    let SignedIn { principal: p, ctx } = signed_in;
    let href = format!("{BASE}/nominations/{}", n.id);
    let drawn = state.store.draw_award_panel(&p.username, n.id).await;
    match answer(drawn, &ctx, &format!("{href}#panel"), |code, detail| {
        word_step(&ctx, &n, None, code, detail)
    })? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            let again = Again {
                kept,
                ..Again::none()
            };
            file_view(&state, ctx, (view, &p.username), n, again).await
        }
    }
}

/// A declared conflict: an officer for any reviewer of the pool, a reviewer for themselves
/// (who then leaves the panel, and goes back to their list).
pub(super) async fn conflict(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let (view, n) = viewer_of(&state, &signed_in, &id).await?;
    let SignedIn { principal: p, ctx } = signed_in;
    let reviewer = match view {
        View::Officer => form.value("reviewer").trim().to_owned(),
        View::Reviewer => p.username.clone(),
    };
    let href = format!("{BASE}/nominations/{}", n.id);
    let done_href = match view {
        View::Officer => format!("{href}#panel"),
        View::Reviewer => format!("{BASE}/reviews"),
    };
    let input = ConflictInput {
        reviewer,
        reason: form.value("reason").trim().to_owned(),
        note: form.value("note").to_owned(),
    };
    let declared = state
        .store
        .declare_award_conflict(&p.username, n.id, &input)
        .await;
    let declared = match declared {
        Err(StoreError::UnknownReference { field }) => Err(StoreError::Invalid(
            FieldErrors::single(field, "not_in_pool"),
        )),
        other => other,
    };
    match answer(declared, &ctx, &done_href, |_, _| None)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            let again = Again {
                step: None,
                typed: form,
                kept,
            };
            file_view(&state, ctx, (view, &p.username), n, again).await
        }
    }
}

/// A score from 0 to 100 as people type it ("85", "85.5", "85,5").
fn score_of(typed: &str) -> Result<f64, &'static str> {
    let typed = typed.trim().replace('，', ",").replace(',', ".");
    if typed.is_empty() {
        return Err("required");
    }
    match typed.parse::<f64>() {
        Ok(s) if (0.0..=100.0).contains(&s) => Ok(s),
        Ok(_) => Err("out_of_range"),
        Err(_) => Err("not_a_number"),
    }
}

/// A panel reviewer's score (anyone else: 403).
pub(super) async fn review(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let (view, n) = viewer_of(&state, &signed_in, &id).await?;
    let SignedIn { principal: p, ctx } = signed_in;
    let href = format!("{BASE}/nominations/{}", n.id);
    let taken = match score_of(form.value("score")) {
        Ok(score) => {
            state
                .store
                .review_award_nomination(&p.username, n.id, score)
                .await
        }
        Err(code) => Err(StoreError::Invalid(FieldErrors::single("score", code))),
    };
    let taken = match taken {
        Err(StoreError::Invalid(errors)) => Err(StoreError::Invalid(FieldErrors(
            errors
                .0
                .into_iter()
                .map(|mut e| {
                    e.field = "score".into();
                    e
                })
                .collect(),
        ))),
        other => other,
    };
    if let Err(StoreError::Forbidden) = taken {
        return Err(PageError::forbidden(ctx));
    }
    match answer(taken, &ctx, &format!("{href}#panel"), |_, _| None)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            let again = Again {
                step: None,
                typed: form,
                kept,
            };
            file_view(&state, ctx, (view, &p.username), n, again).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::score_of;

    #[test]
    fn scores_are_read_as_people_type_them() {
        assert_eq!(score_of("85"), Ok(85.0));
        assert_eq!(score_of(" 85,5 "), Ok(85.5));
        assert_eq!(score_of("101"), Err("out_of_range"));
        assert_eq!(score_of("good"), Err("not_a_number"));
        assert_eq!(score_of(""), Err("required"));
    }
}
