//! Every change to a client's record as one typed value, applied inside the caller's
//! transaction together with its audit entry.

use crate::audit::{self, Entry, Event, ObjectKind};
use crate::clock::Clock;
use crate::error::Result;
use crate::ids::{
    ClientId, CourseId, GoalId, LifeEventId, MedicationId, PersonId, SessionId, TaskId,
};
use crate::input;
use crate::measures::plan::PlannedMeasure;
use crate::record::areas::{self, AreaDetails, DisputeStage, GoalInput, GoalStatus};
use crate::record::boosters::{self, BoosterPlanInput};
use crate::record::clients::{self, ClientInput, ClientStatus};
use crate::record::contacts::{self, SocialContactsInput};
use crate::record::course::{self, CourseInput, SessionInput};
use crate::record::formulation::{self, FormulationInput};
use crate::record::inventory::{self, NewPerson, PersonInput};
use crate::record::medication::{self, MedicationInput, PrescriberContactInput, PrescriberInput};
use crate::record::relapse::{self, RelapsePlanInput};
use crate::record::safety::{self, SafetyPlanInput};
use crate::record::timeline::{self, LifeEventInput};
use crate::record::vocabulary::Phase;
use crate::sessions::tasks::{self, TaskInput, TaskStatus};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One change to a client's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "op", rename_all = "snake_case")]
#[ts(export)]
pub enum Edit {
    UpdateClient {
        client: ClientInput,
    },
    SetStatus {
        status: ClientStatus,
        changed_on: String,
        note: Option<String>,
    },
    Archive,
    Unarchive,
    AddCourse {
        course: CourseInput,
    },
    UpdateCourse {
        course_id: CourseId,
        course: CourseInput,
    },
    Renegotiate {
        course_id: CourseId,
        #[ts(type = "number")]
        planned_sessions: i64,
        changed_on: String,
        reason: String,
    },
    OverridePhase {
        course_id: CourseId,
        phase: Option<Phase>,
        reason: String,
    },
    AddSession {
        course_id: CourseId,
        session: SessionInput,
    },
    UpdateSession {
        session_id: SessionId,
        session: SessionInput,
    },
    /// An assessment session, before a course is agreed: noted, never a course's session.
    AddAssessmentSession {
        session: SessionInput,
    },
    AddPerson {
        person: NewPerson,
    },
    UpdatePerson {
        person_id: PersonId,
        person: PersonInput,
    },
    MovePerson {
        person_id: PersonId,
        #[ts(type = "number")]
        ring: i64,
    },
    RemovePerson {
        person_id: PersonId,
    },
    AddPersonChange {
        person_id: PersonId,
        changed_on: String,
        description: String,
    },
    TakeSnapshot {
        label: Option<String>,
    },
    SaveFormulation {
        formulation: FormulationInput,
    },
    SaveAreaWork {
        details: AreaDetails,
    },
    /// Names a person who died as the one the grief work is about (starting it if needed).
    LinkGrief {
        person_id: PersonId,
    },
    ChangeDisputeStage {
        stage: DisputeStage,
        changed_on: String,
        note: Option<String>,
    },
    AddGoal {
        goal: GoalInput,
    },
    UpdateGoal {
        goal_id: GoalId,
        goal: GoalInput,
    },
    SetGoalStatus {
        goal_id: GoalId,
        status: GoalStatus,
        changed_on: String,
        note: Option<String>,
    },
    RateGoal {
        goal_id: GoalId,
        rated_on: String,
        #[ts(type = "number")]
        rating: i64,
    },
    AddLifeEvent {
        event: LifeEventInput,
    },
    UpdateLifeEvent {
        event_id: LifeEventId,
        event: LifeEventInput,
    },
    RemoveLifeEvent {
        event_id: LifeEventId,
    },
    SavePrescriber {
        prescriber: PrescriberInput,
    },
    AddMedication {
        medication: MedicationInput,
    },
    UpdateMedication {
        medication_id: MedicationId,
        medication: MedicationInput,
    },
    /// A dated change to a medication; with `new_dose`, its dose from that day on.
    AddMedicationChange {
        medication_id: MedicationId,
        changed_on: String,
        description: String,
        new_dose: Option<String>,
    },
    AddPrescriberContact {
        contact: PrescriberContactInput,
    },
    /// Saves a new version of the relapse warning signs.
    SaveRelapsePlan {
        plan: RelapsePlanInput,
    },
    /// Saves (or replaces) the booster sessions agreed to follow a course.
    SaveBoosterPlan {
        course_id: CourseId,
        plan: BoosterPlanInput,
    },
    RemoveBoosterPlan {
        course_id: CourseId,
    },
    /// Records (or corrects) one week's social contacts.
    RecordSocialContacts {
        entry: SocialContactsInput,
    },
    RemoveSocialContacts {
        week_of: String,
    },
    SaveSafetyPlan {
        plan: SafetyPlanInput,
    },
    AddTask {
        set_in_session: Option<SessionId>,
        task: TaskInput,
    },
    UpdateTask {
        task_id: TaskId,
        task: TaskInput,
    },
    /// Which measures a course gives and how often.
    SetMeasurePlan {
        course_id: CourseId,
        plan: Vec<PlannedMeasure>,
    },
    /// A task's review in a session.
    ReviewTask {
        task_id: TaskId,
        session_id: SessionId,
        status: TaskStatus,
        barriers: Option<String>,
        outcome: Option<String>,
    },
}

