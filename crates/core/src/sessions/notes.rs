//! Session notes. A note is a draft until it is signed: drafts are saved as they are typed, a
//! signed note never changes, and later corrections are dated amendments with a reason shown
//! under the original. Each session may also have a private process note, kept apart from the
//! record and never printed, exported or summarised.
//!
//! The session's number and phase are not stored: they come from the course, counting attended
//! sessions only, so a cancellation or a non-attendance never moves the numbering.

use crate::audit::{self, Entry, Event, ObjectKind};
use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{AmendmentId, ClientId, CourseId, NoteId, SessionId};
use crate::input;
use crate::record::course::{self, Attendance, Session, SessionInput};
use crate::record::vocabulary::{MOOD, Phase, SessionFormat};
use crate::store::rows;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The usual length of a session, used when a note starts a session that was not booked.
pub const DEFAULT_DURATION_MINUTES: i64 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Technique {
    Clarification,
    EncouragementOfAffect,
    CommunicationAnalysis,
    RolePlay,
    DecisionAnalysis,
    Psychoeducation,
    TherapeuticRelationship,
    ExploratoryQuestions,
}

/// The result of the risk check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RiskLevel {
    NotAsked,
    NoConcerns,
    Low,
    Moderate,
    High,
}

impl RiskLevel {
    /// Moderate and high risk stay on the Today view until a later check says otherwise.
    pub fn is_raised(self) -> bool {
        matches!(self, RiskLevel::Moderate | RiskLevel::High)
    }
}

/// The part of a signed note an amendment corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NoteSection {
    General,
    Session,
    MoodAndEvents,
    Risk,
    FocusWork,
    Techniques,
    HomeworkReview,
    MedicationUpdate,
    PlanNext,
    Narrative,
}

/// What the practitioner writes in a note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoteInput {
    /// Set only to override the phase the session count gives.
    pub phase: Option<Phase>,
    /// Mood today, 0 (lowest) to 10.
    #[ts(type = "number | null")]
    pub mood: Option<i64>,
    /// Mood and interpersonal events since the last session.
    pub mood_and_events: Option<String>,
    pub risk_level: RiskLevel,
    /// What the risk check found.
    pub risk_notes: Option<String>,
    /// What was done about it.
    pub risk_action: Option<String>,
    /// Work on the problem area(s).
    pub focus_work: Option<String>,
    pub techniques: Vec<Technique>,
    /// How the work-at-home tasks went, in words (each task's own review is kept with it).
    pub homework_review: Option<String>,
    pub medication_update: Option<String>,
    /// The plan for the next session; it is carried into the next note.
    pub plan_next: Option<String>,
    pub narrative: Option<String>,
}

impl Default for NoteInput {
    fn default() -> Self {
        NoteInput {
            phase: None,
            mood: None,
            mood_and_events: None,
            risk_level: RiskLevel::NotAsked,
            risk_notes: None,
            risk_action: None,
            focus_work: None,
            techniques: Vec::new(),
            homework_review: None,
            medication_update: None,
            plan_next: None,
            narrative: None,
        }
    }
}

impl NoteInput {
    fn validated(&self) -> Result<Self> {
        let v = input::tidy(self, &[], &[])?;
        input::opt_range("mood", v.mood, MOOD)?;
        let mut techniques = Vec::with_capacity(v.techniques.len());
        for t in &v.techniques {
            if !techniques.contains(t) {
                techniques.push(*t);
            }
        }
        Ok(NoteInput { techniques, ..v })
    }

    fn is_empty(&self) -> bool {
        let texts = [
            &self.mood_and_events,
            &self.risk_notes,
            &self.risk_action,
            &self.focus_work,
            &self.homework_review,
            &self.medication_update,
            &self.plan_next,
            &self.narrative,
        ];
        texts.iter().all(|t| t.is_none())
            && self.mood.is_none()
            && self.techniques.is_empty()
            && self.risk_level == RiskLevel::NotAsked
    }
}

