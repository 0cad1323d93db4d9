//! Backups and restore. Folders and files are always chosen in a dialog opened here, so the UI
//! never names a path; the core does all the work.

use super::blocking;
use crate::ipc::{
    AppStatus, BACKUP_PROGRESS_EVENT, BACKUPS_CHECKED_EVENT, BackupProgressEvent, IpcResult,
    LockReason, LockedEvent, RestoreCandidate, RestorePreview, VAULT_LOCKED_EVENT,
};
use crate::state::{AppState, Shared, vault_mut};
use rapport_core::restore::{self, PendingRestore, Secret};
use rapport_core::{
    BACKUP_EXTENSION, BackupEntry, BackupFolderId, BackupId, BackupOverview, BackupProgress,
    BackupReason, BackupSchedule, BackupStage, Error, ErrorCode, VaultLoan,
};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;

/// In a debug build driven by the end-to-end tests, a dialog answers with this folder (or,
/// for a file, the newest backup in it) instead of opening, since no test can drive the
/// system's own dialog. Release builds always open the real dialog.
pub const TEST_PICK_ENV: &str = "RAPPORT_TEST_PICK";

fn test_pick() -> Option<PathBuf> {
    let automated = cfg!(debug_assertions)
        && std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
    automated.then(|| std::env::var_os(TEST_PICK_ENV)).flatten().map(PathBuf::from)
}

fn pick_folder(app: &AppHandle, title: &str) -> IpcResult<Option<PathBuf>> {
    if let Some(path) = test_pick() {
        return Ok(Some(path));
    }
    let Some(choice) = app.dialog().file().set_title(title).blocking_pick_folder() else {
        return Ok(None);
    };
    choice.into_path().map(Some).map_err(|e| {
        Error::io("that folder cannot be used")(std::io::Error::other(e.to_string())).into()
    })
}

/// Asks where to save a file named `name`, in a dialog titled `title` offering files of the
/// `filter` kind (its name and extension); for a test, into the picked folder.
pub fn pick_save_path(
    app: &AppHandle,
    name: &str,
    title: &str,
    filter: (&str, &str),
) -> IpcResult<Option<PathBuf>> {
    if let Some(path) = test_pick() {
        return Ok(Some(if path.is_dir() { path.join(name) } else { path }));
    }
    let Some(choice) = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(name)
        .add_filter(filter.0, &[filter.1])
        .blocking_save_file()
    else {
        return Ok(None);
    };
    choice.into_path().map(Some).map_err(|e| {
        Error::io("that location cannot be written")(std::io::Error::other(e.to_string())).into()
    })
}

/// After an unlock: reads back with the key, on a thread of its own, every backup made
/// without it since the last unlock, then tells the window.
pub fn verify_in_background(app: AppHandle, state: AppState) {
    let _ = std::thread::Builder::new().name("verify-backups".into()).spawn(move || {
        let checked = state.0.verify_unverified_backups();
        if checked > 0 {
            let _ = app.emit(BACKUPS_CHECKED_EVENT, checked);
        }
    });
}

/// One backup into `folder`, with its progress and result told to the window.
pub fn back_up_telling(
    app: &AppHandle,
    shared: &Shared,
    folder: &Path,
    reason: BackupReason,
) -> IpcResult<BackupEntry> {
    let result = shared.back_up(folder, reason, &mut |p| emit_progress(app, folder, reason, p));
    emit_done(app, folder, reason, &result);
    result
}

fn pick_backup_file(app: &AppHandle) -> IpcResult<Option<PathBuf>> {
    pick_file(app, "Choose a Rapport backup", ("Rapport backup", &[BACKUP_EXTENSION]))
}

/// Asks for a file of the `filter` kind (its name and extensions); for a test, the picked file
/// or the newest such file in the picked folder.
pub fn pick_file(
    app: &AppHandle,
    title: &str,
    filter: (&str, &[&str]),
) -> IpcResult<Option<PathBuf>> {
    if let Some(path) = test_pick() {
        if path.is_dir() {
            let newest = std::fs::read_dir(&path)
                .ok()
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| filter.1.iter().any(|wanted| e == *wanted))
                })
                .max_by_key(|p| (std::fs::metadata(p).and_then(|m| m.modified()).ok(), p.clone()));
            return Ok(newest);
        }
        return Ok(Some(path));
    }
    let Some(choice) = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter.0, filter.1)
        .add_filter("Any file", &["*"])
        .blocking_pick_file()
    else {
        return Ok(None);
    };
    choice.into_path().map(Some).map_err(|e| {
        Error::io("that file cannot be used")(std::io::Error::other(e.to_string())).into()
    })
}

