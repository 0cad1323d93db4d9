//! The conclusion summary: what it compiles, what the checklist asks for, signing and
//! amending.

use super::checklist::FixIn;
use super::*;
use crate::casefile::Edit;
use crate::clock::ManualClock;
use crate::measures::definition::Instrument;
use crate::measures::given::{self, AdministrationStart};
use crate::measures::score::Answer;
use crate::record::clients::ClientInput;
use crate::record::counting::Frequency;
use crate::record::course::{Attendance, CourseInput, SessionInput};
use crate::record::formulation::FormulationInput;
use crate::record::inventory::{NewPerson, RelationshipType};
use crate::record::relapse::RelapsePlanInput;
use crate::record::vocabulary::{ProblemArea, SessionFormat};
use crate::sessions::notes::RiskLevel;
use crate::testing;
use crate::vault::settings::DocumentSettings;
use chrono::{Duration, NaiveDate};
use std::sync::Arc;

const START: &str = "2026-01-05";

fn day(n: i64) -> String {
    (NaiveDate::parse_from_str(START, "%Y-%m-%d").unwrap() + Duration::days(n)).to_string()
}

/// Moves the test clock to `on` at 09:00 UTC.
fn set_day(clock: &ManualClock, on: &str) {
    let target = chrono::DateTime::parse_from_rfc3339(&format!("{on}T09:00:00Z")).unwrap();
    clock.advance(target.to_utc() - clock.now());
}

struct Course12 {
    client: ClientId,
    course: CourseId,
    sessions: Vec<crate::ids::SessionId>,
}

/// A client whose 12-session weekly course has had `held` sessions attended, with a
/// formulation and a closeness circle from the start, and a PHQ-9 at the first session.
fn course(v: &mut Vault, clock: &Arc<ManualClock>, held: usize) -> Course12 {
    set_day(clock, START);
    let client = v
        .create_client(
            &ClientInput::named("Ada Lindqvist"),
            crate::record::clients::ClientStatus::Assessment,
        )
        .unwrap()
        .client
        .id;
    let person = NewPerson {
        name: "Sam".into(),
        relationship_type: RelationshipType::Partner,
        deceased: false,
        ring: 2,
    };
    v.edit_client(client, &Edit::AddPerson { person }).unwrap();
    v.edit_client(client, &Edit::TakeSnapshot { label: Some("Intake".into()) }).unwrap();
    let course = CourseInput { planned_sessions: 12, ..CourseInput::starting(START) };
    let record = v.edit_client(client, &Edit::AddCourse { course }).unwrap();
    let course = record.courses[0].id;
    let formulation = FormulationInput {
        effective_on: START.into(),
        diagnosis_sick_role: None,
        biological: None,
        psychological: None,
        attachment_style: None,
        social_support: None,
        culture_spirituality: None,
        precipitating_events: None,
        primary_area: Some(ProblemArea::RoleTransition),
        secondary_area: None,
        client_statement: Some("Low mood began with the move; we work on the new role.".into()),
        client_agreed: Some(true),
        agreed_on: Some(START.into()),
        prognosis: None,
    };
    v.edit_client(client, &Edit::SaveFormulation { formulation }).unwrap();
    let mut sessions = Vec::new();
    for k in 0..held {
        let on = day(7 * k as i64);
        set_day(clock, &on);
        let session = SessionInput {
            held_on: on,
            start_time: Some("10:00".into()),
            duration_minutes: Some(50),
            format: SessionFormat::InPerson,
            attendance: Attendance::Attended,
        };
        let record =
            v.edit_client(client, &Edit::AddSession { course_id: course, session }).unwrap();
        sessions.push(record.courses[0].sessions.last().unwrap().id);
    }
    phq9(v, client, sessions[0], 18);
    // The day after the last session: the next one is session `held + 1`.
    set_day(clock, &day(7 * (held as i64 - 1) + 1));
    Course12 { client, course, sessions }
}

/// A whole PHQ-9 with the total `total` (item 9 always 0).
fn phq9(v: &mut Vault, client: ClientId, session: crate::ids::SessionId, total: i64) {
    let mut answers: Vec<Option<Answer>> = vec![Some(Answer::Given(0)); 10];
    let mut left = total;
    for a in answers.iter_mut().take(8) {
        let n = left.min(3);
        *a = Some(Answer::Given(n));
        left -= n;
    }
    answers[9] = Some(Answer::Given(1));
    let what = AdministrationStart {
        instrument: Instrument::Phq9,
        session_id: Some(session),
        given_on: None,
        handed_to_client: false,
    };
    let clock = v.clock_handle();
    v.write(|tx| given::record_whole(tx, clock.as_ref(), client, &what, &answers, false)).unwrap();
}