/// What an edit did, for the audit trail: never what the record says.
struct Outcome {
    event: Event,
    object_type: ObjectKind,
    object_id: i64,
}

fn created(object_type: ObjectKind, id: i64) -> Outcome {
    Outcome { event: Event::RecordCreated, object_type, object_id: id }
}

fn changed(object_type: ObjectKind, id: i64) -> Outcome {
    Outcome { event: Event::RecordChanged, object_type, object_id: id }
}

/// Applies one edit inside the caller's transaction.
pub fn apply(conn: &Connection, clock: &dyn Clock, client: ClientId, edit: &Edit) -> Result<()> {
    clients::exists(conn, client)?;
    let c = client.0;
    let outcome = match edit {
        Edit::UpdateClient { client: input } => {
            clients::update(conn, clock, client, input)?;
            changed(ObjectKind::Client, c)
        }
        Edit::SetStatus { status, changed_on, note } => {
            clients::set_status(conn, clock, client, *status, changed_on, note.as_deref())?;
            changed(ObjectKind::Client, c)
        }
        Edit::Archive => {
            clients::archive(conn, clock, client)?;
            changed(ObjectKind::Client, c)
        }
        Edit::Unarchive => {
            clients::unarchive(conn, clock, client)?;
            changed(ObjectKind::Client, c)
        }
        Edit::AddCourse { course: input } => {
            let id = course::create(conn, clock, client, input)?;
            follow_course_start(conn, clock, client, input)?;
            created(ObjectKind::Course, id.0)
        }
        Edit::UpdateCourse { course_id, course: input } => {
            course::update(conn, clock, client, *course_id, input)?;
            changed(ObjectKind::Course, course_id.0)
        }
        Edit::Renegotiate { course_id, planned_sessions, changed_on, reason } => {
            course::renegotiate(
                conn,
                clock,
                client,
                *course_id,
                *planned_sessions,
                changed_on,
                reason,
            )?;
            changed(ObjectKind::Course, course_id.0)
        }
        Edit::OverridePhase { course_id, phase, reason } => {
            course::override_phase(conn, clock, client, *course_id, *phase, reason)?;
            changed(ObjectKind::Course, course_id.0)
        }
        Edit::AddSession { course_id, session } => created(
            ObjectKind::Session,
            course::add_session(conn, clock, client, *course_id, session)?.0,
        ),
        Edit::AddAssessmentSession { session } => created(
            ObjectKind::Session,
            course::add_assessment_session(conn, clock, client, session)?.0,
        ),
        Edit::UpdateSession { session_id, session } => {
            course::update_session(conn, clock, client, *session_id, session)?;
            changed(ObjectKind::Session, session_id.0)
        }
        Edit::AddPerson { person } => {
            created(ObjectKind::Person, inventory::add(conn, clock, client, person)?.0)
        }
        Edit::UpdatePerson { person_id, person } => {
            inventory::update(conn, clock, client, *person_id, person)?;
            changed(ObjectKind::Person, person_id.0)
        }
        Edit::MovePerson { person_id, ring } => {
            inventory::move_to_ring(conn, clock, client, *person_id, *ring)?;
            changed(ObjectKind::Person, person_id.0)
        }
        Edit::RemovePerson { person_id } => {
            inventory::remove(conn, client, *person_id)?;
            Outcome {
                event: Event::RecordDeleted,
                object_type: ObjectKind::Person,
                object_id: person_id.0,
            }
        }
        Edit::AddPersonChange { person_id, changed_on, description } => {
            inventory::add_change(conn, clock, client, *person_id, changed_on, description)?;
            changed(ObjectKind::Person, person_id.0)
        }
        Edit::TakeSnapshot { label } => created(
            ObjectKind::CircleSnapshot,
            inventory::take_snapshot(conn, clock, client, label.as_deref())?.0,
        ),
        Edit::SaveFormulation { formulation: input } => {
            created(ObjectKind::Formulation, formulation::save(conn, clock, client, input)?.0)
        }
        Edit::SaveAreaWork { details } => {
            changed(ObjectKind::AreaWork, areas::save(conn, clock, client, details)?.0)
        }
        Edit::LinkGrief { person_id } => {
            changed(ObjectKind::AreaWork, areas::link_grief(conn, clock, client, *person_id)?.0)
        }
        Edit::ChangeDisputeStage { stage, changed_on, note } => {
            areas::change_stage(conn, clock, client, *stage, changed_on, note.as_deref())?;
            changed(ObjectKind::AreaWork, c)
        }
        Edit::AddGoal { goal } => {
            created(ObjectKind::Goal, areas::add_goal(conn, clock, client, goal)?.0)
        }
        Edit::UpdateGoal { goal_id, goal } => {
            areas::update_goal(conn, clock, client, *goal_id, goal)?;
            changed(ObjectKind::Goal, goal_id.0)
        }
        Edit::SetGoalStatus { goal_id, status, changed_on, note } => {
            areas::set_goal_status(
                conn,
                clock,
                client,
                *goal_id,
                *status,
                changed_on,
                note.as_deref(),
            )?;
            changed(ObjectKind::Goal, goal_id.0)
        }
        Edit::RateGoal { goal_id, rated_on, rating } => {
            areas::rate_goal(conn, clock, client, *goal_id, rated_on, *rating)?;
            changed(ObjectKind::Goal, goal_id.0)
        }
        Edit::AddLifeEvent { event } => {
            created(ObjectKind::LifeEvent, timeline::add(conn, clock, client, event)?.0)
        }
        Edit::UpdateLifeEvent { event_id, event } => {
            timeline::update(conn, clock, client, *event_id, event)?;
            changed(ObjectKind::LifeEvent, event_id.0)
        }
        Edit::RemoveLifeEvent { event_id } => {
            timeline::remove(conn, client, *event_id)?;
            Outcome {
                event: Event::RecordDeleted,
                object_type: ObjectKind::LifeEvent,
                object_id: event_id.0,
            }
        }
        Edit::SavePrescriber { prescriber } => {
            medication::save_prescriber(conn, clock, client, prescriber)?;
            changed(ObjectKind::Prescriber, c)
        }
        Edit::AddMedication { medication: input } => created(
            ObjectKind::Medication,
            medication::add_medication(conn, clock, client, input)?.0,
        ),
        Edit::UpdateMedication { medication_id, medication: input } => {
            medication::update_medication(conn, clock, client, *medication_id, input)?;
            changed(ObjectKind::Medication, medication_id.0)
        }
        Edit::AddMedicationChange { medication_id, changed_on, description, new_dose } => {
            medication::add_medication_change(
                conn,
                clock,
                client,
                *medication_id,
                changed_on,
                description,
                new_dose.as_deref(),
            )?;
            changed(ObjectKind::Medication, medication_id.0)
        }
        Edit::AddPrescriberContact { contact } => {
            medication::add_contact(conn, clock, client, contact)?;
            changed(ObjectKind::Prescriber, c)
        }
        Edit::SaveSafetyPlan { plan } => {
            safety::save(conn, clock, client, plan)?;
            changed(ObjectKind::SafetyPlan, c)
        }
        Edit::SaveRelapsePlan { plan } => {
            relapse::save(conn, clock, client, plan)?;
            created(ObjectKind::RelapsePlan, c)
        }
        Edit::SaveBoosterPlan { course_id, plan } => {
            boosters::save(conn, clock, client, *course_id, plan)?;
            changed(ObjectKind::BoosterPlan, course_id.0)
        }
        Edit::RecordSocialContacts { entry } => {
            contacts::record(conn, clock, client, entry)?;
            changed(ObjectKind::AreaWork, c)
        }
        Edit::RemoveSocialContacts { week_of } => {
            contacts::remove(conn, client, week_of)?;
            Outcome { event: Event::RecordDeleted, object_type: ObjectKind::AreaWork, object_id: c }
        }
        Edit::RemoveBoosterPlan { course_id } => {
            boosters::remove(conn, client, *course_id)?;
            Outcome {
                event: Event::RecordDeleted,
                object_type: ObjectKind::BoosterPlan,
                object_id: course_id.0,
            }
        }
        Edit::SetMeasurePlan { course_id, plan } => {
            course::set_measure_plan(conn, clock, client, *course_id, plan)?;
            changed(ObjectKind::Course, course_id.0)
        }
        Edit::AddTask { set_in_session, task } => {
            created(ObjectKind::Task, tasks::add(conn, clock, client, *set_in_session, task)?.0)
        }
        Edit::UpdateTask { task_id, task } => {
            tasks::update(conn, clock, client, *task_id, task)?;
            changed(ObjectKind::Task, task_id.0)
        }
        Edit::ReviewTask { task_id, session_id, status, barriers, outcome } => {
            tasks::review(
                conn,
                clock,
                client,
                *task_id,
                *session_id,
                *status,
                barriers.as_deref(),
                outcome.as_deref(),
            )?;
            changed(ObjectKind::Task, task_id.0)
        }
    };
    audit::append(
        conn,
        clock.now(),
        Entry::about(outcome.event, outcome.object_type, outcome.object_id),
    )
}

/// A course that has started makes the client active (or in maintenance, for a maintenance
/// course) unless they already are, or are archived; the change is kept in the status history
/// like any other. A course that starts later leaves the status alone until then.
fn follow_course_start(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    input: &CourseInput,
) -> Result<()> {
    let start = input::date("start_date", &input.start_date)?;
    if input.status != course::CourseStatus::Active || start > input::today(clock) {
        return Ok(());
    }
    let wanted = match input.kind {
        course::CourseKind::Maintenance => ClientStatus::Maintenance,
        _ => ClientStatus::Active,
    };
    let (current, _) = clients::status(conn, client)?;
    if current == wanted || current == ClientStatus::Archived {
        return Ok(());
    }
    clients::set_status(
        conn,
        clock,
        client,
        wanted,
        &input.start_date,
        Some("A course of IPT started."),
    )
}
