//! International cooperation (spec `cooperation.md`): partners, agreements and memoranda with
//! their life cycle, cooperation projects, events with their outcomes and follow-up actions,
//! and the counting rule of "partner countries with cooperative relations at 31 December".
//!
//! An agreement's state on a day is derived from its dated facts (R1), never stored: the
//! store keeps the facts (signature, entry into force, terms, renewals, notice, end) and the
//! case kernel keeps the steps that recorded them.
//!
//! - [`events`]: events, their kinds and rows (the shipped history and the import layout),
//!   follow-up actions (R3) and projects (R4);
//! - [`count`]: the counting rules of section 5 (R6);
//! - [`data`]: what ships in `data/cooperation/`.

pub mod count;
pub mod data;
pub mod events;
#[cfg(test)]
mod tests;

use crate::FieldErrors;
use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

/// A closed set of codes: the enum, its `ALL`, `code()` and `parse()`.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.code() == code.trim())
            }
        }
    };
}
pub(crate) use codes;

codes! {
    /// What a partner is (spec §3.1). Hong Kong, Macao and Taiwan are `region`s and never
    /// count as countries.
    PartnerKind {
        Country = "country",
        Organisation = "international_organisation",
        RegionalForum = "regional_forum",
        ForeignAgency = "foreign_agency",
        Region = "region",
    }
}

/// The codes of the regions that never count as countries, whatever kind a record gives them.
pub const REGIONS: [&str; 3] = ["HK", "MO", "TW"];

codes! {
    /// The kinds of instrument (spec §3.2).
    AgreementKind {
        Mou = "mou",
        Framework = "framework",
        ActionPlan = "action_plan",
        LetterOfUnderstanding = "letter_of_understanding",
        SocialSecurity = "social_security_agreement",
        AdministrativeArrangement = "administrative_arrangement",
        ProjectAgreement = "project_agreement",
        CountryProgramme = "country_programme",
    }
}

codes! {
    /// The Chinese party of an instrument. All but `provincial` belong to the national HR and
    /// social security lineage (or are government-level instruments in the field).
    ChineseParty {
        Mohrss = "mohrss",
        Molss = "molss",
        Mop = "mop",
        Mol = "mol",
        Safea = "safea",
        Government = "government",
        Provincial = "provincial",
    }
}

impl ChineseParty {
    /// Counts for `partner_countries` (spec §5).
    pub fn in_lineage(self) -> bool {
        self != ChineseParty::Provincial
    }
}

codes! {
    /// The areas an instrument covers.
    Area {
        Employment = "employment",
        SocialSecurity = "social_security",
        Skills = "skills",
        LabourMigration = "labour_migration",
        Experts = "experts",
    }
}

codes! {
    /// How a term renews (spec §2.7).
    Renewal {
        None = "none",
        Tacit = "tacit",
        ByInstrument = "by_instrument",
    }
}

codes! {
    /// How an instrument ended, when a fact ended it before its terms ran out.
    EndKind {
        Terminated = "terminated",
        Superseded = "superseded",
        Expired = "expired",
    }
}

codes! {
    /// The state of an instrument on a day (R1).
    State {
        Negotiating = "negotiating",
        Initialled = "initialled",
        Signed = "signed",
        InForce = "in_force",
        Expired = "expired",
        Terminated = "terminated",
        Superseded = "superseded",
    }
}

/// A renewal signed for a new term on the same instrument (`by_instrument`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenewalTerm {
    pub signed_on: NaiveDate,
    /// The new term's first day; the signature day where not given.
    pub starts_on: NaiveDate,
    /// Empty for an open-ended term.
    pub months: Option<u32>,
}

