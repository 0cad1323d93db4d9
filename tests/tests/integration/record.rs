//! The client record through the core's public API: every rule of the record, course, inventory,
//! formulation, problem areas, goals, timeline, medication and safety plan, and the schema's own
//! checks behind them.

use rapport_core::FormulationInput;
use rapport_core::SafetyPlanInput;
use rapport_core::Vault;
use rapport_core::{AreaDetails, DisputeStage, GoalInput, GoalStatus, ProblemArea};
use rapport_core::{Attendance, CourseInput, Phase, SessionInput};
use rapport_core::{AuditEvent, AuditObject, Error};
use rapport_core::{CircleChangeKind, NewPerson, RelationshipType};
use rapport_core::{ClientId, PersonId};
use rapport_core::{ClientInput, ClientStatus, ConditionGroup, PerinatalStage};
use rapport_core::{ClientRecord, Edit};
use rapport_core::{EventType, LifeEventInput, SymptomMarker};
use rapport_core::{MedicationInput, PrescriberContactInput, PrescriberInput};
use rapport_tests::*;

fn vault() -> (TestVault, Vault) {
    let (t, created) = TestVault::create();
    (t, created.vault)
}

fn client(v: &mut Vault, name: &str) -> ClientRecord {
    v.create_client(&ClientInput::named(name), ClientStatus::Assessment).unwrap()
}

fn edit(v: &mut Vault, id: ClientId, e: Edit) -> rapport_core::Result<ClientRecord> {
    v.edit_client(id, &e)
}

/// The field and sentence of an invalid-input error.
fn invalid(result: rapport_core::Result<ClientRecord>) -> (String, String) {
    match result {
        Err(Error::Invalid { field, reason }) => (field.into_owned(), reason),
        Err(other) => panic!("expected an invalid-input error, got {other}"),
        Ok(_) => panic!("expected an invalid-input error, got success"),
    }
}

fn session(day: &str, attendance: Attendance) -> SessionInput {
    SessionInput {
        held_on: day.into(),
        start_time: Some("10:00".into()),
        duration_minutes: Some(50),
        format: rapport_core::SessionFormat::InPerson,
        attendance,
    }
}

fn formulation(primary: Option<ProblemArea>, secondary: Option<ProblemArea>) -> FormulationInput {
    FormulationInput {
        effective_on: "2026-02-20".into(),
        diagnosis_sick_role: Some("Major depressive episode, moderate.".into()),
        biological: None,
        psychological: None,
        attachment_style: None,
        social_support: None,
        culture_spirituality: None,
        precipitating_events: None,
        primary_area: primary,
        secondary_area: secondary,
        client_statement: Some("The low mood began when the arguments at home started.".into()),
        client_agreed: Some(true),
        agreed_on: Some("2026-02-20".into()),
        prognosis: None,
    }
}

#[test]
fn clients_are_created_listed_and_warned_about_when_alike() {
    let (_t, mut v) = vault();
    let anna = client(&mut v, "Anna Smith");
    client(&mut v, "Ben Jones");
    let list = v.list_clients().unwrap();
    assert_eq!(
        list.iter().map(|c| c.full_name.as_str()).collect::<Vec<_>>(),
        ["Anna Smith", "Ben Jones"]
    );
    assert_eq!(list[0].status, ClientStatus::Assessment);
    assert!(list[0].progress.is_none());

    let alike = v.similar_clients("smith,  ANNA", None).unwrap();
    assert_eq!(alike.len(), 1);
    assert_eq!(alike[0].id, anna.client.id);
    assert_eq!(v.similar_clients("Anna Maria Smith", None).unwrap().len(), 1);
    assert!(v.similar_clients("Anna Smith", Some(anna.client.id)).unwrap().is_empty());
    assert!(v.similar_clients("Carla Diaz", None).unwrap().is_empty());

    // A warning, never a block: the same name can be added again.
    client(&mut v, "Anna Smith");
    assert_eq!(v.list_clients().unwrap().len(), 3);
}

