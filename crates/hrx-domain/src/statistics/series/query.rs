//! How an indicator's value for a period is read back from the series: the questions a
//! formula asks of the aggregate table, and the combination of their answers.

use super::period::{previous_month, Period};
use super::Formula;
use std::collections::HashMap;

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
