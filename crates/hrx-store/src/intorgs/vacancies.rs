//! Vacancies (spec §5.2): entered by officers with the deadline in the organisation's stated
//! zone, listed open by deadline with the working days left, and ranked against the roster
//! by the matching rule (§6.3): eligible candidates by score, then the ineligible ones with
//! the filters they failed. A cancelled vacancy cancels its open recommendations.

use super::recommendations::IoRecommendation;
use super::roster::{audit_read, birth_of, entries};
use super::{integrity, json, organisation_id, to_json};
use crate::audit::Change;
use crate::{fetch_all_as, int, now, opt_int, opt_text, text, Store, StoreError};
use chrono::NaiveDate;
use hrx_domain::intorgs::matching::{match_candidate, Language, MatchResult, VacancyNeeds};
use hrx_domain::intorgs::serving::category_of;
use hrx_domain::intorgs::vacancy::{stored_deadline, Deadline, VacancyFields, STATUSES};
use serde::Serialize;
use sqlx::any::AnyRow;

/// A vacancy with its deadline in UTC and in its zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VacancyRecord {
    pub id: i64,
    pub version: i64,
    pub organisation: String,
    pub organisation_name_en: String,
    pub organisation_name_zh: String,
    pub reference_no: String,
    pub title: String,
    pub grade: String,
    pub category: String,
    pub job_family: String,
    pub duty_station: String,
    pub duty_country: String,
    pub posted_on: Option<String>,
    /// The deadline as an instant (RFC 3339, UTC).
    pub deadline_utc: String,
    /// The zone the organisation states it in.
    pub deadline_zone: String,
    /// The deadline in that zone (`2009-12-31 23:59`).
    pub deadline_local: String,
    /// Working days from today to the deadline's day in its zone (negative once past).
    pub working_days_left: i64,
    pub subject_to_geo: Option<bool>,
    pub funding: String,
    /// `open`, `closed`, `cancelled` or `filled`.
    pub status: String,
    pub needs: VacancyNeeds,
    pub desirable_languages: Vec<Language>,
    pub created_by: String,
    pub created_at: String,
}

/// A roster entry ranked for a vacancy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedCandidate {
    pub roster_entry_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub eligible: bool,
    pub score: Option<f64>,
    /// The filters failed (`F1` … `F5`), for an ineligible candidate.
    pub failed: Vec<&'static str>,
    #[serde(rename = "match")]
    pub matched: MatchResult,
}

const SELECT: &str = "SELECT v.*, o.acronym, o.name_en AS org_en, o.name_zh AS org_zh \
     FROM io_vacancy v JOIN io_organisation o ON o.id = v.organisation_id";

pub(crate) fn vacancy_of(
    row: &AnyRow,
    today: NaiveDate,
    calendar: &hrx_domain::calendar::WorkingCalendar,
) -> Result<VacancyRecord, StoreError> {
    let utc = text(row, "deadline_utc")?;
    let zone = text(row, "deadline_zone")?;
    let deadline = stored_deadline(&utc, &zone).ok_or_else(|| integrity("a vacancy's deadline"))?;
    Ok(VacancyRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        organisation: text(row, "acronym")?,
        organisation_name_en: text(row, "org_en")?,
        organisation_name_zh: text(row, "org_zh")?,
        reference_no: text(row, "reference_no")?,
        title: text(row, "title")?,
        grade: text(row, "grade")?,
        category: text(row, "category")?,
        job_family: text(row, "job_family")?,
        duty_station: text(row, "duty_station")?,
        duty_country: text(row, "duty_country")?,
        posted_on: opt_text(row, "posted_on")?.filter(|s| !s.is_empty()),
        deadline_utc: utc,
        deadline_local: deadline.local().format("%Y-%m-%d %H:%M").to_string(),
        working_days_left: calendar.working_days_between(today, deadline.local_day()),
        deadline_zone: zone,
        subject_to_geo: opt_int(row, "subject_to_geo")?.map(|x| x == 1),
        funding: text(row, "funding")?,
        status: text(row, "status")?,
        needs: json(row, "needs")?,
        desirable_languages: json(row, "desirable_languages")?,
        created_by: text(row, "created_by")?,
        created_at: text(row, "created_at")?,
    })
}

