//! The sample practice: a separate vault of fictional clients, opened without a passphrase
//! prompt and marked in the window title, so it can never be mistaken for real records.

use super::blocking;
use crate::ipc::{AppStatus, IpcResult};
use crate::state::AppState;
use rapport_core::sample_practice;
use tauri::{AppHandle, Manager, State};

pub const SAMPLE_TITLE: &str = "Rapport — Sample practice (fictional clients)";
pub const TITLE: &str = "Rapport";

fn set_title(app: &AppHandle, sample: bool) {
    if let Some(window) = app.get_webview_window("main") {
        // A failed retitle is cosmetic; the in-app banner says "sample" regardless.
        let _ = window.set_title(if sample { SAMPLE_TITLE } else { TITLE });
    }
}

/// Switches to the sample practice, creating it on first use, and opens it.
#[tauri::command]
pub async fn open_sample_practice(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<AppStatus> {
    let status = blocking(&state, |s| {
        s.switch_to(true);
        let vault = s.with_claim(|lock| sample_practice::open(lock, s.clock.clone()));
        match vault {
            Ok(vault) => {
                s.install(vault, None);
                Ok(s.status())
            }
            Err(e) => {
                s.switch_to(false);
                Err(e)
            }
        }
    })
    .await;
    set_title(&app, status.as_ref().is_ok_and(|s| s.sample));
    status
}

/// Locks the sample practice and goes back to the real vault (locked, or first run).
#[tauri::command]
pub async fn leave_sample_practice(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<AppStatus> {
    let status = blocking(&state, |s| {
        s.switch_to(false);
        Ok(s.status())
    })
    .await;
    set_title(&app, false);
    status
}
