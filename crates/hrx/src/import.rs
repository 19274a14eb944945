//! `hrx import KIND FILE`: the import engine with a progress bar and a report in the
//! terminal's language.

use crate::cli::Import;
use anyhow::{bail, Context};
use hrx_domain::imports::ImportKind;
use hrx_store::cooperation::{EventImportOptions, EVENTS_IMPORT_KIND};
use hrx_store::imports::{ImportOptions, ImportReport, Progress, RowError};
use hrx_store::intorgs::VACANCIES_IMPORT_KIND;
use hrx_store::Store;
use hrx_web::i18n::{translate, Lang};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Chinese when the locale asks for it, English otherwise.
fn terminal_lang() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_default();
    if locale.starts_with("zh") {
        Lang::Zh
    } else {
        Lang::En
    }
}

pub async fn run(store: &Store, args: &Import) -> anyhow::Result<ExitCode> {
    let lang = terminal_lang();
    if !args.file.is_file() {
        bail!("{} is not a readable file", args.file.display());
    }
    if args.kind.trim() == EVENTS_IMPORT_KIND || args.kind.trim() == VACANCIES_IMPORT_KIND {
        return small(store, args, lang).await;
    }
    let Some(kind) = ImportKind::parse(&args.kind) else {
        let kinds: Vec<&str> = ImportKind::ALL
            .iter()
            .map(|k| k.code())
            .chain([EVENTS_IMPORT_KIND, VACANCIES_IMPORT_KIND])
            .collect();
        bail!(
            "unknown import kind {:?}: use one of {}",
            args.kind,
            kinds.join(", ")
        );
    };
    let options = ImportOptions {
        kind,
        skip_invalid: args.skip_invalid,
        ignore_unknown_columns: args.ignore_unknown_columns,
        rejects: args.rejects.clone(),
        actor: args.actor.clone(),
        file_name: file_name(args),
        today: chrono::Local::now().date_naive(),
    };
    let progress = Progress::new();
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let ticker = {
        let progress = progress.clone();
        let bar = bar.clone();
        // On a terminal a bar; otherwise (logs, cron) a plain line every two seconds.
        let plain = !std::io::stderr().is_terminal();
        tokio::spawn(async move {
            let mut last_line = Instant::now();
            while !progress.finished.load(Ordering::Relaxed) {
                if plain && last_line.elapsed() >= Duration::from_secs(2) {
                    last_line = Instant::now();
                    eprintln!(
                        "progress: {} rows read, {} written, {} invalid",
                        progress.rows_read.load(Ordering::Relaxed),
                        progress.rows_written.load(Ordering::Relaxed),
                        progress.rows_invalid.load(Ordering::Relaxed)
                    );
                }
                bar.set_length(progress.bytes_total.load(Ordering::Relaxed));
                bar.set_position(progress.bytes_read.load(Ordering::Relaxed));
                bar.set_message(format!(
                    "{} rows read, {} written, {} invalid",
                    progress.rows_read.load(Ordering::Relaxed),
                    progress.rows_written.load(Ordering::Relaxed),
                    progress.rows_invalid.load(Ordering::Relaxed)
                ));
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    let started = Instant::now();
    let result = store
        .import_file(&args.file, options, progress.clone())
        .await;
    progress.finished.store(true, Ordering::Relaxed);
    let _ = ticker.await;
    bar.finish_and_clear();
    let report = result.with_context(|| {
        format!(
            "import of {} failed; nothing was written",
            args.file.display()
        )
    })?;
    finish(&report, args.json, lang, started.elapsed().as_secs_f64())
}

/// `hrx import cooperation-events FILE` (the layout of the shipped history of events) and
/// `hrx import io-vacancies FILE` (docs/import-formats.md), with the same guarantees
/// (nothing written from a file with an invalid row unless --skip-invalid).
async fn small(store: &Store, args: &Import, lang: Lang) -> anyhow::Result<ExitCode> {
    let options = EventImportOptions {
        skip_invalid: args.skip_invalid,
        ignore_unknown_columns: args.ignore_unknown_columns,
        rejects: args.rejects.clone(),
        actor: args.actor.clone(),
        file_name: file_name(args),
    };
    let started = Instant::now();
    let report = if args.kind.trim() == VACANCIES_IMPORT_KIND {
        let today = chrono::Local::now().date_naive();
        store.import_io_vacancies(&args.file, &options, today).await
    } else {
        store.import_cooperation_events(&args.file, &options).await
    }
    .with_context(|| {
        format!(
            "import of {} failed; nothing was written",
            args.file.display()
        )
    })?;
    finish(&report, args.json, lang, started.elapsed().as_secs_f64())
}

/// Prints the report and answers the exit code: success only when the file was imported.
fn finish(report: &ImportReport, json: bool, lang: Lang, seconds: f64) -> anyhow::Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        print_report(report, lang, seconds);
    }
    Ok(if report.status == "imported" {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The name the import history shows: the file's own.
fn file_name(args: &Import) -> String {
    args.file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn describe(error: &RowError, lang: Lang) -> String {
    let reason = translate(lang, &format!("err-{}", error.reason), &[]);
    if error.column.is_empty() {
        format!(
            "{}: {reason}",
            translate(lang, "import-row", &[("row", error.row.to_string())])
        )
    } else {
        format!(
            "{}, {} {:?}: {reason}",
            translate(lang, "import-row", &[("row", error.row.to_string())]),
            error.column,
            error.value
        )
    }
}

fn print_report(report: &ImportReport, lang: Lang, seconds: f64) {
    let c = &report.counts;
    let t = |key: &str, args: &[(&str, String)]| translate(lang, key, args);
    for e in &report.header_errors {
        eprintln!("{}", describe(e, lang));
    }
    for e in &report.errors {
        eprintln!("{}", describe(e, lang));
    }
    if report.errors_total > report.errors.len() as u64 {
        eprintln!(
            "{}",
            t(
                "import-more-errors",
                &[(
                    "count",
                    (report.errors_total - report.errors.len() as u64).to_string()
                )]
            )
        );
    }
    let key = if report.status == "imported" {
        "import-done"
    } else {
        "import-refused"
    };
    println!(
        "{}",
        t(
            key,
            &[
                ("run", report.run_id.to_string()),
                ("read", c.rows_read.to_string()),
                ("created", c.created.to_string()),
                ("updated", c.updated.to_string()),
                ("unchanged", c.unchanged.to_string()),
                ("rejected", c.rows_rejected.to_string()),
                ("persons_created", c.persons_created.to_string()),
                ("persons_matched", c.persons_matched.to_string()),
                ("seconds", format!("{seconds:.1}")),
            ]
        )
    );
    if let Some(rejects) = &report.rejects_file {
        println!(
            "{}",
            t("import-rejects-written", &[("file", rejects.clone())])
        );
    }
}
