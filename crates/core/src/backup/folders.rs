//! Where backups go and when: the folders (connected or not, automatic or not, how the last
//! attempt went) and the schedule (the interval and how many generations to keep).

use super::{BackupAttempt, BackupFolder, BackupKeep, BackupSchedule, rfc3339, rotation};
use crate::audit::{self, Entry};
use crate::error::{Error, Result};
use crate::ids::BackupFolderId;
use crate::store::files::device_of;
use crate::vault::{Vault, settings};
use rusqlite::params;
use std::fs;
use std::path::{Path, PathBuf};

impl Vault {
    /// Automatic folders that need a backup now.
    pub fn due_folders(&self) -> Result<Vec<PathBuf>> {
        let schedule = self.backup_schedule()?;
        let cutoff = rfc3339(
            self.clock().now() - chrono::Duration::hours(i64::from(schedule.interval_hours)),
        );
        let mut stmt = self.conn().prepare(
            "SELECT t.folder FROM backup_targets t
             WHERE t.automatic = 1
               AND NOT EXISTS (SELECT 1 FROM backups b
                               WHERE b.folder = t.folder AND b.pruned_at IS NULL
                                 AND b.check_outcome = 'ok' AND b.created_at > ?1)
             ORDER BY t.id",
        )?;
        let folders = stmt
            .query_map([cutoff], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(folders.into_iter().map(PathBuf::from).collect())
    }

    pub fn backup_schedule(&self) -> Result<BackupSchedule> {
        let conn = self.conn();
        let read = |key: &str, range: std::ops::RangeInclusive<u32>, default: u32| {
            settings::get(conn, key).map(|v| {
                v.and_then(|v| v.parse().ok()).filter(|v| range.contains(v)).unwrap_or(default)
            })
        };
        let d = BackupKeep::default();
        Ok(BackupSchedule {
            interval_hours: read(KEY_INTERVAL, INTERVAL_RANGE, INTERVAL_DEFAULT)?,
            keep: BackupKeep {
                daily: read(KEY_DAILY, rotation::DAILY_RANGE, d.daily)?,
                weekly: read(KEY_WEEKLY, rotation::WEEKLY_RANGE, d.weekly)?,
                monthly: read(KEY_MONTHLY, rotation::MONTHLY_RANGE, d.monthly)?,
            },
        })
    }

    pub fn set_backup_schedule(&mut self, schedule: BackupSchedule) -> Result<BackupSchedule> {
        let checks: [(&'static str, u32, std::ops::RangeInclusive<u32>, &str); 4] = [
            ("interval_hours", schedule.interval_hours, INTERVAL_RANGE, "hours"),
            ("keep_daily", schedule.keep.daily, rotation::DAILY_RANGE, "days"),
            ("keep_weekly", schedule.keep.weekly, rotation::WEEKLY_RANGE, "weeks"),
            ("keep_monthly", schedule.keep.monthly, rotation::MONTHLY_RANGE, "months"),
        ];
        for (field, value, range, unit) in checks {
            if !range.contains(&value) {
                return Err(Error::invalid(
                    field,
                    format!("Choose between {} and {} {unit}.", range.start(), range.end()),
                ));
            }
        }
        let now = self.clock().now();
        self.write(|tx| {
            settings::set(tx, KEY_INTERVAL, &schedule.interval_hours.to_string())?;
            settings::set(tx, KEY_DAILY, &schedule.keep.daily.to_string())?;
            settings::set(tx, KEY_WEEKLY, &schedule.keep.weekly.to_string())?;
            settings::set(tx, KEY_MONTHLY, &schedule.keep.monthly.to_string())?;
            audit::append(tx, now, Entry::setting("backup_schedule"))
        })?;
        self.backup_schedule()
    }

    /// Adds a folder for backups (or changes whether it is automatic if already known).
    pub fn add_backup_folder(&mut self, folder: &Path, automatic: bool) -> Result<BackupFolder> {
        if !folder.is_absolute() {
            return Err(Error::invalid("folder", "Choose a folder by its full path."));
        }
        if !folder.is_dir() {
            return Err(Error::invalid(
                "folder",
                format!("{} is not a folder that can be reached now.", folder.display()),
            ));
        }
        if folder_is_inside(folder, self.dir().root()) {
            return Err(Error::invalid(
                "folder",
                "That folder is inside the vault's own folder. Choose a folder on another disk.",
            ));
        }
        let text = folder.display().to_string();
        let now = self.clock().now();
        let at = rfc3339(now);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO backup_targets (folder, automatic, added_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (folder) DO UPDATE SET automatic = excluded.automatic",
                params![text, automatic, at],
            )?;
            audit::append(tx, now, FOLDERS_CHANGED)
        })?;
        self.backup_folders()?
            .into_iter()
            .find(|f| f.folder == text)
            .ok_or(Error::NotFound { what: "The backup folder" })
    }

