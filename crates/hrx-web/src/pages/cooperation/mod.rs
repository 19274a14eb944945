//! International cooperation (spec `cooperation.md`) on pages, for officers with the
//! cooperation capability and administrators: the capability's home with the partner count
//! and the officer's follow-up queue (`home`), the partners and their records (`partners`),
//! agreements on the case kernel (`agreements`), events with their delegations, outcomes and
//! follow-up actions (`events`), projects (`projects`), and the timeline and the map of
//! partner countries on a date (`timeline`).
//!
//! Every code these records hold (partner, agreement and event kinds, states, Chinese parties,
//! areas, roles, outcome kinds, funding, follow-up statuses) is worded in the reader's
//! language; dates are written as the language writes them.

mod agreements;
mod events;
mod home;
mod partners;
mod projects;
mod timeline;

use super::case::{StepForm, Words};
use super::extract::{PageError, SignedIn};
use super::Ctx;
use crate::i18n::Lang;
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use hrx_domain::access::{Capability, Principal};
use hrx_domain::cooperation::events::FollowUpFlag;
use hrx_domain::FieldErrors;
use hrx_store::cooperation::{AgreementRecord, FollowUpRecord, PartnerRecord};
use hrx_store::StoreError;
use serde::de::DeserializeOwned;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cooperation", get(home::page))
        .route(
            "/cooperation/partners",
            get(partners::list).post(partners::add),
        )
        .route(
            "/cooperation/partners/organisations",
            post(partners::add_organisation),
        )
        .route("/cooperation/partners/{code}", get(partners::view))
        .route(
            "/cooperation/partners/{code}/contacts",
            post(partners::add_contact),
        )
        .route(
            "/cooperation/agreements",
            get(agreements::list).post(agreements::create),
        )
        .route("/cooperation/agreements/new", get(agreements::new_form))
        .route("/cooperation/agreements/{id}", get(agreements::view))
        .route("/cooperation/agreements/{id}/steps", post(agreements::step))
        .route(
            "/cooperation/events",
            get(events::list).post(events::create),
        )
        .route("/cooperation/events/new", get(events::new_form))
        .route("/cooperation/events/{id}", get(events::view))
        .route(
            "/cooperation/events/{id}/delegates",
            post(events::add_delegate),
        )
        .route(
            "/cooperation/events/{id}/outcomes",
            post(events::add_outcome),
        )
        .route(
            "/cooperation/events/{id}/follow-ups",
            post(events::add_follow_up),
        )
        .route(
            "/cooperation/follow-ups/{id}/steps",
            post(events::follow_up_step),
        )
        .route(
            "/cooperation/projects",
            get(projects::list).post(projects::create),
        )
        .route("/cooperation/projects/new", get(projects::new_form))
        .route("/cooperation/projects/{id}", get(projects::view))
        .route("/cooperation/timeline", get(timeline::page))
        .route("/cooperation/map", get(timeline::map))
}

/// The agreement workflow's words: `coop-action-…`, `coop-stage-…`.
const AGREEMENT_WORDS: Words = Words {
    actions: "coop-action",
    statuses: "coop-stage",
};

/// The follow-up workflow's words: `coop-fu-action-…`, `coop-fu-status-…`.
const FOLLOW_UP_WORDS: Words = Words {
    actions: "coop-fu-action",
    statuses: "coop-fu-status",
};

/// The role a cooperation officer (or an administrator) takes in both workflows.
const ROLE: &str = "officer";

/// Whether the user works on the cooperation records.
fn may_cooperate(p: &Principal) -> bool {
    p.has(Capability::Cooperation)
}

/// A cooperation officer on a page; anyone else signed in is refused (403), a visitor is sent
/// to sign in first.
struct Officer {
    p: Principal,
    ctx: Ctx,
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal, ctx } = SignedIn::allowed(parts, state, may_cooperate).await?;
        Ok(Officer { p: principal, ctx })
    }
}

/// A stored ISO day (the first ten characters of the text).
fn day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

