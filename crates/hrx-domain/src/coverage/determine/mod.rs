//! The determination of an exemption under a bilateral agreement (spec
//! `social-security-agreements.md` §4), for one posting as it stands on one day (`as_of`).
//!
//! The outcome lists the reasons step by step ([`Step`]); the web layer translates each as the
//! Fluent message `coverage-step-<code>` with the step's args.

mod input;
mod savings;
mod steps;

use super::agreements::{Agreement, Direction, CHINESE_BRANCHES};
use super::rates::{RateTable, SavingsEstimate};
use crate::FieldErrors;
use chrono::NaiveDate;
use input::{check, iso};
use savings::savings;
use serde::{Deserialize, Serialize};
use steps::evaluate;

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

/// The five Chinese branches.
fn all_five() -> Vec<String> {
    CHINESE_BRANCHES.iter().map(|b| (*b).to_owned()).collect()
}

/// The given branches, in [`CHINESE_BRANCHES`] order.
fn in_branch_order(branches: &[String]) -> Vec<String> {
    CHINESE_BRANCHES
        .iter()
        .filter(|b| branches.iter().any(|x| x == *b))
        .map(|b| (*b).to_owned())
        .collect()
}

/// The branches of the five that are not given, in [`CHINESE_BRANCHES`] order.
fn others(branches: &[String]) -> Vec<String> {
    CHINESE_BRANCHES
        .iter()
        .filter(|b| !branches.iter().any(|x| x == *b))
        .map(|b| (*b).to_owned())
        .collect()
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
///
/// [`period_end`]: super::dates::period_end
/// [`rates::estimate`]: super::rates::estimate
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

#[cfg(test)]
mod tests;