/// Writes a checked vacancy, open; answers its id.
pub(crate) async fn insert_vacancy(
    tx: &mut crate::Tx,
    actor: &str,
    fields: &VacancyFields,
    deadline: &Deadline,
    organisation: i64,
    today: NaiveDate,
) -> Result<i64, StoreError> {
    let mut needs = fields.needs.clone();
    if needs.grade.is_none() {
        needs.grade = Some(fields.grade.trim().to_owned());
    }
    let at = now();
    let id: i64 = sqlx::query_scalar(
            "INSERT INTO io_vacancy (organisation_id, reference_no, title, grade, category, job_family, \
             duty_station, duty_country, posted_on, deadline_utc, deadline_zone, subject_to_geo, funding, \
             needs, desirable_languages, status, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'open', $16, $17, $17) \
             RETURNING id",
        )
        .bind(organisation)
        .bind(fields.reference_no.trim().to_owned())
        .bind(fields.title.trim().to_owned())
        .bind(fields.grade.trim().to_owned())
        .bind(category_of(&fields.grade))
        .bind(fields.job_family.trim().to_owned())
        .bind(fields.duty_station.trim().to_owned())
        .bind(fields.duty_country.trim().to_owned())
        .bind(fields.posted_on.unwrap_or(today).to_string())
        .bind(deadline.utc.to_rfc3339())
        .bind(deadline.zone.name())
        .bind(fields.subject_to_geo.map(i64::from))
        .bind(if fields.funding.is_empty() { "unknown".to_owned() } else { fields.funding.clone() })
        .bind(to_json(&needs))
        .bind(to_json(&fields.desirable_languages))
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut **tx)
        .await?;
    Ok(id)
}

impl Store {
    pub(crate) async fn load_io_vacancy(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: i64,
        today: NaiveDate,
    ) -> Result<Option<VacancyRecord>, StoreError> {
        let calendar = self.working_calendar().await?;
        let sql = format!("{SELECT} WHERE v.id = $1");
        crate::fetch_optional_as(conn, sqlx::query(&sql).bind(id), |r| {
            vacancy_of(r, today, &calendar)
        })
        .await
    }

