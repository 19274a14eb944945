//! Nominations for the state awards on the case kernel (spec §5,
//! `data/awards/nomination-workflow.toml`). A nomination is refused, with nothing written,
//! when it breaks a rule of issue 21: `window_closed`, `not_foreign`, `already_laureate`,
//! `second_channel`, `text_too_long`, `quota_exceeded`, `rank_taken`. The notice windows are
//! the round's: an objection by a named objector is taken only while the notice is open, and
//! the file leaves the notice only after it. A suspended nomination can be carried over to
//! the next round; conferral records the laureate. The objectors' names are kept from the
//! nominee's side (the employer's and the expert's own view).

use super::{load_round, round_of_year, RoundRecord};
use crate::case::{transitions_of, CaseHead, CaseType, StepRequest, TransitionRecord, Value};
use crate::{int, now, opt_int, opt_text, text, Store, StoreError, Tx};
use chrono::{Days, NaiveDate};
use hrx_domain::access::Scope;
use hrx_domain::awards::{
    check_nomination, nomination_workflow, quota_for, NominationCheck, AWARDS, CONFERRALS,
};
use hrx_domain::calendar::WorkingCalendar;
use hrx_domain::workflow::Workflow;
use hrx_domain::FieldErrors;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

/// The nomination case type.
pub struct AwardNomination;

/// The statuses in which a nomination no longer takes a place in its unit's quota.
const DEAD: [&str; 4] = ["withdrawn", "rejected", "disqualified", "carried_over"];

/// A nomination as asked for (the contract of issue 21).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NominationInput {
    /// `friendship` or `istc`.
    pub award: String,
    pub award_year: i32,
    pub applying_unit_id: i64,
    pub expert_person_id: i64,
    /// The place in the applying unit's ranked order, from 1.
    pub rank: i64,
    /// The main contribution, within the round's length limit.
    pub contribution: String,
    /// The employer (an organisation of the registry) whose file it is; one channel only.
    #[serde(default)]
    pub employer_id: Option<i64>,
    /// The expert's field (shown in the laureate register).
    #[serde(default)]
    pub field: Option<String>,
}

/// An objection on a nomination. The objector's name and contact are left out of the
/// nominee's side's view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObjectionRecord {
    pub id: i64,
    pub objector_name: Option<String>,
    pub objector_contact: Option<String>,
    pub lodged_on: String,
    /// The notice it was lodged in: `public_notice` or `initial_result_notice`.
    pub notice_state: String,
    pub text: String,
}

/// A nomination with its round, unit, expert, objections and history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NominationRecord {
    pub id: i64,
    pub version: i64,
    pub round_id: i64,
    pub award: String,
    pub award_year: i32,
    pub applying_unit_id: i64,
    pub unit_code: String,
    pub unit_kind: String,
    pub unit_name_en: String,
    pub unit_name_zh: String,
    pub expert_person_id: i64,
    pub expert_name: String,
    pub expert_name_latin: Option<String>,
    pub nationality: String,
    pub employer_id: Option<i64>,
    pub employer_name: Option<String>,
    pub rank: i64,
    pub contribution: String,
    pub field: String,
    /// The suspended nomination of the previous round it carries over, if any.
    pub carried_from: Option<i64>,
    pub status: String,
    pub status_since: String,
    /// The notice the file is or was on, the day it began, and its last day.
    pub notice_state: Option<String>,
    pub notice_from: Option<String>,
    pub notice_until: Option<String>,
    pub objections: Vec<ObjectionRecord>,
    pub history: Vec<TransitionRecord>,
    pub created_by: String,
    pub created_at: String,
}

impl NominationRecord {
    /// The nominee's side's view: the objectors' names and contacts left out.
    pub fn without_objectors(mut self) -> NominationRecord {
        for o in &mut self.objections {
            o.objector_name = None;
            o.objector_contact = None;
        }
        self
    }
}

