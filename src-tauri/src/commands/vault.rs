//! Creating, unlocking, locking and re-keying the vault.

use super::blocking;
use crate::ipc::{
    AppStatus, FreshBackup, IpcResult, KeyChanged, LockReason, LockedEvent, RecoveryKeyShown,
    VAULT_LOCKED_EVENT, Wiped,
};
use crate::state::{AppState, vault_mut};
use rapport_core::{BackupReason, CheckReport, Error, SecretString, Settings, Vault};
use tauri::{AppHandle, Emitter, State};

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> IpcResult<AppStatus> {
    crate::startup_probe();
    blocking(&state, |s| Ok(s.status())).await
}

#[tauri::command]
pub async fn create_vault(
    state: State<'_, AppState>,
    passphrase: String,
) -> IpcResult<RecoveryKeyShown> {
    let passphrase = SecretString::from(passphrase);
    blocking(&state, move |s| {
        s.refuse_in_sample()?;
        let created = s.with_claim(|lock| Vault::create(lock, &passphrase, s.clock.clone()))?;
        let shown = RecoveryKeyShown { recovery_key: Wiped(created.recovery_key.display()) };
        s.install(created.vault, Some(created.recovery_key));
        Ok(shown)
    })
    .await
}

#[tauri::command]
pub async fn unlock(
    app: AppHandle,
    state: State<'_, AppState>,
    passphrase: String,
) -> IpcResult<AppStatus> {
    let passphrase = SecretString::from(passphrase);
    let status = blocking(&state, move |s| {
        let vault = s.with_claim(|lock| Vault::unlock(lock, &passphrase, s.clock.clone()))?;
        s.install(vault, None);
        Ok(s.status())
    })
    .await?;
    super::backups::verify_in_background(app, state.inner().clone());
    Ok(status)
}

#[tauri::command]
pub async fn unlock_with_recovery_key(
    app: AppHandle,
    state: State<'_, AppState>,
    recovery_key: String,
    new_passphrase: String,
) -> IpcResult<AppStatus> {
    let recovery_key = SecretString::from(recovery_key);
    let new_passphrase = SecretString::from(new_passphrase);
    let status = blocking(&state, move |s| {
        let vault = s.with_claim(|lock| {
            Vault::unlock_with_recovery_key(lock, &recovery_key, &new_passphrase, s.clock.clone())
        })?;
        s.install(vault, None);
        Ok(s.status())
    })
    .await?;
    super::backups::verify_in_background(app, state.inner().clone());
    Ok(status)
}

#[tauri::command]
pub async fn lock(app: AppHandle, state: State<'_, AppState>) -> IpcResult<AppStatus> {
    blocking(&state, move |s| {
        // An automatic backup that is due is made first (the window shows its progress). The
        // lock then closes that same vault, not one unlocked again in the meantime.
        let opened = s.opened_count();
        super::backups::run_due_backups(&app, s, BackupReason::Lock);
        let minutes = s.idle_minutes();
        if s.lock_if_still(opened, LockReason::Manual) {
            let _ =
                app.emit(VAULT_LOCKED_EVENT, LockedEvent { reason: LockReason::Manual, minutes });
        }
        Ok(s.status())
    })
    .await
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current_passphrase: String,
    new_passphrase: String,
) -> IpcResult<()> {
    let current = SecretString::from(current_passphrase);
    let new = SecretString::from(new_passphrase);
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.change_passphrase(&current, &new))
    })
    .await
}

#[tauri::command]
pub async fn regenerate_recovery_key(
    state: State<'_, AppState>,
    current_passphrase: String,
) -> IpcResult<RecoveryKeyShown> {
    let current = SecretString::from(current_passphrase);
    blocking(&state, move |s| {
        s.with_vault(|open| {
            let key = vault_mut(open)?.regenerate_recovery_key(&current)?;
            let shown = RecoveryKeyShown { recovery_key: Wiped(key.display()) };
            open.pending_recovery = Some(key);
            Ok(shown)
        })
    })
    .await
}

