//! Bilateral social-security agreements (seeded from `data/coverage/agreements.csv`, edited by
//! administrators with audit) and certificates of coverage in both directions, with their
//! workflow: every step checked against the workflow data, audited, and reflected in the
//! statistics in the same transaction.

use crate::audit::Change;
use crate::case::queue::text_filter;
use crate::case::{
    transitions_of, CaseHead, CaseType, QueueCase, StepRequest, TransitionRecord, Value,
};
use crate::permits::applications::check_person_and_employer;
use crate::registry::FilterBind as Bind;
use crate::registry::{page_bounds, search_text, Filter, TOTAL_CAP};
use crate::{int, now, opt_int, opt_text, text, Page, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::coverage::agreements::{check_registry, Agreement, AgreementRow, Direction};
use hrx_domain::coverage::certificates::{
    certificate_number, check_period, extension_request_deadline, initial_state, limits, workflow,
    CertificateDraft, EFFECTIVE_STATES,
};
use hrx_domain::statistics::series::Family;
use hrx_domain::workflow::Workflow;
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// An agreement as stored: its terms as text, and the version an edit must name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementRecord {
    #[serde(flatten)]
    pub row: AgreementRow,
    pub version: i64,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateRecord {
    pub id: i64,
    /// The certificate's number: given on issue (outbound) or the partner's (inbound).
    pub number: Option<String>,
    pub direction: String,
    pub status: String,
    pub agreement_code: String,
    pub person_id: i64,
    pub employer_id: Option<i64>,
    pub employer_name: Option<String>,
    pub worker_category: String,
    pub posting_start: String,
    pub posting_end: String,
    pub valid_from: String,
    pub valid_to: String,
    pub revoked_on: Option<String>,
    pub issued_on: Option<String>,
    /// The branches the worker is exempt from in the country of work.
    pub exempt_branches: Vec<String>,
    /// The certificate this one extends.
    pub extends_id: Option<i64>,
    pub contributions_paid_until: Option<String>,
    pub status_since: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub transitions: Vec<TransitionRecord>,
}

/// Filters of a certificate list.
#[derive(Debug, Clone, Default)]
pub struct CertificateQuery {
    pub direction: Option<String>,
    pub status: Option<String>,
    pub page: i64,
    pub per_page: i64,
}

/// One workflow step asked for by a user: what the kernel checks, and the certificate's own
/// inputs.
#[derive(Debug, Clone)]
pub struct CertificateStep<'a> {
    /// The action, the role (`employer` or `officer`), the reason, the version and the day.
    pub step: StepRequest<'a>,
    /// `check_contributions`: the month contributions are paid up to (a date).
    pub paid_until: Option<NaiveDate>,
    /// `revoke`: the day from which the certificate no longer counts (default today).
    pub effective: Option<NaiveDate>,
}

const COLUMNS: &str = "c.id, c.number, c.direction, c.status, c.agreement_code, c.person_id, c.employer_id, \
    c.employer_name, c.worker_category, c.posting_start, c.posting_end, c.valid_from, c.valid_to, c.revoked_on, \
    c.issued_on, c.exempt_branches, c.extends_id, c.contributions_paid_until, c.status_since, c.version, \
    c.created_at, c.updated_at";

fn certificate(row: &AnyRow) -> Result<CertificateRecord, StoreError> {
    Ok(CertificateRecord {
        id: int(row, "id")?,
        number: opt_text(row, "number")?,
        direction: text(row, "direction")?,
        status: text(row, "status")?,
        agreement_code: text(row, "agreement_code")?,
        person_id: int(row, "person_id")?,
        employer_id: opt_int(row, "employer_id")?,
        employer_name: opt_text(row, "employer_name")?,
        worker_category: text(row, "worker_category")?,
        posting_start: text(row, "posting_start")?,
        posting_end: text(row, "posting_end")?,
        valid_from: text(row, "valid_from")?,
        valid_to: text(row, "valid_to")?,
        revoked_on: opt_text(row, "revoked_on")?,
        issued_on: opt_text(row, "issued_on")?,
        exempt_branches: text(row, "exempt_branches")?
            .split(';')
            .filter(|b| !b.is_empty())
            .map(str::to_owned)
            .collect(),
        extends_id: opt_int(row, "extends_id")?,
        contributions_paid_until: opt_text(row, "contributions_paid_until")?,
        status_since: text(row, "status_since")?,
        version: int(row, "version")?,
        created_at: text(row, "created_at")?,
        updated_at: text(row, "updated_at")?,
        transitions: Vec::new(),
    })
}

