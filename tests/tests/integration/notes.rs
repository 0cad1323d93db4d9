//! Session notes, amendments, process notes, work-at-home tasks, search and the Today view through
//! the core's public API, and the schema's own guards behind them.

use rapport_core::Error;
use rapport_core::FormulationInput;
use rapport_core::NewPerson;
use rapport_core::SafetyPlanInput;
use rapport_core::Vault;
use rapport_core::{Attendance, CourseInput, Phase, SessionInput};
use rapport_core::{Caret, NoteInput, NoteSection, RiskAction, RiskLevel, Technique};
use rapport_core::{ClientId, NoteId, SessionId};
use rapport_core::{ClientInput, ClientStatus, SessionFormat};
use rapport_core::{ClientRecord, Edit};
use rapport_core::{ConclusionItem, RiskFlagKind};
use rapport_core::{GoalInput, ProblemArea};
use rapport_core::{SearchKind, SearchQuery};
use rapport_core::{TaskInput, TaskStatus};
use rapport_tests::*;

/// The test clock's today (see `rapport_tests::clock`).
const TODAY: &str = "2026-03-02";

fn vault() -> (TestVault, Vault) {
    let (t, created) = TestVault::create();
    (t, created.vault)
}

fn edit(v: &mut Vault, id: ClientId, e: Edit) -> rapport_core::Result<ClientRecord> {
    v.edit_client(id, &e)
}

fn session(day: &str, time: &str, attendance: Attendance) -> SessionInput {
    SessionInput {
        held_on: day.into(),
        start_time: Some(time.into()),
        duration_minutes: Some(50),
        format: SessionFormat::InPerson,
        attendance,
    }
}

/// A client in a 12-session course that started on 5 January.
fn client_in_course(v: &mut Vault, name: &str) -> ClientRecord {
    let record = v.create_client(&ClientInput::named(name), ClientStatus::Assessment).unwrap();
    let course = CourseInput { planned_sessions: 12, ..CourseInput::starting("2026-01-05") };
    edit(v, record.client.id, Edit::AddCourse { course }).unwrap()
}

fn add_session(v: &mut Vault, record: &ClientRecord, s: SessionInput) -> SessionId {
    let course_id = record.courses[0].id;
    let fresh =
        edit(v, record.client.id, Edit::AddSession { course_id, session: s.clone() }).unwrap();
    fresh.courses[0]
        .sessions
        .iter()
        .rev()
        .find(|x| x.fields.held_on == s.held_on && x.fields.start_time == s.start_time)
        .unwrap()
        .id
}

/// A note with some words and a risk check that found no concerns.
fn written(narrative: &str) -> NoteInput {
    NoteInput {
        narrative: Some(narrative.into()),
        risk_level: RiskLevel::NoConcerns,
        ..NoteInput::default()
    }
}

