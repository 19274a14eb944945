//! Set-up shared by the storage tests: files for the import engine, its options, and the
//! checks on what it wrote.

use chrono::NaiveDate;
use hrx_domain::imports::ImportKind;
use hrx_domain::statistics::series::{formula, Period};
use hrx_store::imports::{ImportOptions, ImportReport, Progress, RowError};
use hrx_store::Store;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A row error as (row, column, value, reason), to compare in one assertion.
pub fn error_tuple(e: &RowError) -> (u64, &str, &str, &str) {
    (e.row, &e.column, &e.value, &e.reason)
}

/// The business date of the import tests.
pub fn import_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// Writes `content` to `name` in a new temporary directory whose name starts with `prefix`.
pub fn temp_file(prefix: &str, name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", hrx_store::random_token().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// All-or-nothing import options, by "tester", on `import_today()`.
pub fn import_options(kind: ImportKind, file_name: &str) -> ImportOptions {
    ImportOptions {
        kind,
        skip_invalid: false,
        ignore_unknown_columns: false,
        rejects: None,
        actor: "tester".into(),
        file_name: file_name.into(),
        today: import_today(),
    }
}

/// A CSV file's text: the header row and the rows, each line ended.
pub fn csv_text(header: &str, rows: &[&str]) -> String {
    std::iter::once(header)
        .chain(rows.iter().copied())
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Imports `text` as a file of `kind`, written to a new temporary directory, with the
/// all-or-nothing options.
pub async fn import_text(store: &Store, kind: ImportKind, text: &str) -> ImportReport {
    let name = format!("{}.csv", kind.code());
    let path = temp_file(&format!("hrx-{}", kind.code()), &name, text);
    import_file(store, &path, import_options(kind, &name)).await
}

pub async fn import_file(store: &Store, path: &Path, options: ImportOptions) -> ImportReport {
    store
        .import_file(path, options, Progress::new())
        .await
        .unwrap_or_else(|e| panic!("import: {e}"))
}

pub async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// The maintained statistics equal a recompute.
pub async fn assert_consistent(store: &Store, label: &str, after: &str) {
    let report = store.check_statistics(10).await.unwrap();
    assert_eq!(
        report.differences_total, 0,
        "{label}: after {after}: {:?}",
        report.differences
    );
}

/// An indicator's sums by a dimension over a period, the zeros left out.
pub async fn sums(
    store: &Store,
    code: &str,
    dim: &'static str,
    period: &str,
) -> HashMap<String, i64> {
    store
        .indicator_sums(formula(code).unwrap(), dim, &Period::parse(period).unwrap())
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, v)| *v != 0)
        .collect()
}

/// An indicator's total over a period.
pub async fn value(store: &Store, code: &str, period: &str) -> i64 {
    sums(store, code, "", period)
        .await
        .get("")
        .copied()
        .unwrap_or(0)
}

/// How many people a name search finds, across all organisations.
pub async fn persons_named(store: &Store, text: &str) -> i64 {
    let query = hrx_store::registry::PersonQuery {
        text: Some(text.into()),
        page: 1,
        per_page: 10,
        ..Default::default()
    };
    store
        .search_persons(&query, hrx_domain::access::Scope::All)
        .await
        .unwrap()
        .total
}

/// A number written in letters (each digit d as the d-th letter from `a`), for names in test
/// files: names hold letters only, as the entry forms require.
pub fn letters(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|d| char::from(b'a' + d.to_digit(10).map_or(0, |v| v as u8)))
        .collect()
}
