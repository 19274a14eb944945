//! The case kernel on pages: what every case type's queue and record pages are made of.
//!
//! - the actions this user may take now, read from the workflow data, each with the inputs
//!   it needs and marked when it cannot be undone ([`actions`], `case_actions.html`);
//! - a confirmation before an irreversible step that says what will happen and what is
//!   missing ([`confirm_page`], `case_confirm.html`);
//! - the due date with the working days left ([`DueView`], `case_due.html`);
//! - the history of steps (`case_history.html`);
//! - the queue ([`queue`]) and the pickers for people and organisations ([`picker`]).
//!
//! A case type's own pages supply its facts and its route; see the README's "Add a case type".

pub mod kept;
pub mod picker;
pub mod queue;

use super::extract::PageError;
use super::{render, Ctx};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hrx_domain::calendar::WorkingCalendar;
use hrx_domain::case::workflow::{Transition, Workflow};
use hrx_store::StoreError;
use serde::Deserialize;

/// The translation keys of a workflow's words: `{actions}-{action}`, `{statuses}-{status}`.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub actions: &'static str,
    pub statuses: &'static str,
}

/// Someone a case is about, shown by name with a link to their record.
pub struct Party {
    /// What they are to the case ("Foreign worker", "Employer").
    pub role: String,
    pub href: String,
    pub label: String,
}

/// The person and the organisation a case is about, by name, as far as the user may see them.
pub async fn parties(
    state: &crate::AppState,
    ctx: &Ctx,
    person: (&str, i64),
    organisation: Option<(&str, i64)>,
) -> Vec<Party> {
    let (role, id) = person;
    let mut out = Vec::new();
    if let Ok(Some(p)) = state.store.person(id, hrx_domain::access::Scope::All).await {
        out.push(Party {
            role: ctx.t(role),
            href: format!("/persons/{id}"),
            label: picker::person_label(ctx, &p),
        });
    }
    if let Some((role, id)) = organisation {
        if let Ok(Some(o)) = state
            .store
            .organisation(id, hrx_domain::access::Scope::All)
            .await
        {
            out.push(Party {
                role: ctx.t(role),
                href: format!("/organisations/{id}"),
                label: picker::organisation_label(ctx, &o),
            });
        }
    }
    out
}

/// The sections of a record that has documents.
pub const SECTIONS_WITH_DOCUMENTS: [&str; 4] = ["details", "parties", "documents", "history"];

/// The record page's tabs: (anchor, label) for the sections it has.
pub fn tabs(ctx: &Ctx, sections: &[&'static str]) -> Vec<(&'static str, String)> {
    sections
        .iter()
        .map(|s| (*s, ctx.t(&format!("case-tab-{s}"))))
        .collect()
}

/// One action a user may take on a case now.
pub struct StepAction {
    pub action: String,
    pub label: String,
    pub needs_comment: bool,
    pub irreversible: bool,
    /// Extra inputs the step takes ("category", "paid_until", "effective").
    pub fields: Vec<String>,
    /// Text inputs a case type's page fills in for the step's own fields (see [`StepInput`]).
    pub inputs: Vec<StepInput>,
    /// The reason as typed, kept when the step was refused.
    pub comment: String,
}

impl StepAction {
    pub fn has_field(&self, field: &str) -> bool {
        self.fields.iter().any(|f| f == field)
    }
}

/// A text input of a step, with its label, its value (a suggestion, or what was typed), the
/// suggestions offered as a list, and the error beside it.
#[derive(Default)]
pub struct StepInput {
    pub name: &'static str,
    pub label: String,
    pub value: String,
    pub suggestions: Vec<String>,
    pub error: String,
    /// The input's `type` (`date`, `number`); a text input when empty.
    pub input_type: &'static str,
    /// The step may be taken with the input left blank.
    pub optional: bool,
}

/// The actions the workflow allows this role from the case's state, in declaration order.
pub fn actions(
    ctx: &Ctx,
    flow: &Workflow,
    (status, kind): (&str, &str),
    role: Option<&str>,
    words: Words,
) -> Vec<StepAction> {
    let Some(role) = role else {
        return Vec::new();
    };
    flow.available(status, kind, role)
        .into_iter()
        .map(|t| StepAction {
            label: ctx.tk(words.actions, &t.action),
            action: t.action.clone(),
            needs_comment: t.comment_required,
            irreversible: t.irreversible,
            fields: t.fields.clone(),
            inputs: Vec::new(),
            comment: String::new(),
        })
        .collect()
}

/// A case's due date and the working days left on the official calendar (negative when
/// overdue).
pub struct DueView {
    pub date: String,
    pub days_left: i64,
}

impl DueView {
    pub fn of(
        due: Option<&str>,
        today: chrono::NaiveDate,
        calendar: &WorkingCalendar,
    ) -> Option<DueView> {
        let day = chrono::NaiveDate::parse_from_str(due?, "%Y-%m-%d").ok()?;
        Some(DueView {
            date: day.to_string(),
            days_left: calendar.working_days_between(today, day),
        })
    }

    pub fn overdue(&self) -> bool {
        self.days_left < 0
    }
}

/// A step as a form posts it: the kernel's inputs, the extra inputs some steps take, and
/// whether an irreversible step was confirmed.
#[derive(Debug, Default, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub paid_until: String,
    #[serde(default)]
    pub effective: String,
    /// The organisations a report's copies go to (ILO reports' `send_copies`).
    #[serde(default)]
    pub employers_organisation: String,
    #[serde(default)]
    pub workers_organisation: String,
    /// `yes` once the user has confirmed an irreversible step.
    #[serde(default)]
    pub confirmed: String,
    /// The inputs of a case type's own (the dates an agreement's step records …), carried
    /// through the confirmation page unchanged.
    #[serde(flatten)]
    pub extra: std::collections::BTreeMap<String, String>,
}

