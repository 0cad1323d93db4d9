//! Changing the encryption key: a new data key, the database re-encrypted under it, a new key
//! file (the same passphrase, a new recovery key). Afterwards no older key file (an old
//! backup's, a leaked passphrase's, an old recovery sheet's) opens the vault as it is now.
//!
//! The database is never re-encrypted in place. A copy is taken on the open connection
//! (`VACUUM INTO`, under the old key), re-encrypted with SQLCipher's `PRAGMA rekey` on a
//! connection of its own, and read back in full under the new key: every page, the schema
//! version, the count of every record kind and the audit head must equal the vault's. Only
//! then is the new key file written beside the old one as `vault.keys.next`, the copy renamed
//! over `vault.db`, and the new key file put in place. An interruption at any point leaves a
//! database and a key file that open it: before the rename the old pair is whole; after it
//! the next unlock finds `vault.keys.next` opening the database and puts it in place
//! (`keys::settle_key_change`).

use super::Vault;
use super::keys::{self, KEY_FILE_NEXT, KeyFile, REKEYED_DB};
use super::recovery::RecoveryKey;
use crate::audit::{self, Entry, Event};
use crate::error::{Error, Result};
use crate::store::db::{self, OpenMode};
use crate::store::files::{self, write_atomic};
use crate::store::integrity;
use crate::store::key::DataKey;
use rand::rngs::OsRng;
use rusqlite::{Connection, OpenFlags};
use secrecy::{ExposeSecret, SecretString};
use std::fs;
use std::path::Path;

impl Vault {
    /// Changes the encryption key (see the module documentation). Returns the new recovery
    /// key, to be shown once: the old one opens nothing made from now on.
    pub fn change_key(&mut self, current: &SecretString) -> Result<RecoveryKey> {
        let _old = self.check_current_passphrase(current)?;
        let root = self.dir().root().to_path_buf();
        let copy = root.join(REKEYED_DB);
        let result = self.rekey_into(current, &copy);
        if result.is_err() {
            let _ = fs::remove_file(&copy);
            let _ = fs::remove_file(root.join(KEY_FILE_NEXT));
            // The trail says the change began; it must also say it did not happen.
            let now = self.clock().now();
            let failed = Entry::ok(Event::KeyChanged).outcome("failed");
            let _ = self.write(|tx| audit::append(tx, now, failed));
        }
        result
    }

    fn rekey_into(&mut self, current: &SecretString, copy: &Path) -> Result<RecoveryKey> {
        let root = self.dir().root().to_path_buf();
        let _ = fs::remove_file(copy);
        let rng = &mut OsRng;
        let new_key = DataKey::generate(rng);
        let recovery_key = RecoveryKey::generate(rng);
        let now = self.clock().now();
        // The change is in the trail before the copy is taken, so the copy's head is the
        // vault's head at the moment of the swap; its end is recorded under the new key.
        let started = Entry::ok(Event::KeyChanged).outcome("started");
        self.write(|tx| audit::append(tx, now, started))?;
        let schema = self.schema_version()?;
        let counts = self.record_counts()?;
        let head = audit::head(self.conn())?;
        let target = copy.to_str().ok_or_else(|| Error::Damaged {
            what: "the vault folder's path is not valid Unicode".into(),
        })?;
        files::create_private_empty(copy).map_err(Error::io("writing the re-encrypted copy"))?;
        self.conn().execute("VACUUM INTO ?1", [target])?;
        rekey_copy(copy, self.data_key(), &new_key)?;

        // Read every page of the copy back under the new key before anything depends on it.
        let conn = db::open_copy(copy, &new_key)?.ok_or_else(|| Error::Damaged {
            what: "the re-encrypted copy does not open with the new key; nothing was changed"
                .into(),
        })?;
        let report = integrity::full_integrity_check(&conn)?;
        let same = report.is_clean()
            && db::schema_version(&conn)? == schema
            && integrity::record_counts(&conn)? == counts
            && audit::head(&conn)? == head;
        drop(conn);
        if !same {
            return Err(Error::Damaged {
                what: "the re-encrypted copy did not read back the same as the vault; nothing \
                       was changed"
                    .into(),
            });
        }

        let old = self.key_file().clone();
        let kdf = old.passphrase.kdf.reseal_cost(rng);
        let mut next = KeyFile::seal_new(
            old.vault_id.clone(),
            old.created,
            &new_key,
            (current.expose_secret().as_bytes(), kdf),
            recovery_key.secret_bytes(),
            rng,
        )?;
        next.schema_version = Some(schema);
        next.audit_head = head;
        write_atomic(&root.join(KEY_FILE_NEXT), &next.to_bytes())?;

        // The swap: close the vault's connection (its WAL folded in), rename the copy over the
        // database, then put the new key file in place.
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        // Closing the connection releases the database file (and removes its WAL).
        self.conn = Connection::open_in_memory()?;
        let db_path = self.dir().db_path();
        for side in ["vault.db-wal", "vault.db-shm"] {
            let _ = fs::remove_file(root.join(side));
        }
        fs::rename(copy, &db_path)
            .map_err(Error::io("putting the re-encrypted database in place"))?;
        files::sync_dir(&root).map_err(Error::io("putting the re-encrypted database in place"))?;
        keys::store(&root, &next)?;
        let _ = fs::remove_file(root.join(KEY_FILE_NEXT));
        files::sync_dir(&root).map_err(Error::io("putting the new key file in place"))?;

        self.conn = db::open(&db_path, &new_key, OpenMode::Existing)?;
        self.data_key = new_key;
        self.key_file = next;
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.write(|tx| {
            super::settings::set_recovery_confirmed(tx, None)?;
            super::settings::set_key_changed_at(tx, &at)?;
            audit::append(tx, now, Entry::ok(Event::KeyChanged))
        })?;
        self.record_head()?;
        Ok(recovery_key)
    }
}

