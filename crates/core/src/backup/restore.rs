//! Restoring a backup: checked before any secret is asked for, unpacked into a private
//! staging folder, verified there, previewed, and only then put in the vault's place, with
//! the previous vault kept aside until the practitioner confirms.
//!
//! Replacing a vault is a few renames inside the vault folder, guided by a small journal
//! (`restore.json`) written first, so an interruption at any point is finished (or undone) the
//! next time the folder is opened: see [`recover`].

use super::contents::{BackupContents, check_database};
use super::{container, rfc3339};
use crate::audit::{self, Entry, Event, ObjectKind};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::db::{self, DB_FILE, OpenMode};
use crate::store::files;
use crate::store::key::DataKey;
use crate::vault::dir::{DirLock, LOCK_FILE, VaultDir};
use crate::vault::keys::{self, KEY_FILE, KEY_FILE_BAK, KeyFile};
use crate::vault::passphrase;
use crate::vault::recovery::RecoveryKey;
use chrono::{DateTime, Utc};
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use ts_rs::TS;

const JOURNAL: &str = "restore.json";
/// Everything that makes up a vault, moved together.
const VAULT_FILES: &[&str] = &[DB_FILE, "vault.db-wal", "vault.db-shm", KEY_FILE, KEY_FILE_BAK];
const STAGED_FILES: &[&str] = &[DB_FILE, KEY_FILE, KEY_FILE_BAK];

/// What can be said about a backup file before any secret is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub vault_id: String,
    /// UTC, RFC 3339.
    pub created_at: String,
    pub app_version: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub size: u64,
    pub sample: bool,
}

/// Checks a file's structure and both checksums; no secret needed.
pub fn inspect(path: &Path) -> Result<BackupInfo> {
    let i = container::inspect(path)?;
    Ok(info_of(&i))
}

fn info_of(i: &container::Inspected) -> BackupInfo {
    BackupInfo {
        path: i.path.display().to_string(),
        vault_id: i.header.vault_id.clone(),
        created_at: rfc3339(i.header.created),
        app_version: i.header.app_version.clone(),
        schema_version: i.header.schema_version,
        size: i.file_len,
        sample: i.header.sample,
    }
}

/// The secret that opens the key copy inside a backup: one choice, never a mix.
#[derive(Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, rename = "RestoreSecret")]
pub enum Secret {
    /// The passphrase in use when the backup was made.
    Passphrase {
        #[ts(type = "string")]
        passphrase: SecretString,
    },
    /// The recovery key; the restored vault then takes a new passphrase.
    RecoveryKey {
        #[ts(type = "string")]
        recovery_key: SecretString,
        #[ts(type = "string")]
        new_passphrase: SecretString,
    },
}

/// Opens the data key inside a checked backup. The key file it returns is the one the
/// restored vault will use (re-sealed under the new passphrase after a recovery key).
pub fn open_key(inspected: &container::Inspected, secret: &Secret) -> Result<(DataKey, KeyFile)> {
    let mut key_file = inspected.header.key_file.without_failures();
    let key = match secret {
        Secret::Passphrase { passphrase: p } => {
            passphrase::check_length(p.expose_secret(), "passphrase")?;
            key_file.open_with_passphrase(p.expose_secret().as_bytes())?.ok_or_else(|| {
                Error::WrongBackupPassphrase {
                    made: inspected.header.created.format("%Y-%m-%d %H:%M UTC").to_string(),
                }
            })?
        }
        Secret::RecoveryKey { recovery_key: key, new_passphrase } => {
            let recovery = RecoveryKey::parse(key.expose_secret())?;
            passphrase::require_acceptable(new_passphrase.expose_secret(), "new_passphrase")?;
            let data_key = key_file
                .open_with_recovery_key(recovery.secret_bytes())?
                .ok_or(Error::WrongRecoveryKey)?;
            key_file.reseal_passphrase(
                &data_key,
                new_passphrase.expose_secret().as_bytes(),
                &mut OsRng,
            )?;
            data_key
        }
    };
    // A backup made without the key has no header MAC: its pages prove themselves under the
    // key when they are checked.
    if !inspected.header.made_without_key && !inspected.mac_matches(&key) {
        return Err(Error::BackupDamaged {
            path: inspected.path.clone(),
            what: "its header was changed after it was written".into(),
        });
    }
    Ok((key, key_file))
}

