//! Completion reports: the list of returned participants' reports (filed or awaited, the
//! most overdue first) with a search box and a state filter, the form that files a report
//! (summary, day handed in) and the sending unit's evaluation (score 1–5, comments); and the
//! participants the statistics count, by year and programme type, a page at a time.

use super::{answer, badge, codes, Kept, Officer};
use crate::pages::extract::{OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues, KeysetPager};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::training::ProgrammeType;
use hrx_domain::FieldErrors;
use hrx_store::training::{
    EvaluationInput, ParticipantQuery, ParticipantRecord, ReportInput, ReportQuery, ReportRecord,
};
use serde::Deserialize;

const BASE: &str = "/training/reports";

/// Reports on a page of the list.
const REPORT_ROWS: i64 = 25;

/// The list's address parameters; the forms of a page post back with them, so that the
/// officer comes back to the page they were on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    q: String,
    state: String,
    after: String,
}

impl ListQuery {
    /// `?q=…&state=…&after=…` of the page (empty on the unfiltered first page).
    fn query_string(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("state", &self.state),
            ("after", &self.after),
        ] {
            if !v.is_empty() {
                query.append_pair(k, v);
            }
        }
        let query = query.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }
}

struct Row {
    r: ReportRecord,
    programme: String,
    state: String,
    badge: &'static str,
}

#[derive(Template)]
#[template(path = "training_reports.html")]
struct ListPage {
    ctx: Ctx,
    q: ListQuery,
    states: Vec<(String, String)>,
    rows: Vec<Row>,
    pager: KeysetPager,
    /// The page's own parameters, which its forms post back with.
    back: String,
    today: String,
    /// The member whose form was refused, with what was typed.
    member: i64,
    values: FormValues,
    errors: Errors,
    message: String,
    detail: String,
}

async fn list_view(
    state: &AppState,
    ctx: Ctx,
    q: ListQuery,
    kept: Option<(i64, FormValues, Kept)>,
) -> Result<Response, PageError> {
    let query = ReportQuery {
        text: Some(q.q.clone()).filter(|t| !t.trim().is_empty()),
        state: Some(q.state.clone()).filter(|s| !s.is_empty()),
    };
    let after = Some(q.after.as_str()).filter(|a| !a.is_empty());
    let found = state
        .store
        .training_reports_after(&query, after, REPORT_ROWS, state.today())
        .await
        .or_page(&ctx)?;
    let pager = KeysetPager::new(
        BASE,
        &[("q", q.q.as_str()), ("state", q.state.as_str())],
        &q.after,
        (found.total, found.total_capped),
        found.next.as_deref(),
    );
    let rows = found
        .items
        .into_iter()
        .map(|r| Row {
            programme: format!(
                "{} · {}",
                r.programme_code,
                ctx.title_of(&r.programme_title_en, &r.programme_title_zh)
            ),
            state: ctx.tk("trn-report", &r.state),
            badge: badge(&r.state),
            r,
        })
        .collect();
    let (member, values, kept) = kept.unwrap_or_default();
    let page = ListPage {
        states: ctx.choices("trn-report", &["due", "on_time", "late", "overdue"]),
        rows,
        pager,
        back: q.query_string(),
        today: state.today().to_string(),
        member,
        values,
        errors: Errors::from(&ctx, &kept.errors),
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        q,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    list_view(&state, ctx, q, None).await
}

/// After a post: back to the report's row, or the list again with what was typed.
async fn answered<T>(
    state: &AppState,
    ctx: Ctx,
    (member, back): (i64, ListQuery),
    (result, values): (
        Result<Result<T, hrx_store::StoreError>, FieldErrors>,
        FormValues,
    ),
) -> Result<Response, PageError> {
    let kept = match result {
        Ok(taken) => match answer(
            taken,
            &ctx,
            &format!("{BASE}{}#report-{member}", back.query_string()),
        )? {
            Ok(done) => return Ok(done),
            Err(kept) => kept,
        },
        Err(errors) => Kept::fields(errors),
    };
    let ctx = Ctx {
        path: BASE.to_owned(),
        ..ctx
    };
    list_view(state, ctx, back, Some((member, values, kept))).await
}

/// Files a participant's completion report.
pub(super) async fn file(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(member): Path<String>,
    Query(back): Query<ListQuery>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let member = parse_id(&member).ok_or_else(|| PageError::not_found(ctx.clone()))?;
    let input = ReportInput {
        summary: values.value("summary").to_owned(),
        submitted_on: values.value("submitted_on").to_owned(),
    };
    let filed = state
        .store
        .file_training_report(&p.username, member, &input, state.today())
        .await;
    answered(&state, ctx, (member, back), (Ok(filed), values)).await
}

/// Records the sending unit's evaluation of a filed report.
pub(super) async fn evaluate(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(member): Path<String>,
    Query(back): Query<ListQuery>,
    Form(values): Form<FormValues>,
) -> Result<Response, PageError> {
    let member = parse_id(&member).ok_or_else(|| PageError::not_found(ctx.clone()))?;
    let result = match values.value("score").trim().parse::<i64>() {
        Ok(score) => {
            let input = EvaluationInput {
                score,
                comments: values.value("comments").to_owned(),
            };
            Ok(state
                .store
                .evaluate_training_report(&p.username, member, &input, state.today())
                .await)
        }
        Err(_) => Err(FieldErrors::single("score", "required")),
    };
    answered(&state, ctx, (member, back), (result, values)).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ParticipantsQuery {
    q: String,
    year: String,
    programme_type: String,
    after: String,
}

#[derive(Template)]
#[template(path = "training_participants.html")]
struct ParticipantsPage {
    ctx: Ctx,
    q: ParticipantsQuery,
    types: Vec<(String, String)>,
    rows: Vec<ParticipantRecord>,
    pager: KeysetPager,
}

const PER_PAGE: i64 = 50;

pub(super) async fn participants(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<ParticipantsQuery>,
) -> Result<Response, PageError> {
    let types = codes(ProgrammeType::ALL, ProgrammeType::code);
    let kind = Some(q.programme_type.clone()).filter(|t| types.contains(&t.as_str()));
    let query = ParticipantQuery {
        year: q.year.trim().parse().ok(),
        programme_type: kind,
        host_country: None,
        text: Some(q.q.clone()),
        page: 1,
        per_page: PER_PAGE,
    };
    let after = Some(q.after.as_str()).filter(|a| !a.is_empty());
    let found = state
        .store
        .training_participants_after(&query, after)
        .await
        .or_page(&ctx)?;
    let params = [
        ("q", q.q.as_str()),
        ("year", q.year.as_str()),
        ("programme_type", q.programme_type.as_str()),
    ];
    let pager = KeysetPager::new(
        "/training/participants",
        &params,
        &q.after,
        (found.total, found.total_capped),
        found.next.as_deref(),
    );
    let page = ParticipantsPage {
        types: ctx.choices("trn-type", &types),
        rows: found.items,
        pager,
        q,
        ctx,
    };
    Ok(render(StatusCode::OK, &page))
}