fn complete() -> Completion {
    Completion {
        gains: Some("I can say what I need before it turns into a row.".into()),
        skills: Some("Naming the feeling; asking directly.".into()),
        risk_level: Some(RiskLevel::NoConcerns),
        maintenance: Some(MaintenanceChoice::None),
        referrals: Some("None.".into()),
        client_feedback: Some("Glad to have come.".into()),
        protective_factors: Some("Partner, sister, the weekly walk.".into()),
        ..Completion::default()
    }
}

fn finish_record(v: &mut Vault, clock: &Arc<ManualClock>, c: &Course12) {
    phq9(v, c.client, *c.sessions.last().unwrap(), 6);
    let plan = RelapsePlanInput {
        warning_signs: Some("Sleeping badly; cancelling friends.".into()),
        what_to_do: Some("Keep the walk; say so at home.".into()),
        whom_to_contact: Some("Sam; the GP.".into()),
    };
    v.edit_client(c.client, &Edit::SaveRelapsePlan { plan }).unwrap();
    set_day(clock, &day(7 * (c.sessions.len() as i64 - 1)));
    v.edit_client(c.client, &Edit::TakeSnapshot { label: Some("Conclusion".into()) }).unwrap();
    let names =
        DocumentSettings { clinician_name: Some("Dr Rhea Moss".into()), ..Default::default() };
    v.set_document_settings(&names).unwrap();
}

fn keys(items: &[ChecklistItem]) -> Vec<&str> {
    items.iter().filter(|i| i.stops_signing()).map(|i| i.key.as_str()).collect()
}

#[test]
fn a_summary_can_be_started_from_session_m_minus_3_and_not_before() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    // Eight attended of twelve: the next is session 9 = M−3.
    let c = course(&mut v, &clock, 7);
    let err = v.start_conclusion_summary(c.client, c.course).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::Conflict);
    assert!(err.to_string().contains("from session 9 of 12"), "{err}");
    assert_eq!(v.conclusion_summaries(c.client).unwrap()[0].stage, SummaryStage::NotDue);

    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 8);
    assert_eq!(v.conclusion_summaries(c.client).unwrap()[0].stage, SummaryStage::Due);
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    assert!(s.signed_at.is_none());
    // Starting again opens the same one: one per course.
    assert_eq!(v.start_conclusion_summary(c.client, c.course).unwrap().id, s.id);
    assert_eq!(v.conclusion_summaries(c.client).unwrap()[0].stage, SummaryStage::Draft);
}

#[test]
fn the_record_part_counts_sessions_and_takes_first_and_last_scores() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 12);
    finish_record(&mut v, &clock, &c);
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    let r = &s.compiled;
    assert_eq!(r.client.full_name, "Ada Lindqvist");
    assert_eq!((r.course.attended, r.course.planned, r.course.no_shows), (12, 12, 0));
    assert_eq!(r.course.first_session.as_deref(), Some(START));
    assert_eq!(r.course.last_session.as_deref(), Some(day(77).as_str()));
    assert_eq!(r.formulation.as_ref().unwrap().primary_area, Some(ProblemArea::RoleTransition));
    let phq = &r.measures[0];
    let outcome = phq.outcome.as_ref().unwrap();
    assert_eq!((outcome.baseline, outcome.latest, outcome.change), (18, 6, -12));
    assert!(outcome.findings.iter().all(|f| !f.rule.is_empty()), "each finding names its rule");
    assert_eq!(r.circles.intake.as_ref().unwrap().label.as_deref(), Some("Intake"));
    assert_eq!(r.circles.conclusion.as_ref().unwrap().label.as_deref(), Some("Conclusion"));
    assert!(r.relapse.is_some());
    // Only the clinician's part is missing.
    assert_eq!(keys(&s.checklist), ["gains", "risk", "maintenance"]);
}

