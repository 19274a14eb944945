//! Seeded synthetic records in the import formats, for benchmarks and the demo dataset.
//! Clearly synthetic: every institution and employer is "Synthetic …" and every reference
//! starts with `SYN`. The same seed gives the same file, byte for byte.

mod chinese;
pub mod cooperation;
pub mod coverage;
mod experts;
mod foreign_students;
pub mod intorgs;
mod names;
pub mod pairs;
mod training;
mod work_permits;

pub use coverage::{write_coverage_certificates, CoveragePlan};
pub use experts::{write_experts, ExpertPlan, PUBLISHED_2009 as EXPERTS_2009};
pub use foreign_students::{write_foreign_students, ForeignStudentPlan};
pub use training::{write_training_abroad, TrainingPlan, DEMO_SERIES as TRAINING_DEMO_SERIES};
pub use work_permits::{write_work_permits, WorkPermitPlan};

use chrono::{Datelike, NaiveDate};
use std::io::Write;

/// Whether a name in Chinese characters and a name in Latin letters (family name first) are
/// one of the generators' Chinese names: the characters with their pinyin (or, for Hong Kong,
/// Macao and Taiwan, their Cantonese or Wade–Giles romanisation).
pub fn is_generated_chinese_name(native: &str, latin: &str) -> bool {
    chinese::corresponds(native, latin)
}

/// Whether a name in Latin letters (family name first, as the registry holds it) is one the
/// generators give a national of `nationality` (ISO 3166-1 alpha-2).
pub fn is_typical_name(nationality: &str, latin: &str) -> bool {
    names::typical(nationality, latin)
}

/// SplitMix64: small, fast and good enough for test data; not for anything secret.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }

    /// An index chosen with the given weights.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut pick = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            let w = u64::from(*w);
            if pick < w {
                return i;
            }
            pick -= w;
        }
        weights.len().saturating_sub(1)
    }
}

/// Picks from a long weighted table in O(log n): the running totals of the weights.
#[derive(Debug, Clone)]
struct Cumulative(Vec<u64>);

impl Cumulative {
    fn new(weights: impl IntoIterator<Item = u64>) -> Cumulative {
        let mut total = 0u64;
        Cumulative(
            weights
                .into_iter()
                .map(|w| {
                    total += w;
                    total
                })
                .collect(),
        )
    }

    /// An index chosen with the weights (0 for an empty or all-zero table).
    fn pick(&self, rng: &mut Rng) -> usize {
        let total = self.0.last().copied().unwrap_or(0);
        let x = rng.below(total);
        self.0
            .partition_point(|&c| c <= x)
            .min(self.0.len().saturating_sub(1))
    }
}

/// Provinces (GB/T 2260) with the weights of foreign students and of foreign workers around
/// 2009: both concentrated in Beijing, Shanghai and the eastern coast.
const PROVINCES: [(&str, &str, u32, u32); 31] = [
    // (code, name, foreign-student weight, work-permit weight)
    ("110000", "Beijing", 300, 200),
    ("310000", "Shanghai", 170, 250),
    ("120000", "Tianjin", 60, 30),
    ("320000", "Jiangsu", 60, 120),
    ("210000", "Liaoning", 50, 40),
    ("330000", "Zhejiang", 50, 50),
    ("440000", "Guangdong", 50, 180),
    ("370000", "Shandong", 40, 40),
    ("230000", "Heilongjiang", 30, 3),
    ("220000", "Jilin", 30, 3),
    ("530000", "Yunnan", 30, 4),
    ("450000", "Guangxi", 30, 4),
    ("420000", "Hubei", 30, 10),
    ("610000", "Shaanxi", 20, 5),
    ("510000", "Sichuan", 20, 10),
    ("350000", "Fujian", 20, 30),
    ("430000", "Hunan", 10, 5),
    ("500000", "Chongqing", 10, 8),
    ("410000", "Henan", 8, 3),
    ("650000", "Xinjiang", 8, 2),
    ("340000", "Anhui", 6, 4),
    ("360000", "Jiangxi", 5, 2),
    ("130000", "Hebei", 5, 3),
    ("140000", "Shanxi", 4, 2),
    ("460000", "Hainan", 4, 4),
    ("150000", "Inner Mongolia", 3, 2),
    ("520000", "Guizhou", 2, 1),
    ("620000", "Gansu", 2, 1),
    ("640000", "Ningxia", 1, 1),
    ("630000", "Qinghai", 1, 1),
    ("540000", "Tibet", 1, 1),
];

