//! Services for returnees: overseas credentials, and the start-up support programme (calls,
//! applications, reviews with conflict-of-interest declarations, decisions within the
//! budget). Every write is audited in its transaction.

use crate::audit::Change;
use crate::case::{CaseHead, CaseType, ReviewInput, StepRequest, Value};
use crate::versions::expect_version;
use crate::{
    fetch_all_as, fetch_optional_as, int, now, opt_text, require_id, text, Store, StoreError,
};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::returnees::{
    application_workflow, call_workflow, decide, Candidate, Credential, ScoringRule,
};
use hrx_domain::workflow::Workflow;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialRecord {
    pub id: i64,
    pub person_id: i64,
    pub institution: String,
    pub country: String,
    pub degree: String,
    pub field: Option<String>,
    pub awarded_on: String,
    pub verification_status: String,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallRecord {
    pub id: i64,
    pub year: i64,
    pub title: String,
    pub budget_cny: i64,
    /// `open` (taking applications and reviews) or `decided`.
    pub status: String,
    pub version: i64,
    #[serde(skip)]
    pub status_since: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartupApplication {
    pub id: i64,
    pub call_id: i64,
    pub person_id: i64,
    pub project: String,
    pub sector: String,
    pub province: String,
    pub funding_asked_cny: i64,
    /// The business plan as the applicant wrote it, for the reviewers ("" when none was
    /// given).
    pub business_plan: String,
    /// `submitted`, `funded` or `not_funded`.
    pub status: String,
    pub score: Option<f64>,
    pub awarded_cny: i64,
    pub decision_reason: Option<String>,
    #[serde(skip)]
    pub version: i64,
    #[serde(skip)]
    pub status_since: String,
}

/// A new application to a call.
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub person_id: i64,
    pub project: String,
    pub sector: String,
    pub province: String,
    pub funding_asked_cny: i64,
    pub business_plan: String,
}

fn credential(r: &AnyRow) -> Result<CredentialRecord, StoreError> {
    Ok(CredentialRecord {
        id: int(r, "id")?,
        person_id: int(r, "person_id")?,
        institution: text(r, "institution")?,
        country: text(r, "country")?,
        degree: text(r, "degree")?,
        field: opt_text(r, "field")?,
        awarded_on: text(r, "awarded_on")?,
        verification_status: text(r, "verification_status")?,
        version: int(r, "version")?,
    })
}

fn call(r: &AnyRow) -> Result<CallRecord, StoreError> {
    Ok(CallRecord {
        id: int(r, "id")?,
        year: int(r, "year")?,
        title: text(r, "title")?,
        budget_cny: int(r, "budget_cny")?,
        status: text(r, "status")?,
        version: int(r, "version")?,
        status_since: opt_text(r, "status_since")?.unwrap_or_default(),
    })
}

fn application(r: &AnyRow) -> Result<StartupApplication, StoreError> {
    Ok(StartupApplication {
        id: int(r, "id")?,
        call_id: int(r, "call_id")?,
        person_id: int(r, "person_id")?,
        project: text(r, "project")?,
        sector: text(r, "sector")?,
        province: text(r, "province")?,
        funding_asked_cny: int(r, "funding_asked_cny")?,
        business_plan: text(r, "business_plan")?,
        status: text(r, "status")?,
        score: r
            .try_get::<Option<f64>, _>("score")
            .map_err(StoreError::from)?,
        awarded_cny: int(r, "awarded_cny")?,
        decision_reason: opt_text(r, "decision_reason")?,
        version: int(r, "version")?,
        status_since: opt_text(r, "status_since")?.unwrap_or_default(),
    })
}

/// A yearly call of the start-up programme on the case kernel.
pub struct StartupCall;

impl CaseType for StartupCall {
    const TYPE: &'static str = "startup_call";
    const NOUN: &'static str = "call";
    type Record = CallRecord;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        call_workflow()
    }

    fn head(r: &CallRecord) -> CaseHead<'_> {
        CaseHead {
            version: r.version,
            status: &r.status,
            kind: "call",
            status_since: &r.status_since,
        }
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        _scope: Scope,
    ) -> Result<Option<CallRecord>, StoreError> {
        let query = sqlx::query("SELECT * FROM startup_call WHERE id = $1").bind(id);
        fetch_optional_as(conn, query, call).await
    }
}

