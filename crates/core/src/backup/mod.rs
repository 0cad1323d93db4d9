//! Backups: one encrypted, self-checking file per backup, written atomically into a folder the
//! practitioner chose (a USB stick, an external disk), verified before it counts, and rotated.
//!
//! Making a backup has three steps, so the desktop app can keep working during the slow one:
//! 1. [`Vault::start_backup`] (needs the vault): checks the folder (it exists, a probe file can
//!    be written, there is room), then `VACUUM INTO` a hidden partial file there on the keyed
//!    connection, so the copy is encrypted with the vault's key; the record counts are taken
//!    in the same moment.
//! 2. [`Snapshot::finish`] (needs nothing but the snapshot): flushes the copy, opens it afresh
//!    with the key and checks every page (`cipher_integrity_check`, `integrity_check`, schema
//!    version and counts equal the vault's), wraps it in the container ([`container`]),
//!    renames it into place, flushes the folder, and reads it back.
//! 3. [`Vault::record_backup`] (needs the vault): lists it and prunes older generations in that
//!    folder ([`rotation`]), never the newest verified one.
//!
//! A failure at any point removes the partial files; nothing is ever written to any folder but
//! the one asked for, and an earlier backup is never touched by a failed one.

pub mod container;
pub mod restore;
pub mod rotation;

use crate::audit::{self, Entry, Event};
use crate::check::{self, RecordCount};
use crate::db;
use crate::error::{Error, Result};
use crate::keys::{self, DataKey, KeyFile};
use crate::settings;
use crate::vault::Vault;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use ts_rs::TS;

pub use rotation::BackupKeep;

/// What started a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupReason {
    /// "Back up now".
    Manual,
    /// Automatic, on locking.
    Lock,
    /// Automatic, on quitting.
    Quit,
    /// Automatic, while the app stays open.
    Daily,
    /// `rapport-cli backup`.
    Command,
}

impl BackupReason {
    fn as_str(self) -> &'static str {
        match self {
            BackupReason::Manual => "manual",
            BackupReason::Lock => "lock",
            BackupReason::Quit => "quit",
            BackupReason::Daily => "daily",
            BackupReason::Command => "command",
        }
    }

    fn parse(s: &str) -> BackupReason {
        match s {
            "lock" => BackupReason::Lock,
            "quit" => BackupReason::Quit,
            "daily" => BackupReason::Daily,
            "command" => BackupReason::Command,
            _ => BackupReason::Manual,
        }
    }
}

/// The steps of making a backup, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupStage {
    /// Checking the folder and copying the vault.
    Copying,
    /// Reading every page of the copy back with the key.
    Checking,
    /// Writing the backup file.
    Writing,
    /// Reading the finished file back.
    Confirming,
    /// Removing older generations.
    Rotating,
}

/// BackupProgress of one backup: the step and how far through all steps (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupProgress {
    pub stage: BackupStage,
    pub fraction: f64,
}

impl BackupProgress {
    fn at(stage: BackupStage) -> BackupProgress {
        let fraction = match stage {
            BackupStage::Copying => 0.05,
            BackupStage::Checking => 0.35,
            BackupStage::Writing => 0.6,
            BackupStage::Confirming => 0.8,
            BackupStage::Rotating => 0.95,
        };
        BackupProgress { stage, fraction }
    }
}

/// The result of the last check of a backup file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupCheck {
    /// Read back in full and found whole.
    Ok,
    /// Not reachable: the folder is not connected or the file is gone.
    Missing,
    /// Read, and found damaged.
    Damaged,
}

impl BackupCheck {
    fn as_str(self) -> &'static str {
        match self {
            BackupCheck::Ok => "ok",
            BackupCheck::Missing => "missing",
            BackupCheck::Damaged => "damaged",
        }
    }

    fn parse(s: &str) -> BackupCheck {
        match s {
            "ok" => BackupCheck::Ok,
            "missing" => BackupCheck::Missing,
            _ => BackupCheck::Damaged,
        }
    }
}

