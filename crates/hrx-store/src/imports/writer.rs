//! Writing validated import rows in batches: people matched or created on `person_ref`,
//! records created or updated on `record_ref`, all inside the import's one transaction.

use super::Counts;
use crate::sql::{chunk_sizes, values};
use crate::statistics::Refresh;
use crate::students::StudyKind;
use crate::{int, opt_text, text, AnyQuery, Backend, StoreError};
use hrx_domain::imports::{
    ImportPerson, ImportRecord, ImportRow, PermitRecord, EXPERT_COLUMNS, TRAINING_COLUMNS,
};
use hrx_domain::registry::search_terms;
use hrx_domain::statistics::series::Family;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Rows of a registry index held in memory during a large import (the text of all values in
/// one buffer), sorted and added in order at the end: an ordered append instead of a random
/// insert per row.
#[derive(Default)]
struct Sorted {
    text: String,
    /// (start, end) of the value in `text`, and the person.
    entries: Vec<(usize, usize, i64)>,
}

impl Sorted {
    fn push(&mut self, value: &str, person_id: i64) {
        let start = self.text.len();
        self.text.push_str(value);
        self.entries.push((start, self.text.len(), person_id));
    }

    /// Adds the rows to `table` (`term` or `key`, then `person_id`) in order.
    async fn insert(
        mut self,
        conn: &mut AnyConnection,
        numbered: bool,
        table: &'static str,
    ) -> Result<(), StoreError> {
        let text = std::mem::take(&mut self.text);
        let mut entries = std::mem::take(&mut self.entries);
        sort_terms(&text, &mut entries);
        let row = |k: usize| {
            let (start, end, id) = entries[k];
            (text.get(start..end).unwrap_or_default().to_owned(), id)
        };
        crate::sql::insert_pairs(conn, table, numbered, entries.len(), row, "").await
    }
}

/// New people's search terms and blocking keys held in memory during a large import and
/// added in order at the end.
#[derive(Default)]
pub(crate) struct DeferredTerms {
    terms: Sorted,
    keys: Sorted,
}

impl DeferredTerms {
    fn push(&mut self, term: &str, person_id: i64) {
        self.terms.push(term, person_id);
    }

    fn push_key(&mut self, key: &str, person_id: i64) {
        self.keys.push(key, person_id);
    }

    /// Adds the terms to `person_search_term` and the keys to `person_match_key`, each in
    /// (value, person) order.
    pub async fn insert(self, conn: &mut AnyConnection, numbered: bool) -> Result<(), StoreError> {
        self.terms
            .insert(conn, numbered, "person_search_term (term, person_id)")
            .await?;
        self.keys
            .insert(conn, numbered, "person_match_key (key, person_id)")
            .await
    }
}

fn sort_terms(text: &str, entries: &mut Vec<(usize, usize, i64)>) {
    let term = |e: &(usize, usize, i64)| text.get(e.0..e.1).unwrap_or_default();
    entries.sort_unstable_by(|a, b| term(a).cmp(term(b)).then(a.2.cmp(&b.2)));
    entries.dedup_by(|a, b| a.2 == b.2 && term(a) == term(b));
}

/// A new person's columns, in the order of the `person` statements.
fn bind_person<'q>(q: AnyQuery<'q>, p: &ImportPerson, now: &str) -> AnyQuery<'q> {
    q.bind(p.name_native.clone())
        .bind(p.name_latin.clone())
        .bind(p.sex)
        .bind(p.birth_date.to_string())
        .bind(p.nationality.clone())
        .bind(p.person_ref.clone())
        .bind(now.to_owned())
        .bind(now.to_owned())
}

/// A new person's search terms, from the names the person has.
fn person_terms(
    native: Option<&str>,
    latin: Option<&str>,
    id: i64,
    terms: &mut Vec<(String, i64)>,
) {
    let names: Vec<&str> = [native, latin].into_iter().flatten().collect();
    terms.extend(search_terms(&names).into_iter().map(|t| (t, id)));
}

