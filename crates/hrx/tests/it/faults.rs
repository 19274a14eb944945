//! Faults on both databases (issue 24): the server killed with SIGKILL in the middle of a
//! burst of writes leaves a database whose audit chain verifies, whose figures equal a
//! recompute (`hrx stats check`), and that holds every write it acknowledged and none it did
//! not receive; and on SQLite a backup taken while writes go on restores to a database whose
//! audit chain verifies. (An import killed mid-file: `imports.rs`.)

use crate::support::{hrx, Server, ADMIN_PASSWORD};
use hrx_store::testing::{postgres_admin_url, TestDatabase};
use hrx_store::Store;
use serde_json::json;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// `hrx ARGS` on the server's database; panics unless it succeeds.
fn cli_ok(dir: &Path, url: Option<&str>, args: &[&str], label: &str) {
    let mut command = hrx();
    command.arg("--data-dir").arg(dir).args(args);
    match url {
        Some(url) => command.env("HRX_DATABASE_URL", url),
        None => command.env_remove("HRX_DATABASE_URL"),
    };
    let output = command.output().unwrap_or_else(|e| panic!("{label}: {e}"));
    assert!(
        output.status.success(),
        "{label}: hrx {args:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writers creating people until `stop` (or until the server is gone): (sent, acknowledged).
fn writers(
    base: &str,
    token: &str,
    prefix: &str,
    stop: &Arc<AtomicBool>,
) -> (
    Vec<tokio::task::JoinHandle<()>>,
    Arc<AtomicU64>,
    Arc<AtomicU64>,
) {
    let (sent, acked) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let client = reqwest::Client::new();
    let tasks = (0..6)
        .map(|w| {
            let (client, sent, acked, stop) =
                (client.clone(), sent.clone(), acked.clone(), stop.clone());
            let (url, token, prefix) = (
                format!("{base}/api/v1/persons"),
                token.to_owned(),
                prefix.to_owned(),
            );
            tokio::spawn(async move {
                for i in 0.. {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let passport = format!("{prefix}{w}{i:06}");
                    sent.fetch_add(1, Ordering::Relaxed);
                    let reply = client
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&json!({"name_latin": "Anna Berg", "sex": "female",
                            "birth_date": "1990-05-01", "nationality": "SE",
                            "passport_number": passport}))
                        .send()
                        .await;
                    match reply {
                        Ok(r) if r.status().as_u16() == 201 => {
                            acked.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(_) => {}
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    (tasks, sent, acked)
}

async fn burst_killed(database_url: Option<&str>, label: &str) {
    let mut server = Server::start(database_url).await;
    let token = server.token("admin", ADMIN_PASSWORD).await;
    let stop = Arc::new(AtomicBool::new(false));
    let (tasks, sent, acked) = writers(&server.base, &token, "K", &stop);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill();
    for t in tasks {
        let _ = t.await;
    }
    let (sent, acked) = (sent.load(Ordering::Relaxed), acked.load(Ordering::Relaxed));
    assert!(
        acked > 10,
        "{label}: only {acked} writes went through before the kill"
    );
    let dir = server.data_dir.clone();
    cli_ok(&dir, database_url, &["audit", "verify"], label);
    cli_ok(&dir, database_url, &["stats", "check"], label);
    let url = database_url.map_or_else(|| Store::sqlite_url(&dir), str::to_owned);
    let store = Store::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM identity_document WHERE number LIKE 'K%'")
            .fetch_one(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM person")
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    store.close().await;
    assert!(
        (acked as i64) <= stored && stored <= sent as i64,
        "{label}: {stored} stored, {acked} acknowledged, {sent} sent"
    );
    assert_eq!(
        people, stored,
        "{label}: a person without their passport, or the reverse"
    );
}

#[tokio::test]
async fn a_server_killed_during_a_burst_of_writes_loses_nothing_it_acknowledged() {
    burst_killed(None, "sqlite").await;
    if let Some(admin) = postgres_admin_url() {
        let db = TestDatabase::postgres(&admin)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
        store.close().await;
        burst_killed(Some(&db.url), "postgres").await;
        db.drop_database().await;
    }
}

#[tokio::test]
async fn a_backup_taken_during_writes_restores_with_its_audit_chain_whole() {
    let server = Server::start(None).await;
    let token = server.token("admin", ADMIN_PASSWORD).await;
    let stop = Arc::new(AtomicBool::new(false));
    let (tasks, _, acked) = writers(&server.base, &token, "B", &stop);
    tokio::time::sleep(Duration::from_millis(700)).await;
    let restored = std::env::temp_dir().join(format!(
        "hrx-restored-{}",
        hrx_store::random_name().unwrap_or_default()
    ));
    std::fs::create_dir_all(&restored).unwrap_or_else(|e| panic!("{e}"));
    let copy = restored.join("hrx.db");
    cli_ok(
        &server.data_dir,
        None,
        &["backup", &copy.to_string_lossy()],
        "backup",
    );
    let during = acked.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    assert!(during > 0, "the backup was not taken during writes");
    // The copy is a database of its own: its chain verifies, its figures recompute.
    cli_ok(&restored, None, &["audit", "verify"], "restored");
    cli_ok(&restored, None, &["stats", "check"], "restored");
    let _ = std::fs::remove_dir_all(&restored);
}
