//! The timeline of all partners (or one), filtered by kind and year, newest first, each entry
//! linked to its record; and the world map of the partner countries counted on a chosen date,
//! with its table and its text alternative.

use super::home::Counts;
use super::{agreement_href, day, name_of, names_of, partner_options, Officer};
use crate::map::{partner_map, WorldMap};
use crate::pages::extract::{OrPage, PageError};
use crate::pages::{render, Ctx, Errors};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use hrx_domain::cooperation::PartnerKind;
use hrx_domain::FieldErrors;
use hrx_store::cooperation::{
    EventFilter, EventRecord, PartnerRecord, TimelineEntry, TimelineFilter, ENTRY_KINDS,
};
use serde::Deserialize;

/// A dated fact as the pages list it, every code worded.
pub(super) struct TimelineRow {
    pub date: String,
    pub kind: String,
    pub what: String,
    pub title: String,
    pub href: String,
    pub partners: String,
}

/// What happened, worded: an event's or an outcome's kind, else the fact.
fn what(ctx: &Ctx, e: &TimelineEntry) -> String {
    let prefix = match e.kind {
        "event" => "coop-event-kind",
        "outcome" => "coop-outcome-kind",
        _ => "coop-fact",
    };
    ctx.tk(prefix, &e.what)
}

/// The pages of the events whose start is known to the month only, with that start: their
/// entries are dated by the month.
pub(super) fn month_only(events: &[EventRecord]) -> Vec<(String, String)> {
    events
        .iter()
        .filter(|e| e.month_only)
        .map(|e| (format!("/cooperation/events/{}", e.id), e.starts_on.clone()))
        .collect()
}

/// The entries newest first, worded for the page; `months` from [`month_only`].
pub(super) fn timeline_rows(
    ctx: &Ctx,
    partners: &[PartnerRecord],
    entries: Vec<TimelineEntry>,
    months: &[(String, String)],
) -> Vec<TimelineRow> {
    let by_month = |e: &TimelineEntry| {
        months
            .iter()
            .any(|(link, day)| *link == e.link && *day == e.date)
    };
    entries
        .into_iter()
        .rev()
        .filter(|e| !e.date.is_empty())
        .map(|mut e| {
            // China hosts many events: its own name adds nothing to a line of China's record.
            e.partners.retain(|c| c != "CN");
            e
        })
        .map(|e| TimelineRow {
            date: if by_month(&e) {
                ctx.month(&e.date)
            } else {
                ctx.date(&e.date)
            },
            kind: ctx.tk("coop-entry", e.kind),
            what: what(ctx, &e),
            title: ctx.both(&e.title_en, &e.title_zh),
            href: e.link.clone(),
            partners: names_of(ctx, partners, &e.partners),
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct TimelineQuery {
    partner: String,
    kind: String,
    year: String,
}

#[derive(Template)]
#[template(path = "cooperation_timeline.html")]
struct TimelinePage {
    ctx: Ctx,
    q: TimelineQuery,
    partner_name: String,
    partners: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    rows: Vec<TimelineRow>,
    errors: Errors,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<TimelineQuery>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let year = match q.year.trim() {
        "" => None,
        text => match text.parse::<i32>() {
            Ok(y) if (1900..=2100).contains(&y) => Some(y),
            _ => {
                errors.add("year", "year_out_of_range");
                None
            }
        },
    };
    let kind = Some(q.kind.trim().to_owned()).filter(|k| ENTRY_KINDS.contains(&k.as_str()));
    let partner = Some(q.partner.trim().to_ascii_uppercase()).filter(|p| !p.is_empty());
    let partners = state.store.coop_partners(None).await.or_page(&ctx)?;
    let filter = TimelineFilter {
        partner: partner.clone(),
        kind,
        year,
    };
    let entries = state
        .store
        .coop_timeline(&filter, state.today())
        .await
        .or_page(&ctx)?;
    let events = state
        .store
        .coop_events(&EventFilter::default())
        .await
        .or_page(&ctx)?;
    let page = TimelinePage {
        partner_name: partner
            .as_deref()
            .map(|c| name_of(&ctx, &partners, c))
            .unwrap_or_default(),
        rows: timeline_rows(&ctx, &partners, entries, &month_only(&events)),
        partners: partner_options(&ctx, &partners),
        kinds: ctx.choices("coop-entry", &ENTRY_KINDS),
        errors: Errors::from(&ctx, &errors),
        q,
        ctx,
    };
    let status = page.errors.status();
    Ok(render(status, &page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct MapQuery {
    date: String,
}

/// A partner country counted on the day, with what it counts on.
struct CountedRow {
    name: String,
    code: String,
    since: String,
    basis: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "cooperation_map.html")]
struct MapPage {
    ctx: Ctx,
    date: String,
    errors: Errors,
    counts: Counts,
    map: WorldMap,
    rows: Vec<CountedRow>,
}

pub(super) async fn map(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<MapQuery>,
) -> Result<Response, PageError> {
    let today = state.today();
    let mut errors = FieldErrors::new();
    let on = match q.date.trim() {
        "" => today,
        text => day(text).unwrap_or_else(|| {
            errors.add("date", "invalid_date");
            today
        }),
    };
    let counted = state
        .store
        .counted_partners(on, PartnerKind::Country, false)
        .await
        .or_page(&ctx)?;
    let counts = Counts::on(&state, &ctx, on).await?;
    let agreements = state
        .store
        .coop_agreements(state.today())
        .await
        .or_page(&ctx)?;
    let caption = ctx.t1("coop-partner-countries-on", "date", &counts.day);
    let map =
        partner_map(counted.iter().map(|p| p.code.as_str()), ctx.lang, &caption).without_table();
    let mut rows: Vec<CountedRow> = counted
        .iter()
        .map(|p| CountedRow {
            name: ctx.both(&p.name, &p.name_zh),
            code: p.code.clone(),
            since: ctx.date(&p.since),
            basis: p
                .basis
                .iter()
                .map(|b| {
                    let found = agreements.iter().find(|a| a.code == b.reference);
                    match found {
                        Some(a) => (agreement_href(a), ctx.both(&a.title_en, &a.title_zh)),
                        None => (String::new(), b.reference.clone()),
                    }
                })
                .collect(),
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let errors = Errors::from(&ctx, &errors);
    let page = MapPage {
        date: if errors.any() { q.date } else { on.to_string() },
        errors,
        counts,
        map,
        rows,
        ctx,
    };
    let status = page.errors.status();
    Ok(render(status, &page))
}
