//! Identity resolution in the store: each person's blocking keys kept in `person_match_key`,
//! and the candidates for a person found under its keys and document numbers, then scored by
//! the pure engine (`hrx_domain::registry::matching`).

use super::keys::{insert_keys, keys_of};
use super::persons::PersonRecord;
use crate::{int, text, Store, StoreError};
use hrx_domain::access::Scope;
use hrx_domain::registry::matching::{compare, weights, MatchPerson, Outcome, Prepared, Weights};
use hrx_domain::registry::Sex;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// At most this many candidates are scored for one person.
const MAX_CANDIDATES: usize = 500;
/// A name's bearers are counted up to this many.
const BEARERS_CAP: i64 = 10_000;

/// A candidate with its score, best first.
#[derive(Debug, Clone)]
pub struct MatchCandidate {
    pub person: PersonRecord,
    pub outcome: Outcome,
}

/// The person as matching sees it, from the registry's record and work-permit number.
fn recorded(p: &PersonRecord, permit_number: Option<String>) -> MatchPerson {
    MatchPerson {
        name_native: p.name_native.clone(),
        name_latin: p.name_latin.clone(),
        sex: Sex::parse(&p.sex).ok(),
        birth_date: chrono::NaiveDate::parse_from_str(&p.birth_date, "%Y-%m-%d").ok(),
        nationality: Some(p.nationality.clone()),
        passports: p
            .documents
            .iter()
            .filter(|d| d.kind == "passport")
            .map(|d| (d.issuing_country.clone(), d.number.clone()))
            .collect(),
        resident_id: p.resident_id().map(|d| d.number.clone()),
        permit_number,
        organisation_id: p.organisation_id,
    }
}

impl Store {
    /// The persons in `scope` that may be the person described, scored, best first; those
    /// scored 0 are left out. `exclude` leaves one person out (the person itself).
    pub async fn match_person(
        &self,
        probe: &MatchPerson,
        scope: Scope,
        exclude: Option<i64>,
    ) -> Result<Vec<MatchCandidate>, StoreError> {
        let w = weights().map_err(|e| StoreError::Config(e.to_owned()))?;
        let prepared = Prepared::new(probe.clone());
        let mut conn = self.pool.acquire().await?;
        let bearers_of_probe = bearers(&mut conn, &prepared).await?;
        let ids = candidate_ids(&mut conn, &prepared, bearers_of_probe, w, exclude).await?;
        let candidates = self.persons_in_scope(&ids, scope).await?;
        let permits = permit_numbers(&mut conn, &ids).await?;
        let mut scored = Vec::with_capacity(candidates.len());
        for person in candidates {
            let other = Prepared::new(recorded(&person, permits.get(&person.id).cloned()));
            let count = bearers(&mut conn, &other).await?;
            let outcome = compare(&prepared, &other, count, w);
            if outcome.score > 0.0 {
                scored.push(MatchCandidate { person, outcome });
            }
        }
        scored.sort_by(|a, b| {
            b.outcome
                .score
                .total_cmp(&a.outcome.score)
                .then(a.person.id.cmp(&b.person.id))
        });
        Ok(scored)
    }

