//! The participations the statistics count (spec §7): members of groups that departed, and
//! past participations imported, listed by year of departure and programme type, a page at
//! a time.

use crate::registry::page_bounds;
use crate::{fetch_all_as, int, opt_text, text, Page, Store, StoreError};
use serde::Serialize;

/// What the participant list shows.
#[derive(Debug, Clone, Default)]
pub struct ParticipantQuery {
    /// The calendar year of departure.
    pub year: Option<i32>,
    pub programme_type: Option<String>,
    pub host_country: Option<String>,
    pub page: i64,
    pub per_page: i64,
}

/// One participation: a person's place in a group that departed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParticipantRecord {
    pub record_ref: String,
    pub person_id: i64,
    pub person_name: String,
    pub name_latin: Option<String>,
    pub programme_code: String,
    pub programme_type: String,
    pub host_country: String,
    pub host_institution: String,
    pub sending_unit: String,
    pub group_code: String,
    pub departure_date: String,
    pub return_date: String,
    /// `short_term` or `mid_long_term` (TA-R1).
    pub duration_class: String,
    /// `foreign`, or `hmt` for Hong Kong, Macao and Taiwan.
    pub destination_scope: String,
    /// `dispatch` (a group of HRX) or `import` (a past participation).
    pub origin: String,
}

impl Store {
    /// Participations by departure, newest first, a page at a time.
    pub async fn training_participants(
        &self,
        q: &ParticipantQuery,
    ) -> Result<Page<ParticipantRecord>, StoreError> {
        let (page, per_page) = page_bounds(q.page, q.per_page);
        let mut filter = " WHERE 1 = 1".to_owned();
        let mut binds: Vec<String> = Vec::new();
        if let Some(y) = q.year {
            binds.push(format!("{y:04}-01-01"));
            filter.push_str(&format!(" AND r.departure_date >= ${}", binds.len()));
            binds.push(format!("{y:04}-12-31"));
            filter.push_str(&format!(" AND r.departure_date <= ${}", binds.len()));
        }
        if let Some(t) = &q.programme_type {
            binds.push(t.clone());
            filter.push_str(&format!(" AND r.programme_type = ${}", binds.len()));
        }
        if let Some(c) = &q.host_country {
            binds.push(c.clone());
            filter.push_str(&format!(" AND r.host_country = ${}", binds.len()));
        }
        let count_sql = format!("SELECT COUNT(*) FROM training_participation r{filter}");
        let mut count = sqlx::query_scalar(&count_sql);
        for b in &binds {
            count = count.bind(b.clone());
        }
        let total: i64 = count.fetch_one(&self.pool).await?;
        let sql = format!(
            "SELECT r.*, COALESCE(p.name_native, p.name_latin, '') AS person_name, p.name_latin \
             FROM training_participation r JOIN person p ON p.id = r.person_id{filter} \
             ORDER BY r.departure_date DESC, r.id DESC LIMIT {per_page} OFFSET {}",
            (page - 1) * per_page
        );
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = query.bind(b.clone());
        }
        let items = fetch_all_as(&self.pool, query, |r| {
            Ok(ParticipantRecord {
                record_ref: text(r, "record_ref")?,
                person_id: int(r, "person_id")?,
                person_name: text(r, "person_name")?,
                name_latin: opt_text(r, "name_latin")?,
                programme_code: text(r, "programme_code")?,
                programme_type: text(r, "programme_type")?,
                host_country: text(r, "host_country")?,
                host_institution: text(r, "host_institution")?,
                sending_unit: text(r, "sending_unit")?,
                group_code: text(r, "group_code")?,
                departure_date: text(r, "departure_date")?,
                return_date: text(r, "return_date")?,
                duration_class: text(r, "duration_class")?,
                destination_scope: text(r, "destination_scope")?,
                origin: text(r, "origin")?,
            })
        })
        .await?;
        Ok(Page {
            items,
            total,
            total_capped: false,
            page,
            per_page,
        })
    }
}
