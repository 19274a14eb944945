//! The ILO conventions register (its events and the register they make), the reporting
//! calendar's group base years, report cases on the case kernel, and the CEACR's comments.

use crate::audit::Change;
use crate::case::{CaseHead, CaseType, StepRequest, Value};
use crate::statistics::rebuild_family;
use crate::{
    fetch_all_as, fetch_optional_as, int, now, opt_int, opt_text, text, Store, StoreError, Tx,
};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::conventions::calendar::{self, OutOfCycle, ReportType, Rules};
use hrx_domain::conventions::reports::{report_workflow, Comment};
use hrx_domain::conventions::{register, Convention, Event, EventKind};
use hrx_domain::statistics::series::Family;
use hrx_domain::workflow::Workflow;
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// A report on a convention for a year, as a case.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRecord {
    pub id: i64,
    pub convention: String,
    pub year: i64,
    /// `first`, `regular` or `out_of_cycle`.
    pub report_type: String,
    /// Why the report is due (English).
    pub reason: String,
    /// 1 September of the year.
    pub due_on: String,
    pub status: String,
    pub status_since: String,
    pub employers_organisation: Option<String>,
    pub workers_organisation: Option<String>,
    pub copies_sent_on: Option<String>,
    pub submitted_on: Option<String>,
    pub version: i64,
    pub created_at: String,
}

/// A follow-up point of a comment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointRecord {
    pub id: i64,
    pub text: String,
    pub owner: String,
    pub due_date: String,
    pub done_on: Option<String>,
}

/// A CEACR comment with its points.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentRecord {
    pub id: i64,
    pub convention: String,
    pub year: i64,
    /// `observation` or `direct_request`.
    pub kind: String,
    pub report_id: Option<i64>,
    pub text_zh: String,
    pub text_en: String,
    pub created_by: String,
    pub created_at: String,
    pub points: Vec<PointRecord>,
}

fn report(r: &AnyRow) -> Result<ReportRecord, StoreError> {
    Ok(ReportRecord {
        id: int(r, "id")?,
        convention: text(r, "convention")?,
        year: int(r, "year")?,
        report_type: text(r, "report_type")?,
        reason: text(r, "reason")?,
        due_on: text(r, "due_on")?,
        status: text(r, "status")?,
        status_since: text(r, "status_since")?,
        employers_organisation: opt_text(r, "employers_organisation")?,
        workers_organisation: opt_text(r, "workers_organisation")?,
        copies_sent_on: opt_text(r, "copies_sent_on")?,
        submitted_on: opt_text(r, "submitted_on")?,
        version: int(r, "version")?,
        created_at: text(r, "created_at")?,
    })
}

fn comment(r: &AnyRow) -> Result<CommentRecord, StoreError> {
    Ok(CommentRecord {
        id: int(r, "id")?,
        convention: text(r, "convention")?,
        year: int(r, "year")?,
        kind: text(r, "kind")?,
        report_id: opt_int(r, "report_id")?,
        text_zh: text(r, "text_zh")?,
        text_en: text(r, "text_en")?,
        created_by: text(r, "created_by")?,
        created_at: text(r, "created_at")?,
        points: Vec::new(),
    })
}

fn point(r: &AnyRow) -> Result<PointRecord, StoreError> {
    Ok(PointRecord {
        id: int(r, "id")?,
        text: text(r, "text")?,
        owner: text(r, "owner")?,
        due_date: text(r, "due_date")?,
        done_on: opt_text(r, "done_on")?,
    })
}

/// The report case type.
pub struct IloReport;

impl CaseType for IloReport {
    const TYPE: &'static str = "ilo_report";
    const NOUN: &'static str = "report";
    type Record = ReportRecord;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        report_workflow()
    }

    fn head(r: &ReportRecord) -> CaseHead<'_> {
        CaseHead {
            version: r.version,
            status: &r.status,
            kind: "report",
            status_since: &r.status_since,
        }
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        _scope: Scope,
    ) -> Result<Option<ReportRecord>, StoreError> {
        let query = sqlx::query("SELECT * FROM ilo_report WHERE id = $1").bind(id);
        fetch_optional_as(conn, query, report).await
    }
}