#[test]
fn a_final_score_is_one_from_the_last_four_attended_sessions() {
    for (given_at, ok) in [(8, true), (7, false)] {
        // Twelve attended: sessions 9 to 12 are the last four.
        let (_tmp, mut v, clock) = testing::vault_and_clock();
        let d = course(&mut v, &clock, 12);
        phq9(&mut v, d.client, d.sessions[given_at], 9);
        let s = v.start_conclusion_summary(d.client, d.course).unwrap();
        let missing = keys(&s.checklist).contains(&"final:phq9");
        assert_eq!(!missing, ok, "last PHQ-9 at session {}", given_at + 1);
        if !ok {
            let item = s.checklist.iter().find(|i| i.key == "final:phq9").unwrap();
            assert_eq!(item.text, "No final PHQ-9: the last one was given at session 8.");
        }
    }
}

#[test]
fn only_one_score_asks_for_a_final_one_and_a_reason_sets_it_aside() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 12);
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    let item = s.checklist.iter().find(|i| i.key == "final:phq9").unwrap();
    assert!(item.text.starts_with("Only one PHQ-9"), "{}", item.text);
    assert!(item.waivable);
    let waived = Completion {
        waivers: vec![Waiver {
            item: "final:phq9".into(),
            reason: "Declined the form at the last session.".into(),
        }],
        ..complete()
    };
    v.save_conclusion_draft(c.client, s.id, &waived, None).unwrap();
    let s = v.conclusion_summary(c.client, s.id).unwrap();
    let item = s.checklist.iter().find(|i| i.key == "final:phq9").unwrap();
    assert_eq!(item.waived.as_deref(), Some("Declined the form at the last session."));
    assert!(!item.stops_signing());
}

#[test]
fn what_the_clinician_writes_cannot_be_set_aside_and_is_named_on_signing() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 12);
    finish_record(&mut v, &clock, &c);
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    assert!(!s.can_sign);
    let err = v.sign_conclusion_summary(c.client, s.id).unwrap_err();
    match &err {
        Error::Invalid { field, reason } => {
            assert_eq!(field, "gains");
            assert!(reason.contains("own words") && reason.contains("2 more items"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // Raised risk needs what the assessment found.
    let raised = Completion { risk_level: Some(RiskLevel::Moderate), ..complete() };
    v.save_conclusion_draft(c.client, s.id, &raised, None).unwrap();
    let err = v.sign_conclusion_summary(c.client, s.id).unwrap_err();
    assert!(matches!(&err, Error::Invalid { field, .. } if field == "risk_level"), "{err:?}");
    // Boosters chosen need their dates on the course.
    let boosters = Completion { maintenance: Some(MaintenanceChoice::Boosters), ..complete() };
    v.save_conclusion_draft(c.client, s.id, &boosters, None).unwrap();
    let s2 = v.conclusion_summary(c.client, s.id).unwrap();
    let item = s2.checklist.iter().find(|i| i.key == "maintenance").unwrap();
    assert_eq!(item.fix_in, FixIn::Course);
    // IPT-M needs how often and how long.
    let ipt_m = Completion { maintenance: Some(MaintenanceChoice::MaintenanceIpt), ..complete() };
    v.save_conclusion_draft(c.client, s.id, &ipt_m, None).unwrap();
    assert!(!v.conclusion_summary(c.client, s.id).unwrap().can_sign);
    let ipt_m = Completion {
        maintenance_frequency: Some(Frequency::Monthly),
        maintenance_months: Some(12),
        ..ipt_m
    };
    v.save_conclusion_draft(c.client, s.id, &ipt_m, None).unwrap();
    assert!(v.conclusion_summary(c.client, s.id).unwrap().can_sign);
    // A waiver for something the clinician writes changes nothing.
    let sneaky = Completion {
        gains: None,
        waivers: vec![Waiver { item: "gains".into(), reason: "n/a".into() }],
        ..complete()
    };
    v.save_conclusion_draft(c.client, s.id, &sneaky, None).unwrap();
    assert!(!v.conclusion_summary(c.client, s.id).unwrap().can_sign);
}

#[test]
fn without_the_clinician_s_name_nothing_is_signed() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 12);
    finish_record(&mut v, &clock, &c);
    v.set_document_settings(&DocumentSettings::default()).unwrap();
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    v.save_conclusion_draft(c.client, s.id, &complete(), None).unwrap();
    let err = v.sign_conclusion_summary(c.client, s.id).unwrap_err();
    assert!(matches!(&err, Error::Invalid { field, .. } if field == "clinician_name"), "{err:?}");
}

#[test]
fn a_signed_summary_is_frozen_and_changes_are_dated_amendments() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 12);
    finish_record(&mut v, &clock, &c);
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    let caret = Caret { field: "gains".into(), offset: 4 };
    v.save_conclusion_draft(c.client, s.id, &complete(), Some(&caret)).unwrap();
    assert_eq!(v.conclusion_summary(c.client, s.id).unwrap().caret, Some(caret));
    let signed = v.sign_conclusion_summary(c.client, s.id).unwrap();
    assert!(signed.signed_at.is_some());
    assert_eq!(signed.clinician_name.as_deref(), Some("Dr Rhea Moss"));
    assert!(signed.checklist.is_empty() && !signed.can_sign && !signed.record_changed_since);
    assert_eq!(signed.caret, None);

    // Read-only: the core refuses, and so does the schema for any other writer.
    let err = v.save_conclusion_draft(c.client, s.id, &Completion::default(), None).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::Conflict);
    assert!(v.discard_conclusion_summary(c.client, s.id).is_err());
    for sql in [
        "UPDATE conclusion_summaries SET completion = '{}'",
        "UPDATE conclusion_summaries SET compiled = '{}'",
        "DELETE FROM conclusion_summaries",
    ] {
        let err = v.conn().execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("signed conclusion summary"), "{sql}: {err}");
    }

    // The record changes afterwards: the summary still reads as signed, and says so.
    let later = RelapsePlanInput {
        warning_signs: Some("Something new.".into()),
        ..RelapsePlanInput::default()
    };
    v.edit_client(c.client, &Edit::SaveRelapsePlan { plan: later }).unwrap();
    let read = v.conclusion_summary(c.client, s.id).unwrap();
    assert_eq!(
        read.compiled.relapse.as_ref().unwrap().plan.warning_signs.as_deref(),
        Some("Sleeping badly; cancelling friends.")
    );
    assert!(read.record_changed_since);

    let amended = v
        .amend_conclusion_summary(
            c.client,
            s.id,
            SummarySection::Maintenance,
            "Booster agreed for June after a phone call.",
            "Agreed after signing",
        )
        .unwrap();
    assert_eq!(amended.amendments.len(), 1);
    assert_eq!(amended.amendments[0].section, SummarySection::Maintenance);
    assert_eq!(amended.completion, signed.completion, "the original stays as signed");
    let err = v.conn().execute("UPDATE conclusion_amendments SET text = 'x'", []).unwrap_err();
    assert!(err.to_string().contains("never changed"), "{err}");
    let err =
        v.amend_conclusion_summary(c.client, s.id, SummarySection::Gains, " ", "why").unwrap_err();
    assert!(matches!(&err, Error::Invalid { field, .. } if field == "amendment_text"));
    assert_eq!(v.conclusion_summaries(c.client).unwrap()[0].stage, SummaryStage::Signed);
}

