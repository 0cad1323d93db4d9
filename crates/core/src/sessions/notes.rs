//! Session notes. A note is a draft until it is signed: drafts are saved as they are typed, a
//! signed note never changes, and later corrections are dated amendments with a reason shown
//! under the original. Each session may also have a private process note, kept apart from the
//! record and never printed, exported or summarised.
//!
//! While a note is a draft, its session's number, the sessions left and the phase come live
//! from the course (see [`counting`](crate::record::counting)). Signing freezes them with the
//! text: a later renegotiation or a session added before it changes the course's live view,
//! never what the note was signed as.
//!
//! No note is signed without a risk check: a level, or "not assessed" with the reason; at
//! moderate or high risk, with the action taken; and a note that lowers a raised level says
//! what the assessment found.

use crate::audit::{self, Entry, Event, ObjectKind};
use crate::clock::{Clock, now_text};
pub use crate::drafts::{Caret, DraftSaved};
use crate::error::{Error, Result};
use crate::ids::{AmendmentId, ClientId, CourseId, GoalId, NoteId, SessionId};
use crate::input;
use crate::measures::given::{self, Administration, MeasureFlag};
use crate::record::counting::{self, Missed, MissedRule, Place, Schedule};
use crate::record::course::{self, Attendance, Frequency, Session, SessionInput, SessionPurpose};
use crate::record::vocabulary::{MOOD, Phase, SessionFormat};
use crate::store::rows;
use crate::worksheets::{self, FollowUpPrompt, WorksheetSummary};
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

/// The four ways an IPT session works on symptoms, as the session served them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Mechanism {
    EnhancingSocialSupport,
    DecreasingInterpersonalStress,
    FacilitatingEmotionalProcessing,
    ImprovingInterpersonalSkills,
}

/// Who came to the session with the client (IPT is also given to couples, and with a partner in
/// perinatal work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttendedWith {
    Alone,
    Partner,
    Other,
}

/// The result of the risk check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RiskLevel {
    /// Not assessed in this session; a signed note says why.
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

/// What was done about moderate or high risk before the note was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RiskAction {
    SafetyPlanReviewed,
    CrisisContactsGiven,
    PrescriberOrGpContacted,
    EmergencyServices,
    /// Described in the note's action text.
    Other,
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
    /// Why risk was not assessed (needed to sign a note whose level is "not assessed").
    pub risk_not_assessed_reason: Option<String>,
    /// What the risk check found: the assessment behind the level.
    pub risk_notes: Option<String>,
    /// What was done, chosen from the usual actions (one at least at moderate or high risk).
    pub risk_actions: Vec<RiskAction>,
    /// What was done, in words (needed with "other").
    pub risk_action: Option<String>,
    /// Work on the problem area(s).
    pub focus_work: Option<String>,
    pub techniques: Vec<Technique>,
    /// The mechanisms the session served.
    pub mechanisms: Vec<Mechanism>,
    /// The client's goals worked on in the session.
    pub goals_worked: Vec<GoalId>,
    pub attended_with: AttendedWith,
    /// Who came with the client, when not alone (a name or "partner", "mother" …).
    pub attended_with_name: Option<String>,
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
            risk_not_assessed_reason: None,
            risk_notes: None,
            risk_actions: Vec::new(),
            risk_action: None,
            focus_work: None,
            techniques: Vec::new(),
            mechanisms: Vec::new(),
            goals_worked: Vec::new(),
            attended_with: AttendedWith::Alone,
            attended_with_name: None,
            homework_review: None,
            medication_update: None,
            plan_next: None,
            narrative: None,
        }
    }
}

impl NoteInput {
    pub(crate) fn validated(&self) -> Result<Self> {
        let v = input::tidy(self, &[], &[])?;
        input::opt_range("mood", v.mood, MOOD)?;
        let techniques = once_each(&v.techniques);
        let risk_actions = once_each(&v.risk_actions);
        let mechanisms = once_each(&v.mechanisms);
        let goals_worked = once_each(&v.goals_worked);
        let attended_with_name =
            if v.attended_with == AttendedWith::Alone { None } else { v.attended_with_name };
        Ok(NoteInput {
            techniques,
            risk_actions,
            mechanisms,
            goals_worked,
            attended_with_name,
            ..v
        })
    }

