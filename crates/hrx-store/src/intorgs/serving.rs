//! Serving-staff records (spec §5.5): a national in an organisation, with grade, category,
//! duty station and appointment type, from a start to an end (open while serving). The
//! figure's series are refreshed for the person in the same transaction.

use super::{integrity, organisation_id};
use crate::audit::Change;
use crate::registry::{Filter, FilterBind as Bind, TOTAL_CAP};
use crate::statistics::Refresh;
use crate::{fetch_all_as, int, now, opt_int, opt_text, text, KeysetPage, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::intorgs::serving::{
    category_of, grade_band, APPOINTMENT_TYPES, DEFAULT_SCOPE, SOURCES,
};
use hrx_domain::statistics::series::Family;
use hrx_domain::FieldErrors;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

/// A serving record as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ServingInput {
    pub person_id: i64,
    /// The organisation's acronym in the register.
    pub organisation: String,
    pub grade: String,
    pub duty_station: String,
    /// One of `fixed_term`, `continuing`, `permanent`, `temporary`, `jpo`, `secondment`,
    /// `consultant`, `intern`, `unv`.
    pub appointment_type: String,
    pub subject_to_geo: Option<bool>,
    pub start_date: String,
    /// The last day served; empty while serving.
    pub end_date: String,
    /// `organisation_report` (default) or `self_report`; `hrx_case` is set by a case.
    pub source: String,
}

/// A serving record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServingRecord {
    pub id: i64,
    pub version: i64,
    pub person_id: i64,
    pub person_name: String,
    pub organisation: String,
    pub organisation_name_en: String,
    pub organisation_name_zh: String,
    pub grade: String,
    pub category: String,
    /// `P1-P3`, `P4-P5`, `D_and_above` or `other`.
    pub grade_band: String,
    pub duty_station: String,
    pub appointment_type: String,
    /// In the figure's default scope.
    pub in_scope: bool,
    pub subject_to_geo: Option<bool>,
    pub start_date: String,
    pub end_date: Option<String>,
    pub source: String,
    pub recommendation_id: Option<i64>,
    pub created_by: String,
    pub created_at: String,
}

const SELECT: &str = "SELECT r.*, o.acronym, o.name_en AS org_en, o.name_zh AS org_zh, \
     COALESCE(p.name_native, p.name_latin, '') AS person_name \
     FROM io_serving_record r JOIN io_organisation o ON o.id = r.organisation_id \
     JOIN person p ON p.id = r.person_id";

fn serving_of(row: &AnyRow) -> Result<ServingRecord, StoreError> {
    Ok(ServingRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        person_id: int(row, "person_id")?,
        person_name: text(row, "person_name")?,
        organisation: text(row, "acronym")?,
        organisation_name_en: text(row, "org_en")?,
        organisation_name_zh: text(row, "org_zh")?,
        grade: text(row, "grade")?,
        category: text(row, "category")?,
        grade_band: text(row, "grade_band")?,
        duty_station: text(row, "duty_station")?,
        appointment_type: text(row, "appointment_type")?,
        in_scope: int(row, "in_scope")? == 1,
        subject_to_geo: opt_int(row, "subject_to_geo")?.map(|x| x == 1),
        start_date: text(row, "start_date")?,
        end_date: opt_text(row, "end_date")?,
        source: text(row, "source")?,
        recommendation_id: opt_int(row, "recommendation_id")?,
        created_by: text(row, "created_by")?,
        created_at: text(row, "created_at")?,
    })
}

/// A serving record checked: its organisation's id and its dates.
pub(crate) struct CheckedServing {
    organisation_id: i64,
    start: NaiveDate,
    end: Option<NaiveDate>,
}

fn day(e: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    hrx_domain::training::required_day(e, field, value)
}

