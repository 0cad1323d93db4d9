// The app's own commands are only permission-checked when declared here; each is then granted
// to the main window by the capability in capabilities/main-window.json.
const COMMANDS: &[&str] = &[
    "app_status",
    "assess_passphrase",
    "create_vault",
    "save_recovery_key",
    "confirm_recovery_key_stored",
    "unlock",
    "unlock_with_recovery_key",
    "lock",
    "get_settings",
    "set_auto_lock_minutes",
    "change_passphrase",
    "regenerate_recovery_key",
    "check_vault",
    "activity",
    "list_clients",
    "similar_clients",
    "create_client",
    "client_record",
    "edit_client",
    "compare_snapshots",
    "open_sample_practice",
    "leave_sample_practice",
    "start_note",
    "open_note",
    "save_note_draft",
    "sign_note",
    "amend_note",
    "discard_note",
    "save_process_note",
    "today",
    "search",
    "set_unsigned_note_days",
    "close_window",
    "backup_overview",
    "add_backup_folder",
    "set_backup_folder_automatic",
    "remove_backup_folder",
    "set_backup_schedule",
    "back_up_now",
    "verify_backup",
    "choose_restore_file",
    "prepare_restore",
    "apply_restore",
    "cancel_restore",
    "pending_restore",
    "confirm_restore",
    "undo_restore",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
