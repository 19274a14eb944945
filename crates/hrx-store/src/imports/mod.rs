//! The bulk import engine every record type uses (`hrx import KIND FILE` and the officers'
//! upload page).
//!
//! One pass over the file: a reader thread parses and validates each row while this task
//! writes the valid ones in batches inside a single transaction. The transaction commits
//! only when the whole file has been read and, unless invalid rows are to be skipped, every
//! row was valid; otherwise it is rolled back and nothing of the file remains. A process
//! killed mid-file leaves no half file: the database rolls the open transaction back.
//! Memory stays flat: the reader hands over batches through a bounded channel.

mod history;
pub mod small;
pub(crate) mod source;
pub(crate) mod writer;

pub use source::SourceError;

use crate::audit::Change;
use crate::{now, Backend, Store, StoreError};
use chrono::NaiveDate;
use hrx_domain::imports::{
    validate_row, Header, HeaderIssue, ImportKind, ImportRecord, ImportRow, RowIssue,
};
use hrx_domain::statistics::series::Family;
use serde::Serialize;
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use writer::{DeferredTerms, Writer};

/// Rows handed from the reader to the writer at a time.
const BATCH_ROWS: usize = 1024;
/// Row errors kept for the report; the count covers them all.
pub const MAX_REPORTED_ERRORS: usize = 1000;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub kind: ImportKind,
    /// Write the valid rows and send the invalid ones to the rejects file.
    pub skip_invalid: bool,
    pub ignore_unknown_columns: bool,
    /// Where rejected rows go with `skip_invalid` (default: beside the file).
    pub rejects: Option<PathBuf>,
    pub actor: String,
    /// The name shown in the import history (the uploaded file's name).
    pub file_name: String,
    pub today: NaiveDate,
}

/// How far an import has got, read by a progress bar or the upload page while it runs.
#[derive(Debug, Default)]
pub struct Progress {
    pub bytes_total: AtomicU64,
    pub bytes_read: Arc<AtomicU64>,
    pub rows_read: AtomicU64,
    pub rows_invalid: AtomicU64,
    pub rows_written: AtomicU64,
    /// Every row is written; the indexes set aside for a large file are being rebuilt.
    pub indexing: AtomicBool,
    pub finished: AtomicBool,
}

impl Progress {
    pub fn new() -> Arc<Progress> {
        Arc::new(Progress::default())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    /// Data rows read (the header not counted).
    pub rows_read: u64,
    pub rows_rejected: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub persons_created: u64,
    pub persons_matched: u64,
}

/// One refused row: its number as a spreadsheet counts (the header is row 1), the column,
/// the value found and a reason code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    pub row: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub run_id: i64,
    pub kind: String,
    /// `imported` (the file was written) or `refused` (nothing was written).
    pub status: String,
    pub sha256: String,
    pub counts: Counts,
    pub header_errors: Vec<RowError>,
    pub errors: Vec<RowError>,
    pub errors_total: u64,
    pub rejects_file: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the rejects file: {0}")]
    Rejects(std::io::Error),
}

/// What the reader thread found, beyond the rows it handed over.
struct ReaderOutcome {
    sha256: String,
    rows_read: u64,
    header: Vec<HeaderIssue>,
    errors: Vec<RowError>,
    errors_total: u64,
}

/// Indexes that a large file fills faster by a rebuild (a sort) than row by row.
const DEFERRABLE_INDEXES: [&str; 10] = [
    "person_name_latin",
    "person_birth_date",
    "person_nationality",
    "person_organisation",
    "person_search_term_person",
    "study_abroad_person",
    "foreign_student_person",
    "study_abroad_departure",
    "study_abroad_destination_departure",
    "foreign_student_enrolment_start",
];

/// On PostgreSQL, files of this many bytes (about 10,000 rows) or more add new people's
/// search terms and blocking keys in order at the end.
const DEFER_ON_POSTGRES_BYTES: u64 = 10_000 * BYTES_PER_ROW;

/// Average bytes per row of the import formats, to estimate a file's rows from its size.
const BYTES_PER_ROW: u64 = 110;

