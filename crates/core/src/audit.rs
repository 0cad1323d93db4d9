//! The audit trail: an append-only, hash-chained log inside the encrypted database. It records
//! what happened to which object and when, never what a record says.

use crate::error::Result;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    VaultCreated,
    UnlockOk,
    UnlockFailed,
    UnlockWithRecoveryKey,
    Lock,
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

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::VaultCreated => "vault_created",
            Event::UnlockOk => "unlock_ok",
            Event::UnlockFailed => "unlock_failed",
            Event::UnlockWithRecoveryKey => "unlock_recovery_key",
            Event::Lock => "lock",
            Event::IdleLock => "lock_idle",
            Event::PassphraseChanged => "passphrase_changed",
            Event::RecoveryKeyRegenerated => "recovery_key_regenerated",
            Event::RecoveryKeyConfirmed => "recovery_key_confirmed",
            Event::SettingChanged => "setting_changed",
            Event::IntegrityCheck => "integrity_check",
            Event::RecordViewed => "record_viewed",
            Event::RecordCreated => "record_created",
            Event::RecordChanged => "record_changed",
            Event::RecordDeleted => "record_deleted",
            Event::NoteSigned => "note_signed",
            Event::NoteAmended => "note_amended",
            Event::Backup => "backup",
            Event::BackupChecked => "backup_checked",
            Event::BackupPruned => "backup_pruned",
            Event::Restore => "restore",
        }
    }
}

/// One entry to append. `object` names a record by type and id, never by content.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub event: Event,
    pub object: Option<(&'a str, &'a str)>,
    pub outcome: &'a str,
}

impl<'a> Entry<'a> {
    pub fn ok(event: Event) -> Self {
        Entry { event, object: None, outcome: "ok" }
    }
}

pub fn append(conn: &Connection, at: DateTime<Utc>, entry: Entry<'_>) -> Result<()> {
    let prev: String = conn
        .query_row("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    let at = at.to_rfc3339_opts(SecondsFormat::Millis, true);
    let (object_type, object_id) = entry.object.unzip();
    let hash = entry_hash(&prev, &at, entry.event.as_str(), object_type, object_id, entry.outcome);
    conn.execute(
        "INSERT INTO audit_log (at, event, object_type, object_id, outcome, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![at, entry.event.as_str(), object_type, object_id, entry.outcome, prev, hash],
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
        crate::db::migrations().to_latest(&mut c).unwrap();
        c
    }

    #[test]
    fn chain_verifies_and_refuses_edits() {
        let c = conn();
        let t = Utc::now();
        append(&c, t, Entry::ok(Event::VaultCreated)).unwrap();
        append(&c, t, Entry { event: Event::UnlockFailed, object: None, outcome: "2" }).unwrap();
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
