//! Risk that cannot slip: no note is signed without a risk check, moderate or high risk needs
//! the action taken, a raised level stays on Today until a signed note lowers it with the
//! assessment that did, and a missed session while risk is raised is flagged.

use rapport_core::{Attendance, ClientId, ClientInput, ClientStatus, CourseInput, Edit, Error};
use rapport_core::{AuditEvent, NoteId, NoteInput, RiskAction, RiskFlagKind, RiskLevel};
use rapport_core::{SessionFormat, SessionId, SessionInput, Vault};
use rapport_tests::*;

fn vault() -> (TestVault, Vault) {
    let (t, created) = TestVault::create();
    (t, created.vault)
}

/// A client in a 12-session course, with a session held on each of `days`.
pub(crate) fn client_with_sessions(
    v: &mut Vault,
    name: &str,
    days: &[&str],
) -> (ClientId, Vec<SessionId>) {
    let id = v.create_client(&ClientInput::named(name), ClientStatus::Assessment).unwrap();
    let id = id.client.id;
    let course = CourseInput { planned_sessions: 12, ..CourseInput::starting("2026-01-05") };
    let r = v.edit_client(id, &Edit::AddCourse { course }).unwrap();
    let course_id = r.courses[0].id;
    for day in days {
        add(v, id, course_id, day, Attendance::Attended);
    }
    let r = v.client_record(id).unwrap();
    (id, r.courses[0].sessions.iter().map(|s| s.id).collect())
}

fn add(v: &mut Vault, id: ClientId, course_id: rapport_core::CourseId, day: &str, a: Attendance) {
    let session = SessionInput {
        held_on: day.into(),
        start_time: Some("10:00".into()),
        duration_minutes: Some(50),
        format: SessionFormat::InPerson,
        attendance: a,
    };
    v.edit_client(id, &Edit::AddSession { course_id, session }).unwrap();
}

fn note(v: &mut Vault, id: ClientId, session: SessionId, input: NoteInput) -> NoteId {
    let note = v.start_note(id, Some(session)).unwrap().note.id;
    v.save_note_draft(id, note, &input, None).unwrap();
    note
}

fn words(level: RiskLevel) -> NoteInput {
    NoteInput {
        narrative: Some("Talked it through.".into()),
        risk_level: level,
        ..NoteInput::default()
    }
}

fn high() -> NoteInput {
    NoteInput {
        risk_notes: Some("Thoughts of ending her life since the row; a plan, no date.".into()),
        ..words(RiskLevel::High)
    }
}

