//! The figures behind the statistics pages, the API and the exports: an indicator's value for
//! a period, its breakdown and its series, read from the maintained aggregates, each beside
//! the figure published for it where there is one.

use hrx_domain::statistics::series::{formula, Formula, Period};
use hrx_domain::statistics::{indicator, published_figure, Indicator, PublishedFigure};
use hrx_store::{Store, StoreError};
use serde::Serialize;

/// The most periods a series answers at once.
pub const MAX_SERIES: usize = 1200;

/// Why a question about an indicator cannot be answered.
#[derive(Debug, thiserror::Error)]
pub enum FigureError {
    #[error("there is no indicator {0}: GET /api/v1/indicators lists them")]
    UnknownIndicator(String),
    #[error("{0} is not a period: write a year (2009), a quarter (2009Q4) or a month (2009-12)")]
    BadPeriod(String),
    #[error("{indicator} has no breakdown {by}; it has: {supported}")]
    UnknownBreakdown {
        indicator: String,
        by: String,
        supported: String,
    },
    #[error("a series runs from a period to a later one of the same kind (years, quarters or months), at most {MAX_SERIES} periods")]
    BadRange,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An indicator that HRX computes, with its formula.
#[derive(Debug, Clone, Copy)]
pub struct Computed {
    pub indicator: &'static Indicator,
    pub formula: Formula,
}

pub fn computed(code: &str) -> Result<Computed, FigureError> {
    let indicator = indicator(code).ok_or_else(|| FigureError::UnknownIndicator(code.into()))?;
    let formula = formula(code).ok_or_else(|| FigureError::UnknownIndicator(code.into()))?;
    Ok(Computed { indicator, formula })
}

pub fn period(text: &str) -> Result<Period, FigureError> {
    Period::parse(text).ok_or_else(|| FigureError::BadPeriod(text.chars().take(40).collect()))
}

/// The breakdown dimension, checked against the indicator's list.
pub fn breakdown(c: &Computed, by: &str) -> Result<&'static str, FigureError> {
    c.indicator
        .breakdowns
        .iter()
        .find(|b| b.as_str() == by)
        .and_then(|b| {
            hrx_domain::statistics::BREAKDOWNS
                .iter()
                .copied()
                .find(|s| *s == b)
        })
        .ok_or_else(|| FigureError::UnknownBreakdown {
            indicator: c.indicator.code.clone(),
            by: by.chars().take(40).collect(),
            supported: if c.indicator.breakdowns.is_empty() {
                "none".into()
            } else {
                c.indicator.breakdowns.join(", ")
            },
        })
}

/// One key of a breakdown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct KeyValue {
    pub key: String,
    pub value: i64,
}

/// One period of a series.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct PeriodValue {
    pub period: String,
    pub value: i64,
}

/// The total for a period.
pub async fn value(store: &Store, c: &Computed, p: &Period) -> Result<i64, FigureError> {
    let sums = store.indicator_sums(c.formula, "", p).await?;
    Ok(sums.get("").copied().unwrap_or(0))
}

/// The breakdown for a period, largest first (ties by key), without empty keys.
pub async fn breakdown_values(
    store: &Store,
    c: &Computed,
    dim: &'static str,
    p: &Period,
) -> Result<Vec<KeyValue>, FigureError> {
    let sums = store.indicator_sums(c.formula, dim, p).await?;
    let mut out: Vec<KeyValue> = sums
        .into_iter()
        .filter(|(_, v)| *v != 0)
        .map(|(key, value)| KeyValue { key, value })
        .collect();
    out.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.key.cmp(&b.key)));
    Ok(out)
}

/// The totals of each period from `from` to `to`.
pub async fn series(
    store: &Store,
    c: &Computed,
    from: &Period,
    to: &Period,
) -> Result<Vec<PeriodValue>, FigureError> {
    let periods = Period::range(from, to, MAX_SERIES).ok_or(FigureError::BadRange)?;
    let mut out = Vec::with_capacity(periods.len());
    for p in &periods {
        out.push(PeriodValue {
            period: p.label.clone(),
            value: value(store, c, p).await?,
        });
    }
    Ok(out)
}

/// The published figure for the indicator and period, with the difference from the
/// computed value (computed minus published).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Published {
    pub value: i64,
    /// Published as "more than" the value.
    pub over: bool,
    /// Computed minus published; for a figure published as "more than" its value, 0 when the
    /// computed value is more.
    pub difference: i64,
    pub source_en: String,
    pub source_zh: String,
}

pub fn published(code: &str, period: &Period, computed: i64) -> Option<Published> {
    published_figure(code, &period.label).map(|f: &PublishedFigure| {
        let over = f.qualifier.as_deref() == Some("over");
        Published {
            value: f.value,
            over,
            difference: if over && computed > f.value {
                0
            } else {
                computed - f.value
            },
            source_en: f.source_en.clone(),
            source_zh: f.source_zh.clone(),
        }
    })
}
