//! Training abroad: people's places in training groups that departed (团组), with exactly the
//! planned person-times in each year of departure. Groups of 10 to 30 share their programme,
//! host, sending unit and dates; most stay two to four weeks, some three months to a year;
//! some leave in late December and come back in January; about one person in fifty goes out
//! twice in a year, in two groups whose dates do not overlap.

use super::names::NameDraw;
use super::{chinese, date, invalid_plan, plus_days, Cumulative, Rng, PROVINCES};
use crate::imports::ImportKind;
use crate::training::{FundingChannel, ProgrammeType};
use chrono::NaiveDate;
use std::io::{self, BufWriter, Write};

/// Parameters of a training-abroad file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingPlan {
    pub seed: u64,
    /// Participations (person-times) per calendar year of departure.
    pub person_times: Vec<(i32, u64)>,
}

/// Person-times sent abroad on training per year, the demo dataset's series at scale 1.
/// 2007 (about 30,000, Xinhua), 2009 (50,200, the 2010 white paper) and 2011 (about 50,000,
/// Phoenix Weekly) are published; no yearly totals were found for 2006, 2008 and 2010, so
/// those three are chosen (53,400, 53,400 and 70,000, the last as the magazine's 2010 figure)
/// such that 2006–2010 adds up to the published 257,000 of the previous five-year plan
/// (People's Daily Online 2012-01-28). See data/SOURCES.md.
pub const DEMO_SERIES: [(i32, u64); 6] = [
    (2006, 53_400),
    (2007, 30_000),
    (2008, 53_400),
    (2009, 50_200),
    (2010, 70_000),
    (2011, 50_000),
];

impl TrainingPlan {
    /// The demo dataset at scale 1: [`DEMO_SERIES`].
    pub fn demo(seed: u64) -> TrainingPlan {
        TrainingPlan {
            seed,
            person_times: DEMO_SERIES.to_vec(),
        }
    }
}

const MIN_GROUP: u64 = 10;
const MAX_GROUP: u64 = 30;
/// Per thousand places, those offered to someone of the year who went out before (and is
/// back): about 2% of persons go out twice in a year.
const REPEAT_PER_MILLE: u64 = 24;

/// Programme types, weighted: senior civil servants, leading officials in economic
/// management and professional and technical staff first.
const PROGRAMME_TYPES: [(ProgrammeType, u32); 10] = [
    (ProgrammeType::SeniorCivilServants, 24),
    (ProgrammeType::LeadingOfficials, 20),
    (ProgrammeType::ProfessionalTechnical, 24),
    (ProgrammeType::EnterpriseManagement, 10),
    (ProgrammeType::AgriculturalTechnical, 6),
    (ProgrammeType::SocialManagement, 6),
    (ProgrammeType::YoungCadres, 4),
    (ProgrammeType::ProvincialMinisterial, 2),
    (ProgrammeType::UniversityHeads, 2),
    (ProgrammeType::Other, 2),
];

/// Host countries and regions with their cities, weighted by groups: the United States
/// first, then Europe, Singapore, Australia, Canada, Japan and Korea; a few groups go to
/// Hong Kong and Macao (出境).
const HOSTS: [(&str, u32, &[&str]); 13] = [
    ("US", 24, &["Boston", "Washington", "New York", "Chicago"]),
    ("GB", 12, &["London", "Cambridge", "Oxford", "Manchester"]),
    ("DE", 12, &["Berlin", "Munich", "Speyer", "Hamburg"]),
    ("SG", 11, &["Singapore"]),
    ("FR", 8, &["Paris", "Strasbourg", "Lyon"]),
    ("AU", 8, &["Canberra", "Sydney", "Melbourne"]),
    ("CA", 7, &["Ottawa", "Toronto", "Vancouver"]),
    ("JP", 6, &["Tokyo", "Osaka"]),
    ("NL", 4, &["Maastricht", "The Hague", "Amsterdam"]),
    ("CH", 4, &["Geneva", "Zurich", "Lausanne"]),
    ("KR", 4, &["Seoul"]),
    ("HK", 3, &["Hong Kong"]),
    ("MO", 1, &["Macao"]),
];

