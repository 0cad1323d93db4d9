//! The conclusion summary of a course: starting it, its draft, signing, amendments, and the
//! document settings its signature line and header use.

use super::blocking;
use crate::ipc::IpcResult;
use crate::state::{AppState, vault_mut};
use rapport_core::{
    Caret, ClientId, Completion, ConclusionSummary, CourseId, DocumentSettings, DraftSaved,
    Settings, SummaryId, SummarySection, SummaryState,
};
use tauri::State;

#[tauri::command]
pub async fn start_conclusion_summary(
    state: State<'_, AppState>,
    client_id: ClientId,
    course_id: CourseId,
) -> IpcResult<ConclusionSummary> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.start_conclusion_summary(client_id, course_id))
    })
    .await
}

#[tauri::command]
pub async fn open_conclusion_summary(
    state: State<'_, AppState>,
    client_id: ClientId,
    summary_id: SummaryId,
) -> IpcResult<ConclusionSummary> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.conclusion_summary(client_id, summary_id))
    })
    .await
}

/// The open summary read again (its checklist after a save); not audited as a new viewing.
#[tauri::command]
pub async fn reread_conclusion_summary(
    state: State<'_, AppState>,
    client_id: ClientId,
    summary_id: SummaryId,
) -> IpcResult<ConclusionSummary> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.reread_conclusion_summary(client_id, summary_id))
    })
    .await
}

#[tauri::command]
pub async fn save_conclusion_draft(
    state: State<'_, AppState>,
    client_id: ClientId,
    summary_id: SummaryId,
    completion: Completion,
    caret: Option<Caret>,
) -> IpcResult<DraftSaved> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.save_conclusion_draft(
                client_id,
                summary_id,
                &completion,
                caret.as_ref(),
            )
        })
    })
    .await
}

#[tauri::command]
pub async fn sign_conclusion_summary(
    state: State<'_, AppState>,
    client_id: ClientId,
    summary_id: SummaryId,
) -> IpcResult<ConclusionSummary> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.sign_conclusion_summary(client_id, summary_id))
    })
    .await
}

#[tauri::command]
pub async fn discard_conclusion_summary(
    state: State<'_, AppState>,
    client_id: ClientId,
    summary_id: SummaryId,
) -> IpcResult<()> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.discard_conclusion_summary(client_id, summary_id))
    })
    .await
}

#[tauri::command]
pub async fn amend_conclusion_summary(
    state: State<'_, AppState>,
    client_id: ClientId,
    summary_id: SummaryId,
    section: SummarySection,
    text: String,
    reason: String,
) -> IpcResult<ConclusionSummary> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?
                .amend_conclusion_summary(client_id, summary_id, section, &text, &reason)
        })
    })
    .await
}

#[tauri::command]
pub async fn conclusion_summaries(
    state: State<'_, AppState>,
    client_id: ClientId,
) -> IpcResult<Vec<SummaryState>> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.conclusion_summaries(client_id)))
        .await
}

#[tauri::command]
pub async fn set_document_settings(
    state: State<'_, AppState>,
    documents: DocumentSettings,
) -> IpcResult<Settings> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.set_document_settings(&documents))
    })
    .await
}