fn conflict<T: std::fmt::Debug>(result: rapport_core::Result<T>) -> String {
    match result {
        Err(Error::Conflict { reason }) => reason,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn invalid<T: std::fmt::Debug>(result: rapport_core::Result<T>) -> (String, String) {
    match result {
        Err(Error::Invalid { field, reason }) => (field.into_owned(), reason),
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

#[test]
fn numbering_counts_attended_sessions_only() {
    let (_t, mut v) = vault();
    let r = client_in_course(&mut v, "Nadia Flores");
    let c = r.client.id;
    let days = [
        ("2026-01-05", Attendance::Attended),
        ("2026-01-12", Attendance::Cancelled),
        ("2026-01-19", Attendance::Attended),
        ("2026-01-26", Attendance::NoShow),
        ("2026-02-02", Attendance::Attended),
        ("2026-02-09", Attendance::Attended),
    ];
    let mut ids = Vec::new();
    for (day, attendance) in days {
        ids.push(add_session(&mut v, &r, session(day, "10:00", attendance)));
    }
    let numbers: Vec<(Option<i64>, Phase)> = ids
        .iter()
        .map(|s| {
            let view = v.start_note(c, Some(*s)).unwrap();
            (view.note.session.number, view.note.derived_phase.unwrap())
        })
        .collect();
    assert_eq!(
        numbers,
        [
            (Some(1), Phase::Initial),
            (None, Phase::Initial),
            (Some(2), Phase::Initial),
            (None, Phase::Initial),
            (Some(3), Phase::Initial),
            (Some(4), Phase::Middle),
        ]
    );
    let view = v.start_note(c, Some(ids[5])).unwrap();
    assert_eq!(view.note.planned, Some(12));
    assert_eq!(view.previous, Some(ids[4]), "moving back goes to the previous session");
    assert_eq!(view.next, None);

    // The phase can be overridden in the note, and the count stays as it is.
    let mut input = written("Moved to the middle phase early.");
    input.phase = Some(Phase::Conclusion);
    v.save_note_draft(c, view.note.id, &input, None).unwrap();
    let again = v.note_of_session(c, ids[5]).unwrap();
    assert_eq!(again.note.phase(), Some(Phase::Conclusion));
    assert_eq!(again.note.derived_phase, Some(Phase::Middle));

    // Late sessions fall in the conclusion phase from M−2 on (sessions 10–12 of 12).
    for week in 0..6 {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 2, 10).unwrap() + chrono::Days::new(week);
        add_session(&mut v, &r, session(&day.to_string(), "10:00", Attendance::Attended));
    }
    let r = v.client_record(c).unwrap();
    let last = r.courses[0].sessions.last().unwrap().id;
    let view = v.start_note(c, Some(last)).unwrap();
    assert_eq!(view.note.session.number, Some(10));
    assert_eq!(view.note.derived_phase, Some(Phase::Conclusion));
}

#[test]
fn a_note_for_today_uses_the_booked_session_or_makes_one() {
    let (_t, mut v) = vault();
    // A client past their course, with none active, has no session to note today...
    let nobody =
        v.create_client(&ClientInput::named("No Course"), ClientStatus::Concluded).unwrap();
    let reason = conflict(v.start_note(nobody.client.id, None));
    assert!(reason.contains("no active course"), "{reason}");
    // ...while one still at enquiry or assessment is being assessed today.
    let new = v.create_client(&ClientInput::named("New Enquiry"), ClientStatus::Enquiry).unwrap();
    let view = v.start_note(new.client.id, None).unwrap();
    assert_eq!(view.note.session.purpose, rapport_core::SessionPurpose::Assessment);
    assert_eq!(view.note.session.number, None);

    let r = client_in_course(&mut v, "Owen Price");
    let c = r.client.id;
    let booked = add_session(&mut v, &r, session(TODAY, "14:00", Attendance::Scheduled));
    let view = v.start_note(c, None).unwrap();
    assert_eq!(view.note.session.id, booked, "today's booked session is used");
    assert_eq!(view.note.session.fields.attendance, Attendance::Attended);
    assert_eq!(view.note.session.number, Some(1));
    let twice = v.start_note(c, None).unwrap();
    assert_eq!(twice.note.id, view.note.id, "asking again opens the same note");

    // A second client with nothing booked today gets a session held now.
    let r2 = client_in_course(&mut v, "Priya Shah");
    let view = v.start_note(r2.client.id, None).unwrap();
    assert_eq!(view.note.session.fields.held_on, TODAY);
    assert_eq!(view.note.session.fields.attendance, Attendance::Attended);
    assert_eq!(view.note.session.fields.duration_minutes, Some(50));

    // A session booked for later cannot have its note started yet.
    let later = add_session(&mut v, &r, session("2026-03-09", "14:00", Attendance::Scheduled));
    let reason = conflict(v.start_note(c, Some(later)));
    assert!(reason.contains("booked for 2026-03-09"), "{reason}");
    // Nor can another client's session be used.
    assert!(matches!(v.start_note(r2.client.id, Some(booked)), Err(Error::NotFound { .. })));
}

#[test]
fn drafts_keep_what_was_typed_and_where() {
    let (_t, mut v) = vault();
    let r = client_in_course(&mut v, "Quinn Adler");
    let c = r.client.id;
    let s = add_session(&mut v, &r, session("2026-02-23", "09:00", Attendance::Attended));
    let note = v.start_note(c, Some(s)).unwrap().note;
    assert_eq!(note.revision, 0);
    let input = NoteInput {
        mood: Some(4),
        mood_and_events: Some("Argued with her sister; slept badly.".into()),
        risk_level: RiskLevel::NoConcerns,
        focus_work: Some("Went through the argument line by line.".into()),
        techniques: vec![Technique::CommunicationAnalysis, Technique::Clarification],
        plan_next: Some("Role-play asking for help.".into()),
        narrative: Some("Line one\n  indented line two\n".into()),
        ..NoteInput::default()
    };
    let caret = Caret { field: "narrative".into(), offset: 17 };
    let saved = v.save_note_draft(c, note.id, &input, Some(&caret)).unwrap();
    assert_eq!(saved.revision, 1);
    let saved = v.save_note_draft(c, note.id, &input, Some(&caret)).unwrap();
    assert_eq!(saved.revision, 2);
    let view = v.note_of_session(c, s).unwrap();
    assert_eq!(view.note.fields.mood, Some(4));
    assert_eq!(view.note.fields.techniques, input.techniques);
    assert_eq!(view.note.fields.narrative.as_deref(), Some("Line one\n  indented line two"));
    assert_eq!(view.note.caret, Some(caret));

    // A refusal names its field and changes nothing.
    let mut bad = input.clone();
    bad.mood = Some(11);
    assert_eq!(invalid(v.save_note_draft(c, note.id, &bad, None)).0, "mood");
    let mut long = input.clone();
    long.narrative = Some("x".repeat(20_001));
    let (field, reason) = invalid(v.save_note_draft(c, note.id, &long, None));
    assert_eq!(field, "narrative");
    assert!(reason.contains("20,001 characters"), "{reason}");
    let view = v.note_of_session(c, s).unwrap();
    assert_eq!(view.note.revision, 2);
    assert_eq!(view.note.fields.mood, Some(4));

    // The record lists the note as a draft.
    let record = v.client_record(c).unwrap();
    assert_eq!(record.notes.len(), 1);
    assert_eq!(record.notes[0].signed_at, None);
}

#[test]
fn the_previous_plan_and_open_tasks_carry_forward() {
    let (_t, mut v) = vault();
    let r = client_in_course(&mut v, "Rhea Stone");
    let c = r.client.id;
    let first = add_session(&mut v, &r, session("2026-02-16", "09:00", Attendance::Attended));
    let second = add_session(&mut v, &r, session("2026-02-23", "09:00", Attendance::Attended));
    let note = v.start_note(c, Some(first)).unwrap().note;
    assert_eq!(note.carried_plan, None, "the first note has nothing to carry");
    let mut input = written("Talked about her new job.");
    input.plan_next = Some("Practise saying no to extra shifts.".into());
    v.save_note_draft(c, note.id, &input, None).unwrap();
    let task = TaskInput {
        due_on: Some("2026-02-22".into()),
        area: Some(ProblemArea::RoleTransition),
        ..TaskInput::new("Notice one moment of pride at work.")
    };
    edit(&mut v, c, Edit::AddTask { set_in_session: Some(first), task }).unwrap();
    v.sign_note(c, note.id).unwrap();
    // The plan as amended is what carries.
    v.amend_note(
        c,
        note.id,
        NoteSection::PlanNext,
        "Practise saying no to extra shifts, and ask for a rota.",
        "Agreed at the door after the note was signed.",
    )
    .unwrap();

    let next = v.start_note(c, Some(second)).unwrap().note;
    assert_eq!(
        next.carried_plan.as_deref(),
        Some("Practise saying no to extra shifts, and ask for a rota.")
    );
    let record = v.client_record(c).unwrap();
    let open: Vec<_> = record.tasks.iter().filter(|t| t.fields.status.is_open()).collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].set_in_session, Some(first));
    assert!(open[0].overdue, "due on 22 February and not done by 2 March");

    // Reviewed in the second session.
    let task_id = open[0].id;
    let record = edit(
        &mut v,
        c,
        Edit::ReviewTask {
            task_id,
            session_id: second,
            status: TaskStatus::Partly,
            barriers: Some("Her manager was away.".into()),
            outcome: Some("Said no once; felt guilty, then relieved.".into()),
        },
    )
    .unwrap();
    let t = &record.tasks[0];
    assert_eq!(t.reviewed_in_session, Some(second));
    assert_eq!(t.fields.status, TaskStatus::Partly);
    assert_eq!(t.fields.outcome.as_deref(), Some("Said no once; felt guilty, then relieved."));

    // A review of the first session recorded late is added beside the second's, in date
    // order; the task still shows where it stood at its latest review by date.
    let record = edit(
        &mut v,
        c,
        Edit::ReviewTask {
            task_id,
            session_id: first,
            status: TaskStatus::NotAttempted,
            barriers: Some("Not set yet at the time.".into()),
            outcome: None,
        },
    )
    .unwrap();
    let t = record.tasks.iter().find(|t| t.id == task_id).unwrap();
    assert_eq!(t.reviews.len(), 2);
    assert_eq!(t.fields.status, TaskStatus::Partly);
    assert_eq!(t.reviewed_in_session, Some(second));
    let record = edit(
        &mut v,
        c,
        Edit::ReviewTask {
            task_id,
            session_id: second,
            status: TaskStatus::Done,
            barriers: None,
            outcome: Some("Said no twice; asked for a rota.".into()),
        },
    )
    .unwrap();
    let t = record.tasks.iter().find(|t| t.id == task_id).unwrap();
    let seen: Vec<_> = t.reviews.iter().map(|r| (r.session_id, r.status)).collect();
    assert_eq!(
        seen,
        [(Some(first), TaskStatus::NotAttempted), (Some(second), TaskStatus::Done)],
        "one review per session, oldest first; the same session's review is corrected"
    );
    assert!(t.reviews[0].reviewed_on < t.reviews[1].reviewed_on);
    assert_eq!(t.fields.status, TaskStatus::Done, "the task shows the latest");
}

#[test]
fn tasks_link_only_to_the_clients_own_goals() {
    let (_t, mut v) = vault();
    let a = client_in_course(&mut v, "Sam Ortiz");
    let b = client_in_course(&mut v, "Tara Quill");
    let goal = GoalInput {
        area: ProblemArea::RoleDispute,
        description: "Talk with her partner without shouting.".into(),
        target_date: None,
    };
    let b_record = edit(&mut v, b.client.id, Edit::AddGoal { goal }).unwrap();
    let foreign = b_record.goals[0].id;
    let task = TaskInput { goal_id: Some(foreign), ..TaskInput::new("Try a calm start.") };
    let (field, _) =
        invalid(edit(&mut v, a.client.id, Edit::AddTask { set_in_session: None, task }));
    assert_eq!(field, "goal_id");
    let (field, _) = invalid(edit(
        &mut v,
        a.client.id,
        Edit::AddTask { set_in_session: None, task: TaskInput::new("   ") },
    ));
    assert_eq!(field, "description");
    let task = TaskInput { goal_id: Some(foreign), ..TaskInput::new("Try a calm start.") };
    let record = edit(&mut v, b.client.id, Edit::AddTask { set_in_session: None, task }).unwrap();
    assert_eq!(record.tasks[0].fields.goal_id, Some(foreign));
}

/// Signs a note with some text on a fresh client, returning the client, session and note.
fn signed_note(v: &mut Vault) -> (ClientId, SessionId, NoteId) {
    let r = client_in_course(v, "Uma Vance");
    let c = r.client.id;
    let s = add_session(v, &r, session("2026-02-23", "09:00", Attendance::Attended));
    let note = v.start_note(c, Some(s)).unwrap().note;
    v.save_note_draft(c, note.id, &written("Original words."), None).unwrap();
    let view = v.sign_note(c, note.id).unwrap();
    assert!(view.note.signed_at.is_some());
    (c, s, note.id)
}

#[test]
fn signing_needs_a_held_session_and_some_words() {
    let (_t, mut v) = vault();
    let r = client_in_course(&mut v, "Vera Lund");
    let c = r.client.id;
    let s = add_session(&mut v, &r, session("2026-02-23", "09:00", Attendance::Attended));
    let note = v.start_note(c, Some(s)).unwrap().note;
    let reason = conflict(v.sign_note(c, note.id));
    assert!(reason.contains("empty"), "{reason}");
    edit(
        &mut v,
        c,
        Edit::UpdateSession {
            session_id: s,
            session: session("2026-02-23", "09:00", Attendance::Scheduled),
        },
    )
    .unwrap();
    v.save_note_draft(c, note.id, &written("Some words."), None).unwrap();
    let reason = conflict(v.sign_note(c, note.id));
    assert!(reason.contains("attended, cancelled or did not attend"), "{reason}");
    // A cancelled session's note (what happened, who called) can be signed; it has no number.
    edit(
        &mut v,
        c,
        Edit::UpdateSession {
            session_id: s,
            session: session("2026-02-23", "09:00", Attendance::Cancelled),
        },
    )
    .unwrap();
    let view = v.sign_note(c, note.id).unwrap();
    assert_eq!(view.note.session.number, None);
    assert!(conflict(v.sign_note(c, note.id)).contains("already signed"));
}

#[test]
fn a_signed_note_refuses_every_change() {
    let (_t, mut v) = vault();
    let (c, s, note) = signed_note(&mut v);
    // Through the vault, as the desktop commands and the CLI call it.
    let reason = conflict(v.save_note_draft(c, note, &written("Rewritten."), None));
    assert!(reason.contains("cannot be changed. Add an amendment instead."), "{reason}");
    // Through the record edit that changes the session under it.
    let reason = conflict(edit(
        &mut v,
        c,
        Edit::UpdateSession {
            session_id: s,
            session: session("2026-02-24", "09:00", Attendance::Attended),
        },
    ));
    assert!(reason.contains("stay as signed"), "{reason}");
    // Plain SQL is refused by the schema's own triggers: see the core's `store::guards`.
    let view = v.note_of_session(c, s).unwrap();
    assert_eq!(view.note.fields.narrative.as_deref(), Some("Original words."));
    assert_eq!(view.note.session.fields.held_on, "2026-02-23");
}

#[test]
fn a_draft_started_by_mistake_can_be_discarded_but_a_signed_note_cannot() {
    let (_t, mut v) = vault();
    let (c, s, signed) = signed_note(&mut v);
    let reason = conflict(v.discard_note(c, signed, false));
    assert!(reason.contains("kept for good"), "{reason}");
    let r = v.client_record(c).unwrap();
    let other = add_session(&mut v, &r, session("2026-02-24", "09:00", Attendance::Attended));
    let draft = v.start_note(c, Some(other)).unwrap().note.id;
    v.save_note_draft(c, draft, &written("Wrong client: lighthouse."), None).unwrap();
    v.discard_note(c, draft, false).unwrap();
    let record = v.client_record(c).unwrap();
    assert_eq!(record.notes.len(), 1, "only the signed note is left");
    assert!(record.courses[0].sessions.iter().any(|x| x.id == other), "the session stays");
    let q = SearchQuery { text: "lighthouse".into(), ..SearchQuery::default() };
    assert!(v.search(&q).unwrap().hits.is_empty(), "and it is gone from search");
    assert!(matches!(v.discard_note(c, draft, false), Err(Error::NotFound { .. })));
    let _ = s;
}

#[test]
fn amendments_are_dated_reasoned_and_permanent() {
    let (t, mut v) = vault();
    let (c, s, note) = signed_note(&mut v);
    let (field, _) = invalid(v.amend_note(c, note, NoteSection::General, "Text.", "  "));
    assert_eq!(field, "amendment_reason");
    let (field, _) = invalid(v.amend_note(c, note, NoteSection::General, "", "Reason."));
    assert_eq!(field, "amendment_text");
    v.amend_note(c, note, NoteSection::Risk, "Asked again: no thoughts of self-harm.", "Omitted.")
        .unwrap();
    t.clock.advance(chrono::Duration::days(2));
    let view = v
        .amend_note(c, note, NoteSection::Narrative, "She also mentioned her father.", "Recalled.")
        .unwrap();
    let a = &view.note.amendments;
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].section, NoteSection::Risk);
    assert_eq!(a[1].section, NoteSection::Narrative);
    assert!(a[0].made_at < a[1].made_at, "{} then {}", a[0].made_at, a[1].made_at);
    assert!(a[1].made_at.starts_with("2026-03-04"));
    assert_eq!(view.note.fields.narrative.as_deref(), Some("Original words."), "original kept");
    let record = v.client_record(c).unwrap();
    assert_eq!(record.notes[0].amendments, 2);
    let _ = s;

    // A draft is changed directly, never amended.
    let r = client_in_course(&mut v, "Will Hart");
    let s2 = add_session(&mut v, &r, session("2026-02-23", "11:00", Attendance::Attended));
    let draft = v.start_note(r.client.id, Some(s2)).unwrap().note;
    let reason = conflict(v.amend_note(r.client.id, draft.id, NoteSection::General, "x", "y"));
    assert!(reason.contains("still a draft"), "{reason}");
}

