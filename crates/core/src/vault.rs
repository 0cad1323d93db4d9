//! The vault: a folder holding the encrypted database (`vault.db`), its key file
//! (`vault.keys` + `vault.keys.bak`) and a lock file (`vault.lock`).
//!
//! Invariants:
//! - Only a process holding the folder's [`DirLock`] may open the vault.
//! - A new key is never written over an existing database; the data key never changes.
//! - Every failed unlock is counted in the key file before the error is returned, so the
//!   growing delay survives a restart.
//! - A [`Vault`] value is the unlocked state: dropping it closes the database and wipes the key.

use crate::audit::{self, Entry, Event};
use crate::check::{self, CheckReport};
use crate::clock::Clock;
use crate::db::{self, DB_FILE, OpenMode};
use crate::error::{Error, Result};
use crate::keys::{self, DataKey, KdfParams, KeyFile, KeySource, Purpose, SealedKey};
use crate::passphrase;
use crate::recovery::RecoveryKey;
use crate::settings::{self, Settings};
use chrono::SecondsFormat;
use rand::rngs::OsRng;
use rusqlite::{Connection, Transaction};
use secrecy::{ExposeSecret, SecretString};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    fn inspect(&self) -> Result<Option<(KeyFile, KeySource)>> {
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
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
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

/// How expensive the passphrase key derivation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KdfCost {
    /// 64 MiB, 3 passes, 4 lanes: what every real vault uses.
    #[default]
    Standard,
    /// The OWASP floor (19 MiB, 2 passes, 1 lane). Only for tests and generated samples.
    Minimum,
}

/// A freshly created vault and its recovery key, which is shown once and never stored.
pub struct Created {
    pub vault: Vault,
    pub recovery_key: RecoveryKey,
}

/// An unlocked vault.
pub struct Vault {
    dir: VaultDir,
    conn: Connection,
    key_file: KeyFile,
    clock: Arc<dyn Clock>,
    // Kept to check and open backups of this vault; wiped on drop.
    data_key: DataKey,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("dir", &self.dir).finish_non_exhaustive()
    }
}

impl Vault {
    pub fn create(
        lock: &DirLock,
        passphrase: &SecretString,
        clock: Arc<dyn Clock>,
    ) -> Result<Created> {
        Self::create_with(lock, passphrase, clock, KdfCost::Standard)
    }

    pub fn create_with(
        lock: &DirLock,
        passphrase: &SecretString,
        clock: Arc<dyn Clock>,
        cost: KdfCost,
    ) -> Result<Created> {
        let dir = lock.dir().clone();
        if dir.state()? != DirState::Empty || dir.db_path().exists() {
            return Err(Error::AlreadyExists { path: dir.root().to_path_buf() });
        }
        passphrase::require_acceptable(passphrase.expose_secret(), "passphrase")?;

        let rng = &mut OsRng;
        let data_key = DataKey::generate(rng);
        let recovery_key = RecoveryKey::generate(rng);
        let vault_id = uuid::Uuid::new_v4().to_string();
        let kdf = match cost {
            KdfCost::Standard => KdfParams::for_passphrase(rng),
            KdfCost::Minimum => KdfParams::for_recovery_key(rng),
        };
        let sealed_pass = SealedKey::seal(
            &data_key,
            passphrase.expose_secret().as_bytes(),
            kdf,
            Purpose::Passphrase,
            &vault_id,
            rng,
        )?;
        let sealed_recovery = SealedKey::seal(
            &data_key,
            recovery_key.secret_bytes(),
            KdfParams::for_recovery_key(rng),
            Purpose::Recovery,
            &vault_id,
            rng,
        )?;
        let now = clock.now();
        let key_file = KeyFile::new(vault_id, now, sealed_pass, sealed_recovery);

        // The key file goes first: a database must never exist without the key that opens it.
        keys::store(dir.root(), &key_file)?;
        let conn = db::open(&dir.db_path(), &data_key, OpenMode::Create)?;
        let mut vault = Vault { dir, conn, key_file, clock, data_key };
        vault.write(|tx| {
            audit::append(tx, now, Entry::ok(Event::VaultCreated))?;
            Ok(())
        })?;
        Ok(Created { vault, recovery_key })
    }

    pub fn unlock(
        lock: &DirLock,
        passphrase: &SecretString,
        clock: Arc<dyn Clock>,
    ) -> Result<Vault> {
        passphrase::check_length(passphrase.expose_secret(), "passphrase")?;
        let mut key_file = load_key_file(lock.dir())?;
        let now = clock.now();
        throttle(&key_file, now)?;
        let opened = key_file.passphrase.open(
            passphrase.expose_secret().as_bytes(),
            Purpose::Passphrase,
            &key_file.vault_id,
        )?;
        let Some(data_key) = opened else {
            record_failure(lock.dir(), &mut key_file, now)?;
            return Err(Error::WrongPassphrase);
        };
        Self::finish_unlock(lock.dir().clone(), key_file, data_key, clock, Event::UnlockOk)
    }

