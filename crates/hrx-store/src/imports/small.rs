//! Imports of small reference files (cooperation events, vacancies): a layout of named
//! columns, each row checked into a record before anything is written, a key that a file may
//! hold once, the refused rows listed (and with `skip_invalid` written to a rejects file),
//! and the whole file then written in one transaction by the kind, which reports each row
//! created, updated or unchanged, with the run in the import history. The same guarantees
//! as the bulk engine, for files of a few thousand rows.

use super::source::read_rows;
use super::{default_rejects, quoted, Counts, ImportError, ImportReport, RowError, RunRecord};
use crate::{now, Store, Tx};
use hrx_domain::imports::formula_safe;
use hrx_domain::FieldErrors;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// What to do with a file.
#[derive(Debug, Clone)]
pub struct SmallImportOptions {
    pub skip_invalid: bool,
    pub ignore_unknown_columns: bool,
    pub rejects: Option<PathBuf>,
    pub actor: String,
    pub file_name: String,
}

/// What writing a row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Created,
    Updated,
    Unchanged,
}

/// A file read and checked: the valid records, what was refused, and the counts so far.
pub(crate) struct Checked<R> {
    pub valid: Vec<R>,
    pub counts: Counts,
    names: Vec<String>,
    header_errors: Vec<RowError>,
    errors: Vec<RowError>,
    rejected: Vec<(Vec<String>, String)>,
    sha256: String,
    started_at: String,
}

/// Where each column of the layout sits, or what is wrong with the header.
fn header(
    columns: &[&str],
    names: &[&str],
    ignore_unknown: bool,
) -> Result<Vec<Option<usize>>, Vec<RowError>> {
    let mut positions = vec![None; columns.len()];
    let mut issues = Vec::new();
    let issue = |column: &str, reason: &str| RowError {
        row: 1,
        column: column.to_owned(),
        value: String::new(),
        reason: reason.to_owned(),
    };
    for (i, raw) in names.iter().enumerate() {
        let name = raw.trim_start_matches('\u{feff}').trim();
        match columns.iter().position(|c| *c == name) {
            Some(c) if positions.get(c).is_some_and(Option::is_some) => {
                issues.push(issue(name, "duplicate_column"))
            }
            Some(c) => {
                if let Some(slot) = positions.get_mut(c) {
                    *slot = Some(i);
                }
            }
            None if ignore_unknown => {}
            None => issues.push(issue(name, "unknown_column")),
        }
    }
    for (c, p) in columns.iter().zip(&positions) {
        if p.is_none() {
            issues.push(issue(c, "missing_column"));
        }
    }
    if issues.is_empty() {
        Ok(positions)
    } else {
        Err(issues)
    }
}

/// The value of a column of the layout in a row ("" where the file has no such column).
fn cell(columns: &[&str], positions: &[Option<usize>], fields: &[&str], column: &str) -> String {
    columns
        .iter()
        .position(|c| *c == column)
        .and_then(|i| positions.get(i).copied().flatten())
        .and_then(|p| fields.get(p))
        .map(|v| (*v).to_owned())
        .unwrap_or_default()
}

