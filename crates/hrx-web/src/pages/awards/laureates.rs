//! The public laureate register (no sign-in): the laureates recorded, searchable by name,
//! field or employer and filtered by year, country and award, each with its printable
//! certificate; and, per award, the rounds of the shipped history with their laureates and
//! the cumulative chain (1,099 Friendship Award laureates at the end of 2009), with the
//! ISTC's published figure beside the register's own count where the sources differ.

use super::{badge, BASE};
use crate::i18n::{translate, Lang};
use crate::pages::documents::{qr, verify_url};
use crate::pages::extract::{Anyone, Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, FormValues, KeysetPager};
use crate::AppState;
use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use hrx_domain::awards::history::{cumulative, RoundCount};
use hrx_domain::awards::AWARDS;
use hrx_store::awards::{LaureateQuery, LaureateRecord, RoundRecord};

/// The white paper of 2010 (the seed) gives 43 ISTC laureates by the end of 2009 (spec §3,
/// "The seed's 43", §7 U1): kept as the published figure beside the register's own count.
const ISTC_PUBLISHED_END_2009: i64 = 43;

/// A laureate as the register lists them.
struct LaureateRow {
    href: String,
    name: String,
    /// The name in its native script (the store's `name_zh`, which holds whatever script the
    /// registry recorded) where it differs.
    name_zh: String,
    nationality: String,
    award: String,
    year: i32,
    field: String,
    employer: String,
}

impl LaureateRow {
    fn of(ctx: &Ctx, l: &LaureateRecord) -> LaureateRow {
        LaureateRow {
            href: format!("{BASE}/laureates/{}/certificate", l.id),
            name: l.name.clone(),
            name_zh: if l.name_zh.trim().is_empty() || l.name_zh == l.name {
                String::new()
            } else {
                l.name_zh.clone()
            },
            nationality: ctx.country_name(&l.nationality),
            award: ctx.tk("aw-award-short", &l.award),
            year: l.award_year,
            field: dash(&l.field),
            employer: dash(&l.employer),
        }
    }
}

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_owned()
    } else {
        s.to_owned()
    }
}

/// One round of the history.
struct HistoryRow {
    year: i32,
    ceremony: String,
    laureates: String,
    organisations: String,
    cumulative: String,
    status: String,
    badge: &'static str,
    source: String,
    recorded: i64,
}

/// An award's history as a table, with what the sources say of it.
struct HistoryTable {
    award: String,
    title: String,
    summary: String,
    note: String,
    rows: Vec<HistoryRow>,
}

fn count(ctx: &Ctx, n: Option<i64>) -> String {
    n.map_or_else(|| "—".to_owned(), |n| ctx.num(&n))
}

fn history_table(ctx: &Ctx, award: &str, rounds: &[RoundRecord]) -> HistoryTable {
    let mut past: Vec<&RoundRecord> = rounds
        .iter()
        .filter(|r| r.award == award && r.status == "past")
        .collect();
    past.sort_by_key(|r| r.award_year);
    let counts: Vec<RoundCount> = past
        .iter()
        .map(|r| RoundCount {
            year: r.award_year,
            laureates: r.laureates_individuals,
            stated_total: r.cumulative_individuals,
        })
        .collect();
    let rows: Vec<HistoryRow> = past
        .iter()
        .map(|r| HistoryRow {
            year: r.award_year,
            ceremony: ctx.aw_day(r.ceremony_date.as_deref()),
            laureates: count(ctx, r.laureates_individuals),
            organisations: r
                .laureates_organisations
                .filter(|n| *n > 0)
                .map_or_else(String::new, |n| {
                    ctx.aw_n("aw-history-organisations", "count", n)
                }),
            // The totals the sources state or derive; a round missing from the history
            // (the ISTC's 2016) leaves the chain's sum unknown, so none is computed here.
            cumulative: count(ctx, r.cumulative_individuals),
            status: ctx.tk(
                "aw-history-status",
                r.history_status.as_deref().unwrap_or("unconfirmed"),
            ),
            badge: badge(r.history_status.as_deref().unwrap_or("")),
            source: r
                .source
                .split_whitespace()
                .next()
                .filter(|s| s.starts_with("http"))
                .unwrap_or_default()
                .to_owned(),
            recorded: r.laureates_recorded,
        })
        .collect();
    let latest = past
        .iter()
        .rev()
        .find_map(|r| r.cumulative_individuals.map(|n| (r.award_year, n)));
    let summary = latest.map_or_else(String::new, |(year, n)| {
        crate::i18n::translate(
            ctx.lang,
            "aw-history-summary",
            &[("count", ctx.num(&n)), ("year", year.to_string())],
        )
    });
    let note = if award == "istc" {
        match (cumulative(&counts, 2008), cumulative(&counts, 2009)) {
            (Some(before), Some(end)) => translate(
                ctx.lang,
                "aw-istc-sources-differ",
                &[
                    ("published", ISTC_PUBLISHED_END_2009.to_string()),
                    ("before", before.to_string()),
                    ("round", (end - before).to_string()),
                    ("count", end.to_string()),
                    ("gap", (end - ISTC_PUBLISHED_END_2009).to_string()),
                ],
            ),
            _ => String::new(),
        }
    } else {
        String::new()
    };
    HistoryTable {
        award: award.to_owned(),
        title: ctx.aw_award(award),
        summary,
        note,
        rows,
    }
}