/// Checks a serving record's fields; the person and organisation must exist.
pub(crate) async fn check_serving(
    tx: &mut Tx,
    input: &ServingInput,
) -> Result<CheckedServing, StoreError> {
    let mut e = FieldErrors::new();
    e.text("grade", &input.grade, 20);
    e.text("duty_station", &input.duty_station, 100);
    if !APPOINTMENT_TYPES.contains(&input.appointment_type.as_str()) {
        e.add("appointment_type", "unknown_value");
    }
    if !input.source.is_empty() && !SOURCES.contains(&input.source.as_str()) {
        e.add("source", "unknown_value");
    }
    let start = day(&mut e, "start_date", &input.start_date);
    let end = if input.end_date.trim().is_empty() {
        None
    } else {
        day(&mut e, "end_date", &input.end_date)
    };
    if let (Some(s), Some(x)) = (start, end) {
        if x < s {
            e.add("end_date", "before_start");
        }
    }
    let organisation = organisation_id(tx, &input.organisation).await?;
    if organisation.is_none() {
        e.add("organisation", "unknown_value");
    }
    e.into_result().map_err(StoreError::Invalid)?;
    crate::require_id(tx, "person", input.person_id, "person_id").await?;
    match (organisation, start) {
        (Some(organisation_id), Some(start)) => Ok(CheckedServing {
            organisation_id,
            start,
            end,
        }),
        _ => Err(integrity("a checked serving record lost a field")),
    }
}

