use super::calendar::{check_range, due_in, reports, OutOfCycle, Reason, ReportType, Rules};
use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn shipped() -> (Vec<Convention>, Rules) {
    let events = shipped_events().unwrap_or_else(|e| panic!("{e}"));
    let conventions = register(&events).unwrap_or_else(|e| panic!("{e}"));
    (conventions, rules().unwrap_or_else(|e| panic!("{e}")))
}

fn find<'a>(conventions: &'a [Convention], code: &str) -> &'a Convention {
    conventions
        .iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("{code} missing"))
}

/// The years from `from` to `to` in which a report on `code` is due, with its type.
fn years(
    conventions: &[Convention],
    rules: &Rules,
    code: &str,
    from: i32,
    to: i32,
) -> Vec<(i32, ReportType)> {
    let c = find(conventions, code);
    (from..=to)
        .filter_map(|y| due_in(c, y, rules, &[]).map(|r| (y, r.kind)))
        .collect()
}

#[test]
fn the_shipped_register_counts_25_ratified_and_22_in_force_at_the_end_of_2010() {
    let (conventions, _) = shipped();
    assert_eq!(conventions.len(), 28);
    assert_eq!(counts_on(&conventions, d("2010-12-31")), (25, 22));
    assert_eq!(counts_on(&conventions, d("2009-12-31")).0, 25);
    // Today: 28 ratified, 22 in force (six denounced).
    assert_eq!(counts_on(&conventions, d("2025-12-31")), (28, 22));
    // MLC 2006 ratified in 2015, in force from November 2016.
    assert_eq!(counts_on(&conventions, d("2015-12-31")), (26, 22));
}

#[test]
fn entry_into_force_is_derived_where_no_source_gives_it() {
    let (conventions, _) = shipped();
    let c100 = find(&conventions, "C100");
    assert_eq!(c100.entry_into_force, Some(d("1991-11-02")));
    assert!(c100.entry_into_force_derived);
    let c029 = find(&conventions, "C029");
    assert_eq!(c029.entry_into_force, Some(d("2023-08-12")));
    assert!(!c029.entry_into_force_derived);
    assert_eq!(c029.status_on(d("2023-01-01")), Some(Status::NotYetInForce));
    assert_eq!(c029.status_on(d("2022-01-01")), None);
    let c011 = find(&conventions, "C011");
    assert_eq!(c011.entry_into_force, None);
    assert_eq!(c011.status_on(d("1990-01-01")), Some(Status::InForce));
}

#[test]
fn the_denunciations_of_1999_and_2016_end_the_revised_conventions() {
    let (conventions, rules) = shipped();
    let denounced = [
        (["C007", "C015", "C059"], "1999-04-27", "1999-04-28", "C138"),
        (
            ["C016", "C022", "C023"],
            "2016-11-11",
            "2016-11-12",
            "MLC 2006",
        ),
    ];
    for (codes, before, on, cause) in denounced {
        for code in codes {
            let c = find(&conventions, code);
            assert_eq!(c.status_on(d(before)), Some(Status::InForce), "{code}");
            assert_eq!(c.status_on(d(on)), Some(Status::NotInForce), "{code}");
            let cause_en = c.denounced.as_ref().map(|x| x.cause_en.as_str());
            assert!(cause_en.is_some_and(|x| x.contains(cause)), "{code}");
        }
    }
    for code in ["C016", "C022", "C023"] {
        // No report once it is no longer in force.
        assert!(
            years(&conventions, &rules, code, 2017, 2040).is_empty(),
            "{code}"
        );
    }
    // C016 (technical) was still reportable on its 5-year cycle before 2016.
    assert!(!years(&conventions, &rules, "C016", 1996, 2015).is_empty());
}

#[test]
fn final_articles_and_conventions_not_in_force_are_never_reported() {
    let (conventions, rules) = shipped();
    let all = reports(&conventions, &rules, &[], 1996, 2060);
    assert!(all.iter().all(|r| r.convention != "C080"));
    for code in ["C007", "C015", "C059"] {
        assert!(all.iter().all(|r| r.convention != code || r.year < 1999));
    }
    // A CEACR request on C080 does not make it reportable either.
    let request = [OutOfCycle {
        convention: "C080".into(),
        year: 2027,
    }];
    assert!(reports(&conventions, &rules, &request, 2027, 2027)
        .iter()
        .all(|r| r.convention != "C080"));
}

