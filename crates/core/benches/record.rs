//! The client record at a whole career's scale: a sample practice of 2,000 clients (about
//! 80,000 rows across the record tables), then the two reads every screen depends on: the
//! client list with each client's session count, phase and next appointment, and one client's
//! whole record. Also one typical edit (adding a person), which writes, audits and re-reads.
//! The same practice holds about 20,000 session notes, so the note paths are measured on it
//! too: an autosave of a long draft, opening a note, the Today view and search; and backups of
//! the whole practice.

use criterion::{Criterion, criterion_group, criterion_main};
use rapport_core::{
    BackupReason, BackupRunner, ClientId, DirLock, Edit, NewPerson, NoteInput, OutcomesFilter,
    RelationshipType, SampleSpec, SearchQuery, SystemClock, VaultDir, VaultLoan,
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
