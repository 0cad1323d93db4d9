//! The time limit that holds: how a course counts its sessions when some are missed, by each
//! rule a contract may set, with the calendar as the second limit; and a signed note that keeps
//! the place it was signed with.

use rapport_core::{Attendance, ClientId, ClientStatus, CourseInput, Edit, Phase, Progress};
use rapport_core::{ClientInput, ClientRecord, NoteInput, RiskLevel, SessionInput, Vault};
use rapport_tests::*;

/// The week of a 16-session weekly course: two no-shows (weeks 3 and 8) and one cancellation
/// with notice (week 6, rebooked two days later in the same week).
#[derive(Clone, Copy, PartialEq)]
enum Week {
    Held,
    NoShow,
    CancelledThenHeld,
}

const WEEKS: [Week; 16] = {
    use Week::*;
    [
        Held,
        Held,
        Held,
        NoShow,
        Held,
        Held,
        CancelledThenHeld,
        Held,
        NoShow,
        Held,
        Held,
        Held,
        Held,
        Held,
        Held,
        Held,
    ]
};

/// What a held session shows: (N, sessions left after it, missed that count, phase, prompt).
type Seen = (i64, i64, i64, Phase, bool);

fn session(day: &str, attendance: Attendance) -> SessionInput {
    SessionInput {
        held_on: day.into(),
        start_time: Some("10:00".into()),
        duration_minutes: Some(50),
        format: rapport_core::SessionFormat::InPerson,
        attendance,
    }
}

fn today(t: &TestVault) -> String {
    use rapport_core::Clock;
    t.clock.now().date_naive().to_string()
}

fn progress(r: &ClientRecord) -> Progress {
    r.courses[0].progress.clone()
}

/// Runs the sixteen weeks for a new client whose contract counts no-shows and cancellations
/// as given; returns what each held session showed, in the record's header and in its note.
fn run_course(no_show_counts: bool, cancellation_counts: bool) -> Vec<Seen> {
    let (t, created) = TestVault::create();
    let mut v: Vault = created.vault;
    let id = v.create_client(&ClientInput::named("Mira Holt"), ClientStatus::Assessment).unwrap();
    let id: ClientId = id.client.id;
    let course =
        CourseInput { no_show_counts, cancellation_counts, ..CourseInput::starting("2026-03-02") };
    let r = v.edit_client(id, &Edit::AddCourse { course }).unwrap();
    let course_id = r.courses[0].id;
    let mut seen = Vec::new();
    for week in WEEKS {
        if week == Week::CancelledThenHeld {
            let s = session(&today(&t), Attendance::Cancelled);
            v.edit_client(id, &Edit::AddSession { course_id, session: s }).unwrap();
            t.clock.advance(chrono::Duration::days(2));
        }
        let attendance =
            if week == Week::NoShow { Attendance::NoShow } else { Attendance::Attended };
        let s = session(&today(&t), attendance);
        let r = v.edit_client(id, &Edit::AddSession { course_id, session: s }).unwrap();
        if attendance == Attendance::Attended {
            let p = progress(&r);
            assert!(p.held_today);
            let session = r.courses[0].sessions.last().unwrap().id;
            let note = v.start_note(id, Some(session)).unwrap().note;
            let place = note.place.unwrap();
            // The note of the session and the record's header count alike.
            assert_eq!(
                (place.number, place.left, place.missed, note.derived_phase.unwrap()),
                (p.current, p.left, p.missed, p.phase),
                "session {}",
                p.current
            );
            assert_eq!(note.session.number, Some(p.current));
            seen.push((p.current, p.left, p.missed, p.phase, p.conclusion_due));
        }
        let back_to_monday = if week == Week::CancelledThenHeld { 5 } else { 7 };
        t.clock.advance(chrono::Duration::days(back_to_monday));
    }
    seen
}

#[test]
fn by_default_no_shows_use_up_the_plan_and_cancellations_are_rebooked() {
    use Phase::*;
    let seen = run_course(true, false);
    assert_eq!(
        seen,
        [
            (1, 15, 0, Initial, false),
            (2, 14, 0, Initial, false),
            (3, 13, 0, Initial, false),
            (4, 11, 1, Middle, false),
            (5, 10, 1, Middle, false),
            // The cancellation was rebooked: it used nothing.
            (6, 9, 1, Middle, false),
            (7, 8, 1, Middle, false),
            (8, 6, 2, Middle, false),
            // "Session 9 of 16 · 5 left, 2 missed".
            (9, 5, 2, Middle, false),
            (10, 4, 2, Middle, false),
            // Session M−3 by the plan that remains: the ending is raised.
            (11, 3, 2, Middle, true),
            (12, 2, 2, Conclusion, true),
            (13, 1, 2, Conclusion, true),
            (14, 0, 2, Conclusion, true),
        ]
    );
}

