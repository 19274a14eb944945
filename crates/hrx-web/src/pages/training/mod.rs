//! Training abroad (spec `training-abroad.md`) on pages, for officers with the training
//! capability and administrators: the officer's queue (`home`), programmes with their plans
//! and nominations (`programmes`; plans are edited and approved by administrators only),
//! nominations on the case kernel (`nominations`), groups with their members, checks and
//! steps (`groups`), and the completion reports and participants (`reports`).
//!
//! Every code these records hold (programme types, funding channels, statuses, travel
//! statuses, report states, refusals) is worded in the reader's language; dates are written
//! as the language writes them.

mod groups;
mod home;
mod nominations;
mod programme;
mod programmes;
mod reports;

use super::case::kept::{self, Kept};
use super::case::Words;
use super::extract::{PageError, SignedIn};
use super::Ctx;
use crate::AppState;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hrx_domain::access::{Capability, Principal};
use hrx_store::StoreError;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/training", get(home::page))
        .route(
            "/training/programmes",
            get(programmes::list).post(programmes::create),
        )
        .route("/training/programmes/new", get(programmes::new_form))
        .route("/training/programmes/{id}", get(programme::view))
        .route(
            "/training/programmes/{id}/edit",
            get(programmes::edit_form).post(programmes::update),
        )
        .route(
            "/training/programmes/{id}/quotas",
            post(programme::set_quota),
        )
        .route(
            "/training/programmes/{id}/approve",
            post(programme::approve),
        )
        .route(
            "/training/programmes/{id}/nominations",
            post(programme::nominate),
        )
        .route("/training/nominations/{id}", get(nominations::view))
        .route("/training/nominations/{id}/steps", post(nominations::step))
        .route("/training/groups", get(groups::list).post(groups::create))
        .route("/training/groups/{id}", get(groups::view))
        .route("/training/groups/{id}/members", post(groups::add_member))
        .route(
            "/training/groups/{id}/members/{member}/withdraw",
            post(groups::withdraw),
        )
        .route("/training/groups/{id}/steps", post(groups::step))
        .route("/training/reports", get(reports::list))
        .route("/training/reports/{member}", post(reports::file))
        .route(
            "/training/reports/{member}/evaluation",
            post(reports::evaluate),
        )
        .route("/training/participants", get(reports::participants))
}

/// The nomination workflow's words: `trn-action-…`, `trn-nstatus-…`.
const NOMINATION_WORDS: Words = Words {
    actions: "trn-action",
    statuses: "trn-nstatus",
};

/// The group workflow's words: `trn-gaction-…`, `trn-gstatus-…`.
const GROUP_WORDS: Words = Words {
    actions: "trn-gaction",
    statuses: "trn-gstatus",
};

/// The role a training officer (or an administrator) takes in both workflows.
const ROLE: &str = "officer";

/// A training officer (or an administrator) on a page; anyone else signed in is refused
/// (403), a visitor is sent to sign in first.
struct Officer {
    p: Principal,
    ctx: Ctx,
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal, ctx } =
            SignedIn::allowed(parts, state, |p| p.has(Capability::Training)).await?;
        Ok(Officer { p: principal, ctx })
    }
}

/// Whether the user edits and approves plans (administrators only).
fn plans(p: &Principal) -> bool {
    p.may_manage_users()
}

/// An eligibility refusal (`rule {code}: {values}`) worded by its rule of
/// `data/training/rules.toml` in the reader's language, with the values in English beside it
/// on English pages only; `None` for any other detail.
fn worded_rule(ctx: &Ctx, detail: &str) -> Option<String> {
    let rule = hrx_domain::training::rules()
        .eligibility
        .iter()
        .find(|r| detail.starts_with(&format!("rule {}:", r.code)))?;
    let values = detail.split_once(": ").map_or("", |(_, v)| v);
    Some(match ctx.lang {
        crate::i18n::Lang::Zh => rule.description_zh.clone(),
        crate::i18n::Lang::En => format!("{} ({values})", rule.description_en),
    })
}

/// A person and, optionally, a sending unit chosen with the pickers of a form (`person_id`,
/// `sending_unit_id`), the pickers to show again, and what is wrong with them.
struct PersonAndUnit {
    person: Option<i64>,
    unit: Option<i64>,
    pickers: Vec<super::case::picker::Picker>,
    errors: hrx_domain::FieldErrors,
}

async fn pick_person_and_unit(
    state: &AppState,
    ctx: &Ctx,
    p: &Principal,
    values: &super::FormValues,
) -> Result<PersonAndUnit, PageError> {
    use super::case::picker::{pick_into, PickKind, Picker};
    use super::extract::OrPage;
    let mut errors = hrx_domain::FieldErrors::new();
    let mut person_picker = Picker::new("person_id", PickKind::Person);
    let mut person = values.value("person_id").to_owned();
    let typed = (&mut person, values.value("person_id_q"), p.person_scope());
    pick_into(&state.store, ctx, &mut person_picker, typed, &mut errors)
        .await
        .or_page(ctx)?;
    let mut unit_picker = Picker::new("sending_unit_id", PickKind::Organisation);
    let mut unit = values.value("sending_unit_id").to_owned();
    let typed = (
        &mut unit,
        values.value("sending_unit_id_q"),
        p.organisation_scope(),
    );
    pick_into(&state.store, ctx, &mut unit_picker, typed, &mut errors)
        .await
        .or_page(ctx)?;
    let person = person.trim().parse::<i64>().ok();
    if person.is_none() && errors.is_empty() {
        errors.add("person_id", "required");
    }
    Ok(PersonAndUnit {
        person,
        unit: unit.trim().parse().ok(),
        pickers: vec![person_picker, unit_picker],
        errors,
    })
}

