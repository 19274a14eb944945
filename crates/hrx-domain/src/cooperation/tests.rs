#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::count::{
    contributions, partner_countries, partner_countries_active_in_year, partner_organisations,
    Activity, Counted, CountedEvent,
};
use super::events::{follow_up_flag, project_status, EventRow, FollowUpFlag, ProjectStatus};
use super::*;
use crate::statistics::series::{Tally, COOP_EVENTS, COOP_PARTNER_COUNTRIES, SSA_IN_FORCE};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn signed(s: &str) -> Dates {
    Dates {
        signed_on: Some(d(s)),
        ..Dates::default()
    }
}

#[test]
fn r1_the_state_of_an_instrument_follows_from_its_dates() {
    // R1-a, R1-b: Germany's agreement, signed then in force later.
    let de = Dates {
        entry_into_force_on: Some(d("2002-04-04")),
        ..signed("2001-07-12")
    };
    assert_eq!(de.state_on(d("2001-07-11")).0, State::Negotiating);
    assert_eq!(
        de.state_on(d("2001-12-31")),
        (State::Signed, Some(d("2001-07-12")))
    );
    assert_eq!(
        de.state_on(d("2002-12-31")),
        (State::InForce, Some(d("2002-04-04")))
    );
    // R1-c: Canada, renewed by a new signature after a gap; in force in its second term.
    let ca = Dates {
        term_months: Some(24),
        renewal: Some(Renewal::ByInstrument),
        renewals: vec![RenewalTerm {
            signed_on: d("2009-12-01"),
            starts_on: d("2009-12-01"),
            months: Some(36),
        }],
        ..signed("2007-11-01")
    };
    assert_eq!(
        ca.state_on(d("2011-12-31")),
        (State::InForce, Some(d("2009-12-01")))
    );
    assert_eq!(
        ca.state_on(d("2009-11-15")),
        (State::Expired, Some(d("2009-11-01")))
    );
    assert_eq!(ca.state_on(d("2012-12-01")).0, State::Expired);
    assert_eq!(ca.terms_until(d("2012-01-01")).len(), 2);
    // R1-d: superseded.
    let ilo = Dates {
        ended: Some((EndKind::Superseded, d("2016-09-06"))),
        ..signed("2001-05-01")
    };
    assert_eq!(ilo.state_on(d("2016-12-31")).0, State::Superseded);
    assert_eq!(ilo.state_on(d("2016-09-05")).0, State::InForce);
    assert_eq!(
        signed("2016-09-06").state_on(d("2016-12-31")).0,
        State::InForce
    );
    // R1-e: open-ended.
    assert_eq!(
        signed("2006-10-09").state_on(d("2040-01-01")).0,
        State::InForce
    );
    assert_eq!(signed("2006-10-09").expires_after(d("2040-01-01")), None);
    // R1-f, g, h: tacit renewal with notice given in time, late, or not at all.
    let tacit = Dates {
        term_months: Some(36),
        renewal: Some(Renewal::Tacit),
        notice_months: Some(6),
        ..signed("2005-01-01")
    };
    assert_eq!(
        tacit.state_on(d("2008-06-30")),
        (State::InForce, Some(d("2005-01-01")))
    );
    assert_eq!(tacit.expires_after(d("2008-06-30")), None);
    let in_time = Dates {
        notice_given_on: Some(d("2007-05-15")),
        ..tacit.clone()
    };
    assert_eq!(
        in_time.state_on(d("2008-06-30")),
        (State::Expired, Some(d("2008-01-01")))
    );
    let on_deadline = Dates {
        notice_given_on: Some(d("2007-06-30")),
        ..tacit.clone()
    };
    assert_eq!(on_deadline.state_on(d("2008-01-01")).0, State::Expired);
    let late = Dates {
        notice_given_on: Some(d("2007-09-01")),
        ..tacit.clone()
    };
    assert_eq!(late.state_on(d("2008-06-30")).0, State::InForce);
    assert_eq!(late.expires_after(d("2008-06-30")), Some(d("2010-12-31")));
    assert_eq!(late.state_on(d("2011-01-01")).0, State::Expired);
    // Initialled before signature.
    let initialled = Dates {
        initialled_on: Some(d("2009-03-01")),
        ..Dates::default()
    };
    assert_eq!(initialled.state_on(d("2009-03-01")).0, State::Initialled);
    assert_eq!(initialled.state_on(d("2009-02-28")).0, State::Negotiating);
}

