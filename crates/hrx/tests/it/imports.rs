//! `hrx import` as a process: killed in the middle of a file, it leaves the database as it
//! was before the file, on SQLite and on PostgreSQL; the next import works.

use crate::support::hrx;
use hrx_store::testing::{postgres_admin_url, TestDatabase};
use hrx_store::Store;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

fn generate(dir: &Path, persons: u64) -> std::path::PathBuf {
    let file = dir.join(format!("study-{persons}.csv"));
    let status = hrx()
        .args([
            "generate",
            "study-abroad",
            "--persons",
            &persons.to_string(),
            "--out",
        ])
        .arg(&file)
        .status()
        .unwrap_or_else(|e| panic!("hrx generate: {e}"));
    assert!(status.success());
    file
}

/// Starts an import, waits until it reports rows written, and kills it with SIGKILL.
fn import_and_kill(dir: &Path, url: &str, file: &Path) {
    let mut child = hrx()
        .arg("--data-dir")
        .arg(dir)
        .args(["import", "study-abroad"])
        .arg(file)
        .env("HRX_DATABASE_URL", url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("hrx import: {e}"));
    let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    let mut writing = false;
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        // "progress: N rows read, M written, 0 invalid" with M > 0: mid-file.
        let written = line
            .strip_prefix("progress: ")
            .and_then(|rest| rest.split(", ").nth(1))
            .and_then(|w| w.split(' ').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0);
        if written > 0 {
            writing = true;
            break;
        }
    }
    assert!(writing, "the import never reported rows written");
    child.kill().unwrap_or_else(|e| panic!("kill: {e}"));
    let status = child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
    assert!(
        !status.success(),
        "the import finished before it was killed"
    );
}

async fn counts(url: &str) -> (i64, i64, i64, i64) {
    let store = Store::connect(url).await.unwrap_or_else(|e| panic!("{e}"));
    let mut found = Vec::new();
    for table in ["study_abroad", "person", "person_search_term", "import_run"] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        found.push(n);
    }
    store.close().await;
    (found[0], found[1], found[2], found[3])
}

async fn killed_import_leaves_nothing(url: &str, dir: &Path, label: &str) {
    let big = generate(dir, 400_000);
    import_and_kill(dir, url, &big);
    assert_eq!(
        counts(url).await,
        (0, 0, 0, 0),
        "{label}: half a file was left"
    );
    if url.starts_with("sqlite") {
        let store = Store::connect(url).await.unwrap_or_else(|e| panic!("{e}"));
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(check, "ok", "{label}");
        let indexes: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'person_name_latin'",
        )
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(indexes, 1, "{label}: the indexes set aside came back");
        store.close().await;
    }
    // The database takes the next file as if nothing had happened.
    let small = generate(dir, 500);
    let output = hrx()
        .arg("--data-dir")
        .arg(dir)
        .args(["import", "study-abroad"])
        .arg(&small)
        .env("HRX_DATABASE_URL", url)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.status.success(),
        "{label}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(counts(url).await.0, 500, "{label}");
    let verify = hrx()
        .arg("--data-dir")
        .arg(dir)
        .args(["audit", "verify"])
        .env("HRX_DATABASE_URL", url)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(verify.status.success(), "{label}");
    // The figures equal a recompute from the records.
    let check = hrx()
        .arg("--data-dir")
        .arg(dir)
        .args(["stats", "check"])
        .env("HRX_DATABASE_URL", url)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        check.status.success(),
        "{label}: {}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[tokio::test]
async fn an_import_killed_mid_file_leaves_the_database_as_before() {
    let dir = std::env::temp_dir().join(format!(
        "hrx-kill-{}",
        hrx_store::random_name().unwrap_or_default()
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let sqlite_url = Store::sqlite_url(&dir);
    killed_import_leaves_nothing(&sqlite_url, &dir, "sqlite").await;
    if let Some(admin) = postgres_admin_url() {
        let db = TestDatabase::postgres(&admin)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
        store.close().await;
        killed_import_leaves_nothing(&db.url, &dir, "postgres").await;
        db.drop_database().await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}
