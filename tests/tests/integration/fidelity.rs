//! The record in IPT's own terms: a person who died keeps who they were and links to grief work
//! in one step; a session note says which mechanisms it served, which goals were worked on and
//! who attended; the schema refuses what the app would.

use rapport_core::{AreaDetails, AttendedWith, ClientInput, ClientStatus, CourseInput, Edit};
use rapport_core::{Attendance, Error, GoalInput, Mechanism, NewPerson, NoteInput, PersonInput};
use rapport_core::{ProblemArea, RelationshipType, SessionFormat, SessionInput, Vault};
use rapport_tests::*;

fn vault() -> (TestVault, Vault) {
    let (t, created) = TestVault::create();
    (t, created.vault)
}

fn invalid_field<T: std::fmt::Debug>(result: rapport_core::Result<T>) -> String {
    match result {
        Err(Error::Invalid { field, .. }) => field.into_owned(),
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

#[test]
fn a_person_who_died_keeps_their_relationship_and_links_to_grief_work_in_one_step() {
    let (_t, mut v) = vault();
    let c = v.create_client(&ClientInput::named("Ada Park"), ClientStatus::Assessment).unwrap();
    let c = c.client.id;
    let mother = NewPerson {
        name: "Mother".into(),
        relationship_type: RelationshipType::Parent,
        deceased: true,
        ring: 1,
    };
    let r = v.edit_client(c, &Edit::AddPerson { person: mother }).unwrap();
    let person = &r.people[0];
    assert_eq!(person.fields.relationship_type, RelationshipType::Parent);
    assert!(person.fields.deceased && !person.relationship_to_confirm);
    let mother_id = person.id;
    // The date of death, then the grief work in one step.
    let details = PersonInput { date_of_death: Some("2025-11-02".into()), ..person.fields.clone() };
    v.edit_client(c, &Edit::UpdatePerson { person_id: mother_id, person: details }).unwrap();
    let r = v.edit_client(c, &Edit::LinkGrief { person_id: mother_id }).unwrap();
    let grief = r.area_work.iter().find(|w| w.details.area() == ProblemArea::Grief).unwrap();
    match &grief.details {
        AreaDetails::Grief { person_id, date_of_death, .. } => {
            assert_eq!(*person_id, Some(mother_id));
            assert_eq!(date_of_death.as_deref(), Some("2025-11-02"));
        }
        other => panic!("{other:?}"),
    }
    // A living person cannot be linked; the grief work keeps its person.
    let friend = NewPerson {
        name: "Sam".into(),
        relationship_type: RelationshipType::Friend,
        deceased: false,
        ring: 2,
    };
    let r = v.edit_client(c, &Edit::AddPerson { person: friend }).unwrap();
    let sam = r.people.iter().find(|p| p.fields.name == "Sam").unwrap().clone();
    assert_eq!(invalid_field(v.edit_client(c, &Edit::LinkGrief { person_id: sam.id })), "deceased");
    let died = PersonInput { deceased: true, ..sam.fields.clone() };
    v.edit_client(c, &Edit::UpdatePerson { person_id: sam.id, person: died }).unwrap();
    match v.edit_client(c, &Edit::LinkGrief { person_id: sam.id }) {
        Err(Error::Conflict { reason }) => assert!(reason.contains("someone else"), "{reason}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[test]
fn a_note_records_mechanisms_goals_worked_on_and_who_attended() {
    let (_t, mut v) = vault();
    let c = v.create_client(&ClientInput::named("Bea Lund"), ClientStatus::Assessment).unwrap();
    let c = c.client.id;
    let other = v.create_client(&ClientInput::named("Cy Lund"), ClientStatus::Assessment).unwrap();
    let goal = GoalInput {
        area: ProblemArea::RoleTransition,
        description: "Feel more at ease as a new parent.".into(),
        target_date: None,
    };
    let r = v.edit_client(c, &Edit::AddGoal { goal: goal.clone() }).unwrap();
    let own_goal = r.goals[0].id;
    let r2 = v.edit_client(other.client.id, &Edit::AddGoal { goal }).unwrap();
    let foreign_goal = r2.goals[0].id;
    let r =
        v.edit_client(c, &Edit::AddCourse { course: CourseInput::starting("2026-02-02") }).unwrap();
    let session = SessionInput {
        held_on: "2026-02-23".into(),
        start_time: Some("10:00".into()),
        duration_minutes: Some(50),
        format: SessionFormat::InPerson,
        attendance: Attendance::Attended,
    };
    let r = v.edit_client(c, &Edit::AddSession { course_id: r.courses[0].id, session }).unwrap();
    let note = v.start_note(c, Some(r.courses[0].sessions[0].id)).unwrap().note;
    assert_eq!(note.fields.attended_with, AttendedWith::Alone);
    let input = NoteInput {
        mechanisms: vec![
            Mechanism::EnhancingSocialSupport,
            Mechanism::ImprovingInterpersonalSkills,
        ],
        goals_worked: vec![own_goal],
        attended_with: AttendedWith::Partner,
        attended_with_name: Some("Her partner, Jo".into()),
        ..NoteInput::default()
    };
    v.save_note_draft(c, note.id, &input, None).unwrap();
    let saved = v.note_of_session(c, note.session.id).unwrap().note.fields;
    assert_eq!(saved.mechanisms, input.mechanisms);
    assert_eq!(saved.goals_worked, [own_goal]);
    assert_eq!(
        (saved.attended_with, saved.attended_with_name.as_deref()),
        (AttendedWith::Partner, Some("Her partner, Jo"))
    );
    // Another client's goal is refused; "alone" drops the name.
    let foreign = NoteInput { goals_worked: vec![foreign_goal], ..input.clone() };
    assert_eq!(invalid_field(v.save_note_draft(c, note.id, &foreign, None)), "goals_worked");
    let alone = NoteInput { attended_with: AttendedWith::Alone, ..input };
    v.save_note_draft(c, note.id, &alone, None).unwrap();
    let saved = v.note_of_session(c, note.session.id).unwrap().note.fields;
    assert_eq!(saved.attended_with_name, None);
}

#[test]
fn relapse_warning_signs_are_their_own_versioned_record_and_the_safety_plan_keeps_its_versions() {
    let (t, mut v) = vault();
    let c = v.create_client(&ClientInput::named("Dee Moor"), ClientStatus::Assessment).unwrap();
    let c = c.client.id;
    let empty = rapport_core::RelapsePlanInput::default();
    assert_eq!(
        invalid_field(v.edit_client(c, &Edit::SaveRelapsePlan { plan: empty })),
        "warning_signs"
    );
    let first = rapport_core::RelapsePlanInput {
        warning_signs: Some(
            "Sleeping badly for three nights; skipping lunch with colleagues.".into(),
        ),
        what_to_do: Some(
            "Book a walk with a friend; bring it to the GP if it lasts a week.".into(),
        ),
        whom_to_contact: Some("Partner; GP surgery.".into()),
    };
    v.edit_client(c, &Edit::SaveRelapsePlan { plan: first.clone() }).unwrap();
    let second = rapport_core::RelapsePlanInput {
        whom_to_contact: Some("Partner; GP surgery; booster session with me.".into()),
        ..first.clone()
    };
    let r = v.edit_client(c, &Edit::SaveRelapsePlan { plan: second.clone() }).unwrap();
    assert_eq!(r.relapse_plans.len(), 2);
    assert_eq!((r.relapse_plans[0].version, &r.relapse_plans[0].fields), (2, &second));
    assert_eq!((r.relapse_plans[1].version, &r.relapse_plans[1].fields), (1, &first));
    // The crisis plan is separate, and keeps each saved state.
    assert!(r.safety_plan.is_none());
    let plan = rapport_core::SafetyPlanInput {
        warning_signs: Some("Thinking everyone would be better off.".into()),
        ..Default::default()
    };
    v.edit_client(c, &Edit::SaveSafetyPlan { plan: plan.clone() }).unwrap();
    t.clock.advance(chrono::Duration::days(7));
    let revised = rapport_core::SafetyPlanInput {
        people_to_ask: Some("Sister, 07700 900123".into()),
        ..plan.clone()
    };
    let r = v.edit_client(c, &Edit::SaveSafetyPlan { plan: revised.clone() }).unwrap();
    let safety = r.safety_plan.unwrap();
    assert_eq!(safety.fields, revised);
    assert_eq!(safety.earlier.len(), 1);
    assert_eq!(safety.earlier[0].fields, plan);
    assert!(safety.earlier[0].saved_at < safety.updated_at);
}

#[test]
fn social_contacts_are_a_dated_series_one_entry_a_week() {
    let (_t, mut v) = vault();
    let c = v.create_client(&ClientInput::named("Noor Aziz"), ClientStatus::Active).unwrap();
    let c = c.client.id;
    let entry = |week: &str, contacts: i64| rapport_core::SocialContactsInput {
        week_of: week.into(),
        contacts,
        note: None,
    };
    for (week, n) in [("2026-02-16", 3), ("2026-01-19", 0), ("2026-02-02", 1)] {
        v.edit_client(c, &Edit::RecordSocialContacts { entry: entry(week, n) }).unwrap();
    }
    // The same week again corrects it; the series reads oldest first.
    let r =
        v.edit_client(c, &Edit::RecordSocialContacts { entry: entry("2026-02-02", 2) }).unwrap();
    let series: Vec<_> =
        r.social_contacts.iter().map(|e| (e.fields.week_of.as_str(), e.fields.contacts)).collect();
    assert_eq!(series, [("2026-01-19", 0), ("2026-02-02", 2), ("2026-02-16", 3)]);

    // Bad input is refused by field, and nothing recorded changes.
    for (bad, field) in [
        (entry("2026-02-30", 1), "week_of"),
        (entry("2027-01-01", 1), "week_of"),
        (entry("2026-02-23", -1), "contacts"),
        (entry("2026-02-23", 201), "contacts"),
    ] {
        assert_eq!(
            invalid_field(v.edit_client(c, &Edit::RecordSocialContacts { entry: bad })),
            field
        );
    }
    let r = v.edit_client(c, &Edit::RemoveSocialContacts { week_of: "2026-01-19".into() }).unwrap();
    assert_eq!(r.social_contacts.len(), 2);
    assert!(
        v.edit_client(c, &Edit::RemoveSocialContacts { week_of: "2026-01-19".into() }).is_err()
    );
}
