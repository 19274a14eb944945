//! Cooperation projects: a partner, funding, budget, dates and deliverables, with a status
//! derived from the dates (R4).

use super::events::{opt_day_field, optional};
use super::records::{opt_day, wall_today};
use super::{partner_for_code, refresh};
use crate::{fetch_all_as, fetch_optional_as, int, now, opt_text, text, Store, StoreError};
use chrono::NaiveDate;
use hrx_domain::cooperation::events::{check_project_dates, project_status, Funding};
use hrx_domain::cooperation::{check_code, PartnerKind};
use hrx_domain::FieldErrors;
use serde::Serialize;
use sqlx::any::AnyRow;

/// A project's fields as given.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProjectFields {
    pub code: String,
    pub title_en: String,
    pub title_zh: String,
    pub partner: String,
    pub agreement: String,
    pub funding: String,
    pub budget: String,
    pub currency: String,
    pub implementing_unit: String,
    pub approved_on: String,
    pub starts_on: String,
    pub planned_end_on: String,
    pub actual_end_on: String,
    pub completion_report_on: String,
    pub deliverables: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectRecord {
    pub id: i64,
    pub code: String,
    pub title_en: String,
    pub title_zh: String,
    pub partner: String,
    pub partner_name_en: String,
    pub partner_name_zh: String,
    pub agreement: Option<String>,
    pub funding: String,
    pub budget: Option<String>,
    pub currency: Option<String>,
    pub implementing_unit: String,
    pub approved_on: Option<String>,
    pub starts_on: Option<String>,
    pub planned_end_on: Option<String>,
    pub actual_end_on: Option<String>,
    pub completion_report_on: Option<String>,
    pub deliverables: String,
    pub source: String,
    /// `pipeline`, `active` or `closed` today (R4).
    pub status: String,
}

const PROJECT_SELECT: &str = "SELECT j.*, p.code AS partner, p.name_en AS partner_name_en, \
     p.name_zh AS partner_name_zh, a.code AS agreement FROM coop_project j \
     JOIN coop_partner p ON p.id = j.partner_id LEFT JOIN coop_agreement a ON a.id = j.agreement_id";

fn project(r: &AnyRow, today: NaiveDate) -> Result<ProjectRecord, StoreError> {
    let starts_on = opt_text(r, "starts_on")?;
    let actual_end_on = opt_text(r, "actual_end_on")?;
    let status = project_status(
        opt_day(starts_on.clone())?,
        opt_day(actual_end_on.clone())?,
        today,
    );
    Ok(ProjectRecord {
        id: int(r, "id")?,
        code: text(r, "code")?,
        title_en: text(r, "title_en")?,
        title_zh: text(r, "title_zh")?,
        partner: text(r, "partner")?,
        partner_name_en: text(r, "partner_name_en")?,
        partner_name_zh: text(r, "partner_name_zh")?,
        agreement: opt_text(r, "agreement")?,
        funding: text(r, "funding")?,
        budget: opt_text(r, "budget")?,
        currency: opt_text(r, "currency")?,
        implementing_unit: text(r, "implementing_unit")?,
        approved_on: opt_text(r, "approved_on")?,
        starts_on,
        planned_end_on: opt_text(r, "planned_end_on")?,
        actual_end_on,
        completion_report_on: opt_text(r, "completion_report_on")?,
        deliverables: text(r, "deliverables")?,
        source: text(r, "source")?,
        status: status.code().to_owned(),
    })
}

