//! The training officer's queue: completion reports overdue first (with the working days
//! overdue), groups planned or abroad, and nominations awaiting an approval; with the links
//! to the capability's pages.

use super::{badge, Officer, GROUP_WORDS, NOMINATION_WORDS};
use crate::pages::extract::{OrPage, PageError};
use crate::pages::{render, Ctx};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use hrx_store::training::ReportQuery;

/// One line of the queue.
pub(super) struct QueueRow {
    pub href: String,
    pub title: String,
    pub detail: String,
    pub status: String,
    pub badge: &'static str,
    /// Working days overdue, flagged red.
    pub overdue: i64,
}

#[derive(Template)]
#[template(path = "training_home.html")]
struct HomePage {
    ctx: Ctx,
    reports: Vec<QueueRow>,
    groups: Vec<QueueRow>,
    nominations: Vec<QueueRow>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
) -> Result<Response, PageError> {
    let today = state.today();
    let query = ReportQuery {
        text: None,
        state: Some("overdue".into()),
    };
    let reports = state
        .store
        .training_reports(&query, today)
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|r| QueueRow {
            href: format!("/training/groups/{}#member-{}", r.group_id, r.member_id),
            title: r.person_name.clone(),
            detail: format!(
                "{} · {}",
                r.group_code,
                ctx.t1("trn-due-on", "date", ctx.date(&r.due_on))
            ),
            status: ctx.tk("trn-report", &r.state),
            badge: badge(&r.state),
            overdue: r.working_days_overdue,
        })
        .collect();
    let groups = state
        .store
        .training_groups(None)
        .await
        .or_page(&ctx)?
        .into_iter()
        .filter(|g| g.status == "planned" || g.status == "departed")
        .map(|g| QueueRow {
            href: format!("/training/groups/{}", g.id),
            title: format!(
                "{} · {}",
                g.code,
                ctx.title_of(&g.programme_title_en, &g.programme_title_zh)
            ),
            detail: format!(
                "{} – {} · {}",
                ctx.date(
                    g.actual_departure
                        .as_deref()
                        .unwrap_or(&g.planned_departure)
                ),
                ctx.date(g.actual_return.as_deref().unwrap_or(&g.planned_return)),
                ctx.country_name(&g.host_country)
            ),
            status: ctx.tk(GROUP_WORDS.statuses, &g.status),
            badge: badge(&g.status),
            overdue: 0,
        })
        .collect();
    let mut nominations = Vec::new();
    for status in ["nominated", "endorsed"] {
        let list = state
            .store
            .training_nominations(None, Some(status))
            .await
            .or_page(&ctx)?;
        nominations.extend(list.into_iter().map(|n| QueueRow {
            href: format!("/training/nominations/{}", n.id),
            title: n.person_name.clone(),
            detail: format!(
                "{} · {} · {}",
                n.programme_code,
                n.sending_unit_name,
                ctx.t1("trn-approvals-of", "count", n.approvals)
            ),
            status: ctx.tk(NOMINATION_WORDS.statuses, &n.status),
            badge: badge(&n.status),
            overdue: 0,
        }));
    }
    let page = HomePage {
        ctx,
        reports,
        groups,
        nominations,
    };
    Ok(render(StatusCode::OK, &page))
}
