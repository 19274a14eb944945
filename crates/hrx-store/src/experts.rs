//! The foreign-expert register (spec foreign-experts-awards.md §4, issue 21): experts are
//! persons of the registry (foreign nationals, and experts from Hong Kong, Macao and Taiwan
//! with their origin kept apart), with their engagements (employer, programme, province,
//! sector, dates, class before 2017), each linked to the work permit or pre-2017 document
//! that names it where the registry holds one. An engagement recorded here refreshes the
//! expert figures in its transaction, as the import does.

use crate::audit::Change;
use crate::registry::{DayCursor, Filter, FilterBind as Bind, TOTAL_CAP};
use crate::statistics::Refresh;
use crate::{fetch_all_as, int, now, opt_int, opt_text, text, KeysetPage, Store, StoreError};
use hrx_domain::awards::experts::EngagementInput;
use hrx_domain::statistics::series::Family;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

/// An engagement with its expert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EngagementRecord {
    pub id: i64,
    pub version: i64,
    pub person_id: i64,
    pub person_name: String,
    pub nationality: String,
    /// `foreign`, `hk`, `mo` or `tw`.
    pub origin: String,
    pub expert_class: Option<String>,
    pub employer_name: String,
    pub programme: String,
    pub province: String,
    pub sector: String,
    pub start_date: String,
    pub end_date: String,
    pub document_ref: String,
    pub work_permit_id: Option<i64>,
    /// `import` for the rows the bulk import wrote, else the officer who recorded it.
    pub created_by: String,
    pub created_at: String,
}

/// Filters of the register.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct EngagementQuery {
    #[serde(default)]
    pub person_id: Option<i64>,
    /// `foreign`, `hk`, `mo` or `tw`.
    #[serde(default)]
    pub origin: Option<String>,
    /// Engagements overlapping this calendar year.
    #[serde(default)]
    pub year: Option<i32>,
}

const SELECT: &str = "SELECT e.*, COALESCE(p.name_latin, p.name_native, '') AS person_name, \
     p.nationality FROM expert_engagement e JOIN person p ON p.id = e.person_id";

fn engagement_of(row: &AnyRow) -> Result<EngagementRecord, StoreError> {
    Ok(EngagementRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        person_id: int(row, "person_id")?,
        person_name: text(row, "person_name")?,
        nationality: text(row, "nationality")?,
        origin: text(row, "origin")?,
        expert_class: opt_text(row, "expert_class")?,
        employer_name: text(row, "employer_name")?,
        programme: text(row, "programme")?,
        province: text(row, "province")?,
        sector: text(row, "sector")?,
        start_date: text(row, "start_date")?,
        end_date: text(row, "end_date")?,
        document_ref: text(row, "document_ref")?,
        work_permit_id: opt_int(row, "work_permit_id")?,
        created_by: text(row, "created_by")?,
        created_at: text(row, "created_at")?,
    })
}