fn plus_days(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(chrono::Days::new(days)).unwrap_or(d)
}

fn minus_days(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_sub_days(chrono::Days::new(days)).unwrap_or(d)
}

/// The same day `years` later (a 29 February becomes the 28th).
fn plus_years(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(12 * years))
        .unwrap_or(d)
}

fn minus_years(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_sub_months(chrono::Months::new(12 * years))
        .unwrap_or(d)
}

fn invalid_plan(reason: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, reason.to_owned())
}

/// `true` for exactly `k` of the indices `0..n` (k <= n), spread evenly over them.
fn spread(index: u64, k: u64, n: u64) -> bool {
    let n = u128::from(n.max(1));
    let (i, k) = (u128::from(index), u128::from(k));
    (i + 1) * k / n > i * k / n
}

/// Destinations of Chinese students abroad, weighted roughly as the 2000s flows were.
const DESTINATIONS: [(&str, u32); 16] = [
    ("US", 300),
    ("GB", 120),
    ("AU", 100),
    ("JP", 90),
    ("CA", 70),
    ("DE", 60),
    ("FR", 50),
    ("KR", 40),
    ("SG", 30),
    ("NZ", 25),
    ("RU", 25),
    ("NL", 20),
    ("IE", 15),
    ("IT", 15),
    ("MY", 10),
    ("SE", 10),
];

/// Parameters of a study-abroad file.
#[derive(Debug, Clone, Copy)]
pub struct StudyAbroadPlan {
    pub seed: u64,
    /// Distinct people (person_ref values).
    pub persons: u64,
    /// Rows (episodes); at least `persons`: the extra ones are second periods abroad.
    pub episodes: u64,
    /// People with a return on or before `returned_by`.
    pub returned: u64,
    pub first_year: i32,
    pub last_year: i32,
    pub returned_by: NaiveDate,
}

fn date(year: i32, day_of_year: u32) -> NaiveDate {
    NaiveDate::from_yo_opt(year, day_of_year.clamp(1, 365)).unwrap_or_default()
}

/// Departure years grow year on year, as outbound study did from 1978.
fn year(rng: &mut Rng, first: i32, last: i32) -> i32 {
    let span = (last - first).max(0) as u32 + 1;
    let weights: Vec<u32> = (0..span).map(|i| 10 + i * i).collect();
    first + rng.weighted(&weights) as i32
}

