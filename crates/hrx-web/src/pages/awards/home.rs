//! The officer's home: the rounds planned and open with their nomination windows, and the
//! nominations by status as a queue, those that wait for this officer first (the
//! maker-checker rule lets an officer take a step only when they did not take the last one,
//! and the second approval only when they neither approved first nor closed the review).

use super::{badge, Officer, BASE, TERMINAL, WORDS};
use crate::pages::case::DueView;
use crate::pages::extract::{OrPage, PageError};
use crate::pages::{no_store, render, Ctx, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use hrx_domain::access::Role;
use hrx_domain::awards::nomination_workflow;
use hrx_domain::calendar::WorkingCalendar;
use hrx_store::awards::{NominationRecord, RoundRecord};

/// A round as the home lists it.
pub(super) struct RoundRow {
    pub href: String,
    pub label: String,
    pub status: String,
    pub badge: &'static str,
    pub window: String,
    pub nominations: usize,
    pub open: bool,
    pub id: i64,
    /// For an open round: the working days left until its last day ("12 working days
    /// left"), and whether it has passed.
    pub left: String,
    pub overdue: bool,
}

impl RoundRow {
    pub fn of(
        ctx: &Ctx,
        r: &RoundRecord,
        nominations: usize,
        (today, calendar): (NaiveDate, &WorkingCalendar),
    ) -> RoundRow {
        let due = (r.status == "open")
            .then(|| DueView::of(r.closes_on.as_deref(), today, calendar))
            .flatten();
        RoundRow {
            left: due.as_ref().map_or_else(String::new, |d| {
                if d.overdue() {
                    ctx.aw_n("aw-days-past", "days", -d.days_left)
                } else {
                    ctx.aw_n("aw-days-left", "days", d.days_left)
                }
            }),
            overdue: due.as_ref().is_some_and(DueView::overdue),
            href: format!("{BASE}/rounds/{}", r.id),
            label: ctx.aw_round(&ctx.aw_award(&r.award), r.award_year),
            status: ctx.tk("aw-round-status", &r.status),
            badge: badge(&r.status),
            window: ctx.aw_window(r.opens_on.as_deref(), r.closes_on.as_deref()),
            nominations,
            open: r.status == "open",
            id: r.id,
        }
    }
}

/// A nomination in the queue.
struct QueueRow {
    href: String,
    expert: String,
    nationality: String,
    round: String,
    unit: String,
    status: String,
    badge: &'static str,
    since: String,
    /// This officer may take the next step.
    waits: bool,
    /// Why not, when the nomination has not ended.
    note: String,
}

/// A status with its count, as a filter of the queue.
struct StatusChip {
    href: String,
    label: String,
    count: usize,
    current: bool,
}

#[derive(Template)]
#[template(path = "aw_home.html")]
struct HomePage {
    ctx: Ctx,
    rounds: Vec<RoundRow>,
    chips: Vec<StatusChip>,
    queue: Vec<QueueRow>,
    status: String,
    admin: bool,
}

/// The expert's name as recorded, the Latin form beside a native one.
pub(super) fn expert_name(n: &NominationRecord) -> String {
    match &n.expert_name_latin {
        Some(latin) if !latin.is_empty() && *latin != n.expert_name => {
            format!("{} ({latin})", n.expert_name)
        }
        _ => n.expert_name.clone(),
    }
}

/// Whether `me` may take the next step of a nomination whose steps are `steps` (action,
/// actor), oldest first.
fn waits_for(me: &str, status: &str, steps: &[(&str, &str)]) -> bool {
    if TERMINAL.contains(&status) {
        return false;
    }
    if steps.last().is_some_and(|(_, actor)| *actor == me) {
        return false;
    }
    status != "first_approval"
        || !steps
            .iter()
            .any(|(action, actor)| *actor == me && ["approve", "close_review"].contains(action))
}

pub(super) async fn page(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    params: Result<Query<FormValues>, QueryRejection>,
) -> Result<Response, PageError> {
    let form = params.map(|q| q.0).unwrap_or_default();
    let flow = nomination_workflow().map_err(|_| PageError::failed(ctx.clone()))?;
    let wanted = Some(form.value("status").trim().to_owned())
        .filter(|s| flow.state(s).is_some())
        .unwrap_or_default();
    let nominations = state.store.award_nominations(None).await.or_page(&ctx)?;
    let today = state.today();
    let calendar = state.store.working_calendar().await.or_page(&ctx)?;
    let rounds = state
        .store
        .award_rounds(None)
        .await
        .or_page(&ctx)?
        .iter()
        .filter(|r| r.status != "past")
        .map(|r| {
            let n = nominations.iter().filter(|x| x.round_id == r.id).count();
            RoundRow::of(&ctx, r, n, (today, &calendar))
        })
        .collect();
    let steps = state.store.award_step_actors().await.or_page(&ctx)?;
    let chips = flow
        .states
        .iter()
        .filter_map(|s| {
            let count = nominations.iter().filter(|n| n.status == s.code).count();
            (count > 0).then(|| StatusChip {
                href: format!("{BASE}?status={}#queue", s.code),
                label: ctx.tk(WORDS.statuses, &s.code),
                count,
                current: s.code == wanted,
            })
        })
        .collect();
    let listed: Vec<&NominationRecord> = nominations
        .iter()
        .filter(|n| {
            if wanted.is_empty() {
                !TERMINAL.contains(&n.status.as_str())
            } else {
                n.status == wanted
            }
        })
        .collect();
    // Under panel review an officer draws the panel, then waits for the reviewers.
    let mut panels = std::collections::HashMap::new();
    for n in listed.iter().filter(|n| n.status == "panel_review") {
        let panel = state.store.award_panel(n.id, None).await.or_page(&ctx)?;
        panels.insert(n.id, panel);
    }
    let mut queue: Vec<(QueueRow, String)> = listed
        .into_iter()
        .map(|n| {
            let mine: Vec<(&str, &str)> = steps
                .iter()
                .filter(|(id, _, _)| *id == n.id)
                .map(|(_, action, actor)| (action.as_str(), actor.as_str()))
                .collect();
            let by_steps = waits_for(&p.username, &n.status, &mine);
            let reviewing = panels
                .get(&n.id)
                .filter(|panel| panel.members.len() >= panel.wanted && !panel.all_in);
            let waits = match panels.get(&n.id) {
                Some(panel) if panel.members.len() < panel.wanted => true,
                Some(_) if reviewing.is_some() => false,
                _ => by_steps,
            };
            let note = match reviewing {
                _ if waits || TERMINAL.contains(&n.status.as_str()) => String::new(),
                Some(panel) => ctx.t2(
                    "aw-waits-for-reviewers",
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
                None => ctx.t("aw-waits-for-other"),
            };
            let row = QueueRow {
                href: format!("{BASE}/nominations/{}", n.id),
                expert: expert_name(n),
                nationality: ctx.country_name(&n.nationality),
                round: ctx.aw_round(&ctx.tk("aw-award-short", &n.award), n.award_year),
                unit: ctx.aw_unit(&n.unit_name_zh, &n.unit_name_en),
                status: ctx.tk(WORDS.statuses, &n.status),
                badge: badge(&n.status),
                since: ctx.date(&n.status_since),
                waits,
                note,
            };
            (row, n.status_since.clone())
        })
        .collect();
    queue.sort_by(|a, b| b.0.waits.cmp(&a.0.waits).then(a.1.cmp(&b.1)));
    let page = HomePage {
        rounds,
        chips,
        queue: queue.into_iter().map(|(row, _)| row).collect(),
        status: if wanted.is_empty() {
            String::new()
        } else {
            ctx.tk(WORDS.statuses, &wanted)
        },
        admin: p.role == Role::Admin,
        ctx,
    };
    Ok(no_store(render(StatusCode::OK, &page)))
}

#[cfg(test)]
mod tests {
    use super::waits_for;

    #[test]
    fn a_step_waits_for_whoever_did_not_take_the_last() {
        assert!(waits_for("a", "draft", &[]));
        assert!(!waits_for("a", "submitted", &[("submit", "a")]));
        assert!(waits_for("b", "submitted", &[("submit", "a")]));
        assert!(!waits_for("b", "conferred", &[("confer", "a")]));
        let approved_once = [("close_review", "a"), ("approve", "b")];
        assert!(!waits_for("a", "first_approval", &approved_once));
        assert!(!waits_for("b", "first_approval", &approved_once));
        assert!(waits_for("c", "first_approval", &approved_once));
    }
}