/// What a step may carry besides the kernel's fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NominationStepInput {
    /// `object`: who objects (named: anonymous objections are not taken) and how to reach
    /// them; the objection's text is the step's comment.
    #[serde(default)]
    pub objector_name: Option<String>,
    #[serde(default)]
    pub objector_contact: Option<String>,
    /// `confer`: `ceremony`, `conferred_abroad` or `supplementary`, and the day.
    #[serde(default)]
    pub conferral: Option<String>,
    #[serde(default)]
    pub conferred_on: Option<String>,
    /// `confer`: an amount the record states (spec §7 U5); empty by default.
    #[serde(default)]
    pub monetary_award_cny: Option<i64>,
}

const SELECT: &str =
    "SELECT n.*, u.code AS unit_code, u.kind AS unit_kind, u.name_en AS unit_name_en, \
     u.name_zh AS unit_name_zh, COALESCE(p.name_native, p.name_latin, '') AS expert_name, \
     p.name_latin AS expert_name_latin, p.nationality, COALESCE(o.name_en, o.name_zh) AS employer_name \
     FROM award_nomination n JOIN award_unit u ON u.id = n.unit_id \
     JOIN person p ON p.id = n.person_id LEFT JOIN organisation o ON o.id = n.employer_id";

fn nomination_of(row: &AnyRow) -> Result<NominationRecord, StoreError> {
    Ok(NominationRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        round_id: int(row, "round_id")?,
        award: text(row, "award")?,
        award_year: int(row, "award_year")? as i32,
        applying_unit_id: int(row, "unit_id")?,
        unit_code: text(row, "unit_code")?,
        unit_kind: text(row, "unit_kind")?,
        unit_name_en: text(row, "unit_name_en")?,
        unit_name_zh: text(row, "unit_name_zh")?,
        expert_person_id: int(row, "person_id")?,
        expert_name: text(row, "expert_name")?,
        expert_name_latin: opt_text(row, "expert_name_latin")?,
        nationality: text(row, "nationality")?,
        employer_id: opt_int(row, "employer_id")?,
        employer_name: opt_text(row, "employer_name")?,
        rank: int(row, "rank")?,
        contribution: text(row, "contribution")?,
        field: text(row, "field")?,
        carried_from: opt_int(row, "carried_from")?,
        status: text(row, "status")?,
        status_since: text(row, "status_since")?,
        notice_state: opt_text(row, "notice_state")?,
        notice_from: opt_text(row, "notice_from")?,
        notice_until: None,
        objections: Vec::new(),
        history: Vec::new(),
        created_by: text(row, "created_by")?,
        created_at: text(row, "created_at")?,
    })
}

