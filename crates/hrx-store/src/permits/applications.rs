use crate::audit::Change;
pub use crate::case::TransitionRecord;
use crate::case::{transitions_of, CaseHead, CaseType, QueueCase, StepRequest, Value};
use crate::registry::FilterBind as Bind;
use crate::registry::{page_bounds, Filter};
use crate::{int, now, opt_int, opt_text, text, Page, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::permits::application::ApplicationDraft;
use hrx_domain::permits::routes::decide;
use hrx_domain::permits::validity::{check_extension, validity_end, Category};
use hrx_domain::permits::workflow;
use hrx_domain::statistics::series::Family;
use hrx_domain::workflow::Workflow;
use serde::Serialize;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationRecord {
    pub id: i64,
    pub version: i64,
    pub kind: String,
    pub status: String,
    pub person_id: i64,
    pub employer_id: i64,
    pub permit_id: Option<i64>,
    pub position: String,
    pub occupation: String,
    pub province: String,
    pub contract_start: String,
    pub contract_end: String,
    pub annual_salary_cny: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub assessment_input: serde_json::Value,
    pub total_points: i64,
    pub points_category: Option<String>,
    /// The category reached by any route when the application was filed (points, salary
    /// multiples, talent routes ...), and each route with its reason.
    pub route_category: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub route_decision: serde_json::Value,
    pub category: Option<String>,
    pub status_since: String,
    /// The last day of the statutory time limit of the current state, if it has one.
    pub due_date: Option<String>,
    pub submitted_at: Option<String>,
    pub decided_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub transitions: Vec<TransitionRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermitRecord {
    pub id: i64,
    pub number: String,
    pub person_id: i64,
    pub employer_id: i64,
    pub document_type: String,
    pub category: Option<String>,
    pub occupation: Option<String>,
    pub province: Option<String>,
    pub valid_from: String,
    pub valid_until: String,
    pub status: String,
}

/// Filters of an application list; `queue` sorts open cases by due date, most urgent first.
#[derive(Debug, Clone, Default)]
pub struct ApplicationQuery {
    pub status: Option<String>,
    pub queue: bool,
    pub page: i64,
    pub per_page: i64,
}

/// One workflow step asked for by a user.
#[derive(Debug, Clone)]
pub struct TransitionRequest<'a> {
    pub action: &'a str,
    /// `employer` or `officer`, as the workflow names roles.
    pub role: &'a str,
    pub comment: Option<&'a str>,
    pub expected_version: i64,
    /// For approval when the points give no category (a direct or C route decided by the officer).
    pub category: Option<&'a str>,
    pub today: NaiveDate,
}

impl TransitionRequest<'_> {
    /// What the kernel checks of the step.
    fn step(&self) -> StepRequest<'_> {
        StepRequest {
            action: self.action,
            role: self.role,
            comment: self.comment,
            expected_version: self.expected_version,
            today: self.today,
        }
    }
}

const COLUMNS: &str = "a.id, a.version, a.kind, a.status, a.person_id, a.employer_id, a.permit_id, a.position, \
    a.occupation, a.province, a.contract_start, a.contract_end, a.annual_salary_fen, a.assessment_input, \
    a.total_points, a.points_category, a.category, a.status_since, a.due_date, a.submitted_at, a.decided_at, \
    a.created_at, a.updated_at, a.route_category, a.route_decision";

fn application(row: &AnyRow) -> Result<ApplicationRecord, StoreError> {
    Ok(ApplicationRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        kind: text(row, "kind")?,
        status: text(row, "status")?,
        person_id: int(row, "person_id")?,
        employer_id: int(row, "employer_id")?,
        permit_id: opt_int(row, "permit_id")?,
        position: text(row, "position")?,
        occupation: text(row, "occupation")?,
        province: text(row, "province")?,
        contract_start: text(row, "contract_start")?,
        contract_end: text(row, "contract_end")?,
        annual_salary_cny: int(row, "annual_salary_fen")? as f64 / 100.0,
        assessment_input: serde_json::from_str(&text(row, "assessment_input")?).unwrap_or_default(),
        total_points: int(row, "total_points")?,
        points_category: opt_text(row, "points_category")?,
        route_category: opt_text(row, "route_category")?,
        route_decision: opt_text(row, "route_decision")?
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default(),
        category: opt_text(row, "category")?,
        status_since: text(row, "status_since")?,
        due_date: opt_text(row, "due_date")?,
        submitted_at: opt_text(row, "submitted_at")?,
        decided_at: opt_text(row, "decided_at")?,
        created_at: text(row, "created_at")?,
        updated_at: text(row, "updated_at")?,
        transitions: Vec::new(),
    })
}

