//! Thin IPC commands: each unpacks its arguments, calls the core on a blocking thread (key
//! derivation and integrity checks take a while) and maps errors to `IpcError`.

pub mod backups;
pub mod clients;
pub mod conclusion;
pub mod documents;
pub mod measures;
pub mod notes;
pub mod sample;
pub mod settings;
pub mod transfer;
pub mod vault;
pub mod worksheets;

use crate::ipc::IpcResult;
use crate::state::{AppState, Shared};
use rapport_core::Error;
use std::sync::Arc;

pub(crate) async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Shared) -> IpcResult<T> + Send + 'static,
) -> IpcResult<T> {
    let shared: Arc<Shared> = state.0.clone();
    tauri::async_runtime::spawn_blocking(move || f(&shared))
        .await
        .map_err(|e| Error::Internal { what: e.to_string() })?
}