const AGREEMENT_COLUMNS: &str = "code, partner_iso2, partner_name, signed, in_force, chinese_branches_exempt, \
    partner_branches_exempt, max_posting_months, extension_rule, extension_max_months, categories, notes, \
    max_posting_months_to_china, in_force_until, issuing_body, liaison_bodies, source, version, updated_at";

fn agreement_record(row: &AnyRow) -> Result<AgreementRecord, StoreError> {
    Ok(AgreementRecord {
        row: AgreementRow {
            code: text(row, "code")?,
            partner_iso2: text(row, "partner_iso2")?,
            partner_name: text(row, "partner_name")?,
            signed: text(row, "signed")?,
            in_force: text(row, "in_force")?,
            chinese_branches_exempt: text(row, "chinese_branches_exempt")?,
            partner_branches_exempt: text(row, "partner_branches_exempt")?,
            max_posting_months: text(row, "max_posting_months")?,
            extension_rule: text(row, "extension_rule")?,
            extension_max_months: text(row, "extension_max_months")?,
            categories: text(row, "categories")?,
            notes: text(row, "notes")?,
            max_posting_months_to_china: text(row, "max_posting_months_to_china")?,
            in_force_until: text(row, "in_force_until")?,
            issuing_body: text(row, "issuing_body")?,
            liaison_bodies: text(row, "liaison_bodies")?,
            source: text(row, "source")?,
        },
        version: int(row, "version")?,
        updated_at: text(row, "updated_at")?,
    })
}

fn parse_agreement(record: &AgreementRecord) -> Result<Agreement, StoreError> {
    Agreement::parse(&record.row).map_err(|e| {
        StoreError::Integrity(format!(
            "stored agreement {} does not parse: {e:?}",
            record.row.code
        ))
    })
}

fn snapshot<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

fn parse_day(value: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d")
        .map_err(|_| StoreError::Integrity(format!("stored date {value:?} does not parse")))
}

async fn load_agreements(
    conn: &mut sqlx::AnyConnection,
) -> Result<Vec<AgreementRecord>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {AGREEMENT_COLUMNS} FROM coverage_agreement ORDER BY code"
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(agreement_record).collect()
}

/// The agreement with a partner in force on a day, if any.
fn agreement_on<'a>(
    agreements: &'a [Agreement],
    partner: &str,
    day: NaiveDate,
) -> Option<&'a Agreement> {
    agreements
        .iter()
        .find(|a| a.partner == partner && a.in_force_on(day))
}

/// How an agreement row is written: seeded from the shipped file (an existing row, perhaps
/// edited by an administrator, is kept), added, or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AgreementWrite {
    Seed,
    Insert,
    Update,
}

