//! The audit trail: an append-only, chained log inside the encrypted database. It records
//! what happened to which object and when, never what a record says.
//!
//! Each entry carries the previous entry's link and its own: an HMAC-SHA256 under a key
//! derived from the data key when the chain was first keyed, and kept in the encrypted
//! database so that a change of data key does not break the chain (entries written before
//! the chain was keyed, in vaults made by earlier versions, keep their SHA-256 links and say
//! so in `keyed`). The key is given to the connection when the database is opened
//! (`store::chain_key`), as the SQL function `rapport_audit_link`, so every `append` keys its
//! entry without carrying the key around.
//! The newest entry's sequence number and link, the [`AuditHead`], is written into the key
//! file and every backup's header; a database older than the head its key file names has been
//! swapped for an older copy.

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
    /// Locked because the computer was about to sleep.
    #[serde(rename = "lock_sleep")]
    SleepLock,
    /// Locked because the screen of the session was locked.
    #[serde(rename = "lock_screen")]
    ScreenLock,
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
    /// The data key was replaced and the database re-encrypted under the new one.
    KeyChanged,
    /// A secret asked for while the vault was open (the current passphrase, a backup's
    /// passphrase) was wrong; the outcome names which.
    SecretRefused,
    /// Backups older than a change of key were deleted.
    BackupDeleted,
    /// The practitioner gave the passphrase to take the laptop back from a client who had
    /// been answering a form.
    PractitionerConfirmed,
    WorksheetSigned,
    WorksheetAmended,
    /// A conclusion summary was started for a course.
    SummaryStarted,
    SummarySigned,
    SummaryAmended,
    /// A document about a client was sent to the print dialog; the outcome names which.
    DocumentPrinted,
    /// A document about a client was saved as a PDF where the practitioner chose; the outcome
    /// names which.
    DocumentSaved,
    /// The practice or one client was exported as a portable document; the outcome says which,
    /// and whether private process notes were in it.
    Exported,
    /// An export was imported; the outcome says whether it held the practice or one client.
    Imported,
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
    /// A version of the relapse warning signs, named by the client's id.
    RelapsePlan,
    /// The booster sessions after a course, named by the course's id.
    BoosterPlan,
    Task,
    Note,
    Backup,
    /// A practice setting, named by its key.
    Setting,
    /// A restore, named by when the backup it came from was made.
    BackupMade,
    /// One administration of a measure.
    Administration,
    /// A communication analysis, role play or decision analysis.
    Worksheet,
    /// A course's conclusion summary.
    ConclusionSummary,
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

use crate::store::chain_key::LINK_FUNCTION;

fn link_parts(parts: &[Option<String>]) -> impl Iterator<Item = &[u8]> {
    parts.iter().map(|p| p.as_deref().unwrap_or("").as_bytes())
}

/// The unkeyed link of entries written before the chain was keyed.
fn plain_link(parts: &[Option<String>]) -> String {
    let mut h = Sha256::new();
    for part in link_parts(parts) {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    hex::encode(h.finalize())
}

fn link(conn: &Connection, parts: &[Option<String>]) -> Result<String> {
    let sql = format!("SELECT {LINK_FUNCTION}(?1, ?2, ?3, ?4, ?5, ?6)");
    Ok(conn.query_row(&sql, rusqlite::params_from_iter(parts), |r| r.get(0))?)
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
    let id = id.map(Cow::into_owned);
    let parts = [Some(prev), Some(at), Some(event), kind, id, Some(entry.outcome.into())];
    let hash = link(conn, &parts)?;
    let [prev, at, event, kind, id, outcome] = parts;
    conn.execute(
        "INSERT INTO audit_log (at, event, object_type, object_id, outcome, prev_hash, hash, keyed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
        params![at, event, kind, id, outcome, prev, hash],
    )?;
    Ok(())
}

/// The newest entry of the trail: its sequence number and link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

/// The newest entry, or `None` for an empty trail.
pub fn head(conn: &Connection) -> Result<Option<AuditHead>> {
    Ok(conn
        .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok(AuditHead { seq: r.get(0)?, hash: r.get(1)? })
        })
        .optional()?)
}