/// A backup this vault made, as listed on the Backups screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub folder: String,
    pub file_name: String,
    pub path: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number")]
    pub schema_version: i64,
    pub reason: BackupReason,
    /// When the file last passed a full check.
    pub verified_at: String,
    pub checked_at: String,
    pub check_outcome: BackupCheck,
    pub check_message: Option<String>,
}

/// What became of the last attempt to back up into a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupAttempt {
    Ok,
    /// The folder was not connected; nothing was written anywhere else.
    Skipped,
    Failed,
}

impl BackupAttempt {
    fn as_str(self) -> &'static str {
        match self {
            BackupAttempt::Ok => "ok",
            BackupAttempt::Skipped => "skipped",
            BackupAttempt::Failed => "failed",
        }
    }

    fn parse(s: &str) -> BackupAttempt {
        match s {
            "ok" => BackupAttempt::Ok,
            "skipped" => BackupAttempt::Skipped,
            _ => BackupAttempt::Failed,
        }
    }
}

/// A folder backups go to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupFolder {
    #[ts(type = "number")]
    pub id: i64,
    pub folder: String,
    /// Included in the automatic backups.
    pub automatic: bool,
    pub added_at: String,
    /// Reachable right now.
    pub connected: bool,
    /// On the same disk as the vault, so it would not survive that disk failing.
    pub same_disk_as_vault: bool,
    pub last_attempt_at: Option<String>,
    pub last_outcome: Option<BackupAttempt>,
    pub last_message: Option<String>,
}

/// When automatic backups run and what rotation keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupSchedule {
    /// An automatic backup is made when the newest verified one in a folder is older than
    /// this (1–168 hours).
    pub interval_hours: u32,
    pub keep: BackupKeep,
}

pub const INTERVAL_DEFAULT: u32 = 24;
pub const INTERVAL_RANGE: std::ops::RangeInclusive<u32> = 1..=168;
const KEY_INTERVAL: &str = "backup_interval_hours";
const KEY_DAILY: &str = "backup_keep_daily";
const KEY_WEEKLY: &str = "backup_keep_weekly";
const KEY_MONTHLY: &str = "backup_keep_monthly";

/// Everything the Backups screen and Today show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupOverview {
    pub folders: Vec<BackupFolder>,
    /// Newest first; pruned backups are not listed.
    pub backups: Vec<BackupEntry>,
    pub schedule: BackupSchedule,
    /// When the newest backup that passed its checks was made.
    pub last_verified_at: Option<String>,
    /// No verified backup, or the newest is older than the interval.
    pub overdue: bool,
}

/// A finished, verified backup file, not yet listed in the vault.
#[derive(Debug, Clone)]
pub struct Made {
    pub path: PathBuf,
    pub folder: PathBuf,
    pub file_name: String,
    pub created: DateTime<Utc>,
    pub size: u64,
    pub sha256: String,
    pub schema_version: i64,
    pub counts: Vec<RecordCount>,
}

/// Step 1's result: an encrypted copy in a hidden partial file in the target folder. Dropping
/// it unfinished removes the partial files.
pub struct Snapshot {
    folder: PathBuf,
    partial_db: PathBuf,
    partial_container: PathBuf,
    final_path: PathBuf,
    file_name: String,
    created: DateTime<Utc>,
    schema_version: i64,
    counts: Vec<RecordCount>,
    sample: bool,
    key: DataKey,
    key_file: KeyFile,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.partial_db);
        let _ = fs::remove_file(&self.partial_container);
    }
}

/// What a backup's database holds, read with the key after a full check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupContents {
    #[ts(type = "number")]
    pub schema_version: i64,
    pub counts: Vec<RecordCount>,
    /// The newest date a record was created or changed, UTC RFC 3339.
    pub newest_record_at: Option<String>,
    pub sample: bool,
}

/// The audit entry for any change to the list of backup folders.
const FOLDERS_CHANGED: Entry<'static> = Entry {
    event: Event::SettingChanged,
    object: Some(("setting", "backup_folders")),
    outcome: "ok",
};

