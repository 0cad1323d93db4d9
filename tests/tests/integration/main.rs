//! The integration tests of the core and the command line, in one test binary: each links
//! SQLCipher and OpenSSL once, not once per file.

mod backup;
mod cli;
mod cli_backup;
mod cli_measures;
mod commands;
mod course;
mod crash;
mod fidelity;
mod maintenance;
mod measures;
mod migrations;
mod notes;
mod record;
mod risk;
mod sample;
mod vault;
mod worksheets;
