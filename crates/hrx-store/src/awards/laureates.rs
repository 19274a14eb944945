//! The laureates: recorded when a nomination is conferred (and by import of a round's list),
//! shown in the public bilingual register (name as recorded, nationality, year, field,
//! employer), searchable and filterable by year, country and award, each with a printable
//! certificate page.

use crate::registry::{search_text, Filter, FilterBind as Bind, TOTAL_CAP};
use crate::{int, opt_int, opt_text, text, KeysetPage, Store, StoreError};
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

/// The register's conditions.
fn laureate_filter(q: &LaureateQuery) -> Filter {
    let mut filter = Filter::default();
    if let Some(a) = q.award.as_deref().filter(|s| !s.is_empty()) {
        filter.push("award = ?", vec![Bind::Text(a.to_owned())]);
    }
    if let Some(c) = q.country.as_deref().filter(|s| !s.is_empty()) {
        filter.push("nationality = ?", vec![Bind::Text(c.to_ascii_uppercase())]);
    }
    if let Some(text) = search_text(q.q.as_deref()) {
        let like = format!("%{}%", text.to_lowercase().replace(['%', '_'], ""));
        filter.push(
            "(LOWER(name) LIKE ? OR name_zh LIKE ? OR LOWER(field) LIKE ? OR LOWER(employer) LIKE ?)",
            (0..4).map(|_| Bind::Text(like.clone())).collect(),
        );
    }
    if let Some(y) = q.year {
        filter.push("award_year = ?", vec![Bind::Int(i64::from(y))]);
    }
    filter
}

const ORDER: &str = " ORDER BY award_year DESC, name, id";

/// Where a page of the register stopped: `YEAR_ID_NAME` (the name last, whatever it holds).
fn laureate_cursor(after: &str) -> Option<(i64, i64, String)> {
    let mut parts = after.splitn(3, '_');
    let year = parts.next()?.parse().ok()?;
    let id = parts.next()?.parse().ok()?;
    Some((year, id, parts.next()?.to_owned()))
}

impl Store {
    /// The laureates that match, newest year first, then by name (at most 1,000).
    pub async fn award_laureates(
        &self,
        q: &LaureateQuery,
    ) -> Result<Vec<LaureateRecord>, StoreError> {
        let filter = laureate_filter(q);
        let sql = format!(
            "SELECT * FROM award_laureate{}{ORDER} LIMIT 1000",
            filter.where_clause()
        );
        crate::fetch_all_as(&self.pool, filter.bind(sqlx::query(&sql)), laureate_of).await
    }

    /// The register walked by key in the same order: `after` is the `next` of the page
    /// before. The total is counted up to [`TOTAL_CAP`].
    pub async fn award_laureates_after(
        &self,
        q: &LaureateQuery,
        after: Option<&str>,
        limit: i64,
    ) -> Result<KeysetPage<LaureateRecord>, StoreError> {
        let mut filter = laureate_filter(q);
        let counted = filter
            .capped_count(&self.pool, "FROM award_laureate", TOTAL_CAP)
            .await?;
        if let Some((year, id, name)) = after.and_then(laureate_cursor) {
            filter.push(
                "(award_year < ? OR (award_year = ? AND (name, id) > (?, ?)))",
                vec![
                    Bind::Int(year),
                    Bind::Int(year),
                    Bind::Text(name),
                    Bind::Int(id),
                ],
            );
        }
        let sql = format!(
            "SELECT * FROM award_laureate{}{ORDER} LIMIT ${}",
            filter.where_clause(),
            filter.next_param()
        );
        let query = filter.bind(sqlx::query(&sql)).bind(limit.max(0) + 1);
        let items = crate::fetch_all_as(&self.pool, query, laureate_of).await?;
        Ok(KeysetPage::of(items, limit, counted, |l| {
            format!("{}_{}_{}", l.award_year, l.id, l.name)
        }))
    }

    /// The years and the nationalities the register holds, for its filters: years newest
    /// first, nationalities as codes.
    pub async fn award_laureate_choices(&self) -> Result<(Vec<i32>, Vec<String>), StoreError> {
        let years: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT award_year FROM award_laureate ORDER BY award_year DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let countries: Vec<String> =
            sqlx::query_scalar("SELECT DISTINCT nationality FROM award_laureate")
                .fetch_all(&self.pool)
                .await?;
        Ok((years.into_iter().map(|y| y as i32).collect(), countries))
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