/// One term of an instrument: from `starts_on` to `ends_on` (its last day), open-ended where
/// `ends_on` is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Term {
    pub number: u32,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// The dated facts of an instrument that its state follows from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dates {
    pub negotiation_started: Option<NaiveDate>,
    pub initialled_on: Option<NaiveDate>,
    pub signed_on: Option<NaiveDate>,
    /// The signature day where empty (an MoU takes effect on signature; HRX convention),
    /// unless `pending_entry`.
    pub entry_into_force_on: Option<NaiveDate>,
    /// Signed, and its entry into force awaited on a later day not known yet (a treaty, a
    /// social security agreement): not in force on signature.
    pub pending_entry: bool,
    /// The first term's length; empty = open-ended.
    pub term_months: Option<u32>,
    pub renewal: Option<Renewal>,
    /// Tacit renewal: notice must be given this many months before a term ends.
    pub notice_months: Option<u32>,
    /// Tacit renewal: the day a party gave notice not to renew.
    pub notice_given_on: Option<NaiveDate>,
    pub renewals: Vec<RenewalTerm>,
    /// The fact that ended it early: the first day it is no longer in force.
    pub ended: Option<(EndKind, NaiveDate)>,
}

fn plus_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap_or(day)
}

fn day_before(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(1)).unwrap_or(day)
}

