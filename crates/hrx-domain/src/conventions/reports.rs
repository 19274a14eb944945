//! Report cases and the CEACR's comments: the report workflow as data, the yearly timeline
//! the reminders follow (spec §3 "Yearly timeline"), and the checks of a comment.

use super::calendar::{FIRST_YEAR, LAST_YEAR};
use crate::case::workflow::Workflow;
use crate::registry::parse_date;
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const REPORT_WORKFLOW_TOML: &str =
    include_str!("../../../../data/conventions/report-workflow.toml");

static REPORT_WORKFLOW: LazyLock<Result<Workflow, String>> =
    LazyLock::new(|| Workflow::parse(REPORT_WORKFLOW_TOML));

/// The report workflow as shipped (`data/conventions/report-workflow.toml`).
pub fn report_workflow() -> Result<&'static Workflow, &'static str> {
    REPORT_WORKFLOW.as_ref().map_err(String::as_str)
}

/// The kinds of CEACR comment.
pub const COMMENT_KINDS: [&str; 2] = ["observation", "direct_request"];

/// The states in which a report has not been submitted yet.
pub const BEFORE_SUBMISSION: [&str; 4] =
    ["requested", "drafting", "internal_review", "copies_sent"];

/// A dated step of the reporting year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Milestone {
    /// `requests_sent`, `copies_to_social_partners`, `window_opens`, `due`, `ceacr_session`,
    /// `conference`.
    pub code: &'static str,
    pub date: NaiveDate,
}

/// The reporting year's timeline (spec §3): requests at the start of March, copies to the
/// employers' and workers' organisations in March, reports received from 1 June (unconfirmed),
/// due 1 September, the CEACR in late November, the Conference the next June. Days the spec
/// gives only as a month are HRX conventions: the month's first day for a start, its last
/// for a deadline, 20 November for the CEACR.
pub fn timeline(year: i32) -> Vec<Milestone> {
    [
        ("requests_sent", year, 3, 1),
        ("copies_to_social_partners", year, 3, 31),
        ("window_opens", year, 6, 1),
        ("due", year, 9, 1),
        ("ceacr_session", year, 11, 20),
        ("conference", year + 1, 6, 1),
    ]
    .into_iter()
    .filter_map(|(code, y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d).map(|date| Milestone { code, date })
    })
    .collect()
}

/// What a report case still has to do by a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reminder {
    /// `send_copies` or `submit`.
    pub code: &'static str,
    pub by: NaiveDate,
    /// The date has passed and the step is not done.
    pub overdue: bool,
}

/// The reminders of a report in `status` for `year`, on `today`: the copies to the social
/// partners by the end of March, the report by 1 September.
pub fn reminders(status: &str, year: i32, today: NaiveDate) -> Vec<Reminder> {
    let by = |code: &str| {
        timeline(year)
            .into_iter()
            .find(|m| m.code == code)
            .map(|m| m.date)
    };
    let mut out = Vec::new();
    let before_copies = ["requested", "drafting", "internal_review"].contains(&status);
    if before_copies {
        if let Some(date) = by("copies_to_social_partners") {
            out.push(Reminder {
                code: "send_copies",
                by: date,
                overdue: today > date,
            });
        }
    }
    if BEFORE_SUBMISSION.contains(&status) {
        if let Some(date) = by("due") {
            out.push(Reminder {
                code: "submit",
                by: date,
                overdue: today > date,
            });
        }
    }
    out
}

/// Whether a report is late: not submitted after its due date, or submitted after it.
pub fn is_late(
    status: &str,
    due_on: NaiveDate,
    submitted_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    match submitted_on {
        Some(day) => day > due_on,
        None => BEFORE_SUBMISSION.contains(&status) && today > due_on,
    }
}

/// A follow-up point of a comment, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointInput {
    pub text: String,
    pub owner: String,
    /// ISO date.
    pub due_date: String,
}

/// A CEACR comment as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentInput {
    /// `observation` or `direct_request`.
    pub kind: String,
    /// The year of the CEACR session that adopted it.
    pub year: i32,
    pub text_zh: String,
    pub text_en: String,
    #[serde(default)]
    pub points: Vec<PointInput>,
}

/// A checked follow-up point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub text: String,
    pub owner: String,
    pub due_date: NaiveDate,
}

/// A checked comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub kind: &'static str,
    pub year: i32,
    pub text_zh: String,
    pub text_en: String,
    pub points: Vec<Point>,
}

const MAX_TEXT: usize = 20_000;
const MAX_SHORT: usize = 200;

impl CommentInput {
    /// Checks every field and answers all the errors at once: a known kind, a year from 1919
    /// to next year, both texts, and each point's text, owner and due date.
    pub fn check(&self, today: NaiveDate) -> Result<Comment, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = COMMENT_KINDS
            .iter()
            .copied()
            .find(|k| *k == self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "unknown_code");
        }
        let next_year = chrono::Datelike::year(&today) + 1;
        if !(FIRST_YEAR..=next_year.min(LAST_YEAR)).contains(&self.year) {
            errors.add("year", "year_out_of_range");
        }
        let text_zh = errors.prose("text_zh", &self.text_zh, MAX_TEXT);
        let text_en = errors.prose("text_en", &self.text_en, MAX_TEXT);
        let mut points = Vec::with_capacity(self.points.len());
        for (i, p) in self.points.iter().enumerate() {
            let text = errors.prose(&format!("points[{i}].text"), &p.text, MAX_TEXT);
            let owner = errors.text(&format!("points[{i}].owner"), &p.owner, MAX_SHORT);
            let field = format!("points[{i}].due_date");
            let due_date = match parse_date(p.due_date.trim()) {
                Ok(d) => Some(d),
                Err(code) => {
                    errors.add(field, code);
                    None
                }
            };
            if let Some(due_date) = due_date {
                points.push(Point {
                    text,
                    owner,
                    due_date,
                });
            }
        }
        errors.into_result()?;
        Ok(Comment {
            kind: kind.unwrap_or("observation"),
            year: self.year,
            text_zh,
            text_en,
            points,
        })
    }
}
