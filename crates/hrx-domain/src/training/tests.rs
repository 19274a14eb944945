#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::calendar::WorkingCalendar;
use crate::statistics::series::{self, ParticipationFacts, TA_PERSONS, TA_SENT};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_shipped_rules_and_workflows_parse() {
    let rules = shipped_rules().unwrap();
    assert_eq!(rules.report_deadline_days, 30);
    assert_eq!(rules.mid_long_term_days, 90);
    assert!(rules.eligibility.len() >= 2);
    assert_eq!(nomination_workflow().unwrap().initial, "draft");
    assert_eq!(group_workflow().unwrap().initial, "planned");
    assert!(parse_rules("mid_long_term_days = 90\nreport_deadline_days = 30\npassport_months_after_return = 6\n[[eligibility]]\ncode = \"x\"\nprogramme_types = [\"nope\"]\nmax_age = 3\ndescription_en = \"\"\ndescription_zh = \"\"\nsource = \"\"\n").is_err());
}

#[test]
fn ta_r1_ninety_days_both_ends_counted_is_mid_long_term() {
    for (dep, ret, days_, class) in [
        ("2009-03-01", "2009-05-29", 90, DurationClass::MidLongTerm),
        ("2009-03-01", "2009-05-28", 89, DurationClass::ShortTerm),
        ("2009-09-07", "2009-09-27", 21, DurationClass::ShortTerm),
    ] {
        assert_eq!(days(d(dep), d(ret)), Some(days_));
        assert_eq!(duration_class(d(dep), d(ret)), class, "{dep} {ret}");
    }
    assert_eq!(days(d("2009-03-02"), d("2009-03-01")), None);
}

#[test]
fn ta_r3_stays_sharing_a_day_overlap() {
    let a = (d("2009-03-01"), d("2009-03-21"));
    assert!(overlaps(a, (d("2009-03-21"), d("2009-04-10"))));
    assert!(!overlaps(a, (d("2009-03-22"), d("2009-04-10"))));
    assert!(overlaps(
        (d("2009-03-01"), d("2009-05-29")),
        (d("2009-04-01"), d("2009-04-20"))
    ));
    assert!(!overlaps((d("2009-04-11"), d("2009-04-20")), a));
}

#[test]
fn quota_counts_supplementary_places_and_refuses_the_one_over() {
    assert!(check_quota("Unit", 120, 0, 119).is_ok());
    let refused = check_quota("Unit", 120, 0, 120).unwrap_err();
    assert_eq!(refused.code, "quota_exceeded");
    assert!(
        refused.detail.contains("120 of its 120"),
        "{}",
        refused.detail
    );
    assert!(check_quota("Unit", 120, 10, 120).is_ok());
    assert!(check_quota("Unit", 120, 10, 130).is_err());
    assert!(check_quota("Unit", 0, 0, 0).is_err());
}

#[test]
fn a_passport_must_be_valid_six_months_after_the_return() {
    let ret = d("2009-05-29");
    assert!(check_passport(Some(("E1", Some(d("2009-11-29")))), ret, 6).is_ok());
    let short = check_passport(Some(("E1", Some(d("2009-11-28")))), ret, 6).unwrap_err();
    assert_eq!(short.code, "passport_expires");
    assert!(short.detail.contains("2009-11-29"), "{}", short.detail);
    assert_eq!(
        check_passport(None, ret, 6).unwrap_err().code,
        "passport_expires"
    );
    assert_eq!(
        check_passport(Some(("E1", None)), ret, 6).unwrap_err().code,
        "passport_expires"
    );
    // The end of a month: six months after 31 August is the last day of February.
    assert!(check_passport(Some(("E1", Some(d("2010-02-28")))), d("2009-08-31"), 6).is_ok());
}

#[test]
fn the_group_dates_fit_the_programme_window() {
    let w = (d("2009-01-01"), d("2009-12-31"));
    assert!(check_window(w, d("2009-01-01"), d("2009-12-31")).is_ok());
    assert_eq!(
        check_window(w, d("2008-12-31"), d("2009-01-10"))
            .unwrap_err()
            .code,
        "outside_window"
    );
    assert!(check_window(w, d("2009-12-20"), d("2010-01-10")).is_err());
}

