//! The scenarios of the spec and the special rules, as a table of cases: a posting and what
//! its determination must show.

use super::fixtures::{check, inbound, outbound, run, Expect, Posting, Savings};
use crate::coverage::agreements::Direction;
use Expect::{
    AllBranchesFrom, Arg, Codes, Count, Enrol, Exempt, ExemptFlag, ExemptFrom, ExemptUntil,
    ExtensionMaxUntil, ExtensionPossible, ExtensionRule, Has, Lacks, ManualReview,
    MaxPostingMonths, NoSavings, NotExempt, SavingsMonth,
};

struct Scenario {
    name: &'static str,
    request: Posting<'static>,
    expect: &'static [Expect],
}

const P: &[&str] = &["pension"];
const PU: &[&str] = &["pension", "unemployment"];
const PMU: &[&str] = &["pension", "medical", "unemployment"];
const NO_AGREEMENT: &[&str] = &["direction", "no_agreement", "outcome_all_branches"];
const E1_STEPS: &[&str] = &[
    "direction",
    "agreement_in_force",
    "nationality_ok",
    "category_covered",
    "clock_start",
    "posting_limit",
    "exemption_period",
    "outcome_exempt",
];

#[rustfmt::skip]
const SCENARIOS: [Scenario; 53] = [
    // No agreement with the United States (nor Belgium).
    Scenario {
        name: "no agreement: US inbound",
        request: inbound("US", "US", "posted_worker", "2020-01-01", "2022-12-31", "2021-01-01"),
        expect: &[
            Expect::Agreement(None), NotExempt, Codes(NO_AGREEMENT), ManualReview(false),
            ExtensionRule(None),
        ],
    },
    Scenario {
        name: "no agreement: US outbound",
        request: outbound("US", "posted_worker", "2020-01-01", "2022-12-31", "2021-01-01"),
        expect: &[
            Expect::Agreement(None), NotExempt, Codes(NO_AGREEMENT), ManualReview(false),
            ExtensionRule(None),
        ],
    },
    Scenario {
        name: "no agreement: BE inbound",
        request: inbound("BE", "BE", "posted_worker", "2020-01-01", "2022-12-31", "2021-01-01"),
        expect: &[
            Expect::Agreement(None), NotExempt, Codes(NO_AGREEMENT), ManualReview(false),
            ExtensionRule(None),
        ],
    },
    // E1: a German posted worker.
    Scenario {
        name: "e1 German posted worker",
        request: inbound("DE", "DE", "posted_worker", "2020-03-15", "2024-03-14", "2020-03-15"),
        expect: &[
            Exempt(PU), Enrol(&["medical", "work_injury", "maternity"]),
            ExemptFrom(Some("2020-03-15")), ExemptUntil(Some("2024-03-14")), AllBranchesFrom(None),
            ExtensionPossible(false), MaxPostingMonths(Some(48)),
            Codes(E1_STEPS),
            Arg("posting_limit", "until", "2024-03-14"),
            Arg("exemption_period", "branches", "pension, unemployment"),
        ],
    },
    // The posting goes on: all five from 2024-03-15 unless a special agreement, at most to
    // 2028-03-14 (96 months).
    Scenario {
        name: "e1 posting goes on past the limit",
        request: inbound("DE", "DE", "posted_worker", "2020-03-15", "2030-12-31", "2022-01-01"),
        expect: &[
            Exempt(PU), ExemptUntil(Some("2024-03-14")), AllBranchesFrom(Some("2024-03-15")),
            ExtensionPossible(true), ExtensionRule(Some("special_agreement")),
            ExtensionMaxUntil(Some("2028-03-14")),
            Arg("extension_special_agreement", "max_months", "96"),
            Arg("extension_special_agreement", "from", "2024-03-15"),
        ],
    },
    Scenario {
        name: "e1 extension capped at the posting end",
        request: inbound("DE", "DE", "posted_worker", "2020-03-15", "2026-06-30", "2022-01-01"),
        expect: &[ExtensionMaxUntil(Some("2026-06-30"))],
    },
    Scenario {
        name: "e1 on 2024-03-15 the limit has passed",
        request: inbound("DE", "DE", "posted_worker", "2020-03-15", "2030-12-31", "2024-03-15"),
        expect: &[NotExempt, Has("posting_limit_exceeded"), ExtensionPossible(true)],
    },
    // E2: a Japanese posting running at the entry into force.
    Scenario {
        name: "e2 Japanese posting running at entry into force",
        request: inbound("JP", "JP", "posted_worker", "2017-04-01", "2026-03-31", "2019-09-01"),
        expect: &[
            Exempt(P), Enrol(&["medical", "work_injury", "unemployment", "maternity"]),
            ExemptFrom(Some("2019-09-01")), ExemptUntil(Some("2024-08-31")),
            AllBranchesFrom(Some("2024-09-01")),
            Arg("all_branches_before_in_force", "from", "2017-04-01"),
            Arg("all_branches_before_in_force", "until", "2019-08-31"), ExtensionPossible(true),
            ExtensionMaxUntil(None), Arg("extension_by_agreement", "max_until", "none"),
        ],
    },
    Scenario {
        name: "e2 before the entry into force: all five",
        request: inbound("JP", "JP", "posted_worker", "2017-04-01", "2026-03-31", "2019-08-31"),
        expect: &[NotExempt, Arg("agreement_not_in_force", "in_force", "2019-09-01")],
    },
    Scenario {
        name: "e2 posting ended before the entry into force, asked later",
        request: inbound("JP", "JP", "posted_worker", "2017-04-01", "2019-08-31", "2020-01-01"),
        expect: &[NotExempt, ExemptFrom(None), Has("agreement_not_in_force")],
    },
    // E3: France, not in force.
    Scenario {
        name: "e3 France inbound not in force",
        request: inbound("FR", "FR", "posted_worker", "2022-01-01", "2023-12-31", "2022-06-01"),
        expect: &[
            Expect::Agreement(Some("CN-FR-2016")), NotExempt,
            Arg("agreement_not_in_force", "in_force", "none"),
        ],
    },
    Scenario {
        name: "e3 France outbound not in force",
        request: outbound("FR", "posted_worker", "2022-01-01", "2023-12-31", "2022-06-01"),
        expect: &[Expect::Direction(Direction::Outbound), NotExempt],
    },
    // E4: Denmark, 36 months, then manual review.
    Scenario {
        name: "e4 Denmark 36 months then manual review",
        request: inbound("DK", "DK", "posted_worker", "2015-01-10", "2020-12-31", "2015-01-10"),
        expect: &[
            Exempt(P), ExemptUntil(Some("2018-01-09")), AllBranchesFrom(Some("2018-01-10")),
            MaxPostingMonths(Some(36)), ManualReview(true), ExtensionPossible(false),
            ExtensionRule(Some("unknown")), Arg("extension_terms_unknown", "from", "2018-01-10"),
        ],
    },
    Scenario {
        name: "e4 Denmark outbound: 60 months",
        request: outbound("DK", "posted_worker", "2015-01-10", "2020-12-31", "2015-01-10"),
        expect: &[ExemptUntil(Some("2020-01-09")), MaxPostingMonths(Some(60))],
    },
    Scenario {
        name: "e4 Denmark within the limit: no review",
        request: inbound("DK", "DK", "posted_worker", "2015-01-10", "2017-12-31", "2015-01-10"),
        expect: &[ManualReview(false)],
    },
    // E5: Kyrgyzstan, manual review.
    Scenario {
        name: "e5 Kyrgyzstan manual review",
        request: inbound("KG", "KG", "posted_worker", "2025-11-01", "2027-10-31", "2025-11-01"),
        expect: &[
            Expect::Agreement(Some("CN-KG-2025")), NotExempt, ManualReview(true),
            Arg("posting_limit_unknown", "agreement", "CN-KG-2025"), ExemptFrom(None),
            ExemptUntil(None), AllBranchesFrom(None),
        ],
    },
    // Korea: the interim arrangement hands over to the 2012 agreement.
    Scenario {
        name: "Korea interim arrangement on its last day",
        request: inbound("KR", "KR", "posted_worker", "2010-01-01", "2020-12-31", "2013-01-15"),
        expect: &[
            Expect::Agreement(Some("CN-KR-2003")), Exempt(P), ExemptFrom(Some("2010-01-01")),
            ExemptUntil(Some("2013-01-15")), AllBranchesFrom(Some("2013-01-16")),
            ExtensionRule(Some("none")), ExtensionPossible(false),
            Arg("agreement_ends", "successor", "CN-KR-2012"),
        ],
    },
    // 156 months from the clock would reach 2026-01-15; the posting ends first.
    Scenario {
        name: "Korea 2012 from its first day",
        request: inbound("KR", "KR", "posted_worker", "2010-01-01", "2020-12-31", "2013-01-16"),
        expect: &[
            Expect::Agreement(Some("CN-KR-2012")), Exempt(PU), ExemptFrom(Some("2013-01-16")),
            ExemptUntil(Some("2018-01-15")), ExtensionPossible(true),
            ExtensionMaxUntil(Some("2020-12-31")),
        ],
    },
    Scenario {
        name: "Korea 2012 long posting: extension up to 156 months",
        request: inbound("KR", "KR", "posted_worker", "2010-01-01", "2030-12-31", "2013-01-16"),
        expect: &[ExtensionMaxUntil(Some("2026-01-15"))],
    },
    Scenario {
        name: "Korea interim arrangement before its entry into force",
        request: inbound("KR", "KR", "posted_worker", "2010-01-01", "2020-12-31", "2003-05-22"),
        expect: &[
            Expect::Agreement(Some("CN-KR-2003")),
            Arg("agreement_not_in_force", "in_force", "2003-05-23"),
        ],
    },
    // A posting starting after the interim arrangement ended, asked about before.
    Scenario {
        name: "Korea posting starting after the interim arrangement ended",
        request: inbound("KR", "KR", "posted_worker", "2013-02-01", "2014-01-31", "2013-01-10"),
        expect: &[
            Expect::Agreement(Some("CN-KR-2003")), NotExempt,
            Arg("agreement_ends", "until", "2013-01-15"),
        ],
    },
    // Korea: local short-term employees have no extension.
    Scenario {
        name: "Korea local short term within the limit",
        request: inbound("KR", "KR", "local_short_term", "2015-01-01", "2022-12-31", "2016-01-01"),
        expect: &[
            Exempt(PU), ExemptUntil(Some("2019-12-31")), ExtensionRule(Some("none")),
            ExtensionPossible(false), ExtensionMaxUntil(None),
            Arg("local_short_term_limit", "months", "60"),
            Arg("posting_limit_exceeded", "from", "2020-01-01"),
        ],
    },
    Scenario {
        name: "Korea local short term after the limit",
        request: inbound("KR", "KR", "local_short_term", "2015-01-01", "2022-12-31", "2020-01-01"),
        expect: &[NotExempt, Count("posting_limit_exceeded", 1)],
    },
    // Korea 2012 protocol: medical as well, up to 2016-12-31.
    Scenario {
        name: "Korea medical protocol",
        request: inbound("KR", "KR", "posted_worker", "2012-06-01", "2019-12-31", "2015-01-01")
            .employed_in_china_since("2012-06-01", true),
        expect: &[
            Exempt(PMU), Enrol(&["work_injury", "maternity"]),
            Arg("korea_medical_protocol", "until", "2016-12-31"),
        ],
    },
    Scenario {
        name: "Korea medical protocol on its last day",
        request: inbound("KR", "KR", "posted_worker", "2012-06-01", "2019-12-31", "2016-12-31")
            .employed_in_china_since("2013-01-15", true),
        expect: &[Exempt(PMU)],
    },
    Scenario {
        name: "Korea medical protocol ignored after 2016",
        request: inbound("KR", "KR", "posted_worker", "2012-06-01", "2019-12-31", "2017-01-01")
            .employed_in_china_since("2012-06-01", true),
        expect: &[Exempt(PU), Lacks("korea_medical_protocol")],
    },
    Scenario {
        name: "Korea medical protocol: not in China before 2013-01-16",
        request: inbound("KR", "KR", "posted_worker", "2012-06-01", "2019-12-31", "2015-01-01")
            .employed_in_china_since("2013-01-16", true),
        expect: &[Exempt(PU)],
    },
    Scenario {
        name: "Korea medical protocol: no commercial insurance",
        request: inbound("KR", "KR", "posted_worker", "2012-06-01", "2019-12-31", "2015-01-01")
            .employed_in_china_since("2012-06-01", false),
        expect: &[Exempt(PU)],
    },
    Scenario {
        name: "Korea medical protocol: not under the interim arrangement",
        request: inbound("KR", "KR", "posted_worker", "2012-06-01", "2019-12-31", "2012-12-01")
            .employed_in_china_since("2012-06-01", true),
        expect: &[Exempt(P)],
    },
    Scenario {
        name: "Korea medical protocol: not for another nationality",
        request: inbound("US", "KR", "posted_worker", "2012-06-01", "2019-12-31", "2015-01-01")
            .employed_in_china_since("2012-06-01", true),
        expect: &[Exempt(PU), ManualReview(true)],
    },
    // Netherlands: one month with the sending employer.
    Scenario {
        name: "Netherlands employed one month before",
        request: inbound("NL", "NL", "posted_worker", "2020-02-15", "2022-12-31", "2020-03-01")
            .employed_by_sender_since("2020-01-15"),
        expect: &[Exempt(PU), Arg("sender_employment_ok", "since", "2020-01-15")],
    },
    Scenario {
        name: "Netherlands employed less than one month before",
        request: inbound("NL", "NL", "posted_worker", "2020-02-15", "2022-12-31", "2020-03-01")
            .employed_by_sender_since("2020-01-16"),
        expect: &[NotExempt, Arg("sender_employment_too_short", "posting_start", "2020-02-15")],
    },
    Scenario {
        name: "Netherlands employment not given",
        request: inbound("NL", "NL", "posted_worker", "2020-02-15", "2022-12-31", "2020-03-01"),
        expect: &[Exempt(PU), Has("sender_employment_condition"), ManualReview(false)],
    },
    Scenario {
        name: "Netherlands outbound employed less than one month before",
        request: outbound("NL", "posted_worker", "2020-02-15", "2022-12-31", "2020-03-01")
            .employed_by_sender_since("2020-02-01"),
        expect: &[NotExempt],
    },
    // Family members.
    Scenario {
        name: "family member CH",
        request: inbound("CH", "CH", "family_member", "2020-01-01", "2021-12-31", "2020-06-01"),
        expect: &[ExemptFlag(true), ManualReview(false), Has("family_member_conditions")],
    },
    Scenario {
        name: "family member NL",
        request: inbound("NL", "NL", "family_member", "2020-01-01", "2021-12-31", "2020-06-01"),
        expect: &[ExemptFlag(true), ManualReview(false), Has("family_member_conditions")],
    },
    Scenario {
        name: "family member JP",
        request: inbound("JP", "JP", "family_member", "2020-01-01", "2021-12-31", "2020-06-01"),
        expect: &[ExemptFlag(true), ManualReview(false), Has("family_member_conditions")],
    },
    Scenario {
        name: "family member CH outbound",
        request: outbound("CH", "family_member", "2020-01-01", "2021-12-31", "2020-06-01"),
        expect: &[ExemptFlag(true)],
    },
    Scenario {
        name: "family member JP outbound: the Chinese side only",
        request: outbound("JP", "family_member", "2020-01-01", "2021-12-31", "2020-06-01"),
        expect: &[NotExempt, Has("category_not_covered")],
    },
    // German diplomatic-mission staff have no limit.
    Scenario {
        name: "German diplomatic staff",
        request: inbound("DE", "DE", "diplomatic_consular",
            "2005-01-01", "2025-12-31", "2024-01-01"),
        expect: &[
            Exempt(PU), ExemptUntil(Some("2025-12-31")), MaxPostingMonths(None),
            Has("diplomatic_no_limit"), ExtensionPossible(false),
        ],
    },
    Scenario {
        name: "German diplomatic staff after the posting",
        request: inbound("DE", "DE", "diplomatic_consular",
            "2005-01-01", "2025-12-31", "2026-01-01"),
        expect: &[NotExempt, Arg("posting_ended", "posting_end", "2025-12-31")],
    },
    // A nationality mismatch goes to review but is worked out.
    Scenario {
        name: "nationality mismatch inbound",
        request: inbound("US", "DE", "posted_worker", "2020-03-15", "2024-03-14", "2021-01-01"),
        expect: &[
            ManualReview(true), Exempt(PU), Arg("nationality_mismatch", "nationality", "US"),
            Arg("nationality_mismatch", "expected", "DE"),
        ],
    },
    Scenario {
        name: "nationality mismatch outbound",
        request: outbound("DE", "posted_worker", "2020-03-15", "2024-03-14", "2021-01-01")
            .nationality("FR"),
        expect: &[ManualReview(true), Arg("nationality_mismatch", "expected", "CN")],
    },
    // Spain: the extension notice; the other extension rules.
    Scenario {
        name: "Spain extension notice",
        request: inbound("ES", "ES", "posted_worker", "2019-01-01", "2030-12-31", "2020-01-01"),
        expect: &[
            ExemptUntil(Some("2024-12-31")), Arg("extension_notice", "latest", "2024-09-30"),
            Has("extension_by_agreement"),
        ],
    },
    Scenario {
        name: "Switzerland exceptional extension, no notice",
        request: inbound("CH", "CH", "posted_worker", "2018-01-01", "2030-12-31", "2020-01-01"),
        expect: &[Has("extension_exceptional_by_agreement"), Lacks("extension_notice")],
    },
    Scenario {
        name: "Serbia extension cap",
        request: inbound("RS", "RS", "posted_worker", "2022-01-01", "2030-12-31", "2023-01-01"),
        expect: &[ExemptUntil(Some("2026-12-31")), ExtensionMaxUntil(Some("2028-12-31"))],
    },
    Scenario {
        name: "Spain posting within the limit: nothing to extend",
        request: inbound("ES", "ES", "posted_worker", "2019-01-01", "2020-12-31", "2020-01-01"),
        expect: &[ExtensionPossible(false), Lacks("extension_notice")],
    },
    Scenario {
        name: "Spain exemption still to come on as_of",
        request: inbound("ES", "ES", "posted_worker", "2026-01-01", "2026-12-31", "2025-06-01"),
        expect: &[Exempt(PU), ExemptFrom(Some("2026-01-01"))],
    },
    // Savings for an inbound exemption.
    Scenario {
        name: "savings for an inbound exemption",
        request: inbound("DE", "DE", "posted_worker", "2024-07-01", "2026-06-30", "2024-07-01")
            .savings(Some("beijing"), 80_000.0),
        expect: &[
            Expect::Savings(Savings {
                city: "Beijing",
                month: "2024-07",
                total_cny: 8_820.76,
                months: 24,
                period_total_cny: 211_698.24,
            }),
            Arg("savings_estimate", "total", "8820.76"),
        ],
    },
    // The month is clipped into the exemption: as_of before the posting starts.
    Scenario {
        name: "savings month clipped into the exemption",
        request: inbound("DE", "DE", "posted_worker", "2024-07-01", "2026-06-30", "2024-01-01")
            .savings(Some("beijing"), 80_000.0),
        expect: &[SavingsMonth("2024-07")],
    },
    Scenario {
        name: "savings: a wage without a city",
        request: inbound("DE", "DE", "posted_worker", "2024-07-01", "2026-06-30", "2024-01-01")
            .savings(None, 80_000.0),
        expect: &[NoSavings],
    },
    Scenario {
        name: "savings: outbound",
        request: outbound("DE", "posted_worker", "2024-07-01", "2026-06-30", "2024-07-01")
            .savings(Some("Beijing"), 80_000.0),
        expect: &[NoSavings],
    },
    Scenario {
        name: "savings: no rates for 2015",
        request: inbound("DE", "DE", "posted_worker", "2015-01-01", "2016-12-31", "2015-01-01")
            .savings(Some("Shanghai"), 30_000.0),
        expect: &[ExemptFlag(true), NoSavings, Arg("savings_unavailable", "reason", "no_rates")],
    },
];

#[test]
fn scenarios() {
    for scenario in &SCENARIOS {
        let d = run(scenario.name, &scenario.request.request());
        for expect in scenario.expect {
            check(scenario.name, &d, expect);
        }
    }
}
