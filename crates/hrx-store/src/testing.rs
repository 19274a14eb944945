//! Fresh databases for tests: a new SQLite file always, and a new PostgreSQL database when
//! `HRX_TEST_DATABASE_URL` names a server. Under `CI=true` PostgreSQL is required.

use crate::{random_name, Store, StoreError};
use std::path::PathBuf;

pub struct TestDatabase {
    pub label: &'static str,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    pub async fn sqlite() -> Result<TestDatabase, StoreError> {
        let dir = std::env::temp_dir().join(format!("hrx-test-{}", random_name()?));
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::Config(e.to_string()))?;
        Ok(TestDatabase {
            label: "sqlite",
            url: Store::sqlite_url(&dir),
            cleanup: Cleanup::File(dir),
        })
    }

    pub async fn postgres(admin_url: &str) -> Result<TestDatabase, StoreError> {
        let name = format!("hrx_test_{}", random_name()?);
        let admin = Store::connect(admin_url).await?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(admin.pool())
            .await?;
        admin.close().await;
        let url = match admin_url.rfind('/') {
            Some(slash) if slash > "postgres://".len() => {
                let (base, rest) = admin_url.split_at(slash);
                let query = rest.find('?').map(|q| &rest[q..]).unwrap_or("");
                format!("{base}/{name}{query}")
            }
            _ => format!("{}/{name}", admin_url.trim_end_matches('/')),
        };
        Ok(TestDatabase {
            label: "postgres",
            url,
            cleanup: Cleanup::Postgres {
                admin_url: admin_url.to_owned(),
                name,
            },
        })
    }

    /// Connects and migrates.
    pub async fn store(&self) -> Result<Store, StoreError> {
        let store = Store::connect(&self.url).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub async fn drop_database(self) {
        match self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(admin) = Store::connect(&admin_url).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(admin.pool())
                        .await;
                    admin.close().await;
                }
            }
        }
    }
}

/// The PostgreSQL server tests should use, if any. Under CI it must be set.
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var("HRX_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() {
        let ci = std::env::var("CI")
            .map(|v| v == "true" || v == "1")
            .unwrap_or(false);
        assert!(
            !ci,
            "CI=true but HRX_TEST_DATABASE_URL is not set: PostgreSQL tests may not be skipped"
        );
        eprintln!("SKIPPED: PostgreSQL half of this test (HRX_TEST_DATABASE_URL is not set)");
    }
    url
}

/// A fresh database on each backend that is available: SQLite always, PostgreSQL when set.
pub async fn fresh_databases() -> Result<Vec<TestDatabase>, StoreError> {
    let mut databases = vec![TestDatabase::sqlite().await?];
    if let Some(url) = postgres_admin_url() {
        databases.push(TestDatabase::postgres(&url).await?);
    }
    Ok(databases)
}

/// Runs `body` once per available backend, each on its own new, migrated database, which is
/// dropped afterwards. A test fails by panicking, so set-up failures panic too.
#[allow(clippy::panic)]
pub async fn on_each_backend<F, Fut>(body: F)
where
    F: Fn(Store, &'static str) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let databases = fresh_databases()
        .await
        .unwrap_or_else(|e| panic!("test databases: {e}"));
    for db in databases {
        let store = db
            .store()
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", db.label));
        body(store.clone(), db.label).await;
        store.close().await;
        db.drop_database().await;
    }
}
