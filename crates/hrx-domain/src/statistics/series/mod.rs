//! Maintained aggregates: what each record contributes to the indicators, as monthly delta
//! series, and how an indicator's value for a period is read back from those series.
//!
//! A series holds, per month (`yyyymm`) and per breakdown key, the sum of the deltas its
//! records contribute; the store keeps those sums current in the same transaction as the
//! records. Every indicator is then a prefix sum, a range sum or a small combination of
//! them, so a published figure costs a few hundred aggregate rows, never a scan of records.
//!
//! Distinct-person counts are made additive by computing, per person, the dates at which the
//! person starts and stops counting (the first departure, the union of periods abroad, the
//! union of valid permits) and contributing +1 and -1 there. A person's breakdown keys are
//! those of the record that made the person count (the first departure's destination, the
//! permit that opened a period of validity), so every breakdown adds up to the total.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// The families of records that feed the statistics, each refreshed per person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    StudyAbroad,
    ForeignStudents,
    WorkPermits,
    Coverage,
}

impl Family {
    pub const ALL: [Family; 4] = [
        Family::StudyAbroad,
        Family::ForeignStudents,
        Family::WorkPermits,
        Family::Coverage,
    ];

    /// The series this family's records contribute to.
    pub fn series(self) -> &'static [&'static str] {
        match self {
            Family::StudyAbroad => &[SA_FIRST_DEPARTURE, SA_FIRST_RETURN, SA_DEPARTURE, SA_ABROAD],
            Family::ForeignStudents => &[FS_START, FS_END, FS_COUNTRY_1978],
            Family::WorkPermits => &[WP_VALID, WP_ISSUED],
            Family::Coverage => &[CC_EXEMPT, CC_ISSUED],
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Family::StudyAbroad => "study-abroad",
            Family::ForeignStudents => "foreign-students",
            Family::WorkPermits => "work-permits",
            Family::Coverage => "coverage",
        }
    }
}

/// +1 in the month of a person's first departure since 1978.
pub const SA_FIRST_DEPARTURE: &str = "sa_first_departure";
/// +1 in the month of a person's first return since 1978.
pub const SA_FIRST_RETURN: &str = "sa_first_return";
/// +1 per episode in the month of its departure.
pub const SA_DEPARTURE: &str = "sa_departure";
/// +1 when a person's period abroad starts, -1 in the month it ends.
pub const SA_ABROAD: &str = "sa_abroad";
/// +1 per enrolment in the month it starts.
pub const FS_START: &str = "fs_start";
/// +1 per enrolment in the month it ends.
pub const FS_END: &str = "fs_end";
/// +1 per enrolment overlapping 1978 onwards, in the month it starts (or January 1978),
/// by nationality: the source countries are the nationalities with a positive sum. Its
/// deltas are never negative, which lets a store count the keys with one seek per key.
pub const FS_COUNTRY_1978: &str = "fs_country_1978";
/// +1 when a person's period with a valid permit starts, -1 in the month after it ends.
pub const WP_VALID: &str = "wp_valid";
/// +1 per document in the month its validity starts.
pub const WP_ISSUED: &str = "wp_issued";

/// +1 when a person's period of exemption under inbound certificates starts, -1 in the month
/// after it ends.
pub const CC_EXEMPT: &str = "cc_exempt";
/// +1 per certificate of coverage (either direction) in the month it was issued or accepted.
pub const CC_ISSUED: &str = "cc_issued";

/// The key used for records without a value in a breakdown.
pub const UNKNOWN: &str = "unknown";

