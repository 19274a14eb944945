//! Study-abroad episodes and foreign students' enrolments: entered one by one (versioned,
//! audited) or imported in bulk, listed and searched, and shown in a person's history.

use crate::audit::Change;
use crate::registry::{prefix_end, search_text, DayCursor, Filter, FilterBind as Bind, TOTAL_CAP};
use crate::statistics::Refresh;
use crate::versions::{expect_one_updated, expect_version};
use crate::{
    fetch_all_as, fetch_optional_as, int, now, opt_text, require_id, text, KeysetPage, Page, Store,
    StoreError,
};
use hrx_domain::registry::{display_name, search_key};
use hrx_domain::statistics::series::Family;
use hrx_domain::students::{ENROLMENT_COLUMNS, STUDY_ABROAD_COLUMNS};
use serde::Serialize;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// The two kinds of study records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudyKind {
    StudyAbroad,
    ForeignStudent,
}

impl StudyKind {
    pub fn table(self) -> &'static str {
        match self {
            StudyKind::StudyAbroad => "study_abroad",
            StudyKind::ForeignStudent => "foreign_student",
        }
    }

    /// The record's own columns (besides its person), as the import formats name them.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            StudyKind::StudyAbroad => STUDY_ABROAD_COLUMNS,
            StudyKind::ForeignStudent => ENROLMENT_COLUMNS,
        }
    }

    /// The statistics its records feed.
    pub fn family(self) -> Family {
        match self {
            StudyKind::StudyAbroad => Family::StudyAbroad,
            StudyKind::ForeignStudent => Family::ForeignStudents,
        }
    }

    /// The column a list is sorted by, newest first.
    fn start_column(self) -> &'static str {
        match self {
            StudyKind::StudyAbroad => "departure_date",
            StudyKind::ForeignStudent => "enrolment_start",
        }
    }

    /// The column that is empty while the person is still abroad or enrolled.
    fn end_column(self) -> &'static str {
        match self {
            StudyKind::StudyAbroad => "return_date",
            StudyKind::ForeignStudent => "enrolment_end",
        }
    }
}

/// A record with its person's name and nationality, its own values by column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudyRecord {
    pub id: i64,
    pub version: i64,
    pub record_ref: Option<String>,
    pub person_id: i64,
    pub person_name: String,
    pub nationality: String,
    pub values: BTreeMap<String, Option<String>>,
    pub created_at: String,
    pub updated_at: String,
}

impl StudyRecord {
    pub fn value(&self, column: &str) -> &str {
        self.values
            .get(column)
            .and_then(|v| v.as_deref())
            .unwrap_or("")
    }
}

/// What a list asks for.
#[derive(Debug, Clone, Default)]
pub struct StudyQuery {
    /// Words of the person's name (prefixes), as in the registry search.
    pub text: Option<String>,
    /// Destination country (study abroad) or nationality (foreign students).
    pub country: Option<String>,
    /// Only those still abroad / still enrolled (no end date).
    pub current_only: bool,
    pub page: i64,
    pub per_page: i64,
}

fn record(kind: StudyKind, row: &AnyRow) -> Result<StudyRecord, StoreError> {
    let mut values = BTreeMap::new();
    for c in kind.columns() {
        values.insert((*c).to_owned(), opt_text(row, c)?);
    }
    let native = opt_text(row, "name_native")?;
    let latin = opt_text(row, "name_latin")?;
    let person_name = display_name(native.as_deref(), latin.as_deref());
    Ok(StudyRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        record_ref: opt_text(row, "record_ref")?,
        person_id: int(row, "person_id")?,
        person_name,
        nationality: text(row, "nationality")?,
        values,
        created_at: text(row, "created_at")?,
        updated_at: text(row, "updated_at")?,
    })
}

fn select(kind: StudyKind) -> String {
    let own: Vec<String> = kind.columns().iter().map(|c| format!("r.{c}")).collect();
    format!(
        "SELECT r.id, r.version, r.record_ref, r.person_id, r.created_at, r.updated_at, {}, \
         p.name_native, p.name_latin, p.nationality FROM {} r JOIN person p ON p.id = r.person_id",
        own.join(", "),
        kind.table()
    )
}