const INSTITUTION_KINDS: [&str; 6] = [
    "School of Public Administration",
    "Institute of Government",
    "University",
    "Management Academy",
    "Training Centre",
    "Business School",
];

const PROVINCIAL_UNITS: [&str; 8] = [
    "Department of Human Resources and Social Security",
    "Development and Reform Commission",
    "Department of Finance",
    "Department of Education",
    "Department of Agriculture",
    "Department of Science and Technology",
    "Department of Commerce",
    "Foreign Experts Bureau",
];

const CENTRAL_UNITS: [&str; 4] = [
    "Central Cadre Training Office",
    "State Assets Enterprise Group",
    "Ministry Cadre College",
    "Academy of Governance",
];

/// Funding channels, weighted; about one record in twelve gives none.
const FUNDING: [(Option<FundingChannel>, u32); 5] = [
    (Some(FundingChannel::SpecialFund), 42),
    (Some(FundingChannel::Intergovernmental), 23),
    (Some(FundingChannel::ForeignParty), 16),
    (Some(FundingChannel::ImportContract), 11),
    (None, 8),
];

/// What the members of a group share.
struct Group {
    programme: usize,
    sending_unit: String,
    departure: NaiveDate,
    return_on: NaiveDate,
    size: u64,
}

/// A programme of the year: several groups go on it.
struct Programme {
    code: String,
    programme_type: ProgrammeType,
    host: &'static str,
    institution: String,
    funding: Option<FundingChannel>,
}

/// A person of the registry, as every row of theirs names them.
struct Person {
    family: &'static str,
    given: &'static str,
    /// The name in characters (王秀英).
    native: String,
    sex: &'static str,
    birth: NaiveDate,
}

/// Group sizes of 10 to 30 adding up to exactly `n` (a year with fewer than 10 places has one
/// smaller group).
fn group_sizes(rng: &mut Rng, n: u64) -> Vec<u64> {
    let mut sizes = Vec::new();
    let mut left = n;
    while left > 0 {
        let size = if left <= MAX_GROUP {
            left
        } else {
            let s = MIN_GROUP + rng.below(MAX_GROUP - MIN_GROUP + 1);
            if left - s < MIN_GROUP {
                left - MIN_GROUP
            } else {
                s
            }
        };
        sizes.push(size);
        left -= size;
    }
    sizes
}

/// A group's days abroad, both ends counted: mostly two to four weeks, some a week or two,
/// about one group in seven three months to a year (mid- and long-term, TA-R1).
fn stay_days(rng: &mut Rng) -> u64 {
    match rng.below(100) {
        0..=79 => 14 + rng.below(15),
        80..=84 => 7 + rng.below(7),
        _ => 90 + rng.below(276),
    }
}

fn programmes(rng: &mut Rng, year: i32, count: usize) -> Vec<Programme> {
    let types: Vec<u32> = PROGRAMME_TYPES.iter().map(|t| t.1).collect();
    let hosts: Vec<u32> = HOSTS.iter().map(|h| h.1).collect();
    let funding: Vec<u32> = FUNDING.iter().map(|f| f.1).collect();
    (0..count)
        .map(|k| {
            let (host, _, cities) = HOSTS[rng.weighted(&hosts)];
            let city = cities[rng.below(cities.len() as u64) as usize];
            let kind = INSTITUTION_KINDS[rng.below(INSTITUTION_KINDS.len() as u64) as usize];
            Programme {
                code: format!("SYNTP{year}-{k:04}"),
                programme_type: PROGRAMME_TYPES[rng.weighted(&types)].0,
                host,
                institution: format!("Synthetic {kind} {city}"),
                funding: FUNDING[rng.weighted(&funding)].0,
            }
        })
        .collect()
}

