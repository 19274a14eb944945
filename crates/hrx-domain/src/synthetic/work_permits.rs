//! Historical work permits: the alien employment permits and foreign expert certificates of
//! the years before 1 April 2017 (work permits after it), with exactly the planned number of
//! persons holding a valid document on the stock date.

use super::{
    date, invalid_plan, minus_days, minus_years, names, plus_days, plus_years, spread, Cumulative,
    Rng, PROVINCES,
};
use crate::imports::work_permit_system_start;
use chrono::{Datelike, NaiveDate};
use std::io::{self, BufWriter, Write};

/// Parameters of a work-permits file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkPermitPlan {
    pub seed: u64,
    /// The stock date of `work_permits_valid`.
    pub valid_at: NaiveDate,
    /// Distinct persons holding a document valid on `valid_at`.
    pub valid_persons: u64,
    /// Further distinct persons with documents none of which is valid on `valid_at`: expired
    /// before it, cancelled on or before it, or starting after it.
    pub lapsed_persons: u64,
    /// The most distinct employers the file names.
    pub employers: u32,
}

impl WorkPermitPlan {
    /// The demo dataset: the 2010 white paper's 223,000 foreigners working in China with
    /// employment permits at the end of 2009.
    pub fn demo(seed: u64) -> WorkPermitPlan {
        WorkPermitPlan {
            seed,
            valid_at: NaiveDate::from_ymd_opt(2009, 12, 31).unwrap_or_default(),
            valid_persons: 223_000,
            lapsed_persons: 90_000,
            employers: 4_000,
        }
    }
}

/// Nationalities of foreign workers, weighted roughly as the late-2000s permit holders were
/// (Japan, the United States and Korea first, then Europe, Singapore, Canada, Australia ...).
const NATIONALITIES: [(&str, u32); 41] = [
    ("JP", 200),
    ("US", 140),
    ("KR", 110),
    ("DE", 60),
    ("GB", 50),
    ("FR", 45),
    ("SG", 40),
    ("CA", 35),
    ("AU", 35),
    ("MY", 25),
    ("IN", 25),
    ("IT", 20),
    ("RU", 15),
    ("NL", 15),
    ("PH", 15),
    ("ES", 12),
    ("SE", 10),
    ("CH", 10),
    ("NZ", 10),
    ("BE", 8),
    ("DK", 8),
    ("TH", 8),
    ("ID", 8),
    ("BR", 6),
    ("IL", 6),
    ("AT", 6),
    ("FI", 5),
    ("IE", 5),
    ("MX", 5),
    ("ZA", 5),
    ("TR", 4),
    ("PK", 4),
    ("NO", 4),
    ("PT", 3),
    ("PL", 3),
    ("UA", 3),
    ("VN", 3),
    ("EG", 2),
    ("NG", 2),
    ("AR", 2),
    ("CO", 2),
];

/// ISCO-08 unit groups of foreign expert certificate holders: teachers, researchers,
/// doctors, engineers and artists.
const EXPERT_OCCUPATIONS: [(&str, u32); 12] = [
    ("2310", 30), // university and higher education teachers
    ("2353", 25), // other language teachers
    ("2330", 10), // secondary education teachers
    ("2341", 4),  // primary school teachers
    ("2320", 3),  // vocational education teachers
    ("2131", 4),  // biologists
    ("2113", 4),  // chemists
    ("2144", 6),  // mechanical engineers
    ("2151", 5),  // electrical engineers
    ("2211", 3),  // generalist medical practitioners
    ("2643", 3),  // translators and interpreters
    ("2652", 3),  // musicians, singers and composers
];