impl Store {
    /// Records an engagement of an expert (checked as an import row is; a mainland Chinese
    /// national refused on `nationality`), linked to the permit of its document's number,
    /// the expert figures refreshed in the same transaction; audited.
    pub async fn create_expert_engagement(
        &self,
        actor: &str,
        input: &EngagementInput,
    ) -> Result<EngagementRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let nationality: Option<String> =
            sqlx::query_scalar("SELECT nationality FROM person WHERE id = $1")
                .bind(input.person_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(nationality) = nationality else {
            return Err(StoreError::UnknownReference { field: "person_id" });
        };
        let record = input.check(&nationality).map_err(StoreError::Invalid)?;
        let permit: Option<i64> = if record.document_ref.is_empty() {
            None
        } else {
            sqlx::query_scalar("SELECT id FROM work_permit WHERE number = $1")
                .bind(record.document_ref.clone())
                .fetch_optional(&mut *tx)
                .await?
        };
        let refresh = Refresh::begin(
            &mut tx,
            self.backend(),
            &[Family::Experts],
            [input.person_id],
        )
        .await?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO expert_engagement (person_id, origin, expert_class, employer_name, programme, \
             province, sector, start_date, end_date, work_permit_id, document_ref, created_by, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) \
             RETURNING id",
        )
        .bind(input.person_id)
        .bind(record.origin)
        .bind(record.expert_class.clone())
        .bind(record.employer_name.clone())
        .bind(record.programme.clone())
        .bind(record.province.clone())
        .bind(record.sector.clone())
        .bind(record.start_date.to_string())
        .bind(record.end_date.to_string())
        .bind(permit)
        .bind(record.document_ref.clone())
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        refresh.finish(&mut tx).await?;
        let sql = format!("{SELECT} WHERE e.id = $1");
        let created = crate::fetch_optional_as(&mut *tx, sqlx::query(&sql).bind(id), engagement_of)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.audit(
            &mut tx,
            Change::created(actor, "expert_engagement", id, &created),
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Engagements of the register, newest first (at most 500), by expert, origin and year.
    /// The engagements of a list page, newest start first, walked by key: `after` is the
    /// `next` of the page before. The total is counted up to [`crate::registry::TOTAL_CAP`].
    pub async fn expert_engagements_after(
        &self,
        q: &EngagementQuery,
        after: Option<&str>,
        limit: i64,
    ) -> Result<KeysetPage<EngagementRecord>, StoreError> {
        let mut filter = Filter::default();
        if let Some(o) = &q.origin {
            filter.push("e.origin = ?", vec![Bind::Text(o.clone())]);
        }
        if let Some(y) = q.year {
            filter.push(
                "e.start_date <= ? AND e.end_date >= ?",
                vec![
                    Bind::Text(format!("{y}-12-31")),
                    Bind::Text(format!("{y}-01-01")),
                ],
            );
        }
        let counted = filter
            .capped_count(&self.pool, "FROM expert_engagement e", TOTAL_CAP)
            .await?;
        if let Some(cursor) = after.and_then(DayCursor::parse) {
            cursor.push_before(&mut filter, "e.start_date", "e.id");
        }
        let sql = format!(
            "{SELECT}{} ORDER BY e.start_date DESC, e.id DESC LIMIT ${}",
            filter.where_clause(),
            filter.next_param()
        );
        let query = filter.bind(sqlx::query(&sql)).bind(limit + 1);
        let items = fetch_all_as(&self.pool, query, engagement_of).await?;
        Ok(KeysetPage::of(items, limit, counted, |e| {
            DayCursor {
                day: e.start_date.clone(),
                id: e.id,
            }
            .format()
        }))
    }

    pub async fn expert_engagements(
        &self,
        q: &EngagementQuery,
    ) -> Result<Vec<EngagementRecord>, StoreError> {
        let mut sql = format!("{SELECT} WHERE 1 = 1");
        let mut n = 1;
        if q.person_id.is_some() {
            sql.push_str(&format!(" AND e.person_id = ${n}"));
            n += 1;
        }
        if q.origin.is_some() {
            sql.push_str(&format!(" AND e.origin = ${n}"));
            n += 1;
        }
        if q.year.is_some() {
            sql.push_str(&format!(
                " AND e.start_date <= ${n} AND e.end_date >= ${}",
                n + 1
            ));
        }
        sql.push_str(" ORDER BY e.start_date DESC, e.id DESC LIMIT 500");
        let mut query = sqlx::query(&sql);
        if let Some(p) = q.person_id {
            query = query.bind(p);
        }
        if let Some(o) = &q.origin {
            query = query.bind(o.clone());
        }
        if let Some(y) = q.year {
            query = query.bind(format!("{y}-12-31")).bind(format!("{y}-01-01"));
        }
        fetch_all_as(&self.pool, query, engagement_of).await
    }
}
