//! The determination of an exemption under a bilateral agreement (spec
//! `social-security-agreements.md` §4), for one posting as it stands on one day (`as_of`).
//!
//! The outcome lists the reasons step by step ([`Step`]); the web layer translates each as the
//! Fluent message `coverage-step-<code>` with the step's args.

use super::agreements::{
    Agreement, Direction, ExtensionRule, PostingLimit, CATEGORIES, CHINESE_BRANCHES,
};
use super::dates::{
    at_least_months_before, months_before, months_spanned, next_day, period_end, previous_day,
};
use super::rates::{self, RateTable, SavingsEstimate};
use crate::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the determination needs to know about a posting.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeterminationRequest {
    /// The day the determination is for (ISO 8601).
    pub as_of: String,
    /// ISO 3166-1 code of the worker's nationality.
    pub nationality: String,
    /// The country whose insurance the worker stays in.
    pub sending_country: String,
    /// The country the worker is posted to. One of the two countries must be `CN`.
    pub work_country: String,
    /// One of the worker categories (`posted_worker`, `self_employed`, ...).
    pub worker_category: String,
    pub posting_start: String,
    pub posting_end: String,
    /// Netherlands: the posted worker must have been employed by the sending employer for at
    /// least 1 month before the posting.
    #[serde(default)]
    pub employed_by_sender_since: Option<String>,
    /// Korea 2012 protocol: working in China since (before 2013-01-16 qualifies).
    #[serde(default)]
    pub employed_in_china_since: Option<String>,
    /// Korea 2012 protocol: the worker holds commercial health insurance.
    #[serde(default)]
    pub commercial_health_insurance: bool,
    /// City for the savings estimate (Beijing, Shanghai, Guangzhou, Shenzhen).
    #[serde(default)]
    pub city: Option<String>,
    /// Monthly wage for the savings estimate, in yuan.
    #[serde(default)]
    pub monthly_wage_cny: Option<f64>,
}

/// One reason of a determination: a code the web layer translates as
/// `coverage-step-<code>`, with named arguments (dates ISO 8601, months, codes).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub code: &'static str,
    /// `[name, value]` pairs.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<String>>))]
    pub args: Vec<(String, String)>,
}

impl Step {
    fn new(code: &'static str, args: &[(&str, String)]) -> Self {
        Self {
            code,
            args: args
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        }
    }

    /// The value of an argument.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every step code [`determine`] emits, in roughly the order they can appear.
pub const STEP_CODES: [&str; 33] = [
    "direction",
    "no_agreement",
    "agreement_not_in_force",
    "agreement_in_force",
    "nationality_mismatch",
    "nationality_ok",
    "category_not_covered",
    "category_covered",
    "family_member_conditions",
    "sender_employment_too_short",
    "sender_employment_ok",
    "sender_employment_condition",
    "clock_start",
    "all_branches_before_in_force",
    "posting_limit",
    "local_short_term_limit",
    "posting_unlimited",
    "diplomatic_no_limit",
    "posting_limit_unknown",
    "exemption_period",
    "agreement_ends",
    "korea_medical_protocol",
    "extension_by_agreement",
    "extension_exceptional_by_agreement",
    "extension_special_agreement",
    "extension_notice",
    "extension_terms_unknown",
    "posting_limit_exceeded",
    "posting_ended",
    "outcome_exempt",
    "outcome_all_branches",
    "savings_estimate",
    "savings_unavailable",
];

/// The outcome of a determination.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Determination {
    /// The agreement considered: the one in force on `as_of`, else the partner's next (or most
    /// recently ended) one; `None` when China has no agreement with the partner.
    pub agreement: Option<String>,
    pub direction: Direction,
    /// Whether the worker is exempt on `as_of`, or will be for a posting still to start.
    pub exempt: bool,
    /// The branches the worker is exempt from (empty when not exempt).
    pub exempt_branches: Vec<String>,
    /// The branches the worker enrols in (all five when not exempt).
    pub enrol_branches: Vec<String>,
    /// The exemption period the agreement gives this posting, even when `as_of` lies after it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub exempt_from: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub exempt_until: Option<NaiveDate>,
    /// The day all five branches apply again, when the posting continues after the exemption.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub all_branches_from: Option<NaiveDate>,
    /// The posting limit in months for this direction and category, when it is a number.
    pub max_posting_months: Option<u32>,
    /// An extension beyond the limit can be asked for.
    pub extension_possible: bool,
    /// The agreement's extension rule for this category (`none`, `by_agreement`, ...).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub extension_rule: Option<&'static str>,
    /// The last day extensions can reach, when the agreement caps them (and the posting ends
    /// no earlier).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub extension_max_until: Option<NaiveDate>,
    /// An officer must decide (nationality mismatch, limit or extension terms unknown).
    pub manual_review: bool,
    pub steps: Vec<Step>,
    /// What the exemption saves (inbound, with a city and a wage).
    pub savings: Option<SavingsEstimate>,
}

/// The Korea 2012 protocol: Korean nationals working in China before this day, with commercial
/// health insurance, were exempt from Chinese employee basic medical insurance ...
const KOREA_PROTOCOL_EMPLOYED_BEFORE: (i32, u32, u32) = (2013, 1, 16);
/// ... until this day at the latest.
const KOREA_PROTOCOL_UNTIL: (i32, u32, u32) = (2016, 12, 31);

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn iso(date: NaiveDate) -> String {
    date.to_string()
}

fn all_five() -> Vec<String> {
    CHINESE_BRANCHES.iter().map(|b| (*b).to_owned()).collect()
}

fn in_branch_order(branches: &[String]) -> Vec<String> {
    CHINESE_BRANCHES
        .iter()
        .filter(|b| branches.iter().any(|x| x == *b))
        .map(|b| (*b).to_owned())
        .collect()
}

fn others(branches: &[String]) -> Vec<String> {
    CHINESE_BRANCHES
        .iter()
        .filter(|b| !branches.iter().any(|x| x == *b))
        .map(|b| (*b).to_owned())
        .collect()
}

/// A country code as its ISO alpha-2, or the field's error code.
fn country(value: &str) -> Result<String, &'static str> {
    if value.trim().is_empty() {
        return Err("required");
    }
    crate::reference::reference()
        .country(value)
        .map(|c| c.alpha2.clone())
        .ok_or("unknown_country")
}

fn date(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        errors.add(field, "required");
        return None;
    }
    errors.take(field, crate::registry::parse_date(value))
}

fn optional_date(
    errors: &mut FieldErrors,
    field: &str,
    value: &Option<String>,
) -> Option<NaiveDate> {
    match value.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => errors.take(field, crate::registry::parse_date(v)),
    }
}

/// The request, checked.
struct Checked {
    as_of: NaiveDate,
    nationality: String,
    direction: Direction,
    partner: String,
    category: String,
    posting_start: NaiveDate,
    posting_end: NaiveDate,
    employed_by_sender_since: Option<NaiveDate>,
    employed_in_china_since: Option<NaiveDate>,
    commercial_health_insurance: bool,
    city: Option<String>,
}