impl Store {
    /// Records a cooperation project.
    pub async fn create_coop_project(
        &self,
        actor: &str,
        input: &ProjectFields,
    ) -> Result<ProjectRecord, StoreError> {
        let mut e = FieldErrors::new();
        let code = check_code(&input.code)
            .map_err(|c| e.add("code", c))
            .unwrap_or_default();
        let title_en = e.text("title_en", &input.title_en, 300);
        let title_zh = e.text("title_zh", &input.title_zh, 300);
        let funding = Funding::parse(&input.funding);
        if funding.is_none() {
            e.add(
                "funding",
                if input.funding.trim().is_empty() {
                    "required"
                } else {
                    "unknown_value"
                },
            );
        }
        let budget = input.budget.trim().replace(',', "");
        let budget = if budget.is_empty() {
            None
        } else {
            match budget.parse::<f64>() {
                Ok(v) if v >= 0.0 && v.is_finite() && budget.len() <= 20 => Some(budget),
                _ => {
                    e.add("budget", "not_a_number");
                    None
                }
            }
        };
        let currency = input.currency.trim().to_ascii_uppercase();
        let currency = if currency.is_empty() {
            None
        } else if currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase()) {
            Some(currency)
        } else {
            e.add("currency", "unknown_value");
            None
        };
        let implementing_unit =
            optional(&mut e, "implementing_unit", &input.implementing_unit, 200);
        let approved_on = opt_day_field(&mut e, "approved_on", &input.approved_on);
        let starts_on = opt_day_field(&mut e, "starts_on", &input.starts_on);
        let planned_end_on = opt_day_field(&mut e, "planned_end_on", &input.planned_end_on);
        let actual_end_on = opt_day_field(&mut e, "actual_end_on", &input.actual_end_on);
        let completion_report_on =
            opt_day_field(&mut e, "completion_report_on", &input.completion_report_on);
        e.merge(check_project_dates(
            starts_on,
            planned_end_on,
            actual_end_on,
        ));
        let deliverables = optional(&mut e, "deliverables", &input.deliverables, 4000);
        let source = optional(&mut e, "source", &input.source, 1000);
        let mut tx = self.begin_write().await?;
        let partner = if input.partner.trim().is_empty() {
            e.add("partner", "required");
            None
        } else {
            let p = partner_for_code(&mut tx, &input.partner, actor).await?;
            if p.is_none() {
                e.add("partner", "unknown_partner");
            }
            p
        };
        let agreement_id: Option<i64> = if input.agreement.trim().is_empty() {
            None
        } else {
            let id = sqlx::query_scalar("SELECT id FROM coop_agreement WHERE code = $1")
                .bind(input.agreement.trim().to_ascii_uppercase())
                .fetch_optional(&mut *tx)
                .await?;
            if id.is_none() {
                e.add("agreement", "unknown_agreement");
            }
            id
        };
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM coop_project WHERE code = $1")
            .bind(code.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            e.add("code", "already_in_use");
        }
        e.into_result().map_err(StoreError::Invalid)?;
        let (Some(partner), Some(funding)) = (partner, funding) else {
            return Err(StoreError::NotFound);
        };
        if partner.kind == PartnerKind::Region.code() {
            return Err(StoreError::Invalid(FieldErrors::single(
                "partner",
                "unknown_partner",
            )));
        }
        let d = |v: Option<NaiveDate>| v.map(|d| d.to_string());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO coop_project (code, title_en, title_zh, partner_id, agreement_id, funding, budget, \
             currency, implementing_unit, approved_on, starts_on, planned_end_on, actual_end_on, \
             completion_report_on, deliverables, source, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
        )
        .bind(code)
        .bind(title_en)
        .bind(title_zh)
        .bind(partner.id)
        .bind(agreement_id)
        .bind(funding.code())
        .bind(budget)
        .bind(currency)
        .bind(implementing_unit)
        .bind(d(approved_on))
        .bind(d(starts_on))
        .bind(d(planned_end_on))
        .bind(d(actual_end_on))
        .bind(d(completion_report_on))
        .bind(deliverables)
        .bind(source)
        .bind(actor)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        refresh(self, &mut tx).await?;
        let sql = format!("{PROJECT_SELECT} WHERE j.id = $1");
        let today = wall_today();
        let record = fetch_optional_as(&mut *tx, sqlx::query(&sql).bind(id), |r| project(r, today))
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("coop_project", id), record)
            .await
    }

    /// Every project with its status on `today`, newest start first.
    pub async fn coop_projects(&self, today: NaiveDate) -> Result<Vec<ProjectRecord>, StoreError> {
        let sql = format!("{PROJECT_SELECT} ORDER BY j.starts_on DESC, j.code");
        fetch_all_as(&self.pool, sqlx::query(&sql), |r| project(r, today)).await
    }
}
