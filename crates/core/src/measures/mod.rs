//! Symptom and functioning measures: each instrument a definition as data
//! (`definition.rs`, `instruments.rs`), one scoring function for all (`score.rs`), and the
//! outcome rules between a baseline and a later score (`outcome.rs`).

pub mod definition;
pub mod given;
pub mod instruments;
pub mod outcome;
pub mod plan;
pub mod progress;
pub mod score;

#[cfg(test)]
mod tests;