fn objection_of(row: &AnyRow) -> Result<ObjectionRecord, StoreError> {
    Ok(ObjectionRecord {
        id: int(row, "id")?,
        objector_name: Some(text(row, "objector_name")?),
        objector_contact: Some(text(row, "objector_contact")?),
        lodged_on: text(row, "lodged_on")?,
        notice_state: text(row, "notice_state")?,
        text: text(row, "text")?,
    })
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

/// The last day of a notice that began on `from` and lasts `days` (that day not counted);
/// `None` for a notice of no days (nothing may be lodged).
pub(crate) fn notice_end(
    from: NaiveDate,
    days: i64,
    count: &str,
    calendar: &WorkingCalendar,
) -> Option<NaiveDate> {
    let days = u32::try_from(days).ok().filter(|d| *d > 0)?;
    Some(match count {
        "working" => calendar.add_working_days(from, days),
        _ => from
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(NaiveDate::MAX),
    })
}

fn notice_days(round: &RoundRecord, state: &str) -> i64 {
    if state == "public_notice" {
        round.notice_days
    } else {
        round.result_notice_days
    }
}

impl CaseType for AwardNomination {
    const TYPE: &'static str = "award_nomination";
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

    fn person(r: &NominationRecord) -> Option<i64> {
        Some(r.expert_person_id)
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        scope: Scope,
    ) -> Result<Option<NominationRecord>, StoreError> {
        let (sql, bind) = match scope {
            Scope::All => (format!("{SELECT} WHERE n.id = $1"), None),
            Scope::Organisation(o) => (
                format!("{SELECT} WHERE n.id = $1 AND n.employer_id = $2"),
                Some(o),
            ),
            Scope::Person(p) => (
                format!("{SELECT} WHERE n.id = $1 AND n.person_id = $2"),
                Some(p),
            ),
            Scope::Nothing => return Ok(None),
        };
        let query = match bind {
            Some(b) => sqlx::query(&sql).bind(id).bind(b),
            None => sqlx::query(&sql).bind(id),
        };
        let Some(mut r) = crate::fetch_optional_as(&mut *conn, query, nomination_of).await? else {
            return Ok(None);
        };
        r.objections = crate::fetch_all_as(
            &mut *conn,
            sqlx::query("SELECT * FROM award_objection WHERE nomination_id = $1 ORDER BY id")
                .bind(id),
            objection_of,
        )
        .await?;
        r.history = transitions_of(conn, Self::TYPE, id).await?;
        if let (Some(state), Some(from)) = (
            r.notice_state.clone(),
            r.notice_from.as_deref().and_then(day),
        ) {
            if let Some(round) = load_round(conn, r.round_id).await? {
                r.notice_until = notice_end(
                    from,
                    notice_days(&round, &state),
                    &round.notice_count,
                    WorkingCalendar::official(),
                )
                .map(|d| d.to_string());
            }
        }
        if scope != Scope::All {
            r = r.without_objectors();
        }
        Ok(Some(r))
    }
}

fn refused(r: hrx_domain::awards::Refusal) -> StoreError {
    StoreError::Refused {
        code: r.code(),
        detail: r.to_string(),
    }
}

/// A text that may be left out: empty when it is, else checked as [`FieldErrors::text`].
fn optional(e: &mut FieldErrors, field: &str, value: Option<&str>, max: usize) -> String {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => e.text(field, v, max),
        None => String::new(),
    }
}

fn check_input(input: &NominationInput) -> Result<(String, String), FieldErrors> {
    let mut e = FieldErrors::new();
    if !AWARDS.contains(&input.award.as_str()) {
        e.add("award", "unknown_value");
    }
    if !(1991..=2100).contains(&input.award_year) {
        e.add("award_year", "out_of_range");
    }
    if !(1..=1000).contains(&input.rank) {
        e.add("rank", "out_of_range");
    }
    // The round's own limit is checked later (`text_too_long`); this one keeps a request's
    // size sane.
    let contribution = e.prose("contribution", &input.contribution, 100_000);
    let field = optional(&mut e, "field", input.field.as_deref(), 200);
    e.into_result()?;
    Ok((contribution, field))
}

/// The live nominations of a round as (id, unit id, person id, employer id, rank).
async fn live_in_round(
    tx: &mut Tx,
    round_id: i64,
) -> Result<Vec<(i64, i64, i64, Option<i64>, i64, Option<i64>)>, StoreError> {
    let dead = DEAD.map(|s| format!("'{s}'")).join(", ");
    let sql = format!(
        "SELECT id, unit_id, person_id, employer_id, rank, carried_from FROM award_nomination \
         WHERE round_id = $1 AND status NOT IN ({dead})"
    );
    let rows = sqlx::query(&sql)
        .bind(round_id)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                int(r, "id")?,
                int(r, "unit_id")?,
                int(r, "person_id")?,
                opt_int(r, "employer_id")?,
                int(r, "rank")?,
                opt_int(r, "carried_from")?,
            ))
        })
        .collect()
}

async fn unit_name(tx: &mut Tx, unit: i64) -> Result<String, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT name_en FROM award_unit WHERE id = $1")
            .bind(unit)
            .fetch_optional(&mut **tx)
            .await?
            .unwrap_or_default(),
    )
}

