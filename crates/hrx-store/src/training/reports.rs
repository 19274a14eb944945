//! Completion reports and evaluations (TA-R4): once a group has returned, each participant
//! files a report, due 30 calendar days after the actual return (data/training/rules.toml),
//! and the sending unit evaluates it. A report not filed by its due day is overdue, with the
//! working days overdue shown on the officer's queue. Reports and evaluations are searched
//! by word.

use super::UNIT_NAME;
use crate::audit::Change;
use crate::registry::{search_text, Filter, FilterBind as Bind, TOTAL_CAP};
use crate::{
    fetch_all_as, int, now, opt_int, opt_text, text, Backend, KeysetPage, Store, StoreError,
};
use chrono::NaiveDate;
use hrx_domain::training::{report_timing, rules};
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// A report as the participant files it.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub summary: String,
    /// The day it was handed in (today when empty).
    pub submitted_on: String,
}

/// The sending unit's evaluation.
#[derive(Debug, Clone, Default)]
pub struct EvaluationInput {
    /// 1 to 5.
    pub score: i64,
    pub comments: String,
}

/// What the report list shows.
#[derive(Debug, Clone, Default)]
pub struct ReportQuery {
    /// Words found in the report, the evaluation, the person's name, the programme or group.
    pub text: Option<String>,
    /// `due`, `on_time`, `late` or `overdue`.
    pub state: Option<String>,
}

/// A participant's completion report, filed or awaited, with its deadline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRecord {
    pub member_id: i64,
    pub group_id: i64,
    pub group_code: String,
    pub programme_code: String,
    pub programme_title_en: String,
    pub programme_title_zh: String,
    pub person_id: i64,
    pub person_name: String,
    pub sending_unit_name: String,
    pub actual_return: String,
    pub due_on: String,
    /// `due`, `on_time`, `late` or `overdue` (TA-R4).
    pub state: String,
    /// Calendar days filed late or overdue.
    pub days_late: i64,
    /// Working days overdue, for the officer's queue.
    pub working_days_overdue: i64,
    pub summary: Option<String>,
    pub submitted_on: Option<String>,
    pub filed_by: Option<String>,
    pub evaluation_score: Option<i64>,
    pub evaluation_comments: Option<String>,
    pub evaluated_by: Option<String>,
    pub evaluated_on: Option<String>,
}

/// The tables a report row is read from (a participant of a group, with their report if
/// filed).
const FROM: &str = "FROM training_member m JOIN training_group g ON g.id = m.group_id \
     JOIN training_programme pr ON pr.id = g.programme_id JOIN person p ON p.id = m.person_id \
     JOIN training_nomination n ON n.id = m.nomination_id JOIN organisation o ON o.id = n.sending_unit_id \
     LEFT JOIN training_report r ON r.member_id = m.id";

/// Only participants still in their group once it has returned have a report.
const RETURNED: &str = "g.status = 'returned' AND m.status = 'active'";

/// A report row's columns, from its tables, without conditions.
fn select_from() -> String {
    format!(
        "SELECT m.id AS member_id, g.id AS group_id, g.code AS group_code, g.actual_return, \
         pr.code AS programme_code, pr.title_en AS programme_title_en, pr.title_zh AS programme_title_zh, \
         m.person_id, COALESCE(p.name_native, p.name_latin, '') AS person_name, {UNIT_NAME} AS unit_name, \
         r.summary, r.submitted_on, r.filed_by, r.evaluation_score, r.evaluation_comments, \
         r.evaluated_by, r.evaluated_on \
         {FROM}"
    )
}

fn select() -> String {
    format!("{} WHERE {RETURNED}", select_from())
}

/// The report's due day as SQL (`YYYY-MM-DD` text): the group's return plus the deadline's
/// calendar days, as [`report_timing`] counts it.
fn due_sql(backend: Backend) -> String {
    let days = rules().report_deadline_days;
    match backend {
        Backend::Sqlite => format!("date(substr(g.actual_return, 1, 10), '+{days} days')"),
        Backend::Postgres => {
            format!("to_char(CAST(substr(g.actual_return, 1, 10) AS date) + {days}, 'YYYY-MM-DD')")
        }
    }
}

/// Where a page of the report list stopped, in its order: overdue reports first (0, the rest
/// 1), then the due day, then the participant. `RANK_DAY_ID` in an address.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReportCursor {
    rank: i64,
    due: String,
    member: i64,
}

impl ReportCursor {
    /// A cursor as an address gives it; anything else is no cursor (the first page).
    fn parse(after: &str) -> Option<ReportCursor> {
        let mut parts = after.splitn(3, '_');
        let rank: i64 = parts.next()?.parse().ok().filter(|r| (0..=1).contains(r))?;
        let due = parts.next()?;
        NaiveDate::parse_from_str(due, "%Y-%m-%d").ok()?;
        let member = parts.next()?.parse().ok()?;
        Some(ReportCursor {
            rank,
            due: due.to_owned(),
            member,
        })
    }