pub(crate) async fn write_agreement(
    conn: &mut sqlx::AnyConnection,
    row: &AgreementRow,
    mode: AgreementWrite,
) -> Result<(), StoreError> {
    const FIELDS: &str = "partner_iso2, partner_name, signed, in_force, chinese_branches_exempt, \
        partner_branches_exempt, max_posting_months, extension_rule, extension_max_months, categories, notes, \
        max_posting_months_to_china, in_force_until, issuing_body, liaison_bodies, source";
    let sql = match mode {
        AgreementWrite::Update => {
            let sets: Vec<String> = FIELDS
                .split(", ")
                .enumerate()
                .map(|(i, f)| format!("{} = ${}", f.trim(), i + 1))
                .collect();
            format!(
                "UPDATE coverage_agreement SET {}, version = version + 1, updated_at = $17 WHERE code = $18",
                sets.join(", ")
            )
        }
        AgreementWrite::Insert | AgreementWrite::Seed => format!(
            "INSERT INTO coverage_agreement ({FIELDS}, updated_at, code, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1){}",
            if mode == AgreementWrite::Seed {
                " ON CONFLICT (code) DO NOTHING"
            } else {
                ""
            }
        ),
    };
    sqlx::query(&sql)
        .bind(&row.partner_iso2)
        .bind(&row.partner_name)
        .bind(&row.signed)
        .bind(&row.in_force)
        .bind(&row.chinese_branches_exempt)
        .bind(&row.partner_branches_exempt)
        .bind(&row.max_posting_months)
        .bind(&row.extension_rule)
        .bind(&row.extension_max_months)
        .bind(&row.categories)
        .bind(&row.notes)
        .bind(&row.max_posting_months_to_china)
        .bind(&row.in_force_until)
        .bind(&row.issuing_body)
        .bind(&row.liaison_bodies)
        .bind(&row.source)
        .bind(now())
        .bind(&row.code)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

impl Store {
    /// The agreements as stored, in code order.
    pub async fn agreement_records(&self) -> Result<Vec<AgreementRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load_agreements(&mut conn).await
    }

    /// The agreements as the determination engine reads them.
    pub async fn agreements(&self) -> Result<Vec<Agreement>, StoreError> {
        self.agreement_records()
            .await?
            .iter()
            .map(parse_agreement)
            .collect()
    }

    /// Adds an agreement (`expected_version` `None`) or changes one; the terms are checked
    /// field by field and against the other agreements (one agreement per partner in force
    /// on any day). Audited.
    pub async fn save_agreement(
        &self,
        actor: &str,
        row: &AgreementRow,
        expected_version: Option<i64>,
    ) -> Result<AgreementRecord, StoreError> {
        let agreement = Agreement::parse(row).map_err(StoreError::Invalid)?;
        let row = agreement.row();
        let mut tx = self.begin_write().await?;
        let existing = load_agreements(&mut tx).await?;
        let before = existing.iter().find(|a| a.row.code == row.code).cloned();
        match (&before, expected_version) {
            (Some(b), Some(v)) if b.version != v => {
                return Err(StoreError::Stale { current: b.version })
            }
            (Some(_), None) => return Err(StoreError::Duplicate { field: "code" }),
            (None, Some(_)) => return Err(StoreError::NotFound),
            _ => {}
        }
        let mut all: Vec<Agreement> = existing
            .iter()
            .filter(|a| a.row.code != row.code)
            .map(parse_agreement)
            .collect::<Result<_, _>>()?;
        all.push(agreement);
        check_registry(&all).map_err(|detail| StoreError::Refused {
            code: "agreements_overlap",
            detail,
        })?;
        let mode = if before.is_some() {
            AgreementWrite::Update
        } else {
            AgreementWrite::Insert
        };
        write_agreement(&mut tx, &row, mode).await?;
        let after = load_agreements(&mut tx)
            .await?
            .into_iter()
            .find(|a| a.row.code == row.code)
            .ok_or(StoreError::NotFound)?;
        self.audit(
            &mut tx,
            Change {
                actor,
                action: if before.is_some() { "update" } else { "create" },
                entity_type: "coverage_agreement",
                entity_id: row.code.clone(),
                before: before.as_ref().map(snapshot),
                after: Some(snapshot(&after)),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Files an outbound application or registers an inbound certificate for `employer_id`.
    /// The agreement is the one with the partner in force on the first day of the period; the
    /// period must fit the agreement (spec §4 steps 3 to 6). Nothing is written otherwise.
    pub async fn create_certificate(
        &self,
        actor: &str,
        draft: &CertificateDraft,
        employer_id: i64,
        person_scope: Scope,
    ) -> Result<CertificateRecord, StoreError> {
        let agreements = self.agreements().await?;
        let agreement = agreement_on(&agreements, &draft.partner_country, draft.valid_from)
            .ok_or_else(|| {
                let code = if agreements
                    .iter()
                    .any(|a| a.partner == draft.partner_country)
                {
                    "agreement_not_in_force"
                } else {
                    "no_agreement"
                };
                StoreError::Invalid(FieldErrors::single("partner_country", code))
            })?;
        check_period(agreement, draft, false).map_err(StoreError::Invalid)?;
        let mut tx = self.begin_write().await?;
        check_person_and_employer(&mut tx, draft.person_id, employer_id, person_scope).await?;
        let id = insert(&mut tx, draft, agreement, employer_id, None).await?;
        let record = self.finish_create(&mut tx, actor, id).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Files an extension of an issued outbound certificate: a new certificate from the day
    /// after it ends to `valid_to`, allowed by the agreement's extension rule and asked for
    /// in time (before the certificate ends; Spain: 3 months before).
    pub async fn request_extension(
        &self,
        actor: &str,
        id: i64,
        valid_to: NaiveDate,
        today: NaiveDate,
        scope: Scope,
    ) -> Result<CertificateRecord, StoreError> {
        let agreements = self.agreements().await?;
        let mut tx = self.begin_write().await?;
        let parent = load(&mut tx, id, scope)
            .await?
            .ok_or(StoreError::NotFound)?;
        if parent.direction != "outbound" || parent.status != "issued" {
            return Err(StoreError::Refused {
                code: "not_extendable",
                detail: format!(
                    "only an issued outbound certificate can be extended; this one is {} {}",
                    parent.direction, parent.status
                ),
            });
        }
        let pending: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM coverage_certificate WHERE extends_id = $1 AND status IN ('requested', 'contributions_checked')",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if pending.is_some() {
            return Err(StoreError::Refused {
                code: "extension_pending",
                detail: "an extension of this certificate is already being processed".into(),
            });
        }
        let agreement = agreements
            .iter()
            .find(|a| a.code == parent.agreement_code)
            .ok_or(StoreError::UnknownReference {
                field: "agreement_code",
            })?;
        let parent_to = parse_day(&parent.valid_to)?;
        let deadline = extension_request_deadline(agreement, parent_to);
        if today > deadline {
            return Err(StoreError::Refused {
                code: "extension_too_late",
                detail: format!(
                    "an extension of this certificate had to be asked for by {deadline}; a new posting needs a new application"
                ),
            });
        }
        let valid_from = parent_to.succ_opt().unwrap_or(parent_to);
        let posting_end = parse_day(&parent.posting_end)?.max(valid_to);
        let draft = CertificateDraft {
            direction: Direction::Outbound,
            person_id: parent.person_id,
            employer_id: parent.employer_id,
            partner_country: agreement.partner.clone(),
            worker_category: parent.worker_category.clone(),
            posting_start: parse_day(&parent.posting_start)?,
            posting_end,
            valid_from,
            valid_to,
            number: None,
        };
        if valid_to < valid_from {
            return Err(StoreError::Invalid(FieldErrors::single(
                "valid_to",
                "before_valid_from",
            )));
        }
        check_period(agreement, &draft, true).map_err(StoreError::Invalid)?;
        let employer_id = parent.employer_id.ok_or(StoreError::UnknownReference {
            field: "employer_id",
        })?;
        let new_id = insert(&mut tx, &draft, agreement, employer_id, Some(id)).await?;
        let record = self.finish_create(&mut tx, actor, new_id).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn finish_create(
        &self,
        tx: &mut Tx,
        actor: &str,
        id: i64,
    ) -> Result<CertificateRecord, StoreError> {
        let record = load(tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.audit(
            tx,
            Change {
                actor,
                action: "create",
                entity_type: "coverage_certificate",
                entity_id: id.to_string(),
                before: None,
                after: Some(snapshot(&record)),
            },
        )
        .await?;
        Ok(record)
    }

    pub async fn certificate(
        &self,
        id: i64,
        scope: Scope,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, id, scope).await
    }

    pub async fn certificates(
        &self,
        query: &CertificateQuery,
        scope: Scope,
    ) -> Result<Page<CertificateRecord>, StoreError> {
        let mut filter = Filter::default();
        filter.scope(scope, "c.employer_id", "c.person_id");
        if let Some(direction) = query.direction.as_deref().filter(|s| !s.is_empty()) {
            filter.push("c.direction = ?", vec![Bind::Text(direction.to_owned())]);
        }
        if let Some(status) = query.status.as_deref().filter(|s| !s.is_empty()) {
            filter.push("c.status = ?", vec![Bind::Text(status.to_owned())]);
        }
        let where_clause = filter.where_clause();
        let count_sql = format!("SELECT COUNT(*) FROM coverage_certificate c{where_clause}");
        let list_sql = format!(
            "SELECT {COLUMNS} FROM coverage_certificate c{where_clause} ORDER BY c.id DESC"
        );
        let bounds = page_bounds(query.page, query.per_page);
        filter
            .page(&self.pool, (&count_sql, &list_sql), bounds, certificate)
            .await
    }

    /// A certificate by its number, for the public check.
    pub async fn certificate_by_number(
        &self,
        number: &str,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM coverage_certificate c WHERE c.number = $1"
        ))
        .bind(number.trim())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(certificate).transpose()
    }

    /// Issued or accepted certificates whose validity ends between `from` and `until`,
    /// soonest first.
    pub async fn certificates_ending(
        &self,
        from: NaiveDate,
        until: NaiveDate,
        scope: Scope,
    ) -> Result<Vec<CertificateRecord>, StoreError> {
        let filter = ending_filter(from, until, scope);
        let sql = format!(
            "SELECT {COLUMNS} FROM coverage_certificate c{} ORDER BY c.valid_to, c.id LIMIT 500",
            filter.where_clause()
        );
        let rows = filter.bind(sqlx::query(&sql)).fetch_all(&self.pool).await?;
        rows.iter().map(certificate).collect()
    }

    /// The first `limit` certificates in force that end between `from` and `until` (soonest
    /// first), and how many there are, counted up to [`TOTAL_CAP`]: `(rows, (total, capped))`.
    /// The whole list is the queue filtered by [`crate::case::QueueQuery::ends_within`].
    pub async fn certificates_ending_first(
        &self,
        (from, until): (NaiveDate, NaiveDate),
        scope: Scope,
        limit: i64,
    ) -> Result<(Vec<CertificateRecord>, (i64, bool)), StoreError> {
        let filter = ending_filter(from, until, scope);
        let total = filter
            .capped_count(&self.pool, "FROM coverage_certificate c", TOTAL_CAP)
            .await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM coverage_certificate c{} ORDER BY c.valid_to, c.id LIMIT ${}",
            filter.where_clause(),
            filter.next_param()
        );
        let rows = filter
            .bind(sqlx::query(&sql))
            .bind(limit.clamp(1, 500))
            .fetch_all(&self.pool)
            .await?;
        Ok((
            rows.iter().map(certificate).collect::<Result<_, _>>()?,
            total,
        ))
    }

    /// Certificates in force whose posting runs past what the agreement allows without an
    /// extension: each with the last day of the allowed period.
    pub async fn postings_past_limit(
        &self,
        today: NaiveDate,
        scope: Scope,
    ) -> Result<Vec<(CertificateRecord, NaiveDate)>, StoreError> {
        self.postings_past_limit_matching(today, scope, None).await
    }

    /// The same, only those whose person's names (word prefixes), document number, or the
    /// certificate's number or id match `text`, as in the queue.
    pub async fn postings_past_limit_matching(
        &self,
        today: NaiveDate,
        scope: Scope,
        text: Option<&str>,
    ) -> Result<Vec<(CertificateRecord, NaiveDate)>, StoreError> {
        let agreements = self.agreements().await?;
        let mut filter = Filter::default();
        filter.scope(scope, "c.employer_id", "c.person_id");
        if let Some(text) = search_text(text) {
            text_filter::<CoverageCertificate>(&mut filter, &text);
        }
        filter.push("c.status IN ('issued', 'extended', 'accepted')", vec![]);
        filter.push("c.revoked_on IS NULL", vec![]);
        filter.push("c.posting_end >= ?", vec![Bind::Text(today.to_string())]);
        let sql = format!(
            "SELECT {COLUMNS} FROM coverage_certificate c{} ORDER BY c.posting_end, c.id LIMIT 5000",
            filter.where_clause()
        );
        let rows = filter.bind(sqlx::query(&sql)).fetch_all(&self.pool).await?;
        let mut out = Vec::new();
        for row in &rows {
            let c = certificate(row)?;
            let Some(agreement) = agreements.iter().find(|a| a.code == c.agreement_code) else {
                continue;
            };
            let Ok(direction) = Direction::parse(&c.direction) else {
                continue;
            };
            let l = limits(
                agreement,
                direction,
                &c.worker_category,
                parse_day(&c.posting_start)?,
            );
            if let Some(end) = l.allowed_end {
                if parse_day(&c.posting_end)? > end {
                    out.push((c, end));
                }
            }
        }
        Ok(out)
    }

    /// Takes one workflow step on the case kernel, with the certificate's own effects:
    /// contributions checked, the number given on issue (and the certificate an extension
    /// prolongs marked extended), the day of a revocation. An illegal step, a role that may
    /// not take it, a missing reason or a stale version changes nothing.
    pub async fn transition_certificate(
        &self,
        actor: &str,
        id: i64,
        request: &CertificateStep<'_>,
        scope: Scope,
    ) -> Result<CertificateRecord, StoreError> {
        let mut step = self
            .open_step::<CoverageCertificate>(actor, id, &request.step, scope)
            .await?;
        let before = step.before.clone();
        let today = request.step.today;
        let mut number = before.number.clone();
        let mut issued_on = before.issued_on.clone();
        let mut revoked_on = before.revoked_on.clone();
        let mut paid_until = before.contributions_paid_until.clone();
        let valid_to = parse_day(&before.valid_to)?;
        match request.step.action {
            "check_contributions" => {
                let paid = request.paid_until.ok_or_else(|| {
                    StoreError::Invalid(FieldErrors::single("paid_until", "required"))
                })?;
                // Up to date: paid for every month before the current one.
                let due = chrono::Datelike::with_day(&today, 1)
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(today);
                if paid < due {
                    return Err(StoreError::Refused {
                        code: "contributions_in_arrears",
                        detail: format!(
                            "contributions are paid up to {paid}; they must be paid up to {due} before a certificate is issued"
                        ),
                    });
                }
                paid_until = Some(paid.to_string());
            }
            "issue" => {
                let agreements = self.agreements().await?;
                let agreement = agreements
                    .iter()
                    .find(|a| a.code == before.agreement_code)
                    .ok_or(StoreError::UnknownReference {
                        field: "agreement_code",
                    })?;
                let year = chrono::Datelike::year(&today);
                number = Some(certificate_number(&agreement.partner, year, id));
                issued_on = Some(today.to_string());
                if let Some(parent) = before.extends_id {
                    self.mark_extended(&mut step.tx, actor, parent, id, today)
                        .await?;
                }
            }
            "accept" => {
                issued_on = Some(before.valid_from.clone());
            }
            "revoke" => {
                let day = request.effective.unwrap_or(today);
                if day < parse_day(&before.valid_from)? {
                    return Err(StoreError::Invalid(FieldErrors::single(
                        "effective",
                        "before_valid_from",
                    )));
                }
                revoked_on = Some(day.to_string());
            }
            "expire" if valid_to >= today => {
                return Err(StoreError::Refused {
                    code: "not_yet_ended",
                    detail: format!(
                        "the certificate is valid until {}; it expires after that day",
                        before.valid_to
                    ),
                });
            }
            _ => {}
        }
        step.apply(
            None,
            vec![
                ("number", Value::Text(number)),
                ("issued_on", Value::Text(issued_on)),
                ("revoked_on", Value::Text(revoked_on)),
                ("contributions_paid_until", Value::Text(paid_until)),
            ],
        )
        .await?;
        step.commit(self).await
    }

    /// The certificate an issued extension prolongs moves to `extended`, audited; refused
    /// unless it is issued.
    async fn mark_extended(
        &self,
        tx: &mut Tx,
        actor: &str,
        parent: i64,
        extension: i64,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        self.system_step::<CoverageCertificate>(
            tx,
            actor,
            parent,
            ("extend", "extended"),
            Some(&format!("extension #{extension} issued")),
            today,
            Vec::new(),
        )
        .await
    }
}

/// A certificate is in force: issued (or extended, or an inbound one accepted) and not revoked.
const IN_FORCE: &str = "c.status IN ('issued', 'extended', 'accepted') AND c.revoked_on IS NULL";

/// Certificates in force within `scope` whose last valid day is between `from` and `until`.
fn ending_filter(from: NaiveDate, until: NaiveDate, scope: Scope) -> Filter {
    let mut filter = Filter::default();
    filter.scope(scope, "c.employer_id", "c.person_id");
    filter.push(IN_FORCE, vec![]);
    filter.push("c.valid_to >= ?", vec![Bind::Text(from.to_string())]);
    filter.push("c.valid_to <= ?", vec![Bind::Text(until.to_string())]);
    filter
}

/// Certificates of coverage on the case kernel.
pub struct CoverageCertificate;

impl QueueCase for CoverageCertificate {
    const ALIAS: &'static str = "c";
    const COLUMNS: &'static str = COLUMNS;
    const PERSON: &'static str = "c.person_id";
    const ORGANISATION: &'static str = "c.employer_id";
    const NUMBER: Option<&'static str> = Some("c.number");
    const KIND: &'static str = "c.direction";
    const ENDING: Option<(&'static str, &'static str)> = Some((IN_FORCE, "c.valid_to"));

    fn row(row: &AnyRow) -> Result<CertificateRecord, StoreError> {
        certificate(row)
    }
}

impl CaseType for CoverageCertificate {
    const TYPE: &'static str = "coverage_certificate";
    const NOUN: &'static str = "certificate";
    type Record = CertificateRecord;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        workflow()
    }

    fn head(record: &CertificateRecord) -> CaseHead<'_> {
        CaseHead {
            version: record.version,
            status: &record.status,
            kind: &record.direction,
            status_since: &record.status_since,
        }
    }

    /// Every step may change whether the certificate counts.
    fn refreshes(_action: &str) -> &'static [Family] {
        &[Family::Coverage]
    }

    fn person(record: &CertificateRecord) -> Option<i64> {
        Some(record.person_id)
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        scope: Scope,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        load(conn, id, scope).await
    }
}

