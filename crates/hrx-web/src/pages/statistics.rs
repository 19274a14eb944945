//! The published statistics, open to everyone: a dashboard of the catalogue for a year, a
//! page per indicator (series and breakdown as SVG charts with their tables, the published
//! figure beside the computed one), exports (CSV, XLSX, SDMX-CSV) and the year's narrative.
//! Only aggregates are shown here, never the records behind them.

use super::extract::{Anyone, PageError};
use super::{render, Ctx};
use crate::charts;
use crate::exports::{self, ExportRow, ExportTable};
use crate::figures::{self, Computed, FigureError, KeyValue, PeriodValue, Published};
use crate::i18n::Lang;
use crate::map::{self, WorldMap};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hrx_domain::reference::reference;
use hrx_domain::statistics::series::{Granularity, Period};
use hrx_domain::statistics::{catalogue, Indicator};
use hrx_store::StoreError;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/statistics", get(dashboard))
        .route("/statistics/narrative", get(narrative))
        .route("/statistics/narrative/export", get(narrative_export))
        .route("/statistics/{code}", get(indicator_page))
        .route("/statistics/{code}/export", get(export))
}

/// The year the pages open on: the year of the published figures.
pub const DEFAULT_YEAR: i32 = 2009;
/// The first year of the series (the cumulative indicators start in 1978).
pub const FIRST_YEAR: i32 = 1978;

/// A figure for display: 万 for large numbers in Chinese, with the exact number kept for the
/// hover text and the tables.
pub fn display_number(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Zh if n.abs() >= 100_000 => {
            let wan = n as f64 / 10_000.0;
            let text = format!("{wan:.2}");
            let text = text.trim_end_matches('0').trim_end_matches('.');
            format!("{text}万")
        }
        _ => exact_number(n),
    }
}

/// Digits grouped by thousands.
pub fn exact_number(n: i64) -> String {
    charts::group_digits(i128::from(n))
}

/// The name of a breakdown key in the page's language (country, province, level ...).
pub fn key_label(lang: Lang, dim: &str, key: &str) -> String {
    let r = reference();
    let pick = |en: &str, zh: &str| lang.pick(zh, en).to_owned();
    let found = match dim {
        "destination_country" | "nationality" => {
            r.country(key).map(|c| pick(&c.name_en, &c.name_zh))
        }
        "province" => r.province(key).map(|p| pick(&p.name_en, &p.name_zh)),
        "isced_level" => r
            .education_levels
            .iter()
            .find(|l| l.code == key)
            .map(|l| pick(&l.name_en, &l.name_zh)),
        // A unit group the table does not list ("1120") by the group that contains it.
        "occupation" => r.occupation(key).map(|o| {
            if o.code == key {
                pick(&o.name_en, &o.name_zh)
            } else {
                crate::layout::occupation_within(lang, key, o)
            }
        }),
        "sex" | "funding" | "category" | "class" | "agreement_kind" | "event_kind" => {
            let k = format!("{dim}-{key}");
            let t = crate::i18n::translate(lang, &k, &[]);
            (t != k).then_some(t)
        }
        _ => None,
    };
    found.unwrap_or_else(|| key.to_owned())
}

fn name(lang: Lang, i: &Indicator) -> String {
    lang.pick(&i.name_zh, &i.name_en).to_owned()
}

fn definition(lang: Lang, i: &Indicator) -> String {
    lang.pick(&i.definition_zh, &i.definition_en).to_owned()
}

