//! The state awards (spec `foreign-experts-awards.md`, issue 21) on pages. Public: the
//! laureate register with the history of every round and its cumulative chain, and each
//! laureate's printable certificate (`laureates`). For officers of the experts capability
//! and administrators: the officer's home with the open rounds and the queue (`home`), a
//! round's facts and nominations, planned, edited, opened and closed by administrators
//! (`rounds`), the nomination form (`nominations`), a nomination's file with its steps, the
//! objections, the conferral and the panel (`file`). For reviewers: the nominations they are
//! drawn for, opened in a reviewer's view of the file; for administrators, the reviewer
//! pools (`reviews`).
//!
//! Every code these records hold (statuses and steps of the workflow, award codes, kinds of
//! applying unit, conflict reasons, conferral kinds, round statuses, refusals) is worded in
//! the reader's language; dates are written as the language writes them and times in China
//! Standard Time.

mod file;
mod home;
mod laureates;
mod nominations;
mod reviews;
mod rounds;

use super::case::kept::{self, Kept};
use super::case::Words;
use super::extract::{PageError, SignedIn};
use super::Ctx;
use crate::AppState;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hrx_domain::access::{Capability, Principal, Role};
use hrx_domain::awards::award_rule;
use hrx_domain::FieldErrors;
use hrx_store::awards::UnitRecord;
use hrx_store::StoreError;

pub(super) const BASE: &str = "/awards";

pub fn routes() -> Router<AppState> {
    let at = |path: &str| format!("{BASE}{path}");
    Router::new()
        .route(BASE, get(home::page))
        .route(&at("/laureates"), get(laureates::register))
        .route(
            &at("/laureates/{id}/certificate"),
            get(laureates::certificate),
        )
        .route(&at("/rounds"), post(rounds::create))
        .route(&at("/rounds/new"), get(rounds::new_form))
        .route(&at("/rounds/{id}"), get(rounds::view).post(rounds::update))
        .route(&at("/rounds/{id}/status"), post(rounds::status))
        .route(&at("/nominations"), post(nominations::create))
        .route(&at("/nominations/new"), get(nominations::new_form))
        .route(&at("/nominations/{id}"), get(file::view))
        .route(&at("/nominations/{id}/steps"), post(file::step))
        .route(&at("/nominations/{id}/panel/draw"), post(file::draw))
        .route(&at("/nominations/{id}/conflicts"), post(file::conflict))
        .route(&at("/nominations/{id}/reviews"), post(file::review))
        .route(&at("/reviews"), get(reviews::mine))
        .route(&at("/reviewers"), get(reviews::pool).post(reviews::add))
}

/// The nomination workflow's words: `aw-action-…`, `aw-status-…`.
const WORDS: Words = Words {
    actions: "aw-action",
    statuses: "aw-status",
};

/// An officer of the experts capability (or an administrator) on a page; anyone else signed
/// in is refused (403), a visitor is sent to sign in first.
struct Officer {
    p: Principal,
    ctx: Ctx,
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal, ctx } =
            SignedIn::allowed(parts, state, |p| p.has(Capability::Experts)).await?;
        Ok(Officer { p: principal, ctx })
    }
}

/// An administrator on a page (rounds planned and opened, the reviewer pools).
struct Admin {
    p: Principal,
    ctx: Ctx,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal, ctx } =
            SignedIn::allowed(parts, state, |p| p.role == Role::Admin).await?;
        Ok(Admin { p: principal, ctx })
    }
}

/// A post's answer: done, on to `href`; a refusal worded by `word` (code, the store's
/// detail) in the reader's language; anything else as the kernel's pages answer it.
fn answer<T>(
    taken: Result<T, StoreError>,
    ctx: &Ctx,
    href: &str,
    word: impl Fn(&str, &str) -> Option<String>,
) -> Result<Result<Response, Kept>, PageError> {
    match taken {
        Err(StoreError::Refused { code, detail }) => {
            let (message, detail) = match word(code, &detail) {
                Some(message) => (message, String::new()),
                None => refusal(ctx, code, detail),
            };
            Ok(Err(Kept {
                status: Some(StatusCode::CONFLICT),
                message,
                detail,
                errors: FieldErrors::new(),
            }))
        }
        other => kept::answer(other, ctx, href, "aw", |_, _| None),
    }
}

