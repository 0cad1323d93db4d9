//! rapport-cli: headless commands over a Rapport vault, for scripts and scheduled jobs.
//!
//! Exit codes: 0 ok, 1 other failure, 2 usage or invalid input, 3 wrong passphrase (or too
//! many attempts), 4 not a vault or damaged (also: not a backup, a damaged backup, a backup
//! from a newer version), 5 vault in use, 6 backup folder not writable, not connected or full.

mod measures;

use clap::{Parser, Subcommand};
use rapport_core::{
    BackupCheck, BackupReason, ClientId, CourseId, DirLock, Error, ErrorCode, ExportScope,
    ImportFile, ImportProblem, NoteId, NoteInput, RecoveryKey, SAMPLE_PASSPHRASE, SampleSpec,
    SecretString, SystemClock, Vault, VaultDir, back_up_without_key, default_vault_dir, restore,
    sample_dir_beside, sample_practice,
};
use rapport_documents::{DocumentRequest, ProgressSections};
use secrecy::ExposeSecret;
use serde_json::json;
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(name = "rapport-cli", version, about = "Headless commands over a Rapport vault")]
struct Cli {
    /// The vault folder (default: $RAPPORT_VAULT_DIR, else the app's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    vault: Option<PathBuf>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new vault and print its recovery key (shown only this once).
    Init,
    /// Unlock, run the full integrity checks and count the records of each kind.
    Check,
    /// Create a sample practice of fictional clients in a new vault (default: the folder
    /// beside the real vault that the app opens as its sample practice).
    Demo {
        /// How many fictional clients to create.
        #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(1..=20000))]
        clients: u32,
        /// The same seed always gives the same practice.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Back up the vault into a folder. Needs no passphrase (for scheduled jobs): the vault's
    /// files are already encrypted, so they are copied as they are, while the vault is closed,
    /// and the backup is verified with the key the next time the vault is unlocked. With
    /// --with-key, asks for the passphrase and verifies it at once. The folder must exist:
    /// nothing is ever written anywhere else.
    Backup {
        /// The folder to write the backup into (a USB stick, an external disk).
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// Unlock with the passphrase, and read the backup back in full with the key now.
        #[arg(long)]
        with_key: bool,
    },
    /// Check a backup file. Without a passphrase: its structure and checksums. With --full:
    /// also opens it with the passphrase of the day it was made (or the recovery key) and
    /// reads every page.
    Verify {
        /// The backup file.
        file: PathBuf,
        /// Ask for the passphrase and check everything inside.
        #[arg(long)]
        full: bool,
    },
    /// Restore a backup into a new, empty vault folder. Asks for the passphrase of the day the
    /// backup was made; a recovery key works too (then a new passphrase is asked for).
    Restore {
        /// The backup file.
        file: PathBuf,
        /// An empty (or new) folder to restore into.
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
    /// Write a draft session note from a JSON file with the note's fields (for scripted imports).
    /// A signed note is never changed: it is refused, and corrections go in as amendments.
    Draft {
        /// The client's record number.
        #[arg(long)]
        client: i64,
        /// The note's number.
        #[arg(long)]
        note: i64,
        /// A JSON file with the note's fields.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// List the clients: record number, name, status, condition group, and each course with
    /// its kind, state and where its conclusion summary stands (for scripts that need a
    /// client's or a course's number).
    Clients,
    /// Typeset a document about one client as PDF: the conclusion summary of a course, the
    /// safety plan, the formulation statement, a progress report, or the full client record
    /// (everything signed, never a private process note). The file is not
    /// encrypted: keep it on an encrypted disk and delete it when done. An existing file is
    /// never overwritten.
    Document {
        /// The client's record number (see `clients`).
        #[arg(long)]
        client: i64,
        /// summary, safety-plan, formulation, progress or record.
        #[arg(long, value_enum)]
        kind: DocumentKind,
        /// The course (for a summary or a progress report); by default the newest course
        /// that has a summary, or the current course.
        #[arg(long)]
        course: Option<i64>,
        /// The PDF file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Export the whole practice, or one client, as one JSON document in Rapport's documented
    /// format (docs/EXPORT.md; docs/export-schema.json). With --encrypt the file is encrypted
    /// with a passphrase of its own, in the age format, so the standard `age` tool opens it
    /// (`age -d -o export.json FILE`); the export passphrase is asked after the vault's (on
    /// standard input, the second line). Without --encrypt, anyone who has the file can read
    /// every record in it. Private process notes only with --include-process-notes. An
    /// existing file is never overwritten.
    Export {
        /// One client's record number (see `clients`); by default the whole practice.
        #[arg(long)]
        client: Option<i64>,
        /// Include private process notes, each marked private in the file.
        #[arg(long)]
        include_process_notes: bool,
        /// Encrypt the file with a passphrase of its own (age format).
        #[arg(long)]
        encrypt: bool,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Import an export made by `export` (plain or encrypted) into the vault. Everything is
    /// checked first; if anything is wrong nothing is written and every problem is listed with
    /// its place in the file (exit 2). The vault's passphrase is read first, then, for an
    /// encrypted file, the export's.
    Import {
        /// The export file.
        file: PathBuf,
    },
    /// Score one administration of a measure (no vault needed): the total, band, subscales or
    /// domains, and flags. Responses are given in item order as on the form: for the EPDS the
    /// position of the ticked option counted from the top (0-3); for HAM-D item 16, 3 means
    /// "not assessed"; for the WSAS, na for a work item that does not apply; for the EDE-Q,
    /// items 1-28 with items 13-18 as counts; - for an item not answered.
    Score {
        /// phq9, gad7, epds, hamd17, wsas, qids, pcl5, edeq or goal.
        instrument: String,
        /// The answers, one per item.
        #[arg(allow_negative_numbers = true)]
        responses: Vec<String>,
    },
    /// Every measure given to one client as CSV (instrument, date, session, status, total,
    /// band, flags, corrections, and each item's answer as given). The file is not encrypted:
    /// keep it on an encrypted disk and delete it when done. An existing file is never
    /// overwritten.
    Scores {
        /// The client's record number.
        #[arg(long)]
        client: i64,
        /// The CSV file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Every outcome rule that applies between a baseline and a final score (no vault needed).
    /// Recovery needs PHQ-9 with GAD-7: give the other with --with.
    Outcome {
        instrument: String,
        baseline: String,
        #[arg(value_name = "FINAL")]
        last: String,
        /// A second instrument's INSTRUMENT BASELINE FINAL.
        #[arg(long, num_args = 3, value_names = ["INSTRUMENT", "BASELINE", "FINAL"])]
        with: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if json {
                println!(
                    "{}",
                    json!({"ok": false, "code": failure.code, "message": failure.message,
                           "problems": failure.problems})
                );
            } else {
                for p in &failure.problems {
                    let at = if p.path.is_empty() { "/" } else { p.path.as_str() };
                    eprintln!("  {at}: {}", p.message);
                }
                eprintln!("rapport-cli: {}", failure.message);
            }
            ExitCode::from(failure.exit)
        }
    }
}

struct Failure {
    code: ErrorCode,
    message: String,
    exit: u8,
    /// Every problem of a file that cannot be imported, each at its place in the file.
    problems: Vec<ImportProblem>,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let exit = match &e {
            Error::WrongPassphrase | Error::WrongRecoveryKey | Error::TooManyAttempts { .. } => 3,
            Error::WrongBackupPassphrase { .. } => 3,
            Error::NotAVault { .. }
            | Error::Damaged { .. }
            | Error::NotABackup { .. }
            | Error::BackupDamaged { .. }
            | Error::NewerBackup { .. }
            | Error::OlderCopy { .. } => 4,
            Error::InUse { .. } => 5,
            Error::TargetUnavailable { .. } => 6,
            Error::Invalid { .. } => 2,
            _ => 1,
        };
        Failure { code: e.code(), message: e.to_string(), exit, problems: Vec::new() }
    }
}

fn usage(message: impl Into<String>) -> Failure {
    Failure { code: ErrorCode::Usage, message: message.into(), exit: 2, problems: Vec::new() }
}

fn run(cli: Cli) -> Result<(), Failure> {
    // The measure engine needs no vault.
    match &cli.command {
        Command::Score { instrument, responses } => {
            return measures::score_command(instrument, responses, cli.json);
        }
        Command::Outcome { instrument, baseline, last, with } => {
            return measures::outcome_command(instrument, baseline, last, with, cli.json);
        }
        _ => {}
    }
    let explicit = cli.vault.is_some();
    let dir = cli
        .vault
        .or_else(default_vault_dir)
        .ok_or_else(|| usage("no vault folder: pass --vault DIR or set RAPPORT_VAULT_DIR"))?;
    match cli.command {
        Command::Init => init(VaultDir::new(dir), cli.json),
        Command::Check => check(VaultDir::new(dir), cli.json),
        Command::Demo { clients, seed } => {
            let dir = if explicit { dir } else { sample_dir_beside(&dir) };
            demo(VaultDir::new(dir), SampleSpec { clients: clients as usize, seed }, cli.json)
        }
        Command::Backup { to, with_key: false } => {
            backup_without_key(VaultDir::new(dir), &to, cli.json)
        }
        Command::Backup { to, with_key: true } => backup(VaultDir::new(dir), &to, cli.json),
        Command::Verify { file, full } => verify(&file, full, cli.json),
        Command::Restore { file, to } => restore(&file, VaultDir::new(to), cli.json),
        Command::Draft { client, note, from } => {
            draft(VaultDir::new(dir), ClientId(client), NoteId(note), &from, cli.json)
        }
        Command::Clients => clients(VaultDir::new(dir), cli.json),
        Command::Document { client, kind, course, out } => document(
            VaultDir::new(dir),
            ClientId(client),
            kind,
            course.map(CourseId),
            &out,
            cli.json,
        ),
        Command::Export { client, include_process_notes, encrypt, out } => export(
            VaultDir::new(dir),
            client.map(ClientId),
            include_process_notes,
            encrypt,
            &out,
            cli.json,
        ),
        Command::Import { file } => import(VaultDir::new(dir), &file, cli.json),
        Command::Scores { client, out } => {
            scores(VaultDir::new(dir), ClientId(client), &out, cli.json)
        }
        Command::Score { .. } | Command::Outcome { .. } => unreachable!("handled above"),
    }
}

fn backup(dir: VaultDir, to: &Path, json: bool) -> Result<(), Failure> {
    dir.require_vault()?;
    // Refuse a folder that cannot take the backup before asking for anything.
    if !to.is_dir() {
        return Err(Error::TargetUnavailable {
            path: to.to_path_buf(),
            reason: "it is not connected, or no longer exists".into(),
        }
        .into());
    }
    let lock = DirLock::acquire(dir)?;
    let mut vault = unlock(&lock, json)?;
    let started = std::time::Instant::now();
    let result = vault.back_up(to, BackupReason::Command, &mut |p| {
        if !json && std::io::stderr().is_terminal() {
            eprint!("\r{:>3}%", (p.fraction * 100.0).round());
        }
    });
    if !json && std::io::stderr().is_terminal() {
        eprint!("\r    \r");
    }
    vault.lock(false)?;
    let entry = result?;
    if json {
        println!("{}", json!({"ok": true, "backup": entry}));
    } else {
        println!(
            "Backed up and verified: {} ({}, {:.1} s)",
            entry.path,
            human_size(entry.size),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// A backup from the vault's files as they are: no passphrase is read (standard input may be
/// closed). It is verified with the key at the next unlock.
fn backup_without_key(dir: VaultDir, to: &Path, json: bool) -> Result<(), Failure> {
    dir.require_vault()?;
    let lock = DirLock::acquire(dir)?;
    let started = std::time::Instant::now();
    let made = back_up_without_key(&lock, to, &SystemClock)?;
    let path = Path::new(&made.folder).join(&made.file_name).display().to_string();
    if json {
        println!(
            "{}",
            json!({"ok": true, "backup": made, "path": path, "verified_with_key": false})
        );
    } else {
        println!(
            "Backed up: {path} ({}, {:.1} s)",
            human_size(made.size),
            started.elapsed().as_secs_f64()
        );
        println!("Its checksums were read back; it is verified with the key at the next unlock.");
    }
    Ok(())
}

/// Unlocks with the passphrase, then reads back in full every backup made without the key
/// since the last unlock (as the app does in the background).
fn unlock(lock: &DirLock, json: bool) -> Result<Vault, Failure> {
    let passphrase = read_passphrase("Passphrase: ", false)?;
    let mut vault = Vault::unlock(lock, &passphrase, Arc::new(SystemClock))?;
    for entry in vault.verify_unverified_backups()? {
        if !json {
            let outcome = match entry.check_outcome {
                BackupCheck::Ok => "verified with the key".to_string(),
                _ => entry.check_message.clone().unwrap_or_else(|| "not verified".into()),
            };
            eprintln!("Backup {}: {outcome}", entry.path);
        }
    }
    Ok(vault)
}

fn verify(file: &Path, full: bool, json: bool) -> Result<(), Failure> {
    let info = restore::inspect(file)?;
    let mut contents = None;
    if full {
        let secret = read_backup_secret()?;
        let scratch = std::env::temp_dir().join(format!(".rapport-verify-{}", std::process::id()));
        let staged = restore::stage(file, &secret, &scratch, &SystemClock);
        let _ = std::fs::remove_dir_all(&scratch);
        contents = Some(staged?.contents.clone());
    }
    if json {
        println!("{}", json!({"ok": true, "backup": info, "full": full, "contents": contents}));
    } else {
        println!("Backup:          {}", info.path);
        println!("Made:            {}", info.created_at);
        println!("By:              Rapport {} (schema {})", info.app_version, info.schema_version);
        println!(
            "Vault:           {}{}",
            info.vault_id,
            if info.sample { " (sample)" } else { "" }
        );
        println!("Size:            {}", human_size(info.size));
        println!("Structure:       ok (header and contents match their checksums)");
        match &contents {
            Some(c) => {
                println!("Opened with key: ok (every page read and checked)");
                if let Some(newest) = &c.newest_record_at {
                    println!("Newest record:   {newest}");
                }
                println!("Records:");
                for count in &c.counts {
                    println!("  {:<22} {}", count.kind, count.count);
                }
            }
            None => println!("Run with --full and the passphrase to check everything inside."),
        }
    }
    Ok(())
}

fn restore(file: &Path, dir: VaultDir, json: bool) -> Result<(), Failure> {
    // Refuse a damaged file, or a folder already holding a vault, before asking for anything.
    restore::inspect(file)?;
    dir.require_empty()?;
    let secret = read_backup_secret()?;
    let restore::Restored { info, contents } =
        restore::restore_into(file, &secret, &dir, &SystemClock)?;
    let root = dir.root().display().to_string();
    if json {
        println!("{}", json!({"ok": true, "vault": root, "backup": info, "contents": contents}));
    } else {
        println!("Restored the backup made {} into {root}.", info.created_at);
        let clients = contents.counts.iter().find(|c| c.kind == "clients").map_or(0, |c| c.count);
        println!(
            "It holds {clients} client records; `rapport-cli --vault {root} check` reads it all."
        );
    }
    Ok(())
}

/// A passphrase, or a recovery key followed by a new passphrase (on the next line, or asked).
fn read_backup_secret() -> Result<restore::Secret, Failure> {
    let first = read_passphrase("Passphrase of the backup's day (or the recovery key): ", false)?;
    if RecoveryKey::parse(first.expose_secret()).is_ok() {
        let new = read_passphrase("New passphrase for the restored vault: ", true)?;
        return Ok(restore::Secret::RecoveryKey { recovery_key: first, new_passphrase: new });
    }
    Ok(restore::Secret::Passphrase { passphrase: first })
}

fn human_size(bytes: u64) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if mib >= 1.0 { format!("{mib:.1} MB") } else { format!("{} KB", bytes.div_ceil(1024)) }
}

fn draft(
    dir: VaultDir,
    client: ClientId,
    note: NoteId,
    from: &Path,
    json: bool,
) -> Result<(), Failure> {
    let text = std::fs::read_to_string(from)
        .map_err(|e| usage(format!("could not read {}: {e}", from.display())))?;
    let input: NoteInput = serde_json::from_str(&text)
        .map_err(|e| usage(format!("{} is not a note's fields in JSON: {e}", from.display())))?;
    dir.require_vault()?;
    let lock = DirLock::acquire(dir)?;
    let mut vault = unlock(&lock, json)?;
    let result = vault.save_note_draft(client, note, &input, None);
    vault.lock(false)?;
    let saved = result?;
    if json {
        println!(
            "{}",
            json!({"ok": true, "revision": saved.revision, "saved_at": saved.updated_at})
        );
    } else {
        println!("Saved the draft of note {note} (revision {}).", saved.revision);
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DocumentKind {
    Summary,
    SafetyPlan,
    Formulation,
    Progress,
    /// The full client record, for a records request or a hand-over.
    Record,
}

/// Writes `bytes` to a new file readable only by its owner; an existing file is never
/// overwritten.
fn write_new(out: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(out).and_then(|mut f| {
        use std::io::Write;
        f.write_all(bytes)?;
        f.sync_all()
    });
    written.map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::AlreadyExists {
            "it exists already; nothing was overwritten".to_string()
        } else {
            e.to_string()
        };
        Failure {
            code: ErrorCode::Io,
            message: format!("could not write {}: {why}", out.display()),
            exit: 1,
            problems: Vec::new(),
        }
    })
}

/// Claims the vault for a command that writes `out`, which must not exist yet: an existing
/// file is never overwritten, and that is said before the passphrase is asked for.
fn open_for_new_file(dir: VaultDir, out: &Path) -> Result<DirLock, Failure> {
    dir.require_vault()?;
    if out.exists() {
        return Err(Failure {
            code: ErrorCode::Io,
            message: format!("{} exists already; nothing was overwritten", out.display()),
            exit: 1,
            problems: Vec::new(),
        });
    }
    Ok(DirLock::acquire(dir)?)
}

fn document(
    dir: VaultDir,
    client: ClientId,
    kind: DocumentKind,
    course: Option<CourseId>,
    out: &Path,
    json: bool,
) -> Result<(), Failure> {
    let lock = open_for_new_file(dir, out)?;
    let mut vault = unlock(&lock, json)?;
    // Written while the vault is open, so the audit trail can say so once it is.
    let written = make_document(&mut vault, client, kind, course).and_then(|made| {
        let (pages, title, name) = (made.typeset.pages(), made.title.clone(), made.audit_name);
        write_new(out, &made.typeset.into_pdf())?;
        vault.note_document(client, name, rapport_core::DocumentOutput::Saved)?;
        Ok((pages, title))
    });
    vault.lock(false)?;
    let (pages, title) = written?;
    if json {
        println!(
            "{}",
            json!({"ok": true, "path": out.display().to_string(), "pages": pages, "encrypted": false})
        );
    } else {
        println!("Wrote {} ({pages} pages): {title}", out.display());
        println!("The PDF is not encrypted: keep it on an encrypted disk and delete it when done.");
    }
    Ok(())
}

fn import(dir: VaultDir, file: &Path, json: bool) -> Result<(), Failure> {
    dir.require_vault()?;
    let unreadable = || Error::io(format!("could not read {}", file.display()));
    let size = std::fs::metadata(file).map_err(unreadable())?.len();
    if size > rapport_core::IMPORT_FILE_LIMIT {
        return Err(Error::invalid(
            "file",
            format!(
                "{} is {} MB; an export to import can be at most {} MB",
                file.display(),
                size >> 20,
                rapport_core::IMPORT_FILE_LIMIT >> 20
            ),
        )
        .into());
    }
    let bytes = std::fs::read(file).map_err(unreadable())?;
    let lock = DirLock::acquire(dir)?;
    let mut vault = unlock(&lock, json)?;
    let done = (|| {
        let passphrase = if rapport_core::is_sealed(&bytes) {
            Some(read_passphrase("Passphrase of the export (not the vault's): ", false)?)
        } else {
            None
        };
        let import = ImportFile::read(&bytes, passphrase.as_ref())?;
        let preview = vault.inspect_import(&import)?;
        if !preview.problems.is_empty() {
            let n = preview.problems.len() as u64 + preview.more_problems;
            let more = if preview.more_problems > 0 {
                format!(" ({} more not listed)", preview.more_problems)
            } else {
                String::new()
            };
            return Err(Failure {
                code: ErrorCode::Invalid,
                message: format!(
                    "nothing was imported: {} has {n} problem{}{more}",
                    file.display(),
                    if n == 1 { "" } else { "s" }
                ),
                exit: 2,
                problems: preview.problems,
            });
        }
        let outcome = vault.import(&import, &mut |_| {})?;
        Ok((preview, outcome))
    })();
    vault.lock(false)?;
    let (preview, outcome) = done?;
    if json {
        println!(
            "{}",
            json!({"ok": true, "clients": outcome.clients, "records": outcome.records,
                   "similar": preview.clients.iter().map(|c| &c.similar).collect::<Vec<_>>()})
        );
    } else {
        for (c, id) in preview.clients.iter().zip(&outcome.clients) {
            println!("Imported {} as client {id}.", c.full_name);
            if !c.similar.is_empty() {
                println!(
                    "  Note: the vault also holds {}; check that this is not the same person.",
                    c.similar.join(", ")
                );
            }
        }
        println!("{} records in all.", outcome.records);
    }
    Ok(())
}

fn export(
    dir: VaultDir,
    client: Option<ClientId>,
    process_notes: bool,
    encrypt: bool,
    out: &Path,
    json: bool,
) -> Result<(), Failure> {
    let lock = open_for_new_file(dir, out)?;
    let mut vault = unlock(&lock, json)?;
    let scope = client.map_or(ExportScope::Practice, ExportScope::Client);
    let written = (|| -> Result<(usize, usize), Failure> {
        let passphrase = if encrypt {
            let p = read_passphrase("Passphrase for the export (not the vault's): ", true)?;
            rapport_core::check_export_passphrase(&p)?;
            Some(p)
        } else {
            None
        };
        let doc = vault.export_document(scope, process_notes)?;
        let clients = doc["clients"].as_array().map_or(0, Vec::len);
        let bytes = rapport_core::export_file(&doc, passphrase.as_ref())?;
        write_new(out, &bytes)?;
        Ok((clients, bytes.len()))
    })();
    vault.lock(false)?;
    let (clients, size) = written?;
    if json {
        println!(
            "{}",
            json!({"ok": true, "path": out.display().to_string(), "clients": clients,
                   "bytes": size, "encrypted": encrypt, "process_notes": process_notes})
        );
    } else {
        let what = if clients == 1 { "1 client".to_string() } else { format!("{clients} clients") };
        println!("Wrote {} ({what}, {size} bytes).", out.display());
        if encrypt {
            println!("It is encrypted with its own passphrase; `age -d` opens it without Rapport.");
        } else {
            println!(
                "It is NOT encrypted: anyone who has the file can read every record in it. Keep \
                 it on an encrypted disk and delete it when done."
            );
        }
        if process_notes {
            println!("It includes private process notes, each marked private.");
        }
    }
    Ok(())
}

fn make_document(
    vault: &mut Vault,
    client: ClientId,
    kind: DocumentKind,
    course: Option<CourseId>,
) -> Result<rapport_documents::Composed, Failure> {
    let request = match kind {
        DocumentKind::SafetyPlan => DocumentRequest::SafetyPlan,
        DocumentKind::Formulation => DocumentRequest::Formulation,
        DocumentKind::Record => DocumentRequest::FullRecord,
        DocumentKind::Summary => {
            let states = vault.conclusion_summaries(client)?;
            let chosen = states
                .iter()
                .find(|s| s.summary_id.is_some() && course.is_none_or(|c| c == s.course_id));
            let Some(summary_id) = chosen.and_then(|s| s.summary_id) else {
                let which = course.map_or_else(|| "any course".into(), |c| format!("course {c}"));
                return Err(Error::Conflict {
                    reason: format!(
                        "no conclusion summary has been started for {which} of this client"
                    ),
                }
                .into());
            };
            DocumentRequest::ConclusionSummary { summary_id }
        }
        DocumentKind::Progress => {
            let record = vault.client_record(client)?;
            let course_id = match course {
                Some(c) => c,
                None => record.courses.first().map(|c| c.id).ok_or_else(|| {
                    Failure::from(Error::Conflict {
                        reason: "this client has no course to report on".into(),
                    })
                })?,
            };
            DocumentRequest::ProgressReport {
                course_id,
                sections: ProgressSections::default(),
                covering_note: None,
            }
        }
    };
    Ok(rapport_documents::compose(vault, client, &request)?)
}

fn clients(dir: VaultDir, json: bool) -> Result<(), Failure> {
    dir.require_vault()?;
    let lock = DirLock::acquire(dir)?;
    let vault = unlock(&lock, json)?;
    let listing = vault.client_directory();
    vault.lock(false)?;
    let listing = listing?;
    if json {
        println!("{}", json!({"ok": true, "clients": listing}));
        return Ok(());
    }
    for c in &listing {
        let preferred = match &c.preferred_name {
            Some(p) if *p != c.full_name => format!(" ({p})"),
            _ => String::new(),
        };
        println!(
            "{:>5}  {}{preferred}  [{}, {}]",
            c.id.0,
            c.full_name,
            words(&c.status),
            words(&c.condition_group)
        );
        for course in &c.courses {
            let ended = course.ended_on.as_deref().map(|d| format!(" to {d}")).unwrap_or_default();
            println!(
                "         course {:>5}  {} from {}{ended}, {}; summary: {}",
                course.id.0,
                words(&course.kind),
                course.start_date,
                words(&course.status),
                words(&course.summary.stage)
            );
        }
    }
    if listing.is_empty() {
        println!("No clients yet.");
    }
    Ok(())
}

/// The stored (serde) name of a choice, in words: `ended_early` reads "ended early".
fn words<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

fn scores(dir: VaultDir, client: ClientId, out: &Path, json: bool) -> Result<(), Failure> {
    dir.require_vault()?;
    let lock = DirLock::acquire(dir)?;
    let mut vault = unlock(&lock, json)?;
    let record = vault.client_record(client);
    vault.lock(false)?;
    let record = record?;
    let bytes = measures::scores_csv(&record)?;
    write_new(out, &bytes)?;
    let rows = record.administrations.len();
    if json {
        println!(
            "{}",
            json!({"ok": true, "out": out, "administrations": rows, "encrypted": false})
        );
    } else {
        println!(
            "Wrote {rows} measures of client {client} to {}. The file is not encrypted.",
            out.display()
        );
    }
    Ok(())
}

fn demo(dir: VaultDir, spec: SampleSpec, json: bool) -> Result<(), Failure> {
    let lock = DirLock::acquire(dir)?;
    let started = std::time::Instant::now();
    let vault = sample_practice::create_vault(&lock, Arc::new(SystemClock), spec)?;
    let report = vault.record_counts()?;
    vault.lock(false)?;
    let root = lock.dir().root().display().to_string();
    if json {
        println!(
            "{}",
            json!({"ok": true, "vault": root, "clients": spec.clients, "seed": spec.seed,
                   "passphrase": SAMPLE_PASSPHRASE, "counts": report})
        );
    } else {
        println!(
            "Created a sample practice of {} fictional clients in {root} ({:.1} s).",
            spec.clients,
            started.elapsed().as_secs_f64()
        );
        println!("Its passphrase is: {}", SAMPLE_PASSPHRASE);
        println!("Everything in it is invented; keep real records in a vault of their own.");
    }
    Ok(())
}

fn init(dir: VaultDir, json: bool) -> Result<(), Failure> {
    let lock = DirLock::acquire(dir)?;
    let passphrase = read_passphrase("New passphrase: ", true)?;
    let created = Vault::create(&lock, &passphrase, Arc::new(SystemClock))?;
    let key = created.recovery_key.display();
    let root = lock.dir().root().display().to_string();
    if json {
        println!(
            "{}",
            json!({"ok": true, "vault": root, "vault_id": created.vault.vault_id(),
                   "recovery_key": key.as_str()})
        );
    } else {
        println!("Created a vault in {root}");
        println!();
        println!("Recovery key: {}", key.as_str());
        println!();
        println!("This key opens the vault if the passphrase is forgotten. It is shown only now:");
        println!(
            "write it down or print it, and keep it somewhere safe, apart from this computer."
        );
    }
    created.vault.lock(false)?;
    Ok(())
}

fn check(dir: VaultDir, json: bool) -> Result<(), Failure> {
    // Refuse a non-vault before asking for a passphrase.
    dir.require_vault()?;
    let lock = DirLock::acquire(dir)?;
    let mut vault = unlock(&lock, json)?;
    let report = vault.check()?;
    vault.lock(false)?;
    if json {
        println!("{}", json!({"ok": report.ok, "report": report}));
    } else {
        println!("Vault:           {}", lock.dir().root().display());
        println!("Schema version:  {}", report.schema_version);
        println!("Integrity:       {}", report.integrity.join("; "));
        println!(
            "Encryption MACs: {}",
            if report.cipher_integrity.is_empty() {
                "ok".to_string()
            } else {
                report.cipher_integrity.join("; ")
            }
        );
        println!("Audit chain:     {}", if report.audit_chain_ok { "ok" } else { "BROKEN" });
        println!("Records:");
        for c in &report.counts {
            println!("  {:<16} {}", c.kind, c.count);
        }
    }
    if report.ok {
        Ok(())
    } else {
        Err(Failure {
            code: ErrorCode::Damaged,
            message: "the vault failed its integrity checks; restore from a backup".into(),
            exit: 4,
            problems: Vec::new(),
        })
    }
}

/// First line of standard input when it is not a terminal, else a hidden prompt (asked twice
/// for a new passphrase).
fn read_passphrase(prompt: &str, confirm: bool) -> Result<SecretString, Failure> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(|e| {
            usage(format!("could not read the passphrase from standard input: {e}"))
        })?;
        let trimmed = line.trim_end_matches(['\r', '\n']).to_string();
        zeroize::Zeroize::zeroize(&mut line);
        if trimmed.is_empty() {
            return Err(usage("no passphrase on standard input"));
        }
        return Ok(SecretString::from(trimmed));
    }
    let first = rpassword::prompt_password(prompt)
        .map_err(|e| usage(format!("could not read the passphrase: {e}")))?;
    if confirm {
        let again = rpassword::prompt_password("Repeat it: ")
            .map_err(|e| usage(format!("could not read the passphrase: {e}")))?;
        if again != first {
            return Err(usage("the two passphrases differ"));
        }
    }
    Ok(SecretString::from(first))
}