/// The key file a restore into `root` keeps: the one already there when it holds the same
/// data key as the backup (so the current passphrase and recovery key stay the ones that work,
/// and an older backup never brings back the secrets of its day), else the backup's.
/// After a recovery key, the new passphrase is sealed into whichever file is kept.
fn key_file_to_keep(
    root: &Path,
    key: &DataKey,
    from_backup: &KeyFile,
    secret: &Secret,
) -> Result<KeyFile> {
    let fingerprint = key.fingerprint();
    let current = keys::load(root).ok().flatten().map(|(file, _)| file);
    match current {
        Some(current)
            if current.vault_id == from_backup.vault_id
                && current.key_fingerprint.as_deref() == Some(fingerprint.as_str()) =>
        {
            let mut kept = current.without_failures();
            if let Secret::RecoveryKey { new_passphrase, .. } = secret {
                kept.reseal_passphrase(key, new_passphrase.expose_secret().as_bytes(), &mut OsRng)?;
            }
            Ok(kept)
        }
        _ => Ok(from_backup.clone()),
    }
}

/// A backup unpacked into a private staging folder and verified there, ready to become a
/// vault. Dropping it unused removes the staging folder.
pub struct Staged {
    dir: PathBuf,
    pub info: BackupInfo,
    pub contents: BackupContents,
    used: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.used {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Unpacks and verifies a backup inside `parent` (which must be on the same disk as the vault
/// it will become, so that putting it in place is a rename).
pub fn stage(path: &Path, secret: &Secret, parent: &Path, clock: &dyn Clock) -> Result<Staged> {
    let inspected = container::inspect(path)?;
    let (key, key_file) = open_key(&inspected, secret)?;
    stage_opened(&inspected, &key, &key_file, secret, parent, clock)
}

/// [`stage`] once the backup's key is open.
fn stage_opened(
    inspected: &container::Inspected,
    key: &DataKey,
    key_file: &KeyFile,
    secret: &Secret,
    parent: &Path,
    clock: &dyn Clock,
) -> Result<Staged> {
    let path = &inspected.path;
    let dir = parent.join(format!(".restore-{}", uuid::Uuid::new_v4().simple()));
    create_private(&dir)?;
    let mut staged = Staged {
        dir: dir.clone(),
        info: info_of(inspected),
        contents: empty_contents(),
        used: false,
    };
    inspected.extract_payload(&dir.join(DB_FILE), key)?;
    staged.contents = check_database(&dir.join(DB_FILE), key)
        .map_err(|what| Error::BackupDamaged { path: path.to_path_buf(), what })?;
    let mut key_file = key_file_to_keep(parent, key, key_file, secret)?;
    // Bring an older backup's schema up to date here, and record the restore in its trail;
    // the key file then names the restored trail's head and schema.
    {
        let conn = db::open(&dir.join(DB_FILE), key, OpenMode::Existing)?;
        let made = rfc3339(inspected.header.created);
        audit::append(
            &conn,
            clock.now(),
            Entry::about(Event::Restore, ObjectKind::BackupMade, made),
        )?;
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        key_file.audit_head = audit::head(&conn)?;
        key_file.schema_version = Some(db::schema_version(&conn)?);
        key_file.key_fingerprint = Some(key.fingerprint());
    }
    keys::store(&dir, &key_file)?;
    for leftover in ["vault.db-wal", "vault.db-shm"] {
        let _ = fs::remove_file(dir.join(leftover));
    }
    files::sync_dir(&dir).map_err(Error::io(format!("writing {}", dir.display())))?;
    Ok(staged)
}

fn empty_contents() -> BackupContents {
    BackupContents { schema_version: 0, counts: Vec::new(), newest_record_at: None, sample: false }
}

/// Puts a staged backup into an empty vault folder (a new computer, or `rapport-cli restore`).
pub fn into_empty(staged: Staged, lock: &DirLock) -> Result<()> {
    lock.dir().require_empty()?;
    move_staged_in(&staged.dir, lock.dir().root())?;
    finish_staged(staged);
    Ok(())
}

/// Puts a staged backup in place in `lock`'s folder: it replaces the vault there (kept aside
/// until [`confirm`] or [`undo`]), or fills the folder when it holds no vault. The vault must
/// be locked. `Some` when a vault was replaced.
pub fn put_in_place(
    staged: Staged,
    lock: &DirLock,
    now: DateTime<Utc>,
) -> Result<Option<PendingRestore>> {
    refuse_sample(&staged)?;
    if lock.dir().holds_vault() {
        replace(staged, lock, now).map(Some)
    } else {
        into_empty(staged, lock).map(|()| None)
    }
}

/// The sample practice's passphrase is published: a backup of it never becomes the vault the
/// practitioner keeps real records in.
fn refuse_sample(staged: &Staged) -> Result<()> {
    if staged.info.sample || staged.contents.sample {
        return Err(Error::Conflict {
            reason: "This is a backup of the sample practice, whose passphrase is published, so \
                     anyone could open it. It cannot take the place of your own vault."
                .into(),
        });
    }
    Ok(())
}

/// What a restore into a new folder put there.
#[derive(Debug, Clone)]
pub struct Restored {
    pub info: BackupInfo,
    pub contents: BackupContents,
}

/// Restores a backup into `dir`, a folder that is empty or does not exist yet (a new computer,
/// `rapport-cli restore`). The file and the secret are checked before anything is written, and
/// a restore that fails after that removes what it made, so a refused restore leaves `dir` as
/// it was.
pub fn restore_into(
    path: &Path,
    secret: &Secret,
    dir: &VaultDir,
    clock: &dyn Clock,
) -> Result<Restored> {
    let inspected = container::inspect(path)?;
    dir.require_empty()?;
    let (key, key_file) = open_key(&inspected, secret)?;
    let existed = dir.root().exists();
    let lock_existed = dir.root().join(LOCK_FILE).exists();
    let result = DirLock::acquire(dir.clone()).and_then(|lock| {
        let staged = stage_opened(&inspected, &key, &key_file, secret, dir.root(), clock)?;
        let contents = staged.contents.clone();
        into_empty(staged, &lock)?;
        Ok(Restored { info: info_of(&inspected), contents })
    });
    if result.is_err() {
        // The claim is released by now; take back what this call made, and nothing else.
        if !lock_existed {
            let _ = fs::remove_file(dir.root().join(LOCK_FILE));
        }
        if !existed {
            let _ = fs::remove_dir(dir.root());
        }
    }
    result
}

/// What is kept aside after a restore replaced a vault, until the practitioner confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PendingRestore {
    /// The folder (inside the vault folder) holding the vault as it was before.
    pub aside: String,
    /// When the restore happened, UTC RFC 3339.
    pub restored_at: String,
    /// When the restored backup was made.
    pub backup_created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Journal {
    state: JournalState,
    aside: String,
    staging: String,
    restored_at: String,
    backup_created_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum JournalState {
    Swapping,
    Done,
}

/// Replaces the vault in `lock`'s folder with a staged backup. The vault must be locked (no
/// open connection). The previous vault moves into a folder beside it until [`confirm`] or
/// [`undo`].
pub fn replace(staged: Staged, lock: &DirLock, now: DateTime<Utc>) -> Result<PendingRestore> {
    let root = lock.dir().root();
    if pending(lock)?.is_some() {
        return Err(Error::Conflict {
            reason: "An earlier restore is still waiting to be confirmed or undone.".into(),
        });
    }
    if staged.dir.parent() != Some(root) {
        return Err(Error::Conflict {
            reason: "The backup was unpacked on another disk than the vault.".into(),
        });
    }
    if STAGED_FILES.iter().any(|name| !staged.dir.join(name).exists()) {
        return Err(Error::Conflict {
            reason: "The unpacked backup is no longer complete; choose the backup file again."
                .into(),
        });
    }
    let aside_name = format!("before-restore-{}", now.format("%Y-%m-%dT%H%M%SZ"));
    let journal = Journal {
        state: JournalState::Swapping,
        aside: aside_name.clone(),
        staging: file_name(&staged.dir),
        restored_at: rfc3339(now),
        backup_created_at: staged.info.created_at.clone(),
    };
    create_private(&root.join(&aside_name))?;
    write_journal(root, &journal)?;
    finish_swap(root, &journal)?;
    finish_staged(staged);
    Ok(pending_of(&journal))
}

/// The restore waiting for confirmation in this folder, after finishing one that was
/// interrupted.
pub fn pending(lock: &DirLock) -> Result<Option<PendingRestore>> {
    finish_interrupted(lock.dir().root())?;
    Ok(read_journal(lock.dir().root())?.map(|j| pending_of(&j)))
}

fn finish_interrupted(root: &Path) -> Result<()> {
    match read_journal(root)? {
        Some(j) if j.state == JournalState::Swapping => finish_swap(root, &j),
        _ => Ok(()),
    }
}

/// Run when a folder is first claimed: finishes a replacement that was interrupted (the
/// staged backup was verified before the journal was written, so the swap is completed), and
/// clears what a stopped process left half-done.
pub fn recover(lock: &DirLock) -> Result<()> {
    let root = lock.dir().root();
    finish_interrupted(root)?;
    // Unpacked copies and check folders left by a process that stopped half-way hold nothing
    // that is not in a backup already; they only take space.
    let keep = read_journal(root)?.map(|j| j.staging);
    if let Ok(entries) = fs::read_dir(root) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = (name.starts_with(".restore-") && keep.as_deref() != Some(name.as_str()))
                || name.starts_with(".undone-")
                || name == ".backup-check";
            if stale {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
    Ok(())
}

/// Keeps the restored vault: the one kept aside is deleted.
pub fn confirm(lock: &DirLock) -> Result<()> {
    let root = lock.dir().root();
    let Some(journal) = read_journal(root)? else {
        return Ok(());
    };
    let aside = root.join(&journal.aside);
    if aside.exists() {
        fs::remove_dir_all(&aside).map_err(Error::io(format!("removing {}", aside.display())))?;
    }
    remove_journal(root)
}

/// Puts the previous vault back; the restored copy is discarded (the backup file is untouched).
/// The vault must be locked.
pub fn undo(lock: &DirLock) -> Result<()> {
    let root = lock.dir().root();
    let Some(journal) = read_journal(root)? else {
        return Err(Error::Conflict { reason: "There is no restore to undo.".into() });
    };
    let aside = root.join(&journal.aside);
    if !aside.join(DB_FILE).exists() && !aside.join(KEY_FILE).exists() {
        return Err(Error::Damaged {
            what: format!("the vault kept aside in {} is missing", aside.display()),
        });
    }
    let discard = root.join(format!(".undone-{}", uuid::Uuid::new_v4().simple()));
    create_private(&discard)?;
    for name in VAULT_FILES {
        move_if_present(&root.join(name), &discard.join(name))?;
    }
    for name in VAULT_FILES {
        move_if_present(&aside.join(name), &root.join(name))?;
    }
    sync(root)?;
    remove_journal(root)?;
    let _ = fs::remove_dir_all(&discard);
    let _ = fs::remove_dir_all(&aside);
    Ok(())
}

fn finish_swap(root: &Path, journal: &Journal) -> Result<()> {
    let aside = root.join(&journal.aside);
    let staging = root.join(&journal.staging);
    create_private(&aside)?;
    let staged_left = STAGED_FILES.iter().any(|name| staging.join(name).exists());
    if staged_left {
        // The previous vault moves aside first (its side files too: a stale write-ahead log
        // must never meet the restored database), then the staged files move in.
        for name in VAULT_FILES {
            let here = root.join(name);
            let kept = aside.join(name);
            let already_in = STAGED_FILES.contains(name) && !staging.join(name).exists();
            if here.exists() && !kept.exists() && !already_in {
                move_if_present(&here, &kept)?;
            }
        }
        move_staged_in(&staging, root)?;
    } else if !root.join(DB_FILE).exists() && aside.join(DB_FILE).exists() {
        // The staged copy is gone and nothing took the old vault's place: put it back.
        for name in VAULT_FILES {
            move_if_present(&aside.join(name), &root.join(name))?;
        }
        sync(root)?;
        let _ = fs::remove_dir_all(&aside);
        return remove_journal(root);
    }
    let _ = fs::remove_dir_all(&staging);
    let mut done = journal.clone();
    done.state = JournalState::Done;
    write_journal(root, &done)
}

fn move_staged_in(staging: &Path, root: &Path) -> Result<()> {
    for name in STAGED_FILES {
        move_if_present(&staging.join(name), &root.join(name))?;
    }
    sync(root)
}

fn finish_staged(mut staged: Staged) {
    staged.used = true;
    let _ = fs::remove_dir_all(&staged.dir);
}

fn move_if_present(from: &Path, to: &Path) -> Result<()> {
    match fs::rename(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(format!("moving {} to {}", from.display(), to.display()))(e)),
    }
}

fn pending_of(j: &Journal) -> PendingRestore {
    PendingRestore {
        aside: j.aside.clone(),
        restored_at: j.restored_at.clone(),
        backup_created_at: j.backup_created_at.clone(),
    }
}

/// Reads the restore journal. The folders it names are checked to be folders of the kinds a
/// restore makes, directly inside the vault folder, before anything acts on them (or removes
/// them): a journal naming any other path is treated as damaged.
fn read_journal(root: &Path) -> Result<Option<Journal>> {
    let path = root.join(JOURNAL);
    let damaged = |why: String| Error::Damaged {
        what: format!("the restore journal {} is unusable ({why})", path.display()),
    };
    match fs::read(&path) {
        Ok(bytes) => {
            let journal: Journal =
                serde_json::from_slice(&bytes).map_err(|e| damaged(e.to_string()))?;
            if !inside_name(&journal.aside, "before-restore-")
                || !inside_name(&journal.staging, ".restore-")
            {
                return Err(damaged("it names a folder outside the vault folder".into()));
            }
            Ok(Some(journal))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(format!("reading {}", path.display()))(e)),
    }
}

/// A single path component with `prefix` and nothing that could lead elsewhere.
fn inside_name(name: &str, prefix: &str) -> bool {
    name.starts_with(prefix)
        && name.len() > prefix.len()
        && name.len() < 200
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
        && !name.contains("..")
        && Path::new(name).components().count() == 1
}

fn write_journal(root: &Path, journal: &Journal) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(journal).expect("journal serialises");
    files::write_atomic(&root.join(JOURNAL), &bytes)
}

fn remove_journal(root: &Path) -> Result<()> {
    let path = root.join(JOURNAL);
    match fs::remove_file(&path) {
        Ok(()) => sync(root),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(format!("removing {}", path.display()))(e)),
    }
}

fn sync(dir: &Path) -> Result<()> {
    files::sync_dir(dir).map_err(Error::io(format!("writing {}", dir.display())))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn create_private(path: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path).map_err(Error::io(format!("creating {}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::BackupReason;
    use crate::clock::ManualClock;
    use crate::vault::{KdfCost, Vault, VaultDir};
    use std::sync::Arc;

    const PASS: &str = "copper lantern orchard violet";

    fn marker(v: &mut Vault, value: &str) {
        v.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES ('marker', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [value],
            )?;
            Ok(())
        })
        .unwrap();
    }

    fn read_marker(v: &Vault) -> String {
        v.conn()
            .query_row("SELECT value FROM settings WHERE key = 'marker'", [], |r| r.get(0))
            .unwrap()
    }

    /// A swap cut short after the old database moved aside but before anything moved in is
    /// finished the next time the folder is claimed.
    #[test]
    fn an_interrupted_swap_is_finished_on_the_next_claim() {
        let tmp = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(
            DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc(),
        ));
        let root = tmp.path().join("vault");
        let lock = DirLock::acquire(VaultDir::new(&root)).unwrap();
        let pass = SecretString::from(PASS.to_string());
        let mut v =
            Vault::create_with(&lock, &pass, clock.clone(), KdfCost::Minimum).unwrap().vault;
        marker(&mut v, "in the backup");
        let usb = tmp.path().join("usb");
        fs::create_dir(&usb).unwrap();
        let entry = v.back_up(&usb, BackupReason::Manual, &mut |_| {}).unwrap();
        marker(&mut v, "after the backup");
        v.lock(false).unwrap();

        let staged = stage(
            Path::new(&entry.path),
            &Secret::Passphrase { passphrase: pass.clone() },
            &root,
            clock.as_ref(),
        )
        .unwrap();
        // What `replace` does, stopped after its first move.
        let journal = Journal {
            state: JournalState::Swapping,
            aside: "before-restore-test".into(),
            staging: file_name(&staged.dir),
            restored_at: "2026-03-02T09:00:00Z".into(),
            backup_created_at: staged.info.created_at.clone(),
        };
        create_private(&root.join(&journal.aside)).unwrap();
        write_journal(&root, &journal).unwrap();
        fs::rename(root.join(DB_FILE), root.join(&journal.aside).join(DB_FILE)).unwrap();
        let mut staged = staged;
        staged.used = true; // the "crash": nothing cleans up
        drop(staged);
        drop(lock);

        let lock = DirLock::acquire(VaultDir::new(&root)).unwrap();
        let pending = pending(&lock).unwrap().expect("the restore waits for confirmation");
        assert_eq!(pending.aside, "before-restore-test");
        let v = Vault::unlock(&lock, &pass, clock.clone()).unwrap();
        assert_eq!(read_marker(&v), "in the backup");
        v.lock(false).unwrap();
        // The vault as it was is whole in the folder aside, and can be put back.
        undo(&lock).unwrap();
        let v = Vault::unlock(&lock, &pass, clock).unwrap();
        assert_eq!(read_marker(&v), "after the backup");
        let left: Vec<String> = fs::read_dir(&root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.') || n.starts_with("before-") || n == JOURNAL)
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