/// A refusal's sentence from the locale (`aw-refused-{code}`); the store's detail is kept
/// only for a code without a sentence of its own.
fn refusal(ctx: &Ctx, code: &str, detail: String) -> (String, String) {
    let key = format!("aw-refused-{code}");
    match ctx.t(&key) {
        text if text == key => (ctx.t("aw-refused"), detail),
        text => (text, String::new()),
    }
}

/// Errors of a form checked on the page, as `kept::answer` would show them.
fn form_errors(ctx: &Ctx, errors: FieldErrors) -> Kept {
    Kept {
        message: ctx.t("form-has-errors"),
        ..Kept::fields(errors)
    }
}

/// A confirmation before a step of these pages that cannot be undone (a round opened or
/// closed): what will happen, then the same form posted again.
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

/// The statuses a nomination ends in.
const TERMINAL: [&str; 5] = [
    "conferred",
    "withdrawn",
    "rejected",
    "disqualified",
    "carried_over",
];

/// A nomination's or a round's badge: on the way, through, stopped or out.
fn badge(status: &str) -> &'static str {
    match status {
        "approved" | "conferred" | "open" | "confirmed" => "st-active",
        "draft" | "planned" | "past" | "unconfirmed" | "derived" => "",
        "withdrawn" | "rejected" | "disqualified" | "carried_over" | "closed" => "st-expired",
        "objection_open" | "suspended" => "st-returned",
        _ => "st-submitted",
    }
}

/// The administering bodies the shipped data names (spec §1), worded; any other as typed.
const BODIES: [(&str, &str); 4] = [
    ("MOHRSS (SAFEA)", "mohrss"),
    ("MOST (SAFEA)", "most"),
    ("SAFEA (MOHRSS from 2008)", "safea"),
    ("State Council (NOSTA, MOST)", "state_council"),
];

/// The known bodies as the options of a select, worded; a value typed before and not among
/// them is kept as an option of its own.
fn body_options(ctx: &Ctx, current: &str) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = BODIES
        .iter()
        .map(|(name, _)| ((*name).to_owned(), ctx.aw_body(name)))
        .collect();
    if !current.trim().is_empty() && !BODIES.iter().any(|(name, _)| *name == current) {
        options.push((current.to_owned(), current.to_owned()));
    }
    options
}

/// A whole number as people type it ("1,000", "1 000"); blank is none, anything else an
/// error on the field.
fn number_field(errors: &mut FieldErrors, field: &'static str, value: &str) -> Option<i64> {
    let plain: String = value
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{a0}'))
        .collect();
    if plain.is_empty() {
        return None;
    }
    let parsed = plain.parse::<i64>().ok();
    if parsed.is_none() {
        errors.add(field, "not_a_number");
    }
    parsed
}

impl Ctx {
    /// An award's name in the reader's language.
    fn aw_award(&self, code: &str) -> String {
        self.tk("aw-award", code)
    }

    /// A round by its award (worded as the caller chooses) and year ("2026 年度友谊奖").
    fn aw_round(&self, award: &str, year: i32) -> String {
        self.t2(
            "aw-round-label",
            ("award", award),
            ("year", &year.to_string()),
        )
    }

    /// An award's name in both languages as its rules give them (Chinese, English).
    fn aw_award_names(&self, code: &str) -> (String, String) {
        award_rule(code).map_or_else(
            |_| (code.to_owned(), code.to_owned()),
            |r| (r.name_zh.clone(), r.name_en.clone()),
        )
    }

    /// An applying unit by its name in the reader's language.
    fn aw_unit(&self, zh: &str, en: &str) -> String {
        self.lang.pick(zh, en).to_owned()
    }

    /// A day, or a dash.
    fn aw_day(&self, day: Option<&str>) -> String {
        day.filter(|d| !d.is_empty())
            .map_or_else(|| "—".to_owned(), |d| self.date(d))
    }

    /// A nomination window: both days, or a dash while it is not set.
    fn aw_window(&self, opens: Option<&str>, closes: Option<&str>) -> String {
        match (opens, closes) {
            (Some(o), Some(c)) => format!("{} – {}", self.date(o), self.date(c)),
            (Some(o), None) => format!("{} –", self.date(o)),
            (None, Some(c)) => format!("– {}", self.date(c)),
            (None, None) => "—".to_owned(),
        }
    }

    /// The body that decides, worded where the data names a known one.
    fn aw_body(&self, body: &str) -> String {
        BODIES
            .iter()
            .find(|(name, _)| *name == body)
            .map_or_else(|| body.to_owned(), |(_, key)| self.tk("aw-body", key))
    }

