//! The storage conformance suite: every test runs on a fresh SQLite database and, when
//! HRX_TEST_DATABASE_URL is set, on a fresh PostgreSQL database.

// Tests fail by panicking; the library lints against panics do not apply here.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod audit;
mod case;
mod coverage_import;
mod imports;
mod permits;
mod registry;
mod returnees;
mod schema;
mod statistics;
mod support;

use hrx_store::testing::fresh_databases;
use hrx_store::Store;
use std::future::Future;

/// Runs `body` once per available backend, each on its own new database.
pub async fn on_each_backend<F, Fut>(body: F)
where
    F: Fn(Store, &'static str) -> Fut,
    Fut: Future<Output = ()>,
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

#[tokio::test]
async fn migrations_load_the_reference_tables_once() {
    on_each_backend(|store, label| async move {
        store
            .migrate()
            .await
            .unwrap_or_else(|e| panic!("{label}: second migrate: {e}"));
        let countries = store.countries().await.unwrap_or_default();
        assert_eq!(countries.len(), 249, "{label}");
        assert!(countries
            .iter()
            .any(|c| c.alpha2 == "CN" && c.name_zh.contains("中国")));
        assert_eq!(
            store.provinces().await.unwrap_or_default().len(),
            31,
            "{label}"
        );
        assert_eq!(
            store.occupations().await.unwrap_or_default().len(),
            53,
            "{label}"
        );
        assert_eq!(
            store.education_levels().await.unwrap_or_default().len(),
            9,
            "{label}"
        );
    })
    .await;
}
