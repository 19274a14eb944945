//! The blocking keys of a person in `person_match_key`: written with every person entered,
//! edited or imported, read by the matching (`matching.rs`).

use crate::StoreError;
use sqlx::AnyConnection;

/// The blocking keys of a person's names and birth date (written `YYYY-MM-DD`).
pub(crate) fn keys_of(native: Option<&str>, latin: Option<&str>, birth_date: &str) -> Vec<String> {
    let birth = chrono::NaiveDate::parse_from_str(birth_date, "%Y-%m-%d").ok();
    hrx_domain::registry::matching::blocking_keys(native, latin, birth)
}

/// Adds the blocking keys of a person's names and birth date.
pub(crate) async fn write_keys(
    conn: &mut AnyConnection,
    numbered: bool,
    id: i64,
    native: Option<&str>,
    latin: Option<&str>,
    birth_date: &str,
) -> Result<(), StoreError> {
    let keys = keys_of(native, latin, birth_date);
    insert_keys(conn, numbered, keys.into_iter().map(|k| (k, id)).collect()).await
}

/// Removes the blocking keys that names and birth dates of `records` (each as native name,
/// Latin name, birth date) give the person. The keys are found by their primary key, so the
/// table needs no index by person; a key left by an older rule only brings a candidate
/// that scores low.
pub(crate) async fn delete_keys(
    conn: &mut AnyConnection,
    id: i64,
    records: &[(Option<&str>, Option<&str>, &str)],
) -> Result<(), StoreError> {
    let mut keys: Vec<String> = Vec::new();
    for (native, latin, birth) in records {
        keys.extend(keys_of(*native, *latin, birth));
    }
    keys.sort();
    keys.dedup();
    for key in keys {
        sqlx::query("DELETE FROM person_match_key WHERE key = $1 AND person_id = $2")
            .bind(key)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Inserts (key, person) rows, many to a statement, leaving out those already there.
/// `numbered`: PostgreSQL placeholders.
pub(crate) async fn insert_keys(
    conn: &mut AnyConnection,
    numbered: bool,
    mut rows: Vec<(String, i64)>,
) -> Result<(), StoreError> {
    rows.sort_unstable();
    rows.dedup();
    crate::sql::insert_pairs(
        conn,
        "person_match_key (key, person_id)",
        numbered,
        rows.len(),
        |k| rows[k].clone(),
        " ON CONFLICT DO NOTHING",
    )
    .await
}

/// Adds the registry's search terms of a person's names (both scripts, every word).
pub(crate) async fn write_terms(
    conn: &mut AnyConnection,
    id: i64,
    names: &[&str],
) -> Result<(), StoreError> {
    for term in hrx_domain::registry::search_terms(names) {
        sqlx::query("INSERT INTO person_search_term (term, person_id) VALUES ($1, $2)")
            .bind(term)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