/// One indicator on the dashboard.
struct Card {
    code: String,
    name: String,
    unit: String,
    kind: String,
    shown: String,
    exact: String,
    published: Option<Published>,
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct DashboardPage {
    ctx: Ctx,
    year: i32,
    years: Vec<i32>,
    cards: Vec<Card>,
    chart: String,
    chart_rows: Vec<PeriodValue>,
    chart_title: String,
    maps: Vec<NationalityMap>,
}

/// The indicators whose nationalities the dashboard maps: foreign students and the holders of
/// a valid work permit.
const MAPPED: [&str; 2] = ["foreign_students", "work_permits_valid"];

/// A world map of an indicator's breakdown by nationality, on the dashboard.
struct NationalityMap {
    code: String,
    title: String,
    map: WorldMap,
}

/// The title of a breakdown of an indicator for a period: "Foreign students · Nationality ·
/// 2009".
fn breakdown_title(ctx: &Ctx, i: &Indicator, dim: &str, period: &str) -> String {
    format!(
        "{} · {} · {period}",
        name(ctx.lang, i),
        ctx.t(&format!("breakdown-{dim}"))
    )
}

/// A breakdown by country as a world map; its total is the indicator's value, since every
/// breakdown adds up to it.
fn country_map(lang: Lang, rows: &[KeyValue], caption: &str) -> WorldMap {
    let values = rows.iter().map(|kv| (kv.key.clone(), kv.value)).collect();
    map::world_map(&values, lang, caption)
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
    lang: Option<String>,
}

fn year_of(q: Option<&str>) -> Result<i32, FigureError> {
    match q.filter(|s| !s.trim().is_empty()) {
        None => Ok(DEFAULT_YEAR),
        Some(s) => {
            let p = figures::period(s)?;
            if p.granularity != Granularity::Year {
                return Err(FigureError::BadPeriod(s.chars().take(40).collect()));
            }
            Ok(p.year())
        }
    }
}

/// A statistics page asked for one year (`?year=`, the default year when absent); a year the
/// figures refuse is answered with the page saying why.
struct YearPage {
    ctx: Ctx,
    year: i32,
    /// `?lang=`: the one language an export is asked in.
    lang: Option<String>,
}

impl FromRequestParts<AppState> for YearPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Anyone { ctx, .. } = Anyone::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Query(q) = Query::<YearQuery>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match year_of(q.year.as_deref()) {
            Ok(year) => Ok(YearPage {
                ctx,
                year,
                lang: q.lang,
            }),
            Err(e) => Err(bad_request(ctx, &e).into_response()),
        }
    }
}

fn this_year() -> i32 {
    chrono::Datelike::year(&chrono::Utc::now().date_naive())
}

