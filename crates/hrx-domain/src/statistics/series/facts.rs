//! What the statistics need of a person's records, and the deltas they contribute.

use chrono::NaiveDate;

/// One delta a person's records add to a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution<'a> {
    pub series: &'static str,
    pub month: i32,
    pub delta: i64,
    /// Breakdown dimension and key.
    pub keys: Vec<(&'static str, &'a str)>,
}

impl<'a> Contribution<'a> {
    /// `delta` to `series` in the month of `day`, under the breakdown `keys`.
    pub fn on(
        series: &'static str,
        day: NaiveDate,
        delta: i64,
        keys: Vec<(&'static str, &'a str)>,
    ) -> Contribution<'a> {
        Contribution {
            series,
            month: super::period::month_of(day),
            delta,
            keys,
        }
    }
}

/// What the statistics need of a person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFacts {
    pub sex: String,
    pub nationality: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EpisodeFacts {
    pub departure: NaiveDate,
    pub return_date: Option<NaiveDate>,
    pub destination_country: String,
    pub funding: String,
    pub isced_level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EnrolmentFacts {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub province: String,
    pub isced_level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PermitFacts {
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub cancelled_on: Option<NaiveDate>,
    pub category: Option<String>,
    pub province: Option<String>,
    pub occupation: Option<String>,
}

/// A certificate of coverage, as the statistics see it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CertificateFacts {
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
    /// The day it counts as issued (outbound) or accepted (inbound); `None` while it is
    /// neither, and then it counts nowhere.
    pub issued_on: Option<NaiveDate>,
    pub agreement: String,
    /// `inbound` or `outbound`.
    pub direction: String,
}

/// A convention of the register, as the statistics see it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConventionFacts {
    pub ratified: NaiveDate,
    /// The day it counts as in force from.
    pub in_force_from: NaiveDate,
    pub denounced_on: Option<NaiveDate>,
    /// Its class now (`F`, `G`, `T`).
    pub class: String,
}

/// A person's place in a training group that departed (spec training-abroad.md §7): counted
/// in the month of the departure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ParticipationFacts {
    pub departure: NaiveDate,
    pub programme_type: String,
    pub host_country: String,
    pub sending_unit: String,
    pub duration_class: String,
    pub destination_scope: String,
}

/// A serving record of a national in an international organisation, in the figure's default
/// scope (spec international-organisations.md §6.4).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServingFacts {
    pub start: NaiveDate,
    /// The last day served; open while serving.
    pub end: Option<NaiveDate>,
    pub organisation: String,
    pub organisation_type: String,
    pub category: String,
    pub grade_band: String,
}

/// A foreign expert's engagement (spec foreign-experts-awards.md §4.2): counted in every
/// period it overlaps, both ends included.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EngagementFacts {
    pub start: NaiveDate,
    /// The last day of the engagement.
    pub end: NaiveDate,
    /// `foreign`, `hk`, `mo` or `tw`.
    pub origin: String,
    /// The class before 2017, `unknown` where none.
    pub expert_class: String,
    pub province: String,
    pub sector: String,
}

/// One award round as the cumulative figures see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardRoundFacts {
    /// `friendship` or `istc`.
    pub award: String,
    pub award_year: i32,
    /// The ceremony day, where known.
    pub ceremony: Option<NaiveDate>,
    /// The round's individual laureates as the history records them.
    pub laureates: Option<i64>,
    /// The cumulative total the history states (or derives) at the end of the round.
    pub stated_total: Option<i64>,
    /// Laureates recorded in HRX for the round (counted where the history has no count).
    pub recorded: i64,
}
