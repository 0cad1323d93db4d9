//! The portable export: the whole practice or one client as one JSON document that outlives
//! the app, and (later) its import.
//!
//! # The format (version 1)
//!
//! ```json
//! { "format": "rapport-export", "format_version": 1, "exported_at": "…", "app_version": "…",
//!   "schema_version": 14, "scope": "practice" | "client", "process_notes_included": false,
//!   "clients": [ { "id": 1, "full_name": "…", …, "courses": [ … ], "notes": [ … ], … } ] }
//! ```
//!
//! Each record kind is a list inside its client (or inside its parent record: a course's
//! changes, a note's amendments), with the fields the record holds, named as stored, and its
//! history: status changes, course renegotiations, every formulation version, goal ratings and
//! status changes, dose changes, earlier safety plans, every version of the relapse signs,
//! amendments with their reasons and times, signing times. Ids are the record's own numbers
//! and are unique within their kind in one file; a field ending in `_id` (or named `corrects`,
//! `set_in_session` …, listed in [`KINDS`]) links to another record of the same file. Values
//! the record stores as structured text (a measure's answers, a worksheet's content, a problem
//! area's details, a circle's people) are JSON values, not strings. Yes/no fields are `true`
//! and `false`. Dates are `YYYY-MM-DD`; times are RFC 3339 in UTC.
//!
//! What is working state and not record is left out: where the caret was in a draft, how many
//! times a draft was saved, and counts kept from an earlier schema that are always empty.
//! Private process notes are left out unless asked for, and then sit in their client's
//! `process_notes`, each marked `"private": true`. Each measure carries its instrument's code,
//! its display name and the published source its items and scoring follow, so it can be
//! scored again elsewhere.

mod export;
mod import;
mod kinds;
#[cfg(test)]
mod schema;
mod seal;

#[cfg(test)]
mod tests;

pub use export::{
    EXPORT_FORMAT, EXPORT_FORMAT_VERSION, ExportScope, export_file, export_file_name,
};
pub use import::{
    IMPORT_FILE_LIMIT, ImportClient, ImportFile, ImportOutcome, ImportPreview, ImportProblem,
};
pub use seal::{EXPORT_PASSPHRASE_MIN, check_export_passphrase, is_sealed, open_sealed, seal};