impl Ctx {
    /// A colon as the language writes it between a label and its value.
    fn colon(&self) -> &'static str {
        self.lang.pick("：", ": ")
    }

    /// A date, or a dash when there is none.
    fn date_or_dash(&self, iso: Option<&str>) -> String {
        match iso {
            Some(d) if !d.is_empty() => self.date(d),
            _ => "—".to_owned(),
        }
    }

    /// A month as the reader's language writes it ("2006年5月", "May 2006"), for dates known
    /// to the month only.
    fn month(&self, iso: &str) -> String {
        match (self.lang, day(iso)) {
            (Lang::Zh, Some(d)) => d.format("%Y年%-m月").to_string(),
            (Lang::En, Some(d)) => d.format("%B %Y").to_string(),
            _ => iso.to_owned(),
        }
    }

    /// A name recorded in both languages, in the reader's.
    fn both(&self, en: &str, zh: &str) -> String {
        let (first, other) = (self.lang.pick(zh, en), self.lang.other().pick(zh, en));
        if first.trim().is_empty() {
            other
        } else {
            first
        }
        .to_owned()
    }

    /// Of a name recorded in both languages, the one in the other language (shown beside).
    fn other(&self, en: &str, zh: &str) -> String {
        self.lang.other().pick(zh, en).to_owned()
    }

    /// An expiry reminder (R1's 180, 90 or 30 days), worded.
    fn reminder(&self, r: &hrx_domain::cooperation::Reminder) -> String {
        self.t2(
            "coop-reminder",
            ("date", &self.date(&r.last_day.to_string())),
            ("stage", &r.stage.to_string()),
        )
    }

    /// Codes of a closed list, worded and joined as the language writes lists.
    fn words(&self, prefix: &str, codes: &[String]) -> String {
        codes
            .iter()
            .map(|c| self.tk(prefix, c))
            .collect::<Vec<_>>()
            .join(self.lang.pick("、", ", "))
    }
}

/// A partner as the pages name it: in the reader's language, with an organisation's acronym.
fn partner_label(ctx: &Ctx, p: &PartnerRecord) -> String {
    let name = ctx.both(&p.name_en, &p.name_zh);
    if p.kind == "country" || p.kind == "region" {
        name
    } else {
        format!("{name} ({})", p.code)
    }
}

/// The partner a code names, for lists of codes: the one on record, else a country of ISO
/// 3166, else the code.
fn name_of(ctx: &Ctx, partners: &[PartnerRecord], code: &str) -> String {
    partners
        .iter()
        .find(|p| p.code == code)
        .map_or_else(|| ctx.country_name(code), |p| partner_label(ctx, p))
}

/// Names of partners joined as the language writes lists.
fn names_of(ctx: &Ctx, partners: &[PartnerRecord], codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| name_of(ctx, partners, c))
        .collect::<Vec<_>>()
        .join(ctx.lang.pick("、", ", "))
}

/// The codes of a closed list, for [`Ctx::choices`].
fn codes<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| code(*v)).collect()
}

/// The partners on record as the options of a select, by name.
fn partner_options(ctx: &Ctx, partners: &[PartnerRecord]) -> Vec<(String, String)> {
    sorted(
        partners
            .iter()
            .map(|p| (p.code.clone(), partner_label(ctx, p)))
            .collect(),
    )
}

/// Options sorted by their label in the reader's language.
fn sorted(mut options: Vec<(String, String)>) -> Vec<(String, String)> {
    options.sort_by(|a, b| a.1.cmp(&b.1));
    options
}

/// Every partner a form may name, by name: the organisations, forums and agencies on record
/// and every country and region of ISO 3166 but China.
fn partner_choices(ctx: &Ctx, partners: &[PartnerRecord]) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = partners
        .iter()
        .filter(|p| p.kind != "country" && p.kind != "region")
        .map(|p| (p.code.clone(), partner_label(ctx, p)))
        .collect();
    options.extend(ctx.countries().into_iter().filter(|(code, _)| code != "CN"));
    sorted(options)
}

/// The agreements on the kernel a form may refer to, by title (the code beside it).
fn agreement_choices(ctx: &Ctx, agreements: &[AgreementRecord]) -> Vec<(String, String)> {
    agreements
        .iter()
        .filter(|a| a.id.is_some())
        .map(|a| {
            let title = ctx.both(&a.title_en, &a.title_zh);
            (a.code.clone(), format!("{title} · {}", a.code))
        })
        .collect()
}