const PERMIT_COLUMNS: &str =
    "id, number, person_id, employer_id, document_type, category, occupation, province, \
    valid_from, valid_until, status";

fn permit(row: &AnyRow) -> Result<PermitRecord, StoreError> {
    Ok(PermitRecord {
        id: int(row, "id")?,
        number: text(row, "number")?,
        person_id: int(row, "person_id")?,
        employer_id: int(row, "employer_id")?,
        document_type: text(row, "document_type")?,
        category: opt_text(row, "category")?,
        occupation: opt_text(row, "occupation")?,
        province: opt_text(row, "province")?,
        valid_from: text(row, "valid_from")?,
        valid_until: text(row, "valid_until")?,
        status: text(row, "status")?,
    })
}

fn snapshot<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Work-permit applications on the case kernel.
pub struct WorkPermitApplication;

impl CaseType for WorkPermitApplication {
    const TYPE: &'static str = "work_permit_application";
    const NOUN: &'static str = "application";
    type Record = ApplicationRecord;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        workflow()
    }

    fn head(record: &ApplicationRecord) -> CaseHead<'_> {
        CaseHead {
            version: record.version,
            status: &record.status,
            kind: &record.kind,
            status_since: &record.status_since,
        }
    }

    /// The steps that issue or change a permit change the statistics.
    fn refreshes(action: &str) -> &'static [Family] {
        match action {
            "activate" | "apply_extension" | "apply_change" | "apply_cancellation" | "cancel" => {
                &[Family::WorkPermits]
            }
            _ => &[],
        }
    }

    fn person(record: &ApplicationRecord) -> Option<i64> {
        Some(record.person_id)
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        scope: Scope,
    ) -> Result<Option<ApplicationRecord>, StoreError> {
        load(conn, id, scope).await
    }
}

impl QueueCase for WorkPermitApplication {
    const ALIAS: &'static str = "a";
    const COLUMNS: &'static str = COLUMNS;
    const PERSON: &'static str = "a.person_id";
    const ORGANISATION: &'static str = "a.employer_id";
    const NUMBER: Option<&'static str> = None;
    const KIND: &'static str = "a.kind";

    fn row(row: &AnyRow) -> Result<ApplicationRecord, StoreError> {
        application(row)
    }
}

fn scope_filter(filter: &mut Filter, scope: Scope) {
    filter.scope(scope, "a.employer_id", "a.person_id");
}

fn parse_day(value: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d")
        .map_err(|_| StoreError::Integrity(format!("stored date {value:?} does not parse")))
}