/// Changes the encryption key (the database re-encrypted under a new data key, the same
/// passphrase, a new recovery key), then makes a fresh backup in every automatic folder that
/// is connected and lists the older backups it can reach, to offer their deletion.
#[tauri::command]
pub async fn change_encryption_key(
    app: AppHandle,
    state: State<'_, AppState>,
    current_passphrase: String,
) -> IpcResult<KeyChanged> {
    let current = SecretString::from(current_passphrase);
    blocking(&state, move |s| {
        let shown = s.with_vault(|open| {
            let key = vault_mut(open)?.change_key(&current)?;
            let shown = RecoveryKeyShown { recovery_key: Wiped(key.display()) };
            open.pending_recovery = Some(key);
            Ok(shown)
        })?;
        let folders = s.with_vault(|open| vault_mut(open)?.backup_folders())?;
        let fresh_backups = folders
            .into_iter()
            .filter(|f| f.automatic && f.connected)
            .map(|f| {
                let folder = std::path::PathBuf::from(&f.folder);
                let result =
                    super::backups::back_up_telling(&app, s, &folder, BackupReason::Manual);
                FreshBackup {
                    folder: f.folder,
                    error: result.as_ref().err().map(|e| e.message.clone()),
                    backup: result.ok(),
                }
            })
            .collect();
        let older_backups = s.with_vault(|open| {
            let overview = vault_mut(open)?.backup_overview()?;
            Ok(overview
                .backups
                .into_iter()
                .filter(|b| b.earlier_key && std::path::Path::new(&b.path).exists())
                .collect())
        })?;
        Ok(KeyChanged { recovery_key: shown, fresh_backups, older_backups })
    })
    .await
}

/// The emergency sheet for the recovery key just shown, typeset like every document.
fn typeset_sheet(open: &crate::state::Open) -> rapport_core::Result<rapport_documents::Typeset> {
    let key = pending_key(open)?;
    let vault = open.vault.as_ref().ok_or(Error::Locked)?;
    let made_on = vault.local_date();
    let settings = vault.settings()?.documents;
    Ok(rapport_documents::recovery_sheet(&settings, key, vault.vault_id(), &made_on)?)
}

/// Asks where to save the emergency sheet as PDF (the dialog is opened here, so the UI never
/// names a path) and writes it there; the disk that holds the vault is refused.
#[tauri::command]
pub async fn save_recovery_key(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<Option<String>> {
    blocking(&state, move |s| {
        s.with_vault(|open| pending_key(open).map(|_| ()))?;
        let Some(path) = super::backups::pick_save_path(
            &app,
            SHEET_NAME,
            "Save the recovery key (not on this computer's own disk)",
            ("PDF", "pdf"),
        )?
        else {
            return Ok(None);
        };
        s.with_vault(|open| {
            let sheet = typeset_sheet(open)?;
            open.vault.as_ref().ok_or(Error::Locked)?.save_emergency_sheet_pdf(&sheet.pdf(), &path)
        })?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Prints the emergency sheet through the system's print dialog, from a print window served
/// from memory (nothing is written to disk).
#[tauri::command]
pub async fn print_recovery_key(app: AppHandle, state: State<'_, AppState>) -> IpcResult<()> {
    let job = blocking(&state, move |s| {
        s.with_vault(|open| {
            let sheet = typeset_sheet(open)?;
            let paper = open.vault.as_ref().ok_or(Error::Locked)?.settings()?.documents.paper;
            let pages = (0..sheet.pages())
                .map(|i| Ok(sheet.page_svg(i)?))
                .collect::<rapport_core::Result<Vec<String>>>()?;
            Ok(crate::print::Job { title: "Rapport recovery key".into(), pages, paper })
        })
    })
    .await?;
    crate::print::open(&app, job).map_err(|e| Error::Internal { what: e.to_string() }.into())
}

const SHEET_NAME: &str = "Rapport recovery key.pdf";

/// The recovery key shown a moment ago, held until the practitioner confirms it is stored.
fn pending_key(open: &crate::state::Open) -> rapport_core::Result<&rapport_core::RecoveryKey> {
    open.pending_recovery.as_ref().ok_or_else(|| {
        Error::invalid(
            "recovery_key",
            "The recovery key is no longer held; create a new one in Settings.",
        )
    })
}

#[tauri::command]
pub async fn confirm_recovery_key_stored(state: State<'_, AppState>) -> IpcResult<Settings> {
    blocking(&state, |s| {
        s.with_vault(|open| {
            open.pending_recovery = None;
            let vault = vault_mut(open)?;
            vault.confirm_recovery_key_stored()?;
            vault.settings()
        })
    })
    .await
}

#[tauri::command]
pub async fn check_vault(state: State<'_, AppState>) -> IpcResult<CheckReport> {
    blocking(&state, |s| s.with_vault(|open| vault_mut(open)?.check())).await
}

/// The practitioner is at the keyboard: postpones auto-lock.
#[tauri::command]
pub fn activity(state: State<'_, AppState>) {
    state.0.touch();
}

/// The UI's answer to a close request once it has saved what was being typed: a due automatic
/// backup, then lock, then close.
#[tauri::command]
pub async fn close_window(
    app: AppHandle,
    window: tauri::Window,
    state: State<'_, AppState>,
) -> IpcResult<()> {
    crate::CLOSE_ANSWERED.store(true, std::sync::atomic::Ordering::SeqCst);
    blocking(&state, move |s| {
        super::backups::run_due_backups(&app, s, BackupReason::Quit);
        s.lock(LockReason::Manual);
        Ok(())
    })
    .await?;
    let _ = window.destroy();
    Ok(())
}