#[test]
fn client_fields_are_validated_with_the_field_named() {
    let (_t, mut v) = vault();
    let cases: Vec<(ClientInput, &str, &str)> = vec![
        (ClientInput::named("   "), "full_name", "This is required."),
        (
            ClientInput { date_of_birth: Some("2023-02-30".into()), ..ClientInput::named("A") },
            "date_of_birth",
            "2023-02-30 is not a real date.",
        ),
        (
            ClientInput { date_of_birth: Some("2023-13-01".into()), ..ClientInput::named("A") },
            "date_of_birth",
            "2023-13-01 is not a real date.",
        ),
        (
            ClientInput { date_of_birth: Some("abc".into()), ..ClientInput::named("A") },
            "date_of_birth",
            "Enter the date as year-month-day, like 2024-03-31.",
        ),
        (
            ClientInput { date_of_birth: Some("2026-03-03".into()), ..ClientInput::named("A") },
            "date_of_birth",
            "A date of birth cannot be in the future.",
        ),
        (
            ClientInput { email: Some("anna.example.org".into()), ..ClientInput::named("A") },
            "email",
            "An email address has an @ in it.",
        ),
        (
            ClientInput {
                condition_group: ConditionGroup::PerinatalDepression,
                perinatal_stage: Some(PerinatalStage::Pregnant),
                birth_date: Some("2026-02-01".into()),
                ..ClientInput::named("A")
            },
            "birth_date",
            "A birth date is for after the birth; choose \"postpartum\" first.",
        ),
        (
            ClientInput {
                condition_group: ConditionGroup::PerinatalDepression,
                perinatal_stage: Some(PerinatalStage::Postpartum),
                birth_date: Some("2026-03-03".into()),
                ..ClientInput::named("A")
            },
            "birth_date",
            "A birth date cannot be in the future.",
        ),
        (
            ClientInput { due_date: Some("2026-06-01".into()), ..ClientInput::named("A") },
            "due_date",
            "Choose pregnant or postpartum for the date to mean something.",
        ),
    ];
    for (input, field, reason) in cases {
        match v.create_client(&input, ClientStatus::Enquiry) {
            Err(Error::Invalid { field: f, reason: r }) => {
                assert_eq!((f.as_ref(), r.as_str()), (field, reason));
            }
            other => panic!("{field}: expected a refusal, got {other:?}"),
        }
    }
    assert!(v.list_clients().unwrap().is_empty(), "nothing was saved");

    let (field, reason) = match v.create_client(
        &ClientInput {
            presenting_problem: Some("x".repeat(10 * 1024 * 1024)),
            ..ClientInput::named("A")
        },
        ClientStatus::Enquiry,
    ) {
        Err(Error::Invalid { field, reason }) => (field.into_owned(), reason),
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert_eq!(field, "presenting_problem");
    assert!(
        reason.contains("10,485,760 characters") && reason.contains("limit is 20,000"),
        "{reason}"
    );
}

#[test]
fn status_lifecycle_with_history_and_archive() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let r = edit(
        &mut v,
        id,
        Edit::SetStatus {
            status: ClientStatus::Active,
            changed_on: "2026-03-01".into(),
            note: Some("Contract agreed".into()),
        },
    )
    .unwrap();
    assert_eq!(r.client.status, ClientStatus::Active);
    let r = edit(&mut v, id, Edit::Archive).unwrap();
    assert_eq!(r.client.status, ClientStatus::Archived);
    let r = edit(&mut v, id, Edit::Unarchive).unwrap();
    assert_eq!(r.client.status, ClientStatus::Active, "unarchiving returns to the status before");
    let history: Vec<ClientStatus> = r.status_history.iter().map(|h| h.status).collect();
    assert_eq!(
        history,
        [
            ClientStatus::Assessment,
            ClientStatus::Active,
            ClientStatus::Archived,
            ClientStatus::Active
        ]
    );
    assert_eq!(r.status_history[1].changed_on, "2026-03-01");
    assert_eq!(r.status_history[1].note.as_deref(), Some("Contract agreed"));
    let (field, _) = invalid(edit(&mut v, id, Edit::Unarchive));
    assert_eq!(field, "status");
    let (field, reason) = invalid(edit(
        &mut v,
        id,
        Edit::SetStatus {
            status: ClientStatus::Active,
            changed_on: "2026-03-01".into(),
            note: None,
        },
    ));
    assert_eq!(
        (field.as_str(), reason.as_str()),
        ("status", "The client already has this status.")
    );
}

