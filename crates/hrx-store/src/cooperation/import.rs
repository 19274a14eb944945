//! `hrx import cooperation-events FILE`: the layout of `cooperation-events.csv`, with the
//! guarantees of the other imports: the header is checked, every row is validated before
//! anything is written, a file with an invalid row writes nothing (or, with `skip_invalid`,
//! the valid rows are written and the invalid ones go to a rejects file with a reason),
//! importing the same file twice changes nothing (an event is matched by its start and its
//! English name), and the whole file is one transaction.

use super::events::{upsert_event, Upsert};
use super::refresh;
use crate::imports::source::read_rows;
use crate::imports::{
    default_rejects, quoted, Counts, ImportError, ImportReport, RowError, RunRecord,
};
use crate::{now, Store};
use hrx_domain::cooperation::events::{EventInput, EventRow, EVENT_COLUMNS};
use hrx_domain::imports::formula_safe;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// The import kind's code, as `hrx import` and the import history name it.
pub const KIND: &str = "cooperation-events";

/// Where each column of the layout sits, or what is wrong with the header.
fn header(names: &[&str], ignore_unknown: bool) -> Result<Vec<Option<usize>>, Vec<RowError>> {
    let mut positions = vec![None; EVENT_COLUMNS.len()];
    let mut issues = Vec::new();
    let issue = |column: &str, reason: &str| RowError {
        row: 1,
        column: column.to_owned(),
        value: String::new(),
        reason: reason.to_owned(),
    };
    for (i, raw) in names.iter().enumerate() {
        let name = raw.trim_start_matches('\u{feff}').trim();
        match EVENT_COLUMNS.iter().position(|c| *c == name) {
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
    for (c, p) in EVENT_COLUMNS.iter().zip(&positions) {
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
fn cell(positions: &[Option<usize>], fields: &[&str], column: &str) -> String {
    EVENT_COLUMNS
        .iter()
        .position(|c| *c == column)
        .and_then(|i| positions.get(i).copied().flatten())
        .and_then(|p| fields.get(p))
        .map(|v| (*v).to_owned())
        .unwrap_or_default()
}

fn row_of(positions: &[Option<usize>], fields: &[&str]) -> EventRow {
    let cell = |column: &str| cell(positions, fields, column);
    EventRow {
        date: cell("date"),
        end_date: cell("end_date"),
        name_en: cell("name_en"),
        name_zh: cell("name_zh"),
        kind: cell("kind"),
        organiser: cell("organiser"),
        host_city: cell("host_city"),
        host_country: cell("host_country"),
        outcome_document: cell("outcome_document"),
        source: cell("source"),
    }
}

/// What to do with a file.
#[derive(Debug, Clone)]
pub struct EventImportOptions {
    pub skip_invalid: bool,
    pub ignore_unknown_columns: bool,
    pub rejects: Option<PathBuf>,
    pub actor: String,
    pub file_name: String,
}

impl Store {
    /// Imports events in the layout of `cooperation-events.csv` (CSV or XLSX).
    pub async fn import_cooperation_events(
        &self,
        path: &Path,
        options: &EventImportOptions,
    ) -> Result<ImportReport, ImportError> {
        let started_at = now();
        let mut positions: Option<Vec<Option<usize>>> = None;
        let mut header_errors = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let mut valid: Vec<EventInput> = Vec::new();
        let mut rejected: Vec<(Vec<String>, String)> = Vec::new();
        let mut errors: Vec<RowError> = Vec::new();
        let mut counts = Counts::default();
        let mut seen: Vec<(chrono::NaiveDate, String)> = Vec::new();
        let sha256 = read_rows(
            path,
            Arc::new(AtomicU64::new(0)),
            |number, fields, not_utf8| {
                let Some(p) = &positions else {
                    names = fields.iter().map(|f| (*f).to_owned()).collect();
                    match header(fields, options.ignore_unknown_columns) {
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
                    let row = row_of(p, fields);
                    match row.check() {
                        Ok(input) => {
                            let key = (input.starts_on, input.name_en.clone());
                            if seen.contains(&key) {
                                issues.push((
                                    "name_en".into(),
                                    input.name_en.clone(),
                                    "duplicate_in_file",
                                ));
                            } else {
                                seen.push(key);
                                valid.push(input);
                            }
                        }
                        Err(field_errors) => {
                            for e in field_errors.0 {
                                issues.push((e.field.clone(), cell(p, fields, &e.field), e.code));
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
        let refused =
            !header_errors.is_empty() || (counts.rows_rejected > 0 && !options.skip_invalid);
        let mut rejects_file = None;
        if options.skip_invalid && !rejected.is_empty() && header_errors.is_empty() {
            let target = options
                .rejects
                .clone()
                .unwrap_or_else(|| default_rejects(path));
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .from_path(&target)
                .map_err(|e| ImportError::Rejects(e.into()))?;
            let mut head = names.clone();
            head.push("reason".into());
            w.write_record(&head)
                .map_err(|e| ImportError::Rejects(e.into()))?;
            for (fields, reason) in &rejected {
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
        let mut tx = self.begin_write().await?;
        if !refused {
            for input in &valid {
                match upsert_event(&mut tx, &options.actor, input, "import").await? {
                    Upsert::Created => counts.created += 1,
                    Upsert::Updated => counts.updated += 1,
                    Upsert::Unchanged => counts.unchanged += 1,
                }
            }
            refresh(self, &mut tx).await?;
        }
        let status = if refused { "refused" } else { "imported" };
        let run_id = self
            .record_run(
                &mut tx,
                RunRecord {
                    kind: KIND,
                    file_name: &options.file_name,
                    actor: &options.actor,
                    status,
                    sha256: &sha256,
                    counts: &counts,
                    started_at,
                },
            )
            .await?;
        tx.commit().await.map_err(crate::StoreError::from)?;
        Ok(ImportReport {
            run_id,
            kind: KIND.to_owned(),
            status: status.to_owned(),
            sha256,
            counts,
            header_errors,
            errors_total: counts_rejected(&rejected),
            errors,
            rejects_file,
        })
    }
}

fn counts_rejected(rejected: &[(Vec<String>, String)]) -> u64 {
    u64::try_from(rejected.len()).unwrap_or(u64::MAX)
}