async fn dashboard(
    State(state): State<AppState>,
    YearPage { ctx, year, .. }: YearPage,
) -> Result<Response, PageError> {
    let list = match catalogue() {
        Ok(list) => list,
        Err(e) => return Err(PageError::store(ctx, StoreError::Integrity(e.to_owned()))),
    };
    let period = Period::parse(&year.to_string());
    let Some(period) = period else {
        return Err(PageError::store(
            ctx,
            StoreError::Integrity(format!("year {year}")),
        ));
    };
    let mut cards = Vec::new();
    for i in list {
        let Ok(c) = figures::computed(&i.code) else {
            continue;
        };
        let value = figures::value(&state.store, &c, &period)
            .await
            .map_err(|e| failed(&ctx, &e))?;
        cards.push(Card {
            code: i.code.clone(),
            name: name(ctx.lang, i),
            unit: ctx.t(&format!("unit-{}", i.unit)),
            kind: ctx.t(&format!("indicator-kind-{}", i.kind)),
            shown: display_number(ctx.lang, value),
            exact: exact_number(value),
            published: figures::published(&i.code, &period, value),
        });
    }
    let headline = "outbound_students_cumulative";
    let (chart, chart_rows, chart_title) = match figures::computed(headline) {
        Ok(c) => {
            let from = Period::parse(&FIRST_YEAR.to_string());
            let rows = match from {
                Some(from) => figures::series(&state.store, &c, &from, &period)
                    .await
                    .map_err(|e| failed(&ctx, &e))?,
                None => Vec::new(),
            };
            let title = name(ctx.lang, c.indicator);
            let points: Vec<(String, i64)> =
                rows.iter().map(|r| (r.period.clone(), r.value)).collect();
            (
                charts::line_chart(&title, &ctx.t("unit-persons"), &points),
                rows,
                title,
            )
        }
        Err(_) => (String::new(), Vec::new(), String::new()),
    };
    let mut maps = Vec::new();
    for code in MAPPED {
        let Ok(c) = figures::computed(code) else {
            continue;
        };
        let rows = figures::breakdown_values(&state.store, &c, "nationality", &period)
            .await
            .map_err(|e| failed(&ctx, &e))?;
        let title = breakdown_title(&ctx, c.indicator, "nationality", &period.label);
        maps.push(NationalityMap {
            code: code.to_owned(),
            map: country_map(ctx.lang, &rows, &title),
            title,
        });
    }
    let page = DashboardPage {
        years: (FIRST_YEAR..=this_year()).rev().collect(),
        ctx,
        year,
        cards,
        chart,
        chart_rows,
        chart_title,
        maps,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
pub struct IndicatorQuery {
    period: Option<String>,
    by: Option<String>,
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

/// What a page or an export of one indicator shows, once the query is checked.
struct Selection {
    c: Computed,
    period: Period,
    dim: Option<&'static str>,
    from: Period,
    to: Period,
}

fn select(code: &str, q: &IndicatorQuery) -> Result<Selection, FigureError> {
    let c = figures::computed(code)?;
    let period = match q.period.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(p) => figures::period(p)?,
        None => figures::period(&DEFAULT_YEAR.to_string())?,
    };
    let dim =
        q.by.as_deref()
            .filter(|s| !s.is_empty())
            .map(|b| figures::breakdown(&c, b))
            .transpose()?;
    // The series runs at the period's granularity: years from 1978, or the twelve quarters
    // or twenty-four months up to the period.
    let default_from = match period.granularity {
        Granularity::Year => figures::period(&FIRST_YEAR.to_string())?,
        Granularity::Quarter => figures::period(&format!(
            "{}Q{}",
            period.year() - 2,
            (period.first % 100 + 2) / 3
        ))?,
        Granularity::Month => {
            figures::period(&format!("{}-{:02}", period.year() - 2, period.last % 100))?
        }
    };
    let from = match q.from.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(f) => figures::period(f)?,
        None => default_from,
    };
    let to = match q.to.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(t) => figures::period(t)?,
        None => period.clone(),
    };
    if Period::range(&from, &to, figures::MAX_SERIES).is_none() {
        return Err(FigureError::BadRange);
    }
    Ok(Selection {
        c,
        period,
        dim,
        from,
        to,
    })
}

/// The breakdowns whose keys are countries, shown on a world map as well as in bars.
const COUNTRY_BREAKDOWNS: [&str; 2] = ["nationality", "destination_country"];

struct BreakdownRow {
    key: String,
    label: String,
    value: i64,
    exact: String,
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    ctx: Ctx,
    code: String,
    name: String,
    definition: String,
    unit: String,
    kind: String,
    period: String,
    value_shown: String,
    value_exact: String,
    published: Option<Published>,
    breakdowns: Vec<(String, String)>,
    by: String,
    by_label: String,
    from: String,
    to: String,
    series_chart: String,
    series: Vec<(String, String)>,
    breakdown_chart: String,
    breakdown: Vec<BreakdownRow>,
    /// A breakdown by country as a world map too (its table is the breakdown's).
    breakdown_map: Option<WorldMap>,
    export_period: String,
    export_series: String,
}

/// A query string of checked values (period labels and breakdown codes: ASCII letters,
/// digits, `-` and `_`, nothing to escape).
fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

