//! Events with their partners, delegations, outcome documents and follow-up actions (cases
//! on the kernel), and cooperation projects.

use super::records::{day, integrity, opt_day, wall_today};
use super::{linked_persons, partner_for_code, refresh, DelegateRecord};

const DELEGATES: (&str, &str) = ("coop_delegate", "event_id");
use crate::case::{CaseHead, CaseType, StepRequest, Value};
use crate::{
    fetch_all_as, fetch_optional_as, int, now, opt_int, opt_text, text, Store, StoreError, Tx,
};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::cooperation::events::{
    follow_up_flag, organisers_named, ChineseRole, DelegateRole, EventInput, FollowUpFlag,
    OutcomeKind, PartnerRole,
};
use hrx_domain::cooperation::{followup_workflow, parse_day};
use hrx_domain::workflow::Workflow;
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// A partner of an event, with its part.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventPartner {
    pub code: String,
    pub kind: String,
    pub name_en: String,
    pub name_zh: String,
    /// `organiser`, `counterpart` or `participant`.
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUpRecord {
    pub id: i64,
    pub outcome_id: i64,
    pub event_id: i64,
    pub event_name_en: String,
    pub event_name_zh: String,
    pub outcome_title_en: String,
    pub outcome_title_zh: String,
    pub description: String,
    /// The officer's account that owns the action.
    pub owner: String,
    pub due_on: String,
    /// The deadline as set, in working days from the day it was recorded.
    pub working_days: Option<i64>,
    pub done_on: Option<String>,
    /// `open`, `done` or `cancelled`.
    pub status: String,
    pub status_since: String,
    pub version: i64,
    /// On time, overdue by some days, or done late (R3), today.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub flag: FollowUpFlag,
}