#[test]
fn session_count_and_phase_follow_attendance_and_the_plan() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let r =
        edit(&mut v, id, Edit::AddCourse { course: CourseInput::starting("2026-01-05") }).unwrap();
    let course = r.courses[0].id;
    let p = &r.courses[0].progress;
    assert_eq!((p.current, p.planned, p.phase, p.held), (1, 16, Phase::Initial, 0));
    assert_eq!(p.planned_end, "2026-04-20");
    // Today is 2026-03-02: 49 days to the planned end.
    assert_eq!(p.weeks_remaining, 7);

    let mut day = chrono::NaiveDate::from_ymd_opt(2025, 11, 3).unwrap();
    let mut phases = Vec::new();
    for n in 1..=16 {
        // A cancellation and a no-show along the way do not advance the number.
        if n == 5 {
            edit(
                &mut v,
                id,
                Edit::AddSession {
                    course_id: course,
                    session: session(&day.to_string(), Attendance::Cancelled),
                },
            )
            .unwrap();
        }
        if n == 9 {
            edit(
                &mut v,
                id,
                Edit::AddSession {
                    course_id: course,
                    session: session(&day.to_string(), Attendance::NoShow),
                },
            )
            .unwrap();
        }
        let r = edit(
            &mut v,
            id,
            Edit::AddSession {
                course_id: course,
                session: session(&day.to_string(), Attendance::Attended),
            },
        )
        .unwrap();
        let p = &r.courses[0].progress;
        phases.push((p.held, p.missed, p.current));
        day = day.succ_opt().unwrap();
    }
    // After k held, the next is session k+1, until the plan is used up (the phases, the
    // sessions left and the prompt are counted in `course.rs`).
    for (held, missed, current) in &phases {
        let expected = if held + missed >= 16 { *held } else { held + 1 };
        assert_eq!(*current, expected, "after {held} held and {missed} missed");
    }
    let r = v.client_record(id).unwrap();
    let p = &r.courses[0].progress;
    // By the default rule the no-show counts against the plan; the cancellation was rebooked.
    assert_eq!((p.held, p.missed, p.rebooked), (16, 1, 1));
    assert!(p.beyond_plan, "16 held and one no-show use more than the 16 planned");
    let numbers: Vec<Option<i64>> = r.courses[0].sessions.iter().map(|s| s.number).collect();
    assert_eq!(numbers.iter().flatten().count(), 16);
    assert_eq!(numbers[4], None, "the cancelled session has no number");

    // A session that took place cannot be in the future; an appointment can.
    let (field, _) = invalid(edit(
        &mut v,
        id,
        Edit::AddSession {
            course_id: course,
            session: session("2026-03-03", Attendance::Attended),
        },
    ));
    assert_eq!(field, "held_on");
    let r = edit(
        &mut v,
        id,
        Edit::AddSession {
            course_id: course,
            session: session("2026-03-09", Attendance::Scheduled),
        },
    )
    .unwrap();
    let next = r.courses[0].progress.next_appointment.clone().unwrap();
    assert_eq!((next.date.as_str(), next.start_time.as_deref()), ("2026-03-09", Some("10:00")));
    let summary = v.list_clients().unwrap().remove(0);
    assert_eq!(summary.progress.unwrap().next_appointment.unwrap().date, "2026-03-09");
}

#[test]
fn renegotiation_is_dated_reasoned_and_kept() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let r =
        edit(&mut v, id, Edit::AddCourse { course: CourseInput::starting("2026-01-05") }).unwrap();
    let course = r.courses[0].id;

    // Editing the contract cannot change the number silently.
    let mut changed = r.courses[0].fields.clone();
    changed.planned_sessions = 12;
    let (field, _) =
        invalid(edit(&mut v, id, Edit::UpdateCourse { course_id: course, course: changed }));
    assert_eq!(field, "planned_sessions");

    // Each refusal names the field at fault: no reason, outside 8-20, not a real date.
    for (planned, changed_on, reason, at_fault) in [
        (14, "2026-02-16", "  ", "reason"),
        (21, "2026-02-16", "More time", "planned_sessions"),
        (14, "2026-02-30", "More time", "changed_on"),
    ] {
        let renegotiation = Edit::Renegotiate {
            course_id: course,
            planned_sessions: planned,
            changed_on: changed_on.into(),
            reason: reason.into(),
        };
        let (field, _) = invalid(edit(&mut v, id, renegotiation));
        assert_eq!(field, at_fault, "{planned} sessions on {changed_on}: {reason:?}");
    }

    edit(
        &mut v,
        id,
        Edit::Renegotiate {
            course_id: course,
            planned_sessions: 20,
            changed_on: "2026-02-16".into(),
            reason: "A second loss during the course".into(),
        },
    )
    .unwrap();
    let r = edit(
        &mut v,
        id,
        Edit::Renegotiate {
            course_id: course,
            planned_sessions: 18,
            changed_on: "2026-02-23".into(),
            reason: "Agreed to end sooner".into(),
        },
    )
    .unwrap();
    let c = &r.courses[0];
    assert_eq!(c.fields.planned_sessions, 18);
    assert_eq!(c.progress.planned, 18);
    assert_eq!(c.progress.planned_end, "2026-05-04");
    let history: Vec<(&str, Option<&str>, Option<&str>, &str)> = c
        .changes
        .iter()
        .map(|h| {
            (
                h.changed_on.as_str(),
                h.from_value.as_deref(),
                h.to_value.as_deref(),
                h.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("2026-02-16", Some("16"), Some("20"), "A second loss during the course"),
            ("2026-02-23", Some("20"), Some("18"), "Agreed to end sooner"),
        ]
    );
}

