//! The storage conformance suite: every test runs on a fresh SQLite database and, when
//! HRX_TEST_DATABASE_URL is set, on a fresh PostgreSQL database.

// Tests fail by panicking; the library lints against panics do not apply here.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod audit;
mod case;
mod conventions;
mod cooperation;
mod coverage_import;
mod experts_import;
mod imports;
mod intorgs;
mod lists;
mod matching;
mod merges;
mod native_names;
mod permits;
mod registry;
mod report_list;
mod returnees;
mod schema;
mod statistics;
mod support;
mod training_import;

pub use hrx_store::testing::on_each_backend;

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
