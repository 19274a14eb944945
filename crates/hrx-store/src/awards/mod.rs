//! Foreign experts and the state awards (spec `foreign-experts-awards.md`, issue 21): the
//! applying units (shipped, `data/awards/applying-units.csv`), award rounds (the shipped
//! history as past rounds with their laureate counts; rounds an administrator plans, edits
//! until they open, opens and closes, every edit audited), nominations on the case kernel
//! (`nominations`), the panel drawn from the reviewer pool with declared conflicts left out
//! (`panel`), and the laureates (`laureates`).

pub(crate) mod counted;
mod laureates;
mod nominations;
mod panel;
mod queries;

pub use laureates::{LaureateQuery, LaureateRecord};
pub use nominations::{
    AwardNomination, NominationInput, NominationRecord, NominationStepInput, ObjectionRecord,
};
pub use panel::{ConflictInput, PanelView};

use crate::audit::Change;
use crate::{fetch_all_as, int, now, opt_int, opt_text, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::awards::{applying_units, award_rule, history, AWARDS, UNIT_KINDS};
use hrx_domain::statistics::series::Family;
use hrx_domain::FieldErrors;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

/// An applying unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitRecord {
    pub id: i64,
    pub code: String,
    /// `province`, `central`, `xpcc` or `city`.
    pub kind: String,
    pub name_en: String,
    pub name_zh: String,
    pub province: String,
}

fn unit_of(row: &AnyRow) -> Result<UnitRecord, StoreError> {
    Ok(UnitRecord {
        id: int(row, "id")?,
        code: text(row, "code")?,
        kind: text(row, "kind")?,
        name_en: text(row, "name_en")?,
        name_zh: text(row, "name_zh")?,
        province: text(row, "province")?,
    })
}

/// An award round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundRecord {
    pub id: i64,
    pub version: i64,
    /// `friendship` or `istc`.
    pub award: String,
    pub award_year: i32,
    /// `planned`, `open`, `closed` or `past` (the shipped history).
    pub status: String,
    /// The nomination window, both days included.
    pub opens_on: Option<String>,
    pub closes_on: Option<String>,
    /// Candidates a province, central body or the XPCC may put forward (0: no quota).
    pub quota_major: i64,
    /// Candidates a separately listed or sub-provincial city may put forward (0: no quota).
    pub quota_city: i64,
    /// The contribution text's limit, in characters.
    pub text_limit: i64,
    /// The public-notice window and the initial-result window, in days.
    pub notice_days: i64,
    pub result_notice_days: i64,
    /// `calendar` or `working`.
    pub notice_count: String,
    pub ceremony_date: Option<String>,
    /// The body that decides (spec §7 U6).
    pub decision_body: String,
    /// The round's laureates as the history records them (individuals and organisations).
    pub laureates_individuals: Option<i64>,
    pub laureates_organisations: Option<i64>,
    /// The cumulative total the history states (or derives) at the end of the round.
    pub cumulative_individuals: Option<i64>,
    /// The history row's status: `confirmed`, `unconfirmed` or `derived`.
    pub history_status: Option<String>,
    pub source: String,
    pub notes: String,
    /// Laureates recorded in HRX for the round.
    pub laureates_recorded: i64,
    /// The conditions of eligibility for the award year (`data/awards/rules.toml`): `hard`
    /// rules, preferences, the reviewers' judgement and the applying unit's attestations.
    pub conditions: Vec<hrx_domain::awards::Condition>,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

const ROUND_SELECT: &str = "SELECT r.*, (SELECT COUNT(*) FROM award_laureate l \
     WHERE l.award = r.award AND l.award_year = r.award_year) AS laureates_recorded \
     FROM award_round r";

