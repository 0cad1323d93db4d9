//! IPT worksheets: communication analyses, role plays and decision analyses.
//!
//! A worksheet belongs to one client and links only to that client's own records: the person it
//! is about, the session it was done in, a problem area and goal, a work-at-home task and (for a
//! communication analysis) the role play that rehearsed it. Like a note, it is a draft until it
//! is signed, saved as it is typed with the caret kept; a signed worksheet never changes and
//! corrections are dated amendments. It is signed on its own, or with its session's note.
//!
//! What came of it is asked for later: the result of saying it differently, the outcome of the
//! real conversation after a role play, how a decision went. From the next session on (and
//! from the planned attempt or review date, if one is set) the session notes ask for it until it
//! is recorded or dismissed with a reason.

pub mod content;
pub mod pattern;

use crate::audit::{self, Entry, Event, ObjectKind};
use crate::clock::{Clock, now_text};
use crate::drafts::{Caret, DraftSaved};
use crate::error::{Error, Result};
use crate::ids::{
    ClientId, GoalId, PersonId, SessionId, TaskId, WorksheetAmendmentId, WorksheetId,
};
use crate::input;
use crate::record::vocabulary::ProblemArea;
use crate::record::{course, inventory};
use crate::store::rows;
pub use content::*;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Everything a draft saves: the links and the kind's own fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorksheetInput {
    pub person_id: Option<PersonId>,
    pub session_id: Option<SessionId>,
    pub area: Option<ProblemArea>,
    pub goal_id: Option<GoalId>,
    pub task_id: Option<TaskId>,
    /// A communication analysis's role play.
    pub role_play_id: Option<WorksheetId>,
    pub content: WorksheetContent,
}

impl WorksheetInput {
    pub fn new(content: WorksheetContent) -> Self {
        WorksheetInput {
            person_id: None,
            session_id: None,
            area: None,
            goal_id: None,
            task_id: None,
            role_play_id: None,
            content,
        }
    }
}

/// Where a new worksheet starts from: a session's note (linked to that session), a person in
/// the inventory (linked to them), or the client's Worksheets tab.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorksheetStart {
    pub kind: WorksheetKind,
    pub person_id: Option<PersonId>,
    pub session_id: Option<SessionId>,
}

/// What came of a worksheet, recorded at a later session, or why it will not be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUp {
    pub text: Option<String>,
    /// Why the follow-up will not be recorded (the client never met the person again …).
    pub dismissed: Option<String>,
    pub session_id: Option<SessionId>,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUpInput {
    pub text: Option<String>,
    pub dismissed: Option<String>,
    /// The session it was recorded in.
    pub session_id: Option<SessionId>,
}

/// The part of a signed worksheet an amendment corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WorksheetSection {
    /// The links, the date and the setting.
    General,
    /// The turns of a communication analysis.
    Exchange,
    /// Intent and impact, feelings, mood and need met.
    Meaning,
    Problems,
    Alternatives,
    /// The set-up and runs of a role play.
    Rehearsal,
    /// The options of a decision.
    Options,
    /// Steps, obstacles, key phrases, the planned attempt or review.
    Plan,
}