#[test]
fn a_draft_can_be_discarded_and_amendments_wait_for_signing() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 10);
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    let err =
        v.amend_conclusion_summary(c.client, s.id, SummarySection::Gains, "x", "y").unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::Conflict);
    v.discard_conclusion_summary(c.client, s.id).unwrap();
    assert_eq!(v.conclusion_summaries(c.client).unwrap()[0].stage, SummaryStage::Due);
    let err = v.conclusion_summary(c.client, s.id).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::NotFound);
}

#[test]
fn bad_input_names_its_field_and_another_client_s_summary_is_not_found() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 12);
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    let field = |r: Result<DraftSaved>| match r {
        Err(Error::Invalid { field, .. }) => field.into_owned(),
        other => panic!("{other:?}"),
    };
    for (months, ok) in [(0, false), (1, true), (60, true), (61, false)] {
        let input = Completion { maintenance_months: Some(months), ..Completion::default() };
        let r = v.save_conclusion_draft(c.client, s.id, &input, None);
        assert_eq!(r.is_ok(), ok, "{months} months");
        if !ok {
            assert_eq!(field(r), "maintenance_months");
        }
    }
    let huge =
        Completion { gains: Some("x".repeat(input::LONG_TEXT + 1)), ..Completion::default() };
    assert_eq!(field(v.save_conclusion_draft(c.client, s.id, &huge, None)), "gains");
    let twice = Completion {
        waivers: vec![
            Waiver { item: "measures".into(), reason: "a".into() },
            Waiver { item: "measures".into(), reason: "b".into() },
        ],
        ..Completion::default()
    };
    assert_eq!(field(v.save_conclusion_draft(c.client, s.id, &twice, None)), "waiver_item");
    let other = testing::client(&mut v, "Someone Else");
    let err = v.conclusion_summary(other, s.id).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::NotFound);
    let err = v.start_conclusion_summary(other, c.course).unwrap_err();
    assert_eq!(err.code(), crate::ErrorCode::NotFound);
}

