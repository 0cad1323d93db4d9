//! The backups this vault has made: the list, the overview the Backups screen and Today show,
//! and "verify again".

use super::contents::check_file;
use super::{BackupCheck, BackupEntry, BackupOverview, rfc3339};
use crate::audit::{self, Entry, Event, ObjectKind};
use crate::error::{Error, Result};
use crate::ids::BackupId;
use crate::store::text;
use crate::vault::Vault;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use std::path::{Path, PathBuf};

impl Vault {
    pub fn backup_overview(&self) -> Result<BackupOverview> {
        let schedule = self.backup_schedule()?;
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM backups WHERE pruned_at IS NULL
             ORDER BY created_at DESC, id DESC"
        ))?;
        let key_changed_at = self.settings()?.key_changed_at;
        let current = self.data_key().fingerprint();
        let backups = stmt
            .query_map([], |r| Ok((entry_from_row(r)?, r.get::<_, Option<String>>(12)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(mut b, key)| {
                b.earlier_key =
                    earlier_key(&b, key.as_deref(), &current, key_changed_at.as_deref());
                b
            })
            .collect::<Vec<_>>();
        let unverified =
            backups.iter().filter(|b| b.check_outcome == BackupCheck::Unverified).count() as u32;
        let last_verified_at = self.last_verified_backup()?;
        let overdue = match &last_verified_at {
            None => true,
            Some(at) => DateTime::parse_from_rfc3339(at).is_ok_and(|t| {
                self.clock().now() - t.with_timezone(&Utc)
                    > chrono::Duration::hours(i64::from(schedule.interval_hours))
            }),
        };
        Ok(BackupOverview {
            folders: self.backup_folders()?,
            backups,
            schedule,
            last_verified_at,
            overdue,
            unverified,
            key_changed_at,
        })
    }

    /// When the newest backup that passed its last check was made.
    pub fn last_verified_backup(&self) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT max(created_at) FROM backups
                 WHERE pruned_at IS NULL AND check_outcome = 'ok'",
                [],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    pub fn backup_entry(&self, id: BackupId) -> Result<BackupEntry> {
        let (mut entry, key) = self
            .conn()
            .query_row(&format!("SELECT {ENTRY_COLUMNS} FROM backups WHERE id = ?1"), [id], |r| {
                Ok((entry_from_row(r)?, r.get::<_, Option<String>>(12)?))
            })
            .optional()?
            .ok_or(Error::NotFound { what: "The backup" })?;
        let key_changed_at = self.settings()?.key_changed_at;
        let current = self.data_key().fingerprint();
        entry.earlier_key =
            earlier_key(&entry, key.as_deref(), &current, key_changed_at.as_deref());
        Ok(entry)
    }

    /// Reads a listed backup back in full with the vault's key ("verify again").
    pub fn verify_backup(&mut self, id: BackupId) -> Result<BackupEntry> {
        let (outcome, message) = self.plan_check(id)?.run();
        self.record_check(id, outcome, message)
    }

    /// Deletes a backup made under an earlier encryption key (offered after a change of key:
    /// such a backup still opens with the passphrase or recovery key of its day). A backup
    /// under the current key is never deleted here.
    pub fn delete_backup_under_earlier_key(&mut self, id: BackupId) -> Result<BackupEntry> {
        let entry = self.backup_entry(id)?;
        if !entry.earlier_key {
            return Err(Error::Conflict {
                reason: "This backup was made under the current encryption key; it is kept.".into(),
            });
        }
        let path = PathBuf::from(&entry.path);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("deleting {}", path.display()))(e)),
        }
        if let Some(folder) = path.parent() {
            let _ = crate::store::files::sync_dir(folder);
        }
        let now = self.clock().now();
        let at = rfc3339(now);
        self.write(|tx| {
            tx.execute("UPDATE backups SET pruned_at = ?2 WHERE id = ?1", params![id, at])?;
            audit::append(tx, now, Entry::about(Event::BackupDeleted, ObjectKind::Backup, id))
        })?;
        self.backup_entry(id)
    }

    /// Backups made without the key and not yet read back with it, oldest first.
    pub fn backups_to_verify(&self) -> Result<Vec<BackupId>> {
        let mut stmt = self.conn().prepare(
            "SELECT id FROM backups WHERE check_outcome = 'unverified' AND pruned_at IS NULL
             ORDER BY created_at, id",
        )?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// Verifies every backup made without the key that can be reached now, holding the vault
    /// throughout (the command line). The desktop app does the same in the background through
    /// [`super::BackupRunner::verify_unverified`].
    pub fn verify_unverified_backups(&mut self) -> Result<Vec<BackupEntry>> {
        let ids = self.backups_to_verify()?;
        ids.into_iter().map(|id| self.verify_backup(id)).collect()
    }

    /// What checking a listed backup needs, so the check can run without the vault.
    pub(crate) fn plan_check(&self, id: BackupId) -> Result<PlannedCheck> {
        let entry = self.backup_entry(id)?;
        Ok(PlannedCheck {
            key: self.data_key().duplicate(),
            vault_id: self.vault_id().to_string(),
            scratch: self.dir().root().join(".backup-check"),
            entry,
        })
    }

    /// Records the outcome of a check. A backup made without the key that verified is now an
    /// ordinary verified backup, and older generations in its folder may be pruned.
    pub(crate) fn record_check(
        &mut self,
        id: BackupId,
        outcome: BackupCheck,
        message: Option<String>,
    ) -> Result<BackupEntry> {
        let before = self.backup_entry(id)?;
        let now = self.clock().now();
        let at = rfc3339(now);
        self.write(|tx| {
            tx.execute(
                "UPDATE backups SET checked_at = ?2, check_outcome = ?3, check_message = ?4,
                     verified_at = CASE WHEN ?3 = 'ok' THEN ?2 ELSE verified_at END
                 WHERE id = ?1",
                params![id, at, outcome, message],
            )?;
            audit::append(
                tx,
                now,
                Entry::about(Event::BackupChecked, ObjectKind::Backup, id)
                    .outcome(&text::name(&outcome)),
            )
        })?;
        if before.check_outcome == BackupCheck::Unverified && outcome == BackupCheck::Ok {
            self.rotate(Path::new(&before.folder))?;
        }
        self.backup_entry(id)
    }
}

