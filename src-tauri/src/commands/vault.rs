//! Creating, unlocking, locking and re-keying the vault.

use super::blocking;
use crate::ipc::{
    AppStatus, IpcResult, LockReason, LockedEvent, RecoveryKeyShown, VAULT_LOCKED_EVENT,
};
use crate::state::{AppState, vault_mut};
use rapport_core::{
    BackupReason, CheckReport, Error, PassphraseStrength, SecretString, Settings, Vault,
    assess_passphrase as assess,
};
use secrecy::ExposeSecret;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> IpcResult<AppStatus> {
    crate::startup_probe();
    blocking(&state, |s| Ok(s.status())).await
}

#[tauri::command]
pub fn assess_passphrase(passphrase: String) -> PassphraseStrength {
    let passphrase = SecretString::from(passphrase);
    assess(passphrase.expose_secret())
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
        let shown = RecoveryKeyShown { recovery_key: created.recovery_key.display().to_string() };
        s.install(created.vault, Some(created.recovery_key));
        Ok(shown)
    })
    .await
}

#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, passphrase: String) -> IpcResult<AppStatus> {
    let passphrase = SecretString::from(passphrase);
    blocking(&state, move |s| {
        let vault = s.with_claim(|lock| Vault::unlock(lock, &passphrase, s.clock.clone()))?;
        s.install(vault, None);
        Ok(s.status())
    })
    .await
}

#[tauri::command]
pub async fn unlock_with_recovery_key(
    state: State<'_, AppState>,
    recovery_key: String,
    new_passphrase: String,
) -> IpcResult<AppStatus> {
    let recovery_key = SecretString::from(recovery_key);
    let new_passphrase = SecretString::from(new_passphrase);
    blocking(&state, move |s| {
        let vault = s.with_claim(|lock| {
            Vault::unlock_with_recovery_key(lock, &recovery_key, &new_passphrase, s.clock.clone())
        })?;
        s.install(vault, None);
        Ok(s.status())
    })
    .await
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
            let shown = RecoveryKeyShown { recovery_key: key.display().to_string() };
            open.pending_recovery = Some(key);
            Ok(shown)
        })
    })
    .await
}

/// Asks where to save the emergency sheet (the dialog is opened here, so the UI never names a
/// path) and writes it there.
#[tauri::command]
pub async fn save_recovery_key(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<Option<String>> {
    blocking(&state, move |s| {
        s.with_vault(|open| pending_key(open).map(|_| ()))?;
        let Some(choice) = app
            .dialog()
            .file()
            .set_title("Save the recovery key")
            .set_file_name("Rapport recovery key.txt")
            .add_filter("Text", &["txt"])
            .blocking_save_file()
        else {
            return Ok(None);
        };
        let path = choice.into_path().map_err(|e| {
            Error::io("that location cannot be written")(std::io::Error::other(e.to_string()))
        })?;
        s.with_vault(|open| {
            let key = pending_key(open)?;
            open.vault.as_ref().ok_or(Error::Locked)?.save_emergency_sheet(key, &path)
        })?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

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