fn day_after(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

/// The last day of a term of `months` from `start`.
fn term_end(start: NaiveDate, months: u32) -> NaiveDate {
    day_before(plus_months(start, months))
}

impl Dates {
    /// The day it enters into force, once signed.
    pub fn effective_from(&self) -> Option<NaiveDate> {
        if self.pending_entry {
            self.entry_into_force_on
        } else {
            self.entry_into_force_on.or(self.signed_on)
        }
    }

    fn renewal(&self) -> Renewal {
        self.renewal.unwrap_or(Renewal::None)
    }

    /// The terms that have started on or before `day` (and the first term in any case, once
    /// in force is known). Tacit terms repeat until the notice takes effect: a notice given by
    /// the deadline (`notice_months` before a term ends) ends the instrument at the end of that
    /// term; a late notice ends it at the end of the next term (HRX convention, R1-h).
    pub fn terms_until(&self, day: NaiveDate) -> Vec<Term> {
        let Some(start) = self.effective_from() else {
            return Vec::new();
        };
        let mut terms = vec![Term {
            number: 1,
            starts_on: start,
            ends_on: self.term_months.map(|m| term_end(start, m)),
        }];
        match self.renewal() {
            Renewal::None => {}
            Renewal::ByInstrument => {
                let mut renewals: Vec<&RenewalTerm> = self.renewals.iter().collect();
                renewals.sort_by_key(|r| r.starts_on);
                for r in renewals {
                    terms.push(Term {
                        number: u32::try_from(terms.len()).unwrap_or(u32::MAX) + 1,
                        starts_on: r.starts_on,
                        ends_on: r.months.map(|m| term_end(r.starts_on, m)),
                    });
                }
            }
            Renewal::Tacit => {
                let Some(months) = self.term_months.filter(|m| *m > 0) else {
                    return terms;
                };
                let notice = self.notice_months.unwrap_or(0);
                // The term that a notice ends: the first whose deadline it meets.
                let ends_here = |term: &Term| -> bool {
                    let (Some(given), Some(end)) = (self.notice_given_on, term.ends_on) else {
                        return false;
                    };
                    let deadline = day_before(
                        day_after(end)
                            .checked_sub_months(Months::new(notice))
                            .unwrap_or(end),
                    );
                    given <= deadline
                };
                while let Some(last) = terms.last().copied() {
                    let Some(end) = last.ends_on else { break };
                    let renews_past_day = self.notice_given_on.is_none() && end >= day;
                    if ends_here(&last) || renews_past_day || terms.len() > 1200 {
                        break;
                    }
                    let next = day_after(end);
                    terms.push(Term {
                        number: last.number + 1,
                        starts_on: next,
                        ends_on: Some(term_end(next, months)),
                    });
                }
            }
        }
        terms
    }

    /// The periods it is in force, each `[from, until)` with `until` the first day out of
    /// force (empty = still in force, open-ended), merged where terms follow each other.
    pub fn in_force_periods(&self, horizon: NaiveDate) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        let cut = self.ended.map(|(_, x)| x);
        let mut out: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
        for term in self.terms_until(horizon) {
            let mut until = term.ends_on.map(day_after);
            if let Some(x) = cut {
                if x <= term.starts_on {
                    break;
                }
                until = Some(until.map_or(x, |u| u.min(x)));
            }
            if let Some(last) = out.last_mut() {
                match last.1 {
                    None => continue,
                    Some(prev) if prev >= term.starts_on => {
                        last.1 = until.map(|u| u.max(prev));
                        continue;
                    }
                    Some(_) => {}
                }
            }
            out.push((term.starts_on, until));
        }
        // A tacit instrument with no notice renews for ever: its last period stays open.
        if self.renewal() == Renewal::Tacit && self.notice_given_on.is_none() && cut.is_none() {
            if let Some(last) = out.last_mut() {
                last.1 = None;
            }
        }
        out
    }

    /// In force on `day`.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.in_force_periods(day)
            .iter()
            .any(|(from, until)| *from <= day && until.is_none_or(|u| day < u))
    }

    /// The state on `day` (R1), with the day that state began where the facts give it.
    pub fn state_on(&self, day: NaiveDate) -> (State, Option<NaiveDate>) {
        let signed = match self.signed_on {
            Some(s) if s <= day => s,
            _ => {
                return match self.initialled_on {
                    Some(i) if i <= day => (State::Initialled, Some(i)),
                    _ => (State::Negotiating, self.negotiation_started),
                }
            }
        };
        match self.effective_from() {
            Some(effective) if effective <= day => {}
            _ => return (State::Signed, Some(signed)),
        }
        if let Some((kind, x)) = self.ended {
            if x <= day {
                let state = match kind {
                    EndKind::Terminated => State::Terminated,
                    EndKind::Superseded => State::Superseded,
                    EndKind::Expired => State::Expired,
                };
                return (state, Some(x));
            }
        }
        let periods = self.in_force_periods(day);
        for (from, until) in &periods {
            if *from <= day && until.is_none_or(|u| day < u) {
                return (State::InForce, Some(*from));
            }
        }
        let lapsed = periods
            .iter()
            .filter_map(|(_, until)| *until)
            .filter(|u| *u <= day)
            .max();
        (State::Expired, lapsed)
    }

    /// The last day of the term running on `day`, where the instrument will expire then
    /// (fixed term not renewed yet, or tacit renewal after notice); `None` while it renews
    /// or is open-ended.
    pub fn expires_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        let periods = self.in_force_periods(day);
        let (_, until) = periods
            .iter()
            .find(|(from, until)| *from <= day && until.is_none_or(|u| day < u))?;
        until.map(day_before)
    }

    /// The expiry reminder due on `today`: the stage (180, 90 or 30 days) the days left have
    /// reached, with the last day in force.
    pub fn expiry_reminder(&self, today: NaiveDate) -> Option<Reminder> {
        let last = self.expires_after(today)?;
        let days_left = (last - today).num_days();
        let stage = REMINDER_DAYS
            .iter()
            .copied()
            .filter(|d| days_left <= *d)
            .min()?;
        Some(Reminder {
            last_day: last,
            days_left,
            stage,
        })
    }

    /// Validation R2 of the facts taken together (field-named codes).
    pub fn check(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let order = [
            ("negotiation_started", self.negotiation_started),
            ("initialled_on", self.initialled_on),
            ("signed_on", self.signed_on),
        ];
        for pair in order.windows(2) {
            if let [(_, Some(a)), (field, Some(b))] = pair {
                if b < a {
                    errors.add(*field, "before_previous_stage");
                }
            }
        }
        match (self.signed_on, self.entry_into_force_on) {
            (Some(s), Some(e)) if e < s => errors.add("entry_into_force_on", "before_signature"),
            (None, Some(_)) => errors.add("signed_on", "required"),
            _ => {}
        }
        if self.term_months == Some(0) {
            errors.add("term_months", "out_of_range");
        }
        if self.renewal() == Renewal::Tacit && self.term_months.is_none() {
            errors.add("term_months", "required");
        }
        if let Some(start) = self.effective_from() {
            if let Some((_, x)) = self.ended {
                if x < start.min(self.signed_on.unwrap_or(start)) {
                    errors.add("ended_on", "before_signature");
                }
            }
            if self.notice_given_on.is_some_and(|n| n < start) {
                errors.add("notice_given_on", "before_entry_into_force");
            }
            for r in &self.renewals {
                if r.starts_on < start || r.signed_on < self.signed_on.unwrap_or(start) {
                    errors.add("renewal_starts_on", "before_entry_into_force");
                }
                if r.months == Some(0) {
                    errors.add("renewal_months", "out_of_range");
                }
            }
        } else if self.ended.is_some() {
            errors.add("ended_on", "not_signed");
        }
        errors
    }
}