const PARTIAL_PREFIX: &str = ".rapport-partial-";
const PROBE_PREFIX: &str = ".rapport-probe-";
const MARGIN: u64 = 8 << 20;

impl Vault {
    /// Step 1 of a backup. See the module documentation.
    pub fn start_backup(&mut self, folder: &Path) -> Result<Snapshot> {
        let folder = folder.to_path_buf();
        let vault_id = self.vault_id().to_string();
        let short = short_id(&vault_id);
        if !folder.is_dir() {
            return Err(unavailable(
                &folder,
                if folder.exists() {
                    "it is a file, not a folder"
                } else {
                    "it is not connected, or no longer exists"
                },
            ));
        }
        if folder_is_inside(&folder, self.dir().root()) {
            return Err(unavailable(
                &folder,
                "it is inside the vault's own folder; choose a folder on another disk",
            ));
        }
        remove_stale_partials(&folder, &short);
        let needed = self.size_on_disk() * 2 + MARGIN;
        let available = fs4::available_space(&folder).map_err(|e| target_io(&folder, &e))?;
        if available < needed {
            return Err(unavailable(
                &folder,
                &format!(
                    "it has {} free and this backup needs about {}",
                    human_size(available),
                    human_size(needed)
                ),
            ));
        }
        probe(&folder, &short)?;

        let created = self.clock().now();
        let stamp = created.format("%Y-%m-%dT%H%M%SZ").to_string();
        let sample = self.settings()?.sample;
        let label = if sample { "rapport-sample" } else { "rapport" };
        let (file_name, final_path) = free_name(&folder, &format!("{label}-{short}-{stamp}"));
        let partial_db = folder.join(format!("{PARTIAL_PREFIX}{short}-{stamp}.db"));
        let partial_container = folder.join(format!("{PARTIAL_PREFIX}{short}-{stamp}.tmp"));
        let mut key_file = self.key_file().clone();
        key_file.failed_unlocks = 0;
        key_file.last_failed_unlock = None;
        key_file.unaudited_failures = 0;
        let snapshot = Snapshot {
            folder: folder.clone(),
            partial_db,
            partial_container,
            final_path,
            file_name,
            created,
            schema_version: db::schema_version(self.conn())?,
            counts: check::record_counts(self.conn())?,
            sample,
            key: self.data_key().duplicate(),
            key_file,
        };
        let target = snapshot.partial_db.to_str().ok_or_else(|| {
            unavailable(&folder, "its path cannot be used (it is not valid Unicode)")
        })?;
        // Nothing else writes while `self` is borrowed mutably, so the counts above describe
        // exactly what the copy holds.
        self.conn()
            .execute("VACUUM INTO ?1", [target])
            .map_err(|e| sqlite_target_error(&folder, &e))?;
        Ok(snapshot)
    }