async fn insert(
    tx: &mut Tx,
    draft: &CertificateDraft,
    agreement: &Agreement,
    employer_id: i64,
    extends_id: Option<i64>,
) -> Result<i64, StoreError> {
    let at = now();
    let status = initial_state(draft.direction);
    let branches = agreement.exempt_branches(draft.direction).join(";");
    let today = at.get(..10).unwrap_or(&at).to_owned();
    sqlx::query_scalar(
        "INSERT INTO coverage_certificate (number, direction, status, agreement_code, person_id, employer_id, \
         worker_category, posting_start, posting_end, valid_from, valid_to, exempt_branches, extends_id, \
         status_since, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15) RETURNING id",
    )
    .bind(draft.number.clone())
    .bind(draft.direction.code())
    .bind(status)
    .bind(&agreement.code)
    .bind(draft.person_id)
    .bind(employer_id)
    .bind(&draft.worker_category)
    .bind(draft.posting_start.to_string())
    .bind(draft.posting_end.to_string())
    .bind(draft.valid_from.to_string())
    .bind(draft.valid_to.to_string())
    .bind(branches)
    .bind(extends_id)
    .bind(today)
    .bind(&at)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| StoreError::from_constraint(
        e,
        &[
            ("coverage_certificate_number", "number"),
            ("coverage_certificate.number", "number"),
        ],
    ))
}

