//! Session notes, the Today view and search.

use super::blocking;
use crate::ipc::IpcResult;
use crate::state::{AppState, vault_mut};
use rapport_core::{
    Caret, ClientId, DraftSaved, NoteId, NoteInput, NoteSection, NoteView, ProcessNote,
    SearchQuery, SearchResults, SessionId, Settings, TodayView,
};
use tauri::State;

#[tauri::command]
pub async fn start_note(
    state: State<'_, AppState>,
    client_id: ClientId,
    session_id: Option<SessionId>,
) -> IpcResult<NoteView> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.start_note(client_id, session_id))
    })
    .await
}

#[tauri::command]
pub async fn open_note(
    state: State<'_, AppState>,
    client_id: ClientId,
    session_id: SessionId,
) -> IpcResult<NoteView> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.note_of_session(client_id, session_id))
    })
    .await
}

#[tauri::command]
pub async fn save_note_draft(
    state: State<'_, AppState>,
    client_id: ClientId,
    note_id: NoteId,
    note: NoteInput,
    caret: Option<Caret>,
) -> IpcResult<DraftSaved> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.save_note_draft(client_id, note_id, &note, caret.as_ref())
        })
    })
    .await
}

#[tauri::command]
pub async fn sign_note(
    state: State<'_, AppState>,
    client_id: ClientId,
    note_id: NoteId,
) -> IpcResult<NoteView> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.sign_note(client_id, note_id)))
        .await
}

#[tauri::command]
pub async fn discard_note(
    state: State<'_, AppState>,
    client_id: ClientId,
    note_id: NoteId,
    raised_risk_confirmed: bool,
) -> IpcResult<()> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.discard_note(client_id, note_id, raised_risk_confirmed)
        })
    })
    .await
}

#[tauri::command]
pub async fn amend_note(
    state: State<'_, AppState>,
    client_id: ClientId,
    note_id: NoteId,
    section: NoteSection,
    text: String,
    reason: String,
) -> IpcResult<NoteView> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.amend_note(client_id, note_id, section, &text, &reason)
        })
    })
    .await
}

#[tauri::command]
pub async fn save_process_note(
    state: State<'_, AppState>,
    client_id: ClientId,
    session_id: SessionId,
    text: String,
) -> IpcResult<Option<ProcessNote>> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.save_process_note(client_id, session_id, &text))
    })
    .await
}

#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> IpcResult<TodayView> {
    blocking(&state, |s| s.with_vault(|open| vault_mut(open)?.today())).await
}

#[tauri::command]
pub async fn search(state: State<'_, AppState>, query: SearchQuery) -> IpcResult<SearchResults> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.search(&query))).await
}

#[tauri::command]
pub async fn set_unsigned_note_days(state: State<'_, AppState>, days: u32) -> IpcResult<Settings> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.set_unsigned_note_days(days)))
        .await
}
