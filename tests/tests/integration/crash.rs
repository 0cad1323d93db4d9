//! A draft survives a process killed mid-typing. The test runs itself again as a child process
//! that types into a draft through the core (a note's narrative, or the turns of a
//! communication analysis, one turn a burst), saving after every few words as the app does and
//! printing `ACK <length>` once each save has committed. The parent kills the child with SIGKILL
//! at seeded random moments, reopens the vault, and checks that the draft holds everything
//! acknowledged, that both integrity checks pass and that the audit chain verifies.

use rapport_core::Edit;
use rapport_core::SessionFormat;
use rapport_core::SystemClock;
use rapport_core::{Attendance, CourseInput, SessionInput};
use rapport_core::{Caret, NoteInput};
use rapport_core::{ClientId, NoteId, WorksheetId};
use rapport_core::{ClientInput, ClientStatus};
use rapport_core::{
    CommunicationAnalysis, Speaker, Turn, WorksheetContent, WorksheetInput, WorksheetKind,
    WorksheetStart,
};
use rapport_core::{DirLock, Vault, VaultDir};
use rapport_tests::*;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const CHILD_DIR: &str = "RAPPORT_CRASH_CHILD_DIR";
const CHILD_CLIENT: &str = "RAPPORT_CRASH_CHILD_CLIENT";
const CHILD_NOTE: &str = "RAPPORT_CRASH_CHILD_NOTE";
const CHILD_ROUND: &str = "RAPPORT_CRASH_CHILD_ROUND";
const CHILD_WORKSHEET: &str = "RAPPORT_CRASH_CHILD_WORKSHEET";
/// Rounds typed into notes, then rounds typed into worksheets.
const ROUNDS: u64 = 8;
const WORKSHEET_ROUNDS: u64 = 4;

/// What the child types into.
#[derive(Clone, Copy)]
enum Draft {
    Note(NoteId),
    Worksheet(WorksheetId),
}

/// What the child types in `round`, as its `i`th burst of words.
fn burst(round: u64, i: u64) -> String {
    format!("r{round}w{i} moved closer to her sister; ")
}

/// The child's side. Run by the parent below with the environment set; when run as an ordinary
/// test (without it) there is nothing to do.
#[test]
fn child_typing_into_a_draft() {
    let Ok(dir) = std::env::var(CHILD_DIR) else { return };
    let client = ClientId(std::env::var(CHILD_CLIENT).unwrap().parse().unwrap());
    let draft = match std::env::var(CHILD_WORKSHEET) {
        Ok(id) => Draft::Worksheet(WorksheetId(id.parse().unwrap())),
        Err(_) => Draft::Note(NoteId(std::env::var(CHILD_NOTE).unwrap().parse().unwrap())),
    };
    let round: u64 = std::env::var(CHILD_ROUND).unwrap().parse().unwrap();
    let lock = DirLock::acquire(VaultDir::new(dir)).unwrap();
    let mut vault = Vault::unlock(&lock, &secret(PASSPHRASE), Arc::new(SystemClock)).unwrap();
    let mut text = current_text(&mut vault, client, draft);
    let mut turns = match draft {
        Draft::Worksheet(id) => analysis_of(&mut vault, client, id).turns,
        Draft::Note(_) => Vec::new(),
    };
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let words = burst(round, i);
        text.push_str(&words);
        match draft {
            Draft::Note(note) => {
                let input = NoteInput { narrative: Some(text.clone()), ..NoteInput::default() };
                let caret =
                    Caret { field: "narrative".into(), offset: text.chars().count() as i64 };
                vault.save_note_draft(client, note, &input, Some(&caret)).unwrap();
            }
            Draft::Worksheet(id) => {
                // A new turn a burst, as the exchange is typed while the client recounts it.
                let key = turns.len() as u32 + 1;
                let speaker = if key % 2 == 1 { Speaker::Client } else { Speaker::Other };
                turns.push(Turn { key, speaker, words, tone: None, non_verbal: None });
                let content = CommunicationAnalysis { turns: turns.clone(), ..Default::default() };
                let input = WorksheetInput::new(WorksheetContent::CommunicationAnalysis(content));
                let caret = Caret { field: format!("turn-{key}"), offset: 0 };
                vault.save_worksheet_draft(client, id, &input, Some(&caret)).unwrap();
            }
        }
        writeln!(out, "ACK {}", text.len()).unwrap();
        out.flush().unwrap();
    }
}

fn analysis_of(vault: &mut Vault, client: ClientId, id: WorksheetId) -> CommunicationAnalysis {
    match vault.worksheet(client, id).unwrap().fields.content {
        WorksheetContent::CommunicationAnalysis(c) => c,
        other => panic!("expected a communication analysis, got {other:?}"),
    }
}

