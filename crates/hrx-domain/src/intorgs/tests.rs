#![allow(clippy::unwrap_used, clippy::expect_used, clippy::float_cmp)]

use super::matching::{Degree, DegreeLevel, Language, LanguageLevel};
use super::range::{status, RangeInput, Weights};
use super::*;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

const CASES: &str = include_str!("../../../../data/intorgs/desirable-range-cases.csv");

#[derive(Debug, Deserialize)]
struct Case {
    case_id: String,
    kind: String,
    n_member_states: i64,
    base_figure: Option<f64>,
    weight_membership: f64,
    weight_population: f64,
    weight_contribution: f64,
    population_share: Option<f64>,
    assessment_rate: Option<f64>,
    midpoint: Option<f64>,
    lower_limit: Option<f64>,
    upper_limit: Option<f64>,
    published_lower: Option<i64>,
    published_upper: Option<i64>,
    staff_in_geo_posts: Option<i64>,
    expected_status: Option<String>,
}

fn cases() -> Vec<Case> {
    csv::Reader::from_reader(CASES.as_bytes())
        .deserialize()
        .map(|r| r.unwrap())
        .collect()
}

fn input(c: &Case) -> RangeInput {
    RangeInput {
        base_figure: c.base_figure.unwrap(),
        member_states: c.n_member_states,
        population_share: c.population_share.unwrap(),
        assessment_rate: c.assessment_rate.unwrap(),
        staff: c.staff_in_geo_posts,
        weights: Some(Weights {
            membership: c.weight_membership,
            population: c.weight_population,
            contribution: c.weight_contribution,
        }),
        flex_pct: None,
        min_flex: None,
        min_upper: None,
        near_threshold: None,
    }
}

