//! The portable export and its import. Files are chosen in dialogs opened here; the UI never
//! names a path. An import is chosen, then opened (with the export's passphrase when it is
//! encrypted) and shown, and only then written.

use super::backups::{pick_file, pick_save_path};
use super::blocking;
use super::documents::write_private;
use crate::ipc::{
    ExportRequest, ExportSaved, ImportChosen, IpcResult, TRANSFER_PROGRESS_EVENT,
    TransferProgressEvent,
};
use crate::state::{AppState, Importing, vault_mut};
use rapport_core::{
    Error, IMPORT_FILE_LIMIT, ImportFile, ImportOutcome, ImportPreview, SecretString,
    check_export_passphrase, export_file, export_file_name, is_sealed,
};
use tauri::{AppHandle, Emitter, State};

fn tell(app: &AppHandle, operation: &str, stage: &str, fraction: f32) {
    let _ = app.emit(
        TRANSFER_PROGRESS_EVENT,
        TransferProgressEvent {
            operation: operation.into(),
            stage: stage.into(),
            fraction: f64::from(fraction),
        },
    );
}

/// Writes the export the request describes where the practitioner chooses. An unencrypted
/// file is refused unless the practitioner has said they understand what it means.
#[tauri::command]
pub async fn export_records(
    app: AppHandle,
    state: State<'_, AppState>,
    request: ExportRequest,
) -> IpcResult<Option<ExportSaved>> {
    let passphrase = request.passphrase.map(SecretString::from);
    blocking(&state, move |s| {
        match &passphrase {
            Some(p) => check_export_passphrase(p)?,
            None if !request.unencrypted_understood => {
                return Err(Error::invalid(
                    "unencrypted_understood",
                    "An unencrypted export can be read by anyone who has the file. Tick the \
                     box to say you understand, or give a passphrase to encrypt it.",
                )
                .into());
            }
            _ => {}
        }
        let name = export_file_name(request.scope, passphrase.is_some(), s.clock.as_ref());
        let title = if passphrase.is_some() {
            "Save the export (encrypted)"
        } else {
            "Save the export (NOT encrypted)"
        };
        let filter = if passphrase.is_some() { ("age file", "age") } else { ("JSON", "json") };
        let Some(path) = pick_save_path(&app, &name, title, filter)? else {
            return Ok(None);
        };
        tell(&app, "export", "Reading the records", 0.0);
        let doc = s.with_vault(|open| {
            vault_mut(open)?.export_document_telling(
                request.scope,
                request.process_notes,
                &mut |f| tell(&app, "export", "Reading the records", f * 0.8),
            )
        })?;
        let clients = doc["clients"].as_array().map_or(0, Vec::len) as u64;
        let stage = if passphrase.is_some() { "Encrypting" } else { "Writing" };
        tell(&app, "export", stage, 0.85);
        let bytes = export_file(&doc, passphrase.as_ref())?;
        drop(doc);
        tell(&app, "export", "Writing", 0.95);
        write_private(&path, &bytes)?;
        tell(&app, "export", "Done", 1.0);
        Ok(Some(ExportSaved {
            path: path.display().to_string(),
            clients,
            bytes: bytes.len() as u64,
            encrypted: passphrase.is_some(),
        }))
    })
    .await
}

/// Asks for an export file to import and says whether it needs a passphrase. Nothing is
/// read into the vault.
#[tauri::command]
pub async fn choose_import_file(
    app: AppHandle,
    state: State<'_, AppState>,
) -> IpcResult<Option<ImportChosen>> {
    blocking(&state, move |s| {
        s.with_vault(|_| Ok(()))?;
        let Some(path) = pick_file(
            &app,
            "Choose a Rapport export to import",
            ("Rapport export", &["json", "age"]),
        )?
        else {
            return Ok(None);
        };
        let unreadable = Error::io(format!("{} cannot be read", path.display()));
        let bytes = std::fs::metadata(&path).map_err(unreadable)?.len();
        if bytes > IMPORT_FILE_LIMIT {
            return Err(Error::invalid(
                "file",
                format!(
                    "This file is {} MB; an export to import can be at most {} MB.",
                    bytes >> 20,
                    IMPORT_FILE_LIMIT >> 20
                ),
            )
            .into());
        }
        let mut head = [0u8; 32];
        let read = std::fs::File::open(&path)
            .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
            .map_err(Error::io(format!("{} cannot be read", path.display())))?;
        let chosen = ImportChosen {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes,
            encrypted: is_sealed(&head[..read]),
        };
        s.with_vault(|open| {
            open.import = Some(Importing { path, file: None });
            Ok(())
        })?;
        Ok(Some(chosen))
    })
    .await
}

/// Opens the chosen file (with its passphrase when encrypted), checks every record against
/// the vault and says what it holds. Nothing is written.
#[tauri::command]
pub async fn inspect_import(
    app: AppHandle,
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> IpcResult<ImportPreview> {
    let passphrase = passphrase.map(SecretString::from);
    blocking(&state, move |s| {
        let path = s.with_vault(|open| {
            open.import.as_ref().map(|i| i.path.clone()).ok_or_else(|| Error::Conflict {
                reason: "Choose the file to import first.".into(),
            })
        })?;
        tell(&app, "import", "Opening the file", 0.0);
        let bytes = std::fs::read(&path)
            .map_err(Error::io(format!("{} cannot be read", path.display())))?;
        let file = ImportFile::read(&bytes, passphrase.as_ref())?;
        drop(bytes);
        tell(&app, "import", "Checking every record", 0.5);
        let preview = s.with_vault(|open| {
            let preview = vault_mut(open)?.inspect_import(&file)?;
            if let Some(importing) = open.import.as_mut() {
                importing.file = Some(file);
            }
            Ok(preview)
        })?;
        tell(&app, "import", "Checked", 1.0);
        Ok(preview)
    })
    .await
}

/// Imports the opened file: every check again, then everything in one transaction.
#[tauri::command]
pub async fn apply_import(app: AppHandle, state: State<'_, AppState>) -> IpcResult<ImportOutcome> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            let file = open.import.as_mut().and_then(|i| i.file.take()).ok_or_else(|| {
                Error::Conflict { reason: "Open the file to import first.".into() }
            })?;
            tell(&app, "import", "Writing the records", 0.0);
            let outcome = vault_mut(open)?
                .import(&file, &mut |f| tell(&app, "import", "Writing the records", f));
            if outcome.is_ok() {
                open.import = None;
            } else if let Some(importing) = open.import.as_mut() {
                // Refused: the file stays open, so the report can be read again.
                importing.file = Some(file);
            }
            outcome
        })
    })
    .await
}

/// Forgets the chosen file and what was read of it.
#[tauri::command]
pub async fn cancel_import(state: State<'_, AppState>) -> IpcResult<()> {
    blocking(&state, move |s| {
        s.with_vault(|open| {
            open.import = None;
            Ok(())
        })
    })
    .await
}