impl Store {
    /// Records a nomination as a draft, after every rule of issue 21 (nothing is written when
    /// one is broken).
    pub async fn create_award_nomination(
        &self,
        actor: &str,
        input: &NominationInput,
        today: NaiveDate,
    ) -> Result<NominationRecord, StoreError> {
        let (contribution, field) = check_input(input).map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let unit: Option<(String, String)> =
            sqlx::query("SELECT kind, name_en FROM award_unit WHERE id = $1")
                .bind(input.applying_unit_id)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| Ok::<_, StoreError>((text(&r, "kind")?, text(&r, "name_en")?)))
                .transpose()?;
        let Some((unit_kind, _)) = unit else {
            return Err(StoreError::UnknownReference {
                field: "applying_unit_id",
            });
        };
        let nationality: Option<String> =
            sqlx::query_scalar("SELECT nationality FROM person WHERE id = $1")
                .bind(input.expert_person_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(nationality) = nationality else {
            return Err(StoreError::UnknownReference {
                field: "expert_person_id",
            });
        };
        if let Some(employer) = input.employer_id {
            crate::require_id(&mut tx, "organisation", employer, "employer_id").await?;
        }
        let round = round_of_year(&mut tx, &input.award, input.award_year).await?;
        let Some(round) = round else {
            return Err(StoreError::Refused {
                code: "window_closed",
                detail: format!("there is no {} round for {}", input.award, input.award_year),
            });
        };
        // Two nominations to one unit at once: the round's row is the lock.
        self.locked_version(&mut tx, "award_round", round.id)
            .await?;
        let laureate_in: Option<i64> = sqlx::query_scalar(
            "SELECT award_year FROM award_laureate WHERE award = $1 AND person_id = $2",
        )
        .bind(input.award.clone())
        .bind(input.expert_person_id)
        .fetch_optional(&mut *tx)
        .await?;
        let live = live_in_round(&mut tx, round.id).await?;
        let channel = live.iter().find(|n| {
            n.2 == input.expert_person_id
                || (input.employer_id.is_some()
                    && n.3 == input.employer_id
                    && n.1 != input.applying_unit_id)
        });
        let channel_name = match channel {
            Some(n) => Some((
                unit_name(&mut tx, n.1).await?,
                n.1 == input.applying_unit_id,
            )),
            None => None,
        };
        let ranks: Vec<u32> = live
            .iter()
            .filter(|n| n.1 == input.applying_unit_id && n.5.is_none())
            .map(|n| n.4 as u32)
            .collect();
        let quota = quota_for(
            &unit_kind,
            round.quota_major as u32,
            round.quota_city as u32,
        );
        let check = NominationCheck {
            award: &input.award,
            today,
            round_status: &round.status,
            opens_on: round.opens_on.as_deref().and_then(day),
            closes_on: round.closes_on.as_deref().and_then(day),
            text_limit: round.text_limit as u32,
            quota,
            nationality: &nationality,
            laureate_in: laureate_in.map(|y| y as i32),
            nominated_through: channel_name.as_ref().map(|(n, same)| (n.as_str(), *same)),
            unit_ranks: &ranks,
            rank: input.rank as u32,
            contribution: &contribution,
        };
        check_nomination(&check).map_err(refused)?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO award_nomination (round_id, award, award_year, unit_id, person_id, employer_id, \
             rank, contribution, field, status, status_since, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $12, $12) RETURNING id",
        )
        .bind(round.id)
        .bind(input.award.clone())
        .bind(i64::from(input.award_year))
        .bind(input.applying_unit_id)
        .bind(input.expert_person_id)
        .bind(input.employer_id)
        .bind(input.rank)
        .bind(contribution)
        .bind(field)
        .bind(today.to_string())
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let record = AwardNomination::load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, (AwardNomination::TYPE, id), record)
            .await
    }

    /// One nomination as `scope` may see it (the nominee's side without the objectors).
    pub async fn award_nomination(
        &self,
        id: i64,
        scope: Scope,
    ) -> Result<Option<NominationRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        AwardNomination::load(&mut conn, id, scope).await
    }

    /// A round's nominations by applying unit and rank (all rounds when none is given).
    pub async fn award_nominations(
        &self,
        round_id: Option<i64>,
    ) -> Result<Vec<NominationRecord>, StoreError> {
        let rows = match round_id {
            Some(r) => {
                let sql =
                    format!("{SELECT} WHERE n.round_id = $1 ORDER BY u.kind, u.code, n.rank, n.id");
                sqlx::query(&sql).bind(r).fetch_all(&self.pool).await?
            }
            None => {
                let sql = format!("{SELECT} ORDER BY n.id DESC LIMIT 500");
                sqlx::query(&sql).fetch_all(&self.pool).await?
            }
        };
        rows.iter().map(nomination_of).collect()
    }

    /// A step of a nomination (the workflow's, with the round's notice windows, the named
    /// objector, carrying over to the next round and conferral as their own rules).
    pub async fn award_nomination_step(
        &self,
        actor: &str,
        id: i64,
        request: &StepRequest<'_>,
        extra: &NominationStepInput,
    ) -> Result<NominationRecord, StoreError> {
        let mut step = self
            .open_step::<AwardNomination>(actor, id, request, Scope::All)
            .await?;
        let case = step.before.clone();
        let today = request.today;
        let round = load_round(&mut step.tx, case.round_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let calendar = self.working_calendar().await?;
        let in_notice = matches!(
            case.status.as_str(),
            "public_notice" | "initial_result_notice"
        );
        let notice_until = match (
            &case.notice_state,
            case.notice_from.as_deref().and_then(day),
        ) {
            (Some(state), Some(from)) if in_notice => notice_end(
                from,
                notice_days(&round, state),
                &round.notice_count,
                &calendar,
            ),
            _ => None,
        };
        let action = request.action;
        if in_notice && action == "object" && notice_until.is_none_or(|until| today > until) {
            return Err(StoreError::Refused {
                code: "window_closed",
                detail: match notice_until {
                    Some(until) => format!("the notice ended on {until}"),
                    None => "this notice takes no objections (a window of 0 days)".into(),
                },
            });
        }
        if in_notice && !["object", "withdraw", "disqualify"].contains(&action) {
            if let Some(until) = notice_until.filter(|until| today <= *until) {
                return Err(StoreError::Refused {
                    code: "window_open",
                    detail: format!(
                        "the notice runs until {until}; objections may be lodged until then"
                    ),
                });
            }
        }
        let patch: Vec<(&'static str, Value)> = match action {
            "pass_check" => vec![
                ("notice_state", Value::Text(Some("public_notice".into()))),
                ("notice_from", Value::Text(Some(today.to_string()))),
            ],
            "close_review" => vec![
                (
                    "notice_state",
                    Value::Text(Some("initial_result_notice".into())),
                ),
                ("notice_from", Value::Text(Some(today.to_string()))),
            ],
            "object" => {
                let mut e = FieldErrors::new();
                let name = e.text(
                    "objector_name",
                    extra.objector_name.as_deref().unwrap_or(""),
                    200,
                );
                let contact = optional(
                    &mut e,
                    "objector_contact",
                    extra.objector_contact.as_deref(),
                    200,
                );
                e.into_result().map_err(StoreError::Invalid)?;
                sqlx::query(
                    "INSERT INTO award_objection (nomination_id, objector_name, objector_contact, lodged_on, \
                     notice_state, text, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(id)
                .bind(name)
                .bind(contact)
                .bind(today.to_string())
                .bind(case.status.clone())
                .bind(request.comment.unwrap_or("").trim().to_owned())
                .bind(actor)
                .bind(now())
                .execute(&mut *step.tx)
                .await?;
                Vec::new()
            }
            "resume_review" | "resume_decision" => {
                let lodged_in: Option<String> = sqlx::query_scalar(
                    "SELECT notice_state FROM award_objection WHERE nomination_id = $1 ORDER BY id DESC",
                )
                .bind(id)
                .fetch_optional(&mut *step.tx)
                .await?;
                let wanted = match lodged_in.as_deref() {
                    Some("initial_result_notice") => "resume_decision",
                    _ => "resume_review",
                };
                if action != wanted {
                    return Err(StoreError::Refused {
                        code: "transition_not_allowed",
                        detail: format!(
                            "the objection was lodged during the {}: {wanted} goes on from it",
                            lodged_in.unwrap_or_default()
                        ),
                    });
                }
                Vec::new()
            }
            "carry_over" => {
                let next = round_of_year(&mut step.tx, &case.award, case.award_year + 1).await?;
                let Some(next) = next.filter(|r| r.status != "past") else {
                    return Err(StoreError::Refused {
                        code: "no_next_round",
                        detail: format!(
                            "there is no {} round for {} to carry the file over to",
                            case.award,
                            case.award_year + 1
                        ),
                    });
                };
                carry_over(self, &mut step.tx, actor, &case, &next, today).await?;
                Vec::new()
            }
            "confer" => {
                confer(&mut step.tx, actor, &case, &round, extra, today).await?;
                super::refresh(self, &mut step.tx).await?;
                Vec::new()
            }
            _ => Vec::new(),
        };
        step.apply(None, patch).await?;
        step.commit(self).await
    }
}

/// The suspended file as a new nomination of the next round, taken up at the panel review
/// (its quota place is not counted again).
async fn carry_over(
    store: &Store,
    tx: &mut Tx,
    actor: &str,
    case: &NominationRecord,
    next: &RoundRecord,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO award_nomination (round_id, award, award_year, unit_id, person_id, employer_id, \
         rank, contribution, field, carried_from, status, status_since, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'panel_review', $11, $12, $13, $13) RETURNING id",
    )
    .bind(next.id)
    .bind(case.award.clone())
    .bind(i64::from(next.award_year))
    .bind(case.applying_unit_id)
    .bind(case.expert_person_id)
    .bind(case.employer_id)
    .bind(case.rank)
    .bind(case.contribution.clone())
    .bind(case.field.clone())
    .bind(case.id)
    .bind(today.to_string())
    .bind(actor)
    .bind(&at)
    .fetch_one(&mut **tx)
    .await?;
    let record = AwardNomination::load(tx, id, Scope::All)
        .await?
        .ok_or(StoreError::NotFound)?;
    store
        .audit(
            tx,
            crate::audit::Change::created(actor, AwardNomination::TYPE, id, &record),
        )
        .await
}

