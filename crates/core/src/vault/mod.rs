//! The vault: a folder holding the encrypted database (`vault.db`), its key file
//! (`vault.keys` + `vault.keys.bak`) and a lock file (`vault.lock`).
//!
//! Invariants:
//! - Only a process holding the folder's [`DirLock`] may open the vault.
//! - A new key is never written over an existing database; the data key changes only by
//!   [`Vault::change_key`], which re-encrypts the database first.
//! - Every failed unlock is counted in the key file before the error is returned, so the
//!   growing delay survives a restart.
//! - A [`Vault`] value is the unlocked state: dropping it closes the database and wipes the key.

pub mod check;
pub mod dir;
pub mod idle;
pub mod keys;
pub mod passphrase;
pub mod recovery;
mod rekey;
pub mod settings;
pub mod unverified;

use crate::audit::{self, AuditRecord, Entry, Event};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::db::{self, OpenMode};
use crate::store::key::DataKey;
use check::CheckReport;
use chrono::SecondsFormat;
pub use dir::{DirLock, VaultDir};
use keys::{KdfParams, KeyFile, KeySource, settle_key_change};
use rand::rngs::OsRng;
use recovery::RecoveryKey;
use rusqlite::{Connection, Transaction};
use secrecy::{ExposeSecret, SecretString};
use settings::{DocumentSettings, Settings};
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
        let now = clock.now();
        let key_file = KeyFile::seal_new(
            vault_id,
            now,
            &data_key,
            (passphrase.expose_secret().as_bytes(), kdf),
            recovery_key.secret_bytes(),
            rng,
        )?;

        // The key file goes first: a database must never exist without the key that opens it.
        keys::store(dir.root(), &key_file)?;
        let conn = db::open(&dir.db_path(), &data_key, OpenMode::Create)?;
        let mut vault = Vault { dir, conn, key_file, clock, data_key };
        vault.write(|tx| {
            audit::append(tx, now, Entry::ok(Event::VaultCreated))?;
            Ok(())
        })?;
        vault.record_head()?;
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
        let secret = passphrase.expose_secret().as_bytes();
        let Some(data_key) = key_file.open_with_passphrase(secret)? else {
            record_failure(lock.dir(), &mut key_file, now)?;
            return Err(Error::WrongPassphrase);
        };
        let (key_file, data_key) = settle_key_change(
            lock.dir().root(),
            &lock.dir().db_path(),
            key_file,
            data_key,
            |next| next.open_with_passphrase(secret),
        )?;
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
        let Some(data_key) = key_file.open_with_recovery_key(recovery.secret_bytes())? else {
            record_failure(lock.dir(), &mut key_file, now)?;
            return Err(Error::WrongRecoveryKey);
        };
        let (mut key_file, data_key) = settle_key_change(
            lock.dir().root(),
            &lock.dir().db_path(),
            key_file,
            data_key,
            |next| next.open_with_recovery_key(recovery.secret_bytes()),
        )?;
        key_file.reseal_passphrase(
            &data_key,
            new_passphrase.expose_secret().as_bytes(),
            &mut OsRng,
        )?;
        let mut vault = Self::finish_unlock(
            lock.dir().clone(),
            key_file,
            data_key,
            clock,
            Event::UnlockWithRecoveryKey,
        )?;
        let now = vault.clock.now();
        vault.write(|tx| audit::append(tx, now, Entry::ok(Event::PassphraseChanged)))?;
        vault.record_head()?;
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
        if let Some(recorded) = &key_file.audit_head
            && !audit::holds(&conn, recorded)?
        {
            let found = audit::head(&conn)?.map_or(0, |h| h.seq);
            return Err(Error::OlderCopy { recorded: recorded.seq, found });
        }
        let unaudited = key_file.unaudited_failures;
        key_file.failed_unlocks = 0;
        key_file.last_failed_unlock = None;
        key_file.unaudited_failures = 0;
        let mut vault = Vault { dir, conn, key_file, clock, data_key };
        let now = vault.clock.now();
        vault.write(|tx| {
            if unaudited > 0 {
                let count = unaudited.to_string();
                audit::append(tx, now, Entry::ok(Event::UnlockFailed).outcome(&count))?;
            }
            audit::append(tx, now, Entry::ok(event))
        })?;
        // Also rewrites the key file (and its copy) from whichever copy was read, with the
        // counters cleared and the new audit head.
        vault.store_key_file(vault.key_file.clone())?;
        // Listing backups made without the key never stands in the way of opening the vault:
        // a note that cannot be taken in now stays in its file for the next unlock.
        let _ = vault.adopt_unverified_backups();
        Ok(vault)
    }

    /// Closes the database and wipes the key. `idle` records whether auto-lock did it.
    pub fn lock(mut self, idle: bool) -> Result<()> {
        let now = self.clock.now();
        let event = if idle { Event::IdleLock } else { Event::Lock };
        self.write(|tx| audit::append(tx, now, Entry::ok(event)))?;
        // Fold the WAL into the database so no recent page lingers in the side file.
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        self.record_head()
    }

    /// Writes the key file with the current audit head, schema version and key fingerprint,
    /// when they changed.
    pub(crate) fn record_head(&mut self) -> Result<()> {
        let next = self.with_current_facts(self.key_file.clone())?;
        if next == self.key_file {
            return Ok(());
        }
        keys::store(self.dir.root(), &next)?;
        self.key_file = next;
        Ok(())
    }

    /// Writes `next` as the key file (and its copy), with the current audit head, schema
    /// version and key fingerprint.
    fn store_key_file(&mut self, next: KeyFile) -> Result<()> {
        let next = self.with_current_facts(next)?;
        keys::store(self.dir.root(), &next)?;
        self.key_file = next;
        Ok(())
    }

    fn with_current_facts(&self, mut next: KeyFile) -> Result<KeyFile> {
        next.audit_head = audit::head(&self.conn)?;
        next.schema_version = Some(db::schema_version(&self.conn)?);
        next.key_fingerprint = Some(self.data_key.fingerprint());
        Ok(next)
    }

    /// Re-seals the data key under a new passphrase, at the larger of the vault's cost and
    /// today's default. Backups made earlier still open with the passphrase of their day: only
    /// [`Vault::change_key`] stops that.
    pub fn change_passphrase(&mut self, current: &SecretString, new: &SecretString) -> Result<()> {
        let data_key = self.check_current_passphrase(current)?;
        passphrase::require_acceptable(new.expose_secret(), "new_passphrase")?;
        if current.expose_secret() == new.expose_secret() {
            return Err(Error::invalid(
                "new_passphrase",
                "Choose a passphrase different from the current one.",
            ));
        }
        let mut next = self.key_file.clone();
        next.reseal_passphrase(&data_key, new.expose_secret().as_bytes(), &mut OsRng)?;
        let now = self.clock.now();
        self.write(|tx| audit::append(tx, now, Entry::ok(Event::PassphraseChanged)))?;
        self.store_key_file(next)
    }

    /// Replaces the recovery key: the old one no longer opens this vault's key file at once.
    /// Backups made earlier still carry a key file it opens: only [`Vault::change_key`] stops
    /// that. Both seals are made afresh, so the key file moves to the current format and the
    /// passphrase's cost catches up.
    pub fn regenerate_recovery_key(&mut self, current: &SecretString) -> Result<RecoveryKey> {
        let data_key = self.check_current_passphrase(current)?;
        let rng = &mut OsRng;
        let recovery_key = RecoveryKey::generate(rng);
        let kdf = self.key_file.passphrase.kdf.reseal_cost(rng);
        let next = KeyFile::seal_new(
            self.key_file.vault_id.clone(),
            self.key_file.created,
            &data_key,
            (current.expose_secret().as_bytes(), kdf),
            recovery_key.secret_bytes(),
            rng,
        )?;
        let now = self.clock.now();
        self.write(|tx| {
            settings::set_recovery_confirmed(tx, None)?;
            audit::append(tx, now, Entry::ok(Event::RecoveryKeyRegenerated))
        })?;
        self.store_key_file(next)?;
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

    /// Paper size and the names printed on documents.
    pub fn set_document_settings(&mut self, documents: &DocumentSettings) -> Result<Settings> {
        let now = self.clock.now();
        self.write(|tx| {
            settings::set_documents(tx, documents)?;
            audit::append(tx, now, Entry::setting("documents"))
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
    /// private to this user. Refused on the disk that holds the vault: there the sheet and
    /// `vault.keys` together would open everything for whoever takes that disk.
    pub fn save_emergency_sheet(&self, key: &RecoveryKey, path: &std::path::Path) -> Result<()> {
        recovery::refuse_vault_disk(path, self.dir.root())?;
        let sheet = recovery::emergency_sheet(key, self.vault_id(), self.clock());
        crate::store::files::write_atomic(path, sheet.as_bytes())
    }

    /// Today's date where the practitioner is (`YYYY-MM-DD`), by the vault's clock.
    pub fn local_date(&self) -> String {
        crate::input::today(self.clock()).to_string()
    }

    /// Writes the emergency sheet typeset elsewhere (`pdf`) to `path`, with the same refusal
    /// of the disk that holds the vault, readable only by its owner.
    pub fn save_emergency_sheet_pdf(&self, pdf: &[u8], path: &std::path::Path) -> Result<()> {
        recovery::refuse_vault_disk(path, self.dir.root())?;
        crate::store::files::write_atomic(path, pdf)
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

    /// Checks the current passphrase asked for by a change of secrets. A wrong one is counted
    /// and audited like a failed unlock, and the same growing delay applies.
    fn check_current_passphrase(&mut self, current: &SecretString) -> Result<DataKey> {
        passphrase::check_length(current.expose_secret(), "current_passphrase")?;
        self.refuse_while_throttled()?;
        match self.key_file.open_with_passphrase(current.expose_secret().as_bytes())? {
            Some(key) => {
                self.note_accepted_secret()?;
                Ok(key)
            }
            None => {
                self.note_refused_secret("current_passphrase")?;
                Err(Error::invalid(
                    "current_passphrase",
                    "This is not the vault's current passphrase.",
                ))
            }
        }
    }

    /// Confirms that the practitioner is back at the keyboard (after the laptop was handed to
    /// a client to answer a form): the passphrase, checked like the current passphrase of a
    /// change of secrets, counted and delayed the same way when wrong.
    pub fn confirm_practitioner(&mut self, passphrase: &SecretString) -> Result<()> {
        match self.check_current_passphrase(passphrase) {
            Ok(_) => {
                let now = self.clock.now();
                self.write(|tx| audit::append(tx, now, Entry::ok(Event::PractitionerConfirmed)))
            }
            Err(Error::Invalid { reason, .. }) => Err(Error::invalid(
                "passphrase",
                if reason.contains("current passphrase") {
                    "That is not the vault's passphrase.".to_string()
                } else {
                    reason
                },
            )),
            Err(other) => Err(other),
        }
    }

    /// Refuses another attempt at a secret while the delay after failed attempts runs.
    pub fn refuse_while_throttled(&self) -> Result<()> {
        throttle(&self.key_file, self.clock.now())
    }

    /// Counts a wrong secret given while the vault is open (`what` names it: the current
    /// passphrase, a backup's passphrase) in the key file, and audits it at once.
    pub fn note_refused_secret(&mut self, what: &str) -> Result<()> {
        let now = self.clock.now();
        let mut next = self.key_file.clone();
        next.failed_unlocks = next.failed_unlocks.saturating_add(1);
        next.last_failed_unlock = Some(now);
        self.write(|tx| audit::append(tx, now, Entry::ok(Event::SecretRefused).outcome(what)))?;
        self.store_key_file(next)
    }

    /// A secret given while the vault is open was right: the count of failures starts again.
    pub fn note_accepted_secret(&mut self) -> Result<()> {
        if self.key_file.failed_unlocks == 0 {
            return Ok(());
        }
        let mut next = self.key_file.clone();
        next.failed_unlocks = 0;
        next.last_failed_unlock = None;
        self.store_key_file(next)
    }
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

/// Counts a wrong secret given while the vault is locked (a backup's passphrase on the
/// restore screen) in the key file, like a failed unlock: the same growing delay follows, and
/// the next unlock audits it.
pub fn note_failed_attempt(lock: &DirLock, clock: &dyn Clock) -> Result<()> {
    let Some((mut key_file, _)) = keys::load(lock.dir().root())? else {
        return Ok(());
    };
    record_failure(lock.dir(), &mut key_file, clock.now())
}

/// The delay the next unlock attempt must wait, read without unlocking (for the lock screen).
pub fn unlock_wait(dir: &VaultDir, clock: &dyn Clock) -> Result<Option<u64>> {
    Ok(keys::load(dir.root())?
        .and_then(|(f, _)| f.retry_after(clock.now()))
        .map(|d| d.as_secs() + u64::from(d.subsec_nanos() > 0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, PASSPHRASE};
    use std::fs;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    #[test]
    fn a_database_swapped_for_an_older_copy_is_detected_by_the_audit_head() {
        let (tmp, v) = testing::vault();
        let root = tmp.path().join("vault");
        v.lock(false).unwrap();
        let older = fs::read(root.join("vault.db")).unwrap();
        let lock = DirLock::acquire(VaultDir::new(&root)).unwrap();
        let mut v = Vault::unlock(&lock, &secret(PASSPHRASE), testing::clock()).unwrap();
        testing::client(&mut v, "Newer Record");
        v.lock(false).unwrap();
        fs::write(root.join("vault.db"), &older).unwrap();
        let err = Vault::unlock(&lock, &secret(PASSPHRASE), testing::clock()).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::OlderCopy, "{err}");
        assert!(err.to_string().contains("older copy"), "{err}");
        // Nothing was changed: the older copy is still exactly what was put there.
        assert_eq!(fs::read(root.join("vault.db")).unwrap(), older);
    }

    #[test]
    fn every_file_in_the_vault_folder_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let (tmp, mut v) = testing::vault();
        let root = tmp.path().join("vault");
        testing::client(&mut v, "Ada Quill");
        let check = |when: &str| {
            for entry in fs::read_dir(&root).unwrap().flatten() {
                let meta = entry.metadata().unwrap();
                if meta.is_file() {
                    let mode = meta.permissions().mode() & 0o777;
                    assert_eq!(mode, 0o600, "{when}: {:?} is {mode:o}", entry.file_name());
                }
            }
        };
        check("open");
        v.change_key(&secret(PASSPHRASE)).unwrap();
        check("after a change of key");
        v.lock(false).unwrap();
        check("locked");
    }

    #[test]
    fn wrong_current_passphrases_are_counted_audited_and_slowed() {
        let (_tmp, mut v, clock) = testing::vault_and_clock();
        let next = secret("a brand new passphrase for the vault");
        for _ in 0..3 {
            let err = v.change_passphrase(&secret("not it at all, sorry"), &next).unwrap_err();
            assert_eq!(err.field(), Some("current_passphrase"));
        }
        // The fourth attempt waits, as the lock screen would, even with the right passphrase.
        let err = v.regenerate_recovery_key(&secret(PASSPHRASE)).unwrap_err();
        assert!(matches!(err, Error::TooManyAttempts { .. }), "{err:?}");
        let refused = v
            .audit_trail()
            .unwrap()
            .into_iter()
            .filter(|e| e.event == Event::SecretRefused && e.outcome == "current_passphrase")
            .count();
        assert_eq!(refused, 3);
        clock.advance(chrono::Duration::seconds(3));
        v.change_passphrase(&secret(PASSPHRASE), &next).unwrap();
        assert_eq!(v.key_file().failed_unlocks, 0, "the count starts again after a success");
    }

    #[test]
    fn a_passphrase_change_raises_an_old_vault_to_the_default_cost() {
        let (_tmp, mut v) = testing::vault();
        assert!(v.key_file().passphrase.kdf.memory_kib < keys::PASSPHRASE_MEMORY_KIB);
        let next = secret("a brand new passphrase for the vault");
        v.change_passphrase(&secret(PASSPHRASE), &next).unwrap();
        let kdf = &v.key_file().passphrase.kdf;
        assert_eq!(kdf.memory_kib, keys::PASSPHRASE_MEMORY_KIB);
        assert_eq!(kdf.iterations, keys::PASSPHRASE_ITERATIONS);
    }
}
