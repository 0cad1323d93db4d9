//! Practice settings.

use super::blocking;
use crate::ipc::IpcResult;
use crate::state::{AppState, vault_mut};
use rapport_core::Settings;
use tauri::State;

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> IpcResult<Settings> {
    blocking(&state, |s| s.with_vault(|open| vault_mut(open)?.settings())).await
}

#[tauri::command]
pub async fn set_auto_lock_minutes(
    state: State<'_, AppState>,
    minutes: u32,
) -> IpcResult<Settings> {
    blocking(&state, move |s| s.set_auto_lock_minutes(minutes)).await
}
