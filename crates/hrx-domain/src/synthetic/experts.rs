//! Foreign experts: work engagements (one per work permit or invitation episode) with exactly
//! the planned person-times in each calendar year, every engagement starting and ending in
//! its year so that it counts in that year only. Origins, nationalities and provinces follow
//! the proportions of the 2010 census (spec foreign-experts-awards.md §6, an HRX convention:
//! no SAFEA breakdown of the 480,000 was found); some experts come twice in a year, the
//! second engagement after the first has ended (at scale 1, 480,000 engagements of 473,045
//! experts).

use super::names::{group, NameDraw};
use super::{chinese, date, invalid_plan, plus_days, Cumulative, Rng};
use crate::imports::ImportKind;
use chrono::NaiveDate;
use std::io::{self, BufWriter, Write};

/// Parameters of an experts file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertPlan {
    pub seed: u64,
    /// Engagements (person-times) per calendar year.
    pub person_times: Vec<(i32, u64)>,
}

/// The published 2009 figure: 480,000 person-times of foreign experts, Hong Kong, Macao and
/// Taiwan experts included (the 2010 white paper; SAFEA's head, spec §4.2 and §4.3).
pub const PUBLISHED_2009: u64 = 480_000;

impl ExpertPlan {
    /// The demo dataset at scale 1: 2009 only, the published 480,000.
    pub fn demo(seed: u64) -> ExpertPlan {
        ExpertPlan {
            seed,
            person_times: vec![(2009, PUBLISHED_2009)],
        }
    }
}

/// The 2010 census (reference time 2010-11-01): foreigners living in China three months or
/// more, and residents from Hong Kong, Macao and Taiwan (spec §6).
const ORIGINS: [(&str, u64); 4] = [
    ("foreign", 593_832),
    ("HK", 234_829),
    ("MO", 21_201),
    ("TW", 170_283),
];

/// The census's top nationalities, then the 181,589 others spread over a list of countries.
const NATIONALITIES: [(&str, u64); 10] = [
    ("KR", 120_750),
    ("US", 71_493),
    ("JP", 66_159),
    ("MM", 39_776),
    ("VN", 36_205),
    ("CA", 19_990),
    ("FR", 15_087),
    ("IN", 15_051),
    ("DE", 14_446),
    ("AU", 13_286),
];
const OTHERS_TOTAL: u64 = 181_589;
const OTHERS: [&str; 20] = [
    "GB", "RU", "IT", "SG", "MY", "TH", "PH", "ID", "NL", "ES", "BR", "PK", "MN", "NZ", "SE", "CH",
    "IL", "ZA", "NG", "MX",
];

/// The census's top provinces (all four groups together); the other provinces share the
/// rest evenly.
const TOP_PROVINCES: [(&str, u64); 10] = [
    ("440000", 316_138),
    ("310000", 208_602),
    ("110000", 107_445),
    ("320000", 64_177),
    ("350000", 62_564),
    ("530000", 47_396),
    ("330000", 36_380),
    ("370000", 33_098),
    ("210000", 23_834),
    ("450000", 23_445),
];
const CENSUS_TOTAL: u64 = 1_020_145;

/// The sectors named for the laureates of 2008–2011 (spec §6), with demo weights.
const SECTORS: [(&str, u32); 8] = [
    ("education", 30),
    ("industry", 24),
    ("science_technology", 12),
    ("health", 8),
    ("culture_sport", 8),
    ("agriculture", 5),
    ("energy_environment", 5),
    ("finance_trade", 8),
];

const EMPLOYER_KINDS: [&str; 6] = [
    "University",
    "Motor Works",
    "Hospital",
    "Research Institute",
    "Electronics",
    "Language School",
];

/// Per thousand engagements, those offered to an expert of the year whose engagement has
/// ended (most have not, engagements being long: about 1.5% of engagements are repeats).
const REPEAT_PER_MILLE: u64 = 90;

struct Expert {
    family: &'static str,
    given: &'static str,
    /// The name in characters of an expert from Hong Kong, Macao or Taiwan.
    native: String,
    sex: &'static str,
    birth: NaiveDate,
    nationality: &'static str,
}

