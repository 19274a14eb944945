//! The two migration folders describe one schema: after migrating, SQLite and PostgreSQL have
//! the same tables with the same columns, so that one set of statements serves both.

use hrx_store::testing::fresh_databases;
use hrx_store::{Backend, Store};
use std::collections::BTreeMap;

/// Every table's columns, sorted, without sqlx's own bookkeeping table.
async fn columns(store: &Store) -> BTreeMap<String, Vec<String>> {
    let sql = match store.backend() {
        Backend::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
        }
        Backend::Postgres => {
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public'"
        }
    };
    let rows: Vec<(String, String)> = sqlx::query_as(sql)
        .fetch_all(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (table, column) in rows {
        if table != "_sqlx_migrations" {
            tables.entry(table).or_default().push(column);
        }
    }
    for columns in tables.values_mut() {
        columns.sort();
    }
    tables
}

#[tokio::test]
async fn both_backends_migrate_to_the_same_tables_and_columns() {
    let databases = fresh_databases()
        .await
        .unwrap_or_else(|e| panic!("test databases: {e}"));
    let mut schemas = Vec::new();
    for db in databases {
        let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
        schemas.push((db.label, columns(&store).await));
        store.close().await;
        db.drop_database().await;
    }
    let Some((first_label, first)) = schemas.first() else {
        panic!("no database to test");
    };
    assert!(first.contains_key("case_step"), "{first_label}: {first:?}");
    for (label, schema) in &schemas[1..] {
        assert_eq!(schema, first, "{label} differs from {first_label}");
    }
}