/// Where the practitioner was typing when the draft was last saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Caret {
    pub field: String,
    #[ts(type = "number")]
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Amendment {
    pub id: AmendmentId,
    pub section: NoteSection,
    pub text: String,
    pub reason: String,
    pub made_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Note {
    pub id: NoteId,
    pub client_id: ClientId,
    pub course_id: CourseId,
    pub session: Session,
    /// Sessions planned in the course now.
    #[ts(type = "number")]
    pub planned: i64,
    /// The phase the session count gives.
    pub derived_phase: Phase,
    #[serde(flatten)]
    pub fields: NoteInput,
    /// The previous note's plan, as it read when this note began.
    pub carried_plan: Option<String>,
    pub caret: Option<Caret>,
    /// Goes up by one with every saved draft.
    #[ts(type = "number")]
    pub revision: i64,
    pub signed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Oldest first.
    pub amendments: Vec<Amendment>,
}

impl Note {
    /// The phase shown: the override if there is one, else the one the count gives.
    pub fn phase(&self) -> Phase {
        self.fields.phase.unwrap_or(self.derived_phase)
    }
}

/// The practitioner's private process note for one session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProcessNote {
    pub session_id: SessionId,
    pub text: String,
    pub updated_at: String,
}

/// A note as the note screen shows it, with the private process note beside it (never part of
/// the note itself, so nothing that prints or exports a `Note` can include it by mistake) and
/// the sessions before and after that have notes, for moving between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoteView {
    pub note: Note,
    pub process_note: Option<ProcessNote>,
    pub previous: Option<SessionId>,
    pub next: Option<SessionId>,
}

/// One line per note for the record's list of sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoteSummary {
    pub id: NoteId,
    pub session_id: SessionId,
    pub signed_at: Option<String>,
    pub updated_at: String,
    #[ts(type = "number")]
    pub amendments: i64,
    pub risk_level: RiskLevel,
}

/// What a saved draft reports back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftSaved {
    #[ts(type = "number")]
    pub revision: i64,
    pub updated_at: String,
}

#[derive(Deserialize)]
struct NoteRow {
    id: NoteId,
    session_id: SessionId,
    client_id: ClientId,
    techniques: String,
    carried_plan: Option<String>,
    focus_field: Option<String>,
    caret: Option<i64>,
    revision: i64,
    signed_at: Option<String>,
    created_at: String,
    updated_at: String,
}

#[derive(Deserialize)]
struct NoteText {
    phase: Option<Phase>,
    mood: Option<i64>,
    mood_and_events: Option<String>,
    risk_level: RiskLevel,
    risk_notes: Option<String>,
    risk_action: Option<String>,
    focus_work: Option<String>,
    homework_review: Option<String>,
    medication_update: Option<String>,
    plan_next: Option<String>,
    narrative: Option<String>,
}

fn signed_refusal(signed_at: &str) -> Error {
    Error::Conflict {
        reason: format!(
            "This note was signed at {signed_at} and cannot be changed. Add an amendment instead."
        ),
    }
}

/// The session a note belongs to, with its place in the course.
struct SessionPlace {
    session: Session,
    course_id: CourseId,
    client_id: ClientId,
    planned: i64,
    /// Attended sessions before this one, plus one: the number this session has or would have.
    ordinal: i64,
}

fn session_place(conn: &Connection, session: SessionId) -> Result<SessionPlace> {
    let found = conn
        .query_row(
            "SELECT s.*, c.client_id, c.planned_sessions,
                    (SELECT count(*) FROM sessions p
                     WHERE p.course_id = s.course_id AND p.attendance = 'attended'
                       AND (p.held_on, coalesce(p.start_time, ''), p.id)
                           < (s.held_on, coalesce(s.start_time, ''), s.id)) AS before
             FROM sessions s JOIN courses c ON c.id = s.course_id WHERE s.id = ?1",
            [session],
            |row| {
                let fields: SessionInput = rows::fields(row)?;
                let before: i64 = row.get("before")?;
                let attended = fields.attendance == Attendance::Attended;
                Ok(SessionPlace {
                    session: Session {
                        id: row.get("id")?,
                        course_id: row.get("course_id")?,
                        fields,
                        number: attended.then_some(before + 1),
                    },
                    course_id: row.get("course_id")?,
                    client_id: row.get("client_id")?,
                    planned: row.get("planned_sessions")?,
                    ordinal: before + 1,
                })
            },
        )
        .optional()?;
    found.ok_or(Error::NotFound { what: "The session" })
}

fn session_of_client(
    conn: &Connection,
    client: ClientId,
    session: SessionId,
) -> Result<SessionPlace> {
    let place = session_place(conn, session)?;
    if place.client_id != client {
        return Err(Error::NotFound { what: "The session" });
    }
    Ok(place)
}