fn check(rates: &RateTable, request: &DeterminationRequest) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let as_of = date(&mut errors, "as_of", &request.as_of);
    let nationality = errors.take("nationality", country(&request.nationality));
    let sending = errors.take("sending_country", country(&request.sending_country));
    let work = errors.take("work_country", country(&request.work_country));
    let category = request.worker_category.trim();
    if category.is_empty() {
        errors.add("worker_category", "required");
    } else if !CATEGORIES.contains(&category) {
        errors.add("worker_category", "unknown_value");
    }
    let posting_start = date(&mut errors, "posting_start", &request.posting_start);
    let posting_end = date(&mut errors, "posting_end", &request.posting_end);
    if let (Some(s), Some(e)) = (posting_start, posting_end) {
        if e < s {
            errors.add("posting_end", "before_posting_start");
        }
    }
    let employed_by_sender_since = optional_date(
        &mut errors,
        "employed_by_sender_since",
        &request.employed_by_sender_since,
    );
    let employed_in_china_since = optional_date(
        &mut errors,
        "employed_in_china_since",
        &request.employed_in_china_since,
    );
    let mut direction = None;
    if let (Some(s), Some(w)) = (&sending, &work) {
        if s == w {
            errors.add("work_country", "same_country");
        } else if w == "CN" {
            direction = Some((Direction::Inbound, s.clone()));
        } else if s == "CN" {
            direction = Some((Direction::Outbound, w.clone()));
        } else {
            errors.add("work_country", "china_not_involved");
        }
    }
    if request
        .monthly_wage_cny
        .is_some_and(|w| !w.is_finite() || w < 0.0)
    {
        errors.add("monthly_wage_cny", "out_of_range");
    }
    let city = match request.city.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => match rates.city(c) {
            Some(c) => Some(c.to_owned()),
            None => {
                errors.add("city", "unknown_city");
                None
            }
        },
    };
    errors.into_result()?;
    match (as_of, nationality, direction, posting_start, posting_end) {
        (
            Some(as_of),
            Some(nationality),
            Some((direction, partner)),
            Some(posting_start),
            Some(posting_end),
        ) => Ok(Checked {
            as_of,
            nationality,
            direction,
            partner,
            category: category.to_owned(),
            posting_start,
            posting_end,
            employed_by_sender_since,
            employed_in_china_since,
            commercial_health_insurance: request.commercial_health_insurance,
            city,
        }),
        _ => Err(FieldErrors::single("work_country", "required")),
    }
}

/// Picks the partner's agreement for a day: the one in force that day; else the next to enter
/// into force (dated first, then one signed and not in force); else the most recently ended.
fn choose<'a>(agreements: &'a [Agreement], partner: &str, day: NaiveDate) -> Option<&'a Agreement> {
    let mine: Vec<&Agreement> = agreements.iter().filter(|a| a.partner == partner).collect();
    if let Some(a) = mine.iter().find(|a| a.in_force_on(day)) {
        return Some(a);
    }
    let upcoming = mine
        .iter()
        .filter(|a| a.in_force.is_some_and(|f| f > day))
        .min_by_key(|a| a.in_force);
    let unratified = mine
        .iter()
        .filter(|a| a.in_force.is_none())
        .max_by_key(|a| a.signed);
    let ended = mine
        .iter()
        .filter(|a| a.in_force_until.is_some_and(|u| u < day))
        .max_by_key(|a| a.in_force_until);
    upcoming.or(unratified).or(ended).copied()
}

/// Determines, for the posting in `request` as it stands on `as_of`, which branches the worker
/// is exempt from under China's agreements (spec §4), with the reasons step by step.
///
/// **Validation** (a [`FieldErrors`] naming each bad field): `as_of`, `posting_start`,
/// `posting_end` are required dates (`required`, `invalid_date`, `before_1900`), and so are the
/// optional dates when given; `nationality`, `sending_country`, `work_country` must be ISO
/// 3166-1 codes (`unknown_country`); `posting_end` not before `posting_start`
/// (`before_posting_start`); `worker_category` one of the categories (`unknown_value`);
/// `work_country` differs from `sending_country` (`same_country`) and one of them is `CN`
/// (`china_not_involved`); `monthly_wage_cny` finite and not negative (`out_of_range`); `city`
/// one of the rate table's cities (`unknown_city`).
///
/// **Direction.** Work in China is inbound (the partner is the sending country, the branches
/// the Chinese ones, the limit `max_posting_months_to_china`); sent from China is outbound
/// (the partner is the work country, the branches the partner's, the limit
/// `max_posting_months`). Both use the five branch codes: `exempt_branches` are the
/// agreement's for the direction and `enrol_branches` the other ones of the five, in
/// [`CHINESE_BRANCHES`] order. When not exempt, nothing is exempt and all five are enrolled.
///
/// **Agreement.** The partner's agreement in force on `as_of`. If none is in force that day but
/// one exists, it is reported (the next to enter into force, else one signed and not in force,
/// else the most recently ended) and the worker is not exempt (`agreement_not_in_force`, with
/// the date of entry into force or `none`). No agreement at all: `no_agreement`.
///
/// **Person and category.** A nationality other than the partner's (inbound) or other than
/// Chinese (outbound) needs manual review (`nationality_mismatch`); the rest is still worked
/// out. A category the agreement does not list is not covered (`category_not_covered`); under
/// the Japanese agreement family members are covered on the Chinese side only, so not
/// outbound. Netherlands, posted workers: employed by the sending employer at least 1 month
/// before the posting, else not covered (`sender_employment_too_short`); when the date is not
/// given the condition is noted. Family members under the Swiss, Dutch and Japanese
/// agreements: the conditions in the agreement's notes apply (`family_member_conditions`).
///
/// **Period.** The clock starts on the later of the posting start and the entry into force.
/// A limit of N months allows the period up to [`period_end`]`(clock, N)`; the exemption runs
/// from the clock start to the earliest of the posting end, that day and the agreement's end
/// (`in_force_until`). No limit (`unlimited`, German diplomatic-mission staff): up to the
/// posting end or the agreement's end. Limit not established: manual review
/// (`posting_limit_unknown`), no exemption period. Korea, `local_short_term`: 60 months, no
/// extension. A posting that ends before the entry into force is not exempt
/// (`agreement_not_in_force`), nor one that starts after the agreement's end (`agreement_ends`).
///
/// **Exempt** means: agreement in force on `as_of`, category covered, limit known, and an
/// exemption period that has not ended by `as_of` (current or still to come). When `as_of`
/// lies after it: `posting_limit_exceeded` if the limit cut it, else `posting_ended`.
/// `all_branches_from` is the day after the exemption when the posting goes on after it.
///
/// **Extension**, when the posting runs past the limit: `extension_rule` gives the rule;
/// an extension is possible under `by_agreement`, `exceptional_by_agreement` and
/// `special_agreement` (steps of the same names), up to [`period_end`]`(clock,
/// extension_max_months)` when the agreement caps it, and never beyond the posting end.
/// `unknown`: manual review (`extension_terms_unknown`). `none`: all five after the limit
/// (`posting_limit_exceeded`). Spain: the request must reach the institution 3 months before
/// the exemption ends (`extension_notice`, with the last day).
///
/// **Korea 2012 protocol.** Inbound, a Korean national under `CN-KR-2012`, working in China
/// since before 2013-01-16 with commercial health insurance: medical is exempt as well, when
/// `as_of` is no later than 2016-12-31 (`korea_medical_protocol`); later it is ignored.
///
/// **Savings** (inbound, exempt, with both `city` and `monthly_wage_cny`): [`rates::estimate`]
/// for the month of the later of `as_of` and the exemption start, over the exemption's months;
/// when the table has no rates, the step `savings_unavailable` instead.
pub fn determine(
    agreements: &[Agreement],
    rates: &RateTable,
    request: &DeterminationRequest,
) -> Result<Determination, FieldErrors> {
    let c = check(rates, request)?;
    let mut out = Determination {
        agreement: None,
        direction: c.direction,
        exempt: false,
        exempt_branches: Vec::new(),
        enrol_branches: all_five(),
        exempt_from: None,
        exempt_until: None,
        all_branches_from: None,
        max_posting_months: None,
        extension_possible: false,
        extension_rule: None,
        extension_max_until: None,
        manual_review: false,
        steps: vec![Step::new(
            "direction",
            &[
                ("direction", c.direction.code().to_owned()),
                ("partner", c.partner.clone()),
            ],
        )],
        savings: None,
    };
    let exempt = evaluate(agreements, &c, &mut out);
    if let Some(branches) = exempt {
        out.exempt = true;
        out.enrol_branches = others(&branches);
        out.exempt_branches = branches;
        out.steps.push(Step::new(
            "outcome_exempt",
            &[
                ("as_of", iso(c.as_of)),
                ("branches", out.exempt_branches.join(", ")),
                ("enrol", out.enrol_branches.join(", ")),
            ],
        ));
        savings(rates, request, &c, &mut out);
    } else {
        out.steps.push(Step::new(
            "outcome_all_branches",
            &[("as_of", iso(c.as_of))],
        ));
    }
    Ok(out)
}

