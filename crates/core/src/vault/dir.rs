//! Where a vault lives and who may open it: the folder, what it holds, the exclusive claim on
//! it, and the default locations of the real vault and of the sample practice beside it.

use super::keys::{self, KEY_FILE, KEY_FILE_BAK, KeyFile, KeySource};
use crate::error::{Error, Result};
use crate::store::db::{self, DB_FILE};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

pub const LOCK_FILE: &str = "vault.lock";

/// Where a vault lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultDir(PathBuf);

/// What a folder holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirState {
    /// Nothing of ours yet: a vault can be created here.
    Empty,
    /// A vault with a readable key file.
    Vault,
}

impl VaultDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        VaultDir(root.into())
    }

    pub fn root(&self) -> &Path {
        &self.0
    }

    pub fn db_path(&self) -> PathBuf {
        self.0.join(DB_FILE)
    }

    /// Distinguishes an empty place, a vault, and everything else (which is an error).
    pub fn state(&self) -> Result<DirState> {
        Ok(match self.inspect()? {
            Some(_) => DirState::Vault,
            None => DirState::Empty,
        })
    }

    /// The key file when the folder holds a vault, `None` when it holds nothing of ours, and
    /// an error for everything else. One read of the key file serves both `state` and unlock.
    pub(crate) fn inspect(&self) -> Result<Option<(KeyFile, KeySource)>> {
        if !self.0.exists() {
            return Ok(None);
        }
        if !self.0.is_dir() {
            return Err(self.not_a_vault("it is a file, not a folder"));
        }
        let db = self.db_path();
        if db::is_plain_sqlite(&db) {
            return Err(self.not_a_vault("vault.db is a plain, unencrypted SQLite database"));
        }
        match keys::load(&self.0)? {
            None if db.exists() => Err(Error::Damaged {
                what: "the key file vault.keys and its copy are missing, but the database is \
                       there; restore the key file from a backup"
                    .into(),
            }),
            found => Ok(found),
        }
    }

    /// Whether anything of a vault is here: a database or a key file (or its copy), whole or
    /// damaged. A restore replaces such a folder's vault (keeping it aside) instead of filling
    /// an empty folder.
    pub fn holds_vault(&self) -> bool {
        [DB_FILE, KEY_FILE, KEY_FILE_BAK].iter().any(|name| self.0.join(name).exists())
    }

    /// Refuses a folder that holds no vault (it does not exist, it is empty, or it holds
    /// something else), before anything asks for a passphrase or claims the folder.
    pub fn require_vault(&self) -> Result<()> {
        if !self.0.is_dir() {
            return Err(self.not_a_vault("the folder does not exist"));
        }
        match self.state()? {
            DirState::Vault => Ok(()),
            DirState::Empty => Err(self.not_a_vault("there is no vault in this folder")),
        }
    }

    /// Refuses a folder that is not a place for a new vault: one that holds a vault (or what is
    /// left of one), a file, or something that is not ours.
    pub fn require_empty(&self) -> Result<()> {
        if self.state()? != DirState::Empty || self.holds_vault() {
            return Err(Error::AlreadyExists { path: self.0.clone() });
        }
        Ok(())
    }

    fn not_a_vault(&self, reason: &str) -> Error {
        Error::NotAVault { path: self.0.clone(), reason: reason.into() }
    }
}

/// The exclusive claim on a vault folder, held for as long as this value lives. The OS drops
/// it if the process dies, so a crash never leaves the vault stuck "in use".
#[derive(Debug)]
pub struct DirLock {
    dir: VaultDir,
    _file: File,
}

impl DirLock {
    /// Claims the folder, creating it (private to this user) if needed.
    pub fn acquire(dir: VaultDir) -> Result<Self> {
        create_private_dir(dir.root())?;
        let path = dir.root().join(LOCK_FILE);
        let file = crate::store::files::open_private(
            &path,
            OpenOptions::new().read(true).write(true).create(true).truncate(false),
        )
        .map_err(Error::io(format!("opening {}", path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(DirLock { dir, _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::InUse { path: dir.root().to_path_buf() }),
            Err(TryLockError::Error(e)) => Err(Error::io(format!("locking {}", path.display()))(e)),
        }
    }

    pub fn dir(&self) -> &VaultDir {
        &self.dir
    }
}

fn create_private_dir(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path).map_err(Error::io(format!("creating {}", path.display())))
}

/// The identifier the desktop app is registered under; its data folder is named after it.
pub const APP_IDENTIFIER: &str = "app.rapport.desktop";
/// Overrides where the vault lives, for the app and the command-line tool alike.
pub const VAULT_DIR_ENV: &str = "RAPPORT_VAULT_DIR";

/// The vault folder: `$RAPPORT_VAULT_DIR` when set, else `<OS app data dir>/<identifier>/vault`
/// (the same folder the desktop app's data directory resolves to).
pub fn default_vault_dir() -> Option<PathBuf> {
    match std::env::var_os(VAULT_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::data_dir().map(|d| d.join(APP_IDENTIFIER).join("vault")),
    }
}

/// Where the sample practice of the vault at `vault_dir` lives: a folder of its own beside it,
/// so sample and real records never share a database.
pub fn sample_dir_beside(vault_dir: &Path) -> PathBuf {
    let name = match vault_dir.file_name() {
        Some(n) => format!("{}-sample", n.to_string_lossy()),
        None => "sample-vault".into(),
    };
    vault_dir.parent().map_or_else(|| PathBuf::from(&name), |p| p.join(&name))
}