/// How an indicator is read from its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// Sum of the series up to the period's last month (stocks and cumulative persons).
    Prefix(&'static str),
    /// Sum of the series over the period's months (flows of events).
    Range(&'static str),
    /// Records overlapping the period: started by its end minus ended before its start.
    Overlap {
        start: &'static str,
        end: &'static str,
    },
    /// The overlap counts of each calendar year from `from_year` to the period's year, summed.
    YearsOverlap {
        start: &'static str,
        end: &'static str,
        from_year: i32,
    },
    /// Keys (of `dim`) with a positive sum up to the period's last month.
    DistinctKeys {
        series: &'static str,
        dim: &'static str,
    },
}

/// The formula of an indicator of the catalogue; `None` for indicators whose capability
/// does not keep records yet.
pub fn formula(code: &str) -> Option<Formula> {
    Some(match code {
        "outbound_students_cumulative" => Formula::Prefix(SA_FIRST_DEPARTURE),
        "returned_students_cumulative" => Formula::Prefix(SA_FIRST_RETURN),
        "outbound_departures" => Formula::Range(SA_DEPARTURE),
        "studying_abroad" => Formula::Prefix(SA_ABROAD),
        "foreign_students" => Formula::Overlap {
            start: FS_START,
            end: FS_END,
        },
        "foreign_students_cumulative" => Formula::YearsOverlap {
            start: FS_START,
            end: FS_END,
            from_year: CUMULATIVE_FROM_YEAR,
        },
        "foreign_student_source_countries" => Formula::DistinctKeys {
            series: FS_COUNTRY_1978,
            dim: "nationality",
        },
        "work_permits_valid" => Formula::Prefix(WP_VALID),
        "work_permits_issued" => Formula::Range(WP_ISSUED),
        "coverage_exemptions_active" => Formula::Prefix(CC_EXEMPT),
        "coverage_certificates_issued" => Formula::Range(CC_ISSUED),
        _ => return None,
    })
}

/// The start of the cumulative indicators (1 January 1978).
pub const CUMULATIVE_FROM_YEAR: i32 = 1978;

/// A month as `yyyymm`.
pub fn month_of(d: NaiveDate) -> i32 {
    d.year() * 100 + d.month() as i32
}

/// The month before `yyyymm`.
pub fn previous_month(m: i32) -> i32 {
    if m % 100 == 1 {
        (m / 100 - 1) * 100 + 12
    } else {
        m - 1
    }
}

/// The month after `yyyymm`.
pub fn next_month(m: i32) -> i32 {
    if m % 100 == 12 {
        (m / 100 + 1) * 100 + 1
    } else {
        m + 1
    }
}

/// One delta a person's records add to a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution<'a> {
    pub series: &'static str,
    pub month: i32,
    pub delta: i64,
    /// Breakdown dimension and key.
    pub keys: Vec<(&'static str, &'a str)>,
}

/// What the statistics need of a person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFacts {
    pub sex: String,
    pub nationality: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EpisodeFacts {
    pub departure: NaiveDate,
    pub return_date: Option<NaiveDate>,
    pub destination_country: String,
    pub funding: String,
    pub isced_level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EnrolmentFacts {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub province: String,
    pub isced_level: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PermitFacts {
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub cancelled_on: Option<NaiveDate>,
    pub category: Option<String>,
    pub province: Option<String>,
    pub occupation: Option<String>,
}

/// A certificate of coverage, as the statistics see it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CertificateFacts {
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
    /// The day it counts as issued (outbound) or accepted (inbound); `None` while it is
    /// neither, and then it counts nowhere.
    pub issued_on: Option<NaiveDate>,
    pub agreement: String,
    /// `inbound` or `outbound`.
    pub direction: String,
}

fn cumulative_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(CUMULATIVE_FROM_YEAR, 1, 1).unwrap_or_default()
}

/// Half-open day intervals `[start, end)` (`None`: open-ended) merged where they overlap or
/// touch; each merged interval keeps the index of the item that opened it.
fn union(
    mut items: Vec<(NaiveDate, Option<NaiveDate>, usize)>,
) -> Vec<(NaiveDate, Option<NaiveDate>, usize)> {
    items.retain(|(a, b, _)| b.is_none_or(|b| b > *a));
    items.sort();
    let mut merged: Vec<(NaiveDate, Option<NaiveDate>, usize)> = Vec::new();
    for (a, b, i) in items {
        match merged.last_mut() {
            Some(last) if last.1.is_none_or(|end| a <= end) => {
                last.1 = match (last.1, b) {
                    (Some(x), Some(y)) => Some(x.max(y)),
                    _ => None,
                };
            }
            _ => merged.push((a, b, i)),
        }
    }
    merged
}

fn interval_deltas<'a>(
    series: &'static str,
    intervals: &[(NaiveDate, Option<NaiveDate>, usize)],
    keys: impl Fn(usize) -> Vec<(&'static str, &'a str)>,
    out: &mut Vec<Contribution<'a>>,
) {
    for (a, b, i) in intervals {
        let k = keys(*i);
        out.push(Contribution {
            series,
            month: month_of(*a),
            delta: 1,
            keys: k.clone(),
        });
        if let Some(b) = b {
            out.push(Contribution {
                series,
                month: month_of(*b),
                delta: -1,
                keys: k,
            });
        }
    }
}