/// The days before expiry at which an officer is reminded.
pub const REMINDER_DAYS: [i64; 3] = [180, 90, 30];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reminder {
    pub last_day: NaiveDate,
    pub days_left: i64,
    /// 180, 90 or 30.
    pub stage: i64,
}

/// R2: an agreement may only supersede one signed on or before its own signature.
pub fn check_supersedes(own_signed: Option<NaiveDate>, older_signed: Option<NaiveDate>) -> bool {
    match (own_signed, older_signed) {
        (Some(own), Some(older)) => older <= own,
        (None, Some(_)) => false,
        _ => true,
    }
}

/// An ISO date from a form or a file, allowing `YYYY-MM` where `month_ok` (the first of the
/// month; the precision is returned beside).
pub fn parse_day(text: &str, month_ok: bool) -> Option<(NaiveDate, bool)> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some((d, false));
    }
    if month_ok && t.len() == 7 {
        return NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
            .ok()
            .map(|d| (d, true));
    }
    None
}

/// An instrument checked, as a form, the API or the shipped file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgreementInput {
    pub code: String,
    pub kind: AgreementKind,
    pub title_en: String,
    pub title_zh: String,
    pub chinese_party: ChineseParty,
    /// Partner codes: ISO alpha-2 for countries, acronyms for organisations.
    pub partners: Vec<String>,
    pub signed_place: String,
    pub areas: Vec<Area>,
    pub supersedes: Option<String>,
    pub parent: Option<String>,
    /// Where the text is found in each language (a file reference or an address).
    pub document_zh: String,
    pub document_en: String,
    pub source: String,
    pub dates: Dates,
}

/// An agreement's code: letters, digits and `-`, 3 to 40 characters, upper case.
pub fn check_code(code: &str) -> Result<String, &'static str> {
    let c = code.trim().to_ascii_uppercase();
    if c.is_empty() {
        return Err("required");
    }
    let ok = (3..=40).contains(&c.len())
        && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
        && c.starts_with(|ch: char| ch.is_ascii_alphanumeric());
    if ok {
        Ok(c)
    } else {
        Err("invalid_code")
    }
}

/// The text fields of an agreement as given (a form, a JSON body or a file row).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct AgreementFields {
    pub code: String,
    pub kind: String,
    pub title_en: String,
    pub title_zh: String,
    pub chinese_party: String,
    /// Codes separated by `;`, `,` or spaces.
    pub partners: String,
    pub negotiation_started: String,
    pub initialled_on: String,
    pub signed_on: String,
    pub signed_place: String,
    pub entry_into_force_on: String,
    pub term_months: String,
    pub renewal: String,
    pub notice_months: String,
    /// `SIGNED:MONTHS` or `SIGNED:STARTS:MONTHS` per renewal, separated by `;`.
    pub renewals: String,
    pub ended: String,
    pub ended_on: String,
    pub supersedes: String,
    pub parent: String,
    pub areas: String,
    /// Where the Chinese text is found (a file reference or an address).
    pub document_zh: String,
    /// Where the English text is found.
    pub document_en: String,
    pub source: String,
    /// `true` (or `yes`, `1`): signed, entry into force awaited on a later day.
    pub pending_entry: String,
}

fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', ',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

pub(crate) fn day_field(errors: &mut FieldErrors, field: &str, text: &str) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        return None;
    }
    let day = parse_day(text, false).map(|(d, _)| d);
    if day.is_none() {
        errors.add(field, "invalid_date");
    }
    day
}

fn months_field(errors: &mut FieldErrors, field: &str, text: &str) -> Option<u32> {
    if text.trim().is_empty() {
        return None;
    }
    match text.trim().parse::<u32>() {
        Ok(m) if (1..=1200).contains(&m) => Some(m),
        _ => {
            errors.add(field, "out_of_range");
            None
        }
    }
}

/// A text that may be left empty, checked as [`FieldErrors::text`] when given.
pub(crate) fn optional_text(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    max: usize,
) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        errors.text(field, value, max)
    }
}

fn code_field<T: Copy>(
    errors: &mut FieldErrors,
    field: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    if text.trim().is_empty() {
        errors.add(field, "required");
        return None;
    }
    let v = parse(text);
    if v.is_none() {
        errors.add(field, "unknown_value");
    }
    v
}

fn renewal_terms(errors: &mut FieldErrors, text: &str) -> Vec<RenewalTerm> {
    let mut out = Vec::new();
    for item in text.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let parts: Vec<&str> = item.split(':').collect();
        let parsed = match parts.as_slice() {
            [signed, months] => parse_day(signed, false).map(|(s, _)| (s, s, *months)),
            [signed, starts, months] => parse_day(signed, false)
                .zip(parse_day(starts, false))
                .map(|((s, _), (b, _))| (s, b, *months)),
            _ => None,
        };
        let Some((signed_on, starts_on, months)) = parsed else {
            errors.add("renewals", "invalid_date");
            continue;
        };
        let months = if months.trim().is_empty() {
            None
        } else {
            months_field(errors, "renewals", months)
        };
        out.push(RenewalTerm {
            signed_on,
            starts_on,
            months,
        });
    }
    out
}

