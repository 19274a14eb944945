//! The officers' upload page for bulk imports: the same engine as `hrx import`, run in the
//! background with its progress shown on a page that refreshes itself (no script needed).

use super::extract::{allow, Anyone, Found, OrPage, PageError, SignedIn};
use super::uploads::{checked_upload, safe_name, save};
use super::{no_store, render, Ctx, KeysetPager};
use crate::AppState;
use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use hrx_domain::access::Principal;
use hrx_domain::imports::ImportKind;
use hrx_store::imports::{ImportOptions, ImportReport, ImportRunRecord, Progress, RowError};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The largest file the upload page takes: the largest real import, 1.62 million study-abroad
/// rows, is 181 MB as CSV (bench/import.sh); larger files go through `hrx import`.
pub const MAX_UPLOAD_BYTES: usize = 256 * 1024 * 1024;
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/imports",
            get(form)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/imports/templates/{file}", get(template))
        .route("/imports/jobs/{id}", get(job_page))
        .route("/imports/jobs/{id}/rejects.csv", get(rejects))
}

/// One import started from the page.
pub struct Job {
    owner: String,
    kind: ImportKind,
    file_name: String,
    progress: Arc<Progress>,
    started: Instant,
    outcome: Mutex<Option<Result<ImportReport, String>>>,
}

/// Jobs by id; the page polls them while they run.
/// The jobs kept in memory for their pages before the finished ones are let go.
const MAX_JOBS: usize = 50;

#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, Arc<Job>>>);

impl Jobs {
    fn get(&self, id: &str) -> Option<Arc<Job>> {
        self.0.lock().ok().and_then(|jobs| jobs.get(id).cloned())
    }

    fn insert(&self, id: String, job: Arc<Job>) {
        if let Ok(mut jobs) = self.0.lock() {
            // Keep a few dozen: finished ones are in the import history anyway, and each keeps
            // its report (at most 1,000 errors of 200 characters each) in memory.
            if jobs.len() >= MAX_JOBS {
                let finished: Vec<String> = jobs
                    .iter()
                    .filter(|(_, j)| j.progress.finished.load(Ordering::Relaxed))
                    .map(|(k, _)| k.clone())
                    .collect();
                for k in finished {
                    jobs.remove(&k);
                }
            }
            jobs.insert(id, job);
        }
    }
}

fn kinds_for(ctx: &Ctx) -> Vec<&'static str> {
    ImportKind::ALL
        .into_iter()
        .filter(|k| ctx.user.as_ref().is_some_and(|u| u.may_import(*k)))
        .map(ImportKind::code)
        .collect()
}

/// One format as the page explains it: its columns, each with what it holds and whether the
/// whole column may be left out.
struct Format {
    kind: &'static str,
    columns: Vec<(&'static str, bool)>,
}

#[derive(Template)]
#[template(path = "imports.html")]
struct FormPage {
    ctx: Ctx,
    formats: Vec<Format>,
    kinds: Vec<&'static str>,
    kind: String,
    skip_invalid: bool,
    error: Option<String>,
    history: HistoryParams,
    rows: Vec<ImportRunRecord>,
    pager: KeysetPager,
}

/// Imports in a page of the history.
const HISTORY_ROWS: i64 = 20;

/// The history's filters: words of the file name or the importer, a kind, and where the page
/// starts.
#[derive(Deserialize, Default)]
#[serde(default)]
struct HistoryParams {
    q: String,
    of: String,
    after: String,
}

async fn form_page(
    state: &AppState,
    ctx: Ctx,
    history: HistoryParams,
    kind: String,
    skip_invalid: bool,
    error: Option<String>,
) -> Result<Response, PageError> {
    let kinds = kinds_for(&ctx);
    let allowed: Vec<ImportKind> = kinds.iter().filter_map(|k| ImportKind::parse(k)).collect();
    let shown: Vec<ImportKind> = match ImportKind::parse(&history.of) {
        Some(k) => allowed.iter().copied().filter(|a| *a == k).collect(),
        None => allowed,
    };
    let runs = state
        .store
        .import_runs_after(
            &shown,
            Some(history.q.as_str()),
            Some(history.after.as_str()).filter(|a| !a.is_empty()),
            HISTORY_ROWS,
        )
        .await
        .or_page(&ctx)?;
    let visible = runs.items;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let pager = KeysetPager::new(
        "/imports",
        &[("q", &history.q), ("of", &history.of)],
        &history.after,
        (runs.total, runs.total_capped),
        runs.next.as_deref(),
    );
    Ok(no_store(render(
        status,
        &FormPage {
            ctx,
            formats: kinds
                .iter()
                .filter_map(|k| ImportKind::parse(k))
                .map(|k| Format {
                    kind: k.code(),
                    columns: k
                        .template_columns()
                        .into_iter()
                        .map(|c| (c, hrx_domain::imports::is_optional(c)))
                        .collect(),
                })
                .collect(),
            kinds,
            kind,
            skip_invalid,
            error,
            history,
            rows: visible,
            pager,
        },
    )))
}

/// A template of a format: its header row, in UTF-8 with a byte-order mark so that a
/// spreadsheet opens it right (for those who may import the kind).
async fn template(
    SignedIn { principal, ctx }: SignedIn,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    let kind = file
        .strip_suffix(".csv")
        .and_then(ImportKind::parse)
        .ok_or_else(|| PageError::not_found(ctx.clone()))?;
    if !principal.may_import(kind) {
        return Err(PageError::forbidden(ctx));
    }
    let body = format!("\u{feff}{}\r\n", kind.template_columns().join(","));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"hrx-{}-template.csv\"", kind.code()),
            ),
        ],
        body,
    )
        .into_response())
}