/// What a person's study-abroad episodes contribute.
pub fn study_abroad<'a>(
    person: &'a PersonFacts,
    episodes: &'a [EpisodeFacts],
) -> Vec<Contribution<'a>> {
    let mut episodes: Vec<&'a EpisodeFacts> = episodes.iter().collect();
    episodes.sort();
    let keys = |e: &'a EpisodeFacts| {
        vec![
            ("destination_country", e.destination_country.as_str()),
            ("funding", e.funding.as_str()),
            ("isced_level", e.isced_level.as_str()),
            ("sex", person.sex.as_str()),
        ]
    };
    let from = cumulative_start();
    let mut out = Vec::new();
    for e in episodes.iter().copied() {
        out.push(Contribution {
            series: SA_DEPARTURE,
            month: month_of(e.departure),
            delta: 1,
            keys: keys(e),
        });
    }
    if let Some(first) = episodes.iter().copied().find(|e| e.departure >= from) {
        out.push(Contribution {
            series: SA_FIRST_DEPARTURE,
            month: month_of(first.departure),
            delta: 1,
            keys: keys(first),
        });
    }
    if let Some((first, day)) = episodes
        .iter()
        .copied()
        .filter_map(|e| e.return_date.filter(|r| *r >= from).map(|r| (e, r)))
        .min_by_key(|(e, r)| (*r, *e))
    {
        out.push(Contribution {
            series: SA_FIRST_RETURN,
            month: month_of(day),
            delta: 1,
            keys: keys(first),
        });
    }
    let abroad = union(
        episodes
            .iter()
            .enumerate()
            .map(|(i, e)| (e.departure, e.return_date, i))
            .collect(),
    );
    interval_deltas(SA_ABROAD, &abroad, |i| keys(episodes[i]), &mut out);
    out
}

/// What a person's enrolments as a foreign student contribute.
pub fn foreign_students<'a>(
    person: &'a PersonFacts,
    enrolments: &'a [EnrolmentFacts],
) -> Vec<Contribution<'a>> {
    let from = cumulative_start();
    let mut out = Vec::new();
    for e in enrolments {
        let keys = vec![
            ("nationality", person.nationality.as_str()),
            ("province", e.province.as_str()),
            ("isced_level", e.isced_level.as_str()),
            ("sex", person.sex.as_str()),
        ];
        if e.end.is_none_or(|end| end >= from) {
            out.push(Contribution {
                series: FS_COUNTRY_1978,
                month: month_of(e.start.max(from)),
                delta: 1,
                keys: vec![("nationality", person.nationality.as_str())],
            });
        }
        if let Some(end) = e.end {
            out.push(Contribution {
                series: FS_END,
                month: month_of(end),
                delta: 1,
                keys: keys.clone(),
            });
        }
        out.push(Contribution {
            series: FS_START,
            month: month_of(e.start),
            delta: 1,
            keys,
        });
    }
    out
}

/// What a person's work permits and pre-2017 documents contribute.
pub fn work_permits<'a>(
    person: &'a PersonFacts,
    permits: &'a [PermitFacts],
) -> Vec<Contribution<'a>> {
    let mut permits: Vec<&'a PermitFacts> = permits.iter().collect();
    permits.sort();
    let keys = |p: &'a PermitFacts| {
        vec![
            ("category", p.category.as_deref().unwrap_or(UNKNOWN)),
            ("nationality", person.nationality.as_str()),
            ("province", p.province.as_deref().unwrap_or(UNKNOWN)),
            ("occupation", p.occupation.as_deref().unwrap_or(UNKNOWN)),
        ]
    };
    let mut out = Vec::new();
    for p in permits.iter().copied() {
        out.push(Contribution {
            series: WP_ISSUED,
            month: month_of(p.valid_from),
            delta: 1,
            keys: keys(p),
        });
    }
    // Valid on E: valid_from <= E <= valid_until and not cancelled on or before E, that is
    // the half-open days [valid_from, min(valid_until + 1, cancelled_on)).
    let valid = union(
        permits
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let after = p.valid_until.succ_opt().unwrap_or(p.valid_until);
                let end = p.cancelled_on.map_or(after, |c| c.min(after));
                (p.valid_from, Some(end), i)
            })
            .collect(),
    );
    interval_deltas(WP_VALID, &valid, |i| keys(permits[i]), &mut out);
    out
}

/// What a person's certificates of coverage contribute: every issued or accepted certificate
/// to `cc_issued`, and the union of the accepted inbound ones to `cc_exempt` (the person
/// counts once however many overlap).
pub fn coverage<'a>(
    person: &'a PersonFacts,
    certificates: &'a [CertificateFacts],
) -> Vec<Contribution<'a>> {
    let mut certificates: Vec<&'a CertificateFacts> = certificates
        .iter()
        .filter(|c| c.issued_on.is_some())
        .collect();
    certificates.sort();
    let keys = |c: &'a CertificateFacts| {
        vec![
            ("agreement", c.agreement.as_str()),
            ("direction", c.direction.as_str()),
            ("nationality", person.nationality.as_str()),
        ]
    };
    let mut out = Vec::new();
    for c in certificates.iter().copied() {
        if let Some(issued) = c.issued_on {
            out.push(Contribution {
                series: CC_ISSUED,
                month: month_of(issued),
                delta: 1,
                keys: keys(c),
            });
        }
    }
    // Exempt on E: valid_from <= E <= valid_to and not revoked on or before E, that is the
    // half-open days [valid_from, min(valid_to + 1, revoked_on)).
    let exempt = union(
        certificates
            .iter()
            .enumerate()
            .filter(|(_, c)| c.direction == "inbound")
            .map(|(i, c)| {
                let after = c.valid_to.succ_opt().unwrap_or(c.valid_to);
                let end = c.revoked_on.map_or(after, |r| r.min(after));
                (c.valid_from, Some(end), i)
            })
            .collect(),
    );
    interval_deltas(CC_EXEMPT, &exempt, |i| keys(certificates[i]), &mut out);
    out
}