    fn of(r: &ReportRecord) -> String {
        let rank = i64::from(r.state != "overdue");
        format!("{rank}_{}_{}", r.due_on, r.member_id)
    }
}

fn day(s: &str) -> Result<NaiveDate, StoreError> {
    s.get(..10)
        .unwrap_or(s)
        .parse()
        .map_err(|_| super::integrity("a report date is not a date"))
}

fn report_of(
    row: &AnyRow,
    today: NaiveDate,
    calendar: &hrx_domain::calendar::WorkingCalendar,
) -> Result<ReportRecord, StoreError> {
    let actual_return = text(row, "actual_return")?;
    let submitted_on = opt_text(row, "submitted_on")?;
    let timing = report_timing(
        day(&actual_return)?,
        submitted_on.as_deref().map(day).transpose()?,
        today,
        rules().report_deadline_days,
        calendar,
    );
    Ok(ReportRecord {
        member_id: int(row, "member_id")?,
        group_id: int(row, "group_id")?,
        group_code: text(row, "group_code")?,
        programme_code: text(row, "programme_code")?,
        programme_title_en: text(row, "programme_title_en")?,
        programme_title_zh: text(row, "programme_title_zh")?,
        person_id: int(row, "person_id")?,
        person_name: text(row, "person_name")?,
        sending_unit_name: text(row, "unit_name")?,
        actual_return,
        due_on: timing.due_on.to_string(),
        state: timing.state.code().to_owned(),
        days_late: timing.days_late,
        working_days_overdue: timing.working_days_overdue,
        summary: opt_text(row, "summary")?,
        submitted_on,
        filed_by: opt_text(row, "filed_by")?,
        evaluation_score: opt_int(row, "evaluation_score")?,
        evaluation_comments: opt_text(row, "evaluation_comments")?,
        evaluated_by: opt_text(row, "evaluated_by")?,
        evaluated_on: opt_text(row, "evaluated_on")?,
    })
}

impl Store {
    /// Commits a change of a member's report, audited with the report before and after.
    async fn commit_report(
        &self,
        mut tx: crate::Tx,
        actor: &str,
        action: &str,
        before: ReportRecord,
        today: NaiveDate,
    ) -> Result<ReportRecord, StoreError> {
        let member_id = before.member_id;
        let after = self
            .report_on(&mut tx, member_id, today)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::updated(actor, action, "training_member", member_id, &before, &after);
        self.commit_audited(tx, change).await?;
        Ok(after)
    }

    async fn report_on(
        &self,
        conn: &mut sqlx::AnyConnection,
        member_id: i64,
        today: NaiveDate,
    ) -> Result<Option<ReportRecord>, StoreError> {
        let calendar = self.working_calendar().await?;
        let sql = format!("{} AND m.id = $1", select());
        let row = sqlx::query(&sql)
            .bind(member_id)
            .fetch_optional(&mut *conn)
            .await?;
        row.map(|r| report_of(&r, today, &calendar)).transpose()
    }