#[test]
fn r2_inconsistent_dates_are_refused_with_the_field_named() {
    let mut fields = AgreementFields {
        code: "cn-xx-mou-2009".into(),
        kind: "mou".into(),
        title_en: "T".into(),
        title_zh: "题".into(),
        chinese_party: "mohrss".into(),
        partners: "DE; FR".into(),
        signed_on: "2009-05-01".into(),
        entry_into_force_on: "2009-04-30".into(),
        areas: "employment;skills".into(),
        ..AgreementFields::default()
    };
    let e = fields.check().unwrap_err();
    assert_eq!(e.code_for("entry_into_force_on"), Some("before_signature"));
    fields.entry_into_force_on = "2009-06-01".into();
    let ok = fields.check().unwrap();
    assert_eq!(ok.code, "CN-XX-MOU-2009");
    assert_eq!(ok.partners, ["DE", "FR"]);
    assert_eq!(ok.areas, [Area::Employment, Area::Skills]);
    fields.term_months = "0".into();
    assert_eq!(
        fields.check().unwrap_err().code_for("term_months"),
        Some("out_of_range")
    );
    fields.term_months = String::new();
    fields.ended = "terminated".into();
    fields.ended_on = "2009-01-01".into();
    assert_eq!(
        fields.check().unwrap_err().code_for("ended_on"),
        Some("before_signature")
    );
    fields.ended_on = String::new();
    assert_eq!(
        fields.check().unwrap_err().code_for("ended_on"),
        Some("required")
    );
    fields.ended = String::new();
    fields.areas = "fishing".into();
    assert_eq!(
        fields.check().unwrap_err().code_for("areas"),
        Some("unknown_value")
    );
    assert!(check_supersedes(
        Some(d("2016-09-06")),
        Some(d("2001-05-01"))
    ));
    assert!(!check_supersedes(
        Some(d("2001-05-01")),
        Some(d("2016-09-06"))
    ));
    // Events: an end before the start, an unknown country.
    let row = EventRow {
        date: "2010-09-17".into(),
        end_date: "2010-09-16".into(),
        name_en: "X".into(),
        name_zh: "X".into(),
        kind: "ministerial".into(),
        host_country: "Atlantis".into(),
        ..EventRow::default()
    };
    let e = row.check().unwrap_err();
    assert_eq!(e.code_for("end_date"), Some("before_start"));
    assert_eq!(e.code_for("host_country"), Some("unknown_country"));
    let ok = EventRow {
        date: "2007-09".into(),
        end_date: String::new(),
        host_country: "Russian Federation".into(),
        ..row
    }
    .check()
    .unwrap();
    assert_eq!((ok.starts_on, ok.month_only), (d("2007-09-01"), true));
    assert_eq!(ok.host_country.as_deref(), Some("RU"));
    assert_eq!(
        events::check_project_dates(Some(d("2000-01-01")), None, Some(d("1999-12-31")))
            .code_for("actual_end_on"),
        Some("before_start")
    );
}

#[test]
fn r3_r4_r5_follow_ups_projects_and_event_years() {
    let due = d("2010-12-31");
    assert_eq!(
        follow_up_flag(due, None, d("2010-12-31")),
        FollowUpFlag::OnTime
    );
    assert_eq!(
        follow_up_flag(due, None, d("2011-01-01")),
        FollowUpFlag::Overdue { days: 1 }
    );
    assert_eq!(
        follow_up_flag(due, Some(d("2011-01-05")), d("2011-02-01")),
        FollowUpFlag::DoneLate { days: 5 }
    );
    // P058308: active in 2004 although its planned end was 2002.
    let start = Some(d("1999-06-01"));
    let end = Some(d("2005-12-31"));
    assert_eq!(
        project_status(start, end, d("2004-06-30")),
        ProjectStatus::Active
    );
    assert_eq!(
        project_status(start, end, d("2005-12-31")),
        ProjectStatus::Active
    );
    assert_eq!(
        project_status(start, end, d("2006-01-01")),
        ProjectStatus::Closed
    );
    assert_eq!(
        project_status(start, None, d("1999-05-31")),
        ProjectStatus::Pipeline
    );
    assert_eq!(count::event_year(d("2010-12-30")), 2010);
}

fn counted(code: &str, party: ChineseParty, countries: &[&str], dates: Dates) -> Counted {
    Counted {
        code: code.into(),
        kind: AgreementKind::Mou,
        party,
        dates,
        countries: countries.iter().map(|c| (*c).to_owned()).collect(),
        organisations: Vec::new(),
    }
}

