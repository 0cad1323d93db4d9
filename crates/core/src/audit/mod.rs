//! The audit trail: an append-only, hash-chained log inside the encrypted database. It records
//! what happened to which object and when, never what a record says.

use crate::error::Result;
use crate::store::text;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::borrow::Cow;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened. Stored by its serde name; the names are part of every vault's trail and
/// never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    VaultCreated,
    UnlockOk,
    UnlockFailed,
    #[serde(rename = "unlock_recovery_key")]
    UnlockWithRecoveryKey,
    Lock,
    #[serde(rename = "lock_idle")]
    IdleLock,
    PassphraseChanged,
    RecoveryKeyRegenerated,
    RecoveryKeyConfirmed,
    SettingChanged,
    IntegrityCheck,
    RecordViewed,
    RecordCreated,
    RecordChanged,
    RecordDeleted,
    NoteSigned,
    NoteAmended,
    Backup,
    BackupChecked,
    BackupPruned,
    Restore,
}

/// The kind of thing an entry is about. Stored by its serde name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Client,
    Course,
    Session,
    Person,
    CircleSnapshot,
    Formulation,
    AreaWork,
    Goal,
    LifeEvent,
    Prescriber,
    Medication,
    SafetyPlan,
    Task,
    Note,
    Backup,
    /// A practice setting, named by its key.
    Setting,
    /// A restore, named by when the backup it came from was made.
    BackupMade,
}

crate::stored_as_text!(Event => "audit event", ObjectKind => "audit object");

/// One entry to append. `object` names a record by kind and id, never by content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    pub event: Event,
    pub object: Option<(ObjectKind, Cow<'static, str>)>,
    pub outcome: &'a str,
}

impl Entry<'static> {
    pub fn ok(event: Event) -> Self {
        Entry { event, object: None, outcome: "ok" }
    }

    /// `event` happened to the `kind` numbered (or named) `id`, and went well.
    pub fn about(event: Event, kind: ObjectKind, id: impl std::fmt::Display) -> Self {
        Entry { event, object: Some((kind, Cow::Owned(id.to_string()))), outcome: "ok" }
    }

    /// A practice setting changed.
    pub const fn setting(key: &'static str) -> Self {
        Entry {
            event: Event::SettingChanged,
            object: Some((ObjectKind::Setting, Cow::Borrowed(key))),
            outcome: "ok",
        }
    }
}

impl<'a> Entry<'a> {
    /// The same entry with another outcome (`"failed"`, a count, ...).
    pub fn outcome<'b>(self, outcome: &'b str) -> Entry<'b> {
        Entry { event: self.event, object: self.object, outcome }
    }
}

pub fn append(conn: &Connection, at: DateTime<Utc>, entry: Entry<'_>) -> Result<()> {
    let prev: String = conn
        .query_row("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let at = at.to_rfc3339_opts(SecondsFormat::Millis, true);
    let event = text::name(&entry.event);
    let (kind, id) = entry.object.unzip();
    let kind = kind.map(|k| text::name(&k));
    let hash = entry_hash(&prev, &at, &event, kind.as_deref(), id.as_deref(), entry.outcome);
    conn.execute(
        "INSERT INTO audit_log (at, event, object_type, object_id, outcome, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![at, event, kind, id, entry.outcome, prev, hash],
    )?;
    Ok(())
}

fn entry_hash(
    prev: &str,
    at: &str,
    event: &str,
    object_type: Option<&str>,
    object_id: Option<&str>,
    outcome: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [prev, at, event, object_type.unwrap_or(""), object_id.unwrap_or(""), outcome] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// One entry of the trail as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    /// UTC, RFC 3339 with milliseconds.
    pub at: String,
    pub event: Event,
    pub object: Option<(ObjectKind, String)>,
    pub outcome: String,
}

/// The whole trail, oldest first.
pub fn read_all(conn: &Connection) -> Result<Vec<AuditRecord>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, event, object_type, object_id, outcome FROM audit_log ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: Option<ObjectKind> = r.get(3)?;
        let id: Option<String> = r.get(4)?;
        Ok(AuditRecord {
            seq: r.get(0)?,
            at: r.get(1)?,
            event: r.get(2)?,
            object: kind.map(|k| (k, id.unwrap_or_default())),
            outcome: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Walks the whole chain. `Ok(n)` with the number of entries when intact, otherwise the
/// sequence number of the first entry that does not match.
pub fn verify_chain(conn: &Connection) -> Result<std::result::Result<u64, i64>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, event, object_type, object_id, outcome, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut count = 0u64;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let (at, event): (String, String) = (r.get(1)?, r.get(2)?);
        let (ot, oid): (Option<String>, Option<String>) = (r.get(3)?, r.get(4)?);
        let (outcome, prev_hash, hash): (String, String, String) =
            (r.get(5)?, r.get(6)?, r.get(7)?);
        let expected = entry_hash(&prev, &at, &event, ot.as_deref(), oid.as_deref(), &outcome);
        if prev_hash != prev || hash != expected {
            return Ok(Err(seq));
        }
        prev = hash;
        count += 1;
    }
    Ok(Ok(count))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        crate::store::migrations::set().to_latest(&mut c).unwrap();
        c
    }

    #[test]
    fn chain_verifies_and_refuses_edits() {
        let c = conn();
        let t = Utc::now();
        append(&c, t, Entry::ok(Event::VaultCreated)).unwrap();
        append(&c, t, Entry::ok(Event::UnlockFailed).outcome("2")).unwrap();
        append(&c, t, Entry::ok(Event::UnlockOk)).unwrap();
        assert_eq!(verify_chain(&c).unwrap(), Ok(3));
        let err = c.execute("UPDATE audit_log SET outcome = 'x' WHERE seq = 2", []).unwrap_err();
        assert!(err.to_string().contains("append-only"));
        assert!(c.execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn tampering_is_found() {
        let c = conn();
        let t = Utc::now();
        append(&c, t, Entry::ok(Event::VaultCreated)).unwrap();
        append(&c, t, Entry::ok(Event::Lock)).unwrap();
        c.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
        c.execute("UPDATE audit_log SET event = 'unlock_ok' WHERE seq = 1", []).unwrap();
        assert_eq!(verify_chain(&c).unwrap(), Err(1));
    }
}
