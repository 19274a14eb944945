#![allow(clippy::unwrap_used)]
use super::history::{counts, cumulative, rounds, RoundCount};
use super::*;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_cumulative_chain_holds_year_by_year_from_2003() {
    let friendship = counts("friendship").unwrap();
    // Every stated or derived total equals the previous total plus the round's laureates.
    let mut previous: Option<(i32, i64)> = None;
    for r in friendship.iter().filter(|r| r.year >= 2003) {
        let total = r.stated_total.unwrap();
        if let Some((year, before)) = previous {
            assert_eq!(before + r.laureates.unwrap(), total, "{year} → {}", r.year);
        }
        assert_eq!(cumulative(&friendship, r.year), Some(total), "{}", r.year);
        previous = Some((r.year, total));
    }
    assert_eq!(cumulative(&friendship, 2009), Some(1099));
    assert_eq!(cumulative(&friendship, 2003), Some(716));
    assert_eq!(cumulative(&friendship, 2025), Some(2048));
    assert_eq!(cumulative(&friendship, 2002), None);
    // The ISTC: 54 through 2008, 61 after the 2009 round, 66 after 2010.
    let istc = counts("istc").unwrap();
    assert_eq!(cumulative(&istc, 2008), Some(54));
    assert_eq!(cumulative(&istc, 2009), Some(61));
    assert_eq!(cumulative(&istc, 2010), Some(66));
    assert_eq!(cumulative(&istc, 2014), Some(94));
    // A later round without a count leaves the total unknown, a later stated total restores it.
    let gap = [
        RoundCount {
            year: 2010,
            laureates: None,
            stated_total: Some(10),
        },
        RoundCount {
            year: 2011,
            laureates: None,
            stated_total: None,
        },
        RoundCount {
            year: 2012,
            laureates: Some(3),
            stated_total: Some(20),
        },
    ];
    assert_eq!(cumulative(&gap, 2011), None);
    assert_eq!(cumulative(&gap, 2012), Some(20));
    assert_eq!(
        rounds()
            .unwrap()
            .iter()
            .filter(|r| r.award == "friendship")
            .count(),
        26
    );
}

#[test]
fn rules_give_quotas_limits_and_conditions_per_year() {
    let fa = award_rule("friendship").unwrap();
    assert_eq!(fa.text_limit_for(2016), 800);
    assert_eq!(fa.text_limit_for(2017), 800);
    assert_eq!(fa.text_limit_for(2021), 600);
    assert_eq!(
        quota_for("province", fa.quota_major, fa.quota_city),
        Some(4)
    );
    assert_eq!(quota_for("central", fa.quota_major, fa.quota_city), Some(4));
    assert_eq!(quota_for("xpcc", fa.quota_major, fa.quota_city), Some(4));
    assert_eq!(quota_for("city", fa.quota_major, fa.quota_city), Some(2));
    let istc = award_rule("istc").unwrap();
    assert_eq!(
        quota_for("province", istc.quota_major, istc.quota_city),
        None
    );
    assert_eq!(istc.result_notice_days, 20);
    let kind = |year| {
        conditions("friendship", year)
            .unwrap()
            .into_iter()
            .find(|c| c.rule == "prior_provincial_award")
            .map(|c| c.kind.clone())
    };
    assert_eq!(kind(2016).as_deref(), Some("hard"));
    assert_eq!(kind(2020).as_deref(), Some("hard"));
    assert_eq!(kind(2021).as_deref(), Some("preference"));
    assert!(conditions("friendship", 2017)
        .unwrap()
        .iter()
        .any(|c| c.rule == "foreign_expert_certificate"));
    assert!(!conditions("friendship", 2018)
        .unwrap()
        .iter()
        .any(|c| c.rule == "foreign_expert_certificate"));
    let units = applying_units().unwrap();
    assert!(units
        .iter()
        .any(|u| u.kind == "city" && u.name_en == "Shenzhen"));
    assert_eq!(units.iter().filter(|u| u.kind == "province").count(), 31);
    let flow = nomination_workflow().unwrap();
    assert!(flow.distinct_from_previous);
    assert_eq!(flow.panel.as_ref().unwrap().reviewers, 3);
}

