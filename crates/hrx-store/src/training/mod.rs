//! Training abroad (spec `training-abroad.md`, issue 19): programmes with their yearly plan
//! of quotas per sending unit, edited by an administrator until approved and audited at
//! every edit; nominations and groups on the case kernel (`nominations`, `groups`); the
//! completion reports and evaluations (`reports`); and the participations the statistics
//! count (`participants`).

mod groups;
mod members;
mod nominations;
mod participants;
mod reports;

pub use groups::{GroupChecks, GroupRecord, MemberInput, MemberRecord, NewGroup, TrainingGroup};
pub use nominations::{NominationInput, NominationRecord, TrainingNomination};
pub use participants::{ParticipantQuery, ParticipantRecord};
pub use reports::{EvaluationInput, ReportInput, ReportQuery, ReportRecord};

use crate::audit::Change;
use crate::{fetch_all_as, fetch_optional_as, int, now, opt_text, text, Store, StoreError, Tx};
use hrx_domain::training::{planned_class, ProgrammeFields, ProgrammeInput};
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// The places a sending unit holds in a programme, and how many it uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaRecord {
    pub sending_unit_id: i64,
    pub sending_unit_name: String,
    pub places: i64,
    pub supplementary: i64,
    /// Live nominations (neither rejected nor withdrawn).
    pub used: i64,
}

/// A programme with its plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgrammeRecord {
    pub id: i64,
    pub version: i64,
    pub code: String,
    pub year: i64,
    pub title_en: String,
    pub title_zh: String,
    pub programme_type: String,
    pub funding_channel: String,
    pub approval_category: String,
    pub host_institution: String,
    pub institution_kind: String,
    pub host_country: String,
    pub language: String,
    pub planned_days: i64,
    /// `short_term` or `mid_long_term`, by the planned length.
    pub duration_class: String,
    pub cost_yuan: i64,
    pub window_start: String,
    pub window_end: String,
    /// `draft` (the plan may be edited) or `approved`.
    pub plan_status: String,
    pub approved_by: Option<String>,
    pub approved_on: Option<String>,
    pub quotas: Vec<QuotaRecord>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A quota as the plan's editor sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaInput {
    pub sending_unit_id: i64,
    pub places: i64,
    pub supplementary: i64,
}

fn programme_of(row: &AnyRow) -> Result<ProgrammeRecord, StoreError> {
    let planned_days = int(row, "planned_days")?;
    Ok(ProgrammeRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        code: text(row, "code")?,
        year: int(row, "year")?,
        title_en: text(row, "title_en")?,
        title_zh: text(row, "title_zh")?,
        programme_type: text(row, "programme_type")?,
        funding_channel: text(row, "funding_channel")?,
        approval_category: text(row, "approval_category")?,
        host_institution: text(row, "host_institution")?,
        institution_kind: text(row, "institution_kind")?,
        host_country: text(row, "host_country")?,
        language: text(row, "language")?,
        planned_days,
        duration_class: planned_class(planned_days).code().to_owned(),
        cost_yuan: int(row, "cost_yuan")?,
        window_start: text(row, "window_start")?,
        window_end: text(row, "window_end")?,
        plan_status: text(row, "plan_status")?,
        approved_by: opt_text(row, "approved_by")?,
        approved_on: opt_text(row, "approved_on")?,
        quotas: Vec::new(),
        created_by: text(row, "created_by")?,
        created_at: text(row, "created_at")?,
        updated_at: text(row, "updated_at")?,
    })
}

/// An organisation's name in the language a page shows, falling back to the other.
pub(crate) const UNIT_NAME: &str = "COALESCE(o.name_zh, o.name_en, '')";

async fn quotas_of(
    conn: &mut sqlx::AnyConnection,
    programme_id: i64,
) -> Result<Vec<QuotaRecord>, StoreError> {
    let sql = format!(
        "SELECT q.sending_unit_id, {UNIT_NAME} AS unit_name, COALESCE(o.name_en, '') AS unit_en, \
         q.places, q.supplementary, \
         (SELECT COUNT(*) FROM training_nomination n WHERE n.programme_id = q.programme_id \
          AND n.sending_unit_id = q.sending_unit_id AND n.status NOT IN ('rejected', 'withdrawn')) AS used \
         FROM training_quota q JOIN organisation o ON o.id = q.sending_unit_id \
         WHERE q.programme_id = $1 ORDER BY q.id"
    );
    fetch_all_as(conn, sqlx::query(&sql).bind(programme_id), |r| {
        let zh = text(r, "unit_name")?;
        let en = text(r, "unit_en")?;
        Ok(QuotaRecord {
            sending_unit_id: int(r, "sending_unit_id")?,
            sending_unit_name: if en.is_empty() || zh == en {
                zh
            } else {
                format!("{zh} / {en}")
            },
            places: int(r, "places")?,
            supplementary: int(r, "supplementary")?,
            used: int(r, "used")?,
        })
    })
    .await
}