impl Store {
    /// Files a draft for `employer_id`. The person must be visible in `person_scope` and the
    /// employer must hold a Unified Social Credit Code.
    pub async fn create_application(
        &self,
        actor: &str,
        draft: &ApplicationDraft,
        employer_id: i64,
        person_scope: Scope,
    ) -> Result<ApplicationRecord, StoreError> {
        // The routes are decided on the previous year's wages of the city, else the province.
        let input = &draft.assessment_input;
        let year = NaiveDate::parse_from_str(&input.assessment_date, "%Y-%m-%d")
            .map(|d| chrono::Datelike::year(&d) - 1)
            .unwrap_or(0);
        let mut localities: Vec<&str> = Vec::new();
        if let Some(city) = input.work_location.city.as_deref() {
            localities.push(city);
        }
        localities.push(&input.work_location.province);
        let wage = self.local_wage(&localities, year).await?;
        let decision = decide(input, &input.routes, &draft.assessment, wage.as_ref());
        let mut tx = self.begin_write().await?;
        check_parties(&mut tx, draft, employer_id, person_scope).await?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO work_permit_application (kind, status, person_id, employer_id, permit_id, position, occupation, \
             province, contract_start, contract_end, annual_salary_fen, assessment_input, total_points, points_category, \
             status_since, version, created_at, updated_at, route_category, route_decision) \
             VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $14, $14, $15, $16) RETURNING id",
        )
        .bind(draft.kind)
        .bind(draft.person_id)
        .bind(employer_id)
        .bind(draft.permit_id)
        .bind(&draft.position)
        .bind(&draft.occupation)
        .bind(&draft.province)
        .bind(draft.contract_start.to_string())
        .bind(draft.contract_end.to_string())
        .bind(draft.salary_fen)
        .bind(serde_json::to_string(&draft.assessment_input).unwrap_or_default())
        .bind(draft.assessment.total)
        .bind(draft.assessment.points_category)
        .bind(at)
        .bind(decision.category)
        .bind(serde_json::to_string(&decision).unwrap_or_default())
        .fetch_one(&mut *tx)
        .await?;
        let record = load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.audit(
            &mut tx,
            Change {
                actor,
                action: "create",
                entity_type: "work_permit_application",
                entity_id: id.to_string(),
                before: None,
                after: Some(snapshot(&record)),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    pub async fn application(
        &self,
        id: i64,
        scope: Scope,
    ) -> Result<Option<ApplicationRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, id, scope).await
    }

    pub async fn applications(
        &self,
        query: &ApplicationQuery,
        scope: Scope,
    ) -> Result<Page<ApplicationRecord>, StoreError> {
        let mut filter = Filter::default();
        scope_filter(&mut filter, scope);
        if let Some(status) = query.status.as_deref().filter(|s| !s.is_empty()) {
            filter.push("a.status = ?", vec![Bind::Text(status.to_owned())]);
        }
        if query.queue {
            filter.push("a.due_date IS NOT NULL", vec![]);
        }
        let order = if query.queue {
            "a.due_date, a.id"
        } else {
            "a.id DESC"
        };
        let where_clause = filter.where_clause();
        let count_sql = format!("SELECT COUNT(*) FROM work_permit_application a{where_clause}");
        let list_sql = format!(
            "SELECT {COLUMNS} FROM work_permit_application a{where_clause} ORDER BY {order}"
        );
        let bounds = page_bounds(query.page, query.per_page);
        filter
            .page(&self.pool, (&count_sql, &list_sql), bounds, application)
            .await
    }

    /// Takes one workflow step on the case kernel, with the application's own effects: an
    /// extension filed in time, the category granted, the permit number, the permit issued,
    /// extended, changed or ended. An illegal step, a role that may not take it, a missing
    /// reason or a stale version changes nothing.
    pub async fn transition_application(
        &self,
        actor: &str,
        id: i64,
        request: &TransitionRequest<'_>,
        scope: Scope,
    ) -> Result<ApplicationRecord, StoreError> {
        let mut step = self
            .open_step::<WorkPermitApplication>(actor, id, &request.step(), scope)
            .await?;
        let before = step.before.clone();
        let today = request.today;
        let mut category = before.category.clone();
        let mut permit_id = before.permit_id;
        let tx = &mut step.tx;
        match request.action {
            "submit" if before.kind == "extension" => {
                let permit = permit_in(tx, before.permit_id).await?;
                check_extension(today, parse_day(&permit.valid_until)?).map_err(|refusal| {
                    StoreError::Refused {
                        code: "extension_too_late",
                        detail: refusal.to_string(),
                    }
                })?;
            }
            "approve" => {
                category = request
                    .category
                    .map(str::to_owned)
                    .or_else(|| before.route_category.clone())
                    .or_else(|| before.points_category.clone())
                    .or_else(|| before.category.clone());
                if !matches!(category.as_deref(), Some("A" | "B" | "C")) {
                    return Err(StoreError::Refused {
                        code: "category_required",
                        detail: "the points give no category: name the category the decision grants (A, B or C)".into(),
                    });
                }
            }
            "issue_notice" => {
                assign_permit_number(tx, before.person_id, today).await?;
            }
            "activate" => {
                permit_id = Some(issue_permit(tx, &before, category.as_deref(), today).await?);
            }
            "apply_extension" => {
                extend_permit(tx, &before, category.as_deref(), today).await?;
            }
            "apply_change" => {
                change_permit(tx, &before, today).await?;
            }
            "apply_cancellation" | "cancel" => {
                set_permit_status(tx, permit_id, "cancelled", Some(today)).await?;
            }
            "expire" => {
                set_permit_status(tx, permit_id, "expired", None).await?;
            }
            _ => {}
        }
        let at = Some(step.at.clone());
        let submitted_at = if request.action == "submit" {
            at.clone()
        } else {
            before.submitted_at.clone()
        };
        let decided_at = if matches!(request.action, "approve" | "refuse") {
            at
        } else {
            before.decided_at.clone()
        };
        let due_category = category.clone().or(before.points_category.clone());
        step.apply(
            due_category.as_deref(),
            vec![
                ("category", Value::Text(category)),
                ("permit_id", Value::Int(permit_id)),
                ("submitted_at", Value::Text(submitted_at)),
                ("decided_at", Value::Text(decided_at)),
            ],
        )
        .await?;
        step.commit(self).await
    }

    pub async fn permits_of_person(&self, person_id: i64) -> Result<Vec<PermitRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PERMIT_COLUMNS} FROM work_permit WHERE person_id = $1 ORDER BY valid_from DESC, id DESC"
        ))
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(permit).collect()
    }

    /// A person's work permits and applications that `scope` lets the user see (an
    /// employer sees those it holds or filed), newest first, for the person's record.
    pub async fn work_permit_history(
        &self,
        person_id: i64,
        scope: Scope,
    ) -> Result<(Vec<PermitRecord>, Vec<ApplicationRecord>), StoreError> {
        let mut filter = Filter::default();
        filter.push("person_id = ?", vec![Bind::Int(person_id)]);
        filter.scope(scope, "employer_id", "person_id");
        let sql = format!(
            "SELECT {PERMIT_COLUMNS} FROM work_permit{} ORDER BY valid_from DESC, id DESC LIMIT 200",
            filter.where_clause()
        );
        let permits = filter
            .bind(sqlx::query(&sql))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(permit)
            .collect::<Result<Vec<_>, _>>()?;
        let mut filter = Filter::default();
        filter.push("a.person_id = ?", vec![Bind::Int(person_id)]);
        scope_filter(&mut filter, scope);
        let sql = format!(
            "SELECT {COLUMNS} FROM work_permit_application a{} ORDER BY a.id DESC LIMIT 200",
            filter.where_clause()
        );
        let applications = filter
            .bind(sqlx::query(&sql))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(application)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((permits, applications))
    }

    /// The work-permit number a person holds for life, once a notice has been issued.
    pub async fn permit_number_of(&self, person_id: i64) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT number FROM person_permit_number WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Who holds a work-permit number.
    pub async fn person_by_permit_number(&self, number: &str) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT person_id FROM person_permit_number WHERE number = $1")
                .bind(number.trim().to_ascii_uppercase())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The permit a number names now: the latest issued under it.
    pub async fn permit_by_number(&self, number: &str) -> Result<Option<PermitRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {PERMIT_COLUMNS} FROM work_permit WHERE number = $1 ORDER BY valid_from DESC, id DESC LIMIT 1"
        ))
        .bind(number.trim().to_ascii_uppercase())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(permit).transpose()
    }

    /// Active permits whose validity ends between `from` and `until`, soonest first.
    pub async fn permits_expiring(
        &self,
        from: NaiveDate,
        until: NaiveDate,
        employer: Option<i64>,
    ) -> Result<Vec<PermitRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {PERMIT_COLUMNS} FROM work_permit WHERE status = 'active' AND valid_until >= $1 \
             AND valid_until <= $2 AND ($3 < 0 OR employer_id = $3) ORDER BY valid_until, id LIMIT 500"
        ))
        .bind(from.to_string())
        .bind(until.to_string())
        .bind(employer.unwrap_or(-1))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(permit).collect()
    }
}

