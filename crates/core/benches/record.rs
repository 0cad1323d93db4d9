//! The client record at a whole career's scale: a sample practice of 2,000 clients (about
//! 80,000 rows across the record tables), then the two reads every screen depends on: the
//! client list with each client's session count, phase and next appointment, and one client's
//! whole record. Also one typical edit (adding a person), which writes, audits and re-reads.
//! The same practice holds about 20,000 session notes, so the note paths are measured on it
//! too: an autosave of a long draft, opening a note, the Today view and search; the measures;
//! the worksheets (an autosave of a long exchange, the lists and the pattern); and backups of
//! the whole practice.

use criterion::{Criterion, criterion_group, criterion_main};
use rapport_core::{
    BackupReason, BackupRunner, ClientId, CommunicationAnalysis, DirLock, Edit, NewPerson,
    NoteInput, OutcomesFilter, RelationshipType, SampleSpec, SearchQuery, Speaker, SystemClock,
    Turn, VaultDir, VaultLoan, WorksheetContent, WorksheetInput, WorksheetKind, WorksheetStart,
    back_up_without_key, restore, sample_practice,
};
use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CLIENTS: usize = 2_000;

fn record(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let lock = DirLock::acquire(VaultDir::new(tmp.path().join("vault"))).unwrap();
    let started = Instant::now();
    let mut vault = sample_practice::create_vault(
        &lock,
        Arc::new(SystemClock),
        SampleSpec { clients: CLIENTS, seed: 1 },
    )
    .unwrap();
    let counts = vault.record_counts().unwrap();
    let rows: u64 = counts.iter().map(|c| c.count).sum();
    eprintln!(
        "generated {CLIENTS} clients ({rows} rows) in {:.1} s; vault.db is {:.1} MiB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(tmp.path().join("vault").join("vault.db")).unwrap().len() as f64
            / 1048576.0
    );
    let busy = vault
        .list_clients()
        .unwrap()
        .into_iter()
        .max_by_key(|c| c.progress.as_ref().map_or(0, |p| p.held))
        .unwrap()
        .id;

    let mut group = c.benchmark_group("record");
    group.sample_size(20).measurement_time(Duration::from_secs(10));
    group.bench_function(format!("list_clients ({CLIENTS} clients)"), |b| {
        b.iter(|| vault.list_clients().unwrap().len())
    });
    group.bench_function("client_record (busiest client, audited)", |b| {
        b.iter(|| vault.client_record(busy).unwrap().people.len())
    });
    let mut n = 0;
    group.bench_function("edit_client: add a person (write + audit + re-read)", |b| {
        b.iter(|| {
            n += 1;
            let person = NewPerson {
                name: format!("Person {n}"),
                relationship_type: RelationshipType::Friend,
                deceased: false,
                ring: 2,
            };
            vault.edit_client(ClientId(1), &Edit::AddPerson { person }).unwrap().people.len()
        })
    });
    group.finish();

    // A draft left unsigned in the practice, autosaved at about 4,000 characters.
    let waiting = vault.today().unwrap().unsigned[0].clone();
    let (writer, draft) = (waiting.client_id, waiting.note_id);
    let long = "She described the argument again, more slowly this time. ".repeat(70);
    let mut notes = c.benchmark_group("notes");
    notes.sample_size(20).measurement_time(Duration::from_secs(10));
    let mut typed = 0;
    notes.bench_function("save_note_draft (4,000 characters, re-indexed, full sync)", |b| {
        b.iter(|| {
            typed += 1;
            let input =
                NoteInput { narrative: Some(format!("{long} {typed}")), ..NoteInput::default() };
            vault.save_note_draft(writer, draft, &input, None).unwrap().revision
        })
    });
    let session = vault.client_record(busy).unwrap().notes[0].session_id;
    notes.bench_function("open a note (audited)", |b| {
        b.iter(|| vault.note_of_session(busy, session).unwrap().note.id)
    });
    notes.bench_function("today (whole practice)", |b| {
        b.iter(|| vault.today().unwrap().appointments.len())
    });
    let query = |text: &str| SearchQuery { text: text.into(), ..SearchQuery::default() };
    let found = vault.search(&SearchQuery { limit: Some(100), ..query("sister") }).unwrap();
    eprintln!("\"sister\": {} results shown, more: {}", found.hits.len(), found.more);
    notes.bench_function("search: a common word (first 50 of thousands)", |b| {
        b.iter(|| vault.search(&query("sister")).unwrap().hits.len())
    });
    notes.bench_function("search: two words as typed (\"arg ho\")", |b| {
        b.iter(|| vault.search(&query("arg ho")).unwrap().hits.len())
    });
    notes.bench_function("search: a surname (one client)", |b| {
        b.iter(|| vault.search(&query("Kettering")).unwrap().hits.len())
    });
    notes.bench_function("search: a word in nearly every note (first 50 of ~20,000)", |b| {
        b.iter(|| vault.search(&query("session")).unwrap().hits.len())
    });
    notes.bench_function("search: one client's record", |b| {
        b.iter(|| {
            vault
                .search(&SearchQuery { client_id: Some(busy), ..query("session") })
                .unwrap()
                .hits
                .len()
        })
    });
    notes.finish();

    // Measures: the record of the client with the most forms (each course's charts, goal and
    // contact tracks and outcomes built on every read), and the outcomes across the practice,
    // which score every form of every ended course.
    let mut forms = std::collections::HashMap::new();
    for c in vault.list_clients().unwrap() {
        let n = vault.administrations(c.id).unwrap().len();
        forms.insert(c.id, n);
    }
    let (most, most_forms) = forms.into_iter().max_by_key(|(_, n)| *n).unwrap();
    let filter = OutcomesFilter { include_ended_early: true, year: None };
    let across = vault.practice_outcomes(&filter).unwrap();
    eprintln!(
        "measures: {} forms for the busiest client; {} ended courses counted",
        most_forms,
        across.concluded + across.ended_early
    );
    let mut measures = c.benchmark_group("measures");
    measures.sample_size(20).measurement_time(Duration::from_secs(10));
    measures.bench_function("client_record (most forms: charts, tracks, outcomes)", |b| {
        b.iter(|| vault.client_record(most).unwrap().measures.len())
    });
    measures.bench_function("practice_outcomes (every ended course, every form scored)", |b| {
        b.iter(|| vault.practice_outcomes(&filter).unwrap().groups.len())
    });
    measures.finish();

    // Worksheets, typed while the client talks: the autosave of a communication analysis whose
    // exchange has grown to 60 turns, opening a worksheet, a client's worksheets with the
    // counts across the course, the pattern for one person, and a note that asks for
    // follow-ups (each note view now gathers its session's worksheets and the prompts).
    let mut most_sheets = (busy, 0);
    for c in vault.list_clients().unwrap() {
        let n = vault.client_worksheets(c.id).unwrap().worksheets.len();
        if n > most_sheets.1 {
            most_sheets = (c.id, n);
        }
    }
    let (sheets_client, sheet_count) = most_sheets;
    let overview = vault.client_worksheets(sheets_client).unwrap();
    let first = overview.worksheets[0].clone();
    let person = first.person_id.expect("the sample's analyses are about someone");
    let start = WorksheetStart {
        kind: WorksheetKind::CommunicationAnalysis,
        person_id: Some(person),
        session_id: None,
    };
    let draft = vault.start_worksheet(sheets_client, &start).unwrap().id;
    let turns: Vec<Turn> = (1..=60u32)
        .map(|key| Turn {
            key,
            speaker: if key % 2 == 1 { Speaker::Client } else { Speaker::Other },
            words: "You said you would call, and then the evening went by without a word.".into(),
            tone: Some("tired".into()),
            non_verbal: None,
        })
        .collect();
    let note_session = vault
        .client_record(sheets_client)
        .unwrap()
        .notes
        .last()
        .map(|n| n.session_id)
        .expect("the client has notes");
    let prompts = vault.note_of_session(sheets_client, note_session).unwrap().follow_ups.len();
    eprintln!(
        "worksheets: {sheet_count} for the client with the most; {prompts} follow-ups asked in \
         their latest note"
    );
    let mut sheets = c.benchmark_group("worksheets");
    sheets.sample_size(20).measurement_time(Duration::from_secs(10));
    let mut typed = 0;
    sheets.bench_function("save_worksheet_draft (60 turns, re-indexed, full sync)", |b| {
        b.iter(|| {
            typed += 1;
            let mut exchange = turns.clone();
            exchange[59].words = format!("And then nothing more was said {typed}");
            let content = CommunicationAnalysis { turns: exchange, ..Default::default() };
            let input = WorksheetInput {
                person_id: Some(person),
                ..WorksheetInput::new(WorksheetContent::CommunicationAnalysis(content))
            };
            vault.save_worksheet_draft(sheets_client, draft, &input, None).unwrap().revision
        })
    });
    sheets.bench_function("open a worksheet (audited)", |b| {
        b.iter(|| vault.worksheet(sheets_client, first.id).unwrap().revision)
    });
    sheets.bench_function("client_worksheets (list, counts, role plays)", |b| {
        b.iter(|| vault.client_worksheets(sheets_client).unwrap().worksheets.len())
    });
    sheets.bench_function("person_worksheets (the pattern for one person)", |b| {
        b.iter(|| vault.person_worksheets(sheets_client, person).unwrap().problems.len())
    });
    sheets.bench_function("open a note with its worksheets and follow-ups (audited)", |b| {
        b.iter(|| vault.note_of_session(sheets_client, note_session).unwrap().follow_ups.len())
    });
    sheets.finish();

    transfer(c, &mut vault, tmp.path());

    // Backups of the same practice: the part that holds the vault (the snapshot), the whole
    // backup, the checks a restore makes before asking for a passphrase, and "verify again".
    let folder = tmp.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let mut backups = c.benchmark_group("backup");
    backups.sample_size(10).measurement_time(Duration::from_secs(40));
    backups.bench_function("the vault held during one backup (snapshot and listing)", |b| {
        b.iter_custom(|iterations| {
            let loan = Timed { vault: RefCell::new(&mut vault), held: Cell::new(Duration::ZERO) };
            let runner = BackupRunner::default();
            for _ in 0..iterations {
                runner.back_up(&loan, &folder, BackupReason::Manual, &mut |_| {}).unwrap();
            }
            loan.held.get()
        })
    });
    backups.bench_function("whole backup: snapshot, check every page, write, read back", |b| {
        b.iter(|| vault.back_up(&folder, BackupReason::Manual, &mut |_| {}).unwrap())
    });
    let entry = vault.back_up(&folder, BackupReason::Manual, &mut |_| {}).unwrap();
    eprintln!("one backup file is {:.1} MiB", entry.size as f64 / 1048576.0);
    backups.bench_function("checks before the passphrase (structure, both checksums)", |b| {
        b.iter(|| restore::inspect(std::path::Path::new(&entry.path)).unwrap())
    });
    backups.bench_function("verify again (unpack, every page, counts)", |b| {
        b.iter(|| vault.verify_backup(entry.id).unwrap())
    });

    // With the vault closed: a backup made without the key (what a scheduled job makes) and,
    // in the same run, a plain copy of the same files flushed to disk, the floor any backup
    // stands on. Each file is removed after it is timed.
    vault.lock(false).unwrap();
    let root = tmp.path().join("vault");
    backups.bench_function("without the key: copy, checksums, write, read back", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                let started = Instant::now();
                let made = back_up_without_key(&lock, &folder, &SystemClock).unwrap();
                spent += started.elapsed();
                std::fs::remove_file(folder.join(&made.file_name)).unwrap();
            }
            spent
        })
    });
    backups.bench_function("plain copy of the vault's files, flushed (cp and sync)", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                let started = Instant::now();
                let copy = folder.join("plain");
                std::fs::create_dir(&copy).unwrap();
                for name in ["vault.db", "vault.keys"] {
                    std::fs::copy(root.join(name), copy.join(name)).unwrap();
                    std::fs::File::open(copy.join(name)).unwrap().sync_all().unwrap();
                }
                std::fs::File::open(&copy).unwrap().sync_all().unwrap();
                spent += started.elapsed();
                std::fs::remove_dir_all(&copy).unwrap();
            }
            spent
        })
    });
    backups.finish();
}

