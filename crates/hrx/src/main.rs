//! `hrx`: the one binary. Everything lives in the library crates; this wires them to a
//! command line.

use clap::Parser;

/// mimalloc for Rust and, through its `override` feature, for the bundled SQLite too: bulk
/// imports and statistics allocate and free millions of small values across threads (sqlx
/// copies every column of every row), which glibc's allocator serves far more slowly.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hrx::run(hrx::cli::Cli::parse()).await
}