impl FollowUpRecord {
    pub fn overdue_days(&self) -> Option<i64> {
        match self.flag {
            FollowUpFlag::Overdue { days } => Some(days),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeRecord {
    pub id: i64,
    pub event_id: i64,
    pub kind: String,
    pub title_en: String,
    pub title_zh: String,
    pub adopted_on: Option<String>,
    pub text_ref: String,
    pub follow_ups: Vec<FollowUpRecord>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventRecord {
    pub id: i64,
    pub name_en: String,
    pub name_zh: String,
    pub kind: String,
    pub starts_on: String,
    /// The start is known to the month only.
    pub month_only: bool,
    pub ends_on: Option<String>,
    pub organiser: String,
    pub chinese_role: Option<String>,
    pub host_city: String,
    pub host_country: Option<String>,
    pub source: String,
    /// `shipped`, `import` or `officer`.
    pub origin: String,
    pub partners: Vec<EventPartner>,
    pub delegates: Vec<DelegateRecord>,
    pub outcomes: Vec<OutcomeRecord>,
}

/// An event to record: the checked row, China's part and its partners with their parts.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub event: EventInput,
    pub chinese_role: Option<ChineseRole>,
    pub partners: Vec<(String, PartnerRole)>,
}

/// What lists of events are filtered by.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub kind: Option<String>,
    /// A partner's code: events it took part in, or hosted in its country.
    pub partner: Option<String>,
}

fn event(r: &AnyRow) -> Result<EventRecord, StoreError> {
    Ok(EventRecord {
        id: int(r, "id")?,
        name_en: text(r, "name_en")?,
        name_zh: text(r, "name_zh")?,
        kind: text(r, "kind")?,
        starts_on: text(r, "starts_on")?,
        month_only: int(r, "month_only")? != 0,
        ends_on: opt_text(r, "ends_on")?,
        organiser: text(r, "organiser")?,
        chinese_role: opt_text(r, "chinese_role")?,
        host_city: text(r, "host_city")?,
        host_country: opt_text(r, "host_country")?,
        source: text(r, "source")?,
        origin: text(r, "origin")?,
        partners: Vec::new(),
        delegates: Vec::new(),
        outcomes: Vec::new(),
    })
}

fn outcome(r: &AnyRow) -> Result<OutcomeRecord, StoreError> {
    Ok(OutcomeRecord {
        id: int(r, "id")?,
        event_id: int(r, "event_id")?,
        kind: text(r, "kind")?,
        title_en: text(r, "title_en")?,
        title_zh: text(r, "title_zh")?,
        adopted_on: opt_text(r, "adopted_on")?,
        text_ref: text(r, "text_ref")?,
        follow_ups: Vec::new(),
    })
}

const FOLLOWUP_SELECT: &str = "SELECT f.*, o.event_id, o.title_en AS outcome_title_en, \
     o.title_zh AS outcome_title_zh, e.name_en AS event_name_en, e.name_zh AS event_name_zh \
     FROM coop_followup f JOIN coop_outcome o ON o.id = f.outcome_id JOIN coop_event e ON e.id = o.event_id";

/// A follow-up action as read, flagged on `today`.
fn followup_on(today: NaiveDate) -> impl Fn(&AnyRow) -> Result<FollowUpRecord, StoreError> {
    move |r| followup(r, today)
}

fn followup(r: &AnyRow, today: NaiveDate) -> Result<FollowUpRecord, StoreError> {
    let due_on = text(r, "due_on")?;
    let done_on = opt_text(r, "done_on")?;
    let status = text(r, "status")?;
    let flag = if status == "cancelled" {
        FollowUpFlag::OnTime
    } else {
        follow_up_flag(day(&due_on)?, opt_day(done_on.clone())?, today)
    };
    Ok(FollowUpRecord {
        id: int(r, "id")?,
        outcome_id: int(r, "outcome_id")?,
        event_id: int(r, "event_id")?,
        event_name_en: text(r, "event_name_en")?,
        event_name_zh: text(r, "event_name_zh")?,
        outcome_title_en: text(r, "outcome_title_en")?,
        outcome_title_zh: text(r, "outcome_title_zh")?,
        description: text(r, "description")?,
        owner: text(r, "owner")?,
        due_on,
        working_days: opt_int(r, "working_days")?,
        done_on,
        status,
        status_since: text(r, "status_since")?,
        version: int(r, "version")?,
        flag,
    })
}

/// The follow-up case type.
pub struct CoopFollowUp;

impl CaseType for CoopFollowUp {
    const TYPE: &'static str = "coop_followup";
    const NOUN: &'static str = "follow-up action";
    type Record = FollowUpRecord;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        followup_workflow()
    }

    fn head(r: &FollowUpRecord) -> CaseHead<'_> {
        CaseHead {
            version: r.version,
            status: &r.status,
            kind: "follow_up",
            status_since: &r.status_since,
        }
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        _scope: Scope,
    ) -> Result<Option<FollowUpRecord>, StoreError> {
        let sql = format!("{FOLLOWUP_SELECT} WHERE f.id = $1");
        fetch_optional_as(conn, sqlx::query(&sql).bind(id), followup_on(wall_today())).await
    }
}

