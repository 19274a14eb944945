//! Events (forums, ministerial meetings, conferences, assemblies, meetings) with their rows in
//! the layout of `cooperation-events.csv`, follow-up actions (R3) and projects (R4).

use super::{codes, optional_text, parse_day};
use crate::reference::reference;
use crate::FieldErrors;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

codes! {
    EventKind {
        Forum = "forum",
        Ministerial = "ministerial",
        Conference = "conference",
        Assembly = "assembly",
        Meeting = "meeting",
    }
}

codes! {
    /// China's part in an event.
    ChineseRole {
        Host = "host",
        CoHost = "co_host",
        Participant = "participant",
    }
}

codes! {
    /// A partner's part in an event: an organiser, or the other side of a bilateral meeting,
    /// count for the secondary definition; a participant does not.
    PartnerRole {
        Organiser = "organiser",
        Counterpart = "counterpart",
        Participant = "participant",
    }
}

codes! {
    /// A delegate's role.
    DelegateRole {
        Head = "head",
        Deputy = "deputy",
        Member = "member",
        Interpreter = "interpreter",
        Expert = "expert",
    }
}

codes! {
    OutcomeKind {
        Declaration = "declaration",
        JointStatement = "joint_statement",
        Initiative = "initiative",
        CommonUnderstanding = "common_understanding",
        Conclusions = "conclusions",
        ActionPlan = "action_plan",
        ProjectAnnounced = "project_announced",
        Agreement = "agreement",
        Other = "other",
    }
}

/// One row of `cooperation-events.csv` (and of `hrx import cooperation-events`), as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    pub date: String,
    pub end_date: String,
    pub name_en: String,
    pub name_zh: String,
    pub kind: String,
    pub organiser: String,
    pub host_city: String,
    pub host_country: String,
    pub outcome_document: String,
    pub source: String,
}

/// The columns of the layout, in order.
pub const EVENT_COLUMNS: [&str; 10] = [
    "date",
    "end_date",
    "name_en",
    "name_zh",
    "kind",
    "organiser",
    "host_city",
    "host_country",
    "outcome_document",
    "source",
];

/// An event checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventInput {
    pub starts_on: NaiveDate,
    /// The start is known to the month only (`YYYY-MM`; stored as the first of the month).
    pub month_only: bool,
    pub ends_on: Option<NaiveDate>,
    pub name_en: String,
    pub name_zh: String,
    pub kind: EventKind,
    pub organiser: String,
    pub host_city: String,
    /// ISO 3166 alpha-2.
    pub host_country: Option<String>,
    pub outcome_document: String,
    pub source: String,
}

/// Names the files and forms use for countries that differ from `data/countries.csv`.
const COUNTRY_ALIASES: [(&str, &str); 13] = [
    ("China", "CN"),
    ("Republic of Korea", "KR"),
    ("Korea", "KR"),
    ("Hong Kong, China", "HK"),
    ("Hong Kong", "HK"),
    ("Lao PDR", "LA"),
    ("Viet Nam", "VN"),
    ("Russian Federation", "RU"),
    ("United States", "US"),
    ("United States of America", "US"),
    ("Brunei Darussalam", "BN"),
    ("United Kingdom", "GB"),
    ("Iran", "IR"),
];

/// The ISO alpha-2 code of a country given by code or by its English or Chinese name.
pub fn country_code(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t.len() == 2 {
        if let Some(c) = reference().country(t) {
            return Some(c.alpha2.clone());
        }
    }
    if let Some((_, code)) = COUNTRY_ALIASES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(t))
    {
        return Some((*code).to_owned());
    }
    reference()
        .countries
        .iter()
        .find(|c| c.name_en.eq_ignore_ascii_case(t) || c.name_zh == t)
        .map(|c| c.alpha2.clone())
}

impl EventRow {
    /// Checks a row; every field refused is named (R2: an end before the start, an unknown
    /// country).
    pub fn check(&self) -> Result<EventInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let start = parse_day(&self.date, true);
        if self.date.trim().is_empty() {
            errors.add("date", "required");
        } else if start.is_none() {
            errors.add("date", "invalid_date");
        }
        let end = super::day_field(&mut errors, "end_date", &self.end_date);
        errors.not_before("end_date", "before_start", start.map(|s| s.0), end);
        let kind = EventKind::parse(&self.kind);
        if kind.is_none() {
            errors.add(
                "kind",
                if self.kind.trim().is_empty() {
                    "required"
                } else {
                    "unknown_value"
                },
            );
        }
        let host_country = if self.host_country.trim().is_empty() {
            None
        } else {
            let code = country_code(&self.host_country);
            if code.is_none() {
                errors.add("host_country", "unknown_country");
            }
            code
        };
        let name_en = errors.text("name_en", &self.name_en, 300);
        let name_zh = errors.text("name_zh", &self.name_zh, 300);
        let organiser = optional_text(&mut errors, "organiser", &self.organiser, 300);
        let host_city = optional_text(&mut errors, "host_city", &self.host_city, 100);
        let outcome_document =
            optional_text(&mut errors, "outcome_document", &self.outcome_document, 300);
        let source = optional_text(&mut errors, "source", &self.source, 1000);
        match (start, kind) {
            (Some((starts_on, month_only)), Some(kind)) if errors.is_empty() => Ok(EventInput {
                starts_on,
                month_only,
                ends_on: end,
                name_en,
                name_zh,
                kind,
                organiser,
                host_city,
                host_country,
                outcome_document,
                source,
            }),
            _ => Err(errors),
        }
    }
}