pub(crate) struct Writer {
    numbered: bool,
    backend: Backend,
    /// Statistics refreshed per batch for the people it touches; otherwise the import
    /// rebuilds its family's statistics at the end (large files).
    pub stats_per_batch: bool,
    /// New people's search terms are collected here and added in order at the end.
    pub deferred_terms: Option<DeferredTerms>,
    pub now: String,
    pub today: chrono::NaiveDate,
    sql_cache: HashMap<(&'static str, usize), String>,
    /// The id the next new person gets (SQLite), once read.
    next_person_id: Option<i64>,
    /// Employers resolved so far in this import: (credit code, name, province) to id.
    employers: HashMap<(Option<String>, String, String), i64>,
}

impl Writer {
    pub fn new(
        backend: Backend,
        now: String,
        today: chrono::NaiveDate,
        deferred_terms: Option<DeferredTerms>,
    ) -> Writer {
        Writer {
            numbered: backend == Backend::Postgres,
            backend,
            stats_per_batch: true,
            deferred_terms,
            now,
            today,
            sql_cache: HashMap::new(),
            next_person_id: None,
            employers: HashMap::new(),
        }
    }

    fn sql(&mut self, table: &'static str, rows: usize) -> String {
        if let Some(sql) = self.sql_cache.get(&(table, rows)) {
            return sql.clone();
        }
        let sql = build_sql(self.numbered, table, rows);
        self.sql_cache.insert((table, rows), sql.clone());
        sql
    }

