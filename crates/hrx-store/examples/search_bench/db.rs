//! The database around the people: the countries they need, statistics for the planner, and
//! its size.

use crate::people::Tables;
use crate::BoxError;
use hrx_store::{Backend, Store};
use sqlx::{Executor, Row};
use std::collections::BTreeSet;
use std::time::Instant;

/// The number in the first column of the one row `sql` returns.
pub async fn count(store: &Store, sql: &str) -> Result<i64, BoxError> {
    let row = sqlx::query(sql).fetch_one(store.pool()).await?;
    Ok(row.try_get::<i64, _>(0)?)
}

/// Fails unless the country table holds every nationality the people can have.
pub async fn check_countries(store: &Store, t: &Tables) -> Result<(), BoxError> {
    let known: BTreeSet<String> = sqlx::query("SELECT alpha2 FROM country")
        .fetch_all(store.pool())
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    let missing: Vec<&str> = t
        .countries()
        .into_iter()
        .filter(|c| !known.contains(*c))
        .collect();
    if !missing.is_empty() {
        return Err(format!("nationalities missing from the country table: {missing:?}").into());
    }
    Ok(())
}

/// Updates the planner's statistics and prints what the database holds.
pub async fn analyze(store: &Store) -> Result<(), BoxError> {
    let postgres = store.backend() == Backend::Postgres;
    let t0 = Instant::now();
    if postgres {
        // Sets the visibility map as autovacuum would after the bulk load, so that the
        // measurement does not depend on whether autovacuum has run yet.
        store.pool().execute("VACUUM").await?;
    }
    store.pool().execute("ANALYZE").await?;
    println!(
        "{} in {:.1} s",
        if postgres {
            "VACUUM, ANALYZE"
        } else {
            "ANALYZE"
        },
        t0.elapsed().as_secs_f64()
    );
    let size = match store.backend() {
        Backend::Sqlite => {
            count(
                store,
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            )
            .await?
        }
        Backend::Postgres => count(store, "SELECT pg_database_size(current_database())").await?,
    };
    println!(
        "database: {} people, {} documents, {} search terms, {:.0} MiB",
        count(store, "SELECT COUNT(*) FROM person").await?,
        count(store, "SELECT COUNT(*) FROM identity_document").await?,
        count(store, "SELECT COUNT(*) FROM person_search_term").await?,
        size as f64 / (1024.0 * 1024.0)
    );
    Ok(())
}
