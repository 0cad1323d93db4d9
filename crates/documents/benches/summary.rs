//! The conclusion summary of a 20-session course, typeset as the app and the command line
//! make it: the client's whole record read, the summary compiled and checked, typeset, and its
//! PDF written in memory; then the client's full record (every signed note) the same way. The
//! course has a signed note and a PHQ-9 and a GAD-7 at every session (40 forms), two
//! goals rated through it, six people in the inventory with a circle at intake and one at
//! conclusion, the formulation, relapse warning signs, medication, and worksheets. The goal
//! is under a second in a release build.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rapport_core::{
    AdministrationStart, Answer, Attendance, ClientId, ClientInput, ClientStatus, Clock,
    Completion, CourseInput, CourseStatus, DirLock, DocumentSettings, Edit, FormulationInput,
    GoalInput, Instrument, KdfCost, MaintenanceChoice, ManualClock, MedicationInput, NewPerson,
    NoteInput, ProblemArea, RelapsePlanInput, RelationshipType, RiskLevel, SecretString,
    SessionFormat, SessionInput, SummaryId, Vault, VaultDir, WorksheetKind, WorksheetStart,
};
use rapport_documents::{DocumentRequest, compose, forget_typeset_documents};
use std::sync::Arc;
use std::time::Duration;

const SESSIONS: i64 = 20;

fn day(n: i64) -> String {
    (chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap() + chrono::Duration::days(n)).to_string()
}

fn set(clock: &ManualClock, on: &str) {
    let target = chrono::DateTime::parse_from_rfc3339(&format!("{on}T09:00:00Z")).unwrap();
    clock.advance(target.to_utc() - clock.now());
}

fn form(v: &mut Vault, client: ClientId, session: rapport_core::SessionId, i: Instrument, n: i64) {
    let what = AdministrationStart {
        instrument: i,
        session_id: Some(session),
        given_on: None,
        handed_to_client: false,
    };
    let a = v.start_administration(client, &what).unwrap();
    let items = i.definition().items.len() as u8;
    for item in 1..=items {
        let value = if item == 9 && i == Instrument::Phq9 { 0 } else { n.min(3) };
        v.answer_item(client, a.id, item, Some(Answer::Given(value))).unwrap();
    }
    v.finish_administration(client, a.id, false).unwrap();
}