/// Adds or updates an event of a file or of the shipped history (matched by its start and
/// English name), with the organisations its organiser names and its outcome document.
/// Answers whether it was created, updated or left unchanged.
pub(crate) async fn upsert_event(
    tx: &mut Tx,
    actor: &str,
    e: &EventInput,
    origin: &str,
) -> Result<crate::imports::small::Upsert, StoreError> {
    let found = sqlx::query("SELECT * FROM coop_event WHERE starts_on = $1 AND name_en = $2")
        .bind(e.starts_on.to_string())
        .bind(e.name_en.clone())
        .fetch_optional(&mut **tx)
        .await?;
    let (id, outcome) = match found {
        Some(r) => {
            let old = event(&r)?;
            let same = old.name_zh == e.name_zh
                && old.kind == e.kind.code()
                && old.month_only == e.month_only
                && old.ends_on == e.ends_on.map(|d| d.to_string())
                && old.organiser == e.organiser
                && old.host_city == e.host_city
                && old.host_country == e.host_country
                && old.source == e.source;
            if !same {
                sqlx::query(
                    "UPDATE coop_event SET name_zh = $1, kind = $2, month_only = $3, ends_on = $4, \
                     organiser = $5, host_city = $6, host_country = $7, source = $8 WHERE id = $9",
                )
                .bind(e.name_zh.clone())
                .bind(e.kind.code())
                .bind(i64::from(e.month_only))
                .bind(e.ends_on.map(|d| d.to_string()))
                .bind(e.organiser.clone())
                .bind(e.host_city.clone())
                .bind(e.host_country.clone())
                .bind(e.source.clone())
                .bind(old.id)
                .execute(&mut **tx)
                .await?;
            }
            (
                old.id,
                if same {
                    crate::imports::small::Upsert::Unchanged
                } else {
                    crate::imports::small::Upsert::Updated
                },
            )
        }
        None => (
            insert_event(tx, actor, e, None, origin).await?,
            crate::imports::small::Upsert::Created,
        ),
    };
    let known: Vec<String> = sqlx::query_scalar(
        "SELECT code FROM coop_partner WHERE kind IN ('international_organisation', 'regional_forum')",
    )
    .fetch_all(&mut **tx)
    .await?;
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    for code in organisers_named(&e.organiser, &known) {
        link_partner(tx, id, code, PartnerRole::Organiser, actor).await?;
    }
    if !e.outcome_document.is_empty() {
        sqlx::query(
            "INSERT INTO coop_outcome (event_id, kind, title_en, title_zh, adopted_on, text_ref, created_by, created_at) \
             VALUES ($1, $2, $3, $3, $4, $5, $6, $7) ON CONFLICT (event_id, title_en) DO NOTHING",
        )
        .bind(id)
        .bind(OutcomeKind::guess(&e.outcome_document).code())
        .bind(e.outcome_document.clone())
        .bind(e.ends_on.unwrap_or(e.starts_on).to_string())
        .bind(e.source.clone())
        .bind(actor)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    }
    Ok(outcome)
}

async fn insert_event(
    tx: &mut Tx,
    actor: &str,
    e: &EventInput,
    chinese_role: Option<ChineseRole>,
    origin: &str,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO coop_event (name_en, name_zh, kind, starts_on, month_only, ends_on, organiser, \
         chinese_role, host_city, host_country, source, origin, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(e.name_en.clone())
    .bind(e.name_zh.clone())
    .bind(e.kind.code())
    .bind(e.starts_on.to_string())
    .bind(i64::from(e.month_only))
    .bind(e.ends_on.map(|d| d.to_string()))
    .bind(e.organiser.clone())
    .bind(chinese_role.map(ChineseRole::code))
    .bind(e.host_city.clone())
    .bind(e.host_country.clone())
    .bind(e.source.clone())
    .bind(origin)
    .bind(actor)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
    .map_err(|err| StoreError::from_constraint(err, &[("coop_event", "name_en")]))
}

async fn link_partner(
    tx: &mut Tx,
    event_id: i64,
    code: &str,
    role: PartnerRole,
    actor: &str,
) -> Result<bool, StoreError> {
    let Some(p) = partner_for_code(tx, code, actor).await? else {
        return Ok(false);
    };
    sqlx::query(
        "INSERT INTO coop_event_partner (event_id, partner_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (event_id, partner_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(p.id)
    .bind(role.code())
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// An outcome document to record.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OutcomeInput {
    pub kind: String,
    pub title_en: String,
    pub title_zh: String,
    pub adopted_on: String,
    pub text_ref: String,
}

/// A follow-up action to record: a deadline as a date, or in working days from today.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FollowUpInput {
    pub description: String,
    pub owner: String,
    pub due_on: String,
    pub working_days: Option<i64>,
}

pub(super) fn opt_day_field(e: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        return None;
    }
    let d = parse_day(value, false).map(|(d, _)| d);
    if d.is_none() {
        e.add(field, "invalid_date");
    }
    d
}

pub(super) fn optional(e: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        e.text(field, value, max)
    }
}