async fn form(
    State(state): State<AppState>,
    SignedIn { ctx, .. }: SignedIn,
    Query(history): Query<HistoryParams>,
) -> Result<Response, PageError> {
    allow(!kinds_for(&ctx).is_empty(), &ctx)?;
    form_page(&state, ctx, history, String::new(), false, None).await
}

async fn upload(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    // Who may import at all, then the CSRF token (the first part), before any file is read.
    allow(!kinds_for(&ctx).is_empty(), &ctx)?;
    let mut multipart = checked_upload(multipart, &ctx).await?;
    let mut kind = String::new();
    let mut skip_invalid = false;
    let mut ignore_unknown = false;
    let mut stored: Option<(std::path::PathBuf, String)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                let error = ctx.t("import-upload-failed");
                return form_page(
                    &state,
                    ctx,
                    HistoryParams::default(),
                    kind,
                    skip_invalid,
                    Some(error),
                )
                .await;
            }
        };
        match field.name().unwrap_or("") {
            "kind" => kind = field.text().await.unwrap_or_default(),
            "skip_invalid" => skip_invalid = true,
            "ignore_unknown_columns" => ignore_unknown = true,
            "file" => {
                // The kind comes before the file in the form: a file for a kind this user
                // may not import is never stored.
                if !ImportKind::parse(&kind).is_some_and(|k| principal.may_import(k)) {
                    let error = ctx.t("import-choose-kind");
                    return form_page(
                        &state,
                        ctx,
                        HistoryParams::default(),
                        kind,
                        skip_invalid,
                        Some(error),
                    )
                    .await;
                }
                let original = field.file_name().unwrap_or("upload.csv").to_owned();
                let dir = match state.upload_dir("imports") {
                    Ok(d) => d,
                    Err(e) => {
                        tracing::error!(error = %e, "cannot create the upload directory");
                        let error = ctx.t("import-upload-failed");
                        return form_page(
                            &state,
                            ctx,
                            HistoryParams::default(),
                            kind,
                            skip_invalid,
                            Some(error),
                        )
                        .await;
                    }
                };
                let token = hrx_store::random_token().unwrap_or_else(|_| "upload".into());
                let path = dir.join(format!(
                    "{}-{}",
                    &token[..12.min(token.len())],
                    safe_name(&original)
                ));
                match save(field, &path, MAX_UPLOAD_BYTES as u64).await {
                    Ok(saved) if saved.size == 0 => {
                        let _ = std::fs::remove_file(&path);
                    }
                    Ok(_) => stored = Some((path, original)),
                    Err(e) => {
                        tracing::warn!(error = ?e, "upload failed");
                        let error = ctx.t("import-upload-failed");
                        return form_page(
                            &state,
                            ctx,
                            HistoryParams::default(),
                            kind,
                            skip_invalid,
                            Some(error),
                        )
                        .await;
                    }
                }
            }
            _ => {}
        }
    }
    let Some(import_kind) = ImportKind::parse(&kind).filter(|k| principal.may_import(*k)) else {
        if let Some((path, _)) = &stored {
            let _ = std::fs::remove_file(path);
        }
        let error = ctx.t("import-choose-kind");
        return form_page(
            &state,
            ctx,
            HistoryParams::default(),
            kind,
            skip_invalid,
            Some(error),
        )
        .await;
    };
    let Some((path, original)) = stored else {
        let error = ctx.t("import-choose-file");
        return form_page(
            &state,
            ctx,
            HistoryParams::default(),
            kind,
            skip_invalid,
            Some(error),
        )
        .await;
    };

    let id = hrx_store::random_token().unwrap_or_default();
    let progress = Progress::new();
    let job = Arc::new(Job {
        owner: principal.username.clone(),
        kind: import_kind,
        file_name: original.clone(),
        progress: progress.clone(),
        started: Instant::now(),
        outcome: Mutex::new(None),
    });
    state.imports.insert(id.clone(), job.clone());
    let options = ImportOptions {
        kind: import_kind,
        skip_invalid,
        ignore_unknown_columns: ignore_unknown,
        rejects: Some(path.with_extension("rejects.csv")),
        actor: principal.username.clone(),
        file_name: original,
        today: state.today(),
    };
    let store = state.store.clone();
    tokio::spawn(async move {
        let result = store
            .import_file(&path, options, progress.clone())
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "import from the upload page failed");
                e.to_string()
            });
        // The uploaded file holds names, birth dates and passport numbers: it goes as soon
        // as the import has read it, whatever the outcome (the rejects stay for download
        // while the job is kept).
        if let Err(e) = std::fs::remove_file(&path) {
            tracing::warn!(error = %e, "cannot remove an uploaded import file");
        }
        progress.finished.store(true, Ordering::Relaxed);
        if let Ok(mut outcome) = job.outcome.lock() {
            *outcome = Some(result);
        }
    });
    Ok(Redirect::to(&format!("/imports/jobs/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "import_job.html")]
struct JobPage {
    ctx: Ctx,
    id: String,
    kind: &'static str,
    file_name: String,
    running: bool,
    percent: u64,
    rows_read: u64,
    rows_written: u64,
    rows_invalid: u64,
    indexing: bool,
    seconds: u64,
    report: Option<ImportReport>,
    failure: Option<String>,
    errors: Vec<(RowError, String)>,
}

fn job_for(state: &AppState, user: Option<&Principal>, id: &str) -> Option<Arc<Job>> {
    let user = user?;
    state
        .imports
        .get(id)
        .filter(|job| job.owner == user.username)
}

async fn job_page(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    // Another user's job, like an unknown one, is not found.
    let job = job_for(&state, Some(&principal), &id).found(&ctx)?;
    let p = &job.progress;
    let outcome = job.outcome.lock().ok().and_then(|o| o.clone());
    let total = p.bytes_total.load(Ordering::Relaxed).max(1);
    let read = p.bytes_read.load(Ordering::Relaxed).min(total);
    let (report, failure) = match outcome {
        Some(Ok(report)) => (Some(report), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    let errors = report
        .as_ref()
        .map(|r| {
            r.header_errors
                .iter()
                .chain(r.errors.iter())
                .take(200)
                .map(|e| (e.clone(), ctx.t(&format!("err-{}", e.reason))))
                .collect()
        })
        .unwrap_or_default();
    let page = JobPage {
        id,
        kind: job.kind.code(),
        file_name: job.file_name.clone(),
        running: report.is_none() && failure.is_none(),
        percent: read * 100 / total,
        rows_read: p.rows_read.load(Ordering::Relaxed),
        rows_written: p.rows_written.load(Ordering::Relaxed),
        rows_invalid: p.rows_invalid.load(Ordering::Relaxed),
        indexing: p.indexing.load(Ordering::Relaxed),
        seconds: job.started.elapsed().as_secs(),
        report,
        failure,
        errors,
        ctx,
    };
    Ok(no_store(render(StatusCode::OK, &page)))
}

async fn rejects(
    State(state): State<AppState>,
    Anyone { principal, ctx }: Anyone,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let job = job_for(&state, principal.as_ref(), &id).found(&ctx)?;
    let file = job
        .outcome
        .lock()
        .ok()
        .and_then(|o| o.clone())
        .and_then(Result::ok)
        .and_then(|r| r.rejects_file);
    let content = file.and_then(|f| std::fs::read(f).ok()).found(&ctx)?;
    Ok(no_store(
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"{}-rejects.csv\"",
                        safe_name(job.file_name.trim_end_matches(".csv"))
                    ),
                ),
            ],
            content,
        )
            .into_response(),
    ))
}

#[cfg(test)]
mod format_tests {
    use crate::i18n::{keys, EN_FTL, ZH_FTL};
    use hrx_domain::imports::ImportKind;

    #[test]
    fn every_column_of_every_format_is_explained_in_both_languages() {
        for ftl in [EN_FTL, ZH_FTL] {
            let have = keys(ftl);
            for kind in ImportKind::ALL {
                assert!(
                    have.contains(&format!("import-kind-{}", kind.code())),
                    "{kind:?}"
                );
                for c in kind.template_columns() {
                    assert!(have.contains(&format!("import-col-{c}")), "import-col-{c}");
                }
            }
        }
    }
}