#[test]
fn a_course_outside_12_to_16_needs_a_reason_and_only_one_is_active() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let short = CourseInput { planned_sessions: 8, ..CourseInput::starting("2026-01-05") };
    let (field, _) = invalid(edit(&mut v, id, Edit::AddCourse { course: short.clone() }));
    assert_eq!(field, "planned_reason");
    let r = edit(
        &mut v,
        id,
        Edit::AddCourse {
            course: CourseInput { planned_reason: Some("Perinatal variant".into()), ..short },
        },
    )
    .unwrap();
    assert_eq!(r.courses[0].progress.planned, 8);
    let (field, _) =
        invalid(edit(&mut v, id, Edit::AddCourse { course: CourseInput::starting("2026-02-01") }));
    assert_eq!(field, "status");
}

#[test]
fn phase_override_needs_a_reason_and_can_be_removed() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let r =
        edit(&mut v, id, Edit::AddCourse { course: CourseInput::starting("2026-01-05") }).unwrap();
    let course = r.courses[0].id;
    let (field, _) = invalid(edit(
        &mut v,
        id,
        Edit::OverridePhase { course_id: course, phase: Some(Phase::Middle), reason: "".into() },
    ));
    assert_eq!(field, "reason");
    let r = edit(
        &mut v,
        id,
        Edit::OverridePhase {
            course_id: course,
            phase: Some(Phase::Middle),
            reason: "Inventory finished early".into(),
        },
    )
    .unwrap();
    let p = &r.courses[0].progress;
    assert_eq!(
        (p.phase, p.derived_phase, p.phase_overridden),
        (Phase::Middle, Phase::Initial, true)
    );
    let r = edit(
        &mut v,
        id,
        Edit::OverridePhase { course_id: course, phase: None, reason: "Back to the count".into() },
    )
    .unwrap();
    let p = &r.courses[0].progress;
    assert_eq!((p.phase, p.phase_overridden), (Phase::Initial, false));
    assert_eq!(r.courses[0].changes.len(), 2);
}

