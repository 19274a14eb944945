//! `hrx`: the one binary. Everything lives in the library crates; this wires them to a
//! command line.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hrx::run(hrx::cli::Cli::parse()).await
}
