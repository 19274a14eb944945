//! UN examinations held in China (spec §4.2, §5.6): the sessions the sources confirm
//! (shipped, with their published figures and sources) and the sessions officers add, and the
//! candidates through the statuses of §5.6 in order. A successful candidate is linked to their
//! roster entry (put on the roster that day), and a candidate later appointed to their
//! serving record.

use super::to_json;
use crate::audit::Change;
use crate::{fetch_all_as, int, now, opt_int, opt_text, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::intorgs::exams::{
    next_statuses, shipped_sessions, ExamSession, CANDIDATE_STATUSES, PROGRAMMES,
};
use hrx_domain::FieldErrors;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

/// A session with its candidates counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExamSessionRecord {
    pub id: i64,
    #[serde(flatten)]
    pub session: ExamSession,
    /// `shipped` (the history the sources confirm) or `entered`.
    pub origin: String,
    /// Candidates on record, and those successful.
    pub candidates: i64,
    pub successful: i64,
}

/// A candidate of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExamCandidateRecord {
    pub id: i64,
    pub version: i64,
    pub session_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub subject: String,
    /// One of the statuses of §5.6.
    pub status: String,
    /// The statuses it may move to.
    pub next: Vec<&'static str>,
    pub roster_entry_id: Option<i64>,
    pub rostered_on: Option<String>,
    pub serving_record_id: Option<i64>,
    pub updated_at: String,
}

/// A candidate's new status, with the appointment it led to where there is one.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CandidateStep {
    pub version: i64,
    pub status: String,
    /// A serving record of the same person (the appointment the examination led to).
    #[serde(default)]
    pub serving_record_id: Option<i64>,
}

fn session_of(row: &AnyRow) -> Result<ExamSessionRecord, StoreError> {
    let subjects: Vec<String> = super::json(row, "subjects")?;
    Ok(ExamSessionRecord {
        id: int(row, "id")?,
        session: ExamSession {
            code: text(row, "code")?,
            programme: text(row, "programme")?,
            year: int(row, "year")? as i32,
            written_date: opt_text(row, "written_date")?,
            city: opt_text(row, "city")?,
            country: text(row, "country")?,
            organiser: text(row, "organiser")?,
            subjects: (!subjects.is_empty()).then(|| subjects.join(";")),
            published_applicants: opt_int(row, "published_applicants")?,
            published_sat: opt_int(row, "published_sat")?,
            published_passed: opt_int(row, "published_passed")?,
            note: text(row, "note")?,
            source: text(row, "source")?,
        },
        origin: text(row, "origin")?,
        candidates: int(row, "candidates")?,
        successful: int(row, "successful")?,
    })
}

fn candidate_of(row: &AnyRow) -> Result<ExamCandidateRecord, StoreError> {
    let status = text(row, "status")?;
    Ok(ExamCandidateRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        session_id: int(row, "session_id")?,
        person_id: int(row, "person_id")?,
        person_name: text(row, "person_name")?,
        subject: text(row, "subject")?,
        next: next_statuses(&status).to_vec(),
        status,
        roster_entry_id: opt_int(row, "roster_entry_id")?,
        rostered_on: opt_text(row, "rostered_on")?,
        serving_record_id: opt_int(row, "serving_record_id")?,
        updated_at: text(row, "updated_at")?,
    })
}

const SESSION_SELECT: &str = "SELECT s.*, \
     (SELECT COUNT(*) FROM io_exam_candidate c WHERE c.session_id = s.id) AS candidates, \
     (SELECT COUNT(*) FROM io_exam_candidate c WHERE c.session_id = s.id AND c.status = 'successful') AS successful \
     FROM io_exam_session s";

const CANDIDATE_SELECT: &str =
    "SELECT c.*, COALESCE(p.name_native, p.name_latin, '') AS person_name \
     FROM io_exam_candidate c JOIN person p ON p.id = c.person_id";

