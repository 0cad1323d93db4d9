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
        let backups = stmt.query_map([], entry_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
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
        self.conn()
            .query_row(
                &format!("SELECT {ENTRY_COLUMNS} FROM backups WHERE id = ?1"),
                [id],
                entry_from_row,
            )
            .optional()?
            .ok_or(Error::NotFound { what: "The backup" })
    }

    /// Reads a listed backup back in full with the vault's key ("verify again").
    pub fn verify_backup(&mut self, id: BackupId) -> Result<BackupEntry> {
        let entry = self.backup_entry(id)?;
        let path = PathBuf::from(&entry.path);
        let scratch = self.dir().root().join(".backup-check");
        let (outcome, message) = if !Path::new(&entry.folder).is_dir() {
            (BackupCheck::Missing, Some("The folder is not connected.".to_string()))
        } else if !path.exists() {
            (BackupCheck::Missing, Some("The file is no longer in its folder.".to_string()))
        } else {
            match check_file(&path, self.data_key(), self.vault_id(), &scratch) {
                Ok(contents) if contents.schema_version == entry.schema_version => {
                    (BackupCheck::Ok, None)
                }
                Ok(_) => (
                    BackupCheck::Damaged,
                    Some("It holds a different schema version than when it was made.".into()),
                ),
                Err(e) => (BackupCheck::Damaged, Some(e.to_string())),
            }
        };
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
        self.backup_entry(id)
    }
}

const ENTRY_COLUMNS: &str = "id, folder, file_name, created_at, size, schema_version, reason,
    verified_at, checked_at, check_outcome, check_message";

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
        verified_at: r.get(7)?,
        checked_at: r.get(8)?,
        check_outcome: r.get(9)?,
        check_message: r.get(10)?,
    })
}
