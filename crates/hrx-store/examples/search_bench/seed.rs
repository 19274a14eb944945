//! Seeding: the synthetic people written with multi-row INSERTs in large transactions, the
//! same rows `create_person` writes; or a database seeded by an earlier run recognised.

use crate::db::count;
use crate::people::{generate, Synth, Tables};
use crate::BoxError;
use hrx_domain::access::Scope;
use hrx_store::{Backend, Store, Tx};
use sqlx::Executor;
use std::time::{Duration, Instant};

/// People written per transaction, and rows per multi-row INSERT (at most 6 parameters a row:
/// 3,001 parameters, far below SQLite's 32,766 and PostgreSQL's 65,535).
const TX_PEOPLE: u64 = 10_000;
const ROWS_PER_INSERT: usize = 500;

/// Makes the database hold people 1..=`people` of this seed: seeds those it lacks, or finds
/// them there already. Fails on a database holding other people.
pub async fn ensure_seeded(store: &Store, t: &Tables, people: u64) -> Result<(), BoxError> {
    let existing = count(store, "SELECT COUNT(*) FROM person").await? as u64;
    let max_id = count(store, "SELECT COALESCE(MAX(id), 0) FROM person").await? as u64;
    let foreign = "the database holds people this benchmark did not generate with this seed; \
                   point --url at a fresh database";
    if existing >= people {
        if !matches_generated(store, t, 1).await? || !matches_generated(store, t, people).await? {
            return Err(foreign.into());
        }
        println!("seeding skipped: the database holds {existing} people already");
        return Ok(());
    }
    if existing > 0
        && (max_id != existing
            || !matches_generated(store, t, 1).await?
            || !matches_generated(store, t, existing).await?)
    {
        return Err(foreign.into());
    }
    println!(
        "seeding people {}..={people} in transactions of {TX_PEOPLE}, INSERTs of {ROWS_PER_INSERT} rows",
        existing + 1,
    );
    let s = seed(store, t, existing + 1, people).await?;
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    let rows = s.people * 2 + s.terms;
    println!(
        "seeded {} people, {} passports, {} search terms in {:.1} s: {:.0} people/s, {:.0} rows/s",
        s.people,
        s.people,
        s.terms,
        secs,
        s.people as f64 / secs,
        rows as f64 / secs
    );
    Ok(())
}

struct Seeded {
    people: u64,
    terms: u64,
    elapsed: Duration,
}

async fn seed(store: &Store, t: &Tables, from: u64, to: u64) -> Result<Seeded, BoxError> {
    let started = Instant::now();
    let at = hrx_store::now();
    let mut terms_written = 0u64;
    let mut next = from;
    let mut reported = from;
    while next <= to {
        let end = (next + TX_PEOPLE - 1).min(to);
        let people: Vec<Synth> = (next..=end).map(|n| generate(t, n)).collect();
        let terms: Vec<(String, i64)> = people
            .iter()
            .flat_map(|p| p.terms().into_iter().map(move |term| (term, p.id)))
            .collect();
        let mut tx = store.begin_write().await?;
        for chunk in people.chunks(ROWS_PER_INSERT) {
            insert_people(&mut tx, chunk, &at).await?;
        }
        for chunk in people.chunks(ROWS_PER_INSERT) {
            insert_documents(&mut tx, chunk).await?;
        }
        for chunk in terms.chunks(ROWS_PER_INSERT * 2) {
            insert_terms(&mut tx, chunk).await?;
        }
        tx.commit().await?;
        terms_written += terms.len() as u64;
        if end - reported >= 100_000 || end == to {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "  seeded {:>9} people in {secs:7.1} s ({:.0} people/s)",
                end - from + 1,
                (end - from + 1) as f64 / secs.max(1e-9)
            );
            reported = end;
        }
        next = end + 1;
    }
    if store.backend() == Backend::Postgres {
        // Ids were given explicitly: move the identity on so the application's inserts follow.
        store
            .pool()
            .execute(
                "SELECT setval(pg_get_serial_sequence('person', 'id'), (SELECT MAX(id) FROM person))",
            )
            .await?;
    }
    Ok(Seeded {
        people: to + 1 - from,
        terms: terms_written,
        elapsed: started.elapsed(),
    })
}

/// Whether person `n` in the database is the one this seed generates.
async fn matches_generated(store: &Store, t: &Tables, n: u64) -> Result<bool, BoxError> {
    let expected = generate(t, n);
    Ok(match store.person(n as i64, Scope::All).await? {
        Some(p) => {
            p.name_latin == expected.latin
                && p.name_native == expected.native
                && p.passport().map(|d| d.number.as_str()) == Some(expected.passport.as_str())
        }
        None => false,
    })
}

/// `head` followed by `rows` copies of `row` separated by commas, each `?` in them replaced by
/// the next parameter from `$first` on.
fn insert_sql(head: &str, row: &str, rows: usize, first: usize) -> String {
    let mut sql = String::from(head);
    let mut n = first;
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        for c in row.chars() {
            if c == '?' {
                sql.push_str(&format!("${n}"));
                n += 1;
            } else {
                sql.push(c);
            }
        }
    }
    sql
}

async fn insert_people(tx: &mut Tx, people: &[Synth], at: &str) -> Result<(), BoxError> {
    let sql = insert_sql(
        "INSERT INTO person (id, name_native, name_latin, sex, birth_date, nationality, \
         version, created_at, updated_at) VALUES ",
        "(?, ?, ?, ?, ?, ?, 1, $1, $1)",
        people.len(),
        2,
    );
    let mut q = sqlx::query(&sql).bind(at);
    for p in people {
        q = q
            .bind(p.id)
            .bind(p.native.as_deref())
            .bind(p.latin.as_deref())
            .bind(p.sex)
            .bind(p.birth_date.as_str())
            .bind(p.nationality);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

async fn insert_documents(tx: &mut Tx, people: &[Synth]) -> Result<(), BoxError> {
    let sql = insert_sql(
        "INSERT INTO identity_document (person_id, kind, issuing_country, number, expiry_date) VALUES ",
        "(?, 'passport', ?, ?, ?)",
        people.len(),
        1,
    );
    let mut q = sqlx::query(&sql);
    for p in people {
        q = q
            .bind(p.id)
            .bind(p.nationality)
            .bind(p.passport.as_str())
            .bind(p.expiry.as_str());
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

async fn insert_terms(tx: &mut Tx, terms: &[(String, i64)]) -> Result<(), BoxError> {
    let sql = insert_sql(
        "INSERT INTO person_search_term (term, person_id) VALUES ",
        "(?, ?)",
        terms.len(),
        1,
    );
    let mut q = sqlx::query(&sql);
    for (term, id) in terms {
        q = q.bind(term.as_str()).bind(*id);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}