async fn indicator_page(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    Path(code): Path<String>,
    Query(q): Query<IndicatorQuery>,
) -> Result<Response, PageError> {
    let sel = match select(&code, &q) {
        Ok(s) => s,
        Err(e) => return bad_request(ctx, &e),
    };
    let lang = ctx.lang;
    let store = &state.store;
    let value = figures::value(store, &sel.c, &sel.period)
        .await
        .map_err(|e| failed(&ctx, &e))?;
    let series = figures::series(store, &sel.c, &sel.from, &sel.to)
        .await
        .map_err(|e| failed(&ctx, &e))?;
    let title = name(lang, sel.c.indicator);
    let unit = ctx.t(&format!("unit-{}", sel.c.indicator.unit));
    let points: Vec<(String, i64)> = series.iter().map(|r| (r.period.clone(), r.value)).collect();
    let series_chart = charts::line_chart(&title, &unit, &points);
    let (breakdown, breakdown_chart, breakdown_map) = match sel.dim {
        Some(dim) => {
            let rows = figures::breakdown_values(store, &sel.c, dim, &sel.period)
                .await
                .map_err(|e| failed(&ctx, &e))?;
            let labelled: Vec<BreakdownRow> = rows
                .iter()
                .map(|KeyValue { key, value }| BreakdownRow {
                    key: key.clone(),
                    label: key_label(lang, dim, key),
                    value: *value,
                    exact: exact_number(*value),
                })
                .collect();
            let top: Vec<(String, i64)> = labelled
                .iter()
                .take(15)
                .map(|r| (r.label.clone(), r.value))
                .collect();
            let chart_title = breakdown_title(&ctx, sel.c.indicator, dim, &sel.period.label);
            let map = COUNTRY_BREAKDOWNS
                .contains(&dim)
                .then(|| country_map(lang, &rows, &chart_title).without_table());
            (labelled, charts::bar_chart(&chart_title, &unit, &top), map)
        }
        None => (Vec::new(), String::new(), None),
    };
    let by = sel.dim.unwrap_or_default().to_owned();
    let page = IndicatorPage {
        code: sel.c.indicator.code.clone(),
        name: title,
        definition: definition(lang, sel.c.indicator),
        kind: ctx.t(&format!("indicator-kind-{}", sel.c.indicator.kind)),
        period: sel.period.label.clone(),
        value_shown: display_number(lang, value),
        value_exact: exact_number(value),
        published: figures::published(&sel.c.indicator.code, &sel.period, value),
        breakdowns: sel
            .c
            .indicator
            .breakdowns
            .iter()
            .map(|b| (b.clone(), ctx.t(&format!("breakdown-{b}"))))
            .collect(),
        by_label: if by.is_empty() {
            String::new()
        } else {
            ctx.t(&format!("breakdown-{by}"))
        },
        export_period: query_string(&[("period", &sel.period.label), ("by", &by)]),
        export_series: query_string(&[("from", &sel.from.label), ("to", &sel.to.label)]),
        by,
        from: sel.from.label.clone(),
        to: sel.to.label.clone(),
        series_chart,
        series: series
            .iter()
            .map(|r| (r.period.clone(), exact_number(r.value)))
            .collect(),
        breakdown_chart,
        breakdown,
        breakdown_map,
        unit,
        ctx,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `?format=csv|xlsx|sdmx` with `period` (and `by`) or `from` and `to`.
async fn export(
    State(state): State<AppState>,
    Anyone { ctx, .. }: Anyone,
    Path(code): Path<String>,
    Query(q): Query<IndicatorQuery>,
) -> Result<Response, PageError> {
    let format = q.format.clone().unwrap_or_else(|| "csv".into());
    let series_wanted = q.from.is_some() || q.to.is_some();
    let sel = match select(&code, &q) {
        Ok(s) => s,
        Err(e) => return bad_request(ctx, &e),
    };
    let i = sel.c.indicator;
    let mut rows = Vec::new();
    if series_wanted {
        let series = figures::series(&state.store, &sel.c, &sel.from, &sel.to)
            .await
            .map_err(|e| failed(&ctx, &e))?;
        rows.extend(series.into_iter().map(|p| ExportRow {
            period: p.period,
            breakdown: None,
            key: None,
            value: p.value,
        }));
    } else {
        let v = figures::value(&state.store, &sel.c, &sel.period)
            .await
            .map_err(|e| failed(&ctx, &e))?;
        rows.push(ExportRow {
            period: sel.period.label.clone(),
            breakdown: None,
            key: None,
            value: v,
        });
        if let Some(dim) = sel.dim {
            let b = figures::breakdown_values(&state.store, &sel.c, dim, &sel.period)
                .await
                .map_err(|e| failed(&ctx, &e))?;
            rows.extend(b.into_iter().map(|kv| ExportRow {
                period: sel.period.label.clone(),
                breakdown: Some(dim.to_owned()),
                key: Some(kv.key),
                value: kv.value,
            }));
        }
    }
    let table = ExportTable {
        indicator: i.code.clone(),
        name_en: i.name_en.clone(),
        name_zh: i.name_zh.clone(),
        unit: i.unit.clone(),
        kind: i.kind.clone(),
        rows,
    };
    let (bytes, content_type, extension) = match format.as_str() {
        "csv" => (exports::to_csv(&table), "text/csv; charset=utf-8", "csv"),
        "xlsx" => (
            exports::to_xlsx(&table),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "sdmx" | "sdmx-csv" => (
            exports::to_sdmx_csv(&table),
            "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8",
            "sdmx.csv",
        ),
        _ => {
            let page = Problem {
                title: ctx.t("statistics-bad-request"),
                message: ctx.t("statistics-bad-format"),
                ctx,
            };
            return Ok(render(StatusCode::BAD_REQUEST, &page));
        }
    };
    match bytes {
        Ok(bytes) => Ok((
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"{}\"",
                        exports::file_name(&table, extension)
                    ),
                ),
            ],
            bytes,
        )
            .into_response()),
        Err(e) => Err(PageError::store(
            ctx,
            StoreError::Integrity(format!("export failed: {e}")),
        )),
    }
}