#[test]
fn first_reports_fall_due_on_1_september_of_the_year_after_entry_into_force() {
    let (conventions, rules) = shipped();
    for code in ["C029", "C105"] {
        let c = find(&conventions, code);
        let first = due_in(c, 2024, &rules, &[]).unwrap_or_else(|| panic!("{code}"));
        assert_eq!(first.kind, ReportType::First);
        assert_eq!(first.due_date, d("2024-09-01"));
        assert_eq!(
            due_in(c, 2023, &rules, &[]),
            None,
            "{code}: before its first report"
        );
        // Then the 3-year A-F cycle from base year 2023: 2026, 2029.
        assert_eq!(
            years(&conventions, &rules, code, 2023, 2030),
            [
                (2024, ReportType::First),
                (2026, ReportType::Regular),
                (2029, ReportType::Regular)
            ]
        );
    }
    let mlc = find(&conventions, "MLC2006");
    let first = due_in(mlc, 2017, &rules, &[]).unwrap_or_else(|| panic!("MLC 2006"));
    assert_eq!(
        (first.kind, first.due_date),
        (ReportType::First, d("2017-09-01"))
    );
    assert!(first.reason.text_en().contains("2016-11-12"));
}

#[test]
fn c155_reports_on_the_technical_cycle_before_2022_and_the_fundamental_one_after() {
    let (conventions, mut rules) = shipped();
    // Without the subject override, to see the class alone decide.
    rules.subjects.iter_mut().for_each(|s| s.base_year = None);
    let c155 = find(&conventions, "C155");
    assert_eq!(c155.class_on(d("2022-06-09")), Class::T);
    assert_eq!(c155.class_on(d("2022-06-10")), Class::F);
    assert_eq!(c155.class(), Class::F);
    // 2021 and 2022: the class on 1 January is technical, 6-year C-F cycle (base 2022).
    let r2022 = due_in(c155, 2022, &rules, &[]).map(|r| r.reason);
    assert_eq!(
        r2022,
        Some(Reason::Group {
            cycle_years: 6,
            group: "C-F".into(),
            base_year: 2022
        })
    );
    // From 2023 fundamental: the 3-year A-F cycle, base 2023.
    assert_eq!(
        years(&conventions, &rules, "C155", 2020, 2029),
        [
            (2022, ReportType::Regular),
            (2023, ReportType::Regular),
            (2026, ReportType::Regular),
            (2029, ReportType::Regular)
        ]
    );
}

#[test]
fn both_cycle_lengths_apply_in_their_years() {
    let (conventions, rules) = shipped();
    // C100 (fundamental): every 2 years to 2019 (A-Z base 1996), every 3 from 2020 (A-F base 2023).
    assert_eq!(
        years(&conventions, &rules, "C100", 2012, 2029)
            .into_iter()
            .map(|(y, _)| y)
            .collect::<Vec<_>>(),
        [2012, 2014, 2016, 2018, 2020, 2023, 2026, 2029]
    );
    // C150 (technical): every 5 years to 2019 (base 1997), every 6 from 2020 (C-F base 2022).
    assert_eq!(
        years(&conventions, &rules, "C150", 2000, 2034)
            .into_iter()
            .map(|(y, _)| y)
            .collect::<Vec<_>>(),
        [2004, 2007, 2012, 2017, 2022, 2028, 2034]
    );
    let reason = due_in(find(&conventions, "C100"), 2026, &rules, &[]).map(|r| r.reason.text_en());
    assert_eq!(
        reason.as_deref(),
        Some("regular, 3-year cycle, group A-F, base year 2023")
    );
}

