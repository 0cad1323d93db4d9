//! The core's error type. Each variant carries a meaning the caller can act on, and names one
//! [`ErrorCode`]: the stable, machine-readable code the desktop shell and the command line pass
//! on, exported to TypeScript so the UI branches on a code it cannot misspell, never on message
//! text.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::PathBuf;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Wrong passphrase.")]
    WrongPassphrase,

    #[error("That recovery key does not open this vault.")]
    WrongRecoveryKey,

    #[error("Too many failed attempts. Try again in {retry_after_secs} seconds.")]
    TooManyAttempts { retry_after_secs: u64 },

    #[error("{} is not a Rapport vault: {reason}", path.display())]
    NotAVault { path: PathBuf, reason: String },

    #[error("The vault is damaged: {what}. Nothing was changed; restore from a backup.")]
    Damaged { what: String },

    #[error(
        "This vault was written by a newer version of Rapport (schema {found}; this version \
         understands up to {supported}). Update Rapport to open it."
    )]
    NewerVersion { found: i64, supported: i64 },

    #[error("The vault at {} is in use by another Rapport window or command.", path.display())]
    InUse { path: PathBuf },

    #[error("A vault already exists at {}.", path.display())]
    AlreadyExists { path: PathBuf },

    #[error("The vault is locked.")]
    Locked,

    /// `reason` is a whole sentence, shown next to the field it names.
    #[error("{reason}")]
    Invalid { field: Cow<'static, str>, reason: String },

    #[error("{what} was not found. It may have been removed; reload and try again.")]
    NotFound { what: &'static str },

    /// The record is not in a state that allows the change (for example a signed note).
    #[error("{reason}")]
    Conflict { reason: String },

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    #[error("Database error: {0}")]
    Database(rusqlite::Error),

    #[error("{} is not a Rapport backup: {reason}.", path.display())]
    NotABackup { path: PathBuf, reason: String },

    #[error("The backup {} is damaged or incomplete: {what}. It cannot be restored.", path.display())]
    BackupDamaged { path: PathBuf, what: String },

    #[error(
        "The backup {} was made by a newer version of Rapport ({made_by}). Update Rapport to \
         restore it.",
        path.display()
    )]
    NewerBackup { path: PathBuf, made_by: String },

    /// The passphrase does not open the key copy inside a backup, which may predate a change
    /// of passphrase.
    #[error(
        "That passphrase does not open this backup. It was made on {made}; if the passphrase \
         has changed since, enter the one in use on that day, or the recovery key."
    )]
    WrongBackupPassphrase { made: String },

    /// A backup folder that cannot take a backup now (missing, unplugged, read-only or full).
    #[error("The backup folder {} cannot be used: {reason}.", path.display())]
    TargetUnavailable { path: PathBuf, reason: String },

    /// One backup at a time: another is being made.
    #[error("A backup is being made already; this one can start when it has finished.")]
    BackupRunning,

    /// The sample practice is the folder in use, so the practitioner's own vault cannot be
    /// created, unlocked or restored until they leave it.
    #[error("The sample practice is open. Leave it before opening your own vault.")]
    SamplePracticeOpen,

    /// The database is older than the audit head its key file names: it was replaced with an
    /// older copy (or its newest pages were lost).
    #[error(
        "The vault's database is older than its key file: the key file was written after \
         audit entry {recorded}, and the database ends at entry {found}. It may have been \
         replaced with an older copy. Nothing was changed; restore the newest backup, or ask \
         for help before using this vault."
    )]
    OlderCopy { recorded: i64, found: i64 },

    /// A place a secret must not be written to (the recovery key on the vault's own disk).
    #[error("{reason}")]
    RefusedLocation { path: PathBuf, reason: String },

    /// Work stopped unexpectedly (a fault in this program, not in the records).
    #[error("The operation stopped unexpectedly: {what}")]
    Internal { what: String },
}

/// The stable name of each kind of error, as the UI and `rapport-cli --json` see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    WrongPassphrase,
    WrongRecoveryKey,
    TooManyAttempts,
    NotAVault,
    Damaged,
    NewerVersion,
    VaultInUse,
    AlreadyExists,
    Locked,
    Invalid,
    NotFound,
    Conflict,
    Io,
    Database,
    NotABackup,
    BackupDamaged,
    NewerBackup,
    WrongBackupPassphrase,
    TargetUnavailable,
    /// Another backup is being made (the UI calls this "busy").
    Busy,
    SamplePractice,
    /// The database is older than its key file says (replaced with an older copy).
    OlderCopy,
    /// A secret would be written where it must not be (the vault's own disk).
    RefusedLocation,
    Internal,
    /// The command line was not understood (`rapport-cli` only).
    Usage,
}

/// A stored enum value that no variant answers to (see `store::text`).
#[derive(Debug, thiserror::Error)]
#[error("unknown {what} '{found}' in the database")]
pub(crate) struct UnknownValue {
    pub what: &'static str,
    pub found: String,
}

/// A stored row that does not read as the record it should hold (see `store::rows`).
#[derive(Debug, thiserror::Error)]
#[error("a stored record does not read as expected ({0})")]
pub(crate) struct UnreadableRow(pub String);

impl From<rusqlite::Error> for Error {
    /// A stored value that does not read back is damage, said as such; every other database
    /// failure keeps SQLite's own words.
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::FromSqlConversionFailure(_, _, source) = &e {
            if let Some(unknown) = source.downcast_ref::<UnknownValue>() {
                return Error::Damaged { what: unknown.to_string() };
            }
            if let Some(row) = source.downcast_ref::<UnreadableRow>() {
                return Error::Damaged { what: row.to_string() };
            }
        }
        Error::Database(e)
    }
}

impl Error {
    /// The stable, machine-readable name of the error, for the UI and `--json` output.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::WrongPassphrase => ErrorCode::WrongPassphrase,
            Error::WrongRecoveryKey => ErrorCode::WrongRecoveryKey,
            Error::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            Error::NotAVault { .. } => ErrorCode::NotAVault,
            Error::Damaged { .. } => ErrorCode::Damaged,
            Error::NewerVersion { .. } => ErrorCode::NewerVersion,
            Error::InUse { .. } => ErrorCode::VaultInUse,
            Error::AlreadyExists { .. } => ErrorCode::AlreadyExists,
            Error::Locked => ErrorCode::Locked,
            Error::Invalid { .. } => ErrorCode::Invalid,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::Io { .. } => ErrorCode::Io,
            Error::Database(_) => ErrorCode::Database,
            Error::NotABackup { .. } => ErrorCode::NotABackup,
            Error::BackupDamaged { .. } => ErrorCode::BackupDamaged,
            Error::NewerBackup { .. } => ErrorCode::NewerBackup,
            Error::WrongBackupPassphrase { .. } => ErrorCode::WrongBackupPassphrase,
            Error::TargetUnavailable { .. } => ErrorCode::TargetUnavailable,
            Error::BackupRunning => ErrorCode::Busy,
            Error::SamplePracticeOpen => ErrorCode::SamplePractice,
            Error::OlderCopy { .. } => ErrorCode::OlderCopy,
            Error::RefusedLocation { .. } => ErrorCode::RefusedLocation,
            Error::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// The input field an `Invalid` error refers to, so a form can show it next to that field.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let context = context.into();
        move |source| Error::Io { context, source }
    }

    pub fn invalid(field: impl Into<Cow<'static, str>>, reason: impl Into<String>) -> Error {
        Error::Invalid { field: field.into(), reason: reason.into() }
    }
}