/// The year's paragraph: sentences in the page's language with each number a link to its
/// indicator.
pub struct Sentence {
    /// Text and links, in order: (text, Some(href)) for a number.
    pub parts: Vec<(String, Option<String>)>,
}

impl Sentence {
    pub fn plain(&self) -> String {
        self.parts.iter().map(|(t, _)| t.as_str()).collect()
    }

    pub fn markdown(&self) -> String {
        self.parts
            .iter()
            .map(|(t, href)| match href {
                Some(h) => format!("[{t}]({h})"),
                None => t.clone(),
            })
            .collect()
    }
}

/// Builds a sentence from a translation whose variables are figures: each figure becomes a
/// link to its indicator page.
fn sentence(lang: Lang, key: &str, year: i32, figures: &[(&str, &str, i64)]) -> Sentence {
    // Markers that no translation contains stand for the figures, then split the text.
    let mut args: Vec<(&str, String)> = figures
        .iter()
        .enumerate()
        .map(|(n, (var, _, _))| (*var, format!("\u{E000}{n}\u{E001}")))
        .collect();
    args.push(("year", year.to_string()));
    let text = crate::i18n::translate(lang, key, &args);
    let mut parts = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find('\u{E000}') {
        let (before, after) = rest.split_at(start);
        if !before.is_empty() {
            parts.push((before.to_owned(), None));
        }
        let after = &after['\u{E000}'.len_utf8()..];
        let Some(end) = after.find('\u{E001}') else {
            break;
        };
        let n: usize = after[..end].parse().unwrap_or(usize::MAX);
        if let Some((_, code, value)) = figures.get(n) {
            parts.push((
                exact_number(*value),
                Some(format!("/statistics/{code}?period={year}")),
            ));
        }
        rest = &after[end + '\u{E001}'.len_utf8()..];
    }
    if !rest.is_empty() {
        parts.push((rest.to_owned(), None));
    }
    Sentence { parts }
}

/// The narrative of a year from the computed figures.
pub async fn narrative_sentences(
    state: &AppState,
    lang: Lang,
    year: i32,
) -> Result<Vec<Sentence>, FigureError> {
    let period = figures::period(&year.to_string())?;
    let mut v = std::collections::HashMap::new();
    for code in [
        "outbound_students_cumulative",
        "returned_students_cumulative",
        "studying_abroad",
        "outbound_departures",
        "foreign_students_cumulative",
        "foreign_student_source_countries",
        "foreign_students",
        "work_permits_valid",
        "work_permits_issued",
    ] {
        let c = figures::computed(code)?;
        v.insert(code, figures::value(&state.store, &c, &period).await?);
    }
    let get = |code: &str| v.get(code).copied().unwrap_or(0);
    Ok(vec![
        sentence(
            lang,
            "narrative-study-abroad",
            year,
            &[
                (
                    "outbound",
                    "outbound_students_cumulative",
                    get("outbound_students_cumulative"),
                ),
                (
                    "returned",
                    "returned_students_cumulative",
                    get("returned_students_cumulative"),
                ),
                ("abroad", "studying_abroad", get("studying_abroad")),
                (
                    "departures",
                    "outbound_departures",
                    get("outbound_departures"),
                ),
            ],
        ),
        sentence(
            lang,
            "narrative-foreign-students",
            year,
            &[
                (
                    "cumulative",
                    "foreign_students_cumulative",
                    get("foreign_students_cumulative"),
                ),
                (
                    "countries",
                    "foreign_student_source_countries",
                    get("foreign_student_source_countries"),
                ),
                ("students", "foreign_students", get("foreign_students")),
            ],
        ),
        sentence(
            lang,
            "narrative-work-permits",
            year,
            &[
                ("valid", "work_permits_valid", get("work_permits_valid")),
                ("issued", "work_permits_issued", get("work_permits_issued")),
            ],
        ),
    ])
}

