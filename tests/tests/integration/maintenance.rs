//! Maintenance IPT as a course of its own kind: monthly sessions over two years with review
//! points and no acute phases; and booster sessions as a dated plan after an acute course.

use rapport_core::{Attendance, ClientStatus, CourseInput, CourseKind, CourseStatus, Edit, Phase};
use rapport_core::{BoosterPlanInput, ClientInput, Clock, NoteInput, RiskLevel, SessionInput};
use rapport_tests::*;

fn session(day: &str, attendance: Attendance) -> SessionInput {
    SessionInput {
        held_on: day.into(),
        start_time: Some("09:00".into()),
        duration_minutes: Some(50),
        format: rapport_core::SessionFormat::Video,
        attendance,
    }
}

#[test]
fn ipt_m_over_24_monthly_sessions_has_review_points_and_no_acute_phases() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let id = v.create_client(&ClientInput::named("Ines Vale"), ClientStatus::Concluded).unwrap();
    let id = id.client.id;
    // The clock reads 2026-03-02; the maintenance course starts that day.
    let course =
        CourseInput { planned_sessions: 24, ..CourseInput::maintenance_starting("2026-03-02") };
    assert_eq!(
        (course.frequency, course.review_every),
        (rapport_core::Frequency::Monthly, Some(6))
    );
    let r = v.edit_client(id, &Edit::AddCourse { course }).unwrap();
    assert_eq!(r.client.status, ClientStatus::Maintenance, "a maintenance course sets the status");
    let course_id = r.courses[0].id;
    let p = &r.courses[0].progress;
    assert_eq!(
        (p.current, p.planned, p.phase, p.next_review),
        (1, 24, Phase::Maintenance, Some(6))
    );
    assert_eq!(p.planned_end, "2028-02-02");

    let mut reviews = Vec::new();
    for month in 0..24u32 {
        let day = t.clock.now().date_naive().to_string();
        let r = v
            .edit_client(
                id,
                &Edit::AddSession { course_id, session: session(&day, Attendance::Attended) },
            )
            .unwrap();
        let p = r.courses[0].progress.clone();
        assert!(p.held_today);
        assert_eq!(p.current, i64::from(month) + 1);
        assert_eq!(p.left, 23 - i64::from(month));
        assert_eq!(p.phase, Phase::Maintenance, "session {}", p.current);
        assert!(!p.conclusion_due, "no conclusion prompt in maintenance (session {})", p.current);
        if p.review_due {
            reviews.push(p.current);
        }
        // Every note of the course is a maintenance note; a review point's note says so.
        let sid = r.courses[0].sessions.last().unwrap().id;
        let note = v.start_note(id, Some(sid)).unwrap().note;
        let review_due = note.place.unwrap().review_due;
        assert_eq!((note.derived_phase, review_due), (Some(Phase::Maintenance), p.review_due));
        if month == 5 {
            let words = NoteInput {
                narrative: Some("Six-month review: warning signs quiet; keep monthly.".into()),
                risk_level: RiskLevel::NoConcerns,
                ..NoteInput::default()
            };
            v.save_note_draft(id, note.id, &words, None).unwrap();
            let signed = v.sign_note(id, note.id).unwrap().note;
            let place = signed.signed_place.unwrap();
            assert_eq!(
                (place.number, place.planned, place.phase),
                (Some(6), 24, Phase::Maintenance)
            );
        }
        let now = t.clock.now();
        let next = now.checked_add_months(chrono::Months::new(1)).unwrap();
        t.clock.advance(next - now);
    }
    assert_eq!(reviews, vec![6, 12, 18, 24]);
    let p = v.client_record(id).unwrap().courses[0].progress.clone();
    assert_eq!((p.current, p.left, p.review_due), (24, 0, true));

    // A maintenance course has no phase to override, and is renegotiated past 20 freely.
    let e = v
        .edit_client(
            id,
            &Edit::OverridePhase { course_id, phase: Some(Phase::Conclusion), reason: "x".into() },
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("phase"));
    let r = v
        .edit_client(
            id,
            &Edit::Renegotiate {
                course_id,
                planned_sessions: 36,
                changed_on: "2028-03-01".into(),
                reason: "Agreed at the two-year review to go on for a third year.".into(),
            },
        )
        .unwrap();
    let p = &r.courses[0].progress;
    // The next session is 25 of 36: 11 left after it, the next review at 30.
    assert_eq!((p.current, p.planned, p.left, p.next_review), (25, 36, 11, Some(30)));
    // Its kind is kept once sessions are counted by it.
    let mut fields = r.courses[0].fields.clone();
    fields.kind = CourseKind::Acute;
    fields.review_every = None;
    let e = v.edit_client(id, &Edit::UpdateCourse { course_id, course: fields }).unwrap_err();
    assert_eq!(e.field(), Some("kind"));
}

