//! The reporting calendar for conventions officers: the reports due over six years, each with
//! its case (or a button that opens it), a form for the CEACR's out-of-cycle requests, and the
//! same rows as CSV. Opening a case from here leads to its page; a refusal shows the calendar
//! again with the reason and the form as typed.

use super::{case_status, reason_text, refusal, titles, type_label, Officer, REPORTS};
use crate::pages::case::queue::csv_download;
use crate::pages::extract::{OrPage, PageError};
use crate::pages::{no_store, render, Ctx, Errors};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Datelike, NaiveDate};
use hrx_domain::conventions::calendar::{FIRST_YEAR, LAST_YEAR};
use hrx_domain::conventions::reports::is_late;
use hrx_domain::FieldErrors;
use hrx_store::conventions::Calendar;
use hrx_store::StoreError;
use serde::Deserialize;

/// How many years the calendar shows from its first.
pub(super) const YEARS_SHOWN: i32 = 6;

/// A report's case, linked, with its status.
pub(super) struct CaseLink {
    pub href: String,
    pub status: String,
    pub badge: &'static str,
}

/// A report due, as the calendar lists it.
pub(super) struct DueRow {
    pub year: i32,
    pub code: String,
    pub title: String,
    pub kind: String,
    pub due_date: String,
    pub reason: String,
    /// Not submitted after its due date, or submitted after it.
    pub late: bool,
    /// The case, once opened.
    pub case: Option<CaseLink>,
}

/// The reports due in the years `from..=to` (of one convention with `only`), with their cases.
pub(super) async fn due_rows(
    state: &AppState,
    ctx: &Ctx,
    calendar: &Calendar,
    (from, to): (i32, i32),
    only: Option<&str>,
) -> Result<Vec<DueRow>, StoreError> {
    let today = state.today();
    let cases = state.store.reports(only).await?;
    let subjects = &calendar.rules.subjects;
    let rows = calendar
        .reports(from, to)
        .into_iter()
        .filter(|d| only.is_none_or(|code| code == d.convention))
        .map(|d| {
            let case = cases
                .iter()
                .find(|r| r.convention == d.convention && r.year == i64::from(d.year));
            let late = match case {
                Some(r) => {
                    let submitted = r
                        .submitted_on
                        .as_deref()
                        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
                    is_late(&r.status, d.due_date, submitted, today)
                }
                None => today > d.due_date,
            };
            let title = calendar
                .conventions
                .iter()
                .find(|c| c.code == d.convention)
                .map(|c| titles(ctx, c).0.to_owned())
                .unwrap_or_default();
            DueRow {
                year: d.year,
                title,
                kind: type_label(ctx, d.kind),
                due_date: d.due_date.to_string(),
                reason: reason_text(ctx, subjects, &d.reason),
                late,
                case: case.map(|r| {
                    let (status, badge) = case_status(ctx, &r.status);
                    CaseLink {
                        href: format!("{REPORTS}/{}", r.id),
                        status,
                        badge,
                    }
                }),
                code: d.convention,
            }
        })
        .collect();
    Ok(rows)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Range {
    from: String,
}

/// A case to open: a row of the calendar, or an out-of-cycle request as typed. `from` is the
/// calendar's first year, to show the same years again after a refusal.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct OpenForm {
    convention: String,
    year: String,
    out_of_cycle: String,
    from: String,
}

#[derive(Template)]
#[template(path = "conventions_calendar.html")]
struct CalendarPage {
    ctx: Ctx,
    from: i32,
    intro: String,
    /// The first year as typed.
    from_text: String,
    rows: Vec<DueRow>,
    /// Why a case was not opened.
    message: String,
    /// The out-of-cycle request as typed.
    form: OpenForm,
    errors: Errors,
    conventions: Vec<(String, String)>,
    csv_href: String,
}

/// The calendar's first year: `from` as typed, this year when blank or out of range (with
/// the error beside the field).
fn first_year(text: &str, today: NaiveDate, errors: &mut FieldErrors) -> i32 {
    let last_first = LAST_YEAR - YEARS_SHOWN + 1;
    match text.trim() {
        "" => today.year(),
        t => match t.parse::<i32>() {
            Ok(year) if (FIRST_YEAR..=last_first).contains(&year) => year,
            Ok(_) => {
                errors.add("from", "year_out_of_range");
                today.year()
            }
            Err(_) => {
                errors.add("from", "not_a_number");
                today.year()
            }
        },
    }
}

pub(super) async fn page(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(range): Query<Range>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let from = first_year(&range.from, state.today(), &mut errors);
    let form = OpenForm {
        from: range.from,
        ..OpenForm::default()
    };
    calendar_view(&state, ctx, from, form, (errors, Refusal::None)).await
}

/// Why a case was not opened: beside the out-of-cycle form's convention when the request
/// came from it, above the calendar when it came from a row.
enum Refusal {
    None,
    Row(String),
    Request(String),
}