/// A row of the aggregate table: series, breakdown dimension (`""` for the total), key
/// (`""` for the total) and month.
pub type TallyKey = (&'static str, &'static str, String, i32);

/// Deltas to apply to the aggregate table, summed per row: per (series, dimension, month),
/// the sums per key (looked up by `&str`, so that adding allocates only for a new key).
/// A rebuild adds tens of millions of deltas: the keys are hashed with FxHash (fast, and
/// the keys are codes from the reference tables, never chosen by a requester).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally(FxHashMap<(&'static str, &'static str, i32), FxHashMap<String, i64>>);

impl Tally {
    fn bump(&mut self, series: &'static str, dim: &'static str, key: &str, month: i32, v: i64) {
        let keys = self.0.entry((series, dim, month)).or_default();
        match keys.get_mut(key) {
            Some(sum) => *sum += v,
            None => {
                keys.insert(key.to_owned(), v);
            }
        }
    }

    /// Adds (`sign` 1) or removes (`sign` -1) contributions, to the total and to each
    /// breakdown.
    pub fn add(&mut self, contributions: &[Contribution<'_>], sign: i64) {
        for c in contributions {
            let v = sign * c.delta;
            self.bump(c.series, "", "", c.month, v);
            for (dim, key) in &c.keys {
                self.bump(c.series, dim, key, c.month, v);
            }
        }
    }

    /// Adds to one row.
    pub fn add_row(&mut self, key: &TallyKey, v: i64) {
        self.bump(key.0, key.1, &key.2, key.3, v);
    }

    /// The rows that change, without the ones whose deltas cancel out.
    pub fn changes(&self) -> impl Iterator<Item = (TallyKey, i64)> + '_ {
        self.0.iter().flat_map(|((series, dim, month), keys)| {
            keys.iter()
                .filter(|(_, v)| **v != 0)
                .map(move |(k, v)| ((*series, *dim, k.clone(), *month), *v))
        })
    }
}

/// A period of the statistics: a year, a quarter or a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    pub granularity: Granularity,
    /// First and last month, `yyyymm`.
    pub first: i32,
    pub last: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Year,
    Quarter,
    Month,
}

impl Period {
    /// `2009`, `2009Q4` or `2009-12` (years 1900 to 2100).
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
                .filter(|y| (1900..=2100).contains(y))
        };
        let (granularity, y, first, last) = if let Some((y, q)) = s.split_once(['Q', 'q']) {
            let q: i32 = match q {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "4" => 4,
                _ => return None,
            };
            (Granularity::Quarter, year(y)?, q * 3 - 2, q * 3)
        } else if let Some((y, m)) = s.split_once('-') {
            let m: i32 = (m.len() == 2)
                .then(|| m.parse().ok())
                .flatten()
                .filter(|m| (1..=12).contains(m))?;
            (Granularity::Month, year(y)?, m, m)
        } else {
            (Granularity::Year, year(s)?, 1, 12)
        };
        Some(Period::make(granularity, y, first, last))
    }

    fn make(granularity: Granularity, year: i32, first: i32, last: i32) -> Period {
        let label = match granularity {
            Granularity::Year => format!("{year}"),
            Granularity::Quarter => format!("{year}Q{}", (last + 2) / 3),
            Granularity::Month => format!("{year}-{last:02}"),
        };
        Period {
            label,
            granularity,
            first: year * 100 + first,
            last: year * 100 + last,
        }
    }

    pub fn year(&self) -> i32 {
        self.last / 100
    }

    /// The period that follows.
    pub fn next(&self) -> Period {
        let step = match self.granularity {
            Granularity::Year => 12,
            Granularity::Quarter => 3,
            Granularity::Month => 1,
        };
        let mut first = self.first;
        for _ in 0..step {
            first = next_month(first);
        }
        let mut last = first;
        for _ in 1..step {
            last = next_month(last);
        }
        Period::make(self.granularity, first / 100, first % 100, last % 100)
    }

    /// The periods from `from` to `to` inclusive (same granularity, at most `limit`).
    pub fn range(from: &Period, to: &Period, limit: usize) -> Option<Vec<Period>> {
        if from.granularity != to.granularity || from.first > to.first {
            return None;
        }
        let mut out = vec![from.clone()];
        while out.last().is_some_and(|p| p.first < to.first) {
            if out.len() >= limit {
                return None;
            }
            let next = out.last().map(Period::next)?;
            out.push(next);
        }
        Some(out)
    }
}