    /// Writes one batch and adds what happened to `counts`.
    pub async fn write(
        &mut self,
        conn: &mut AnyConnection,
        rows: &[ImportRow],
        counts: &mut Counts,
    ) -> Result<(), StoreError> {
        let person_ids = self.persons(conn, rows, counts).await?;
        let refresh = match rows.first().map(|r| &r.record) {
            Some(record) if self.stats_per_batch => {
                let (family, table) = match record {
                    ImportRecord::StudyAbroad(_) => (Family::StudyAbroad, "owners_study_abroad"),
                    ImportRecord::ForeignStudent(_) => {
                        (Family::ForeignStudents, "owners_foreign_student")
                    }
                    ImportRecord::WorkPermit(_) => (Family::WorkPermits, "owners_work_permit"),
                    ImportRecord::Coverage(_) => (Family::Coverage, "owners_coverage_certificate"),
                    ImportRecord::Training(_) => {
                        (Family::Training, "owners_training_participation")
                    }
                    ImportRecord::Expert(_) => (Family::Experts, "owners_expert_engagement"),
                };
                // The people of the batch, and those who hold its records now (a record may
                // move to another person).
                let mut affected: Vec<i64> = person_ids.values().copied().collect();
                let mut offset = 0;
                for size in chunk_sizes(rows.len()) {
                    let chunk = rows.get(offset..offset + size).unwrap_or_default();
                    offset += size;
                    let sql = self.sql(table, size);
                    let mut q = sqlx::query_scalar::<_, i64>(&sql);
                    for row in chunk {
                        q = q.bind(row.record_ref.clone());
                    }
                    affected.extend(q.fetch_all(&mut *conn).await?);
                }
                Some(Refresh::begin(conn, self.backend, &[family], affected).await?)
            }
            _ => None,
        };
        let mut offset = 0;
        for size in chunk_sizes(rows.len()) {
            let chunk = rows.get(offset..offset + size).unwrap_or_default();
            offset += size;
            let table = match chunk.first().map(|r| &r.record) {
                Some(ImportRecord::StudyAbroad(_)) => "study_abroad",
                Some(ImportRecord::ForeignStudent(_)) => "foreign_student",
                Some(ImportRecord::WorkPermit(_)) => "work_permit",
                Some(ImportRecord::Coverage(_)) => "coverage_certificate",
                Some(ImportRecord::Training(_)) => "training_participation",
                Some(ImportRecord::Expert(_)) => "expert_engagement",
                None => continue,
            };
            let permits = self.permits_of(conn, chunk).await?;
            let mut employers = Vec::with_capacity(chunk.len());
            for row in chunk {
                if let ImportRecord::WorkPermit(p) = &row.record {
                    employers.push(self.employer(conn, p).await?);
                }
            }
            let sql = self.sql(table, size);
            let mut q: AnyQuery<'_> = sqlx::query(&sql);
            for (i, row) in chunk.iter().enumerate() {
                let person_id = person_ids.get(&row.person.person_ref).copied();
                q = q.bind(row.record_ref.clone()).bind(person_id);
                q = match &row.record {
                    ImportRecord::StudyAbroad(e) => q
                        .bind(e.destination_country.clone())
                        .bind(e.institution.clone())
                        .bind(e.isced_level.clone())
                        .bind(e.field.clone())
                        .bind(e.funding.code())
                        .bind(e.departure_date.to_string())
                        .bind(e.return_date.map(|d| d.to_string())),
                    ImportRecord::ForeignStudent(e) => q
                        .bind(e.institution.clone())
                        .bind(e.province.clone())
                        .bind(e.isced_level.clone())
                        .bind(e.field.clone())
                        .bind(e.scholarship.code())
                        .bind(e.enrolment_start.to_string())
                        .bind(e.enrolment_end.map(|d| d.to_string())),
                    ImportRecord::WorkPermit(p) => {
                        let status = if p.cancelled_on.is_some_and(|c| c <= self.today) {
                            "cancelled"
                        } else if p.valid_to < self.today {
                            "expired"
                        } else {
                            "active"
                        };
                        q.bind(p.permit_number.clone())
                            .bind(employers.get(i).copied())
                            .bind(p.document_type)
                            .bind(p.category.clone())
                            .bind(p.isco_code.clone())
                            .bind(p.province.clone())
                            .bind(p.valid_from.to_string())
                            .bind(p.valid_to.to_string())
                            .bind(status)
                            .bind(p.cancelled_on.map(|d| d.to_string()))
                    }
                    // Imported certificates count as issued or accepted from their first day,
                    // and the posting is the period they cover.
                    ImportRecord::Coverage(c) => {
                        let (status, since) = c.status(self.today);
                        q.bind(c.certificate_number.clone())
                            .bind(c.direction)
                            .bind(status)
                            .bind(c.agreement_code.clone())
                            .bind(c.employer_name.clone())
                            .bind(c.worker_category.clone())
                            .bind(c.valid_from.to_string())
                            .bind(c.valid_to.to_string())
                            .bind(c.valid_from.to_string())
                            .bind(c.valid_to.to_string())
                            .bind(c.revoked_on.map(|d| d.to_string()))
                            .bind(c.valid_from.to_string())
                            .bind(c.exempt_branches.clone())
                            .bind(since.to_string())
                    }
                    // The classes the training rules derived; `import` tells these rows from
                    // the participations that live groups write (`dispatch`).
                    ImportRecord::Training(t) => q
                        .bind(t.programme_code.clone())
                        .bind(t.programme_type.code())
                        .bind(t.host_country.clone())
                        .bind(t.host_institution.clone())
                        .bind(t.sending_unit.clone())
                        .bind(t.funding_channel.map(|f| f.code()))
                        .bind(t.group_code.clone())
                        .bind(t.departure_date.to_string())
                        .bind(t.return_date.to_string())
                        .bind(t.duration_class.code())
                        .bind(t.destination_scope.code())
                        .bind("import"),
                    // The origin the nationality gave; the permit of that number, if held.
                    ImportRecord::Expert(x) => q
                        .bind(x.expert_class.clone())
                        .bind(x.employer_name.clone())
                        .bind(x.programme.clone())
                        .bind(x.province.clone())
                        .bind(x.sector.clone())
                        .bind(x.start_date.to_string())
                        .bind(x.end_date.to_string())
                        .bind(x.document_ref.clone())
                        .bind(x.origin)
                        .bind(permits.get(&x.document_ref).copied()),
                };
                q = q.bind(self.now.clone()).bind(self.now.clone());
            }
            let written = q.fetch_all(&mut *conn).await.map_err(|e| {
                StoreError::from_constraint(
                    e,
                    &[
                        ("coverage_certificate_number", "certificate_number"),
                        ("coverage_certificate.number", "certificate_number"),
                    ],
                )
            })?;
            for r in &written {
                if int(r, "version")? == 1 {
                    counts.created += 1;
                } else {
                    counts.updated += 1;
                }
            }
            counts.unchanged += (size - written.len()) as u64;
        }
        if let Some(refresh) = refresh {
            refresh.finish(conn).await?;
        }
        Ok(())
    }