fn expert(rng: &mut Rng, year: i32, origins: &Cumulative, nations: &Cumulative) -> Expert {
    let nationality = match ORIGINS[origins.pick(rng)].0 {
        "foreign" => {
            let i = nations.pick(rng);
            NATIONALITIES
                .get(i)
                .map_or_else(|| OTHERS[i - NATIONALITIES.len()], |n| n.0)
        }
        region => region,
    };
    // The draws of the name come before the sex, as they always did; the name is made for
    // the sex drawn.
    let chinese = matches!(nationality, "HK" | "MO" | "TW");
    let draw = NameDraw::take(rng, if chinese { 3 } else { 2 });
    let sex = if rng.below(100) < 68 { "M" } else { "F" };
    let (family, given, native) = if chinese {
        let name = chinese::name(draw, chinese::Region::of(nationality), sex == "F");
        (name.family, name.given, name.native)
    } else {
        let (family, given) = group(nationality).name(draw, sex == "F");
        (family, given, String::new())
    };
    Expert {
        family,
        given,
        native,
        sex,
        birth: date(year - 28 - rng.below(40) as i32, 1 + rng.below(365) as u32),
        nationality,
    }
}

/// Writes the experts CSV (import format) for a plan: for each year exactly its person-times,
/// every engagement within its year. Experts are new to each year (`SYNFX…`), except those who
/// come a second time that year after their first engagement ended.
///
/// A plan that cannot be met is refused with `InvalidInput` before anything is written: a
/// year outside 1950..=9990, or a year planned twice.
pub fn write_experts(plan: &ExpertPlan, out: &mut impl Write) -> io::Result<()> {
    let mut years: Vec<i32> = plan.person_times.iter().map(|(y, _)| *y).collect();
    if years.iter().any(|y| !(1950..=9990).contains(y)) {
        return Err(invalid_plan("expert years must fall within 1950..=9990"));
    }
    years.sort_unstable();
    years.dedup();
    if years.len() != plan.person_times.len() {
        return Err(invalid_plan("a year is planned twice"));
    }
    let mut rng = Rng::new(plan.seed);
    let origins = Cumulative::new(ORIGINS.iter().map(|o| o.1));
    let nations = Cumulative::new(
        NATIONALITIES
            .iter()
            .map(|n| n.1)
            .chain(OTHERS.iter().map(|_| OTHERS_TOTAL / OTHERS.len() as u64)),
    );
    let top: u64 = TOP_PROVINCES.iter().map(|p| p.1).sum();
    let rest: Vec<&str> = super::PROVINCES
        .iter()
        .map(|p| p.0)
        .filter(|c| !TOP_PROVINCES.iter().any(|t| t.0 == *c))
        .collect();
    let provinces_list: Vec<&str> = TOP_PROVINCES
        .iter()
        .map(|p| p.0)
        .chain(rest.iter().copied())
        .collect();
    let provinces = Cumulative::new(
        TOP_PROVINCES.iter().map(|p| p.1).chain(
            rest.iter()
                .map(|_| (CENSUS_TOTAL - top) / rest.len() as u64),
        ),
    );
    let sectors: Vec<u32> = SECTORS.iter().map(|s| s.1).collect();
    let mut out = BufWriter::new(out);
    writeln!(out, "{}", ImportKind::Experts.template_columns().join(","))?;
    let (mut record, mut next_expert) = (0u64, 0u64);
    for &(year, n) in &plan.person_times {
        let days: u32 = if NaiveDate::from_yo_opt(year, 366).is_some() {
            366
        } else {
            365
        };
        let last = NaiveDate::from_yo_opt(year, days).unwrap_or_default();
        let mut experts: Vec<(u64, Expert)> = Vec::new();
        // Experts of the year whose engagement ended, by the day it ended.
        let mut free: Vec<(usize, NaiveDate)> = Vec::new();
        let mut starts: Vec<NaiveDate> = (0..n)
            .map(|_| {
                NaiveDate::from_yo_opt(year, 1 + rng.below(u64::from(days - 14)) as u32)
                    .unwrap_or(last)
            })
            .collect();
        starts.sort_unstable();
        for start in starts {
            let again = if rng.below(1000) < REPEAT_PER_MILLE && !free.is_empty() {
                let k = rng.below(free.len() as u64) as usize;
                (free[k].1 < start).then(|| free.swap_remove(k).0)
            } else {
                None
            };
            let index = again.unwrap_or_else(|| {
                experts.push((next_expert, expert(&mut rng, year, &origins, &nations)));
                next_expert += 1;
                experts.len() - 1
            });
            // Two weeks to the rest of the year; about a third stay to 31 December.
            let end = if rng.below(3) == 0 {
                last
            } else {
                plus_days(start, 13 + rng.below(300)).min(last)
            };
            let (id, who) = &experts[index];
            let class = match (year < 2017, rng.below(100)) {
                (false, _) | (true, 0..=9) => "",
                (true, 10..=54) => "cultural_educational",
                (true, _) => "economic_technical",
            };
            let kind = EMPLOYER_KINDS[rng.below(EMPLOYER_KINDS.len() as u64) as usize];
            let province = provinces_list[provinces.pick(&mut rng)];
            writeln!(
                out,
                "SYNFE{record:08},SYNFX{id:08},{},{},{},{},{},{},{class},Synthetic {kind} {},,{province},{},{start},{end},SYNFD{record:08}",
                who.family,
                who.given,
                who.native,
                who.sex,
                who.birth,
                who.nationality,
                1 + rng.below(400),
                SECTORS[rng.weighted(&sectors)].0,
            )?;
            record += 1;
            free.push((index, end));
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::synthetic::checked_rows;
    use chrono::Datelike;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn experts_meet_the_person_times_of_each_year_within_the_year() {
        let plan = ExpertPlan {
            seed: 7,
            person_times: vec![(2008, 3_000), (2009, 4_800)],
        };
        let mut bytes = Vec::new();
        write_experts(&plan, &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let rows = checked_rows(ImportKind::Experts, &text);
        let mut by_year: HashMap<i32, u64> = HashMap::new();
        let mut origins: HashMap<&str, u64> = HashMap::new();
        let mut persons: HashSet<&str> = HashSet::new();
        for r in &rows {
            let (s, e) = (
                NaiveDate::parse_from_str(&r["start_date"], "%Y-%m-%d").unwrap(),
                NaiveDate::parse_from_str(&r["end_date"], "%Y-%m-%d").unwrap(),
            );
            assert_eq!(s.year(), e.year(), "{r:?}");
            assert!(e >= s);
            *by_year.entry(s.year()).or_default() += 1;
            *origins.entry(r["nationality"].as_str()).or_default() += 1;
            assert!(r["employer_name"].starts_with("Synthetic "));
            assert_ne!(r["nationality"], "CN");
            // Hong Kong, Macao and Taiwan: characters with their romanisation; the others a
            // name of their nationality, for their sex.
            let (family, given) = (&r["family_name"], &r["given_name"]);
            if matches!(r["nationality"].as_str(), "HK" | "MO" | "TW") {
                let latin = format!("{family} {given}");
                assert!(chinese::corresponds(&r["name_native"], &latin), "{r:?}");
            } else {
                let female = r["sex"] == "F";
                assert!(
                    crate::synthetic::names::fits(&r["nationality"], family, given, female),
                    "{r:?}"
                );
                assert!(r["name_native"].is_empty());
            }
            if s.year() == 2009 {
                persons.insert(r["person_ref"].as_str());
            }
        }
        assert_eq!(by_year, HashMap::from([(2008, 3_000), (2009, 4_800)]));
        // Hong Kong about 23%, a tenth or so of experts twice in the year.
        let hk = origins["HK"] as f64 / 7_800.0;
        assert!((0.19..0.27).contains(&hk), "{hk}");
        assert!(
            persons.len() < 4_800 && persons.len() > 4_100,
            "{}",
            persons.len()
        );
    }
}
