//! Every agreement at its boundaries, in both directions: the day before the entry into force,
//! a category it does not cover, the day of entry into force and the end of the limit.

use super::fixtures::{assert_exempt, assert_not_exempt, d, has, inbound, outbound, run, step};
use crate::coverage::agreements::{self, Direction};
use crate::coverage::dates::{next_day, period_end, previous_day};
use crate::coverage::determine::input::iso;
use crate::coverage::determine::DeterminationRequest;
use chrono::NaiveDate;

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
        Direction::Inbound => inbound(case.partner, case.partner, category, &s, &e, &a).request(),
        Direction::Outbound => outbound(case.partner, category, &s, &e, &a).request(),
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
                run(
                    &ctx,
                    &request(case, direction, case.covered, start, end, as_of),
                )
            };
            assert_eq!(at(in_force).direction, direction, "{ctx}");

            // The day before the entry into force: not exempt.
            let before = at(previous_day(in_force));
            if case.code == "CN-KR-2012" {
                // The interim arrangement still applies that day (handover test below).
                assert_eq!(before.agreement.as_deref(), Some("CN-KR-2003"), "{ctx}");
            } else {
                assert_eq!(before.agreement.as_deref(), Some(case.code), "{ctx}");
                assert_not_exempt(&before, &ctx);
                let expected = agreement.in_force.map_or("none".to_owned(), iso);
                assert_eq!(
                    step(&before, "agreement_not_in_force", &ctx).arg("in_force"),
                    Some(expected.as_str()),
                    "{ctx}"
                );
            }

            // A category the agreement does not cover.
            let uncovered = run(
                &ctx,
                &request(case, direction, case.not_covered, start, end, in_force),
            );
            assert_not_exempt(&uncovered, &ctx);
            if !matches!(kind, Kind::NotInForce) {
                assert!(has(&uncovered, "category_not_covered"), "{ctx}");
            }

            // The day of entry into force and the end of the limit.
            let on = at(in_force);
            assert_eq!(on.agreement.as_deref(), Some(case.code), "{ctx}");
            match kind {
                Kind::Months(n) => {
                    let last = period_end(in_force, n);
                    assert_exempt(&on, case.branches, &ctx);
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
                        step(&on, "clock_start", &ctx).arg("date"),
                        Some(iso(in_force).as_str()),
                        "{ctx}"
                    );
                    let before_in_force = step(&on, "all_branches_before_in_force", &ctx);
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
                    assert_exempt(&on_last, case.branches, &ctx);
                    assert_eq!(on_last.exempt_until, Some(last), "{ctx}");
                    let after = at(next_day(last));
                    assert_not_exempt(&after, &ctx);
                    assert_eq!(after.exempt_until, Some(last), "{ctx}");
                    assert_eq!(
                        step(&after, "posting_limit_exceeded", &ctx).arg("from"),
                        Some(iso(next_day(last)).as_str()),
                        "{ctx}"
                    );
                }
                Kind::UnlimitedUntil(until) => {
                    let until = d(until);
                    assert_exempt(&on, case.branches, &ctx);
                    assert_eq!(on.exempt_until, Some(until), "{ctx}");
                    assert_eq!(on.max_posting_months, None, "{ctx}");
                    assert!(has(&on, "posting_unlimited"), "{ctx}");
                    assert_exempt(&at(until), case.branches, &ctx);
                    let next = at(next_day(until));
                    assert_ne!(next.agreement.as_deref(), Some(case.code), "{ctx}");
                }
                Kind::NotEstablished => {
                    assert_not_exempt(&on, &ctx);
                    assert!(on.manual_review, "{ctx}");
                    assert!(has(&on, "posting_limit_unknown"), "{ctx}");
                    assert_eq!((on.exempt_from, on.exempt_until), (None, None), "{ctx}");
                }
                Kind::NotInForce => {
                    assert_not_exempt(&on, &ctx);
                    assert_eq!(
                        step(&on, "agreement_not_in_force", &ctx).arg("in_force"),
                        Some("none"),
                        "{ctx}"
                    );
                    assert!(!on.manual_review, "{ctx}");
                }
            }
        }
    }
}