/// An amount as people type it: digits with thousands separators ("1,000,000", "1 000 000"),
/// or a number of 万 (ten thousands: "150万", "1.5 万").
pub fn amount(text: &str) -> Option<i64> {
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}' | '_'))
        .collect();
    match plain.strip_suffix('万') {
        Some(wan) => {
            let value: f64 = wan.parse().ok()?;
            let cny = (value * 10_000.0).round();
            (cny.is_finite() && cny.abs() < 9.0e15).then_some(cny as i64)
        }
        None => plain.parse().ok(),
    }
}

/// Longest comment a step keeps.
pub const COMMENT_LIMIT: usize = 2000;

impl StepForm {
    pub fn version(&self) -> i64 {
        self.version.trim().parse().unwrap_or(-1)
    }

    /// The comment as kept: at most [`COMMENT_LIMIT`] characters, none if blank.
    pub fn comment(&self) -> Option<String> {
        Some(self.comment.chars().take(COMMENT_LIMIT).collect::<String>())
            .filter(|c| !c.trim().is_empty())
    }

    pub fn confirmed(&self) -> bool {
        self.confirmed == "yes"
    }

    /// The kernel's request for this form's step, taken as `role` on `today`; `comment` is
    /// the form's [`StepForm::comment`], which the caller holds.
    pub fn request<'a>(
        &'a self,
        role: &'a str,
        comment: &'a Option<String>,
        today: chrono::NaiveDate,
    ) -> hrx_store::case::StepRequest<'a> {
        hrx_store::case::StepRequest {
            action: &self.action,
            role,
            comment: comment.as_deref(),
            expected_version: self.version(),
            today,
        }
    }

    /// The case type's own inputs to post again after a confirmation (not the CSRF token,
    /// which the page carries itself).
    pub fn carried(&self) -> impl Iterator<Item = (&String, &String)> {
        self.extra.iter().filter(|(name, _)| !name.starts_with('_'))
    }

    /// The transition this form asks for, when it cannot be undone and has not been
    /// confirmed yet.
    pub fn needs_confirmation<'w>(
        &self,
        flow: &'w Workflow,
        (status, kind): (&str, &str),
    ) -> Option<&'w Transition> {
        if self.confirmed() {
            return None;
        }
        flow.transitions.iter().find(|t| {
            t.irreversible
                && t.from == status
                && t.action == self.action
                && (t.kinds.is_empty() || t.kinds.iter().any(|k| k == kind))
        })
    }
}

/// A step's answer on a page: done, back to the case's page at `href`; no such case, the 404
/// page; a role that may not take the step, the 403 page. Any other refusal is the caller's
/// to show beside what was typed.
pub fn step_taken<T>(
    result: Result<T, StoreError>,
    ctx: &Ctx,
    href: &str,
) -> Result<Result<Response, StoreError>, PageError> {
    match result {
        Ok(_) => Ok(Ok(Redirect::to(href).into_response())),
        Err(StoreError::NotFound) => Err(PageError::not_found(ctx.clone())),
        Err(StoreError::Forbidden) => Err(PageError::forbidden(ctx.clone())),
        Err(refused) => Ok(Err(refused)),
    }
}

/// What the user is about to do, and what is still missing, before an irreversible step.
#[cfg(test)]
mod tests {
    use super::amount;

    #[test]
    fn amounts_are_read_as_people_write_them() {
        assert_eq!(amount("1,000,000"), Some(1_000_000));
        assert_eq!(amount(" 150 000 "), Some(150_000));
        assert_eq!(amount("150万"), Some(1_500_000));
        assert_eq!(amount("1.5 万"), Some(15_000));
        assert_eq!(amount("12a"), None);
        assert_eq!(amount(""), None);
    }
}

#[derive(Template)]
#[template(path = "case_confirm.html")]
struct ConfirmPage<'a> {
    ctx: Ctx,
    title: String,
    record_href: &'a str,
    action_href: String,
    label: String,
    /// "The case moves from … to … for good."
    moves: String,
    missing: Vec<String>,
    /// What the step records ("Ends on 1 May 2026"), where it records facts of its own.
    records: Vec<String>,
    form: &'a StepForm,
}

/// Where a confirmation page leads: the case it is about and the address its form posts to.
pub struct ConfirmTarget<'a> {
    pub title: String,
    pub record_href: &'a str,
    pub action_href: &'a str,
}

/// The confirmation page of an irreversible step: it names the step, the state the case
/// will be left in for good, and what is missing; confirming posts the same form again.
pub fn confirm_page(
    ctx: Ctx,
    target: ConfirmTarget<'_>,
    transition: &Transition,
    words: Words,
    form: &StepForm,
    missing: Vec<String>,
) -> Response {
    confirm_recording(ctx, target, (transition, words), form, missing, Vec::new())
}

/// The confirmation page of an irreversible step that records facts of its own (the day an
/// agreement ends): it says what the step records as well.
pub fn confirm_recording(
    ctx: Ctx,
    target: ConfirmTarget<'_>,
    (transition, words): (&Transition, Words),
    form: &StepForm,
    missing: Vec<String>,
    records: Vec<String>,
) -> Response {
    let page = ConfirmPage {
        label: ctx.tk(words.actions, &transition.action),
        moves: ctx.t2(
            "case-confirm-moves",
            ("from", &ctx.tk(words.statuses, &transition.from)),
            ("to", &ctx.tk(words.statuses, &transition.to)),
        ),
        action_href: target.action_href.to_owned(),
        title: target.title,
        record_href: target.record_href,
        missing,
        records,
        form,
        ctx,
    };
    render(StatusCode::OK, &page)
}
