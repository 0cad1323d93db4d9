//! Making a backup, in the three steps of the module documentation, and the one sequence that
//! runs them: [`BackupRunner`] takes the vault only for the steps that need it (through a
//! [`VaultLoan`]), one backup at a time. The desktop app, the command line and the tests all
//! make backups through it.

use super::contents::check_database;
use super::folders::{folder_is_inside, note_attempt};
use super::{
    BackupAttempt, BackupEntry, BackupProgress, BackupReason, BackupStage, container, rfc3339,
    short_id,
};
use crate::audit::{self, Entry, Event, ObjectKind};
use crate::error::{Error, Result};
use crate::ids::BackupId;
use crate::store::integrity::{self, RecordCount};
use crate::store::key::DataKey;
use crate::store::{db, files, text};
use crate::vault::Vault;
use crate::vault::keys::KeyFile;
use chrono::{DateTime, Utc};
use rusqlite::params;
use std::cell::RefCell;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Lends the vault to a backup for the two short steps that need it (taking the copy, listing
/// the result), so whoever holds the vault can let others use it while the copy is checked
/// and written.
pub trait VaultLoan {
    /// Runs `f` on the vault, or fails with [`Error::Locked`] when none is open now.
    fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T>;
}

/// A vault its caller holds for the whole backup.
struct Held<'a>(RefCell<&'a mut Vault>);

impl VaultLoan for Held<'_> {
    fn with_vault<T>(&self, f: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        f(&mut self.0.borrow_mut())
    }
}

/// Makes backups one at a time: one asked for while another runs is refused with
/// [`Error::BackupRunning`], never queued behind it or run beside it.
#[derive(Debug, Default)]
pub struct BackupRunner {
    running: AtomicBool,
}

/// Clears the runner's flag however the backup ends.
struct Turn<'a>(&'a AtomicBool);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl BackupRunner {
    /// One backup into `folder`: the copy under the vault, the checks and the file without it,
    /// then the listing under it again. A failure is noted in the vault (and shown on the
    /// Backups screen) before it is returned.
    pub fn back_up(
        &self,
        loan: &impl VaultLoan,
        folder: &Path,
        reason: BackupReason,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<BackupEntry> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(Error::BackupRunning);
        }
        let _turn = Turn(&self.running);
        progress(BackupProgress::at(BackupStage::Copying));
        let snapshot = loan.with_vault(|vault| {
            vault.start_backup(folder).inspect_err(|e| {
                // Noting the failure must not hide the failure itself.
                let _ = vault.record_backup_failure(folder, e);
            })
        })?;
        match snapshot.finish(progress) {
            Ok(made) => loan.with_vault(|vault| vault.record_backup(&made, reason, progress)),
            Err(e) => {
                let _ = loan.with_vault(|vault| vault.record_backup_failure(folder, &e));
                Err(e)
            }
        }
    }

    /// "Verify again" for one listed backup: the vault is lent only to plan the check and to
    /// record its result; reading the file back in full runs without it.
    pub fn verify(&self, loan: &impl VaultLoan, id: BackupId) -> Result<BackupEntry> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(Error::BackupRunning);
        }
        let _turn = Turn(&self.running);
        check_one(loan, id)
    }

    /// Reads back with the key every backup made without it that can be reached now (run in
    /// the background after an unlock). The vault is lent only to plan each check and record
    /// its result; the reading itself runs without it.
    pub fn verify_unverified(
        &self,
        loan: &impl VaultLoan,
    ) -> Result<Vec<(BackupId, Result<BackupEntry>)>> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(Error::BackupRunning);
        }
        let _turn = Turn(&self.running);
        let ids = loan.with_vault(|vault| vault.backups_to_verify())?;
        Ok(ids.into_iter().map(|id| (id, check_one(loan, id))).collect())
    }

    /// Backs up into every automatic folder whose newest verified backup is older than the
    /// interval. A folder that is not connected is skipped and noted, never replaced; one
    /// folder's failure never stops the others.
    pub fn run_due(
        &self,
        loan: &impl VaultLoan,
        reason: BackupReason,
        progress: &mut dyn FnMut(&Path, BackupProgress),
    ) -> Result<Vec<(PathBuf, Result<BackupEntry>)>> {
        let due = loan.with_vault(|vault| vault.due_folders())?;
        Ok(due
            .into_iter()
            .map(|folder| {
                let result = self.back_up(loan, &folder, reason, &mut |p| progress(&folder, p));
                (folder, result)
            })
            .collect())
    }
}