/// An agreement's page: its own for one on the kernel, the coverage register's for a social
/// security agreement.
fn agreement_href(a: &AgreementRecord) -> String {
    match a.id {
        Some(id) => format!("/cooperation/agreements/{id}"),
        None => format!("/coverage/agreements/{}", a.code),
    }
}

/// A state's badge class.
fn state_badge(state: &str) -> &'static str {
    match state {
        "in_force" | "active" | "done" => "st-active",
        "signed" | "initialled" | "open" | "pipeline" => "st-submitted",
        "expired" | "terminated" | "superseded" | "cancelled" => "st-expired",
        _ => "",
    }
}

/// Why the store refused a step, in the reader's language.
fn refusal(ctx: &Ctx, code: &str) -> String {
    let key = format!("coop-refused-{code}");
    match ctx.t(&key) {
        text if text == key => ctx.t("coop-refused"),
        text => text,
    }
}

/// The fields of a form that the store refused, with `refused_field` naming where a refusal
/// of the record's state goes; any other failure stays an error.
fn form_refusal(error: StoreError, refused_field: &str) -> Result<FieldErrors, StoreError> {
    match error {
        StoreError::Invalid(fields) => Ok(fields),
        StoreError::UnknownReference { field } => {
            Ok(FieldErrors::single(field, "unknown_reference"))
        }
        StoreError::Duplicate { field } => Ok(FieldErrors::single(field, "already_in_use")),
        StoreError::Refused { code, .. } => Ok(FieldErrors::single(refused_field, code)),
        other => Err(other),
    }
}

/// A case type's own inputs of a step form (the dates an agreement's step records), read from
/// what the kernel's form did not take.
fn step_inputs<T: DeserializeOwned + Default>(form: &StepForm) -> T {
    serde_json::to_value(&form.extra)
        .and_then(serde_json::from_value)
        .unwrap_or_default()
}

/// What a page shows again after a refused post: the status, the reason above the page, and
/// the errors beside the fields.
struct Kept {
    status: StatusCode,
    message: String,
    errors: FieldErrors,
}

impl Kept {
    fn fields(errors: FieldErrors) -> Kept {
        Kept {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: String::new(),
            errors,
        }
    }
}

/// A step's answer: done, back to the case at `href`; a refusal worded for the page (field
/// errors, a rule of the workflow, a stale version) to show again with what was typed.
fn step_answer<T>(
    taken: Result<T, StoreError>,
    ctx: &Ctx,
    href: &str,
) -> Result<Result<Response, Kept>, PageError> {
    let kept = match super::case::step_taken(taken, ctx, href)? {
        Ok(done) => return Ok(Ok(done)),
        Err(StoreError::Invalid(fields)) => Kept {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: ctx.t("form-has-errors"),
            errors: fields,
        },
        Err(StoreError::Refused { code, .. }) => Kept {
            status: StatusCode::CONFLICT,
            message: refusal(ctx, code),
            errors: FieldErrors::new(),
        },
        Err(StoreError::Stale { current }) => Kept {
            status: StatusCode::CONFLICT,
            message: format!(
                "{} {}",
                ctx.t("stale-title"),
                ctx.t1("coop-stale", "version", current)
            ),
            errors: FieldErrors::new(),
        },
        Err(e) => return Err(PageError::store(ctx.clone(), e)),
    };
    Ok(Err(kept))
}

/// A follow-up action as the pages list it: its deadline with the days left or overdue (R3),
/// or when it was done, and its status worded.
struct FollowUpView {
    r: FollowUpRecord,
    event: String,
    outcome: String,
    due_date: String,
    /// Working days left, while open and not overdue.
    due: Option<super::case::DueView>,
    /// Calendar days overdue (R3), while open.
    overdue: Option<i64>,
    /// Days late, once done after its deadline.
    done_late: Option<i64>,
    status: String,
    badge: &'static str,
}

