//! The Today view: what the practitioner needs at the start of a working day, in a few queries
//! over the whole practice.

use crate::clock::Clock;
use crate::error::Result;
use crate::ids::{ClientId, NoteId, SessionId, TaskId};
use crate::input;
use crate::record::course::{self, Attendance};
use crate::record::vocabulary::{Phase, SessionFormat};
use crate::sessions::notes::RiskLevel;
use crate::store::rows;
use crate::vault::{Vault, settings};
use chrono::{Days, NaiveDate};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// How far back a goal rating, a closeness circle or a safety-plan review still counts as part
/// of the conclusion work.
pub const RECENT_DAYS: u64 = 28;
/// The appointments shown: today and the six days after it.
pub const WEEK_DAYS: u64 = 7;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TodayAppointment {
    pub session_id: SessionId,
    pub client_id: ClientId,
    pub client_name: String,
    pub date: String,
    pub start_time: Option<String>,
    #[ts(type = "number | null")]
    pub duration_minutes: Option<i64>,
    pub format: SessionFormat,
    pub attendance: Attendance,
    /// The number this session has (or will have, if attended) in its course.
    #[ts(type = "number")]
    pub number: i64,
    #[ts(type = "number")]
    pub planned: i64,
    pub phase: Phase,
    pub note_id: Option<NoteId>,
    pub note_signed: bool,
}