async fn check_parties(
    tx: &mut Tx,
    draft: &ApplicationDraft,
    employer_id: i64,
    person_scope: Scope,
) -> Result<(), StoreError> {
    check_person_and_employer(tx, draft.person_id, employer_id, person_scope).await?;
    if let Some(permit_id) = draft.permit_id {
        let holder: Option<i64> =
            sqlx::query_scalar("SELECT person_id FROM work_permit WHERE id = $1")
                .bind(permit_id)
                .fetch_optional(&mut **tx)
                .await?;
        if holder != Some(draft.person_id) {
            return Err(StoreError::UnknownReference { field: "permit_id" });
        }
    }
    Ok(())
}

async fn load(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    scope: Scope,
) -> Result<Option<ApplicationRecord>, StoreError> {
    let mut filter = Filter::default();
    filter.push("a.id = ?", vec![Bind::Int(id)]);
    scope_filter(&mut filter, scope);
    let sql = format!(
        "SELECT {COLUMNS} FROM work_permit_application a{}",
        filter.where_clause()
    );
    let Some(row) = filter
        .bind(sqlx::query(&sql))
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let mut record = application(&row)?;
    record.transitions = transitions_of(conn, WorkPermitApplication::TYPE, id).await?;
    Ok(Some(record))
}

/// The person must be visible to the filer and the employer must be an organisation with a
/// Unified Social Credit Code.
pub(crate) async fn check_person_and_employer(
    tx: &mut Tx,
    person_id: i64,
    employer_id: i64,
    person_scope: Scope,
) -> Result<(), StoreError> {
    let mut filter = Filter::default();
    filter.push("p.id = ?", vec![Bind::Int(person_id)]);
    filter.scope(person_scope, "p.organisation_id", "p.id");
    let person: Option<i64> = filter
        .bind(sqlx::query(&format!(
            "SELECT p.id FROM person p{}",
            filter.where_clause()
        )))
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| sqlx::Row::try_get::<i64, _>(&r, 0))
        .transpose()?;
    if person.is_none() {
        return Err(StoreError::UnknownReference { field: "person_id" });
    }
    let code: Option<Option<String>> =
        sqlx::query_scalar("SELECT credit_code FROM organisation WHERE id = $1")
            .bind(employer_id)
            .fetch_optional(&mut **tx)
            .await?;
    match code {
        None => Err(StoreError::UnknownReference {
            field: "employer_id",
        }),
        Some(None) => Err(StoreError::Refused {
            code: "employer_without_credit_code",
            detail: "the employer has no Unified Social Credit Code on record".into(),
        }),
        Some(Some(_)) => Ok(()),
    }
}