#[test]
fn markup_in_the_clinician_s_text_is_kept_as_typed_and_searchable() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 12);
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    let odd = "<script>alert(1)</script> #set page(width: 1cm) *not bold* $x$ zebrafinch";
    let input = Completion { gains: Some(odd.into()), ..Completion::default() };
    v.save_conclusion_draft(c.client, s.id, &input, None).unwrap();
    let read = v.conclusion_summary(c.client, s.id).unwrap();
    assert_eq!(read.completion.gains.as_deref(), Some(odd));
    let hits =
        v.search(&crate::SearchQuery { text: "zebrafinch".into(), ..Default::default() }).unwrap();
    assert_eq!(hits.hits.len(), 1);
    assert_eq!(hits.hits[0].kind, crate::SearchKind::ConclusionSummary);
}

#[test]
fn medication_still_taken_asks_for_the_hand_over() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 12);
    finish_record(&mut v, &clock, &c);
    let medication = crate::record::medication::MedicationInput {
        name: "Sertraline".into(),
        dose: Some("50 mg".into()),
        started_on: Some("2025-11-01".into()),
        stopped_on: None,
        adherence: None,
        side_effects: None,
    };
    v.edit_client(c.client, &Edit::AddMedication { medication }).unwrap();
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    v.save_conclusion_draft(c.client, s.id, &complete(), None).unwrap();
    let s = v.conclusion_summary(c.client, s.id).unwrap();
    assert_eq!(s.compiled.medication.current[0].name, "Sertraline");
    assert_eq!(keys(&s.checklist), ["medication_handover"]);
    let with = Completion {
        medication_handover: Some("Letter to Dr Osei: continue for six months.".into()),
        ..complete()
    };
    v.save_conclusion_draft(c.client, s.id, &with, None).unwrap();
    assert!(v.conclusion_summary(c.client, s.id).unwrap().can_sign);
}

#[test]
fn today_offers_the_summary_at_the_conclusion_and_asks_for_it_after_the_course_ended() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 9);
    let due = |v: &Vault| v.today().unwrap().conclusion;
    let today = due(&v);
    assert_eq!(today.len(), 1);
    assert_eq!(
        (today[0].course_id, today[0].summary, today[0].summary_id),
        (c.course, SummaryStage::Due, None)
    );
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    let today = due(&v);
    assert_eq!((today[0].summary, today[0].summary_id), (SummaryStage::Draft, Some(s.id)));
    assert!(v.today().unwrap().summaries_waiting.is_empty(), "the course is still active");

    // The course ends without a signed summary: Today asks for it for 90 days.
    let record = v.client_record(c.client).unwrap();
    let ended = CourseInput {
        status: CourseStatus::Concluded,
        ended_on: Some(day(56)),
        ..record.courses[0].fields.clone()
    };
    v.edit_client(c.client, &Edit::UpdateCourse { course_id: c.course, course: ended }).unwrap();
    let waiting = v.today().unwrap().summaries_waiting;
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].course_id, waiting[0].summary), (c.course, SummaryStage::Draft));
    assert_eq!(waiting[0].client_name, "Ada Lindqvist");
    set_day(&clock, &day(56 + 91));
    assert!(v.today().unwrap().summaries_waiting.is_empty(), "more than 90 days ago");
}

#[test]
fn opening_a_summary_is_audited_and_reading_its_checklist_again_is_not() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    let c = course(&mut v, &clock, 12);
    let s = v.start_conclusion_summary(c.client, c.course).unwrap();
    let before = v.audit_trail().unwrap().len();
    v.conclusion_summary(c.client, s.id).unwrap();
    assert_eq!(v.audit_trail().unwrap().len(), before + 1);
    let again = v.reread_conclusion_summary(c.client, s.id).unwrap();
    assert_eq!(again.id, s.id);
    assert_eq!(v.audit_trail().unwrap().len(), before + 1);
    // Printing and saving are noted by the document's name.
    v.note_document(c.client, "conclusion_summary", DocumentOutput::Printed).unwrap();
    let last = v.audit_trail().unwrap().pop().unwrap();
    let last = serde_json::to_value(&last).unwrap();
    assert_eq!(last["event"], "document_printed", "{last}");
    assert_eq!(last["outcome"], "conclusion_summary", "{last}");
}
