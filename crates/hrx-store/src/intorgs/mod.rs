//! Nationals in international organisations (spec `international-organisations.md`, issue
//! 20): the register of organisations (shipped), vacancies (`vacancies`), the roster of
//! qualified nationals whose every read is audited (`roster`), recommendation cases on the
//! kernel (`recommendations`) and serving-staff records that the figure counts (`serving`).

mod exams;
mod import;
mod recommendations;
mod roster;
mod serving;
mod vacancies;

pub use exams::{CandidateStep, ExamCandidateRecord, ExamSessionRecord};
pub use import::KIND as VACANCIES_IMPORT_KIND;
pub use recommendations::{IoRecommendation, RecommendationRecord, RecommendationStepInput};
pub use roster::{RosterRecord, RosterSummary};
pub use serving::{ServingInput, ServingRecord};
pub use vacancies::{RankedCandidate, VacancyRecord};

use crate::{fetch_all_as, int, opt_text, text, Store, StoreError, Tx};
use serde::Serialize;
use sqlx::any::AnyRow;

/// An organisation of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRecord {
    pub id: i64,
    pub acronym: String,
    pub name_en: String,
    pub name_zh: String,
    /// `un_secretariat`, `fund_programme`, `specialized_agency`, `related_organisation` or
    /// `other_io`.
    pub kind: String,
    pub parent: Option<String>,
    pub headquarters: String,
    /// `un_common_system` or `own`.
    pub grade_system: String,
    pub has_desirable_range: bool,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub note: String,
    pub source: String,
}

fn organisation_of(row: &AnyRow) -> Result<OrganisationRecord, StoreError> {
    Ok(OrganisationRecord {
        id: int(row, "id")?,
        acronym: text(row, "acronym")?,
        name_en: text(row, "name_en")?,
        name_zh: text(row, "name_zh")?,
        kind: text(row, "kind")?,
        parent: opt_text(row, "parent")?,
        headquarters: text(row, "headquarters")?,
        grade_system: text(row, "grade_system")?,
        has_desirable_range: int(row, "has_desirable_range")? == 1,
        valid_from: opt_text(row, "valid_from")?,
        valid_to: opt_text(row, "valid_to")?,
        note: text(row, "note")?,
        source: text(row, "source")?,
    })
}

const ORGANISATION_SELECT: &str = "SELECT o.*, p.acronym AS parent FROM io_organisation o \
     LEFT JOIN io_organisation p ON p.id = o.parent_id";

/// Loads the shipped register: new organisations are added, the ones there updated.
pub(crate) async fn load_shipped(tx: &mut Tx) -> Result<(), StoreError> {
    let register = hrx_domain::intorgs::register::register().map_err(StoreError::Integrity)?;
    for o in register {
        let parent: Option<i64> = match &o.parent {
            Some(p) => {
                sqlx::query_scalar("SELECT id FROM io_organisation WHERE acronym = $1")
                    .bind(p.clone())
                    .fetch_optional(&mut **tx)
                    .await?
            }
            None => None,
        };
        sqlx::query(
            "INSERT INTO io_organisation (acronym, name_en, name_zh, kind, parent_id, headquarters, \
             grade_system, has_desirable_range, valid_from, valid_to, note, source) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (acronym) DO UPDATE SET name_en = excluded.name_en, name_zh = excluded.name_zh, \
             kind = excluded.kind, parent_id = excluded.parent_id, headquarters = excluded.headquarters, \
             grade_system = excluded.grade_system, has_desirable_range = excluded.has_desirable_range, \
             valid_from = excluded.valid_from, valid_to = excluded.valid_to, note = excluded.note, \
             source = excluded.source",
        )
        .bind(o.acronym)
        .bind(o.name_en)
        .bind(o.name_zh)
        .bind(o.kind)
        .bind(parent)
        .bind(o.headquarters)
        .bind(o.grade_system)
        .bind(i64::from(o.has_desirable_range))
        .bind(o.valid_from)
        .bind(o.valid_to)
        .bind(o.note)
        .bind(o.source)
        .execute(&mut **tx)
        .await?;
    }
    exams::load_shipped(tx).await
}

/// The organisation of an acronym, if it is in the register.
pub(crate) async fn organisation_id(
    conn: &mut sqlx::AnyConnection,
    acronym: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM io_organisation WHERE acronym = $1")
            .bind(acronym.trim().to_owned())
            .fetch_optional(conn)
            .await?,
    )
}

pub(crate) fn integrity(e: &str) -> StoreError {
    StoreError::Integrity(e.to_owned())
}

/// A JSON column read back.
pub(crate) fn json<T: serde::de::DeserializeOwned>(
    row: &AnyRow,
    column: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(&text(row, column)?)
        .map_err(|e| StoreError::Integrity(format!("{column}: {e}")))
}

/// A value as a JSON column keeps it.
pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

impl Store {
    /// The register, by kind and acronym.
    pub async fn io_organisations(&self) -> Result<Vec<OrganisationRecord>, StoreError> {
        let sql = format!("{ORGANISATION_SELECT} ORDER BY o.kind, o.acronym");
        fetch_all_as(&self.pool, sqlx::query(&sql), organisation_of).await
    }

    /// One organisation of the register.
    pub async fn io_organisation(
        &self,
        acronym: &str,
    ) -> Result<Option<OrganisationRecord>, StoreError> {
        let sql = format!("{ORGANISATION_SELECT} WHERE o.acronym = $1");
        crate::fetch_optional_as(
            &self.pool,
            sqlx::query(&sql).bind(acronym.to_owned()),
            organisation_of,
        )
        .await
    }
}