    fn is_empty(&self) -> bool {
        let texts = [
            &self.mood_and_events,
            &self.risk_not_assessed_reason,
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
            && self.mechanisms.is_empty()
            && self.goals_worked.is_empty()
            && self.risk_actions.is_empty()
            && self.risk_level == RiskLevel::NotAsked
    }

    /// The risk check a signed note needs, given the raised level still open from an earlier
    /// signed note (if any).
    fn check_risk(&self, open_flag: Option<RiskLevel>) -> Result<()> {
        let blank = |t: &Option<String>| t.as_deref().is_none_or(|t| t.trim().is_empty());
        match self.risk_level {
            RiskLevel::NotAsked if blank(&self.risk_not_assessed_reason) => {
                return Err(Error::invalid(
                    "risk_not_assessed_reason",
                    "Record the risk check before signing: choose a level, or say why risk was \
                     not assessed in this session.",
                ));
            }
            level if level.is_raised() && self.risk_actions.is_empty() => {
                return Err(Error::invalid(
                    "risk_actions",
                    format!(
                        "At {} risk, record the action taken before signing (safety plan \
                         reviewed, crisis contacts given, prescriber or GP contacted, emergency \
                         services, or other).",
                        if level == RiskLevel::High { "high" } else { "moderate" }
                    ),
                ));
            }
            _ => {}
        }
        if self.risk_actions.contains(&RiskAction::Other) && blank(&self.risk_action) {
            return Err(Error::invalid("risk_action", "Describe the other action taken."));
        }
        if let Some(open) = open_flag
            && self.risk_level != RiskLevel::NotAsked
            && self.risk_level < open
            && blank(&self.risk_notes)
        {
            return Err(Error::invalid(
                "risk_notes",
                format!(
                    "Risk was {} at the last signed check. Write what this assessment found \
                     before recording a lower level.",
                    if open == RiskLevel::High { "high" } else { "moderate" }
                ),
            ));
        }
        Ok(())
    }
}

/// Each item once, in the order first chosen.
fn once_each<T: PartialEq + Copy>(items: &[T]) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    for t in items {
        if !out.contains(t) {
            out.push(*t);
        }
    }
    out
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
    /// `None` for an assessment session, which comes before a course.
    pub course_id: Option<CourseId>,
    pub session: Session,
    /// Sessions planned in the course now.
    #[ts(type = "number | null")]
    pub planned: Option<i64>,
    /// The phase the course gives this session now (its override, else the count and calendar).
    pub derived_phase: Option<Phase>,
    /// Where the session stands in the course now, counted live.
    pub place: Option<Place>,
    /// Where it stood when the note was signed; kept as signed whatever changes later.
    pub signed_place: Option<SignedPlace>,
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
    /// The phase shown: the override if there is one, else the one the count gives; `None`
    /// for an assessment session.
    pub fn phase(&self) -> Option<Phase> {
        self.fields.phase.or(self.derived_phase)
    }
}

/// The session's place in its course as it was when the note was signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignedPlace {
    /// `None` for a missed session.
    #[ts(type = "number | null")]
    pub number: Option<i64>,
    #[ts(type = "number")]
    pub planned: i64,
    /// `None` for notes signed before the sessions left were counted.
    #[ts(type = "number | null")]
    pub left: Option<i64>,
    #[ts(type = "number | null")]
    pub missed: Option<i64>,
    pub phase: Phase,
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
    /// The raised level (moderate or high) the client's latest signed risk check before this
    /// session left open: a lower level in this note must say what the assessment found.
    pub open_risk: Option<RiskLevel>,
    pub process_note: Option<ProcessNote>,
    pub previous: Option<SessionId>,
    pub next: Option<SessionId>,
    /// The measures given in this session.
    pub measures: Vec<Administration>,
    /// The client's open measure flags: the risk check of the next signed note must record
    /// the assessment.
    pub measure_flags: Vec<MeasureFlag>,
    /// The worksheets done in this session; their drafts are signed with the note.
    pub worksheets: Vec<WorksheetSummary>,
    /// Earlier worksheets whose follow-up this session asks for.
    pub follow_ups: Vec<FollowUpPrompt>,
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
    risk_actions: String,
    mechanisms: String,
    goals_worked: String,
    signed_at: Option<String>,
    signed_number: Option<i64>,
    signed_planned: Option<i64>,
    signed_left: Option<i64>,
    signed_missed: Option<i64>,
    signed_phase: Option<Phase>,
    created_at: String,
    updated_at: String,
}