/// A check of one listed backup, ready to run without the vault.
pub(crate) struct PlannedCheck {
    key: crate::store::key::DataKey,
    vault_id: String,
    scratch: PathBuf,
    entry: BackupEntry,
}

impl PlannedCheck {
    /// Reads the file back in full with the key. A backup made without the key that cannot be
    /// reached stays "not yet verified" (it is tried again at the next unlock).
    pub(crate) fn run(self) -> (BackupCheck, Option<String>) {
        let entry = &self.entry;
        let path = PathBuf::from(&entry.path);
        let unreachable = if entry.check_outcome == BackupCheck::Unverified {
            BackupCheck::Unverified
        } else {
            BackupCheck::Missing
        };
        if !Path::new(&entry.folder).is_dir() {
            return (unreachable, Some("The folder is not connected.".to_string()));
        }
        if !path.exists() {
            return (
                BackupCheck::Missing,
                Some("The file is no longer in its folder.".to_string()),
            );
        }
        match check_file(&path, &self.key, &self.vault_id, &self.scratch) {
            Ok(contents) if contents.schema_version == entry.schema_version => {
                (BackupCheck::Ok, None)
            }
            Ok(_) => (
                BackupCheck::Damaged,
                Some("It holds a different schema version than when it was made.".into()),
            ),
            Err(Error::Conflict { reason }) => (BackupCheck::Unverified, Some(reason)),
            Err(e) => (BackupCheck::Damaged, Some(e.to_string())),
        }
    }
}

const ENTRY_COLUMNS: &str = "id, folder, file_name, created_at, size, schema_version, reason,
    verified_at, checked_at, check_outcome, check_message, with_key, key_fingerprint";

/// Whether a backup holds a key other than the vault's: known from the key it was made with,
/// or for backups listed before that was recorded, from when the key was last changed.
fn earlier_key(
    entry: &BackupEntry,
    key: Option<&str>,
    current: &str,
    key_changed_at: Option<&str>,
) -> bool {
    match key {
        Some(key) => key != current,
        None => key_changed_at.is_some_and(|k| entry.created_at.as_str() < k),
    }
}

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BackupEntry> {
    let folder: String = r.get(1)?;
    let file_name: String = r.get(2)?;
    Ok(BackupEntry {
        id: r.get(0)?,
        path: Path::new(&folder).join(&file_name).display().to_string(),
        folder,
        file_name,
        created_at: r.get(3)?,
        size: r.get::<_, i64>(4)? as u64,
        schema_version: r.get(5)?,
        reason: r.get(6)?,
        with_key: r.get(11)?,
        verified_at: r.get(7)?,
        earlier_key: false,
        checked_at: r.get(8)?,
        check_outcome: r.get(9)?,
        check_message: r.get(10)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::BackupReason;
    use crate::testing::{self, PASSPHRASE};
    use secrecy::SecretString;

    #[test]
    fn after_a_change_of_key_only_the_older_backups_can_be_deleted() {
        let (tmp, mut v) = testing::vault();
        let disk = tmp.path().join("disk");
        std::fs::create_dir(&disk).unwrap();
        let older = v.back_up(&disk, BackupReason::Manual, &mut |_| {}).unwrap();
        assert!(!older.earlier_key);
        v.change_key(&SecretString::from(PASSPHRASE.to_string())).unwrap();
        // Told apart by the key each holds, not by the clock (which has not moved here).
        let older = v.backup_entry(older.id).unwrap();
        assert!(older.earlier_key);
        let overview = v.backup_overview().unwrap();
        assert!(overview.key_changed_at.is_some());

        let err = v.verify_backup(older.id).unwrap();
        assert_eq!(err.check_outcome, BackupCheck::Unverified);
        assert!(err.check_message.unwrap().contains("earlier encryption key"));

        let deleted = v.delete_backup_under_earlier_key(older.id).unwrap();
        assert!(!Path::new(&deleted.path).exists(), "the file is gone");
        assert!(v.backup_overview().unwrap().backups.iter().all(|b| b.id != older.id));
        let trail = v.audit_trail().unwrap();
        assert_eq!(trail.last().unwrap().event, Event::BackupDeleted);

        // A backup under the new key is never deleted this way.
        let current = v.back_up(&disk, BackupReason::Manual, &mut |_| {}).unwrap();
        assert!(!current.earlier_key);
        let refused = v.delete_backup_under_earlier_key(current.id).unwrap_err();
        assert!(matches!(refused, Error::Conflict { .. }), "{refused:?}");
        assert!(Path::new(&current.path).exists());
    }
}
