//! The blocking keys of a person in `person_match_key`: written with every person entered,
//! edited or imported, read by the matching (`matching.rs`).

use crate::sql::{chunk_sizes, values};
use crate::{AnyQuery, StoreError};
use hrx_domain::registry::matching::{MatchPerson, Prepared};
use hrx_domain::registry::Person;
use sqlx::AnyConnection;

/// The person as matching sees it, from a validated entry.
pub fn match_person(p: &Person) -> MatchPerson {
    use hrx_domain::registry::DocumentKind;
    MatchPerson {
        name_native: p.name_native.clone(),
        name_latin: p.name_latin.clone(),
        sex: Some(p.sex),
        birth_date: Some(p.birth_date),
        nationality: Some(p.nationality.clone()),
        passports: p
            .documents
            .iter()
            .filter(|d| d.kind == DocumentKind::Passport)
            .map(|d| (d.issuing_country.clone(), d.number.clone()))
            .collect(),
        resident_id: p
            .documents
            .iter()
            .find(|d| d.kind == DocumentKind::ResidentId)
            .map(|d| d.number.clone()),
        permit_number: None,
        organisation_id: p.organisation_id,
    }
}

/// Adds the person's blocking keys.
pub(crate) async fn write_keys(
    conn: &mut AnyConnection,
    id: i64,
    person: &MatchPerson,
) -> Result<(), StoreError> {
    let keys = Prepared::new(person.clone()).blocking_keys();
    insert_keys(conn, true, keys.into_iter().map(|k| (k, id)).collect()).await
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
        let birth = chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").ok();
        keys.extend(hrx_domain::registry::matching::blocking_keys(
            *native, *latin, birth,
        ));
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
    let mut k = 0;
    for size in chunk_sizes(rows.len()) {
        let sql = format!(
            "INSERT INTO person_match_key (key, person_id) VALUES {} ON CONFLICT DO NOTHING",
            values(numbered, size, 2, "")
        );
        let mut q: AnyQuery<'_> = sqlx::query(&sql);
        for (key, id) in &rows[k..k + size] {
            q = q.bind(key.clone()).bind(*id);
        }
        q.execute(&mut *conn).await?;
        k += size;
    }
    Ok(())
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