/// Works through the steps; returns the exempt branches when the worker is exempt on `as_of`.
fn evaluate(agreements: &[Agreement], c: &Checked, out: &mut Determination) -> Option<Vec<String>> {
    let Some(agreement) = choose(agreements, &c.partner, c.as_of) else {
        out.steps
            .push(Step::new("no_agreement", &[("partner", c.partner.clone())]));
        return None;
    };
    let code = agreement.code.clone();
    out.agreement = Some(code.clone());
    if !agreement.in_force_on(c.as_of) {
        out.steps.push(Step::new(
            "agreement_not_in_force",
            &[
                ("agreement", code),
                (
                    "in_force",
                    agreement.in_force.map_or_else(|| "none".to_owned(), iso),
                ),
            ],
        ));
        return None;
    }
    let in_force = agreement.in_force.unwrap_or(c.as_of);
    out.steps.push(Step::new(
        "agreement_in_force",
        &[("agreement", code.clone()), ("in_force", iso(in_force))],
    ));

    // Step 2: nationality (manual review, the rest is still worked out).
    let expected = match c.direction {
        Direction::Inbound => c.partner.as_str(),
        Direction::Outbound => "CN",
    };
    if c.nationality == expected {
        out.steps.push(Step::new(
            "nationality_ok",
            &[("nationality", c.nationality.clone())],
        ));
    } else {
        out.manual_review = true;
        out.steps.push(Step::new(
            "nationality_mismatch",
            &[
                ("nationality", c.nationality.clone()),
                ("expected", expected.to_owned()),
            ],
        ));
    }

    // Step 4: category, with the special rules of the notes.
    let category = c.category.as_str();
    let japan_family_outbound = agreement.code.starts_with("CN-JP-")
        && category == "family_member"
        && c.direction == Direction::Outbound;
    if !agreement.covers(category) || japan_family_outbound {
        out.steps.push(Step::new(
            "category_not_covered",
            &[("category", category.to_owned()), ("agreement", code)],
        ));
        return None;
    }
    out.steps.push(Step::new(
        "category_covered",
        &[
            ("category", category.to_owned()),
            ("agreement", code.clone()),
        ],
    ));
    let partner_code = &agreement.partner;
    if category == "family_member" && ["CH", "NL", "JP"].contains(&partner_code.as_str()) {
        out.steps.push(Step::new(
            "family_member_conditions",
            &[("agreement", code.clone())],
        ));
    }
    if partner_code == "NL" && category == "posted_worker" {
        match c.employed_by_sender_since {
            Some(since) if !at_least_months_before(since, 1, c.posting_start) => {
                out.steps.push(Step::new(
                    "sender_employment_too_short",
                    &[
                        ("since", iso(since)),
                        ("posting_start", iso(c.posting_start)),
                    ],
                ));
                return None;
            }
            Some(since) => out
                .steps
                .push(Step::new("sender_employment_ok", &[("since", iso(since))])),
            None => out.steps.push(Step::new(
                "sender_employment_condition",
                &[("posting_start", iso(c.posting_start))],
            )),
        }
    }

    // Step 5: the clock and the posting limit.
    let clock = c.posting_start.max(in_force);
    let agreement_end = agreement.in_force_until.unwrap_or(NaiveDate::MAX);
    if c.posting_end < in_force {
        out.steps.push(Step::new(
            "agreement_not_in_force",
            &[("agreement", code), ("in_force", iso(in_force))],
        ));
        return None;
    }
    if clock > agreement_end {
        out.steps.push(Step::new(
            "agreement_ends",
            &[
                ("until", iso(agreement_end)),
                ("successor", successor(agreements, agreement)),
            ],
        ));
        return None;
    }
    out.steps
        .push(Step::new("clock_start", &[("date", iso(clock))]));
    if clock > c.posting_start {
        out.steps.push(Step::new(
            "all_branches_before_in_force",
            &[
                ("from", iso(c.posting_start)),
                ("until", iso(previous_day(clock))),
            ],
        ));
    }
    let korea_local = agreement.code == "CN-KR-2012" && category == "local_short_term";
    let german_diplomat = agreement.code == "CN-DE-2001" && category == "diplomatic_consular";
    let (limit, rule) = agreement.terms_for(c.direction, category);
    out.extension_rule = Some(rule.code());
    let allowed_end = match limit {
        PostingLimit::Months(n) => {
            let end = period_end(clock, n);
            out.max_posting_months = Some(n);
            let step = if korea_local {
                "local_short_term_limit"
            } else {
                "posting_limit"
            };
            out.steps.push(Step::new(
                step,
                &[("months", n.to_string()), ("until", iso(end))],
            ));
            Some(end)
        }
        PostingLimit::Unlimited => {
            let step = if german_diplomat {
                "diplomatic_no_limit"
            } else {
                "posting_unlimited"
            };
            out.steps.push(Step::new(step, &[]));
            None
        }
        PostingLimit::NotEstablished => {
            out.manual_review = true;
            out.steps
                .push(Step::new("posting_limit_unknown", &[("agreement", code)]));
            return None;
        }
    };

    // The exemption period.
    let limit_end = allowed_end.unwrap_or(NaiveDate::MAX);
    let until = c.posting_end.min(limit_end).min(agreement_end);
    let mut branches = in_branch_order(agreement.exempt_branches(c.direction));
    out.exempt_from = Some(clock);
    out.exempt_until = Some(until);
    if c.posting_end > until {
        out.all_branches_from = Some(next_day(until));
    }
    out.steps.push(Step::new(
        "exemption_period",
        &[
            ("from", iso(clock)),
            ("until", iso(until)),
            ("branches", branches.join(", ")),
            ("enrol", others(&branches).join(", ")),
        ],
    ));
    let cut_by_agreement = agreement_end < c.posting_end.min(limit_end);
    let cut_by_limit = !cut_by_agreement && limit_end < c.posting_end;
    if cut_by_agreement {
        out.steps.push(Step::new(
            "agreement_ends",
            &[
                ("until", iso(agreement_end)),
                ("successor", successor(agreements, agreement)),
            ],
        ));
    }

    // Step 6: beyond the limit.
    let mut limit_exceeded_step = false;
    if cut_by_limit {
        let after = next_day(limit_end);
        match rule {
            ExtensionRule::None => {
                limit_exceeded_step = true;
                out.steps
                    .push(Step::new("posting_limit_exceeded", &[("from", iso(after))]));
            }
            ExtensionRule::Unknown => {
                out.manual_review = true;
                out.steps.push(Step::new(
                    "extension_terms_unknown",
                    &[("from", iso(after))],
                ));
            }
            ExtensionRule::ByAgreement
            | ExtensionRule::ExceptionalByAgreement
            | ExtensionRule::SpecialAgreement => {
                out.extension_possible = true;
                let cap = agreement
                    .extension_max_months
                    .map(|n| period_end(clock, n).min(c.posting_end).min(agreement_end));
                out.extension_max_until = cap;
                let step = match rule {
                    ExtensionRule::ByAgreement => "extension_by_agreement",
                    ExtensionRule::ExceptionalByAgreement => "extension_exceptional_by_agreement",
                    _ => "extension_special_agreement",
                };
                out.steps.push(Step::new(
                    step,
                    &[
                        ("from", iso(after)),
                        (
                            "max_months",
                            agreement
                                .extension_max_months
                                .map_or_else(|| "none".to_owned(), |n| n.to_string()),
                        ),
                        ("max_until", cap.map_or_else(|| "none".to_owned(), iso)),
                    ],
                ));
                if agreement.code.starts_with("CN-ES-") {
                    out.steps.push(Step::new(
                        "extension_notice",
                        &[
                            ("latest", iso(months_before(until, 3))),
                            ("months", "3".to_owned()),
                        ],
                    ));
                }
            }
        }
    }

    // Korea 2012 protocol: medical, up to 2016-12-31.
    let protocol_until = ymd(KOREA_PROTOCOL_UNTIL);
    if c.direction == Direction::Inbound
        && agreement.code == "CN-KR-2012"
        && c.nationality == "KR"
        && c.employed_in_china_since
            .is_some_and(|s| s < ymd(KOREA_PROTOCOL_EMPLOYED_BEFORE))
        && c.commercial_health_insurance
        && c.as_of <= protocol_until
        && c.as_of <= until
        && clock <= protocol_until
    {
        branches.push("medical".to_owned());
        branches = in_branch_order(&branches);
        out.steps.push(Step::new(
            "korea_medical_protocol",
            &[("until", iso(until.min(protocol_until)))],
        ));
    }

    // On as_of.
    if c.as_of > until {
        if cut_by_limit {
            if !limit_exceeded_step {
                out.steps.push(Step::new(
                    "posting_limit_exceeded",
                    &[("from", iso(next_day(until)))],
                ));
            }
        } else {
            out.steps.push(Step::new(
                "posting_ended",
                &[("posting_end", iso(c.posting_end))],
            ));
        }
        return None;
    }
    Some(branches)
}

