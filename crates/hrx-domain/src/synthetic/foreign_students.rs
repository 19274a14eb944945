//! Foreign students in China: enrolments laid out year by year so that the overlap counts of
//! the `foreign_students` indicator add up to the plan exactly, from a given number of
//! nationalities exactly.

use super::{date, invalid_plan, names, spread, Cumulative, Rng, PROVINCES};
use chrono::{Datelike, NaiveDate};
use std::io::{self, BufWriter, Write};

/// Parameters of a foreign-students file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignStudentPlan {
    pub seed: u64,
    /// The sum over the calendar years `first_year..=last_year` of the enrolments that
    /// overlap each year (`foreign_students_cumulative` at the end of `last_year`).
    pub enrolments_person_times: u64,
    /// Distinct nationalities among the enrolments (`foreign_student_source_countries`).
    pub countries: usize,
    pub first_year: i32,
    pub last_year: i32,
}

impl ForeignStudentPlan {
    /// The demo dataset: the 2010 white paper's 1,690,000 person-times from 190 countries and
    /// regions, 1978 to 2009.
    pub fn demo(seed: u64) -> ForeignStudentPlan {
        ForeignStudentPlan {
            seed,
            enrolments_person_times: 1_690_000,
            countries: 190,
            first_year: 1978,
            last_year: 2009,
        }
    }

    /// The most nationalities a plan can ask for: the reference countries less China, the
    /// places whose students are counted apart (Hong Kong, Macao, Taiwan) and uninhabited
    /// territories.
    pub fn max_countries() -> usize {
        usable_countries().len()
    }

    /// The enrolments overlapping each calendar year, as the file holds them: a few hundred
    /// in the first year growing to about a seventh of the total in the last (238,000 in 2009
    /// for the demo), summing to `enrolments_person_times`.
    pub fn yearly_person_times(&self) -> Vec<(i32, u64)> {
        (self.first_year..=self.last_year)
            .zip(yearly_counts(self))
            .collect()
    }
}

/// Growth of the yearly count from one year to the next, falling linearly over the period
/// from 33.7% to 13%: fitted so that 1978..2009 runs from about 400 to about 238,000 when the
/// total is 1,690,000, as the published figures do.
const GROWTH_FIRST: f64 = 0.337;
const GROWTH_LAST: f64 = 0.13;

/// Percent of the enrolments in their (k+1)-th calendar year that go on into the next one:
/// most non-degree students stay one or two calendar years, degree students three to five.
const CONTINUE_PERCENT: [u64; 5] = [60, 45, 75, 60, 0];

/// Percent of the enrolments still running after the last year that have no end date.
const OPEN_PERCENT: u64 = 10;

/// Percent of new enrolments (where a candidate exists) that are a second enrolment of a
/// person whose earlier enrolment ended the year before.
const SECOND_ENROLMENT_PERCENT: u64 = 10;
/// Percent of the enrolments ending before the last year whose person may come back.
const MAY_RETURN_PERCENT: u64 = 30;
/// Bound of the persons kept as candidates for a second enrolment, per year.
const RETURN_CANDIDATES: usize = 50_000;

/// Nationalities of foreign students, weighted roughly as the 2009 statistics by country
/// were (Korea first, then the United States, Japan, Viet Nam, Thailand, Russia ...).
const MAJOR_NATIONALITIES: [(&str, u32); 42] = [
    ("KR", 642),
    ("US", 187),
    ("JP", 154),
    ("VN", 122),
    ("TH", 114),
    ("RU", 106),
    ("IN", 85),
    ("ID", 79),
    ("KZ", 57),
    ("MN", 55),
    ("PK", 52),
    ("FR", 44),
    ("DE", 40),
    ("GB", 30),
    ("MY", 30),
    ("NP", 26),
    ("CA", 22),
    ("IT", 20),
    ("KG", 20),
    ("SG", 18),
    ("AU", 18),
    ("UZ", 15),
    ("LA", 14),
    ("ES", 12),
    ("KP", 12),
    ("TJ", 10),
    ("YE", 10),
    ("PH", 10),
    ("MM", 10),
    ("BR", 8),
    ("TR", 8),
    ("AF", 7),
    ("SE", 7),
    ("MX", 7),
    ("LK", 7),
    ("EG", 7),
    ("BD", 7),
    ("CM", 6),
    ("NG", 6),
    ("KH", 6),
    ("NL", 6),
    ("UA", 6),
];
/// The most weight of a country of the long tail (each draws a weight from 1 up to it).
const TAIL_WEIGHT: u64 = 4;