    /// A member's report (filed or awaited) once their group has returned.
    pub async fn training_report(
        &self,
        member_id: i64,
        today: NaiveDate,
    ) -> Result<Option<ReportRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        self.report_on(&mut conn, member_id, today).await
    }

    /// Files a participant's completion report: their group has returned, and they have
    /// filed none yet. It is handed in on or after the return and not after today.
    pub async fn file_training_report(
        &self,
        actor: &str,
        member_id: i64,
        input: &ReportInput,
        today: NaiveDate,
    ) -> Result<ReportRecord, StoreError> {
        let mut e = FieldErrors::new();
        let summary = e.prose("summary", &input.summary, 20_000);
        let submitted = match input.submitted_on.trim() {
            "" => Some(today),
            s => hrx_domain::training::required_day(&mut e, "submitted_on", s),
        };
        if submitted.is_some_and(|d| d > today) {
            e.add("submitted_on", "in_future");
        }
        e.into_result().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let Some(before) = self.report_on(&mut tx, member_id, today).await? else {
            let known: Option<i64> =
                sqlx::query_scalar("SELECT id FROM training_member WHERE id = $1")
                    .bind(member_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Err(match known {
                Some(_) => StoreError::Refused {
                    code: "not_returned",
                    detail: "reports are filed once the group has returned".into(),
                },
                None => StoreError::NotFound,
            });
        };
        if before.submitted_on.is_some() {
            return Err(StoreError::Refused {
                code: "report_filed",
                detail: format!(
                    "{} filed the report on {}",
                    before.person_name,
                    before.submitted_on.clone().unwrap_or_default()
                ),
            });
        }
        let submitted = submitted.unwrap_or(today);
        if submitted < day(&before.actual_return)? {
            return Err(StoreError::Invalid(FieldErrors::single(
                "submitted_on",
                "before_return",
            )));
        }
        sqlx::query(
            "INSERT INTO training_report (member_id, summary, submitted_on, filed_by, filed_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(member_id)
        .bind(summary)
        .bind(submitted.to_string())
        .bind(actor)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        self.commit_report(tx, actor, "file_report", before, today)
            .await
    }

    /// The sending unit's evaluation of a filed report (given again, it replaces the last).
    pub async fn evaluate_training_report(
        &self,
        actor: &str,
        member_id: i64,
        input: &EvaluationInput,
        today: NaiveDate,
    ) -> Result<ReportRecord, StoreError> {
        let mut e = FieldErrors::new();
        if !(1..=5).contains(&input.score) {
            e.add("score", "out_of_range");
        }
        let comments = if input.comments.trim().is_empty() {
            String::new()
        } else {
            e.prose("comments", &input.comments, 4_000)
        };
        e.into_result().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let before = self
            .report_on(&mut tx, member_id, today)
            .await?
            .ok_or(StoreError::NotFound)?;
        if before.submitted_on.is_none() {
            return Err(StoreError::Refused {
                code: "no_report",
                detail: format!("{} has not filed a report yet", before.person_name),
            });
        }
        sqlx::query(
            "UPDATE training_report SET evaluation_score = $1, evaluation_comments = $2, \
             evaluated_by = $3, evaluated_on = $4 WHERE member_id = $5",
        )
        .bind(input.score)
        .bind(comments)
        .bind(actor)
        .bind(today.to_string())
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
        self.commit_report(tx, actor, "evaluate_report", before, today)
            .await
    }

    /// Reports of returned groups' participants, filed or awaited, the most overdue first,
    /// by words and state; at most 500 (the API's answer and the training desk's queue).
    pub async fn training_reports(
        &self,
        query: &ReportQuery,
        today: NaiveDate,
    ) -> Result<Vec<ReportRecord>, StoreError> {
        Ok(self
            .training_reports_after(query, None, 500, today)
            .await?
            .items)
    }

    /// One page of the report list in the same order (overdue first by the working days
    /// overdue, then by due day), walked by key: `after` is the `next` of the page before.
    /// The state is derived from the dates in the query itself, so that a filter by state
    /// pages like any other; the total is counted up to [`TOTAL_CAP`].
    pub async fn training_reports_after(
        &self,
        query: &ReportQuery,
        after: Option<&str>,
        limit: i64,
        today: NaiveDate,
    ) -> Result<KeysetPage<ReportRecord>, StoreError> {
        let calendar = self.working_calendar().await?;
        let due = due_sql(self.backend);
        // A date formatted by chrono, safe to write into the statement.
        let overdue = format!("(r.submitted_on IS NULL AND {due} < '{today}')");
        let rank = format!("CASE WHEN {overdue} THEN 0 ELSE 1 END");
        let mut filter = Filter::default();
        filter.push(RETURNED, vec![]);
        let words = search_text(query.text.as_deref()).unwrap_or_default();
        for word in words.split_whitespace().take(8) {
            let like = format!("%{}%", word.to_lowercase().replace(['%', '_'], ""));
            let columns = [
                "LOWER(COALESCE(r.summary, ''))",
                "LOWER(COALESCE(r.evaluation_comments, ''))",
                "LOWER(COALESCE(p.name_native, ''))",
                "LOWER(COALESCE(p.name_latin, ''))",
                "LOWER(pr.code)",
                "LOWER(pr.title_en)",
                "pr.title_zh",
                "LOWER(g.code)",
            ];
            let condition = columns.map(|c| format!("{c} LIKE ?")).join(" OR ");
            let binds = columns.iter().map(|_| Bind::Text(like.clone())).collect();
            filter.push(&format!("({condition})"), binds);
        }
        let submitted = "substr(r.submitted_on, 1, 10)";
        match query.state.as_deref() {
            None => {}
            Some("due") => filter.push(
                &format!("r.submitted_on IS NULL AND {due} >= '{today}'"),
                vec![],
            ),
            Some("overdue") => filter.push(&overdue, vec![]),
            Some("on_time") => filter.push(
                &format!("r.submitted_on IS NOT NULL AND {submitted} <= {due}"),
                vec![],
            ),
            Some("late") => filter.push(
                &format!("r.submitted_on IS NOT NULL AND {submitted} > {due}"),
                vec![],
            ),
            Some(_) => filter.push("1 = 0", vec![]),
        }
        let counted = filter.capped_count(&self.pool, FROM, TOTAL_CAP).await?;
        if let Some(c) = after.and_then(ReportCursor::parse) {
            filter.push(
                &format!("({rank}, {due}, m.id) > (?, ?, ?)"),
                vec![Bind::Int(c.rank), Bind::Text(c.due), Bind::Int(c.member)],
            );
        }
        let sql = format!(
            "{}{} ORDER BY {rank}, {due}, m.id LIMIT ${}",
            select_from(),
            filter.where_clause(),
            filter.next_param()
        );
        let q = filter.bind(sqlx::query(&sql)).bind(limit.max(0) + 1);
        let items = fetch_all_as(&self.pool, q, |r| report_of(r, today, &calendar)).await?;
        Ok(KeysetPage::of(items, limit, counted, ReportCursor::of))
    }
}