/// Sums of a series per key.
pub type Sums = HashMap<String, i64>;

/// The questions a formula asks of the aggregate table, so that a store answers them with
/// a handful of indexed range sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Per key: the sum of `series` over months `from..=to` (`from` None: from the start).
    Sum {
        series: &'static str,
        from: Option<i32>,
        to: i32,
    },
    /// Per key and year: the sums of `series` up to the end of each year `..=to_year`.
    YearSums { series: &'static str, to_year: i32 },
    /// The number of keys of `dim` with a positive sum up to `to`.
    PositiveKeys {
        series: &'static str,
        dim: &'static str,
        to: i32,
    },
}

/// The questions a formula asks of the aggregate table for a period.
pub fn questions(formula: Formula, period: &Period) -> Vec<Query> {
    match formula {
        Formula::Prefix(series) => vec![Query::Sum {
            series,
            from: None,
            to: period.last,
        }],
        Formula::Range(series) => vec![Query::Sum {
            series,
            from: Some(period.first),
            to: period.last,
        }],
        Formula::Overlap { start, end } => vec![
            Query::Sum {
                series: start,
                from: None,
                to: period.last,
            },
            Query::Sum {
                series: end,
                from: None,
                to: previous_month(period.first),
            },
        ],
        Formula::YearsOverlap { start, end, .. } => vec![
            Query::YearSums {
                series: start,
                to_year: period.year(),
            },
            Query::YearSums {
                series: end,
                to_year: period.year() - 1,
            },
        ],
        Formula::DistinctKeys { series, dim } => vec![Query::PositiveKeys {
            series,
            dim,
            to: period.last,
        }],
    }
}

/// Combines the answers to [`questions`] (in their order) into the value per key (the
/// total is the key `""` when the breakdown is the total).
pub fn combine(formula: Formula, period: &Period, answers: Vec<Answer>) -> Sums {
    let mut answers = answers.into_iter();
    let mut next = || answers.next().unwrap_or(Answer::Count(0));
    match formula {
        Formula::Prefix(_) | Formula::Range(_) => next().sums(),
        Formula::Overlap { .. } => {
            let started = next().sums();
            let ended = next().sums();
            difference(started, &ended)
        }
        Formula::YearsOverlap { from_year, .. } => {
            let year = period.year();
            let started = next().year_sums();
            let ended = next().year_sums();
            let mut out = Sums::new();
            for (key, years) in &started {
                let empty = Vec::new();
                let ends = ended.get(key).unwrap_or(&empty);
                let mut total = 0;
                for y in from_year..=year {
                    total += cumulative_to(years, y) - cumulative_to(ends, y - 1);
                }
                out.insert(key.clone(), total);
            }
            out
        }
        Formula::DistinctKeys { .. } => Sums::from([(String::new(), next().count())]),
    }
}

/// Evaluates a formula for a period with the answers of `ask`.
pub fn evaluate<E>(
    formula: Formula,
    period: &Period,
    ask: impl FnMut(Query) -> Result<Answer, E>,
) -> Result<Sums, E> {
    let answers = questions(formula, period)
        .into_iter()
        .map(ask)
        .collect::<Result<Vec<_>, E>>()?;
    Ok(combine(formula, period, answers))
}

/// The answer to a [`Query`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Sums(Sums),
    /// Per key: (year, sum of that year's months), in any order.
    YearSums(HashMap<String, Vec<(i32, i64)>>),
    Count(i64),
}

impl Answer {
    fn sums(self) -> Sums {
        match self {
            Answer::Sums(s) => s,
            _ => Sums::new(),
        }
    }

    fn year_sums(self) -> HashMap<String, Vec<(i32, i64)>> {
        match self {
            Answer::YearSums(s) => s,
            _ => HashMap::new(),
        }
    }

    fn count(self) -> i64 {
        match self {
            Answer::Count(n) => n,
            _ => 0,
        }
    }
}

fn cumulative_to(years: &[(i32, i64)], year: i32) -> i64 {
    years
        .iter()
        .filter(|(y, _)| *y <= year)
        .map(|(_, v)| v)
        .sum()
}