    pub fn set_backup_folder_automatic(
        &mut self,
        id: BackupFolderId,
        automatic: bool,
    ) -> Result<()> {
        let now = self.clock().now();
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE backup_targets SET automatic = ?2 WHERE id = ?1",
                params![id, automatic],
            )?;
            if n == 0 {
                return Err(Error::NotFound { what: "The backup folder" });
            }
            audit::append(tx, now, FOLDERS_CHANGED)
        })
    }

    /// Forgets a folder. The backups in it stay on that disk and stay listed.
    pub fn remove_backup_folder(&mut self, id: BackupFolderId) -> Result<()> {
        let now = self.clock().now();
        self.write(|tx| {
            let n = tx.execute("DELETE FROM backup_targets WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(Error::NotFound { what: "The backup folder" });
            }
            audit::append(tx, now, FOLDERS_CHANGED)
        })
    }

    pub fn backup_folders(&self) -> Result<Vec<BackupFolder>> {
        let vault_dev = device_of(self.dir().root());
        let mut stmt = self.conn().prepare(
            "SELECT id, folder, automatic, added_at, last_attempt_at, last_outcome, last_message
             FROM backup_targets ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let folder: String = r.get(1)?;
                let path = Path::new(&folder);
                let connected = path.is_dir();
                let same = connected && vault_dev.is_some() && device_of(path) == vault_dev;
                Ok(BackupFolder {
                    id: r.get(0)?,
                    automatic: r.get(2)?,
                    added_at: r.get(3)?,
                    connected,
                    same_disk_as_vault: same,
                    last_attempt_at: r.get(4)?,
                    last_outcome: r.get(5)?,
                    last_message: r.get(6)?,
                    folder,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// The audit entry for any change to the list of backup folders.
const FOLDERS_CHANGED: Entry<'static> = Entry::setting("backup_folders");

pub const INTERVAL_DEFAULT: u32 = 24;
pub const INTERVAL_RANGE: std::ops::RangeInclusive<u32> = 1..=168;
const KEY_INTERVAL: &str = "backup_interval_hours";
const KEY_DAILY: &str = "backup_keep_daily";
const KEY_WEEKLY: &str = "backup_keep_weekly";
const KEY_MONTHLY: &str = "backup_keep_monthly";

pub(super) fn note_attempt(
    tx: &rusqlite::Connection,
    folder: &str,
    at: &str,
    outcome: BackupAttempt,
    message: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE backup_targets SET last_attempt_at = ?2, last_outcome = ?3, last_message = ?4
         WHERE folder = ?1",
        params![folder, at, outcome, message],
    )?;
    Ok(())
}

pub(super) fn folder_is_inside(folder: &Path, vault_root: &Path) -> bool {
    match (fs::canonicalize(folder), fs::canonicalize(vault_root)) {
        (Ok(f), Ok(v)) => f.starts_with(&v),
        _ => folder.starts_with(vault_root),
    }
}