fn current_text(vault: &mut Vault, client: ClientId, draft: Draft) -> String {
    match draft {
        Draft::Note(note) => {
            let record = vault.client_record(client).unwrap();
            let session = record.notes.iter().find(|n| n.id == note).unwrap().session_id;
            let view = vault.note_of_session(client, session).unwrap();
            // Saving trims the end; the next burst starts after one space, as a person would
            // type it.
            view.note.fields.narrative.map(|t| t + " ").unwrap_or_default()
        }
        // Each turn is one burst, stored trimmed: the burst's closing space comes back here.
        Draft::Worksheet(id) => {
            analysis_of(vault, client, id).turns.iter().map(|t| format!("{} ", t.words)).collect()
        }
    }
}

/// A small seeded generator for the kill moments (xorshift64*), so a failure can be replayed.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn a_killed_process_loses_nothing_it_acknowledged() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let record = v.create_client(&ClientInput::named("Kit Mercer"), ClientStatus::Active).unwrap();
    let client = record.client.id;
    v.edit_client(client, &Edit::AddCourse { course: CourseInput::starting("2026-01-05") })
        .unwrap();
    // One draft a round (a note, later a worksheet), each typed from empty, so no round runs into
    // the length limit.
    let course_id = v.client_record(client).unwrap().courses[0].id;
    let mut drafts = Vec::new();
    for round in 0..ROUNDS {
        let day =
            chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Days::new(round * 7);
        let session = SessionInput {
            held_on: day.to_string(),
            start_time: Some("10:00".into()),
            duration_minutes: Some(50),
            format: SessionFormat::InPerson,
            attendance: Attendance::Attended,
        };
        let record = v.edit_client(client, &Edit::AddSession { course_id, session }).unwrap();
        let session = record.courses[0].sessions.last().unwrap().id;
        drafts.push(Draft::Note(v.start_note(client, Some(session)).unwrap().note.id));
    }
    for _ in 0..WORKSHEET_ROUNDS {
        let start = WorksheetStart {
            kind: WorksheetKind::CommunicationAnalysis,
            person_id: None,
            session_id: None,
        };
        drafts.push(Draft::Worksheet(v.start_worksheet(client, &start).unwrap().id));
    }
    v.lock(false).unwrap();

    let mut rng = Seeded(0x5EED_2026);
    let exe = std::env::current_exe().unwrap();
    for (round, draft) in (0..ROUNDS + WORKSHEET_ROUNDS).zip(drafts) {
        let before = {
            let mut v = t.unlock(PASSPHRASE).unwrap();
            let text = current_text(&mut v, client, draft);
            v.lock(false).unwrap();
            text
        };
        let mut command = Command::new(&exe);
        command
            .args(["--exact", &test_path(module_path!(), "child_typing_into_a_draft")])
            .args(["--nocapture", "--test-threads=1"])
            .env(CHILD_DIR, t.root())
            .env(CHILD_CLIENT, client.to_string())
            .env(CHILD_ROUND, round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        match draft {
            Draft::Note(note) => command.env(CHILD_NOTE, note.to_string()),
            Draft::Worksheet(id) => command.env(CHILD_WORKSHEET, id.to_string()),
        };
        let mut child = command.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<usize>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // The test harness may start the first line with its own words.
                if let Some(at) = line.find("ACK ") {
                    let _ = tx.send(line[at + 4..].trim().parse().unwrap());
                }
            }
        });
        // Wait for the first acknowledgement (the child is typing), then kill it at a random
        // moment up to half a second later.
        let first = rx.recv_timeout(Duration::from_secs(60)).expect("the child acknowledged");
        std::thread::sleep(Duration::from_millis(rng.next() % 500));
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let acked: Vec<usize> = std::iter::once(first).chain(rx.try_iter()).collect();
        let last = *acked.last().unwrap();

        let typed: String = (0..acked.len() as u64).map(|i| burst(round, i)).collect();
        let expected = format!("{before}{typed}");
        assert_eq!(expected.len(), last, "round {round}: the parent follows the child's typing");
        let mut v = t.unlock(PASSPHRASE).unwrap();
        let stored = current_text(&mut v, client, draft);
        assert!(
            stored.len() >= last,
            "round {round}: {} bytes stored, {last} acknowledged",
            stored.len()
        );
        assert!(
            stored.starts_with(expected.trim_end()),
            "round {round}: the draft holds everything acknowledged"
        );
        assert!(
            stored.len() <= last + burst(round, acked.len() as u64).len() + 1,
            "round {round}: at most one unacknowledged save more"
        );
        let report = v.check().unwrap();
        assert!(report.ok, "round {round}: {report:?}");
        assert!(report.audit_chain_ok);
        v.lock(false).unwrap();
        eprintln!("round {round}: killed after {} saves, {last} bytes", acked.len());
    }
}
