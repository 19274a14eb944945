//! Maintained aggregates: what each record contributes to the indicators, as monthly delta
//! series, and how an indicator's value for a period is read back from those series.
//!
//! A series holds, per month (`yyyymm`) and per breakdown key, the sum of the deltas its
//! records contribute; the store keeps those sums current in the same transaction as the
//! records. Every indicator is then a prefix sum, a range sum or a small combination of
//! them, so a published figure costs a few hundred aggregate rows, never a scan of records.
//!
//! Distinct-person counts are made additive by computing, per person, the dates at which the
//! person starts and stops counting (the first departure, the union of periods abroad, the
//! union of valid permits) and contributing +1 and -1 there. A person's breakdown keys are
//! those of the record that made the person count (the first departure's destination, the
//! permit that opened a period of validity), so every breakdown adds up to the total.

mod contributions;
mod facts;
mod period;
mod query;
mod tally;

pub use contributions::{
    awards, conventions, coverage, experts, foreign_students, intorgs, study_abroad, training,
    work_permits,
};
pub use facts::{
    AwardRoundFacts, CertificateFacts, Contribution, ConventionFacts, EngagementFacts,
    EnrolmentFacts, EpisodeFacts, ParticipationFacts, PermitFacts, PersonFacts, ServingFacts,
};
pub use period::{month_of, next_month, previous_month, Granularity, Period};
pub use query::{combine, evaluate, questions, Answer, Query, Sums};
pub use tally::{Tally, TallyKey};

/// The families of records that feed the statistics, each refreshed per person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    StudyAbroad,
    ForeignStudents,
    WorkPermits,
    Coverage,
    /// The ILO conventions register: not per person (its one "person" is the country).
    Conventions,
    /// Partners, instruments and events of international cooperation: not per person
    /// either (one "person", 0, holds them all, as for the conventions).
    Cooperation,
    /// Participations in training groups abroad, per person.
    Training,
    /// Nationals' serving records in international organisations, per person.
    IntOrgs,
    /// Foreign experts' engagements, per person.
    Experts,
    /// The state awards' rounds and laureates: not per person (one "person", 0, holds them
    /// all, as for the conventions), recomputed whole.
    Awards,
}

impl Family {
    pub const ALL: [Family; 10] = [
        Family::StudyAbroad,
        Family::ForeignStudents,
        Family::WorkPermits,
        Family::Coverage,
        Family::Conventions,
        Family::Cooperation,
        Family::Training,
        Family::IntOrgs,
        Family::Experts,
        Family::Awards,
    ];

    /// The series this family's records contribute to.
    pub fn series(self) -> &'static [&'static str] {
        match self {
            Family::StudyAbroad => &[SA_FIRST_DEPARTURE, SA_FIRST_RETURN, SA_DEPARTURE, SA_ABROAD],
            Family::ForeignStudents => &[FS_START, FS_END, FS_COUNTRY_1978],
            Family::WorkPermits => &[WP_VALID, WP_ISSUED],
            Family::Coverage => &[CC_EXEMPT, CC_ISSUED],
            Family::Conventions => &[ILO_RATIFIED, ILO_IN_FORCE],
            Family::Cooperation => &[
                COOP_PARTNER_COUNTRIES,
                COOP_ORGANISATIONS,
                COOP_AGREEMENTS_IN_FORCE,
                SSA_IN_FORCE,
                COOP_EVENTS,
            ],
            Family::Training => &[TA_SENT, TA_PERSONS],
            Family::IntOrgs => &[IO_SERVING],
            Family::Experts => &[FE_START, FE_END, FE_PERSONS],
            Family::Awards => &[AW_FRIENDSHIP, AW_FRIENDSHIP_CONFERRED, AW_ISTC],
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Family::StudyAbroad => "study-abroad",
            Family::ForeignStudents => "foreign-students",
            Family::WorkPermits => "work-permits",
            Family::Coverage => "coverage",
            Family::Conventions => "conventions",
            Family::Cooperation => "cooperation",
            Family::Training => "training-abroad",
            Family::IntOrgs => "international-organisations",
            Family::Experts => "foreign-experts",
            Family::Awards => "state-awards",
        }
    }
}

