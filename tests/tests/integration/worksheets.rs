//! Communication analyses, role plays and decision analyses through the core's public API: the
//! order of turns, links held to the client's own records, signing alone or with the note,
//! amendments, the follow-up prompts in later notes, tasks and role plays made from a worksheet,
//! the pattern per person, decision reviews on Today, and search.

use rapport_core::{
    Alternative, Attendance, ClientId, ClientInput, ClientRecord, ClientStatus,
    CommunicationAnalysis, CommunicationProblem, CourseInput, DecisionAnalysis, DecisionOption,
    Edit, Error, FollowUpInput, FollowUpState, GoalInput, NeedMet, NewPerson, NoteInput, PersonId,
    ProblemArea, ProblemSeen, RelationshipType, RiskLevel, RolePart, RolePlay, Run, SearchKind,
    SearchQuery, SessionFormat, SessionId, SessionInput, Speaker, TaskInput, Turn, Vault,
    Worksheet, WorksheetContent, WorksheetInput, WorksheetKind, WorksheetSection, WorksheetStart,
};
use rapport_tests::*;

fn vault() -> (TestVault, Vault) {
    let (t, created) = TestVault::create();
    (t, created.vault)
}

struct Client {
    id: ClientId,
    person: PersonId,
    sessions: Vec<SessionId>,
}

/// A client in a course with one person in the inventory and weekly sessions from 5 January.
fn client(v: &mut Vault, name: &str, person: &str, sessions: u64) -> Client {
    let record = v.create_client(&ClientInput::named(name), ClientStatus::Active).unwrap();
    let id = record.client.id;
    let course = CourseInput { planned_sessions: 12, ..CourseInput::starting("2026-01-05") };
    let record = v.edit_client(id, &Edit::AddCourse { course }).unwrap();
    let course_id = record.courses[0].id;
    for week in 0..sessions {
        let day =
            chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + chrono::Days::new(week * 7);
        let session = SessionInput {
            held_on: day.to_string(),
            start_time: Some("10:00".into()),
            duration_minutes: Some(50),
            format: SessionFormat::InPerson,
            attendance: Attendance::Attended,
        };
        v.edit_client(id, &Edit::AddSession { course_id, session }).unwrap();
    }
    let new = NewPerson {
        name: person.into(),
        relationship_type: RelationshipType::Partner,
        deceased: false,
        ring: 1,
    };
    let record = v.edit_client(id, &Edit::AddPerson { person: new }).unwrap();
    let sessions = record.courses[0].sessions.iter().map(|s| s.id).collect();
    Client { id, person: record.people[0].id, sessions }
}

fn turn(key: u32, speaker: Speaker, words: &str) -> Turn {
    Turn { key, speaker, words: words.into(), tone: None, non_verbal: None }
}

fn analysis(turns: Vec<Turn>) -> CommunicationAnalysis {
    CommunicationAnalysis { turns, ..CommunicationAnalysis::default() }
}

fn ca_input(c: &Client, session: Option<SessionId>, ca: CommunicationAnalysis) -> WorksheetInput {
    WorksheetInput {
        person_id: Some(c.person),
        session_id: session,
        ..WorksheetInput::new(WorksheetContent::CommunicationAnalysis(ca))
    }
}

fn start(v: &mut Vault, c: &Client, kind: WorksheetKind, session: Option<SessionId>) -> Worksheet {
    v.start_worksheet(
        c.id,
        &WorksheetStart { kind, person_id: Some(c.person), session_id: session },
    )
    .unwrap()
}

fn ca_of(w: &Worksheet) -> &CommunicationAnalysis {
    match &w.fields.content {
        WorksheetContent::CommunicationAnalysis(c) => c,
        other => panic!("expected a communication analysis, got {other:?}"),
    }
}

fn words(w: &Worksheet) -> Vec<String> {
    ca_of(w).turns.iter().map(|t| t.words.clone()).collect()
}

