//! Worksheets: communication analyses, role plays and decision analyses; their drafts, signing,
//! amendments, follow-ups, the task and role play made from one, and the pattern across the
//! course.

use super::blocking;
use crate::ipc::IpcResult;
use crate::state::{AppState, vault_mut};
use rapport_core::{
    Caret, ClientId, ClientWorksheets, DraftSaved, FollowUpInput, PersonId, PersonPattern,
    TaskInput, Worksheet, WorksheetId, WorksheetInput, WorksheetSection, WorksheetStart,
};
use tauri::State;

#[tauri::command]
pub async fn start_worksheet(
    state: State<'_, AppState>,
    client_id: ClientId,
    start: WorksheetStart,
) -> IpcResult<Worksheet> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.start_worksheet(client_id, &start))
    })
    .await
}

#[tauri::command]
pub async fn open_worksheet(
    state: State<'_, AppState>,
    client_id: ClientId,
    worksheet_id: WorksheetId,
) -> IpcResult<Worksheet> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.worksheet(client_id, worksheet_id))
    })
    .await
}

#[tauri::command]
pub async fn save_worksheet_draft(
    state: State<'_, AppState>,
    client_id: ClientId,
    worksheet_id: WorksheetId,
    worksheet: WorksheetInput,
    caret: Option<Caret>,
) -> IpcResult<DraftSaved> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.save_worksheet_draft(
                client_id,
                worksheet_id,
                &worksheet,
                caret.as_ref(),
            )
        })
    })
    .await
}

#[tauri::command]
pub async fn sign_worksheet(
    state: State<'_, AppState>,
    client_id: ClientId,
    worksheet_id: WorksheetId,
) -> IpcResult<Worksheet> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.sign_worksheet(client_id, worksheet_id))
    })
    .await
}

#[tauri::command]
pub async fn discard_worksheet(
    state: State<'_, AppState>,
    client_id: ClientId,
    worksheet_id: WorksheetId,
) -> IpcResult<()> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.discard_worksheet(client_id, worksheet_id))
    })
    .await
}

#[tauri::command]
pub async fn amend_worksheet(
    state: State<'_, AppState>,
    client_id: ClientId,
    worksheet_id: WorksheetId,
    section: WorksheetSection,
    text: String,
    reason: String,
) -> IpcResult<Worksheet> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.amend_worksheet(client_id, worksheet_id, section, &text, &reason)
        })
    })
    .await
}

#[tauri::command]
pub async fn record_worksheet_follow_up(
    state: State<'_, AppState>,
    client_id: ClientId,
    worksheet_id: WorksheetId,
    follow_up: FollowUpInput,
) -> IpcResult<Worksheet> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.record_worksheet_follow_up(client_id, worksheet_id, &follow_up)
        })
    })
    .await
}

#[tauri::command]
pub async fn task_from_worksheet(
    state: State<'_, AppState>,
    client_id: ClientId,
    worksheet_id: WorksheetId,
    task: TaskInput,
) -> IpcResult<Worksheet> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.task_from_worksheet(client_id, worksheet_id, &task))
    })
    .await
}

#[tauri::command]
pub async fn role_play_from_worksheet(
    state: State<'_, AppState>,
    client_id: ClientId,
    worksheet_id: WorksheetId,
) -> IpcResult<Worksheet> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.start_role_play_from(client_id, worksheet_id))
    })
    .await
}

#[tauri::command]
pub async fn client_worksheets(
    state: State<'_, AppState>,
    client_id: ClientId,
) -> IpcResult<ClientWorksheets> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.client_worksheets(client_id)))
        .await
}

#[tauri::command]
pub async fn person_worksheets(
    state: State<'_, AppState>,
    client_id: ClientId,
    person_id: PersonId,
) -> IpcResult<PersonPattern> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.person_worksheets(client_id, person_id))
    })
    .await
}