    /// The registry ids of the batch's people: found on `person_ref`, or created with their
    /// search terms.
    async fn persons(
        &mut self,
        conn: &mut AnyConnection,
        rows: &[ImportRow],
        counts: &mut Counts,
    ) -> Result<HashMap<String, i64>, StoreError> {
        let mut wanted: Vec<&ImportPerson> = Vec::with_capacity(rows.len());
        let mut seen: HashMap<&str, ()> = HashMap::with_capacity(rows.len());
        for row in rows {
            if seen.insert(row.person.person_ref.as_str(), ()).is_none() {
                wanted.push(&row.person);
            }
        }
        let mut ids: HashMap<String, i64> = HashMap::with_capacity(wanted.len());
        let mut offset = 0;
        for size in chunk_sizes(wanted.len()) {
            let chunk = wanted.get(offset..offset + size).unwrap_or_default();
            offset += size;
            let sql = self.sql("person_lookup", size);
            let mut q: AnyQuery<'_> = sqlx::query(&sql);
            for p in chunk {
                q = q.bind(p.person_ref.clone());
            }
            for r in q.fetch_all(&mut *conn).await? {
                if let Some(source_ref) = opt_text(&r, "source_ref")? {
                    ids.insert(source_ref, int(&r, "id")?);
                }
            }
        }
        let new: Vec<&ImportPerson> = wanted
            .into_iter()
            .filter(|p| !ids.contains_key(&p.person_ref))
            .collect();
        counts.persons_matched += (seen.len() - new.len()) as u64;
        counts.persons_created += new.len() as u64;
        let mut terms: Vec<(String, i64)> = Vec::new();
        match self.backend {
            Backend::Sqlite => {
                self.insert_persons_numbered(conn, &new, &mut ids, &mut terms)
                    .await?
            }
            Backend::Postgres => {
                self.insert_persons_returning(conn, &new, &mut ids, &mut terms)
                    .await?
            }
        }
        let mut keys: Vec<(String, i64)> = Vec::new();
        for p in &new {
            if let Some(id) = ids.get(&p.person_ref) {
                let found = hrx_domain::registry::matching::blocking_keys(
                    p.name_native.as_deref(),
                    p.name_latin.as_deref(),
                    Some(p.birth_date),
                );
                keys.extend(found.into_iter().map(|k| (k, *id)));
            }
        }
        if let Some(deferred) = &mut self.deferred_terms {
            for (term, id) in &terms {
                deferred.push(term, *id);
            }
            for (key, id) in &keys {
                deferred.push_key(key, *id);
            }
        } else {
            crate::sql::insert_pairs(
                conn,
                "person_search_term (term, person_id)",
                self.numbered,
                terms.len(),
                |k| terms[k].clone(),
                "",
            )
            .await?;
            crate::registry::keys::insert_keys(conn, self.numbered, keys).await?;
        }
        Ok(ids)
    }

    /// New people inserted with the ids the database gives them, read back (PostgreSQL).
    async fn insert_persons_returning(
        &mut self,
        conn: &mut AnyConnection,
        new: &[&ImportPerson],
        ids: &mut HashMap<String, i64>,
        terms: &mut Vec<(String, i64)>,
    ) -> Result<(), StoreError> {
        let mut offset = 0;
        for size in chunk_sizes(new.len()) {
            let chunk = new.get(offset..offset + size).unwrap_or_default();
            offset += size;
            let sql = self.sql("person", size);
            let mut q: AnyQuery<'_> = sqlx::query(&sql);
            for p in chunk {
                q = bind_person(q, p, &self.now);
            }
            for r in q.fetch_all(&mut *conn).await? {
                let id = int(&r, "id")?;
                if let Some(source_ref) = opt_text(&r, "source_ref")? {
                    ids.insert(source_ref, id);
                }
                let (native, latin) = (opt_text(&r, "name_native")?, opt_text(&r, "name_latin")?);
                person_terms(native.as_deref(), latin.as_deref(), id, terms);
            }
        }
        Ok(())
    }

