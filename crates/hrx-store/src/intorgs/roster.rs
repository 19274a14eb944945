//! The roster of qualified nationals (spec §5.3): persons of the registry with their
//! languages, degrees, experience, fields, preferences, source, status, validity and consent.
//! Personal data: only officers of the capability see it, and every read of an entry (alone,
//! in a list or in a vacancy's ranking) is audited.

use super::{integrity, json, to_json};
use crate::audit::Change;
use crate::{fetch_all_as, int, now, opt_text, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::intorgs::serving::CHINESE;
use hrx_domain::intorgs::RosterFields;
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// A roster entry with its person.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterRecord {
    pub id: i64,
    pub version: i64,
    pub person_id: i64,
    pub person_name: String,
    pub name_latin: Option<String>,
    pub sex: String,
    pub birth_date: String,
    pub nationality: String,
    pub facts: RosterFields,
    /// Years of relevant experience, overlapping periods counted once.
    pub relevant_years: f64,
    pub international_years: f64,
    pub source: String,
    pub status: String,
    pub valid_until: Option<String>,
    pub consent_on: String,
    pub retain_until: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A roster entry as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterSummary {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub source: String,
    pub status: String,
    pub valid_until: Option<String>,
    pub relevant_years: f64,
    pub fields: Vec<String>,
}

const SELECT: &str = "SELECT e.*, COALESCE(p.name_native, p.name_latin, '') AS person_name, \
     p.name_latin, p.sex, p.birth_date, p.nationality \
     FROM io_roster_entry e JOIN person p ON p.id = e.person_id";

pub(crate) fn roster_of(row: &AnyRow, today: NaiveDate) -> Result<RosterRecord, StoreError> {
    let facts: RosterFields = json(row, "facts")?;
    Ok(RosterRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        person_id: int(row, "person_id")?,
        person_name: text(row, "person_name")?,
        name_latin: opt_text(row, "name_latin")?,
        sex: text(row, "sex")?,
        birth_date: text(row, "birth_date")?,
        nationality: text(row, "nationality")?,
        relevant_years: facts.relevant_years(today),
        international_years: facts.international_years(today),
        facts,
        source: text(row, "source")?,
        status: text(row, "status")?,
        valid_until: opt_text(row, "valid_until")?,
        consent_on: text(row, "consent_on")?,
        retain_until: opt_text(row, "retain_until")?,
        created_by: text(row, "created_by")?,
        created_at: text(row, "created_at")?,
        updated_at: text(row, "updated_at")?,
    })
}

/// Every roster entry, or the active ones, oldest first.
pub(crate) async fn entries(
    conn: &mut sqlx::AnyConnection,
    active_only: bool,
    today: NaiveDate,
) -> Result<Vec<RosterRecord>, StoreError> {
    let mut sql = SELECT.to_owned();
    if active_only {
        sql.push_str(" WHERE e.status = 'active'");
    }
    sql.push_str(" ORDER BY e.created_at, e.id");
    fetch_all_as(conn, sqlx::query(&sql), |r| roster_of(r, today)).await
}

pub(crate) async fn load_entry(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    today: NaiveDate,
) -> Result<Option<RosterRecord>, StoreError> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    crate::fetch_optional_as(conn, sqlx::query(&sql).bind(id), |r| roster_of(r, today)).await
}

/// Audits a read of roster entries (personal data) in the reading transaction; a read that
/// found no entry read nothing and is not recorded.
pub(crate) async fn audit_read(
    store: &Store,
    tx: &mut Tx,
    actor: &str,
    action: &str,
    (entity_type, entity_id): (&str, String),
    ids: &[i64],
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    store
        .audit(
            tx,
            Change {
                actor,
                action,
                entity_type,
                entity_id,
                before: None,
                after: Some(serde_json::json!({ "roster_entries_read": ids })),
            },
        )
        .await
}

fn status_of(fields: &RosterFields) -> String {
    if fields.status.is_empty() {
        "active".into()
    } else {
        fields.status.clone()
    }
}

