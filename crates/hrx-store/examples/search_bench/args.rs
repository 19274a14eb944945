//! Arguments: what to run, on how many people, how many times.

use crate::BoxError;

pub struct Args {
    pub url: String,
    pub people: u64,
    pub seed: u64,
    pub queries: usize,
    pub rounds: usize,
    pub ref_rounds: usize,
    pub verbose: bool,
}

pub const USAGE: &str = "usage: search_bench --url URL [--people N] [--seed S] [--queries Q] \
                     [--rounds R] [--ref-rounds R] [--verbose]\n  URL: sqlite://PATH or postgres://…; \
                     N people (default 1000000); Q queries per kind (default 20); R timed rounds \
                     per HRX query (default 3) and per reference query (default 1)";

pub fn parse_args() -> Result<Args, BoxError> {
    let mut args = Args {
        url: String::new(),
        people: 1_000_000,
        seed: 42,
        queries: 20,
        rounds: 3,
        ref_rounds: 1,
        verbose: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--url" => args.url = value()?,
            "--people" => args.people = value()?.replace('_', "").parse()?,
            "--seed" => args.seed = value()?.parse()?,
            "--queries" => args.queries = value()?.parse()?,
            "--rounds" => args.rounds = value()?.parse()?,
            "--ref-rounds" => args.ref_rounds = value()?.parse()?,
            "--verbose" => args.verbose = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}").into()),
        }
    }
    if args.url.is_empty() {
        return Err(format!("--url is required\n{USAGE}").into());
    }
    if args.people == 0 || args.people >= 100_000_000 {
        return Err(
            "--people must be between 1 and 99,999,999 (passport numbers have 8 digits)".into(),
        );
    }
    if args.queries == 0 || args.rounds == 0 || args.ref_rounds == 0 {
        return Err("--queries, --rounds and --ref-rounds must be at least 1".into());
    }
    Ok(args)
}