/// The agreement with the same partner that enters into force after this one ends.
fn successor(agreements: &[Agreement], agreement: &Agreement) -> String {
    let Some(end) = agreement.in_force_until else {
        return "none".to_owned();
    };
    agreements
        .iter()
        .filter(|a| a.partner == agreement.partner && a.in_force.is_some_and(|f| f > end))
        .min_by_key(|a| a.in_force)
        .map_or_else(|| "none".to_owned(), |a| a.code.clone())
}

fn savings(
    rates: &RateTable,
    request: &DeterminationRequest,
    c: &Checked,
    out: &mut Determination,
) {
    if c.direction != Direction::Inbound {
        return;
    }
    let (Some(city), Some(wage)) = (&c.city, request.monthly_wage_cny) else {
        return;
    };
    let (Some(from), Some(until)) = (out.exempt_from, out.exempt_until) else {
        return;
    };
    let month = c.as_of.max(from).min(until);
    let months = months_spanned(from, until);
    match rates::estimate(rates, city, month, wage, &out.exempt_branches, months) {
        Ok(estimate) => {
            out.steps.push(Step::new(
                "savings_estimate",
                &[
                    ("city", estimate.city.clone()),
                    ("month", estimate.month.clone()),
                    ("total", format!("{:.2}", estimate.total_cny)),
                    ("months", months.to_string()),
                    ("period_total", format!("{:.2}", estimate.period_total_cny)),
                ],
            ));
            out.savings = Some(estimate);
        }
        Err(reason) => out.steps.push(Step::new(
            "savings_unavailable",
            &[
                ("city", city.clone()),
                ("month", month.format("%Y-%m").to_string()),
                ("reason", reason.to_owned()),
            ],
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::agreements;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn inbound(
        nationality: &str,
        from: &str,
        category: &str,
        start: &str,
        end: &str,
        as_of: &str,
    ) -> DeterminationRequest {
        DeterminationRequest {
            as_of: as_of.into(),
            nationality: nationality.into(),
            sending_country: from.into(),
            work_country: "CN".into(),
            worker_category: category.into(),
            posting_start: start.into(),
            posting_end: end.into(),
            ..Default::default()
        }
    }

    fn outbound(
        to: &str,
        category: &str,
        start: &str,
        end: &str,
        as_of: &str,
    ) -> DeterminationRequest {
        DeterminationRequest {
            as_of: as_of.into(),
            nationality: "CN".into(),
            sending_country: "CN".into(),
            work_country: to.into(),
            worker_category: category.into(),
            posting_start: start.into(),
            posting_end: end.into(),
            ..Default::default()
        }
    }

    fn run(request: &DeterminationRequest) -> Determination {
        let agreements = agreements::builtin().unwrap_or_else(|e| panic!("{e}"));
        let rates = rates::builtin().unwrap_or_else(|e| panic!("{e}"));
        determine(agreements, rates, request).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn errors(request: &DeterminationRequest) -> FieldErrors {
        let agreements = agreements::builtin().unwrap_or_else(|e| panic!("{e}"));
        let rates = rates::builtin().unwrap_or_else(|e| panic!("{e}"));
        match determine(agreements, rates, request) {
            Ok(d) => panic!("accepted: {d:?}"),
            Err(e) => e,
        }
    }

    fn codes(d: &Determination) -> Vec<&'static str> {
        d.steps.iter().map(|s| s.code).collect()
    }

    fn step<'a>(d: &'a Determination, code: &str) -> &'a Step {
        d.steps
            .iter()
            .find(|s| s.code == code)
            .unwrap_or_else(|| panic!("no step {code} in {:?}", codes(d)))
    }

    fn has(d: &Determination, code: &str) -> bool {
        d.steps.iter().any(|s| s.code == code)
    }

    fn assert_not_exempt(d: &Determination) {
        assert!(!d.exempt, "{d:?}");
        assert!(d.exempt_branches.is_empty());
        assert_eq!(d.enrol_branches, CHINESE_BRANCHES);
        assert_eq!(d.steps.last().map(|s| s.code), Some("outcome_all_branches"));
    }

    fn assert_exempt(d: &Determination, branches: &[&str]) {
        assert!(d.exempt, "{:?}", codes(d));
        assert_eq!(d.exempt_branches, branches);
        let enrol: Vec<&str> = CHINESE_BRANCHES
            .into_iter()
            .filter(|b| !branches.contains(b))
            .collect();
        assert_eq!(d.enrol_branches, enrol);
        assert_eq!(d.steps.last().map(|s| s.code), Some("outcome_exempt"));
    }

    #[test]
    fn every_emitted_code_is_listed() {
        let mut listed: Vec<&str> = STEP_CODES.to_vec();
        listed.sort_unstable();
        listed.dedup();
        assert_eq!(listed.len(), STEP_CODES.len());
        let source = include_str!("mod.rs");
        let body = source.split("#[cfg(test)]").next().unwrap_or_default();
        for code in STEP_CODES {
            assert!(body.contains(&format!("\"{code}\"")), "{code}");
        }
    }

    /// How an agreement's posting limit behaves in a direction.
    #[derive(Clone, Copy)]
    enum Kind {
        Months(u32),
        /// Korea interim: no limit, ends on the given day.
        UnlimitedUntil(&'static str),
        NotEstablished,
        NotInForce,
    }

    struct Case {
        code: &'static str,
        partner: &'static str,
        inbound: Kind,
        outbound: Kind,
        branches: &'static [&'static str],
        covered: &'static str,
        not_covered: &'static str,
    }

    const PU: &[&str] = &["pension", "unemployment"];
    const P: &[&str] = &["pension"];

    const CASES: [Case; 14] = [
        Case {
            code: "CN-DE-2001",
            partner: "DE",
            inbound: Kind::Months(48),
            outbound: Kind::Months(48),
            branches: PU,
            covered: "subsidiary_staff",
            not_covered: "self_employed",
        },
        Case {
            code: "CN-KR-2003",
            partner: "KR",
            inbound: Kind::UnlimitedUntil("2013-01-15"),
            outbound: Kind::UnlimitedUntil("2013-01-15"),
            branches: P,
            covered: "self_employed",
            not_covered: "seafarer",
        },
        Case {
            code: "CN-KR-2012",
            partner: "KR",
            inbound: Kind::Months(60),
            outbound: Kind::Months(60),
            branches: PU,
            covered: "civil_servant",
            not_covered: "seafarer",
        },
        Case {
            code: "CN-DK-2013",
            partner: "DK",
            inbound: Kind::Months(36),
            outbound: Kind::Months(60),
            branches: P,
            covered: "aircrew",
            not_covered: "self_employed",
        },
        Case {
            code: "CN-FI-2014",
            partner: "FI",
            inbound: Kind::Months(60),
            outbound: Kind::Months(60),
            branches: PU,
            covered: "self_employed",
            not_covered: "family_member",
        },
        Case {
            code: "CN-CA-2015",
            partner: "CA",
            inbound: Kind::Months(72),
            outbound: Kind::Months(72),
            branches: P,
            covered: "exception_by_agreement",
            not_covered: "diplomatic_consular",
        },
        Case {
            code: "CN-CH-2015",
            partner: "CH",
            inbound: Kind::Months(72),
            outbound: Kind::Months(72),
            branches: PU,
            covered: "seafarer",
            not_covered: "self_employed",
        },
        Case {
            code: "CN-NL-2016",
            partner: "NL",
            inbound: Kind::Months(60),
            outbound: Kind::Months(60),
            branches: PU,
            covered: "posted_worker",
            not_covered: "self_employed",
        },
        Case {
            code: "CN-FR-2016",
            partner: "FR",
            inbound: Kind::NotInForce,
            outbound: Kind::NotInForce,
            branches: PU,
            covered: "posted_worker",
            not_covered: "seafarer",
        },
        Case {
            code: "CN-ES-2017",
            partner: "ES",
            inbound: Kind::Months(72),
            outbound: Kind::Months(72),
            branches: PU,
            covered: "civil_servant",
            not_covered: "self_employed",
        },
        Case {
            code: "CN-LU-2017",
            partner: "LU",
            inbound: Kind::Months(60),
            outbound: Kind::Months(60),
            branches: P,
            covered: "self_employed",
            not_covered: "family_member",
        },
        Case {
            code: "CN-JP-2018",
            partner: "JP",
            inbound: Kind::Months(60),
            outbound: Kind::Months(60),
            branches: P,
            covered: "aircrew",
            not_covered: "self_employed",
        },
        Case {
            code: "CN-RS-2018",
            partner: "RS",
            inbound: Kind::Months(60),
            outbound: Kind::Months(60),
            branches: PU,
            covered: "diplomatic_consular",
            not_covered: "seafarer",
        },
        Case {
            code: "CN-KG-2025",
            partner: "KG",
            inbound: Kind::NotEstablished,
            outbound: Kind::NotEstablished,
            branches: P,
            covered: "international_transport",
            not_covered: "family_member",
        },
    ];

    fn request(
        case: &Case,
        direction: Direction,
        category: &str,
        start: NaiveDate,
        end: NaiveDate,
        as_of: NaiveDate,
    ) -> DeterminationRequest {
        let (s, e, a) = (iso(start), iso(end), iso(as_of));
        match direction {
            Direction::Inbound => inbound(case.partner, case.partner, category, &s, &e, &a),
            Direction::Outbound => outbound(case.partner, category, &s, &e, &a),
        }
    }

    #[test]
    fn every_agreement_at_its_boundaries_in_both_directions() {
        let agreements = agreements::builtin().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(agreements.len(), CASES.len());
        for case in &CASES {
            let agreement = agreements
                .iter()
                .find(|a| a.code == case.code)
                .unwrap_or_else(|| panic!("{}", case.code));
            let in_force = agreement.in_force.unwrap_or(d("2022-06-01"));
            // A posting that began 100 days before the entry into force and runs 30 years.
            let start = in_force - chrono::Days::new(100);
            let end = period_end(in_force, 360);
            for direction in [Direction::Inbound, Direction::Outbound] {
                let kind = match direction {
                    Direction::Inbound => case.inbound,
                    Direction::Outbound => case.outbound,
                };
                let ctx = format!("{} {}", case.code, direction.code());
                let at = |as_of: NaiveDate| {
                    run(&request(case, direction, case.covered, start, end, as_of))
                };
                assert_eq!(at(in_force).direction, direction, "{ctx}");

                // The day before the entry into force: not exempt.
                let before = at(previous_day(in_force));
                if case.code == "CN-KR-2012" {
                    // The interim arrangement still applies that day (handover test below).
                    assert_eq!(before.agreement.as_deref(), Some("CN-KR-2003"), "{ctx}");
                } else {
                    assert_eq!(before.agreement.as_deref(), Some(case.code), "{ctx}");
                    assert_not_exempt(&before);
                    let expected = agreement.in_force.map_or("none".to_owned(), iso);
                    assert_eq!(
                        step(&before, "agreement_not_in_force").arg("in_force"),
                        Some(expected.as_str()),
                        "{ctx}"
                    );
                }

                // A category the agreement does not cover.
                let uncovered = run(&request(
                    case,
                    direction,
                    case.not_covered,
                    start,
                    end,
                    in_force,
                ));
                assert_not_exempt(&uncovered);
                if !matches!(kind, Kind::NotInForce) {
                    assert!(has(&uncovered, "category_not_covered"), "{ctx}");
                }

                // The day of entry into force and the end of the limit.
                let on = at(in_force);
                assert_eq!(on.agreement.as_deref(), Some(case.code), "{ctx}");
                match kind {
                    Kind::Months(n) => {
                        let last = period_end(in_force, n);
                        assert_exempt(&on, case.branches);
                        assert_eq!(on.exempt_from, Some(in_force), "{ctx}");
                        assert_eq!(on.exempt_until, Some(last), "{ctx}");
                        assert_eq!(on.all_branches_from, Some(next_day(last)), "{ctx}");
                        assert_eq!(on.max_posting_months, Some(n), "{ctx}");
                        assert_eq!(
                            on.extension_rule,
                            Some(agreement.extension_rule.code()),
                            "{ctx}"
                        );
                        assert_eq!(
                            step(&on, "clock_start").arg("date"),
                            Some(iso(in_force).as_str()),
                            "{ctx}"
                        );
                        let before_in_force = step(&on, "all_branches_before_in_force");
                        assert_eq!(
                            before_in_force.arg("from"),
                            Some(iso(start).as_str()),
                            "{ctx}"
                        );
                        assert_eq!(
                            before_in_force.arg("until"),
                            Some(iso(previous_day(in_force)).as_str()),
                            "{ctx}"
                        );
                        let on_last = at(last);
                        assert_exempt(&on_last, case.branches);
                        assert_eq!(on_last.exempt_until, Some(last), "{ctx}");
                        let after = at(next_day(last));
                        assert_not_exempt(&after);
                        assert_eq!(after.exempt_until, Some(last), "{ctx}");
                        assert_eq!(
                            step(&after, "posting_limit_exceeded").arg("from"),
                            Some(iso(next_day(last)).as_str()),
                            "{ctx}"
                        );
                    }
                    Kind::UnlimitedUntil(until) => {
                        let until = d(until);
                        assert_exempt(&on, case.branches);
                        assert_eq!(on.exempt_until, Some(until), "{ctx}");
                        assert_eq!(on.max_posting_months, None, "{ctx}");
                        assert!(has(&on, "posting_unlimited"), "{ctx}");
                        assert_exempt(&at(until), case.branches);
                        let next = at(next_day(until));
                        assert_ne!(next.agreement.as_deref(), Some(case.code), "{ctx}");
                    }
                    Kind::NotEstablished => {
                        assert_not_exempt(&on);
                        assert!(on.manual_review, "{ctx}");
                        assert!(has(&on, "posting_limit_unknown"), "{ctx}");
                        assert_eq!((on.exempt_from, on.exempt_until), (None, None), "{ctx}");
                    }
                    Kind::NotInForce => {
                        assert_not_exempt(&on);
                        assert_eq!(
                            step(&on, "agreement_not_in_force").arg("in_force"),
                            Some("none"),
                            "{ctx}"
                        );
                        assert!(!on.manual_review, "{ctx}");
                    }
                }
            }
        }
    }

    #[test]
    fn no_agreement_with_the_united_states() {
        for r in [
            inbound(
                "US",
                "US",
                "posted_worker",
                "2020-01-01",
                "2022-12-31",
                "2021-01-01",
            ),
            outbound(
                "US",
                "posted_worker",
                "2020-01-01",
                "2022-12-31",
                "2021-01-01",
            ),
            inbound(
                "BE",
                "BE",
                "posted_worker",
                "2020-01-01",
                "2022-12-31",
                "2021-01-01",
            ),
        ] {
            let d = run(&r);
            assert_eq!(d.agreement, None);
            assert_not_exempt(&d);
            assert_eq!(
                codes(&d),
                ["direction", "no_agreement", "outcome_all_branches"]
            );
            assert!(!d.manual_review);
            assert_eq!(d.extension_rule, None);
        }
    }

    #[test]
    fn e1_german_posted_worker() {
        let d = run(&inbound(
            "DE",
            "DE",
            "posted_worker",
            "2020-03-15",
            "2024-03-14",
            "2020-03-15",
        ));
        assert_exempt(&d, &["pension", "unemployment"]);
        assert_eq!(d.enrol_branches, ["medical", "work_injury", "maternity"]);
        assert_eq!(d.exempt_from, Some(self::d("2020-03-15")));
        assert_eq!(d.exempt_until, Some(self::d("2024-03-14")));
        assert_eq!(d.all_branches_from, None);
        assert!(!d.extension_possible);
        assert_eq!(d.max_posting_months, Some(48));
        assert_eq!(
            codes(&d),
            [
                "direction",
                "agreement_in_force",
                "nationality_ok",
                "category_covered",
                "clock_start",
                "posting_limit",
                "exemption_period",
                "outcome_exempt"
            ]
        );
        assert_eq!(step(&d, "posting_limit").arg("until"), Some("2024-03-14"));
        assert_eq!(
            step(&d, "exemption_period").arg("branches"),
            Some("pension, unemployment")
        );

        // The posting goes on: all five from 2024-03-15 unless a special agreement, at most to
        // 2028-03-14 (96 months).
        let d = run(&inbound(
            "DE",
            "DE",
            "posted_worker",
            "2020-03-15",
            "2030-12-31",
            "2022-01-01",
        ));
        assert_exempt(&d, &["pension", "unemployment"]);
        assert_eq!(d.exempt_until, Some(self::d("2024-03-14")));
        assert_eq!(d.all_branches_from, Some(self::d("2024-03-15")));
        assert!(d.extension_possible);
        assert_eq!(d.extension_rule, Some("special_agreement"));
        assert_eq!(d.extension_max_until, Some(self::d("2028-03-14")));
        let s = step(&d, "extension_special_agreement");
        assert_eq!(s.arg("max_months"), Some("96"));
        assert_eq!(s.arg("from"), Some("2024-03-15"));
        // Capped at the posting end.
        let d = run(&inbound(
            "DE",
            "DE",
            "posted_worker",
            "2020-03-15",
            "2026-06-30",
            "2022-01-01",
        ));
        assert_eq!(d.extension_max_until, Some(self::d("2026-06-30")));
        // On 2024-03-15 the limit has passed.
        let d = run(&inbound(
            "DE",
            "DE",
            "posted_worker",
            "2020-03-15",
            "2030-12-31",
            "2024-03-15",
        ));
        assert_not_exempt(&d);
        assert!(has(&d, "posting_limit_exceeded"));
        assert!(d.extension_possible);
    }

    #[test]
    fn e2_japanese_posting_running_at_entry_into_force() {
        let d = run(&inbound(
            "JP",
            "JP",
            "posted_worker",
            "2017-04-01",
            "2026-03-31",
            "2019-09-01",
        ));
        assert_exempt(&d, &["pension"]);
        assert_eq!(
            d.enrol_branches,
            ["medical", "work_injury", "unemployment", "maternity"]
        );
        assert_eq!(d.exempt_from, Some(self::d("2019-09-01")));
        assert_eq!(d.exempt_until, Some(self::d("2024-08-31")));
        assert_eq!(d.all_branches_from, Some(self::d("2024-09-01")));
        let s = step(&d, "all_branches_before_in_force");
        assert_eq!(
            (s.arg("from"), s.arg("until")),
            (Some("2017-04-01"), Some("2019-08-31"))
        );
        assert!(d.extension_possible);
        assert_eq!(d.extension_max_until, None);
        assert_eq!(
            step(&d, "extension_by_agreement").arg("max_until"),
            Some("none")
        );
        // Before the entry into force: all five.
        let d = run(&inbound(
            "JP",
            "JP",
            "posted_worker",
            "2017-04-01",
            "2026-03-31",
            "2019-08-31",
        ));
        assert_not_exempt(&d);
        assert_eq!(
            step(&d, "agreement_not_in_force").arg("in_force"),
            Some("2019-09-01")
        );
        // A posting that ended before the entry into force: not exempt, even asked later.
        let d = run(&inbound(
            "JP",
            "JP",
            "posted_worker",
            "2017-04-01",
            "2019-08-31",
            "2020-01-01",
        ));
        assert_not_exempt(&d);
        assert_eq!(d.exempt_from, None);
        assert!(has(&d, "agreement_not_in_force"));
    }

    #[test]
    fn e3_france_not_in_force() {
        let d = run(&inbound(
            "FR",
            "FR",
            "posted_worker",
            "2022-01-01",
            "2023-12-31",
            "2022-06-01",
        ));
        assert_eq!(d.agreement.as_deref(), Some("CN-FR-2016"));
        assert_not_exempt(&d);
        assert_eq!(
            step(&d, "agreement_not_in_force").arg("in_force"),
            Some("none")
        );
        let d = run(&outbound(
            "FR",
            "posted_worker",
            "2022-01-01",
            "2023-12-31",
            "2022-06-01",
        ));
        assert_eq!(d.direction, Direction::Outbound);
        assert_not_exempt(&d);
    }

    #[test]
    fn e4_denmark_36_months_then_manual_review() {
        let d = run(&inbound(
            "DK",
            "DK",
            "posted_worker",
            "2015-01-10",
            "2020-12-31",
            "2015-01-10",
        ));
        assert_exempt(&d, &["pension"]);
        assert_eq!(d.exempt_until, Some(self::d("2018-01-09")));
        assert_eq!(d.all_branches_from, Some(self::d("2018-01-10")));
        assert_eq!(d.max_posting_months, Some(36));
        assert!(d.manual_review);
        assert!(!d.extension_possible);
        assert_eq!(d.extension_rule, Some("unknown"));
        assert_eq!(
            step(&d, "extension_terms_unknown").arg("from"),
            Some("2018-01-10")
        );
        // Outbound the limit is 60 months.
        let d = run(&outbound(
            "DK",
            "posted_worker",
            "2015-01-10",
            "2020-12-31",
            "2015-01-10",
        ));
        assert_eq!(d.exempt_until, Some(self::d("2020-01-09")));
        assert_eq!(d.max_posting_months, Some(60));
        // A posting within the limit needs no review.
        let d = run(&inbound(
            "DK",
            "DK",
            "posted_worker",
            "2015-01-10",
            "2017-12-31",
            "2015-01-10",
        ));
        assert!(!d.manual_review);
    }

    #[test]
    fn e5_kyrgyzstan_manual_review() {
        let d = run(&inbound(
            "KG",
            "KG",
            "posted_worker",
            "2025-11-01",
            "2027-10-31",
            "2025-11-01",
        ));
        assert_eq!(d.agreement.as_deref(), Some("CN-KG-2025"));
        assert_not_exempt(&d);
        assert!(d.manual_review);
        assert_eq!(
            step(&d, "posting_limit_unknown").arg("agreement"),
            Some("CN-KG-2025")
        );
        assert_eq!(
            (d.exempt_from, d.exempt_until, d.all_branches_from),
            (None, None, None)
        );
    }

    #[test]
    fn korea_interim_arrangement_hands_over_to_2012() {
        let posting = |as_of: &str| {
            run(&inbound(
                "KR",
                "KR",
                "posted_worker",
                "2010-01-01",
                "2020-12-31",
                as_of,
            ))
        };
        let d = posting("2013-01-15");
        assert_eq!(d.agreement.as_deref(), Some("CN-KR-2003"));
        assert_exempt(&d, &["pension"]);
        assert_eq!(d.exempt_from, Some(self::d("2010-01-01")));
        assert_eq!(d.exempt_until, Some(self::d("2013-01-15")));
        assert_eq!(d.all_branches_from, Some(self::d("2013-01-16")));
        assert_eq!(d.extension_rule, Some("none"));
        assert!(!d.extension_possible);
        assert_eq!(
            step(&d, "agreement_ends").arg("successor"),
            Some("CN-KR-2012")
        );

        let d = posting("2013-01-16");
        assert_eq!(d.agreement.as_deref(), Some("CN-KR-2012"));
        assert_exempt(&d, &["pension", "unemployment"]);
        assert_eq!(d.exempt_from, Some(self::d("2013-01-16")));
        assert_eq!(d.exempt_until, Some(self::d("2018-01-15")));
        assert!(d.extension_possible);
        // 156 months from the clock would reach 2026-01-15; the posting ends first.
        assert_eq!(d.extension_max_until, Some(self::d("2020-12-31")));
        let long = run(&inbound(
            "KR",
            "KR",
            "posted_worker",
            "2010-01-01",
            "2030-12-31",
            "2013-01-16",
        ));
        assert_eq!(long.extension_max_until, Some(self::d("2026-01-15")));

        let d = posting("2003-05-22");
        assert_eq!(d.agreement.as_deref(), Some("CN-KR-2003"));
        assert_eq!(
            step(&d, "agreement_not_in_force").arg("in_force"),
            Some("2003-05-23")
        );
        // A posting starting after the interim arrangement ended, asked about before.
        let d = run(&inbound(
            "KR",
            "KR",
            "posted_worker",
            "2013-02-01",
            "2014-01-31",
            "2013-01-10",
        ));
        assert_eq!(d.agreement.as_deref(), Some("CN-KR-2003"));
        assert_not_exempt(&d);
        assert_eq!(step(&d, "agreement_ends").arg("until"), Some("2013-01-15"));
    }

    #[test]
    fn korea_local_short_term_has_no_extension() {
        let d = run(&inbound(
            "KR",
            "KR",
            "local_short_term",
            "2015-01-01",
            "2022-12-31",
            "2016-01-01",
        ));
        assert_exempt(&d, &["pension", "unemployment"]);
        assert_eq!(d.exempt_until, Some(self::d("2019-12-31")));
        assert_eq!(d.extension_rule, Some("none"));
        assert!(!d.extension_possible);
        assert_eq!(d.extension_max_until, None);
        assert_eq!(step(&d, "local_short_term_limit").arg("months"), Some("60"));
        assert_eq!(
            step(&d, "posting_limit_exceeded").arg("from"),
            Some("2020-01-01")
        );
        let later = run(&inbound(
            "KR",
            "KR",
            "local_short_term",
            "2015-01-01",
            "2022-12-31",
            "2020-01-01",
        ));
        assert_not_exempt(&later);
        assert_eq!(
            later
                .steps
                .iter()
                .filter(|s| s.code == "posting_limit_exceeded")
                .count(),
            1
        );
    }

    #[test]
    fn korea_medical_protocol() {
        let with = |since: &str, insured: bool, as_of: &str| {
            let mut r = inbound(
                "KR",
                "KR",
                "posted_worker",
                "2012-06-01",
                "2019-12-31",
                as_of,
            );
            r.employed_in_china_since = Some(since.into());
            r.commercial_health_insurance = insured;
            run(&r)
        };
        let d = with("2012-06-01", true, "2015-01-01");
        assert_exempt(&d, &["pension", "medical", "unemployment"]);
        assert_eq!(d.enrol_branches, ["work_injury", "maternity"]);
        assert_eq!(
            step(&d, "korea_medical_protocol").arg("until"),
            Some("2016-12-31")
        );
        assert_exempt(
            &with("2013-01-15", true, "2016-12-31"),
            &["pension", "medical", "unemployment"],
        );
        // After 2016 it is ignored.
        let d = with("2012-06-01", true, "2017-01-01");
        assert_exempt(&d, &["pension", "unemployment"]);
        assert!(!has(&d, "korea_medical_protocol"));
        // Not working in China before 2013-01-16, or no commercial insurance.
        assert_exempt(
            &with("2013-01-16", true, "2015-01-01"),
            &["pension", "unemployment"],
        );
        assert_exempt(
            &with("2012-06-01", false, "2015-01-01"),
            &["pension", "unemployment"],
        );
        // Not under the interim arrangement.
        assert_exempt(&with("2012-06-01", true, "2012-12-01"), &["pension"]);
        // Not for another nationality.
        let mut r = inbound(
            "US",
            "KR",
            "posted_worker",
            "2012-06-01",
            "2019-12-31",
            "2015-01-01",
        );
        r.employed_in_china_since = Some("2012-06-01".into());
        r.commercial_health_insurance = true;
        let d = run(&r);
        assert_exempt(&d, &["pension", "unemployment"]);
        assert!(d.manual_review);
    }

    #[test]
    fn netherlands_one_month_with_the_sending_employer() {
        let with = |since: Option<&str>| {
            let mut r = inbound(
                "NL",
                "NL",
                "posted_worker",
                "2020-02-15",
                "2022-12-31",
                "2020-03-01",
            );
            r.employed_by_sender_since = since.map(str::to_owned);
            run(&r)
        };
        let d = with(Some("2020-01-15"));
        assert_exempt(&d, &["pension", "unemployment"]);
        assert_eq!(
            step(&d, "sender_employment_ok").arg("since"),
            Some("2020-01-15")
        );
        let d = with(Some("2020-01-16"));
        assert_not_exempt(&d);
        assert_eq!(
            step(&d, "sender_employment_too_short").arg("posting_start"),
            Some("2020-02-15")
        );
        let d = with(None);
        assert_exempt(&d, &["pension", "unemployment"]);
        assert!(has(&d, "sender_employment_condition"));
        assert!(!d.manual_review);
        // Outbound too.
        let mut r = outbound(
            "NL",
            "posted_worker",
            "2020-02-15",
            "2022-12-31",
            "2020-03-01",
        );
        r.employed_by_sender_since = Some("2020-02-01".into());
        assert_not_exempt(&run(&r));
    }

    #[test]
    fn family_members() {
        for partner in ["CH", "NL", "JP"] {
            let d = run(&inbound(
                partner,
                partner,
                "family_member",
                "2020-01-01",
                "2021-12-31",
                "2020-06-01",
            ));
            assert!(d.exempt, "{partner}");
            assert!(!d.manual_review);
            assert!(has(&d, "family_member_conditions"));
        }
        let d = run(&outbound(
            "CH",
            "family_member",
            "2020-01-01",
            "2021-12-31",
            "2020-06-01",
        ));
        assert!(d.exempt);
        // Japan: the Chinese side only.
        let d = run(&outbound(
            "JP",
            "family_member",
            "2020-01-01",
            "2021-12-31",
            "2020-06-01",
        ));
        assert_not_exempt(&d);
        assert!(has(&d, "category_not_covered"));
    }

    #[test]
    fn german_diplomatic_staff_have_no_limit() {
        let d = run(&inbound(
            "DE",
            "DE",
            "diplomatic_consular",
            "2005-01-01",
            "2025-12-31",
            "2024-01-01",
        ));
        assert_exempt(&d, &["pension", "unemployment"]);
        assert_eq!(d.exempt_until, Some(self::d("2025-12-31")));
        assert_eq!(d.max_posting_months, None);
        assert!(has(&d, "diplomatic_no_limit"));
        assert!(!d.extension_possible);
        let ended = run(&inbound(
            "DE",
            "DE",
            "diplomatic_consular",
            "2005-01-01",
            "2025-12-31",
            "2026-01-01",
        ));
        assert_not_exempt(&ended);
        assert_eq!(
            step(&ended, "posting_ended").arg("posting_end"),
            Some("2025-12-31")
        );
    }

    #[test]
    fn nationality_mismatch_goes_to_review_but_is_worked_out() {
        let d = run(&inbound(
            "US",
            "DE",
            "posted_worker",
            "2020-03-15",
            "2024-03-14",
            "2021-01-01",
        ));
        assert!(d.manual_review);
        assert_exempt(&d, &["pension", "unemployment"]);
        let s = step(&d, "nationality_mismatch");
        assert_eq!(
            (s.arg("nationality"), s.arg("expected")),
            (Some("US"), Some("DE"))
        );
        let mut r = outbound(
            "DE",
            "posted_worker",
            "2020-03-15",
            "2024-03-14",
            "2021-01-01",
        );
        r.nationality = "FR".into();
        let d = run(&r);
        assert!(d.manual_review);
        assert_eq!(step(&d, "nationality_mismatch").arg("expected"), Some("CN"));
    }

    #[test]
    fn spain_extension_notice_and_other_rules() {
        let d = run(&inbound(
            "ES",
            "ES",
            "posted_worker",
            "2019-01-01",
            "2030-12-31",
            "2020-01-01",
        ));
        assert_eq!(d.exempt_until, Some(self::d("2024-12-31")));
        assert_eq!(
            step(&d, "extension_notice").arg("latest"),
            Some("2024-09-30")
        );
        assert!(has(&d, "extension_by_agreement"));
        let d = run(&inbound(
            "CH",
            "CH",
            "posted_worker",
            "2018-01-01",
            "2030-12-31",
            "2020-01-01",
        ));
        assert!(has(&d, "extension_exceptional_by_agreement"));
        assert!(!has(&d, "extension_notice"));
        let d = run(&inbound(
            "RS",
            "RS",
            "posted_worker",
            "2022-01-01",
            "2030-12-31",
            "2023-01-01",
        ));
        assert_eq!(d.exempt_until, Some(self::d("2026-12-31")));
        assert_eq!(d.extension_max_until, Some(self::d("2028-12-31")));
        // A posting that ends within the limit: nothing to extend.
        let d = run(&inbound(
            "ES",
            "ES",
            "posted_worker",
            "2019-01-01",
            "2020-12-31",
            "2020-01-01",
        ));
        assert!(!d.extension_possible);
        assert!(!has(&d, "extension_notice"));
        // Exemption still to come on as_of.
        let d = run(&inbound(
            "ES",
            "ES",
            "posted_worker",
            "2026-01-01",
            "2026-12-31",
            "2025-06-01",
        ));
        assert_exempt(&d, &["pension", "unemployment"]);
        assert_eq!(d.exempt_from, Some(self::d("2026-01-01")));
    }

    #[test]
    fn savings_for_an_inbound_exemption() {
        let mut r = inbound(
            "DE",
            "DE",
            "posted_worker",
            "2024-07-01",
            "2026-06-30",
            "2024-07-01",
        );
        r.city = Some("beijing".into());
        r.monthly_wage_cny = Some(80_000.0);
        let d = run(&r);
        let s = d
            .savings
            .clone()
            .unwrap_or_else(|| panic!("no savings: {:?}", codes(&d)));
        assert_eq!(s.city, "Beijing");
        assert_eq!(s.month, "2024-07");
        assert_eq!(s.total_cny, 8_820.76);
        assert_eq!(s.months, 24);
        assert_eq!(s.period_total_cny, 211_698.24);
        assert_eq!(step(&d, "savings_estimate").arg("total"), Some("8820.76"));
        // The month is clipped into the exemption: as_of before the posting starts.
        r.as_of = "2024-01-01".into();
        assert_eq!(run(&r).savings.map(|s| s.month), Some("2024-07".to_owned()));
        // A wage without a city, or outbound: no estimate.
        r.city = None;
        assert_eq!(run(&r).savings, None);
        let mut o = outbound(
            "DE",
            "posted_worker",
            "2024-07-01",
            "2026-06-30",
            "2024-07-01",
        );
        o.city = Some("Beijing".into());
        o.monthly_wage_cny = Some(80_000.0);
        assert_eq!(run(&o).savings, None);
        // No rates for 2015.
        let mut old = inbound(
            "DE",
            "DE",
            "posted_worker",
            "2015-01-01",
            "2016-12-31",
            "2015-01-01",
        );
        old.city = Some("Shanghai".into());
        old.monthly_wage_cny = Some(30_000.0);
        let d = run(&old);
        assert!(d.exempt);
        assert_eq!(d.savings, None);
        assert_eq!(
            step(&d, "savings_unavailable").arg("reason"),
            Some("no_rates")
        );
    }

    #[test]
    fn validation_names_each_field() {
        let good = || {
            inbound(
                "DE",
                "DE",
                "posted_worker",
                "2020-03-15",
                "2024-03-14",
                "2021-01-01",
            )
        };
        type Edit = fn(&mut DeterminationRequest);
        let cases: [(&str, &str, Edit); 21] = [
            ("as_of", "required", |r| r.as_of = String::new()),
            ("as_of", "invalid_date", |r| r.as_of = "2021-02-30".into()),
            ("as_of", "before_1900", |r| r.as_of = "1899-12-31".into()),
            ("posting_start", "invalid_date", |r| {
                r.posting_start = "15.03.2020".into()
            }),
            ("posting_start", "before_1900", |r| {
                r.posting_start = "1850-01-01".into()
            }),
            ("posting_end", "required", |r| r.posting_end = " ".into()),
            ("posting_end", "before_posting_start", |r| {
                r.posting_end = "2020-03-14".into()
            }),
            ("employed_by_sender_since", "invalid_date", |r| {
                r.employed_by_sender_since = Some("soon".into())
            }),
            ("employed_in_china_since", "before_1900", |r| {
                r.employed_in_china_since = Some("1800-01-01".into())
            }),
            ("nationality", "unknown_country", |r| {
                r.nationality = "XX".into()
            }),
            ("nationality", "required", |r| r.nationality = String::new()),
            ("sending_country", "unknown_country", |r| {
                r.sending_country = "Germany".into()
            }),
            ("work_country", "unknown_country", |r| {
                r.work_country = "ZZ".into()
            }),
            ("worker_category", "unknown_value", |r| {
                r.worker_category = "tourist".into()
            }),
            ("worker_category", "required", |r| {
                r.worker_category = String::new()
            }),
            ("work_country", "same_country", |r| {
                r.work_country = "DE".into()
            }),
            ("work_country", "china_not_involved", |r| {
                r.work_country = "FR".into()
            }),
            ("monthly_wage_cny", "out_of_range", |r| {
                r.monthly_wage_cny = Some(-1.0)
            }),
            ("monthly_wage_cny", "out_of_range", |r| {
                r.monthly_wage_cny = Some(f64::INFINITY)
            }),
            ("city", "unknown_city", |r| r.city = Some("Wuhan".into())),
            ("work_country", "same_country", |r| {
                r.sending_country = "CN".into();
                r.work_country = "CHN".into();
            }),
        ];
        for (field, code, edit) in cases {
            let mut r = good();
            edit(&mut r);
            let e = errors(&r);
            assert_eq!(e.code_for(field), Some(code), "{field} {code}: {e:?}");
            assert_eq!(e.0.len(), 1, "{field} {code}: {e:?}");
        }
        // Several at once.
        let mut r = good();
        r.as_of = "x".into();
        r.worker_category = "x".into();
        r.city = Some("x".into());
        let fields: Vec<String> = errors(&r).0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["as_of", "worker_category", "city"]);
        // Codes in any case and alpha-3 are accepted; empty optional fields are absent.
        let mut r = good();
        r.nationality = "deu".into();
        r.work_country = "chn".into();
        r.employed_by_sender_since = Some(String::new());
        r.city = Some(" ".into());
        assert!(run(&r).exempt);
    }

    #[test]
    fn request_json_refuses_unknown_fields() {
        let json = serde_json::json!({
            "as_of": "2021-01-01", "nationality": "DE", "sending_country": "DE",
            "work_country": "CN", "worker_category": "posted_worker",
            "posting_start": "2020-03-15", "posting_end": "2024-03-14"
        });
        let r: DeterminationRequest =
            serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert!(run(&r).exempt);
        let mut extra = json;
        extra["salary"] = serde_json::json!(1);
        assert!(serde_json::from_value::<DeterminationRequest>(extra).is_err());
        let d = run(&r);
        let value = serde_json::to_value(&d).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(value["direction"], "inbound");
        assert_eq!(value["exempt_until"], "2024-03-14");
        assert_eq!(value["steps"][0]["code"], "direction");
        assert_eq!(
            value["steps"][0]["args"][0],
            serde_json::json!(["direction", "inbound"])
        );
    }
}