/// ISCO-08 unit groups of alien employment permit holders: managers, professionals,
/// technicians and a few service workers.
const EMPLOYMENT_OCCUPATIONS: [(&str, u32); 24] = [
    ("1120", 25), // managing directors and chief executives
    ("1211", 8),  // finance managers
    ("1212", 3),  // human resource managers
    ("1219", 6),  // business services and administration managers
    ("1221", 12), // sales and marketing managers
    ("1223", 4),  // research and development managers
    ("1321", 10), // manufacturing managers
    ("1330", 4),  // ICT service managers
    ("1411", 3),  // hotel managers
    ("1412", 2),  // restaurant managers
    ("2141", 6),  // industrial and production engineers
    ("2144", 6),  // mechanical engineers
    ("2152", 5),  // electronics engineers
    ("2161", 2),  // building architects
    ("2411", 4),  // accountants
    ("2421", 5),  // management and organisation analysts
    ("2431", 4),  // advertising and marketing professionals
    ("2433", 4),  // technical and medical sales professionals
    ("2511", 3),  // systems analysts
    ("2512", 4),  // software developers
    ("2611", 2),  // lawyers
    ("3115", 3),  // mechanical engineering technicians
    ("3322", 3),  // commercial sales representatives
    ("3434", 2),  // chefs
];

const COMPANY_KINDS: [&str; 12] = [
    "Technology Co Ltd",
    "Trading Co Ltd",
    "Manufacturing Co Ltd",
    "Automotive Parts Co Ltd",
    "Consulting Co Ltd",
    "Electronics Co Ltd",
    "Logistics Co Ltd",
    "Hotel Management Co Ltd",
    "Pharmaceutical Co Ltd",
    "Chemical Co Ltd",
    "Investment Co Ltd",
    "Engineering Co Ltd",
];

const ACADEMIC_KINDS: [&str; 5] = [
    "University",
    "International School",
    "Foreign Language School",
    "Research Institute",
    "Hospital",
];

/// Percent of employers with a unified social credit code in the file.
const USCC_PERCENT: u64 = 75;
/// Percent of persons holding a foreign expert certificate rather than an employment permit.
const EXPERT_PERCENT: u64 = 28;