impl EventInput {
    /// The year an event counts in: its start's (R5).
    pub fn year(&self) -> i32 {
        self.starts_on.year()
    }
}

/// The codes of the organisations an organiser's text names (`"MOLSS and ILO"` → `ILO`),
/// among `known` acronyms, in the order known.
pub fn organisers_named<'a>(organiser: &str, known: &[&'a str]) -> Vec<&'a str> {
    let words: Vec<&str> = organiser
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    known
        .iter()
        .copied()
        .filter(|code| words.contains(code))
        .collect()
}

/// R3: an open follow-up action is overdue on `day` when its deadline is before `day`; a
/// done one may have been done late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum FollowUpFlag {
    OnTime,
    Overdue { days: i64 },
    DoneLate { days: i64 },
}

pub fn follow_up_flag(
    due_on: NaiveDate,
    done_on: Option<NaiveDate>,
    day: NaiveDate,
) -> FollowUpFlag {
    match done_on {
        Some(done) if done > due_on => FollowUpFlag::DoneLate {
            days: (done - due_on).num_days(),
        },
        Some(_) => FollowUpFlag::OnTime,
        None if due_on < day => FollowUpFlag::Overdue {
            days: (day - due_on).num_days(),
        },
        None => FollowUpFlag::OnTime,
    }
}

codes! {
    /// Where a project's money comes from.
    Funding {
        Grant = "grant",
        Loan = "loan",
        TechnicalAssistance = "technical_assistance",
        Joint = "joint",
        ChineseBudget = "chinese_budget",
    }
}

codes! {
    /// A project's status on a day (R4), derived from its dates.
    ProjectStatus {
        Pipeline = "pipeline",
        Active = "active",
        Closed = "closed",
    }
}

/// R4: active on `day` once started and not past its actual end; the planned end does not
/// close it.
pub fn project_status(
    starts_on: Option<NaiveDate>,
    actual_end_on: Option<NaiveDate>,
    day: NaiveDate,
) -> ProjectStatus {
    match (starts_on, actual_end_on) {
        (Some(s), _) if day < s => ProjectStatus::Pipeline,
        (None, _) => ProjectStatus::Pipeline,
        (Some(_), Some(e)) if e < day => ProjectStatus::Closed,
        _ => ProjectStatus::Active,
    }
}

/// R2 for projects: no planned or actual end before the start.
pub fn check_project_dates(
    starts_on: Option<NaiveDate>,
    planned_end_on: Option<NaiveDate>,
    actual_end_on: Option<NaiveDate>,
) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if let Some(s) = starts_on {
        if planned_end_on.is_some_and(|e| e < s) {
            errors.add("planned_end_on", "before_start");
        }
        if actual_end_on.is_some_and(|e| e < s) {
            errors.add("actual_end_on", "before_start");
        }
    } else if actual_end_on.is_some() {
        errors.add("starts_on", "required");
    }
    errors
}

impl OutcomeKind {
    /// The kind a document's title suggests (`Beijing Declaration` → a declaration), for the
    /// outcome documents of the shipped history and of imported events.
    pub fn guess(title: &str) -> OutcomeKind {
        let t = title.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
        if has(&["declaration"]) {
            OutcomeKind::Declaration
        } else if has(&["joint statement", "ministerial statement", "communique"]) {
            OutcomeKind::JointStatement
        } else if has(&["initiative"]) {
            OutcomeKind::Initiative
        } else if has(&["common understanding"]) {
            OutcomeKind::CommonUnderstanding
        } else if has(&["conclusions", "recommendations"]) {
            OutcomeKind::Conclusions
        } else if has(&["action plan"]) {
            OutcomeKind::ActionPlan
        } else if has(&["memorandum", "understanding", "agreement"]) {
            OutcomeKind::Agreement
        } else if has(&["project"]) {
            OutcomeKind::ProjectAnnounced
        } else {
            OutcomeKind::Other
        }
    }
}
