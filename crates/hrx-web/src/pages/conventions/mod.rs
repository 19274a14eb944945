//! The ILO conventions China has ratified (spec `ilo-conventions.md`) on pages: the public
//! register on a chosen date and each convention's page (`register`), the reporting calendar
//! and its CSV for the conventions officers (`calendar`), and the report cases on the case
//! kernel with the CEACR's comments (`reports`).
//!
//! Every code the register and the calendar hold (classes, statuses, report types, comment
//! kinds, subjects, the workflow's states and actions) is worded in the reader's language.

mod calendar;
mod register;
mod reports;

use super::case::Words;
use super::extract::{PageError, SignedIn};
use super::Ctx;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::Router;
use chrono::{Datelike, NaiveDate};
use hrx_domain::access::{Capability, Principal};
use hrx_domain::conventions::calendar::{Reason, ReportType, Subject};
use hrx_domain::conventions::{Class, Convention, Status};
use hrx_store::conventions::{CommentRecord, PointRecord};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conventions", get(register::register))
        .route("/conventions/calendar", get(calendar::page))
        .route("/conventions/calendar.csv", get(calendar::csv))
        .route("/conventions/reports", post(calendar::open))
        .route("/conventions/reports/{id}", get(reports::view))
        .route("/conventions/reports/{id}/steps", post(reports::step))
        .route("/conventions/reports/{id}/comments", post(reports::comment))
        .route("/conventions/{code}", get(register::convention))
}

/// The report workflow's words: `ilo-action-…`, `ilo-status-…`.
const WORDS: Words = Words {
    actions: "ilo-action",
    statuses: "ilo-status",
};

/// Where the report cases are.
const REPORTS: &str = "/conventions/reports";

/// The role a conventions officer (or an administrator) takes in the report workflow.
const ROLE: &str = "officer";

/// Whether the user works on the reports: an officer with the conventions capability, or an
/// administrator.
fn may_report(p: &Principal) -> bool {
    p.has(Capability::Conventions)
}

/// A conventions officer on a page; anyone else signed in is refused (403), a visitor is sent
/// to sign in first.
struct Officer {
    p: Principal,
    ctx: Ctx,
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal, ctx } = SignedIn::allowed(parts, state, may_report).await?;
        Ok(Officer { p: principal, ctx })
    }
}

/// The subjects of conventions with their names (the shipped rules; none if they fail to load,
/// which the store would have refused first).
fn subjects() -> Vec<Subject> {
    hrx_domain::conventions::rules()
        .map(|r| r.subjects)
        .unwrap_or_default()
}

/// A subject's name in the reader's language.
fn subject_name(ctx: &Ctx, subjects: &[Subject], code: &str) -> String {
    subjects
        .iter()
        .find(|s| s.code == code)
        .map_or(code, |s| ctx.lang.pick(&s.name_zh, &s.name_en))
        .to_owned()
}

/// A convention's subjects, by name.
fn subject_names(ctx: &Ctx, subjects: &[Subject], codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| subject_name(ctx, subjects, c))
        .collect::<Vec<_>>()
        .join(&ctx.t("ilo-list-separator"))
}

/// A class as it was called on a day: governance conventions were "priority" conventions
/// before 2008 (spec §1), and only historical dates show that name.
fn class_label(ctx: &Ctx, class: Class, day: NaiveDate) -> String {
    if class == Class::G && day.year() < 2008 {
        ctx.t("ilo-class-G-priority")
    } else {
        ctx.tk("ilo-class", class.code())
    }
}

/// A convention's status on a day, worded, with its badge's class.
fn status_label(ctx: &Ctx, status: Option<Status>) -> (String, &'static str) {
    match status {
        Some(s) => (
            ctx.tk("ilo-state", s.code()),
            match s {
                Status::InForce => "st-active",
                Status::NotInForce => "st-refused",
                Status::NotYetInForce => "st-submitted",
            },
        ),
        None => (ctx.t("ilo-state-not_ratified"), ""),
    }
}

