//! Measures given to a client: answers saved as they are given, complete or incomplete, never
//! changed once finished, corrections linked with a reason, and risk flags that stay on the
//! note and on Today until a signed note records the assessment.

use crate::risk::client_with_sessions;
use rapport_core::{
    AdministrationId, AdministrationStart, AdministrationStatus, Answer, Attendance, ClientId,
    Edit, Error, Instrument, NoteInput, RiskFlagKind, RiskLevel, SessionFormat, SessionId,
    SessionInput, Vault,
};
use rapport_tests::*;

fn vault() -> (TestVault, Vault) {
    let (t, created) = TestVault::create();
    (t, created.vault)
}

fn start(
    v: &mut Vault,
    id: ClientId,
    instrument: Instrument,
    s: Option<SessionId>,
) -> AdministrationId {
    let what =
        AdministrationStart { instrument, session_id: s, given_on: None, handed_to_client: false };
    v.start_administration(id, &what).unwrap().id
}

fn answer_all(v: &mut Vault, id: ClientId, a: AdministrationId, values: &[i64]) {
    for (at, value) in values.iter().enumerate() {
        v.answer_item(id, a, (at + 1) as u8, Some(Answer::Given(*value))).unwrap();
    }
}

fn field<T: std::fmt::Debug>(result: rapport_core::Result<T>) -> String {
    match result {
        Err(Error::Invalid { field, .. }) => field.into_owned(),
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

#[test]
fn a_measure_given_in_session_is_scored_dated_and_shown_on_its_note() {
    let (_t, mut v) = vault();
    let (id, sessions) = client_with_sessions(&mut v, "Ana Petrova", &["2026-02-23"]);
    let a = start(&mut v, id, Instrument::Phq9, Some(sessions[0]));
    // Each answer is saved at once: an interrupted form keeps what was given.
    answer_all(&mut v, id, a, &[2, 2, 1, 2, 1, 1, 1, 1]);
    let record = v.client_record(id).unwrap();
    let open = &record.administrations[0];
    assert_eq!(open.status, AdministrationStatus::Open);
    assert_eq!(open.given_on, "2026-02-23", "the session's date");
    assert_eq!(open.course_id, Some(record.courses[0].id));
    assert_eq!(open.score.missing, vec![9]);
    assert_eq!(open.score.total, None);

    // Finishing with item 9 unanswered is refused, naming it.
    assert_eq!(field(v.finish_administration(id, a, false)), "item_9");
    v.answer_item(id, a, 9, Some(Answer::Given(0))).unwrap();
    let done = v.finish_administration(id, a, false).unwrap();
    assert_eq!(done.status, AdministrationStatus::Complete);
    assert_eq!(done.score.total, Some(11));
    assert_eq!(done.score.band.as_deref(), Some("Moderate"));

    // The session's note lists it.
    let note = v.start_note(id, Some(sessions[0])).unwrap();
    assert_eq!(note.measures.len(), 1);
    assert_eq!(note.measures[0].id, a);

    // Out-of-range answers are refused naming the item, and save nothing.
    let b = start(&mut v, id, Instrument::Gad7, Some(sessions[0]));
    assert_eq!(field(v.answer_item(id, b, 3, Some(Answer::Given(4)))), "item_3");
    assert_eq!(field(v.answer_item(id, b, 12, Some(Answer::Given(1)))), "item_12");
    let b_now = v.administrations(id).unwrap().into_iter().find(|x| x.id == b).unwrap();
    assert!(b_now.responses.iter().all(Option::is_none));
}

#[test]
fn an_incomplete_administration_has_no_total_and_a_finished_one_never_changes() {
    let (_t, mut v) = vault();
    let (id, sessions) = client_with_sessions(&mut v, "Ben Ode", &["2026-02-23"]);
    let a = start(&mut v, id, Instrument::Gad7, Some(sessions[0]));
    answer_all(&mut v, id, a, &[1, 2, 1]);
    let kept = v.finish_administration(id, a, true).unwrap();
    assert_eq!(kept.status, AdministrationStatus::Incomplete);
    assert_eq!(kept.score.total, None);
    assert_eq!(kept.score.missing, vec![4, 5, 6, 7]);
    // Finished: no answer changes, no removal.
    assert!(matches!(v.answer_item(id, a, 4, Some(Answer::Given(1))), Err(Error::Conflict { .. })));
    assert!(matches!(v.discard_administration(id, a), Err(Error::Conflict { .. })));
}

#[test]
fn a_correction_is_a_new_administration_linked_with_a_reason() {
    let (_t, mut v) = vault();
    let (id, sessions) = client_with_sessions(&mut v, "Cleo Marsh", &["2026-02-23"]);
    let a = start(&mut v, id, Instrument::Phq9, Some(sessions[0]));
    answer_all(&mut v, id, a, &[3, 3, 3, 3, 3, 3, 3, 3, 0]);
    v.finish_administration(id, a, false).unwrap();
    assert_eq!(field(v.correct_administration(id, a, "  ")), "correction_reason");
    let c = v.correct_administration(id, a, "Item 1 was misread from the paper form").unwrap();
    assert_eq!(c.corrects, Some(a));
    assert_eq!(c.status, AdministrationStatus::Open);
    assert_eq!(c.responses, v.administrations(id).unwrap()[0].responses, "starts from the old");
    v.answer_item(id, c.id, 1, Some(Answer::Given(1))).unwrap();
    let c = v.finish_administration(id, c.id, false).unwrap();
    assert_eq!(c.score.total, Some(22));
    let all = v.administrations(id).unwrap();
    assert_eq!(all.len(), 2, "both stay visible");
    assert_eq!(all[0].corrected_by, Some(c.id));
    assert_eq!(all[0].score.total, Some(24), "the original is unchanged");
    // One correction per administration; correct the correction instead.
    assert!(matches!(v.correct_administration(id, a, "again"), Err(Error::Conflict { .. })));
}

#[test]
fn a_flagged_item_stays_on_the_note_and_today_until_a_signed_assessment() {
    let (t, mut v) = vault();
    let (id, sessions) = client_with_sessions(&mut v, "Dora Vance", &["2026-02-23", "2026-03-02"]);
    let a = start(&mut v, id, Instrument::Phq9, Some(sessions[0]));
    // A low total: item 9 at 1, the rest 0.
    answer_all(&mut v, id, a, &[0, 0, 0, 0, 0, 0, 0, 0, 1]);
    let done = v.finish_administration(id, a, false).unwrap();
    assert_eq!(done.score.total, Some(1));
    assert!(done.flag_open);

    let today = v.today().unwrap();
    let flag = today.risk_flags.iter().find(|f| f.client_id == id).unwrap();
    assert_eq!(flag.kind, RiskFlagKind::MeasureItem);
    let m = flag.measure.as_ref().unwrap();
    assert_eq!((m.name.as_str(), m.flag.item, m.flag.value), ("PHQ-9", 9, 1));

    // The note shows it, and cannot be signed without the assessment.
    let note = v.start_note(id, Some(sessions[0])).unwrap();
    assert_eq!(note.measure_flags.len(), 1);
    let n = note.note.id;
    let mut input = NoteInput {
        narrative: Some("Went over the week.".into()),
        risk_level: RiskLevel::NotAsked,
        risk_not_assessed_reason: Some("Ran out of time".into()),
        ..NoteInput::default()
    };
    v.save_note_draft(id, n, &input, None).unwrap();
    assert_eq!(field(v.sign_note(id, n)), "risk_level");
    input.risk_level = RiskLevel::Low;
    v.save_note_draft(id, n, &input, None).unwrap();
    assert_eq!(field(v.sign_note(id, n)), "risk_notes");
    // A draft never clears it.
    assert!(v.today().unwrap().risk_flags.iter().any(|f| f.kind == RiskFlagKind::MeasureItem));
    input.risk_notes =
        Some("Passive thoughts some days; no plan or intent. Safety plan reviewed.".into());
    v.save_note_draft(id, n, &input, None).unwrap();
    t.clock.advance(chrono::Duration::minutes(20));
    v.sign_note(id, n).unwrap();
    assert!(!v.today().unwrap().risk_flags.iter().any(|f| f.client_id == id));
    assert!(!v.administrations(id).unwrap()[0].flag_open);
}

#[test]
fn a_flag_is_raised_by_an_open_form_too_and_keeps_it() {
    let (_t, mut v) = vault();
    let (id, sessions) = client_with_sessions(&mut v, "Eli Stone", &["2026-02-23"]);
    let a = start(&mut v, id, Instrument::Phq9, Some(sessions[0]));
    v.answer_item(id, a, 9, Some(Answer::Given(2))).unwrap();
    assert!(v.today().unwrap().risk_flags.iter().any(|f| f.kind == RiskFlagKind::MeasureItem));
    // A flagged form is not thrown away.
    assert!(matches!(v.discard_administration(id, a), Err(Error::Conflict { .. })));
    // An unflagged open form started by mistake can be.
    let b = start(&mut v, id, Instrument::Gad7, Some(sessions[0]));
    v.discard_administration(id, b).unwrap();
    assert_eq!(v.administrations(id).unwrap().len(), 1);
}

#[test]
fn links_stay_within_the_client_and_dates_are_checked() {
    let (_t, mut v) = vault();
    let (a_id, _) = client_with_sessions(&mut v, "Fay Lin", &["2026-02-23"]);
    let (_b_id, b_sessions) = client_with_sessions(&mut v, "Gus Hale", &["2026-02-23"]);
    let what = AdministrationStart {
        instrument: Instrument::Phq9,
        session_id: Some(b_sessions[0]),
        given_on: None,
        handed_to_client: false,
    };
    assert_eq!(field(v.start_administration(a_id, &what)), "session_id");
    let future = AdministrationStart {
        session_id: None,
        given_on: Some("2026-04-01".into()),
        ..what.clone()
    };
    assert_eq!(field(v.start_administration(a_id, &future)), "given_on");
    let goal = AdministrationStart { instrument: Instrument::GoalRating, ..future.clone() };
    assert_eq!(field(v.start_administration(a_id, &goal)), "instrument");
    // From the record with no session: today, in the course under way.
    let plain = AdministrationStart { session_id: None, given_on: None, ..what };
    let a = v.start_administration(a_id, &plain).unwrap();
    assert_eq!(a.given_on, "2026-03-02");
    assert!(a.course_id.is_some());
    let changed = v.set_administration_date(a_id, a.id, "2026-02-28").unwrap();
    assert_eq!(changed.given_on, "2026-02-28");
}

#[test]
fn the_course_plan_says_which_measures_are_due_at_each_appointment() {
    use rapport_core::{Cadence, PlannedMeasure};
    let (_t, mut v) = vault();
    // Two sessions held, one booked for today: session 3.
    let (id, _) = client_with_sessions(&mut v, "Hana Yu", &["2026-02-16", "2026-02-23"]);
    let course_id = v.client_record(id).unwrap().courses[0].id;
    let today = SessionInput {
        held_on: "2026-03-02".into(),
        start_time: Some("10:00".into()),
        duration_minutes: Some(50),
        format: SessionFormat::InPerson,
        attendance: Attendance::Scheduled,
    };
    v.edit_client(id, &Edit::AddSession { course_id, session: today }).unwrap();
    let plan = vec![
        PlannedMeasure {
            instrument: Instrument::Phq9,
            cadence: Cadence::EveryNSessions { every: 2 },
        },
        PlannedMeasure { instrument: Instrument::Gad7, cadence: Cadence::StartAndEnd },
        PlannedMeasure { instrument: Instrument::Wsas, cadence: Cadence::EverySession },
    ];
    let r = v.edit_client(id, &Edit::SetMeasurePlan { course_id, plan: plan.clone() }).unwrap();
    assert_eq!(
        r.courses[0].measure_plan_words,
        "PHQ-9 every 2 sessions; GAD-7 at the start and the end; WSAS every session"
    );
    let due = |v: &Vault| -> Vec<Instrument> {
        let t = v.today().unwrap();
        let a = t.appointments.iter().find(|a| a.client_id == id).unwrap();
        a.measures_due.iter().map(|m| m.instrument).collect()
    };
    // Session 3: PHQ-9 (1, 3, 5 …) and the WSAS; not the GAD-7 (1 and 12 only).
    assert_eq!(due(&v), vec![Instrument::Phq9, Instrument::Wsas]);
    // Given in today's session: no longer due.
    let session = v.client_record(id).unwrap().courses[0].sessions[2].id;
    let a = start(&mut v, id, Instrument::Wsas, Some(session));
    answer_all(&mut v, id, a, &[1, 1, 1, 1, 1]);
    v.finish_administration(id, a, false).unwrap();
    assert_eq!(due(&v), vec![Instrument::Phq9]);
    // A plan with an instrument twice, or too far apart, is refused naming the plan.
    let twice = vec![plan[0], plan[0]];
    assert_eq!(
        field(v.edit_client(id, &Edit::SetMeasurePlan { course_id, plan: twice })),
        "measure_plan"
    );
    let far = vec![PlannedMeasure {
        instrument: Instrument::Phq9,
        cadence: Cadence::EveryNSessions { every: 20 },
    }];
    assert_eq!(
        field(v.edit_client(id, &Edit::SetMeasurePlan { course_id, plan: far })),
        "measure_plan"
    );
}
