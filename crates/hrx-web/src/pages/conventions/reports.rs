//! A report case's page on the case kernel: its head with status, reminders and late flag, the
//! actions this officer may take (sending the copies names the two organisations; submitting
//! asks for confirmation first), its details, the CEACR's comments with a form to record one,
//! and its history.

use super::{
    case_status, comment_views, reason_text, refusal, titles, CommentView, Officer, REPORTS, ROLE,
    WORDS,
};
use crate::i18n::{translate, Lang};
use crate::pages::case::picker::refused_fields;
use crate::pages::case::{
    actions, confirm_page, step_taken, tabs, ConfirmTarget, StepAction, StepForm, StepInput, Words,
};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::NaiveDate;
use hrx_domain::conventions::calendar::{due_in, Reason, ReportType};
use hrx_domain::conventions::reports::{
    is_late, reminders, report_workflow, CommentInput, PointInput, COMMENT_KINDS,
};
use hrx_domain::FieldErrors;
use hrx_store::case::TransitionRecord;
use hrx_store::conventions::{IloReport, ReportRecord};
use hrx_store::StoreError;

/// The two organisations `send_copies` names, each with the translation key of its label and
/// of the suggestion the input starts with (spec: the most representative organisations).
const ORGANISATIONS: [(&str, &str, &str); 2] = [
    (
        "employers_organisation",
        "ilo-field-employers_organisation",
        "ilo-suggest-employers_organisation",
    ),
    (
        "workers_organisation",
        "ilo-field-workers_organisation",
        "ilo-suggest-workers_organisation",
    ),
];

/// Point rows the comment form offers at least.
const POINT_ROWS: usize = 3;
/// Point rows it reads at most.
const MAX_POINTS: usize = 20;

/// The states in which the CEACR's comments on the report are recorded.
const COMMENTED_STATES: [&str; 2] = ["submitted", "comments_received"];

/// A follow-up point as typed.
#[derive(Default)]
struct PointRow {
    text: String,
    owner: String,
    due_date: String,
}

impl PointRow {
    fn blank(&self) -> bool {
        [&self.text, &self.owner, &self.due_date]
            .iter()
            .all(|v| v.trim().is_empty())
    }
}

/// How many point rows count: up to the last one with anything typed in it.
fn typed_rows(points: &[PointRow]) -> usize {
    points
        .iter()
        .rposition(|p| !p.blank())
        .map_or(0, |last| last + 1)
}

/// The comment form as typed.
#[derive(Default)]
struct CommentForm {
    kind: String,
    year: String,
    text_zh: String,
    text_en: String,
    points: Vec<PointRow>,
}

impl CommentForm {
    /// A blank form for a report of `year` (the CEACR examines the year's reports that autumn).
    fn blank(year: i64) -> CommentForm {
        CommentForm {
            year: year.to_string(),
            points: (0..POINT_ROWS).map(|_| PointRow::default()).collect(),
            ..CommentForm::default()
        }
    }

    /// The form as posted: the point rows up to the last one with anything typed, and blank
    /// rows after them to type more.
    fn read(values: &FormValues) -> CommentForm {
        let field = |name: &str| values.value(name).to_owned();
        let mut points: Vec<PointRow> = (0..MAX_POINTS)
            .map(|i| PointRow {
                text: field(&format!("points[{i}].text")),
                owner: field(&format!("points[{i}].owner")),
                due_date: field(&format!("points[{i}].due_date")),
            })
            .collect();
        let typed = typed_rows(&points);
        points.truncate(typed.max(POINT_ROWS).max(typed + 1).min(MAX_POINTS));
        CommentForm {
            kind: field("kind"),
            year: field("year"),
            text_zh: field("text_zh"),
            text_en: field("text_en"),
            points,
        }
    }

    /// The comment for the domain's check, the point rows with anything typed in them; a
    /// year that is not a number is an error of its own.
    fn input(&self, errors: &mut FieldErrors) -> CommentInput {
        let year = self.year.trim().parse::<i32>().unwrap_or_else(|_| {
            errors.add("year", "not_a_number");
            0
        });
        let typed = typed_rows(&self.points);
        CommentInput {
            kind: self.kind.clone(),
            year,
            text_zh: self.text_zh.clone(),
            text_en: self.text_en.clone(),
            points: self.points[..typed]
                .iter()
                .map(|p| PointInput {
                    text: p.text.clone(),
                    owner: p.owner.clone(),
                    due_date: p.due_date.clone(),
                })
                .collect(),
        }
    }
}

/// What a report page shows again after a refused post: the reason, and the step or the
/// comment as typed with the errors beside their fields.
#[derive(Default)]
struct Refused {
    status: Option<StatusCode>,
    message: String,
    step: Option<StepForm>,
    comment: Option<CommentForm>,
    errors: FieldErrors,
}

struct Reminder {
    text: String,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "conventions_report.html")]
