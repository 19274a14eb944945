//! Nationals in international organisations (spec `international-organisations.md`, issue
//! 20) on pages, for officers of the capability and administrators: the officer's home
//! (`home`), vacancies with the roster ranked for each (`vacancies`), the roster whose every
//! read is recorded (`roster`), recommendation cases on the kernel (`recommendations`; an
//! administrator endorses), serving staff (`serving`), UN examinations held in China with their candidates
//! (`exams`); and the public desirable-range
//! calculator (`range`).
//!
//! Every code these records hold (kinds, statuses, grade bands, appointment types, filters
//! and components, languages, degree levels, zones) is worded in the reader's language;
//! deadlines are shown in the organisation's zone beside China Standard Time.

mod exams;
mod home;
mod range;
mod recommendations;
mod roster;
mod serving;
mod vacancies;

use super::case::kept::{self, Kept};
use super::case::Words;
use super::extract::{PageError, SignedIn};
use super::Ctx;
use crate::i18n::Lang;
use crate::AppState;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hrx_domain::access::{Capability, Principal, Role};
use hrx_store::intorgs::OrganisationRecord;
use hrx_store::StoreError;

pub(super) const BASE: &str = "/international-organisations";

pub fn routes() -> Router<AppState> {
    let at = |path: &str| format!("{BASE}{path}");
    Router::new()
        .route(BASE, get(home::page))
        .route(
            &at("/vacancies"),
            get(vacancies::list).post(vacancies::create),
        )
        .route(&at("/vacancies/new"), get(vacancies::new_form))
        .route(&at("/vacancies/{id}"), get(vacancies::view))
        .route(&at("/vacancies/{id}/status"), post(vacancies::status))
        .route(&at("/vacancies/{id}/recommend"), post(vacancies::recommend))
        .route(&at("/roster"), get(roster::list).post(roster::create))
        .route(&at("/roster/new"), get(roster::new_form))
        .route(&at("/roster/{id}"), get(roster::view).post(roster::update))
        .route(&at("/roster/{id}/edit"), get(roster::edit_form))
        .route(&at("/recommendations/{id}"), get(recommendations::view))
        .route(
            &at("/recommendations/{id}/steps"),
            post(recommendations::step),
        )
        .route(&at("/serving"), get(serving::list).post(serving::create))
        .route(&at("/serving/{id}/end"), post(serving::end))
        .route(&at("/desirable-range"), get(range::page))
        .route(&at("/exams"), get(exams::list).post(exams::create))
        .route(&at("/exams/{id}"), get(exams::view))
        .route(&at("/exams/{id}/candidates"), post(exams::add_candidate))
        .route(
            &at("/exams/{id}/candidates/{candidate}/status"),
            post(exams::step),
        )
}

/// The recommendation workflow's words: `io-action-…`, `io-status-…`.
const WORDS: Words = Words {
    actions: "io-action",
    statuses: "io-status",
};

/// An officer of the capability (or an administrator) on a page; anyone else signed in is
/// refused (403), a visitor is sent to sign in first.
struct Officer {
    p: Principal,
    ctx: Ctx,
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal, ctx } =
            SignedIn::allowed(parts, state, |p| p.has(Capability::IntOrgs)).await?;
        Ok(Officer { p: principal, ctx })
    }
}

/// The role a user takes in the recommendation workflow: an administrator endorses.
fn role_of(p: &Principal) -> &'static str {
    if p.role == Role::Admin {
        "endorser"
    } else {
        "officer"
    }
}

/// A post's answer (`kept::answer` with these pages' words).
fn answer<T>(
    taken: Result<T, StoreError>,
    ctx: &Ctx,
    href: &str,
) -> Result<Result<Response, Kept>, PageError> {
    kept::answer(taken, ctx, href, "io", |_, _| None)
}