    /// Records a vacancy, open.
    pub async fn create_io_vacancy(
        &self,
        actor: &str,
        fields: &VacancyFields,
        today: NaiveDate,
    ) -> Result<VacancyRecord, StoreError> {
        let deadline = fields.check().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        let Some(organisation) = organisation_id(&mut tx, &fields.organisation).await? else {
            return Err(StoreError::Invalid(hrx_domain::FieldErrors::single(
                "organisation",
                "unknown_value",
            )));
        };
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM io_vacancy WHERE organisation_id = $1 AND reference_no = $2",
        )
        .bind(organisation)
        .bind(fields.reference_no.trim().to_owned())
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(StoreError::Invalid(hrx_domain::FieldErrors::single(
                "reference_no",
                "already_in_use",
            )));
        }
        let id = insert_vacancy(&mut tx, actor, fields, &deadline, organisation, today).await?;
        let record = self
            .load_io_vacancy(&mut tx, id, today)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("io_vacancy", id), record)
            .await
    }

    /// Closes, fills or cancels a vacancy; a cancellation moves its open recommendations to
    /// `vacancy_cancelled`.
    pub async fn set_io_vacancy_status(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        status: &str,
        today: NaiveDate,
    ) -> Result<VacancyRecord, StoreError> {
        if !STATUSES.contains(&status) {
            return Err(StoreError::Invalid(hrx_domain::FieldErrors::single(
                "status",
                "unknown_value",
            )));
        }
        let mut tx = self.begin_write().await?;
        let locked = self.locked_version(&mut tx, "io_vacancy", id).await?;
        let before = self
            .load_io_vacancy(&mut tx, id, today)
            .await?
            .ok_or(StoreError::NotFound)?;
        if locked != Some(expected_version) {
            return Err(StoreError::Stale {
                current: before.version,
            });
        }
        if before.status == "cancelled" {
            return Err(StoreError::Refused {
                code: "vacancy_cancelled",
                detail: format!("vacancy {} is cancelled", before.reference_no),
            });
        }
        sqlx::query("UPDATE io_vacancy SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3")
            .bind(status)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if status == "cancelled" {
            let open: Vec<(i64, String)> = fetch_all_as(
                &mut *tx,
                sqlx::query(
                    "SELECT id, status FROM io_recommendation WHERE vacancy_id = $1 \
                     AND status IN ('drafted', 'endorsed', 'submitted', 'shortlisted', 'interviewed')",
                )
                .bind(id),
                |r| Ok((int(r, "id")?, text(r, "status")?)),
            )
            .await?;
            for (case, _) in open {
                self.system_step::<IoRecommendation>(
                    &mut tx,
                    actor,
                    case,
                    ("cancel_vacancy", "vacancy_cancelled"),
                    Some("the vacancy was cancelled"),
                    today,
                    Vec::new(),
                )
                .await?;
            }
        }
        let after = self
            .load_io_vacancy(&mut tx, id, today)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::updated(actor, status, "io_vacancy", id, &before, &after);
        self.commit_audited(tx, change).await?;
        Ok(after)
    }

    pub async fn io_vacancy(
        &self,
        id: i64,
        today: NaiveDate,
    ) -> Result<Option<VacancyRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        self.load_io_vacancy(&mut conn, id, today).await
    }

    /// Vacancies, the open ones only or all, soonest deadline first.
    pub async fn io_vacancies(
        &self,
        open_only: bool,
        today: NaiveDate,
    ) -> Result<Vec<VacancyRecord>, StoreError> {
        let calendar = self.working_calendar().await?;
        let mut sql = SELECT.to_owned();
        if open_only {
            sql.push_str(" WHERE v.status = 'open'");
        }
        sql.push_str(" ORDER BY v.deadline_utc, v.id LIMIT 1000");
        fetch_all_as(&self.pool, sqlx::query(&sql), |r| {
            vacancy_of(r, today, &calendar)
        })
        .await
    }

    /// The active roster ranked for a vacancy (§6.3): eligible candidates by score (ties by
    /// experience points, then the earlier roster entry), then the ineligible ones with the
    /// filters they failed. The read of the entries is audited.
    pub async fn rank_io_vacancy(
        &self,
        actor: &str,
        id: i64,
        today: NaiveDate,
    ) -> Result<Vec<RankedCandidate>, StoreError> {
        let mut tx = self.begin_write().await?;
        let vacancy = self
            .load_io_vacancy(&mut tx, id, today)
            .await?
            .ok_or(StoreError::NotFound)?;
        let roster = entries(&mut tx, true, today).await?;
        let mut ranked = Vec::with_capacity(roster.len());
        for e in &roster {
            let candidate = e.facts.candidate(birth_of(e)?, &e.nationality, today);
            let matched = match_candidate(&vacancy.needs, &candidate, today)
                .map_err(|_| integrity("a stored roster entry or vacancy does not check"))?;
            ranked.push(RankedCandidate {
                roster_entry_id: e.id,
                person_id: e.person_id,
                person_name: e.person_name.clone(),
                eligible: matched.eligible,
                score: matched.score,
                failed: matched
                    .filters
                    .iter()
                    .filter(|f| !f.passed)
                    .map(|f| f.code)
                    .collect(),
                matched,
            });
        }
        let experience = |c: &RankedCandidate| {
            c.matched
                .components
                .iter()
                .find(|x| x.component == "experience")
                .map_or(0.0, |x| x.points)
        };
        // `roster` is oldest first, and the sort is stable: the earlier entry wins a tie.
        ranked.sort_by(|a, b| {
            b.eligible
                .cmp(&a.eligible)
                .then(b.score.unwrap_or(-1.0).total_cmp(&a.score.unwrap_or(-1.0)))
                .then(experience(b).total_cmp(&experience(a)))
        });
        let ids: Vec<i64> = ranked.iter().map(|c| c.roster_entry_id).collect();
        audit_read(
            self,
            &mut tx,
            actor,
            "rank",
            ("io_vacancy", id.to_string()),
            &ids,
        )
        .await?;
        tx.commit().await?;
        Ok(ranked)
    }
}
