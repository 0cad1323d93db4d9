//! Documents about a client: a preview of the typeset pages, printing through the system's
//! dialog (a print window served from memory: nothing is written to disk), and saving as PDF
//! where the practitioner chooses in a dialog opened here.

use super::blocking;
use crate::ipc::IpcResult;
use crate::print::{self, Job};
use crate::state::{AppState, vault_mut};
use rapport_core::{ClientId, DocumentOutput, Error, Paper};
use rapport_documents::{Composed, DocumentRequest};
use serde::Serialize;
use std::path::Path;
use tauri::{AppHandle, State};
use ts_rs::TS;

/// A document's pages as the preview shows them: each an SVG image, exactly as it prints.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DocumentPreview {
    pub title: String,
    pub paper: Paper,
    pub pages: Vec<String>,
}

fn pages_of(made: &Composed) -> rapport_core::Result<Vec<String>> {
    (0..made.typeset.pages()).map(|i| Ok(made.typeset.page_svg(i)?)).collect()
}

#[tauri::command]
pub async fn preview_document(
    state: State<'_, AppState>,
    client_id: ClientId,
    request: DocumentRequest,
) -> IpcResult<DocumentPreview> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            let vault = vault_mut(open)?;
            let paper = vault.settings()?.documents.paper;
            let made = rapport_documents::compose(vault, client_id, &request)?;
            Ok(DocumentPreview { title: made.title.clone(), paper, pages: pages_of(&made)? })
        })
    })
    .await
}

/// Opens the document in a print window, which opens the system's print dialog.
#[tauri::command]
pub async fn print_document(
    app: AppHandle,
    state: State<'_, AppState>,
    client_id: ClientId,
    request: DocumentRequest,
) -> IpcResult<()> {
    let job = blocking(&state, move |s| {
        s.with_vault(|open| {
            let vault = vault_mut(open)?;
            let paper = vault.settings()?.documents.paper;
            let made = rapport_documents::compose(vault, client_id, &request)?;
            vault.note_document(client_id, made.audit_name, DocumentOutput::Printed)?;
            Ok(Job { title: made.title.clone(), pages: pages_of(&made)?, paper })
        })
    })
    .await?;
    print::open(&app, job).map_err(|e| Error::Internal { what: e.to_string() }.into())
}

/// Asks where to save the document as PDF (the dialog says it is not encrypted) and writes it
/// there, readable only by its owner. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn save_document_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    client_id: ClientId,
    request: DocumentRequest,
) -> IpcResult<Option<String>> {
    blocking(&state, move |s| {
        let made =
            s.with_vault(|open| rapport_documents::compose(vault_mut(open)?, client_id, &request))?;
        let Some(path) = super::backups::pick_save_path(
            &app,
            &made.file_name,
            "Save as PDF (the file is not encrypted)",
            ("PDF", "pdf"),
        )?
        else {
            return Ok(None);
        };
        write_private(&path, &made.typeset.pdf())?;
        s.with_vault(|open| {
            vault_mut(open)?.note_document(client_id, made.audit_name, DocumentOutput::Saved)
        })?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

/// Writes a file only its owner can read (on Unix), replacing one the practitioner chose to
/// replace in the dialog.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> rapport_core::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let result = options.open(path).and_then(|mut f| {
        use std::io::Write;
        f.write_all(bytes)?;
        f.sync_all()
    });
    result.map_err(|e| Error::io("the file could not be written there")(e))
}