#[derive(Template)]
#[template(path = "aw_laureates.html")]
struct RegisterPage {
    ctx: Ctx,
    /// "1 laureate recorded".
    count: String,
    rows: Vec<LaureateRow>,
    form: FormValues,
    awards: Vec<(String, String)>,
    years: Vec<(String, String)>,
    countries: Vec<(String, String)>,
    histories: Vec<HistoryTable>,
    pager: KeysetPager,
}

/// Laureates on a page of the register.
const LIST_ROWS: i64 = 50;

pub(super) async fn register(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    params: Result<Query<FormValues>, QueryRejection>,
) -> Result<Response, PageError> {
    let form = params.map(|q| q.0).unwrap_or_default();
    let text = |k: &str| Some(form.value(k).trim().to_owned()).filter(|s| !s.is_empty());
    let query = LaureateQuery {
        award: text("award").filter(|a| AWARDS.contains(&a.as_str())),
        year: text("year").and_then(|y| y.parse().ok()),
        country: text("country"),
        q: text("q"),
    };
    let after = form.value("after").to_owned();
    let found = state
        .store
        .award_laureates_after(
            &query,
            Some(after.as_str()).filter(|a| !a.is_empty()),
            LIST_ROWS,
        )
        .await
        .or_page(&ctx)?;
    let rows = found
        .items
        .iter()
        .map(|l| LaureateRow::of(&ctx, l))
        .collect::<Vec<_>>();
    let pager = KeysetPager::new(
        "/awards/laureates",
        &["q", "award", "year", "country"].map(|k| (k, form.value(k))),
        &after,
        (found.total, found.total_capped),
        found.next.as_deref(),
    );
    // The filters offer what the register holds.
    let (years, nationalities) = state.store.award_laureate_choices().await.or_page(&ctx)?;
    let mut countries: Vec<(String, String)> = nationalities
        .iter()
        .map(|c| (c.clone(), ctx.country_name(c)))
        .collect();
    countries.sort_by(|a, b| a.1.cmp(&b.1));
    let rounds = state.store.award_rounds(None).await.or_page(&ctx)?;
    let histories = AWARDS
        .iter()
        .map(|a| history_table(&ctx, a, &rounds))
        .collect();
    let page = RegisterPage {
        count: ctx.aw_n("aw-register-count", "count", found.total),
        awards: AWARDS
            .iter()
            .map(|a| ((*a).to_owned(), ctx.aw_award(a)))
            .collect(),
        years: years
            .iter()
            .map(|y| (y.to_string(), y.to_string()))
            .collect(),
        countries,
        histories,
        rows,
        pager,
        form,
        ctx,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "aw_certificate.html")]
struct CertificatePage {
    ctx: Ctx,
    l: LaureateRecord,
    issuer_zh: String,
    issuer_en: String,
    award_zh: String,
    award_en: String,
    kind_zh: String,
    kind_en: String,
    citation_zh: String,
    citation_en: String,
    name_zh: String,
    nationality: String,
    conferral: String,
    conferred_on: String,
    verify_url: String,
    qr_svg: String,
}

/// A laureate's certificate, printable on A4 (no navigation when printed), in both
/// languages, with a QR code to this page as the public check.
pub(super) async fn certificate(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = parse_id(&id).found(&ctx)?;
    let l = state.store.award_laureate(id).await.found(&ctx)?;
    let (award_zh, award_en) = ctx.aw_award_names(&l.award);
    let both = |key: &str| {
        let args = [("name", l.name.clone()), ("year", l.award_year.to_string())];
        (
            translate(Lang::Zh, key, &args),
            translate(Lang::En, key, &args),
        )
    };
    let (issuer_zh, issuer_en) = both(&format!("aw-cert-issuer-{}", l.award));
    let (citation_zh, citation_en) = both(&format!("aw-cert-citation-{}", l.award));
    let (kind_zh, kind_en) = both("aw-cert-kind");
    let url = verify_url(&headers, &format!("{BASE}/laureates/{id}/certificate"));
    let page = CertificatePage {
        issuer_zh,
        issuer_en,
        award_zh,
        award_en,
        kind_zh,
        kind_en,
        citation_zh,
        citation_en,
        name_zh: if l.name_zh.trim().is_empty() || l.name_zh == l.name {
            String::new()
        } else {
            l.name_zh.clone()
        },
        nationality: ctx.country_name(&l.nationality),
        conferral: ctx.tk("aw-conferral", &l.conferral),
        conferred_on: ctx.aw_day(l.conferred_on.as_deref()),
        qr_svg: qr(&url),
        verify_url: url,
        l,
        ctx,
    };
    Ok(no_store(render(StatusCode::OK, &page)))
}
