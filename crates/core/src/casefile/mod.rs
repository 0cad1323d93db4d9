//! A client's case file: the whole record of one client as the record screen shows it (the
//! record kinds of [`crate::record`] with the sessions' notes and tasks), and every change to
//! it as one typed [`Edit`]. Each edit runs in one transaction together with its audit entry,
//! and the caller gets the fresh record back, so a screen never shows a state that was not
//! saved.
//!
//! It sits above the record kinds and the sessions because it gathers them all; nothing below
//! imports it.

mod edit;

pub use edit::{Edit, apply};

use crate::audit::{self, Entry, Event, ObjectKind};
use crate::clock::Clock;
use crate::error::Result;
use crate::ids::{ClientId, SessionId, SnapshotId};
use crate::input;
use crate::measures::given::{self, Administration};
use crate::measures::progress::{
    CourseFacts, CourseMeasures, Dated, MarkerKind, Series, SessionAt, TrackKind, course_measures,
    track_chart,
};
use crate::record::areas::{self, AreaWork, Goal};
use crate::record::clients::{self, Client, ClientInput, ClientStatus, StatusChange};
use crate::record::contacts::{self, SocialContacts};
use crate::record::course::{self, Course, Session};
use crate::record::formulation::{self, Formulation};
use crate::record::inventory::{self, CircleChange, Person, Snapshot};
use crate::record::medication::{self, Medication, Prescriber, PrescriberContact};
use crate::record::relapse::{self, RelapsePlan};
use crate::record::safety::{self, SafetyPlan};
use crate::record::timeline::{self, LifeEvent};
use crate::sessions::notes::{self, NoteSummary};
use crate::sessions::tasks::{self, Task};
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
    /// Sessions of assessment before (or between) courses, oldest first.
    pub assessment_sessions: Vec<Session>,
    pub people: Vec<Person>,
    /// Oldest first.
    pub snapshots: Vec<Snapshot>,
    /// Newest version first.
    pub formulations: Vec<Formulation>,
    pub area_work: Vec<AreaWork>,
    /// Social contacts week by week, oldest first (interpersonal deficits).
    pub social_contacts: Vec<SocialContacts>,
    pub goals: Vec<Goal>,
    /// In date order.
    pub life_events: Vec<LifeEvent>,
    pub prescriber: Option<Prescriber>,
    pub medications: Vec<Medication>,
    pub prescriber_contacts: Vec<PrescriberContact>,
    pub safety_plan: Option<SafetyPlan>,
    /// Relapse warning signs, newest version first.
    pub relapse_plans: Vec<RelapsePlan>,
    /// One line per session note, in session order.
    pub notes: Vec<NoteSummary>,
    /// Sessions that have a private process note (its text is read only with the note).
    pub process_notes: Vec<SessionId>,
    /// Work-at-home tasks, open ones first.
    pub tasks: Vec<Task>,
    /// Every measure given, oldest first, scored; corrections beside what they correct.
    pub administrations: Vec<Administration>,
    /// Per course (in the order of `courses`): each instrument's chart and outcome.
    pub measures: Vec<CourseMeasures>,
    /// Today's date where the record was read, for "overdue" and "weeks left".
    pub today: String,
}

/// Reads the whole record of one client.
pub fn read(conn: &Connection, clock: &dyn Clock, client: ClientId) -> Result<ClientRecord> {
    let courses = course::for_client(conn, clock, client)?;
    let administrations = given::for_client(conn, client)?;
    let life_events = timeline::for_client(conn, client)?;
    let goals = areas::goals(conn, client)?;
    let social_contacts = contacts::for_client(conn, client)?;
    let today = input::today(clock);
    let measures = courses
        .iter()
        .map(|c| {
            let around = Around { events: &life_events, goals: &goals, contacts: &social_contacts };
            course_measures_of(c, &around, &administrations, today)
        })
        .collect();
    Ok(ClientRecord {
        client: clients::get(conn, client, input::today(clock))?,
        status_history: clients::status_history(conn, client)?,
        courses,
        assessment_sessions: course::assessment_sessions(conn, client)?,
        people: inventory::for_client(conn, client)?,
        snapshots: inventory::snapshots(conn, client)?,
        formulations: formulation::versions(conn, client)?,
        area_work: areas::for_client(conn, client)?,
        social_contacts,
        goals,
        life_events,
        prescriber: medication::prescriber(conn, client)?,
        medications: medication::medications(conn, client)?,
        prescriber_contacts: medication::contacts(conn, client)?,
        safety_plan: safety::get(conn, client)?,
        relapse_plans: relapse::versions(conn, client)?,
        notes: notes::summaries(conn, client)?,
        process_notes: notes::process_note_sessions(conn, client)?,
        tasks: tasks::for_client(conn, clock, client)?,
        administrations,
        measures,
        today: input::today(clock).to_string(),
    })
}