async fn permit_in(tx: &mut Tx, permit_id: Option<i64>) -> Result<PermitRecord, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {PERMIT_COLUMNS} FROM work_permit WHERE id = $1"
    ))
    .bind(permit_id.unwrap_or(-1))
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::UnknownReference { field: "permit_id" })?;
    permit(&row)
}

/// One number per person for life: the first notice assigns it, later ones reuse it.
async fn assign_permit_number(
    tx: &mut Tx,
    person_id: i64,
    today: NaiveDate,
) -> Result<String, StoreError> {
    let existing: Option<String> =
        sqlx::query_scalar("SELECT number FROM person_permit_number WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(number) = existing {
        return Ok(number);
    }
    // A random number with a check digit, never a count of those issued (which two
    // transactions read alike): a number already taken is drawn again; a number given to the
    // same person by a concurrent step is the one kept.
    for _ in 0..20 {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Config(format!("random source: {e}")))?;
        let number = hrx_domain::permits::documents::permit_number(
            chrono::Datelike::year(&today),
            u32::from_le_bytes(bytes),
        );
        let inserted: Option<String> = sqlx::query_scalar(
            "INSERT INTO person_permit_number (person_id, number, assigned_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING RETURNING number",
        )
        .bind(person_id)
        .bind(&number)
        .bind(now())
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(number) = inserted {
            return Ok(number);
        }
        let held: Option<String> =
            sqlx::query_scalar("SELECT number FROM person_permit_number WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(&mut **tx)
                .await?;
        if let Some(number) = held {
            return Ok(number);
        }
    }
    Err(StoreError::Integrity(
        "no free work-permit number after 20 draws".into(),
    ))
}

fn category_of(code: Option<&str>) -> Category {
    match code {
        Some("A") => Category::A,
        Some("B") => Category::B,
        _ => Category::C,
    }
}