/// A confirmation before a step of these pages that cannot be undone (a vacancy cancelled,
/// a serving record ended): what will happen, then the same form posted again.
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
        "open" | "active" | "selected" | "joined" | "serving" | "within range" => "st-active",
        "drafted" | "endorsed" | "submitted" | "shortlisted" | "interviewed" | "placed"
        | "filled" => "st-submitted",
        "cancelled" | "closed" | "withdrawn" | "not_shortlisted" | "not_selected"
        | "vacancy_cancelled" | "inactive" | "ended" | "under-represented" | "un-represented"
        | "over-represented" => "st-expired",
        _ => "",
    }
}

/// The zones a deadline is commonly stated in.
const ZONES: [&str; 10] = [
    "America/New_York",
    "Europe/Geneva",
    "Europe/Zurich",
    "Europe/Vienna",
    "Africa/Nairobi",
    "Europe/Rome",
    "Europe/Paris",
    "Asia/Bangkok",
    "Asia/Shanghai",
    "Asia/Manila",
];

/// The six UN official languages (ISO 639-1).
const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// Language levels, lowest first.
const LEVELS: [&str; 3] = ["basic", "working", "fluent"];

/// Degree levels, lowest first.
const DEGREES: [&str; 3] = ["bachelor", "master", "doctorate"];

/// Grade bands of the serving records.
const BANDS: [&str; 4] = ["P1-P3", "P4-P5", "D_and_above", "other"];

/// A Fluent key's tail for a code with characters keys cannot hold (`America/New_York`,
/// `P1-P3`, `within range`).
fn key_of(code: &str) -> String {
    code.to_ascii_lowercase().replace(['/', ' '], "_")
}

impl Ctx {
    /// A code of a closed list with characters keys cannot hold, worded.
    fn io_word(&self, prefix: &str, code: &str) -> String {
        self.tk(prefix, &key_of(code))
    }

    /// A zone's name ("New York time", "纽约时间").
    fn zone_name(&self, zone: &str) -> String {
        let key = format!("io-zone-{}", key_of(zone));
        match self.t(&key) {
            t if t == key => zone.to_owned(),
            t => t,
        }
    }

    /// One of the UN languages by its name.
    fn language(&self, code: &str) -> String {
        hrx_domain::intorgs::matching::language_name(code, self.lang == Lang::Zh)
            .map_or_else(|| code.to_owned(), str::to_owned)
    }

    /// An organisation of the register by its name in the reader's language, with its
    /// acronym.
    fn io_organisation(&self, acronym: &str, en: &str, zh: &str) -> String {
        let name = self.lang.pick(zh, en);
        if name.trim().is_empty() || name == acronym {
            acronym.to_owned()
        } else {
            format!("{name} ({acronym})")
        }
    }

    /// A deadline in its zone ("15 Mar 2010 23:59 New York time").
    fn deadline(&self, local: &str, zone: &str) -> String {
        let (day, time) = local.split_once(' ').unwrap_or((local, ""));
        format!("{} {time} {}", self.date(day), self.zone_name(zone))
    }

    /// Years to one decimal, as the language writes them.
    fn years(&self, y: f64) -> String {
        self.t1("io-years", "years", format!("{y:.1}"))
    }

    /// A text of the matching rule in the reader's language.
    fn pick_text(&self, en: &str, zh: &str) -> String {
        self.lang.pick(zh, en).to_owned()
    }
}

