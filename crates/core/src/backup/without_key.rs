//! A backup that needs no secret: for scheduled jobs, which must not keep the passphrase on
//! the laptop (a file holding it would open the vault for whoever takes the laptop).
//!
//! The database is already encrypted with the vault's data key and the key file already
//! sealed, so the files can be copied as they are: with the folder's claim held (so neither
//! the app nor another command writes meanwhile), the database, its write-ahead log if any
//! and the key file go into the same single-file container as any backup, with its
//! checksums, written under a hidden name, read back and renamed into place. Without the key
//! nothing can be checked inside the database, so the backup is noted in the vault folder
//! (see `vault::unverified`) and read back in full with the key at the next unlock.

use super::container::{self, EXTENSION};
use super::make::{PARTIAL_PREFIX, free_name, preflight, target_io, unavailable};
use super::short_id;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::db::DB_FILE;
use crate::store::files;
use crate::vault::dir::DirLock;
use crate::vault::keys::{self, KEY_FILE_NEXT};
use crate::vault::unverified::{self, PendingBackup};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Makes a backup of the vault in `lock`'s folder into `folder` without any secret. The
/// vault must be closed: holding `lock` proves that no one else has it open.
pub fn back_up_without_key(
    lock: &DirLock,
    folder: &Path,
    clock: &dyn Clock,
) -> Result<PendingBackup> {
    let dir = lock.dir();
    dir.require_vault()?;
    let root = dir.root();
    // A restore interrupted half-way is finished first, so what is copied is one vault.
    super::restore::recover(lock)?;
    if root.join(KEY_FILE_NEXT).exists() {
        return Err(Error::Conflict {
            reason: "A change of encryption key was interrupted. Unlock the vault once to \
                     finish it; backups without the passphrase work again after that."
                .into(),
        });
    }
    let (key_file, _) = keys::load(root)?.ok_or_else(|| Error::NotAVault {
        path: root.to_path_buf(),
        reason: "there is no vault in this folder".into(),
    })?;
    let Some(schema_version) = key_file.schema_version else {
        return Err(Error::Conflict {
            reason: "Unlock the vault once with this version of Rapport first; backups without \
                     the passphrase work from then on."
                .into(),
        });
    };

    let db_path = dir.db_path();
    let wal_path = root.join(format!("{DB_FILE}-wal"));
    let short = short_id(&key_file.vault_id);
    let size: u64 = [&db_path, &wal_path]
        .into_iter()
        .filter_map(|p| fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    preflight(folder, root, &short, size)?;

    let created = clock.now();
    let stamp = created.format("%Y-%m-%dT%H%M%SZ").to_string();
    let (file_name, final_path) = free_name(folder, &format!("rapport-{short}-{stamp}"));
    let partial = folder.join(format!("{PARTIAL_PREFIX}{short}-{stamp}.tmp"));
    let io = |e: std::io::Error| target_io(folder, &[partial.as_path()], &e);

    let mut payload =
        vec![File::open(&db_path).map_err(Error::io(format!("reading {}", db_path.display())))?];
    let wal_len = fs::metadata(&wal_path).map(|m| m.len()).unwrap_or(0);
    if wal_len > 0 {
        payload.push(
            File::open(&wal_path).map_err(Error::io(format!("reading {}", wal_path.display())))?,
        );
    }
    let (sha256, payload_len) = container::hash_files(&mut payload)
        .map_err(Error::io(format!("reading {}", db_path.display())))?;
    let header = container::Header {
        format: container::HEADER_FORMAT.into(),
        vault_id: key_file.vault_id.clone(),
        created,
        app_version: crate::VERSION.into(),
        schema_version,
        sample: false,
        key_file: key_file.without_failures(),
        payload_len,
        payload_sha256: sha256.clone(),
        made_without_key: true,
        wal_len,
    };
    let written = (|| {
        let mut out = OpenOptions::new().write(true).create_new(true).open(&partial).map_err(io)?;
        files::restrict_permissions(&out).map_err(io)?;
        container::write(&mut out, &header, None, &mut payload).map_err(io)?;
        out.flush().map_err(io)?;
        out.sync_all().map_err(io)?;
        drop(out);
        if final_path.exists() {
            return Err(unavailable(folder, "a file of the same name appeared meanwhile"));
        }
        fs::rename(&partial, &final_path).map_err(io)?;
        files::sync_dir(folder).map_err(io)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&partial);
        return Err(e);
    }
    // Read it back: every byte against the checksums in its header.
    let read_back = container::inspect(&final_path).inspect_err(|_| {
        let _ = fs::remove_file(&final_path);
    })?;
    debug_assert!(final_path.extension().is_some_and(|e| e == EXTENSION));
    let made = PendingBackup {
        folder: folder.display().to_string(),
        file_name,
        created_at: super::rfc3339(created),
        size: read_back.file_len,
        sha256,
        schema_version,
        key_fingerprint: key_file.key_fingerprint.clone(),
    };
    unverified::note(root, made.clone())?;
    Ok(made)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::BackupCheck;
    use crate::backup::restore::{self, Secret};
    use crate::testing::{self, PASSPHRASE};
    use crate::vault::{Vault, VaultDir};
    use secrecy::SecretString;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    fn clients(v: &Vault) -> u64 {
        v.record_counts().unwrap().into_iter().find(|c| c.kind == "clients").unwrap().count
    }

    #[test]
    fn made_without_the_key_verified_at_the_next_unlock_and_restorable() {
        let (tmp, mut v) = testing::vault();
        let root = tmp.path().join("vault");
        let disk = tmp.path().join("disk");
        fs::create_dir(&disk).unwrap();
        testing::client(&mut v, "Ada Quill");
        v.lock(false).unwrap();

        let lock = DirLock::acquire(VaultDir::new(&root)).unwrap();
        let made = back_up_without_key(&lock, &disk, &*testing::clock()).unwrap();
        let path = disk.join(&made.file_name);
        let inspected = container::inspect(&path).unwrap();
        assert!(inspected.header.made_without_key);
        assert_eq!(unverified::read(&root), vec![made.clone()]);

        let mut v = Vault::unlock(&lock, &secret(PASSPHRASE), testing::clock()).unwrap();
        assert!(!root.join(unverified::PENDING_FILE).exists(), "listed in the vault now");
        let listed = v.backup_overview().unwrap();
        assert_eq!(listed.unverified, 1);
        let entry = &listed.backups[0];
        assert_eq!(
            (entry.check_outcome, entry.with_key, entry.verified_at.clone()),
            (BackupCheck::Unverified, false, None)
        );
        let checked = v.verify_unverified_backups().unwrap();
        assert_eq!(checked[0].check_outcome, BackupCheck::Ok, "{:?}", checked[0].check_message);
        assert!(checked[0].verified_at.is_some());
        assert_eq!(v.backup_overview().unwrap().unverified, 0);
        v.lock(false).unwrap();

        let elsewhere = VaultDir::new(tmp.path().join("restored"));
        let passphrase = Secret::Passphrase { passphrase: secret(PASSPHRASE) };
        restore::restore_into(&path, &passphrase, &elsewhere, &*testing::clock()).unwrap();
        let lock = DirLock::acquire(elsewhere).unwrap();
        let v = Vault::unlock(&lock, &secret(PASSPHRASE), testing::clock()).unwrap();
        assert_eq!(clients(&v), 1);
    }

    #[test]
    fn the_write_ahead_log_of_a_vault_that_stopped_is_carried() {
        let (tmp, mut v) = testing::vault();
        let root = tmp.path().join("vault");
        testing::client(&mut v, "Ada Quill");
        // The files as a process killed mid-session leaves them: the newest commits only in
        // the write-ahead log.
        let stopped = tmp.path().join("stopped");
        fs::create_dir(&stopped).unwrap();
        v.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        testing::client(&mut v, "Ben Quill");
        for name in ["vault.db", "vault.db-wal", "vault.keys", "vault.keys.bak"] {
            fs::copy(root.join(name), stopped.join(name)).unwrap();
        }
        assert!(fs::metadata(stopped.join("vault.db-wal")).unwrap().len() > 0);
        drop(v);

        let disk = tmp.path().join("disk");
        fs::create_dir(&disk).unwrap();
        let lock = DirLock::acquire(VaultDir::new(&stopped)).unwrap();
        let made = back_up_without_key(&lock, &disk, &*testing::clock()).unwrap();
        let path = disk.join(&made.file_name);
        assert!(container::inspect(&path).unwrap().header.wal_len > 0);
        drop(lock);
        let elsewhere = VaultDir::new(tmp.path().join("restored"));
        let passphrase = Secret::Passphrase { passphrase: secret(PASSPHRASE) };
        restore::restore_into(&path, &passphrase, &elsewhere, &*testing::clock()).unwrap();
        let lock = DirLock::acquire(elsewhere).unwrap();
        let v = Vault::unlock(&lock, &secret(PASSPHRASE), testing::clock()).unwrap();
        assert_eq!(clients(&v), 2, "the client saved only in the log is there");
    }

    #[test]
    fn a_damaged_one_is_reported_at_the_next_unlock() {
        let (tmp, v) = testing::vault();
        let root = tmp.path().join("vault");
        let disk = tmp.path().join("disk");
        fs::create_dir(&disk).unwrap();
        v.lock(false).unwrap();
        let lock = DirLock::acquire(VaultDir::new(&root)).unwrap();
        let made = back_up_without_key(&lock, &disk, &*testing::clock()).unwrap();
        let path = disk.join(&made.file_name);
        let mut bytes = fs::read(&path).unwrap();
        let last = bytes.len() - 100;
        bytes[last] ^= 0xff;
        fs::write(&path, bytes).unwrap();
        let mut v = Vault::unlock(&lock, &secret(PASSPHRASE), testing::clock()).unwrap();
        let checked = v.verify_unverified_backups().unwrap();
        assert_eq!(checked[0].check_outcome, BackupCheck::Damaged);
        assert!(checked[0].check_message.as_deref().unwrap().contains("checksum"));
    }

    #[test]
    fn refused_while_the_vault_is_held_and_nothing_is_written() {
        let (tmp, _v) = testing::vault();
        let root = tmp.path().join("vault");
        let disk = tmp.path().join("disk");
        fs::create_dir(&disk).unwrap();
        let _held = DirLock::acquire(VaultDir::new(&root)).unwrap();
        let err = DirLock::acquire(VaultDir::new(&root)).unwrap_err();
        assert!(matches!(err, Error::InUse { .. }));
        assert_eq!(fs::read_dir(&disk).unwrap().count(), 0);
    }
}
