//! The counting rules of section 5 (R6): partner countries and partner organisations at a
//! day, under the headline (instrument-based) and the secondary (activity-based) definition,
//! and what the cooperation records contribute to the published series.

use super::{AgreementKind, ChineseParty, Dates, REGIONS};
use crate::statistics::series::{
    Contribution, COOP_AGREEMENTS_IN_FORCE, COOP_EVENTS, COOP_ORGANISATIONS,
    COOP_PARTNER_COUNTRIES, SSA_IN_FORCE,
};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// An instrument as the counting rules see it: its partners already resolved to the country
/// they count for (a foreign agency counts for its country) and to organisations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub code: String,
    pub kind: AgreementKind,
    pub party: ChineseParty,
    pub dates: Dates,
    /// ISO alpha-2 codes.
    pub countries: Vec<String>,
    /// Organisation codes (`ILO`).
    pub organisations: Vec<String>,
}

impl Counted {
    /// The instrument counts for its partners: a national-lineage or government-level party.
    fn qualifies(&self) -> bool {
        self.party.in_lineage()
    }
}

/// A bilateral activity (a project active, an event co-organised or a bilateral meeting) with
/// a country, for the secondary definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// `event` or `project`.
    pub kind: &'static str,
    pub reference: String,
    pub country: String,
    pub from: NaiveDate,
    /// Its last day; empty while it runs.
    pub until: Option<NaiveDate>,
}

/// What makes a partner count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Basis {
    /// `agreement`, `event` or `project`.
    pub kind: &'static str,
    #[serde(rename = "ref")]
    pub reference: String,
}

/// A partner that counts on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    pub code: String,
    /// The first day of the unbroken period of relations the day falls in (headline); the
    /// first activity of the year for a partner counted by the secondary definition only.
    pub since: NaiveDate,
    pub basis: Vec<Basis>,
}

type Periods = Vec<(NaiveDate, Option<NaiveDate>)>;

/// Merges `[from, until)` periods that overlap or touch.
fn merge(mut periods: Periods) -> Periods {
    periods.sort();
    let mut out: Periods = Vec::new();
    for (from, until) in periods {
        if let Some(last) = out.last_mut() {
            match last.1 {
                None => continue,
                Some(end) if end >= from => {
                    last.1 = until.map(|u| u.max(end));
                    continue;
                }
                Some(_) => {}
            }
        }
        out.push((from, until));
    }
    out
}

fn contains(period: &(NaiveDate, Option<NaiveDate>), day: NaiveDate) -> bool {
    period.0 <= day && period.1.is_none_or(|u| day < u)
}

/// Per partner code, the merged periods of relations from qualifying instruments.
fn periods_by<'a>(
    agreements: &'a [Counted],
    partners: impl Fn(&'a Counted) -> &'a [String],
    horizon: NaiveDate,
) -> BTreeMap<&'a str, Periods> {
    let mut by: BTreeMap<&str, Periods> = BTreeMap::new();
    for a in agreements.iter().filter(|a| a.qualifies()) {
        let periods = a.dates.in_force_periods(horizon);
        for code in partners(a) {
            if REGIONS.contains(&code.as_str()) {
                continue;
            }
            by.entry(code.as_str())
                .or_default()
                .extend(periods.iter().copied());
        }
    }
    by.into_iter().map(|(k, v)| (k, merge(v))).collect()
}

fn counted_on<'a>(
    agreements: &'a [Counted],
    partners: impl Fn(&'a Counted) -> &'a [String] + Copy,
    day: NaiveDate,
) -> Vec<Partner> {
    let mut out = Vec::new();
    for (code, periods) in periods_by(agreements, partners, day) {
        let Some(period) = periods.iter().find(|p| contains(p, day)) else {
            continue;
        };
        let basis = agreements
            .iter()
            .filter(|a| a.qualifies() && partners(a).iter().any(|c| c == code))
            .filter(|a| a.dates.in_force_on(day))
            .map(|a| Basis {
                kind: "agreement",
                reference: a.code.clone(),
            })
            .collect();
        out.push(Partner {
            code: code.to_owned(),
            since: period.0,
            basis,
        });
    }
    out
}

/// The headline definition: countries with at least one qualifying instrument in force on
/// `day`, each once, in code order.
pub fn partner_countries(agreements: &[Counted], day: NaiveDate) -> Vec<Partner> {
    counted_on(agreements, |a| a.countries.as_slice(), day)
}

/// International organisations by the same rule (`partner_organisations_at_year_end`).
pub fn partner_organisations(agreements: &[Counted], day: NaiveDate) -> Vec<Partner> {
    counted_on(agreements, |a| a.organisations.as_slice(), day)
}

/// The secondary definition for year `year`: the headline set on 31 December plus every
/// country that was a bilateral counterpart in the year.
pub fn partner_countries_active_in_year(
    agreements: &[Counted],
    activities: &[Activity],
    year: i32,
) -> Vec<Partner> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Vec::new();
    };
    let mut by: BTreeMap<String, Partner> = partner_countries(agreements, last)
        .into_iter()
        .map(|p| (p.code.clone(), p))
        .collect();
    for a in activities {
        let in_year = a.from <= last && a.until.is_none_or(|u| u >= first);
        if !in_year || REGIONS.contains(&a.country.as_str()) {
            continue;
        }
        let entry = by.entry(a.country.clone()).or_insert_with(|| Partner {
            code: a.country.clone(),
            since: a.from.max(first),
            basis: Vec::new(),
        });
        entry.basis.push(Basis {
            kind: a.kind,
            reference: a.reference.clone(),
        });
    }
    by.into_values().collect()
}

/// An event as the series see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedEvent {
    pub starts_on: NaiveDate,
    pub kind: String,
}

/// What the cooperation records contribute to the series: partner countries and
/// organisations (+1 in the month a period of relations starts, -1 in the month of its first
/// day out of force, so a month's sum is the count on its last day), instruments in force
/// by kind (social security agreements apart), and events by kind in the month they start.
pub fn contributions<'a>(
    agreements: &'a [Counted],
    events: &'a [CountedEvent],
    horizon: NaiveDate,
) -> Vec<Contribution<'a>> {
    let mut out = Vec::new();
    let mut stock =
        |series: &'static str, periods: &Periods, keys: Vec<(&'static str, &'a str)>| {
            for (from, until) in periods {
                out.push(Contribution::on(series, *from, 1, keys.clone()));
                if let Some(u) = until {
                    out.push(Contribution::on(series, *u, -1, keys.clone()));
                }
            }
        };
    for periods in periods_by(agreements, |a| a.countries.as_slice(), horizon).values() {
        stock(COOP_PARTNER_COUNTRIES, periods, Vec::new());
    }
    for periods in periods_by(agreements, |a| a.organisations.as_slice(), horizon).values() {
        stock(COOP_ORGANISATIONS, periods, Vec::new());
    }
    for a in agreements {
        let series = if a.kind == AgreementKind::SocialSecurity {
            SSA_IN_FORCE
        } else {
            COOP_AGREEMENTS_IN_FORCE
        };
        stock(
            series,
            &a.dates.in_force_periods(horizon),
            vec![("agreement_kind", a.kind.code())],
        );
    }
    for e in events {
        out.push(Contribution::on(
            COOP_EVENTS,
            e.starts_on,
            1,
            vec![("event_kind", e.kind.as_str())],
        ));
    }
    out
}

/// The year an event of `starts_on` counts in (R5).
pub fn event_year(starts_on: NaiveDate) -> i32 {
    starts_on.year()
}