fn sending_unit(rng: &mut Rng, provinces: &Cumulative) -> String {
    if rng.below(100) < 30 {
        let unit = CENTRAL_UNITS[rng.below(CENTRAL_UNITS.len() as u64) as usize];
        format!("Synthetic {unit} {}", 1 + rng.below(12))
    } else {
        let province = PROVINCES[provinces.pick(rng)].1;
        let unit = PROVINCIAL_UNITS[rng.below(PROVINCIAL_UNITS.len() as u64) as usize];
        format!("Synthetic {province} {unit}")
    }
}

/// The year's groups in order of departure: exactly `n` places. The first group of a year
/// with three or more, and about one in thirty of the others, leaves between 19 and 31
/// December and comes back in January.
fn groups(
    rng: &mut Rng,
    year: i32,
    n: u64,
    provinces: &Cumulative,
) -> (Vec<Group>, Vec<Programme>) {
    let sizes = group_sizes(rng, n);
    let programmes = programmes(rng, year, sizes.len().div_ceil(3).max(1));
    let last_day = if NaiveDate::from_yo_opt(year, 366).is_some() {
        366
    } else {
        365
    };
    let mut groups: Vec<Group> = sizes
        .iter()
        .enumerate()
        .map(|(g, &size)| {
            let new_year = (g == 0 && sizes.len() >= 3) || rng.below(100) < 3;
            let (departure, days) = if new_year {
                let december = NaiveDate::from_ymd_opt(year, 12, 19).unwrap_or_default();
                (plus_days(december, rng.below(13)), 14 + rng.below(15))
            } else {
                let day = 1 + rng.below(last_day) as u32;
                let departure = NaiveDate::from_yo_opt(year, day).unwrap_or_default();
                (departure, stay_days(rng))
            };
            Group {
                programme: rng.below(programmes.len() as u64) as usize,
                sending_unit: sending_unit(rng, provinces),
                departure,
                return_on: plus_days(departure, days - 1),
                size,
            }
        })
        .collect();
    groups.sort_by_key(|g| g.departure);
    (groups, programmes)
}

fn person(rng: &mut Rng, year: i32) -> Person {
    // The draws of the name come before the sex, as they always did.
    let draw = NameDraw::take(rng, 3);
    let sex = if rng.below(100) < 72 { "M" } else { "F" };
    let name = chinese::name(draw, chinese::Region::Mainland, sex == "F");
    Person {
        family: name.family,
        given: name.given,
        native: name.native,
        sex,
        birth: date(year - 30 - rng.below(28) as i32, 1 + rng.below(365) as u32),
    }
}