    /// Opens the vault with the recovery key and sets a new passphrase in the same step, so
    /// the vault is never left usable only through the recovery key.
    pub fn unlock_with_recovery_key(
        lock: &DirLock,
        recovery_key: &SecretString,
        new_passphrase: &SecretString,
        clock: Arc<dyn Clock>,
    ) -> Result<Vault> {
        let recovery = RecoveryKey::parse(recovery_key.expose_secret())?;
        passphrase::require_acceptable(new_passphrase.expose_secret(), "new_passphrase")?;
        let mut key_file = load_key_file(lock.dir())?;
        let now = clock.now();
        throttle(&key_file, now)?;
        let opened = key_file.recovery.open(
            recovery.secret_bytes(),
            Purpose::Recovery,
            &key_file.vault_id,
        )?;
        let Some(data_key) = opened else {
            record_failure(lock.dir(), &mut key_file, now)?;
            return Err(Error::WrongRecoveryKey);
        };
        key_file.passphrase = reseal_passphrase(&data_key, new_passphrase, &key_file)?;
        let mut vault = Self::finish_unlock(
            lock.dir().clone(),
            key_file,
            data_key,
            clock,
            Event::UnlockWithRecoveryKey,
        )?;
        let now = vault.clock.now();
        vault.write(|tx| audit::append(tx, now, Entry::ok(Event::PassphraseChanged)))?;
        Ok(vault)
    }

    fn finish_unlock(
        dir: VaultDir,
        mut key_file: KeyFile,
        data_key: DataKey,
        clock: Arc<dyn Clock>,
        event: Event,
    ) -> Result<Vault> {
        let conn = db::open(&dir.db_path(), &data_key, OpenMode::Existing)?;
        let unaudited = key_file.unaudited_failures;
        key_file.failed_unlocks = 0;
        key_file.last_failed_unlock = None;
        key_file.unaudited_failures = 0;
        // Also rewrites the key file (and its copy) from whichever copy was read.
        keys::store(dir.root(), &key_file)?;
        let mut vault = Vault { dir, conn, key_file, clock, data_key };
        let now = vault.clock.now();
        vault.write(|tx| {
            if unaudited > 0 {
                let count = unaudited.to_string();
                audit::append(
                    tx,
                    now,
                    Entry { event: Event::UnlockFailed, object: None, outcome: &count },
                )?;
            }
            audit::append(tx, now, Entry::ok(event))
        })?;
        Ok(vault)
    }

    /// Closes the database and wipes the key. `idle` records whether auto-lock did it.
    pub fn lock(mut self, idle: bool) -> Result<()> {
        let now = self.clock.now();
        let event = if idle { Event::IdleLock } else { Event::Lock };
        self.write(|tx| audit::append(tx, now, Entry::ok(event)))?;
        // Fold the WAL into the database so no recent page lingers in the side file.
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        Ok(())
    }

    /// Re-seals the data key under a new passphrase. Backups made earlier still open with the
    /// passphrase of their day.
    pub fn change_passphrase(&mut self, current: &SecretString, new: &SecretString) -> Result<()> {
        self.verify_passphrase(current, "current_passphrase")?;
        passphrase::require_acceptable(new.expose_secret(), "new_passphrase")?;
        if current.expose_secret() == new.expose_secret() {
            return Err(Error::invalid(
                "new_passphrase",
                "Choose a passphrase different from the current one.",
            ));
        }
        let data_key = self.open_data_key(current)?;
        let mut next = self.key_file.clone();
        next.passphrase = reseal_passphrase(&data_key, new, &next)?;
        keys::store(self.dir.root(), &next)?;
        self.key_file = next;
        let now = self.clock.now();
        self.write(|tx| audit::append(tx, now, Entry::ok(Event::PassphraseChanged)))
    }

    /// Replaces the recovery key; the old one stops working at once.
    pub fn regenerate_recovery_key(&mut self, current: &SecretString) -> Result<RecoveryKey> {
        self.verify_passphrase(current, "current_passphrase")?;
        let data_key = self.open_data_key(current)?;
        let rng = &mut OsRng;
        let recovery_key = RecoveryKey::generate(rng);
        let mut next = self.key_file.clone();
        next.recovery = SealedKey::seal(
            &data_key,
            recovery_key.secret_bytes(),
            KdfParams::for_recovery_key(rng),
            Purpose::Recovery,
            &next.vault_id,
            rng,
        )?;
        keys::store(self.dir.root(), &next)?;
        self.key_file = next;
        let now = self.clock.now();
        self.write(|tx| {
            settings::set_recovery_confirmed(tx, None)?;
            audit::append(tx, now, Entry::ok(Event::RecoveryKeyRegenerated))
        })?;
        Ok(recovery_key)
    }