#[test]
fn search_finds_the_record_and_keeps_private_notes_out() {
    let (_t, mut v) = vault();
    let r = client_in_course(&mut v, "Zoë Marchetti");
    let c = r.client.id;
    let other = client_in_course(&mut v, "Ada Byrne");
    let s = add_session(&mut v, &r, session("2026-02-23", "09:00", Attendance::Attended));
    let note = v.start_note(c, Some(s)).unwrap().note;
    v.save_note_draft(c, note.id, &written("Her insomnia eased after the café visit."), None)
        .unwrap();
    v.save_process_note(c, s, "I felt protective; insomnia of my own?").unwrap();
    let os = add_session(&mut v, &other, session("2026-01-12", "09:00", Attendance::Attended));
    let onote = v.start_note(other.client.id, Some(os)).unwrap().note;
    v.save_note_draft(other.client.id, onote.id, &written("Insomnia was not raised."), None)
        .unwrap();
    edit(
        &mut v,
        c,
        Edit::AddPerson {
            person: NewPerson {
                name: "Giulia".into(),
                relationship_type: rapport_core::RelationshipType::Sibling,
                deceased: false,
                ring: 1,
            },
        },
    )
    .unwrap();

    let q = |text: &str| SearchQuery { text: text.into(), ..SearchQuery::default() };
    let hits = v.search(&q("insom")).unwrap().hits;
    assert_eq!(hits.len(), 2, "both notes, as a prefix, and not the process note: {hits:?}");
    assert!(hits.iter().all(|h| h.kind == SearchKind::Note));
    let with_private = v.search(&SearchQuery { include_private: true, ..q("insomnia") }).unwrap();
    assert_eq!(with_private.hits.len(), 3);
    assert!(with_private.hits.iter().any(|h| h.kind == SearchKind::ProcessNote));

    // Accents are ignored, the match is marked, and the snippet is plain text.
    let hit = &v.search(&q("cafe")).unwrap().hits[0];
    assert_eq!(hit.client_name, "Zoë Marchetti");
    assert_eq!(hit.session_id, Some(s));
    assert_eq!(hit.day.as_deref(), Some("2026-02-23"));
    let marked: Vec<_> = hit.snippet.iter().filter(|s| s.hit).map(|s| s.text.as_str()).collect();
    assert_eq!(marked, ["café"]);
    assert_eq!(v.search(&q("marchetti")).unwrap().hits[0].kind, SearchKind::Client);
    assert_eq!(v.search(&q("giulia")).unwrap().hits[0].kind, SearchKind::Person);

    // Filters by client and by date.
    let only_ada = SearchQuery { client_id: Some(other.client.id), ..q("insomnia") };
    assert_eq!(v.search(&only_ada).unwrap().hits.len(), 1);
    let february = SearchQuery { from: Some("2026-02-01".into()), ..q("insomnia") };
    assert_eq!(v.search(&february).unwrap().hits[0].client_id, c);
    assert_eq!(v.search(&february).unwrap().hits.len(), 1);
    let bad = SearchQuery { from: Some("2026-02-30".into()), ..q("insomnia") };
    assert_eq!(invalid(v.search(&bad)).0, "from");

    // The client filter's own term is never found as words of the record.
    assert!(v.search(&q(&format!("c{}", c.0))).unwrap().hits.is_empty());

    // What is typed is never query syntax.
    for text in ["\"", "*", "insomnia OR", "NEAR(", "-insomnia", "a:b", "^"] {
        v.search(&q(text)).unwrap_or_else(|e| panic!("{text}: {e}"));
    }

    // The index follows every change: an edited draft, a signed note's amendment, a new
    // formulation version (only the newest is found), a removed person.
    v.save_note_draft(c, note.id, &written("Sleep is better now."), None).unwrap();
    assert_eq!(v.search(&q("café")).unwrap().hits.len(), 0);
    v.sign_note(c, note.id).unwrap();
    v.amend_note(c, note.id, NoteSection::Narrative, "Mentioned a lighthouse.", "Recalled.")
        .unwrap();
    assert_eq!(v.search(&q("lighthouse")).unwrap().hits[0].kind, SearchKind::Amendment);
    for statement in ["Grief after the flood.", "Grief after the storm."] {
        let formulation = FormulationInput {
            effective_on: "2026-02-20".into(),
            diagnosis_sick_role: None,
            biological: None,
            psychological: None,
            attachment_style: None,
            social_support: None,
            culture_spirituality: None,
            precipitating_events: None,
            primary_area: Some(ProblemArea::Grief),
            secondary_area: None,
            client_statement: Some(statement.into()),
            client_agreed: None,
            agreed_on: None,
            prognosis: None,
        };
        edit(&mut v, c, Edit::SaveFormulation { formulation }).unwrap();
    }
    assert_eq!(v.search(&q("flood")).unwrap().hits.len(), 0, "an older version is not found");
    assert_eq!(v.search(&q("storm")).unwrap().hits[0].kind, SearchKind::Formulation);
    let giulia = v.client_record(c).unwrap().people[0].id;
    edit(&mut v, c, Edit::RemovePerson { person_id: giulia }).unwrap();
    assert_eq!(v.search(&q("giulia")).unwrap().hits.len(), 0);
}