impl NoteRow {
    fn signed_place(&self) -> Option<SignedPlace> {
        self.signed_at.as_ref()?;
        Some(SignedPlace {
            number: self.signed_number,
            planned: self.signed_planned?,
            left: self.signed_left,
            missed: self.signed_missed,
            phase: self.signed_phase?,
        })
    }
}

#[derive(Deserialize)]
struct NoteText {
    phase: Option<Phase>,
    mood: Option<i64>,
    mood_and_events: Option<String>,
    risk_level: RiskLevel,
    risk_not_assessed_reason: Option<String>,
    risk_notes: Option<String>,
    risk_action: Option<String>,
    focus_work: Option<String>,
    attended_with: AttendedWith,
    attended_with_name: Option<String>,
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
    client_id: ClientId,
    /// The session's course and where it stands in it; `None` for an assessment session.
    course: Option<CoursePlace>,
}

struct CoursePlace {
    course_id: CourseId,
    planned: i64,
    /// Where the session stands now, counted from the sessions before it.
    place: Place,
    /// The course's phase override, if the practitioner set one.
    course_phase: Option<Phase>,
    /// A maintenance course (IPT-M): no acute phase to choose.
    maintenance: bool,
}

impl CoursePlace {
    /// The phase the course gives the session: its override, else the count's.
    fn derived_phase(&self) -> Phase {
        self.course_phase.unwrap_or(self.place.phase)
    }
}

#[derive(Deserialize)]
struct PlaceRow {
    course_id: CourseId,
    planned_sessions: i64,
    start_date: String,
    frequency: Frequency,
    no_show_counts: bool,
    cancellation_counts: bool,
    phase_override: Option<Phase>,
    review_every: Option<i64>,
    attended_before: i64,
    no_shows_before: i64,
    cancelled_before: i64,
}