/// Records the laureate of a conferred nomination (once only per award and person).
async fn confer(
    tx: &mut Tx,
    actor: &str,
    case: &NominationRecord,
    round: &RoundRecord,
    extra: &NominationStepInput,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let mut e = FieldErrors::new();
    let conferral = extra
        .conferral
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "ceremony".into());
    if !CONFERRALS.contains(&conferral.as_str()) {
        e.add("conferral", "unknown_value");
    }
    let on = match extra
        .conferred_on
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => match day(s) {
            Some(d) if d <= today => Some(d.to_string()),
            Some(_) => {
                e.add("conferred_on", "in_future");
                None
            }
            None => {
                e.add("conferred_on", "invalid_date");
                None
            }
        },
        None => Some(today.to_string()),
    };
    if extra
        .monetary_award_cny
        .is_some_and(|m| !(0..=100_000_000).contains(&m))
    {
        e.add("monetary_award_cny", "out_of_range");
    }
    e.into_result().map_err(StoreError::Invalid)?;
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT award_year FROM award_laureate WHERE award = $1 AND person_id = $2",
    )
    .bind(case.award.clone())
    .bind(case.expert_person_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(year) = taken {
        return Err(StoreError::Refused {
            code: "already_laureate",
            detail: format!("the expert received the award in {year}: it is given once only"),
        });
    }
    let person = sqlx::query("SELECT name_native, name_latin FROM person WHERE id = $1")
        .bind(case.expert_person_id)
        .fetch_one(&mut **tx)
        .await?;
    let latin = opt_text(&person, "name_latin")?.unwrap_or_default();
    let native = opt_text(&person, "name_native")?.unwrap_or_default();
    sqlx::query(
        "INSERT INTO award_laureate (award, award_year, person_id, nomination_id, name, name_zh, \
         nationality, field, employer, conferral, conferred_on, monetary_award_cny, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(case.award.clone())
    .bind(i64::from(round.award_year))
    .bind(case.expert_person_id)
    .bind(case.id)
    .bind(if latin.is_empty() { native.clone() } else { latin })
    .bind(native)
    .bind(case.nationality.clone())
    .bind(case.field.clone())
    .bind(case.employer_name.clone().unwrap_or_default())
    .bind(conferral)
    .bind(on)
    .bind(extra.monetary_award_cny)
    .bind(actor)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