#[test]
fn a_subject_group_moves_a_convention_to_its_year() {
    let (conventions, mut rules) = shipped();
    // C122 (governance) on the A-F year: 2026.
    assert_eq!(
        years(&conventions, &rules, "C122", 2024, 2027),
        [(2026, ReportType::Regular)]
    );
    let subject = rules
        .subjects
        .iter_mut()
        .find(|s| s.code == "employment_policy")
        .unwrap_or_else(|| panic!("subject"));
    subject.base_year = Some(2025);
    assert_eq!(
        years(&conventions, &rules, "C122", 2024, 2027),
        [(2025, ReportType::Regular)]
    );
    let reason = due_in(find(&conventions, "C122"), 2025, &rules, &[]).map(|r| r.reason);
    assert!(matches!(
        reason,
        Some(Reason::Subject {
            base_year: 2025,
            ..
        })
    ));
    // The shipped OSH subject keeps C045, C167 and C170 together (6-year, from 2022).
    for code in ["C045", "C167", "C170"] {
        assert_eq!(
            years(&conventions, &rules, code, 2022, 2034).len(),
            3,
            "{code}"
        );
    }
}

#[test]
fn out_of_cycle_requests_and_base_year_changes() {
    let (conventions, mut rules) = shipped();
    let request = [OutOfCycle {
        convention: "C100".into(),
        year: 2027,
    }];
    let due = reports(&conventions, &rules, &request, 2027, 2027);
    let c100 = due.iter().find(|r| r.convention == "C100");
    assert_eq!(c100.map(|r| r.kind), Some(ReportType::OutOfCycle));
    // In year and code order.
    let all = reports(&conventions, &rules, &[], 2024, 2030);
    assert!(all
        .windows(2)
        .all(|w| (w[0].year, &w[0].convention) <= (w[1].year, &w[1].convention)));
    rules
        .set_base_year(3, "A-F", 2024)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        years(&conventions, &rules, "C100", 2024, 2027),
        [(2024, ReportType::Regular), (2027, ReportType::Regular)]
    );
    let refused = rules.set_base_year(4, "A-F", 2024).err();
    assert_eq!(
        refused.and_then(|e| e.code_for("cycle_years")),
        Some("unknown_cycle")
    );
    let refused = rules.set_base_year(3, "X-Y", 1900).err();
    assert_eq!(
        refused.as_ref().and_then(|e| e.code_for("group")),
        Some("unknown_group")
    );
    assert_eq!(
        refused.and_then(|e| e.code_for("base_year")),
        Some("year_out_of_range")
    );
    assert!(check_range(1918, 2020).is_err());
    assert_eq!(
        check_range(2030, 2024)
            .err()
            .and_then(|e| e.code_for("from")),
        Some("from_after_to")
    );
}

#[test]
fn register_events_take_effect_from_their_date() {
    let (_, _) = shipped();
    let mut events = shipped_events().unwrap_or_else(|e| panic!("{e}"));
    events.push(Event {
        convention: "C187".into(),
        effective: d("2027-03-01"),
        kind: EventKind::ratification(c187_titles(), 2006, Class::F, None),
    });
    let conventions = register(&events).unwrap_or_else(|e| panic!("{e}"));
    let c187 = find(&conventions, "C187");
    assert_eq!(c187.entry_into_force, Some(d("2028-03-01")));
    assert!(c187.entry_into_force_derived);
    assert_eq!(counts_on(&conventions, d("2027-12-31")), (29, 22));
    assert_eq!(counts_on(&conventions, d("2028-12-31")), (29, 23));
    // A second ratification, or a denunciation before the ratification, is refused.
    let again = events.last().cloned().unwrap_or_else(|| panic!("event"));
    events.push(again);
    assert_eq!(
        register(&events),
        Err(RegisterError::AlreadyRatified("C187".into()))
    );
    events.pop();
    events.push(Event {
        convention: "C187".into(),
        effective: d("2026-01-01"),
        kind: EventKind::ClassChange { class: Class::T },
    });
    assert_eq!(
        register(&events),
        Err(RegisterError::NotRatified("C187".into()))
    );
}

/// The titles of C187, a convention China has not ratified, for a test ratification.
fn c187_titles() -> (String, String) {
    (
        "Promotional Framework for Occupational Safety and Health Convention".into(),
        "促进职业安全与卫生框架公约".into(),
    )
}
