//! Foreign experts and the state awards (spec `foreign-experts-awards.md`, issue 21): the two
//! awards' rules as data (`data/awards/rules.toml`: quotas per kind of applying unit, the
//! length limit of the contribution text, the notice windows, the conditions per award year),
//! the history of every known round (`data/awards/awards-history.csv`) with the cumulative
//! chain, the nomination workflow (`data/awards/nomination-workflow.toml`) and the checks a
//! nomination is refused by, each with its code. The expert register's classes and origins
//! are in [`experts`].

pub mod experts;
pub mod history;
#[cfg(test)]
mod tests;

use crate::workflow::Workflow;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const RULES_TOML: &str = include_str!("../../../../data/awards/rules.toml");
const WORKFLOW_TOML: &str = include_str!("../../../../data/awards/nomination-workflow.toml");
const UNITS_CSV: &str = include_str!("../../../../data/awards/applying-units.csv");

/// The two awards.
pub const AWARDS: [&str; 2] = ["friendship", "istc"];

/// The kinds of applying unit (spec §2.3): a province, a central body and the XPCC may put
/// forward 4, a separately listed or sub-provincial city 2.
pub const UNIT_KINDS: [&str; 4] = ["province", "central", "xpcc", "city"];

/// How a laureate received the award (spec §5 step 9).
pub const CONFERRALS: [&str; 3] = ["ceremony", "conferred_abroad", "supplementary"];

/// The kinds of conflict a reviewer declares per nomination (spec §5, HRX convention).
pub const CONFLICTS: [&str; 5] = [
    "same_employer",
    "same_unit",
    "coauthor_or_joint_project",
    "family",
    "referee",
];

/// A round's statuses: `planned` (an administrator edits it), `open` (nominations accepted
/// between its opening and closing days), `closed`, and `past` (a round of the shipped
/// history, with its laureate count).
pub const ROUND_STATUSES: [&str; 4] = ["planned", "open", "closed", "past"];

/// The length limit of the contribution text from an award year on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextLimit {
    #[serde(default)]
    pub until_year: Option<i32>,
    pub chars: u32,
}

/// One award's rules: the defaults of a new round.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardRule {
    pub code: String,
    pub name_en: String,
    pub name_zh: String,
    /// Candidates a province, central body or the XPCC may put forward; 0 for no quota.
    pub quota_major: u32,
    /// Candidates a separately listed or sub-provincial city may put forward; 0 for none.
    pub quota_city: u32,
    /// Days accepted nominations stay on public notice (objections only meanwhile).
    pub notice_days: u32,
    /// Days the initial results stay on notice.
    pub result_notice_days: u32,
    /// `calendar` or `working`.
    pub notice_count: String,
    /// The usual ceremony day, `MM-DD`.
    pub ceremony_month_day: String,
    pub source: String,
    pub text_limit: Vec<TextLimit>,
}

impl AwardRule {
    /// The contribution text's limit for an award year: the first entry whose `until_year`
    /// is at or after the year, else the last.
    pub fn text_limit_for(&self, year: i32) -> u32 {
        self.text_limit
            .iter()
            .find(|l| l.until_year.is_none_or(|u| year <= u))
            .or(self.text_limit.last())
            .map_or(0, |l| l.chars)
    }
}

/// A condition of eligibility for the award years it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Condition {
    pub award: String,
    pub rule: String,
    /// `hard`, `preference`, `judgement` or `attestation`.
    pub kind: String,
    #[serde(default)]
    pub from_year: Option<i32>,
    #[serde(default)]
    pub until_year: Option<i32>,
    pub text_en: String,
    pub text_zh: String,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    award: Vec<AwardRule>,
    condition: Vec<Condition>,
}

/// An applying unit as shipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplyingUnit {
    pub code: String,
    /// One of [`UNIT_KINDS`].
    pub kind: String,
    pub name_en: String,
    pub name_zh: String,
    /// The province it lies in (a city, a province's own authority), or empty.
    #[serde(default)]
    pub province: String,
}

