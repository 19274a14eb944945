//! Certificates of coverage under China's bilateral social-security agreements: inbound
//! (partner nationals posted to China, holding their country's certificate, accepted in
//! China) and outbound (Chinese workers posted to the partner country, holding a Chinese
//! certificate), from 2002 up to the plan's last year, each under the agreement in force on
//! its first day, for a category it covers, and never longer than the agreement's posting
//! limit for its direction nor past the agreement's last day.

use super::{chinese, invalid_plan, names, plus_days, Cumulative, Rng, PROVINCES};
use crate::coverage::agreements::{self, Agreement, Direction, PostingLimit};
use crate::coverage::dates::period_end;
use chrono::{Datelike, NaiveDate};
use std::io::{self, BufWriter, Write};

/// Parameters of a coverage-certificates file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoveragePlan {
    pub seed: u64,
    /// Rows (certificates), exactly.
    pub certificates: u64,
    /// First and last calendar year in which postings start.
    pub first_year: i32,
    pub last_year: i32,
}

impl CoveragePlan {
    /// The demo dataset: 30,000 certificates from the first agreement (Germany, in force
    /// 2002-04-04) to the end of 2025.
    pub fn demo(seed: u64) -> CoveragePlan {
        CoveragePlan {
            seed,
            certificates: 30_000,
            first_year: 2002,
            last_year: 2025,
        }
    }
}

/// Relative numbers of postings per year with each partner, (inbound, outbound): Korean,
/// Japanese and German staff of their countries' companies in China far outnumber Chinese
/// workers posted to those countries; Chinese construction projects post more to Serbia
/// and Kyrgyzstan than come from there.
const PARTNERS: [(&str, u32, u32); 13] = [
    ("KR", 100, 30),
    ("JP", 90, 15),
    ("DE", 60, 12),
    ("CA", 10, 5),
    ("NL", 10, 3),
    ("CH", 8, 2),
    ("DK", 6, 2),
    ("ES", 6, 4),
    ("FI", 5, 2),
    ("FR", 10, 4),
    ("LU", 2, 1),
    ("RS", 1, 8),
    ("KG", 1, 3),
];

/// Yearly growth of the postings, in percent.
const GROWTH_PERCENT: f64 = 6.0;

/// Worker categories, weighted: postings by an employer dominate; an agreement's own list
/// decides which of them can occur under it.
const CATEGORIES: [(&str, u32); 12] = [
    ("posted_worker", 850),
    ("subsidiary_staff", 40),
    ("self_employed", 40),
    ("local_short_term", 30),
    ("seafarer", 15),
    ("aircrew", 15),
    ("international_transport", 10),
    ("diplomatic_consular", 15),
    ("civil_servant", 15),
    ("family_member", 15),
    ("no_employer_in_china", 5),
    ("exception_by_agreement", 10),
];

/// Planned posting lengths in months, weighted (cut to the agreement's limit).
const POSTING_MONTHS: [(u32, u32); 8] = [
    (6, 5),
    (12, 25),
    (18, 8),
    (24, 25),
    (36, 18),
    (48, 12),
    (60, 5),
    (72, 2),
];

/// Per mille of certificates revoked before their last day (the posting ended early).
const REVOKED_PER_MILLE: u64 = 25;
/// Percent of persons posted again after a posting ends.
const POSTED_AGAIN_PERCENT: u64 = 12;
/// Employers per partner and direction.
const EMPLOYERS: u64 = 80;

/// The legal-form suffix of a company of the partner country.
fn company_suffix(partner: &str) -> &'static str {
    match partner {
        "DE" => "GmbH",
        "CH" => "AG",
        "JP" => "KK",
        "NL" => "BV",
        "DK" => "AS",
        "FI" => "Oy",
        "ES" => "SA",
        "LU" => "Sarl",
        "FR" => "SAS",
        "CA" => "Inc",
        "RS" => "doo",
        _ => "Co Ltd",
    }
}

const COMPANY_KINDS: [&str; 8] = [
    "Engineering",
    "Automotive",
    "Electronics",
    "Chemicals",
    "Machinery",
    "Trading",
    "Construction",
    "Consulting",
];

/// A span of days in one year under one agreement and direction, with its weight.
#[derive(Debug, Clone, Copy)]
struct Cell {
    agreement: usize,
    direction: Direction,
    from: NaiveDate,
    days: u64,
}