fn base<'a>(ranks: &'a [u32]) -> NominationCheck<'a> {
    NominationCheck {
        award: "friendship",
        today: day(2010, 4, 20),
        round_status: "open",
        opens_on: Some(day(2010, 4, 1)),
        closes_on: Some(day(2010, 5, 10)),
        text_limit: 600,
        quota: Some(4),
        nationality: "DE",
        laureate_in: None,
        nominated_through: None,
        unit_ranks: ranks,
        rank: 1,
        contribution: "Built the first joint laboratory.",
    }
}

#[test]
fn a_nomination_is_refused_with_the_rule_it_breaks() {
    assert_eq!(check_nomination(&base(&[])), Ok(()));
    let code = |c: NominationCheck<'_>| check_nomination(&c).map_err(|r| r.code());
    assert_eq!(
        code(NominationCheck {
            today: day(2010, 5, 11),
            ..base(&[])
        }),
        Err("window_closed")
    );
    assert_eq!(
        code(NominationCheck {
            today: day(2010, 5, 10),
            ..base(&[])
        }),
        Ok(())
    );
    assert_eq!(
        code(NominationCheck {
            round_status: "planned",
            ..base(&[])
        }),
        Err("window_closed")
    );
    for n in ["CN", "HK", "MO", "TW"] {
        assert_eq!(
            code(NominationCheck {
                nationality: n,
                ..base(&[])
            }),
            Err("not_foreign")
        );
    }
    assert_eq!(
        code(NominationCheck {
            laureate_in: Some(2004),
            ..base(&[])
        }),
        Err("already_laureate")
    );
    assert_eq!(
        code(NominationCheck {
            nominated_through: Some(("Beijing", false)),
            ..base(&[])
        }),
        Err("second_channel")
    );
    let long = "字".repeat(601);
    assert_eq!(
        code(NominationCheck {
            contribution: &long,
            ..base(&[])
        }),
        Err("text_too_long")
    );
    let exact = "字".repeat(600);
    assert_eq!(
        code(NominationCheck {
            contribution: &exact,
            ..base(&[])
        }),
        Ok(())
    );
    // A province: four places; a city: two.
    assert_eq!(
        code(NominationCheck {
            rank: 2,
            ..base(&[1])
        }),
        Ok(())
    );
    assert_eq!(
        code(NominationCheck {
            rank: 1,
            ..base(&[1])
        }),
        Err("rank_taken")
    );
    assert_eq!(
        code(NominationCheck {
            rank: 5,
            ..base(&[1])
        }),
        Err("quota_exceeded")
    );
    assert_eq!(
        code(NominationCheck {
            rank: 4,
            ..base(&[1, 2, 3, 4])
        }),
        Err("quota_exceeded")
    );
    let city = |ranks, rank| NominationCheck {
        quota: Some(2),
        rank,
        ..base(ranks)
    };
    assert_eq!(code(city(&[1], 2)), Ok(()));
    assert_eq!(code(city(&[1, 2], 3)), Err("quota_exceeded"));
    assert_eq!(code(city(&[2], 3)), Err("quota_exceeded"));
    assert_eq!(code(city(&[2], 2)), Err("rank_taken"));
    // No quota (ISTC): any rank not taken.
    assert_eq!(
        code(NominationCheck {
            quota: None,
            rank: 9,
            ..base(&[1, 2, 3, 4, 5])
        }),
        Ok(())
    );
    assert_eq!(experts::origin_of("HK"), Some("hk"));
    assert_eq!(experts::origin_of("US"), Some("foreign"));
    assert_eq!(experts::origin_of("CN"), None);
}

