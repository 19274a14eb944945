//! Nominations on the case kernel (data/training/nomination-workflow.toml): a sending unit
//! nominates a person of the registry for a programme whose plan is approved, within its
//! quota and by the eligibility rules of `data/training/rules.toml`; two officers other than
//! the nominator, and other than each other, select.

use super::{load_programme, UNIT_NAME};
use crate::case::{transitions_of, CaseHead, CaseType, StepRequest, TransitionRecord};
use crate::{fetch_all_as, fetch_optional_as, int, now, opt_int, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::training::{
    check_quota, ineligible, nomination_workflow, rules, Nominee, ProgrammeType,
};
use hrx_domain::workflow::Workflow;
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// The nomination case type.
pub struct TrainingNomination;

/// A nomination with its programme, person, sending unit and history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NominationRecord {
    pub id: i64,
    pub version: i64,
    pub programme_id: i64,
    pub programme_code: String,
    pub programme_title_en: String,
    pub programme_title_zh: String,
    pub programme_type: String,
    pub person_id: i64,
    pub person_name: String,
    pub sending_unit_id: i64,
    pub sending_unit_name: String,
    /// `nominated`, `endorsed` (one approval), `selected` (two), `rejected` or `withdrawn`.
    pub status: String,
    pub status_since: String,
    pub nominated_by: String,
    /// How many approvals it has (two select it).
    pub approvals: i64,
    /// The group it has a place in, if any.
    pub group_id: Option<i64>,
    pub group_code: Option<String>,
    /// Its steps, oldest first (on a single nomination; empty in lists).
    pub history: Vec<TransitionRecord>,
    pub created_at: String,
}

/// Who is nominated for what, by which unit (the person's organisation by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NominationInput {
    pub programme_id: i64,
    pub person_id: i64,
    pub sending_unit_id: Option<i64>,
}

const LIVE: &str = "status NOT IN ('rejected', 'withdrawn')";

fn select() -> String {
    format!(
        "SELECT n.*, pr.code AS programme_code, pr.title_en AS programme_title_en, \
         pr.title_zh AS programme_title_zh, pr.programme_type, \
         COALESCE(p.name_native, p.name_latin, '') AS person_name, {UNIT_NAME} AS unit_name, \
         (SELECT COUNT(*) FROM case_step s WHERE s.case_type = 'training_nomination' \
          AND s.case_id = n.id AND s.action = 'approve') AS approvals, \
         (SELECT MAX(m.group_id) FROM training_member m JOIN training_group g ON g.id = m.group_id \
          WHERE m.nomination_id = n.id AND m.status = 'active' AND g.status <> 'cancelled') AS group_id \
         FROM training_nomination n JOIN training_programme pr ON pr.id = n.programme_id \
         JOIN person p ON p.id = n.person_id JOIN organisation o ON o.id = n.sending_unit_id"
    )
}

fn nomination_of(row: &AnyRow) -> Result<NominationRecord, StoreError> {
    Ok(NominationRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        programme_id: int(row, "programme_id")?,
        programme_code: text(row, "programme_code")?,
        programme_title_en: text(row, "programme_title_en")?,
        programme_title_zh: text(row, "programme_title_zh")?,
        programme_type: text(row, "programme_type")?,
        person_id: int(row, "person_id")?,
        person_name: text(row, "person_name")?,
        sending_unit_id: int(row, "sending_unit_id")?,
        sending_unit_name: text(row, "unit_name")?,
        status: text(row, "status")?,
        status_since: text(row, "status_since")?,
        nominated_by: text(row, "created_by")?,
        approvals: int(row, "approvals")?,
        group_id: opt_int(row, "group_id")?,
        group_code: None,
        history: Vec::new(),
        created_at: text(row, "created_at")?,
    })
}

async fn with_group_code(
    conn: &mut sqlx::AnyConnection,
    mut n: NominationRecord,
) -> Result<NominationRecord, StoreError> {
    if let Some(g) = n.group_id {
        n.group_code = sqlx::query_scalar("SELECT code FROM training_group WHERE id = $1")
            .bind(g)
            .fetch_optional(&mut *conn)
            .await?;
    }
    Ok(n)
}

