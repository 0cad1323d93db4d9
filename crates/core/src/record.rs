//! The whole record of one client, and every change to it as one typed `Edit`. Each edit runs
//! in one transaction together with its audit entry, and the caller gets the fresh record back,
//! so a screen never shows a state that was not saved.

use crate::areas::{self, AreaDetails, AreaWork, DisputeStage, Goal, GoalInput, GoalStatus};
use crate::audit::{self, Entry, Event};
use crate::clients::{self, Client, ClientInput, ClientStatus, ClientSummary, StatusChange};
use crate::clock::Clock;
use crate::course::{self, Course, CourseInput, Phase, SessionInput};
use crate::error::Result;
use crate::formulation::{self, Formulation, FormulationInput};
use crate::ids::{
    ClientId, CourseId, GoalId, LifeEventId, MedicationId, PersonId, SessionId, SnapshotId, TaskId,
};
use crate::input;
use crate::inventory::{self, CircleChange, NewPerson, Person, PersonInput, Snapshot};
use crate::medication::{
    self, Medication, MedicationInput, Prescriber, PrescriberContact, PrescriberContactInput,
    PrescriberInput,
};
use crate::notes::{self, NoteSummary};
use crate::safety::{self, SafetyPlan, SafetyPlanInput};
use crate::tasks::{self, Task, TaskInput, TaskStatus};
use crate::timeline::{self, LifeEvent, LifeEventInput};
use crate::vault::Vault;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClientRecord {
    pub client: Client,
    pub status_history: Vec<StatusChange>,
    /// Newest first; the current course is the active one, else the first.
    pub courses: Vec<Course>,
    pub people: Vec<Person>,
    /// Oldest first.
    pub snapshots: Vec<Snapshot>,
    /// Newest version first.
    pub formulations: Vec<Formulation>,
    pub area_work: Vec<AreaWork>,
    pub goals: Vec<Goal>,
    /// In date order.
    pub life_events: Vec<LifeEvent>,
    pub prescriber: Option<Prescriber>,
    pub medications: Vec<Medication>,
    pub prescriber_contacts: Vec<PrescriberContact>,
    pub safety_plan: Option<SafetyPlan>,
    /// One line per session note, in session order.
    pub notes: Vec<NoteSummary>,
    /// Sessions that have a private process note (its text is read only with the note).
    pub process_notes: Vec<SessionId>,
    /// Work-at-home tasks, open ones first.
    pub tasks: Vec<Task>,
    /// Today's date where the record was read, for "overdue" and "weeks left".
    pub today: String,
}

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
    AddMedicationChange {
        medication_id: MedicationId,
        changed_on: String,
        description: String,
    },
    AddPrescriberContact {
        contact: PrescriberContactInput,
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
    object_type: &'static str,
    object_id: i64,
}

fn created(object_type: &'static str, id: i64) -> Outcome {
    Outcome { event: Event::RecordCreated, object_type, object_id: id }
}

fn changed(object_type: &'static str, id: i64) -> Outcome {
    Outcome { event: Event::RecordChanged, object_type, object_id: id }
}