/// On SQLite, a file that is large beside what the database holds is written with the
/// secondary indexes set aside and rebuilt at the end, and with the new people's search
/// terms collected in a temporary table and added in order, all inside the import's
/// transaction (a rollback restores the indexes). Answers the indexes set aside, with the
/// statements that recreate them.
async fn defer_indexes(
    conn: &mut sqlx::AnyConnection,
    file_bytes: u64,
) -> Result<Vec<(String, String)>, StoreError> {
    let estimate = file_bytes / BYTES_PER_ROW;
    if estimate < 50_000 {
        return Ok(Vec::new());
    }
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM person")
        .fetch_one(&mut *conn)
        .await?;
    if (people as u64) > estimate * 2 {
        return Ok(Vec::new());
    }
    let mut deferred = Vec::new();
    for name in DEFERRABLE_INDEXES {
        let sql: Option<String> =
            sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1")
                .bind(name)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(sql) = sql {
            sqlx::query(&format!("DROP INDEX {name}"))
                .execute(&mut *conn)
                .await?;
            deferred.push((name.to_owned(), sql));
        }
    }
    Ok(deferred)
}

/// A file that is large beside its family's records refreshes the statistics once at the
/// end, from all the family's records, rather than batch by batch.
async fn stats_at_end(
    conn: &mut sqlx::AnyConnection,
    family: Family,
    file_bytes: u64,
) -> Result<bool, StoreError> {
    let estimate = file_bytes / BYTES_PER_ROW;
    if estimate < 50_000 {
        return Ok(false);
    }
    let table = match family {
        Family::StudyAbroad => "study_abroad",
        Family::ForeignStudents => "foreign_student",
        Family::WorkPermits => "work_permit",
        Family::Coverage => "coverage_certificate",
        Family::Conventions => "ilo_convention",
        Family::Cooperation => "coop_agreement",
        Family::Training => "training_participation",
        Family::IntOrgs => "io_serving_record",
        Family::Experts => "expert_engagement",
        Family::Awards => "award_laureate",
    };
    let records: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&mut *conn)
        .await?;
    Ok((records as u64) <= estimate * 2)
}

async fn rebuild_indexes(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    deferred: &[(String, String)],
    terms: Option<DeferredTerms>,
) -> Result<(), StoreError> {
    if let Some(terms) = terms {
        let t = std::time::Instant::now();
        terms.insert(conn, backend == Backend::Postgres).await?;
        tracing::debug!(seconds = t.elapsed().as_secs_f64(), "search terms added");
    }
    for (name, sql) in deferred {
        let t = std::time::Instant::now();
        sqlx::query(sql).execute(&mut *conn).await?;
        tracing::debug!(index = %name, seconds = t.elapsed().as_secs_f64(), "index rebuilt");
    }
    Ok(())
}

pub(crate) struct RunRecord<'a> {
    pub kind: &'a str,
    pub file_name: &'a str,
    pub actor: &'a str,
    pub status: &'static str,
    pub sha256: &'a str,
    pub counts: &'a Counts,
    pub started_at: String,
}

/// One row of the import history.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRunRecord {
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
    pub actor: String,
    pub status: String,
    pub rows_read: i64,
    pub rows_created: i64,
    pub rows_updated: i64,
    pub rows_unchanged: i64,
    pub rows_rejected: i64,
    pub persons_created: i64,
    pub started_at: String,
    pub finished_at: String,
}

/// A value as a report quotes it: its first 200 characters, so that a report (kept in memory
/// for the upload page, written to the history) stays small whatever a file holds.
pub(crate) fn quoted(value: &str) -> String {
    const MAX_CHARS: usize = 200;
    match value.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", value.get(..cut).unwrap_or_default()),
        None => value.to_owned(),
    }
}

pub(crate) fn default_rejects(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".rejects.csv");
    path.with_file_name(name)
}