    /// Step 3: lists a finished backup and prunes older generations in its folder.
    pub fn record_backup(
        &mut self,
        made: &Made,
        reason: BackupReason,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<BackupEntry> {
        progress(BackupProgress::at(BackupStage::Rotating));
        let now = self.clock().now();
        let at = rfc3339(now);
        let folder = made.folder.display().to_string();
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO backups (folder, file_name, created_at, size, sha256, schema_version,
                     reason, verified_at, checked_at, check_outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 'ok')",
                params![
                    folder,
                    made.file_name,
                    rfc3339(made.created),
                    made.size as i64,
                    made.sha256,
                    made.schema_version,
                    reason.as_str(),
                    at
                ],
            )?;
            let id = tx.last_insert_rowid();
            note_attempt(tx, &folder, &at, BackupAttempt::Ok, None)?;
            let id_text = id.to_string();
            audit::append(
                tx,
                now,
                Entry { event: Event::Backup, object: Some(("backup", &id_text)), outcome: "ok" },
            )?;
            Ok(id)
        })?;
        self.rotate(&made.folder)?;
        self.backup_entry(id)
    }

    /// Notes a backup that did not happen (folder not connected, full, read-only ...).
    pub fn record_backup_failure(&mut self, folder: &Path, error: &Error) -> Result<()> {
        let now = self.clock().now();
        let at = rfc3339(now);
        let outcome = if is_not_connected(folder, error) {
            BackupAttempt::Skipped
        } else {
            BackupAttempt::Failed
        };
        let message = error.to_string();
        let folder = folder.display().to_string();
        self.write(|tx| {
            note_attempt(tx, &folder, &at, outcome, Some(&message))?;
            audit::append(
                tx,
                now,
                Entry { event: Event::Backup, object: None, outcome: outcome.as_str() },
            )
        })
    }

    /// All three steps at once (for the command-line tool and automatic backups).
    pub fn back_up(
        &mut self,
        folder: &Path,
        reason: BackupReason,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<BackupEntry> {
        progress(BackupProgress::at(BackupStage::Copying));
        let result = self.start_backup(folder).and_then(|s| s.finish(progress));
        match result {
            Ok(made) => self.record_backup(&made, reason, progress),
            Err(e) => {
                // Noting the failure must not hide the failure itself.
                let _ = self.record_backup_failure(folder, &e);
                Err(e)
            }
        }
    }

    /// Backs up into every automatic folder whose newest verified backup is older than the
    /// interval. A folder that is not connected is skipped and noted, never replaced.
    pub fn run_due_backups(
        &mut self,
        reason: BackupReason,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<Vec<(PathBuf, Result<BackupEntry>)>> {
        let due = self.due_folders()?;
        let mut results = Vec::with_capacity(due.len());
        for folder in due {
            let result = self.back_up(&folder, reason, progress);
            results.push((folder, result));
        }
        Ok(results)
    }

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
            audit::append(
                tx,
                now,
                Entry {
                    event: Event::SettingChanged,
                    object: Some(("setting", "backup_schedule")),
                    outcome: "ok",
                },
            )
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

    pub fn set_backup_folder_automatic(&mut self, id: i64, automatic: bool) -> Result<()> {
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
    pub fn remove_backup_folder(&mut self, id: i64) -> Result<()> {
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
                    last_outcome: r.get::<_, Option<String>>(5)?.map(|s| BackupAttempt::parse(&s)),
                    last_message: r.get(6)?,
                    folder,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

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

    pub fn backup_entry(&self, id: i64) -> Result<BackupEntry> {
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
    pub fn verify_backup(&mut self, id: i64) -> Result<BackupEntry> {
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
                params![id, at, outcome.as_str(), message],
            )?;
            let id_text = id.to_string();
            audit::append(
                tx,
                now,
                Entry {
                    event: Event::BackupChecked,
                    object: Some(("backup", &id_text)),
                    outcome: outcome.as_str(),
                },
            )
        })?;
        self.backup_entry(id)
    }

    /// Removes older generations in `folder` as the schedule says. Only backups that passed
    /// their last check count; the newest of them is never removed, and a file is removed only
    /// if it is still this vault's backup.
    fn rotate(&mut self, folder: &Path) -> Result<Vec<i64>> {
        let keep = self.backup_schedule()?.keep;
        let text = folder.display().to_string();
        let candidates: Vec<(i64, DateTime<Utc>, String)> = {
            let mut stmt = self.conn().prepare(
                "SELECT id, created_at, file_name FROM backups
                 WHERE folder = ?1 AND pruned_at IS NULL AND check_outcome = 'ok'",
            )?;
            stmt.query_map([&text], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(id, at, name)| {
                DateTime::parse_from_rfc3339(&at).ok().map(|t| (id, t.with_timezone(&Utc), name))
            })
            .collect()
        };
        let list: Vec<(i64, DateTime<Utc>)> = candidates.iter().map(|(i, t, _)| (*i, *t)).collect();
        let mut pruned = Vec::new();
        for id in rotation::prune(&list, keep) {
            let Some((_, _, name)) = candidates.iter().find(|(i, _, _)| *i == id) else {
                continue;
            };
            let path = folder.join(name);
            let ours = container::peek_vault_id(&path).is_some_and(|v| v == self.vault_id());
            if path.exists() && (!ours || fs::remove_file(&path).is_err()) {
                continue;
            }
            let now = self.clock().now();
            self.write(|tx| {
                tx.execute(
                    "UPDATE backups SET pruned_at = ?2 WHERE id = ?1",
                    params![id, rfc3339(now)],
                )?;
                let id_text = id.to_string();
                audit::append(
                    tx,
                    now,
                    Entry {
                        event: Event::BackupPruned,
                        object: Some(("backup", &id_text)),
                        outcome: "ok",
                    },
                )
            })?;
            pruned.push(id);
        }
        if !pruned.is_empty() {
            let _ = keys::sync_dir(folder);
        }
        Ok(pruned)
    }

    fn size_on_disk(&self) -> u64 {
        let db = self.dir().db_path();
        let wal = db.with_extension("db-wal");
        [db, wal].iter().filter_map(|p| fs::metadata(p).ok()).map(|m| m.len()).sum()
    }
}

impl Snapshot {
    /// Step 2 of a backup. See the module documentation.
    pub fn finish(mut self, progress: &mut dyn FnMut(BackupProgress)) -> Result<Made> {
        let folder = self.folder.clone();
        let io = |e: std::io::Error| target_io(&folder, &e);
        File::open(&self.partial_db).and_then(|f| f.sync_all()).map_err(io)?;

        progress(BackupProgress::at(BackupStage::Checking));
        let contents =
            check_database(&self.partial_db, &self.key).map_err(|what| Error::BackupDamaged {
                path: self.final_path.clone(),
                what: format!("the new copy failed its check ({what}); nothing was kept"),
            })?;
        if contents.schema_version != self.schema_version || contents.counts != self.counts {
            return Err(Error::BackupDamaged {
                path: self.final_path.clone(),
                what: "the new copy does not hold the same records as the vault; nothing was kept"
                    .into(),
            });
        }

        progress(BackupProgress::at(BackupStage::Writing));
        let mut payload = File::open(&self.partial_db).map_err(io)?;
        let (sha256, payload_len) = container::hash_file(&mut payload).map_err(io)?;
        let header = container::Header {
            format: container::HEADER_FORMAT.into(),
            vault_id: self.key_file.vault_id.clone(),
            created: self.created,
            app_version: crate::VERSION.into(),
            schema_version: self.schema_version,
            sample: self.sample,
            key_file: self.key_file.clone(),
            payload_len,
            payload_sha256: sha256.clone(),
        };
        {
            let mut out = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&self.partial_container)
                .map_err(io)?;
            keys::restrict_permissions(&out).map_err(io)?;
            container::write(&mut out, &header, &self.key, &mut payload).map_err(io)?;
            out.flush().map_err(io)?;
            out.sync_all().map_err(io)?;
        }
        drop(payload);
        if self.final_path.exists() {
            return Err(unavailable(&folder, "a file of the same name appeared meanwhile"));
        }
        fs::rename(&self.partial_container, &self.final_path).map_err(io)?;
        let _ = fs::remove_file(&self.partial_db);
        keys::sync_dir(&folder).map_err(io)?;

        progress(BackupProgress::at(BackupStage::Confirming));
        let read_back = container::inspect(&self.final_path)
            .and_then(|i| {
                if i.mac_matches(&self.key) {
                    Ok(i)
                } else {
                    Err(Error::BackupDamaged {
                        path: self.final_path.clone(),
                        what: "its header could not be confirmed".into(),
                    })
                }
            })
            .inspect_err(|_| {
                // A file that does not read back whole must not look like a backup.
                let _ = fs::remove_file(&self.final_path);
            })?;
        Ok(Made {
            path: self.final_path.clone(),
            folder,
            file_name: self.file_name.clone(),
            created: self.created,
            size: read_back.file_len,
            sha256,
            schema_version: self.schema_version,
            counts: std::mem::take(&mut self.counts),
        })
    }
}