impl CaseType for TrainingNomination {
    const TYPE: &'static str = "training_nomination";
    const NOUN: &'static str = "nomination";
    type Record = NominationRecord;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        nomination_workflow()
    }

    fn head(r: &NominationRecord) -> CaseHead<'_> {
        CaseHead {
            version: r.version,
            status: &r.status,
            kind: "nomination",
            status_since: &r.status_since,
        }
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        _scope: Scope,
    ) -> Result<Option<NominationRecord>, StoreError> {
        let sql = format!("{} WHERE n.id = $1", select());
        let Some(n) =
            fetch_optional_as(&mut *conn, sqlx::query(&sql).bind(id), nomination_of).await?
        else {
            return Ok(None);
        };
        let mut n = with_group_code(conn, n).await?;
        n.history = transitions_of(conn, Self::TYPE, id).await?;
        Ok(Some(n))
    }
}

/// Nominates inside an open transaction (a nomination of its own, or a member added to a
/// group who had none): answers the nomination's id. Refuses, in this order, a plan not
/// approved, an unknown person or unit, an ineligible person (naming the rule), a second
/// live nomination, and a unit without a place left (`quota_exceeded`).
pub(crate) async fn nominate_in(
    store: &Store,
    tx: &mut Tx,
    actor: &str,
    input: NominationInput,
    today: NaiveDate,
) -> Result<i64, StoreError> {
    let programme =
        load_programme(tx, input.programme_id)
            .await?
            .ok_or(StoreError::UnknownReference {
                field: "programme_id",
            })?;
    if programme.plan_status != "approved" {
        return Err(StoreError::Refused {
            code: "plan_not_approved",
            detail: format!(
                "the plan of {} is not approved yet: units nominate once it is",
                programme.code
            ),
        });
    }
    let person =
        sqlx::query("SELECT nationality, birth_date, organisation_id FROM person WHERE id = $1")
            .bind(input.person_id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::UnknownReference { field: "person_id" })?;
    let unit = match input
        .sending_unit_id
        .or(opt_int(&person, "organisation_id")?)
    {
        Some(u) => u,
        None => {
            return Err(StoreError::Invalid(FieldErrors::single(
                "sending_unit_id",
                "required",
            )))
        }
    };
    crate::require_id(tx, "organisation", unit, "sending_unit_id").await?;
    let birth: NaiveDate = text(&person, "birth_date")?
        .parse()
        .map_err(|_| super::integrity("a person's birth date is not a date"))?;
    let nationality = text(&person, "nationality")?;
    let window_start: NaiveDate = programme
        .window_start
        .parse()
        .map_err(|_| super::integrity("a programme's window is not a date"))?;
    let kind = ProgrammeType::parse(&programme.programme_type)
        .ok_or_else(|| super::integrity("unknown programme type"))?;
    let nominee = Nominee {
        nationality: &nationality,
        birth_date: birth,
    };
    if let Some((_, why)) = ineligible(&rules().eligibility, kind, nominee, window_start) {
        return Err(StoreError::Refused {
            code: "ineligible",
            detail: why,
        });
    }
    let live: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM training_nomination WHERE programme_id = $1 AND person_id = $2 AND {LIVE}"
    ))
    .bind(input.programme_id)
    .bind(input.person_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(n) = live {
        return Err(StoreError::Refused {
            code: "already_nominated",
            detail: format!(
                "this person already holds nomination {n} for {}",
                programme.code
            ),
        });
    }
    let quota = sqlx::query(&format!(
        "SELECT places, supplementary FROM training_quota WHERE programme_id = $1 \
         AND sending_unit_id = $2{}",
        store.for_update()
    ))
    .bind(input.programme_id)
    .bind(unit)
    .fetch_optional(&mut **tx)
    .await?;
    let unit_name: String = sqlx::query_scalar(&format!(
        "SELECT {UNIT_NAME} FROM organisation o WHERE o.id = $1"
    ))
    .bind(unit)
    .fetch_one(&mut **tx)
    .await?;
    let (places, supplementary) = match &quota {
        Some(q) => (int(q, "places")?, int(q, "supplementary")?),
        None => (0, 0),
    };
    let used: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM training_nomination WHERE programme_id = $1 AND sending_unit_id = $2 AND {LIVE}"
    ))
    .bind(input.programme_id)
    .bind(unit)
    .fetch_one(&mut **tx)
    .await?;
    check_quota(&unit_name, places, supplementary, used).map_err(|r| StoreError::Refused {
        code: r.code,
        detail: r.detail,
    })?;
    let at = now();
    let initial = nomination_workflow()
        .map_err(super::integrity)?
        .initial
        .clone();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO training_nomination (programme_id, person_id, sending_unit_id, status, \
         status_since, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         RETURNING id",
    )
    .bind(input.programme_id)
    .bind(input.person_id)
    .bind(unit)
    .bind(initial)
    .bind(today.to_string())
    .bind(actor)
    .bind(&at)
    .fetch_one(&mut **tx)
    .await?;
    store
        .system_step::<TrainingNomination>(
            tx,
            actor,
            id,
            ("nominate", "nominated"),
            None,
            today,
            Vec::new(),
        )
        .await?;
    Ok(id)
}