/// Reads and checks a file (CSV or XLSX) in the layout `columns`: `row` makes a record of a
/// row from its cells (its field errors name columns), and `key` gives the column and value
/// that a file may hold once.
pub(crate) fn check_file<R, K: PartialEq>(
    path: &Path,
    columns: &[&str],
    options: &SmallImportOptions,
    row: impl Fn(&dyn Fn(&str) -> String) -> Result<R, FieldErrors>,
    key: impl Fn(&R) -> (K, &'static str, String),
) -> Result<Checked<R>, ImportError> {
    let started_at = now();
    let mut positions: Option<Vec<Option<usize>>> = None;
    let mut header_errors = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut valid: Vec<R> = Vec::new();
    let mut rejected: Vec<(Vec<String>, String)> = Vec::new();
    let mut errors: Vec<RowError> = Vec::new();
    let mut counts = Counts::default();
    let mut seen: Vec<K> = Vec::new();
    let sha256 = read_rows(
        path,
        Arc::new(AtomicU64::new(0)),
        |number, fields, not_utf8| {
            let Some(p) = &positions else {
                names = fields.iter().map(|f| (*f).to_owned()).collect();
                match header(columns, fields, options.ignore_unknown_columns) {
                    Ok(p) => {
                        positions = Some(p);
                        return true;
                    }
                    Err(issues) => {
                        header_errors = issues;
                        return false;
                    }
                }
            };
            counts.rows_read += 1;
            let mut issues: Vec<(String, String, &'static str)> = Vec::new();
            if let Some(i) = not_utf8 {
                issues.push((
                    names.get(i).cloned().unwrap_or_default(),
                    fields.get(i).map(|v| (*v).to_owned()).unwrap_or_default(),
                    "not_utf8",
                ));
            } else if fields.len() != names.len() {
                issues.push((String::new(), String::new(), "wrong_field_count"));
            } else {
                let get = |column: &str| cell(columns, p, fields, column);
                match row(&get) {
                    Ok(record) => {
                        let (k, column, value) = key(&record);
                        if seen.contains(&k) {
                            issues.push((column.to_owned(), value, "duplicate_in_file"));
                        } else {
                            seen.push(k);
                            valid.push(record);
                        }
                    }
                    Err(field_errors) => {
                        for e in field_errors.0 {
                            let value = get(&e.field);
                            issues.push((e.field, value, e.code));
                        }
                    }
                }
            }
            if !issues.is_empty() {
                counts.rows_rejected += 1;
                let reason = issues
                    .iter()
                    .map(|(c, _, r)| {
                        if c.is_empty() {
                            (*r).to_owned()
                        } else {
                            format!("{c}: {r}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                rejected.push((fields.iter().map(|f| (*f).to_owned()).collect(), reason));
                for (column, value, reason) in issues {
                    if errors.len() < 1000 {
                        errors.push(RowError {
                            row: number,
                            column,
                            value: quoted(&value),
                            reason: reason.to_owned(),
                        });
                    }
                }
            }
            true
        },
    )?;
    Ok(Checked {
        valid,
        counts,
        names,
        header_errors,
        errors,
        rejected,
        sha256,
        started_at,
    })
}

impl<R> Checked<R> {
    /// Nothing may be written: the header is wrong, or a row is and rows are not skipped.
    pub fn refused(&self, options: &SmallImportOptions) -> bool {
        !self.header_errors.is_empty() || (self.counts.rows_rejected > 0 && !options.skip_invalid)
    }

    /// Counts what writing a row did.
    pub fn count(&mut self, done: Upsert) {
        match done {
            Upsert::Created => self.counts.created += 1,
            Upsert::Updated => self.counts.updated += 1,
            Upsert::Unchanged => self.counts.unchanged += 1,
        }
    }

    /// Writes the rejects file (with `skip_invalid`), records the run in `tx`, commits, and
    /// answers the report.
    pub async fn finish(
        self,
        store: &Store,
        mut tx: Tx,
        kind: &str,
        path: &Path,
        options: &SmallImportOptions,
    ) -> Result<ImportReport, ImportError> {
        let refused = self.refused(options);
        let mut rejects_file = None;
        if options.skip_invalid && !self.rejected.is_empty() && self.header_errors.is_empty() {
            let target = options
                .rejects
                .clone()
                .unwrap_or_else(|| default_rejects(path));
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .from_path(&target)
                .map_err(|e| ImportError::Rejects(e.into()))?;
            let mut head = self.names.clone();
            head.push("reason".into());
            w.write_record(&head)
                .map_err(|e| ImportError::Rejects(e.into()))?;
            for (fields, reason) in &self.rejected {
                let record: Vec<String> = fields
                    .iter()
                    .chain(std::iter::once(reason))
                    .map(|c| formula_safe(c).into_owned())
                    .collect();
                w.write_record(&record)
                    .map_err(|e| ImportError::Rejects(e.into()))?;
            }
            w.flush().map_err(ImportError::Rejects)?;
            rejects_file = Some(target.display().to_string());
        }
        let status = if refused { "refused" } else { "imported" };
        let run_id = store
            .record_run(
                &mut tx,
                RunRecord {
                    kind,
                    file_name: &options.file_name,
                    actor: &options.actor,
                    status,
                    sha256: &self.sha256,
                    counts: &self.counts,
                    started_at: self.started_at,
                },
            )
            .await?;
        tx.commit().await.map_err(crate::StoreError::from)?;
        Ok(ImportReport {
            run_id,
            kind: kind.to_owned(),
            status: status.to_owned(),
            sha256: self.sha256,
            counts: self.counts,
            header_errors: self.header_errors,
            errors_total: u64::try_from(self.rejected.len()).unwrap_or(u64::MAX),
            errors: self.errors,
            rejects_file,
        })
    }
}