    /// A count of days of a notice ("20 calendar days", "none").
    fn aw_notice(&self, days: i64, count: &str) -> String {
        if days == 0 {
            self.t("aw-notice-none")
        } else {
            self.aw_n(&format!("aw-days-{count}"), "days", days)
        }
    }

    /// A count in a sentence: `{key}-one` for one (the language's singular), `key` for any
    /// other number.
    fn aw_n(&self, key: &str, name: &str, n: i64) -> String {
        let key = if n == 1 {
            format!("{key}-one")
        } else {
            key.to_owned()
        };
        self.t1(&key, name, n)
    }

    /// A score to one decimal.
    fn aw_score(&self, score: Option<f64>) -> String {
        score.map_or_else(|| "—".to_owned(), |s| format!("{s:.1}"))
    }
}

/// The applying units as grouped options of a select: by kind, each group by name in the
/// reader's language.
fn unit_groups(ctx: &Ctx, units: &[UnitRecord]) -> Vec<(String, Vec<(String, String)>)> {
    hrx_domain::awards::UNIT_KINDS
        .iter()
        .map(|kind| {
            let mut options: Vec<(String, String)> = units
                .iter()
                .filter(|u| u.kind == *kind)
                .map(|u| (u.id.to_string(), ctx.aw_unit(&u.name_zh, &u.name_en)))
                .collect();
            options.sort_by(|a, b| a.1.cmp(&b.1));
            (ctx.tk("aw-unit-kind", kind), options)
        })
        .filter(|(_, options)| !options.is_empty())
        .collect()
}

/// The closed lists these pages word at run time.
#[cfg(test)]
mod tests {
    use super::BODIES;
    use crate::i18n::{keys, EN_FTL, ZH_FTL};
    use hrx_domain::awards::{
        nomination_workflow, AWARDS, CONFERRALS, CONFLICTS, ROUND_STATUSES, UNIT_KINDS,
    };

    #[test]
    fn every_code_the_awards_pages_show_is_translated() {
        let mut wanted: Vec<String> = Vec::new();
        let mut add = |prefix: &str, codes: &[&str]| {
            wanted.extend(codes.iter().map(|c| format!("{prefix}-{c}")));
        };
        add("aw-award", &AWARDS);
        add("aw-award-short", &AWARDS);
        add("aw-unit-kind", &UNIT_KINDS);
        add("aw-conferral", &CONFERRALS);
        add("aw-conflict", &CONFLICTS);
        add("aw-round-status", &ROUND_STATUSES);
        add(
            "aw-history-status",
            &["confirmed", "unconfirmed", "derived"],
        );
        add(
            "aw-days",
            &["calendar", "working", "calendar-one", "working-one"],
        );
        add(
            "aw",
            &[
                "days-left-one",
                "days-past-one",
                "register-count",
                "register-count-one",
                "pool-count",
                "pool-count-one",
                "round-close-count",
                "round-close-count-one",
                "history-organisations",
                "history-organisations-one",
            ],
        );
        add("aw-notice-count", &["calendar", "working"]);
        add(
            "aw-notice-name",
            &["public_notice", "initial_result_notice"],
        );
        add(
            "aw-condition-kind",
            &["hard", "preference", "judgement", "attestation"],
        );
        add("aw-body", &BODIES.map(|(_, key)| key));
        add(
            "aw-refused",
            &[
                "window_closed",
                "not_foreign",
                "already_laureate",
                "second_channel",
                "text_too_long",
                "quota_exceeded",
                "rank_taken",
                "window_open",
                "same_actor",
                "comment_required",
                "transition_not_allowed",
                "quorum_not_met",
                "no_next_round",
                "pool_too_small",
                "already_reviewed",
                "round_not_planned",
                "status_not_allowed",
            ],
        );
        add("err", &["not_a_number", "before_start", "in_future"]);
        let flow = nomination_workflow().expect("the workflow loads");
        wanted.extend(flow.states.iter().map(|s| format!("aw-status-{}", s.code)));
        wanted.extend(
            flow.transitions
                .iter()
                .map(|t| format!("aw-action-{}", t.action)),
        );
        for source in [EN_FTL, ZH_FTL] {
            let defined = keys(source);
            let missing: Vec<_> = wanted.iter().filter(|k| !defined.contains(k)).collect();
            assert!(missing.is_empty(), "untranslated: {missing:?}");
        }
    }
}