/// +1 in the month of a person's first departure since 1978.
pub const SA_FIRST_DEPARTURE: &str = "sa_first_departure";
/// +1 in the month of a person's first return since 1978.
pub const SA_FIRST_RETURN: &str = "sa_first_return";
/// +1 per episode in the month of its departure.
pub const SA_DEPARTURE: &str = "sa_departure";
/// +1 when a person's period abroad starts, -1 in the month it ends.
pub const SA_ABROAD: &str = "sa_abroad";
/// +1 per enrolment in the month it starts.
pub const FS_START: &str = "fs_start";
/// +1 per enrolment in the month it ends.
pub const FS_END: &str = "fs_end";
/// +1 per enrolment overlapping 1978 onwards, in the month it starts (or January 1978),
/// by nationality: the source countries are the nationalities with a positive sum. Its
/// deltas are never negative, which lets a store count the keys with one seek per key.
pub const FS_COUNTRY_1978: &str = "fs_country_1978";
/// +1 when a person's period with a valid permit starts, -1 in the month after it ends.
pub const WP_VALID: &str = "wp_valid";
/// +1 per document in the month its validity starts.
pub const WP_ISSUED: &str = "wp_issued";

/// +1 when a person's period of exemption under inbound certificates starts, -1 in the month
/// after it ends.
pub const CC_EXEMPT: &str = "cc_exempt";
/// +1 per certificate of coverage (either direction) in the month it was issued or accepted.
pub const CC_ISSUED: &str = "cc_issued";

/// +1 per convention in the month its ratification was registered.
pub const ILO_RATIFIED: &str = "ilo_ratified";
/// +1 per convention in the month it enters into force for China (its registration where the
/// entry into force is not established), -1 in the month of its denunciation.
pub const ILO_IN_FORCE: &str = "ilo_in_force";

/// +1 per country in the month its relations start (a qualifying instrument in force, spec
/// cooperation.md §5), -1 in the month of its first day without one: a month's sum is the
/// count on its last day.
pub const COOP_PARTNER_COUNTRIES: &str = "coop_partner_countries";
/// The same for international organisations.
pub const COOP_ORGANISATIONS: &str = "coop_organisations";
/// +1 per cooperation instrument (social security agreements apart) in the month it enters
/// into force, -1 in the month of its first day out of force, by kind.
pub const COOP_AGREEMENTS_IN_FORCE: &str = "coop_agreements_in_force";
/// The same for the social security agreements of the coverage capability.
pub const SSA_IN_FORCE: &str = "ssa_in_force";
/// +1 per event in the month it starts, by kind.
pub const COOP_EVENTS: &str = "coop_events";

/// +1 per participation in a training group abroad, in the month the group departed.
pub const TA_SENT: &str = "ta_sent";
/// +1 per person and calendar year, in the month of the person's first departure that year.
pub const TA_PERSONS: &str = "ta_persons";

/// +1 when a national starts serving in an international organisation (in the default
/// scope), -1 in the month of the first day without a record: a month's sum is the count on
/// its last day.
pub const IO_SERVING: &str = "io_serving";

/// +1 per expert engagement in the month it starts.
pub const FE_START: &str = "fe_start";
/// +1 per expert engagement in the month of its last day.
pub const FE_END: &str = "fe_end";
/// +1 per expert and calendar year with an engagement, in the year's first month engaged.
pub const FE_PERSONS: &str = "fe_persons";