    /// The persons of `ids` that `scope` may see, with their documents.
    async fn persons_in_scope(
        &self,
        ids: &[i64],
        scope: Scope,
    ) -> Result<Vec<PersonRecord>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(p) = self.person(*id, scope).await? {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// Writes every person's blocking keys again (after an upgrade, or to repair): returns
    /// how many persons were keyed.
    pub async fn rebuild_match_keys(&self) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM person_match_key")
            .execute(&mut *tx)
            .await?;
        let numbered = self.backend == crate::Backend::Postgres;
        let mut after = 0i64;
        let mut keyed = 0u64;
        loop {
            let rows = sqlx::query(
                "SELECT id, name_native, name_latin, birth_date FROM person WHERE id > $1 ORDER BY id LIMIT 5000",
            )
            .bind(after)
            .fetch_all(&mut *tx)
            .await?;
            let Some(last) = rows.last() else { break };
            after = int(last, "id")?;
            let mut keys = Vec::new();
            for row in &rows {
                let id = int(row, "id")?;
                let native = crate::opt_text(row, "name_native")?;
                let latin = crate::opt_text(row, "name_latin")?;
                let of = keys_of(
                    native.as_deref(),
                    latin.as_deref(),
                    &text(row, "birth_date")?,
                );
                keys.extend(of.into_iter().map(|k| (k, id)));
                keyed += 1;
            }
            insert_keys(&mut tx, numbered, keys).await?;
        }
        tx.commit().await?;
        Ok(keyed)
    }
}

/// How many persons bear the person's whole name (in the script that most bear it), as the
/// registry's search terms hold it, counted up to [`BEARERS_CAP`].
async fn bearers(conn: &mut AnyConnection, p: &Prepared) -> Result<u64, StoreError> {
    let mut most = 0;
    for term in p.name_terms() {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM (SELECT 1 AS one FROM person_search_term WHERE term = $1 LIMIT {BEARERS_CAP}) c"
        ))
        .bind(term)
        .fetch_one(&mut *conn)
        .await?;
        most = most.max(u64::try_from(n).unwrap_or(0));
    }
    Ok(most)
}

/// The persons sharing a document number or a blocking key with the probe (the birth date
/// also with day and month swapped), and those bearing its whole name if few do.
async fn candidate_ids(
    conn: &mut AnyConnection,
    p: &Prepared,
    bearers_of_probe: u64,
    w: &Weights,
    exclude: Option<i64>,
) -> Result<Vec<i64>, StoreError> {
    let mut ids: Vec<i64> = Vec::new();
    let numbers: Vec<&String> = p
        .person
        .passports
        .iter()
        .map(|(_, n)| n)
        .chain(p.person.resident_id.iter())
        .collect();
    for number in numbers {
        let found: Vec<i64> =
            sqlx::query_scalar("SELECT person_id FROM identity_document WHERE number = $1")
                .bind(number)
                .fetch_all(&mut *conn)
                .await?;
        ids.extend(found);
    }
    if let Some(number) = &p.person.permit_number {
        let found: Vec<i64> =
            sqlx::query_scalar("SELECT person_id FROM person_permit_number WHERE number = $1")
                .bind(number)
                .fetch_all(&mut *conn)
                .await?;
        ids.extend(found);
    }
    // A name few bear: its bearers are candidates whatever their birth date.
    if bearers_of_probe < w.common_name.bearers {
        for term in p.name_terms() {
            let found: Vec<i64> = sqlx::query_scalar(&format!(
                "SELECT person_id FROM person_search_term WHERE term = $1 ORDER BY person_id LIMIT {MAX_CANDIDATES}"
            ))
            .bind(term)
            .fetch_all(&mut *conn)
            .await?;
            ids.extend(found);
        }
    }
    for key in p.probe_keys() {
        let found: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT person_id FROM person_match_key WHERE key = $1 ORDER BY person_id LIMIT {MAX_CANDIDATES}"
        ))
        .bind(&key)
        .fetch_all(&mut *conn)
        .await?;
        ids.extend(found);
    }
    ids.sort_unstable();
    ids.dedup();
    ids.retain(|id| Some(*id) != exclude);
    ids.truncate(MAX_CANDIDATES);
    Ok(ids)
}

/// The work-permit numbers of the persons that have one.
async fn permit_numbers(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, String>, StoreError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(200) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT person_id, number FROM person_permit_number WHERE person_id IN ({})",
            placeholders.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(*id);
        }
        for row in q.fetch_all(&mut *conn).await? {
            out.insert(int(&row, "person_id")?, text(&row, "number")?);
        }
    }
    Ok(out)
}