impl WorksheetSection {
    fn fits(self, kind: WorksheetKind) -> bool {
        use WorksheetSection as S;
        match kind {
            WorksheetKind::CommunicationAnalysis => {
                matches!(
                    self,
                    S::General | S::Exchange | S::Meaning | S::Problems | S::Alternatives
                )
            }
            WorksheetKind::RolePlay => matches!(self, S::General | S::Rehearsal | S::Plan),
            WorksheetKind::DecisionAnalysis => matches!(self, S::General | S::Options | S::Plan),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorksheetAmendment {
    pub id: WorksheetAmendmentId,
    pub section: WorksheetSection,
    pub text: String,
    pub reason: String,
    pub made_at: String,
}

/// The session a worksheet was done in, as the worksheet shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionRef {
    pub id: SessionId,
    pub held_on: String,
    /// Its number in the course; `None` for an assessment or a missed session.
    #[ts(type = "number | null")]
    pub number: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Worksheet {
    pub id: WorksheetId,
    pub client_id: ClientId,
    pub kind: WorksheetKind,
    #[serde(flatten)]
    pub fields: WorksheetInput,
    /// The person's name now, or as it was when they were removed from the inventory.
    pub person_name: Option<String>,
    pub session: Option<SessionRef>,
    /// The worksheet's day: the exchange's date, else its session's, else the day it began.
    pub day: String,
    /// The communication analysis this role play rehearses.
    pub rehearses: Option<WorksheetId>,
    /// What the follow-up asks about (the chosen alternative, the key phrases, the chosen
    /// option), once there is something to ask about.
    pub follow_up_subject: Option<String>,
    pub follow_up_from: Option<String>,
    pub follow_up: Option<FollowUp>,
    pub caret: Option<Caret>,
    #[ts(type = "number")]
    pub revision: i64,
    pub signed_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Oldest first.
    pub amendments: Vec<WorksheetAmendment>,
}

/// Where a worksheet's follow-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FollowUpState {
    /// Nothing to follow up yet (a draft, or nothing chosen or rehearsed).
    Nothing,
    Waiting,
    Recorded,
    Dismissed,
}

/// One line per worksheet, for the Worksheets tab and a person's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorksheetSummary {
    pub id: WorksheetId,
    pub kind: WorksheetKind,
    pub person_id: Option<PersonId>,
    pub person_name: Option<String>,
    pub session: Option<SessionRef>,
    pub day: String,
    /// A line to tell it by: the first words of the exchange, the goal of the conversation,
    /// the problem to decide.
    pub headline: Option<String>,
    pub problems: Vec<CommunicationProblem>,
    pub need_met: Option<NeedMet>,
    pub signed_at: Option<String>,
    pub follow_up: FollowUpState,
    #[ts(type = "number")]
    pub amendments: i64,
}

/// A worksheet whose follow-up a session's note asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUpPrompt {
    pub worksheet_id: WorksheetId,
    pub kind: WorksheetKind,
    pub person_name: Option<String>,
    /// The day of the worksheet.
    pub day: String,
    pub subject: String,
    pub follow_up_from: Option<String>,
    /// Recorded or dismissed in this very session: shown as done rather than asked again.
    pub follow_up: Option<FollowUp>,
}

#[derive(Deserialize)]
struct Row {
    id: WorksheetId,
    client_id: ClientId,
    kind: WorksheetKind,
    person_id: Option<PersonId>,
    person_name: Option<String>,
    session_id: Option<SessionId>,
    held_on: Option<String>,
    area: Option<ProblemArea>,
    goal_id: Option<GoalId>,
    task_id: Option<TaskId>,
    role_play_id: Option<WorksheetId>,
    rehearses: Option<WorksheetId>,
    content: String,
    follow_up_from: Option<String>,
    follow_up: Option<String>,
    follow_up_dismissed: Option<String>,
    follow_up_session: Option<SessionId>,
    follow_up_at: Option<String>,
    focus_field: Option<String>,
    caret: Option<i64>,
    revision: i64,
    signed_at: Option<String>,
    created_at: String,
    updated_at: String,
    amendments: i64,
}

const SELECT: &str = "SELECT w.*, coalesce(p.name, w.person_label) AS person_name, s.held_on,
        (SELECT min(a.id) FROM worksheets a WHERE a.role_play_id = w.id) AS rehearses,
        (SELECT count(*) FROM worksheet_amendments m WHERE m.worksheet_id = w.id) AS amendments
     FROM worksheets w
     LEFT JOIN people p ON p.id = w.person_id
     LEFT JOIN sessions s ON s.id = w.session_id";

impl Row {
    fn content(&self) -> Result<WorksheetContent> {
        let content: WorksheetContent = serde_json::from_str(&self.content).map_err(|e| {
            Error::Damaged { what: format!("the fields of worksheet {} ({e})", self.id) }
        })?;
        if content.kind() != self.kind {
            return Err(Error::Damaged {
                what: format!("worksheet {} holds the fields of another kind", self.id),
            });
        }
        Ok(content)
    }

    fn day(&self, content: &WorksheetContent) -> String {
        let exchange = match content {
            WorksheetContent::CommunicationAnalysis(c) => c.exchange_on.clone(),
            _ => None,
        };
        exchange
            .or_else(|| self.held_on.clone())
            .unwrap_or_else(|| self.created_at.chars().take(10).collect())
    }