/// The portable export of the whole practice and its import into an empty vault, step by
/// step: reading every record into the document, writing it as JSON, encrypting it (age,
/// scrypt), reading it back, checking it against a vault, and writing it into a new one.
fn transfer(c: &mut Criterion, vault: &mut rapport_core::Vault, dir: &std::path::Path) {
    use rapport_core::{ExportScope, ImportFile, KdfCost, SecretString, Vault, export_file};
    let doc = vault.export_document(ExportScope::Practice, false).unwrap();
    let plain = export_file(&doc, None).unwrap();
    let pass = SecretString::from("a long export passphrase".to_string());
    let sealed = export_file(&doc, Some(&pass)).unwrap();
    eprintln!(
        "the practice export is {:.1} MiB as JSON, {:.1} MiB encrypted",
        plain.len() as f64 / 1048576.0,
        sealed.len() as f64 / 1048576.0
    );
    let empty = |n: usize| {
        let lock = DirLock::acquire(VaultDir::new(dir.join(format!("import-{n}")))).unwrap();
        let passphrase = SecretString::from("copper lantern orchard violet".to_string());
        let v = Vault::create_with(&lock, &passphrase, Arc::new(SystemClock), KdfCost::Minimum)
            .unwrap()
            .vault;
        (lock, v)
    };
    let mut group = c.benchmark_group("transfer");
    group.sample_size(10).measurement_time(Duration::from_secs(60));
    group
        .bench_function("export: every record of 2,000 clients into the document (audited)", |b| {
            b.iter(|| vault.export_document(ExportScope::Practice, false).unwrap())
        });
    group.bench_function("export: the document as indented JSON", |b| {
        b.iter(|| export_file(&doc, None).unwrap().len())
    });
    group.bench_function("export: the document as JSON, encrypted (age, scrypt)", |b| {
        b.iter(|| export_file(&doc, Some(&pass)).unwrap().len())
    });
    group.bench_function("import: decrypt and parse the encrypted file", |b| {
        b.iter(|| ImportFile::read(&sealed, Some(&pass)).unwrap())
    });
    let file = ImportFile::read(&plain, None).unwrap();
    let (_lock, probe) = empty(0);
    group.bench_function(
        "import: every check against an empty vault (schema, rules, links)",
        |b| {
            b.iter(|| {
                let preview = probe.inspect_import(&file).unwrap();
                assert!(preview.problems.is_empty(), "{:?}", &preview.problems[..1]);
                preview.records
            })
        },
    );
    drop(probe);
    let mut made = 0;
    group.bench_function("import: checks and writing 2,000 clients into an empty vault", |b| {
        b.iter_custom(|iterations| {
            let mut spent = Duration::ZERO;
            for _ in 0..iterations {
                made += 1;
                let (lock, mut target) = empty(made);
                let started = Instant::now();
                let outcome = target.import(&file, &mut |_| {}).unwrap();
                spent += started.elapsed();
                assert_eq!(outcome.clients.len(), CLIENTS);
                drop(target);
                drop(lock);
                std::fs::remove_dir_all(dir.join(format!("import-{made}"))).unwrap();
            }
            spent
        })
    });
    group.finish();
}

/// Lends the vault to the backup sequence and adds up how long it was held.
struct Timed<'a> {
    vault: RefCell<&'a mut rapport_core::Vault>,
    held: Cell<Duration>,
}

impl VaultLoan for Timed<'_> {
    fn with_vault<T>(
        &self,
        f: impl FnOnce(&mut rapport_core::Vault) -> rapport_core::Result<T>,
    ) -> rapport_core::Result<T> {
        let started = Instant::now();
        let result = f(&mut self.vault.borrow_mut());
        self.held.set(self.held.get() + started.elapsed());
        result
    }
}

criterion_group!(benches, record);
criterion_main!(benches);