fn subjects(session: &ExamSession) -> Vec<String> {
    session
        .subjects
        .as_deref()
        .unwrap_or("")
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn insert_session(
    tx: &mut Tx,
    actor: &str,
    s: &ExamSession,
    origin: &str,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO io_exam_session (code, programme, year, written_date, city, country, organiser, \
         subjects, published_applicants, published_sat, published_passed, note, source, origin, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
         $15, $16) RETURNING id",
    )
    .bind(s.code.clone())
    .bind(s.programme.clone())
    .bind(i64::from(s.year))
    .bind(s.written_date.clone())
    .bind(s.city.clone())
    .bind(s.country.clone())
    .bind(s.organiser.clone())
    .bind(to_json(&subjects(s)))
    .bind(s.published_applicants)
    .bind(s.published_sat)
    .bind(s.published_passed)
    .bind(s.note.clone())
    .bind(s.source.clone())
    .bind(origin)
    .bind(actor)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?)
}

/// Loads the shipped sessions: new ones are added, the ones there kept.
pub(crate) async fn load_shipped(tx: &mut Tx) -> Result<(), StoreError> {
    for s in shipped_sessions().map_err(super::integrity)? {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT id FROM io_exam_session WHERE code = $1")
                .bind(s.code.clone())
                .fetch_optional(&mut **tx)
                .await?;
        if known.is_none() {
            insert_session(tx, "system", s, "shipped").await?;
        }
    }
    Ok(())
}

fn check_session(s: &ExamSession) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::new();
    e.text("code", &s.code, 40);
    if !PROGRAMMES.contains(&s.programme.as_str()) {
        e.add("programme", "unknown_value");
    }
    if !(1945..=2100).contains(&s.year) {
        e.add("year", "out_of_range");
    }
    if let Some(d) = &s.written_date {
        if NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
            e.add("written_date", "invalid_date");
        }
    }
    if s.country.len() != 2 || !s.country.chars().all(|c| c.is_ascii_uppercase()) {
        e.add("country", "invalid_format");
    }
    e.text("organiser", &s.organiser, 300);
    e.text("source", &s.source, 1000);
    for (field, n) in [
        ("published_applicants", s.published_applicants),
        ("published_sat", s.published_sat),
        ("published_passed", s.published_passed),
    ] {
        if n.is_some_and(|n| !(0..=10_000_000).contains(&n)) {
            e.add(field, "out_of_range");
        }
    }
    e.into_result()
}

impl Store {
    /// Every session, newest first, with its candidates counted.
    pub async fn io_exam_sessions(&self) -> Result<Vec<ExamSessionRecord>, StoreError> {
        let sql = format!("{SESSION_SELECT} ORDER BY s.year DESC, s.code");
        fetch_all_as(&self.pool, sqlx::query(&sql), session_of).await
    }

    /// One session, with its candidates counted.
    pub async fn io_exam_session(&self, id: i64) -> Result<Option<ExamSessionRecord>, StoreError> {
        let sql = format!("{SESSION_SELECT} WHERE s.id = $1");
        crate::fetch_optional_as(&self.pool, sqlx::query(&sql).bind(id), session_of).await
    }