struct ReportPage {
    ctx: Ctx,
    r: ReportRecord,
    title: String,
    title_other: String,
    kind: String,
    reason: String,
    status: String,
    badge: &'static str,
    late: bool,
    reminders: Vec<Reminder>,
    actions: Vec<StepAction>,
    action_href: String,
    version: i64,
    today: String,
    steps: Vec<TransitionRecord>,
    words: Words,
    tabs: Vec<(&'static str, String)>,
    error: String,
    comments: Vec<CommentView>,
    may_comment: bool,
    form: CommentForm,
    errors: Errors,
    kinds: Vec<(String, String)>,
}

fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

/// The report the path names: 404 for a malformed id or no such report.
async fn found(state: &AppState, ctx: &Ctx, id: &str) -> Result<(i64, ReportRecord), PageError> {
    let id = parse_id(id).found(ctx)?;
    let report = state.store.report(id).await.found(ctx)?;
    Ok((id, report))
}

/// The report's convention and year as a heading: "C100 同工同酬公约 · 2026年度报告".
fn heading(ctx: &Ctx, r: &ReportRecord, title: &str) -> String {
    format!(
        "{} {title} · {}",
        r.convention,
        ctx.t1("ilo-report-of-year", "year", r.year)
    )
}

/// The actions this officer may take, each with the inputs its step takes: the organisations
/// of `send_copies` start with the usual ones, or what was typed before a refusal.
fn step_actions(ctx: &Ctx, r: &ReportRecord, kept: &Refused) -> Vec<StepAction> {
    let Ok(flow) = report_workflow() else {
        return Vec::new();
    };
    let errors = Errors::from(ctx, &kept.errors);
    let mut list = actions(ctx, flow, (&r.status, "report"), Some(ROLE), WORDS);
    for a in &mut list {
        let typed = kept.step.as_ref().filter(|f| f.action == a.action);
        if let Some(f) = typed {
            a.comment = f.comment.clone();
        }
        for (name, label, suggestion) in ORGANISATIONS {
            if !a.has_field(name) {
                continue;
            }
            let value = match (typed, name) {
                (Some(f), "employers_organisation") => f.employers_organisation.clone(),
                (Some(f), _) => f.workers_organisation.clone(),
                (None, _) => ctx.t(suggestion),
            };
            a.inputs.push(StepInput {
                name,
                label: ctx.t(label),
                value,
                suggestions: [Lang::Zh, Lang::En]
                    .map(|lang| translate(lang, suggestion, &[]))
                    .to_vec(),
                error: errors.get(name),
                ..StepInput::default()
            });
        }
    }
    list
}

async fn report_view(
    state: &AppState,
    ctx: Ctx,
    (id, r): (i64, ReportRecord),
    kept: Refused,
) -> Result<Response, PageError> {
    let today = state.today();
    let calendar = state.store.reporting_calendar().await.or_page(&ctx)?;
    let convention = calendar.conventions.iter().find(|c| c.code == r.convention);
    let (title, title_other) = convention.map(|c| titles(&ctx, c)).unwrap_or_default();
    let year = i32::try_from(r.year).unwrap_or_default();
    // Why it is due, worded in the reader's language from the calendar; the English reason
    // kept on the case where the calendar no longer has it.
    let reason = match (convention, r.report_type.as_str()) {
        (_, "out_of_cycle") => Some(Reason::OutOfCycle),
        (Some(c), _) => due_in(c, year, &calendar.rules, &[]).map(|d| d.reason),
        _ => None,
    }
    .map_or_else(
        || r.reason.clone(),
        |reason| reason_text(&ctx, &calendar.rules.subjects, &reason),
    );
    let due_on = day(&r.due_on).unwrap_or(today);
    let late = is_late(
        &r.status,
        due_on,
        r.submitted_on.as_deref().and_then(day),
        today,
    );
    let reminders = reminders(&r.status, year, today)
        .into_iter()
        .map(|m| Reminder {
            text: ctx.t1(&format!("ilo-reminder-{}", m.code), "date", m.by),
            overdue: m.overdue,
        })
        .collect();
    let comments = state
        .store
        .comments(Some(&r.convention))
        .await
        .or_page(&ctx)?
        .into_iter()
        .filter(|c| c.report_id == Some(id))
        .collect();
    let steps = state
        .store
        .case_steps::<IloReport>(id)
        .await
        .or_page(&ctx)?;
    let mut tabs = tabs(&ctx, &["details"]);
    tabs.push(("comments", ctx.t("ilo-tab-comments")));
    tabs.extend(super::super::case::tabs(&ctx, &["history"]));
    let (status, badge) = case_status(&ctx, &r.status);
    let actions = step_actions(&ctx, &r, &kept);
    let form = kept.comment.unwrap_or_else(|| CommentForm::blank(r.year));
    let errors = if kept.step.is_some() {
        Errors::default()
    } else {
        Errors::from(&ctx, &kept.errors)
    };
    let page = ReportPage {
        title: title.to_owned(),
        title_other: title_other.to_owned(),
        kind: ReportType::parse(&r.report_type)
            .map_or_else(|| r.report_type.clone(), |k| super::type_label(&ctx, k)),
        reason,
        status,
        badge,
        late,
        reminders,
        actions,
        action_href: format!("{REPORTS}/{id}/steps"),
        version: r.version,
        today: today.to_string(),
        steps,
        words: WORDS,
        tabs,
        error: kept.message,
        comments: comment_views(&ctx, comments),
        may_comment: COMMENTED_STATES.contains(&r.status.as_str()),
        form,
        errors,
        kinds: ctx.choices("ilo-kind", &COMMENT_KINDS),
        r,
        ctx,
    };
    let status = kept.status.unwrap_or(StatusCode::OK);
    Ok(no_store(render(status, &page)))
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let report = found(&state, &ctx, &id).await?;
    report_view(&state, ctx, report, Refused::default()).await
}

/// The report's page again, at its own address, after a refused post.
async fn again(
    state: &AppState,
    ctx: Ctx,
    report: (i64, ReportRecord),
    kept: Refused,
) -> Result<Response, PageError> {
    let ctx = Ctx {
        path: format!("{REPORTS}/{}", report.0),
        ..ctx
    };
    report_view(state, ctx, report, kept).await
}

/// Takes a step. Submitting cannot be undone and is confirmed first; sending the copies names
/// both organisations. A refusal shows the page again with every error and what was typed.
pub(super) async fn step(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let (id, report) = found(&state, &ctx, &id).await?;
    let flow = report_workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    let href = format!("{REPORTS}/{id}");
    if let Some(step) = form.needs_confirmation(flow, (&report.status, "report")) {
        if !step.comment_required || form.comment().is_some() {
            let calendar = state.store.reporting_calendar().await.or_page(&ctx)?;
            let title = calendar
                .conventions
                .iter()
                .find(|c| c.code == report.convention)
                .map(|c| titles(&ctx, c).0)
                .unwrap_or_default();
            let target = ConfirmTarget {
                title: heading(&ctx, &report, title),
                record_href: &href,
                action_href: &format!("{href}/steps"),
            };
            return Ok(confirm_page(ctx, target, step, WORDS, &form, Vec::new()));
        }
    }
    // Both organisations are named on the page, beside a refusal of the step itself.
    let mut errors = FieldErrors::new();
    let takes = |field: &str| {
        flow.transitions
            .iter()
            .any(|t| t.action == form.action && t.fields.iter().any(|f| f == field))
    };
    for (field, value) in [
        ("employers_organisation", &form.employers_organisation),
        ("workers_organisation", &form.workers_organisation),
    ] {
        if takes(field) && value.trim().is_empty() {
            errors.add(field, "required");
        }
    }
    let comment = form.comment();
    let request = form.request(ROLE, &comment, state.today());
    let organisations = (
        Some(form.employers_organisation.as_str()),
        Some(form.workers_organisation.as_str()),
    );
    let taken = state
        .store
        .report_step(&p.username, id, &request, organisations)
        .await;
    let (status, message) = match step_taken(taken, &ctx, &href)? {
        Ok(done) => return Ok(done),
        Err(StoreError::Invalid(fields)) => {
            errors.merge(fields);
            (StatusCode::UNPROCESSABLE_ENTITY, ctx.t("form-has-errors"))
        }
        Err(StoreError::Refused { code, .. }) => (StatusCode::CONFLICT, refusal(&ctx, code)),
        Err(StoreError::Stale { current }) => (
            StatusCode::CONFLICT,
            format!(
                "{} {}",
                ctx.t("stale-title"),
                ctx.t1("ilo-stale", "version", current)
            ),
        ),
        Err(e) => return Err(PageError::store(ctx, e)),
    };
    let kept = Refused {
        status: Some(status),
        message,
        step: Some(form),
        comment: None,
        errors,
    };
    again(&state, ctx, (id, report), kept).await
}

/// Records a CEACR comment on the report's convention, against this report; a comment on a
/// submitted report moves it to `comments_received`. Errors are shown beside each field, with
/// everything typed kept.
pub(super) async fn comment(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let (id, report) = found(&state, &ctx, &id).await?;
    let form = CommentForm::read(&values);
    if !COMMENTED_STATES.contains(&report.status.as_str()) {
        let kept = Refused {
            status: Some(StatusCode::CONFLICT),
            message: ctx.t("ilo-comments-not-yet"),
            comment: Some(form),
            ..Refused::default()
        };
        return again(&state, ctx, (id, report), kept).await;
    }
    let mut errors = FieldErrors::new();
    let input = form.input(&mut errors);
    let checked = input.check(state.today());
    let refused = match (checked, errors.is_empty()) {
        (Ok(comment), true) => {
            match state
                .store
                .add_comment(&p.username, &report.convention, Some(id), &comment)
                .await
            {
                Ok(_) => {
                    return Ok(Redirect::to(&format!("{REPORTS}/{id}#comments")).into_response())
                }
                Err(e) => refused_fields(e).or_page(&ctx)?,
            }
        }
        (Ok(_), false) => FieldErrors::new(),
        (Err(found), _) => found,
    };
    errors.merge(refused);
    let kept = Refused {
        status: Some(StatusCode::UNPROCESSABLE_ENTITY),
        message: String::new(),
        step: None,
        comment: Some(form),
        errors,
    };
    again(&state, ctx, (id, report), kept).await
}