    fn follow_up(&self) -> Option<FollowUp> {
        Some(FollowUp {
            text: self.follow_up.clone(),
            dismissed: self.follow_up_dismissed.clone(),
            session_id: self.follow_up_session,
            recorded_at: self.follow_up_at.clone()?,
        })
    }

    fn follow_up_state(&self, content: &WorksheetContent) -> FollowUpState {
        if self.follow_up.is_some() {
            FollowUpState::Recorded
        } else if self.follow_up_dismissed.is_some() {
            FollowUpState::Dismissed
        } else if self.signed_at.is_some() && content.follow_up_subject().is_some() {
            FollowUpState::Waiting
        } else {
            FollowUpState::Nothing
        }
    }

    fn input(&self, content: WorksheetContent) -> WorksheetInput {
        WorksheetInput {
            person_id: self.person_id,
            session_id: self.session_id,
            area: self.area,
            goal_id: self.goal_id,
            task_id: self.task_id,
            role_play_id: self.role_play_id,
            content,
        }
    }
}

fn rows_where(conn: &Connection, filter: &str, params: impl rusqlite::Params) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(&format!("{SELECT} WHERE {filter}"))?;
    let rows = stmt.query_map(params, rows::fields::<Row>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn owned_row(conn: &Connection, client: ClientId, id: WorksheetId) -> Result<Row> {
    rows_where(conn, "w.id = ?1 AND w.client_id = ?2", params![id, client])?
        .pop()
        .ok_or(Error::NotFound { what: "The worksheet" })
}

/// The numbers and days of a client's sessions.
fn sessions_of(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
) -> Result<HashMap<SessionId, SessionRef>> {
    let mut out = HashMap::new();
    let courses = course::for_client(conn, clock, client)?;
    let assessments = course::assessment_sessions(conn, client)?;
    for s in courses.iter().flat_map(|c| c.sessions.iter()).chain(assessments.iter()) {
        out.insert(
            s.id,
            SessionRef { id: s.id, held_on: s.fields.held_on.clone(), number: s.number },
        );
    }
    Ok(out)
}

/// Refuses a link to anything that is not this client's own; the error names the field.
fn check_links(
    conn: &Connection,
    client: ClientId,
    v: &WorksheetInput,
    own: Option<WorksheetId>,
) -> Result<()> {
    let check =
        |field: &'static str, sql: &str, id: Option<i64>, why: &'static str| -> Result<()> {
            let Some(id) = id else { return Ok(()) };
            rows::exists(conn, sql, params![id, client], "The link").map_err(|e| match e {
                Error::NotFound { .. } => Error::invalid(field, why),
                other => other,
            })
        };
    check(
        "person_id",
        "SELECT 1 FROM people WHERE id = ?1 AND client_id = ?2",
        v.person_id.map(|p| p.0),
        "Choose a person from this client's own inventory.",
    )?;
    check(
        "session_id",
        "SELECT 1 FROM sessions WHERE id = ?1 AND client_id = ?2",
        v.session_id.map(|s| s.0),
        "Choose one of this client's own sessions.",
    )?;
    check(
        "goal_id",
        "SELECT 1 FROM goals WHERE id = ?1 AND client_id = ?2",
        v.goal_id.map(|g| g.0),
        "Choose one of this client's own goals.",
    )?;
    check(
        "task_id",
        "SELECT 1 FROM tasks WHERE id = ?1 AND client_id = ?2",
        v.task_id.map(|t| t.0),
        "Choose one of this client's own work-at-home tasks.",
    )?;
    if let Some(role_play) = v.role_play_id {
        if v.content.kind() != WorksheetKind::CommunicationAnalysis {
            return Err(Error::invalid(
                "role_play_id",
                "Only a communication analysis links to a role play.",
            ));
        }
        if Some(role_play) == own {
            return Err(Error::invalid("role_play_id", "A worksheet cannot link to itself."));
        }
        check(
            "role_play_id",
            "SELECT 1 FROM worksheets WHERE id = ?1 AND client_id = ?2 AND kind = 'role_play'",
            Some(role_play.0),
            "Choose one of this client's own role plays.",
        )?;
    }
    Ok(())
}

fn signed_refusal(signed_at: &str) -> Error {
    Error::Conflict {
        reason: format!(
            "This worksheet was signed at {signed_at} and cannot be changed. Add an amendment \
             instead."
        ),
    }
}

fn content_text(content: &WorksheetContent, id: impl std::fmt::Display) -> Result<String> {
    serde_json::to_string(content).map_err(|e| Error::Damaged {
        what: format!("the fields of worksheet {id} could not be written ({e})"),
    })
}

/// Starts a worksheet, linked to the person or session it starts from.
pub fn start(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    start: &WorksheetStart,
) -> Result<WorksheetId> {
    let mut input = WorksheetInput::new(WorksheetContent::empty(start.kind));
    input.person_id = start.person_id;
    input.session_id = start.session_id;
    insert(conn, clock, client, &input)
}

fn insert(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    input: &WorksheetInput,
) -> Result<WorksheetId> {
    let content = input.content.validated()?;
    check_links(conn, client, input, None)?;
    let now = now_text(clock);
    conn.execute(
        "INSERT INTO worksheets (client_id, kind, person_id, session_id, area, goal_id, task_id,
                                 role_play_id, content, follow_up_from, revision, created_at,
                                 updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?11)",
        params![
            client,
            content.kind(),
            input.person_id,
            input.session_id,
            input.area,
            input.goal_id,
            input.task_id,
            input.role_play_id,
            content_text(&content, "new")?,
            content.follow_up_from(),
            now
        ],
    )?;
    let id = WorksheetId(conn.last_insert_rowid());
    audit::append(
        conn,
        clock.now(),
        Entry::about(Event::RecordCreated, ObjectKind::Worksheet, id),
    )?;
    Ok(id)
}