fn invalid<T: std::fmt::Debug>(result: rapport_core::Result<T>) -> (String, String) {
    match result {
        Err(Error::Invalid { field, reason }) => (field.into_owned(), reason),
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

fn conflict<T: std::fmt::Debug>(result: rapport_core::Result<T>) -> String {
    match result {
        Err(Error::Conflict { reason }) => reason,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// A complete exchange with a problem pinned to the second turn and a chosen alternative.
fn whole_exchange() -> CommunicationAnalysis {
    CommunicationAnalysis {
        exchange_on: Some("2026-01-10".into()),
        setting: Some("Kitchen, after he came home late".into()),
        turns: vec![
            turn(1, Speaker::Client, "You never think about anyone else."),
            turn(2, Speaker::Other, "Here we go again."),
            turn(3, Speaker::Client, "Forget it."),
        ],
        meant: Some("I was frightened when he did not call".into()),
        need_met: Some(NeedMet::No),
        mood_before: Some(5),
        mood_after: Some(2),
        problems: vec![
            ProblemSeen { problem: CommunicationProblem::IndirectWords, turn: Some(1) },
            ProblemSeen { problem: CommunicationProblem::Silence, turn: Some(3) },
        ],
        alternatives: vec![
            Alternative {
                key: 1,
                words: "I was worried when I did not hear from you.".into(),
                predicted_outcome: Some("He explains instead of defending".into()),
            },
            Alternative {
                key: 2,
                words: "Could you text if you are late?".into(),
                predicted_outcome: None,
            },
        ],
        chosen: Some(1),
        ..CommunicationAnalysis::default()
    }
}

fn signed_note(v: &mut Vault, c: ClientId, session: SessionId) {
    let note = v.start_note(c, Some(session)).unwrap().note;
    let input = NoteInput {
        narrative: Some("Worked on the argument at home.".into()),
        risk_level: RiskLevel::NoConcerns,
        ..NoteInput::default()
    };
    v.save_note_draft(c, note.id, &input, None).unwrap();
    v.sign_note(c, note.id).unwrap();
}

#[test]
fn turns_keep_their_order_and_pinned_problems_follow_them() {
    let (_t, mut v) = vault();
    let c = client(&mut v, "Alma Reyes", "Tomas", 2);
    let w = start(&mut v, &c, WorksheetKind::CommunicationAnalysis, Some(c.sessions[0]));
    assert_eq!(w.fields.person_id, Some(c.person), "started from the person");
    assert_eq!(w.session.as_ref().map(|s| s.number), Some(Some(1)));

    // Four turns typed in order, a problem pinned to the third.
    let mut ca = analysis(vec![
        turn(1, Speaker::Client, "one"),
        turn(2, Speaker::Other, "two"),
        turn(3, Speaker::Client, "three"),
        turn(4, Speaker::Other, "four"),
    ]);
    ca.problems =
        vec![ProblemSeen { problem: CommunicationProblem::AssumedUnderstood, turn: Some(3) }];
    v.save_worksheet_draft(c.id, w.id, &ca_input(&c, Some(c.sessions[0]), ca.clone()), None)
        .unwrap();
    assert_eq!(words(&v.worksheet(c.id, w.id).unwrap()), ["one", "two", "three", "four"]);

    // Insert a turn between the first two: it gets a new key, the others keep theirs.
    ca.turns.insert(1, turn(5, Speaker::Other, "one and a half"));
    v.save_worksheet_draft(c.id, w.id, &ca_input(&c, None, ca.clone()), None).unwrap();
    let read = v.worksheet(c.id, w.id).unwrap();
    assert_eq!(words(&read), ["one", "one and a half", "two", "three", "four"]);
    let place_of =
        |w: &Worksheet, key: u32| ca_of(w).turns.iter().position(|t| t.key == key).unwrap() + 1;
    assert_eq!(place_of(&read, 3), 4, "the pinned turn is now the fourth");

    // Move the pinned turn to the top: the pin goes with it.
    let moved = ca.turns.remove(3);
    ca.turns.insert(0, moved);
    v.save_worksheet_draft(c.id, w.id, &ca_input(&c, None, ca.clone()), None).unwrap();
    let read = v.worksheet(c.id, w.id).unwrap();
    assert_eq!(words(&read), ["three", "one", "one and a half", "two", "four"]);
    assert_eq!(ca_of(&read).problems[0].turn, Some(3));
    assert_eq!(place_of(&read, 3), 1);

    // Delete the second turn: the rest close up, numbered 1 to 4.
    ca.turns.remove(1);
    v.save_worksheet_draft(c.id, w.id, &ca_input(&c, None, ca.clone()), None).unwrap();
    let read = v.worksheet(c.id, w.id).unwrap();
    assert_eq!(words(&read), ["three", "one and a half", "two", "four"]);
    assert_eq!(place_of(&read, 4), 4);

    // Deleting the pinned turn without unpinning is refused, naming the field; nothing changes.
    let revision = read.revision;
    let mut dangling = ca.clone();
    dangling.turns.remove(0);
    let (field, reason) =
        invalid(v.save_worksheet_draft(c.id, w.id, &ca_input(&c, None, dangling), None));
    assert_eq!(field, "problems");
    assert!(reason.contains("no longer in the exchange"), "{reason}");
    let read = v.worksheet(c.id, w.id).unwrap();
    assert_eq!(read.revision, revision);
    assert_eq!(words(&read), ["three", "one and a half", "two", "four"]);

    // Two turns with one key, two ticks of one problem, a chosen alternative that is gone.
    let mut twice = ca.clone();
    twice.turns.push(turn(4, Speaker::Client, "again"));
    assert_eq!(
        invalid(v.save_worksheet_draft(c.id, w.id, &ca_input(&c, None, twice), None)).0,
        "turns"
    );
    let mut ticked = ca.clone();
    ticked
        .problems
        .push(ProblemSeen { problem: CommunicationProblem::AssumedUnderstood, turn: None });
    assert_eq!(
        invalid(v.save_worksheet_draft(c.id, w.id, &ca_input(&c, None, ticked), None)).0,
        "problems"
    );
    let mut chosen = ca.clone();
    chosen.chosen = Some(9);
    assert_eq!(
        invalid(v.save_worksheet_draft(c.id, w.id, &ca_input(&c, None, chosen), None)).0,
        "chosen"
    );
    let mut mood = ca.clone();
    mood.mood_after = Some(11);
    assert_eq!(
        invalid(v.save_worksheet_draft(c.id, w.id, &ca_input(&c, None, mood), None)).0,
        "mood_after"
    );
}

#[test]
fn a_worksheet_links_only_to_its_own_clients_records() {
    let (_t, mut v) = vault();
    let a = client(&mut v, "Bea Lund", "Marta", 2);
    let b = client(&mut v, "Carl Ortiz", "Jon", 2);
    // B's goal, task and role play.
    let goal = GoalInput {
        area: ProblemArea::RoleDispute,
        description: "Talk calmly".into(),
        target_date: None,
    };
    let record: ClientRecord = v.edit_client(b.id, &Edit::AddGoal { goal }).unwrap();
    let b_goal = record.goals[0].id;
    let record = v
        .edit_client(b.id, &Edit::AddTask { set_in_session: None, task: TaskInput::new("Ask Jon") })
        .unwrap();
    let b_task = record.tasks[0].id;
    let b_role_play = start(&mut v, &b, WorksheetKind::RolePlay, None).id;

    let w = start(&mut v, &a, WorksheetKind::CommunicationAnalysis, None);
    let base = ca_input(&a, None, analysis(vec![]));
    let cases: Vec<(&str, WorksheetInput)> = vec![
        ("person_id", WorksheetInput { person_id: Some(b.person), ..base.clone() }),
        ("session_id", WorksheetInput { session_id: Some(b.sessions[0]), ..base.clone() }),
        ("goal_id", WorksheetInput { goal_id: Some(b_goal), ..base.clone() }),
        ("task_id", WorksheetInput { task_id: Some(b_task), ..base.clone() }),
        ("role_play_id", WorksheetInput { role_play_id: Some(b_role_play), ..base.clone() }),
    ];
    for (expected, input) in cases {
        let (field, reason) = invalid(v.save_worksheet_draft(a.id, w.id, &input, None));
        assert_eq!(field, expected, "{reason}");
        assert!(reason.contains("this client's own"), "{reason}");
    }
    // Starting from another client's person or session is refused the same way.
    let (field, _) = invalid(v.start_worksheet(
        a.id,
        &WorksheetStart {
            kind: WorksheetKind::RolePlay,
            person_id: Some(b.person),
            session_id: None,
        },
    ));
    assert_eq!(field, "person_id");
    let (field, _) = invalid(v.start_worksheet(
        a.id,
        &WorksheetStart {
            kind: WorksheetKind::RolePlay,
            person_id: None,
            session_id: Some(b.sessions[1]),
        },
    ));
    assert_eq!(field, "session_id");
    // Another client's worksheet is not found at all.
    assert!(matches!(v.worksheet(b.id, w.id), Err(Error::NotFound { .. })));
    // A worksheet keeps its kind.
    let other_kind = WorksheetInput::new(WorksheetContent::RolePlay(RolePlay::default()));
    assert_eq!(invalid(v.save_worksheet_draft(a.id, w.id, &other_kind, None)).0, "content");
}

#[test]
fn a_signed_worksheet_is_amended_never_changed() {
    let (_t, mut v) = vault();
    let c = client(&mut v, "Dana Fox", "Lee", 1);
    let w = start(&mut v, &c, WorksheetKind::CommunicationAnalysis, Some(c.sessions[0]));
    // Not signable yet: no turns; then a turn without words; then no person.
    assert_eq!(invalid(v.sign_worksheet(c.id, w.id)).0, "turns");
    let mut ca = whole_exchange();
    ca.turns.push(turn(9, Speaker::Other, ""));
    v.save_worksheet_draft(c.id, w.id, &ca_input(&c, Some(c.sessions[0]), ca), None).unwrap();
    let (field, reason) = invalid(v.sign_worksheet(c.id, w.id));
    assert_eq!(field, "turns");
    assert!(reason.contains("Turn 4 has no words"), "{reason}");
    let nobody = WorksheetInput { person_id: None, ..ca_input(&c, None, whole_exchange()) };
    v.save_worksheet_draft(c.id, w.id, &nobody, None).unwrap();
    assert_eq!(invalid(v.sign_worksheet(c.id, w.id)).0, "person_id");

    let input = ca_input(&c, Some(c.sessions[0]), whole_exchange());
    let caret = rapport_core::Caret { field: "meant".into(), offset: 4 };
    v.save_worksheet_draft(c.id, w.id, &input, Some(&caret)).unwrap();
    assert_eq!(v.worksheet(c.id, w.id).unwrap().caret, Some(caret), "the caret is kept");
    let signed = v.sign_worksheet(c.id, w.id).unwrap();
    assert!(signed.signed_at.is_some());
    assert_eq!(signed.caret, None);
    assert!(
        conflict(v.save_worksheet_draft(c.id, w.id, &input, None)).contains("Add an amendment")
    );
    assert!(conflict(v.sign_worksheet(c.id, w.id)).contains("already signed"));
    assert!(conflict(v.discard_worksheet(c.id, w.id)).contains("kept for good"));

    let (field, _) = invalid(v.amend_worksheet(c.id, w.id, WorksheetSection::Rehearsal, "x", "y"));
    assert_eq!(field, "amendment_section");
    let (field, _) = invalid(v.amend_worksheet(c.id, w.id, WorksheetSection::Exchange, "x", " "));
    assert_eq!(field, "amendment_reason");
    let amended = v
        .amend_worksheet(
            c.id,
            w.id,
            WorksheetSection::Exchange,
            "He said it twice, louder the second time.",
            "The client remembered more the next week",
        )
        .unwrap();
    assert_eq!(amended.amendments.len(), 1);
    assert_eq!(amended.fields, signed.fields, "the original stays as signed");
    // A draft is changed directly, never amended.
    let draft = start(&mut v, &c, WorksheetKind::DecisionAnalysis, None);
    assert!(
        conflict(v.amend_worksheet(c.id, draft.id, WorksheetSection::General, "x", "y"))
            .contains("draft")
    );
    v.discard_worksheet(c.id, draft.id).unwrap();
    assert!(matches!(v.worksheet(c.id, draft.id), Err(Error::NotFound { .. })));
}

#[test]
fn the_sessions_worksheets_are_signed_with_its_note() {
    let (_t, mut v) = vault();
    let c = client(&mut v, "Eli Grant", "Noor", 1);
    let s = c.sessions[0];
    let whole = start(&mut v, &c, WorksheetKind::CommunicationAnalysis, Some(s));
    v.save_worksheet_draft(c.id, whole.id, &ca_input(&c, Some(s), whole_exchange()), None).unwrap();
    // Begun and written in, but with no turn of the exchange yet.
    let half = start(&mut v, &c, WorksheetKind::CommunicationAnalysis, Some(s));
    let begun = CommunicationAnalysis { setting: Some("In the car".into()), ..analysis(vec![]) };
    v.save_worksheet_draft(c.id, half.id, &ca_input(&c, Some(s), begun), None).unwrap();
    // Begun about Noor from the note and never written in: nothing to sign, so it goes.
    let empty = start(&mut v, &c, WorksheetKind::DecisionAnalysis, Some(s));

    let note = v.start_note(c.id, Some(s)).unwrap();
    assert_eq!(note.worksheets.len(), 3, "the note lists its session's worksheets");
    let input = NoteInput {
        narrative: Some("Went through the argument.".into()),
        risk_level: RiskLevel::NoConcerns,
        ..NoteInput::default()
    };
    v.save_note_draft(c.id, note.note.id, &input, None).unwrap();
    // The half-written analysis stops the signing and says which and why.
    let (field, reason) = invalid(v.sign_note(c.id, note.note.id));
    assert_eq!(field, "worksheets");
    assert!(reason.contains("communication analysis about Noor"), "{reason}");
    assert!(reason.contains("at least one turn"), "{reason}");
    assert!(v.worksheet(c.id, whole.id).unwrap().signed_at.is_none(), "nothing was signed");
    v.discard_worksheet(c.id, half.id).unwrap();

    let signed = v.sign_note(c.id, note.note.id).unwrap();
    assert!(signed.note.signed_at.is_some());
    assert!(v.worksheet(c.id, whole.id).unwrap().signed_at.is_some(), "signed with the note");
    assert!(
        matches!(v.worksheet(c.id, empty.id), Err(Error::NotFound { .. })),
        "the empty draft went"
    );
    assert_eq!(signed.worksheets.len(), 1);
}

#[test]
fn later_notes_ask_for_the_follow_up_until_it_is_recorded_or_dismissed() {
    let (_t, mut v) = vault();
    let c = client(&mut v, "Fay Moss", "Ari", 4);
    let w = start(&mut v, &c, WorksheetKind::CommunicationAnalysis, Some(c.sessions[0]));
    v.save_worksheet_draft(c.id, w.id, &ca_input(&c, Some(c.sessions[0]), whole_exchange()), None)
        .unwrap();
    // A draft asks nothing yet.
    assert!(v.start_note(c.id, Some(c.sessions[1])).unwrap().follow_ups.is_empty());
    signed_note(&mut v, c.id, c.sessions[0]);
    assert!(
        v.note_of_session(c.id, c.sessions[0]).unwrap().follow_ups.is_empty(),
        "not its own session"
    );

    let second = v.note_of_session(c.id, c.sessions[1]).unwrap();
    assert_eq!(second.follow_ups.len(), 1);
    let prompt = &second.follow_ups[0];
    assert_eq!(prompt.worksheet_id, w.id);
    assert_eq!(prompt.person_name.as_deref(), Some("Ari"));
    assert_eq!(prompt.subject, "I was worried when I did not hear from you.");
    assert!(prompt.follow_up.is_none());
    // Still asked in the third session while nothing is recorded.
    assert_eq!(v.start_note(c.id, Some(c.sessions[2])).unwrap().follow_ups.len(), 1);

    // Recorded in the third session: shown there as done, not asked in the fourth.
    let (field, _) = invalid(v.record_worksheet_follow_up(
        c.id,
        w.id,
        &FollowUpInput { text: None, dismissed: None, session_id: Some(c.sessions[2]) },
    ));
    assert_eq!(field, "follow_up");
    let done = v
        .record_worksheet_follow_up(
            c.id,
            w.id,
            &FollowUpInput {
                text: Some("She said it; he apologised and they ate together.".into()),
                dismissed: None,
                session_id: Some(c.sessions[2]),
            },
        )
        .unwrap();
    assert_eq!(done.follow_up.as_ref().and_then(|f| f.session_id), Some(c.sessions[2]));
    let third = v.note_of_session(c.id, c.sessions[2]).unwrap();
    assert!(third.follow_ups[0].follow_up.is_some(), "shown as recorded where it was recorded");
    assert!(v.start_note(c.id, Some(c.sessions[3])).unwrap().follow_ups.is_empty());
    let summary = v.client_worksheets(c.id).unwrap();
    assert_eq!(summary.worksheets[0].follow_up, FollowUpState::Recorded);

    // A role play asks about the real attempt only from its planned day.
    let rp = start(&mut v, &c, WorksheetKind::RolePlay, Some(c.sessions[1]));
    let role_play = RolePlay {
        goal: Some("Ask Ari to call when late".into()),
        key_phrases: Some("I worry when I do not hear from you".into()),
        runs: vec![Run {
            key: 1,
            client_played: RolePart::Themselves,
            confidence_before: Some(3),
            confidence_after: Some(6),
            distress_before: Some(7),
            distress_after: Some(4),
            notes: None,
        }],
        attempt_on: Some("2026-01-24".into()),
        ..RolePlay::default()
    };
    let input = WorksheetInput {
        person_id: Some(c.person),
        session_id: Some(c.sessions[1]),
        ..WorksheetInput::new(WorksheetContent::RolePlay(role_play))
    };
    v.save_worksheet_draft(c.id, rp.id, &input, None).unwrap();
    v.sign_worksheet(c.id, rp.id).unwrap();
    // Session 3 is on 19 January, before the attempt; session 4 on the 26th, after it.
    assert!(
        v.note_of_session(c.id, c.sessions[2])
            .unwrap()
            .follow_ups
            .iter()
            .all(|p| p.worksheet_id != rp.id)
    );
    let fourth = v.note_of_session(c.id, c.sessions[3]).unwrap();
    assert_eq!(fourth.follow_ups.len(), 1);
    assert_eq!(fourth.follow_ups[0].subject, "I worry when I do not hear from you");
    // Dismissed with a reason: asked no more.
    let (field, _) = invalid(v.record_worksheet_follow_up(
        c.id,
        rp.id,
        &FollowUpInput { text: Some("a".into()), dismissed: Some("b".into()), session_id: None },
    ));
    assert_eq!(field, "dismissed");
    v.record_worksheet_follow_up(
        c.id,
        rp.id,
        &FollowUpInput {
            text: None,
            dismissed: Some("Ari moved away before they could talk".into()),
            session_id: Some(c.sessions[3]),
        },
    )
    .unwrap();
    let later = v.client_worksheets(c.id).unwrap();
    assert_eq!(later.role_plays[0].attempt, FollowUpState::Dismissed);
}

#[test]
fn a_task_and_a_role_play_are_made_from_an_analysis_in_one_step() {
    let (_t, mut v) = vault();
    let c = client(&mut v, "Gus Hale", "Pia", 1);
    let goal = GoalInput {
        area: ProblemArea::RoleDispute,
        description: "Speak up at home".into(),
        target_date: None,
    };
    let goal_id = v.edit_client(c.id, &Edit::AddGoal { goal }).unwrap().goals[0].id;
    let w = start(&mut v, &c, WorksheetKind::CommunicationAnalysis, Some(c.sessions[0]));
    let input = WorksheetInput {
        goal_id: Some(goal_id),
        area: Some(ProblemArea::RoleDispute),
        ..ca_input(&c, Some(c.sessions[0]), whole_exchange())
    };
    v.save_worksheet_draft(c.id, w.id, &input, None).unwrap();

    let linked = v
        .task_from_worksheet(c.id, w.id, &TaskInput::new("Say it the new way to Pia this week"))
        .unwrap();
    let task_id = linked.fields.task_id.expect("linked to the task");
    let record = v.client_record(c.id).unwrap();
    let task = record.tasks.iter().find(|t| t.id == task_id).unwrap();
    assert_eq!(task.set_in_session, Some(c.sessions[0]));
    assert_eq!(task.fields.goal_id, Some(goal_id));
    assert_eq!(task.fields.area, Some(ProblemArea::RoleDispute));
    assert!(
        conflict(v.task_from_worksheet(c.id, w.id, &TaskInput::new("again")))
            .contains("already has")
    );
    // The link survives the next autosave of the draft, which carries it.
    let mut again = input.clone();
    again.task_id = Some(task_id);
    v.save_worksheet_draft(c.id, w.id, &again, None).unwrap();

    let rp = v.start_role_play_from(c.id, w.id).unwrap();
    assert_eq!(rp.kind, WorksheetKind::RolePlay);
    assert_eq!(rp.rehearses, Some(w.id));
    assert_eq!(rp.fields.person_id, Some(c.person));
    assert_eq!(rp.fields.goal_id, Some(goal_id));
    match &rp.fields.content {
        WorksheetContent::RolePlay(r) => {
            assert_eq!(
                r.opening_lines.as_deref(),
                Some("I was worried when I did not hear from you.")
            );
            assert_eq!(r.situation.as_deref(), Some("Kitchen, after he came home late"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(v.worksheet(c.id, w.id).unwrap().fields.role_play_id, Some(rp.id));
    assert_eq!(v.start_role_play_from(c.id, w.id).unwrap().id, rp.id, "asking again opens it");
}

#[test]
fn a_persons_page_shows_the_pattern_across_the_course() {
    let (_t, mut v) = vault();
    let c = client(&mut v, "Hana Ito", "Ken", 3);
    let days = ["2026-01-05", "2026-01-12", "2026-01-19"];
    let mut ids = Vec::new();
    for (i, &session) in c.sessions.iter().enumerate() {
        let w = start(&mut v, &c, WorksheetKind::CommunicationAnalysis, Some(session));
        let mut ca = whole_exchange();
        ca.exchange_on = Some(days[i].into());
        ca.problems = if i < 2 {
            vec![ProblemSeen { problem: CommunicationProblem::AssumedUnderstood, turn: None }]
        } else {
            vec![ProblemSeen { problem: CommunicationProblem::Silence, turn: Some(3) }]
        };
        ca.need_met = Some([NeedMet::No, NeedMet::Partly, NeedMet::Yes][i]);
        v.save_worksheet_draft(c.id, w.id, &ca_input(&c, Some(session), ca), None).unwrap();
        v.sign_worksheet(c.id, w.id).unwrap();
        ids.push(w.id);
    }
    let pattern = v.person_worksheets(c.id, c.person).unwrap();
    assert_eq!(pattern.worksheets.iter().map(|w| w.id).collect::<Vec<_>>(), ids);
    assert_eq!(
        pattern.worksheets.iter().map(|w| w.session.as_ref().unwrap().number).collect::<Vec<_>>(),
        [Some(1), Some(2), Some(3)]
    );
    let assumed = &pattern.problems[0];
    assert_eq!(assumed.problem, CommunicationProblem::AssumedUnderstood);
    assert_eq!(assumed.seen_in, ids[..2]);
    assert_eq!(assumed.last_seen, "2026-01-12");
    assert_eq!(assumed.analyses_since, 1, "not seen in the analysis after");
    assert_eq!(pattern.problems[1].problem, CommunicationProblem::Silence);
    assert_eq!(pattern.problems[1].analyses_since, 0);

    let overview = v.client_worksheets(c.id).unwrap();
    assert_eq!(overview.signed_analyses, 3);
    let counts: Vec<(CommunicationProblem, i64)> =
        overview.problem_counts.iter().map(|p| (p.problem, p.analyses)).collect();
    assert_eq!(
        counts,
        [(CommunicationProblem::AssumedUnderstood, 2), (CommunicationProblem::Silence, 1)]
    );
    assert_eq!(overview.problem_counts[0].people, ["Ken"]);
    assert!(overview.need_met.iter().all(|n| n.analyses == 1));

    // A person removed from the inventory is still named on the worksheets about them.
    v.edit_client(c.id, &Edit::RemovePerson { person_id: c.person }).unwrap();
    let after = v.client_worksheets(c.id).unwrap();
    assert!(after.worksheets.iter().all(|w| w.person_name.as_deref() == Some("Ken")));
}

#[test]
fn a_decision_comes_to_today_on_its_review_day() {
    let (_t, mut v) = vault();
    let c = client(&mut v, "Ines Kaur", "Raj", 1);
    let w = start(&mut v, &c, WorksheetKind::DecisionAnalysis, Some(c.sessions[0]));
    let option =
        |key: u32, text: &str| DecisionOption { key, option: text.into(), pros: None, cons: None };
    let mut decision = DecisionAnalysis {
        problem: Some("Whether to go back to work part time".into()),
        options: vec![option(1, "Go back three days a week")],
        review_on: Some("2026-03-09".into()),
        ..DecisionAnalysis::default()
    };
    let input = |d: DecisionAnalysis| WorksheetInput {
        session_id: Some(c.sessions[0]),
        ..WorksheetInput::new(WorksheetContent::DecisionAnalysis(d))
    };
    v.save_worksheet_draft(c.id, w.id, &input(decision.clone()), None).unwrap();
    assert_eq!(invalid(v.sign_worksheet(c.id, w.id)).0, "options", "one option is no decision");
    decision.options.push(option(2, "Stay at home until the summer"));
    decision.chosen = Some(1);
    v.save_worksheet_draft(c.id, w.id, &input(decision.clone()), None).unwrap();
    v.sign_worksheet(c.id, w.id).unwrap();
    // The test clock's today is 2 March: the review is a week away.
    assert!(v.today().unwrap().decision_reviews.is_empty());

    let w2 = start(&mut v, &c, WorksheetKind::DecisionAnalysis, None);
    decision.review_on = Some("2026-03-02".into());
    v.save_worksheet_draft(c.id, w2.id, &input(decision), None).unwrap();
    assert!(v.today().unwrap().decision_reviews.is_empty(), "a draft is not on Today");
    v.sign_worksheet(c.id, w2.id).unwrap();
    let today = v.today().unwrap();
    assert_eq!(today.decision_reviews.len(), 1);
    assert_eq!(today.decision_reviews[0].worksheet_id, w2.id);
    assert_eq!(today.decision_reviews[0].client_name, "Ines Kaur");
    v.record_worksheet_follow_up(
        c.id,
        w2.id,
        &FollowUpInput {
            text: Some("Back two days; coping".into()),
            dismissed: None,
            session_id: None,
        },
    )
    .unwrap();
    assert!(v.today().unwrap().decision_reviews.is_empty(), "gone once its outcome is in");
}

#[test]
fn search_finds_worksheets_and_their_amendments() {
    let (_t, mut v) = vault();
    let c = client(&mut v, "Jo Park", "Wren", 1);
    let w = start(&mut v, &c, WorksheetKind::CommunicationAnalysis, Some(c.sessions[0]));
    let mut ca = whole_exchange();
    ca.turns[1].words = "Stop nagging about the laundromat".into();
    v.save_worksheet_draft(c.id, w.id, &ca_input(&c, Some(c.sessions[0]), ca), None).unwrap();
    let find = |v: &Vault, text: &str| -> Vec<(SearchKind, i64)> {
        let query =
            SearchQuery { text: text.into(), client_id: Some(c.id), ..SearchQuery::default() };
        v.search(&query).unwrap().hits.iter().map(|h| (h.kind, h.object_id)).collect()
    };
    assert_eq!(find(&v, "laundromat"), [(SearchKind::Worksheet, w.id.0)], "found as typed");
    assert!(find(&v, "other").is_empty(), "a speaker's name is not text");
    v.sign_worksheet(c.id, w.id).unwrap();
    v.amend_worksheet(
        c.id,
        w.id,
        WorksheetSection::Meaning,
        "She meant she felt alone",
        "Recalled later",
    )
    .unwrap();
    assert_eq!(find(&v, "alone"), [(SearchKind::WorksheetAmendment, w.id.0)]);
    // Its person's name is its title.
    assert!(find(&v, "Wren").contains(&(SearchKind::Worksheet, w.id.0)));
    v.record_worksheet_follow_up(
        c.id,
        w.id,
        &FollowUpInput {
            text: Some("Tried it at the allotment".into()),
            dismissed: None,
            session_id: None,
        },
    )
    .unwrap();
    assert_eq!(
        find(&v, "allotment"),
        [(SearchKind::Worksheet, w.id.0)],
        "the follow-up is searched"
    );
}