fn integrity(e: impl ToString) -> StoreError {
    StoreError::Integrity(e.to_string())
}

fn refused(code: &'static str, detail: impl Into<String>) -> StoreError {
    StoreError::Refused {
        code,
        detail: detail.into(),
    }
}

/// Every event of the register, oldest first.
async fn events_on(conn: &mut sqlx::AnyConnection) -> Result<Vec<Event>, StoreError> {
    let query = sqlx::query(
        "SELECT convention, effective, detail FROM ilo_convention_event ORDER BY effective, id",
    );
    fetch_all_as(conn, query, |r| {
        let kind: EventKind = serde_json::from_str(&text(r, "detail")?).map_err(integrity)?;
        Ok(Event {
            convention: text(r, "convention")?,
            effective: NaiveDate::parse_from_str(&text(r, "effective")?, "%Y-%m-%d")
                .map_err(integrity)?,
            kind,
        })
    })
    .await
}

async fn insert_event(
    tx: &mut Tx,
    event: &Event,
    source: &str,
    actor: &str,
) -> Result<(), StoreError> {
    let detail = serde_json::to_string(&event.kind).map_err(integrity)?;
    sqlx::query(
        "INSERT INTO ilo_convention_event (convention, kind, effective, detail, source, actor, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (convention, kind, effective) DO NOTHING",
    )
    .bind(&event.convention)
    .bind(event.kind.code())
    .bind(event.effective.to_string())
    .bind(detail)
    .bind(source)
    .bind(actor)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Rewrites the register table from the events, and the register's statistics with it.
async fn rewrite_register(store: &Store, tx: &mut Tx) -> Result<Vec<Convention>, StoreError> {
    let events = events_on(tx).await?;
    let conventions = register(&events).map_err(integrity)?;
    for c in &conventions {
        sqlx::query(
            "INSERT INTO ilo_convention (code, title_en, title_zh, class, ratified, entry_into_force, \
             in_force_from, denounced_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (code) DO UPDATE SET title_en = excluded.title_en, title_zh = excluded.title_zh, \
             class = excluded.class, ratified = excluded.ratified, entry_into_force = excluded.entry_into_force, \
             in_force_from = excluded.in_force_from, denounced_on = excluded.denounced_on",
        )
        .bind(&c.code)
        .bind(&c.title_en)
        .bind(&c.title_zh)
        .bind(c.class().code())
        .bind(c.ratified.to_string())
        .bind(c.entry_into_force.map(|d| d.to_string()))
        .bind(c.in_force_from().to_string())
        .bind(c.denounced.as_ref().map(|d| d.on.to_string()))
        .execute(&mut **tx)
        .await?;
    }
    rebuild_family(tx, store.backend(), Family::Conventions).await?;
    Ok(conventions)
}

/// Loads the shipped register and group base years: new shipped events are added (the ones
/// there are kept, as are an administrator's), base years only where none is set.
pub(crate) async fn load_shipped(store: &Store, tx: &mut Tx) -> Result<(), StoreError> {
    let events = hrx_domain::conventions::shipped_events().map_err(StoreError::Integrity)?;
    for event in &events {
        insert_event(tx, event, "shipped", "system").await?;
    }
    let rules = hrx_domain::conventions::rules().map_err(StoreError::Integrity)?;
    for g in &rules.groups {
        sqlx::query(
            "INSERT INTO ilo_reporting_group (cycle_years, group_code, base_year, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (cycle_years, group_code) DO NOTHING",
        )
        .bind(i64::from(g.cycle_years))
        .bind(&g.group)
        .bind(i64::from(g.base_year))
        .bind(now())
        .execute(&mut **tx)
        .await?;
    }
    rewrite_register(store, tx).await?;
    Ok(())
}

/// The calendar's rules as configured here: the shipped rules with this database's base years.
async fn rules_on(conn: &mut sqlx::AnyConnection) -> Result<Rules, StoreError> {
    let mut rules = hrx_domain::conventions::rules().map_err(StoreError::Integrity)?;
    let rows = sqlx::query("SELECT cycle_years, group_code, base_year FROM ilo_reporting_group")
        .fetch_all(&mut *conn)
        .await?;
    for r in &rows {
        let (cycle, group, base) = (
            int(r, "cycle_years")?,
            text(r, "group_code")?,
            int(r, "base_year")?,
        );
        for g in &mut rules.groups {
            if i64::from(g.cycle_years) == cycle && g.group == group {
                g.base_year = i32::try_from(base).map_err(integrity)?;
            }
        }
    }
    Ok(rules)
}

async fn out_of_cycle_on(conn: &mut sqlx::AnyConnection) -> Result<Vec<OutOfCycle>, StoreError> {
    let query = sqlx::query(
        "SELECT convention, year FROM ilo_report WHERE report_type = 'out_of_cycle' ORDER BY year, convention",
    );
    fetch_all_as(conn, query, |r| {
        Ok(OutOfCycle {
            convention: text(r, "convention")?,
            year: i32::try_from(int(r, "year")?).map_err(integrity)?,
        })
    })
    .await
}

/// Everything the calendar needs, read at once.
pub struct Calendar {
    pub conventions: Vec<Convention>,
    pub rules: Rules,
    pub out_of_cycle: Vec<OutOfCycle>,
}

impl Calendar {
    /// The reports due from `from` to `to`, in year and convention order.
    pub fn reports(&self, from: i32, to: i32) -> Vec<calendar::DueReport> {
        calendar::reports(&self.conventions, &self.rules, &self.out_of_cycle, from, to)
    }
}

impl Store {
    /// The register now, in code order.
    pub async fn conventions(&self) -> Result<Vec<Convention>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        register(&events_on(&mut conn).await?).map_err(integrity)
    }

    /// The register's history, oldest first.
    pub async fn convention_events(&self) -> Result<Vec<Event>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        events_on(&mut conn).await
    }

    /// The register, the rules and the out-of-cycle requests.
    pub async fn reporting_calendar(&self) -> Result<Calendar, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let conventions = register(&events_on(&mut conn).await?).map_err(integrity)?;
        Ok(Calendar {
            conventions,
            rules: rules_on(&mut conn).await?,
            out_of_cycle: out_of_cycle_on(&mut conn).await?,
        })
    }

    /// Records a ratification, denunciation or class change, in effect from its date: refused
    /// (nothing written) where the register cannot take it. Audited; the register's figures
    /// follow in the same transaction.
    pub async fn record_convention_event(
        &self,
        actor: &str,
        event: &Event,
    ) -> Result<Convention, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut events = events_on(&mut tx).await?;
        events.push(event.clone());
        if let Err(e) = register(&events) {
            let code = match e {
                hrx_domain::conventions::RegisterError::AlreadyRatified(_) => "already_ratified",
                hrx_domain::conventions::RegisterError::NotRatified(_) => "not_ratified",
                hrx_domain::conventions::RegisterError::AlreadyDenounced(_) => "already_denounced",
            };
            return Err(refused(code, e.to_string()));
        }
        insert_event(&mut tx, event, "admin", actor).await?;
        let conventions = rewrite_register(self, &mut tx).await?;
        let after = conventions
            .into_iter()
            .find(|c| c.code == event.convention)
            .ok_or(StoreError::NotFound)?;
        let change = Change {
            actor,
            action: event.kind.code(),
            entity_type: "ilo_convention",
            entity_id: event.convention.clone(),
            before: None,
            after: Some(serde_json::json!({ "event": event, "convention": after })),
        };
        self.commit_audited(tx, change).await?;
        Ok(after)
    }

    /// Sets the year a country group reports in. Audited.
    pub async fn set_reporting_base_year(
        &self,
        actor: &str,
        cycle_years: i32,
        group: &str,
        base_year: i32,
    ) -> Result<Rules, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut rules = rules_on(&mut tx).await?;
        let before = rules
            .groups
            .iter()
            .find(|g| g.cycle_years == cycle_years && g.group == group)
            .map(|g| g.base_year);
        rules
            .set_base_year(cycle_years, group, base_year)
            .map_err(StoreError::Invalid)?;
        sqlx::query(
            "UPDATE ilo_reporting_group SET base_year = $1, updated_at = $2 \
             WHERE cycle_years = $3 AND group_code = $4",
        )
        .bind(i64::from(base_year))
        .bind(now())
        .bind(i64::from(cycle_years))
        .bind(group)
        .execute(&mut *tx)
        .await?;
        let change = Change {
            actor,
            action: "set_base_year",
            entity_type: "ilo_reporting_group",
            entity_id: format!("{cycle_years}/{group}"),
            before: before.map(|b| serde_json::json!({ "base_year": b })),
            after: Some(serde_json::json!({ "base_year": base_year })),
        };
        self.commit_audited(tx, change).await?;
        Ok(rules)
    }

    /// Opens the report case on a convention for a year. A report the calendar has due takes
    /// its type and reason from it; otherwise `out_of_cycle` records a CEACR request (the
    /// convention must be reportable that year). One case per convention and year.
    pub async fn open_report(
        &self,
        actor: &str,
        convention: &str,
        year: i32,
        out_of_cycle: bool,
    ) -> Result<ReportRecord, StoreError> {
        let mut errors = FieldErrors::new();
        if !(calendar::FIRST_YEAR..=calendar::LAST_YEAR).contains(&year) {
            errors.add("year", "year_out_of_range");
        }
        let mut tx = self.begin_write().await?;
        let conventions = register(&events_on(&mut tx).await?).map_err(integrity)?;
        let found = conventions.iter().find(|c| c.code == convention);
        if found.is_none() {
            errors.add("convention", "unknown_code");
        }
        errors.into_result().map_err(StoreError::Invalid)?;
        let Some(c) = found else {
            return Err(StoreError::NotFound);
        };
        let rules = rules_on(&mut tx).await?;
        let (kind, reason) = match calendar::due_in(c, year, &rules, &[]) {
            Some(due) => (due.kind, due.reason.text_en()),
            None if out_of_cycle && calendar::reportable(c, year) => (
                ReportType::OutOfCycle,
                calendar::Reason::OutOfCycle.text_en(),
            ),
            None => {
                return Err(refused(
                    "report_not_due",
                    format!("no report on {convention} is due in {year}"),
                ))
            }
        };
        let due_on = calendar::due_date(year).ok_or_else(|| integrity("due date"))?;
        let at = now();
        let today = at.get(..10).unwrap_or_default().to_owned();
        let initial = report_workflow().map_err(integrity)?.initial.clone();
        let record = sqlx::query(
            "INSERT INTO ilo_report (convention, year, report_type, reason, due_on, status, status_since, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *",
        )
        .bind(convention)
        .bind(i64::from(year))
        .bind(kind.code())
        .bind(reason)
        .bind(due_on.to_string())
        .bind(initial)
        .bind(today)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            StoreError::from_constraint(e, &[("ilo_report_convention_year", "year"), ("ilo_report.convention", "year")])
        })
        .and_then(|r| report(&r))?;
        self.commit_created(tx, actor, (IloReport::TYPE, record.id), record)
            .await
    }

    pub async fn report(&self, id: i64) -> Result<Option<ReportRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        IloReport::load(&mut conn, id, Scope::All).await
    }

    /// The report cases, of one convention or all, in year and convention order.
    pub async fn reports(&self, convention: Option<&str>) -> Result<Vec<ReportRecord>, StoreError> {
        let query = match convention {
            Some(code) => {
                sqlx::query("SELECT * FROM ilo_report WHERE convention = $1 ORDER BY year")
                    .bind(code)
            }
            None => sqlx::query("SELECT * FROM ilo_report ORDER BY year, convention"),
        };
        fetch_all_as(&self.pool, query, report).await
    }

    /// A step of a report case. `send_copies` records the day and the two organisations the
    /// copies went to; `submit` the day of submission.
    pub async fn report_step(
        &self,
        actor: &str,
        id: i64,
        request: &StepRequest<'_>,
        organisations: (Option<&str>, Option<&str>),
    ) -> Result<ReportRecord, StoreError> {
        let mut step = self
            .open_step::<IloReport>(actor, id, request, Scope::All)
            .await?;
        let today = Some(request.today.to_string());
        let patch = match request.action {
            "send_copies" => {
                let mut errors = FieldErrors::new();
                let mut named = |field: &str, value: Option<&str>| {
                    Some(errors.text(field, value.unwrap_or_default(), 200))
                };
                let employers = named("employers_organisation", organisations.0);
                let workers = named("workers_organisation", organisations.1);
                errors.into_result().map_err(StoreError::Invalid)?;
                vec![
                    ("employers_organisation", Value::Text(employers)),
                    ("workers_organisation", Value::Text(workers)),
                    ("copies_sent_on", Value::Text(today)),
                ]
            }
            "submit" => vec![("submitted_on", Value::Text(today))],
            _ => Vec::new(),
        };
        // The report's deadline is `due_on` (1 September); the kernel's working-day `due_date`
        // stays empty, as the workflow sets no working-day deadline.
        step.apply(None, patch).await?;
        step.commit(self).await
    }

    /// Records a CEACR comment on a convention, with its points; on a submitted report it
    /// closes the case (`receive_comments`). Audited.
    pub async fn add_comment(
        &self,
        actor: &str,
        convention: &str,
        report_id: Option<i64>,
        comment_in: &Comment,
    ) -> Result<CommentRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let known: Option<String> =
            sqlx::query_scalar("SELECT code FROM ilo_convention WHERE code = $1")
                .bind(convention)
                .fetch_optional(&mut *tx)
                .await?;
        if known.is_none() {
            return Err(StoreError::NotFound);
        }
        let report_found = match report_id {
            Some(id) => Some(
                IloReport::load(&mut tx, id, Scope::All)
                    .await?
                    .filter(|r| r.convention == convention)
                    .ok_or(StoreError::UnknownReference { field: "report_id" })?,
            ),
            None => None,
        };
        let at = now();
        let mut record = sqlx::query(
            "INSERT INTO ilo_comment (convention, year, kind, report_id, text_zh, text_en, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        )
        .bind(convention)
        .bind(i64::from(comment_in.year))
        .bind(comment_in.kind)
        .bind(report_id)
        .bind(&comment_in.text_zh)
        .bind(&comment_in.text_en)
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::from)
        .and_then(|r| comment(&r))?;
        for p in &comment_in.points {
            let row = sqlx::query(
                "INSERT INTO ilo_comment_point (comment_id, text, owner, due_date) VALUES ($1, $2, $3, $4) \
                 RETURNING *",
            )
            .bind(record.id)
            .bind(&p.text)
            .bind(&p.owner)
            .bind(p.due_date.to_string())
            .fetch_one(&mut *tx)
            .await?;
            record.points.push(point(&row)?);
        }
        if let Some(r) = report_found.filter(|r| r.status == "submitted") {
            let today = NaiveDate::parse_from_str(at.get(..10).unwrap_or_default(), "%Y-%m-%d")
                .map_err(integrity)?;
            self.system_step::<IloReport>(
                &mut tx,
                actor,
                r.id,
                ("receive_comments", "comments_received"),
                None,
                today,
                Vec::new(),
            )
            .await?;
        }
        self.commit_created(tx, actor, ("ilo_comment", record.id), record)
            .await
    }

    /// The comments on a convention (all conventions with `None`), newest year first, each
    /// with its points.
    pub async fn comments(
        &self,
        convention: Option<&str>,
    ) -> Result<Vec<CommentRecord>, StoreError> {
        let query = match convention {
            Some(code) => sqlx::query(
                "SELECT * FROM ilo_comment WHERE convention = $1 ORDER BY year DESC, id",
            )
            .bind(code),
            None => sqlx::query("SELECT * FROM ilo_comment ORDER BY year DESC, id"),
        };
        let mut comments = fetch_all_as(&self.pool, query, comment).await?;
        for c in &mut comments {
            let query =
                sqlx::query("SELECT * FROM ilo_comment_point WHERE comment_id = $1 ORDER BY id")
                    .bind(c.id);
            c.points = fetch_all_as(&self.pool, query, point).await?;
        }
        Ok(comments)
    }
}
