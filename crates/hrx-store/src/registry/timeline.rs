//! A person's timeline: every record of every capability that names the person, in date
//! order, each with the page it is shown on.

use crate::{text, Store, StoreError};
use serde::Serialize;

/// One record on a person's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// YYYY-MM-DD.
    pub date: String,
    /// What happened: `study_abroad_departure`, `study_abroad_return`,
    /// `foreign_student_enrolment`, `overseas_credential`, `returnee_application`,
    /// `work_permit_application`, `work_permit`, `coverage_certificate`, `training_abroad`,
    /// `delegation`, `international_organisation_service`, `award_nomination`,
    /// `expert_engagement`.
    pub kind: String,
    /// The page of the record (a path on this site).
    pub record: String,
    pub summary: String,
}

/// Each kind of record: its code and the statement giving (d, r, s) — date, page, summary —
/// for the person bound as `$1`.
const SOURCES: [(&str, &str); 13] = [
    (
        "study_abroad_departure",
        "SELECT departure_date AS d, '/study-abroad/' || CAST(id AS TEXT) AS r, institution || ', ' || destination_country AS s FROM study_abroad WHERE person_id = $1",
    ),
    (
        "study_abroad_return",
        "SELECT return_date AS d, '/study-abroad/' || CAST(id AS TEXT) AS r, institution || ', ' || destination_country AS s FROM study_abroad WHERE person_id = $1 AND return_date IS NOT NULL",
    ),
    (
        "foreign_student_enrolment",
        "SELECT enrolment_start AS d, '/foreign-students/' || CAST(id AS TEXT) AS r, institution AS s FROM foreign_student WHERE person_id = $1",
    ),
    (
        "overseas_credential",
        "SELECT awarded_on AS d, '/persons/' || CAST(person_id AS TEXT) AS r, institution || ', ' || country AS s FROM overseas_credential WHERE person_id = $1",
    ),
    (
        "returnee_application",
        "SELECT SUBSTR(created_at, 1, 10) AS d, '/returnees/calls/' || CAST(call_id AS TEXT) AS r, project AS s FROM startup_application WHERE person_id = $1",
    ),
    (
        "work_permit_application",
        "SELECT SUBSTR(created_at, 1, 10) AS d, '/work-permits/applications/' || CAST(id AS TEXT) AS r, position AS s FROM work_permit_application WHERE person_id = $1",
    ),
    (
        "work_permit",
        "SELECT valid_from AS d, CASE WHEN application_id IS NULL THEN '/persons/' || CAST(person_id AS TEXT) \
         ELSE '/work-permits/applications/' || CAST(application_id AS TEXT) END AS r, \
         number || ' (' || document_type || ')' AS s FROM work_permit WHERE person_id = $1",
    ),
    (
        "coverage_certificate",
        "SELECT valid_from AS d, '/coverage/certificates/' || CAST(id AS TEXT) AS r, agreement_code || ', ' || direction AS s FROM coverage_certificate WHERE person_id = $1",
    ),
    (
        "training_abroad",
        "SELECT departure_date AS d, '/training/participants?q=' || record_ref AS r, host_institution || ', ' || host_country AS s FROM training_participation WHERE person_id = $1",
    ),
    (
        "delegation",
        "SELECT SUBSTR(created_at, 1, 10) AS d, '/cooperation/events/' || CAST(event_id AS TEXT) AS r, role AS s FROM coop_delegate WHERE person_id = $1",
    ),
    (
        "international_organisation_service",
        "SELECT start_date AS d, '/international-organisations/serving' AS r, duty_station || ', ' || grade AS s FROM io_serving_record WHERE person_id = $1",
    ),
    (
        "award_nomination",
        "SELECT SUBSTR(created_at, 1, 10) AS d, '/awards/nominations/' || CAST(id AS TEXT) AS r, award || ' ' || CAST(award_year AS TEXT) AS s FROM award_nomination WHERE person_id = $1",
    ),
    (
        "expert_engagement",
        "SELECT start_date AS d, '/experts' AS r, employer_name || ', ' || programme AS s FROM expert_engagement WHERE person_id = $1",
    ),
];

impl Store {
    /// Every record naming the person, oldest first (by date, then kind, then page).
    pub async fn person_timeline(&self, person_id: i64) -> Result<Vec<TimelineEntry>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let mut entries = Vec::new();
        for (kind, sql) in SOURCES {
            for row in sqlx::query(sql)
                .bind(person_id)
                .fetch_all(&mut *conn)
                .await?
            {
                entries.push(TimelineEntry {
                    date: text(&row, "d")?,
                    kind: kind.to_owned(),
                    record: text(&row, "r")?,
                    summary: text(&row, "s")?,
                });
            }
        }
        entries.sort_by(|a, b| {
            (a.date.as_str(), a.kind.as_str(), a.record.as_str()).cmp(&(
                b.date.as_str(),
                b.kind.as_str(),
                b.record.as_str(),
            ))
        });
        Ok(entries)
    }
}