impl Store {
    /// A sending unit nominates a person for a programme.
    pub async fn nominate_for_training(
        &self,
        actor: &str,
        input: NominationInput,
        today: NaiveDate,
    ) -> Result<NominationRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = nominate_in(self, &mut tx, actor, input, today).await?;
        let record = TrainingNomination::load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, (TrainingNomination::TYPE, id), record)
            .await
    }

    /// Approves, rejects or withdraws a nomination. A withdrawal takes the person out of a
    /// planned group, with the reason given; after departure it is refused.
    pub async fn training_nomination_step(
        &self,
        actor: &str,
        id: i64,
        request: &StepRequest<'_>,
    ) -> Result<NominationRecord, StoreError> {
        let mut step = self
            .open_step::<TrainingNomination>(actor, id, request, Scope::All)
            .await?;
        if request.action == "withdraw" {
            withdraw_members_of(&mut step.tx, id, request.comment.unwrap_or("")).await?;
        }
        step.apply(None, Vec::new()).await?;
        step.commit(self).await
    }

    pub async fn training_nomination(
        &self,
        id: i64,
    ) -> Result<Option<NominationRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        TrainingNomination::load(&mut conn, id, Scope::All).await
    }

    /// Nominations of a programme (or all), of a status (or all), oldest first.
    pub async fn training_nominations(
        &self,
        programme_id: Option<i64>,
        status: Option<&str>,
    ) -> Result<Vec<NominationRecord>, StoreError> {
        let mut sql = format!("{} WHERE 1 = 1", select());
        let mut n = 1;
        if programme_id.is_some() {
            sql.push_str(&format!(" AND n.programme_id = ${n}"));
            n += 1;
        }
        if status.is_some() {
            sql.push_str(&format!(" AND n.status = ${n}"));
        }
        sql.push_str(" ORDER BY n.id");
        let mut query = sqlx::query(&sql);
        if let Some(p) = programme_id {
            query = query.bind(p);
        }
        if let Some(s) = status {
            query = query.bind(s.to_owned());
        }
        let mut conn = self.pool.acquire().await?;
        let list = fetch_all_as(&mut *conn, query, nomination_of).await?;
        let mut out = Vec::with_capacity(list.len());
        for n in list {
            out.push(with_group_code(&mut conn, n).await?);
        }
        Ok(out)
    }
}

/// Takes out of their planned group the members holding a nomination being withdrawn;
/// refused once the group has left.
pub(crate) async fn withdraw_members_of(
    tx: &mut Tx,
    nomination_id: i64,
    reason: &str,
) -> Result<(), StoreError> {
    let gone: Option<String> = sqlx::query_scalar(
        "SELECT g.code FROM training_member m JOIN training_group g ON g.id = m.group_id \
         WHERE m.nomination_id = $1 AND m.status = 'active' AND g.status IN ('departed', 'returned')",
    )
    .bind(nomination_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(code) = gone {
        return Err(StoreError::Refused {
            code: "already_departed",
            detail: format!("group {code} has left: its members can no longer be withdrawn"),
        });
    }
    sqlx::query(
        "UPDATE training_member SET status = 'withdrawn', withdrawal_reason = $1 \
         WHERE nomination_id = $2 AND status = 'active'",
    )
    .bind(reason.trim())
    .bind(nomination_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