impl Store {
    /// Records an event with its partners (and its outcome document, if the row names one).
    pub async fn create_coop_event(
        &self,
        actor: &str,
        input: &NewEvent,
    ) -> Result<EventRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = insert_event(&mut tx, actor, &input.event, input.chinese_role, "officer").await?;
        let mut e = FieldErrors::new();
        for (code, role) in &input.partners {
            if !link_partner(&mut tx, id, code, *role, actor).await? {
                e.add("partners", "unknown_partner");
            }
        }
        e.into_result().map_err(StoreError::Invalid)?;
        if !input.event.outcome_document.is_empty() {
            sqlx::query(
                "INSERT INTO coop_outcome (event_id, kind, title_en, title_zh, adopted_on, text_ref, created_by, created_at) \
                 VALUES ($1, $2, $3, $3, $4, '', $5, $6)",
            )
            .bind(id)
            .bind(OutcomeKind::guess(&input.event.outcome_document).code())
            .bind(input.event.outcome_document.clone())
            .bind(input.event.ends_on.unwrap_or(input.event.starts_on).to_string())
            .bind(actor)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        }
        refresh(self, &mut tx).await?;
        let record = event_in(&mut tx, id, wall_today())
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("coop_event", id), record)
            .await
    }

    /// Events in date order, with their partners and outcome documents.
    pub async fn coop_events(&self, filter: &EventFilter) -> Result<Vec<EventRecord>, StoreError> {
        let mut sql = String::from("SELECT e.* FROM coop_event e WHERE 1 = 1");
        let mut binds: Vec<String> = Vec::new();
        let mut push = |clause: &str, value: String, sql: &mut String| {
            binds.push(value);
            sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
        };
        if let Some(from) = filter.from {
            push(
                " AND COALESCE(e.ends_on, e.starts_on) >= ?",
                from.to_string(),
                &mut sql,
            );
        }
        if let Some(to) = filter.to {
            push(" AND e.starts_on <= ?", to.to_string(), &mut sql);
        }
        if let Some(kind) = &filter.kind {
            push(" AND e.kind = ?", kind.clone(), &mut sql);
        }
        if let Some(code) = &filter.partner {
            push(
                " AND (e.host_country = ? OR e.id IN (SELECT ep.event_id FROM coop_event_partner ep \
                 JOIN coop_partner p ON p.id = ep.partner_id WHERE p.code = ?))",
                code.clone(),
                &mut sql,
            );
        }
        sql.push_str(" ORDER BY e.starts_on, e.id");
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = query.bind(b.clone());
        }
        let mut conn = self.pool.acquire().await?;
        let mut events = fetch_all_as(&mut *conn, query, event).await?;
        let partners = event_partners(&mut conn, None).await?;
        let outcomes = fetch_all_as(
            &mut *conn,
            sqlx::query("SELECT * FROM coop_outcome ORDER BY id"),
            outcome,
        )
        .await?;
        for e in &mut events {
            e.partners = partners
                .iter()
                .filter(|(i, _)| *i == e.id)
                .map(|(_, p)| p.clone())
                .collect();
            e.outcomes = outcomes
                .iter()
                .filter(|o| o.event_id == e.id)
                .cloned()
                .collect();
        }
        Ok(events)
    }

    /// One event with everything recorded of it, its follow-up actions flagged on `today`.
    pub async fn coop_event(
        &self,
        id: i64,
        today: NaiveDate,
    ) -> Result<Option<EventRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        event_in(&mut conn, id, today).await
    }

    /// Adds a member of the Chinese delegation (a person of the registry) to an event.
    pub async fn add_coop_delegate(
        &self,
        actor: &str,
        event_id: i64,
        person_id: i64,
        role: &str,
    ) -> Result<DelegateRecord, StoreError> {
        if DelegateRole::parse(role).is_none() {
            return Err(StoreError::Invalid(FieldErrors::single(
                "role",
                "unknown_value",
            )));
        }
        let mut tx = self.begin_write().await?;
        crate::require_id(&mut tx, "coop_event", event_id, "event_id").await?;
        crate::require_id(&mut tx, "person", person_id, "person_id").await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO coop_delegate (event_id, person_id, role, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(event_id)
        .bind(person_id)
        .bind(role)
        .bind(actor)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| StoreError::from_constraint(e, &[("coop_delegate", "person_id")]))?;
        let record = linked_persons(&mut tx, DELEGATES, event_id)
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("coop_delegate", id), record)
            .await
    }

    /// Records an outcome document of an event.
    pub async fn add_coop_outcome(
        &self,
        actor: &str,
        event_id: i64,
        input: &OutcomeInput,
    ) -> Result<OutcomeRecord, StoreError> {
        let mut e = FieldErrors::new();
        let kind = OutcomeKind::parse(&input.kind);
        if kind.is_none() {
            e.add(
                "kind",
                if input.kind.trim().is_empty() {
                    "required"
                } else {
                    "unknown_value"
                },
            );
        }
        let title_en = e.text("title_en", &input.title_en, 300);
        let title_zh = e.text("title_zh", &input.title_zh, 300);
        let adopted_on = opt_day_field(&mut e, "adopted_on", &input.adopted_on);
        let text_ref = optional(&mut e, "text_ref", &input.text_ref, 1000);
        e.into_result().map_err(StoreError::Invalid)?;
        let kind = kind.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        crate::require_id(&mut tx, "coop_event", event_id, "event_id").await?;
        let query = sqlx::query(
            "INSERT INTO coop_outcome (event_id, kind, title_en, title_zh, adopted_on, text_ref, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        )
        .bind(event_id)
        .bind(kind.code())
        .bind(title_en)
        .bind(title_zh)
        .bind(adopted_on.map(|d| d.to_string()))
        .bind(text_ref)
        .bind(actor)
        .bind(now());
        let record = query
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| StoreError::from_constraint(e, &[("coop_outcome", "title_en")]))
            .and_then(|r| outcome(&r))?;
        self.commit_created(tx, actor, ("coop_outcome", record.id), record)
            .await
    }

    /// Records a follow-up action of an outcome, owned by an officer's account, due on a day
    /// given or a number of working days from `today`; a deadline in the past is refused.
    pub async fn add_coop_followup(
        &self,
        actor: &str,
        outcome_id: i64,
        input: &FollowUpInput,
        today: NaiveDate,
    ) -> Result<FollowUpRecord, StoreError> {
        let mut e = FieldErrors::new();
        let description = e.prose("description", &input.description, 2000);
        let owner = e.text("owner", &input.owner, 100);
        let due_on = match (input.due_on.trim(), input.working_days) {
            ("", None) => {
                e.add("due_on", "required");
                None
            }
            ("", Some(n)) => match u32::try_from(n) {
                Ok(n) if (1..=1000).contains(&n) => {
                    Some(self.working_calendar().await?.add_working_days(today, n))
                }
                _ => {
                    e.add("working_days", "out_of_range");
                    None
                }
            },
            (text, _) => match parse_day(text, false) {
                Some((d, _)) if d < today => {
                    e.add("due_on", "in_the_past");
                    None
                }
                Some((d, _)) => Some(d),
                None => {
                    e.add("due_on", "invalid_date");
                    None
                }
            },
        };
        let mut tx = self.begin_write().await?;
        let owner_ok: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM app_user WHERE username = $1 AND disabled = 0 AND (role = 'admin' \
             OR (role = 'officer' AND ',' || capabilities || ',' LIKE '%,cooperation,%'))",
        )
        .bind(owner.clone())
        .fetch_optional(&mut *tx)
        .await?;
        if owner_ok.is_none() && e.code_for("owner").is_none() {
            e.add("owner", "unknown_account");
        }
        e.into_result().map_err(StoreError::Invalid)?;
        let due_on = due_on.ok_or(StoreError::NotFound)?;
        crate::require_id(&mut tx, "coop_outcome", outcome_id, "outcome_id").await?;
        let at = now();
        let initial = followup_workflow().map_err(integrity)?.initial.clone();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO coop_followup (outcome_id, description, owner, due_on, working_days, status, \
             status_since, due_date, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $4, $8, $9, $9) RETURNING id",
        )
        .bind(outcome_id)
        .bind(description)
        .bind(owner)
        .bind(due_on.to_string())
        .bind(input.working_days.filter(|_| input.due_on.trim().is_empty()))
        .bind(initial)
        .bind(today.to_string())
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let record = CoopFollowUp::load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, (CoopFollowUp::TYPE, id), record)
            .await
    }

    /// Marks a follow-up action done (`complete`) or cancels it.
    pub async fn coop_followup_step(
        &self,
        actor: &str,
        id: i64,
        request: &StepRequest<'_>,
    ) -> Result<FollowUpRecord, StoreError> {
        let mut step = self
            .open_step::<CoopFollowUp>(actor, id, request, Scope::All)
            .await?;
        let patch = match request.action {
            "complete" => vec![("done_on", Value::Text(Some(request.today.to_string())))],
            _ => Vec::new(),
        };
        step.apply(None, patch).await?;
        step.commit(self).await
    }

    /// Follow-up actions, soonest due first, flagged on `today`: the open ones only, or all;
    /// one owner's, or everyone's.
    pub async fn coop_followups(
        &self,
        open_only: bool,
        owner: Option<&str>,
        today: NaiveDate,
    ) -> Result<Vec<FollowUpRecord>, StoreError> {
        let mut sql = format!("{FOLLOWUP_SELECT} WHERE 1 = 1");
        if open_only {
            sql.push_str(" AND f.status = 'open'");
        }
        if owner.is_some() {
            sql.push_str(" AND f.owner = $1");
        }
        sql.push_str(" ORDER BY f.due_on, f.id");
        let query = match owner {
            Some(o) => sqlx::query(&sql).bind(o.to_owned()),
            None => sqlx::query(&sql),
        };
        fetch_all_as(&self.pool, query, followup_on(today)).await
    }
}

