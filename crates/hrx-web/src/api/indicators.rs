//! Published statistics over JSON: the indicator catalogue and each indicator's value, its
//! breakdown and its series. Public, like the figures; the records behind them are not.

use super::{ApiPath, ApiQuery};
use crate::error::ApiError;
use crate::figures::{self, FigureError, KeyValue, PeriodValue, Published};
use crate::AppState;
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use hrx_domain::statistics::{catalogue, Indicator};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/indicators", get(list))
        .route("/api/v1/indicators/{code}", get(figure))
}

/// Every indicator HRX computes: code, names in Chinese and English, unit, kind (stock, flow
/// or cumulative), what it counts, its breakdowns and its definition in words.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "statistics",
    responses((status = 200, body = Vec<Indicator>)))]
pub async fn list() -> Result<Json<Vec<Indicator>>, ApiError> {
    let indicators = catalogue().map_err(|e| {
        tracing::error!(error = e, "the indicator catalogue does not parse");
        ApiError::Internal
    })?;
    Ok(Json(indicators.to_vec()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FigureQuery {
    /// A year (`2009`), a quarter (`2009Q4`) or a month (`2009-12`).
    pub period: Option<String>,
    /// A breakdown the indicator supports (see its `breakdowns`).
    pub by: Option<String>,
    /// First period of a series (with `to`, same kind of period).
    pub from: Option<String>,
    /// Last period of a series.
    pub to: Option<String>,
}

/// An indicator's value for a period (with a breakdown when asked), or its series.
#[derive(Debug, Serialize, ToSchema)]
pub struct Figure {
    pub code: String,
    pub unit: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Vec<KeyValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<Vec<PeriodValue>>,
    /// The figure published for this period, where there is one, and the difference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Published>,
}

impl From<FigureError> for ApiError {
    fn from(e: FigureError) -> Self {
        let code = match &e {
            FigureError::UnknownIndicator(_) => {
                return ApiError::NotFoundBecause {
                    code: "unknown_indicator",
                    detail: e.to_string(),
                }
            }
            FigureError::BadPeriod(_) => "invalid_period",
            FigureError::UnknownBreakdown { .. } => "unknown_breakdown",
            FigureError::BadRange => "invalid_range",
            FigureError::Store(s) => {
                tracing::error!(error = %s, "reading an indicator failed");
                return ApiError::Internal;
            }
        };
        ApiError::BadRequest {
            code,
            detail: e.to_string(),
        }
    }
}

/// `?period=2009` answers `{"code", "period", "value"}`; adding `&by=destination_country`
/// adds `"breakdown": [{"key", "value"}]` (largest first); `?from=1978&to=2009` answers a
/// `"series"` of `{"period", "value"}`. Unknown codes are 404; unknown breakdowns and
/// periods 400 with the reason.
#[utoipa::path(get, path = "/api/v1/indicators/{code}", tag = "statistics",
    params(("code" = String, Path, description = "indicator code"), FigureQuery),
    responses((status = 200, body = Figure), (status = 400, description = "bad period, range or breakdown"),
        (status = 404, description = "unknown indicator")))]
pub async fn figure(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    ApiQuery(q): ApiQuery<FigureQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let started = std::time::Instant::now();
    let c = figures::computed(&code)?;
    let mut out = Figure {
        code: c.indicator.code.clone(),
        unit: c.indicator.unit.clone(),
        kind: c.indicator.kind.clone(),
        period: None,
        value: None,
        by: None,
        breakdown: None,
        from: None,
        to: None,
        series: None,
        published: None,
    };
    match (&q.period, &q.from, &q.to) {
        (None, Some(from), Some(to)) => {
            if q.by.is_some() {
                return Err(ApiError::BadRequest {
                    code: "invalid_range",
                    detail: "a breakdown is given for one period: use period= with by=".into(),
                });
            }
            let (from, to) = (figures::period(from)?, figures::period(to)?);
            out.series = Some(figures::series(&state.store, &c, &from, &to).await?);
            out.from = Some(from.label);
            out.to = Some(to.label);
        }
        (Some(period), None, None) => {
            let p = figures::period(period)?;
            let dim =
                q.by.as_deref()
                    .map(|by| figures::breakdown(&c, by))
                    .transpose()?;
            let value = figures::value(&state.store, &c, &p).await?;
            if let Some(dim) = dim {
                out.breakdown = Some(figures::breakdown_values(&state.store, &c, dim, &p).await?);
                out.by = Some(dim.to_owned());
            }
            out.published = figures::published(&c.indicator.code, &p, value);
            out.value = Some(value);
            out.period = Some(p.label);
        }
        _ => {
            return Err(ApiError::BadRequest {
                code: "period_required",
                detail: "give period= (2009, 2009Q4 or 2009-12), or from= and to= for a series"
                    .into(),
            })
        }
    }
    // The time spent answering, for clients and benchmarks (W3C Server-Timing).
    let timing = format!(
        "compute;dur={:.3}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(([("server-timing", timing)], Json(out)))
}