#[test]
fn maintenance_contract_rules_at_their_edges() {
    let (_t, created) = TestVault::create();
    let mut v = created.vault;
    let id = v.create_client(&ClientInput::named("Oren Tal"), ClientStatus::Assessment).unwrap();
    let id = id.client.id;
    let m = CourseInput::maintenance_starting("2026-03-02");
    for (course, field) in [
        (CourseInput { planned_sessions: 61, ..m.clone() }, "planned_sessions"),
        (CourseInput { planned_sessions: 2, ..m.clone() }, "planned_sessions"),
        (CourseInput { review_every: None, ..m.clone() }, "review_every"),
        (CourseInput { review_every: Some(1), ..m.clone() }, "review_every"),
        (CourseInput { review_every: Some(25), ..m.clone() }, "review_every"),
        (
            CourseInput { review_every: Some(6), ..CourseInput::starting("2026-03-02") },
            "review_every",
        ),
        (
            CourseInput { planned_sessions: 24, ..CourseInput::starting("2026-03-02") },
            "planned_sessions",
        ),
    ] {
        let e = v.edit_client(id, &Edit::AddCourse { course }).unwrap_err();
        assert_eq!(e.field(), Some(field));
    }
    let ok = CourseInput { planned_sessions: 60, review_every: Some(24), ..m };
    v.edit_client(id, &Edit::AddCourse { course: ok }).unwrap();
}

#[test]
fn boosters_are_a_dated_plan_after_an_acute_course() {
    let (_t, created) = TestVault::create();
    let mut v = created.vault;
    let id = v.create_client(&ClientInput::named("Lev Aron"), ClientStatus::Assessment).unwrap();
    let id = id.client.id;
    let acute = CourseInput {
        status: CourseStatus::Concluded,
        ended_on: Some("2026-02-20".into()),
        ..CourseInput::starting("2025-11-03")
    };
    let r = v.edit_client(id, &Edit::AddCourse { course: acute }).unwrap();
    let course_id = r.courses[0].id;
    let plan = BoosterPlanInput {
        agreed_on: "2026-02-20".into(),
        dates: vec!["2026-08-20".into(), "2026-05-20".into()],
        note: Some("Review the warning signs.".into()),
    };
    let r = v.edit_client(id, &Edit::SaveBoosterPlan { course_id, plan: plan.clone() }).unwrap();
    let b = r.courses[0].boosters.clone().unwrap();
    assert_eq!(b.fields.dates, vec!["2026-05-20", "2026-08-20"]);

    // Five dates are refused with the reason, and the plan stays as it was.
    let five = BoosterPlanInput {
        dates: ["2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01"]
            .map(String::from)
            .to_vec(),
        ..plan.clone()
    };
    let e = v.edit_client(id, &Edit::SaveBoosterPlan { course_id, plan: five }).unwrap_err();
    assert_eq!(e.field(), Some("dates"));
    let r = v.client_record(id).unwrap();
    assert_eq!(r.courses[0].boosters.as_ref().unwrap().fields.dates.len(), 2);

    // Boosters do not follow a maintenance course.
    let m = CourseInput::maintenance_starting("2026-03-02");
    let r = v.edit_client(id, &Edit::AddCourse { course: m }).unwrap();
    let m_id = r.courses.iter().find(|c| c.fields.kind == CourseKind::Maintenance).unwrap().id;
    let e = v
        .edit_client(id, &Edit::SaveBoosterPlan { course_id: m_id, plan: plan.clone() })
        .unwrap_err();
    assert_eq!(e.field(), Some("course"));

    let r = v.edit_client(id, &Edit::RemoveBoosterPlan { course_id }).unwrap();
    assert!(r.courses.iter().all(|c| c.boosters.is_none()));
}