/// Saves the draft as typed. Refused once the worksheet is signed.
pub fn save_draft(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: WorksheetId,
    input: &WorksheetInput,
    caret: Option<&Caret>,
) -> Result<DraftSaved> {
    let row = owned_row(conn, client, id)?;
    if let Some(at) = &row.signed_at {
        return Err(signed_refusal(at));
    }
    if input.content.kind() != row.kind {
        return Err(Error::invalid(
            "content",
            format!("This worksheet is a {}; its kind does not change.", row.kind.noun()),
        ));
    }
    let content = input.content.validated()?;
    check_links(conn, client, input, Some(id))?;
    let caret = Caret::checked(caret)?;
    let now = now_text(clock);
    let revision = row.revision + 1;
    conn.execute(
        "UPDATE worksheets SET person_id = ?2, session_id = ?3, area = ?4, goal_id = ?5,
                task_id = ?6, role_play_id = ?7, content = ?8, follow_up_from = ?9,
                focus_field = ?10, caret = ?11, revision = ?12, updated_at = ?13
         WHERE id = ?1 AND signed_at IS NULL",
        params![
            id,
            input.person_id,
            input.session_id,
            input.area,
            input.goal_id,
            input.task_id,
            input.role_play_id,
            content_text(&content, id)?,
            content.follow_up_from(),
            caret.as_ref().map(|c| c.field.clone()),
            caret.as_ref().map(|c| c.offset),
            revision,
            now
        ],
    )?;
    Ok(DraftSaved { revision, updated_at: now })
}

/// Signs the worksheet: from now on it is read-only, and changes are amendments.
pub fn sign(conn: &Connection, clock: &dyn Clock, client: ClientId, id: WorksheetId) -> Result<()> {
    let row = owned_row(conn, client, id)?;
    if let Some(at) = &row.signed_at {
        return Err(Error::Conflict {
            reason: format!("This worksheet was already signed at {at}."),
        });
    }
    let content = row.content()?;
    content.check_signable(row.person_id.is_some())?;
    let now = now_text(clock);
    conn.execute(
        "UPDATE worksheets SET signed_at = ?2, focus_field = NULL, caret = NULL, updated_at = ?2
         WHERE id = ?1 AND signed_at IS NULL",
        params![id, now],
    )?;
    audit::append(
        conn,
        clock.now(),
        Entry::about(Event::WorksheetSigned, ObjectKind::Worksheet, id),
    )
}