fn emit_progress(app: &AppHandle, folder: &Path, reason: BackupReason, p: BackupProgress) {
    let _ = app.emit(
        BACKUP_PROGRESS_EVENT,
        BackupProgressEvent {
            folder: folder.display().to_string(),
            reason,
            stage: p.stage,
            fraction: p.fraction,
            done: false,
            error: None,
        },
    );
}

fn emit_done(
    app: &AppHandle,
    folder: &Path,
    reason: BackupReason,
    result: &IpcResult<BackupEntry>,
) {
    let _ = app.emit(
        BACKUP_PROGRESS_EVENT,
        BackupProgressEvent {
            folder: folder.display().to_string(),
            reason,
            stage: BackupStage::Rotating,
            fraction: 1.0,
            done: true,
            error: result.as_ref().err().map(|e| e.message.clone()),
        },
    );
}

/// Backs up into every automatic folder that is due, telling the window as it goes.
pub fn run_due_backups(app: &AppHandle, shared: &Shared, reason: BackupReason) {
    let results =
        shared.run_due_backups(reason, &mut |folder, p| emit_progress(app, folder, reason, p));
    for (folder, result) in &results {
        emit_done(app, folder, reason, result);
    }
}

#[tauri::command]
pub async fn backup_overview(state: State<'_, AppState>) -> IpcResult<BackupOverview> {
    blocking(&state, |s| s.with_vault(|open| vault_mut(open)?.backup_overview())).await
}

/// Asks for a folder and adds it to the automatic backups.
#[tauri::command]
pub async fn add_backup_folder(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<Option<BackupOverview>> {
    blocking(&state, move |s| {
        s.with_vault(|_| Ok(()))?;
        let Some(folder) = pick_folder(&app, "Choose a folder for backups")? else {
            return Ok(None);
        };
        s.with_vault(|open| {
            let vault = vault_mut(open)?;
            vault.add_backup_folder(&folder, true)?;
            vault.backup_overview()
        })
        .map(Some)
    })
    .await
}

#[tauri::command]
pub async fn set_backup_folder_automatic(
    state: State<'_, AppState>,
    id: BackupFolderId,
    automatic: bool,
) -> IpcResult<BackupOverview> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            let vault = vault_mut(open)?;
            vault.set_backup_folder_automatic(id, automatic)?;
            vault.backup_overview()
        })
    })
    .await
}

#[tauri::command]
pub async fn remove_backup_folder(
    state: State<'_, AppState>,
    id: BackupFolderId,
) -> IpcResult<BackupOverview> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            let vault = vault_mut(open)?;
            vault.remove_backup_folder(id)?;
            vault.backup_overview()
        })
    })
    .await
}

#[tauri::command]
pub async fn set_backup_schedule(
    state: State<'_, AppState>,
    schedule: BackupSchedule,
) -> IpcResult<BackupOverview> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            let vault = vault_mut(open)?;
            vault.set_backup_schedule(schedule)?;
            vault.backup_overview()
        })
    })
    .await
}

/// "Back up now": into a listed folder (`folder_id`), or into one chosen in a dialog.
/// `None` when the dialog was cancelled.
#[tauri::command]
pub async fn back_up_now(
    app: AppHandle,
    state: State<'_, AppState>,
    folder_id: Option<BackupFolderId>,
) -> IpcResult<Option<BackupEntry>> {
    blocking(&state, move |s| {
        let folder = match folder_id {
            Some(id) => {
                let folders = s.with_vault(|open| vault_mut(open)?.backup_folders())?;
                let Some(f) = folders.into_iter().find(|f| f.id == id) else {
                    return Err(Error::NotFound { what: "The backup folder" }.into());
                };
                PathBuf::from(f.folder)
            }
            None => {
                s.with_vault(|_| Ok(()))?;
                match pick_folder(&app, "Back up to which folder?")? {
                    Some(f) => f,
                    None => return Ok(None),
                }
            }
        };
        back_up_telling(&app, s, &folder, BackupReason::Manual).map(Some)
    })
    .await
}

#[tauri::command]
pub async fn verify_backup(state: State<'_, AppState>, id: BackupId) -> IpcResult<BackupEntry> {
    blocking(&state, move |s| s.verify_backup(id)).await
}

/// Deletes backups made under an earlier encryption key (offered after a change of key).
#[tauri::command]
pub async fn delete_older_backups(
    state: State<'_, AppState>,
    ids: Vec<BackupId>,
) -> IpcResult<BackupOverview> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            let vault = vault_mut(open)?;
            for id in ids {
                vault.delete_backup_under_earlier_key(id)?;
            }
            vault.backup_overview()
        })
    })
    .await
}

