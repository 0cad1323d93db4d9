//! Backups made without the key (by `rapport-cli backup` while the vault is closed) cannot be
//! listed in the encrypted database when they are made. Each is noted in a small file in the
//! vault folder, `backups-to-verify.json` (where the file is, its size and checksum; nothing
//! about any record), and the next unlock lists them in the vault as "not yet verified with
//! the key", to be read back in full with the key in the background.

use super::Vault;
use crate::audit::{self, Entry, Event, ObjectKind};
use crate::error::{Error, Result};
use crate::store::files::write_atomic;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::Path;

pub const PENDING_FILE: &str = "backups-to-verify.json";
/// More than any schedule could make between two unlocks; older notes are dropped first.
const MAX_PENDING: usize = 1000;

/// A backup made without the key, waiting for the next unlock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingBackup {
    pub folder: String,
    pub file_name: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub size: u64,
    pub sha256: String,
    pub schema_version: i64,
    /// Which data key its key file holds, when the key file says.
    #[serde(default)]
    pub key_fingerprint: Option<String>,
}

/// Notes a backup made without the key in the vault folder `root` (the caller holds its
/// claim).
pub fn note(root: &Path, backup: PendingBackup) -> Result<()> {
    let mut list = read(root);
    list.push(backup);
    if list.len() > MAX_PENDING {
        list.drain(..list.len() - MAX_PENDING);
    }
    let bytes = serde_json::to_vec_pretty(&list).expect("the list serialises");
    write_atomic(&root.join(PENDING_FILE), &bytes)
}

/// The backups noted so far; an unreadable note is read as none (the backups themselves are
/// untouched and can still be verified by choosing them).
pub fn read(root: &Path) -> Vec<PendingBackup> {
    fs::read(root.join(PENDING_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

impl Vault {
    /// Lists the backups made without the key since the last unlock, as not yet verified, and
    /// removes their note. Run at every unlock.
    pub(crate) fn adopt_unverified_backups(&mut self) -> Result<()> {
        let root = self.dir().root().to_path_buf();
        let list = read(&root);
        if list.is_empty() {
            if root.join(PENDING_FILE).exists() {
                let _ = fs::remove_file(root.join(PENDING_FILE));
            }
            return Ok(());
        }
        let now = self.clock().now();
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.write(|tx| {
            for b in &list {
                // A file of the same name that rotation removed earlier leaves its row behind.
                tx.execute(
                    "DELETE FROM backups
                     WHERE folder = ?1 AND file_name = ?2 AND pruned_at IS NOT NULL",
                    rusqlite::params![b.folder, b.file_name],
                )?;
                let added = tx.execute(
                    "INSERT OR IGNORE INTO backups (folder, file_name, created_at, size, sha256,
                         schema_version, reason, with_key, verified_at, checked_at, check_outcome,
                         key_fingerprint)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'command', 0, NULL, ?7, 'unverified', ?8)",
                    rusqlite::params![
                        b.folder,
                        b.file_name,
                        b.created_at,
                        b.size as i64,
                        b.sha256,
                        b.schema_version,
                        at,
                        b.key_fingerprint
                    ],
                )?;
                if added > 0 {
                    let id = tx.last_insert_rowid();
                    let entry = Entry::about(Event::Backup, ObjectKind::Backup, id);
                    audit::append(tx, now, entry.outcome("made_without_key"))?;
                }
            }
            Ok(())
        })?;
        fs::remove_file(root.join(PENDING_FILE))
            .or_else(|e| if e.kind() == std::io::ErrorKind::NotFound { Ok(()) } else { Err(e) })
            .map_err(Error::io(format!("removing {}", root.join(PENDING_FILE).display())))?;
        Ok(())
    }
}