fn reason_text(issues: &[hrx_domain::imports::RowIssue]) -> String {
    issues
        .iter()
        .map(|i| {
            if i.column.is_empty() {
                i.reason.to_owned()
            } else {
                format!("{}: {} ({:?})", i.column, i.reason, i.value)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One file written inside an import's transaction, not yet committed.
struct Written {
    options: ImportOptions,
    progress: Arc<Progress>,
    counts: Counts,
    outcome: ReaderOutcome,
    header_errors: Vec<RowError>,
    refused: bool,
    family: Family,
    /// Its family's statistics are rebuilt at the end rather than batch by batch.
    stats_at_end: bool,
    rejects_path: Option<PathBuf>,
    started_at: String,
    rows_seconds: f64,
}

impl Written {
    fn report(self, run_id: i64) -> ImportReport {
        let status = if self.refused { "refused" } else { "imported" };
        let refused = self.refused;
        let errors_total = self.outcome.errors_total;
        self.progress.finished.store(true, Ordering::Relaxed);
        ImportReport {
            run_id,
            kind: self.options.kind.code().to_owned(),
            status: status.to_owned(),
            sha256: self.outcome.sha256,
            counts: self.counts,
            header_errors: self.header_errors,
            errors: self.outcome.errors,
            errors_total,
            rejects_file: self
                .rejects_path
                .filter(|_| errors_total > 0 && !refused)
                .map(|p| p.display().to_string()),
        }
    }

    fn run(&self) -> RunRecord<'_> {
        RunRecord {
            kind: self.options.kind.code(),
            file_name: &self.options.file_name,
            actor: &self.options.actor,
            status: if self.refused { "refused" } else { "imported" },
            sha256: &self.outcome.sha256,
            counts: &self.counts,
            started_at: self.started_at.clone(),
        }
    }
}

fn family_of(kind: ImportKind) -> Family {
    match kind {
        ImportKind::StudyAbroad => Family::StudyAbroad,
        ImportKind::ForeignStudents => Family::ForeignStudents,
        ImportKind::WorkPermits => Family::WorkPermits,
        ImportKind::CoverageCertificates => Family::Coverage,
        ImportKind::TrainingAbroad => Family::Training,
        ImportKind::Experts => Family::Experts,
    }
}

async fn rollback(conn: &mut sqlx::AnyConnection) -> Result<(), StoreError> {
    sqlx::query("ROLLBACK").execute(&mut *conn).await?;
    Ok(())
}

/// Rows written by one import above which PostgreSQL's planner statistics are gathered again.
const ANALYZE_ABOVE: u64 = 10_000;

impl Store {
    /// Imports a CSV or XLSX file of `options.kind`. Answers the report whether the file was
    /// written or refused; an error means the file could not be read or stored, and nothing
    /// was written.
    pub async fn import_file(
        &self,
        path: &Path,
        options: ImportOptions,
        progress: Arc<Progress>,
    ) -> Result<ImportReport, ImportError> {
        let mut reports = self
            .import_files(vec![(path.to_owned(), options, progress)])
            .await?;
        reports
            .pop()
            .ok_or_else(|| StoreError::Integrity("an import without a report".into()).into())
    }

    /// Imports several files in one transaction, with the indexes set aside once for them
    /// all and each family's statistics rebuilt once (the demo dataset). If any file is
    /// refused, nothing of any file is written and the answer is that file's report alone;
    /// otherwise one report per file, in order.
    pub async fn import_files(
        &self,
        files: Vec<(PathBuf, ImportOptions, Arc<Progress>)>,
    ) -> Result<Vec<ImportReport>, ImportError> {
        let mut total = 0;
        for (path, _, progress) in &files {
            let size = std::fs::metadata(path).map_err(SourceError::Io)?.len();
            progress.bytes_total.store(size, Ordering::Relaxed);
            total += size;
        }
        // A connection of its own, so that the settings for bulk writing never reach the
        // pool: SQLite checks no foreign keys here (every reference was validated against the
        // reference tables and the registry ids come from the registry itself), which spares
        // a statement journal per batch, and keeps a large page cache.
        let mut conn = self.import_connection().await?;
        let conn = &mut conn;
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        sqlx::query(begin)
            .execute(&mut *conn)
            .await
            .map_err(StoreError::from)?;
        let outcome = self.write_and_commit(conn, &files, total).await;
        if !matches!(outcome, Ok(Ok(_))) {
            for (_, _, progress) in &files {
                progress.finished.store(true, Ordering::Relaxed);
            }
            match (&outcome, rollback(conn).await) {
                (_, Ok(())) => {}
                // SQLite rolls back by itself on some errors (a full disk): the error that
                // ended the import is the one to report, not the rollback's.
                (Err(_), Err(e)) => tracing::warn!(error = %e, "rollback after a failed import"),
                (Ok(_), Err(e)) => return Err(e.into()),
            }
        }
        if let Err(error) = &outcome {
            self.record_failed(&files, error).await;
        }
        match outcome? {
            Ok(reports) => Ok(reports),
            Err(refused) => {
                let mut tx = self.begin_write().await?;
                let id = self.record_run(&mut tx, refused.run()).await?;
                tx.commit().await.map_err(StoreError::from)?;
                Ok(vec![refused.report(id)])
            }
        }
    }

    /// Writes the files in the open transaction and commits, answering one report per file;
    /// a refused file stops it there, uncommitted, and is answered instead.
    async fn write_and_commit(
        &self,
        conn: &mut sqlx::AnyConnection,
        files: &[(PathBuf, ImportOptions, Arc<Progress>)],
        total: u64,
    ) -> Result<Result<Vec<ImportReport>, Written>, ImportError> {
        let deferred = match self.backend {
            Backend::Sqlite => defer_indexes(conn, total).await?,
            Backend::Postgres => Vec::new(),
        };
        // New people's search terms and blocking keys are added in order at the end: on
        // SQLite with the indexes set aside, on PostgreSQL for a file of some size (a sorted
        // append to the b-trees instead of a random insert per row).
        let sorted_at_end = !deferred.is_empty()
            || (self.backend == Backend::Postgres && total >= DEFER_ON_POSTGRES_BYTES);
        let mut terms = sorted_at_end.then(DeferredTerms::default);
        let mut written = Vec::with_capacity(files.len());
        for (path, options, progress) in files {
            let w = self
                .write_file(conn, path, options.clone(), progress.clone(), &mut terms)
                .await?;
            if w.refused {
                return Ok(Err(w));
            }
            written.push(w);
        }
        for (_, _, progress) in files {
            progress.indexing.store(true, Ordering::Relaxed);
        }
        let phase = std::time::Instant::now();
        let run_ids = self.finish(conn, &deferred, terms, &written).await?;
        tracing::debug!(
            rows_seconds = ?written.iter().map(|w| w.rows_seconds).collect::<Vec<_>>(),
            finish_seconds = phase.elapsed().as_secs_f64(),
            "import phases"
        );
        Ok(Ok(written
            .into_iter()
            .zip(run_ids)
            .map(|(w, id)| w.report(id))
            .collect()))
    }

    /// Rebuilds the indexes set aside and the statistics left to the end, records each run
    /// and commits.
    async fn finish(
        &self,
        conn: &mut sqlx::AnyConnection,
        deferred: &[(String, String)],
        terms: Option<DeferredTerms>,
        written: &[Written],
    ) -> Result<Vec<i64>, StoreError> {
        let phase = std::time::Instant::now();
        rebuild_indexes(conn, self.backend, deferred, terms).await?;
        let indexes = phase.elapsed();
        let mut rebuilt = Vec::new();
        for w in written {
            if w.stats_at_end && !rebuilt.contains(&w.family) {
                crate::statistics::rebuild_family(conn, self.backend, w.family).await?;
                rebuilt.push(w.family);
            }
        }
        let stats = phase.elapsed() - indexes;
        let mut ids = Vec::with_capacity(written.len());
        for w in written {
            ids.push(self.record_run(conn, w.run()).await?);
        }
        sqlx::query("COMMIT").execute(&mut *conn).await?;
        // PostgreSQL plans by the statistics that ANALYZE gathers, which a large import makes
        // stale at once (and autovacuum may be off, or late): without them a list's filter is
        // estimated at a few rows where it selects hundreds of thousands. SQLite's plans do
        // not rest on gathered statistics here.
        let rows: u64 = written
            .iter()
            .map(|w| w.counts.created + w.counts.updated)
            .sum();
        if self.backend == Backend::Postgres && rows >= ANALYZE_ABOVE {
            sqlx::query("ANALYZE").execute(&mut *conn).await?;
        }
        tracing::debug!(
            indexes_seconds = indexes.as_secs_f64(),
            statistics_seconds = stats.as_secs_f64(),
            commit_seconds = (phase.elapsed() - indexes - stats).as_secs_f64(),
            "import finish phases"
        );
        Ok(ids)
    }

    /// Reads, validates and writes one file inside the open transaction.
    async fn write_file(
        &self,
        conn: &mut sqlx::AnyConnection,
        path: &Path,
        options: ImportOptions,
        progress: Arc<Progress>,
        terms: &mut Option<DeferredTerms>,
    ) -> Result<Written, ImportError> {
        let started_at = now();
        let started = std::time::Instant::now();
        let size = progress.bytes_total.load(Ordering::Relaxed);
        let rejects_path = options.skip_invalid.then(|| {
            options
                .rejects
                .clone()
                .unwrap_or_else(|| default_rejects(path))
        });
        let family = family_of(options.kind);
        // Decided before the reader starts, so that an error here leaves no thread behind.
        let stats_at_end = stats_at_end(conn, family, size).await?;

        let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<ImportRow>>(4);
        let reader = {
            let path = path.to_owned();
            let options = options.clone();
            let progress = progress.clone();
            let rejects_path = rejects_path.clone();
            tokio::task::spawn_blocking(move || {
                read_and_validate(&path, &options, &progress, rejects_path.as_deref(), sender)
            })
        };
        let mut writer = Writer::new(
            self.backend,
            started_at.clone(),
            options.today,
            terms.take(),
        );
        writer.stats_per_batch = !stats_at_end;
        let mut counts = Counts::default();
        let mut write_error = None;
        while let Some(batch) = receiver.recv().await {
            if let Err(e) = writer.write(conn, &batch, &mut counts).await {
                write_error = Some(e);
                break;
            }
            progress
                .rows_written
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
        }
        drop(receiver);
        *terms = writer.deferred_terms.take();
        let outcome = reader
            .await
            .map_err(|e| StoreError::Integrity(format!("the import reader stopped: {e}")));
        if let Some(e) = write_error {
            return Err(e.into());
        }
        let mut outcome = outcome??;
        if outcome.sha256.is_empty() {
            outcome.sha256 = source::file_sha256(path).map_err(SourceError::Io)?;
        }
        counts.rows_read = outcome.rows_read;
        counts.rows_rejected = outcome.errors_total;
        let header_errors: Vec<RowError> = outcome
            .header
            .iter()
            .map(|h| RowError {
                row: 1,
                column: h.column.clone(),
                value: h.column.clone(),
                reason: h.reason.to_owned(),
            })
            .collect();
        let refused =
            !header_errors.is_empty() || (outcome.errors_total > 0 && !options.skip_invalid);
        if refused {
            counts.created = 0;
            counts.updated = 0;
            counts.unchanged = 0;
            counts.persons_created = 0;
            counts.persons_matched = 0;
        }
        Ok(Written {
            options,
            progress,
            counts,
            outcome,
            header_errors,
            refused,
            family,
            stats_at_end,
            rejects_path,
            started_at,
            rows_seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Records in the history that the files could not be imported (the disk full, the
    /// database gone), as far as the database still takes a row; nothing of them was written.
    async fn record_failed(
        &self,
        files: &[(PathBuf, ImportOptions, Arc<Progress>)],
        error: &ImportError,
    ) {
        tracing::error!(error = %error, "import failed; nothing was written");
        for (_, options, progress) in files {
            let counts = Counts {
                rows_read: progress.rows_read.load(Ordering::Relaxed),
                ..Counts::default()
            };
            let run = RunRecord {
                kind: options.kind.code(),
                file_name: &options.file_name,
                actor: &options.actor,
                status: "failed",
                sha256: "",
                counts: &counts,
                started_at: now(),
            };
            let recorded = async {
                let mut tx = self.begin_write().await?;
                self.record_run(&mut tx, run).await?;
                tx.commit().await.map_err(StoreError::from)
            };
            if let Err(e) = recorded.await {
                tracing::warn!(error = %e, "the failed import could not be recorded");
            }
        }
    }

    /// The history row and audit entry of an import, in the caller's transaction.
    pub(crate) async fn record_run(
        &self,
        conn: &mut sqlx::AnyConnection,
        run: RunRecord<'_>,
    ) -> Result<i64, StoreError> {
        let RunRecord {
            kind,
            file_name,
            actor,
            status,
            sha256,
            counts,
            started_at,
        } = run;
        let run_id: i64 = sqlx::query_scalar(
            "INSERT INTO import_run (kind, file_name, sha256, actor, status, rows_read, rows_created, \
             rows_updated, rows_unchanged, rows_rejected, persons_created, started_at, finished_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(kind)
        .bind(file_name)
        .bind(sha256.to_owned())
        .bind(actor)
        .bind(status)
        .bind(counts.rows_read as i64)
        .bind(counts.created as i64)
        .bind(counts.updated as i64)
        .bind(counts.unchanged as i64)
        .bind(counts.rows_rejected as i64)
        .bind(counts.persons_created as i64)
        .bind(started_at)
        .bind(now())
        .fetch_one(&mut *conn)
        .await?;
        self.audit_on(
            conn,
            Change {
                actor,
                action: if status == "refused" {
                    "import_refused"
                } else {
                    "import"
                },
                entity_type: "import_run",
                entity_id: run_id.to_string(),
                before: None,
                after: Some(serde_json::json!({
                    "kind": kind,
                    "file_name": file_name,
                    "sha256": sha256,
                    "counts": counts,
                })),
            },
        )
        .await?;
        Ok(run_id)
    }

    async fn import_connection(&self) -> Result<sqlx::AnyConnection, StoreError> {
        use sqlx::{ConnectOptions, Connection};
        use std::str::FromStr;
        // A bulk import's statements are long by nature (index rebuilds, the commit): they
        // are not logged as slow.
        let options = sqlx::any::AnyConnectOptions::from_str(&self.url)?.log_slow_statements(
            tracing::log::LevelFilter::Off,
            std::time::Duration::from_secs(3600),
        );
        let mut conn = sqlx::AnyConnection::connect_with(&options).await?;
        if self.backend == Backend::Sqlite {
            for pragma in [
                "PRAGMA busy_timeout = 10000",
                "PRAGMA synchronous = NORMAL",
                "PRAGMA foreign_keys = OFF",
                "PRAGMA temp_store = MEMORY",
                "PRAGMA cache_size = -1048576",
                // Helper threads for the sorts that rebuild the indexes set aside.
                "PRAGMA threads = 4",
            ] {
                sqlx::query(pragma).execute(&mut conn).await?;
            }
            // The unit tests fill the database as a full disk would.
            #[cfg(test)]
            if let Some(pages) = tests::max_pages() {
                sqlx::query(&format!("PRAGMA max_page_count = {pages}"))
                    .execute(&mut conn)
                    .await?;
            }
        }
        Ok(conn)
    }
}

/// Document numbers that must be unique across records (certificates of coverage): a file
/// that gives one number to two records is refused at the second row.
#[derive(Default)]
struct UniqueNumbers(HashMap<String, String>);

impl UniqueNumbers {
    fn check(&mut self, record_ref: &str, record: &ImportRecord) -> Result<(), Vec<RowIssue>> {
        let ImportRecord::Coverage(c) = record else {
            return Ok(());
        };
        match self.0.get(&c.certificate_number) {
            Some(other) if other != record_ref => Err(vec![RowIssue {
                column: "certificate_number".to_owned(),
                value: c.certificate_number.clone(),
                reason: "duplicate_number",
            }]),
            Some(_) => Ok(()),
            None => {
                self.0
                    .insert(c.certificate_number.clone(), record_ref.to_owned());
                Ok(())
            }
        }
    }
}

/// The reader thread: parses and validates every row, hands valid rows over in batches (all
/// of them with `skip_invalid`; otherwise only until the first invalid row, after which it
/// goes on validating to report every problem) and writes rejected rows to the rejects file.
fn read_and_validate(
    path: &Path,
    options: &ImportOptions,
    progress: &Progress,
    rejects_path: Option<&Path>,
    sender: tokio::sync::mpsc::Sender<Vec<ImportRow>>,
) -> Result<ReaderOutcome, ImportError> {
    let mut header: Option<Header> = None;
    let mut header_issues = Vec::new();
    let mut header_names: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    let mut errors_total = 0u64;
    let mut rows_read = 0u64;
    let mut batch: Vec<ImportRow> = Vec::with_capacity(BATCH_ROWS);
    let mut rejects: Option<csv::Writer<File>> = None;
    let mut rejects_error: Option<std::io::Error> = None;
    let mut receiver_gone = false;
    let mut numbers = UniqueNumbers::default();

    let sha256 = source::read_rows(
        path,
        progress.bytes_read.clone(),
        |number, fields, not_utf8| {
            let Some(h) = &header else {
                header_names = fields.iter().map(|f| (*f).to_owned()).collect();
                match Header::resolve(options.kind, fields, options.ignore_unknown_columns) {
                    Ok(h) => {
                        header = Some(h);
                        return true;
                    }
                    Err(issues) => {
                        header_issues = issues;
                        return false;
                    }
                }
            };
            rows_read += 1;
            progress.rows_read.fetch_add(1, Ordering::Relaxed);
            // A row with bytes that are not UTF-8 is refused on its own, naming the column.
            let validated = match not_utf8 {
                Some(i) => Err(vec![hrx_domain::imports::RowIssue {
                    column: header_names.get(i).cloned().unwrap_or_default(),
                    value: fields.get(i).map(|v| (*v).to_owned()).unwrap_or_default(),
                    reason: "not_utf8",
                }]),
                None => validate_row(h, fields, options.today),
            }
            .and_then(|row| {
                numbers
                    .check(row.record_ref.as_str(), &row.record)
                    .map(|()| row)
            });
            match validated {
                Ok(row) => {
                    if errors_total == 0 || options.skip_invalid {
                        batch.push(row);
                        if batch.len() >= BATCH_ROWS {
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ROWS));
                            if sender.blocking_send(full).is_err() {
                                receiver_gone = true;
                                return false;
                            }
                        }
                    }
                }
                Err(issues) => {
                    errors_total += 1;
                    progress.rows_invalid.fetch_add(1, Ordering::Relaxed);
                    if !options.skip_invalid {
                        // Nothing of this file will be written: stop handing rows over.
                        batch.clear();
                    }
                    for issue in &issues {
                        if errors.len() < MAX_REPORTED_ERRORS {
                            errors.push(RowError {
                                row: number,
                                column: issue.column.clone(),
                                value: quoted(&issue.value),
                                reason: issue.reason.to_owned(),
                            });
                        }
                    }
                    if let Some(rejects_path) = rejects_path {
                        if rejects.is_none() && rejects_error.is_none() {
                            // Rows of any width (a refused row may have too many or too few
                            // fields) go to the rejects file as they came.
                            let writer = csv::WriterBuilder::new()
                                .flexible(true)
                                .from_path(rejects_path);
                            match writer {
                                Ok(mut w) => {
                                    let mut head = header_names.clone();
                                    head.push("reason".to_owned());
                                    if let Err(e) = w.write_record(&head) {
                                        rejects_error = Some(e.into());
                                    }
                                    rejects = Some(w);
                                }
                                Err(e) => rejects_error = Some(e.into()),
                            }
                        }
                        if let Some(w) = rejects.as_mut() {
                            // The file is opened in a spreadsheet: formula-like cells as text.
                            let reason = reason_text(&issues);
                            let record = fields
                                .iter()
                                .copied()
                                .chain(std::iter::once(reason.as_str()))
                                .map(|cell| hrx_domain::imports::formula_safe(cell).into_owned());
                            if let Err(e) = w.write_record(record) {
                                rejects_error = Some(e.into());
                            }
                        }
                    }
                }
            }
            true
        },
    )?;
    if !batch.is_empty() && !receiver_gone && (errors_total == 0 || options.skip_invalid) {
        let _ = sender.blocking_send(batch);
    }
    drop(sender);
    if let Some(mut w) = rejects {
        if let Err(e) = w.flush() {
            rejects_error = Some(e);
        }
    }
    if let Some(e) = rejects_error {
        return Err(ImportError::Rejects(e));
    }
    Ok(ReaderOutcome {
        sha256,
        rows_read,
        header: header_issues,
        errors,
        errors_total,
    })
}

#[cfg(test)]
mod tests;