impl AgreementFields {
    /// Checks every field and the facts together (R2); partner codes are checked by the
    /// caller, which knows the partners on record.
    pub fn check(&self) -> Result<AgreementInput, FieldErrors> {
        let mut e = FieldErrors::new();
        let code = check_code(&self.code)
            .map_err(|c| e.add("code", c))
            .unwrap_or_default();
        let kind = code_field(&mut e, "kind", &self.kind, AgreementKind::parse);
        let party = code_field(
            &mut e,
            "chinese_party",
            &self.chinese_party,
            ChineseParty::parse,
        );
        let title_en = e.text("title_en", &self.title_en, 300);
        let title_zh = e.text("title_zh", &self.title_zh, 300);
        let signed_place = optional_text(&mut e, "signed_place", &self.signed_place, 100);
        let source = optional_text(&mut e, "source", &self.source, 1000);
        let document_zh = optional_text(&mut e, "document_zh", &self.document_zh, 1000);
        let document_en = optional_text(&mut e, "document_en", &self.document_en, 1000);
        let partners: Vec<String> = list(&self.partners).map(str::to_ascii_uppercase).collect();
        if partners.is_empty() {
            e.add("partners", "required");
        }
        let mut areas = Vec::new();
        for a in list(&self.areas) {
            match Area::parse(a) {
                Some(area) if !areas.contains(&area) => areas.push(area),
                Some(_) => {}
                None => e.add("areas", "unknown_value"),
            }
        }
        let renewal = if self.renewal.trim().is_empty() {
            None
        } else {
            code_field(&mut e, "renewal", &self.renewal, Renewal::parse)
        };
        let ended_on = day_field(&mut e, "ended_on", &self.ended_on);
        let ended = match (self.ended.trim(), ended_on) {
            ("", None) => None,
            ("", Some(_)) => {
                e.add("ended", "required");
                None
            }
            (kind, day) => match (EndKind::parse(kind), day) {
                (Some(k), Some(d)) => Some((k, d)),
                (None, _) => {
                    e.add("ended", "unknown_value");
                    None
                }
                (Some(_), None) => {
                    e.add("ended_on", "required");
                    None
                }
            },
        };
        let dates = Dates {
            negotiation_started: day_field(
                &mut e,
                "negotiation_started",
                &self.negotiation_started,
            ),
            initialled_on: day_field(&mut e, "initialled_on", &self.initialled_on),
            signed_on: day_field(&mut e, "signed_on", &self.signed_on),
            entry_into_force_on: day_field(
                &mut e,
                "entry_into_force_on",
                &self.entry_into_force_on,
            ),
            term_months: months_field(&mut e, "term_months", &self.term_months),
            renewal,
            notice_months: months_field(&mut e, "notice_months", &self.notice_months),
            notice_given_on: None,
            pending_entry: matches!(
                self.pending_entry.trim().to_ascii_lowercase().as_str(),
                "true" | "yes" | "1" | "on"
            ),
            renewals: renewal_terms(&mut e, &self.renewals),
            ended,
        };
        e.merge(dates.check());
        let optional_code = |e: &mut FieldErrors, field: &str, text: &str| {
            if text.trim().is_empty() {
                return None;
            }
            check_code(text).map_err(|c| e.add(field, c)).ok()
        };
        let supersedes = optional_code(&mut e, "supersedes", &self.supersedes);
        let parent = optional_code(&mut e, "parent", &self.parent);
        match (kind, party) {
            (Some(kind), Some(chinese_party)) if e.is_empty() => Ok(AgreementInput {
                code,
                kind,
                title_en,
                title_zh,
                chinese_party,
                partners,
                signed_place,
                areas,
                supersedes,
                parent,
                document_zh,
                document_en,
                source,
                dates,
            }),
            _ => Err(e),
        }
    }
}

const AGREEMENT_WORKFLOW_TOML: &str =
    include_str!("../../../../data/cooperation/agreement-workflow.toml");
const FOLLOWUP_WORKFLOW_TOML: &str =
    include_str!("../../../../data/cooperation/followup-workflow.toml");

static AGREEMENT_WORKFLOW: std::sync::LazyLock<Result<crate::workflow::Workflow, String>> =
    std::sync::LazyLock::new(|| crate::workflow::Workflow::parse(AGREEMENT_WORKFLOW_TOML));
static FOLLOWUP_WORKFLOW: std::sync::LazyLock<Result<crate::workflow::Workflow, String>> =
    std::sync::LazyLock::new(|| crate::workflow::Workflow::parse(FOLLOWUP_WORKFLOW_TOML));

/// The agreement workflow as shipped (`data/cooperation/agreement-workflow.toml`).
pub fn agreement_workflow() -> Result<&'static crate::workflow::Workflow, &'static str> {
    AGREEMENT_WORKFLOW.as_ref().map_err(String::as_str)
}

/// The follow-up workflow as shipped (`data/cooperation/followup-workflow.toml`).
pub fn followup_workflow() -> Result<&'static crate::workflow::Workflow, &'static str> {
    FOLLOWUP_WORKFLOW.as_ref().map_err(String::as_str)
}

/// The stage a kernel status stands for when an instrument is recorded with its facts
/// already known: its state today, where the workflow has one.
pub fn recorded_stage(dates: &Dates, today: NaiveDate) -> State {
    dates.state_on(today).0
}