/// Writes the training-abroad CSV (import format) for a plan: for each year exactly its
/// person-times, counted by departure date. Persons are new to each year (`SYNTR…`), except
/// the few who go out a second time that year after their first group is back.
///
/// A plan that cannot be met is refused with `InvalidInput` before anything is written: a
/// year outside 1950..=9990, or a year planned twice.
pub fn write_training_abroad(plan: &TrainingPlan, out: &mut impl Write) -> io::Result<()> {
    let mut years: Vec<i32> = plan.person_times.iter().map(|(y, _)| *y).collect();
    if years.iter().any(|y| !(1950..=9990).contains(y)) {
        return Err(invalid_plan("training years must fall within 1950..=9990"));
    }
    years.sort_unstable();
    years.dedup();
    if years.len() != plan.person_times.len() {
        return Err(invalid_plan("a year is planned twice"));
    }
    let mut rng = Rng::new(plan.seed);
    let provinces = Cumulative::new(PROVINCES.iter().map(|p| u64::from(p.3) + 5));
    let mut out = BufWriter::new(out);
    writeln!(
        out,
        "{}",
        ImportKind::TrainingAbroad.template_columns().join(",")
    )?;
    let (mut record, mut next_person) = (0u64, 0u64);
    for &(year, n) in &plan.person_times {
        let (groups, programmes) = groups(&mut rng, year, n, &provinces);
        let mut persons: Vec<(u64, Person)> = Vec::new();
        // The year's persons who went out once and are back by a day: (index, return).
        let mut back: Vec<(usize, NaiveDate)> = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let programme = &programmes[group.programme];
            let mut members = Vec::with_capacity(group.size as usize);
            for _ in 0..group.size {
                let again = if rng.below(1000) < REPEAT_PER_MILLE && !back.is_empty() {
                    let k = rng.below(back.len() as u64) as usize;
                    (back[k].1 < group.departure).then(|| back.swap_remove(k).0)
                } else {
                    None
                };
                let index = again.unwrap_or_else(|| {
                    persons.push((next_person, person(&mut rng, year)));
                    next_person += 1;
                    persons.len() - 1
                });
                if again.is_none() {
                    members.push(index);
                }
                let (p, who) = &persons[index];
                writeln!(
                    out,
                    "SYNTA{record:08},SYNTR{p:08},{},{},{},{},{},{},{},{},{},{},{},SYNTG{year}-{g:05},{},{}",
                    who.family,
                    who.given,
                    who.native,
                    who.sex,
                    who.birth,
                    programme.code,
                    programme.programme_type.code(),
                    programme.host,
                    programme.institution,
                    group.sending_unit,
                    programme.funding.map(|f| f.code()).unwrap_or_default(),
                    group.departure,
                    group.return_on,
                )?;
                record += 1;
            }
            back.extend(members.into_iter().map(|i| (i, group.return_on)));
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::synthetic::checked_rows;
    use crate::training::{destination_scope, duration_class, DestinationScope, DurationClass};
    use chrono::Datelike;
    use std::collections::{HashMap, HashSet};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn write(plan: &TrainingPlan) -> String {
        let mut bytes = Vec::new();
        write_training_abroad(plan, &mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    fn plan() -> TrainingPlan {
        TrainingPlan {
            seed: 11,
            person_times: vec![(2008, 3_000), (2009, 5_020), (2010, 7)],
        }
    }

    #[test]
    fn the_demo_series_adds_up_to_the_published_five_years() {
        let five: u64 = DEMO_SERIES
            .iter()
            .filter(|(y, _)| (2006..=2010).contains(y))
            .map(|(_, n)| n)
            .sum();
        assert_eq!(five, 257_000);
        assert!(DEMO_SERIES.contains(&(2009, 50_200)));
    }

    #[test]
    fn training_meets_the_person_times_of_each_year_exactly() {
        let plan = plan();
        let rows = checked_rows(ImportKind::TrainingAbroad, &write(&plan));
        let mut by_year: HashMap<i32, u64> = HashMap::new();
        for r in &rows {
            *by_year.entry(day(&r["departure_date"]).year()).or_default() += 1;
            assert!(r["record_ref"].starts_with("SYN") && r["person_ref"].starts_with("SYN"));
            assert!(r["sending_unit"].starts_with("Synthetic "), "{r:?}");
            assert!(r["host_institution"].starts_with("Synthetic "), "{r:?}");
            assert!(r["programme_code"].starts_with("SYN") && r["group_code"].starts_with("SYN"));
        }
        assert_eq!(
            by_year,
            HashMap::from([(2008, 3_000), (2009, 5_020), (2010, 7)])
        );
        let records: HashSet<&str> = rows.iter().map(|r| r["record_ref"].as_str()).collect();
        assert_eq!(records.len(), rows.len());
    }

    #[test]
    fn training_groups_share_their_dates_and_look_like_the_real_ones() {
        let rows = checked_rows(ImportKind::TrainingAbroad, &write(&plan()));
        let mut groups: HashMap<&str, Vec<&HashMap<String, String>>> = HashMap::new();
        for r in &rows {
            groups.entry(r["group_code"].as_str()).or_default().push(r);
        }
        let shared = [
            "programme_code",
            "programme_type",
            "host_country",
            "sending_unit",
            "departure_date",
            "return_date",
        ];
        let (mut long, mut new_year, mut hmt, mut short_weeks) = (0, 0, 0, 0);
        for members in groups.values() {
            let first = members[0];
            for m in members {
                for c in shared {
                    assert_eq!(m[c], first[c], "{c}");
                }
            }
            if first["departure_date"].starts_with("2010") {
                assert_eq!(members.len(), 7);
            } else {
                assert!((10..=30).contains(&members.len()), "{}", members.len());
            }
            let (d, r) = (day(&first["departure_date"]), day(&first["return_date"]));
            let days = (r - d).num_days() + 1;
            match duration_class(d, r) {
                DurationClass::MidLongTerm => {
                    long += 1;
                    assert!((90..=365).contains(&days));
                }
                DurationClass::ShortTerm if (14..=28).contains(&days) => short_weeks += 1,
                DurationClass::ShortTerm => assert!((7..=13).contains(&days)),
            }
            if d.month() == 12 && r.month() == 1 && r.year() == d.year() + 1 {
                new_year += 1;
            }
            if destination_scope(&first["host_country"]) == DestinationScope::Hmt {
                hmt += 1;
            }
        }
        let n = groups.len();
        assert!(n > 300, "{n}");
        assert!(short_weeks * 10 > n * 7, "{short_weeks} of {n}");
        assert!(long * 20 > n && long * 4 < n, "{long} of {n}");
        assert!(new_year >= 3, "{new_year}");
        assert!(hmt > 0 && hmt * 10 < n, "{hmt} of {n}");
        let types: HashSet<&str> = rows.iter().map(|r| r["programme_type"].as_str()).collect();
        assert!(types.len() >= 8, "{types:?}");
        let us = rows.iter().filter(|r| r["host_country"] == "US").count();
        assert!(us * 8 > rows.len(), "{us}");
    }

    #[test]
    fn about_two_percent_go_out_twice_a_year_in_groups_that_do_not_overlap() {
        let rows = checked_rows(ImportKind::TrainingAbroad, &write(&plan()));
        // (person, year) to the trips: departure, return and group.
        type Trip<'a> = (NaiveDate, NaiveDate, &'a str);
        let mut trips: HashMap<(&str, i32), Vec<Trip>> = HashMap::new();
        for r in &rows {
            let d = day(&r["departure_date"]);
            trips
                .entry((r["person_ref"].as_str(), d.year()))
                .or_default()
                .push((d, day(&r["return_date"]), r["group_code"].as_str()));
        }
        let twice: Vec<_> = trips.values().filter(|t| t.len() > 1).collect();
        let persons = trips.len();
        assert!(
            twice.len() * 100 >= persons && twice.len() * 100 <= persons * 3,
            "{} of {persons}",
            twice.len()
        );
        for t in twice {
            assert_eq!(t.len(), 2);
            let mut t = t.clone();
            t.sort();
            assert_ne!(t[0].2, t[1].2);
            assert!(t[0].1 < t[1].0, "{t:?}");
        }
        // A person keeps their name and birth date on every row.
        let mut people: HashMap<&str, (&str, &str, &str)> = HashMap::new();
        for r in &rows {
            let who = (
                r["family_name"].as_str(),
                r["given_name"].as_str(),
                r["birth_date"].as_str(),
            );
            assert_eq!(*people.entry(r["person_ref"].as_str()).or_insert(who), who);
            // A name in characters with its pinyin.
            let latin = format!("{} {}", r["family_name"], r["given_name"]);
            assert!(chinese::corresponds(&r["name_native"], &latin), "{r:?}");
        }
    }

    #[test]
    fn training_same_seed_same_bytes_and_impossible_plans_refused() {
        let small = TrainingPlan {
            seed: 3,
            person_times: vec![(2009, 400)],
        };
        assert_eq!(write(&small), write(&small));
        assert_ne!(
            write(&small),
            write(&TrainingPlan {
                seed: 4,
                ..small.clone()
            })
        );
        let empty = TrainingPlan {
            seed: 3,
            person_times: vec![],
        };
        assert_eq!(write(&empty).lines().count(), 1);
        for person_times in [vec![(2009, 1), (2009, 2)], vec![(1949, 1)]] {
            let mut out = Vec::new();
            let refused = write_training_abroad(
                &TrainingPlan {
                    seed: 3,
                    person_times,
                },
                &mut out,
            );
            assert_eq!(refused.unwrap_err().kind(), io::ErrorKind::InvalidInput);
            assert!(out.is_empty());
        }
    }
}
