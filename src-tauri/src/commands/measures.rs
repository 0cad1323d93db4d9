//! Measures: the instruments' definitions, giving one (answers saved as they are given),
//! finishing, correcting, and the practitioner's passphrase when a client hands the laptop
//! back.

use super::blocking;
use crate::ipc::IpcResult;
use crate::state::{AppState, vault_mut};
use rapport_core::{
    Administration, AdministrationId, AdministrationStart, Answer, ClientId, Definition,
    Instrument, OutcomesFilter, PracticeOutcomes, SecretString,
};
use tauri::State;

/// Every instrument's definition: items, allowed values, bands, flags, citation and licence.
#[tauri::command]
pub fn instruments() -> Vec<Definition> {
    Instrument::ALL.iter().map(|i| *i.definition()).collect()
}

#[tauri::command]
pub async fn start_administration(
    state: State<'_, AppState>,
    client_id: ClientId,
    start: AdministrationStart,
) -> IpcResult<Administration> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.start_administration(client_id, &start))
    })
    .await
}

#[tauri::command]
pub async fn answer_item(
    state: State<'_, AppState>,
    client_id: ClientId,
    administration_id: AdministrationId,
    item: u8,
    answer: Option<Answer>,
) -> IpcResult<Administration> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.answer_item(client_id, administration_id, item, answer)
        })
    })
    .await
}

#[tauri::command]
pub async fn set_administration_date(
    state: State<'_, AppState>,
    client_id: ClientId,
    administration_id: AdministrationId,
    given_on: String,
) -> IpcResult<Administration> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.set_administration_date(client_id, administration_id, &given_on)
        })
    })
    .await
}

#[tauri::command]
pub async fn finish_administration(
    state: State<'_, AppState>,
    client_id: ClientId,
    administration_id: AdministrationId,
    as_incomplete: bool,
) -> IpcResult<Administration> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.finish_administration(client_id, administration_id, as_incomplete)
        })
    })
    .await
}

#[tauri::command]
pub async fn correct_administration(
    state: State<'_, AppState>,
    client_id: ClientId,
    administration_id: AdministrationId,
    reason: String,
) -> IpcResult<Administration> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            vault_mut(open)?.correct_administration(client_id, administration_id, &reason)
        })
    })
    .await
}

#[tauri::command]
pub async fn discard_administration(
    state: State<'_, AppState>,
    client_id: ClientId,
    administration_id: AdministrationId,
) -> IpcResult<()> {
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.discard_administration(client_id, administration_id))
    })
    .await
}

/// The practitioner takes the laptop back from a client who answered a form.
#[tauri::command]
pub async fn confirm_practitioner(state: State<'_, AppState>, passphrase: String) -> IpcResult<()> {
    let passphrase = SecretString::from(passphrase);
    blocking(&state, move |s| {
        s.with_vault(|open| vault_mut(open)?.confirm_practitioner(&passphrase))
    })
    .await
}

/// Outcomes across the practice's ended courses: counts and shares only, no client named.
#[tauri::command]
pub async fn practice_outcomes(
    state: State<'_, AppState>,
    filter: OutcomesFilter,
) -> IpcResult<PracticeOutcomes> {
    blocking(&state, move |s| s.with_vault(|open| vault_mut(open)?.practice_outcomes(&filter)))
        .await
}