/// Applies one edit inside the caller's transaction.
pub fn apply(conn: &Connection, clock: &dyn Clock, client: ClientId, edit: &Edit) -> Result<()> {
    clients::exists(conn, client)?;
    let c = client.0;
    let outcome = match edit {
        Edit::UpdateClient { client: input } => {
            clients::update(conn, clock, client, input)?;
            changed("client", c)
        }
        Edit::SetStatus { status, changed_on, note } => {
            clients::set_status(conn, clock, client, *status, changed_on, note.as_deref())?;
            changed("client", c)
        }
        Edit::Archive => {
            clients::archive(conn, clock, client)?;
            changed("client", c)
        }
        Edit::Unarchive => {
            clients::unarchive(conn, clock, client)?;
            changed("client", c)
        }
        Edit::AddCourse { course: input } => {
            let id = course::create(conn, clock, client, input)?;
            follow_course_start(conn, clock, client, input)?;
            created("course", id.0)
        }
        Edit::UpdateCourse { course_id, course: input } => {
            course::update(conn, clock, client, *course_id, input)?;
            changed("course", course_id.0)
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
            changed("course", course_id.0)
        }
        Edit::OverridePhase { course_id, phase, reason } => {
            course::override_phase(conn, clock, client, *course_id, *phase, reason)?;
            changed("course", course_id.0)
        }
        Edit::AddSession { course_id, session } => {
            created("session", course::add_session(conn, clock, client, *course_id, session)?.0)
        }
        Edit::UpdateSession { session_id, session } => {
            course::update_session(conn, clock, client, *session_id, session)?;
            changed("session", session_id.0)
        }
        Edit::AddPerson { person } => {
            created("person", inventory::add(conn, clock, client, person)?.0)
        }
        Edit::UpdatePerson { person_id, person } => {
            inventory::update(conn, clock, client, *person_id, person)?;
            changed("person", person_id.0)
        }
        Edit::MovePerson { person_id, ring } => {
            inventory::move_to_ring(conn, clock, client, *person_id, *ring)?;
            changed("person", person_id.0)
        }
        Edit::RemovePerson { person_id } => {
            inventory::remove(conn, client, *person_id)?;
            Outcome { event: Event::RecordDeleted, object_type: "person", object_id: person_id.0 }
        }
        Edit::AddPersonChange { person_id, changed_on, description } => {
            inventory::add_change(conn, clock, client, *person_id, changed_on, description)?;
            changed("person", person_id.0)
        }
        Edit::TakeSnapshot { label } => created(
            "circle_snapshot",
            inventory::take_snapshot(conn, clock, client, label.as_deref())?.0,
        ),
        Edit::SaveFormulation { formulation: input } => {
            created("formulation", formulation::save(conn, clock, client, input)?.0)
        }
        Edit::SaveAreaWork { details } => {
            changed("area_work", areas::save(conn, clock, client, details)?.0)
        }
        Edit::ChangeDisputeStage { stage, changed_on, note } => {
            areas::change_stage(conn, clock, client, *stage, changed_on, note.as_deref())?;
            changed("area_work", c)
        }
        Edit::AddGoal { goal } => created("goal", areas::add_goal(conn, clock, client, goal)?.0),
        Edit::UpdateGoal { goal_id, goal } => {
            areas::update_goal(conn, clock, client, *goal_id, goal)?;
            changed("goal", goal_id.0)
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
            changed("goal", goal_id.0)
        }
        Edit::RateGoal { goal_id, rated_on, rating } => {
            areas::rate_goal(conn, clock, client, *goal_id, rated_on, *rating)?;
            changed("goal", goal_id.0)
        }
        Edit::AddLifeEvent { event } => {
            created("life_event", timeline::add(conn, clock, client, event)?.0)
        }
        Edit::UpdateLifeEvent { event_id, event } => {
            timeline::update(conn, clock, client, *event_id, event)?;
            changed("life_event", event_id.0)
        }
        Edit::RemoveLifeEvent { event_id } => {
            timeline::remove(conn, client, *event_id)?;
            Outcome {
                event: Event::RecordDeleted,
                object_type: "life_event",
                object_id: event_id.0,
            }
        }
        Edit::SavePrescriber { prescriber } => {
            medication::save_prescriber(conn, clock, client, prescriber)?;
            changed("prescriber", c)
        }
        Edit::AddMedication { medication: input } => {
            created("medication", medication::add_medication(conn, clock, client, input)?.0)
        }
        Edit::UpdateMedication { medication_id, medication: input } => {
            medication::update_medication(conn, clock, client, *medication_id, input)?;
            changed("medication", medication_id.0)
        }
        Edit::AddMedicationChange { medication_id, changed_on, description } => {
            medication::add_medication_change(
                conn,
                clock,
                client,
                *medication_id,
                changed_on,
                description,
            )?;
            changed("medication", medication_id.0)
        }
        Edit::AddPrescriberContact { contact } => {
            medication::add_contact(conn, clock, client, contact)?;
            changed("prescriber", c)
        }
        Edit::SaveSafetyPlan { plan } => {
            safety::save(conn, clock, client, plan)?;
            changed("safety_plan", c)
        }
        Edit::AddTask { set_in_session, task } => {
            created("task", tasks::add(conn, clock, client, *set_in_session, task)?.0)
        }
        Edit::UpdateTask { task_id, task } => {
            tasks::update(conn, clock, client, *task_id, task)?;
            changed("task", task_id.0)
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
            changed("task", task_id.0)
        }
    };
    let id = outcome.object_id.to_string();
    audit::append(
        conn,
        clock.now(),
        Entry { event: outcome.event, object: Some((outcome.object_type, &id)), outcome: "ok" },
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

/// Reads the whole record of one client.
pub fn read(conn: &Connection, clock: &dyn Clock, client: ClientId) -> Result<ClientRecord> {
    Ok(ClientRecord {
        client: clients::get(conn, client)?,
        status_history: clients::status_history(conn, client)?,
        courses: course::for_client(conn, clock, client)?,
        people: inventory::for_client(conn, client)?,
        snapshots: inventory::snapshots(conn, client)?,
        formulations: formulation::versions(conn, client)?,
        area_work: areas::for_client(conn, client)?,
        goals: areas::goals(conn, client)?,
        life_events: timeline::for_client(conn, client)?,
        prescriber: medication::prescriber(conn, client)?,
        medications: medication::medications(conn, client)?,
        prescriber_contacts: medication::contacts(conn, client)?,
        safety_plan: safety::get(conn, client)?,
        notes: notes::summaries(conn, client)?,
        process_notes: notes::process_note_sessions(conn, client)?,
        tasks: tasks::for_client(conn, clock, client)?,
        today: input::today(clock).to_string(),
    })
}

/// What a comparison of two snapshots shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SnapshotComparison {
    pub before: Snapshot,
    pub after: Snapshot,
    pub changes: Vec<CircleChange>,
}

impl Vault {
    pub fn list_clients(&self) -> Result<Vec<ClientSummary>> {
        clients::list(self.conn(), self.clock())
    }

    pub fn similar_clients(
        &self,
        name: &str,
        except: Option<ClientId>,
    ) -> Result<Vec<ClientSummary>> {
        clients::similar(self.conn(), name, except)
    }

    pub fn create_client(
        &mut self,
        input: &ClientInput,
        status: ClientStatus,
    ) -> Result<ClientRecord> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let id = clients::create(tx, clock.as_ref(), input, status)?;
            let object = id.to_string();
            audit::append(
                tx,
                clock.now(),
                Entry {
                    event: Event::RecordCreated,
                    object: Some(("client", &object)),
                    outcome: "ok",
                },
            )?;
            read(tx, clock.as_ref(), id)
        })
    }

    /// Opens a client's record; the viewing is audited.
    pub fn client_record(&mut self, client: ClientId) -> Result<ClientRecord> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let record = read(tx, clock.as_ref(), client)?;
            let object = client.to_string();
            audit::append(
                tx,
                clock.now(),
                Entry {
                    event: Event::RecordViewed,
                    object: Some(("client", &object)),
                    outcome: "ok",
                },
            )?;
            Ok(record)
        })
    }

    pub fn edit_client(&mut self, client: ClientId, edit: &Edit) -> Result<ClientRecord> {
        let clock = self.clock_handle();
        self.write(|tx| {
            apply(tx, clock.as_ref(), client, edit)?;
            read(tx, clock.as_ref(), client)
        })
    }

    pub fn compare_snapshots(
        &self,
        client: ClientId,
        before: SnapshotId,
        after: SnapshotId,
    ) -> Result<SnapshotComparison> {
        let before = inventory::snapshot(self.conn(), client, before)?;
        let after = inventory::snapshot(self.conn(), client, after)?;
        let changes = inventory::compare(&before, &after);
        Ok(SnapshotComparison { before, after, changes })
    }
}
