//! Measuring: every query of a kind timed with HRX and with its reference, and where a page's
//! time goes.

use crate::args::Args;
use crate::checks::check_page;
use crate::people::Tables;
use crate::queries::Kind;
use crate::reference::run_reference;
use crate::report;
use crate::rng::Rng;
use crate::stats::median;
use crate::{BoxError, PER_PAGE};
use hrx_domain::access::Scope;
use hrx_store::Store;
use std::time::Instant;

/// Times every kind of query, printing each kind's line as it is done; returns what HRX got
/// wrong.
pub async fn measure(
    store: &Store,
    kinds: &mut [Kind],
    args: &Args,
) -> Result<Vec<String>, BoxError> {
    let mut failures = Vec::new();
    for kind in kinds.iter_mut() {
        let started = Instant::now();
        time_hrx(store, kind, args.rounds, &mut failures).await?;
        let hrx_done = started.elapsed();
        time_reference(store, kind, args.ref_rounds).await?;
        for c in &kind.cases {
            if c.compare_total && c.total != c.reference_total {
                failures.push(format!(
                    "{} {:?}: HRX total {} but the reference counts {}",
                    kind.name, c.label, c.total, c.reference_total
                ));
            }
            if args.verbose {
                report::print_case(c);
            }
        }
        report::print_kind(kind, hrx_done, started.elapsed() - hrx_done);
    }
    Ok(failures)
}

/// Every query once, untimed, for warm-up and correctness; then `rounds` timed runs.
async fn time_hrx(
    store: &Store,
    kind: &mut Kind,
    rounds: usize,
    failures: &mut Vec<String>,
) -> Result<(), BoxError> {
    for c in kind.cases.iter_mut() {
        let page = store.search_persons(&c.query, Scope::All).await?;
        c.total = page.total;
        for w in check_page(c, &page) {
            failures.push(format!("{} {:?}: {w}", kind.name, c.label));
        }
    }
    for _ in 0..rounds {
        for c in kind.cases.iter_mut() {
            let t = Instant::now();
            let page = store.search_persons(&c.query, Scope::All).await?;
            c.hrx.push(t.elapsed());
            if page.total != c.total {
                failures.push(format!(
                    "{} {:?}: total changed between runs",
                    kind.name, c.label
                ));
            }
        }
    }
    Ok(())
}

/// The first reference query once, untimed, for warm-up; then `rounds` timed runs of each.
async fn time_reference(store: &Store, kind: &mut Kind, rounds: usize) -> Result<(), BoxError> {
    if let Some(first) = kind.cases.first() {
        run_reference(store, &first.reference).await?;
    }
    for _ in 0..rounds {
        for c in kind.cases.iter_mut() {
            let t = Instant::now();
            c.reference_total = run_reference(store, &c.reference).await?;
            c.reference_times.push(t.elapsed());
        }
    }
    Ok(())
}

/// Where a full page's time goes: the documents of 25 people fetched one query per person, as
/// `search_persons` does, against one query for all of them. Medians in milliseconds.
pub async fn diagnose_documents(
    store: &Store,
    t: &Tables,
    people: u64,
) -> Result<(f64, f64), BoxError> {
    let mut r = Rng::new(t.seed ^ 0xD0C5);
    let ids: Vec<i64> = (0..PER_PAGE)
        .map(|_| 1 + r.below(people as usize) as i64)
        .collect();
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let batched_sql = format!(
        "SELECT person_id, kind, issuing_country, number, expiry_date FROM identity_document \
         WHERE person_id IN ({}) ORDER BY person_id, kind, id",
        placeholders.join(", ")
    );
    let mut one_by_one = Vec::new();
    let mut batched = Vec::new();
    let mut conn = store.pool().acquire().await?;
    for _ in 0..21 {
        let started = Instant::now();
        for id in &ids {
            sqlx::query(
                "SELECT kind, issuing_country, number, expiry_date FROM identity_document \
                 WHERE person_id = $1 ORDER BY kind, id",
            )
            .bind(*id)
            .fetch_all(&mut *conn)
            .await?;
        }
        one_by_one.push(started.elapsed());
        let started = Instant::now();
        let mut q = sqlx::query(&batched_sql);
        for id in &ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&mut *conn).await?;
        batched.push(started.elapsed());
        if rows.len() != ids.len() {
            return Err(format!("{} documents for {} people", rows.len(), ids.len()).into());
        }
    }
    Ok((median(&one_by_one), median(&batched)))
}