/// Starts the note of a session, or returns the note it already has. Without a session, the
/// note is for today: today's booked session of the active course if there is one, else a new
/// session held now. A booked session whose note starts is marked as attended.
pub fn start(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    session: Option<SessionId>,
) -> Result<NoteId> {
    crate::record::clients::exists(conn, client)?;
    let today = input::today(clock);
    let session = match session {
        Some(s) => s,
        None => session_for_today(conn, clock, client, today)?,
    };
    let place = session_of_client(conn, client, session)?;
    if let Some(id) = note_of_session(conn, session)? {
        return Ok(id);
    }
    let held_on = input::date("held_on", &place.session.fields.held_on)?;
    if held_on > today {
        return Err(Error::Conflict {
            reason: format!(
                "This session is booked for {held_on}. Its note can be started on the day."
            ),
        });
    }
    let now = now_text(clock);
    if place.session.fields.attendance == Attendance::Scheduled {
        conn.execute(
            "UPDATE sessions SET attendance = 'attended', updated_at = ?2 WHERE id = ?1",
            params![session, now],
        )?;
    }
    let carried = carried_plan(conn, client, &place.session)?;
    conn.execute(
        "INSERT INTO notes (session_id, client_id, risk_level, techniques, carried_plan, revision,
                            created_at, updated_at)
         VALUES (?1, ?2, 'not_asked', '[]', ?3, 0, ?4, ?4)",
        params![session, client, carried, now],
    )?;
    let id = NoteId(conn.last_insert_rowid());
    audit::append(conn, clock.now(), Entry::about(Event::RecordCreated, ObjectKind::Note, id))?;
    Ok(id)
}