const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// GB 32100-2015: the weight of each of the first 17 characters is 3^i mod 31.
const USCC_WEIGHTS: [u64; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// GB 11714-1997: the weights of the 8 characters of an organisation code.
const ORGANISATION_CODE_WEIGHTS: [u64; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// The check character of a unified social credit code from its first 17 characters.
fn uscc_check(first17: &str) -> char {
    let sum: u64 = first17
        .bytes()
        .zip(USCC_WEIGHTS)
        .map(|(c, w)| USCC_ALPHABET.iter().position(|a| *a == c).unwrap_or(0) as u64 * w)
        .sum();
    char::from(USCC_ALPHABET[((31 - sum % 31) % 31) as usize])
}

/// A unified social credit code of an enterprise (`91`) registered in a province, around an
/// 8-digit organisation code with its GB 11714 check character.
fn uscc(province: &str, organisation: u64) -> String {
    let body = format!("{:08}", organisation % 100_000_000);
    let sum: u64 = body
        .bytes()
        .zip(ORGANISATION_CODE_WEIGHTS)
        .map(|(c, w)| u64::from(c - b'0') * w)
        .sum();
    let check = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        c => char::from(b'0' + c as u8),
    };
    let first17 = format!("91{province}{body}{check}");
    format!("{first17}{}", uscc_check(&first17))
}

/// An employer of foreign workers: a company, or a university, school, institute or
/// hospital (where the foreign experts work).
#[derive(Debug, Clone)]
struct Employer {
    name: String,
    uscc: Option<String>,
    province: &'static str,
}

struct Employers {
    list: Vec<Employer>,
    academic: Vec<usize>,
    academic_weights: Cumulative,
    companies: Vec<usize>,
    company_weights: Cumulative,
}

impl Employers {
    fn new(count: u32, rng: &mut Rng) -> Employers {
        let provinces = Cumulative::new(PROVINCES.iter().map(|p| u64::from(p.3)));
        let organisation_base = rng.below(50_000_000);
        let mut list = Vec::with_capacity(count as usize);
        let (mut academic, mut companies) = (Vec::new(), Vec::new());
        for i in 0..u64::from(count) {
            let (code, province, _, _) = PROVINCES[provinces.pick(rng)];
            let kind = if i % 5 == 4 {
                academic.push(i as usize);
                ACADEMIC_KINDS[rng.below(ACADEMIC_KINDS.len() as u64) as usize]
            } else {
                companies.push(i as usize);
                COMPANY_KINDS[rng.below(COMPANY_KINDS.len() as u64) as usize]
            };
            list.push(Employer {
                name: format!("Synthetic {province} {kind} {}", i + 1),
                uscc: (rng.below(100) < USCC_PERCENT).then(|| uscc(code, organisation_base + i)),
                province: code,
            });
        }
        // A few large employers and many small ones.
        let size = |i: &usize| 1_000_000 / (*i as u64 + 8);
        Employers {
            academic_weights: Cumulative::new(academic.iter().map(size)),
            company_weights: Cumulative::new(companies.iter().map(size)),
            list,
            academic,
            companies,
        }
    }

    /// An employer index: an academic one for an expert, a company otherwise (either kind
    /// when the other is missing).
    fn pick(&self, rng: &mut Rng, expert: bool) -> usize {
        let (ids, weights) = match (expert, self.academic.is_empty(), self.companies.is_empty()) {
            (true, false, _) | (false, _, true) => (&self.academic, &self.academic_weights),
            _ => (&self.companies, &self.company_weights),
        };
        ids.get(weights.pick(rng)).copied().unwrap_or(0)
    }
}

/// One document of a person.
#[derive(Debug, Clone, Copy)]
struct Document {
    employer: usize,
    valid_from: NaiveDate,
    valid_to: NaiveDate,
    cancelled_on: Option<NaiveDate>,
}

/// Validity in whole years: mostly one year, some two or three.
fn validity_years(rng: &mut Rng) -> u32 {
    match rng.below(100) {
        0..=69 => 1,
        70..=94 => 2,
        _ => 3,
    }
}

/// A document valid for `years` from `from` (its last day the day before the anniversary).
fn running(employer: usize, from: NaiveDate, years: u32) -> Document {
    Document {
        employer,
        valid_from: from,
        valid_to: minus_days(plus_years(from, years), 1),
        cancelled_on: None,
    }
}

/// A document of `years` ending on `to`.
fn ending(employer: usize, to: NaiveDate, years: u32) -> Document {
    Document {
        employer,
        valid_from: minus_years(plus_days(to, 1), years),
        valid_to: to,
        cancelled_on: None,
    }
}

/// The documents of one person, oldest first. `valid` persons hold one valid on `e`;
/// the others hold none.
fn documents(
    rng: &mut Rng,
    person: u64,
    valid: bool,
    e: NaiveDate,
    employer: usize,
    mut other_employer: impl FnMut(&mut Rng) -> usize,
) -> Vec<Document> {
    let mut docs = Vec::with_capacity(4);
    let years = validity_years(rng);
    if valid {
        // The current document: a few start or end exactly on the stock date.
        let mut current = match person % 499 {
            0 => ending(employer, e, years),
            1 => running(employer, e, years),
            _ => running(
                employer,
                minus_days(e, rng.below(365 * u64::from(years))),
                years,
            ),
        };
        current.valid_from = current.valid_from.min(e);
        current.valid_to = current.valid_to.max(e);
        if current.valid_to > e && rng.below(100) < 3 {
            // Cancelled after the stock date: still valid on it.
            let room = (current.valid_to - e).num_days().clamp(1, 120) as u64;
            current.cancelled_on = Some(plus_days(e, 1 + rng.below(room)));
        }
        if rng.below(100) < 35 {
            let before_years = validity_years(rng);
            let previous = match rng.below(100) {
                // Renewed the day the old one expired.
                0..=79 => ending(employer, minus_days(current.valid_from, 1), before_years),
                // A new document issued before the old one ran out: both run for a while.
                80..=89 => ending(
                    employer,
                    plus_days(current.valid_from, 1 + rng.below(60)),
                    before_years,
                ),
                // A change of employer: the old document was cancelled when the person left.
                _ => {
                    let mut old = ending(
                        employer,
                        plus_days(current.valid_from, 30 + rng.below(270)),
                        before_years.max(2),
                    );
                    old.cancelled_on = Some(minus_days(current.valid_from, 1 + rng.below(20)));
                    current.employer = other_employer(rng);
                    old
                }
            };
            push_earlier(&mut docs, rng, 30, employer, &previous);
            docs.push(previous);
        }
        docs.push(current);
        return docs;
    }
    match rng.below(100) {
        // Expired before the stock date (one of them the day before).
        0..=71 => {
            let to = if person.is_multiple_of(397) {
                minus_days(e, 1)
            } else {
                minus_days(e, 1 + rng.below(3 * 365))
            };
            let last = ending(employer, to, years);
            push_earlier(&mut docs, rng, 30, employer, &last);
            docs.push(last);
        }
        // Cancelled on or before the stock date (one of them on the day).
        72..=91 => {
            let mut doc = running(
                employer,
                minus_days(e, rng.below(365 * u64::from(years))),
                years,
            );
            let room = (e - doc.valid_from).num_days().clamp(0, 180) as u64;
            doc.cancelled_on = Some(if person % 397 == 1 {
                e
            } else {
                minus_days(e, rng.below(room + 1))
            });
            push_earlier(&mut docs, rng, 20, employer, &doc);
            docs.push(doc);
        }
        // Starting after the stock date, some after a gap over it.
        _ => {
            let from = plus_days(e, 1 + rng.below(180));
            if rng.below(100) < 30 {
                docs.push(ending(
                    employer,
                    minus_days(e, 1 + rng.below(90)),
                    validity_years(rng),
                ));
            }
            docs.push(running(employer, from, years));
        }
    }
    docs
}

/// In `percent` of the cases, the person held an earlier document with the employer that
/// expired the day before `next` began.
fn push_earlier(
    docs: &mut Vec<Document>,
    rng: &mut Rng,
    percent: u64,
    employer: usize,
    next: &Document,
) {
    if rng.below(100) < percent {
        docs.push(ending(
            employer,
            minus_days(next.valid_from, 1),
            validity_years(rng),
        ));
    }
}

/// Writes the work-permits CSV (import format) for a plan. Exactly `valid_persons` distinct
/// persons hold a document valid on `valid_at` (valid_from <= E <= valid_to, not cancelled on
/// or before E) and `lapsed_persons` others hold documents none of which is; the file names
/// at most `employers` distinct employers. Documents starting before 1 April 2017 are alien
/// employment permits or foreign expert certificates without a category; later ones are work
/// permits of category A, B or C.
///
/// A plan that cannot be met is refused with `InvalidInput` before anything is written: a
/// stock date outside 1970..=9990, or persons without any employer.
pub fn write_work_permits(plan: &WorkPermitPlan, out: &mut impl Write) -> io::Result<()> {
    let e = plan.valid_at;
    if !(1970..=9990).contains(&e.year()) {
        return Err(invalid_plan("the stock date must fall within 1970..=9990"));
    }
    let persons = plan.valid_persons.saturating_add(plan.lapsed_persons);
    if persons > 0 && plan.employers == 0 {
        return Err(invalid_plan("persons need at least one employer"));
    }
    let mut rng = Rng::new(plan.seed);
    let employers = Employers::new(plan.employers, &mut rng);
    let nationalities = Cumulative::new(NATIONALITIES.iter().map(|n| u64::from(n.1)));
    let experts = Cumulative::new(EXPERT_OCCUPATIONS.iter().map(|o| u64::from(o.1)));
    let employment = Cumulative::new(EMPLOYMENT_OCCUPATIONS.iter().map(|o| u64::from(o.1)));
    let new_system = work_permit_system_start();

    let mut out = BufWriter::new(out);
    writeln!(
        out,
        "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,passport_number,employer_uscc,employer_name,province,isco_code,document_type,category,permit_number,valid_from,valid_to,cancelled_on"
    )?;
    let mut record = 0u64;
    for p in 0..persons {
        // The valid persons are spread evenly among the others.
        let valid = spread(p, plan.valid_persons, persons);
        let nationality = NATIONALITIES[nationalities.pick(&mut rng)].0;
        // The draws of the name come before the sex, as they always did.
        let draw = names::NameDraw::take(&mut rng, 2);
        let sex = if rng.below(100) < 70 { "M" } else { "F" };
        let (family, given) = names::group(nationality).name(draw, sex == "F");
        let birth = date(
            e.year() - 24 - rng.below(38) as i32,
            1 + rng.below(365) as u32,
        );
        let passport = if rng.below(100) < 96 {
            format!("SYNPA{p:08}")
        } else {
            String::new()
        };
        let expert = rng.below(100) < EXPERT_PERCENT;
        let (old_type, prefix, isco) = if expert {
            (
                "foreign_expert_certificate",
                "SYNFEC",
                EXPERT_OCCUPATIONS[experts.pick(&mut rng)].0,
            )
        } else {
            (
                "alien_employment_permit",
                "SYNAEP",
                EMPLOYMENT_OCCUPATIONS[employment.pick(&mut rng)].0,
            )
        };
        let employer = employers.pick(&mut rng, expert);
        let docs = documents(&mut rng, p, valid, e, employer, |rng| {
            employers.pick(rng, expert)
        });
        for doc in docs {
            let (document_type, category, prefix) = if doc.valid_from >= new_system {
                let category = match rng.below(100) {
                    0..=14 => "A",
                    15..=74 => "B",
                    _ => "C",
                };
                ("work_permit", category, "SYNWPN")
            } else {
                (old_type, "", prefix)
            };
            let employer = &employers.list[doc.employer];
            writeln!(
                out,
                "SYNWP{record:08},SYNW{p:08},{family},{given},{sex},{birth},{nationality},{passport},{},{},{},{isco},{document_type},{category},{prefix}{record:09},{},{},{}",
                employer.uscc.as_deref().unwrap_or_default(),
                employer.name,
                employer.province,
                doc.valid_from,
                doc.valid_to,
                doc.cancelled_on.map(|d| d.to_string()).unwrap_or_default(),
            )?;
            record += 1;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::imports::ImportKind;
    use crate::registry::UnifiedSocialCreditCode;
    use crate::synthetic::checked_rows;
    use std::collections::{HashMap, HashSet};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn plan() -> WorkPermitPlan {
        WorkPermitPlan {
            seed: 5,
            valid_at: day("2009-12-31"),
            valid_persons: 2_000,
            lapsed_persons: 800,
            employers: 300,
        }
    }

    fn write(plan: &WorkPermitPlan) -> String {
        let mut bytes = Vec::new();
        write_work_permits(plan, &mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    /// Parses and validates the file; the rows as maps from column to value.
    fn rows(plan: &WorkPermitPlan) -> Vec<HashMap<String, String>> {
        checked_rows(ImportKind::WorkPermits, &write(plan))
    }

    fn valid_on(r: &HashMap<String, String>, e: NaiveDate) -> bool {
        day(&r["valid_from"]) <= e
            && e <= day(&r["valid_to"])
            && (r["cancelled_on"].is_empty() || day(&r["cancelled_on"]) > e)
    }

    fn valid_persons(rows: &[HashMap<String, String>], e: NaiveDate) -> usize {
        rows.iter()
            .filter(|r| valid_on(r, e))
            .map(|r| r["person_ref"].as_str())
            .collect::<HashSet<_>>()
            .len()
    }

    #[test]
    fn work_permits_meet_the_valid_persons_exactly() {
        let plan = plan();
        let rows = rows(&plan);
        let e = plan.valid_at;
        assert_eq!(valid_persons(&rows, e), 2_000);
        let persons: HashSet<&str> = rows.iter().map(|r| r["person_ref"].as_str()).collect();
        assert_eq!(persons.len(), 2_800);
        let records: HashSet<&str> = rows.iter().map(|r| r["record_ref"].as_str()).collect();
        assert_eq!(records.len(), rows.len());
        let employers: HashSet<&str> = rows.iter().map(|r| r["employer_name"].as_str()).collect();
        assert!(employers.len() <= 300 && employers.len() > 100);

        // The extras the stock has to see through.
        let expired = rows.iter().filter(|r| day(&r["valid_to"]) < e).count();
        let cancelled = rows
            .iter()
            .filter(|r| !r["cancelled_on"].is_empty() && day(&r["cancelled_on"]) <= e)
            .count();
        let later = rows.iter().filter(|r| day(&r["valid_from"]) > e).count();
        assert!(
            expired > 500 && cancelled > 100 && later > 20,
            "{expired} {cancelled} {later}"
        );
        let edges = rows
            .iter()
            .filter(|r| {
                r["valid_to"] == "2009-12-31"
                    || r["valid_from"] == "2009-12-31"
                    || r["cancelled_on"] == "2009-12-31"
                    || r["valid_to"] == "2009-12-30"
            })
            .count();
        assert!(edges >= 8, "{edges}");
        let mut valid_documents: HashMap<&str, usize> = HashMap::new();
        for r in rows.iter().filter(|r| valid_on(r, e)) {
            *valid_documents.entry(r["person_ref"].as_str()).or_default() += 1;
        }
        assert!(valid_documents.values().any(|n| *n > 1));
        assert!(rows.len() > persons.len() + 600);

        for r in &rows {
            assert!(r["record_ref"].starts_with("SYNWP") && r["person_ref"].starts_with("SYNW"));
            assert!(r["employer_name"].starts_with("Synthetic "));
            assert!(r["permit_number"].starts_with("SYN"));
            assert!(r["category"].is_empty());
            assert_ne!(r["document_type"], "work_permit");
            // A name typical of the nationality, for the sex.
            let (family, given, female) = (&r["family_name"], &r["given_name"], r["sex"] == "F");
            assert!(
                names::fits(&r["nationality"], family, given, female),
                "{r:?}"
            );
        }
        let with_code = rows
            .iter()
            .filter(|r| !r["employer_uscc"].is_empty())
            .count();
        assert!(with_code > rows.len() / 2 && with_code < rows.len());
        let japan = rows.iter().filter(|r| r["nationality"] == "JP").count();
        let shanghai = rows.iter().filter(|r| r["province"] == "310000").count();
        assert!(japan * 8 > rows.len() && shanghai * 8 > rows.len());
    }

    #[test]
    fn work_permits_meet_the_valid_persons_on_any_day_with_any_seed() {
        for (seed, e) in [
            (1, "2012-02-29"),
            (2, "2011-02-28"),
            (3, "2016-03-01"),
            (4, "1985-06-30"),
            (5, "2017-03-31"),
        ] {
            let plan = WorkPermitPlan {
                seed,
                valid_at: day(e),
                valid_persons: 400,
                lapsed_persons: 150,
                employers: 7,
            };
            let rows = rows(&plan);
            assert_eq!(valid_persons(&rows, plan.valid_at), 400, "{e}");
            let persons: HashSet<&str> = rows.iter().map(|r| r["person_ref"].as_str()).collect();
            assert_eq!(persons.len(), 550, "{e}");
        }
    }

    #[test]
    fn work_permits_after_2017_are_work_permits_with_a_category() {
        let plan = WorkPermitPlan {
            valid_at: day("2017-05-31"),
            valid_persons: 500,
            lapsed_persons: 200,
            ..plan()
        };
        let rows = rows(&plan);
        assert_eq!(valid_persons(&rows, plan.valid_at), 500);
        assert!(rows.iter().any(|r| r["document_type"] == "work_permit"));
        assert!(rows.iter().any(|r| r["document_type"] != "work_permit"));
    }

    #[test]
    fn work_permits_same_seed_same_bytes() {
        let small = WorkPermitPlan {
            valid_persons: 300,
            lapsed_persons: 100,
            ..plan()
        };
        assert_eq!(write(&small), write(&small));
        assert_ne!(write(&small), write(&WorkPermitPlan { seed: 6, ..small }));
        let empty = WorkPermitPlan {
            valid_persons: 0,
            lapsed_persons: 0,
            employers: 0,
            ..small
        };
        assert_eq!(write(&empty).lines().count(), 1);
        let mut out = Vec::new();
        let refused = write_work_permits(
            &WorkPermitPlan {
                employers: 0,
                ..small
            },
            &mut out,
        );
        assert_eq!(refused.unwrap_err().kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn generated_credit_codes_carry_valid_check_characters() {
        assert_eq!(uscc_check("91350100M000100Y4"), '3');
        assert_eq!(uscc_check("91110000100023369"), '2');
        for i in 0..2_000 {
            let code = uscc("310000", 12_345_678 + i * 7);
            assert_eq!(code.len(), 18);
            assert!(UnifiedSocialCreditCode::parse(&code).is_ok(), "{code}");
        }
    }
}