async fn passport_expiry(tx: &mut Tx, person_id: i64) -> Result<Option<NaiveDate>, StoreError> {
    let expiry: Option<Option<String>> = sqlx::query_scalar(
        "SELECT expiry_date FROM identity_document WHERE person_id = $1 AND kind = 'passport' ORDER BY id LIMIT 1",
    )
    .bind(person_id)
    .fetch_optional(&mut **tx)
    .await?;
    expiry.flatten().map(|e| parse_day(&e)).transpose()
}

async fn issue_permit(
    tx: &mut Tx,
    application: &ApplicationRecord,
    category: Option<&str>,
    today: NaiveDate,
) -> Result<i64, StoreError> {
    let number = assign_permit_number(tx, application.person_id, today).await?;
    let contract_start = parse_day(&application.contract_start)?;
    let contract_end = parse_day(&application.contract_end)?;
    let start = contract_start.max(today);
    let passport = passport_expiry(tx, application.person_id)
        .await?
        .unwrap_or(contract_end);
    let (until, _) = validity_end(
        category_of(category),
        false,
        start,
        contract_end,
        passport,
        None,
    );
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO work_permit (number, person_id, employer_id, document_type, category, occupation, province, \
         valid_from, valid_until, status, application_id, version, created_at, updated_at) \
         VALUES ($1, $2, $3, 'work_permit', $4, $5, $6, $7, $8, 'active', $9, 1, $10, $10) RETURNING id",
    )
    .bind(number)
    .bind(application.person_id)
    .bind(application.employer_id)
    .bind(category)
    .bind(&application.occupation)
    .bind(&application.province)
    .bind(start.to_string())
    .bind(until.to_string())
    .bind(application.id)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

async fn extend_permit(
    tx: &mut Tx,
    application: &ApplicationRecord,
    category: Option<&str>,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let permit = permit_in(tx, application.permit_id).await?;
    let old_until = parse_day(&permit.valid_until)?;
    let start = old_until.succ_opt().unwrap_or(old_until).max(today);
    let contract_end = parse_day(&application.contract_end)?;
    let passport = passport_expiry(tx, application.person_id)
        .await?
        .unwrap_or(contract_end);
    let (until, _) = validity_end(
        category_of(category.or(permit.category.as_deref())),
        false,
        start,
        contract_end,
        passport,
        None,
    );
    sqlx::query("UPDATE work_permit SET valid_until = $1, version = version + 1, updated_at = $2 WHERE id = $3")
        .bind(until.max(old_until).to_string())
        .bind(now())
        .bind(permit.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A change of particulars: the permit takes the application's occupation and work location,
/// and its validity never runs beyond the new contract (or the passport).
async fn change_permit(
    tx: &mut Tx,
    application: &ApplicationRecord,
    today: NaiveDate,
) -> Result<(), StoreError> {
    let permit = permit_in(tx, application.permit_id).await?;
    let old_until = parse_day(&permit.valid_until)?;
    let contract_end = parse_day(&application.contract_end)?;
    let passport = passport_expiry(tx, application.person_id)
        .await?
        .unwrap_or(contract_end);
    let until = old_until.min(contract_end).min(passport).max(today);
    sqlx::query(
        "UPDATE work_permit SET occupation = $1, province = $2, valid_until = $3, \
         version = version + 1, updated_at = $4 WHERE id = $5",
    )
    .bind(&application.occupation)
    .bind(&application.province)
    .bind(until.to_string())
    .bind(now())
    .bind(permit.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets a permit's status; a cancellation also records its day, from which the permit no
/// longer counts as valid.
async fn set_permit_status(
    tx: &mut Tx,
    permit_id: Option<i64>,
    status: &str,
    cancelled_on: Option<NaiveDate>,
) -> Result<(), StoreError> {
    if let Some(id) = permit_id {
        sqlx::query(
            "UPDATE work_permit SET status = $1, cancelled_on = COALESCE($2, cancelled_on), \
             version = version + 1, updated_at = $3 WHERE id = $4",
        )
        .bind(status)
        .bind(cancelled_on.map(|d| d.to_string()))
        .bind(now())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