/// Whether the trail holds `head` (the entry of that number, with that link): false when the
/// database is older than the moment `head` was taken.
pub fn holds(conn: &Connection, head: &AuditHead) -> Result<bool> {
    let found: Option<String> = conn
        .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [head.seq], |r| r.get(0))
        .optional()?;
    Ok(found.as_deref() == Some(head.hash.as_str()))
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
    let mut stmt = conn.prepare(&format!(
        "SELECT seq, prev_hash, hash, keyed,
                {LINK_FUNCTION}(prev_hash, at, event, object_type, object_id, outcome),
                at, event, object_type, object_id, outcome
         FROM audit_log ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_string();
    let mut count = 0u64;
    let mut keyed_seen = false;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let (prev_hash, hash): (String, String) = (r.get(1)?, r.get(2)?);
        let keyed: bool = r.get(3)?;
        let expected: String = if keyed {
            r.get(4)?
        } else {
            let mut parts = vec![Some(prev_hash.clone())];
            for i in 5..10 {
                parts.push(r.get::<_, Option<String>>(i)?);
            }
            plain_link(&parts)
        };
        // Once keyed, always keyed: an unkeyed entry after a keyed one was not written here.
        if prev_hash != prev || hash != expected || (keyed_seen && !keyed) {
            return Ok(Err(seq));
        }
        keyed_seen |= keyed;
        prev = hash;
        count += 1;
    }
    Ok(Ok(count))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::store::chain_key::install;
    use zeroize::Zeroizing;

    fn conn() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        crate::store::migrations::set().to_latest(&mut c).unwrap();
        install(&c, Zeroizing::new([7u8; 32])).unwrap();
        c
    }

    #[test]
    fn links_are_keyed_and_the_head_is_the_newest_entry() {
        let c = conn();
        let t = Utc::now();
        assert_eq!(head(&c).unwrap(), None);
        append(&c, t, Entry::ok(Event::VaultCreated)).unwrap();
        let first = head(&c).unwrap().unwrap();
        append(&c, t, Entry::ok(Event::Lock)).unwrap();
        let second = head(&c).unwrap().unwrap();
        assert_eq!((first.seq, second.seq), (1, 2));
        assert!(holds(&c, &first).unwrap() && holds(&c, &second).unwrap());
        assert!(!holds(&c, &AuditHead { seq: 3, hash: second.hash.clone() }).unwrap());
        assert!(!holds(&c, &AuditHead { seq: 2, hash: first.hash.clone() }).unwrap());
        // The same entries under another key link differently, so a chain cannot be rebuilt
        // without the data key.
        let other = Connection::open_in_memory().unwrap();
        install(&other, Zeroizing::new([8u8; 32])).unwrap();
        let parts: Vec<Option<String>> = vec![Some("a".into()); 6];
        assert_ne!(link(&c, &parts).unwrap(), link(&other, &parts).unwrap());
        assert_ne!(link(&c, &parts).unwrap(), plain_link(&parts));
    }

    #[test]
    fn a_chain_begun_unkeyed_still_verifies_and_cannot_fall_back() {
        let c = conn();
        let t = Utc::now();
        // An entry as versions before the keyed chain wrote it.
        let at = t.to_rfc3339_opts(SecondsFormat::Millis, true);
        let parts = [GENESIS, &at, "vault_created", "", "", "ok"].map(|p| Some(p.to_string()));
        let mut parts = parts.to_vec();
        parts[3] = None;
        parts[4] = None;
        let hash = plain_link(&parts);
        c.execute(
            "INSERT INTO audit_log (at, event, outcome, prev_hash, hash, keyed)
             VALUES (?1, 'vault_created', 'ok', ?2, ?3, 0)",
            params![at, GENESIS, hash],
        )
        .unwrap();
        append(&c, t, Entry::ok(Event::UnlockOk)).unwrap();
        assert_eq!(verify_chain(&c).unwrap(), Ok(2));
        let prev = head(&c).unwrap().unwrap().hash;
        let parts = [prev.as_str(), &at, "lock", "", "", "ok"].map(|p| Some(p.to_string()));
        let mut parts = parts.to_vec();
        parts[3] = None;
        parts[4] = None;
        c.execute(
            "INSERT INTO audit_log (at, event, outcome, prev_hash, hash, keyed)
             VALUES (?1, 'lock', 'ok', ?2, ?3, 0)",
            params![at, prev, plain_link(&parts)],
        )
        .unwrap();
        assert_eq!(verify_chain(&c).unwrap(), Err(3), "an unkeyed entry after keyed ones");
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