#[test]
fn every_case_of_the_desirable_range_file_holds() {
    let cases = cases();
    let mut derived = HashMap::new();
    let mut checked = 0;
    for c in cases.iter().filter(|c| c.kind == "derived") {
        let r = input(c).compute().unwrap();
        // (a) the formula against the derived rows exactly, to 2 decimals.
        assert_eq!(
            (Some(r.midpoint), Some(r.lower), Some(r.upper)),
            (c.midpoint, c.lower_limit, c.upper_limit),
            "{}",
            c.case_id
        );
        if let (Some(_), Some(expected)) = (c.staff_in_geo_posts, &c.expected_status) {
            assert_eq!(r.status, Some(expected.as_str()), "{}", c.case_id);
        }
        derived.insert(c.case_id.clone(), r);
        checked += 1;
    }
    for c in cases.iter().filter(|c| c.kind == "published") {
        // (c) the status against the published one, with the published limits.
        if let (Some(lo), Some(hi), Some(s)) =
            (c.published_lower, c.published_upper, c.staff_in_geo_posts)
        {
            assert_eq!(
                Some(status(s, lo, hi)),
                c.expected_status.as_deref(),
                "{}",
                c.case_id
            );
            checked += 1;
        }
        // (b) the published range within ±1 post of the derived companion's.
        if let (Some(r), Some(lo), Some(hi)) = (
            derived.get(&format!("{}-D", c.case_id)),
            c.published_lower,
            c.published_upper,
        ) {
            assert!(
                (r.display_lower - lo).abs() <= 1 && (r.display_upper - hi).abs() <= 1,
                "{}: {r:?}",
                c.case_id
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 9 + 4 + 4);
    // §6.1 displayed limits.
    let shown = |id: &str| {
        let r = &derived[id];
        (r.display_lower, r.display_upper)
    };
    assert_eq!(shown("CN-2009-D3300"), (75, 101));
    assert_eq!(shown("MIN-3300"), (2, 14));
    assert_eq!(shown("CN-2018-D"), (169, 228));
    assert_eq!(shown("MIN-3600"), (3, 14));
    let min = &derived["MIN-3300"];
    assert_eq!(
        min.steps.iter().find(|s| s.step == "flex").unwrap().value,
        4.8
    );
}

#[test]
fn status_follows_the_displayed_limits_and_the_hrx_flag_stays_apart() {
    assert_eq!(status(89, 169, 229), "under-represented");
    assert_eq!(status(62, 46, 62), "within range");
    assert_eq!(status(123, 83, 112), "over-represented");
    assert_eq!(status(0, 0, 14), "un-represented");
    let mut near = RangeInput {
        base_figure: 3600.0,
        member_states: 193,
        population_share: 0.1774,
        assessment_rate: 0.00737,
        staff: Some(50),
        weights: None,
        flex_pct: None,
        min_flex: None,
        min_upper: None,
        near_threshold: None,
    };
    let r = near.compute().unwrap();
    assert_eq!(
        (r.status, r.hrx_flag),
        (Some("within range"), Some("near_lower_limit"))
    );
    near.staff = Some(52);
    assert_eq!(near.compute().unwrap().hrx_flag, None);
    near.staff = None;
    let r = near.compute().unwrap();
    assert_eq!((r.status, r.hrx_flag), (None, None));
}

#[test]
fn out_of_range_inputs_name_their_field() {
    let good = RangeInput {
        base_figure: 3600.0,
        member_states: 193,
        population_share: 0.1896,
        assessment_rate: 0.07921,
        staff: Some(89),
        weights: None,
        flex_pct: None,
        min_flex: None,
        min_upper: None,
        near_threshold: None,
    };
    let bad = RangeInput {
        member_states: 0,
        population_share: 1.2,
        assessment_rate: -0.1,
        staff: Some(-1),
        weights: Some(Weights {
            membership: 0.4,
            population: 0.1,
            contribution: 0.55,
        }),
        ..good
    };
    let errors = bad.compute().unwrap_err();
    for field in [
        "member_states",
        "population_share",
        "assessment_rate",
        "staff",
        "weights",
    ] {
        assert!(errors.code_for(field).is_some(), "{field}: {errors:?}");
    }
    assert!(good.compute().is_ok());
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn lang(code: &str, level: LanguageLevel) -> Language {
    Language {
        language: code.into(),
        level,
    }
}

fn economist() -> VacancyNeeds {
    VacancyNeeds {
        min_degree: Some(DegreeLevel::Master),
        degree_fields: vec!["economics".into()],
        min_years_experience: Some(5.0),
        required_languages: vec![lang("en", LanguageLevel::Fluent)],
        fields_of_experience: vec!["economic analysis".into(), "statistics".into()],
        ..VacancyNeeds::default()
    }
}

fn candidate() -> CandidateFacts {
    CandidateFacts {
        birth_date: Some(d("1980-05-01")),
        nationality: "CN".into(),
        degrees: vec![Degree {
            level: DegreeLevel::Doctorate,
            field: "economics".into(),
        }],
        years_relevant_experience: 6.0,
        years_international_experience: 3.0,
        fields: vec!["economic analysis".into()],
        languages: vec![
            lang("en", LanguageLevel::Fluent),
            lang("fr", LanguageLevel::Working),
            lang("zh", LanguageLevel::Fluent),
        ],
    }
}

#[test]
fn the_worked_example_scores_75_5_with_its_reasons() {
    let m = match_candidate(&economist(), &candidate(), d("2009-06-30")).unwrap();
    assert!(m.eligible);
    assert_eq!(m.score, Some(75.5));
    let points: Vec<(&str, f64)> = m
        .components
        .iter()
        .map(|c| (c.component, c.points))
        .collect();
    assert_eq!(
        points,
        [
            ("experience", 18.0),
            ("field", 12.5),
            ("education", 15.0),
            ("languages", 20.0),
            ("international", 10.0)
        ]
    );
    assert!(
        m.components[0]
            .text
            .contains("6.0 years relevant, 5 required"),
        "{}",
        m.components[0].text
    );
    assert!(m.filters.iter().all(|f| f.passed && !f.text_zh.is_empty()));
}

#[test]
fn each_filter_refuses_with_its_reason_and_no_score() {
    let today = d("2011-06-30");
    let mut v = economist();
    v.eligible_nationalities = vec!["FR".into()];
    let m = match_candidate(&v, &candidate(), today).unwrap();
    assert_eq!((m.eligible, m.score, m.components.len()), (false, None, 0));
    assert!(!m.filters[0].passed);
    // F2: 32 or younger on 31 December of the exam year.
    let mut v = economist();
    v.age_max = Some(32);
    v.age_on = Some(d("2012-12-31"));
    let mut young = candidate();
    young.birth_date = Some(d("1979-12-31"));
    assert!(!match_candidate(&v, &young, today).unwrap().filters[1].passed);
    young.birth_date = Some(d("1980-01-01"));
    assert!(match_candidate(&v, &young, today).unwrap().filters[1].passed);
    // F3 with substitution: a bachelor with 7 years (5 + 2) when allowed.
    let mut bachelor = candidate();
    bachelor.degrees = vec![Degree {
        level: DegreeLevel::Bachelor,
        field: "economics".into(),
    }];
    bachelor.years_relevant_experience = 7.0;
    assert!(
        !match_candidate(&economist(), &bachelor, today)
            .unwrap()
            .filters[2]
            .passed
    );
    let mut v = economist();
    v.degree_substitution_allowed = true;
    let m = match_candidate(&v, &bachelor, today).unwrap();
    assert!(m.eligible);
    assert_eq!(m.components[2].points, 5.0);
    bachelor.years_relevant_experience = 6.5;
    assert!(!match_candidate(&v, &bachelor, today).unwrap().filters[2].passed);
    // F4: French required fluent, the candidate's is working.
    let mut v = economist();
    v.required_languages.push(lang("fr", LanguageLevel::Fluent));
    let m = match_candidate(&v, &candidate(), today).unwrap();
    assert!(!m.filters[3].passed);
    assert!(
        m.filters[3].text.contains("French working"),
        "{}",
        m.filters[3].text
    );
    // F5 from the grade when the vacancy states no minimum: P-4 typically 7 years.
    let mut v = economist();
    v.min_years_experience = None;
    v.grade = Some("P-4".into());
    let m = match_candidate(&v, &candidate(), today).unwrap();
    assert!(!m.filters[4].passed);
    assert!(
        m.filters[4].text.contains("7 required"),
        "{}",
        m.filters[4].text
    );
}

#[test]
fn components_follow_their_rules_at_the_edges() {
    let today = d("2011-06-30");
    let mut v = economist();
    v.min_years_experience = Some(0.0);
    v.fields_of_experience = vec!["2631".into(), "statistics".into()];
    v.degree_fields = vec!["law".into()];
    v.required_languages = Vec::new();
    let mut c = candidate();
    c.fields = vec!["2632".into()];
    c.years_international_experience = 1.5;
    c.languages = vec![
        lang("fr", LanguageLevel::Fluent),
        lang("en", LanguageLevel::Working),
        lang("zh", LanguageLevel::Fluent),
        lang("ru", LanguageLevel::Working),
    ];
    let m = match_candidate(&v, &c, today).unwrap();
    let points: Vec<f64> = m.components.iter().map(|c| c.points).collect();
    // 30 × min(1, 6/2); the same ISCO sub-major group 0.5 of 2 fields; an advanced degree in
    // another field; French fluent 10 + two others capped at +10; 5 × 1.5.
    assert_eq!(points, [30.0, 6.3, 8.0, 20.0, 7.5]);
    assert_eq!(m.score, Some(71.8));
    let bad = CandidateFacts {
        languages: vec![lang("english", LanguageLevel::Fluent)],
        years_relevant_experience: -1.0,
        ..candidate()
    };
    let errors = match_candidate(&v, &bad, today).unwrap_err();
    assert!(errors.code_for("candidate.languages[0].language").is_some());
    assert!(errors
        .code_for("candidate.years_relevant_experience")
        .is_some());
    assert!(grades::grades().unwrap().len() >= 30);
}

#[test]
fn the_register_ships_the_spec_organisations_with_their_parents() {
    let register = register::register().unwrap();
    assert_eq!(register.len(), 50);
    let escap = register.iter().find(|o| o.acronym == "ESCAP").unwrap();
    assert_eq!(
        (escap.kind.as_str(), escap.parent.as_deref()),
        ("un_secretariat", Some("UN"))
    );
    let women = register.iter().find(|o| o.acronym == "UN-Women").unwrap();
    assert_eq!(women.valid_from.as_deref(), Some("2011-01-01"));
    let imf = register.iter().find(|o| o.acronym == "IMF").unwrap();
    assert_eq!(imf.grade_system, "own");
}

#[test]
fn experience_counts_overlapping_periods_once() {
    let today = d("2010-01-01");
    let years = roster::years_of(
        [
            (d("2000-01-01"), Some(d("2003-12-31"))),
            (d("2002-01-01"), Some(d("2005-12-31"))),
            (d("2008-01-01"), None),
        ]
        .into_iter(),
        today,
    );
    // 2000–2005 (6 years) and 2008 to 2010-01-01 (2 years and a day).
    assert_eq!(years, 8.0);
    assert_eq!(roster::years_of(std::iter::empty(), today), 0.0);
}

#[test]
fn a_deadline_is_kept_in_utc_with_its_zone() {
    let ny = vacancy::deadline("2009-12-31T23:59", "America/New_York").unwrap();
    assert_eq!(ny.utc.to_rfc3339(), "2010-01-01T04:59:00+00:00");
    assert_eq!(ny.local_day(), d("2009-12-31"));
    let summer = vacancy::deadline("2009-07-01T12:00", "").unwrap();
    assert_eq!(summer.utc.to_rfc3339(), "2009-07-01T16:00:00+00:00");
    assert!(vacancy::deadline("2009-03-08T02:30", "America/New_York").is_none());
    assert!(vacancy::deadline("2009-12-31", "Mars/Olympus").is_none());
    let back = vacancy::stored_deadline(&ny.utc.to_rfc3339(), "America/New_York").unwrap();
    assert_eq!(back, ny);
}

#[test]
fn the_figure_counts_a_person_on_31_december_once() {
    use crate::statistics::series::{intorgs, PersonFacts, ServingFacts, IO_SERVING};
    let person = PersonFacts {
        sex: "female".into(),
        nationality: "CN".into(),
    };
    let record = |start: &str, end: Option<&str>, org: &str| ServingFacts {
        start: d(start),
        end: end.map(d),
        organisation: org.into(),
        organisation_type: "fund_programme".into(),
        category: "professional".into(),
        grade_band: "P1-P3".into(),
    };
    let at_december = |records: &[ServingFacts]| -> i64 {
        intorgs(&person, records)
            .iter()
            .filter(|c| c.series == IO_SERVING && c.month <= 200912)
            .map(|c| c.delta)
            .sum()
    };
    assert_eq!(at_december(&[record("2008-03-01", None, "UNDP")]), 1);
    assert_eq!(
        at_december(&[record("2008-03-01", Some("2009-12-31"), "UNDP")]),
        1
    );
    assert_eq!(
        at_december(&[record("2008-03-01", Some("2009-12-30"), "UNDP")]),
        0
    );
    assert_eq!(at_december(&[record("2010-01-01", None, "UNDP")]), 0);
    assert_eq!(
        at_december(&[
            record("2008-01-01", None, "UNDP"),
            record("2009-06-01", None, "UNICEF")
        ]),
        1
    );
}

#[test]
fn china_s_ranges_on_record_show_computed_and_published_side_by_side() {
    let china = periods::of_country("CN").unwrap();
    assert_eq!(china.len(), 8);
    assert_eq!(china[0].reference_date, "2009-06-30");
    let published_2018 = china.iter().find(|r| r.case_id == "CN-2018").unwrap();
    assert_eq!(
        (
            published_2018.published_lower,
            published_2018.published_upper,
            published_2018.staff
        ),
        (Some(169), Some(229), Some(89))
    );
    assert_eq!(published_2018.status, Some("under-represented"));
    let derived = china.iter().find(|r| r.case_id == "CN-2018-D").unwrap();
    assert_eq!(
        derived.computed.as_ref().map(|c| c.display_upper),
        Some(228)
    );
    // Every status derived from the file agrees with the one the source gives.
    for r in periods::on_record().unwrap() {
        if let (Some(s), Some(p)) = (r.status, &r.published_status) {
            if r.published_lower.is_some() || r.computed.is_some() {
                assert_eq!(s, p, "{}", r.case_id);
            }
        }
    }
}
