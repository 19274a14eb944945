//! Training abroad (出国(境)培训, spec `training-abroad.md`): programme types and durations,
//! the checks of a group's dispatch (passport, overlapping dates, the programme's window),
//! the quota of a sending unit, eligibility rules as data, and the completion report's
//! deadline. Pure: the store applies them to its records.

mod checks;
pub mod programme;
#[cfg(test)]
mod tests;

pub use checks::{
    check_passport, check_quota, check_window, overlaps, report_timing, Refusal, ReportState,
    ReportTiming,
};

pub use programme::{planned_class, required_day, ProgrammeFields, ProgrammeInput};

use crate::cooperation::codes;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

codes! {
    /// The programme types named in the sources (spec §2).
    ProgrammeType {
        LeadingOfficials = "leading_officials_economic_management",
        SeniorCivilServants = "senior_civil_servants",
        YoungCadres = "central_organs_young_cadres",
        ProvincialMinisterial = "provincial_ministerial_cadres",
        ProfessionalTechnical = "professional_technical",
        EnterpriseManagement = "enterprise_management",
        AgriculturalTechnical = "agricultural_technical",
        UniversityHeads = "university_heads",
        SocialManagement = "social_management",
        Other = "other",
    }
}

codes! {
    /// How a programme is paid for (spec §2, the four channels of the provincial measures).
    FundingChannel {
        SpecialFund = "special_fund",
        ForeignParty = "foreign_party",
        ImportContract = "import_contract",
        Intergovernmental = "intergovernmental",
    }
}

codes! {
    /// What SAFEA does with a programme (spec §5 step 4).
    ApprovalCategory {
        Approval = "approval",
        Review = "review",
        Filing = "filing",
    }
}

codes! {
    /// The kinds of host institution (spec §4, the MOST guide's list).
    InstitutionKind {
        Government = "government",
        InternationalOrganisation = "international_organisation",
        Ngo = "ngo",
        University = "university",
        Enterprise = "enterprise",
        TrainingBody = "training_body",
    }
}

codes! {
    /// Short-term or mid- and long-term (TA-R1).
    DurationClass {
        ShortTerm = "short_term",
        MidLongTerm = "mid_long_term",
    }
}

codes! {
    /// Where a group goes: abroad, or Hong Kong, Macao and Taiwan (出境, counted too).
    DestinationScope {
        Foreign = "foreign",
        Hmt = "hmt",
    }
}

/// The days of a stay, both ends counted (TA-R1, HRX convention); `None` when it ends before
/// it starts.
pub fn days(departure: NaiveDate, return_on: NaiveDate) -> Option<i64> {
    let n = (return_on - departure).num_days() + 1;
    (n >= 1).then_some(n)
}

/// The duration class of a stay (TA-R1): 90 days or more is mid- and long-term.
pub fn duration_class(departure: NaiveDate, return_on: NaiveDate) -> DurationClass {
    if days(departure, return_on).unwrap_or(0) >= rules().mid_long_term_days {
        DurationClass::MidLongTerm
    } else {
        DurationClass::ShortTerm
    }
}

/// Hong Kong, Macao and Taiwan are 出境 destinations, counted with `destination_scope=hmt`.
pub fn destination_scope(country: &str) -> DestinationScope {
    if crate::cooperation::REGIONS.contains(&country.trim()) {
        DestinationScope::Hmt
    } else {
        DestinationScope::Foreign
    }
}

/// A rule of eligibility (data, `data/training/rules.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityRule {
    pub code: String,
    /// The programme types it applies to; all when empty.
    #[serde(default)]
    pub programme_types: Vec<String>,
    #[serde(default)]
    pub nationality: Option<String>,
    #[serde(default)]
    pub min_age: Option<u32>,
    #[serde(default)]
    pub max_age: Option<u32>,
    pub description_en: String,
    pub description_zh: String,
    pub source: String,
}

/// The rules of `data/training/rules.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub mid_long_term_days: i64,
    pub report_deadline_days: u64,
    pub passport_months_after_return: u32,
    pub eligibility: Vec<EligibilityRule>,
}