#[test]
fn r6_partner_countries_on_the_edge_cases() {
    let end = d("2009-12-31");
    let m = ChineseParty::Molss;
    let agreements = vec![
        // R6-a open-ended MoU.
        counted("A-1", m, &["AA"], signed("2006-10-09")),
        // R6-b expired 2009-11-30, renewed 2009-12-15.
        counted(
            "B-1",
            m,
            &["BB"],
            Dates {
                term_months: Some(25),
                renewal: Some(Renewal::ByInstrument),
                renewals: vec![RenewalTerm {
                    signed_on: d("2009-12-15"),
                    starts_on: d("2009-12-15"),
                    months: Some(36),
                }],
                ..signed("2007-11-01")
            },
        ),
        // R6-c expired during the year, not renewed.
        counted(
            "C-1",
            m,
            &["CC"],
            Dates {
                term_months: Some(24),
                ..signed("2007-07-01")
            },
        ),
        // R6-e signed on the last day.
        counted("E-1", m, &["EE"], signed("2009-12-31")),
        // R6-f two MoUs and an SSA.
        counted("F-1", m, &["FF"], signed("2001-01-01")),
        counted("F-2", ChineseParty::Mohrss, &["FF"], signed("2008-01-01")),
        Counted {
            kind: AgreementKind::SocialSecurity,
            ..counted(
                "F-SSA",
                ChineseParty::Government,
                &["FF"],
                signed("2005-01-01"),
            )
        },
        // Provincial: never counts. A region: never counts.
        counted(
            "G-1",
            ChineseParty::Provincial,
            &["GG"],
            signed("2001-01-01"),
        ),
        counted("HK-1", m, &["HK"], signed("2001-01-01")),
        // Signed, not yet in force on the day.
        counted(
            "H-1",
            m,
            &["HH"],
            Dates {
                entry_into_force_on: Some(d("2010-01-01")),
                ..signed("2009-06-01")
            },
        ),
        // R6-g an organisation.
        Counted {
            organisations: vec!["ILO".into()],
            ..counted("ILO-1", m, &[], signed("2001-05-01"))
        },
    ];
    let partners = partner_countries(&agreements, end);
    let codes: Vec<&str> = partners.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["AA", "BB", "EE", "FF"]);
    let ff = partners.iter().find(|p| p.code == "FF").unwrap();
    assert_eq!(ff.basis.len(), 3);
    assert_eq!(ff.since, d("2001-01-01"));
    let bb = partners.iter().find(|p| p.code == "BB").unwrap();
    assert_eq!(bb.since, d("2009-12-15"));
    assert_eq!(
        partner_organisations(&agreements, end)
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>(),
        ["ILO"]
    );
    // Secondary: C counts through a bilateral seminar; D (a multilateral attendee) is not an
    // activity at all; a project of 2008 only does not count in 2009.
    let activities = vec![
        Activity {
            kind: "event",
            reference: "seminar".into(),
            country: "CC".into(),
            from: d("2009-03-10"),
            until: Some(d("2009-03-11")),
        },
        Activity {
            kind: "project",
            reference: "P".into(),
            country: "PP".into(),
            from: d("2007-01-01"),
            until: Some(d("2008-12-31")),
        },
    ];
    let secondary = partner_countries_active_in_year(&agreements, &activities, 2009);
    let codes: Vec<&str> = secondary.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["AA", "BB", "CC", "EE", "FF"]);

    // The series give the same count on the last day of each month.
    let mut tally = Tally::default();
    let events = vec![CountedEvent {
        starts_on: d("2010-12-30"),
        kind: "forum".into(),
    }];
    tally.add(&contributions(&agreements, &events, end), 1);
    let sum_to = |series: &str, month: i32| -> i64 {
        tally
            .changes()
            .filter(|(k, _)| k.0 == series && k.3 <= month && k.1.is_empty())
            .map(|(_, v)| v)
            .sum()
    };
    assert_eq!(sum_to(COOP_PARTNER_COUNTRIES, 200912), 4);
    assert_eq!(sum_to(COOP_PARTNER_COUNTRIES, 200911), 3); // BB lapsed, CC gone, EE not yet
    assert_eq!(sum_to(COOP_PARTNER_COUNTRIES, 201001), 5); // HH in force
    assert_eq!(sum_to(SSA_IN_FORCE, 200912), 1);
    assert_eq!(sum_to(COOP_EVENTS, 201012), 1);
}

#[test]
fn the_shipped_data_is_valid() {
    let events = data::shipped_events().unwrap();
    assert_eq!(events.len(), 30);
    let beijing_2001 = events
        .iter()
        .find(|(_, e)| e.outcome_document == "Beijing Initiative")
        .unwrap();
    assert_eq!(beijing_2001.1.starts_on, d("2001-05-15"));
    assert_eq!(beijing_2001.1.host_country.as_deref(), Some("CN"));
    let orgs = data::organisations().unwrap();
    assert!(orgs.iter().any(|o| o.acronym == "ILO"));
    assert!(orgs
        .iter()
        .any(|o| o.acronym == "ASEAN" && o.kind() == PartnerKind::RegionalForum));
    let agreements = data::shipped_agreements().unwrap();
    assert!(agreements
        .iter()
        .any(|a| a.code == "CN-CA-FW-2007" && a.dates.renewals.len() == 2));
    assert_eq!(
        events::organisers_named(
            "Ministry of Labour and Social Security of China and ILO",
            &["APEC", "ILO"]
        ),
        ["ILO"]
    );
}

#[test]
fn the_workflows_parse_and_name_every_state() {
    let flow = agreement_workflow().unwrap();
    for s in State::ALL {
        assert!(
            flow.states.iter().any(|d| d.code == s.code()),
            "{}",
            s.code()
        );
    }
    assert_eq!(followup_workflow().unwrap().initial, "open");
}