/// An application to a call on the case kernel: reviewed by the programme's panel, decided
/// by the call's decision.
pub struct StartupApplicationCase;

impl CaseType for StartupApplicationCase {
    const TYPE: &'static str = "startup_application";
    const NOUN: &'static str = "application";
    type Record = StartupApplication;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        application_workflow()
    }

    fn head(r: &StartupApplication) -> CaseHead<'_> {
        CaseHead {
            version: r.version,
            status: &r.status,
            kind: "application",
            status_since: &r.status_since,
        }
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        _scope: Scope,
    ) -> Result<Option<StartupApplication>, StoreError> {
        let query = sqlx::query("SELECT * FROM startup_application WHERE id = $1").bind(id);
        fetch_optional_as(conn, query, application).await
    }
}

/// Today's date in UTC, as stored.
fn today() -> String {
    now().get(..10).unwrap_or_default().to_owned()
}

fn refused(code: &'static str, detail: &str) -> StoreError {
    StoreError::Refused {
        code,
        detail: detail.to_owned(),
    }
}

impl Store {
    pub async fn add_credential(
        &self,
        actor: &str,
        person_id: i64,
        c: &Credential,
    ) -> Result<CredentialRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        require_id(&mut tx, "person", person_id, "person_id").await?;
        let at = now();
        let row = sqlx::query(
            "INSERT INTO overseas_credential (person_id, institution, country, degree, field, \
             awarded_on, verification_status, version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING *",
        )
        .bind(person_id)
        .bind(&c.institution)
        .bind(&c.country)
        .bind(&c.degree)
        .bind(c.field.clone())
        .bind(c.awarded_on.to_string())
        .bind(&c.verification_status)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let created = credential(&row)?;
        self.commit_created(tx, actor, ("overseas_credential", created.id), created)
            .await
    }

    /// Records the outcome of a credential's verification.
    pub async fn set_credential_verification(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        status: &str,
    ) -> Result<CredentialRecord, StoreError> {
        if !hrx_domain::returnees::VERIFICATION.contains(&status) {
            return Err(refused(
                "unknown_value",
                "verification_status is pending, verified or not_verified",
            ));
        }
        let mut tx = self.begin_write().await?;
        let before = sqlx::query(&format!(
            "SELECT * FROM overseas_credential WHERE id = $1{}",
            self.for_update()
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let before = credential(&before)?;
        expect_version(Some(before.version), expected_version)?;
        let row = sqlx::query(
            "UPDATE overseas_credential SET verification_status = $1, version = version + 1, \
             updated_at = $2 WHERE id = $3 RETURNING *",
        )
        .bind(status)
        .bind(now())
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let after = credential(&row)?;
        self.commit_audited(
            tx,
            Change::updated(actor, "verify", "overseas_credential", id, &before, &after),
        )
        .await?;
        Ok(after)
    }

    pub async fn credentials_of(
        &self,
        person_id: i64,
    ) -> Result<Vec<CredentialRecord>, StoreError> {
        fetch_all_as(
            &self.pool,
            sqlx::query(
                "SELECT * FROM overseas_credential WHERE person_id = $1 ORDER BY awarded_on, id",
            )
            .bind(person_id),
            credential,
        )
        .await
    }

    pub async fn create_call(
        &self,
        actor: &str,
        year: i64,
        title: &str,
        budget_cny: i64,
    ) -> Result<CallRecord, StoreError> {
        if !(1978..=2100).contains(&year) || budget_cny <= 0 || title.trim().is_empty() {
            return Err(refused(
                "invalid_call",
                "a call needs a year (1978 to 2100), a title and a positive budget",
            ));
        }
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "INSERT INTO startup_call (year, title, budget_cny, status, version, created_at, updated_at, status_since) \
             VALUES ($1, $2, $3, 'open', 1, $4, $4, $5) RETURNING *",
        )
        .bind(year)
        .bind(title.trim())
        .bind(budget_cny)
        .bind(now())
        .bind(today())
        .fetch_one(&mut *tx)
        .await?;
        let created = call(&row)?;
        self.commit_created(tx, actor, ("startup_call", created.id), created)
            .await
    }

    /// Who has reviewed which application of a call: (application, reviewer).
    pub async fn call_reviewers(&self, call_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.case_id AS application_id, r.reviewer FROM case_review r \
             JOIN startup_application a ON a.id = r.case_id \
             WHERE r.case_type = 'startup_application' AND a.call_id = $1",
        )
        .bind(call_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((int(r, "application_id")?, text(r, "reviewer")?)))
            .collect()
    }

    /// Every call, newest year first.
    pub async fn calls(&self) -> Result<Vec<CallRecord>, StoreError> {
        fetch_all_as(
            &self.pool,
            sqlx::query("SELECT * FROM startup_call ORDER BY year DESC, id DESC"),
            call,
        )
        .await
    }

    pub async fn call(&self, id: i64) -> Result<Option<CallRecord>, StoreError> {
        fetch_optional_as(
            &self.pool,
            sqlx::query("SELECT * FROM startup_call WHERE id = $1").bind(id),
            call,
        )
        .await
    }

    pub async fn apply_to_call(
        &self,
        actor: &str,
        call_id: i64,
        a: &NewApplication,
    ) -> Result<StartupApplication, StoreError> {
        if a.funding_asked_cny <= 0 || a.project.trim().is_empty() || a.sector.trim().is_empty() {
            return Err(refused(
                "invalid_application",
                "an application needs a project, a sector and a positive amount asked",
            ));
        }
        let mut tx = self.begin_write().await?;
        let status: Option<String> = sqlx::query_scalar(&format!(
            "SELECT status FROM startup_call WHERE id = $1{}",
            self.for_update()
        ))
        .bind(call_id)
        .fetch_optional(&mut *tx)
        .await?;
        match status.as_deref() {
            None => return Err(StoreError::NotFound),
            Some("open") => {}
            Some(_) => return Err(refused("call_closed", "the call has been decided")),
        }
        require_id(&mut tx, "person", a.person_id, "person_id").await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM province WHERE code = $1")
            .bind(&a.province)
            .fetch_one(&mut *tx)
            .await?;
        if n == 0 {
            return Err(StoreError::UnknownReference { field: "province" });
        }
        let row = sqlx::query(
            "INSERT INTO startup_application (call_id, person_id, project, sector, province, \
             funding_asked_cny, status, awarded_cny, version, created_at, updated_at, status_since, \
             business_plan) \
             VALUES ($1, $2, $3, $4, $5, $6, 'submitted', 0, 1, $7, $7, $8, $9) RETURNING *",
        )
        .bind(call_id)
        .bind(a.person_id)
        .bind(a.project.trim())
        .bind(a.sector.trim())
        .bind(&a.province)
        .bind(a.funding_asked_cny)
        .bind(now())
        .bind(today())
        .bind(a.business_plan.trim())
        .fetch_one(&mut *tx)
        .await?;
        let created = application(&row)?;
        self.commit_created(tx, actor, ("startup_application", created.id), created)
            .await
    }

    /// A reviewer's review: a declared conflict of interest (then no score is taken) or a
    /// score from 0 to 100. One review per reviewer and application; only while the call is
    /// open.
    pub async fn review_application(
        &self,
        reviewer: &str,
        application_id: i64,
        conflict: bool,
        conflict_note: Option<&str>,
        score: Option<f64>,
    ) -> Result<(), StoreError> {
        match (conflict, score) {
            (true, Some(_)) => {
                return Err(refused(
                    "conflict_of_interest",
                    "a reviewer who declares a conflict of interest gives no score",
                ))
            }
            (false, None) => return Err(refused("score_required", "give a score from 0 to 100")),
            (false, Some(s)) if !(0.0..=100.0).contains(&s) || !s.is_finite() => {
                return Err(refused(
                    "score_out_of_range",
                    "the score runs from 0 to 100",
                ))
            }
            _ => {}
        }
        let mut tx = self.begin_write().await?;
        let found = sqlx::query(
            "SELECT c.status FROM startup_application a JOIN startup_call c ON c.id = a.call_id \
             WHERE a.id = $1",
        )
        .bind(application_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        if text(&found, "status")? != "open" {
            return Err(refused("call_closed", "the call has been decided"));
        }
        // Separation of duties: whoever filed an application does not score it.
        let filed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'startup_application' \
             AND entity_id = $1 AND action = 'create' AND actor = $2",
        )
        .bind(application_id.to_string())
        .bind(reviewer)
        .fetch_one(&mut *tx)
        .await?;
        if filed > 0 {
            return Err(refused(
                "same_actor",
                "whoever filed an application does not review it",
            ));
        }
        let id = self
            .insert_review(
                &mut tx,
                StartupApplicationCase::TYPE,
                application_id,
                &ReviewInput {
                    reviewer,
                    conflict,
                    conflict_note,
                    score,
                    criteria: None,
                },
            )
            .await?;
        self.commit_audited(
            tx,
            Change {
                actor: reviewer,
                action: if conflict { "declare_conflict" } else { "review" },
                entity_type: "startup_application",
                entity_id: application_id.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "review_id": id, "conflict": conflict, "conflict_note": conflict_note, "score": score
                })),
            },
        )
        .await?;
        Ok(())
    }

    /// The call's decision, a step on the case kernel: scores every application with the
    /// programme's rule (reviews with a declared conflict left out), funds them in rank
    /// order within the budget (each outcome a step of the application, with its rank), and
    /// closes the call. All in one transaction, audited.
    pub async fn decide_call(
        &self,
        actor: &str,
        call_id: i64,
        rule: &ScoringRule,
    ) -> Result<Vec<StartupApplication>, StoreError> {
        let current = self.call(call_id).await?.ok_or(StoreError::NotFound)?;
        if current.status != "open" {
            return Err(refused("call_closed", "the call has been decided"));
        }
        let day = NaiveDate::parse_from_str(&today(), "%Y-%m-%d")
            .map_err(|e| StoreError::Integrity(e.to_string()))?;
        let request = StepRequest {
            action: "decide",
            role: "officer",
            comment: None,
            expected_version: current.version,
            today: day,
        };
        let mut step = self
            .open_step::<StartupCall>(actor, call_id, &request, Scope::All)
            .await?;
        // Separation of duties: whoever reviewed one of the call's applications (or declared a
        // conflict on it) does not decide the call.
        let involved: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM startup_application a JOIN case_review r \
             ON r.case_type = $2 AND r.case_id = a.id WHERE a.call_id = $1 AND r.reviewer = $3",
        )
        .bind(call_id)
        .bind(StartupApplicationCase::TYPE)
        .bind(actor)
        .fetch_one(&mut *step.tx)
        .await?;
        if involved > 0 {
            return Err(refused(
                "same_actor",
                "whoever reviewed an application of the call does not decide it",
            ));
        }
        let apps: Vec<StartupApplication> =
            sqlx::query("SELECT * FROM startup_application WHERE call_id = $1 ORDER BY id")
                .bind(call_id)
                .fetch_all(&mut *step.tx)
                .await?
                .iter()
                .map(application)
                .collect::<Result<_, _>>()?;
        let mut candidates = Vec::with_capacity(apps.len());
        for a in &apps {
            let scores =
                Store::panel_scores(&mut step.tx, StartupApplicationCase::TYPE, a.id).await?;
            candidates.push(Candidate {
                id: a.id,
                asked_cny: a.funding_asked_cny,
                score: rule.combine(&scores),
            });
        }
        for d in decide(rule, step.before.budget_cny, &candidates) {
            let score = candidates
                .iter()
                .find(|x| x.id == d.id)
                .and_then(|x| x.score);
            let rank = d
                .rank
                .map_or_else(|| "unranked".to_owned(), |r| format!("rank {r}"));
            self.system_step::<StartupApplicationCase>(
                &mut step.tx,
                actor,
                d.id,
                ("decide", if d.funded { "funded" } else { "not_funded" }),
                Some(&format!("{rank}, {} ({})", d.reason, rule.rule)),
                day,
                vec![
                    ("score", Value::Real(score)),
                    ("awarded_cny", Value::Int(Some(d.awarded_cny))),
                    ("decision_reason", Value::Text(Some(d.reason.to_owned()))),
                ],
            )
            .await?;
        }
        step.apply(None, Vec::new()).await?;
        step.commit(self).await?;
        self.call_applications(call_id).await
    }

    /// A call's applications, funded first by amount awarded.
    pub async fn call_applications(
        &self,
        call_id: i64,
    ) -> Result<Vec<StartupApplication>, StoreError> {
        fetch_all_as(
            &self.pool,
            sqlx::query(
                "SELECT * FROM startup_application WHERE call_id = $1 \
             ORDER BY awarded_cny DESC, score DESC, id",
            )
            .bind(call_id),
            application,
        )
        .await
    }
}
