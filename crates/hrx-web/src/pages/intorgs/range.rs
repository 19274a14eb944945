//! The desirable-range calculator (public, no sign-in; spec §6.1–§6.2): a State's base
//! figure, Member States, population share, assessment rate and staff, answered with the
//! midpoint, the limits and the limits as a report prints them, the status worded, HRX's
//! near-lower-limit flag and every step of the computation. The defaults are China's at the
//! end of 2018.

use crate::pages::extract::Anyone;
use crate::pages::{render, Ctx, Errors};
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use hrx_domain::intorgs::{RangeInput, RangeResult};
use hrx_domain::FieldErrors;
use serde::Deserialize;

/// The calculator's fields as typed.
#[derive(Debug, Deserialize)]
#[serde(default)]
pub(super) struct RangeForm {
    base_figure: String,
    member_states: String,
    population_share: String,
    assessment_rate: String,
    staff: String,
}

impl Default for RangeForm {
    fn default() -> Self {
        RangeForm {
            base_figure: "3600".into(),
            member_states: "193".into(),
            population_share: "0.1896".into(),
            assessment_rate: "0.07921".into(),
            staff: "89".into(),
        }
    }
}

/// A step of the computation, worded.
struct StepRow {
    name: String,
    formula: String,
    value: String,
}

#[derive(Template)]
#[template(path = "io_range.html")]
struct RangePage {
    ctx: Ctx,
    form: RangeForm,
    errors: Errors,
    result: Option<RangeResult>,
    status: String,
    status_badge: &'static str,
    steps: Vec<StepRow>,
    record: Vec<RecordRow>,
    chart: String,
}

/// A range of China's on record, worded.
struct RecordRow {
    date: String,
    report: String,
    kind: String,
    base_figure: String,
    computed: String,
    published: String,
    staff: String,
    status: String,
}

/// China's ranges on record: the table's rows and the chart of the staff count against the
/// printed limits, a year each (the published range where there is one, else the derived
/// range with the largest base figure).
fn on_record(ctx: &Ctx) -> (Vec<RecordRow>, String) {
    let Ok(list) = hrx_domain::intorgs::periods::of_country("CN") else {
        return (Vec::new(), String::new());
    };
    let dash = || "—".to_owned();
    let rows = list
        .iter()
        .map(|r| RecordRow {
            date: ctx.date(&r.reference_date),
            report: r.report.clone(),
            kind: ctx.t(&format!("io-range-kind-{}", r.kind)),
            base_figure: r.base_figure.map_or_else(dash, |b| format!("{b:.0}")),
            computed: r.computed.as_ref().map_or_else(dash, |c| {
                format!("{} – {}", c.display_lower, c.display_upper)
            }),
            published: match (r.published_lower, r.published_upper) {
                (Some(lo), Some(hi)) => format!("{lo} – {hi}"),
                _ => dash(),
            },
            staff: r.staff.map_or_else(dash, |s| s.to_string()),
            status: r
                .status
                .map_or_else(dash, |s| ctx.io_word("io-range-status", s)),
        })
        .collect();
    let mut years: Vec<String> = list
        .iter()
        .map(|r| r.reference_date.get(..4).unwrap_or_default().to_owned())
        .collect();
    years.dedup();
    let mut lower = Vec::new();
    let mut upper = Vec::new();
    let mut staff = Vec::new();
    for (i, year) in years.iter().enumerate() {
        let of_year: Vec<_> = list
            .iter()
            .filter(|r| r.reference_date.starts_with(year.as_str()))
            .collect();
        let published = of_year
            .iter()
            .find_map(|r| r.published_lower.zip(r.published_upper));
        let derived = of_year
            .iter()
            .filter_map(|r| r.computed.as_ref().map(|c| (r.base_figure, c)))
            .max_by(|a, b| a.0.unwrap_or(0.0).total_cmp(&b.0.unwrap_or(0.0)))
            .map(|(_, c)| (c.display_lower, c.display_upper));
        if let Some((lo, hi)) = published.or(derived) {
            lower.push((i, lo));
            upper.push((i, hi));
        }
        if let Some(s) = of_year.iter().find_map(|r| r.staff) {
            staff.push((i, s));
        }
    }
    let chart = crate::charts::series_chart(
        &ctx.t("io-range-chart-title"),
        &ctx.t("io-range-posts"),
        &years,
        &[
            (ctx.t("io-range-series-lower"), lower),
            (ctx.t("io-range-series-upper"), upper),
            (ctx.t("io-range-series-staff"), staff),
        ],
    );
    (rows, chart)
}

/// A number as people type it ("3,600", "0.1896").
fn number(errors: &mut FieldErrors, name: &str, text: &str) -> f64 {
    let plain: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '_'))
        .collect();
    plain.parse().unwrap_or_else(|_| {
        errors.add(name, "not_a_number");
        0.0
    })
}

fn input_of(form: &RangeForm) -> Result<RangeInput, FieldErrors> {
    let mut e = FieldErrors::new();
    let base_figure = number(&mut e, "base_figure", &form.base_figure);
    let member_states = number(&mut e, "member_states", &form.member_states);
    let population_share = number(&mut e, "population_share", &form.population_share);
    let assessment_rate = number(&mut e, "assessment_rate", &form.assessment_rate);
    let staff = match form.staff.trim() {
        "" => None,
        s => Some(number(&mut e, "staff", s) as i64),
    };
    e.into_result()?;
    Ok(RangeInput {
        base_figure,
        member_states: member_states as i64,
        population_share,
        assessment_rate,
        staff,
        weights: None,
        flex_pct: None,
        min_flex: None,
        min_upper: None,
        near_threshold: None,
    })
}

pub(super) async fn page(
    Anyone { ctx, .. }: Anyone,
    params: Result<Query<RangeForm>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let form = params.map(|q| q.0).unwrap_or_default();
    let (result, errors) = match input_of(&form).and_then(|i| i.compute()) {
        Ok(r) => (Some(r), FieldErrors::new()),
        Err(e) => (None, e),
    };
    let errors = Errors::from(&ctx, &errors);
    let status_code = result.as_ref().and_then(|r| r.status).unwrap_or("");
    let steps = result
        .as_ref()
        .map(|r| {
            r.steps
                .iter()
                .map(|s| StepRow {
                    name: ctx.io_word("io-range-step", s.step),
                    formula: s.formula.clone(),
                    value: format!("{:.2}", s.value),
                })
                .collect()
        })
        .unwrap_or_default();
    let (record, chart) = on_record(&ctx);
    let page = RangePage {
        record,
        chart,
        status: if status_code.is_empty() {
            String::new()
        } else {
            ctx.io_word("io-range-status", status_code)
        },
        status_badge: super::badge(status_code),
        steps,
        result,
        errors,
        form,
        ctx,
    };
    render(page.errors.status(), &page)
}