fn parse_rules(text: &str) -> Result<RulesFile, String> {
    let file: RulesFile = toml::from_str(text).map_err(|e| format!("awards rules: {e}"))?;
    for code in AWARDS {
        let Some(rule) = file.award.iter().find(|a| a.code == code) else {
            return Err(format!("awards rules: no award {code}"));
        };
        if rule.text_limit.is_empty()
            || !["calendar", "working"].contains(&rule.notice_count.as_str())
        {
            return Err(format!(
                "awards rules: {code} needs a text limit and a day count"
            ));
        }
    }
    for c in &file.condition {
        if !AWARDS.contains(&c.award.as_str())
            || !["hard", "preference", "judgement", "attestation"].contains(&c.kind.as_str())
        {
            return Err(format!("awards rules: condition {} of {}", c.rule, c.award));
        }
    }
    Ok(file)
}

fn parse_units(text: &str) -> Result<Vec<ApplyingUnit>, String> {
    let units: Vec<ApplyingUnit> = csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("applying-units.csv: {e}"))?;
    match units
        .iter()
        .find(|u| !UNIT_KINDS.contains(&u.kind.as_str()))
    {
        Some(u) => Err(format!(
            "applying-units.csv: {} has kind {}",
            u.code, u.kind
        )),
        None => Ok(units),
    }
}

static RULES: LazyLock<Result<RulesFile, String>> = LazyLock::new(|| parse_rules(RULES_TOML));
static UNITS: LazyLock<Result<Vec<ApplyingUnit>, String>> =
    LazyLock::new(|| parse_units(UNITS_CSV));
static WORKFLOW: LazyLock<Result<Workflow, String>> =
    LazyLock::new(|| Workflow::parse(WORKFLOW_TOML));

/// An award's rules.
pub fn award_rule(code: &str) -> Result<&'static AwardRule, &'static str> {
    let rules = RULES.as_ref().map_err(String::as_str)?;
    rules
        .award
        .iter()
        .find(|a| a.code == code)
        .ok_or("no such award")
}

/// The conditions of an award that apply to an award year.
pub fn conditions(award: &str, year: i32) -> Result<Vec<&'static Condition>, &'static str> {
    let rules = RULES.as_ref().map_err(String::as_str)?;
    Ok(rules
        .condition
        .iter()
        .filter(|c| {
            c.award == award
                && c.from_year.is_none_or(|f| year >= f)
                && c.until_year.is_none_or(|u| year <= u)
        })
        .collect())
}

/// The shipped applying units.
pub fn applying_units() -> Result<&'static [ApplyingUnit], &'static str> {
    UNITS.as_ref().map(Vec::as_slice).map_err(String::as_str)
}

/// The nomination workflow.
pub fn nomination_workflow() -> Result<&'static Workflow, &'static str> {
    WORKFLOW.as_ref().map_err(String::as_str)
}

/// How many candidates a unit of `kind` may put forward in a round with these quotas; `None`
/// for no limit (a quota of 0).
pub fn quota_for(kind: &str, quota_major: u32, quota_city: u32) -> Option<u32> {
    let q = if kind == "city" {
        quota_city
    } else {
        quota_major
    };
    (q > 0).then_some(q)
}

/// Whether a nationality is foreign for the awards: Chinese nationals, including residents of
/// Hong Kong, Macao and Taiwan, are not (spec §2.2).
pub fn is_foreign(nationality: &str) -> bool {
    !matches!(nationality, "CN" | "HK" | "MO" | "TW" | "")
}

/// The length of a contribution text as the limit counts it: characters (a Chinese character
/// or a Latin letter each one), surrounding white space not counted.
pub fn text_length(text: &str) -> usize {
    text.trim().chars().count()
}