/// Writes the study-abroad CSV (import format) for a plan.
pub fn write_study_abroad(plan: &StudyAbroadPlan, out: &mut impl Write) -> std::io::Result<()> {
    let mut rng = Rng::new(plan.seed);
    writeln!(
        out,
        "record_ref,person_ref,family_name,given_name,name_native,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date"
    )?;
    let weights: Vec<u32> = DESTINATIONS.iter().map(|d| d.1).collect();
    let persons = plan.persons.max(1);
    let extra = plan.episodes.saturating_sub(persons);
    let mut record = 0u64;
    for p in 0..persons {
        // Exactly `returned` people return by the cut-off, spread evenly over the file.
        let returns = (p + 1) * plan.returned / persons > p * plan.returned / persons;
        // Exactly `extra` people have a second period abroad.
        let second = (p + 1) * extra / persons > p * extra / persons;
        let draw = names::NameDraw::take(&mut rng, 3);
        let sex = if rng.below(100) < 48 { "F" } else { "M" };
        let name = chinese::name(draw, chinese::Region::Mainland, sex == "F");
        let (family, given, native) = (name.family, name.given, &name.native);
        let last_departure = if returns {
            plan.returned_by.year() - 1
        } else {
            plan.last_year
        };
        let departure_year = year(
            &mut rng,
            plan.first_year,
            last_departure.max(plan.first_year),
        );
        let birth = date(
            departure_year - 18 - rng.below(12) as i32,
            1 + rng.below(365) as u32,
        );
        let episodes = if second { 2 } else { 1 };
        let mut departure = date(departure_year, 200 + rng.below(60) as u32);
        for e in 0..episodes {
            let destination = DESTINATIONS[rng.weighted(&weights)].0;
            let level = 6 + rng.below(3);
            let funding = match (departure.year(), rng.below(100)) {
                (y, r) if y < 1993 && r < 60 => "state_sponsored",
                (_, r) if r < 6 => "state_sponsored",
                (_, r) if r < 10 => "employer_sponsored",
                _ => "self_funded",
            };
            // The first period of a returning person ends by the cut-off; the others stay
            // abroad (no return date).
            let return_date = if returns && e == 0 {
                let latest = plan.returned_by;
                let earliest = departure;
                let days = (latest - earliest).num_days().max(0) as u64;
                let length = (365 + rng.below(4 * 365)).min(days);
                Some(earliest + chrono::Days::new(length))
            } else {
                None
            };
            writeln!(
                out,
                "SYN{record:08},SYNP{p:08},{family},{given},{native},{sex},{birth},{destination},Synthetic University {},{level},{},{funding},{departure},{}",
                rng.below(400),
                ["Engineering", "Business", "Science", "Medicine", "Humanities"][rng.below(5) as usize],
                return_date.map(|d| d.to_string()).unwrap_or_default()
            )?;
            record += 1;
            // A second period starts after the first one (or its return).
            let after = return_date.unwrap_or(departure) + chrono::Days::new(400 + rng.below(700));
            departure = after.min(date(plan.last_year, 300)).max(departure);
            if e == 0 && episodes == 2 && departure.year() > plan.last_year {
                departure = date(plan.last_year, 300);
            }
        }
    }
    Ok(())
}

/// A generated file's rows, each checked as the import checks it (on 2026-11-28), as maps
/// from column to value: what the generators' tests look at.
#[cfg(test)]
pub(crate) fn checked_rows(
    kind: crate::imports::ImportKind,
    text: &str,
) -> Vec<std::collections::HashMap<String, String>> {
    let mut lines = text.lines();
    let names: Vec<&str> = lines.next().unwrap().split(',').collect();
    let header = crate::imports::Header::resolve(kind, &names, false).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            crate::imports::validate_row(&header, &fields, today)
                .unwrap_or_else(|e| panic!("{line}: {e:?}"));
            names
                .iter()
                .zip(&fields)
                .map(|(n, f)| ((*n).to_owned(), (*f).to_owned()))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_plan_is_met_exactly_and_the_same_seed_gives_the_same_file() {
        let plan = StudyAbroadPlan {
            seed: 7,
            persons: 1_000,
            episodes: 1_100,
            returned: 300,
            first_year: 1978,
            last_year: 2009,
            returned_by: NaiveDate::from_ymd_opt(2009, 12, 31).unwrap(),
        };
        let mut a = Vec::new();
        write_study_abroad(&plan, &mut a).unwrap();
        let mut b = Vec::new();
        write_study_abroad(&plan, &mut b).unwrap();
        assert_eq!(a, b);
        let text = String::from_utf8(a).unwrap();
        let rows: Vec<Vec<&str>> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(rows.len(), 1_100);
        let persons: HashSet<&str> = rows.iter().map(|r| r[1]).collect();
        assert_eq!(persons.len(), 1_000);
        let returned: HashSet<&str> = rows
            .iter()
            .filter(|r| !r[13].is_empty() && r[13] <= "2009-12-31")
            .map(|r| r[1])
            .collect();
        assert_eq!(returned.len(), 300);
        let names: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let header =
            crate::imports::Header::resolve(crate::imports::ImportKind::StudyAbroad, &names, false)
                .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        for r in &rows {
            assert!(r[12] >= "1978-01-01" && r[12] <= "2009-12-31", "{r:?}");
            assert!(r[13].is_empty() || r[13] >= r[12], "{r:?}");
            // A name in characters with its pinyin, for a woman or a man as the row says.
            let row = crate::imports::validate_row(&header, r, today).unwrap();
            let (native, latin) = (
                row.person.name_native.unwrap(),
                row.person.name_latin.unwrap(),
            );
            assert!(chinese::corresponds(&native, &latin), "{r:?}");
            assert_eq!(format!("{} {}", r[2], r[3]), latin);
        }
    }
}