/// The Friendship Award's cumulative laureates: the total stated at the first round with
/// one, then each round's laureates (a later stated total makes up what rounds without a
/// count left out), in the month of the round's ceremony within its award year (December
/// when the ceremony falls later or is not known).
pub const AW_FRIENDSHIP: &str = "aw_friendship";
/// The Friendship Award's laureates of each round, in the same month.
pub const AW_FRIENDSHIP_CONFERRED: &str = "aw_friendship_conferred";
/// The ISTC award's cumulative laureates (individuals), as for the Friendship Award.
pub const AW_ISTC: &str = "aw_istc";

/// The key used for records without a value in a breakdown.
pub const UNKNOWN: &str = "unknown";

/// How an indicator is read from its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// Sum of the series up to the period's last month (stocks and cumulative persons).
    Prefix(&'static str),
    /// Sum of the series over the period's months (flows of events).
    Range(&'static str),
    /// Records overlapping the period: started by its end minus ended before its start.
    Overlap {
        start: &'static str,
        end: &'static str,
    },
    /// The overlap counts of each calendar year from `from_year` to the period's year, summed.
    YearsOverlap {
        start: &'static str,
        end: &'static str,
        from_year: i32,
    },
    /// Keys (of `dim`) with a positive sum up to the period's last month.
    DistinctKeys {
        series: &'static str,
        dim: &'static str,
    },
}

/// The formula of an indicator of the catalogue; `None` for indicators whose capability
/// does not keep records yet.
pub fn formula(code: &str) -> Option<Formula> {
    Some(match code {
        "outbound_students_cumulative" => Formula::Prefix(SA_FIRST_DEPARTURE),
        "returned_students_cumulative" => Formula::Prefix(SA_FIRST_RETURN),
        "outbound_departures" => Formula::Range(SA_DEPARTURE),
        "studying_abroad" => Formula::Prefix(SA_ABROAD),
        "foreign_students" => Formula::Overlap {
            start: FS_START,
            end: FS_END,
        },
        "foreign_students_cumulative" => Formula::YearsOverlap {
            start: FS_START,
            end: FS_END,
            from_year: CUMULATIVE_FROM_YEAR,
        },
        "foreign_student_source_countries" => Formula::DistinctKeys {
            series: FS_COUNTRY_1978,
            dim: "nationality",
        },
        "work_permits_valid" => Formula::Prefix(WP_VALID),
        "work_permits_issued" => Formula::Range(WP_ISSUED),
        "coverage_exemptions_active" => Formula::Prefix(CC_EXEMPT),
        "coverage_certificates_issued" => Formula::Range(CC_ISSUED),
        "ilo_conventions_ratified" => Formula::Prefix(ILO_RATIFIED),
        "ilo_conventions_in_force" => Formula::Prefix(ILO_IN_FORCE),
        "partner_countries" => Formula::Prefix(COOP_PARTNER_COUNTRIES),
        "partner_organisations_at_year_end" => Formula::Prefix(COOP_ORGANISATIONS),
        "cooperation_agreements_in_force" => Formula::Prefix(COOP_AGREEMENTS_IN_FORCE),
        "social_security_agreements_in_force" => Formula::Prefix(SSA_IN_FORCE),
        "cooperation_events" => Formula::Range(COOP_EVENTS),
        "trainees_sent_abroad" => Formula::Range(TA_SENT),
        "trainees_sent_abroad_persons" => Formula::Range(TA_PERSONS),
        "nationals_in_international_organisations" => Formula::Prefix(IO_SERVING),
        "foreign_experts_came_to_work" => Formula::Overlap {
            start: FE_START,
            end: FE_END,
        },
        "foreign_experts_persons" => Formula::Range(FE_PERSONS),
        "friendship_awards_cumulative" => Formula::Prefix(AW_FRIENDSHIP),
        "friendship_awards_conferred" => Formula::Range(AW_FRIENDSHIP_CONFERRED),
        "istc_awards_cumulative" => Formula::Prefix(AW_ISTC),
        _ => return None,
    })
}

/// The start of the cumulative indicators (1 January 1978).
pub const CUMULATIVE_FROM_YEAR: i32 = 1978;
