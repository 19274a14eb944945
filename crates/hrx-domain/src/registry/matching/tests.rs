use super::*;

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn zhang() -> MatchPerson {
    MatchPerson {
        name_native: Some("张伟".into()),
        name_latin: None,
        sex: Some(Sex::Male),
        birth_date: date("1985-03-12"),
        nationality: Some("CN".into()),
        passports: vec![("CN".into(), "E12345678".into())],
        resident_id: None,
        permit_number: None,
        organisation_id: Some(7),
    }
}

fn outcome(a: &MatchPerson, b: &MatchPerson, bearers: u64) -> Outcome {
    let w = weights().map_err(str::to_owned);
    let w = w.as_ref().map_err(|e| e.as_str());
    assert!(w.is_ok(), "{w:?}");
    let w = w.unwrap_or_else(|_| unreachable!());
    compare(
        &Prepared::new(a.clone()),
        &Prepared::new(b.clone()),
        bearers,
        w,
    )
}

fn codes(o: &Outcome) -> Vec<&'static str> {
    o.reasons.iter().map(|r| r.code).collect()
}

#[test]
fn the_shipped_weights_parse_and_name_every_reason() {
    assert!(weights().is_ok(), "{:?}", weights().err());
    let broken = WEIGHTS_TOML.replace("sex_match = 0.05", "");
    assert_eq!(
        Weights::parse(&broken).err().as_deref(),
        Some("no weight for sex_match")
    );
    let swapped = WEIGHTS_TOML.replace("link = 0.85", "link = 0.5");
    assert!(Weights::parse(&swapped).is_err());
}

#[test]
fn the_same_passport_links_across_scripts_and_says_why() {
    let other = MatchPerson {
        name_native: None,
        name_latin: Some("ZHANG Wei".into()),
        ..zhang()
    };
    let o = outcome(&zhang(), &other, 1);
    assert_eq!(o.decision, Decision::Link);
    assert_eq!(o.score, 1.0);
    assert_eq!(
        codes(&o),
        [
            "passport_match",
            "pinyin_match",
            "birth_date_match",
            "sex_match",
            "nationality_match",
            "organisation_match"
        ]
    );
    assert_eq!(o.reasons[1].left, "张伟");
    assert_eq!(o.reasons[1].right, "ZHANG Wei");
}

#[test]
fn a_renewed_passport_links_with_the_same_employer_and_is_reviewed_without() {
    let renewed = MatchPerson {
        passports: vec![("CN".into(), "E99999999".into())],
        ..zhang()
    };
    let same_employer = outcome(&zhang(), &renewed, 1);
    assert_eq!(same_employer.decision, Decision::Link);
    assert!(codes(&same_employer).contains(&"passport_differs"));
    let common = outcome(&zhang(), &renewed, 400);
    assert_eq!((common.score, common.decision), (0.9, Decision::Link));
    assert!(codes(&common).contains(&"common_name"));
    let elsewhere = MatchPerson {
        organisation_id: Some(8),
        ..renewed
    };
    let rare = outcome(&zhang(), &elsewhere, 1);
    assert_eq!((rare.score, rare.decision), (0.8, Decision::Review));
    let common = outcome(&zhang(), &elsewhere, 400);
    assert_eq!((common.score, common.decision), (0.65, Decision::Review));
}

#[test]
fn swapped_day_and_month_and_typos_are_recognised() {
    let swapped = MatchPerson {
        birth_date: date("1985-12-03"),
        ..zhang()
    };
    let o = outcome(&zhang(), &swapped, 1);
    assert!(codes(&o).contains(&"birth_date_swapped"));
    assert_eq!(o.decision, Decision::Link);
    let typo = MatchPerson {
        passports: vec![("CN".into(), "E12345679".into())],
        birth_date: date("1985-03-13"),
        ..zhang()
    };
    let o = outcome(&zhang(), &typo, 1);
    assert!(codes(&o).contains(&"passport_near_match"));
    assert!(codes(&o).contains(&"birth_date_near"));
    assert_eq!(o.decision, Decision::Link);
}

#[test]
fn namesakes_born_the_same_year_are_distinct() {
    let namesake = MatchPerson {
        birth_date: date("1985-07-30"),
        passports: vec![("CN".into(), "E55555555".into())],
        ..zhang()
    };
    let o = outcome(&zhang(), &namesake, 400);
    assert_eq!(o.decision, Decision::Distinct);
    assert!(codes(&o).contains(&"birth_date_differs"));
}

#[test]
fn different_resident_ids_are_different_people_whatever_else_agrees() {
    let a = MatchPerson {
        resident_id: Some("110105198503120017".into()),
        ..zhang()
    };
    let b = MatchPerson {
        resident_id: Some("110105198503120033".into()),
        passports: vec![("CN".into(), "E87654321".into())],
        ..zhang()
    };
    let o = outcome(&a, &b, 1);
    assert_eq!(o.decision, Decision::Distinct);
    assert_eq!(o.reasons[0].code, "resident_id_differs");
    let same = outcome(&a, &a.clone(), 1);
    assert_eq!(same.reasons[0].code, "resident_id_match");
}

#[test]
fn nothing_comparable_is_said_so() {
    let o = outcome(&MatchPerson::default(), &MatchPerson::default(), 0);
    assert_eq!(codes(&o), ["no_evidence"]);
    assert_eq!(o.decision, Decision::Distinct);
}

#[test]
fn blocking_keys_hold_the_birth_date_with_the_family_initial_and_probe_every_initial_and_the_swapped_date(
) {
    let p = Prepared::new(zhang());
    assert_eq!(p.blocking_keys(), ["b:1985-03-12:z"]);
    assert_eq!(p.name_terms(), ["wei zhang", "zhang wei", "张伟"]);
    assert_eq!(
        p.probe_keys(),
        [
            "b:1985-03-12:w",
            "b:1985-03-12:z",
            "b:1985-12-03:w",
            "b:1985-12-03:z",
        ]
    );
}

#[test]
fn the_cheap_keys_are_the_keys_of_the_prepared_person() {
    for (native, latin) in [
        (Some("张伟"), None),
        (Some("欧阳娜娜"), Some("Ouyang Nana")),
        (Some("单雄"), None),
        (Some("吕文"), Some("Lyu Wen")),
        (None, Some("Müller-Lüdenscheidt, Anna")),
        (Some("Анна"), Some("Anna Ivanova")),
    ] {
        let person = MatchPerson {
            name_native: native.map(str::to_owned),
            name_latin: latin.map(str::to_owned),
            birth_date: date("1985-03-12"),
            ..MatchPerson::default()
        };
        assert_eq!(
            blocking_keys(native, latin, date("1985-03-12")),
            Prepared::new(person).blocking_keys(),
            "{native:?} {latin:?}"
        );
    }
}