/// The conditions of a list: words of the person's name (prefixes), or, when the text has a
/// digit, a record's reference or a person's document number; the country; only current.
/// The words of a list's name search (prefixes, at most five); none when the text is a
/// number.
pub(crate) fn name_words(text: Option<&str>) -> Vec<String> {
    match search_text(text) {
        Some(text) if !text.chars().any(|c| c.is_ascii_digit()) => search_key(&text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .take(5)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// The conditions of a list: words of the person's name (prefixes), or, when the text has a
/// digit, a record's reference or a person's document number; the country; only current.
/// With `probe_each`, each record's person is checked for the words (a common prefix, many
/// people: the newest-first walk finds a page's rows soon) instead of collecting every
/// person the words match.
fn study_filter(kind: StudyKind, query: &StudyQuery, probe_each: bool) -> Filter {
    let mut filter = Filter::default();
    if let Some(text) = search_text(query.text.as_deref()) {
        if text.chars().any(|c| c.is_ascii_digit()) {
            let number = text.to_uppercase();
            filter.push(
                "(r.record_ref = ? OR r.person_id IN (SELECT person_id FROM identity_document WHERE number = ?))",
                vec![Bind::Text(number.clone()), Bind::Text(number)],
            );
        }
    }
    for word in name_words(query.text.as_deref()) {
        filter.push(
            &name_condition("r.person_id", probe_each),
            vec![Bind::Text(word.clone()), Bind::Text(prefix_end(&word))],
        );
    }
    if let Some(country) = query.country.as_deref().filter(|c| !c.is_empty()) {
        let condition = match kind {
            StudyKind::StudyAbroad => "r.destination_country = ?",
            // `+r.person_id`: SQLite walks the newest-first index and checks each record
            // rather than collecting a common nationality's records and sorting them.
            StudyKind::ForeignStudent => {
                "+r.person_id IN (SELECT id FROM person WHERE nationality = ?)"
            }
        };
        filter.push(condition, vec![Bind::Text(country.to_uppercase())]);
    }
    if query.current_only {
        filter.push(&format!("r.{} IS NULL", kind.end_column()), vec![]);
    }
    filter
}

/// What a list counts from: the records alone (every condition is on them).
fn study_from(kind: StudyKind) -> String {
    format!("FROM {} r", kind.table())
}

/// Above this many people matching a name search, a list probes each record's person.
pub(crate) const PROBE_ABOVE: i64 = 1_000;

/// The condition that the person in `person_column` has a name term starting with a word (two
/// parameters: the word and its prefix's end). With `probe_each`, each record's person is
/// looked up (`t.term || ''`: by person, where PostgreSQL would otherwise walk the whole
/// prefix range of the term index for every record); otherwise the people with the word are
/// collected first.
pub(crate) fn name_condition(person_column: &str, probe_each: bool) -> String {
    if probe_each {
        format!("EXISTS (SELECT 1 FROM person_search_term t WHERE t.person_id = {person_column} AND t.term || '' >= ? AND t.term || '' < ?)")
    } else {
        format!("{person_column} IN (SELECT person_id FROM person_search_term WHERE term >= ? AND term < ?)")
    }
}

impl Store {
    /// Whether a list's name search matches many people (more than [`PROBE_ABOVE`] terms
    /// for each word): then its rows are found by probing and its total is counted up to
    /// that many only. Each word's terms are counted up to the threshold straight from the
    /// term index (no DISTINCT, which would read a common prefix's whole range).
    async fn many_named(&self, query: &StudyQuery) -> Result<bool, StoreError> {
        self.many_named_words(&name_words(query.text.as_deref()))
            .await
    }

    /// Whether each of a name search's words (as the search key writes them) is the prefix
    /// of more than [`PROBE_ABOVE`] terms: a list then finds its rows by probing each
    /// record's person ([`name_condition`]) and counts its total up to that many.
    pub(crate) async fn many_named_words(&self, words: &[String]) -> Result<bool, StoreError> {
        if words.is_empty() {
            return Ok(false);
        }
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 AS one FROM person_search_term WHERE term >= $1 AND term < $2 LIMIT {}) c",
            PROBE_ABOVE + 1
        );
        for word in words {
            let n: i64 = sqlx::query_scalar(&sql)
                .bind(word.clone())
                .bind(prefix_end(word))
                .fetch_one(&self.pool)
                .await?;
            if n <= PROBE_ABOVE {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A list's conditions and the cap of its total.
    async fn study_conditions(
        &self,
        kind: StudyKind,
        query: &StudyQuery,
    ) -> Result<(Filter, i64), StoreError> {
        let many = self.many_named(query).await?;
        // A foreign student's nationality is the person's: counting to 10,000 of a common
        // one would read a hundred thousand records, so such a list counts to 1,000.
        let by_nationality = kind == StudyKind::ForeignStudent
            && query.country.as_deref().is_some_and(|c| !c.is_empty());
        let cap = if many || by_nationality {
            PROBE_ABOVE
        } else {
            TOTAL_CAP
        };
        Ok((study_filter(kind, query, many), cap))
    }
}

/// The list's SELECT with the filter, newest first.
fn study_list_sql(kind: StudyKind, filter: &Filter) -> String {
    format!(
        "{}{} ORDER BY r.{start} DESC, r.id DESC",
        select(kind),
        filter.where_clause(),
        start = kind.start_column(),
    )
}

/// A record as the transaction that just wrote it sees it.
async fn record_in(
    tx: &mut crate::Tx,
    kind: StudyKind,
    id: i64,
) -> Result<StudyRecord, StoreError> {
    let row = sqlx::query(&format!("{} WHERE r.id = $1", select(kind)))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    record(kind, &row)
}

impl Store {
    pub async fn study_record(
        &self,
        kind: StudyKind,
        id: i64,
    ) -> Result<Option<StudyRecord>, StoreError> {
        fetch_optional_as(
            &self.pool,
            sqlx::query(&format!("{} WHERE r.id = $1", select(kind))).bind(id),
            |r| record(kind, r),
        )
        .await
    }

    /// A person's records, oldest first: their history.
    pub async fn person_study_records(
        &self,
        kind: StudyKind,
        person_id: i64,
    ) -> Result<Vec<StudyRecord>, StoreError> {
        fetch_all_as(
            &self.pool,
            sqlx::query(&format!(
                "{} WHERE r.person_id = $1 ORDER BY r.{}, r.id",
                select(kind),
                kind.start_column()
            ))
            .bind(person_id),
            |r| record(kind, r),
        )
        .await
    }

    /// A page of a list by page number (the API's `page`), with the total counted up to
    /// [`TOTAL_CAP`].
    pub async fn search_study_records(
        &self,
        kind: StudyKind,
        query: &StudyQuery,
    ) -> Result<Page<StudyRecord>, StoreError> {
        let (filter, cap) = self.study_conditions(kind, query).await?;
        let (total, total_capped) = filter
            .capped_count(&self.pool, &study_from(kind), cap)
            .await?;
        let rows = filter
            .page_rows(
                &self.pool,
                &study_list_sql(kind, &filter),
                query.page,
                query.per_page,
            )
            .await?;
        Ok(Page {
            items: rows
                .iter()
                .map(|r| record(kind, r))
                .collect::<Result<_, _>>()?,
            total,
            total_capped,
            page: query.page,
            per_page: query.per_page,
        })
    }

    /// A page of a list, newest first, walked by key: `after` (the `next` of the page
    /// before) seeks the (start date, id) index instead of counting rows off, so the
    /// thousandth page costs what the first does. The total is counted up to [`TOTAL_CAP`].
    pub async fn study_records_after(
        &self,
        kind: StudyKind,
        query: &StudyQuery,
        after: Option<&str>,
    ) -> Result<KeysetPage<StudyRecord>, StoreError> {
        let (mut filter, cap) = self.study_conditions(kind, query).await?;
        let (total, total_capped) = filter
            .capped_count(&self.pool, &study_from(kind), cap)
            .await?;
        if let Some(cursor) = after.and_then(DayCursor::parse) {
            cursor.push_before(&mut filter, &format!("r.{}", kind.start_column()), "r.id");
        }
        let limit = query.per_page.clamp(1, 200);
        let sql = format!(
            "{} LIMIT ${}",
            study_list_sql(kind, &filter),
            filter.next_param()
        );
        let rows = filter
            .bind(sqlx::query(&sql))
            .bind(limit + 1)
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .iter()
            .map(|r| record(kind, r))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(KeysetPage::of(
            items,
            limit,
            (total, total_capped),
            |last| {
                DayCursor {
                    day: last.value(kind.start_column()).to_owned(),
                    id: last.id,
                }
                .format()
            },
        ))
    }

    /// Adds a record for a person of the registry.
    pub async fn create_study_record(
        &self,
        actor: &str,
        kind: StudyKind,
        person_id: i64,
        values: &[(&'static str, Option<String>)],
    ) -> Result<StudyRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        require_id(&mut tx, "person", person_id, "person_id").await?;
        let refresh = Refresh::begin(&mut tx, self.backend, &[kind.family()], [person_id]).await?;
        let columns: Vec<&str> = values.iter().map(|(c, _)| *c).collect();
        let params: Vec<String> = (0..values.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!(
            "INSERT INTO {} (person_id, created_at, updated_at, version, {}) VALUES ($1, $2, $2, 1, {}) RETURNING id",
            kind.table(),
            columns.join(", "),
            params.join(", ")
        );
        let mut q = sqlx::query_scalar::<_, i64>(&sql)
            .bind(person_id)
            .bind(now());
        for (_, v) in values {
            q = q.bind(v.clone());
        }
        let id = q.fetch_one(&mut *tx).await?;
        refresh.finish(&mut tx).await?;
        let created = record_in(&mut tx, kind, id).await?;
        self.commit_created(tx, actor, (kind.table(), id), created)
            .await
    }

    /// A record locked for a change, if it is still at `expected_version`, with the refresh
    /// of its person's statistics begun.
    async fn begin_change(
        &self,
        tx: &mut crate::Tx,
        kind: StudyKind,
        id: i64,
        expected_version: i64,
    ) -> Result<(StudyRecord, Refresh), StoreError> {
        let row = sqlx::query(&format!(
            "{} WHERE r.id = $1{}",
            select(kind),
            self.for_update()
        ))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let before = record(kind, &row)?;
        expect_version(Some(before.version), expected_version)?;
        let refresh =
            Refresh::begin(tx, self.backend, &[kind.family()], [before.person_id]).await?;
        Ok((before, refresh))
    }

    /// Replaces a record's values if it is still at `expected_version`.
    pub async fn update_study_record(
        &self,
        actor: &str,
        kind: StudyKind,
        id: i64,
        expected_version: i64,
        values: &[(&'static str, Option<String>)],
    ) -> Result<StudyRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let (before, refresh) = self
            .begin_change(&mut tx, kind, id, expected_version)
            .await?;
        let sets: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, (c, _))| format!("{c} = ${}", i + 4))
            .collect();
        let sql = format!(
            "UPDATE {} SET version = version + 1, updated_at = $1, {} WHERE id = $2 AND version = $3",
            kind.table(),
            sets.join(", ")
        );
        let mut q = sqlx::query(&sql)
            .bind(now())
            .bind(id)
            .bind(expected_version);
        for (_, v) in values {
            q = q.bind(v.clone());
        }
        expect_one_updated(q.execute(&mut *tx).await?.rows_affected(), expected_version)?;
        refresh.finish(&mut tx).await?;
        let after = record_in(&mut tx, kind, id).await?;
        self.commit_audited(
            tx,
            Change::updated(actor, "update", kind.table(), id, &before, &after),
        )
        .await?;
        Ok(after)
    }

    /// Deletes a record if it is still at `expected_version`; the statistics lose what it
    /// contributed in the same transaction.
    pub async fn delete_study_record(
        &self,
        actor: &str,
        kind: StudyKind,
        id: i64,
        expected_version: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let (before, refresh) = self
            .begin_change(&mut tx, kind, id, expected_version)
            .await?;
        sqlx::query(&format!("DELETE FROM {} WHERE id = $1", kind.table()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        refresh.finish(&mut tx).await?;
        self.commit_audited(tx, Change::deleted(actor, kind.table(), id, &before))
            .await?;
        Ok(())
    }
}