/// Re-encrypts the copy at `path` from `old` to `new` with SQLCipher's rekey, on a connection
/// of its own in rollback-journal mode.
fn rekey_copy(path: &Path, old: &DataKey, new: &DataKey) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.execute_batch(&old.pragma("PRAGMA key = \"", "\";"))?;
    conn.execute_batch("PRAGMA cipher_compatibility = 4; PRAGMA cipher_memory_security = ON;")?;
    let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Damaged { what: format!("the copy's journal mode stayed '{mode}'") });
    }
    conn.execute_batch(&new.pragma("PRAGMA rekey = \"", "\";"))?;
    // It goes back to WAL when it is opened as the vault.
    drop(conn);
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(Error::io("writing the re-encrypted copy"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{self, PASSPHRASE};
    use crate::vault::keys::{KEY_FILE, KEY_FILE_BAK};
    use crate::vault::{DirLock, VaultDir};

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    #[test]
    fn after_a_change_of_key_no_older_key_file_opens_the_vault() {
        let (tmp, mut v) = testing::vault();
        let root = tmp.path().join("vault");
        testing::client(&mut v, "Ada Quill");
        let old_file = fs::read(root.join(KEY_FILE)).unwrap();
        let counts = v.record_counts().unwrap();

        v.change_key(&secret(PASSPHRASE)).unwrap();
        let records = |c: Vec<crate::store::integrity::RecordCount>| {
            c.into_iter()
                .filter(|c| c.kind != "audit_events" && c.kind != "settings")
                .collect::<Vec<_>>()
        };
        assert_eq!(records(v.record_counts().unwrap()), records(counts), "nothing lost");
        assert!(v.check().unwrap().ok, "every page and the audit chain check out");
        assert!(!root.join(KEY_FILE_NEXT).exists() && !root.join(REKEYED_DB).exists());
        assert_eq!(v.settings().unwrap().recovery_key_confirmed_at, None);
        v.lock(false).unwrap();

        // The old key file still opens with the old passphrase (as an old backup's would), but
        // the key it holds no longer reads the database.
        let old = KeyFile::parse(&old_file).unwrap();
        let old_key = old.open_with_passphrase(PASSPHRASE.as_bytes()).unwrap().unwrap();
        assert!(!keys::opens(&root.join("vault.db"), &old_key));
        fs::write(root.join(KEY_FILE), &old_file).unwrap();
        fs::write(root.join(KEY_FILE_BAK), &old_file).unwrap();
        let lock = DirLock::acquire(VaultDir::new(&root)).unwrap();
        let err = Vault::unlock(&lock, &secret(PASSPHRASE), testing::clock()).unwrap_err();
        assert!(matches!(err, Error::Damaged { .. }), "{err:?}");
    }

    #[test]
    fn the_new_recovery_key_opens_it_and_the_old_one_does_not() {
        let (tmp, mut v) = testing::vault();
        let root = tmp.path().join("vault");
        let old_recovery = v.regenerate_recovery_key(&secret(PASSPHRASE)).unwrap();
        let new_recovery = v.change_key(&secret(PASSPHRASE)).unwrap();
        v.lock(false).unwrap();
        let lock = DirLock::acquire(VaultDir::new(&root)).unwrap();
        let next = secret("a brand new passphrase for the vault");
        let old = secret(old_recovery.display().as_str());
        let err =
            Vault::unlock_with_recovery_key(&lock, &old, &next, testing::clock()).unwrap_err();
        assert!(matches!(err, Error::WrongRecoveryKey), "{err:?}");
        let new = secret(new_recovery.display().as_str());
        let v = Vault::unlock_with_recovery_key(&lock, &new, &next, testing::clock()).unwrap();
        assert!(v.audit_trail().unwrap().iter().any(|e| e.event == Event::KeyChanged));
    }

    #[test]
    fn a_change_cut_short_after_the_swap_is_finished_at_the_next_unlock() {
        let (tmp, mut v) = testing::vault();
        let root = tmp.path().join("vault");
        testing::client(&mut v, "Ada Quill");
        let old_file = fs::read(root.join(KEY_FILE)).unwrap();
        v.change_key(&secret(PASSPHRASE)).unwrap();
        v.lock(false).unwrap();
        // As if the process stopped after renaming the database into place and before the new
        // key file replaced the old one.
        let new_file = fs::read(root.join(KEY_FILE)).unwrap();
        fs::write(root.join(KEY_FILE_NEXT), &new_file).unwrap();
        fs::write(root.join(KEY_FILE), &old_file).unwrap();
        fs::write(root.join(KEY_FILE_BAK), &old_file).unwrap();
        let lock = DirLock::acquire(VaultDir::new(&root)).unwrap();
        let v = Vault::unlock(&lock, &secret(PASSPHRASE), testing::clock()).unwrap();
        let clients = v.record_counts().unwrap().into_iter().find(|c| c.kind == "clients");
        assert_eq!(clients.unwrap().count, 1);
        assert!(!root.join(KEY_FILE_NEXT).exists());
        assert_ne!(fs::read(root.join(KEY_FILE)).unwrap(), old_file);
    }

    #[test]
    fn a_change_cut_short_before_the_swap_leaves_the_old_key_in_use() {
        let (tmp, v) = testing::vault();
        let root = tmp.path().join("vault");
        v.lock(false).unwrap();
        // A new key file and a half-made copy, as a change stopped before the swap leaves them.
        let current = fs::read(root.join(KEY_FILE)).unwrap();
        let mut stray = KeyFile::parse(&current).unwrap();
        stray.key_fingerprint = Some("0".repeat(32));
        fs::write(root.join(KEY_FILE_NEXT), stray.to_bytes()).unwrap();
        fs::write(root.join(REKEYED_DB), b"half").unwrap();
        let lock = DirLock::acquire(VaultDir::new(&root)).unwrap();
        Vault::unlock(&lock, &secret(PASSPHRASE), testing::clock()).unwrap();
        assert!(!root.join(KEY_FILE_NEXT).exists() && !root.join(REKEYED_DB).exists());
    }

    #[test]
    fn a_wrong_current_passphrase_changes_nothing_and_is_counted() {
        let (tmp, mut v) = testing::vault();
        let root = tmp.path().join("vault");
        let before = fs::read(root.join("vault.db")).unwrap().len();
        let err = v.change_key(&secret("not the passphrase at all")).unwrap_err();
        assert_eq!(err.field(), Some("current_passphrase"));
        assert_eq!(v.key_file().failed_unlocks, 1);
        assert!(fs::read(root.join("vault.db")).unwrap().len() >= before);
        let refused = v.audit_trail().unwrap();
        assert_eq!(refused.last().unwrap().event, Event::SecretRefused);
        assert_eq!(refused.last().unwrap().outcome, "current_passphrase");
    }
}
