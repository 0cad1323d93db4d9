//! rapport: the desktop shell. An adapter only: it owns the window, turns IPC calls into core
//! calls, runs the auto-lock watcher, locks when the computer sleeps or its screen locks, and
//! locks on close. No SQL and no business rules here.

mod commands;
pub mod ipc;
mod print;
mod sleep;
mod state;

use ipc::{LockReason, LockedEvent, VAULT_LOCKED_EVENT, WINDOW_CLOSING_EVENT};
use rapport_core::{BackupReason, VaultDir, default_vault_dir};
use state::{AppState, Idle};
use std::time::Duration;
use tauri::{Emitter, Listener, Manager, RunEvent, WindowEvent};

static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// With `RAPPORT_STARTUP_PROBE` set, says once on standard error how long after start the UI
/// first asked for the status (it does so as soon as it is mounted). Used by `make bench`.
pub(crate) fn startup_probe() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("RAPPORT_STARTUP_PROBE").is_some() {
        ONCE.call_once(|| {
            let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
            eprintln!("rapport: ui ready after {ms} ms");
        });
    }
}

pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    let app = tauri::Builder::default()
        // First, so a second launch only focuses this window and never touches the vault.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .register_uri_scheme_protocol(print::SCHEME, |ctx, request| {
            print::serve(ctx.app_handle(), ctx.webview_label(), &request)
        })
        .setup(|app| {
            let dir = match default_vault_dir() {
                Some(dir) => dir,
                None => app.path().app_data_dir()?.join("vault"),
            };
            open_main_window(app)?;
            let state = AppState::new(VaultDir::new(dir));
            spawn_idle_watcher(app.handle().clone(), state.clone());
            let handle = app.handle().clone();
            sleep::listen(sleep::locker(state.0.clone(), move |locked| {
                let _ = handle.emit(VAULT_LOCKED_EVENT, locked);
            }));
            app.manage(state);
            app.manage(print::PrintJobs::default());
            // A document on screen for printing goes when the vault locks.
            let handle = app.handle().clone();
            app.listen_any(VAULT_LOCKED_EVENT, move |_| {
                handle.state::<print::PrintJobs>().close_all(&handle);
            });
            Ok(())
        })
        .on_window_event(|window, event| match event {
            // A print window closing only drops its document; the main one locks the vault.
            WindowEvent::CloseRequested { .. } | WindowEvent::Destroyed
                if window.label().starts_with(print::LABEL_PREFIX) =>
            {
                window.state::<print::PrintJobs>().remove(window.label());
            }
            WindowEvent::CloseRequested { api, .. } => close_requested(window, api),
            _ => {}
        })
        .invoke_handler(tauri::generate_handler![
            commands::vault::app_status,
            commands::vault::create_vault,
            commands::vault::save_recovery_key,
            commands::vault::print_recovery_key,
            commands::vault::confirm_recovery_key_stored,
            commands::vault::unlock,
            commands::vault::unlock_with_recovery_key,
            commands::vault::lock,
            commands::vault::change_passphrase,
            commands::vault::regenerate_recovery_key,
            commands::vault::change_encryption_key,
            commands::vault::check_vault,
            commands::vault::activity,
            commands::settings::get_settings,
            commands::settings::set_auto_lock_minutes,
            commands::clients::list_clients,
            commands::clients::similar_clients,
            commands::clients::create_client,
            commands::clients::client_record,
            commands::clients::edit_client,
            commands::clients::compare_snapshots,
            commands::clients::planned_end,
            commands::clients::perinatal_weeks,
            commands::sample::open_sample_practice,
            commands::sample::leave_sample_practice,
            commands::notes::start_note,
            commands::notes::open_note,
            commands::notes::save_note_draft,
            commands::notes::sign_note,
            commands::notes::amend_note,
            commands::notes::discard_note,
            commands::notes::save_process_note,
            commands::notes::today,
            commands::notes::search,
            commands::notes::set_unsigned_note_days,
            commands::measures::instruments,
            commands::measures::practice_outcomes,
            commands::measures::start_administration,
            commands::measures::answer_item,
            commands::measures::set_administration_date,
            commands::measures::finish_administration,
            commands::measures::correct_administration,
            commands::measures::discard_administration,
            commands::measures::confirm_practitioner,
            commands::worksheets::start_worksheet,
            commands::worksheets::open_worksheet,
            commands::worksheets::save_worksheet_draft,
            commands::worksheets::sign_worksheet,
            commands::worksheets::discard_worksheet,
            commands::worksheets::amend_worksheet,
            commands::worksheets::record_worksheet_follow_up,
            commands::worksheets::task_from_worksheet,
            commands::worksheets::role_play_from_worksheet,
            commands::worksheets::client_worksheets,
            commands::worksheets::person_worksheets,
            commands::conclusion::start_conclusion_summary,
            commands::conclusion::open_conclusion_summary,
            commands::conclusion::reread_conclusion_summary,
            commands::conclusion::save_conclusion_draft,
            commands::conclusion::sign_conclusion_summary,
            commands::conclusion::discard_conclusion_summary,
            commands::conclusion::amend_conclusion_summary,
            commands::conclusion::conclusion_summaries,
            commands::conclusion::set_document_settings,
            commands::documents::preview_document,
            commands::documents::print_document,
            commands::documents::save_document_pdf,
            commands::vault::close_window,
            commands::backups::backup_overview,
            commands::backups::add_backup_folder,
            commands::backups::set_backup_folder_automatic,
            commands::backups::remove_backup_folder,
            commands::backups::set_backup_schedule,
            commands::backups::back_up_now,
            commands::backups::verify_backup,
            commands::backups::delete_older_backups,
            commands::backups::choose_restore_file,
            commands::backups::prepare_restore,
            commands::backups::apply_restore,
            commands::backups::cancel_restore,
            commands::backups::pending_restore,
            commands::backups::confirm_restore,
            commands::backups::undo_restore,
            commands::transfer::export_records,
            commands::transfer::choose_import_file,
            commands::transfer::inspect_import,
            commands::transfer::apply_import,
            commands::transfer::cancel_import,
        ])
        .build(tauri::generate_context!())
        .expect("the Rapport window could not be created");

    app.run(|handle, event| {
        if let RunEvent::Exit = event {
            handle.state::<AppState>().0.lock(LockReason::Manual);
        }
    });
}