#[derive(Template)]
#[template(path = "narrative.html")]
struct NarrativePage {
    ctx: Ctx,
    year: i32,
    years: Vec<i32>,
    sentences: Vec<Sentence>,
}

async fn narrative(
    State(state): State<AppState>,
    YearPage { ctx, year, .. }: YearPage,
) -> Result<Response, PageError> {
    let sentences = narrative_sentences(&state, ctx.lang, year)
        .await
        .map_err(|e| failed(&ctx, &e))?;
    Ok(render(
        StatusCode::OK,
        &NarrativePage {
            ctx,
            year,
            years: (FIRST_YEAR..=this_year()).rev().collect(),
            sentences,
        },
    ))
}

/// The narrative as Markdown, in Chinese and in English (`?lang=zh` or `en` for one).
async fn narrative_export(
    State(state): State<AppState>,
    YearPage { ctx, year, lang }: YearPage,
) -> Result<Response, PageError> {
    let langs: Vec<Lang> = match lang.as_deref().and_then(Lang::parse) {
        Some(l) => vec![l],
        None => vec![Lang::Zh, Lang::En],
    };
    let mut text = String::new();
    for lang in langs {
        let sentences = narrative_sentences(&state, lang, year)
            .await
            .map_err(|e| failed(&ctx, &e))?;
        text.push_str(&format!(
            "# {}\n\n",
            crate::i18n::translate(lang, "narrative-title", &[("year", year.to_string())])
        ));
        let paragraph: Vec<String> = sentences.iter().map(Sentence::markdown).collect();
        let sep = if lang == Lang::Zh { "" } else { " " };
        text.push_str(&paragraph.join(sep));
        text.push_str("\n\n");
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/markdown; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"hrx-narrative-{year}.md\""),
            ),
        ],
        text,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "message.html")]
struct Problem {
    ctx: Ctx,
    title: String,
    message: String,
}

/// A query the figures refuse: the page saying why (a store failure is the error page).
fn bad_request(ctx: Ctx, e: &FigureError) -> Result<Response, PageError> {
    let status = match e {
        FigureError::UnknownIndicator(_) => StatusCode::NOT_FOUND,
        FigureError::Store(_) => return Err(failed(&ctx, e)),
        _ => StatusCode::BAD_REQUEST,
    };
    let message = match e {
        FigureError::UnknownIndicator(code) => {
            ctx.t1("statistics-unknown-indicator", "code", code.clone())
        }
        FigureError::BadPeriod(p) => ctx.t1("statistics-bad-period", "period", p.clone()),
        FigureError::UnknownBreakdown { by, supported, .. } => crate::i18n::translate(
            ctx.lang,
            "statistics-unknown-breakdown",
            &[("by", by.clone()), ("supported", supported.clone())],
        ),
        _ => ctx.t("statistics-bad-range"),
    };
    let page = Problem {
        title: ctx.t("statistics-bad-request"),
        message,
        ctx,
    };
    Ok(render(status, &page))
}

/// A figure that could not be computed: the error page.
fn failed(ctx: &Ctx, e: &FigureError) -> PageError {
    PageError::store(
        ctx.clone(),
        StoreError::Integrity(format!("statistics: {e}")),
    )
}