async fn calendar_view(
    state: &AppState,
    ctx: Ctx,
    from: i32,
    mut form: OpenForm,
    (errors, refusal): (FieldErrors, Refusal),
) -> Result<Response, PageError> {
    let calendar = state.store.reporting_calendar().await.or_page(&ctx)?;
    let to = from + YEARS_SHOWN - 1;
    let rows = due_rows(state, &ctx, &calendar, (from, to), None)
        .await
        .or_page(&ctx)?;
    let conventions = calendar
        .conventions
        .iter()
        .map(|c| (c.code.clone(), format!("{} {}", c.code, titles(&ctx, c).0)))
        .collect();
    let mut errors = Errors::from(&ctx, &errors);
    if form.year.is_empty() {
        form.year = from.to_string();
    }
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if matches!(refusal, Refusal::None) {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    let message = match refusal {
        Refusal::None => String::new(),
        Refusal::Row(message) => message,
        Refusal::Request(message) => {
            errors.insert("convention", message);
            String::new()
        }
    };
    let page = CalendarPage {
        from_text: if errors.has("from") {
            form.from.clone()
        } else {
            from.to_string()
        },
        csv_href: format!("/conventions/calendar.csv?from={from}"),
        intro: ctx.t2(
            "ilo-calendar-intro",
            ("from", &from.to_string()),
            ("to", &to.to_string()),
        ),
        from,
        rows,
        message,
        form,
        errors,
        conventions,
        ctx,
    };
    Ok(no_store(render(status, &page)))
}

/// The calendar's rows as CSV, in the reader's language.
pub(super) async fn csv(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(range): Query<Range>,
) -> Result<Response, PageError> {
    let from = first_year(&range.from, state.today(), &mut FieldErrors::new());
    let to = from + YEARS_SHOWN - 1;
    let calendar = state.store.reporting_calendar().await.or_page(&ctx)?;
    let rows = due_rows(&state, &ctx, &calendar, (from, to), None)
        .await
        .or_page(&ctx)?;
    let header = [
        "ilo-year",
        "ilo-code",
        "ilo-title",
        "ilo-type",
        "ilo-due-date",
        "ilo-reason",
        "ilo-late",
        "ilo-case",
    ];
    let mut lines = vec![header.iter().map(|k| ctx.t(k)).collect::<Vec<_>>()];
    for r in rows {
        lines.push(vec![
            r.year.to_string(),
            r.code,
            r.title,
            r.kind,
            r.due_date,
            r.reason,
            if r.late {
                ctx.t("ilo-late")
            } else {
                String::new()
            },
            r.case.map(|c| c.status).unwrap_or_default(),
        ]);
    }
    Ok(csv_download(
        &format!("ilo-reporting-calendar-{from}-{to}"),
        &lines,
    ))
}

/// Opens a report's case and goes to it; a refusal shows the calendar again with the reason
/// and what was typed.
pub(super) async fn open(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(form): Form<OpenForm>,
) -> Result<Response, PageError> {
    let today = state.today();
    let mut errors = FieldErrors::new();
    let code = form.convention.trim();
    if code.is_empty() {
        errors.add("convention", "required");
    }
    let year = match form.year.trim().parse::<i32>() {
        Ok(year) => Some(year),
        Err(_) => {
            errors.add("year", "not_a_number");
            None
        }
    };
    let mut refused = Refusal::None;
    if let (Some(year), true) = (year, errors.is_empty()) {
        let out_of_cycle = form.out_of_cycle == "1";
        let why = match state
            .store
            .open_report(&p.username, code, year, out_of_cycle)
            .await
        {
            Ok(r) => return Ok(Redirect::to(&format!("{REPORTS}/{}", r.id)).into_response()),
            Err(StoreError::Invalid(fields)) => {
                errors = fields;
                None
            }
            // A request for a report the calendar does not have is refused when the
            // convention is not in force on 1 September of the year.
            Err(StoreError::Refused { code, .. }) if out_of_cycle => Some(refusal(
                &ctx,
                if code == "report_not_due" {
                    "not_reportable"
                } else {
                    code
                },
            )),
            Err(StoreError::Refused { code, .. }) => Some(refusal(&ctx, code)),
            Err(StoreError::Duplicate { .. }) => Some(refusal(&ctx, "already_open")),
            Err(e) => return Err(PageError::store(ctx, e)),
        };
        refused = match why {
            None => Refusal::None,
            Some(why) if out_of_cycle => Refusal::Request(why),
            Some(why) => Refusal::Row(format!("{code} {year}: {why}")),
        };
    }
    let from = first_year(&form.from, today, &mut FieldErrors::new());
    // The calendar again, at its own address.
    let ctx = Ctx {
        path: format!("/conventions/calendar?from={from}"),
        ..ctx
    };
    calendar_view(&state, ctx, from, form, (errors, refused)).await
}
