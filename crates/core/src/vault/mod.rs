//! The vault: a folder holding the encrypted database (`vault.db`), its key file
//! (`vault.keys` + `vault.keys.bak`) and a lock file (`vault.lock`).
//!
//! Invariants:
//! - Only a process holding the folder's [`DirLock`] may open the vault.
//! - A new key is never written over an existing database; the data key never changes.
//! - Every failed unlock is counted in the key file before the error is returned, so the
//!   growing delay survives a restart.
//! - A [`Vault`] value is the unlocked state: dropping it closes the database and wipes the key.

pub mod check;
pub mod dir;
pub mod idle;
pub mod keys;
pub mod passphrase;
pub mod recovery;
pub mod settings;

use crate::audit::{self, AuditRecord, Entry, Event};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::db::{self, OpenMode};
use crate::store::key::DataKey;
use check::CheckReport;
use chrono::SecondsFormat;
pub use dir::{DirLock, VaultDir};
use keys::{KdfParams, KeyFile, KeySource, Purpose, SealedKey};
use rand::rngs::OsRng;
use recovery::RecoveryKey;
use rusqlite::{Connection, Transaction};
use secrecy::{ExposeSecret, SecretString};
use settings::Settings;
use std::sync::Arc;

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
        dir.require_empty()?;
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
                audit::append(tx, now, Entry::ok(Event::UnlockFailed).outcome(&count))?;
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
            audit::append(tx, now, Entry::setting("unsigned_note_days"))
        })?;
        self.settings()
    }

    pub fn set_auto_lock_minutes(&mut self, minutes: u32) -> Result<Settings> {
        let now = self.clock.now();
        self.write(|tx| {
            settings::set_auto_lock(tx, minutes)?;
            audit::append(tx, now, Entry::setting("auto_lock"))
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

    /// Writes the emergency sheet for `key` (the one just shown) to `path`, atomically and
    /// private to this user.
    pub fn save_emergency_sheet(&self, key: &RecoveryKey, path: &std::path::Path) -> Result<()> {
        let sheet = recovery::emergency_sheet(key, self.vault_id(), self.clock());
        crate::store::files::write_atomic(path, sheet.as_bytes())
    }

    /// The audit trail, oldest first (what happened to which record and when; never content).
    pub fn audit_trail(&self) -> Result<Vec<AuditRecord>> {
        audit::read_all(&self.conn)
    }

    /// The schema version of the open database (after any migration at unlock).
    pub fn schema_version(&self) -> Result<i64> {
        db::schema_version(&self.conn)
    }

    /// How many records of each kind the vault holds.
    pub fn record_counts(&self) -> Result<Vec<crate::store::integrity::RecordCount>> {
        crate::store::integrity::record_counts(&self.conn)
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

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn clock_handle(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    /// See [`db::write`].
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
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