/// Asks for a backup file and checks it (no secret needed). Each kind of bad file is refused
/// with its own code: `not_a_backup`, `backup_damaged`, `newer_backup`.
#[tauri::command]
pub async fn choose_restore_file(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<Option<RestoreCandidate>> {
    blocking(&state, move |s| {
        s.refuse_in_sample()?;
        let Some(path) = pick_backup_file(&app)? else {
            return Ok(None);
        };
        let info = restore::inspect(&path)?;
        let replaces_vault = s.with_claim(|lock| Ok(lock.dir().holds_vault()))?;
        let same_vault = VaultLoan::with_vault(s, |v| Ok(v.vault_id() == info.vault_id)).ok();
        let mut restoring = s.restoring.lock().unwrap_or_else(|e| e.into_inner());
        restoring.chosen = Some(path);
        restoring.staged = None;
        Ok(Some(RestoreCandidate { info, replaces_vault, same_vault }))
    })
    .await
}

/// Opens the chosen backup with the passphrase of its day (or the recovery key and a new
/// passphrase), unpacks it into a private folder beside the vault and checks every page.
#[tauri::command]
pub async fn prepare_restore(
    state: State<'_, AppState>,
    secret: Secret,
) -> IpcResult<RestorePreview> {
    blocking(&state, move |s| {
        let path = {
            let restoring = s.restoring.lock().unwrap_or_else(|e| e.into_inner());
            restoring
                .chosen
                .clone()
                .ok_or_else(|| Error::Conflict { reason: "Choose the backup file first.".into() })?
        };
        // A wrong passphrase for a backup is counted and slowed like a wrong unlock: in the
        // open vault (and audited at once), or in the vault folder's key file when locked.
        s.refuse_while_throttled()?;
        let staged = s
            .with_claim(|lock| restore::stage(&path, &secret, lock.dir().root(), s.clock.as_ref()));
        if let Err(e) = &staged
            && matches!(e.code, ErrorCode::WrongBackupPassphrase | ErrorCode::WrongRecoveryKey)
        {
            s.note_refused_secret("backup_passphrase");
        }
        let staged = staged?;
        let replaces_vault = s.with_claim(|lock| Ok(lock.dir().holds_vault()))?;
        let preview = RestorePreview {
            info: staged.info.clone(),
            contents: staged.contents.clone(),
            replaces_vault,
        };
        s.restoring.lock().unwrap_or_else(|e| e.into_inner()).staged = Some(staged);
        Ok(preview)
    })
    .await
}

/// Puts the prepared backup in the vault's place. The open vault is locked first; the vault
/// it replaces is kept aside until [`confirm_restore`] (or put back by [`undo_restore`]).
#[tauri::command]
pub async fn apply_restore(app: AppHandle, state: State<'_, AppState>) -> IpcResult<AppStatus> {
    blocking(&state, move |s| {
        let staged = {
            let mut restoring = s.restoring.lock().unwrap_or_else(|e| e.into_inner());
            restoring.chosen = None;
            restoring.staged.take()
        }
        .ok_or_else(|| Error::Conflict { reason: "Prepare the restore first.".into() })?;
        lock_and_tell(&app, s);
        s.with_claim(|lock| restore::put_in_place(staged, lock, s.clock.now()))?;
        Ok(s.status())
    })
    .await
}

#[tauri::command]
pub async fn cancel_restore(state: State<'_, AppState>) -> IpcResult<()> {
    blocking(&state, |s| {
        *s.restoring.lock().unwrap_or_else(|e| e.into_inner()) = Default::default();
        Ok(())
    })
    .await
}

/// The restore waiting for the practitioner to keep it or put the previous vault back.
#[tauri::command]
pub async fn pending_restore(state: State<'_, AppState>) -> IpcResult<Option<PendingRestore>> {
    blocking(&state, |s| s.with_claim(restore::pending)).await
}

/// Keeps the restored vault; the previous one, kept aside, is deleted.
#[tauri::command]
pub async fn confirm_restore(state: State<'_, AppState>) -> IpcResult<Option<PendingRestore>> {
    blocking(&state, |s| {
        s.with_claim(|lock| {
            restore::confirm(lock)?;
            restore::pending(lock)
        })
    })
    .await
}

/// Puts the previous vault back (the vault is locked first; the backup file is untouched).
#[tauri::command]
pub async fn undo_restore(app: AppHandle, state: State<'_, AppState>) -> IpcResult<AppStatus> {
    blocking(&state, move |s| {
        lock_and_tell(&app, s);
        s.with_claim(restore::undo)?;
        Ok(s.status())
    })
    .await
}

fn lock_and_tell(app: &AppHandle, s: &Shared) {
    let minutes = s.idle_minutes();
    if s.lock(LockReason::Manual) {
        let _ = app.emit(VAULT_LOCKED_EVENT, LockedEvent { reason: LockReason::Manual, minutes });
    }
}