/// Signs the worksheets of a session along with its note. A draft with nothing written in it
/// (at most a person or a link chosen) is removed; one that is not ready to sign stops the
/// signing and says which and why.
pub fn sign_with_note(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    session: SessionId,
) -> Result<()> {
    let drafts = rows_where(
        conn,
        "w.session_id = ?1 AND w.client_id = ?2 AND w.signed_at IS NULL",
        params![session, client],
    )?;
    for row in drafts {
        let content = row.content()?;
        if content::is_empty(&content) {
            discard(conn, clock, client, row.id)?;
            continue;
        }
        content.check_signable(row.person_id.is_some()).map_err(|e| match e {
            Error::Invalid { reason, .. } => Error::invalid(
                "worksheets",
                format!(
                    "The {}{} from this session is not ready to sign: {reason} Finish it or move \
                     it off this session, then sign the note.",
                    row.kind.noun(),
                    row.person_name.as_deref().map(|n| format!(" about {n}")).unwrap_or_default()
                ),
            ),
            other => other,
        })?;
        sign(conn, clock, client, row.id)?;
    }
    Ok(())
}

/// Discards an unsigned draft. A signed worksheet is never removed.
pub fn discard(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: WorksheetId,
) -> Result<()> {
    let row = owned_row(conn, client, id)?;
    if let Some(at) = &row.signed_at {
        return Err(Error::Conflict {
            reason: format!("This worksheet was signed at {at} and is kept for good."),
        });
    }
    conn.execute("UPDATE worksheets SET role_play_id = NULL WHERE role_play_id = ?1", [id])?;
    conn.execute("DELETE FROM worksheets WHERE id = ?1 AND signed_at IS NULL", [id])?;
    audit::append(conn, clock.now(), Entry::about(Event::RecordDeleted, ObjectKind::Worksheet, id))
}

/// Adds a dated amendment with its reason under a signed worksheet.
pub fn amend(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: WorksheetId,
    section: WorksheetSection,
    text: &str,
    reason: &str,
) -> Result<WorksheetAmendmentId> {
    let row = owned_row(conn, client, id)?;
    if row.signed_at.is_none() {
        return Err(Error::Conflict {
            reason: "This worksheet is still a draft: change it directly. Amendments are for \
                     signed worksheets."
                .into(),
        });
    }
    if !section.fits(row.kind) {
        return Err(Error::invalid(
            "amendment_section",
            format!("A {} has no such part to amend.", row.kind.noun()),
        ));
    }
    let text = input::text("amendment_text", text, input::LONG_TEXT, true)?;
    let reason = input::text("amendment_reason", reason, input::SHORT_TEXT, true)?;
    conn.execute(
        "INSERT INTO worksheet_amendments (worksheet_id, section, text, reason, made_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, section, text, reason, now_text(clock)],
    )?;
    let amendment = WorksheetAmendmentId(conn.last_insert_rowid());
    audit::append(
        conn,
        clock.now(),
        Entry::about(Event::WorksheetAmended, ObjectKind::Worksheet, id),
    )?;
    Ok(amendment)
}

/// Records what came of a signed worksheet, or dismisses the question with a reason. Either
/// may be recorded again later (a fuller account, a dismissal taken back by a result).
pub fn record_follow_up(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: WorksheetId,
    follow_up: &FollowUpInput,
) -> Result<()> {
    let row = owned_row(conn, client, id)?;
    if row.signed_at.is_none() {
        return Err(Error::Conflict {
            reason: "Sign the worksheet before recording what came of it.".into(),
        });
    }
    let text = input::opt_text("follow_up", follow_up.text.as_deref(), input::LONG_TEXT)?;
    let dismissed =
        input::opt_text("dismissed", follow_up.dismissed.as_deref(), input::SHORT_TEXT)?;
    match (&text, &dismissed) {
        (None, None) => {
            return Err(Error::invalid(
                "follow_up",
                "Write what happened, or dismiss the question with a reason.",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "dismissed",
                "A follow-up is either recorded or dismissed, not both.",
            ));
        }
        _ => {}
    }
    if let Some(session) = follow_up.session_id {
        rows::exists(
            conn,
            "SELECT 1 FROM sessions WHERE id = ?1 AND client_id = ?2",
            params![session, client],
            "The session",
        )
        .map_err(|_| Error::invalid("session_id", "Choose one of this client's own sessions."))?;
    }
    conn.execute(
        "UPDATE worksheets SET follow_up = ?2, follow_up_dismissed = ?3, follow_up_session = ?4,
                follow_up_at = ?5
         WHERE id = ?1",
        params![id, text, dismissed, follow_up.session_id, now_text(clock)],
    )?;
    audit::append(conn, clock.now(), Entry::about(Event::RecordChanged, ObjectKind::Worksheet, id))
}