async fn load(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    scope: Scope,
) -> Result<Option<CertificateRecord>, StoreError> {
    let mut filter = Filter::default();
    filter.push("c.id = ?", vec![Bind::Int(id)]);
    filter.scope(scope, "c.employer_id", "c.person_id");
    let sql = format!(
        "SELECT {COLUMNS} FROM coverage_certificate c{}",
        filter.where_clause()
    );
    let Some(row) = filter
        .bind(sqlx::query(&sql))
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let mut record = certificate(&row)?;
    record.transitions = transitions_of(conn, CoverageCertificate::TYPE, id).await?;
    Ok(Some(record))
}

/// Whether a certificate counts today: in an effective state and within its dates.
pub fn in_force(c: &CertificateRecord, today: NaiveDate) -> bool {
    EFFECTIVE_STATES.contains(&c.status.as_str())
        && c.valid_from.as_str() <= today.to_string().as_str()
        && c.valid_to.as_str() >= today.to_string().as_str()
        && c.revoked_on
            .as_deref()
            .is_none_or(|r| r > today.to_string().as_str())
}

impl Store {
    /// A person's certificates of coverage that `scope` lets the user see, newest first, for
    /// the person's record.
    pub async fn certificates_of_person(
        &self,
        person_id: i64,
        scope: Scope,
    ) -> Result<Vec<CertificateRecord>, StoreError> {
        let mut filter = Filter::default();
        filter.push("c.person_id = ?", vec![Bind::Int(person_id)]);
        filter.scope(scope, "c.employer_id", "c.person_id");
        let sql = format!(
            "SELECT {COLUMNS} FROM coverage_certificate c{} ORDER BY c.id DESC LIMIT 200",
            filter.where_clause()
        );
        filter
            .bind(sqlx::query(&sql))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(certificate)
            .collect()
    }
}
