//! The demo's nationals in international organisations: clearly synthetic persons with
//! serving records such that exactly `counted` Chinese nationals serve on 31 December 2009
//! under the figure's default scope (spec international-organisations.md §6.4), beside records
//! that the scope or the date leaves out (consultants and interns, records ended on
//! 30 December or earlier, appointments from 2010), and a tenth of the counted persons with a
//! second, overlapping record that must not count twice.

use super::names::NameDraw;
use super::{chinese, Rng};
use chrono::NaiveDate;

/// One serving record of a synthetic person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServingRow {
    pub organisation: &'static str,
    pub grade: &'static str,
    pub duty_station: &'static str,
    pub appointment_type: &'static str,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// A synthetic national with their records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServingPerson {
    /// Family and given name romanised: pinyin, or Cantonese for Hong Kong and Macao.
    pub family: &'static str,
    pub given: &'static str,
    /// The name in characters (王秀英; traditional characters for Hong Kong and Macao).
    pub native: String,
    pub sex: &'static str,
    pub birth_date: NaiveDate,
    /// `CN`, or `HK` / `MO` for a SAR passport.
    pub nationality: &'static str,
    pub passport: String,
    pub records: Vec<ServingRow>,
}

/// Organisations weighted roughly by where Chinese staff were (the spec gives no breakdown:
/// an HRX choice), with their duty stations.
const ORGANISATIONS: [(&str, &str, u32); 24] = [
    ("UN", "New York", 12),
    ("UNOG", "Geneva", 3),
    ("UNOV", "Vienna", 2),
    ("ESCAP", "Bangkok", 4),
    ("UNDP", "New York", 8),
    ("UNICEF", "New York", 5),
    ("UNEP", "Nairobi", 2),
    ("WFP", "Rome", 2),
    ("UNHCR", "Geneva", 2),
    ("FAO", "Rome", 6),
    ("WHO", "Geneva", 6),
    ("UNESCO", "Paris", 5),
    ("ILO", "Geneva", 4),
    ("UNIDO", "Vienna", 3),
    ("ITU", "Geneva", 2),
    ("WIPO", "Geneva", 3),
    ("ICAO", "Montreal", 2),
    ("IMO", "London", 1),
    ("WBG", "Washington", 10),
    ("IMF", "Washington", 5),
    ("IAEA", "Vienna", 3),
    ("WTO", "Geneva", 3),
    ("ADB", "Manila", 8),
    ("UPU", "Bern", 1),
];

const GRADES: [(&str, u32); 10] = [
    ("P-2", 20),
    ("P-3", 25),
    ("P-4", 18),
    ("P-5", 10),
    ("D-1", 3),
    ("D-2", 1),
    ("G-4", 10),
    ("G-5", 8),
    ("NO-B", 3),
    ("FS-4", 2),
];

const IN_SCOPE: [(&str, u32); 6] = [
    ("fixed_term", 60),
    ("continuing", 10),
    ("permanent", 10),
    ("temporary", 10),
    ("jpo", 2),
    ("secondment", 8),
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn pick<T: Copy>(rng: &mut Rng, table: &[(T, u32)]) -> T {
    let weights: Vec<u32> = table.iter().map(|(_, w)| *w).collect();
    table[rng.weighted(&weights)].0
}

fn row(
    rng: &mut Rng,
    appointment_type: &'static str,
    start: NaiveDate,
    end: Option<NaiveDate>,
) -> ServingRow {
    let weights: Vec<u32> = ORGANISATIONS.iter().map(|o| o.2).collect();
    let (organisation, duty_station, _) = ORGANISATIONS[rng.weighted(&weights)];
    ServingRow {
        organisation,
        grade: pick(rng, &GRADES),
        duty_station,
        appointment_type,
        start,
        end,
    }
}

/// A start between 1990 and 2009-12-31.
fn start(rng: &mut Rng) -> NaiveDate {
    day(1990, 1, 1) + chrono::Days::new(rng.below(7305))
}

/// The demo's persons: exactly `counted` of them counted on 31 December 2009.
pub fn serving(seed: u64, counted: u64) -> Vec<ServingPerson> {
    let mut rng = Rng::new(seed ^ 0x10_0200_2009);
    let extra = (counted / 10).max(3);
    let mut out = Vec::new();
    for i in 0..counted + extra {
        // The draws of the name come first, as they always did; the name is made once the
        // nationality and the sex are drawn.
        let draw = NameDraw::take(&mut rng, 2);
        let nationality = match rng.below(100) {
            0 | 1 => "HK",
            2 => "MO",
            _ => "CN",
        };
        let mut records = Vec::new();
        if i < counted {
            let kind = pick(&mut rng, &IN_SCOPE);
            let first = start(&mut rng);
            // Most serve on; some end on 31 December 2009 itself (still counted).
            let end = (rng.below(20) == 0).then(|| day(2009, 12, 31));
            records.push(row(&mut rng, kind, first, end));
            if rng.below(10) == 0 {
                let second = day(2009, 6, 1) + chrono::Days::new(rng.below(200));
                records.push(row(&mut rng, "secondment", second, None));
            }
        } else {
            match i % 4 {
                0 => {
                    let from = start(&mut rng);
                    records.push(row(&mut rng, "consultant", from, None))
                }
                1 => records.push(row(
                    &mut rng,
                    "intern",
                    day(2009, 9, 1),
                    Some(day(2010, 2, 28)),
                )),
                2 => records.push(row(
                    &mut rng,
                    "fixed_term",
                    day(2005, 3, 1),
                    Some(day(2009, 12, 30)),
                )),
                _ => records.push(row(&mut rng, "fixed_term", day(2010, 1, 1), None)),
            }
        }
        let sex = if rng.below(2) == 0 { "female" } else { "male" };
        let name = chinese::name(draw, chinese::Region::of(nationality), sex == "female");
        out.push(ServingPerson {
            family: name.family,
            given: name.given,
            native: name.native,
            sex,
            birth_date: day(1950, 1, 1) + chrono::Days::new(rng.below(12_000)),
            nationality,
            passport: format!("SYNIO{:07}", i + 1),
            records,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn exactly_the_counted_persons_serve_in_scope_on_31_december_2009() {
        let people = serving(7, 1002);
        let end = day(2009, 12, 31);
        let counted = people
            .iter()
            .filter(|p| {
                p.records.iter().any(|r| {
                    crate::intorgs::serving::DEFAULT_SCOPE.contains(&r.appointment_type)
                        && r.start <= end
                        && r.end.is_none_or(|e| e >= end)
                })
            })
            .count();
        assert_eq!(counted, 1002);
        assert!(people.iter().any(|p| p.records.len() == 2));
        assert!(people.iter().any(|p| p.nationality == "HK"));
        for p in &people {
            let latin = format!("{} {}", p.family, p.given);
            assert!(chinese::corresponds(&p.native, &latin), "{p:?}");
        }
        assert_eq!(serving(7, 1002), people);
    }
}
