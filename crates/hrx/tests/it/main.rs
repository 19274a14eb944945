//! End-to-end tests of the `hrx` binary: command line, several processes on one database,
//! and a real browser.

mod browser;
mod cli;
mod support;
mod two_processes;