/// Links a work-at-home task made from the worksheet (signed or not: a link, not a change of
/// what was written).
pub(crate) fn link_task(
    conn: &Connection,
    client: ClientId,
    id: WorksheetId,
    task: TaskId,
) -> Result<()> {
    let changed = conn.execute(
        "UPDATE worksheets SET task_id = ?3 WHERE id = ?1 AND client_id = ?2",
        params![id, client, task],
    )?;
    if changed == 0 {
        return Err(Error::NotFound { what: "The worksheet" });
    }
    Ok(())
}

/// Starts a role play rehearsing a communication analysis: the same person, session, area and
/// goal, the chosen alternative as its opening line and the setting as its situation. The
/// analysis links to it.
pub fn start_role_play_from(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    analysis: WorksheetId,
) -> Result<WorksheetId> {
    let row = owned_row(conn, client, analysis)?;
    let WorksheetContent::CommunicationAnalysis(ca) = row.content()? else {
        return Err(Error::Conflict {
            reason: "A role play starts from a communication analysis.".into(),
        });
    };
    if let Some(existing) = row.role_play_id {
        return Ok(existing);
    }
    let chosen = ca.chosen.and_then(|k| ca.alternatives.iter().find(|a| a.key == k));
    let role_play = RolePlay {
        situation: ca.setting.clone(),
        opening_lines: chosen.map(|a| a.words.clone()),
        ..RolePlay::default()
    };
    let mut input = WorksheetInput::new(WorksheetContent::RolePlay(role_play));
    input.person_id = row.person_id;
    input.session_id = row.session_id;
    input.area = row.area;
    input.goal_id = row.goal_id;
    let id = insert(conn, clock, client, &input)?;
    conn.execute("UPDATE worksheets SET role_play_id = ?2 WHERE id = ?1", params![analysis, id])?;
    Ok(id)
}