/// The agreements certificates can be written under in a direction: in force at some time
/// and with an established posting limit (for the others every determination goes to
/// manual review, so no certificate is issued).
fn usable(a: &Agreement, direction: Direction) -> bool {
    a.in_force.is_some() && a.limit(direction) != PostingLimit::NotEstablished
}

fn cells(plan: &CoveragePlan, agreements: &[Agreement]) -> (Vec<Cell>, Cumulative) {
    let mut cells = Vec::new();
    let mut weights = Vec::new();
    for year in plan.first_year..=plan.last_year {
        let (Some(jan1), Some(dec31)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            continue;
        };
        let growth = (1.0 + GROWTH_PERCENT / 100.0).powi(year - plan.first_year);
        for (i, a) in agreements.iter().enumerate() {
            let Some(in_force) = a.in_force else { continue };
            let from = in_force.max(jan1);
            let to = a.in_force_until.unwrap_or(dec31).min(dec31);
            if to < from {
                continue;
            }
            let days = (to - from).num_days() as u64 + 1;
            let Some(&(_, inbound, outbound)) = PARTNERS.iter().find(|p| p.0 == a.partner) else {
                continue;
            };
            for (direction, weight) in [
                (Direction::Inbound, inbound),
                (Direction::Outbound, outbound),
            ] {
                if !usable(a, direction) || weight == 0 {
                    continue;
                }
                cells.push(Cell {
                    agreement: i,
                    direction,
                    from,
                    days,
                });
                weights.push((f64::from(weight) * growth * days as f64 * 10.0).round() as u64);
            }
        }
    }
    (cells, Cumulative::new(weights))
}

/// A category the agreement covers in the direction, weighted.
fn category(rng: &mut Rng, a: &Agreement, direction: Direction) -> &'static str {
    let allowed = |c: &str| {
        a.covers(c)
            // Japan: family members are exempt on the Chinese side only.
            && !(a.partner == "JP" && c == "family_member" && direction == Direction::Outbound)
    };
    let weights: Vec<u32> = CATEGORIES
        .iter()
        .map(|(c, w)| if allowed(c) { *w } else { 0 })
        .collect();
    let pick = CATEGORIES[rng.weighted(&weights)].0;
    if allowed(pick) {
        pick
    } else {
        // Every agreement covers at least one category (checked on load).
        a.categories
            .first()
            .map(|c| {
                CATEGORIES
                    .iter()
                    .find(|k| k.0 == c)
                    .map_or("posted_worker", |k| k.0)
            })
            .unwrap_or("posted_worker")
    }
}

/// The name of the employer for a certificate; empty where the worker has none (the
/// self-employed, accompanying family members).
fn employer(rng: &mut Rng, a: &Agreement, direction: Direction, category: &str) -> String {
    let n = 1 + rng.below(EMPLOYERS);
    // Hired locally in the host country (Korea 2012): a Chinese employer for an inbound
    // worker, a partner's for an outbound one.
    let chinese = (direction == Direction::Outbound) != (category == "local_short_term");
    match category {
        "self_employed" | "family_member" => String::new(),
        "diplomatic_consular" | "civil_servant" => {
            if direction == Direction::Inbound {
                format!("Synthetic {} Government Office {n}", short_name(a))
            } else {
                format!("Synthetic Chinese Government Office {n}")
            }
        }
        "seafarer" => format!("Synthetic {} Shipping Co Ltd {n}", place(rng, a, chinese)),
        "aircrew" => format!("Synthetic {} Airlines Co Ltd {n}", place(rng, a, chinese)),
        "international_transport" => {
            format!("Synthetic {} Logistics Co Ltd {n}", place(rng, a, chinese))
        }
        _ => {
            let kind = COMPANY_KINDS[rng.below(COMPANY_KINDS.len() as u64) as usize];
            if chinese {
                format!("Synthetic {} {kind} Co Ltd {n}", place(rng, a, true))
            } else {
                format!(
                    "Synthetic {} {kind} {} {n}",
                    short_name(a),
                    company_suffix(&a.partner)
                )
            }
        }
    }
}

/// A Chinese province name, or the partner's name.
fn place(rng: &mut Rng, a: &Agreement, chinese: bool) -> String {
    if chinese {
        // The coastal provinces where the postings concentrate.
        PROVINCES[rng.below(8) as usize].1.to_owned()
    } else {
        short_name(a).to_owned()
    }
}