#[test]
fn today_gathers_appointments_conclusion_work_unsigned_notes_and_risk() {
    let (t, mut v) = vault();
    let r = client_in_course(&mut v, "Bea Carr");
    let c = r.client.id;
    // Eight sessions held, so the ninth of twelve (M−3) is next: the conclusion is due.
    let mut held = Vec::new();
    for week in 0..8u64 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Days::new(week * 7);
        held.push(add_session(
            &mut v,
            &r,
            session(&day.to_string(), "10:00", Attendance::Attended),
        ));
    }
    let today_slot = add_session(&mut v, &r, session(TODAY, "10:00", Attendance::Scheduled));
    add_session(&mut v, &r, session("2026-03-09", "10:00", Attendance::Scheduled));
    add_session(&mut v, &r, session("2026-03-06", "16:00", Attendance::Scheduled));

    // An old note left unsigned, with a raised risk.
    let old = v.start_note(c, Some(held[7])).unwrap().note;
    let input = NoteInput {
        risk_level: RiskLevel::Moderate,
        risk_actions: vec![RiskAction::SafetyPlanReviewed, RiskAction::CrisisContactsGiven],
        risk_action: Some("Went through it line by line.".into()),
        ..written("Hard week.")
    };
    v.save_note_draft(c, old.id, &input, None).unwrap();
    let task = TaskInput { due_on: Some("2026-03-01".into()), ..TaskInput::new("Call a friend.") };
    edit(&mut v, c, Edit::AddTask { set_in_session: Some(held[7]), task }).unwrap();
    let plan = SafetyPlanInput { review_on: Some("2026-03-01".into()), ..Default::default() };
    edit(&mut v, c, Edit::SaveSafetyPlan { plan }).unwrap();

    let today = v.today().unwrap();
    assert_eq!(today.today, TODAY);
    assert_eq!(today.week_end, "2026-03-08");
    let slots: Vec<_> = today
        .appointments
        .iter()
        .map(|a| {
            let place = a.place.as_ref().unwrap();
            (a.date.as_str(), place.number, place.planned)
        })
        .collect();
    assert_eq!(slots, [(TODAY, 9, 12), ("2026-03-06", 9, 12)], "next week's is not shown");
    assert_eq!(today.appointments[0].session_id, today_slot);
    assert_eq!(
        today.appointments[0].place.as_ref().unwrap().phase,
        Phase::Middle,
        "the last three are 10–12"
    );
    assert_eq!(today.appointments[0].note_id, None);

    assert_eq!(today.conclusion.len(), 1);
    let due = &today.conclusion[0];
    assert_eq!((due.current, due.planned), (9, 12));
    let needs: Vec<_> = due.needs.iter().map(|n| (n.item, n.done)).collect();
    assert_eq!(
        needs,
        [
            (ConclusionItem::DiscussEnding, None),
            (ConclusionItem::RateGoals, Some(false)),
            (ConclusionItem::CompareCircle, Some(false)),
            (ConclusionItem::RelapseWarningSigns, Some(false)),
            (ConclusionItem::AgreeWhatNext, None),
        ]
    );

    // The conclusion asks for the relapse warning signs, not the crisis plan saved above.
    let plan = rapport_core::RelapsePlanInput {
        warning_signs: Some("Waking at 4 a.m.; cancelling on friends.".into()),
        what_to_do: Some("Tell her sister; use the weekly walk.".into()),
        whom_to_contact: Some("Her sister; the GP.".into()),
    };
    edit(&mut v, c, Edit::SaveRelapsePlan { plan }).unwrap();
    let signs = v.today().unwrap().conclusion[0].needs[3].clone();
    assert_eq!((signs.item, signs.done), (ConclusionItem::RelapseWarningSigns, Some(true)));

    assert_eq!(today.unsigned.len(), 1);
    assert_eq!(today.unsigned[0].days_old, 7);
    assert!(today.unsigned[0].overdue, "7 days is past the default of 3");
    v.set_unsigned_note_days(7).unwrap();
    assert!(!v.today().unwrap().unsigned[0].overdue, "7 days is not past 7");
    assert_eq!(invalid(v.set_unsigned_note_days(0)).0, "unsigned_note_days");
    assert_eq!(invalid(v.set_unsigned_note_days(61)).0, "unsigned_note_days");

    let kinds: Vec<_> = today.risk_flags.iter().map(|f| (f.kind, f.level)).collect();
    assert_eq!(
        kinds,
        [
            (RiskFlagKind::RaisedInDraft, Some(RiskLevel::Moderate)),
            (RiskFlagKind::SafetyPlanReview, None)
        ]
    );
    assert_eq!(today.overdue_tasks.len(), 1);
    assert_eq!(today.overdue_tasks[0].description, "Call a friend.");

    // A later check with no concerns clears the risk flag; signing clears the unsigned list.
    let now = v.start_note(c, Some(today_slot)).unwrap().note;
    let calm = NoteInput { risk_level: RiskLevel::NoConcerns, ..written("Calmer.") };
    v.save_note_draft(c, now.id, &calm, None).unwrap();
    v.sign_note(c, now.id).unwrap();
    v.sign_note(c, old.id).unwrap();
    let today = v.today().unwrap();
    assert!(today.risk_flags.iter().all(|f| f.level.is_none()));
    assert!(today.unsigned.is_empty());
    assert!(today.appointments[0].note_signed);
    let _ = t;
}