fn amendments(conn: &Connection, id: WorksheetId) -> Result<Vec<WorksheetAmendment>> {
    let mut stmt =
        conn.prepare("SELECT * FROM worksheet_amendments WHERE worksheet_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], rows::fields::<WorksheetAmendment>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn whole(
    conn: &Connection,
    sessions: &HashMap<SessionId, SessionRef>,
    row: Row,
) -> Result<Worksheet> {
    let content = row.content()?;
    Ok(Worksheet {
        id: row.id,
        client_id: row.client_id,
        kind: row.kind,
        person_name: row.person_name.clone(),
        session: row.session_id.and_then(|s| sessions.get(&s).cloned()),
        day: row.day(&content),
        rehearses: row.rehearses,
        follow_up_subject: if row.signed_at.is_some() { content.follow_up_subject() } else { None },
        follow_up_from: row.follow_up_from.clone(),
        follow_up: row.follow_up(),
        caret: row.focus_field.clone().map(|field| Caret { field, offset: row.caret.unwrap_or(0) }),
        revision: row.revision,
        signed_at: row.signed_at.clone(),
        created_at: row.created_at.clone(),
        updated_at: row.updated_at.clone(),
        amendments: amendments(conn, row.id)?,
        fields: row.input(content),
    })
}

/// Reads one worksheet whole.
pub fn get(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: WorksheetId,
) -> Result<Worksheet> {
    let row = owned_row(conn, client, id)?;
    whole(conn, &sessions_of(conn, clock, client)?, row)
}

fn headline(content: &WorksheetContent) -> Option<String> {
    let text = match content {
        WorksheetContent::CommunicationAnalysis(c) => {
            c.turns.first().map(|t| t.words.clone()).or_else(|| c.setting.clone())
        }
        WorksheetContent::RolePlay(r) => r.goal.clone().or_else(|| r.situation.clone()),
        WorksheetContent::DecisionAnalysis(d) => d.problem.clone(),
    }?;
    let line = text.lines().next().unwrap_or_default();
    const MAX: usize = 120;
    Some(if line.chars().count() > MAX {
        format!("{}…", line.chars().take(MAX - 1).collect::<String>().trim_end())
    } else {
        line.to_string()
    })
}

fn summary(sessions: &HashMap<SessionId, SessionRef>, row: &Row) -> Result<WorksheetSummary> {
    let content = row.content()?;
    let (problems, need_met) = match &content {
        WorksheetContent::CommunicationAnalysis(c) => {
            (c.problems.iter().map(|p| p.problem).collect(), c.need_met)
        }
        _ => (Vec::new(), None),
    };
    Ok(WorksheetSummary {
        id: row.id,
        kind: row.kind,
        person_id: row.person_id,
        person_name: row.person_name.clone(),
        session: row.session_id.and_then(|s| sessions.get(&s).cloned()),
        day: row.day(&content),
        headline: headline(&content),
        problems,
        need_met,
        signed_at: row.signed_at.clone(),
        follow_up: row.follow_up_state(&content),
        amendments: row.amendments,
    })
}

/// Every worksheet of a client, whole, in the order they were begun.
pub fn all_of_client(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
) -> Result<Vec<Worksheet>> {
    let sessions = sessions_of(conn, clock, client)?;
    rows_where(conn, "w.client_id = ?1 ORDER BY w.id", params![client])?
        .into_iter()
        .map(|r| whole(conn, &sessions, r))
        .collect()
}

/// The worksheets of a session, in the order they were begun.
pub fn of_session(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    session: SessionId,
) -> Result<Vec<WorksheetSummary>> {
    let sessions = sessions_of(conn, clock, client)?;
    rows_where(
        conn,
        "w.client_id = ?1 AND w.session_id = ?2 ORDER BY w.id",
        params![client, session],
    )?
    .iter()
    .map(|r| summary(&sessions, r))
    .collect()
}

/// The follow-ups a session's note asks for: every signed worksheet of the client from before
/// this session with something to follow up, whose planned day (if any) has come, and that is
/// not yet recorded or dismissed, or was recorded or dismissed in this very session.
pub fn prompts(
    conn: &Connection,
    client: ClientId,
    session: SessionId,
) -> Result<Vec<FollowUpPrompt>> {
    let held_on: Option<String> = conn
        .query_row(
            "SELECT held_on FROM sessions WHERE id = ?1 AND client_id = ?2",
            params![session, client],
            |r| r.get(0),
        )
        .optional()?;
    let Some(held_on) = held_on else { return Err(Error::NotFound { what: "The session" }) };
    let candidates = rows_where(
        conn,
        "w.client_id = ?1 AND w.signed_at IS NOT NULL
           AND (w.follow_up_at IS NULL OR w.follow_up_session = ?2)
           AND coalesce(s.held_on, substr(w.signed_at, 1, 10)) < ?3
           AND (w.session_id IS NULL OR w.session_id <> ?2)
           AND (w.follow_up_from IS NULL OR w.follow_up_from <= ?3)
         ORDER BY coalesce(s.held_on, w.created_at), w.id",
        params![client, session, held_on],
    )?;
    let mut out = Vec::new();
    for row in candidates {
        let content = row.content()?;
        let Some(subject) = content.follow_up_subject() else { continue };
        out.push(FollowUpPrompt {
            worksheet_id: row.id,
            kind: row.kind,
            person_name: row.person_name.clone(),
            day: row.day(&content),
            subject,
            follow_up_from: row.follow_up_from.clone(),
            follow_up: row.follow_up(),
        });
    }
    Ok(out)
}

/// A signed decision analysis whose review day has come, its outcome still to record.
pub struct ReviewDue {
    pub worksheet_id: WorksheetId,
    pub client_id: ClientId,
    pub problem: Option<String>,
    pub review_on: String,
}

/// Every decision review due by `until` across the practice, for Today.
pub fn reviews_due(conn: &Connection, until: &str) -> Result<Vec<ReviewDue>> {
    let rows = rows_where(
        conn,
        "w.kind = 'decision_analysis' AND w.signed_at IS NOT NULL AND w.follow_up_at IS NULL
           AND w.follow_up_from <= ?1
         ORDER BY w.follow_up_from, w.id",
        [until],
    )?;
    rows.into_iter()
        .map(|row| {
            let problem = match row.content()? {
                WorksheetContent::DecisionAnalysis(d) => d.problem,
                _ => None,
            };
            Ok(ReviewDue {
                worksheet_id: row.id,
                client_id: row.client_id,
                problem,
                review_on: row.follow_up_from.clone().unwrap_or_default(),
            })
        })
        .collect()
}

impl crate::vault::Vault {
    pub fn start_worksheet(
        &mut self,
        client: ClientId,
        start: &WorksheetStart,
    ) -> Result<Worksheet> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let id = self::start(tx, clock.as_ref(), client, start)?;
            get(tx, clock.as_ref(), client, id)
        })
    }

    /// Opens a worksheet; the viewing is audited.
    pub fn worksheet(&mut self, client: ClientId, id: WorksheetId) -> Result<Worksheet> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let sheet = get(tx, clock.as_ref(), client, id)?;
            audit::append(
                tx,
                clock.now(),
                Entry::about(Event::RecordViewed, ObjectKind::Worksheet, id),
            )?;
            Ok(sheet)
        })
    }

    /// Saves a draft as typed. Drafts are not audited one by one: the worksheet's creation,
    /// signing and amendments are.
    pub fn save_worksheet_draft(
        &mut self,
        client: ClientId,
        id: WorksheetId,
        input: &WorksheetInput,
        caret: Option<&Caret>,
    ) -> Result<DraftSaved> {
        let clock = self.clock_handle();
        self.write(|tx| save_draft(tx, clock.as_ref(), client, id, input, caret))
    }

    pub fn sign_worksheet(&mut self, client: ClientId, id: WorksheetId) -> Result<Worksheet> {
        let clock = self.clock_handle();
        self.write(|tx| {
            sign(tx, clock.as_ref(), client, id)?;
            get(tx, clock.as_ref(), client, id)
        })
    }

    pub fn discard_worksheet(&mut self, client: ClientId, id: WorksheetId) -> Result<()> {
        let clock = self.clock_handle();
        self.write(|tx| discard(tx, clock.as_ref(), client, id))
    }

    pub fn amend_worksheet(
        &mut self,
        client: ClientId,
        id: WorksheetId,
        section: WorksheetSection,
        text: &str,
        reason: &str,
    ) -> Result<Worksheet> {
        let clock = self.clock_handle();
        self.write(|tx| {
            amend(tx, clock.as_ref(), client, id, section, text, reason)?;
            get(tx, clock.as_ref(), client, id)
        })
    }

    pub fn record_worksheet_follow_up(
        &mut self,
        client: ClientId,
        id: WorksheetId,
        follow_up: &FollowUpInput,
    ) -> Result<Worksheet> {
        let clock = self.clock_handle();
        self.write(|tx| {
            record_follow_up(tx, clock.as_ref(), client, id, follow_up)?;
            get(tx, clock.as_ref(), client, id)
        })
    }

    /// Starts (or opens, if there is one) the role play rehearsing a communication analysis.
    pub fn start_role_play_from(
        &mut self,
        client: ClientId,
        analysis: WorksheetId,
    ) -> Result<Worksheet> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let id = start_role_play_from(tx, clock.as_ref(), client, analysis)?;
            get(tx, clock.as_ref(), client, id)
        })
    }

    /// Every worksheet of a client with the overview across the course.
    pub fn client_worksheets(&self, client: ClientId) -> Result<pattern::ClientWorksheets> {
        pattern::for_client(self.conn(), self.clock(), client)
    }

    /// The worksheets about one person, in date order, for the pattern across the course.
    pub fn person_worksheets(
        &self,
        client: ClientId,
        person: PersonId,
    ) -> Result<pattern::PersonPattern> {
        inventory::owned(self.conn(), client, person)?;
        pattern::for_person(self.conn(), self.clock(), client, person)
    }
}

crate::stored_as_text!(WorksheetKind => "worksheet kind", WorksheetSection => "worksheet section");

#[cfg(test)]
mod tests;
