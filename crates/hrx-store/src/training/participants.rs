//! The participations the statistics count (spec §7): members of groups that departed, and
//! past participations imported, listed by year of departure and programme type, a page at
//! a time.

use crate::registry::{
    page_bounds, prefix_end, search_text, DayCursor, Filter, FilterBind as Bind, TOTAL_CAP,
};
use crate::students::{name_condition, name_words, PROBE_ABOVE};
use crate::{fetch_all_as, int, opt_text, text, KeysetPage, Page, Store, StoreError};
use serde::Serialize;
use sqlx::any::AnyRow;

/// What the participant list shows.
#[derive(Debug, Clone, Default)]
pub struct ParticipantQuery {
    /// The calendar year of departure.
    pub year: Option<i32>,
    pub programme_type: Option<String>,
    pub host_country: Option<String>,
    /// Words of the person's name (prefixes), or a record's reference or a group's code.
    pub text: Option<String>,
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

/// The list's conditions: with `probe_each`, a name's words are looked up for each
/// participation's person (a common name).
fn participant_filter(q: &ParticipantQuery, probe_each: bool) -> Filter {
    let mut filter = Filter::default();
    if let Some(y) = q.year {
        filter.push(
            "r.departure_date >= ? AND r.departure_date <= ?",
            vec![
                Bind::Text(format!("{y:04}-01-01")),
                Bind::Text(format!("{y:04}-12-31")),
            ],
        );
    }
    if let Some(t) = &q.programme_type {
        filter.push("r.programme_type = ?", vec![Bind::Text(t.clone())]);
    }
    if let Some(c) = &q.host_country {
        filter.push("r.host_country = ?", vec![Bind::Text(c.clone())]);
    }
    if let Some(text) = search_text(q.text.as_deref()) {
        if text.chars().any(|c| c.is_ascii_digit()) {
            // As typed, or in capitals as references are usually written.
            let upper = text.to_uppercase();
            filter.push(
                "(r.record_ref IN (?, ?) OR r.group_code IN (?, ?))",
                vec![
                    Bind::Text(text.clone()),
                    Bind::Text(upper.clone()),
                    Bind::Text(text),
                    Bind::Text(upper),
                ],
            );
        }
    }
    for word in name_words(q.text.as_deref()) {
        filter.push(
            &name_condition("r.person_id", probe_each),
            vec![Bind::Text(word.clone()), Bind::Text(prefix_end(&word))],
        );
    }
    filter
}

const SELECT: &str = "SELECT r.*, COALESCE(p.name_native, p.name_latin, '') AS person_name, \
     p.name_latin FROM training_participation r JOIN person p ON p.id = r.person_id";

const FROM: &str = "FROM training_participation r";

fn participant_of(r: &AnyRow) -> Result<ParticipantRecord, StoreError> {
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
}

impl Store {
    /// The list's conditions and the cap of its total: a common name is probed for each
    /// participation and counted up to [`PROBE_ABOVE`].
    async fn participant_conditions(
        &self,
        q: &ParticipantQuery,
    ) -> Result<(Filter, i64), StoreError> {
        let many = self
            .many_named_words(&name_words(q.text.as_deref()))
            .await?;
        let cap = if many { PROBE_ABOVE } else { TOTAL_CAP };
        Ok((participant_filter(q, many), cap))
    }

    /// Participations by departure, newest first, a page at a time (the API's `page`); the
    /// total is counted up to [`TOTAL_CAP`].
    pub async fn training_participants(
        &self,
        q: &ParticipantQuery,
    ) -> Result<Page<ParticipantRecord>, StoreError> {
        let (page, per_page) = page_bounds(q.page, q.per_page);
        let (filter, cap) = self.participant_conditions(q).await?;
        let (total, total_capped) = filter.capped_count(&self.pool, FROM, cap).await?;
        let sql = format!(
            "{SELECT}{} ORDER BY r.departure_date DESC, r.id DESC",
            filter.where_clause()
        );
        let rows = filter.page_rows(&self.pool, &sql, page, per_page).await?;
        Ok(Page {
            items: rows.iter().map(participant_of).collect::<Result<_, _>>()?,
            total,
            total_capped,
            page,
            per_page,
        })
    }

    /// The same list walked by key: `after` is the `next` of the page before, and seeks the
    /// (departure, id) order instead of counting rows off.
    pub async fn training_participants_after(
        &self,
        q: &ParticipantQuery,
        after: Option<&str>,
    ) -> Result<KeysetPage<ParticipantRecord>, StoreError> {
        let (_, limit) = page_bounds(1, q.per_page);
        let (mut filter, cap) = self.participant_conditions(q).await?;
        let counted = filter.capped_count(&self.pool, FROM, cap).await?;
        if let Some(cursor) = after.and_then(DayCursor::parse) {
            cursor.push_before(&mut filter, "r.departure_date", "r.id");
        }
        let sql = format!(
            "{SELECT}{} ORDER BY r.departure_date DESC, r.id DESC LIMIT ${}",
            filter.where_clause(),
            filter.next_param()
        );
        let query = filter.bind(sqlx::query(&sql)).bind(limit + 1);
        let rows = fetch_all_as(&self.pool, query, |r| {
            Ok((int(r, "id")?, participant_of(r)?))
        })
        .await?;
        let page = KeysetPage::of(rows, limit, counted, |(id, last)| {
            DayCursor {
                day: last.departure_date.clone(),
                id: *id,
            }
            .format()
        });
        Ok(KeysetPage {
            items: page.items.into_iter().map(|(_, p)| p).collect(),
            total: page.total,
            total_capped: page.total_capped,
            next: page.next,
        })
    }
}