/// The partner's name as a company name would carry it.
fn short_name(a: &Agreement) -> &str {
    match a.partner.as_str() {
        "KR" => "Korea",
        _ => a.partner_name.as_str(),
    }
}

/// A planned posting length in months.
fn posting_months(rng: &mut Rng) -> u32 {
    let weights: Vec<u32> = POSTING_MONTHS.iter().map(|m| m.1).collect();
    POSTING_MONTHS[rng.weighted(&weights)].0
}

/// The last day a certificate under `a` starting on `from` may run to: the posting limit
/// for the direction, and the agreement's last day.
fn latest_end(a: &Agreement, direction: Direction, from: NaiveDate) -> NaiveDate {
    let by_limit = match a.limit(direction) {
        PostingLimit::Months(n) => period_end(from, n),
        PostingLimit::Unlimited | PostingLimit::NotEstablished => NaiveDate::MAX,
    };
    a.in_force_until.map_or(by_limit, |u| by_limit.min(u))
}

/// The agreement with `partner` in force on `day` under which a certificate of the category
/// and direction can be written.
fn agreement_on<'a>(
    agreements: &'a [Agreement],
    partner: &str,
    day: NaiveDate,
    direction: Direction,
    category: &str,
) -> Option<&'a Agreement> {
    agreements.iter().find(|a| {
        a.partner == partner && a.in_force_on(day) && usable(a, direction) && a.covers(category)
    })
}