fn session_place(conn: &Connection, session: SessionId) -> Result<SessionPlace> {
    let sql = format!(
        "WITH {}
         SELECT s.*, c.planned_sessions, c.start_date, c.frequency,
                c.no_show_counts, c.cancellation_counts, c.phase_override, c.review_every, {}
         FROM sessions s LEFT JOIN courses c ON c.id = s.course_id
         LEFT JOIN counted k ON k.id = s.id
         WHERE s.id = ?1",
        course::counts_before("SELECT course_id FROM sessions WHERE id = ?1"),
        course::COUNTED_COLUMNS
    );
    let found = conn
        .query_row(&sql, [session], |row| {
            let fields: SessionInput = rows::fields(row)?;
            let purpose: SessionPurpose = row.get("purpose")?;
            let course = match purpose {
                SessionPurpose::Course => Some(rows::fields::<PlaceRow>(row)?),
                SessionPurpose::Assessment => None,
            };
            Ok((
                row.get::<_, SessionId>("id")?,
                row.get::<_, ClientId>("client_id")?,
                fields,
                course,
            ))
        })
        .optional()?;
    let (id, client_id, fields, course) = found.ok_or(Error::NotFound { what: "The session" })?;
    let Some(r) = course else {
        return Ok(SessionPlace {
            session: Session {
                id,
                course_id: None,
                purpose: SessionPurpose::Assessment,
                fields,
                number: None,
                counts_against_plan: false,
            },
            client_id,
            course: None,
        });
    };
    let rule =
        MissedRule { no_show_counts: r.no_show_counts, cancellation_counts: r.cancellation_counts };
    let start = input::date("start_date", &r.start_date)?;
    let day = input::date("held_on", &fields.held_on)?;
    let schedule = Schedule { start, planned: r.planned_sessions, frequency: r.frequency };
    let missed = Missed { no_shows: r.no_shows_before, cancellations: r.cancelled_before };
    let place =
        counting::place(r.attended_before + 1, missed, rule, &schedule, day, r.review_every);
    let counts_against_plan = rule.uses_up_plan(fields.attendance);
    let attended = fields.attendance == Attendance::Attended;
    Ok(SessionPlace {
        session: Session {
            id,
            course_id: Some(r.course_id),
            purpose: SessionPurpose::Course,
            fields,
            number: attended.then_some(place.number),
            counts_against_plan,
        },
        client_id,
        course: Some(CoursePlace {
            course_id: r.course_id,
            planned: r.planned_sessions,
            place,
            course_phase: r.phase_override,
            maintenance: r.review_every.is_some(),
        }),
    })
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
    let course: Option<CourseId> = conn
        .query_row(
            "SELECT id FROM courses WHERE client_id = ?1 AND status = 'active'
             ORDER BY start_date DESC LIMIT 1",
            [client],
            |r| r.get(0),
        )
        .optional()?;
    // Before any course is agreed, today's session is an assessment.
    let (status, _) = crate::record::clients::status(conn, client)?;
    let assessing = course.is_none()
        && matches!(
            status,
            crate::record::clients::ClientStatus::Enquiry
                | crate::record::clients::ClientStatus::Assessment
        );
    if course.is_none() && !assessing {
        return Err(Error::Conflict {
            reason: "This client has no active course. Set up a course on the Course tab, or \
                     record an assessment session, before writing session notes."
                .into(),
        });
    }
    let today_text = today.to_string();
    // A session booked or held today whose note has not begun, else today's session with a note.
    let existing: Option<SessionId> = conn
        .query_row(
            "SELECT s.id FROM sessions s LEFT JOIN notes n ON n.session_id = s.id
             WHERE s.client_id = ?1 AND s.course_id IS ?2
               AND s.held_on = ?3 AND s.attendance IN ('scheduled', 'attended')
             ORDER BY (n.id IS NOT NULL), s.start_time, s.id LIMIT 1",
            params![client, course, today_text],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(s) = existing {
        return Ok(s);
    }
    let format =
        conn.query_row("SELECT session_format FROM clients WHERE id = ?1", [client], |r| {
            rows::fields::<FormatOnly>(r)
        })?;
    let now_local = clock.now().with_timezone(&chrono::Local);
    let input = SessionInput {
        held_on: today_text,
        start_time: Some(now_local.format("%H:%M").to_string()),
        duration_minutes: Some(DEFAULT_DURATION_MINUTES),
        format: format.session_format,
        attendance: Attendance::Attended,
    };
    match course {
        Some(course) => course::add_session(conn, clock, client, course, &input),
        None => course::add_assessment_session(conn, clock, client, &input),
    }
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
    if let Some(phase) = v.phase {
        let Some(course) = session_place(conn, row.session_id)?.course else {
            return Err(Error::invalid(
                "phase",
                "An assessment session comes before a course, so it has no phase to choose.",
            ));
        };
        if course.maintenance {
            return Err(Error::invalid(
                "phase",
                "A maintenance session has no initial, middle or conclusion phase to choose.",
            ));
        }
        if phase == Phase::Maintenance {
            return Err(Error::invalid(
                "phase",
                "Maintenance is a kind of course, not a phase a note can choose.",
            ));
        }
    }
    let techniques = serde_json::to_string(&v.techniques).map_err(|e| {
        Error::invalid("techniques", format!("The techniques could not be read ({e})."))
    })?;
    let risk_actions = serde_json::to_string(&v.risk_actions).map_err(|e| {
        Error::invalid("risk_actions", format!("The actions taken could not be read ({e})."))
    })?;
    let mechanisms = serde_json::to_string(&v.mechanisms).map_err(|e| {
        Error::invalid("mechanisms", format!("The mechanisms could not be read ({e})."))
    })?;
    for goal in &v.goals_worked {
        rows::exists(
            conn,
            "SELECT 1 FROM goals WHERE id = ?1 AND client_id = ?2",
            params![goal, client],
            "The goal",
        )
        .map_err(|e| match e {
            Error::NotFound { .. } => {
                Error::invalid("goals_worked", "Choose goals from this client's own.")
            }
            other => other,
        })?;
    }
    let goals_worked = serde_json::to_string(&v.goals_worked).map_err(|e| {
        Error::invalid("goals_worked", format!("The goals could not be read ({e})."))
    })?;
    let caret = Caret::checked(caret)?;
    let now = now_text(clock);
    let revision = row.revision + 1;
    rows::update(
        conn,
        "notes",
        &v,
        &["techniques", "risk_actions", "mechanisms", "goals_worked"],
        &[
            ("techniques", &techniques),
            ("risk_actions", &risk_actions),
            ("mechanisms", &mechanisms),
            ("goals_worked", &goals_worked),
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
    input.check_risk(open_raised_level(conn, client, &place.session)?)?;
    check_measure_flags(&input, &given::open_flags(conn, client)?)?;
    worksheets::sign_with_note(conn, clock, client, row.session_id)?;
    // A course session is signed with its place in the course; an assessment has none.
    let course = place.course.as_ref();
    let frozen = course.map(|c| input.phase.unwrap_or(c.derived_phase()));
    let now = now_text(clock);
    conn.execute(
        "UPDATE notes SET signed_at = ?2, focus_field = NULL, caret = NULL, updated_at = ?2,
                signed_number = ?3, signed_planned = ?4, signed_left = ?5, signed_missed = ?6,
                signed_phase = ?7
         WHERE id = ?1 AND signed_at IS NULL",
        params![
            note,
            now,
            place.session.number,
            course.map(|c| c.planned),
            course.map(|c| c.place.left),
            course.map(|c| c.place.missed),
            frozen
        ],
    )?;
    audit::append(conn, clock.now(), Entry::about(Event::NoteSigned, ObjectKind::Note, note))
}

/// An open measure flag (an answer about thoughts of death or self-harm) needs a risk
/// assessment in the next signed note: a level, and what the assessment found.
fn check_measure_flags(input: &NoteInput, flags: &[MeasureFlag]) -> Result<()> {
    let Some(first) = flags.first() else { return Ok(()) };
    let what = format!(
        "{} item {} ({}) was {} on {}",
        first.name,
        first.flag.item,
        first.flag.label.to_lowercase(),
        first.flag.value,
        first.given_on
    );
    if input.risk_level == RiskLevel::NotAsked {
        return Err(Error::invalid(
            "risk_level",
            format!(
                "{what}. Assess risk and record the level before signing; the flag stays until \
                 a signed note records the assessment."
            ),
        ));
    }
    if input.risk_notes.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(Error::invalid(
            "risk_notes",
            format!("{what}. Write what the risk assessment found and what was done."),
        ));
    }
    Ok(())
}

/// The raised level (moderate or high) of the client's latest signed risk check before
/// `session`, if that check raised it: what a lower level must now account for.
pub fn open_raised_level(
    conn: &Connection,
    client: ClientId,
    session: &Session,
) -> Result<Option<RiskLevel>> {
    let level: Option<RiskLevel> = conn
        .query_row(
            "SELECT n.risk_level FROM notes n JOIN sessions s ON s.id = n.session_id
             WHERE n.client_id = ?1 AND n.signed_at IS NOT NULL AND n.risk_level <> 'not_asked'
               AND (s.held_on, coalesce(s.start_time, ''), s.id) < (?2, coalesce(?3, ''), ?4)
             ORDER BY s.held_on DESC, s.start_time DESC, s.id DESC LIMIT 1",
            params![client, session.fields.held_on, session.fields.start_time, session.id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(level.filter(|l| l.is_raised()))
}

/// Discards an unsigned draft (a note started by mistake, or for the wrong session). A signed
/// note is never removed. The session itself stays, as does its private process note.
///
/// A draft that records moderate or high risk is discarded only when the practitioner has
/// confirmed it (`raised_risk_confirmed`), and the audit trail keeps the level it recorded.
/// Discarding never clears a flag raised by a signed note.
pub fn discard(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    note: NoteId,
    raised_risk_confirmed: bool,
) -> Result<()> {
    let (row, text) = owned_row(conn, client, note)?;
    if let Some(at) = &row.signed_at {
        return Err(Error::Conflict {
            reason: format!("This note was signed at {at} and is kept for good."),
        });
    }
    let level = text.risk_level;
    if level.is_raised() && !raised_risk_confirmed {
        return Err(Error::Conflict {
            reason: format!(
                "This draft records {} risk. Confirm that it should be discarded: the level \
                 stays in the audit trail, and any risk flag stays until a signed note lowers it.",
                if level == RiskLevel::High { "high" } else { "moderate" }
            ),
        });
    }
    conn.execute("DELETE FROM notes WHERE id = ?1 AND signed_at IS NULL", [note])?;
    let entry = Entry::about(Event::RecordDeleted, ObjectKind::Note, note);
    let outcome = match level {
        RiskLevel::High => "discarded at high risk",
        RiskLevel::Moderate => "discarded at moderate risk",
        _ => "ok",
    };
    audit::append(conn, clock.now(), entry.outcome(outcome))
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
    let risk_actions: Vec<RiskAction> = serde_json::from_str(&row.risk_actions).map_err(|e| {
        Error::Damaged { what: format!("the risk actions of note {} ({e})", row.id) }
    })?;
    let mechanisms: Vec<Mechanism> = serde_json::from_str(&row.mechanisms)
        .map_err(|e| Error::Damaged { what: format!("the mechanisms of note {} ({e})", row.id) })?;
    let goals_worked: Vec<GoalId> = serde_json::from_str(&row.goals_worked)
        .map_err(|e| Error::Damaged { what: format!("the goals of note {} ({e})", row.id) })?;
    Ok(NoteInput {
        phase: text.phase,
        mood: text.mood,
        mood_and_events: text.mood_and_events,
        risk_level: text.risk_level,
        risk_not_assessed_reason: text.risk_not_assessed_reason,
        risk_notes: text.risk_notes,
        risk_actions,
        risk_action: text.risk_action,
        focus_work: text.focus_work,
        techniques,
        mechanisms,
        goals_worked,
        attended_with: text.attended_with,
        attended_with_name: text.attended_with_name,
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
        course_id: place.course.as_ref().map(|c| c.course_id),
        derived_phase: place.course.as_ref().map(CoursePlace::derived_phase),
        planned: place.course.as_ref().map(|c| c.planned),
        place: place.course.as_ref().map(|c| c.place),
        signed_place: row.signed_place(),
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
pub fn view(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    note: NoteId,
) -> Result<NoteView> {
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
    let open_risk = open_raised_level(conn, client, s)?;
    Ok(NoteView {
        worksheets: worksheets::of_session(conn, clock, client, s.id)?,
        follow_ups: worksheets::prompts(conn, client, s.id)?,
        process_note: process_note(conn, s.id)?,
        open_risk,
        measures: given::for_session(conn, s.id)?,
        measure_flags: given::open_flags(conn, client)?,
        note,
        previous,
        next,
    })
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
            view(tx, clock.as_ref(), client, id)
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
            view(tx, clock.as_ref(), client, id)
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
            view(tx, clock.as_ref(), client, note)
        })
    }

    pub fn discard_note(
        &mut self,
        client: ClientId,
        note: NoteId,
        raised_risk_confirmed: bool,
    ) -> Result<()> {
        let clock = self.clock_handle();
        self.write(|tx| discard(tx, clock.as_ref(), client, note, raised_risk_confirmed))
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
            view(tx, clock.as_ref(), client, note)
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
    AttendedWith => "attended with",
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