fn session_for_today(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    today: NaiveDate,
) -> Result<SessionId> {
    let course: Option<(CourseId, SessionFormat)> = conn
        .query_row(
            "SELECT c.id, cl.session_format FROM courses c JOIN clients cl ON cl.id = c.client_id
             WHERE c.client_id = ?1 AND c.status = 'active' ORDER BY c.start_date DESC LIMIT 1",
            [client],
            |r| Ok((r.get(0)?, rows::fields::<FormatOnly>(r)?.session_format)),
        )
        .optional()?;
    let Some((course, format)) = course else {
        return Err(Error::Conflict {
            reason: "This client has no active course. Set up a course on the Course tab before \
                     writing session notes."
                .into(),
        });
    };
    let today_text = today.to_string();
    // A session booked or held today whose note has not begun, else today's session with a note.
    let existing: Option<SessionId> = conn
        .query_row(
            "SELECT s.id FROM sessions s LEFT JOIN notes n ON n.session_id = s.id
             WHERE s.course_id = ?1 AND s.held_on = ?2 AND s.attendance IN ('scheduled', 'attended')
             ORDER BY (n.id IS NOT NULL), s.start_time, s.id LIMIT 1",
            params![course, today_text],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(s) = existing {
        return Ok(s);
    }
    let now_local = clock.now().with_timezone(&chrono::Local);
    let input = SessionInput {
        held_on: today_text,
        start_time: Some(now_local.format("%H:%M").to_string()),
        duration_minutes: Some(DEFAULT_DURATION_MINUTES),
        format,
        attendance: Attendance::Attended,
    };
    course::add_session(conn, clock, client, course, &input)
}

#[derive(Deserialize)]
struct FormatOnly {
    session_format: SessionFormat,
}

fn note_of_session(conn: &Connection, session: SessionId) -> Result<Option<NoteId>> {
    Ok(conn
        .query_row("SELECT id FROM notes WHERE session_id = ?1", [session], |r| r.get(0))
        .optional()?)
}

/// The plan written at the end of the client's previous note (as last amended, if it was).
fn carried_plan(conn: &Connection, client: ClientId, session: &Session) -> Result<Option<String>> {
    let previous: Option<(NoteId, Option<String>)> = conn
        .query_row(
            "SELECT n.id, n.plan_next FROM notes n JOIN sessions s ON s.id = n.session_id
             WHERE n.client_id = ?1
               AND (s.held_on, coalesce(s.start_time, ''), s.id) < (?2, coalesce(?3, ''), ?4)
             ORDER BY s.held_on DESC, s.start_time DESC, s.id DESC LIMIT 1",
            params![client, session.fields.held_on, session.fields.start_time, session.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((note, plan)) = previous else {
        return Ok(None);
    };
    let amended: Option<String> = conn
        .query_row(
            "SELECT text FROM note_amendments WHERE note_id = ?1 AND section = 'plan_next'
             ORDER BY id DESC LIMIT 1",
            [note],
            |r| r.get(0),
        )
        .optional()?;
    Ok(amended.or(plan))
}

fn row_of(conn: &Connection, note: NoteId) -> Result<(NoteRow, NoteText)> {
    conn.query_row("SELECT * FROM notes WHERE id = ?1", [note], |r| {
        Ok((rows::fields::<NoteRow>(r)?, rows::fields::<NoteText>(r)?))
    })
    .optional()?
    .ok_or(Error::NotFound { what: "The note" })
}

fn owned_row(conn: &Connection, client: ClientId, note: NoteId) -> Result<(NoteRow, NoteText)> {
    let found = row_of(conn, note)?;
    if found.0.client_id != client {
        return Err(Error::NotFound { what: "The note" });
    }
    Ok(found)
}

/// Saves the draft as typed. Refused once the note is signed.
pub fn save_draft(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    note: NoteId,
    input: &NoteInput,
    caret: Option<&Caret>,
) -> Result<DraftSaved> {
    let (row, _) = owned_row(conn, client, note)?;
    if let Some(at) = &row.signed_at {
        return Err(signed_refusal(at));
    }
    let v = input.validated()?;
    let techniques = serde_json::to_string(&v.techniques).map_err(|e| {
        Error::invalid("techniques", format!("The techniques could not be read ({e})."))
    })?;
    let caret = match caret {
        Some(c) => Some(Caret {
            field: input::text("caret", &c.field, 64, true)?,
            offset: c.offset.max(0),
        }),
        None => None,
    };
    let now = now_text(clock);
    let revision = row.revision + 1;
    rows::update(
        conn,
        "notes",
        &v,
        &["techniques"],
        &[
            ("techniques", &techniques),
            ("focus_field", &caret.as_ref().map(|c| c.field.clone())),
            ("caret", &caret.as_ref().map(|c| c.offset)),
            ("revision", &revision),
            ("updated_at", &now),
        ],
        &[("id", &note)],
        "The note",
    )?;
    Ok(DraftSaved { revision, updated_at: now })
}

/// Signs the note: from now on it is read-only, and changes are amendments.
pub fn sign(conn: &Connection, clock: &dyn Clock, client: ClientId, note: NoteId) -> Result<()> {
    let (row, text) = owned_row(conn, client, note)?;
    if let Some(at) = &row.signed_at {
        return Err(Error::Conflict { reason: format!("This note was already signed at {at}.") });
    }
    let place = session_place(conn, row.session_id)?;
    if place.session.fields.attendance == Attendance::Scheduled {
        return Err(Error::Conflict {
            reason: "Record whether the session took place (attended, cancelled or did not \
                     attend) before signing its note."
                .into(),
        });
    }
    let input = input_of(&row, text)?;
    if input.is_empty() {
        return Err(Error::Conflict {
            reason: "This note is empty. Write what happened in the session before signing it."
                .into(),
        });
    }
    let now = now_text(clock);
    conn.execute(
        "UPDATE notes SET signed_at = ?2, focus_field = NULL, caret = NULL, updated_at = ?2
         WHERE id = ?1 AND signed_at IS NULL",
        params![note, now],
    )?;
    audit::append(conn, clock.now(), Entry::about(Event::NoteSigned, ObjectKind::Note, note))
}

/// Discards an unsigned draft (a note started by mistake, or for the wrong session). A signed
/// note is never removed. The session itself stays, as does its private process note.
pub fn discard(conn: &Connection, clock: &dyn Clock, client: ClientId, note: NoteId) -> Result<()> {
    let (row, _) = owned_row(conn, client, note)?;
    if let Some(at) = &row.signed_at {
        return Err(Error::Conflict {
            reason: format!("This note was signed at {at} and is kept for good."),
        });
    }
    conn.execute("DELETE FROM notes WHERE id = ?1 AND signed_at IS NULL", [note])?;
    audit::append(conn, clock.now(), Entry::about(Event::RecordDeleted, ObjectKind::Note, note))
}

/// Adds a dated amendment with its reason under a signed note.
pub fn amend(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    note: NoteId,
    section: NoteSection,
    text: &str,
    reason: &str,
) -> Result<AmendmentId> {
    let (row, _) = owned_row(conn, client, note)?;
    if row.signed_at.is_none() {
        return Err(Error::Conflict {
            reason: "This note is still a draft: change it directly. Amendments are for signed \
                     notes."
                .into(),
        });
    }
    let text = input::text("amendment_text", text, input::LONG_TEXT, true)?;
    let reason = input::text("amendment_reason", reason, input::SHORT_TEXT, true)?;
    let now = now_text(clock);
    conn.execute(
        "INSERT INTO note_amendments (note_id, section, text, reason, made_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![note, section, text, reason, now],
    )?;
    let id = AmendmentId(conn.last_insert_rowid());
    audit::append(conn, clock.now(), Entry::about(Event::NoteAmended, ObjectKind::Note, note))?;
    Ok(id)
}

/// Saves the private process note of a session; empty text removes it.
pub fn save_process_note(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    session: SessionId,
    text: &str,
) -> Result<Option<ProcessNote>> {
    session_of_client(conn, client, session)?;
    let text = input::text("process_note", text, input::LONG_TEXT, false)?;
    if text.is_empty() {
        conn.execute("DELETE FROM process_notes WHERE session_id = ?1", [session])?;
        return Ok(None);
    }
    let now = now_text(clock);
    conn.execute(
        "INSERT INTO process_notes (session_id, client_id, text, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (session_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
        params![session, client, text, now],
    )?;
    Ok(Some(ProcessNote { session_id: session, text, updated_at: now }))
}

fn input_of(row: &NoteRow, text: NoteText) -> Result<NoteInput> {
    let techniques: Vec<Technique> = serde_json::from_str(&row.techniques)
        .map_err(|e| Error::Damaged { what: format!("the techniques of note {} ({e})", row.id) })?;
    Ok(NoteInput {
        phase: text.phase,
        mood: text.mood,
        mood_and_events: text.mood_and_events,
        risk_level: text.risk_level,
        risk_notes: text.risk_notes,
        risk_action: text.risk_action,
        focus_work: text.focus_work,
        techniques,
        homework_review: text.homework_review,
        medication_update: text.medication_update,
        plan_next: text.plan_next,
        narrative: text.narrative,
    })
}

fn amendments(conn: &Connection, note: NoteId) -> Result<Vec<Amendment>> {
    let mut stmt = conn.prepare("SELECT * FROM note_amendments WHERE note_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([note], rows::fields::<Amendment>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reads one note whole.
pub fn get(conn: &Connection, client: ClientId, note: NoteId) -> Result<Note> {
    let (row, text) = owned_row(conn, client, note)?;
    let place = session_place(conn, row.session_id)?;
    let fields = input_of(&row, text)?;
    Ok(Note {
        id: row.id,
        client_id: row.client_id,
        course_id: place.course_id,
        derived_phase: course::phase_for(place.ordinal, place.planned),
        planned: place.planned,
        session: place.session,
        fields,
        carried_plan: row.carried_plan,
        caret: row.focus_field.map(|field| Caret { field, offset: row.caret.unwrap_or(0) }),
        revision: row.revision,
        signed_at: row.signed_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
        amendments: amendments(conn, note)?,
    })
}

pub fn process_note(conn: &Connection, session: SessionId) -> Result<Option<ProcessNote>> {
    Ok(conn
        .query_row(
            "SELECT session_id, text, updated_at FROM process_notes WHERE session_id = ?1",
            [session],
            rows::fields::<ProcessNote>,
        )
        .optional()?)
}

/// The note with its process note and its neighbours, as the note screen shows it.
pub fn view(conn: &Connection, client: ClientId, note: NoteId) -> Result<NoteView> {
    let note = get(conn, client, note)?;
    let s = &note.session;
    let key = params![client, s.fields.held_on, s.fields.start_time, s.id];
    let neighbour = |sql: &str| -> Result<Option<SessionId>> {
        Ok(conn.query_row(sql, key, |r| r.get(0)).optional()?)
    };
    let previous = neighbour(
        "SELECT s.id FROM notes n JOIN sessions s ON s.id = n.session_id WHERE n.client_id = ?1
           AND (s.held_on, coalesce(s.start_time, ''), s.id) < (?2, coalesce(?3, ''), ?4)
         ORDER BY s.held_on DESC, s.start_time DESC, s.id DESC LIMIT 1",
    )?;
    let next = neighbour(
        "SELECT s.id FROM notes n JOIN sessions s ON s.id = n.session_id WHERE n.client_id = ?1
           AND (s.held_on, coalesce(s.start_time, ''), s.id) > (?2, coalesce(?3, ''), ?4)
         ORDER BY s.held_on, s.start_time, s.id LIMIT 1",
    )?;
    Ok(NoteView { process_note: process_note(conn, s.id)?, note, previous, next })
}

/// The note of a session, if it has one.
pub fn of_session(
    conn: &Connection,
    client: ClientId,
    session: SessionId,
) -> Result<Option<NoteId>> {
    session_of_client(conn, client, session)?;
    note_of_session(conn, session)
}

/// Every note of a client, for the list of sessions.
pub fn summaries(conn: &Connection, client: ClientId) -> Result<Vec<NoteSummary>> {
    let mut stmt = conn.prepare(
        "SELECT n.id, n.session_id, n.signed_at, n.updated_at, n.risk_level,
                (SELECT count(*) FROM note_amendments a WHERE a.note_id = n.id) AS amendments
         FROM notes n JOIN sessions s ON s.id = n.session_id
         WHERE n.client_id = ?1 ORDER BY s.held_on, s.start_time, s.id",
    )?;
    let rows = stmt.query_map([client], rows::fields::<NoteSummary>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Session ids of a client that have a process note.
pub fn process_note_sessions(conn: &Connection, client: ClientId) -> Result<Vec<SessionId>> {
    let mut stmt = conn.prepare("SELECT session_id FROM process_notes WHERE client_id = ?1")?;
    let rows = stmt.query_map([client], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl crate::vault::Vault {
    /// Starts the note of a session (or today's, without one) and opens it.
    pub fn start_note(&mut self, client: ClientId, session: Option<SessionId>) -> Result<NoteView> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let id = start(tx, clock.as_ref(), client, session)?;
            view(tx, client, id)
        })
    }

    /// Opens the note of a session; the viewing is audited.
    pub fn note_of_session(&mut self, client: ClientId, session: SessionId) -> Result<NoteView> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let id = of_session(tx, client, session)?
                .ok_or(Error::NotFound { what: "The note of this session" })?;
            audit::append(
                tx,
                clock.now(),
                Entry::about(Event::RecordViewed, ObjectKind::Note, id),
            )?;
            view(tx, client, id)
        })
    }

    /// Saves a draft as typed. Drafts are not audited one by one: the note's creation, signing
    /// and amendments are.
    pub fn save_note_draft(
        &mut self,
        client: ClientId,
        note: NoteId,
        input: &NoteInput,
        caret: Option<&Caret>,
    ) -> Result<DraftSaved> {
        let clock = self.clock_handle();
        self.write(|tx| save_draft(tx, clock.as_ref(), client, note, input, caret))
    }

    pub fn sign_note(&mut self, client: ClientId, note: NoteId) -> Result<NoteView> {
        let clock = self.clock_handle();
        self.write(|tx| {
            sign(tx, clock.as_ref(), client, note)?;
            view(tx, client, note)
        })
    }

    pub fn discard_note(&mut self, client: ClientId, note: NoteId) -> Result<()> {
        let clock = self.clock_handle();
        self.write(|tx| discard(tx, clock.as_ref(), client, note))
    }

    pub fn amend_note(
        &mut self,
        client: ClientId,
        note: NoteId,
        section: NoteSection,
        text: &str,
        reason: &str,
    ) -> Result<NoteView> {
        let clock = self.clock_handle();
        self.write(|tx| {
            amend(tx, clock.as_ref(), client, note, section, text, reason)?;
            view(tx, client, note)
        })
    }

    pub fn save_process_note(
        &mut self,
        client: ClientId,
        session: SessionId,
        text: &str,
    ) -> Result<Option<ProcessNote>> {
        let clock = self.clock_handle();
        self.write(|tx| save_process_note(tx, clock.as_ref(), client, session, text))
    }
}

crate::stored_as_text!(
    RiskLevel => "risk level",
    NoteSection => "note section",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn techniques_are_kept_once_in_the_order_chosen() {
        let input = NoteInput {
            techniques: vec![Technique::RolePlay, Technique::Clarification, Technique::RolePlay],
            ..NoteInput::default()
        };
        assert_eq!(
            input.validated().unwrap().techniques,
            vec![Technique::RolePlay, Technique::Clarification]
        );
    }

    #[test]
    fn an_untouched_note_is_empty() {
        assert!(NoteInput::default().is_empty());
        let risk = NoteInput { risk_level: RiskLevel::NoConcerns, ..NoteInput::default() };
        assert!(!risk.is_empty());
        let blank = NoteInput { narrative: Some("   ".into()), ..NoteInput::default() };
        assert!(blank.validated().unwrap().is_empty());
    }

    #[test]
    fn raised_risk() {
        assert!(!RiskLevel::Low.is_raised());
        assert!(RiskLevel::Moderate.is_raised());
        assert!(RiskLevel::High.is_raised());
    }
}