#[test]
fn when_cancellations_count_too_the_conclusion_comes_a_session_sooner() {
    use Phase::*;
    let seen = run_course(true, true);
    let tail: Vec<Seen> = seen[5..].to_vec();
    assert_eq!(
        tail,
        [
            (6, 8, 2, Middle, false),
            (7, 7, 2, Middle, false),
            (8, 5, 3, Middle, false),
            (9, 4, 3, Middle, false),
            (10, 3, 3, Middle, true),
            (11, 2, 3, Conclusion, true),
            (12, 1, 3, Conclusion, true),
            (13, 0, 3, Conclusion, true),
            // One more held than the plan allows: it shows, and the count stays at 0 left.
            (14, 0, 3, Conclusion, true),
        ]
    );
}

#[test]
fn when_missed_sessions_do_not_count_the_planned_end_date_still_holds() {
    use Phase::*;
    let seen = run_course(false, false);
    // The count alone would leave 16 − N; the calendar has fewer dates, and wins.
    let at = |n: i64| *seen.iter().find(|s| s.0 == n).unwrap();
    assert_eq!(at(8), (8, 8, 0, Middle, false));
    assert_eq!(at(11), (11, 5, 0, Middle, true), "three planned dates left after session 11");
    assert_eq!(at(12), (12, 4, 0, Conclusion, true), "two planned dates left");
    assert_eq!(at(14), (14, 2, 0, Conclusion, true));
}

#[test]
fn the_header_between_sessions_and_the_planned_end() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let id = v.create_client(&ClientInput::named("Ola Berg"), ClientStatus::Assessment).unwrap();
    let id = id.client.id;
    let r = v
        .edit_client(id, &Edit::AddCourse { course: CourseInput::starting("2026-03-02") })
        .unwrap();
    let course_id = r.courses[0].id;
    let p = progress(&r);
    assert_eq!((p.current, p.left, p.missed, p.held_today), (1, 15, 0, false));
    // Four no-shows among twelve weeks: eight held.
    for week in 0..12 {
        let attendance = if week % 3 == 1 { Attendance::NoShow } else { Attendance::Attended };
        let s = session(&today(&t), attendance);
        v.edit_client(id, &Edit::AddSession { course_id, session: s }).unwrap();
        t.clock.advance(chrono::Duration::days(7));
    }
    // Monday of week 13, before the session: the next is session 9, four of the plan are left
    // after it, and the calendar has three planned dates after today: the ending is due.
    let p = progress(&v.client_record(id).unwrap());
    assert_eq!((p.held, p.missed, p.current, p.left, p.held_today), (8, 4, 9, 3, false));
    assert!(p.conclusion_due);
    assert_eq!(p.phase, Phase::Middle);
    assert_eq!(p.weeks_remaining, 3);
    let due = v.today().unwrap().conclusion;
    assert_eq!(due.len(), 1);
    assert_eq!((due[0].current, due[0].left, due[0].missed), (9, 3, 4));
    // Past the planned end with sessions still unheld: the conclusion, whatever the count.
    t.clock.advance(chrono::Duration::days(28));
    let p = progress(&v.client_record(id).unwrap());
    assert!(p.past_planned_end);
    assert_eq!((p.phase, p.conclusion_due, p.weeks_remaining), (Phase::Conclusion, true, 0));
}

#[test]
fn a_signed_note_keeps_its_place_after_a_renegotiation_and_an_earlier_session() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let id = v.create_client(&ClientInput::named("Rhea Moss"), ClientStatus::Assessment).unwrap();
    let id = id.client.id;
    let course = CourseInput { planned_sessions: 12, ..CourseInput::starting("2026-01-05") };
    let r = v.edit_client(id, &Edit::AddCourse { course }).unwrap();
    let course_id = r.courses[0].id;
    for day in ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"] {
        v.edit_client(
            id,
            &Edit::AddSession { course_id, session: session(day, Attendance::Attended) },
        )
        .unwrap();
    }
    let r = v.client_record(id).unwrap();
    let fourth = r.courses[0].sessions[3].id;
    let note = v.start_note(id, Some(fourth)).unwrap().note;
    let words = NoteInput {
        narrative: Some("Worked on the dispute.".into()),
        risk_level: RiskLevel::NoConcerns,
        ..NoteInput::default()
    };
    v.save_note_draft(id, note.id, &words, None).unwrap();
    let signed = v.sign_note(id, note.id).unwrap().note;
    let frozen = signed.signed_place.clone().unwrap();
    assert_eq!(
        (frozen.number, frozen.planned, frozen.left, frozen.missed),
        (Some(4), 12, Some(8), Some(0))
    );
    assert_eq!(frozen.phase, Phase::Middle);

    // The plan is renegotiated and a forgotten session is added before it.
    v.edit_client(
        id,
        &Edit::Renegotiate {
            course_id,
            planned_sessions: 16,
            changed_on: today(&t),
            reason: "Agreed to extend after the midpoint review.".into(),
        },
    )
    .unwrap();
    v.edit_client(
        id,
        &Edit::AddSession { course_id, session: session("2026-01-08", Attendance::Attended) },
    )
    .unwrap();
    let again = v.note_of_session(id, fourth).unwrap().note;
    assert_eq!(again.signed_place, Some(frozen), "as signed");
    // The live view differs, and says so by carrying both.
    let live = again.place.unwrap();
    assert_eq!((live.number, live.planned), (5, 16));
    assert_eq!(again.session.number, Some(5));
}