/// What else of the record a course's progress view draws on.
struct Around<'a> {
    events: &'a [LifeEvent],
    goals: &'a [Goal],
    contacts: &'a [SocialContacts],
}

/// The chart and outcomes of one course's measures, with its renegotiations and the life
/// events that fell within it as markers, and its goal ratings and social contacts.
fn course_measures_of(
    c: &Course,
    around: &Around<'_>,
    administrations: &[Administration],
    today: chrono::NaiveDate,
) -> CourseMeasures {
    let events = around.events;
    let sessions: Vec<SessionAt> = c
        .sessions
        .iter()
        .map(|s| SessionAt { id: s.id, number: s.number, held_on: s.fields.held_on.clone() })
        .collect();
    let start = c.fields.start_date.as_str();
    let today = today.to_string();
    let end = c.fields.ended_on.clone().unwrap_or(today);
    let mut dated: Vec<Dated> = c
        .changes
        .iter()
        .filter(|ch| ch.kind == course::CourseChangeKind::PlannedSessions)
        .map(|ch| Dated {
            kind: MarkerKind::Renegotiation,
            on: ch.changed_on.clone(),
            label: format!(
                "Plan renegotiated to {} sessions",
                ch.to_value.as_deref().unwrap_or("?")
            ),
        })
        .collect();
    for e in events {
        let on = if e.fields.approximate {
            format!("{}-01", e.fields.occurred)
        } else {
            e.fields.occurred.clone()
        };
        if on.as_str() >= start && on <= end {
            dated.push(Dated {
                kind: MarkerKind::LifeEvent,
                on,
                label: short(&e.fields.description),
            });
        }
    }
    use crate::record::counting::{CONCLUSION_SESSIONS, INITIAL_SESSIONS};
    let phased = c.fields.kind != course::CourseKind::Maintenance;
    let facts = CourseFacts {
        course_id: c.id,
        middle_from: phased.then_some(INITIAL_SESSIONS + 1),
        conclusion_from: phased.then(|| c.fields.planned_sessions - CONCLUSION_SESSIONS + 1),
        sessions: &sessions,
        dated: &dated,
    };
    let within = |on: &str| on >= start && on <= end.as_str();
    let goals: Vec<Series> = around
        .goals
        .iter()
        .map(|g| Series {
            label: short(&g.fields.description),
            points: g
                .ratings
                .iter()
                .filter(|r| within(&r.rated_on))
                .map(|r| (r.rated_on.clone(), r.rating))
                .collect(),
        })
        .collect();
    let contacts = vec![Series {
        label: "Contacts in the week".into(),
        points: around
            .contacts
            .iter()
            .filter(|w| within(&w.fields.week_of))
            .map(|w| (w.fields.week_of.clone(), w.fields.contacts))
            .collect(),
    }];
    let mut measures = course_measures(&facts, administrations);
    measures.tracks = [
        track_chart(TrackKind::GoalRatings, &facts, goals),
        track_chart(TrackKind::SocialContacts, &facts, contacts),
    ]
    .into_iter()
    .flatten()
    .collect();
    measures
}

/// The first 60 characters of a description, for a label on a chart.
fn short(text: &str) -> String {
    let mut words: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        words.push('…');
    }
    words
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
    pub fn create_client(
        &mut self,
        input: &ClientInput,
        status: ClientStatus,
    ) -> Result<ClientRecord> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let id = clients::create(tx, clock.as_ref(), input, status)?;
            audit::append(
                tx,
                clock.now(),
                Entry::about(Event::RecordCreated, ObjectKind::Client, id),
            )?;
            read(tx, clock.as_ref(), id)
        })
    }

    /// Opens a client's record; the viewing is audited.
    pub fn client_record(&mut self, client: ClientId) -> Result<ClientRecord> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let record = read(tx, clock.as_ref(), client)?;
            audit::append(
                tx,
                clock.now(),
                Entry::about(Event::RecordViewed, ObjectKind::Client, client),
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
