//! The Today view: what the practitioner needs at the start of a working day, in a few queries
//! over the whole practice.

use crate::clock::Clock;
use crate::conclusion::SummaryStage;
use crate::error::Result;
use crate::ids::{ClientId, CourseId, NoteId, SessionId, SummaryId, TaskId, WorksheetId};
use crate::input;
use crate::measures::definition::Instrument;
use crate::measures::given::{self, MeasureFlag};
use crate::measures::plan::{self, PlannedMeasure};
use crate::record::counting::{self, Missed, MissedRule, Schedule};
use crate::record::course::{self, Attendance, Frequency};
use crate::record::vocabulary::{Phase, SessionFormat};
use crate::sessions::notes::{RiskAction, RiskLevel};
use crate::store::rows;
use crate::vault::{Vault, settings};
use crate::worksheets;
use chrono::{Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
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
    /// Where the session stands in its course; `None` for an assessment session.
    pub place: Option<AppointmentPlace>,
    pub note_id: Option<NoteId>,
    pub note_signed: bool,
    /// The measures the course's plan gives at this session and not given in it yet.
    pub measures_due: Vec<DueMeasure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueMeasure {
    pub instrument: Instrument,
    pub name: String,
}

/// Where an appointment stands in its course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppointmentPlace {
    /// The number this session has (or will have, if attended) in its course.
    #[ts(type = "number")]
    pub number: i64,
    #[ts(type = "number")]
    pub planned: i64,
    /// Sessions of the plan left after this one.
    #[ts(type = "number")]
    pub left: i64,
    /// Missed sessions before it that counted against the plan.
    #[ts(type = "number")]
    pub missed: i64,
    /// Whole weeks from this session to the course's planned end.
    #[ts(type = "number")]
    pub weeks_left: i64,
    pub phase: Phase,
    /// Maintenance: this session is a review point.
    pub review_due: bool,
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
    /// Name the client's own early warning signs of a new episode, with what to do and whom to
    /// contact (the relapse warning signs; the crisis plan is the safety plan).
    RelapseWarningSigns,
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
    /// Sessions of the plan left after session `current`.
    #[ts(type = "number")]
    pub left: i64,
    #[ts(type = "number")]
    pub missed: i64,
    pub planned_end: String,
    pub past_planned_end: bool,
    pub needs: Vec<ConclusionNeed>,
    pub course_id: CourseId,
    /// The course's conclusion summary: due (none yet), a draft, or signed.
    pub summary: SummaryStage,
    pub summary_id: Option<SummaryId>,
}

/// A course that ended within the last [`SUMMARY_DAYS`] days without a signed conclusion
/// summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SummaryWaiting {
    pub client_id: ClientId,
    pub client_name: String,
    pub course_id: CourseId,
    pub ended_on: String,
    pub summary: SummaryStage,
    pub summary_id: Option<SummaryId>,
}

/// How long after a course ended Today keeps asking for its conclusion summary.
pub const SUMMARY_DAYS: u64 = 90;

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
    /// The latest signed risk check found moderate or high risk, and no signed note has
    /// lowered it since.
    RaisedRisk,
    /// A draft note records moderate or high risk; it is not signed yet.
    RaisedInDraft,
    /// A session was missed while risk was raised.
    MissedWhileRaised,
    /// The safety plan's review date has come.
    SafetyPlanReview,
    /// A measure's answer about thoughts of death or self-harm, not yet followed by a signed
    /// note that records a risk assessment.
    MeasureItem,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RiskFlag {
    pub client_id: ClientId,
    pub client_name: String,
    pub kind: RiskFlagKind,
    pub level: Option<RiskLevel>,
    /// The date of the risk check, of the missed session, or the review date.
    pub on: String,
    pub actions: Vec<RiskAction>,
    pub action: Option<String>,
    pub session_id: Option<SessionId>,
    /// The client is archived or has concluded: the flag stays until it is closed.
    pub client_inactive: bool,
    /// The measure item that raised a `MeasureItem` flag.
    pub measure: Option<MeasureFlag>,
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

/// A decision analysis whose review day has come, with its outcome still to record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionReview {
    pub worksheet_id: WorksheetId,
    pub client_id: ClientId,
    pub client_name: String,
    pub problem: Option<String>,
    pub review_on: String,
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
    pub decision_reviews: Vec<DecisionReview>,
    pub summaries_waiting: Vec<SummaryWaiting>,
}

/// A client as Today names them.
struct Named {
    name: String,
    /// Archived or concluded.
    inactive: bool,
}