/// Not nationalities of foreign students: China itself, Hong Kong, Macao and Taiwan (counted
/// apart in the statistics) and territories without a settled population.
const NOT_SOURCE_COUNTRIES: [&str; 11] = [
    "CN", "HK", "MO", "TW", "AQ", "BV", "HM", "TF", "GS", "UM", "IO",
];

const FIELDS: [&str; 12] = [
    "Chinese language and literature",
    "Medicine",
    "Economics",
    "Management",
    "Engineering",
    "Law",
    "Education",
    "History",
    "Philosophy",
    "Science",
    "Agriculture",
    "Arts",
];

fn usable_countries() -> Vec<&'static str> {
    crate::reference::reference()
        .countries
        .iter()
        .map(|c| c.alpha2.as_str())
        .filter(|c| !NOT_SOURCE_COUNTRIES.contains(c))
        .collect()
}

/// Exactly `countries` nationalities with their weights: the major ones first, then the
/// others in a seeded order.
fn source_countries(countries: usize, rng: &mut Rng) -> Vec<(&'static str, u32)> {
    let usable = usable_countries();
    let mut list: Vec<(&'static str, u32)> = MAJOR_NATIONALITIES
        .iter()
        .filter(|(c, _)| usable.contains(c))
        .copied()
        .collect();
    let mut tail: Vec<&'static str> = usable
        .into_iter()
        .filter(|c| !MAJOR_NATIONALITIES.iter().any(|(m, _)| m == c))
        .collect();
    for i in (1..tail.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        tail.swap(i, j);
    }
    for c in tail {
        list.push((c, 1 + rng.below(TAIL_WEIGHT) as u32));
    }
    list.truncate(countries);
    list
}

/// The enrolments overlapping each year, from the growth curve, summing to the total exactly.
/// Only `+ * /` and rounding on floats: the same counts on every platform.
fn yearly_counts(plan: &ForeignStudentPlan) -> Vec<u64> {
    let years = (i64::from(plan.last_year) - i64::from(plan.first_year) + 1).max(0) as usize;
    if years == 0 {
        return Vec::new();
    }
    let mut weights = Vec::with_capacity(years);
    let mut w = 1.0f64;
    for t in 0..years {
        if t > 0 {
            let s = t as f64 / (years - 1) as f64;
            w *= 1.0 + GROWTH_FIRST + (GROWTH_LAST - GROWTH_FIRST) * s;
        }
        weights.push(w);
    }
    let total_weight: f64 = weights.iter().sum();
    let total = plan.enrolments_person_times;
    // Rounded running totals, the last one exactly the total: the differences sum to it.
    let mut counts = Vec::with_capacity(years);
    let (mut running, mut before) = (0.0f64, 0u64);
    for (t, w) in weights.iter().enumerate() {
        running += w;
        let upto = if t + 1 == years {
            total
        } else {
            ((total as f64 * running / total_weight).round() as u64).clamp(before, total)
        };
        counts.push(upto - before);
        before = upto;
    }
    counts
}

/// How many enrolments start in each year, and how long they run, so that exactly the
/// yearly counts overlap each year.
struct Cohorts {
    /// `ended[t][d - 1]`: enrolments starting in year t and ending in year t + d - 1, within
    /// the period (d in 1..=5).
    ended: Vec<[u64; 5]>,
    /// `beyond[t][k]`: enrolments starting in year t, in their (k+1)-th calendar year in the
    /// last year, that go on after it.
    beyond: Vec<[u64; 4]>,
}

impl Cohorts {
    fn new(counts: &[u64]) -> Cohorts {
        let years = counts.len();
        let mut ended = vec![[0u64; 5]; years];
        let mut beyond = vec![[0u64; 4]; years];
        // active[k]: enrolments of the current year that are in their (k+1)-th calendar year.
        let mut active = [0u64; 5];
        for (t, &count) in counts.iter().enumerate() {
            let mut next = [0u64; 5];
            if t > 0 {
                for k in 0..4 {
                    next[k + 1] = active[k] * CONTINUE_PERCENT[k] / 100;
                }
                // Never more continuing enrolments than the year holds.
                let mut excess = next.iter().sum::<u64>().saturating_sub(count);
                for n in next.iter_mut().skip(1) {
                    let cut = excess.min(*n);
                    *n -= cut;
                    excess -= cut;
                }
                for k in 0..5.min(t) {
                    let going_on = if k < 4 { next[k + 1] } else { 0 };
                    ended[t - 1 - k][k] += active[k] - going_on;
                }
            }
            next[0] = count - next.iter().sum::<u64>();
            active = next;
        }
        if years > 0 {
            let last = years - 1;
            for k in 0..5.min(years) {
                let going_on = if k < 4 {
                    active[k] * CONTINUE_PERCENT[k] / 100
                } else {
                    0
                };
                if k < 4 {
                    beyond[last - k][k] += going_on;
                }
                ended[last - k][k] += active[k] - going_on;
            }
        }
        Cohorts { ended, beyond }
    }

    /// The rows of year t by class: 0..5 end within the period after 1..=5 calendar years,
    /// 5..9 go on after the last year, having been in their 1st..4th year in it.
    fn classes(&self, t: usize) -> [u64; 9] {
        let mut classes = [0u64; 9];
        classes[..5].copy_from_slice(&self.ended[t]);
        classes[5..].copy_from_slice(&self.beyond[t]);
        classes
    }

    fn rows(&self) -> u64 {
        (0..self.ended.len())
            .map(|t| self.classes(t).iter().sum::<u64>())
            .sum()
    }
}

/// A synthetic foreign student: what stays the same from one enrolment to the next.
#[derive(Debug, Clone, Copy)]
struct Student {
    id: u64,
    nationality: usize,
    female: bool,
    birth: NaiveDate,
    family: &'static str,
    given: &'static str,
}

/// The level and field of study of an enrolment lasting `span` calendar years.
fn programme(rng: &mut Rng, span: u64) -> (&'static str, &'static str) {
    let field = FIELDS[rng.below(FIELDS.len() as u64) as usize];
    let r = rng.below(100);
    let level = match span {
        1 | 2 if r < 60 => return ("4", FIELDS[0]),
        1 | 2 => "6",
        3 if r < 55 => "7",
        3 if r < 80 => "8",
        3 => "5",
        4 if r < 45 => "7",
        4 if r < 90 => "8",
        4 => "6",
        _ if r < 85 => "6",
        _ => "8",
    };
    (level, field)
}

fn scholarship_of(rng: &mut Rng, start_year: i32) -> &'static str {
    let r = rng.below(100);
    if start_year < 1990 {
        return if r < 70 {
            "chinese_government"
        } else {
            "self_funded"
        };
    }
    match r {
        0..=7 => "chinese_government",
        8..=9 => "provincial",
        10..=11 => "institutional",
        12 => "other",
        _ => "self_funded",
    }
}