fn difference(mut a: Sums, b: &Sums) -> Sums {
    for (k, v) in b {
        *a.entry(k.clone()).or_default() -= v;
    }
    a
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn person() -> PersonFacts {
        PersonFacts {
            sex: "F".into(),
            nationality: "CN".into(),
        }
    }

    fn episode(dep: &str, ret: Option<&str>, country: &str) -> EpisodeFacts {
        EpisodeFacts {
            departure: d(dep),
            return_date: ret.map(d),
            destination_country: country.into(),
            funding: "self_funded".into(),
            isced_level: "7".into(),
        }
    }

    /// Reads a tally the way a store would.
    fn ask<'a>(
        tally: &'a Tally,
        dim: &'static str,
    ) -> impl FnMut(Query) -> Result<Answer, ()> + 'a {
        move |q| {
            let rows = tally.changes().map(|((s, dm, k, m), v)| (s, dm, k, m, v));
            Ok(match q {
                Query::Sum { series, from, to } => {
                    let mut sums = Sums::new();
                    for (s, dm, k, m, v) in rows {
                        if s == series && dm == dim && from.is_none_or(|f| m >= f) && m <= to {
                            *sums.entry(k).or_default() += v;
                        }
                    }
                    Answer::Sums(sums)
                }
                Query::YearSums { series, to_year } => {
                    let mut by: HashMap<String, HashMap<i32, i64>> = HashMap::new();
                    for (s, dm, k, m, v) in rows {
                        if s == series && dm == dim && m / 100 <= to_year {
                            *by.entry(k).or_default().entry(m / 100).or_default() += v;
                        }
                    }
                    Answer::YearSums(
                        by.into_iter()
                            .map(|(k, ys)| (k, ys.into_iter().collect()))
                            .collect(),
                    )
                }
                Query::PositiveKeys { series, dim, to } => {
                    let mut sums = Sums::new();
                    for (s, dm, k, m, v) in rows {
                        if s == series && dm == dim && m <= to {
                            *sums.entry(k).or_default() += v;
                        }
                    }
                    Answer::Count(sums.values().filter(|v| **v > 0).count() as i64)
                }
            })
        }
    }

    fn value(tally: &Tally, code: &str, period: &str) -> i64 {
        let sums = evaluate(
            formula(code).unwrap(),
            &Period::parse(period).unwrap(),
            ask(tally, ""),
        )
        .unwrap();
        sums.get("").copied().unwrap_or(0)
    }

    #[test]
    fn periods_parse_and_step() {
        let p = Period::parse("2009Q4").unwrap();
        assert_eq!(
            (p.first, p.last, p.label.as_str()),
            (200910, 200912, "2009Q4")
        );
        assert_eq!(Period::parse("2009-02").unwrap().first, 200902);
        assert_eq!(Period::parse("2009").unwrap().last, 200912);
        assert_eq!(Period::parse("2009Q4").unwrap().next().label, "2010Q1");
        assert_eq!(Period::parse("2009-12").unwrap().next().label, "2010-01");
        for bad in [
            "", "09", "2009Q5", "2009-13", "2009-1", "abcd", "1800", "2009Q",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        let range = Period::range(
            &Period::parse("1978").unwrap(),
            &Period::parse("2009").unwrap(),
            100,
        )
        .unwrap();
        assert_eq!(range.len(), 32);
        assert!(Period::range(
            &Period::parse("2009").unwrap(),
            &Period::parse("2009Q1").unwrap(),
            100
        )
        .is_none());
    }

    #[test]
    fn a_person_counts_once_however_many_episodes() {
        let mut t = Tally::default();
        t.add(
            &study_abroad(
                &person(),
                &[
                    episode("1975-09-01", Some("1977-07-01"), "JP"),
                    episode("1990-09-01", Some("1994-06-30"), "US"),
                    episode("1996-09-01", None, "GB"),
                ],
            ),
            1,
        );
        assert_eq!(value(&t, "outbound_students_cumulative", "1989"), 0);
        assert_eq!(value(&t, "outbound_students_cumulative", "1990-09"), 1);
        assert_eq!(value(&t, "outbound_students_cumulative", "2009"), 1);
        assert_eq!(value(&t, "returned_students_cumulative", "1994-05"), 0);
        assert_eq!(value(&t, "returned_students_cumulative", "1994-06"), 1);
        assert_eq!(value(&t, "outbound_departures", "1990"), 1);
        assert_eq!(value(&t, "outbound_departures", "1975"), 1);
        assert_eq!(value(&t, "studying_abroad", "1976"), 1);
        assert_eq!(value(&t, "studying_abroad", "1978"), 0);
        assert_eq!(value(&t, "studying_abroad", "1994-05"), 1);
        // Returned on the last day of June: not abroad at its end.
        assert_eq!(value(&t, "studying_abroad", "1994-06"), 0);
        assert_eq!(value(&t, "studying_abroad", "2009"), 1);
        // The breakdown follows the episode that made the person count.
        let by = evaluate(
            formula("outbound_students_cumulative").unwrap(),
            &Period::parse("2009").unwrap(),
            ask(&t, "destination_country"),
        )
        .unwrap();
        assert_eq!(by, Sums::from([("US".to_owned(), 1)]));
        // Removing what was added leaves nothing.
        t.add(
            &study_abroad(
                &person(),
                &[
                    episode("1996-09-01", None, "GB"),
                    episode("1990-09-01", Some("1994-06-30"), "US"),
                    episode("1975-09-01", Some("1977-07-01"), "JP"),
                ],
            ),
            -1,
        );
        assert_eq!(t.changes().count(), 0);
    }

    #[test]
    fn overlapping_periods_abroad_count_once() {
        let mut t = Tally::default();
        t.add(
            &study_abroad(
                &person(),
                &[
                    episode("2000-01-10", Some("2003-01-01"), "US"),
                    episode("2002-01-10", Some("2004-05-01"), "CA"),
                ],
            ),
            1,
        );
        for (p, v) in [
            ("1999", 0),
            ("2000", 1),
            ("2002", 1),
            ("2003", 1),
            ("2004-04", 1),
            ("2004-05", 0),
        ] {
            assert_eq!(value(&t, "studying_abroad", p), v, "{p}");
        }
    }

    #[test]
    fn enrolments_count_once_per_year_they_overlap() {
        let mut t = Tally::default();
        let e = |s: &str, end: Option<&str>| EnrolmentFacts {
            start: d(s),
            end: end.map(d),
            province: "110000".into(),
            isced_level: "6".into(),
        };
        let fr = PersonFacts {
            sex: "M".into(),
            nationality: "FR".into(),
        };
        let kr = PersonFacts {
            sex: "F".into(),
            nationality: "KR".into(),
        };
        t.add(
            &foreign_students(&fr, &[e("2007-09-01", Some("2009-06-30"))]),
            1,
        );
        t.add(
            &foreign_students(
                &kr,
                &[e("1976-09-01", Some("1979-06-30")), e("2009-09-01", None)],
            ),
            1,
        );
        assert_eq!(value(&t, "foreign_students", "2007"), 1);
        assert_eq!(value(&t, "foreign_students", "2008"), 1);
        assert_eq!(value(&t, "foreign_students", "2009"), 2);
        assert_eq!(value(&t, "foreign_students", "2009-07"), 0);
        assert_eq!(value(&t, "foreign_students", "2009Q4"), 1);
        assert_eq!(value(&t, "foreign_students", "1978"), 1);
        // 1978 and 1979 for the first KR enrolment, 2007..2009 for FR, 2009 for KR.
        assert_eq!(value(&t, "foreign_students_cumulative", "2009"), 6);
        assert_eq!(value(&t, "foreign_students_cumulative", "2009Q1"), 6);
        assert_eq!(value(&t, "foreign_students_cumulative", "1979"), 2);
        assert_eq!(value(&t, "foreign_student_source_countries", "2006"), 1);
        assert_eq!(value(&t, "foreign_student_source_countries", "2007-09"), 2);
    }

    #[test]
    fn permits_are_valid_from_start_to_end_unless_cancelled() {
        let p = |from: &str, until: &str, cancelled: Option<&str>| PermitFacts {
            valid_from: d(from),
            valid_until: d(until),
            cancelled_on: cancelled.map(d),
            category: None,
            province: Some("310000".into()),
            occupation: Some("2512".into()),
        };
        let mut t = Tally::default();
        t.add(
            &work_permits(
                &person(),
                &[
                    p("2007-03-01", "2009-02-28", None),
                    p("2009-03-01", "2011-02-28", None),
                ],
            ),
            1,
        );
        let mut u = Tally::default();
        u.add(
            &work_permits(&person(), &[p("2008-01-01", "2009-12-31", None)]),
            1,
        );
        u.add(
            &work_permits(
                &person(),
                &[p("2008-01-01", "2010-12-31", Some("2009-12-31"))],
            ),
            1,
        );
        assert_eq!(value(&t, "work_permits_valid", "2009"), 1);
        assert_eq!(value(&t, "work_permits_valid", "2009-02"), 1);
        assert_eq!(value(&t, "work_permits_issued", "2009"), 1);
        assert_eq!(value(&t, "work_permits_issued", "2007Q1"), 1);
        // Valid to the last day counts on that day; cancelled on it does not.
        assert_eq!(value(&u, "work_permits_valid", "2009"), 1);
        assert_eq!(value(&u, "work_permits_valid", "2009-11"), 2);
        assert_eq!(value(&u, "work_permits_valid", "2010"), 0);
    }

    fn certificate(
        direction: &str,
        agreement: &str,
        from: &str,
        to: &str,
        revoked: Option<&str>,
        issued: Option<&str>,
    ) -> CertificateFacts {
        CertificateFacts {
            valid_from: d(from),
            valid_to: d(to),
            revoked_on: revoked.map(d),
            issued_on: issued.map(d),
            agreement: agreement.into(),
            direction: direction.into(),
        }
    }

    fn foreigner(nationality: &str) -> PersonFacts {
        PersonFacts {
            sex: "M".into(),
            nationality: nationality.into(),
        }
    }

    #[test]
    fn overlapping_certificates_of_one_person_count_once() {
        let de = foreigner("DE");
        let certificates = [
            certificate(
                "inbound",
                "CN-DE-2001",
                "2008-01-01",
                "2009-12-31",
                None,
                Some("2008-01-01"),
            ),
            certificate(
                "inbound",
                "CN-DE-2001",
                "2009-06-01",
                "2011-05-31",
                None,
                Some("2009-06-01"),
            ),
            // Presented and never accepted: counts nowhere.
            certificate(
                "inbound",
                "CN-DE-2001",
                "2012-01-01",
                "2013-12-31",
                None,
                None,
            ),
        ];
        let mut t = Tally::default();
        t.add(&coverage(&de, &certificates), 1);
        for (p, v) in [
            ("2007", 0),
            ("2008", 1),
            ("2009", 1),
            ("2010", 1),
            ("2011-05", 1),
            ("2011-06", 0),
            ("2012", 0),
            ("2013", 0),
        ] {
            assert_eq!(value(&t, "coverage_exemptions_active", p), v, "{p}");
        }
        assert_eq!(value(&t, "coverage_certificates_issued", "2009"), 1);
        assert_eq!(value(&t, "coverage_certificates_issued", "2008Q1"), 1);
        assert_eq!(value(&t, "coverage_certificates_issued", "2012"), 0);
        // The keys are those of the certificate that opened the period.
        let by = evaluate(
            formula("coverage_exemptions_active").unwrap(),
            &Period::parse("2010").unwrap(),
            ask(&t, "nationality"),
        )
        .unwrap();
        assert_eq!(by, Sums::from([("DE".to_owned(), 1)]));
        t.add(&coverage(&de, &certificates), -1);
        assert_eq!(t.changes().count(), 0);
    }

    #[test]
    fn a_revocation_ends_the_exemption_on_its_day() {
        let kr = foreigner("KR");
        let mut t = Tally::default();
        t.add(
            &coverage(
                &kr,
                &[certificate(
                    "inbound",
                    "CN-KR-2012",
                    "2014-03-01",
                    "2018-02-28",
                    Some("2015-12-31"),
                    Some("2014-03-01"),
                )],
            ),
            1,
        );
        let mut u = Tally::default();
        u.add(
            &coverage(
                &kr,
                &[certificate(
                    "inbound",
                    "CN-KR-2012",
                    "2014-03-01",
                    "2018-02-28",
                    Some("2016-01-01"),
                    Some("2014-03-01"),
                )],
            ),
            1,
        );
        assert_eq!(value(&t, "coverage_exemptions_active", "2015-11"), 1);
        // Revoked on the last day of 2015: not exempt on it.
        assert_eq!(value(&t, "coverage_exemptions_active", "2015"), 0);
        assert_eq!(value(&t, "coverage_exemptions_active", "2017"), 0);
        assert_eq!(value(&u, "coverage_exemptions_active", "2015"), 1);
        assert_eq!(value(&u, "coverage_exemptions_active", "2016-01"), 0);
        // A revoked certificate was still issued.
        assert_eq!(value(&t, "coverage_certificates_issued", "2014"), 1);
    }

    #[test]
    fn outbound_certificates_are_issued_but_never_exemptions() {
        let cn = foreigner("CN");
        let mut t = Tally::default();
        t.add(
            &coverage(
                &cn,
                &[
                    certificate(
                        "outbound",
                        "CN-JP-2018",
                        "2020-01-01",
                        "2024-12-31",
                        None,
                        Some("2019-11-15"),
                    ),
                    certificate(
                        "outbound",
                        "CN-JP-2018",
                        "2025-01-01",
                        "2026-12-31",
                        None,
                        Some("2024-12-01"),
                    ),
                ],
            ),
            1,
        );
        assert_eq!(value(&t, "coverage_exemptions_active", "2021"), 0);
        assert_eq!(value(&t, "coverage_certificates_issued", "2019"), 1);
        assert_eq!(value(&t, "coverage_certificates_issued", "2024-12"), 1);
        assert_eq!(value(&t, "coverage_certificates_issued", "2020"), 0);
        let by = evaluate(
            formula("coverage_certificates_issued").unwrap(),
            &Period::parse("2024").unwrap(),
            ask(&t, "direction"),
        )
        .unwrap();
        assert_eq!(by, Sums::from([("outbound".to_owned(), 1)]));
        assert!(t.changes().all(|((s, ..), _)| s != CC_EXEMPT));
    }
}