/// Every client, as the practitioner calls them. Only the risk list shows archived clients.
fn names(conn: &Connection) -> Result<HashMap<ClientId, Named>> {
    let mut stmt = conn.prepare("SELECT id, full_name, preferred_name, status FROM clients")?;
    let rows = stmt.query_map([], |r| {
        let full: String = r.get(1)?;
        let preferred: Option<String> = r.get(2)?;
        let status: String = r.get(3)?;
        let name = match preferred {
            Some(p) if p != full => format!("{full} ({p})"),
            _ => full,
        };
        let inactive = status == "archived" || status == "concluded";
        Ok((r.get::<_, ClientId>(0)?, Named { name, inactive }))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Names of clients who are not archived.
fn current_names(
    conn: &Connection,
    all: &HashMap<ClientId, Named>,
) -> Result<HashMap<ClientId, String>> {
    let mut stmt = conn.prepare("SELECT id FROM clients WHERE status <> 'archived'")?;
    let ids = stmt.query_map([], |r| r.get::<_, ClientId>(0))?;
    let mut out = HashMap::new();
    for id in ids {
        let id = id?;
        if let Some(n) = all.get(&id) {
            out.insert(id, n.name.clone());
        }
    }
    Ok(out)
}

pub fn view(conn: &Connection, clock: &dyn Clock) -> Result<TodayView> {
    let today = input::today(clock);
    let week_end = today + Days::new(WEEK_DAYS - 1);
    let all = names(conn)?;
    let names = current_names(conn, &all)?;
    let after_days = settings::load(conn)?.unsigned_note_days;
    Ok(TodayView {
        today: today.to_string(),
        week_end: week_end.to_string(),
        appointments: appointments(conn, &names, today, week_end)?,
        conclusion: conclusion(conn, clock, &names, today)?,
        unsigned: unsigned(conn, &names, today, after_days)?,
        unsigned_after_days: after_days,
        risk_flags: risk_flags(conn, &all, today)?,
        overdue_tasks: overdue_tasks(conn, &names, today)?,
        decision_reviews: decision_reviews(conn, &names, today)?,
        summaries_waiting: summaries_waiting(conn, &all, today)?,
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
        attended_before: i64,
        no_shows_before: i64,
        cancelled_before: i64,
        start_date: Option<String>,
        planned_sessions: Option<i64>,
        frequency: Option<Frequency>,
        no_show_counts: Option<bool>,
        cancellation_counts: Option<bool>,
        phase_override: Option<Phase>,
        review_every: Option<i64>,
        note_id: Option<NoteId>,
        signed_at: Option<String>,
        measure_plan: Option<String>,
        given_here: String,
    }
    let sql = format!(
        "WITH {}
         SELECT s.id AS session_id, s.client_id, s.held_on, s.start_time, s.duration_minutes,
                s.format, s.attendance, c.start_date, c.planned_sessions, c.frequency,
                c.no_show_counts, c.cancellation_counts, c.phase_override, c.review_every,
                n.id AS note_id, n.signed_at, c.measure_plan,
                (SELECT json_group_array(a.instrument) FROM administrations a
                 WHERE a.session_id = s.id AND a.status <> 'open') AS given_here, {}
         FROM sessions s LEFT JOIN courses c ON c.id = s.course_id
         LEFT JOIN notes n ON n.session_id = s.id
         LEFT JOIN counted k ON k.id = s.id
         WHERE s.held_on BETWEEN ?1 AND ?2
         ORDER BY s.held_on, s.start_time IS NULL, s.start_time, s.id",
        course::counts_before("SELECT course_id FROM sessions WHERE held_on BETWEEN ?1 AND ?2"),
        course::COUNTED_COLUMNS
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows =
        stmt.query_map(params![today.to_string(), week_end.to_string()], rows::fields::<Row>)?;
    let mut out = Vec::new();
    for row in rows {
        let r = row?;
        let Some(name) = names.get(&r.client_id) else { continue };
        let day = NaiveDate::parse_from_str(&r.held_on, "%Y-%m-%d").unwrap_or(today);
        let damaged = |what: &str, e: serde_json::Error| crate::error::Error::Damaged {
            what: format!("{what} of session {} ({e})", r.session_id),
        };
        let plan: Vec<PlannedMeasure> = match &r.measure_plan {
            Some(text) => serde_json::from_str(text).map_err(|e| damaged("the measure plan", e))?,
            None => Vec::new(),
        };
        let given_here: Vec<Instrument> =
            serde_json::from_str(&r.given_here).map_err(|e| damaged("the measures given", e))?;
        // An assessment session has no course, so no place in one.
        let place = match (r.start_date, r.planned_sessions, r.frequency) {
            (Some(start), Some(planned), Some(frequency)) => {
                let start = NaiveDate::parse_from_str(&start, "%Y-%m-%d").unwrap_or(day);
                let schedule = Schedule { start, planned, frequency };
                let rule = MissedRule {
                    no_show_counts: r.no_show_counts.unwrap_or(true),
                    cancellation_counts: r.cancellation_counts.unwrap_or(false),
                };
                let missed =
                    Missed { no_shows: r.no_shows_before, cancellations: r.cancelled_before };
                let place = counting::place(
                    r.attended_before + 1,
                    missed,
                    rule,
                    &schedule,
                    day,
                    r.review_every,
                );
                let days_left = (schedule.end() - day).num_days().max(0);
                Some(AppointmentPlace {
                    number: place.number,
                    planned: place.planned,
                    left: place.left,
                    missed: place.missed,
                    weeks_left: (days_left + 6) / 7,
                    phase: r.phase_override.unwrap_or(place.phase),
                    review_due: place.review_due,
                })
            }
            _ => None,
        };
        out.push(TodayAppointment {
            session_id: r.session_id,
            client_id: r.client_id,
            client_name: name.clone(),
            date: r.held_on,
            start_time: r.start_time,
            duration_minutes: r.duration_minutes,
            format: r.format,
            attendance: r.attendance,
            measures_due: place
                .as_ref()
                .map(|p| plan::due_at(&plan, p.number, p.planned))
                .unwrap_or_default()
                .into_iter()
                .filter(|i| !given_here.contains(i))
                .map(|i| DueMeasure { instrument: i, name: i.definition().name.into() })
                .collect(),
            place,
            note_signed: r.signed_at.is_some(),
            note_id: r.note_id,
        });
    }
    Ok(out)
}

fn conclusion(
    conn: &Connection,
    clock: &dyn Clock,
    names: &HashMap<ClientId, String>,
    today: NaiveDate,
) -> Result<Vec<ConclusionDue>> {
    let recent = (today - Days::new(RECENT_DAYS)).to_string();
    // The same count as the record's header: the sessions left by the contract's rule, or the
    // planned end date, whichever comes first.
    let progress = course::active_progress_by_client(conn, clock)?;
    let mut out = Vec::new();
    for (client, p) in progress {
        if p.course_status != course::CourseStatus::Active || !p.conclusion_due {
            continue;
        }
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
        let signs_recorded: bool = conn.query_row(
            "SELECT coalesce(max(recorded_at) >= ?2, 0) FROM relapse_plans WHERE client_id = ?1",
            params![client, recent],
            |r| r.get(0),
        )?;
        let summary: Option<(SummaryId, bool)> = conn
            .query_row(
                "SELECT id, signed_at IS NOT NULL FROM conclusion_summaries WHERE course_id = ?1",
                [p.course_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        out.push(ConclusionDue {
            client_id: client,
            client_name: name.clone(),
            current: p.current,
            planned: p.planned,
            left: p.left,
            missed: p.missed,
            planned_end: p.planned_end.clone(),
            past_planned_end: p.past_planned_end,
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
                    item: ConclusionItem::RelapseWarningSigns,
                    done: Some(signs_recorded),
                },
                ConclusionNeed { item: ConclusionItem::AgreeWhatNext, done: None },
            ],
            course_id: p.course_id,
            summary: match summary {
                None => SummaryStage::Due,
                Some((_, false)) => SummaryStage::Draft,
                Some((_, true)) => SummaryStage::Signed,
            },
            summary_id: summary.map(|(id, _)| id),
        });
    }
    out.sort_by(|a, b| (a.left, &a.client_name).cmp(&(b.left, &b.client_name)));
    Ok(out)
}

fn summaries_waiting(
    conn: &Connection,
    names: &HashMap<ClientId, Named>,
    today: NaiveDate,
) -> Result<Vec<SummaryWaiting>> {
    let since = (today - Days::new(SUMMARY_DAYS)).to_string();
    let mut stmt = conn.prepare(
        "SELECT c.client_id, c.id, c.ended_on, s.id
         FROM courses c LEFT JOIN conclusion_summaries s ON s.course_id = c.id
         WHERE c.status <> 'active' AND c.ended_on >= ?1 AND s.signed_at IS NULL
         ORDER BY c.ended_on, c.id",
    )?;
    let rows = stmt.query_map([since], |r| {
        Ok((
            r.get::<_, ClientId>(0)?,
            r.get::<_, CourseId>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<SummaryId>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (client_id, course_id, ended_on, summary_id) = row?;
        let Some(named) = names.get(&client_id) else { continue };
        out.push(SummaryWaiting {
            client_id,
            client_name: named.name.clone(),
            course_id,
            ended_on,
            summary: if summary_id.is_some() { SummaryStage::Draft } else { SummaryStage::Due },
            summary_id,
        });
    }
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
    names: &HashMap<ClientId, Named>,
    today: NaiveDate,
) -> Result<Vec<RiskFlag>> {
    #[derive(Deserialize)]
    struct Row {
        client_id: ClientId,
        risk_level: RiskLevel,
        risk_actions: String,
        risk_action: Option<String>,
        held_on: String,
        session_id: SessionId,
        signed: bool,
        missed_on: Option<String>,
    }
    // A raised level stays until a later *signed* check records another level: drafts never
    // clear it. A draft that raises it shows too, marked as not signed. Archived and concluded
    // clients stay on the list while their flag is open.
    let latest_signed = "NOT EXISTS (
               SELECT 1 FROM notes m JOIN sessions t ON t.id = m.session_id
               WHERE m.client_id = n.client_id AND m.signed_at IS NOT NULL
                 AND m.risk_level <> 'not_asked'
                 AND (t.held_on, coalesce(t.start_time, ''), t.id)
                     > (s.held_on, coalesce(s.start_time, ''), s.id))";
    let sql = format!(
        "SELECT n.client_id, n.risk_level, n.risk_actions, n.risk_action, s.held_on, n.session_id,
                n.signed_at IS NOT NULL AS signed,
                CASE WHEN n.signed_at IS NOT NULL THEN (
                    SELECT max(x.held_on) FROM sessions x
                    WHERE x.client_id = n.client_id AND x.attendance IN ('no_show', 'cancelled')
                      AND x.held_on <= ?1
                      AND (x.held_on, coalesce(x.start_time, ''), x.id)
                          > (s.held_on, coalesce(s.start_time, ''), s.id)) END AS missed_on
         FROM notes n JOIN sessions s ON s.id = n.session_id
         WHERE n.risk_level IN ('moderate', 'high') AND {latest_signed}
         ORDER BY n.risk_level = 'high' DESC, s.held_on DESC, n.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut out = Vec::new();
    let mut missed = Vec::new();
    for row in stmt.query_map([today.to_string()], rows::fields::<Row>)? {
        let r = row?;
        let Some(named) = names.get(&r.client_id) else { continue };
        let actions: Vec<RiskAction> =
            serde_json::from_str(&r.risk_actions).map_err(|e| crate::error::Error::Damaged {
                what: format!("the risk actions of session {}'s note ({e})", r.session_id),
            })?;
        let flag = RiskFlag {
            client_id: r.client_id,
            client_name: named.name.clone(),
            kind: if r.signed { RiskFlagKind::RaisedRisk } else { RiskFlagKind::RaisedInDraft },
            level: Some(r.risk_level),
            on: r.held_on,
            actions,
            action: r.risk_action,
            session_id: Some(r.session_id),
            client_inactive: named.inactive,
            measure: None,
        };
        if let Some(on) = r.missed_on {
            missed.push(RiskFlag {
                kind: RiskFlagKind::MissedWhileRaised,
                on,
                actions: Vec::new(),
                action: None,
                ..flag.clone()
            });
        }
        out.push(flag);
    }
    // Missed sessions at raised risk come first: they need a call today. Measure items that
    // still wait for an assessment come next.
    for m in given::all_open_flags(conn)? {
        let Some(named) = names.get(&m.client_id) else { continue };
        missed.push(RiskFlag {
            client_id: m.client_id,
            client_name: named.name.clone(),
            kind: RiskFlagKind::MeasureItem,
            level: None,
            on: m.given_on.clone(),
            actions: Vec::new(),
            action: None,
            session_id: m.session_id,
            client_inactive: named.inactive,
            measure: Some(m),
        });
    }
    missed.append(&mut out);
    let mut out = missed;
    let mut stmt = conn.prepare(
        "SELECT p.client_id, p.review_on FROM safety_plans p JOIN clients c ON c.id = p.client_id
         WHERE p.review_on <= ?1 AND c.status IN ('assessment', 'active', 'maintenance')
         ORDER BY p.review_on",
    )?;
    for row in stmt.query_map([today.to_string()], |r| {
        Ok((r.get::<_, ClientId>(0)?, r.get::<_, String>(1)?))
    })? {
        let (client_id, on) = row?;
        let Some(named) = names.get(&client_id) else { continue };
        out.push(RiskFlag {
            client_id,
            client_name: named.name.clone(),
            kind: RiskFlagKind::SafetyPlanReview,
            level: None,
            on,
            actions: Vec::new(),
            action: None,
            session_id: None,
            measure: None,
            client_inactive: named.inactive,
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

fn decision_reviews(
    conn: &Connection,
    names: &HashMap<ClientId, String>,
    today: NaiveDate,
) -> Result<Vec<DecisionReview>> {
    Ok(worksheets::reviews_due(conn, &today.to_string())?
        .into_iter()
        .filter_map(|due| {
            Some(DecisionReview {
                client_name: names.get(&due.client_id)?.clone(),
                worksheet_id: due.worksheet_id,
                client_id: due.client_id,
                problem: due.problem,
                review_on: due.review_on,
            })
        })
        .collect())
}

impl Vault {
    pub fn today(&self) -> Result<TodayView> {
        view(self.conn(), self.clock())
    }
}