impl FollowUpView {
    fn new(
        ctx: &Ctx,
        r: FollowUpRecord,
        today: NaiveDate,
        calendar: &hrx_domain::calendar::WorkingCalendar,
    ) -> FollowUpView {
        let flag = r.flag;
        let open = r.status == "open";
        let (overdue, done_late) = match flag {
            FollowUpFlag::Overdue { days } => (Some(days), None),
            FollowUpFlag::DoneLate { days } => (None, Some(days)),
            FollowUpFlag::OnTime => (None, None),
        };
        FollowUpView {
            event: ctx.both(&r.event_name_en, &r.event_name_zh),
            outcome: ctx.both(&r.outcome_title_en, &r.outcome_title_zh),
            due_date: ctx.date(&r.due_on),
            due: (open && overdue.is_none())
                .then(|| super::case::DueView::of(Some(&r.due_on), today, calendar))
                .flatten(),
            overdue,
            done_late,
            status: ctx.tk(FOLLOW_UP_WORDS.statuses, &r.status),
            badge: state_badge(&r.status),
            r,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{keys, EN_FTL, ZH_FTL};
    use hrx_domain::cooperation::events::{
        ChineseRole, DelegateRole, EventKind, Funding, OutcomeKind, PartnerRole, ProjectStatus,
    };
    use hrx_domain::cooperation::{
        agreement_workflow, followup_workflow, AgreementKind, Area, ChineseParty, EndKind,
        PartnerKind, Renewal, State,
    };
    use hrx_store::cooperation::{CONTACT_ROLES, ENTRY_KINDS};

    /// The codes these pages word at run time, which the template scan cannot see.
    #[test]
    fn every_code_the_cooperation_pages_show_is_translated() {
        let mut wanted: Vec<String> = Vec::new();
        let mut add = |prefix: &str, codes: Vec<&str>| {
            wanted.extend(codes.into_iter().map(|c| format!("{prefix}-{c}")));
        };
        for prefix in ["coop-partner-kind", "coop-partner-group"] {
            add(prefix, PartnerKind::ALL.iter().map(|k| k.code()).collect());
        }
        add(
            "coop-kind",
            AgreementKind::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "coop-party",
            ChineseParty::ALL.iter().map(|k| k.code()).collect(),
        );
        add("coop-area", Area::ALL.iter().map(|k| k.code()).collect());
        add(
            "coop-renewal",
            Renewal::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "coop-ended",
            EndKind::ALL.iter().map(|k| k.code()).collect(),
        );
        add("coop-state", State::ALL.iter().map(|k| k.code()).collect());
        add(
            "coop-event-kind",
            EventKind::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "coop-china-role",
            ChineseRole::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "coop-partner-role",
            PartnerRole::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "coop-delegate-role",
            DelegateRole::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "coop-outcome-kind",
            OutcomeKind::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "coop-funding",
            Funding::ALL.iter().map(|k| k.code()).collect(),
        );
        add(
            "coop-project-status",
            ProjectStatus::ALL.iter().map(|k| k.code()).collect(),
        );
        add("coop-contact-role", CONTACT_ROLES.to_vec());
        add("coop-entry", ENTRY_KINDS.to_vec());
        add(
            "coop-fact",
            vec![
                "signed",
                "in_force",
                "renewed",
                "notice",
                "expired",
                "terminated",
                "superseded",
                "due",
                "done",
                "approved",
                "started",
                "closed",
            ],
        );
        add(
            "coop-field",
            vec![
                "initialled_on",
                "signed_on",
                "signed_place",
                "entry_into_force_on",
                "renewal_signed_on",
                "renewal_starts_on",
                "renewal_months",
                "notice_given_on",
                "ended_on",
            ],
        );
        add(
            "coop-refused",
            vec!["comment_required", "transition_not_allowed", "same_actor"],
        );
        add(
            "err",
            vec![
                "invalid_date",
                "already_in_use",
                "before_previous_stage",
                "before_signature",
                "before_entry_into_force",
                "not_signed",
                "invalid_code",
                "unknown_partner",
                "signed_later",
                "not_tacit",
                "in_the_past",
                "unknown_account",
                "transition_not_allowed",
            ],
        );
        for (flow, actions, statuses) in [
            (agreement_workflow(), "coop-action", "coop-stage"),
            (followup_workflow(), "coop-fu-action", "coop-fu-status"),
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
