//! Work-at-home tasks. IPT offers them as suggestions between sessions: each is set in a session,
//! may be linked to a goal or a problem area, and is reviewed in a later session, where its
//! status, what got in the way and how it went are recorded.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{ClientId, GoalId, SessionId, TaskId, WorksheetId};
use crate::input;
use crate::record::vocabulary::ProblemArea;
use crate::store::rows;
use crate::worksheets;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TaskStatus {
    NotStarted,
    Partly,
    Done,
    NotAttempted,
}

impl TaskStatus {
    /// Still to be worked on: carried into the next note and counted as overdue after its date.
    pub fn is_open(self) -> bool {
        matches!(self, TaskStatus::NotStarted | TaskStatus::Partly)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TaskInput {
    pub description: String,
    pub goal_id: Option<GoalId>,
    pub area: Option<ProblemArea>,
    pub due_on: Option<String>,
    pub status: TaskStatus,
    /// What got in the way.
    pub barriers: Option<String>,
    /// How it went.
    pub outcome: Option<String>,
}

impl TaskInput {
    pub fn new(description: &str) -> Self {
        TaskInput {
            description: description.into(),
            goal_id: None,
            area: None,
            due_on: None,
            status: TaskStatus::NotStarted,
            barriers: None,
            outcome: None,
        }
    }

    fn validated(&self, conn: &Connection, client: ClientId) -> Result<Self> {
        let v = input::tidy(self, &["description"], &["due_on"])?;
        input::opt_date("due_on", v.due_on.as_deref())?;
        if let Some(goal) = v.goal_id {
            rows::exists(
                conn,
                "SELECT 1 FROM goals WHERE id = ?1 AND client_id = ?2",
                params![goal, client],
                "The goal",
            )
            .map_err(|_| Error::invalid("goal_id", "Choose one of this client's goals."))?;
        }
        Ok(v)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Task {
    pub id: TaskId,
    pub client_id: ClientId,
    /// The session it was set in.
    pub set_in_session: Option<SessionId>,
    #[serde(flatten)]
    pub fields: TaskInput,
    /// The session it was last reviewed in.
    pub reviewed_in_session: Option<SessionId>,
    /// Every review, oldest first: what was found at each session it was gone over in.
    pub reviews: Vec<TaskReview>,
    /// Open and past its date.
    pub overdue: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// One review of a task, in the session it was gone over in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TaskReview {
    pub session_id: Option<SessionId>,
    pub reviewed_on: String,
    pub status: TaskStatus,
    pub barriers: Option<String>,
    pub outcome: Option<String>,
    pub recorded_at: String,
}

fn session_of(conn: &Connection, client: ClientId, session: SessionId) -> Result<()> {
    rows::exists(
        conn,
        "SELECT 1 FROM sessions WHERE id = ?1 AND client_id = ?2",
        params![session, client],
        "The session",
    )
}

pub fn add(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    set_in: Option<SessionId>,
    task: &TaskInput,
) -> Result<TaskId> {
    if let Some(s) = set_in {
        session_of(conn, client, s)?;
    }
    let v = task.validated(conn, client)?;
    let now = now_text(clock);
    let id = rows::insert(
        conn,
        "tasks",
        &v,
        &[],
        &[
            ("client_id", &client),
            ("set_in_session", &set_in),
            ("created_at", &now),
            ("updated_at", &now),
        ],
    )?;
    Ok(TaskId(id))
}

pub fn update(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    task: TaskId,
    input: &TaskInput,
) -> Result<()> {
    let v = input.validated(conn, client)?;
    let now = now_text(clock);
    rows::update(
        conn,
        "tasks",
        &v,
        &[],
        &[("updated_at", &now)],
        &[("id", &task), ("client_id", &client)],
        "The task",
    )
}

/// Records a task's review in a session: its status, what got in the way and how it went.
#[allow(clippy::too_many_arguments)]
pub fn review(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    task: TaskId,
    session: SessionId,
    status: TaskStatus,
    barriers: Option<&str>,
    outcome: Option<&str>,
) -> Result<()> {
    session_of(conn, client, session)?;
    let barriers = input::opt_text("barriers", barriers, input::LONG_TEXT)?;
    let outcome = input::opt_text("outcome", outcome, input::LONG_TEXT)?;
    let now = now_text(clock);
    let known: bool = conn.query_row(
        "SELECT count(*) > 0 FROM tasks WHERE id = ?1 AND client_id = ?2",
        params![task, client],
        |r| r.get(0),
    )?;
    if !known {
        return Err(Error::NotFound { what: "The task" });
    }
    // Kept as a dated list: a second review in the same session corrects that session's.
    conn.execute(
        "INSERT INTO task_reviews (task_id, session_id, reviewed_on, status, barriers, outcome,
                                   recorded_at)
         SELECT ?1, ?2, held_on, ?3, ?4, ?5, ?6 FROM sessions WHERE id = ?2
         ON CONFLICT (task_id, session_id) DO UPDATE SET status = excluded.status,
             barriers = excluded.barriers, outcome = excluded.outcome,
             recorded_at = excluded.recorded_at",
        params![task, session, status_text(status), barriers, outcome, now],
    )?;
    // The task shows where it stood at its latest review by date.
    conn.execute(
        "UPDATE tasks SET (status, barriers, outcome, reviewed_in_session) = (
             SELECT status, barriers, outcome, session_id FROM task_reviews WHERE task_id = ?1
             ORDER BY reviewed_on DESC, id DESC LIMIT 1),
             updated_at = ?2
         WHERE id = ?1",
        params![task, now],
    )?;
    Ok(())
}

/// The reviews of every task of a client, by task, oldest first.
fn reviews(conn: &Connection, client: ClientId) -> Result<HashMap<TaskId, Vec<TaskReview>>> {
    let mut stmt = conn.prepare(
        "SELECT r.task_id, r.session_id, r.reviewed_on, r.status, r.barriers, r.outcome,
                r.recorded_at
         FROM task_reviews r JOIN tasks t ON t.id = r.task_id
         WHERE t.client_id = ?1 ORDER BY r.reviewed_on, r.id",
    )?;
    let rows = stmt.query_map([client], |r| {
        Ok((r.get::<_, TaskId>("task_id")?, rows::fields::<TaskReview>(r)?))
    })?;
    let mut out: HashMap<TaskId, Vec<TaskReview>> = HashMap::new();
    for row in rows {
        let (task, review) = row?;
        out.entry(task).or_default().push(review);
    }
    Ok(out)
}

fn status_text(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::NotStarted => "not_started",
        TaskStatus::Partly => "partly",
        TaskStatus::Done => "done",
        TaskStatus::NotAttempted => "not_attempted",
    }
}

/// Every task of a client, open ones first, then by due date.
pub fn for_client(conn: &Connection, clock: &dyn Clock, client: ClientId) -> Result<Vec<Task>> {
    let today = input::today(clock).to_string();
    let mut reviews = reviews(conn, client)?;
    let mut stmt = conn.prepare(
        "SELECT * FROM tasks WHERE client_id = ?1
         ORDER BY status NOT IN ('not_started', 'partly'), due_on IS NULL, due_on, id",
    )?;
    let rows = stmt.query_map([client], |r| {
        let fields: TaskInput = rows::fields(r)?;
        let overdue =
            fields.status.is_open() && fields.due_on.as_deref().is_some_and(|d| d < today.as_str());
        let id: TaskId = r.get("id")?;
        Ok(Task {
            reviews: reviews.remove(&id).unwrap_or_default(),
            id,
            client_id: r.get("client_id")?,
            set_in_session: r.get("set_in_session")?,
            fields,
            reviewed_in_session: r.get("reviewed_in_session")?,
            overdue,
            created_at: r.get("created_at")?,
            updated_at: r.get("updated_at")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

crate::stored_as_text!(TaskStatus => "task status");

/// Makes a work-at-home task from a worksheet in one step: set in the worksheet's session, with
/// its goal and problem area unless the task names its own, and linked from the worksheet.
pub fn from_worksheet(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    worksheet: WorksheetId,
    task: &TaskInput,
) -> Result<TaskId> {
    let sheet = worksheets::get(conn, clock, client, worksheet)?;
    if sheet.fields.task_id.is_some() {
        return Err(Error::Conflict {
            reason: "This worksheet already has a work-at-home task; open it from the Tasks list."
                .into(),
        });
    }
    let mut task = task.clone();
    task.goal_id = task.goal_id.or(sheet.fields.goal_id);
    task.area = task.area.or(sheet.fields.area);
    let id = add(conn, clock, client, sheet.fields.session_id, &task)?;
    worksheets::link_task(conn, client, worksheet, id)?;
    Ok(id)
}

impl crate::vault::Vault {
    /// Makes a work-at-home task from a worksheet and returns the worksheet, now linked to it.
    pub fn task_from_worksheet(
        &mut self,
        client: ClientId,
        worksheet: WorksheetId,
        task: &TaskInput,
    ) -> Result<worksheets::Worksheet> {
        let clock = self.clock_handle();
        self.write(|tx| {
            from_worksheet(tx, clock.as_ref(), client, worksheet, task)?;
            worksheets::get(tx, clock.as_ref(), client, worksheet)
        })
    }
}
