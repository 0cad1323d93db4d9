//! The core's error type. Each variant carries a meaning the caller can act on; the desktop
//! shell maps them to stable `code` strings so the UI never branches on message text.

use std::borrow::Cow;
use std::path::PathBuf;

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
    Database(#[from] rusqlite::Error),

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
}

impl Error {
    /// A stable, machine-readable name for the error, used by the IPC layer and `--json` output.
    pub fn code(&self) -> &'static str {
        match self {
            Error::WrongPassphrase => "wrong_passphrase",
            Error::WrongRecoveryKey => "wrong_recovery_key",
            Error::TooManyAttempts { .. } => "too_many_attempts",
            Error::NotAVault { .. } => "not_a_vault",
            Error::Damaged { .. } => "damaged",
            Error::NewerVersion { .. } => "newer_version",
            Error::InUse { .. } => "vault_in_use",
            Error::AlreadyExists { .. } => "already_exists",
            Error::Locked => "locked",
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::NotABackup { .. } => "not_a_backup",
            Error::BackupDamaged { .. } => "backup_damaged",
            Error::NewerBackup { .. } => "newer_backup",
            Error::WrongBackupPassphrase { .. } => "wrong_backup_passphrase",
            Error::TargetUnavailable { .. } => "target_unavailable",
        }
    }

    /// The input field an `Invalid` error refers to, so a form can show it next to that field.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let context = context.into();
        move |source| Error::Io { context, source }
    }

    pub(crate) fn invalid(field: impl Into<Cow<'static, str>>, reason: impl Into<String>) -> Error {
        Error::Invalid { field: field.into(), reason: reason.into() }
    }
}
