//! Reviewers' pages: the nominations a reviewer is drawn for, each with whether they have
//! scored it; and an award's reviewer pool, which officers see and an administrator adds
//! users to (chosen from the accounts, reviewers first).

use super::home::expert_name;
use super::{answer, badge, Admin, Kept, BASE, WORDS};
use crate::pages::extract::{allow, OrPage, PageError, SignedIn};
use crate::pages::{no_store, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::access::{Capability, Role, Scope};
use hrx_domain::awards::AWARDS;
use hrx_store::awards::AwardNomination;
use hrx_store::case::CaseType as _;

/// A nomination a reviewer is drawn for.
struct ReviewRow {
    href: String,
    expert: String,
    nationality: String,
    round: String,
    unit: String,
    field: String,
    status: String,
    badge: &'static str,
    scored: bool,
    /// Scores are taken now (the file is under panel review).
    open: bool,
}

#[derive(Template)]
#[template(path = "aw_reviews.html")]
struct ReviewsPage {
    ctx: Ctx,
    rows: Vec<ReviewRow>,
}

/// The nominations the signed-in reviewer is drawn for (reviewers, and officers who sit on
/// a panel; anyone else 403).
pub(super) async fn mine(
    State(state): State<AppState>,
    SignedIn { principal: p, ctx }: SignedIn,
) -> Result<Response, PageError> {
    allow(p.role == Role::Reviewer || p.has(Capability::Experts), &ctx)?;
    let ids = state
        .store
        .award_nominations_drawn_for(&p.username)
        .await
        .or_page(&ctx)?;
    let mut rows = Vec::new();
    for id in ids {
        let Some(n) = state
            .store
            .award_nomination(id, Scope::All)
            .await
            .or_page(&ctx)?
        else {
            continue;
        };
        let scored = state
            .store
            .reviews_of(AwardNomination::TYPE, id)
            .await
            .or_page(&ctx)?
            .iter()
            .any(|r| r.reviewer == p.username);
        rows.push(ReviewRow {
            href: format!("{BASE}/nominations/{id}"),
            expert: expert_name(&n),
            nationality: ctx.country_name(&n.nationality),
            round: ctx.aw_round(&ctx.tk("aw-award-short", &n.award), n.award_year),
            unit: ctx.aw_unit(&n.unit_name_zh, &n.unit_name_en),
            field: if n.field.is_empty() {
                "—".to_owned()
            } else {
                n.field.clone()
            },
            status: ctx.tk(WORDS.statuses, &n.status),
            badge: badge(&n.status),
            open: n.status == "panel_review",
            scored,
        });
    }
    // What still waits for a score first.
    rows.sort_by_key(|r| !r.open || r.scored);
    let page = ReviewsPage { ctx, rows };
    Ok(no_store(render(StatusCode::OK, &page)))
}

#[derive(Template)]
#[template(path = "aw_pool.html")]
struct PoolPage {
    ctx: Ctx,
    /// "4 reviewers in the pool".
    count: String,
    award: String,
    awards: Vec<(String, String, bool)>,
    pool: Vec<(String, String)>,
    users: Vec<(String, String)>,
    admin: bool,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
}

async fn pool_view(
    state: &AppState,
    ctx: Ctx,
    (award, admin): (String, bool),
    form: FormValues,
    kept: Kept,
) -> Result<Response, PageError> {
    let pool = state.store.award_reviewers(&award).await.or_page(&ctx)?;
    let accounts = state.store.users().await.or_page(&ctx)?;
    let role_of = |username: &str| {
        accounts
            .iter()
            .find(|u| u.username == username)
            .map_or_else(String::new, |u| ctx.tk("role", &u.role))
    };
    let mut users: Vec<(String, String, bool)> = accounts
        .iter()
        .filter(|u| !u.disabled && !pool.contains(&u.username))
        .filter(|u| ["reviewer", "officer", "admin"].contains(&u.role.as_str()))
        .map(|u| {
            (
                u.username.clone(),
                format!("{} · {}", u.username, ctx.tk("role", &u.role)),
                u.role == "reviewer",
            )
        })
        .collect();
    // Reviewers first, then by name.
    users.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let page = PoolPage {
        count: ctx.aw_n("aw-pool-count", "count", pool.len() as i64),
        awards: AWARDS
            .iter()
            .map(|a| ((*a).to_owned(), ctx.aw_award(a), *a == award))
            .collect(),
        pool: pool.iter().map(|u| (u.clone(), role_of(u))).collect(),
        users: users.into_iter().map(|(u, label, _)| (u, label)).collect(),
        admin,
        errors: Errors::from(&ctx, &kept.errors),
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        award,
        form,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

/// An award's reviewer pool: officers see it, an administrator adds to it.
pub(super) async fn pool(
    State(state): State<AppState>,
    SignedIn { principal: p, ctx }: SignedIn,
    params: Result<Query<FormValues>, QueryRejection>,
) -> Result<Response, PageError> {
    allow(p.has(Capability::Experts), &ctx)?;
    let params = params.map(|q| q.0).unwrap_or_default();
    let award = Some(params.value("award"))
        .filter(|a| AWARDS.contains(a))
        .unwrap_or("friendship")
        .to_owned();
    let admin = p.role == Role::Admin;
    pool_view(
        &state,
        ctx,
        (award, admin),
        FormValues::default(),
        Kept::default(),
    )
    .await
}

/// Adds a user to an award's pool (administrators).
pub(super) async fn add(
    State(state): State<AppState>,
    Admin { p, ctx }: Admin,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let award = Some(form.value("award").trim())
        .filter(|a| AWARDS.contains(a))
        .unwrap_or("friendship")
        .to_owned();
    let href = format!("{BASE}/reviewers?award={award}");
    let added = state
        .store
        .add_award_reviewer(&p.username, &award, form.value("username").trim())
        .await;
    match answer(added, &ctx, &href, |_, _| None)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            pool_view(&state, ctx, (award, true), form, kept).await
        }
    }
}