/// Checks a backup file in full with `key`: its structure, its header MAC, then every page
/// of its database (in a private scratch folder that is removed afterwards).
pub fn check_file(
    path: &Path,
    key: &DataKey,
    vault_id: &str,
    scratch: &Path,
) -> Result<BackupContents> {
    let inspected = container::inspect(path)?;
    if inspected.header.vault_id != vault_id {
        return Err(Error::NotABackup {
            path: path.to_path_buf(),
            reason: "it is a backup of another vault".into(),
        });
    }
    if !inspected.mac_matches(key) {
        return Err(Error::BackupDamaged {
            path: path.to_path_buf(),
            what: "its header was changed after it was written".into(),
        });
    }
    check_payload(&inspected, key, scratch)
}

/// Copies a checked container's database into `scratch` and checks it there.
pub fn check_payload(
    inspected: &container::Inspected,
    key: &DataKey,
    scratch: &Path,
) -> Result<BackupContents> {
    let dir = Scratch::new(scratch)?;
    let db_path = dir.path.join("check.db");
    inspected.extract_payload(&db_path)?;
    check_database(&db_path, key)
        .map_err(|what| Error::BackupDamaged { path: inspected.path.clone(), what })
}

/// A private folder removed (with everything in it) when dropped.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new(base: &Path) -> Result<Scratch> {
        let path = base.join(format!("{}", uuid::Uuid::new_v4().simple()));
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&path).map_err(Error::io(format!("creating {}", path.display())))?;
        Ok(Scratch { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Opens a database copy with `key` and checks every page. The error is a phrase saying what
/// was wrong.
pub(super) fn check_database(
    path: &Path,
    key: &DataKey,
) -> std::result::Result<BackupContents, String> {
    let conn = db::open_copy(path, key)
        .map_err(|e| format!("its database cannot be opened ({e})"))?
        .ok_or_else(|| "its database does not open with this vault's key".to_string())?;
    let report = db::full_integrity_check(&conn)
        .map_err(|e| format!("its database cannot be read in full ({e})"))?;
    if !report.is_clean() {
        let mut lines = report.cipher.clone();
        lines.extend(report.integrity.iter().filter(|l| *l != "ok").cloned());
        lines.truncate(3);
        return Err(format!("its database failed the integrity check: {}", lines.join("; ")));
    }
    let schema_version =
        db::schema_version(&conn).map_err(|e| format!("its schema cannot be read ({e})"))?;
    let counts = check::record_counts_present(&conn)
        .map_err(|e| format!("its records cannot be counted ({e})"))?;
    let newest_record_at = newest_record(&conn, schema_version);
    let sample = settings::get(&conn, "sample_practice").ok().flatten().as_deref() == Some("true");
    Ok(BackupContents { schema_version, counts, newest_record_at, sample })
}

/// The newest moment a record was created, changed, signed or amended.
fn newest_record(conn: &rusqlite::Connection, schema_version: i64) -> Option<String> {
    let audit = "SELECT max(at) AS x FROM audit_log WHERE event IN
        ('record_created', 'record_changed', 'record_deleted', 'note_signed', 'note_amended')";
    let sql = if schema_version >= 3 {
        format!("SELECT max(x) FROM ({audit} UNION ALL SELECT max(updated_at) FROM notes)")
    } else {
        audit.to_string()
    };
    conn.query_row(&sql, [], |r| r.get::<_, Option<String>>(0)).ok().flatten()
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
        reason: BackupReason::parse(&r.get::<_, String>(6)?),
        verified_at: r.get(7)?,
        checked_at: r.get(8)?,
        check_outcome: BackupCheck::parse(&r.get::<_, String>(9)?),
        check_message: r.get(10)?,
    })
}