#[test]
fn notes_and_their_index_never_reach_the_disk_in_the_clear() {
    const SENTINEL: &str = "SENTINELnote7f3a";
    let (t, mut v) = vault();
    let r = client_in_course(&mut v, "Cleo Dunn");
    let c = r.client.id;
    let s = add_session(&mut v, &r, session("2026-02-23", "09:00", Attendance::Attended));
    let note = v.start_note(c, Some(s)).unwrap().note;
    v.save_note_draft(c, note.id, &written(&format!("{SENTINEL} in the narrative")), None).unwrap();
    v.save_process_note(c, s, &format!("{SENTINEL} in private")).unwrap();
    let task = TaskInput::new(&format!("{SENTINEL} at home"));
    edit(&mut v, c, Edit::AddTask { set_in_session: Some(s), task }).unwrap();
    v.sign_note(c, note.id).unwrap();
    v.amend_note(c, note.id, NoteSection::General, &format!("{SENTINEL} amended"), "Reason.")
        .unwrap();
    let found = v.search(&SearchQuery {
        text: SENTINEL.into(),
        include_private: true,
        ..Default::default()
    });
    assert_eq!(found.unwrap().hits.len(), 4, "stored and indexed");
    let scan = |when: &str| {
        for (path, bytes) in files_in(&t.root()) {
            for needle in [SENTINEL.as_bytes(), SENTINEL.to_lowercase().as_bytes()] {
                assert!(!contains(&bytes, needle), "{when}: {} holds record text", path.display());
            }
        }
    };
    scan("while open");
    // A backup carries the notes, the process note, the amendment, the task and the index,
    // none of them readable.
    let usb = t.tmp.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    v.back_up(&usb, rapport_core::BackupReason::Manual, &mut |_| {}).unwrap();
    let backups = files_in(&usb);
    assert_eq!(backups.len(), 1);
    for (path, bytes) in backups {
        for needle in [SENTINEL.as_bytes(), SENTINEL.to_lowercase().as_bytes()] {
            assert!(!contains(&bytes, needle), "{} holds record text", path.display());
        }
    }
    v.lock(false).unwrap();
    scan("after lock");
}