pub(crate) async fn load_programme(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<ProgrammeRecord>, StoreError> {
    let found = fetch_optional_as(
        &mut *conn,
        sqlx::query("SELECT * FROM training_programme WHERE id = $1").bind(id),
        programme_of,
    )
    .await?;
    match found {
        Some(mut p) => {
            p.quotas = quotas_of(conn, id).await?;
            Ok(Some(p))
        }
        None => Ok(None),
    }
}

type ScalarQuery<'q> = sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments<'q>>;

/// Binds a programme's fields as `$1` to `$15`, in the order of its INSERT and UPDATE.
fn bind_programme(q: ScalarQuery<'_>, p: ProgrammeInput) -> ScalarQuery<'_> {
    q.bind(p.code)
        .bind(i64::from(p.year))
        .bind(p.title_en)
        .bind(p.title_zh)
        .bind(p.programme_type.code())
        .bind(p.funding_channel.code())
        .bind(p.approval_category.code())
        .bind(p.host_institution)
        .bind(p.institution_kind.code())
        .bind(p.host_country)
        .bind(p.language)
        .bind(p.planned_days)
        .bind(p.cost_yuan)
        .bind(p.window_start.to_string())
        .bind(p.window_end.to_string())
}

pub(crate) fn integrity(e: &str) -> StoreError {
    StoreError::Integrity(e.to_owned())
}

impl Store {
    async fn check_programme(
        &self,
        tx: &mut Tx,
        fields: &ProgrammeFields,
    ) -> Result<ProgrammeInput, StoreError> {
        let countries: Vec<String> = sqlx::query_scalar("SELECT alpha2 FROM country")
            .fetch_all(&mut **tx)
            .await?;
        fields
            .check(|c| countries.iter().any(|k| k == c))
            .map_err(StoreError::Invalid)
    }

    /// Records a programme with an empty plan in draft.
    pub async fn create_training_programme(
        &self,
        actor: &str,
        fields: &ProgrammeFields,
    ) -> Result<ProgrammeRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let p = self.check_programme(&mut tx, fields).await?;
        crate::refuse_taken_code(&mut tx, "training_programme", &p.code).await?;
        let at = now();
        let insert = sqlx::query_scalar(
            "INSERT INTO training_programme (code, year, title_en, title_zh, programme_type, \
             funding_channel, approval_category, host_institution, institution_kind, host_country, \
             language, planned_days, cost_yuan, window_start, window_end, plan_status, created_by, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
             $14, $15, 'draft', $16, $17, $17) RETURNING id",
        );
        let id: i64 = bind_programme(insert, p)
            .bind(actor)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
        let record = load_programme(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("training_programme", id), record)
            .await
    }

    /// Locks a programme whose plan is still in draft, at the version the editor read.
    async fn draft_programme(
        &self,
        tx: &mut Tx,
        id: i64,
        expected_version: i64,
    ) -> Result<ProgrammeRecord, StoreError> {
        let locked = self.locked_version(tx, "training_programme", id).await?;
        let before = load_programme(tx, id).await?.ok_or(StoreError::NotFound)?;
        if locked != Some(expected_version) {
            return Err(StoreError::Stale {
                current: before.version,
            });
        }
        if before.plan_status != "draft" {
            return Err(StoreError::Refused {
                code: "plan_approved",
                detail: format!(
                    "the plan of {} was approved on {} and can no longer be edited",
                    before.code,
                    before.approved_on.clone().unwrap_or_default()
                ),
            });
        }
        Ok(before)
    }

    /// Commits an edit of a programme's plan, audited with the programme before and after.
    async fn commit_plan_edit(
        &self,
        mut tx: Tx,
        actor: &str,
        action: &str,
        before: ProgrammeRecord,
    ) -> Result<ProgrammeRecord, StoreError> {
        sqlx::query(
            "UPDATE training_programme SET version = version + 1, updated_at = $1 WHERE id = $2",
        )
        .bind(now())
        .bind(before.id)
        .execute(&mut *tx)
        .await?;
        let after = load_programme(&mut tx, before.id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::updated(
            actor,
            action,
            "training_programme",
            before.id,
            &before,
            &after,
        );
        self.commit_audited(tx, change).await?;
        Ok(after)
    }

    /// Edits a programme's fields while its plan is in draft.
    pub async fn update_training_programme(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        fields: &ProgrammeFields,
    ) -> Result<ProgrammeRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let before = self.draft_programme(&mut tx, id, expected_version).await?;
        let p = self.check_programme(&mut tx, fields).await?;
        if p.code != before.code {
            crate::refuse_taken_code(&mut tx, "training_programme", &p.code).await?;
        }
        let update = sqlx::query_scalar::<_, i64>(
            "UPDATE training_programme SET code = $1, year = $2, title_en = $3, title_zh = $4, \
             programme_type = $5, funding_channel = $6, approval_category = $7, host_institution = $8, \
             institution_kind = $9, host_country = $10, language = $11, planned_days = $12, \
             cost_yuan = $13, window_start = $14, window_end = $15 WHERE id = $16 RETURNING id",
        );
        bind_programme(update, p)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        self.commit_plan_edit(tx, actor, "update", before).await
    }

    /// Sets a sending unit's places in a programme's plan in draft (0 places and 0
    /// supplementary removes the unit, unless it holds nominations).
    pub async fn set_training_quota(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        q: QuotaInput,
    ) -> Result<ProgrammeRecord, StoreError> {
        let mut e = FieldErrors::new();
        if !(0..=100_000).contains(&q.places) {
            e.add("places", "out_of_range");
        }
        if !(0..=100_000).contains(&q.supplementary) {
            e.add("supplementary", "out_of_range");
        }
        e.into_result().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let before = self.draft_programme(&mut tx, id, expected_version).await?;
        crate::require_id(
            &mut tx,
            "organisation",
            q.sending_unit_id,
            "sending_unit_id",
        )
        .await?;
        let used = before
            .quotas
            .iter()
            .find(|x| x.sending_unit_id == q.sending_unit_id)
            .map_or(0, |x| x.used);
        if q.places + q.supplementary < used {
            return Err(StoreError::Invalid(FieldErrors::single(
                "places",
                "below_nominations",
            )));
        }
        sqlx::query("DELETE FROM training_quota WHERE programme_id = $1 AND sending_unit_id = $2")
            .bind(id)
            .bind(q.sending_unit_id)
            .execute(&mut *tx)
            .await?;
        if q.places + q.supplementary > 0 || used > 0 {
            sqlx::query(
                "INSERT INTO training_quota (programme_id, sending_unit_id, places, supplementary) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(q.sending_unit_id)
            .bind(q.places)
            .bind(q.supplementary)
            .execute(&mut *tx)
            .await?;
        }
        self.commit_plan_edit(tx, actor, "set_quota", before).await
    }

    /// Approves a programme's plan: from then on it is fixed, and units may nominate.
    pub async fn approve_training_plan(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        today: chrono::NaiveDate,
    ) -> Result<ProgrammeRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let before = self.draft_programme(&mut tx, id, expected_version).await?;
        if before.quotas.is_empty() {
            return Err(StoreError::Refused {
                code: "plan_empty",
                detail: "the plan allocates no places to any sending unit yet".into(),
            });
        }
        sqlx::query(
            "UPDATE training_programme SET plan_status = 'approved', approved_by = $1, \
             approved_on = $2 WHERE id = $3",
        )
        .bind(actor)
        .bind(today.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        self.commit_plan_edit(tx, actor, "approve_plan", before)
            .await
    }

    pub async fn training_programme(&self, id: i64) -> Result<Option<ProgrammeRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load_programme(&mut conn, id).await
    }

    /// Programmes of a year (all years when none), newest year first, with their plans.
    pub async fn training_programmes(
        &self,
        year: Option<i64>,
    ) -> Result<Vec<ProgrammeRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let mut sql = "SELECT * FROM training_programme".to_owned();
        if year.is_some() {
            sql.push_str(" WHERE year = $1");
        }
        sql.push_str(" ORDER BY year DESC, code");
        let query = match year {
            Some(y) => sqlx::query(&sql).bind(y),
            None => sqlx::query(&sql),
        };
        let mut list = fetch_all_as(&mut *conn, query, programme_of).await?;
        for p in &mut list {
            p.quotas = quotas_of(&mut conn, p.id).await?;
        }
        Ok(list)
    }
}