/// How long a closing window waits for the UI to save what is being typed.
const CLOSE_GRACE: Duration = Duration::from_secs(3);

/// Set once the UI has answered a close request (it then locks, after any due backup).
pub(crate) static CLOSE_ANSWERED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Closing an unlocked vault's window first asks the UI to save any draft still waiting for its
/// autosave (it answers with `close_window`); if it has not answered within [`CLOSE_GRACE`],
/// the vault is locked and the window closed anyway.
fn close_requested(window: &tauri::Window, api: &tauri::CloseRequestApi) {
    static ASKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let shared = window.state::<AppState>().0.clone();
    if !shared.is_unlocked() || ASKED.swap(true, std::sync::atomic::Ordering::SeqCst) {
        shared.lock(LockReason::Manual);
        return;
    }
    api.prevent_close();
    let _ = window.emit(WINDOW_CLOSING_EVENT, ());
    let window = window.clone();
    std::thread::spawn(move || {
        std::thread::sleep(CLOSE_GRACE);
        if CLOSE_ANSWERED.load(std::sync::atomic::Ordering::SeqCst) {
            // The UI answered; `close_window` locks and closes when its backup is done.
            return;
        }
        shared.lock(LockReason::Manual);
        let _ = window.destroy();
    });
}

/// The window is made here rather than in tauri.conf.json so that its webview can be incognito
/// (no caches, cookies or storage on disk) in every build a person runs. WebKitGTK cannot be
/// automated in an ephemeral context, so a debug build driven by the end-to-end tests (which
/// sets TAURI_WEBVIEW_AUTOMATION) uses a normal context inside the test's private HOME.
fn open_main_window(app: &tauri::App) -> tauri::Result<()> {
    let automated = cfg!(debug_assertions)
        && std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
    tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::default())
        .title(commands::sample::TITLE)
        .inner_size(1280.0, 800.0)
        .min_inner_size(960.0, 640.0)
        .incognito(!automated)
        .disable_drag_drop_handler()
        .build()?;
    Ok(())
}

/// How often an open vault is looked at for a due automatic backup.
const DAILY_CHECK: Duration = Duration::from_secs(10 * 60);

/// Auto-lock is enforced here, in Rust, whatever the UI does. Each tick also gives the idle
/// timer the wall clock, so a sleep as long as the auto-lock time locks at the first tick after
/// waking even where nothing reported the sleep. The same thread makes the automatic backups
/// that are due: before an idle lock (but not one on waking), and every few minutes while open.
fn spawn_idle_watcher(app: tauri::AppHandle, state: AppState) {
    std::thread::Builder::new()
        .name("auto-lock".into())
        .spawn(move || {
            let mut last_check = std::time::Instant::now();
            loop {
                std::thread::sleep(Duration::from_millis(500));
                let shared = &state.0;
                let idle = shared.idle_tick();
                if idle == Idle::Counting {
                    if shared.is_unlocked() && last_check.elapsed() >= DAILY_CHECK {
                        last_check = std::time::Instant::now();
                        commands::backups::run_due_backups(&app, shared, BackupReason::Daily);
                    }
                    continue;
                }
                // Decided here: activity while the backup is made does not undo it (after a
                // sleep, the first activity may come from whoever opened the lid). On waking,
                // the vault is on screen: it locks at once, and the backup waits.
                let opened = shared.opened_count();
                if idle == Idle::RanOut {
                    commands::backups::run_due_backups(&app, shared, BackupReason::Lock);
                }
                let minutes = shared.idle_minutes();
                if shared.lock_if_still(opened, LockReason::Idle) {
                    let locked = LockedEvent { reason: LockReason::Idle, minutes };
                    let _ = app.emit(VAULT_LOCKED_EVENT, locked);
                }
            }
        })
        .expect("auto-lock watcher starts");
}