fn round_of(row: &AnyRow) -> Result<RoundRecord, StoreError> {
    let award = text(row, "award")?;
    let year = int(row, "award_year")? as i32;
    let conditions = hrx_domain::awards::conditions(&award, year)
        .map_err(integrity)?
        .into_iter()
        .cloned()
        .collect();
    Ok(RoundRecord {
        conditions,
        id: int(row, "id")?,
        version: int(row, "version")?,
        award: text(row, "award")?,
        award_year: int(row, "award_year")? as i32,
        status: text(row, "status")?,
        opens_on: opt_text(row, "opens_on")?,
        closes_on: opt_text(row, "closes_on")?,
        quota_major: int(row, "quota_major")?,
        quota_city: int(row, "quota_city")?,
        text_limit: int(row, "text_limit")?,
        notice_days: int(row, "notice_days")?,
        result_notice_days: int(row, "result_notice_days")?,
        notice_count: text(row, "notice_count")?,
        ceremony_date: opt_text(row, "ceremony_date")?,
        decision_body: text(row, "decision_body")?,
        laureates_individuals: opt_int(row, "laureates_individuals")?,
        laureates_organisations: opt_int(row, "laureates_organisations")?,
        cumulative_individuals: opt_int(row, "cumulative_individuals")?,
        history_status: opt_text(row, "history_status")?,
        source: text(row, "source")?,
        notes: text(row, "notes")?,
        laureates_recorded: int(row, "laureates_recorded")?,
        created_by: text(row, "created_by")?,
        created_at: text(row, "created_at")?,
        updated_at: text(row, "updated_at")?,
    })
}

/// A round as an administrator plans it; what is left out takes the award's defaults
/// (`data/awards/rules.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundInput {
    pub award: String,
    pub award_year: i32,
    #[serde(default)]
    pub opens_on: Option<String>,
    #[serde(default)]
    pub closes_on: Option<String>,
    #[serde(default)]
    pub quota_major: Option<i64>,
    #[serde(default)]
    pub quota_city: Option<i64>,
    #[serde(default)]
    pub text_limit: Option<i64>,
    #[serde(default)]
    pub notice_days: Option<i64>,
    #[serde(default)]
    pub result_notice_days: Option<i64>,
    #[serde(default)]
    pub notice_count: Option<String>,
    #[serde(default)]
    pub ceremony_date: Option<String>,
    #[serde(default)]
    pub decision_body: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// A round's values once checked and completed with the award's defaults.
struct RoundValues {
    opens_on: Option<String>,
    closes_on: Option<String>,
    quota_major: i64,
    quota_city: i64,
    text_limit: i64,
    notice_days: i64,
    result_notice_days: i64,
    notice_count: String,
    ceremony_date: Option<String>,
    decision_body: String,
    source: String,
}

fn day_field(e: &mut FieldErrors, field: &'static str, v: &Option<String>) -> Option<NaiveDate> {
    let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    let parsed = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
    if parsed.is_none() {
        e.add(field, "invalid_date");
    }
    parsed
}