/// The field an invalid-input error names.
fn field<T: std::fmt::Debug>(result: rapport_core::Result<T>) -> String {
    match result {
        Err(Error::Invalid { field, .. }) => field.into_owned(),
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

/// Today's risk list for one client: (kind, level, date).
fn flags(v: &Vault, id: ClientId) -> Vec<(RiskFlagKind, Option<RiskLevel>, String)> {
    let today = v.today().unwrap();
    today
        .risk_flags
        .iter()
        .filter(|f| f.client_id == id)
        .map(|f| (f.kind, f.level, f.on.clone()))
        .collect()
}

#[test]
fn signing_needs_a_risk_check_and_at_moderate_or_high_the_action_taken() {
    let (_t, mut v) = vault();
    let (c, s) = client_with_sessions(&mut v, "Ines Ward", &["2026-02-23"]);
    let n = note(&mut v, c, s[0], words(RiskLevel::NotAsked));
    assert_eq!(field(v.sign_note(c, n)), "risk_not_assessed_reason");
    let reason = NoteInput {
        risk_not_assessed_reason: Some("Telephone check-in about the appointment only.".into()),
        ..words(RiskLevel::NotAsked)
    };
    v.save_note_draft(c, n, &reason, None).unwrap();
    let signed = v.sign_note(c, n).unwrap().note;
    assert!(signed.signed_at.is_some());

    for level in [RiskLevel::Moderate, RiskLevel::High] {
        let (c, s) = client_with_sessions(&mut v, "Jon Ward", &["2026-02-23"]);
        let n = note(&mut v, c, s[0], words(level));
        // The action in words alone is not enough: the structured field is what is checked.
        let typed = NoteInput { risk_action: Some("Talked.".into()), ..words(level) };
        v.save_note_draft(c, n, &typed, None).unwrap();
        assert_eq!(field(v.sign_note(c, n)), "risk_actions", "{level:?}");
        // "Other" needs its words.
        let other = NoteInput { risk_actions: vec![RiskAction::Other], ..words(level) };
        v.save_note_draft(c, n, &other, None).unwrap();
        assert_eq!(field(v.sign_note(c, n)), "risk_action", "{level:?}");
        let done = NoteInput {
            risk_actions: vec![RiskAction::EmergencyServices, RiskAction::CrisisContactsGiven],
            ..words(level)
        };
        v.save_note_draft(c, n, &done, None).unwrap();
        let signed = v.sign_note(c, n).unwrap().note;
        assert_eq!(
            signed.fields.risk_actions,
            [RiskAction::EmergencyServices, RiskAction::CrisisContactsGiven]
        );
    }
}

#[test]
fn a_raised_flag_survives_drafts_and_discards_and_is_cleared_only_by_a_signed_note() {
    let (_t, mut v) = vault();
    let days = ["2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02"];
    let (c, s) = client_with_sessions(&mut v, "Kara Dunn", &days);
    // Session 1 signed at high risk, with the action taken.
    let first = note(
        &mut v,
        c,
        s[0],
        NoteInput { risk_actions: vec![RiskAction::SafetyPlanReviewed], ..high() },
    );
    v.sign_note(c, first).unwrap();
    assert_eq!(flags(&v, c), [(RiskFlagKind::RaisedRisk, Some(RiskLevel::High), days[0].into())]);

    // A draft that records a lower level changes nothing on Today; its view names the open flag.
    let lower = note(&mut v, c, s[1], words(RiskLevel::Low));
    assert_eq!(v.note_of_session(c, s[1]).unwrap().open_risk, Some(RiskLevel::High));
    assert_eq!(v.note_of_session(c, s[0]).unwrap().open_risk, None, "not its own flag");
    assert_eq!(flags(&v, c), [(RiskFlagKind::RaisedRisk, Some(RiskLevel::High), days[0].into())]);
    // Signing it without saying what the assessment found is refused.
    assert_eq!(field(v.sign_note(c, lower)), "risk_notes");
    // Nor does discarding it.
    v.discard_note(c, lower, false).unwrap();
    assert_eq!(flags(&v, c), [(RiskFlagKind::RaisedRisk, Some(RiskLevel::High), days[0].into())]);

    // A draft at moderate risk shows as not signed, beside the open flag; it cannot be
    // discarded without confirming, and the level it held stays in the audit trail.
    let raised = note(
        &mut v,
        c,
        s[2],
        NoteInput {
            risk_actions: vec![RiskAction::CrisisContactsGiven],
            ..words(RiskLevel::Moderate)
        },
    );
    let shown = flags(&v, c);
    assert!(shown.contains(&(
        RiskFlagKind::RaisedInDraft,
        Some(RiskLevel::Moderate),
        days[2].into()
    )));
    assert!(shown.contains(&(RiskFlagKind::RaisedRisk, Some(RiskLevel::High), days[0].into())));
    match v.discard_note(c, raised, false) {
        Err(Error::Conflict { reason }) => assert!(reason.contains("moderate risk"), "{reason}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    v.discard_note(c, raised, true).unwrap();
    let audit = v.audit_trail().unwrap();
    let last = audit.iter().rev().find(|e| e.event == AuditEvent::RecordDeleted).unwrap();
    assert_eq!(last.outcome, "discarded at moderate risk");
    assert_eq!(flags(&v, c), [(RiskFlagKind::RaisedRisk, Some(RiskLevel::High), days[0].into())]);

    // "Not assessed" on a signed note does not lower it either.
    let unasked = note(
        &mut v,
        c,
        s[2],
        NoteInput {
            risk_not_assessed_reason: Some("Session cut short by a fire alarm.".into()),
            ..words(RiskLevel::NotAsked)
        },
    );
    v.sign_note(c, unasked).unwrap();
    assert_eq!(flags(&v, c), [(RiskFlagKind::RaisedRisk, Some(RiskLevel::High), days[0].into())]);

    // A signed note at a lower level, with the assessment that lowered it, clears the flag.
    let assessed = NoteInput {
        risk_notes: Some(
            "No thoughts of suicide since the weekend; plan given up; safety plan in use.".into(),
        ),
        ..words(RiskLevel::Low)
    };
    let cleared = note(&mut v, c, s[3], assessed);
    v.sign_note(c, cleared).unwrap();
    assert!(flags(&v, c).is_empty());
}

#[test]
fn a_missed_session_at_raised_risk_is_flagged_and_archived_clients_stay_listed() {
    let (_t, mut v) = vault();
    let (c, s) = client_with_sessions(&mut v, "Lena Fox", &["2026-02-16"]);
    let n = note(
        &mut v,
        c,
        s[0],
        NoteInput {
            risk_actions: vec![RiskAction::PrescriberOrGpContacted],
            ..words(RiskLevel::Moderate)
        },
    );
    v.sign_note(c, n).unwrap();
    let r = v.client_record(c).unwrap();
    let course_id = r.courses[0].id;
    add(&mut v, c, course_id, "2026-02-23", Attendance::NoShow);
    assert_eq!(
        flags(&v, c),
        [
            (RiskFlagKind::MissedWhileRaised, Some(RiskLevel::Moderate), "2026-02-23".into()),
            (RiskFlagKind::RaisedRisk, Some(RiskLevel::Moderate), "2026-02-16".into()),
        ]
    );
    // A miss before the raised check is not flagged.
    let (d, s) = client_with_sessions(&mut v, "Mo Fox", &["2026-02-23"]);
    let r = v.client_record(d).unwrap();
    add(&mut v, d, r.courses[0].id, "2026-02-16", Attendance::Cancelled);
    let n = note(
        &mut v,
        d,
        s[0],
        NoteInput { risk_actions: vec![RiskAction::SafetyPlanReviewed], ..words(RiskLevel::High) },
    );
    v.sign_note(d, n).unwrap();
    assert_eq!(
        flags(&v, d),
        [(RiskFlagKind::RaisedRisk, Some(RiskLevel::High), "2026-02-23".into())]
    );

    // Archived with the flag open: still on the list, marked as no longer seen.
    v.edit_client(c, &Edit::Archive).unwrap();
    let today = v.today().unwrap();
    let listed: Vec<_> = today.risk_flags.iter().filter(|f| f.client_id == c).collect();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|f| f.client_inactive));
    assert!(today.appointments.iter().all(|a| a.client_id != c));
}