    /// The practitioner says the current recovery key is stored somewhere safe.
    pub fn confirm_recovery_key_stored(&mut self) -> Result<()> {
        let now = self.clock.now();
        let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
        self.write(|tx| {
            settings::set_recovery_confirmed(tx, Some(&at))?;
            audit::append(tx, now, Entry::ok(Event::RecoveryKeyConfirmed))
        })
    }

    pub fn settings(&self) -> Result<Settings> {
        settings::load(&self.conn)
    }

    pub fn set_unsigned_note_days(&mut self, days: u32) -> Result<Settings> {
        let now = self.clock.now();
        self.write(|tx| {
            settings::set_unsigned_note_days(tx, days)?;
            audit::append(
                tx,
                now,
                Entry {
                    event: Event::SettingChanged,
                    object: Some(("setting", "unsigned_note_days")),
                    outcome: "ok",
                },
            )
        })?;
        self.settings()
    }

    pub fn set_auto_lock_minutes(&mut self, minutes: u32) -> Result<Settings> {
        let now = self.clock.now();
        self.write(|tx| {
            settings::set_auto_lock(tx, minutes)?;
            audit::append(
                tx,
                now,
                Entry {
                    event: Event::SettingChanged,
                    object: Some(("setting", "auto_lock")),
                    outcome: "ok",
                },
            )
        })?;
        self.settings()
    }

    /// Full integrity checks, the schema version and how many records of each kind there are.
    pub fn check(&mut self) -> Result<CheckReport> {
        let report = check::run(&self.conn)?;
        let now = self.clock.now();
        let outcome = if report.ok { "ok" } else { "problems" };
        self.write(|tx| {
            audit::append(tx, now, Entry { event: Event::IntegrityCheck, object: None, outcome })
        })?;
        Ok(report)
    }

    pub fn vault_id(&self) -> &str {
        &self.key_file.vault_id
    }

    pub(crate) fn data_key(&self) -> &DataKey {
        &self.data_key
    }

    pub(crate) fn key_file(&self) -> &KeyFile {
        &self.key_file
    }

    pub fn dir(&self) -> &VaultDir {
        &self.dir
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn clock_handle(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// See [`db::write`].
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        db::write(&mut self.conn, f)
    }

    fn verify_passphrase(&self, passphrase: &SecretString, field: &'static str) -> Result<()> {
        match self.open_data_key(passphrase) {
            Ok(_) => Ok(()),
            Err(Error::WrongPassphrase) => {
                Err(Error::invalid(field, "This is not the vault's current passphrase."))
            }
            Err(e) => Err(e),
        }
    }

    fn open_data_key(&self, passphrase: &SecretString) -> Result<DataKey> {
        self.key_file
            .passphrase
            .open(
                passphrase.expose_secret().as_bytes(),
                Purpose::Passphrase,
                &self.key_file.vault_id,
            )?
            .ok_or(Error::WrongPassphrase)
    }
}

fn reseal_passphrase(
    data_key: &DataKey,
    new: &SecretString,
    current: &KeyFile,
) -> Result<SealedKey> {
    let rng = &mut OsRng;
    // Keep the vault's cost (never below the floor, which parsing enforces) with a fresh salt.
    let mut kdf = current.passphrase.kdf.clone();
    kdf.salt = KdfParams::for_passphrase(rng).salt;
    SealedKey::seal(
        data_key,
        new.expose_secret().as_bytes(),
        kdf,
        Purpose::Passphrase,
        &current.vault_id,
        rng,
    )
}

fn load_key_file(dir: &VaultDir) -> Result<KeyFile> {
    let (file, source) = dir.inspect()?.ok_or_else(|| Error::NotAVault {
        path: dir.root().to_path_buf(),
        reason: "there is no vault in this folder".into(),
    })?;
    if source == KeySource::Backup {
        // Mend the primary from the copy straight away, before anything else can fail.
        keys::store(dir.root(), &file)?;
    }
    Ok(file)
}

fn throttle(key_file: &KeyFile, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    match key_file.retry_after(now) {
        Some(wait) => Err(Error::TooManyAttempts {
            retry_after_secs: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
        }),
        None => Ok(()),
    }
}

fn record_failure(
    dir: &VaultDir,
    key_file: &mut KeyFile,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    key_file.failed_unlocks = key_file.failed_unlocks.saturating_add(1);
    key_file.unaudited_failures = key_file.unaudited_failures.saturating_add(1);
    key_file.last_failed_unlock = Some(now);
    keys::store(dir.root(), key_file)
}

/// The delay the next unlock attempt must wait, read without unlocking (for the lock screen).
pub fn unlock_wait(dir: &VaultDir, clock: &dyn Clock) -> Result<Option<u64>> {
    Ok(keys::load(dir.root())?
        .and_then(|(f, _)| f.retry_after(clock.now()))
        .map(|d| d.as_secs() + u64::from(d.subsec_nanos() > 0)))
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