/// Plans a check under the vault, runs it without, records it under the vault again (the same
/// vault: one locked or swapped meanwhile is not written to).
fn check_one(loan: &impl VaultLoan, id: BackupId) -> Result<BackupEntry> {
    let (vault_id, plan) =
        loan.with_vault(|vault| Ok((vault.vault_id().to_string(), vault.plan_check(id)?)))?;
    let (outcome, message) = plan.run();
    loan.with_vault(|vault| {
        if vault.vault_id() != vault_id {
            return Err(Error::Locked);
        }
        vault.record_check(id, outcome, message)
    })
}

impl Vault {
    /// A whole backup while the caller holds the vault throughout (the command line, tests):
    /// the same sequence the desktop app runs through its [`BackupRunner`].
    pub fn back_up(
        &mut self,
        folder: &Path,
        reason: BackupReason,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<BackupEntry> {
        BackupRunner::default().back_up(&Held(RefCell::new(self)), folder, reason, progress)
    }

    /// [`BackupRunner::run_due`] while the caller holds the vault throughout.
    pub fn run_due_backups(
        &mut self,
        reason: BackupReason,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<Vec<(PathBuf, Result<BackupEntry>)>> {
        BackupRunner::default().run_due(&Held(RefCell::new(self)), reason, &mut |_, p| progress(p))
    }
}

impl Vault {
    /// Step 1 of a backup. See the module documentation.
    pub(crate) fn start_backup(&mut self, folder: &Path) -> Result<Snapshot> {
        let folder = folder.to_path_buf();
        let vault_id = self.vault_id().to_string();
        let short = short_id(&vault_id);
        preflight(&folder, self.dir().root(), &short, self.size_on_disk() * 2)?;

        let created = self.clock().now();
        let stamp = created.format("%Y-%m-%dT%H%M%SZ").to_string();
        let sample = self.settings()?.sample;
        let label = if sample { "rapport-sample" } else { "rapport" };
        let (file_name, final_path) = free_name(&folder, &format!("{label}-{short}-{stamp}"));
        let partial_db = folder.join(format!("{PARTIAL_PREFIX}{short}-{stamp}.db"));
        let partial_container = folder.join(format!("{PARTIAL_PREFIX}{short}-{stamp}.tmp"));
        let mut key_file = self.key_file().without_failures();
        key_file.audit_head = crate::audit::head(self.conn())?;
        key_file.schema_version = Some(db::schema_version(self.conn())?);
        let snapshot = Snapshot {
            folder: folder.clone(),
            partial_db,
            partial_container,
            final_path,
            file_name,
            created,
            schema_version: db::schema_version(self.conn())?,
            counts: integrity::record_counts(self.conn())?,
            sample,
            key: self.data_key().duplicate(),
            key_file,
        };
        let target = snapshot.partial_db.to_str().ok_or_else(|| {
            unavailable(&folder, "its path cannot be used (it is not valid Unicode)")
        })?;
        // Nothing else writes while `self` is borrowed mutably, so the counts above describe
        // exactly what the copy holds.
        files::create_private_empty(&snapshot.partial_db)
            .map_err(|e| target_io(&folder, &[&snapshot.partial_db], &e))?;
        self.conn()
            .execute("VACUUM INTO ?1", [target])
            .map_err(|e| sqlite_target_error(&folder, &snapshot.partial_db, &e))?;
        Ok(snapshot)
    }

    /// Step 3: lists a finished backup and prunes older generations in its folder.
    pub(crate) fn record_backup(
        &mut self,
        made: &Made,
        reason: BackupReason,
        progress: &mut dyn FnMut(BackupProgress),
    ) -> Result<BackupEntry> {
        progress(BackupProgress::at(BackupStage::Rotating));
        let now = self.clock().now();
        let at = rfc3339(now);
        let folder = made.folder.display().to_string();
        let id = self.write(|tx| {
            // A file of the same name that rotation removed earlier leaves its row behind.
            forget_pruned(tx, &folder, &made.file_name)?;
            tx.execute(
                "INSERT INTO backups (folder, file_name, created_at, size, sha256, schema_version,
                     reason, verified_at, checked_at, check_outcome, key_fingerprint)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 'ok', ?9)",
                params![
                    folder,
                    made.file_name,
                    rfc3339(made.created),
                    made.size as i64,
                    made.sha256,
                    made.schema_version,
                    reason,
                    at,
                    made.key_fingerprint
                ],
            )?;
            let id = BackupId(tx.last_insert_rowid());
            note_attempt(tx, &folder, &at, BackupAttempt::Ok, None)?;
            audit::append(tx, now, Entry::about(Event::Backup, ObjectKind::Backup, id))?;
            Ok(id)
        })?;
        self.rotate(&made.folder)?;
        self.backup_entry(id)
    }