#[test]
fn ta_r4_the_report_is_due_thirty_days_after_the_return() {
    let cal = WorkingCalendar::official();
    let on_time = report_timing(
        d("2009-04-10"),
        Some(d("2009-05-10")),
        d("2009-06-01"),
        30,
        cal,
    );
    assert_eq!(
        (on_time.due_on, on_time.state),
        (d("2009-05-10"), ReportState::OnTime)
    );
    let late = report_timing(
        d("2009-04-10"),
        Some(d("2009-05-11")),
        d("2009-06-01"),
        30,
        cal,
    );
    assert_eq!((late.state, late.days_late), (ReportState::Late, 1));
    let overdue = report_timing(d("2009-04-10"), None, d("2009-05-11"), 30, cal);
    assert_eq!(
        (overdue.state, overdue.days_late),
        (ReportState::Overdue, 1)
    );
    // 2009-05-11 is a Monday: one working day overdue.
    assert_eq!(overdue.working_days_overdue, 1);
    let not_yet = report_timing(d("2009-12-20"), None, d("2010-01-19"), 30, cal);
    assert_eq!(
        (not_yet.due_on, not_yet.state),
        (d("2010-01-19"), ReportState::Due)
    );
    // Overdue over a weekend: due Friday 2009-05-08, checked Monday 2009-05-11.
    let weekend = report_timing(d("2009-04-08"), None, d("2009-05-11"), 30, cal);
    assert_eq!((weekend.days_late, weekend.working_days_overdue), (3, 1));
}

#[test]
fn eligibility_names_the_rule_that_refuses() {
    let rules = &shipped_rules().unwrap().eligibility;
    let cn = Nominee {
        nationality: "CN",
        birth_date: d("1970-06-01"),
    };
    assert!(ineligible(
        rules,
        ProgrammeType::SeniorCivilServants,
        cn,
        d("2009-05-01")
    )
    .is_none());
    assert!(ineligible(rules, ProgrammeType::YoungCadres, cn, d("2009-05-01")).is_none());
    let older = Nominee {
        birth_date: d("1960-06-01"),
        ..cn
    };
    let (rule, why) =
        ineligible(rules, ProgrammeType::YoungCadres, older, d("2009-05-01")).unwrap();
    assert_eq!(rule.code, "young_cadres_under_45");
    assert!(why.contains("48"), "{why}");
    // Older programmes take them.
    assert!(ineligible(
        rules,
        ProgrammeType::SeniorCivilServants,
        older,
        d("2009-05-01")
    )
    .is_none());
    // The day before the 45th birthday is still 44.
    let birthday = Nominee {
        birth_date: d("1964-05-02"),
        ..cn
    };
    assert!(ineligible(rules, ProgrammeType::YoungCadres, birthday, d("2009-05-01")).is_none());
    let foreign = Nominee {
        nationality: "FR",
        ..cn
    };
    let (rule, why) = ineligible(rules, ProgrammeType::Other, foreign, d("2009-05-01")).unwrap();
    assert_eq!(rule.code, "chinese_citizen");
    assert!(why.contains("FR"), "{why}");
}

fn participation(departure: &str, country: &str) -> ParticipationFacts {
    ParticipationFacts {
        departure: d(departure),
        programme_type: "senior_civil_servants".into(),
        host_country: country.into(),
        sending_unit: "Unit".into(),
        duration_class: "short_term".into(),
        destination_scope: destination_scope(country).code().into(),
    }
}

#[test]
fn ta_r5_a_participation_counts_in_the_month_its_group_departed() {
    // A group leaving on 31 December counts in December, whatever its return.
    let one = [participation("2009-12-31", "US")];
    let c = series::training(&one);
    let sent: Vec<_> = c.iter().filter(|c| c.series == TA_SENT).collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].month, 200912);
    // The same person twice in 2009 and once in 2010: 3 person-times, 2 person-years.
    let twice = [
        participation("2009-03-01", "FR"),
        participation("2009-09-01", "HK"),
        participation("2010-01-05", "US"),
    ];
    let c = series::training(&twice);
    assert_eq!(c.iter().filter(|c| c.series == TA_SENT).count(), 3);
    let persons: Vec<i32> = c
        .iter()
        .filter(|c| c.series == TA_PERSONS)
        .map(|c| c.month)
        .collect();
    assert_eq!(persons, [200903, 201001]);
    let hk = c
        .iter()
        .find(|c| c.series == TA_SENT && c.month == 200909)
        .unwrap();
    assert!(hk.keys.contains(&("destination_scope", "hmt")));
}
