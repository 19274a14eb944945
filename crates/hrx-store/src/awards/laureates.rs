//! The laureates: recorded when a nomination is conferred (and by import of a round's list),
//! shown in the public bilingual register (name as recorded, nationality, year, field,
//! employer), searchable and filterable by year, country and award, each with a printable
//! certificate page.

use crate::{int, opt_int, opt_text, text, Store, StoreError};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;

/// A laureate as the public register shows them (no personal data beyond the published).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LaureateRecord {
    pub id: i64,
    pub award: String,
    pub award_year: i32,
    /// The name as recorded, and in Chinese where recorded.
    pub name: String,
    pub name_zh: String,
    pub nationality: String,
    pub field: String,
    pub employer: String,
    /// `ceremony`, `conferred_abroad` or `supplementary`.
    pub conferral: String,
    pub conferred_on: Option<String>,
    pub monetary_award_cny: Option<i64>,
}

/// Filters of the register.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct LaureateQuery {
    /// `friendship` or `istc`.
    #[serde(default)]
    pub award: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub country: Option<String>,
    /// A part of the name, field or employer.
    #[serde(default)]
    pub q: Option<String>,
}

fn laureate_of(row: &AnyRow) -> Result<LaureateRecord, StoreError> {
    Ok(LaureateRecord {
        id: int(row, "id")?,
        award: text(row, "award")?,
        award_year: int(row, "award_year")? as i32,
        name: text(row, "name")?,
        name_zh: text(row, "name_zh")?,
        nationality: text(row, "nationality")?,
        field: text(row, "field")?,
        employer: text(row, "employer")?,
        conferral: text(row, "conferral")?,
        conferred_on: opt_text(row, "conferred_on")?,
        monetary_award_cny: opt_int(row, "monetary_award_cny")?,
    })
}

impl Store {
    /// The laureates that match, newest year first, then by name (at most 1,000).
    pub async fn award_laureates(
        &self,
        q: &LaureateQuery,
    ) -> Result<Vec<LaureateRecord>, StoreError> {
        let mut sql = String::from("SELECT * FROM award_laureate WHERE 1 = 1");
        let mut binds: Vec<String> = Vec::new();
        let mut n = 1;
        if let Some(a) = q.award.as_deref().filter(|s| !s.is_empty()) {
            sql.push_str(&format!(" AND award = ${n}"));
            binds.push(a.to_owned());
            n += 1;
        }
        if let Some(c) = q.country.as_deref().filter(|s| !s.is_empty()) {
            sql.push_str(&format!(" AND nationality = ${n}"));
            binds.push(c.to_ascii_uppercase());
            n += 1;
        }
        if let Some(text) = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            sql.push_str(&format!(
                " AND (LOWER(name) LIKE ${n} OR name_zh LIKE ${n} OR LOWER(field) LIKE ${n} OR LOWER(employer) LIKE ${n})"
            ));
            let escaped = text.to_lowercase().replace(['%', '_'], "");
            binds.push(format!("%{escaped}%"));
            n += 1;
        }
        if q.year.is_some() {
            sql.push_str(&format!(" AND award_year = ${n}"));
        }
        sql.push_str(" ORDER BY award_year DESC, name, id LIMIT 1000");
        let mut query = sqlx::query(&sql);
        for b in binds {
            query = query.bind(b);
        }
        if let Some(y) = q.year {
            query = query.bind(i64::from(y));
        }
        crate::fetch_all_as(&self.pool, query, laureate_of).await
    }

    /// One laureate (the certificate page).
    pub async fn award_laureate(&self, id: i64) -> Result<Option<LaureateRecord>, StoreError> {
        crate::fetch_optional_as(
            &self.pool,
            sqlx::query("SELECT * FROM award_laureate WHERE id = $1").bind(id),
            laureate_of,
        )
        .await
    }
}
