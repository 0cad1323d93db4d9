//! Is the database whole? SQLite's and SQLCipher's page checks, and a count of the records of
//! each kind (a backup must hold exactly what the vault held).

use crate::error::Result;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Each record kind with the table that holds it. Later record kinds add a line here.
const RECORD_KINDS: &[(&str, &str)] = &[
    ("audit_events", "audit_log"),
    ("settings", "settings"),
    ("clients", "clients"),
    ("client_status_changes", "client_status_history"),
    ("courses", "courses"),
    ("course_changes", "course_changes"),
    ("sessions", "sessions"),
    ("people", "people"),
    ("person_changes", "person_changes"),
    ("circle_snapshots", "circle_snapshots"),
    ("formulation_versions", "formulations"),
    ("area_work", "area_work"),
    ("dispute_stages", "dispute_stages"),
    ("goals", "goals"),
    ("goal_status_changes", "goal_status_history"),
    ("goal_ratings", "goal_ratings"),
    ("life_events", "life_events"),
    ("prescribers", "prescribers"),
    ("medications", "medications"),
    ("medication_changes", "medication_changes"),
    ("prescriber_contacts", "prescriber_contacts"),
    ("safety_plans", "safety_plans"),
    ("safety_plan_versions", "safety_plan_versions"),
    ("relapse_plan_versions", "relapse_plans"),
    ("booster_plans", "booster_plans"),
    ("task_reviews", "task_reviews"),
    ("social_contacts", "social_contacts"),
    ("administrations", "administrations"),
    ("notes", "notes"),
    ("note_amendments", "note_amendments"),
    ("process_notes", "process_notes"),
    ("tasks", "tasks"),
    ("worksheets", "worksheets"),
    ("worksheet_amendments", "worksheet_amendments"),
    ("conclusion_summaries", "conclusion_summaries"),
    ("conclusion_amendments", "conclusion_amendments"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordCount {
    pub kind: String,
    #[ts(type = "number")]
    pub count: u64,
}

/// `PRAGMA integrity_check` and `PRAGMA cipher_integrity_check`, reading every page.
pub fn full_integrity_check(conn: &Connection) -> Result<IntegrityReport> {
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let cipher: Vec<String> = conn
        .prepare("PRAGMA cipher_integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(IntegrityReport { integrity, cipher })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrityReport {
    /// `["ok"]` when clean.
    pub integrity: Vec<String>,
    /// Empty when clean.
    pub cipher: Vec<String>,
}

impl IntegrityReport {
    pub fn is_clean(&self) -> bool {
        self.integrity == ["ok"] && self.cipher.is_empty()
    }
}

/// Counts the kinds whose table exists (a backup made by an older version lacks later ones).
pub fn record_counts_present(conn: &Connection) -> Result<Vec<RecordCount>> {
    let mut counts = Vec::new();
    for (kind, table) in RECORD_KINDS {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            [table],
            |r| r.get(0),
        )?;
        if exists {
            let count: i64 =
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            counts.push(RecordCount { kind: (*kind).to_string(), count: count as u64 });
        }
    }
    Ok(counts)
}

pub fn record_counts(conn: &Connection) -> Result<Vec<RecordCount>> {
    RECORD_KINDS
        .iter()
        .map(|(kind, table)| {
            let count: i64 =
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(RecordCount { kind: (*kind).to_string(), count: count as u64 })
        })
        .collect()
}