#[test]
fn the_award_series_reproduce_the_chain_and_the_experts_count_overlaps() {
    use crate::statistics::series::{
        awards, experts, AwardRoundFacts, EngagementFacts, PersonFacts, AW_FRIENDSHIP,
        AW_FRIENDSHIP_CONFERRED, AW_ISTC, FE_END, FE_PERSONS, FE_START,
    };
    let facts: Vec<AwardRoundFacts> = rounds()
        .unwrap()
        .iter()
        .map(|r| AwardRoundFacts {
            award: r.award.clone(),
            award_year: r.award_year,
            ceremony: r.ceremony_date.as_deref().and_then(|d| d.parse().ok()),
            laureates: r.laureates_individuals,
            stated_total: r.cumulative_individuals,
            recorded: 0,
        })
        .collect();
    let c = awards(&facts);
    let to = |series: &str, month: i32| -> i64 {
        c.iter()
            .filter(|x| x.series == series && x.month <= month)
            .map(|x| x.delta)
            .sum()
    };
    let within = |series: &str, from: i32, to: i32| -> i64 {
        c.iter()
            .filter(|x| x.series == series && x.month >= from && x.month <= to)
            .map(|x| x.delta)
            .sum()
    };
    // Year by year from 2003, the sums equal the chain.
    let friendship = counts("friendship").unwrap();
    for year in 2003..=2025 {
        assert_eq!(
            Some(to(AW_FRIENDSHIP, year * 100 + 12)),
            cumulative(&friendship, year),
            "{year}"
        );
    }
    assert_eq!(to(AW_FRIENDSHIP, 200912), 1099);
    assert_eq!(
        to(AW_FRIENDSHIP, 200908),
        999,
        "the 2009 ceremony is on 30 September"
    );
    assert_eq!(within(AW_FRIENDSHIP_CONFERRED, 200901, 200912), 100);
    assert_eq!(
        within(AW_FRIENDSHIP_CONFERRED, 202001, 202012),
        50,
        "2020 conferred in 2021 counts for 2020"
    );
    assert_eq!(to(AW_ISTC, 200912), 61);
    assert_eq!(to(AW_ISTC, 200812), 54);
    // A new round without a history count counts what HRX records.
    let mut more = facts.clone();
    more.push(AwardRoundFacts {
        award: "friendship".into(),
        award_year: 2026,
        ceremony: None,
        laureates: None,
        stated_total: None,
        recorded: 3,
    });
    let c = awards(&more);
    let total: i64 = c
        .iter()
        .filter(|x| x.series == AW_FRIENDSHIP)
        .map(|x| x.delta)
        .sum();
    assert_eq!(total, 2048 + 3);

    // Engagements: each counts in the periods it overlaps; the expert once a year.
    let person = PersonFacts {
        sex: "male".into(),
        nationality: "DE".into(),
    };
    let e = |start: (i32, u32, u32), end: (i32, u32, u32)| EngagementFacts {
        start: day(start.0, start.1, start.2),
        end: day(end.0, end.1, end.2),
        origin: "foreign".into(),
        expert_class: "economic_technical".into(),
        province: "110000".into(),
        sector: "education".into(),
    };
    let list = [
        e((2008, 9, 1), (2009, 1, 31)),
        e((2009, 3, 1), (2009, 6, 30)),
        e((2009, 12, 31), (2010, 2, 1)),
    ];
    let c = experts(&person, &list);
    let sum = |series: &str, from: i32, to: i32| -> i64 {
        c.iter()
            .filter(|x| x.series == series && x.month >= from && x.month <= to)
            .map(|x| x.delta)
            .sum()
    };
    let started_by = |m: i32| sum(FE_START, 0, m);
    let ended_before = |m: i32| sum(FE_END, 0, m);
    // Overlap with 2009: started by December 2009 minus ended before January 2009.
    assert_eq!(started_by(200912) - ended_before(200812), 3);
    assert_eq!(started_by(200812) - ended_before(200712), 1);
    assert_eq!(started_by(201012) - ended_before(200912), 1);
    assert_eq!(sum(FE_PERSONS, 200901, 200912), 1, "one expert in 2009");
    assert_eq!(sum(FE_PERSONS, 200801, 200812), 1);
    assert_eq!(sum(FE_PERSONS, 201001, 201012), 1);
    assert_eq!(
        sum(FE_PERSONS, 200901, 200901),
        1,
        "counted in January 2009, engaged then"
    );
}