/// One piece of the work a conclusion phase needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConclusionItem {
    /// Name the ending and the feelings it brings; IPT treats it as a loss to be talked about.
    DiscussEnding,
    /// Rate each open goal.
    RateGoals,
    /// Take a closeness circle to set beside the one from intake.
    CompareCircle,
    /// Go over warning signs and the safety plan.
    ReviewSafetyPlan,
    /// Agree what follows: nothing, booster sessions, or maintenance.
    AgreeWhatNext,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConclusionNeed {
    pub item: ConclusionItem,
    /// Whether the record shows it done recently; `None` where the record cannot tell.
    pub done: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConclusionDue {
    pub client_id: ClientId,
    pub client_name: String,
    #[ts(type = "number")]
    pub current: i64,
    #[ts(type = "number")]
    pub planned: i64,
    pub planned_end: String,
    pub needs: Vec<ConclusionNeed>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnsignedNote {
    pub note_id: NoteId,
    pub session_id: SessionId,
    pub client_id: ClientId,
    pub client_name: String,
    pub held_on: String,
    #[ts(type = "number")]
    pub days_old: i64,
    /// Older than the practice's limit for unsigned notes.
    pub overdue: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RiskFlagKind {
    /// The latest risk check found moderate or high risk.
    RaisedRisk,
    /// The safety plan's review date has come.
    SafetyPlanReview,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RiskFlag {
    pub client_id: ClientId,
    pub client_name: String,
    pub kind: RiskFlagKind,
    pub level: Option<RiskLevel>,
    /// The date of the risk check, or the review date.
    pub on: String,
    pub action: Option<String>,
    pub session_id: Option<SessionId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OverdueTask {
    pub task_id: TaskId,
    pub client_id: ClientId,
    pub client_name: String,
    pub description: String,
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TodayView {
    pub today: String,
    /// The last day of the week shown.
    pub week_end: String,
    pub appointments: Vec<TodayAppointment>,
    pub conclusion: Vec<ConclusionDue>,
    pub unsigned: Vec<UnsignedNote>,
    #[ts(type = "number")]
    pub unsigned_after_days: u32,
    pub risk_flags: Vec<RiskFlag>,
    pub overdue_tasks: Vec<OverdueTask>,
}

/// Names of clients who are not archived, as the practitioner calls them.
fn names(conn: &Connection) -> Result<HashMap<ClientId, String>> {
    let mut stmt = conn
        .prepare("SELECT id, full_name, preferred_name FROM clients WHERE status <> 'archived'")?;
    let rows = stmt.query_map([], |r| {
        let full: String = r.get(1)?;
        let preferred: Option<String> = r.get(2)?;
        let name = match preferred {
            Some(p) if p != full => format!("{full} ({p})"),
            _ => full,
        };
        Ok((r.get::<_, ClientId>(0)?, name))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn view(conn: &Connection, clock: &dyn Clock) -> Result<TodayView> {
    let today = input::today(clock);
    let week_end = today + Days::new(WEEK_DAYS - 1);
    let names = names(conn)?;
    let after_days = settings::load(conn)?.unsigned_note_days;
    Ok(TodayView {
        today: today.to_string(),
        week_end: week_end.to_string(),
        appointments: appointments(conn, &names, today, week_end)?,
        conclusion: conclusion(conn, &names, today)?,
        unsigned: unsigned(conn, &names, today, after_days)?,
        unsigned_after_days: after_days,
        risk_flags: risk_flags(conn, &names, today)?,
        overdue_tasks: overdue_tasks(conn, &names, today)?,
    })
}

fn appointments(
    conn: &Connection,
    names: &HashMap<ClientId, String>,
    today: NaiveDate,
    week_end: NaiveDate,
) -> Result<Vec<TodayAppointment>> {
    #[derive(Deserialize)]
    struct Row {
        session_id: SessionId,
        client_id: ClientId,
        held_on: String,
        start_time: Option<String>,
        duration_minutes: Option<i64>,
        format: SessionFormat,
        attendance: Attendance,
        before: i64,
        planned_sessions: i64,
        phase_override: Option<Phase>,
        note_id: Option<NoteId>,
        signed_at: Option<String>,
    }
    let mut stmt = conn.prepare(
        "SELECT s.id AS session_id, c.client_id, s.held_on, s.start_time, s.duration_minutes,
                s.format, s.attendance, c.planned_sessions, c.phase_override,
                n.id AS note_id, n.signed_at,
                (SELECT count(*) FROM sessions p
                 WHERE p.course_id = s.course_id AND p.attendance = 'attended'
                   AND (p.held_on, coalesce(p.start_time, ''), p.id)
                       < (s.held_on, coalesce(s.start_time, ''), s.id)) AS before
         FROM sessions s JOIN courses c ON c.id = s.course_id
         LEFT JOIN notes n ON n.session_id = s.id
         WHERE s.held_on BETWEEN ?1 AND ?2
         ORDER BY s.held_on, s.start_time IS NULL, s.start_time, s.id",
    )?;
    let rows =
        stmt.query_map(params![today.to_string(), week_end.to_string()], rows::fields::<Row>)?;
    let mut out = Vec::new();
    for row in rows {
        let r = row?;
        let Some(name) = names.get(&r.client_id) else { continue };
        let number = r.before + 1;
        out.push(TodayAppointment {
            session_id: r.session_id,
            client_id: r.client_id,
            client_name: name.clone(),
            date: r.held_on,
            start_time: r.start_time,
            duration_minutes: r.duration_minutes,
            format: r.format,
            attendance: r.attendance,
            number,
            planned: r.planned_sessions,
            phase: r.phase_override.unwrap_or(course::phase_for(number, r.planned_sessions)),
            note_signed: r.signed_at.is_some(),
            note_id: r.note_id,
        });
    }
    Ok(out)
}

fn conclusion(
    conn: &Connection,
    names: &HashMap<ClientId, String>,
    today: NaiveDate,
) -> Result<Vec<ConclusionDue>> {
    let recent = (today - Days::new(RECENT_DAYS)).to_string();
    // Only active courses can be entering their conclusion; counting their attended sessions is
    // all it takes to know.
    #[derive(Deserialize)]
    struct Active {
        client_id: ClientId,
        start_date: String,
        planned_sessions: i64,
        frequency: course::Frequency,
        held: i64,
    }
    let mut stmt = conn.prepare(
        "SELECT c.client_id, c.start_date, c.planned_sessions, c.frequency,
                (SELECT count(*) FROM sessions s
                 WHERE s.course_id = c.id AND s.attendance = 'attended') AS held
         FROM courses c WHERE c.status = 'active'",
    )?;
    let active: Vec<Active> =
        stmt.query_map([], rows::fields::<Active>)?.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for a in active {
        let current = course::current_session(a.held, a.planned_sessions);
        if current < a.planned_sessions - course::CONCLUSION_SESSIONS {
            continue;
        }
        let client = a.client_id;
        let start = NaiveDate::parse_from_str(&a.start_date, "%Y-%m-%d").unwrap_or(today);
        let planned_end = course::planned_end(start, a.planned_sessions, a.frequency);
        let Some(name) = names.get(&client) else { continue };
        let unrated: i64 = conn.query_row(
            "SELECT count(*) FROM goals g WHERE g.client_id = ?1
               AND g.status IN ('not_started', 'in_progress', 'partly_achieved')
               AND NOT EXISTS (SELECT 1 FROM goal_ratings r WHERE r.goal_id = g.id AND r.rated_on >= ?2)",
            params![client, recent],
            |r| r.get(0),
        )?;
        let goals: i64 =
            conn.query_row("SELECT count(*) FROM goals WHERE client_id = ?1", [client], |r| {
                r.get(0)
            })?;
        let (snapshots, recent_snapshot): (i64, bool) = conn.query_row(
            "SELECT count(*), coalesce(max(taken_on) >= ?2, 0) FROM circle_snapshots WHERE client_id = ?1",
            params![client, recent],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let plan_reviewed: bool = conn.query_row(
            "SELECT coalesce(max(updated_at) >= ?2, 0) FROM safety_plans WHERE client_id = ?1",
            params![client, recent],
            |r| r.get(0),
        )?;
        out.push(ConclusionDue {
            client_id: client,
            client_name: name.clone(),
            current,
            planned: a.planned_sessions,
            planned_end: planned_end.to_string(),
            needs: vec![
                ConclusionNeed { item: ConclusionItem::DiscussEnding, done: None },
                ConclusionNeed {
                    item: ConclusionItem::RateGoals,
                    done: Some(goals > 0 && unrated == 0),
                },
                ConclusionNeed {
                    item: ConclusionItem::CompareCircle,
                    done: Some(snapshots >= 2 && recent_snapshot),
                },
                ConclusionNeed {
                    item: ConclusionItem::ReviewSafetyPlan,
                    done: Some(plan_reviewed),
                },
                ConclusionNeed { item: ConclusionItem::AgreeWhatNext, done: None },
            ],
        });
    }
    out.sort_by(|a, b| {
        (a.planned - a.current, &a.client_name).cmp(&(b.planned - b.current, &b.client_name))
    });
    Ok(out)
}

fn unsigned(
    conn: &Connection,
    names: &HashMap<ClientId, String>,
    today: NaiveDate,
    after_days: u32,
) -> Result<Vec<UnsignedNote>> {
    let mut stmt = conn.prepare(
        "SELECT n.id, n.session_id, n.client_id, s.held_on FROM notes n
         JOIN sessions s ON s.id = n.session_id
         WHERE n.signed_at IS NULL ORDER BY s.held_on, s.start_time, n.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, NoteId>(0)?,
            r.get::<_, SessionId>(1)?,
            r.get::<_, ClientId>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (note_id, session_id, client_id, held_on) = row?;
        let Some(name) = names.get(&client_id) else { continue };
        let days_old = NaiveDate::parse_from_str(&held_on, "%Y-%m-%d")
            .map(|d| (today - d).num_days().max(0))
            .unwrap_or(0);
        out.push(UnsignedNote {
            note_id,
            session_id,
            client_id,
            client_name: name.clone(),
            held_on,
            days_old,
            overdue: days_old > i64::from(after_days),
        });
    }
    Ok(out)
}

fn risk_flags(
    conn: &Connection,
    names: &HashMap<ClientId, String>,
    today: NaiveDate,
) -> Result<Vec<RiskFlag>> {
    let mut out = Vec::new();
    // A raised check stays flagged until a later check (any level but "not checked") follows it.
    let mut stmt = conn.prepare(
        "SELECT n.client_id, n.risk_level, n.risk_action, s.held_on, n.session_id
         FROM notes n JOIN sessions s ON s.id = n.session_id
         WHERE n.risk_level IN ('moderate', 'high')
           AND NOT EXISTS (
               SELECT 1 FROM notes m JOIN sessions t ON t.id = m.session_id
               WHERE m.client_id = n.client_id AND m.risk_level <> 'not_asked'
                 AND (t.held_on, coalesce(t.start_time, ''), t.id)
                     > (s.held_on, coalesce(s.start_time, ''), s.id))
         ORDER BY n.risk_level = 'high' DESC, s.held_on DESC",
    )?;
    #[derive(Deserialize)]
    struct Row {
        client_id: ClientId,
        risk_level: RiskLevel,
        risk_action: Option<String>,
        held_on: String,
        session_id: SessionId,
    }
    for row in stmt.query_map([], rows::fields::<Row>)? {
        let r = row?;
        let Some(name) = names.get(&r.client_id) else { continue };
        out.push(RiskFlag {
            client_id: r.client_id,
            client_name: name.clone(),
            kind: RiskFlagKind::RaisedRisk,
            level: Some(r.risk_level),
            on: r.held_on,
            action: r.risk_action,
            session_id: Some(r.session_id),
        });
    }
    let mut stmt = conn.prepare(
        "SELECT p.client_id, p.review_on FROM safety_plans p JOIN clients c ON c.id = p.client_id
         WHERE p.review_on <= ?1 AND c.status IN ('assessment', 'active', 'maintenance')
         ORDER BY p.review_on",
    )?;
    for row in stmt.query_map([today.to_string()], |r| {
        Ok((r.get::<_, ClientId>(0)?, r.get::<_, String>(1)?))
    })? {
        let (client_id, on) = row?;
        let Some(name) = names.get(&client_id) else { continue };
        out.push(RiskFlag {
            client_id,
            client_name: name.clone(),
            kind: RiskFlagKind::SafetyPlanReview,
            level: None,
            on,
            action: None,
            session_id: None,
        });
    }
    Ok(out)
}

fn overdue_tasks(
    conn: &Connection,
    names: &HashMap<ClientId, String>,
    today: NaiveDate,
) -> Result<Vec<OverdueTask>> {
    let mut stmt = conn.prepare(
        "SELECT id, client_id, description, due_on FROM tasks
         WHERE status IN ('not_started', 'partly') AND due_on < ?1 ORDER BY due_on, id",
    )?;
    let rows = stmt.query_map([today.to_string()], |r| {
        Ok((r.get::<_, TaskId>(0)?, r.get::<_, ClientId>(1)?, r.get(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (task_id, client_id, description, due_on) = row?;
        let Some(name) = names.get(&client_id) else { continue };
        out.push(OverdueTask {
            task_id,
            client_id,
            client_name: name.clone(),
            description,
            due_on,
        });
    }
    Ok(out)
}

impl Vault {
    pub fn today(&self) -> Result<TodayView> {
        view(self.conn(), self.clock())
    }
}