/// Writes the foreign-students CSV (import format) for a plan. Exactly:
/// - the enrolments overlapping each calendar year of `first_year..=last_year` are
///   [`ForeignStudentPlan::yearly_person_times`], so their sum is `enrolments_person_times`;
/// - the distinct nationalities of the enrolments number `countries` (never CN);
/// - every enrolment starts within the period and ends (if it has an end) on or after its
///   start; those still running after `last_year` have a planned end after it, or (one in
///   ten) no end; a person's enrolments do not overlap and share the person's particulars.
///
/// A plan that cannot be met exactly is refused with `InvalidInput` before anything is
/// written: `countries` above [`ForeignStudentPlan::max_countries`], more countries than
/// enrolments (at least 5 person-times per country always suffice), years before 1931.
pub fn write_foreign_students(plan: &ForeignStudentPlan, out: &mut impl Write) -> io::Result<()> {
    if plan.first_year > plan.last_year || plan.first_year < 1931 || plan.last_year > 9990 {
        return Err(invalid_plan(
            "the years must run forward within 1931..=9990",
        ));
    }
    if plan.countries > ForeignStudentPlan::max_countries() {
        return Err(invalid_plan(
            "more countries than the reference list offers",
        ));
    }
    let counts = yearly_counts(plan);
    let cohorts = Cohorts::new(&counts);
    let rows = cohorts.rows();
    let countries = plan.countries as u64;
    if countries > rows || (rows > 0 && countries == 0) {
        return Err(invalid_plan(
            "the enrolments cannot come from exactly that many countries",
        ));
    }

    let mut rng = Rng::new(plan.seed);
    let nationalities = source_countries(plan.countries, &mut rng);
    let by_weight = Cumulative::new(nationalities.iter().map(|n| u64::from(n.1)));
    let provinces = Cumulative::new(PROVINCES.iter().map(|p| u64::from(p.2)));
    let mut seen = vec![false; nationalities.len()];
    // Unseen nationalities are handed out from the end of the list (the tail) backwards.
    let mut unseen_from = nationalities.len();

    let mut out = BufWriter::new(out);
    writeln!(
        out,
        "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,institution,province,isced_level,field,scholarship,enrolment_start,enrolment_end"
    )?;
    let mut record = 0u64;
    let mut next_person = 0u64;
    // Persons whose enrolment ended in a year, who may enrol again the year after.
    let mut may_return: Vec<Vec<Student>> = vec![Vec::new(); counts.len()];
    for t in 0..counts.len() {
        let start_year = plan.first_year + t as i32;
        let mut returning = if t > 0 {
            std::mem::take(&mut may_return[t - 1])
        } else {
            Vec::new()
        };
        let mut left = cohorts.classes(t);
        let mut remaining: u64 = left.iter().sum();
        while remaining > 0 {
            // Draw the classes of the cohort without replacement, so that they mix.
            let mut pick = rng.below(remaining);
            let class = left
                .iter()
                .position(|&n| {
                    if pick < n {
                        true
                    } else {
                        pick -= n;
                        false
                    }
                })
                .unwrap_or(0);
            left[class] -= 1;
            remaining -= 1;

            // `countries` rows spread over the file each bring a nationality not seen yet,
            // while one is left: so every nationality of the list appears.
            let forced = spread(record, countries, rows);
            let student =
                if !forced && !returning.is_empty() && rng.below(100) < SECOND_ENROLMENT_PERCENT {
                    let i = rng.below(returning.len() as u64) as usize;
                    returning.swap_remove(i)
                } else {
                    let mut nationality = by_weight.pick(&mut rng);
                    if forced {
                        while unseen_from > 0 && seen[unseen_from - 1] {
                            unseen_from -= 1;
                        }
                        if unseen_from > 0 {
                            nationality = unseen_from - 1;
                        }
                    }
                    seen[nationality] = true;
                    let group = names::group(nationalities[nationality].0);
                    let female = rng.below(100) < 48;
                    let birth = date(
                        start_year - 17 - rng.below(14) as i32,
                        1 + rng.below(365) as u32,
                    );
                    let (family, given) = group.name(names::NameDraw::take(&mut rng, 2), female);
                    let student = Student {
                        id: next_person,
                        nationality,
                        female,
                        birth,
                        family,
                        given,
                    };
                    next_person += 1;
                    student
                };

            // Calendar years the enrolment runs, and whether it has no end date yet.
            let (span, open) = if class < 5 {
                (class as u64 + 1, false)
            } else {
                let k = class as u64 - 5;
                (k + 2 + rng.below(4 - k), rng.below(100) < OPEN_PERCENT)
            };
            let end_year = start_year + span as i32 - 1;
            let (start, end) = if span == 1 {
                // A spring term, or a language year that ends in December.
                let end_day = if rng.below(100) < 60 {
                    170 + rng.below(31)
                } else {
                    335 + rng.below(26)
                };
                (
                    date(start_year, 40 + rng.below(36) as u32),
                    date(end_year, end_day as u32),
                )
            } else {
                let start_day = if rng.below(100) < 80 {
                    240 + rng.below(26)
                } else {
                    40 + rng.below(36)
                };
                let end_day = if rng.below(100) < 75 {
                    170 + rng.below(31)
                } else {
                    10 + rng.below(16)
                };
                (
                    date(start_year, start_day as u32),
                    date(end_year, end_day as u32),
                )
            };
            let end = (!open).then_some(end);
            let (level, field) = programme(&mut rng, span);
            let scholarship = scholarship_of(&mut rng, start_year);
            let (code, province, weight, _) = PROVINCES[provinces.pick(&mut rng)];
            let institutions = 1 + u64::from(weight) / 10;
            writeln!(
                out,
                "SYNFS{record:08},SYNF{:08},{},{},{},{},{},Synthetic {province} University {},{code},{level},{field},{scholarship},{start},{}",
                student.id,
                student.family,
                student.given,
                if student.female { "F" } else { "M" },
                student.birth,
                nationalities[student.nationality].0,
                1 + rng.below(institutions),
                end.map(|d| d.to_string()).unwrap_or_default(),
            )?;
            record += 1;

            if let Some(end) = end {
                let ended = (end.year() - plan.first_year) as usize;
                if end.year() < plan.last_year
                    && rng.below(100) < MAY_RETURN_PERCENT
                    && may_return[ended].len() < RETURN_CANDIDATES
                {
                    may_return[ended].push(student);
                }
            }
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::imports::{validate_row, Header, ImportKind};
    use std::collections::{HashMap, HashSet};

    fn plan(person_times: u64, countries: usize, first: i32, last: i32) -> ForeignStudentPlan {
        ForeignStudentPlan {
            seed: 11,
            enrolments_person_times: person_times,
            countries,
            first_year: first,
            last_year: last,
        }
    }

    fn write(plan: &ForeignStudentPlan) -> String {
        let mut bytes = Vec::new();
        write_foreign_students(plan, &mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    /// Recomputes the guaranteed figures from the CSV alone and checks every row.
    fn check(plan: &ForeignStudentPlan) -> Vec<Vec<String>> {
        let text = write(plan);
        let mut lines = text.lines();
        let names: Vec<&str> = lines.next().unwrap().split(',').collect();
        let header = Header::resolve(ImportKind::ForeignStudents, &names, false).unwrap();
        let col = |name: &str| names.iter().position(|n| *n == name).unwrap();
        let (person, nationality, start, end) = (
            col("person_ref"),
            col("nationality"),
            col("enrolment_start"),
            col("enrolment_end"),
        );
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut rows: Vec<Vec<String>> = Vec::new();
        for line in lines {
            let fields: Vec<&str> = line.split(',').collect();
            validate_row(&header, &fields, today).unwrap_or_else(|e| panic!("{line}: {e:?}"));
            // A name typical of the nationality, for the sex.
            let (family, given, female) = (
                fields[col("family_name")],
                fields[col("given_name")],
                fields[col("sex")] == "F",
            );
            assert!(
                names::fits(fields[nationality], family, given, female),
                "{line}"
            );
            rows.push(fields.iter().map(|f| (*f).to_owned()).collect());
        }

        let mut per_year = Vec::new();
        for y in plan.first_year..=plan.last_year {
            let (jan1, dec31) = (
                NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
                NaiveDate::from_ymd_opt(y, 12, 31).unwrap(),
            );
            let n = rows
                .iter()
                .filter(|r| day(&r[start]) <= dec31 && (r[end].is_empty() || day(&r[end]) >= jan1))
                .count() as u64;
            per_year.push((y, n));
        }
        assert_eq!(per_year, plan.yearly_person_times());
        let sum: u64 = per_year.iter().map(|p| p.1).sum();
        assert_eq!(sum, plan.enrolments_person_times);

        let first = NaiveDate::from_ymd_opt(plan.first_year, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(plan.last_year, 12, 31).unwrap();
        let overlapping: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| day(&r[start]) <= last && (r[end].is_empty() || day(&r[end]) >= first))
            .collect();
        assert_eq!(overlapping.len(), rows.len());
        let countries: HashSet<&str> = overlapping
            .iter()
            .map(|r| r[nationality].as_str())
            .collect();
        assert_eq!(countries.len(), plan.countries);
        assert!(!countries.contains("CN"));

        let mut by_person: HashMap<&str, Vec<&Vec<String>>> = HashMap::new();
        for r in &rows {
            assert!(day(&r[start]) >= first && day(&r[start]) <= last, "{r:?}");
            assert!(r[end].is_empty() || r[end] >= r[start], "{r:?}");
            assert!(r[0].starts_with("SYNFS") && r[person].starts_with("SYNF"));
            by_person.entry(r[person].as_str()).or_default().push(r);
        }
        let refs: HashSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(refs.len(), rows.len());
        // A person's rows share the particulars and follow one another.
        for enrolments in by_person.values() {
            for pair in enrolments.windows(2) {
                assert_eq!(pair[0][2..7], pair[1][2..7]);
                assert!(!pair[0][end].is_empty() && pair[0][end] < pair[1][start]);
            }
        }
        rows
    }

    #[test]
    fn foreign_students_meet_the_person_times_and_countries_exactly() {
        let plan = plan(20_000, 30, 1978, 2009);
        let rows = check(&plan);
        let years = plan.yearly_person_times();
        assert!(years[0].1 > 0 && years[0].1 < 20, "{years:?}");
        assert!(years.windows(2).all(|w| w[0].1 <= w[1].1), "{years:?}");
        let last = years[years.len() - 1].1;
        assert!((2_500..=3_200).contains(&last), "{last}");
        let open = rows.iter().filter(|r| r[13].is_empty()).count();
        assert!(
            open > 0 && open * 20 < rows.len(),
            "{open} of {}",
            rows.len()
        );
        let persons: HashSet<&str> = rows.iter().map(|r| r[1].as_str()).collect();
        assert!(persons.len() < rows.len() && persons.len() * 20 > rows.len() * 17);
        let korea = rows.iter().filter(|r| r[6] == "KR").count();
        assert!(korea * 5 > rows.len(), "{korea} of {}", rows.len());
    }

    #[test]
    fn foreign_students_reach_every_country_of_a_long_list() {
        check(&plan(5_000, 200, 1978, 2009));
        check(&plan(
            1_000,
            ForeignStudentPlan::max_countries(),
            1990,
            2009,
        ));
        check(&plan(300, 12, 2005, 2009));
        check(&plan(50, 7, 2009, 2009));
        check(&plan(0, 0, 1978, 2009));
        for seed in 1..4 {
            check(&ForeignStudentPlan {
                seed,
                ..plan(2_000 + seed * 777, 60 + seed as usize * 31, 1978, 2009)
            });
        }
    }

    #[test]
    fn foreign_students_same_seed_same_bytes() {
        let a = plan(3_000, 40, 1978, 2009);
        assert_eq!(write(&a), write(&a));
        let b = ForeignStudentPlan { seed: 12, ..a };
        assert_ne!(write(&a), write(&b));
    }

    #[test]
    fn foreign_student_plans_that_cannot_be_met_are_refused() {
        let mut out = Vec::new();
        for bad in [
            plan(1_000, ForeignStudentPlan::max_countries() + 1, 1978, 2009),
            plan(10, 30, 1978, 2009),
            plan(10, 0, 1978, 2009),
            plan(10, 1, 2009, 1978),
        ] {
            let e = write_foreign_students(&bad, &mut out).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        }
        assert!(out.is_empty());
    }

    #[test]
    fn the_demo_curve_runs_from_hundreds_to_238_000() {
        let years = ForeignStudentPlan::demo(1).yearly_person_times();
        assert_eq!(years.len(), 32);
        assert!((300..=600).contains(&years[0].1), "{years:?}");
        assert!((230_000..=245_000).contains(&years[31].1), "{years:?}");
        assert_eq!(years.iter().map(|y| y.1).sum::<u64>(), 1_690_000);
        assert!(ForeignStudentPlan::max_countries() >= 190);
        let usable = usable_countries();
        assert!(MAJOR_NATIONALITIES.iter().all(|(c, _)| usable.contains(c)));
    }
}
