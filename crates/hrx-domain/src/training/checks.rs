//! The checks of a group's dispatch (issue 19 §3, TA-R3), the quota of a sending unit
//! (TA-R2 as the issue states it) and the completion report's deadline (TA-R4). Each refusal
//! has a stable code and explains itself.

use crate::calendar::WorkingCalendar;
use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

/// A refusal: its code and the sentence that explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub code: &'static str,
    pub detail: String,
}

fn refuse(code: &'static str, detail: String) -> Result<(), Refusal> {
    Err(Refusal { code, detail })
}

/// The group's dates inside the programme's window (both ends included).
pub fn check_window(
    window: (NaiveDate, NaiveDate),
    departure: NaiveDate,
    return_on: NaiveDate,
) -> Result<(), Refusal> {
    let (start, end) = window;
    if departure < start || return_on > end {
        return refuse(
            "outside_window",
            format!(
                "the group's dates {departure} – {return_on} are not inside the programme's \
                 window {start} – {end}"
            ),
        );
    }
    Ok(())
}

/// A passport valid for at least `months` months beyond the return date.
pub fn check_passport(
    passport: Option<(&str, Option<NaiveDate>)>,
    return_on: NaiveDate,
    months: u32,
) -> Result<(), Refusal> {
    let needed = return_on
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    match passport {
        None => refuse(
            "passport_expires",
            format!(
                "no passport is recorded for this person; one valid until at least {needed} \
                 ({months} months after the return on {return_on}) is needed"
            ),
        ),
        Some((number, None)) => refuse(
            "passport_expires",
            format!(
                "passport {number} has no expiry date recorded; it must be valid until at \
                 least {needed} ({months} months after the return on {return_on})"
            ),
        ),
        Some((number, Some(expiry))) if expiry < needed => refuse(
            "passport_expires",
            format!(
                "passport {number} expires on {expiry}, less than {months} months after the \
                 return on {return_on}: it must be valid until at least {needed}"
            ),
        ),
        Some(_) => Ok(()),
    }
}

/// Two stays share a day (both ends included, TA-R3).
pub fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// One more place for a sending unit that holds `used` of `quota + supplementary` places
/// (withdrawn and rejected nominations not counted).
pub fn check_quota(unit: &str, quota: i64, supplementary: i64, used: i64) -> Result<(), Refusal> {
    let allowed = quota + supplementary;
    if used + 1 > allowed {
        return refuse(
            "quota_exceeded",
            format!(
                "{unit} holds {used} of its {allowed} places in this programme's plan \
                 ({quota} allocated, {supplementary} supplementary): no place is left"
            ),
        );
    }
    Ok(())
}

/// Where a completion report stands (TA-R4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Not yet due, not filed.
    Due,
    /// Filed on or before its due day.
    OnTime,
    /// Filed after its due day.
    Late,
    /// Not filed, past its due day.
    Overdue,
}

impl ReportState {
    pub fn code(self) -> &'static str {
        match self {
            ReportState::Due => "due",
            ReportState::OnTime => "on_time",
            ReportState::Late => "late",
            ReportState::Overdue => "overdue",
        }
    }
}

/// A report's due day and state on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportTiming {
    pub due_on: NaiveDate,
    pub state: ReportState,
    /// Calendar days filed late, or overdue on the day; 0 otherwise.
    pub days_late: i64,
    /// Working days overdue on the day (the officer's queue shows these); 0 otherwise.
    pub working_days_overdue: i64,
}

/// TA-R4: due `deadline_days` calendar days after the actual return; on time when filed on
/// or before the due day; overdue from the day after it.
pub fn report_timing(
    returned_on: NaiveDate,
    submitted_on: Option<NaiveDate>,
    today: NaiveDate,
    deadline_days: u64,
    calendar: &WorkingCalendar,
) -> ReportTiming {
    let due_on = returned_on
        .checked_add_days(Days::new(deadline_days))
        .unwrap_or(NaiveDate::MAX);
    let (state, days_late, working) = match submitted_on {
        Some(d) if d <= due_on => (ReportState::OnTime, 0, 0),
        Some(d) => (ReportState::Late, (d - due_on).num_days(), 0),
        None if today > due_on => (
            ReportState::Overdue,
            (today - due_on).num_days(),
            calendar.working_days_between(due_on, today),
        ),
        None => (ReportState::Due, 0, 0),
    };
    ReportTiming {
        due_on,
        state,
        days_late,
        working_days_overdue: working,
    }
}