#[test]
fn inventory_quick_add_details_rings_and_snapshot_comparison() {
    let (t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let add = |v: &mut Vault, name: &str, kind: RelationshipType, ring: i64| {
        edit(
            v,
            id,
            Edit::AddPerson {
                person: NewPerson {
                    name: name.into(),
                    relationship_type: kind,
                    deceased: false,
                    ring,
                },
            },
        )
        .unwrap()
    };
    add(&mut v, "Mark", RelationshipType::Partner, 1);
    add(&mut v, "Mum", RelationshipType::Parent, 2);
    let r = add(&mut v, "Jo", RelationshipType::Friend, 3);
    assert_eq!(
        r.people.iter().map(|p| (p.fields.name.as_str(), p.fields.ring)).collect::<Vec<_>>(),
        [("Mark", 1), ("Mum", 2), ("Jo", 3)]
    );
    let jo = r.people[2].id;

    for ring in [0, 4] {
        let (field, reason) = invalid(edit(&mut v, id, Edit::MovePerson { person_id: jo, ring }));
        assert_eq!((field.as_str(), reason.as_str()), ("ring", "Choose ring 1 (closest), 2 or 3."));
    }
    let (field, _) = invalid(edit(
        &mut v,
        id,
        Edit::AddPerson {
            person: NewPerson {
                name: "X".into(),
                relationship_type: RelationshipType::Friend,
                deceased: false,
                ring: 5,
            },
        },
    ));
    assert_eq!(field, "ring");

    let r = edit(&mut v, id, Edit::TakeSnapshot { label: Some("Intake".into()) }).unwrap();
    let intake = r.snapshots[0].id;
    edit(&mut v, id, Edit::MovePerson { person_id: jo, ring: 2 }).unwrap();
    let r = add(&mut v, "Sam", RelationshipType::Colleague, 3);
    let mum = r.people.iter().find(|p| p.fields.name == "Mum").unwrap().id;
    edit(&mut v, id, Edit::RemovePerson { person_id: mum }).unwrap();
    t.clock.advance(chrono::Duration::days(30));
    let r = edit(&mut v, id, Edit::TakeSnapshot { label: Some("Now".into()) }).unwrap();
    assert_eq!(r.snapshots.len(), 2);
    assert_eq!(r.snapshots[0].people.len(), 3, "the intake snapshot still holds Mum");
    assert_eq!(r.snapshots[1].taken_on, "2026-04-01");

    let cmp = v.compare_snapshots(id, intake, r.snapshots[1].id).unwrap();
    let changes: Vec<(&str, CircleChangeKind)> =
        cmp.changes.iter().map(|c| (c.name.as_str(), c.kind)).collect();
    assert_eq!(
        changes,
        [
            ("Jo", CircleChangeKind::Closer),
            ("Mark", CircleChangeKind::Unchanged),
            ("Mum", CircleChangeKind::Removed),
            ("Sam", CircleChangeKind::Added),
        ]
    );
    // A snapshot of another client is not found.
    let other = client(&mut v, "Ben").client.id;
    assert!(matches!(v.compare_snapshots(other, intake, intake), Err(Error::NotFound { .. })));
}

#[test]
fn person_details_and_date_of_death_rules() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let r = edit(
        &mut v,
        id,
        Edit::AddPerson {
            person: NewPerson {
                name: "Dad".into(),
                relationship_type: RelationshipType::Parent,
                deceased: false,
                ring: 1,
            },
        },
    )
    .unwrap();
    let dad = r.people[0].clone();
    let mut fields = dad.fields.clone();
    fields.deceased = true;
    fields.date_of_death = Some("2026-03-03".into());
    let (field, reason) =
        invalid(edit(&mut v, id, Edit::UpdatePerson { person_id: dad.id, person: fields.clone() }));
    assert_eq!(
        (field.as_str(), reason.as_str()),
        ("date_of_death", "A date of death cannot be in the future.")
    );
    fields.date_of_death = Some("2025-10-12".into());
    fields.client_expectations = Some("That he would always be there".into());
    fields.expectations_met = Some(rapport_core::Degree::No);
    fields.candidate_area = Some(ProblemArea::Grief);
    let r =
        edit(&mut v, id, Edit::UpdatePerson { person_id: dad.id, person: fields.clone() }).unwrap();
    assert_eq!(r.people[0].fields, fields);

    fields.deceased = false;
    let (field, _) =
        invalid(edit(&mut v, id, Edit::UpdatePerson { person_id: dad.id, person: fields }));
    assert_eq!(field, "date_of_death");

    let r = edit(
        &mut v,
        id,
        Edit::AddPersonChange {
            person_id: dad.id,
            changed_on: "2025-10-12".into(),
            description: "Died after a short illness".into(),
        },
    )
    .unwrap();
    assert_eq!(r.people[0].changes.len(), 1);
    // People of one client cannot be edited through another.
    let other = client(&mut v, "Ben").client.id;
    assert!(matches!(
        edit(&mut v, other, Edit::MovePerson { person_id: dad.id, ring: 2 }),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn formulation_is_versioned_with_one_primary_area() {
    let (t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let (field, reason) =
        invalid(edit(&mut v, id, Edit::SaveFormulation { formulation: formulation(None, None) }));
    assert_eq!(
        (field.as_str(), reason.as_str()),
        ("primary_area", "Choose the primary problem area.")
    );
    let (field, _) = invalid(edit(
        &mut v,
        id,
        Edit::SaveFormulation {
            formulation: formulation(Some(ProblemArea::Grief), Some(ProblemArea::Grief)),
        },
    ));
    assert_eq!(field, "secondary_area");
    let first = formulation(Some(ProblemArea::RoleDispute), None);
    edit(&mut v, id, Edit::SaveFormulation { formulation: first.clone() }).unwrap();
    t.clock.advance(chrono::Duration::days(14));
    // A new version's agreement is its own: unknown until asked, never before its date.
    let early = FormulationInput {
        effective_on: "2026-03-16".into(),
        secondary_area: Some(ProblemArea::RoleTransition),
        ..first.clone()
    };
    let (field, _) = invalid(edit(&mut v, id, Edit::SaveFormulation { formulation: early }));
    assert_eq!(field, "agreed_on");
    let second = FormulationInput {
        effective_on: "2026-03-16".into(),
        secondary_area: Some(ProblemArea::RoleTransition),
        client_agreed: None,
        agreed_on: None,
        ..first.clone()
    };
    let r = edit(&mut v, id, Edit::SaveFormulation { formulation: second.clone() }).unwrap();
    assert_eq!(r.formulations.len(), 2);
    assert_eq!((r.formulations[0].version, &r.formulations[0].fields), (2, &second));
    assert_eq!(
        (r.formulations[1].version, &r.formulations[1].fields),
        (1, &first),
        "the first version is unchanged"
    );

    let (field, _) = invalid(edit(
        &mut v,
        id,
        Edit::SaveFormulation { formulation: FormulationInput { client_agreed: None, ..first } },
    ));
    assert_eq!(field, "agreed_on");
}

#[test]
fn problem_areas_goals_and_dispute_stages() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let r = edit(
        &mut v,
        id,
        Edit::AddPerson {
            person: NewPerson {
                name: "Mark".into(),
                relationship_type: RelationshipType::Partner,
                deceased: false,
                ring: 1,
            },
        },
    )
    .unwrap();
    let mark = r.people[0].id;
    let details = AreaDetails::RoleDispute {
        person_id: Some(mark),
        visibility: Some(rapport_core::Visibility::Overt),
        client_expectations: Some("Share the housework".into()),
        other_expectations: None,
        blocks: None,
        options: None,
        plan: None,
    };
    let r = edit(&mut v, id, Edit::SaveAreaWork { details: details.clone() }).unwrap();
    assert_eq!(r.area_work[0].details, details);
    edit(
        &mut v,
        id,
        Edit::ChangeDisputeStage {
            stage: DisputeStage::Impasse,
            changed_on: "2026-02-02".into(),
            note: None,
        },
    )
    .unwrap();
    let r = edit(
        &mut v,
        id,
        Edit::ChangeDisputeStage {
            stage: DisputeStage::Renegotiation,
            changed_on: "2026-02-23".into(),
            note: Some("Talking again".into()),
        },
    )
    .unwrap();
    let stages: Vec<(DisputeStage, &str)> =
        r.area_work[0].stages.iter().map(|s| (s.stage, s.changed_on.as_str())).collect();
    assert_eq!(
        stages,
        [(DisputeStage::Impasse, "2026-02-02"), (DisputeStage::Renegotiation, "2026-02-23")]
    );

    // A person from another client cannot be linked.
    let other = client(&mut v, "Ben").client.id;
    assert!(matches!(
        edit(&mut v, other, Edit::SaveAreaWork { details }),
        Err(Error::NotFound { .. })
    ));
    let grief = AreaDetails::Grief {
        person_id: None,
        date_of_death: Some("2023-02-30".into()),
        circumstances: None,
        anniversaries: None,
        avoided_reminders: None,
        unexpressed_feelings: None,
        new_involvements: vec![],
    };
    let (field, _) = invalid(edit(&mut v, id, Edit::SaveAreaWork { details: grief }));
    assert_eq!(field, "date_of_death");
    let blank_row = AreaDetails::Grief {
        person_id: None,
        date_of_death: None,
        circumstances: None,
        anniversaries: None,
        avoided_reminders: None,
        unexpressed_feelings: None,
        new_involvements: vec![rapport_core::DatedItem {
            on: Some("2026-01-10".into()),
            what: "  ".into(),
        }],
    };
    let (field, reason) = invalid(edit(&mut v, id, Edit::SaveAreaWork { details: blank_row }));
    assert_eq!(
        (field.as_str(), reason.as_str()),
        ("new_involvements", "Each new involvement needs a description.")
    );

    let r = edit(
        &mut v,
        id,
        Edit::AddGoal {
            goal: GoalInput {
                area: ProblemArea::RoleDispute,
                description: "Ask directly for help at home".into(),
                target_date: Some("2026-04-01".into()),
            },
        },
    )
    .unwrap();
    let goal = r.goals[0].id;
    assert_eq!(r.goals[0].status, GoalStatus::NotStarted);
    edit(
        &mut v,
        id,
        Edit::SetGoalStatus {
            goal_id: goal,
            status: GoalStatus::InProgress,
            changed_on: "2026-02-10".into(),
            note: None,
        },
    )
    .unwrap();
    for (day, rating) in [("2026-02-10", 2), ("2026-02-24", 0), ("2026-03-02", 10)] {
        edit(&mut v, id, Edit::RateGoal { goal_id: goal, rated_on: day.into(), rating }).unwrap();
    }
    for rating in [-1, 11] {
        let (field, reason) = invalid(edit(
            &mut v,
            id,
            Edit::RateGoal { goal_id: goal, rated_on: "2026-03-01".into(), rating },
        ));
        assert_eq!((field.as_str(), reason.as_str()), ("rating", "Choose a number from 0 to 10."));
    }
    let r = v.client_record(id).unwrap();
    let g = &r.goals[0];
    assert_eq!(g.status, GoalStatus::InProgress);
    assert_eq!(
        g.history.iter().map(|h| h.status).collect::<Vec<_>>(),
        [GoalStatus::NotStarted, GoalStatus::InProgress]
    );
    assert_eq!(g.ratings.iter().map(|r| r.rating).collect::<Vec<_>>(), [2, 0, 10]);
}

#[test]
fn timeline_events_are_dated_linked_and_ordered() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    let r = edit(
        &mut v,
        id,
        Edit::AddPerson {
            person: NewPerson {
                name: "Mark".into(),
                relationship_type: RelationshipType::Partner,
                deceased: false,
                ring: 1,
            },
        },
    )
    .unwrap();
    let mark = r.people[0].id;
    let event = |occurred: &str, approximate: bool, people: Vec<PersonId>| LifeEventInput {
        occurred: occurred.into(),
        approximate,
        event_type: EventType::Conflict,
        description: "Arguments about money".into(),
        mood: Some(3),
        symptom_marker: Some(SymptomMarker::Onset),
        episode_number: Some(1),
        area: Some(ProblemArea::RoleDispute),
        people,
    };
    edit(&mut v, id, Edit::AddLifeEvent { event: event("2025-09-14", false, vec![mark]) }).unwrap();
    let r = edit(&mut v, id, Edit::AddLifeEvent { event: event("2025-06", true, vec![]) }).unwrap();
    assert_eq!(
        r.life_events.iter().map(|e| e.fields.occurred.as_str()).collect::<Vec<_>>(),
        ["2025-06", "2025-09-14"]
    );
    assert_eq!(r.life_events[1].fields.people, [mark]);

    for (occurred, approximate, field) in [
        ("2025-02-30", false, "occurred"),
        ("2025-13", true, "occurred"),
        ("2026-03-03", false, "occurred"),
        ("2025-06", false, "occurred"),
    ] {
        let (f, _) = invalid(edit(
            &mut v,
            id,
            Edit::AddLifeEvent { event: event(occurred, approximate, vec![]) },
        ));
        assert_eq!(f, field, "{occurred}");
    }
    let (field, _) = invalid(edit(
        &mut v,
        id,
        Edit::AddLifeEvent {
            event: LifeEventInput { mood: Some(11), ..event("2025-06-01", false, vec![]) },
        },
    ));
    assert_eq!(field, "mood");
    let other = client(&mut v, "Ben").client.id;
    let (field, _) = invalid(edit(
        &mut v,
        other,
        Edit::AddLifeEvent { event: event("2025-06-01", false, vec![mark]) },
    ));
    assert_eq!(field, "people");
}

#[test]
fn medication_prescriber_and_safety_plan() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    edit(
        &mut v,
        id,
        Edit::SavePrescriber {
            prescriber: PrescriberInput {
                name: Some("Dr Okafor".into()),
                contact: Some("01234 567890".into()),
                consent_to_share: Some(true),
                consent_on: Some("2026-01-05".into()),
                remitted_combined: false,
                notes: None,
            },
        },
    )
    .unwrap();
    let r = edit(
        &mut v,
        id,
        Edit::AddMedication {
            medication: MedicationInput {
                name: "Sertraline".into(),
                dose: Some("50 mg".into()),
                started_on: Some("2025-12-01".into()),
                stopped_on: None,
                adherence: Some("Daily".into()),
                side_effects: None,
            },
        },
    )
    .unwrap();
    let med = r.medications[0].id;
    let (field, _) = invalid(edit(
        &mut v,
        id,
        Edit::UpdateMedication {
            medication_id: med,
            medication: MedicationInput {
                name: "Sertraline".into(),
                dose: None,
                started_on: Some("2025-12-01".into()),
                stopped_on: Some("2025-11-01".into()),
                adherence: None,
                side_effects: None,
            },
        },
    ));
    assert_eq!(field, "stopped_on");
    edit(
        &mut v,
        id,
        Edit::AddMedicationChange {
            medication_id: med,
            changed_on: "2026-01-20".into(),
            description: "Increased to 100 mg".into(),
            new_dose: Some("100 mg".into()),
        },
    )
    .unwrap();
    let r = edit(
        &mut v,
        id,
        Edit::AddPrescriberContact {
            contact: PrescriberContactInput {
                contacted_on: "2026-01-19".into(),
                method: Some("Phone".into()),
                summary: "Discussed sleep".into(),
                agreed: Some("Review dose".into()),
            },
        },
    )
    .unwrap();
    assert_eq!(r.prescriber.as_ref().unwrap().fields.name.as_deref(), Some("Dr Okafor"));
    assert_eq!(r.medications[0].changes[0].description, "Increased to 100 mg");
    // The dose follows its latest dated change, and is not changed in place.
    assert_eq!(r.medications[0].fields.dose.as_deref(), Some("100 mg"));
    assert_eq!(r.medications[0].changes[0].new_dose.as_deref(), Some("100 mg"));
    let in_place =
        MedicationInput { dose: Some("150 mg".into()), ..r.medications[0].fields.clone() };
    let (field, _) = invalid(edit(
        &mut v,
        id,
        Edit::UpdateMedication { medication_id: med, medication: in_place },
    ));
    assert_eq!(field, "dose");
    let r = edit(
        &mut v,
        id,
        Edit::AddMedicationChange {
            medication_id: med,
            changed_on: "2026-01-05".into(),
            description: "An earlier change, recorded late.".into(),
            new_dose: Some("75 mg".into()),
        },
    )
    .unwrap();
    let m = &r.medications[0];
    assert_eq!(m.fields.dose.as_deref(), Some("100 mg"), "the latest by date still holds");
    let doses: Vec<_> = m.changes.iter().map(|c| c.new_dose.as_deref()).collect();
    assert_eq!(doses, [Some("75 mg"), Some("100 mg")]);
    assert_eq!(r.prescriber_contacts[0].fields.summary, "Discussed sleep");

    let plan = SafetyPlanInput {
        warning_signs: Some("Not sleeping, stopping replying to messages".into()),
        own_strategies: Some("Walk the dog; shower; music".into()),
        distractions: None,
        people_to_ask: Some("Sister: 07700 900123".into()),
        professionals: Some("GP surgery; crisis line".into()),
        safe_surroundings: None,
        kept_where: Some("Phone notes and fridge".into()),
        review_on: Some("2026-04-01".into()),
    };
    edit(&mut v, id, Edit::SaveSafetyPlan { plan: plan.clone() }).unwrap();
    let r = edit(
        &mut v,
        id,
        Edit::SaveSafetyPlan {
            plan: SafetyPlanInput {
                distractions: Some("Café on the corner".into()),
                ..plan.clone()
            },
        },
    )
    .unwrap();
    assert_eq!(r.safety_plan.unwrap().fields.distractions.as_deref(), Some("Café on the corner"));
    let (field, _) = invalid(edit(
        &mut v,
        id,
        Edit::SaveSafetyPlan {
            plan: SafetyPlanInput { review_on: Some("2026-02-30".into()), ..plan },
        },
    ));
    assert_eq!(field, "review_on");
}

#[test]
fn markup_is_stored_as_typed_and_the_audit_holds_no_record_text() {
    let (_t, mut v) = vault();
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>";
    let r = v.create_client(&ClientInput::named(hostile), ClientStatus::Enquiry).unwrap();
    let id = r.client.id;
    let r = edit(
        &mut v,
        id,
        Edit::AddPerson {
            person: NewPerson {
                name: hostile.into(),
                relationship_type: RelationshipType::Other,
                deceased: false,
                ring: 2,
            },
        },
    )
    .unwrap();
    assert_eq!(r.client.fields.full_name, hostile);
    assert_eq!(r.people[0].fields.name, hostile);

    let trail = v.audit_trail().unwrap();
    let created = |kind| {
        trail.iter().any(|e| {
            e.event == AuditEvent::RecordCreated && e.object.as_ref().is_some_and(|o| o.0 == kind)
        })
    };
    assert!(created(AuditObject::Client) && created(AuditObject::Person));
    for entry in &trail {
        let id = entry.object.as_ref().map_or("", |o| o.1.as_str());
        for text in [id, entry.outcome.as_str()] {
            assert!(!text.contains('<'), "no record text in the audit trail: {text}");
        }
    }
    let report = v.check().unwrap();
    assert!(report.ok);
    let count = |kind: &str| report.counts.iter().find(|c| c.kind == kind).unwrap().count;
    assert_eq!((count("clients"), count("people")), (1, 1));
}

#[test]
fn edits_of_a_missing_client_are_refused_cleanly() {
    let (_t, mut v) = vault();
    assert!(matches!(v.client_record(ClientId(99)), Err(Error::NotFound { .. })));
    assert!(matches!(edit(&mut v, ClientId(99), Edit::Archive), Err(Error::NotFound { .. })));
}

#[test]
fn starting_a_course_moves_the_client_along_the_lifecycle() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").client.id;
    // A course that starts next week leaves the client in assessment.
    let r =
        edit(&mut v, id, Edit::AddCourse { course: CourseInput::starting("2026-03-09") }).unwrap();
    assert_eq!(r.client.status, ClientStatus::Assessment);

    let other = client(&mut v, "Ben").client.id;
    let r = edit(&mut v, other, Edit::AddCourse { course: CourseInput::starting("2026-03-02") })
        .unwrap();
    assert_eq!(r.client.status, ClientStatus::Active);
    let last = r.status_history.last().unwrap();
    assert_eq!(
        (last.changed_on.as_str(), last.note.as_deref()),
        ("2026-03-02", Some("A course of IPT started."))
    );

    // Concluding the acute course, then a maintenance course: the client is in maintenance.
    let course = r.courses[0].clone();
    let concluded = CourseInput {
        status: rapport_core::CourseStatus::Concluded,
        ended_on: Some("2026-03-02".into()),
        ..course.fields.clone()
    };
    edit(&mut v, other, Edit::UpdateCourse { course_id: course.id, course: concluded }).unwrap();
    let maintenance = CourseInput::maintenance_starting("2026-03-02");
    let r = edit(&mut v, other, Edit::AddCourse { course: maintenance }).unwrap();
    assert_eq!(r.client.status, ClientStatus::Maintenance);
    assert_eq!(r.courses.len(), 2);
}
