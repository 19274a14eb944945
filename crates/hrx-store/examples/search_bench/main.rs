//! Person search benchmark: seeds N synthetic people (names in Latin and native scripts, one
//! passport each) and measures `Store::search_persons` by name prefix, full name, Chinese name,
//! passport number and name with nationality, against the naive substring scan a system
//! without the term index would run, measured in the same run on the same database.
//!
//! ```text
//! cargo run --release -p hrx-store --example search_bench -- --url sqlite:///tmp/b.db --people 1000000
//! ```
//!
//! Seeding is deterministic (seed 42 unless `--seed`); a database that already holds at least
//! N people from the same seed is reused. The exit status is non-zero if HRX returned a wrong
//! result: a passport query that misses its holder, a returned person that does not match
//! the query, or a total that differs from the reference count where both must agree.
//!
//! The modules: `args` (the command line), `rng` and `names` and `people` (the synthetic
//! people), `seed` and `db` (writing them and preparing the database), `queries` (the
//! queries timed), `reference` (the substring scan), `checks` (what HRX must get right),
//! `measure`, `stats` and `report` (timing, median and p95, and the printed tables).

mod args;
mod checks;
mod db;
mod measure;
mod names;
mod people;
mod queries;
mod reference;
mod report;
mod rng;
mod seed;
mod stats;

use hrx_store::{Backend, Store};
use std::process::ExitCode;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// People on a page of results, as the HRX search shows them.
const PER_PAGE: i64 = 25;

async fn run() -> Result<bool, BoxError> {
    let args = args::parse_args()?;
    let t = people::Tables::new(args.seed)?;
    let store = Store::connect(&args.url).await?;
    let backend = match store.backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    println!(
        "search_bench: {backend} at {}, {} people, seed {}",
        hrx_store::redact_url(&args.url),
        args.people,
        args.seed
    );
    store.migrate().await?;
    db::check_countries(&store, &t).await?;
    seed::ensure_seeded(&store, &t, args.people).await?;
    db::analyze(&store).await?;

    let mut kinds = queries::build_cases(&t, args.people, args.queries);
    println!(
        "\nmeasuring: HRX = Store::search_persons, page 1 of {PER_PAGE} with the COUNT of matches and \
         each person's documents ({} timed runs per query after one untimed); reference = \
         substring scan: LIKE '%…%' page + COUNT(*), or the document numbers ({} timed run(s) per query)",
        args.rounds, args.ref_rounds
    );
    let failures = measure::measure(&store, &mut kinds, &args).await?;

    report::print_summary(&kinds, backend, args.people);
    let (one_by_one, batched) = measure::diagnose_documents(&store, &t, args.people).await?;
    println!(
        "  diagnosis: documents of a {PER_PAGE}-person page: {} ms as {PER_PAGE} queries (as search_persons \
         does), {} ms as one IN query",
        report::fmt_ms(one_by_one),
        report::fmt_ms(batched)
    );
    Ok(report::print_verdict(&kinds, &failures))
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("search_bench: {e}");
            ExitCode::from(2)
        }
    }
}