impl Store {
    /// Puts a national on the roster (one entry per person).
    pub async fn create_io_roster_entry(
        &self,
        actor: &str,
        person_id: i64,
        fields: &RosterFields,
        today: NaiveDate,
    ) -> Result<RosterRecord, StoreError> {
        fields.check().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let nationality: Option<String> =
            sqlx::query_scalar("SELECT nationality FROM person WHERE id = $1")
                .bind(person_id)
                .fetch_optional(&mut *tx)
                .await?;
        match nationality {
            None => return Err(StoreError::UnknownReference { field: "person_id" }),
            Some(n) if !CHINESE.contains(&n.as_str()) => {
                return Err(StoreError::Invalid(FieldErrors::single(
                    "person_id",
                    "not_a_national",
                )))
            }
            Some(_) => {}
        }
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM io_roster_entry WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(&mut *tx)
                .await?;
        if taken.is_some() {
            return Err(StoreError::Invalid(FieldErrors::single(
                "person_id",
                "already_in_use",
            )));
        }
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO io_roster_entry (person_id, facts, source, status, valid_until, consent_on, \
             retain_until, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
             RETURNING id",
        )
        .bind(person_id)
        .bind(to_json(fields))
        .bind(fields.source.clone())
        .bind(status_of(fields))
        .bind(fields.valid_until.map(|d| d.to_string()))
        .bind(fields.consent_on.map(|d| d.to_string()))
        .bind(fields.retain_until.map(|d| d.to_string()))
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let record = load_entry(&mut tx, id, today)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("io_roster_entry", id), record)
            .await
    }

    /// Replaces an entry's facts (audited with the entry before and after).
    pub async fn update_io_roster_entry(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        fields: &RosterFields,
        today: NaiveDate,
    ) -> Result<RosterRecord, StoreError> {
        fields.check().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let locked = self.locked_version(&mut tx, "io_roster_entry", id).await?;
        let before = load_entry(&mut tx, id, today)
            .await?
            .ok_or(StoreError::NotFound)?;
        if locked != Some(expected_version) {
            return Err(StoreError::Stale {
                current: before.version,
            });
        }
        sqlx::query(
            "UPDATE io_roster_entry SET facts = $1, source = $2, status = $3, valid_until = $4, \
             consent_on = $5, retain_until = $6, version = version + 1, updated_at = $7 WHERE id = $8",
        )
        .bind(to_json(fields))
        .bind(fields.source.clone())
        .bind(status_of(fields))
        .bind(fields.valid_until.map(|d| d.to_string()))
        .bind(fields.consent_on.map(|d| d.to_string()))
        .bind(fields.retain_until.map(|d| d.to_string()))
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = load_entry(&mut tx, id, today)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::updated(actor, "update", "io_roster_entry", id, &before, &after);
        self.commit_audited(tx, change).await?;
        Ok(after)
    }

    /// One entry, its read audited.
    pub async fn io_roster_entry(
        &self,
        actor: &str,
        id: i64,
        today: NaiveDate,
    ) -> Result<Option<RosterRecord>, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(record) = load_entry(&mut tx, id, today).await? else {
            return Ok(None);
        };
        audit_read(
            self,
            &mut tx,
            actor,
            "read",
            ("io_roster_entry", id.to_string()),
            &[id],
        )
        .await?;
        tx.commit().await?;
        Ok(Some(record))
    }

    /// The roster as a list shows it, its read audited.
    pub async fn io_roster(
        &self,
        actor: &str,
        today: NaiveDate,
    ) -> Result<Vec<RosterSummary>, StoreError> {
        let mut tx = self.begin_write().await?;
        let list = entries(&mut tx, false, today).await?;
        let ids: Vec<i64> = list.iter().map(|e| e.id).collect();
        audit_read(
            self,
            &mut tx,
            actor,
            "read_list",
            ("io_roster_entry", "*".into()),
            &ids,
        )
        .await?;
        tx.commit().await?;
        Ok(list
            .into_iter()
            .map(|e| RosterSummary {
                id: e.id,
                person_id: e.person_id,
                person_name: e.person_name,
                source: e.source,
                status: e.status,
                valid_until: e.valid_until,
                relevant_years: e.relevant_years,
                fields: e.facts.fields,
            })
            .collect())
    }
}

/// A roster entry's person as matching reads it.
pub(crate) fn birth_of(e: &RosterRecord) -> Result<NaiveDate, StoreError> {
    e.birth_date
        .parse()
        .map_err(|_| integrity("a person's birth date is not a date"))
}
