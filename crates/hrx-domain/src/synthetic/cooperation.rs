//! Synthetic cooperation records for the demo dataset: memoranda with partner countries, so
//! that the count of partner countries at the end of 2009 reaches "more than 80" from
//! partners that each have an instrument on record, and a few bilateral meetings. Every code
//! starts with `SYN` and every title says it is synthetic.

use super::Rng;
use crate::cooperation::events::{EventInput, EventKind};
use crate::cooperation::{AgreementInput, AgreementKind, Area, ChineseParty, Dates, REGIONS};
use crate::reference::reference;
use chrono::{Datelike, NaiveDate};

/// What the demo adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CooperationDemo {
    pub agreements: Vec<AgreementInput>,
    /// Bilateral meetings, each with its counterpart country.
    pub events: Vec<(EventInput, String)>,
}

/// Memoranda in force at the end of 2009 with this many countries (beside the shipped ones).
pub const IN_FORCE_2009: usize = 75;
/// Memoranda of two years that ran out before 2009 and were not renewed.
const LAPSED: usize = 8;
/// Memoranda signed in 2010 and 2011.
const LATER: usize = 6;

fn day_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = u64::try_from((to - from).num_days().max(1)).unwrap_or(1);
    from.checked_add_days(chrono::Days::new(rng.below(span)))
        .unwrap_or(from)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn memorandum(alpha2: &str, signed: NaiveDate, term_months: Option<u32>) -> AgreementInput {
    let (name_en, name_zh) = reference()
        .country(alpha2)
        .map(|c| (c.name_en.clone(), c.name_zh.clone()))
        .unwrap_or_default();
    let party = if signed.year() >= 2008 {
        ChineseParty::Mohrss
    } else {
        ChineseParty::Molss
    };
    AgreementInput {
        code: format!("SYN-{alpha2}-MOU-{}", signed.year()),
        kind: AgreementKind::Mou,
        title_en: format!("SYNTHETIC DEMO memorandum on labour cooperation with {name_en}"),
        title_zh: format!("合成演示数据：与{name_zh}的劳动合作谅解备忘录"),
        chinese_party: party,
        partners: vec![alpha2.to_owned()],
        signed_place: "Beijing".into(),
        areas: vec![Area::Employment, Area::Skills],
        supersedes: None,
        parent: None,
        document_zh: String::new(),
        document_en: String::new(),
        source: "synthetic demo dataset (hrx demo), not a real instrument".into(),
        dates: Dates {
            signed_on: Some(signed),
            term_months,
            ..Dates::default()
        },
    }
}

/// The demo's instruments and meetings for the countries not in `taken` (the shipped
/// partners), the same for the same seed.
pub fn cooperation(seed: u64, taken: &[&str]) -> CooperationDemo {
    let mut rng = Rng::new(seed ^ 0xc00f);
    let mut candidates: Vec<&str> = reference()
        .countries
        .iter()
        .map(|c| c.alpha2.as_str())
        .filter(|c| *c != "CN" && !REGIONS.contains(c) && !taken.contains(c))
        .collect();
    // Fisher-Yates with the seeded generator.
    for i in (1..candidates.len()).rev() {
        let j = usize::try_from(rng.below(u64::try_from(i + 1).unwrap_or(1))).unwrap_or(0);
        candidates.swap(i, j);
    }
    let mut picks = candidates.into_iter();
    let mut agreements = Vec::new();
    for code in picks.by_ref().take(IN_FORCE_2009) {
        let signed = day_between(&mut rng, date(1996, 1, 1), date(2009, 12, 31));
        agreements.push(memorandum(code, signed, None));
    }
    let mut lapsed = Vec::new();
    for code in picks.by_ref().take(LAPSED) {
        let signed = day_between(&mut rng, date(2000, 1, 1), date(2006, 12, 31));
        agreements.push(memorandum(code, signed, Some(24)));
        lapsed.push(code.to_owned());
    }
    for code in picks.by_ref().take(LATER) {
        let signed = day_between(&mut rng, date(2010, 1, 1), date(2011, 12, 31));
        agreements.push(memorandum(code, signed, None));
    }
    // Bilateral meetings in 2009 with half the countries whose memorandum had lapsed: they
    // count under the secondary definition only.
    let events = lapsed
        .iter()
        .take(LAPSED / 2)
        .map(|code| {
            let (name_en, name_zh) = reference()
                .country(code)
                .map(|c| (c.name_en.clone(), c.name_zh.clone()))
                .unwrap_or_default();
            let starts_on = day_between(&mut rng, date(2009, 2, 1), date(2009, 11, 30));
            let event = EventInput {
                starts_on,
                month_only: false,
                ends_on: starts_on.checked_add_days(chrono::Days::new(1)),
                name_en: format!("SYNTHETIC DEMO bilateral labour consultations with {name_en}"),
                name_zh: format!("合成演示数据：与{name_zh}的双边劳动磋商"),
                kind: EventKind::Meeting,
                organiser: String::new(),
                host_city: "Beijing".into(),
                host_country: Some("CN".into()),
                outcome_document: String::new(),
                source: "synthetic demo dataset (hrx demo)".into(),
            };
            (event, code.clone())
        })
        .collect();
    CooperationDemo { agreements, events }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::cooperation::count::{partner_countries, Counted};

    #[test]
    fn the_demo_gives_more_than_80_partner_countries_with_the_shipped_ones() {
        let shipped = ["CA", "DE", "IR", "KR", "NZ", "US", "ZA"];
        let demo = cooperation(42, &shipped);
        assert_eq!(demo, cooperation(42, &shipped));
        let counted: Vec<Counted> = demo
            .agreements
            .iter()
            .map(|a| Counted {
                code: a.code.clone(),
                kind: a.kind,
                party: a.chinese_party,
                dates: a.dates.clone(),
                countries: a.partners.clone(),
                organisations: Vec::new(),
            })
            .collect();
        let n = partner_countries(&counted, date(2009, 12, 31)).len();
        assert_eq!(n + shipped.len(), 82);
        assert!(demo
            .agreements
            .iter()
            .all(|a| !shipped.contains(&a.partners[0].as_str())));
        assert_eq!(demo.events.len(), 4);
    }
}