const RULES_TOML: &str = include_str!("../../../../data/training/rules.toml");
const NOMINATION_WORKFLOW_TOML: &str =
    include_str!("../../../../data/training/nomination-workflow.toml");
const GROUP_WORKFLOW_TOML: &str = include_str!("../../../../data/training/group-workflow.toml");

fn parse_rules(text: &str) -> Result<Rules, String> {
    let rules: Rules = toml::from_str(text).map_err(|e| e.to_string())?;
    for r in &rules.eligibility {
        if let Some(t) = r
            .programme_types
            .iter()
            .find(|t| ProgrammeType::parse(t).is_none())
        {
            return Err(format!("{}: unknown programme type {t}", r.code));
        }
        if r.nationality.is_none() && r.min_age.is_none() && r.max_age.is_none() {
            return Err(format!("{}: a rule checks something", r.code));
        }
    }
    Ok(rules)
}

static RULES: LazyLock<Result<Rules, String>> = LazyLock::new(|| parse_rules(RULES_TOML));

/// The shipped rules; checked by a test, so a broken file never ships.
pub fn rules() -> &'static Rules {
    static FALLBACK: LazyLock<Rules> = LazyLock::new(|| Rules {
        mid_long_term_days: 90,
        report_deadline_days: 30,
        passport_months_after_return: 6,
        eligibility: Vec::new(),
    });
    RULES.as_ref().unwrap_or(&FALLBACK)
}

/// The shipped rules, or why they do not parse.
pub fn shipped_rules() -> Result<&'static Rules, &'static str> {
    RULES.as_ref().map_err(String::as_str)
}

static NOMINATION_WORKFLOW: LazyLock<Result<crate::workflow::Workflow, String>> =
    LazyLock::new(|| crate::workflow::Workflow::parse(NOMINATION_WORKFLOW_TOML));
static GROUP_WORKFLOW: LazyLock<Result<crate::workflow::Workflow, String>> =
    LazyLock::new(|| crate::workflow::Workflow::parse(GROUP_WORKFLOW_TOML));

/// The nomination workflow as shipped (`data/training/nomination-workflow.toml`).
pub fn nomination_workflow() -> Result<&'static crate::workflow::Workflow, &'static str> {
    NOMINATION_WORKFLOW.as_ref().map_err(String::as_str)
}

/// The group workflow as shipped (`data/training/group-workflow.toml`).
pub fn group_workflow() -> Result<&'static crate::workflow::Workflow, &'static str> {
    GROUP_WORKFLOW.as_ref().map_err(String::as_str)
}

/// Age in whole years on a day.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// What eligibility needs to know of a nominee.
#[derive(Debug, Clone, Copy)]
pub struct Nominee<'a> {
    pub nationality: &'a str,
    pub birth_date: NaiveDate,
}

/// The first rule the nominee fails for a programme of `programme_type` departing on
/// `departure`, with its explanation; `None` when eligible.
pub fn ineligible<'r>(
    rules: &'r [EligibilityRule],
    programme_type: ProgrammeType,
    nominee: Nominee<'_>,
    departure: NaiveDate,
) -> Option<(&'r EligibilityRule, String)> {
    let age = age_on(nominee.birth_date, departure);
    rules.iter().find_map(|r| {
        let applies = r.programme_types.is_empty()
            || r.programme_types.iter().any(|t| t == programme_type.code());
        if !applies {
            return None;
        }
        if let Some(n) = &r.nationality {
            if nominee.nationality != n {
                return Some((
                    r,
                    format!(
                        "rule {}: the nominee's nationality is {}, not {n}",
                        r.code, nominee.nationality
                    ),
                ));
            }
        }
        let too_young = r.min_age.is_some_and(|m| age < m as i32);
        let too_old = r.max_age.is_some_and(|m| age > m as i32);
        (too_young || too_old).then(|| {
            (
                r,
                format!(
                    "rule {}: the nominee is {age} on the day of departure {departure}, \
                     outside {}–{}",
                    r.code,
                    r.min_age.map(|m| m.to_string()).unwrap_or_default(),
                    r.max_age.map(|m| m.to_string()).unwrap_or_default()
                ),
            )
        })
    })
}
