//! What each family contributes, read back through the formulas as a store would.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::super::{
    coverage, evaluate, foreign_students, formula, study_abroad, work_permits, Answer,
    CertificateFacts, Contribution, EnrolmentFacts, EpisodeFacts, Period, PermitFacts, PersonFacts,
    Query, Sums, Tally, CC_EXEMPT,
};
use chrono::NaiveDate;
use std::collections::HashMap;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn person() -> PersonFacts {
    PersonFacts {
        sex: "F".into(),
        nationality: "CN".into(),
    }
}

fn episode(dep: &str, ret: Option<&str>, country: &str) -> EpisodeFacts {
    EpisodeFacts {
        departure: d(dep),
        return_date: ret.map(d),
        destination_country: country.into(),
        funding: "self_funded".into(),
        isced_level: "7".into(),
    }
}

/// Reads a tally the way a store would.
fn ask<'a>(tally: &'a Tally, dim: &'static str) -> impl FnMut(Query) -> Result<Answer, ()> + 'a {
    move |q| {
        let rows = tally.changes().map(|((s, dm, k, m), v)| (s, dm, k, m, v));
        Ok(match q {
            Query::Sum { series, from, to } => {
                let mut sums = Sums::new();
                for (s, dm, k, m, v) in rows {
                    if s == series && dm == dim && from.is_none_or(|f| m >= f) && m <= to {
                        *sums.entry(k).or_default() += v;
                    }
                }
                Answer::Sums(sums)
            }
            Query::YearSums { series, to_year } => {
                let mut by: HashMap<String, HashMap<i32, i64>> = HashMap::new();
                for (s, dm, k, m, v) in rows {
                    if s == series && dm == dim && m / 100 <= to_year {
                        *by.entry(k).or_default().entry(m / 100).or_default() += v;
                    }
                }
                Answer::YearSums(
                    by.into_iter()
                        .map(|(k, ys)| (k, ys.into_iter().collect()))
                        .collect(),
                )
            }
            Query::PositiveKeys { series, dim, to } => {
                let mut sums = Sums::new();
                for (s, dm, k, m, v) in rows {
                    if s == series && dm == dim && m <= to {
                        *sums.entry(k).or_default() += v;
                    }
                }
                Answer::Count(sums.values().filter(|v| **v > 0).count() as i64)
            }
        })
    }
}

/// The value of an indicator per key of a breakdown (`""`: the total), as a store reads it.
fn breakdown(tally: &Tally, code: &str, period: &str, dim: &'static str) -> Sums {
    evaluate(
        formula(code).unwrap(),
        &Period::parse(period).unwrap(),
        ask(tally, dim),
    )
    .unwrap()
}

/// The total of an indicator.
fn value(tally: &Tally, code: &str, period: &str) -> i64 {
    breakdown(tally, code, period, "")
        .get("")
        .copied()
        .unwrap_or(0)
}

/// Checks a series' value in each of the periods.
fn assert_series(tally: &Tally, code: &str, expected: &[(&str, i64)]) {
    for &(period, v) in expected {
        assert_eq!(value(tally, code, period), v, "{code} {period}");
    }
}

/// Checks a series' breakdown by a dimension in a period.
fn assert_breakdown(
    tally: &Tally,
    code: &str,
    period: &str,
    dim: &'static str,
    expected: &[(&str, i64)],
) {
    let expected: Sums = expected.iter().map(|&(k, v)| (k.to_owned(), v)).collect();
    assert_eq!(
        breakdown(tally, code, period, dim),
        expected,
        "{code} {period} by {dim}"
    );
}