/// Writes the coverage-certificates CSV (import format) for a plan: exactly `certificates`
/// rows. Postings start on a day an agreement with the partner is in force, more of them
/// each year; a certificate runs at most the agreement's posting limit for its direction and
/// never past the agreement's last day. A Korean posting still running when the interim
/// arrangement ended continues under the 2012 agreement on a new certificate from its first
/// day; some persons are posted again later; a few certificates are revoked.
///
/// A plan that cannot be met is refused with `InvalidInput` before anything is written: years
/// outside 1900..=9990, or certificates asked for years in which no agreement is in force.
pub fn write_coverage_certificates(plan: &CoveragePlan, out: &mut impl Write) -> io::Result<()> {
    if !(1900..=9990).contains(&plan.first_year) || !(1900..=9990).contains(&plan.last_year) {
        return Err(invalid_plan("the years must fall within 1900..=9990"));
    }
    let agreements = agreements::builtin().map_err(io::Error::other)?;
    let (cells, weights) = cells(plan, agreements);
    if plan.certificates > 0 && cells.is_empty() {
        return Err(invalid_plan(
            "no agreement is in force in the plan's years: no certificate can be written",
        ));
    }
    let mut rng = Rng::new(plan.seed);
    let last_day = NaiveDate::from_ymd_opt(plan.last_year, 12, 31).unwrap_or(NaiveDate::MAX);

    let mut out = BufWriter::new(out);
    writeln!(
        out,
        "record_ref,person_ref,family_name,given_name,name_native,sex,birth_date,nationality,agreement_code,direction,worker_category,employer_name,certificate_number,valid_from,valid_to,revoked_on"
    )?;
    let mut record = 0u64;
    let mut person = 0u64;
    while record < plan.certificates {
        let Some(cell) = cells.get(weights.pick(&mut rng)).copied() else {
            break;
        };
        let Some(first) = agreements.get(cell.agreement) else {
            break;
        };
        let direction = cell.direction;
        let inbound = direction == Direction::Inbound;
        let partner = first.partner.as_str();
        let start = plus_days(cell.from, rng.below(cell.days));
        let category = category(&mut rng, first, direction);
        // The draws of the name come before the sex, as they always did; the name is made
        // for the sex drawn.
        let (nationality, draw) = if inbound {
            (partner, names::NameDraw::take(&mut rng, 2))
        } else {
            ("CN", names::NameDraw::take(&mut rng, 3))
        };
        let male = if inbound { 78 } else { 88 };
        let sex = if rng.below(100) < male { "M" } else { "F" };
        let (family, given, native) = if inbound {
            let (family, given) = names::group(partner).name(draw, sex == "F");
            (family, given, String::new())
        } else {
            let name = chinese::name(draw, chinese::Region::Mainland, sex == "F");
            (name.family, name.given, name.native)
        };
        let birth = super::date(
            start.year() - 23 - rng.below(37) as i32,
            1 + rng.below(365) as u32,
        );
        let employer = employer(&mut rng, first, direction, category);

        // The person's postings: each under the agreement in force on its first day.
        let mut posting = Some((first, start));
        while let Some((mut a, mut from)) = posting.take() {
            let planned_end = period_end(from, posting_months(&mut rng));
            loop {
                if record >= plan.certificates {
                    break;
                }
                let to = planned_end.min(latest_end(a, direction, from));
                let revoked = (rng.below(1000) < REVOKED_PER_MILLE)
                    .then(|| plus_days(from, rng.below((to - from).num_days() as u64 + 1)));
                // Inbound certificates are the partner's, outbound ones China's.
                let issuer = if inbound {
                    partner.to_owned()
                } else {
                    format!("CN-{partner}")
                };
                writeln!(
                    out,
                    "SYNCC{record:08},SYNCP{person:08},{family},{given},{native},{sex},{birth},{nationality},{},{},{category},{employer},SYNCOC-{issuer}-{}-{record:08},{from},{to},{}",
                    a.code,
                    if inbound { "inbound" } else { "outbound" },
                    from.year(),
                    revoked.map(|d| d.to_string()).unwrap_or_default(),
                )?;
                record += 1;
                if revoked.is_some() || to >= planned_end {
                    break;
                }
                // Cut short by the agreement's end: the posting goes on under its successor
                // (Korea, 2013-01-16), if there is one that covers the category.
                let next = plus_days(to, 1);
                let Some(successor) = a
                    .in_force_until
                    .filter(|u| *u == to)
                    .and_then(|_| agreement_on(agreements, partner, next, direction, category))
                else {
                    break;
                };
                a = successor;
                from = next;
            }
            if record < plan.certificates && rng.below(100) < POSTED_AGAIN_PERCENT {
                // Posted again two months to two years after the last certificate ended.
                let again = plus_days(planned_end, 60 + rng.below(670));
                if again <= last_day {
                    posting = agreement_on(agreements, partner, again, direction, category)
                        .map(|a| (a, again));
                }
            }
        }
        person += 1;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::imports::ImportKind;
    use crate::synthetic::checked_rows;
    use std::collections::{HashMap, HashSet};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn plan() -> CoveragePlan {
        CoveragePlan {
            seed: 11,
            certificates: 4_000,
            ..CoveragePlan::demo(11)
        }
    }

    fn write(plan: &CoveragePlan) -> String {
        let mut bytes = Vec::new();
        write_coverage_certificates(plan, &mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    /// Parses and validates the file as the import does; the rows as maps from column to
    /// value.
    fn rows(plan: &CoveragePlan) -> Vec<HashMap<String, String>> {
        let text = write(plan);
        let names: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        assert_eq!(names, ImportKind::CoverageCertificates.template_columns());
        checked_rows(ImportKind::CoverageCertificates, &text)
    }

    #[test]
    fn synthetic_coverage_same_seed_same_bytes() {
        let small = CoveragePlan {
            certificates: 500,
            ..plan()
        };
        assert_eq!(write(&small), write(&small));
        assert_ne!(write(&small), write(&CoveragePlan { seed: 12, ..small }));
        let empty = CoveragePlan {
            certificates: 0,
            ..small
        };
        assert_eq!(write(&empty).lines().count(), 1);
        let mut out = Vec::new();
        let refused = write_coverage_certificates(
            &CoveragePlan {
                first_year: 1990,
                last_year: 2001,
                ..small
            },
            &mut out,
        );
        assert_eq!(refused.unwrap_err().kind(), io::ErrorKind::InvalidInput);
        assert!(out.is_empty());
    }

    #[test]
    fn synthetic_coverage_rows_pass_the_import_validation_and_are_unique() {
        let plan = plan();
        let rows = rows(&plan);
        assert_eq!(rows.len(), 4_000);
        let column = |c: &str| rows.iter().map(|r| r[c].as_str()).collect::<HashSet<_>>();
        assert_eq!(column("record_ref").len(), rows.len());
        assert_eq!(column("certificate_number").len(), rows.len());
        let persons = column("person_ref");
        assert!(persons.len() < rows.len() && persons.len() * 10 > rows.len() * 8);
        for r in &rows {
            // Disjoint from the other demo files' refs (SYN0…, SYNP, SYNFS/SYNF, SYNWP/SYNW).
            assert!(r["record_ref"].starts_with("SYNCC"), "{r:?}");
            assert!(r["person_ref"].starts_with("SYNCP"), "{r:?}");
            assert!(r["certificate_number"].starts_with("SYNCOC-"), "{r:?}");
            let e = &r["employer_name"];
            assert!(e.is_empty() || e.starts_with("Synthetic "), "{r:?}");
        }
        // Both directions, the first agreements and the later ones, a few revoked.
        let count =
            |f: &dyn Fn(&HashMap<String, String>) -> bool| rows.iter().filter(|r| f(r)).count();
        let inbound = count(&|r| r["direction"] == "inbound");
        assert!(
            inbound > rows.len() / 2 && inbound < rows.len() * 9 / 10,
            "{inbound}"
        );
        for code in [
            "CN-DE-2001",
            "CN-KR-2003",
            "CN-KR-2012",
            "CN-JP-2018",
            "CN-RS-2018",
        ] {
            assert!(count(&|r| r["agreement_code"] == code) > 0, "{code}");
        }
        // Not in force or without an established limit: no certificate.
        assert_eq!(count(&|r| r["agreement_code"] == "CN-FR-2016"), 0);
        assert_eq!(count(&|r| r["agreement_code"] == "CN-KG-2025"), 0);
        let revoked = count(&|r| !r["revoked_on"].is_empty());
        assert!(revoked > 40 && revoked < 200, "{revoked}");
        assert!(count(&|r| r["worker_category"] != "posted_worker") > 100);
        // Growing: more postings start in the last five years than in the first five.
        let starting =
            |from: i32, to: i32| count(&|r| (from..=to).contains(&day(&r["valid_from"]).year()));
        assert!(starting(2021, 2025) > 3 * starting(2002, 2006));
        assert!(starting(2009, 2009) > 50);
        // Korean postings running past the interim arrangement continue under the 2012
        // agreement from 2013-01-16.
        let mut by_person: HashMap<&str, Vec<&HashMap<String, String>>> = HashMap::new();
        for r in &rows {
            by_person
                .entry(r["person_ref"].as_str())
                .or_default()
                .push(r);
        }
        let continued = by_person
            .values()
            .filter(|rs| {
                rs.iter().any(|r| r["valid_to"] == "2013-01-15")
                    && rs.iter().any(|r| r["valid_from"] == "2013-01-16")
            })
            .count();
        assert!(continued > 0);
        for rs in by_person.values() {
            let first = rs[0];
            for r in rs {
                for c in [
                    "family_name",
                    "given_name",
                    "nationality",
                    "birth_date",
                    "direction",
                ] {
                    assert_eq!(r[c], first[c], "{rs:?}");
                }
            }
        }
    }

    #[test]
    fn synthetic_coverage_validity_within_the_limits() {
        let agreements = agreements::builtin().unwrap();
        let plan = plan();
        for r in rows(&plan) {
            let a = agreements
                .iter()
                .find(|a| a.code == r["agreement_code"])
                .unwrap();
            let direction = Direction::parse(&r["direction"]).unwrap();
            let (from, to) = (day(&r["valid_from"]), day(&r["valid_to"]));
            assert!(from <= to, "{r:?}");
            assert!(a.in_force_on(from), "{r:?}");
            assert!(from.year() >= plan.first_year && from.year() <= plan.last_year);
            match a.limit(direction) {
                PostingLimit::Months(n) => assert!(to <= period_end(from, n), "{r:?}"),
                PostingLimit::Unlimited => {}
                PostingLimit::NotEstablished => panic!("no limit established: {r:?}"),
            }
            if let Some(until) = a.in_force_until {
                assert!(to <= until, "{r:?}");
            }
            assert!(a.covers(&r["worker_category"]), "{r:?}");
            let expected = if direction == Direction::Inbound {
                a.partner.as_str()
            } else {
                "CN"
            };
            assert_eq!(r["nationality"], expected, "{r:?}");
            // Chinese workers posted abroad have a name in characters with its pinyin; the
            // partner's workers a name of their nationality, for their sex.
            let (family, given, native) = (&r["family_name"], &r["given_name"], &r["name_native"]);
            if expected == "CN" {
                let latin = format!("{family} {given}");
                assert!(super::super::chinese::corresponds(native, &latin), "{r:?}");
            } else {
                assert!(native.is_empty(), "{r:?}");
                let female = r["sex"] == "F";
                assert!(
                    super::super::names::fits(expected, family, given, female),
                    "{r:?}"
                );
            }
            if !r["revoked_on"].is_empty() {
                let revoked = day(&r["revoked_on"]);
                assert!(from <= revoked && revoked <= to, "{r:?}");
            }
        }
    }
}