fn note_attempt(
    tx: &rusqlite::Connection,
    folder: &str,
    at: &str,
    outcome: BackupAttempt,
    message: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE backup_targets SET last_attempt_at = ?2, last_outcome = ?3, last_message = ?4
         WHERE folder = ?1",
        params![folder, at, outcome.as_str(), message],
    )?;
    Ok(())
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn short_id(vault_id: &str) -> String {
    vault_id.chars().filter(char::is_ascii_alphanumeric).take(8).collect()
}

/// `<base>.rapportbackup`, or `<base>-2.rapportbackup` ... if taken.
fn free_name(folder: &Path, base: &str) -> (String, PathBuf) {
    let ext = container::EXTENSION;
    let mut name = format!("{base}.{ext}");
    let mut n = 2;
    while folder.join(&name).exists() {
        name = format!("{base}-{n}.{ext}");
        n += 1;
    }
    let path = folder.join(&name);
    (name, path)
}

fn remove_stale_partials(folder: &Path, short: &str) {
    let prefixes = [format!("{PARTIAL_PREFIX}{short}-"), format!("{PROBE_PREFIX}{short}")];
    if let Ok(entries) = fs::read_dir(folder) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if prefixes.iter().any(|p| name.starts_with(p.as_str())) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn probe(folder: &Path, short: &str) -> Result<()> {
    let path = folder.join(format!("{PROBE_PREFIX}{short}"));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create(true).truncate(true).open(&path)?;
        f.write_all(b"rapport")?;
        f.sync_all()
    })();
    let _ = fs::remove_file(&path);
    result.map_err(|e| target_io(folder, &e))
}