    /// Records a session (its published figures with their source).
    pub async fn create_io_exam_session(
        &self,
        actor: &str,
        s: &ExamSession,
    ) -> Result<ExamSessionRecord, StoreError> {
        check_session(s).map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        crate::refuse_taken_code(&mut tx, "io_exam_session", &s.code).await?;
        let id = insert_session(&mut tx, actor, s, "entered").await?;
        let sql = format!("{SESSION_SELECT} WHERE s.id = $1");
        let record = crate::fetch_optional_as(&mut *tx, sqlx::query(&sql).bind(id), session_of)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("io_exam_session", id), record)
            .await
    }

    /// A session's candidates, by name.
    pub async fn io_exam_candidates(
        &self,
        session_id: i64,
    ) -> Result<Vec<ExamCandidateRecord>, StoreError> {
        let sql = format!("{CANDIDATE_SELECT} WHERE c.session_id = $1 ORDER BY person_name, c.id");
        fetch_all_as(&self.pool, sqlx::query(&sql).bind(session_id), candidate_of).await
    }

    /// Adds a person of the registry to a session as a candidate who applied.
    pub async fn add_io_exam_candidate(
        &self,
        actor: &str,
        session_id: i64,
        person_id: i64,
        subject: &str,
    ) -> Result<ExamCandidateRecord, StoreError> {
        let mut e = FieldErrors::new();
        let subject = e.text("subject", subject, 200);
        e.into_result().map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        crate::require_id(&mut tx, "io_exam_session", session_id, "session_id").await?;
        crate::require_id(&mut tx, "person", person_id, "person_id").await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM io_exam_candidate WHERE session_id = $1 AND person_id = $2",
        )
        .bind(session_id)
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
            "INSERT INTO io_exam_candidate (session_id, person_id, subject, status, created_by, \
             created_at, updated_at) VALUES ($1, $2, $3, 'applied', $4, $5, $5) RETURNING id",
        )
        .bind(session_id)
        .bind(person_id)
        .bind(subject)
        .bind(actor)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let record = load_candidate(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("io_exam_candidate", id), record)
            .await
    }

    /// Moves a candidate to the next status (refused `status_not_allowed` out of order). A
    /// successful candidate is linked to their roster entry, if they have one, on that day; an
    /// appointment is linked by its serving record (the same person's).
    pub async fn io_exam_candidate_step(
        &self,
        actor: &str,
        id: i64,
        step: &CandidateStep,
        today: NaiveDate,
    ) -> Result<ExamCandidateRecord, StoreError> {
        if !CANDIDATE_STATUSES.contains(&step.status.as_str()) {
            return Err(StoreError::Invalid(FieldErrors::single(
                "status",
                "unknown_value",
            )));
        }
        let mut tx = self.begin_write().await?;
        let locked = self
            .locked_version(&mut tx, "io_exam_candidate", id)
            .await?;
        let before = load_candidate(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        if locked != Some(step.version) {
            return Err(StoreError::Stale {
                current: before.version,
            });
        }
        let moving = step.status != before.status;
        if moving && !before.next.contains(&step.status.as_str()) {
            return Err(StoreError::Refused {
                code: "status_not_allowed",
                detail: format!(
                    "a candidate who is {} may become {} only",
                    before.status,
                    if before.next.is_empty() {
                        "nothing else".to_owned()
                    } else {
                        before.next.join(" or ")
                    }
                ),
            });
        }
        if let Some(serving) = step.serving_record_id {
            let person: Option<i64> =
                sqlx::query_scalar("SELECT person_id FROM io_serving_record WHERE id = $1")
                    .bind(serving)
                    .fetch_optional(&mut *tx)
                    .await?;
            if person != Some(before.person_id) {
                return Err(StoreError::Invalid(FieldErrors::single(
                    "serving_record_id",
                    "unknown_reference",
                )));
            }
        }
        let (roster, rostered_on) = if moving && step.status == "successful" {
            let entry: Option<i64> =
                sqlx::query_scalar("SELECT id FROM io_roster_entry WHERE person_id = $1")
                    .bind(before.person_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            (entry, Some(today.to_string()))
        } else {
            (before.roster_entry_id, before.rostered_on.clone())
        };
        sqlx::query(
            "UPDATE io_exam_candidate SET status = $1, roster_entry_id = $2, rostered_on = $3, \
             serving_record_id = $4, version = version + 1, updated_at = $5 WHERE id = $6",
        )
        .bind(step.status.clone())
        .bind(roster)
        .bind(rostered_on)
        .bind(step.serving_record_id.or(before.serving_record_id))
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let after = load_candidate(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change::updated(actor, "status", "io_exam_candidate", id, &before, &after);
        self.commit_audited(tx, change).await?;
        Ok(after)
    }
}

async fn load_candidate(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<ExamCandidateRecord>, StoreError> {
    let sql = format!("{CANDIDATE_SELECT} WHERE c.id = $1");
    crate::fetch_optional_as(conn, sqlx::query(&sql).bind(id), candidate_of).await
}