/// Writes a checked serving record and refreshes the person's figures; answers its id.
pub(crate) async fn insert_serving(
    store: &Store,
    tx: &mut Tx,
    actor: &str,
    input: &ServingInput,
    checked: CheckedServing,
    recommendation_id: Option<i64>,
) -> Result<i64, StoreError> {
    let refresh =
        Refresh::begin(tx, store.backend(), &[Family::IntOrgs], [input.person_id]).await?;
    let at = now();
    let source = if recommendation_id.is_some() {
        "hrx_case"
    } else if input.source.is_empty() {
        "organisation_report"
    } else {
        input.source.as_str()
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO io_serving_record (person_id, organisation_id, grade, category, grade_band, \
         duty_station, appointment_type, in_scope, subject_to_geo, start_date, end_date, source, \
         recommendation_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .bind(input.person_id)
    .bind(checked.organisation_id)
    .bind(input.grade.trim().to_owned())
    .bind(category_of(&input.grade))
    .bind(grade_band(&input.grade))
    .bind(input.duty_station.trim().to_owned())
    .bind(input.appointment_type.clone())
    .bind(i64::from(DEFAULT_SCOPE.contains(&input.appointment_type.as_str())))
    .bind(input.subject_to_geo.map(i64::from))
    .bind(checked.start.to_string())
    .bind(checked.end.map(|d| d.to_string()))
    .bind(source)
    .bind(recommendation_id)
    .bind(actor)
    .bind(&at)
    .fetch_one(&mut **tx)
    .await?;
    refresh.finish(tx).await?;
    Ok(id)
}

pub(crate) async fn load_serving(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<ServingRecord>, StoreError> {
    let sql = format!("{SELECT} WHERE r.id = $1");
    crate::fetch_optional_as(conn, sqlx::query(&sql).bind(id), serving_of).await
}

impl Store {
    /// Records a national serving in an organisation.
    pub async fn create_io_serving(
        &self,
        actor: &str,
        input: &ServingInput,
    ) -> Result<ServingRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let checked = check_serving(&mut tx, input).await?;
        let id = insert_serving(self, &mut tx, actor, input, checked, None).await?;
        let record = load_serving(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("io_serving_record", id), record)
            .await
    }

    /// Records the last day a national served.
    pub async fn end_io_serving(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        end_date: &str,
    ) -> Result<ServingRecord, StoreError> {
        let mut e = FieldErrors::new();
        let end = day(&mut e, "end_date", end_date);
        e.into_result().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let locked = self
            .locked_version(&mut tx, "io_serving_record", id)
            .await?;
        let before = load_serving(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        if locked != Some(expected_version) {
            return Err(StoreError::Stale {
                current: before.version,
            });
        }
        if end.is_some_and(|x| x.to_string() < before.start_date) {
            return Err(StoreError::Invalid(FieldErrors::single(
                "end_date",
                "before_start",
            )));
        }
        let refresh = Refresh::begin(
            &mut tx,
            self.backend(),
            &[Family::IntOrgs],
            [before.person_id],
        )
        .await?;
        sqlx::query(
            "UPDATE io_serving_record SET end_date = $1, version = version + 1, updated_at = $2 WHERE id = $3",
        )
        .bind(end.map(|d| d.to_string()))
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        refresh.finish(&mut tx).await?;
        let after = load_serving(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::updated(actor, "end", "io_serving_record", id, &before, &after);
        self.commit_audited(tx, change).await?;
        Ok(after)
    }

    /// Serving records, of an organisation and a grade band when given, those serving on
    /// `on` (all when none), by organisation, grade and start.
    /// The serving records of a list page, walked by key in the list's order (organisation,
    /// grade, start, id): `after` is the `next` of the page before. The total is counted up to
    /// [`crate::registry::TOTAL_CAP`].
    pub async fn io_serving_after(
        &self,
        (organisation, band, on): (Option<&str>, Option<&str>, Option<NaiveDate>),
        after: Option<&str>,
        limit: i64,
    ) -> Result<KeysetPage<ServingRecord>, StoreError> {
        let mut filter = Filter::default();
        if let Some(o) = organisation {
            filter.push("o.acronym = ?", vec![Bind::Text(o.to_owned())]);
        }
        if let Some(b) = band {
            filter.push("r.grade_band = ?", vec![Bind::Text(b.to_owned())]);
        }
        if let Some(d) = on {
            filter.push(
                "r.start_date <= ? AND (r.end_date IS NULL OR r.end_date >= ?)",
                vec![Bind::Text(d.to_string()), Bind::Text(d.to_string())],
            );
        }
        let counted = filter
            .capped_count(
                &self.pool,
                "FROM io_serving_record r JOIN io_organisation o ON o.id = r.organisation_id",
                TOTAL_CAP,
            )
            .await?;
        // The cursor: acronym, grade, start and id, in the list's order.
        let cursor = after.and_then(|a| {
            let mut parts = a.rsplitn(4, '~');
            let id = parts.next()?.parse::<i64>().ok()?;
            let start = parts.next()?.to_owned();
            let grade = parts.next()?.to_owned();
            Some((parts.next()?.to_owned(), grade, start, id))
        });
        if let Some((acronym, grade, start, id)) = cursor {
            filter.push(
                "(o.acronym, r.grade, r.start_date, r.id) > (?, ?, ?, ?)",
                vec![
                    Bind::Text(acronym),
                    Bind::Text(grade),
                    Bind::Text(start),
                    Bind::Int(id),
                ],
            );
        }
        let sql = format!(
            "{SELECT}{} ORDER BY o.acronym, r.grade, r.start_date, r.id LIMIT ${}",
            filter.where_clause(),
            filter.next_param()
        );
        let query = filter.bind(sqlx::query(&sql)).bind(limit + 1);
        let items = fetch_all_as(&self.pool, query, serving_of).await?;
        Ok(KeysetPage::of(items, limit, counted, |s| {
            format!("{}~{}~{}~{}", s.organisation, s.grade, s.start_date, s.id)
        }))
    }

    pub async fn io_serving(
        &self,
        organisation: Option<&str>,
        band: Option<&str>,
        on: Option<NaiveDate>,
    ) -> Result<Vec<ServingRecord>, StoreError> {
        let mut sql = format!("{SELECT} WHERE 1 = 1");
        let mut binds = Vec::new();
        if let Some(o) = organisation {
            binds.push(o.to_owned());
            sql.push_str(&format!(" AND o.acronym = ${}", binds.len()));
        }
        if let Some(b) = band {
            binds.push(b.to_owned());
            sql.push_str(&format!(" AND r.grade_band = ${}", binds.len()));
        }
        if let Some(d) = on {
            binds.push(d.to_string());
            let n = binds.len();
            sql.push_str(&format!(
                " AND r.start_date <= ${n} AND (r.end_date IS NULL OR r.end_date >= ${n})"
            ));
        }
        sql.push_str(" ORDER BY o.acronym, r.grade, r.start_date, r.id LIMIT 2000");
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        fetch_all_as(&self.pool, q, serving_of).await
    }
}