#[test]
fn assessment_sessions_come_before_a_course_and_are_never_its_session_1() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let id = v.create_client(&ClientInput::named("Ada Brandt"), ClientStatus::Enquiry).unwrap();
    let id = id.client.id;
    // Two assessment sessions, a week apart: the client moves from enquiry to assessment, not
    // to active, and neither session is counted by a course.
    let r = v
        .edit_client(
            id,
            &Edit::AddAssessmentSession { session: session("2026-02-16", Attendance::Attended) },
        )
        .unwrap();
    assert_eq!(r.client.status, ClientStatus::Assessment);
    assert!(r.courses.is_empty());
    let first = r.assessment_sessions[0].id;
    assert_eq!(r.assessment_sessions[0].number, None);
    assert_eq!(r.assessment_sessions[0].course_id, None);

    // Its note is written and signed with a risk check, and has no place in a course.
    let note = v.start_note(id, Some(first)).unwrap().note;
    assert_eq!((note.course_id, note.place, note.derived_phase), (None, None, None));
    let words = NoteInput {
        narrative: Some("History and the interpersonal inventory begun.".into()),
        risk_level: RiskLevel::Low,
        phase: Some(Phase::Initial),
        ..NoteInput::default()
    };
    let e = v.save_note_draft(id, note.id, &words, None).unwrap_err();
    assert_eq!(e.field(), Some("phase"), "an assessment has no phase to choose");
    let words = NoteInput { phase: None, ..words };
    v.save_note_draft(id, note.id, &words, None).unwrap();
    let signed = v.sign_note(id, note.id).unwrap().note;
    assert!(signed.signed_at.is_some());
    assert_eq!(signed.signed_place, None);

    // Today's note for a client still being assessed is an assessment session too.
    let today = v.start_note(id, None).unwrap().note;
    assert_eq!(today.session.purpose, rapport_core::SessionPurpose::Assessment);
    assert_eq!(today.session.fields.held_on, t.clock.now().date_naive().to_string());
    let r = v.client_record(id).unwrap();
    assert_eq!(r.assessment_sessions.len(), 2);
    assert_eq!(r.client.status, ClientStatus::Assessment);

    // The course agreed afterwards starts at session 1.
    let course = CourseInput::starting("2026-03-02");
    let r = v.edit_client(id, &Edit::AddCourse { course }).unwrap();
    assert_eq!(r.client.status, ClientStatus::Active);
    let course_id = r.courses[0].id;
    let r = v
        .edit_client(
            id,
            &Edit::AddSession { course_id, session: session("2026-03-02", Attendance::Attended) },
        )
        .unwrap();
    let p = &r.courses[0].progress;
    assert_eq!((p.held, p.current, p.left), (1, 1, 15));
    assert_eq!(r.courses[0].sessions[0].number, Some(1));
    assert_eq!(r.assessment_sessions.len(), 2, "the assessments stay apart from the course");
    // Once the course is active, today's note belongs to it.
    let note = v.start_note(id, None).unwrap().note;
    assert_eq!(note.course_id, Some(course_id));
    assert_eq!(note.session.number, Some(1));
}