/// A report case's status, worded, with its badge's class.
fn case_status(ctx: &Ctx, status: &str) -> (String, &'static str) {
    let badge = match status {
        "copies_sent" => "st-accepted",
        "submitted" => "st-submitted",
        "comments_received" => "st-active",
        _ => "",
    };
    (ctx.tk(WORDS.statuses, status), badge)
}

/// A convention's title in the reader's language and in the other one.
fn titles<'c>(ctx: &Ctx, c: &'c Convention) -> (&'c str, &'c str) {
    (
        ctx.lang.pick(&c.title_zh, &c.title_en),
        ctx.lang.other().pick(&c.title_zh, &c.title_en),
    )
}

fn type_label(ctx: &Ctx, kind: ReportType) -> String {
    ctx.tk("ilo-type", kind.code())
}

/// Why a report is due, in the reader's language, with the subject named rather than coded.
fn reason_text(ctx: &Ctx, subjects: &[Subject], reason: &Reason) -> String {
    let mut reason = reason.clone();
    if let Reason::Subject { subject, .. } = &mut reason {
        *subject = subject_name(ctx, subjects, subject);
    }
    match ctx.lang {
        crate::i18n::Lang::Zh => reason.text_zh(),
        crate::i18n::Lang::En => {
            let text = reason.text_en();
            let mut chars = text.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// Why the store refused a step or a case, in the reader's language.
fn refusal(ctx: &Ctx, code: &str) -> String {
    let key = format!("ilo-refused-{code}");
    match ctx.t(&key) {
        text if text == key => ctx.t("ilo-refused"),
        text => text,
    }
}

/// A CEACR comment as the pages show it: the text in the reader's language, the other
/// language's text beside it, and the follow-up points.
struct CommentView {
    year: i64,
    kind: String,
    text: String,
    other: String,
    points: Vec<PointRecord>,
    report_id: Option<i64>,
}

fn comment_views(ctx: &Ctx, comments: Vec<CommentRecord>) -> Vec<CommentView> {
    comments
        .into_iter()
        .map(|c| CommentView {
            year: c.year,
            kind: ctx.tk("ilo-kind", &c.kind),
            text: ctx.lang.pick(&c.text_zh, &c.text_en).to_owned(),
            other: ctx.lang.other().pick(&c.text_zh, &c.text_en).to_owned(),
            points: c.points,
            report_id: c.report_id,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::i18n::{keys, EN_FTL, ZH_FTL};
    use hrx_domain::conventions::calendar::ReportType;
    use hrx_domain::conventions::reports::{report_workflow, COMMENT_KINDS};
    use hrx_domain::conventions::{Class, Status};

    /// The codes these pages word at run time, which the template scan cannot see.
    #[test]
    fn every_code_the_conventions_pages_show_is_translated() {
        let mut wanted: Vec<String> = Vec::new();
        wanted.extend([Class::F, Class::G, Class::T].map(|c| format!("ilo-class-{}", c.code())));
        wanted.extend(
            [Status::NotYetInForce, Status::InForce, Status::NotInForce]
                .map(|s| format!("ilo-state-{}", s.code())),
        );
        wanted.extend(
            [
                ReportType::First,
                ReportType::Regular,
                ReportType::OutOfCycle,
            ]
            .map(|t| format!("ilo-type-{}", t.code())),
        );
        wanted.extend(COMMENT_KINDS.map(|k| format!("ilo-kind-{k}")));
        wanted.extend(["send_copies", "submit"].map(|r| format!("ilo-reminder-{r}")));
        if let Ok(flow) = report_workflow() {
            wanted.extend(flow.states.iter().map(|s| format!("ilo-status-{}", s.code)));
            wanted.extend(
                flow.transitions
                    .iter()
                    .map(|t| format!("ilo-action-{}", t.action)),
            );
        }
        wanted.extend(
            [
                "same_actor",
                "comment_required",
                "transition_not_allowed",
                "report_not_due",
                "not_reportable",
                "already_open",
            ]
            .map(|c| format!("ilo-refused-{c}")),
        );
        for source in [EN_FTL, ZH_FTL] {
            let defined = keys(source);
            let missing: Vec<_> = wanted.iter().filter(|k| !defined.contains(k)).collect();
            assert!(missing.is_empty(), "untranslated: {missing:?}");
        }
    }
}