fn folder_is_inside(folder: &Path, vault_root: &Path) -> bool {
    match (fs::canonicalize(folder), fs::canonicalize(vault_root)) {
        (Ok(f), Ok(v)) => f.starts_with(&v),
        _ => folder.starts_with(vault_root),
    }
}

#[cfg(unix)]
fn device_of(path: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| m.dev())
}

#[cfg(not(unix))]
fn device_of(_path: &Path) -> Option<u64> {
    None
}

fn unavailable(folder: &Path, reason: &str) -> Error {
    Error::TargetUnavailable { path: folder.to_path_buf(), reason: reason.into() }
}

/// Says what an I/O failure in a backup folder means to the practitioner.
fn target_io(folder: &Path, e: &std::io::Error) -> Error {
    use std::io::ErrorKind;
    let kept = "nothing was left behind and earlier backups are untouched";
    let reason = if !folder.is_dir() {
        format!("it was disconnected while the backup was written; {kept}")
    } else {
        match (e.kind(), e.raw_os_error()) {
            (ErrorKind::StorageFull, _) | (_, Some(28)) => {
                format!("the disk filled up while the backup was written; {kept}")
            }
            (ErrorKind::ReadOnlyFilesystem, _) | (_, Some(30)) => {
                "it is read-only, so nothing can be written to it".to_string()
            }
            (ErrorKind::PermissionDenied, _) => {
                "this account is not allowed to write to it".to_string()
            }
            _ => format!("it could not be written ({e}); {kept}"),
        }
    };
    Error::TargetUnavailable { path: folder.to_path_buf(), reason }
}

fn sqlite_target_error(folder: &Path, e: &rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let code = e.sqlite_error_code();
    let io = match code {
        Some(ErrorCode::DiskFull) => std::io::Error::from_raw_os_error(28),
        Some(ErrorCode::ReadOnly) => std::io::Error::from_raw_os_error(30),
        Some(ErrorCode::PermissionDenied) => std::io::ErrorKind::PermissionDenied.into(),
        _ => std::io::Error::other(e.to_string()),
    };
    target_io(folder, &io)
}

fn is_not_connected(folder: &Path, error: &Error) -> bool {
    matches!(error, Error::TargetUnavailable { .. }) && !folder.is_dir()
}

pub(crate) fn human_size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= 1024.0 * MIB {
        format!("{:.1} GB", b / (1024.0 * MIB))
    } else if b >= MIB {
        format!("{:.1} MB", b / MIB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