/// A tally of what was added.
fn tally(contributions: &[Contribution<'_>]) -> Tally {
    let mut t = Tally::default();
    t.add(contributions, 1);
    t
}

#[test]
fn a_person_counts_once_however_many_episodes() {
    let mut t = tally(&study_abroad(
        &person(),
        &[
            episode("1975-09-01", Some("1977-07-01"), "JP"),
            episode("1990-09-01", Some("1994-06-30"), "US"),
            episode("1996-09-01", None, "GB"),
        ],
    ));
    let expected: [(&str, &[(&str, i64)]); 5] = [
        (
            "outbound_students_cumulative",
            &[("1989", 0), ("1990-09", 1), ("2009", 1)],
        ),
        (
            "returned_students_cumulative",
            &[("1994-05", 0), ("1994-06", 1)],
        ),
        ("outbound_departures", &[("1990", 1), ("1975", 1)]),
        (
            "studying_abroad",
            &[("1976", 1), ("1978", 0), ("1994-05", 1)],
        ),
        // Returned on the last day of June: not abroad at its end.
        ("studying_abroad", &[("1994-06", 0), ("2009", 1)]),
    ];
    for (code, points) in expected {
        assert_series(&t, code, points);
    }
    // The breakdown follows the episode that made the person count.
    assert_breakdown(
        &t,
        "outbound_students_cumulative",
        "2009",
        "destination_country",
        &[("US", 1)],
    );
    // Removing what was added leaves nothing.
    t.add(
        &study_abroad(
            &person(),
            &[
                episode("1996-09-01", None, "GB"),
                episode("1990-09-01", Some("1994-06-30"), "US"),
                episode("1975-09-01", Some("1977-07-01"), "JP"),
            ],
        ),
        -1,
    );
    assert_eq!(t.changes().count(), 0);
}

#[test]
fn overlapping_periods_abroad_count_once() {
    let t = tally(&study_abroad(
        &person(),
        &[
            episode("2000-01-10", Some("2003-01-01"), "US"),
            episode("2002-01-10", Some("2004-05-01"), "CA"),
        ],
    ));
    assert_series(
        &t,
        "studying_abroad",
        &[
            ("1999", 0),
            ("2000", 1),
            ("2002", 1),
            ("2003", 1),
            ("2004-04", 1),
            ("2004-05", 0),
        ],
    );
}

#[test]
fn enrolments_count_once_per_year_they_overlap() {
    let mut t = Tally::default();
    let e = |s: &str, end: Option<&str>| EnrolmentFacts {
        start: d(s),
        end: end.map(d),
        province: "110000".into(),
        isced_level: "6".into(),
    };
    let fr = PersonFacts {
        sex: "M".into(),
        nationality: "FR".into(),
    };
    let kr = PersonFacts {
        sex: "F".into(),
        nationality: "KR".into(),
    };
    t.add(
        &foreign_students(&fr, &[e("2007-09-01", Some("2009-06-30"))]),
        1,
    );
    t.add(
        &foreign_students(
            &kr,
            &[e("1976-09-01", Some("1979-06-30")), e("2009-09-01", None)],
        ),
        1,
    );
    let expected: [(&str, &[(&str, i64)]); 3] = [
        (
            "foreign_students",
            &[
                ("2007", 1),
                ("2008", 1),
                ("2009", 2),
                ("2009-07", 0),
                ("2009Q4", 1),
                ("1978", 1),
            ],
        ),
        // 1978 and 1979 for the first KR enrolment, 2007..2009 for FR, 2009 for KR.
        (
            "foreign_students_cumulative",
            &[("2009", 6), ("2009Q1", 6), ("1979", 2)],
        ),
        (
            "foreign_student_source_countries",
            &[("2006", 1), ("2007-09", 2)],
        ),
    ];
    for (code, points) in expected {
        assert_series(&t, code, points);
    }
}

#[test]
fn permits_are_valid_from_start_to_end_unless_cancelled() {
    let p = |from: &str, until: &str, cancelled: Option<&str>| PermitFacts {
        valid_from: d(from),
        valid_until: d(until),
        cancelled_on: cancelled.map(d),
        category: None,
        province: Some("310000".into()),
        occupation: Some("2512".into()),
    };
    let t = tally(&work_permits(
        &person(),
        &[
            p("2007-03-01", "2009-02-28", None),
            p("2009-03-01", "2011-02-28", None),
        ],
    ));
    let mut u = tally(&work_permits(
        &person(),
        &[p("2008-01-01", "2009-12-31", None)],
    ));
    u.add(
        &work_permits(
            &person(),
            &[p("2008-01-01", "2010-12-31", Some("2009-12-31"))],
        ),
        1,
    );
    assert_series(&t, "work_permits_valid", &[("2009", 1), ("2009-02", 1)]);
    assert_series(&t, "work_permits_issued", &[("2009", 1), ("2007Q1", 1)]);
    // Valid to the last day counts on that day; cancelled on it does not.
    assert_series(
        &u,
        "work_permits_valid",
        &[("2009", 1), ("2009-11", 2), ("2010", 0)],
    );
}

fn certificate(
    direction: &str,
    agreement: &str,
    from: &str,
    to: &str,
    revoked: Option<&str>,
    issued: Option<&str>,
) -> CertificateFacts {
    CertificateFacts {
        valid_from: d(from),
        valid_to: d(to),
        revoked_on: revoked.map(d),
        issued_on: issued.map(d),
        agreement: agreement.into(),
        direction: direction.into(),
    }
}

fn foreigner(nationality: &str) -> PersonFacts {
    PersonFacts {
        sex: "M".into(),
        nationality: nationality.into(),
    }
}

#[test]
fn overlapping_certificates_of_one_person_count_once() {
    let de = foreigner("DE");
    let certificates = [
        certificate(
            "inbound",
            "CN-DE-2001",
            "2008-01-01",
            "2009-12-31",
            None,
            Some("2008-01-01"),
        ),
        certificate(
            "inbound",
            "CN-DE-2001",
            "2009-06-01",
            "2011-05-31",
            None,
            Some("2009-06-01"),
        ),
        // Presented and never accepted: counts nowhere.
        certificate(
            "inbound",
            "CN-DE-2001",
            "2012-01-01",
            "2013-12-31",
            None,
            None,
        ),
    ];
    let mut t = tally(&coverage(&de, &certificates));
    assert_series(
        &t,
        "coverage_exemptions_active",
        &[
            ("2007", 0),
            ("2008", 1),
            ("2009", 1),
            ("2010", 1),
            ("2011-05", 1),
            ("2011-06", 0),
            ("2012", 0),
            ("2013", 0),
        ],
    );
    assert_series(
        &t,
        "coverage_certificates_issued",
        &[("2009", 1), ("2008Q1", 1), ("2012", 0)],
    );
    // The keys are those of the certificate that opened the period.
    assert_breakdown(
        &t,
        "coverage_exemptions_active",
        "2010",
        "nationality",
        &[("DE", 1)],
    );
    t.add(&coverage(&de, &certificates), -1);
    assert_eq!(t.changes().count(), 0);
}

#[test]
fn a_revocation_ends_the_exemption_on_its_day() {
    let kr = foreigner("KR");
    let revoked_on = |day| {
        let c = certificate(
            "inbound",
            "CN-KR-2012",
            "2014-03-01",
            "2018-02-28",
            Some(day),
            Some("2014-03-01"),
        );
        tally(&coverage(&kr, &[c]))
    };
    let (t, u) = (revoked_on("2015-12-31"), revoked_on("2016-01-01"));
    assert_eq!(value(&t, "coverage_exemptions_active", "2015-11"), 1);
    // Revoked on the last day of 2015: not exempt on it.
    assert_series(
        &t,
        "coverage_exemptions_active",
        &[("2015", 0), ("2017", 0)],
    );
    assert_series(
        &u,
        "coverage_exemptions_active",
        &[("2015", 1), ("2016-01", 0)],
    );
    // A revoked certificate was still issued.
    assert_eq!(value(&t, "coverage_certificates_issued", "2014"), 1);
}

#[test]
fn outbound_certificates_are_issued_but_never_exemptions() {
    let cn = foreigner("CN");
    let t = tally(&coverage(
        &cn,
        &[
            certificate(
                "outbound",
                "CN-JP-2018",
                "2020-01-01",
                "2024-12-31",
                None,
                Some("2019-11-15"),
            ),
            certificate(
                "outbound",
                "CN-JP-2018",
                "2025-01-01",
                "2026-12-31",
                None,
                Some("2024-12-01"),
            ),
        ],
    ));
    assert_eq!(value(&t, "coverage_exemptions_active", "2021"), 0);
    assert_series(
        &t,
        "coverage_certificates_issued",
        &[("2019", 1), ("2024-12", 1), ("2020", 0)],
    );
    assert_breakdown(
        &t,
        "coverage_certificates_issued",
        "2024",
        "direction",
        &[("outbound", 1)],
    );
    assert!(t.changes().all(|((s, ..), _)| s != CC_EXEMPT));
}