async fn event_partners(
    conn: &mut sqlx::AnyConnection,
    event_id: Option<i64>,
) -> Result<Vec<(i64, EventPartner)>, StoreError> {
    let only = if event_id.is_some() {
        " WHERE ep.event_id = $1"
    } else {
        ""
    };
    let sql = format!(
        "SELECT ep.event_id, ep.role, p.code, p.kind, p.name_en, p.name_zh FROM coop_event_partner ep \
         JOIN coop_partner p ON p.id = ep.partner_id{only} ORDER BY ep.role DESC, p.code"
    );
    fetch_all_as(&mut *conn, sqlx::query(&sql).bind(event_id), |r| {
        Ok((
            int(r, "event_id")?,
            EventPartner {
                code: text(r, "code")?,
                kind: text(r, "kind")?,
                name_en: text(r, "name_en")?,
                name_zh: text(r, "name_zh")?,
                role: text(r, "role")?,
            },
        ))
    })
    .await
}

async fn event_in(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    today: NaiveDate,
) -> Result<Option<EventRecord>, StoreError> {
    let query = sqlx::query("SELECT * FROM coop_event WHERE id = $1").bind(id);
    let Some(mut e) = fetch_optional_as(&mut *conn, query, event).await? else {
        return Ok(None);
    };
    e.partners = event_partners(conn, Some(id))
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    e.delegates = linked_persons(conn, DELEGATES, id).await?;
    let query = sqlx::query("SELECT * FROM coop_outcome WHERE event_id = $1 ORDER BY id").bind(id);
    e.outcomes = fetch_all_as(&mut *conn, query, outcome).await?;
    let sql = format!("{FOLLOWUP_SELECT} WHERE o.event_id = $1 ORDER BY f.id");
    let follow_ups =
        fetch_all_as(&mut *conn, sqlx::query(&sql).bind(id), followup_on(today)).await?;
    for o in &mut e.outcomes {
        o.follow_ups = follow_ups
            .iter()
            .filter(|f| f.outcome_id == o.id)
            .cloned()
            .collect();
    }
    Ok(Some(e))
}