/// A concluded 20-session course with its summary signed.
fn practice(tmp: &std::path::Path) -> (DirLock, Vault, ClientId, SummaryId) {
    let lock = DirLock::acquire(VaultDir::new(tmp.join("vault"))).unwrap();
    let clock = Arc::new(ManualClock::new(
        chrono::DateTime::parse_from_rfc3339(&format!("{}T09:00:00Z", day(0))).unwrap().to_utc(),
    ));
    let passphrase = SecretString::from("copper lantern orchard violet".to_string());
    let mut v =
        Vault::create_with(&lock, &passphrase, clock.clone(), KdfCost::Minimum).unwrap().vault;
    let names = DocumentSettings {
        clinician_name: Some("Dr Rhea Moss".into()),
        practice_name: Some("Elm Street Therapy".into()),
        ..DocumentSettings::default()
    };
    v.set_document_settings(&names).unwrap();
    let c = v
        .create_client(&ClientInput::named("Ada Lindqvist"), ClientStatus::Assessment)
        .unwrap()
        .client
        .id;
    for (i, name) in ["Sam", "Mum", "Dad", "Tess", "Kit", "Lou"].iter().enumerate() {
        let person = NewPerson {
            name: (*name).into(),
            relationship_type: [RelationshipType::Partner, RelationshipType::Parent][i % 2],
            deceased: false,
            ring: 1 + (i as i64 % 3),
        };
        v.edit_client(c, &Edit::AddPerson { person }).unwrap();
    }
    v.edit_client(c, &Edit::TakeSnapshot { label: Some("Intake".into()) }).unwrap();
    let course = CourseInput {
        planned_sessions: SESSIONS,
        planned_reason: Some("Two problem areas, agreed at the assessment.".into()),
        ..CourseInput::starting(&day(0))
    };
    let course = v.edit_client(c, &Edit::AddCourse { course }).unwrap().courses[0].id;
    let formulation = FormulationInput {
        effective_on: day(0),
        diagnosis_sick_role: Some("Depression, an illness that is not her fault.".into()),
        biological: None,
        psychological: None,
        attachment_style: None,
        social_support: None,
        culture_spirituality: None,
        precipitating_events: None,
        primary_area: Some(ProblemArea::RoleTransition),
        secondary_area: Some(ProblemArea::RoleDispute),
        client_statement: Some("Low mood began with the move; we work on the new role.".into()),
        client_agreed: Some(true),
        agreed_on: Some(day(0)),
        prognosis: None,
    };
    v.edit_client(c, &Edit::SaveFormulation { formulation }).unwrap();
    let mut goals = Vec::new();
    for description in ["Say what is needed, once a week", "Meet a friend each week"] {
        let goal = GoalInput {
            area: ProblemArea::RoleTransition,
            description: description.into(),
            target_date: None,
        };
        goals.push(v.edit_client(c, &Edit::AddGoal { goal }).unwrap().goals.last().unwrap().id);
    }
    let medication = MedicationInput {
        name: "Sertraline".into(),
        dose: Some("50 mg".into()),
        started_on: Some(day(-60)),
        stopped_on: None,
        adherence: None,
        side_effects: None,
    };
    v.edit_client(c, &Edit::AddMedication { medication }).unwrap();
    for k in 0..SESSIONS {
        let on = day(7 * k);
        set(&clock, &on);
        let session = SessionInput {
            held_on: on.clone(),
            start_time: Some("10:00".into()),
            duration_minutes: Some(50),
            format: SessionFormat::InPerson,
            attendance: Attendance::Attended,
        };
        let record = v.edit_client(c, &Edit::AddSession { course_id: course, session }).unwrap();
        let s = record.courses[0].sessions.last().unwrap().id;
        let level = 3 - k * 3 / SESSIONS;
        form(&mut v, c, s, Instrument::Phq9, level);
        form(&mut v, c, s, Instrument::Gad7, level);
        for g in &goals {
            let edit = Edit::RateGoal { goal_id: *g, rated_on: on.clone(), rating: k / 2 };
            v.edit_client(c, &edit).unwrap();
        }
        let note = v.start_note(c, Some(s)).unwrap().note.id;
        let words = NoteInput {
            mood: Some(3 + k / 3),
            mood_and_events: Some("A row at home on Sunday; made it up by Tuesday.".into()),
            risk_level: RiskLevel::NoConcerns,
            focus_work: Some(
                "Went through the row turn by turn: what was meant, what was heard, and another \
                 way to say it. Rehearsed the request for Thursday."
                    .into(),
            ),
            plan_next: Some("Review how Thursday went; the circle again at the end.".into()),
            narrative: Some(format!("Session {}. Settled; engaged throughout.", k + 1)),
            ..NoteInput::default()
        };
        v.save_note_draft(c, note, &words, None).unwrap();
        v.sign_note(c, note).unwrap();
        if k % 5 == 2 {
            let start = WorksheetStart {
                kind: WorksheetKind::CommunicationAnalysis,
                person_id: None,
                session_id: Some(s),
            };
            v.start_worksheet(c, &start).unwrap();
        }
    }
    let plan = RelapsePlanInput {
        warning_signs: Some("Sleeping badly; cancelling friends.".into()),
        what_to_do: Some("Keep the walk; say so at home.".into()),
        whom_to_contact: Some("Sam; the GP.".into()),
    };
    v.edit_client(c, &Edit::SaveRelapsePlan { plan }).unwrap();
    let record = v.client_record(c).unwrap();
    let people = record.people.clone();
    v.edit_client(c, &Edit::MovePerson { person_id: people[3].id, ring: 1 }).unwrap();
    v.edit_client(c, &Edit::TakeSnapshot { label: Some("Conclusion".into()) }).unwrap();
    let ended = CourseInput {
        status: CourseStatus::Concluded,
        ended_on: Some(day(7 * (SESSIONS - 1))),
        ..record.courses[0].fields.clone()
    };
    v.edit_client(c, &Edit::UpdateCourse { course_id: course, course: ended }).unwrap();
    let summary = v.start_conclusion_summary(c, course).unwrap().id;
    let completion = Completion {
        gains: Some("I say what I need before it turns into a row.".into()),
        skills: Some("Naming the feeling; asking directly.".into()),
        risk_level: Some(RiskLevel::NoConcerns),
        protective_factors: Some("Partner, sister, the weekly walk.".into()),
        maintenance: Some(MaintenanceChoice::None),
        medication_handover: Some("Letter to the GP: continue for six months.".into()),
        referrals: Some("None.".into()),
        client_feedback: Some("Glad to have come.".into()),
        ..Completion::default()
    };
    v.save_conclusion_draft(c, summary, &completion, None).unwrap();
    v.sign_conclusion_summary(c, summary).unwrap();
    (lock, v, c, summary)
}

fn summary(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let (_lock, mut vault, client, summary_id) = practice(tmp.path());
    let request = DocumentRequest::ConclusionSummary { summary_id };
    let first = compose(&mut vault, client, &request).unwrap();
    eprintln!(
        "conclusion summary of a {SESSIONS}-session course: {} pages, {:.0} KiB of PDF",
        first.typeset.pages(),
        first.typeset.pdf().len() as f64 / 1024.0
    );
    let mut group = c.benchmark_group("documents");
    group.sample_size(10).measurement_time(Duration::from_secs(15));
    // Each run starts with typst's memory of earlier documents emptied, as after the vault
    // locks, so no layout is replayed from the run before.
    group.bench_function("conclusion summary of a 20-session course (read, compile, PDF)", |b| {
        b.iter_batched(
            forget_typeset_documents,
            |()| compose(&mut vault, client, &request).unwrap().typeset.into_pdf().len(),
            BatchSize::PerIteration,
        )
    });
    let whole = DocumentRequest::FullRecord;
    let first = compose(&mut vault, client, &whole).unwrap();
    eprintln!(
        "full record of the same client: {} pages, {:.0} KiB of PDF",
        first.typeset.pages(),
        first.typeset.pdf().len() as f64 / 1024.0
    );
    group.bench_function("full client record with the 20-session course (read, PDF)", |b| {
        b.iter_batched(
            forget_typeset_documents,
            |()| compose(&mut vault, client, &whole).unwrap().typeset.into_pdf().len(),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, summary);
criterion_main!(benches);
