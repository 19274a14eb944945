//! The capability's home: the partner countries counted on a day (the headline definition,
//! the secondary one beside it, and the figure published for the year, such as the "more
//! than 80" of the end of 2009, with the counts of that year beside it), the
//! officer's queue of open follow-up actions (soonest due first, the overdue ones flagged),
//! the agreements whose expiry reminder is due, and the way to the other pages.

use super::{agreement_href, day, FollowUpView, Officer};
use crate::i18n::translate;
use crate::pages::extract::{OrPage, PageError};
use crate::pages::{render, Ctx, Errors};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use hrx_domain::cooperation::PartnerKind;
use hrx_domain::statistics::{published, published_figure, PublishedFigure};
use hrx_domain::FieldErrors;
use serde::Deserialize;

/// The indicator the counts are the figures of (spec §5).
const INDICATOR: &str = "partner_countries";

/// A figure published for the partner countries at the end of a year, worded.
pub(super) struct Published {
    pub year: i32,
    /// "more than 80 countries" for a figure published as "80多个国家".
    pub value: String,
    pub source: String,
}

impl Published {
    fn of(ctx: &Ctx, f: &PublishedFigure) -> Option<Published> {
        let key = if f.qualifier.as_deref() == Some("over") {
            "coop-published-over"
        } else {
            "coop-published-value"
        };
        Some(Published {
            year: f.period.parse().ok()?,
            value: ctx.t1(key, "value", ctx.num(&f.value)),
            source: ctx.both(&f.source_en, &f.source_zh),
        })
    }

    /// The figure published for a year.
    fn in_year(ctx: &Ctx, year: i32) -> Option<Published> {
        published_figure(INDICATOR, &year.to_string()).and_then(|f| Published::of(ctx, f))
    }

    /// The latest figure published.
    fn latest(ctx: &Ctx) -> Option<Published> {
        published()
            .ok()?
            .iter()
            .filter(|f| f.code == INDICATOR)
            .filter_map(|f| Published::of(ctx, f))
            .max_by_key(|p| p.year)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct HomeQuery {
    as_of: String,
    /// `1`: every officer's open actions, not only the user's.
    all: String,
}

/// The partner countries counted on a day: the headline definition, the secondary one for
/// the day's year, and the organisations.
pub(super) struct Counts {
    pub day: String,
    pub headline: usize,
    /// The secondary count and the organisations counted, worded.
    pub secondary: String,
    pub organisations: String,
    /// Both counts in one line, for the published figure's card.
    pub both: String,
    /// The figure published for the year, where the day is its last.
    pub published: Option<Published>,
}

impl Counts {
    pub(super) async fn on(
        state: &AppState,
        ctx: &Ctx,
        day: NaiveDate,
    ) -> Result<Counts, PageError> {
        let store = &state.store;
        let count = |kind, secondary| async move {
            store
                .counted_partners(day, kind, secondary)
                .await
                .map(|p| p.len())
        };
        let headline = count(PartnerKind::Country, false).await.or_page(ctx)?;
        let secondary = count(PartnerKind::Country, true).await.or_page(ctx)?;
        let organisations = count(PartnerKind::Organisation, false).await.or_page(ctx)?;
        let shown = ctx.date(&day.to_string());
        let year = day.year();
        Ok(Counts {
            secondary: ctx.t2(
                "coop-secondary",
                ("year", &year.to_string()),
                ("count", &secondary.to_string()),
            ),
            organisations: ctx.t1("coop-organisations-counted", "count", organisations),
            both: translate(
                ctx.lang,
                "coop-check-computed",
                &[
                    ("date", shown.clone()),
                    ("count", headline.to_string()),
                    ("secondary", secondary.to_string()),
                ],
            ),
            day: shown,
            published: (day.month() == 12 && day.day() == 31)
                .then(|| Published::in_year(ctx, year))
                .flatten(),
            headline,
        })
    }
}

/// An agreement whose expiry reminder is due.
struct ReminderRow {
    href: String,
    title: String,
    text: String,
    days_left: i64,
}

#[derive(Template)]
#[template(path = "cooperation.html")]
struct HomePage {
    ctx: Ctx,
    as_of: String,
    errors: Errors,
    counts: Counts,
    /// The latest figure published, with the counts at the end of its year beside it, unless
    /// the day shown is that one.
    check: Option<(Published, Counts)>,
    all: bool,
    queue: Vec<FollowUpView>,
    reminders: Vec<ReminderRow>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Query(query): Query<HomeQuery>,
) -> Result<Response, PageError> {
    let today = state.today();
    let mut errors = FieldErrors::new();
    let as_of = match query.as_of.trim() {
        "" => today,
        text => day(text).unwrap_or_else(|| {
            errors.add("as_of", "invalid_date");
            today
        }),
    };
    let counts = Counts::on(&state, &ctx, as_of).await?;
    let check = match Published::latest(&ctx) {
        Some(figure) if counts.published.is_none() => {
            let year_end = NaiveDate::from_ymd_opt(figure.year, 12, 31).unwrap_or(today);
            Some((figure, Counts::on(&state, &ctx, year_end).await?))
        }
        _ => None,
    };
    let all = query.all == "1";
    let owner = (!all).then_some(p.username.as_str());
    let calendar = state.store.working_calendar().await.or_page(&ctx)?;
    let queue = state
        .store
        .coop_followups(true, owner, state.today())
        .await
        .or_page(&ctx)?
        .into_iter()
        .map(|f| FollowUpView::new(&ctx, f, today, &calendar))
        .collect();
    let reminders = state
        .store
        .coop_agreements(state.today())
        .await
        .or_page(&ctx)?
        .iter()
        .filter_map(|a| {
            let reminder = a.reminder?;
            Some(ReminderRow {
                href: agreement_href(a),
                title: ctx.both(&a.title_en, &a.title_zh),
                text: ctx.reminder(&reminder),
                days_left: reminder.days_left,
            })
        })
        .collect();
    let errors = Errors::from(&ctx, &errors);
    let page = HomePage {
        as_of: if errors.any() {
            query.as_of
        } else {
            as_of.to_string()
        },
        errors,
        counts,
        check,
        all,
        queue,
        reminders,
        ctx,
    };
    Ok(render(StatusCode::OK, &page))
}