/// A post's answer (`kept::answer` with these pages' words).
fn answer<T>(
    taken: Result<T, StoreError>,
    ctx: &Ctx,
    href: &str,
) -> Result<Result<Response, Kept>, PageError> {
    kept::answer(taken, ctx, href, "trn", worded_rule)
}

#[derive(Template)]
#[template(path = "training_confirm.html")]
struct ConfirmPage {
    ctx: Ctx,
    title: String,
    heading: String,
    lead: String,
    points: Vec<String>,
    record_href: String,
    action_href: String,
    hidden: Vec<(String, String)>,
    go: String,
}

/// A status's badge class.
fn badge(status: &str) -> &'static str {
    match status {
        "approved" | "selected" | "returned" | "on_time" | "report_filed" | "ready" => "st-active",
        "nominated" | "endorsed" | "planned" | "departed" | "abroad" | "due" | "draft"
        | "awaiting_selection" => "st-submitted",
        "rejected" | "withdrawn" | "cancelled" | "overdue" | "late" => "st-expired",
        _ => "",
    }
}

impl Ctx {
    /// A date, or a dash when there is none.
    fn day_or_dash(&self, iso: Option<&str>) -> String {
        match iso {
            Some(d) if !d.is_empty() => self.date(d),
            _ => "—".to_owned(),
        }
    }

    /// A title recorded in both languages, in the reader's (the other when it is blank).
    fn title_of(&self, en: &str, zh: &str) -> String {
        let first = self.lang.pick(zh, en);
        if first.trim().is_empty() {
            self.lang.other().pick(zh, en)
        } else {
            first
        }
        .to_owned()
    }

    /// An amount of yuan or people as the language writes numbers.
    fn count(&self, n: i64) -> String {
        self.num(&n)
    }
}

/// The codes of a closed list, for [`Ctx::choices`].
fn codes<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}

/// The workflow's words and the closed lists these pages word at run time.
#[cfg(test)]
mod tests {
    use crate::i18n::{keys, EN_FTL, ZH_FTL};
    use hrx_domain::training::{
        group_workflow, nomination_workflow, ApprovalCategory, DurationClass, FundingChannel,
        InstitutionKind, ProgrammeType,
    };

    #[test]
    fn every_code_the_training_pages_show_is_translated() {
        let mut wanted: Vec<String> = Vec::new();
        let mut add = |prefix: &str, codes: Vec<&str>| {
            wanted.extend(codes.into_iter().map(|c| format!("{prefix}-{c}")));
        };
        add(
            "trn-type",
            ProgrammeType::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "trn-funding",
            FundingChannel::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "trn-category",
            ApprovalCategory::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "trn-institution",
            InstitutionKind::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "trn-duration",
            DurationClass::ALL.iter().map(|k| k.code()).collect(),
        );
        add("trn-plan", vec!["draft", "approved"]);
        add(
            "trn-travel",
            vec![
                "awaiting_selection",
                "ready",
                "abroad",
                "returned",
                "report_filed",
                "withdrawn",
                "cancelled",
            ],
        );
        add("trn-role", vec!["member", "leader", "interpreter"]);
        add("trn-report", vec!["due", "on_time", "late", "overdue"]);
        add("trn-scope", vec!["foreign", "hmt"]);
        add(
            "trn-check",
            vec![
                "outside_window",
                "passport_expires",
                "overlapping_dispatch",
                "not_selected",
            ],
        );
        add(
            "trn-refused",
            vec![
                "same_actor",
                "comment_required",
                "transition_not_allowed",
                "ineligible",
                "quota_exceeded",
                "plan_not_approved",
                "already_nominated",
                "plan_approved",
                "plan_empty",
                "outside_window",
                "passport_expires",
                "overlapping_dispatch",
                "not_selected",
                "group_not_open",
                "already_member",
                "already_in_group",
                "already_departed",
                "no_members",
                "not_returned",
                "report_filed",
                "no_report",
            ],
        );
        add("err", vec!["below_nominations", "invalid", "in_future"]);
        for (flow, actions, statuses) in [
            (nomination_workflow(), "trn-action", "trn-nstatus"),
            (group_workflow(), "trn-gaction", "trn-gstatus"),
        ] {
            let flow = flow.expect("the workflow loads");
            wanted.extend(flow.states.iter().map(|s| format!("{statuses}-{}", s.code)));
            wanted.extend(
                flow.transitions
                    .iter()
                    .map(|t| format!("{actions}-{}", t.action)),
            );
        }
        for source in [EN_FTL, ZH_FTL] {
            let defined = keys(source);
            let missing: Vec<_> = wanted.iter().filter(|k| !defined.contains(k)).collect();
            assert!(missing.is_empty(), "untranslated: {missing:?}");
        }
    }
}