    /// Notes a backup that did not happen (folder not connected, full, read-only ...).
    pub(crate) fn record_backup_failure(&mut self, folder: &Path, error: &Error) -> Result<()> {
        let now = self.clock().now();
        let at = rfc3339(now);
        let outcome = if is_not_connected(folder, error) {
            BackupAttempt::Skipped
        } else {
            BackupAttempt::Failed
        };
        let message = error.to_string();
        let folder = folder.display().to_string();
        self.write(|tx| {
            note_attempt(tx, &folder, &at, outcome, Some(&message))?;
            audit::append(tx, now, Entry::ok(Event::Backup).outcome(&text::name(&outcome)))
        })
    }

    fn size_on_disk(&self) -> u64 {
        let db = self.dir().db_path();
        let wal = db.with_extension("db-wal");
        [db, wal].iter().filter_map(|p| fs::metadata(p).ok()).map(|m| m.len()).sum()
    }
}

/// Forgets the row of a pruned backup (its file is gone) whose name a new file now takes.
pub(crate) fn forget_pruned(
    tx: &rusqlite::Connection,
    folder: &str,
    file_name: &str,
) -> rusqlite::Result<usize> {
    tx.execute(
        "DELETE FROM backups WHERE folder = ?1 AND file_name = ?2 AND pruned_at IS NOT NULL",
        params![folder, file_name],
    )
}

/// A finished, verified backup file, not yet listed in the vault.
#[derive(Debug, Clone)]
pub(crate) struct Made {
    pub folder: PathBuf,
    pub file_name: String,
    pub created: DateTime<Utc>,
    pub size: u64,
    pub sha256: String,
    pub schema_version: i64,
    /// Which data key the backup holds.
    pub key_fingerprint: String,
}

/// Step 1's result: an encrypted copy in a hidden partial file in the target folder. Dropping
/// it unfinished removes the partial files.
pub(crate) struct Snapshot {
    folder: PathBuf,
    partial_db: PathBuf,
    partial_container: PathBuf,
    final_path: PathBuf,
    file_name: String,
    created: DateTime<Utc>,
    schema_version: i64,
    counts: Vec<RecordCount>,
    sample: bool,
    key: DataKey,
    key_file: KeyFile,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.partial_db);
        let _ = fs::remove_file(&self.partial_container);
    }
}