/// The register as options of a select, by name in the reader's language.
fn organisation_options(ctx: &Ctx, list: &[OrganisationRecord]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .iter()
        .map(|o| {
            (
                o.acronym.clone(),
                ctx.io_organisation(&o.acronym, &o.name_en, &o.name_zh),
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// One filter or component of a match, worded.
pub(super) struct MatchLine {
    pub name: String,
    pub passed: bool,
    pub points: String,
    pub text: String,
}

/// A match (a `MatchResult` as JSON, as the store keeps its snapshots): its score, the
/// filters, the components.
pub(super) struct MatchView {
    pub eligible: bool,
    pub score: String,
    pub filters: Vec<MatchLine>,
    pub components: Vec<MatchLine>,
}

impl MatchView {
    fn of(ctx: &Ctx, value: &serde_json::Value) -> MatchView {
        let s = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
        let list = |k: &str| value[k].as_array().cloned().unwrap_or_default();
        MatchView {
            eligible: value["eligible"].as_bool().unwrap_or(false),
            score: value["score"]
                .as_f64()
                .map_or_else(|| "—".to_owned(), |x| format!("{x:.1}")),
            filters: list("filters")
                .iter()
                .map(|f| MatchLine {
                    name: ctx.io_word("io-filter", &s(f, "code")),
                    passed: f["passed"].as_bool().unwrap_or(false),
                    points: String::new(),
                    text: ctx.pick_text(&s(f, "text"), &s(f, "text_zh")),
                })
                .collect(),
            components: list("components")
                .iter()
                .map(|c| MatchLine {
                    name: ctx.io_word("io-component", &s(c, "component")),
                    passed: true,
                    points: format!(
                        "{:.1} / {:.0}",
                        c["points"].as_f64().unwrap_or(0.0),
                        c["max"].as_f64().unwrap_or(0.0)
                    ),
                    text: ctx.pick_text(&s(c, "text"), &s(c, "text_zh")),
                })
                .collect(),
        }
    }
}

/// Splits a list typed with commas (either script) or new lines.
fn list_of(text: &str) -> Vec<String> {
    text.split([',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The closed lists these pages word at run time.
#[cfg(test)]
mod tests {
    use super::{key_of, BANDS, DEGREES, LANGUAGES, LEVELS, ZONES};
    use crate::i18n::{keys, EN_FTL, ZH_FTL};
    use hrx_domain::intorgs::{exams, recommendation_workflow, roster, serving, vacancy};

    #[test]
    fn every_code_the_intorgs_pages_show_is_translated() {
        let mut wanted: Vec<String> = Vec::new();
        let mut add = |prefix: &str, codes: &[&str]| {
            wanted.extend(codes.iter().map(|c| format!("{prefix}-{}", key_of(c))));
        };
        add("io-zone", &ZONES);
        add("io-level", &LEVELS);
        add("io-degree", &DEGREES);
        add("io-band", &BANDS);
        add("io-appointment", &serving::APPOINTMENT_TYPES);
        add("io-serving-source", &serving::SOURCES);
        add("io-vstatus", &vacancy::STATUSES);
        add("io-funding", &vacancy::FUNDING);
        add("io-rsource", &roster::SOURCES);
        add("io-rstatus", &roster::STATUSES);
        add("io-evidence", &roster::EVIDENCE);
        add("io-programme", &exams::PROGRAMMES);
        add("io-cstatus", &exams::CANDIDATE_STATUSES);
        add("io-filter", &["F1", "F2", "F3", "F4", "F5"]);
        add(
            "io-component",
            &[
                "experience",
                "field",
                "education",
                "languages",
                "international",
            ],
        );
        add(
            "io-kind",
            &[
                "un_secretariat",
                "fund_programme",
                "specialized_agency",
                "related_organisation",
                "other_io",
            ],
        );
        add(
            "io-range-status",
            &[
                "un-represented",
                "under-represented",
                "within range",
                "over-represented",
            ],
        );
        add(
            "io-range-step",
            &[
                "membership",
                "population",
                "contribution",
                "midpoint",
                "flex",
                "lower",
                "upper",
            ],
        );
        add(
            "io-refused",
            &[
                "deadline_passed",
                "vacancy_not_open",
                "roster_entry_not_active",
                "already_recommended",
                "vacancy_cancelled",
                "same_actor",
                "comment_required",
                "transition_not_allowed",
            ],
        );
        add(
            "err",
            &[
                "not_a_national",
                "in_future",
                "before_start",
                "invalid_date",
            ],
        );
        let flow = recommendation_workflow().expect("the workflow loads");
        wanted.extend(flow.states.iter().map(|s| format!("io-status-{}", s.code)));
        wanted.extend(
            flow.transitions
                .iter()
                .map(|t| format!("io-action-{}", t.action)),
        );
        let _ = LANGUAGES;
        for source in [EN_FTL, ZH_FTL] {
            let defined = keys(source);
            let missing: Vec<_> = wanted.iter().filter(|k| !defined.contains(k)).collect();
            assert!(missing.is_empty(), "untranslated: {missing:?}");
        }
    }
}
