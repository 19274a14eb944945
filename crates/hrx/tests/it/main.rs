//! End-to-end tests of the `hrx` binary: command line, several processes on one database,
//! and a real browser.

// Tests fail by panicking; the library lints against panics do not apply here.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod browser;
mod browser_awards;
mod browser_case;
mod browser_conventions;
mod browser_cooperation;
mod browser_coverage;
mod browser_desk_lists;
mod browser_experience;
mod browser_intorgs;
mod browser_lists;
mod browser_names;
mod browser_permits;
mod browser_statistics;
mod browser_training;
mod cli;
mod demo;
mod faults;
mod imports;
mod journeys;
mod serving;
mod support;
mod two_processes;