impl Snapshot {
    /// Step 2 of a backup. See the module documentation.
    pub(crate) fn finish(self, progress: &mut dyn FnMut(BackupProgress)) -> Result<Made> {
        let folder = self.folder.clone();
        let writing = [self.partial_db.clone(), self.partial_container.clone()];
        let writing: Vec<&Path> = writing.iter().map(PathBuf::as_path).collect();
        let io = |e: std::io::Error| target_io(&folder, &writing, &e);
        File::open(&self.partial_db).and_then(|f| f.sync_all()).map_err(io)?;

        progress(BackupProgress::at(BackupStage::Checking));
        let contents = check_database(&self.partial_db, &self.key).map_err(|what| {
            if gone(&folder, &writing) {
                disconnected(&folder)
            } else {
                Error::BackupDamaged {
                    path: self.final_path.clone(),
                    what: format!("the new copy failed its check ({what}); nothing was kept"),
                }
            }
        })?;
        if contents.schema_version != self.schema_version || contents.counts != self.counts {
            return Err(Error::BackupDamaged {
                path: self.final_path.clone(),
                what: "the new copy does not hold the same records as the vault; nothing was kept"
                    .into(),
            });
        }

        progress(BackupProgress::at(BackupStage::Writing));
        let mut payload = [File::open(&self.partial_db).map_err(io)?];
        let (sha256, payload_len) = container::hash_files(&mut payload).map_err(io)?;
        let header = container::Header {
            format: container::HEADER_FORMAT.into(),
            vault_id: self.key_file.vault_id.clone(),
            created: self.created,
            app_version: crate::VERSION.into(),
            schema_version: self.schema_version,
            sample: self.sample,
            key_file: self.key_file.clone(),
            payload_len,
            payload_sha256: sha256.clone(),
            made_without_key: false,
            wal_len: 0,
        };
        {
            let mut out = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&self.partial_container)
                .map_err(io)?;
            files::restrict_permissions(&out).map_err(io)?;
            container::write(&mut out, &header, Some(&self.key), &mut payload).map_err(io)?;
            out.flush().map_err(io)?;
            out.sync_all().map_err(io)?;
        }
        drop(payload);
        if self.final_path.exists() {
            return Err(unavailable(&folder, "a file of the same name appeared meanwhile"));
        }
        fs::rename(&self.partial_container, &self.final_path).map_err(io)?;
        let _ = fs::remove_file(&self.partial_db);
        files::sync_dir(&folder).map_err(io)?;

        progress(BackupProgress::at(BackupStage::Confirming));
        let read_back = container::inspect(&self.final_path)
            .and_then(|i| {
                if i.mac_matches(&self.key) {
                    Ok(i)
                } else {
                    Err(Error::BackupDamaged {
                        path: self.final_path.clone(),
                        what: "its header could not be confirmed".into(),
                    })
                }
            })
            .inspect_err(|_| {
                // A file that does not read back whole must not look like a backup.
                let _ = fs::remove_file(&self.final_path);
            })?;
        Ok(Made {
            folder,
            file_name: self.file_name.clone(),
            created: self.created,
            size: read_back.file_len,
            sha256,
            schema_version: self.schema_version,
            key_fingerprint: self.key.fingerprint(),
        })
    }
}

/// Checks that `folder` can take a backup needing about `needed` bytes: it is a folder, it is
/// not inside the vault's own folder, it has room, and a probe file can be written and
/// flushed there. Partial files a stopped backup of this vault left there are removed first.
pub(super) fn preflight(folder: &Path, vault_root: &Path, short: &str, needed: u64) -> Result<()> {
    if !folder.is_dir() {
        return Err(unavailable(
            folder,
            if folder.exists() {
                "it is a file, not a folder"
            } else {
                "it is not connected, or no longer exists"
            },
        ));
    }
    if folder_is_inside(folder, vault_root) {
        return Err(unavailable(
            folder,
            "it is inside the vault's own folder; choose a folder on another disk",
        ));
    }
    remove_stale_partials(folder, short);
    let needed = needed + MARGIN;
    let available = fs4::available_space(folder).map_err(|e| target_io(folder, &[], &e))?;
    if available < needed {
        return Err(unavailable(
            folder,
            &format!(
                "it has {} free and this backup needs about {}",
                human_size(available),
                human_size(needed)
            ),
        ));
    }
    probe(folder, short)
}

pub(super) const PARTIAL_PREFIX: &str = ".rapport-partial-";
const PROBE_PREFIX: &str = ".rapport-probe-";
const MARGIN: u64 = 8 << 20;

