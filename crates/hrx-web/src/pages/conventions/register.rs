//! The public register: the conventions ratified on a chosen date with their class, dates,
//! status and subjects, and each convention's page with its status history and the CEACR's
//! comments (and, for conventions officers, its report cases and the reports due).

use super::calendar::{due_rows, DueRow, YEARS_SHOWN};
use super::{
    case_status, class_label, comment_views, may_report, status_label, subject_names, subjects,
    titles, CommentView, REPORTS,
};
use crate::i18n::translate;
use crate::pages::extract::{Anyone, Found, OrPage, PageError};
use crate::pages::{render, Ctx, Errors};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use hrx_domain::conventions::{counts_on, Convention, EventKind};
use hrx_domain::FieldErrors;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct AsOf {
    as_of: String,
}

/// The entry into force as the pages write it: the date, marked where it is derived, or
/// "not established".
struct EntryIntoForce {
    date: String,
    derived: bool,
}

impl EntryIntoForce {
    fn of(c: &Convention) -> EntryIntoForce {
        EntryIntoForce {
            date: c
                .entry_into_force
                .map(|d| d.to_string())
                .unwrap_or_default(),
            derived: c.entry_into_force_derived,
        }
    }
}

struct Row {
    code: String,
    title: String,
    title_other: String,
    class: String,
    ratified: String,
    entry: EntryIntoForce,
    status: String,
    badge: &'static str,
    subjects: String,
}

#[derive(Template)]
#[template(path = "conventions.html")]
struct RegisterPage {
    ctx: Ctx,
    /// The date as typed (today's when none was).
    as_of: String,
    errors: Errors,
    counts: String,
    rows: Vec<Row>,
}

/// The day a page is about: `as_of` as typed, today when blank or not a date (with the error
/// beside the field).
fn day_of(text: &str, today: NaiveDate, errors: &mut FieldErrors) -> NaiveDate {
    match text.trim() {
        "" => today,
        t => NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap_or_else(|_| {
            errors.add("as_of", "invalid_date");
            today
        }),
    }
}

pub(super) async fn register(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    Query(query): Query<AsOf>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let day = day_of(&query.as_of, state.today(), &mut errors);
    let conventions = state.store.conventions().await.or_page(&ctx)?;
    let subjects = subjects();
    let (ratified, in_force) = counts_on(&conventions, day);
    let rows = conventions
        .iter()
        .filter(|c| c.ratified <= day)
        .map(|c| {
            let (title, title_other) = titles(&ctx, c);
            let (status, badge) = status_label(&ctx, c.status_on(day));
            Row {
                code: c.code.clone(),
                title: title.to_owned(),
                title_other: title_other.to_owned(),
                class: class_label(&ctx, c.class_on(day), day),
                ratified: ctx.date(&c.ratified.to_string()),
                entry: EntryIntoForce::of(c),
                status,
                badge,
                subjects: subject_names(&ctx, &subjects, &c.subjects),
            }
        })
        .collect();
    let date = day.to_string();
    let counts = translate(
        ctx.lang,
        "ilo-counts",
        &[
            ("ratified", ratified.to_string()),
            ("in_force", in_force.to_string()),
            ("date", ctx.date(&date)),
        ],
    );
    let errors = Errors::from(&ctx, &errors);
    let page = RegisterPage {
        as_of: if errors.any() { query.as_of } else { date },
        counts,
        rows,
        errors,
        ctx,
    };
    Ok(render(StatusCode::OK, &page))
}

/// A dated line of a convention's history.
struct HistoryLine {
    date: String,
    text: String,
    derived: bool,
}

struct ReportLink {
    href: String,
    year: i64,
    kind: String,
    status: String,
    badge: &'static str,
}

#[derive(Template)]
#[template(path = "conventions_convention.html")]
struct ConventionPage {
    ctx: Ctx,
    c: Convention,
    title: String,
    title_other: String,
    class: String,
    status: String,
    badge: &'static str,
    entry: EntryIntoForce,
    subjects: String,
    history: Vec<HistoryLine>,
    comments: Vec<CommentView>,
    /// Conventions officers see the report cases and the reports due.
    officer: bool,
    reports: Vec<ReportLink>,
    due: Vec<DueRow>,
}

pub(super) async fn convention(
    State(state): State<AppState>,
    Anyone { principal, ctx }: Anyone,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let today = state.today();
    let calendar = state.store.reporting_calendar().await.or_page(&ctx)?;
    let c = calendar
        .conventions
        .iter()
        .find(|c| c.code == code)
        .cloned()
        .found(&ctx)?;
    let mut history: Vec<HistoryLine> = Vec::new();
    for e in state.store.convention_events().await.or_page(&ctx)? {
        if e.convention != code {
            continue;
        }
        let text = match &e.kind {
            EventKind::Ratification { .. } => ctx.t("ilo-event-ratification"),
            EventKind::Denunciation { cause_en, cause_zh } => ctx.t1(
                "ilo-event-denunciation",
                "cause",
                ctx.lang.pick(cause_zh, cause_en),
            ),
            EventKind::ClassChange { class } => ctx.t1(
                "ilo-event-class_change",
                "class",
                class_label(&ctx, *class, e.effective),
            ),
        };
        history.push(HistoryLine {
            date: e.effective.to_string(),
            text,
            derived: false,
        });
    }
    if let Some(day) = c.entry_into_force {
        history.push(HistoryLine {
            date: day.to_string(),
            text: ctx.t("ilo-event-entry_into_force"),
            derived: c.entry_into_force_derived,
        });
    }
    history.sort_by(|a, b| a.date.cmp(&b.date));
    let comments = comment_views(&ctx, state.store.comments(Some(&code)).await.or_page(&ctx)?);
    let officer = principal.as_ref().is_some_and(may_report);
    let (mut reports, mut due) = (Vec::new(), Vec::new());
    if officer {
        for r in state.store.reports(Some(&code)).await.or_page(&ctx)? {
            let (status, badge) = case_status(&ctx, &r.status);
            reports.push(ReportLink {
                href: format!("{REPORTS}/{}", r.id),
                year: r.year,
                kind: ctx.tk("ilo-type", &r.report_type),
                status,
                badge,
            });
        }
        let from = today.year();
        due = due_rows(
            &state,
            &ctx,
            &calendar,
            (from, from + YEARS_SHOWN - 1),
            Some(&code),
        )
        .await
        .or_page(&ctx)?;
    }
    let (title, title_other) = titles(&ctx, &c);
    let (status, badge) = status_label(&ctx, c.status_on(today));
    let page = ConventionPage {
        title: title.to_owned(),
        title_other: title_other.to_owned(),
        class: class_label(&ctx, c.class(), today),
        status,
        badge,
        entry: EntryIntoForce::of(&c),
        subjects: subject_names(&ctx, &calendar.rules.subjects, &c.subjects),
        history,
        comments,
        officer,
        reports,
        due,
        c,
        ctx,
    };
    Ok(render(StatusCode::OK, &page))
}
