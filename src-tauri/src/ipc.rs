//! The shapes that cross the IPC boundary, exported to TypeScript with ts-rs. Errors reach the
//! UI as `{code, message, field}`; the UI branches on `code`, never on the message.

use rapport_core::{
    BackupContents, BackupEntry, BackupReason, BackupStage, Error, ErrorCode, restore,
};
use serde::Serialize;
use ts_rs::TS;

/// A refused command. Every one comes from a core [`Error`], so `code` is always one of the
/// core's [`ErrorCode`]s: the shell has none of its own.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// The form field the error belongs to, when it belongs to one.
    pub field: Option<String>,
}

impl From<Error> for IpcError {
    fn from(e: Error) -> Self {
        IpcError { code: e.code(), message: e.to_string(), field: e.field().map(Into::into) }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VaultState {
    /// No vault yet: first run.
    None,
    Locked,
    Unlocked,
    /// Another Rapport window or command holds the vault.
    InUse,
    /// The vault cannot be opened; `problem` says why.
    Unavailable,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppStatus {
    pub state: VaultState,
    pub vault_dir: String,
    /// Seconds before another unlock attempt is allowed, after repeated failures.
    #[ts(type = "number | null")]
    pub unlock_wait_secs: Option<u64>,
    /// A sample practice with fictional data, never mixed with real records.
    pub sample: bool,
    pub version: String,
    pub problem: Option<IpcError>,
    pub recovery_key_confirmed: bool,
    pub auto_lock_minutes: u32,
}

/// A recovery key shown once. Wiped from this side's memory once it has been sent.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RecoveryKeyShown {
    #[ts(type = "string")]
    pub recovery_key: Wiped,
}

/// Text that is a secret: sent as a string, wiped from memory when dropped.
#[derive(Debug, Clone)]
pub struct Wiped(pub zeroize::Zeroizing<String>);

impl Serialize for Wiped {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

/// What "Change the encryption key" did: the new recovery key (shown once), the fresh backup
/// in each automatic folder that is connected, and the older backups it can reach, which
/// still open with the secrets of their day and are offered for deletion.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KeyChanged {
    pub recovery_key: RecoveryKeyShown,
    pub fresh_backups: Vec<FreshBackup>,
    pub older_backups: Vec<BackupEntry>,
}

/// One fresh backup after a change of key: where, and whether it was made and verified.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FreshBackup {
    pub folder: String,
    pub backup: Option<BackupEntry>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LockReason {
    Manual,
    Idle,
    /// The computer was about to sleep.
    Sleep,
    /// The screen of the session was locked.
    ScreenLocked,
}

/// Payload of the `vault-locked` event.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LockedEvent {
    pub reason: LockReason,
    /// The auto-lock setting in force, for "locked after N minutes without activity".
    pub minutes: u32,
}

pub const VAULT_LOCKED_EVENT: &str = "vault-locked";

/// Sent when the window is asked to close while a vault is open, so the UI can save a draft
/// that is still waiting for its autosave; it answers with the `close_window` command.
pub const WINDOW_CLOSING_EVENT: &str = "window-closing";

/// Sent when backups made without the key were read back with it after an unlock (in the
/// background), so the Backups screen and Today show the result.
pub const BACKUPS_CHECKED_EVENT: &str = "backups-checked";

/// Sent while a backup is made (by "Back up now" or automatically), so any screen can show it.
pub const BACKUP_PROGRESS_EVENT: &str = "backup-progress";

/// Payload of the `backup-progress` event.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupProgressEvent {
    pub folder: String,
    pub reason: BackupReason,
    pub stage: BackupStage,
    /// 0 to 1 across all steps.
    pub fraction: f64,
    /// The last event of this backup: `error` says whether it failed.
    pub done: bool,
    pub error: Option<String>,
}

/// A backup file picked for restoring, checked without any secret.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestoreCandidate {
    pub info: restore::BackupInfo,
    /// Restoring will replace a vault that exists in this folder (else it becomes the vault).
    pub replaces_vault: bool,
    /// The backup is of the vault that is open now (`null` when none is open).
    pub same_vault: Option<bool>,
}

/// A backup unpacked and verified, ready to be put in the vault's place.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestorePreview {
    pub info: restore::BackupInfo,
    pub contents: BackupContents,
    pub replaces_vault: bool,
}

/// The event that tells the window how far an export or import has gone.
pub const TRANSFER_PROGRESS_EVENT: &str = "transfer-progress";

/// Payload of the `transfer-progress` event.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TransferProgressEvent {
    /// `export` or `import`.
    pub operation: String,
    /// What is being done now, in words ("Reading the records", "Encrypting", "Writing").
    pub stage: String,
    /// 0 to 1.
    pub fraction: f64,
}

/// What an export asks for, as chosen in the Export dialog.
#[derive(Debug, Clone, serde::Deserialize, TS)]
#[ts(export)]
pub struct ExportRequest {
    pub scope: rapport_core::ExportScope,
    /// Private process notes are written (each marked private) only when this is true.
    pub process_notes: bool,
    /// Encrypts the file with this passphrase (age format); `null` for an unencrypted file.
    pub passphrase: Option<String>,
    /// Must be true for an unencrypted file: the practitioner has read that anyone with the
    /// file can read every record in it.
    pub unencrypted_understood: bool,
}

/// An export written where the practitioner chose.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportSaved {
    pub path: String,
    #[ts(type = "number")]
    pub clients: u64,
    #[ts(type = "number")]
    pub bytes: u64,
    pub encrypted: bool,
}

/// A file chosen to import, before it is opened.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportChosen {
    pub file_name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Encrypted with a passphrase (age format): the passphrase is asked for next.
    pub encrypted: bool,
}
