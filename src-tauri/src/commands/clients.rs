//! The client record: list, open, create, and every edit as one typed `Edit`.

use super::blocking;
use crate::ipc::IpcResult;
use crate::state::{AppState, vault_mut};
use rapport_core::{
    ClientId, ClientInput, ClientRecord, ClientStatus, ClientSummary, Edit, Frequency,
    PerinatalStage, PerinatalWeeks, SnapshotComparison, SnapshotId, perinatal_weeks_of,
    planned_end_of,
};
use tauri::State;

#[tauri::command]
pub async fn list_clients(state: State<'_, AppState>) -> IpcResult<Vec<ClientSummary>> {
    blocking(&state, |s| s.with_vault(|open| vault_mut(open)?.list_clients())).await
}

#[tauri::command]
pub async fn similar_clients(
    state: State<'_, AppState>,
    name: String,
    except: Option<ClientId>,
) -> IpcResult<Vec<ClientSummary>> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.similar_clients(&name, except)))
        .await
}

#[tauri::command]
pub async fn create_client(
    state: State<'_, AppState>,
    client: ClientInput,
    status: ClientStatus,
) -> IpcResult<ClientRecord> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.create_client(&client, status)))
        .await
}

#[tauri::command]
pub async fn client_record(
    state: State<'_, AppState>,
    client_id: ClientId,
) -> IpcResult<ClientRecord> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.client_record(client_id))).await
}

#[tauri::command]
pub async fn edit_client(
    state: State<'_, AppState>,
    client_id: ClientId,
    edit: Edit,
) -> IpcResult<ClientRecord> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.edit_client(client_id, &edit)))
        .await
}

#[tauri::command]
pub async fn compare_snapshots(
    state: State<'_, AppState>,
    client_id: ClientId,
    before: SnapshotId,
    after: SnapshotId,
) -> IpcResult<SnapshotComparison> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.compare_snapshots(client_id, before, after))
    })
    .await
}

/// The perinatal weeks for dates still being typed, as of today (no vault needed: the core's
/// rule only).
#[tauri::command]
pub fn perinatal_weeks(
    state: State<'_, AppState>,
    stage: Option<PerinatalStage>,
    due_date: Option<String>,
    birth_date: Option<String>,
) -> Option<PerinatalWeeks> {
    perinatal_weeks_of(stage, due_date, birth_date, state.0.clock.as_ref())
}

/// The planned end of a contract still being typed (no vault needed: the core's rule only).
#[tauri::command]
pub fn planned_end(
    start_date: String,
    planned_sessions: i64,
    frequency: Frequency,
) -> Option<String> {
    planned_end_of(&start_date, planned_sessions, frequency)
}