/// `<base>.rapportbackup`, or `<base>-2.rapportbackup` ... if taken.
pub(super) fn free_name(folder: &Path, base: &str) -> (String, PathBuf) {
    let ext = container::EXTENSION;
    let mut name = format!("{base}.{ext}");
    let mut n = 2;
    while folder.join(&name).exists() {
        name = format!("{base}-{n}.{ext}");
        n += 1;
    }
    let path = folder.join(&name);
    (name, path)
}

fn remove_stale_partials(folder: &Path, short: &str) {
    let prefixes = [format!("{PARTIAL_PREFIX}{short}-"), format!("{PROBE_PREFIX}{short}")];
    if let Ok(entries) = fs::read_dir(folder) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if prefixes.iter().any(|p| name.starts_with(p.as_str())) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Writes and flushes a probe file. It is always a new file (`create_new` follows no link and
/// opens nothing that was there), removed afterwards.
fn probe(folder: &Path, short: &str) -> Result<()> {
    let path = folder.join(format!("{PROBE_PREFIX}{short}"));
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&path)?;
        f.write_all(b"rapport")?;
        f.sync_all()
    })();
    let _ = fs::remove_file(&path);
    result.map_err(|e| target_io(folder, &[], &e))
}

pub(super) fn unavailable(folder: &Path, reason: &str) -> Error {
    Error::TargetUnavailable { path: folder.to_path_buf(), reason: reason.into() }
}

const KEPT: &str = "nothing was left behind and earlier backups are untouched";

/// Whether the folder, or everything this backup was writing in it, has gone: a stick pulled
/// out. Looked at when a write fails, since the failure can come a moment before the folder
/// disappears (a file unlinked under SQLite is its first sign).
fn gone(folder: &Path, writing: &[&Path]) -> bool {
    !folder.is_dir()
        || fs::read_dir(folder).is_err()
        || (!writing.is_empty() && writing.iter().all(|p| !p.exists()))
}

fn disconnected(folder: &Path) -> Error {
    unavailable(folder, &format!("it was disconnected while the backup was written; {KEPT}"))
}

/// Says what an I/O failure in a backup folder means to the practitioner. `writing` are the
/// files this backup had made there.
pub(super) fn target_io(folder: &Path, writing: &[&Path], e: &std::io::Error) -> Error {
    use std::io::ErrorKind;
    if !folder.is_dir() || fs::read_dir(folder).is_err() {
        return disconnected(folder);
    }
    let reason = match (e.kind(), e.raw_os_error()) {
        (ErrorKind::StorageFull, _) | (_, Some(28)) => {
            format!("the disk filled up while the backup was written; {KEPT}")
        }
        (ErrorKind::ReadOnlyFilesystem, _) | (_, Some(30)) => {
            "it is read-only, so nothing can be written to it".to_string()
        }
        (ErrorKind::PermissionDenied, _) => "this account is not allowed to write to it".into(),
        _ if gone(folder, writing) => return disconnected(folder),
        _ => format!("it could not be written ({e}); {KEPT}"),
    };
    unavailable(folder, &reason)
}

fn sqlite_target_error(folder: &Path, writing: &Path, e: &rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let code = e.sqlite_error_code();
    let io = match code {
        Some(ErrorCode::DiskFull) => std::io::Error::from_raw_os_error(28),
        Some(ErrorCode::ReadOnly) => std::io::Error::from_raw_os_error(30),
        Some(ErrorCode::PermissionDenied) => std::io::ErrorKind::PermissionDenied.into(),
        _ => std::io::Error::other(e.to_string()),
    };
    target_io(folder, &[writing], &io)
}

fn is_not_connected(folder: &Path, error: &Error) -> bool {
    matches!(error, Error::TargetUnavailable { .. }) && !folder.is_dir()
}

pub(crate) fn human_size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let b = bytes as f64;
    if b >= 1024.0 * MIB {
        format!("{:.1} GB", b / (1024.0 * MIB))
    } else if b >= MIB {
        format!("{:.1} MB", b / MIB)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