fn check_round(input: &RoundInput) -> Result<RoundValues, FieldErrors> {
    let mut e = FieldErrors::new();
    let rule = match award_rule(&input.award) {
        Ok(rule) if AWARDS.contains(&input.award.as_str()) => Some(rule),
        _ => {
            e.add("award", "unknown_value");
            None
        }
    };
    if !(1991..=2100).contains(&input.award_year) {
        e.add("award_year", "out_of_range");
    }
    let opens = day_field(&mut e, "opens_on", &input.opens_on);
    let closes = day_field(&mut e, "closes_on", &input.closes_on);
    if let (Some(o), Some(c)) = (opens, closes) {
        if c < o {
            e.add("closes_on", "before_start");
        }
    }
    let ceremony = day_field(&mut e, "ceremony_date", &input.ceremony_date);
    let mut count = |field: &'static str, v: Option<i64>, default: u32, max: i64| {
        let v = v.unwrap_or(i64::from(default));
        if !(0..=max).contains(&v) {
            e.add(field, "out_of_range");
        }
        v
    };
    let (qm, qc, notice, result, limit) = match rule {
        Some(r) => (
            r.quota_major,
            r.quota_city,
            r.notice_days,
            r.result_notice_days,
            r.text_limit_for(input.award_year),
        ),
        None => (0, 0, 0, 0, 0),
    };
    let quota_major = count("quota_major", input.quota_major, qm, 100);
    let quota_city = count("quota_city", input.quota_city, qc, 100);
    let notice_days = count("notice_days", input.notice_days, notice, 365);
    let result_notice_days = count("result_notice_days", input.result_notice_days, result, 365);
    let text_limit = count("text_limit", input.text_limit, limit, 100_000);
    if text_limit == 0 {
        e.add("text_limit", "out_of_range");
    }
    let notice_count = input
        .notice_count
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| rule.map(|r| r.notice_count.clone()))
        .unwrap_or_default();
    if !["calendar", "working"].contains(&notice_count.as_str()) {
        e.add("notice_count", "unknown_value");
    }
    let ceremony_date = ceremony.map(|d| d.to_string()).or_else(|| {
        rule.map(|r| {
            let year = if r.ceremony_month_day.starts_with("01") {
                input.award_year + 1
            } else {
                input.award_year
            };
            format!("{year}-{}", r.ceremony_month_day)
        })
    });
    e.into_result()?;
    Ok(RoundValues {
        opens_on: opens.map(|d| d.to_string()),
        closes_on: closes.map(|d| d.to_string()),
        quota_major,
        quota_city,
        text_limit,
        notice_days,
        result_notice_days,
        notice_count,
        ceremony_date,
        decision_body: input
            .decision_body
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "MOHRSS (SAFEA)".into()),
        source: input
            .source
            .clone()
            .filter(|s| !s.trim().is_empty())
            .or_else(|| rule.map(|r| r.source.clone()))
            .unwrap_or_default(),
    })
}

/// Loads the shipped units (new ones added, the ones there kept) and the history as past
/// rounds (new ones added; a round already there is left as it is).
pub(crate) async fn load_shipped(store: &Store, tx: &mut Tx) -> Result<(), StoreError> {
    let at = now();
    for u in applying_units().map_err(integrity)? {
        sqlx::query(
            "INSERT INTO award_unit (code, kind, name_en, name_zh, province, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING",
        )
        .bind(u.code.clone())
        .bind(u.kind.clone())
        .bind(u.name_en.clone())
        .bind(u.name_zh.clone())
        .bind(u.province.clone())
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    }
    for h in history::rounds().map_err(integrity)? {
        let rule = award_rule(&h.award).map_err(integrity)?;
        sqlx::query(
            "INSERT INTO award_round (award, award_year, status, quota_major, quota_city, \
             text_limit, notice_days, result_notice_days, notice_count, ceremony_date, \
             decision_body, laureates_individuals, laureates_organisations, cumulative_individuals, \
             history_status, source, notes, created_by, created_at, updated_at) \
             VALUES ($1, $2, 'past', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             'system', $17, $17) ON CONFLICT (award, award_year) DO NOTHING",
        )
        .bind(h.award.clone())
        .bind(i64::from(h.award_year))
        .bind(i64::from(rule.quota_major))
        .bind(i64::from(rule.quota_city))
        .bind(i64::from(rule.text_limit_for(h.award_year)))
        .bind(i64::from(rule.notice_days))
        .bind(i64::from(rule.result_notice_days))
        .bind(rule.notice_count.clone())
        .bind(h.ceremony_date.clone())
        .bind(decision_body(h.award_year, &h.award))
        .bind(h.laureates_individuals)
        .bind(h.laureates_organisations)
        .bind(h.cumulative_individuals)
        .bind(h.status.clone())
        .bind(h.source.clone())
        .bind(h.notes.clone())
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    }
    refresh(store, tx).await
}

/// The administering body of a year as the dated table of spec §1 has it.
fn decision_body(year: i32, award: &str) -> &'static str {
    match (award, year) {
        ("istc", _) => "State Council (NOSTA, MOST)",
        (_, ..=2017) => "SAFEA (MOHRSS from 2008)",
        (_, 2018..=2022) => "MOST (SAFEA)",
        _ => "MOHRSS (SAFEA)",
    }
}