    /// On SQLite the import holds the write lock from its first statement, so new people
    /// are given the next ids here and inserted without reading anything back.
    async fn insert_persons_numbered(
        &mut self,
        conn: &mut AnyConnection,
        new: &[&ImportPerson],
        ids: &mut HashMap<String, i64>,
        terms: &mut Vec<(String, i64)>,
    ) -> Result<(), StoreError> {
        let mut next = match self.next_person_id {
            Some(next) => next,
            None => {
                let max: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM person")
                    .fetch_one(&mut *conn)
                    .await?;
                max + 1
            }
        };
        let mut offset = 0;
        for size in chunk_sizes(new.len()) {
            let chunk = new.get(offset..offset + size).unwrap_or_default();
            offset += size;
            let sql = self.sql("person_numbered", size);
            let mut q: AnyQuery<'_> = sqlx::query(&sql);
            for p in chunk {
                let id = next;
                next += 1;
                q = bind_person(q.bind(id), p, &self.now);
                ids.insert(p.person_ref.clone(), id);
                person_terms(p.name_native.as_deref(), p.name_latin.as_deref(), id, terms);
            }
            q.execute(&mut *conn).await?;
        }
        self.next_person_id = Some(next);
        Ok(())
    }

    /// An employer by credit code, or by name and province when the record has no code
    /// (older records); created when not yet in the registry.
    /// The work permits the engagements of a chunk name by number (none for other records).
    async fn permits_of(
        &mut self,
        conn: &mut AnyConnection,
        chunk: &[ImportRow],
    ) -> Result<HashMap<String, i64>, StoreError> {
        let numbers: Vec<String> = chunk
            .iter()
            .filter_map(|r| match &r.record {
                ImportRecord::Expert(x) if !x.document_ref.is_empty() => {
                    Some(x.document_ref.clone())
                }
                _ => None,
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut found = HashMap::new();
        if numbers.is_empty() {
            return Ok(found);
        }
        let sql = self.sql("permit_numbers", numbers.len());
        let mut q = sqlx::query(&sql);
        for n in &numbers {
            q = q.bind(n.clone());
        }
        for row in q.fetch_all(&mut *conn).await? {
            found.insert(text(&row, "number")?, int(&row, "id")?);
        }
        Ok(found)
    }

    async fn employer(
        &mut self,
        conn: &mut AnyConnection,
        p: &PermitRecord,
    ) -> Result<i64, StoreError> {
        let cache_key = (
            p.employer_uscc.clone(),
            p.employer_name.clone(),
            p.province.clone(),
        );
        if let Some(id) = self.employers.get(&cache_key) {
            return Ok(*id);
        }
        let id = self.find_or_create_employer(conn, p).await?;
        self.employers.insert(cache_key, id);
        Ok(id)
    }

    async fn find_or_create_employer(
        &mut self,
        conn: &mut AnyConnection,
        p: &PermitRecord,
    ) -> Result<i64, StoreError> {
        let found = match &p.employer_uscc {
            Some(code) => {
                sqlx::query_scalar::<_, i64>("SELECT id FROM organisation WHERE credit_code = $1")
                    .bind(code.clone())
                    .fetch_optional(&mut *conn)
                    .await?
            }
            None => {
                sqlx::query_scalar::<_, i64>(
                    "SELECT id FROM organisation WHERE credit_code IS NULL AND name_zh = $1 \
                     AND province = $2 ORDER BY id LIMIT 1",
                )
                .bind(p.employer_name.clone())
                .bind(p.province.clone())
                .fetch_optional(&mut *conn)
                .await?
            }
        };
        if let Some(id) = found {
            return Ok(id);
        }
        let search_name = hrx_domain::registry::search_key(&p.employer_name);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organisation (kind, name_zh, name_en, country, province, credit_code, \
             search_name, version, created_at, updated_at) \
             VALUES ('employer', $1, NULL, 'CN', $2, $3, $4, 1, $5, $5) RETURNING id",
        )
        .bind(p.employer_name.clone())
        .bind(p.province.clone())
        .bind(p.employer_uscc.clone())
        .bind(search_name)
        .bind(self.now.clone())
        .fetch_one(&mut *conn)
        .await?;
        Ok(id)
    }
}

fn build_sql(numbered: bool, table: &'static str, rows: usize) -> String {
    match table {
        "owners_study_abroad"
        | "owners_foreign_student"
        | "owners_work_permit"
        | "owners_coverage_certificate"
        | "owners_training_participation"
        | "owners_expert_engagement" => format!(
            "SELECT person_id FROM {} WHERE record_ref IN {}",
            table.trim_start_matches("owners_"),
            values(numbered, 1, rows, "")
        ),
        "person_lookup" => format!(
            "SELECT id, source_ref FROM person WHERE source_ref IN {}",
            values(numbered, 1, rows, "")
        ),
        "person_numbered" => format!(
            "INSERT INTO person (id, name_native, name_latin, sex, birth_date, nationality, \
             source_ref, created_at, updated_at, version) VALUES {}",
            values(numbered, rows, 9, ", 1")
        ),
        "person" => format!(
            "INSERT INTO person (name_native, name_latin, sex, birth_date, nationality, source_ref, \
             created_at, updated_at, version) VALUES {} RETURNING id, source_ref, name_native, name_latin",
            values(numbered, rows, 8, ", 1")
        ),
        "study_abroad" => upsert(
            numbered,
            "study_abroad",
            StudyKind::StudyAbroad.columns(),
            rows,
        ),
        "work_permit" => upsert(
            numbered,
            "work_permit",
            &[
                "number",
                "employer_id",
                "document_type",
                "category",
                "occupation",
                "province",
                "valid_from",
                "valid_until",
                "status",
                "cancelled_on",
            ],
            rows,
        ),
        "coverage_certificate" => upsert(
            numbered,
            "coverage_certificate",
            &[
                "number",
                "direction",
                "status",
                "agreement_code",
                "employer_name",
                "worker_category",
                "posting_start",
                "posting_end",
                "valid_from",
                "valid_to",
                "revoked_on",
                "issued_on",
                "exempt_branches",
                "status_since",
            ],
            rows,
        ),
        // The layout's columns, then what is derived from them. Participations carry no
        // version: one comes back as 1 when it was created.
        "training_participation" => {
            let mut columns = TRAINING_COLUMNS.to_vec();
            columns.extend(["duration_class", "destination_scope", "origin"]);
            upsert_with(numbered, "training_participation", &columns, rows, false)
        }
        "expert_engagement" => {
            let mut columns = EXPERT_COLUMNS.to_vec();
            columns.extend(["origin", "work_permit_id"]);
            upsert(numbered, "expert_engagement", &columns, rows)
        }
        "permit_numbers" => format!(
            "SELECT id, number FROM work_permit WHERE number IN {}",
            values(numbered, 1, rows, "")
        ),
        _ => upsert(
            numbered,
            "foreign_student",
            StudyKind::ForeignStudent.columns(),
            rows,
        ),
    }
}

/// Insert on `record_ref`, or update the existing record when any value differs; the rows
/// that were written come back with their version (1 when created).
fn upsert(numbered: bool, table: &str, columns: &[&str], rows: usize) -> String {
    upsert_with(numbered, table, columns, rows, true)
}

/// [`upsert`] for a table with a `version` column (`versioned`) or without one, whose
/// written rows come back with `version` 1 when created (created and updated at the same
/// instant) and 2 when updated.
fn upsert_with(
    numbered: bool,
    table: &str,
    columns: &[&str],
    rows: usize,
    versioned: bool,
) -> String {
    let (version_column, version_value, bump, returning) = if versioned {
        (
            ", version",
            ", 1",
            format!("version = {table}.version + 1, "),
            "version",
        )
    } else {
        (
            "",
            "",
            String::new(),
            "CAST(CASE WHEN created_at = updated_at THEN 1 ELSE 2 END AS BIGINT) AS version",
        )
    };
    let mut all = vec!["record_ref", "person_id"];
    all.extend_from_slice(columns);
    let set: Vec<String> = all
        .iter()
        .skip(1)
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let differs: Vec<String> = all
        .iter()
        .skip(1)
        .map(|c| format!("{table}.{c} IS DISTINCT FROM excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {table} ({}, created_at, updated_at{version_column}) VALUES {} \
         ON CONFLICT (record_ref) DO UPDATE SET {}, {bump}\
         updated_at = excluded.updated_at WHERE {} RETURNING {returning}",
        all.join(", "),
        values(numbered, rows, all.len() + 2, version_value),
        set.join(", "),
        differs.join(" OR ")
    )
}