/// Why a nomination is refused (issue 21): the code and what the rule says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the applying unit has put forward its {quota} candidates for this round")]
    QuotaExceeded { quota: u32 },
    #[error("rank {rank} is taken by another candidate of the applying unit")]
    RankTaken { rank: u32 },
    #[error("the expert received the {award} award in {year}: it is given once only")]
    AlreadyLaureate { award: String, year: i32 },
    #[error("the expert's nationality is {nationality}: the award is for foreign nationals")]
    NotForeign { nationality: String },
    #[error("the contribution has {length} characters; the round allows {limit}")]
    TextTooLong { length: usize, limit: u32 },
    #[error("{what}")]
    WindowClosed { what: String },
    #[error("the expert is already nominated in this round through {unit}: one channel only")]
    SecondChannel { unit: String },
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::QuotaExceeded { .. } => "quota_exceeded",
            Refusal::RankTaken { .. } => "rank_taken",
            Refusal::AlreadyLaureate { .. } => "already_laureate",
            Refusal::NotForeign { .. } => "not_foreign",
            Refusal::TextTooLong { .. } => "text_too_long",
            Refusal::WindowClosed { .. } => "window_closed",
            Refusal::SecondChannel { .. } => "second_channel",
        }
    }
}

/// What the store knows of a round and of the unit's and the expert's nominations when a new
/// nomination is checked.
#[derive(Debug, Clone)]
pub struct NominationCheck<'a> {
    pub award: &'a str,
    pub today: chrono::NaiveDate,
    pub round_status: &'a str,
    pub opens_on: Option<chrono::NaiveDate>,
    pub closes_on: Option<chrono::NaiveDate>,
    pub text_limit: u32,
    /// The unit's quota, `None` for no limit.
    pub quota: Option<u32>,
    pub nationality: &'a str,
    /// The award year of the expert's earlier award, if any.
    pub laureate_in: Option<i32>,
    /// The applying unit of the expert's live nomination in this round, if any, and
    /// whether it is this unit.
    pub nominated_through: Option<(&'a str, bool)>,
    /// The ranks the unit's live nominations in this round hold.
    pub unit_ranks: &'a [u32],
    pub rank: u32,
    pub contribution: &'a str,
}

/// Checks a new nomination in the order a clerk would: the round's window, the expert
/// (foreign, not a laureate, not nominated through another channel), the text, then the
/// unit's quota and rank.
pub fn check_nomination(c: &NominationCheck<'_>) -> Result<(), Refusal> {
    let open = c.round_status == "open"
        && c.opens_on.is_none_or(|d| c.today >= d)
        && c.closes_on.is_none_or(|d| c.today <= d);
    if !open {
        return Err(Refusal::WindowClosed {
            what: match (c.round_status, c.opens_on, c.closes_on) {
                ("open", Some(from), Some(to)) => {
                    format!("the round takes nominations from {from} to {to}")
                }
                (status, _, _) => format!("the round is {status}: it takes no nominations"),
            },
        });
    }
    if !is_foreign(c.nationality) {
        return Err(Refusal::NotForeign {
            nationality: c.nationality.to_owned(),
        });
    }
    if let Some(year) = c.laureate_in {
        return Err(Refusal::AlreadyLaureate {
            award: c.award.to_owned(),
            year,
        });
    }
    if let Some((unit, _)) = c.nominated_through {
        return Err(Refusal::SecondChannel {
            unit: unit.to_owned(),
        });
    }
    let length = text_length(c.contribution);
    if length > c.text_limit as usize {
        return Err(Refusal::TextTooLong {
            length,
            limit: c.text_limit,
        });
    }
    if let Some(quota) = c.quota {
        if c.unit_ranks.len() as u32 >= quota || c.rank > quota {
            return Err(Refusal::QuotaExceeded { quota });
        }
    }
    if c.unit_ranks.contains(&c.rank) {
        return Err(Refusal::RankTaken { rank: c.rank });
    }
    Ok(())
}
