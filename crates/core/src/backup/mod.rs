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

mod catalogue;
pub mod container;
mod contents;
mod folders;
mod make;
pub mod restore;
pub mod rotation;
mod without_key;

use crate::ids::{BackupFolderId, BackupId};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use contents::BackupContents;
pub use folders::{INTERVAL_DEFAULT, INTERVAL_RANGE};
pub use make::{BackupRunner, VaultLoan};
pub use rotation::BackupKeep;
pub use without_key::back_up_without_key;

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
    /// Made without the key and not yet read back with it (or made under an earlier key,
    /// which the vault's key cannot read).
    Unverified,
}

/// A backup this vault made, as listed on the Backups screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupEntry {
    pub id: BackupId,
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
    /// Made with the key (and verified as it was written), or from the vault's files without
    /// it (`rapport-cli backup` while the vault was closed).
    pub with_key: bool,
    /// When the file last passed a full check with the key; none yet for a backup made
    /// without it.
    pub verified_at: Option<String>,
    /// Made before the last change of encryption key: it opens only with the passphrase or
    /// recovery key of its day.
    pub earlier_key: bool,
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

/// A folder backups go to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupFolder {
    pub id: BackupFolderId,
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
    /// Backups made without the key that are not yet verified with it.
    pub unverified: u32,
    /// When the encryption key was last changed, UTC RFC 3339.
    pub key_changed_at: Option<String>,
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn short_id(vault_id: &str) -> String {
    vault_id.chars().filter(char::is_ascii_alphanumeric).take(8).collect()
}

crate::stored_as_text!(
    BackupReason => "backup reason",
    BackupCheck => "backup check",
    BackupAttempt => "backup attempt",
);