/// Recomputes the awards' series in the caller's transaction.
pub(crate) async fn refresh(store: &Store, tx: &mut Tx) -> Result<(), StoreError> {
    crate::statistics::rebuild_family(tx, store.backend(), Family::Awards).await?;
    Ok(())
}

pub(crate) fn integrity(e: &str) -> StoreError {
    StoreError::Integrity(format!("awards data: {e}"))
}

pub(crate) async fn load_round(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<RoundRecord>, StoreError> {
    let sql = format!("{ROUND_SELECT} WHERE r.id = $1");
    crate::fetch_optional_as(conn, sqlx::query(&sql).bind(id), round_of).await
}

pub(crate) async fn round_of_year(
    conn: &mut sqlx::AnyConnection,
    award: &str,
    year: i32,
) -> Result<Option<RoundRecord>, StoreError> {
    let sql = format!("{ROUND_SELECT} WHERE r.award = $1 AND r.award_year = $2");
    crate::fetch_optional_as(
        conn,
        sqlx::query(&sql)
            .bind(award.to_owned())
            .bind(i64::from(year)),
        round_of,
    )
    .await
}

impl Store {
    /// The applying units, by kind then name.
    pub async fn award_units(&self) -> Result<Vec<UnitRecord>, StoreError> {
        fetch_all_as(
            &self.pool,
            sqlx::query("SELECT * FROM award_unit ORDER BY kind, code"),
            unit_of,
        )
        .await
    }

    /// Adds an applying unit (a central body or city not shipped).
    pub async fn create_award_unit(
        &self,
        actor: &str,
        unit: &hrx_domain::awards::ApplyingUnit,
    ) -> Result<UnitRecord, StoreError> {
        let mut e = FieldErrors::new();
        e.text("code", &unit.code, 40);
        e.text("name_en", &unit.name_en, 200);
        e.text("name_zh", &unit.name_zh, 200);
        if !UNIT_KINDS.contains(&unit.kind.as_str()) {
            e.add("kind", "unknown_value");
        }
        e.into_result().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        crate::refuse_taken_code(&mut tx, "award_unit", &unit.code).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO award_unit (code, kind, name_en, name_zh, province, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(unit.code.trim().to_owned())
        .bind(unit.kind.clone())
        .bind(unit.name_en.trim().to_owned())
        .bind(unit.name_zh.trim().to_owned())
        .bind(unit.province.trim().to_owned())
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let record = crate::fetch_optional_as(
            &mut *tx,
            sqlx::query("SELECT * FROM award_unit WHERE id = $1").bind(id),
            unit_of,
        )
        .await?
        .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("award_unit", id), record)
            .await
    }

    /// Every round, newest first (an award's filter where given).
    pub async fn award_rounds(&self, award: Option<&str>) -> Result<Vec<RoundRecord>, StoreError> {
        match award {
            Some(a) => {
                let sql = format!("{ROUND_SELECT} WHERE r.award = $1 ORDER BY r.award_year DESC");
                fetch_all_as(&self.pool, sqlx::query(&sql).bind(a.to_owned()), round_of).await
            }
            None => {
                let sql = format!("{ROUND_SELECT} ORDER BY r.award_year DESC, r.award");
                fetch_all_as(&self.pool, sqlx::query(&sql), round_of).await
            }
        }
    }

    pub async fn award_round(&self, id: i64) -> Result<Option<RoundRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load_round(&mut conn, id).await
    }

    /// Plans a round (status `planned`), the award's defaults filling what is left out.
    pub async fn create_award_round(
        &self,
        actor: &str,
        input: &RoundInput,
    ) -> Result<RoundRecord, StoreError> {
        let v = check_round(input).map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        if round_of_year(&mut tx, &input.award, input.award_year)
            .await?
            .is_some()
        {
            return Err(StoreError::Invalid(FieldErrors::single(
                "award_year",
                "already_in_use",
            )));
        }
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO award_round (award, award_year, status, opens_on, closes_on, quota_major, \
             quota_city, text_limit, notice_days, result_notice_days, notice_count, ceremony_date, \
             decision_body, source, notes, created_by, created_at, updated_at) \
             VALUES ($1, $2, 'planned', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '', $14, $15, $15) \
             RETURNING id",
        )
        .bind(input.award.clone())
        .bind(i64::from(input.award_year))
        .bind(v.opens_on)
        .bind(v.closes_on)
        .bind(v.quota_major)
        .bind(v.quota_city)
        .bind(v.text_limit)
        .bind(v.notice_days)
        .bind(v.result_notice_days)
        .bind(v.notice_count)
        .bind(v.ceremony_date)
        .bind(v.decision_body)
        .bind(v.source)
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let record = load_round(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("award_round", id), record)
            .await
    }

    /// A round locked for the rest of the transaction, refused `Stale` when it is no longer
    /// at the version the caller read.
    async fn locked_round(
        &self,
        tx: &mut Tx,
        id: i64,
        expected_version: i64,
    ) -> Result<RoundRecord, StoreError> {
        let locked = self.locked_version(tx, "award_round", id).await?;
        let round = load_round(tx, id).await?.ok_or(StoreError::NotFound)?;
        if locked != Some(expected_version) {
            return Err(StoreError::Stale {
                current: round.version,
            });
        }
        Ok(round)
    }

    /// Edits a planned round (refused `round_not_planned` once it has opened); audited with the
    /// round before and after.
    pub async fn update_award_round(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        input: &RoundInput,
    ) -> Result<RoundRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let before = self.locked_round(&mut tx, id, expected_version).await?;
        if before.status != "planned" {
            return Err(StoreError::Refused {
                code: "round_not_planned",
                detail: format!("the round is {}: it can no longer be edited", before.status),
            });
        }
        let input = RoundInput {
            award: before.award.clone(),
            award_year: before.award_year,
            ..input.clone()
        };
        let v = check_round(&input).map_err(StoreError::Invalid)?;
        sqlx::query(
            "UPDATE award_round SET opens_on = $1, closes_on = $2, quota_major = $3, quota_city = $4, \
             text_limit = $5, notice_days = $6, result_notice_days = $7, notice_count = $8, \
             ceremony_date = $9, decision_body = $10, source = $11, version = version + 1, \
             updated_at = $12 WHERE id = $13",
        )
        .bind(v.opens_on)
        .bind(v.closes_on)
        .bind(v.quota_major)
        .bind(v.quota_city)
        .bind(v.text_limit)
        .bind(v.notice_days)
        .bind(v.result_notice_days)
        .bind(v.notice_count)
        .bind(v.ceremony_date)
        .bind(v.decision_body)
        .bind(v.source)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = load_round(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        let change = Change::updated(actor, "update", "award_round", id, &before, &after);
        self.commit_audited(tx, change).await?;
        Ok(after)
    }

    /// Opens a planned round (it needs its nomination window) or closes an open one; audited.
    pub async fn set_award_round_status(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        status: &str,
    ) -> Result<RoundRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let before = self.locked_round(&mut tx, id, expected_version).await?;
        let allowed = matches!(
            (before.status.as_str(), status),
            ("planned", "open") | ("open", "closed")
        );
        if !allowed {
            return Err(StoreError::Refused {
                code: "status_not_allowed",
                detail: format!("a round that is {} cannot become {status}", before.status),
            });
        }
        if status == "open" && (before.opens_on.is_none() || before.closes_on.is_none()) {
            return Err(StoreError::Invalid(FieldErrors::single(
                "closes_on",
                "required",
            )));
        }
        sqlx::query(
            "UPDATE award_round SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3",
        )
        .bind(status.to_owned())
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = load_round(&mut tx, id).await?.ok_or(StoreError::NotFound)?;
        let change = Change::updated(actor, "status", "award_round", id, &before, &after);
        self.commit_audited(tx, change).await?;
        Ok(after)
    }
}
