//! A course of IPT and its contract: planned number of sessions, frequency, how missed sessions
//! are handled, focus and plans. The number of sessions is renegotiated only through a dated,
//! reasoned change that is kept. Where a session stands (its number, the sessions left, the
//! phase) is counted by [`counting`](super::counting); the practitioner may override the phase
//! with a reason.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{ClientId, CourseId, SessionId};
use crate::input;
use crate::measures::plan::PlannedMeasure;
use crate::record::counting::{self, Missed, MissedRule, Schedule};
use crate::record::vocabulary::{Phase, SessionFormat};
use crate::store::rows;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::RangeInclusive;
use ts_rs::TS;

pub use crate::record::counting::{Attendance, Frequency};

pub const DEFAULT_PLANNED_SESSIONS: i64 = 16;
/// How many sessions an acute or continuation course may plan.
pub const PLANNED_SESSIONS: RangeInclusive<i64> = 8..=20;
/// How many sessions a maintenance course (IPT-M) may plan: months or years of them.
pub const MAINTENANCE_PLANNED_SESSIONS: RangeInclusive<i64> = 3..=60;
/// A maintenance course's review points: every so many sessions.
pub const REVIEW_EVERY: RangeInclusive<i64> = 2..=24;
pub const DEFAULT_REVIEW_EVERY: i64 = 6;
/// The usual start of an IPT-M contract: a year of monthly sessions.
pub const DEFAULT_MAINTENANCE_SESSIONS: i64 = 12;
/// A plan outside this range needs a reason.
pub const USUAL_PLANNED_SESSIONS: RangeInclusive<i64> = 12..=16;
/// The usual length of a session in a contract, in minutes.
pub const SESSION_MINUTES: RangeInclusive<i64> = 15..=180;
/// How long one session lasted, in minutes.
pub const SESSION_DURATION: RangeInclusive<i64> = 5..=240;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CourseKind {
    Acute,
    Continuation,
    Maintenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CourseStatus {
    Active,
    Concluded,
    EndedEarly,
}

/// The contract as entered. `planned_sessions` is set when the course is created; afterwards
/// it changes only through [`renegotiate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CourseInput {
    pub kind: CourseKind,
    pub start_date: String,
    #[ts(type = "number")]
    pub planned_sessions: i64,
    /// Why the plan is outside the usual 12–16 sessions.
    pub planned_reason: Option<String>,
    pub frequency: Frequency,
    #[ts(type = "number")]
    pub session_minutes: i64,
    pub agreed_focus: Option<String>,
    /// A session the client did not attend counts against the planned sessions.
    pub no_show_counts: bool,
    /// A session cancelled with notice counts against the planned sessions (else it is
    /// rebooked).
    pub cancellation_counts: bool,
    /// Anything else agreed about missed sessions, in words.
    pub missed_sessions: Option<String>,
    /// Maintenance only: a review point every this many sessions.
    #[ts(type = "number | null")]
    pub review_every: Option<i64>,
    pub measurement_schedule: Option<String>,
    pub medication_plan: Option<String>,
    pub emergency_plan: Option<String>,
    pub status: CourseStatus,
    pub ended_on: Option<String>,
}

impl CourseInput {
    pub fn starting(start_date: &str) -> Self {
        CourseInput {
            kind: CourseKind::Acute,
            start_date: start_date.into(),
            planned_sessions: DEFAULT_PLANNED_SESSIONS,
            planned_reason: None,
            frequency: Frequency::Weekly,
            session_minutes: 50,
            agreed_focus: None,
            no_show_counts: MissedRule::DEFAULT.no_show_counts,
            cancellation_counts: MissedRule::DEFAULT.cancellation_counts,
            missed_sessions: None,
            review_every: None,
            measurement_schedule: None,
            medication_plan: None,
            emergency_plan: None,
            status: CourseStatus::Active,
            ended_on: None,
        }
    }

    /// The usual IPT-M contract: monthly sessions for a year, reviewed every six.
    pub fn maintenance_starting(start_date: &str) -> Self {
        CourseInput {
            kind: CourseKind::Maintenance,
            planned_sessions: DEFAULT_MAINTENANCE_SESSIONS,
            frequency: Frequency::Monthly,
            review_every: Some(DEFAULT_REVIEW_EVERY),
            ..CourseInput::starting(start_date)
        }
    }

    pub fn validated(&self) -> Result<Self> {
        let v = input::tidy(self, &["start_date"], &["start_date", "ended_on"])?;
        let start = input::date("start_date", &v.start_date)?;
        check_planned(v.kind, v.planned_sessions, v.planned_reason.as_deref())?;
        match (v.kind, v.review_every) {
            (CourseKind::Maintenance, None) => {
                return Err(Error::invalid(
                    "review_every",
                    "Say how often maintenance sessions are reviewed (for example every 6).",
                ));
            }
            (CourseKind::Maintenance, Some(every)) => {
                input::range("review_every", every, REVIEW_EVERY)?;
            }
            (_, Some(_)) => {
                return Err(Error::invalid(
                    "review_every",
                    "Review points belong to a maintenance course; an acute course has phases.",
                ));
            }
            (_, None) => {}
        }
        input::range("session_minutes", v.session_minutes, SESSION_MINUTES)?;
        if let Some(end) = input::opt_date("ended_on", v.ended_on.as_deref())? {
            if end < start {
                return Err(Error::invalid("ended_on", "A course cannot end before it starts."));
            }
            if v.status == CourseStatus::Active {
                return Err(Error::invalid(
                    "ended_on",
                    "An active course has no end date yet; mark it concluded or ended early.",
                ));
            }
        }
        Ok(v)
    }

    /// Which missed sessions use up the plan.
    pub fn missed_rule(&self) -> MissedRule {
        MissedRule {
            no_show_counts: self.no_show_counts,
            cancellation_counts: self.cancellation_counts,
        }
    }
}

fn check_planned(kind: CourseKind, planned: i64, reason: Option<&str>) -> Result<()> {
    if kind == CourseKind::Maintenance {
        if !MAINTENANCE_PLANNED_SESSIONS.contains(&planned) {
            let (low, high) = MAINTENANCE_PLANNED_SESSIONS.into_inner();
            return Err(Error::invalid(
                "planned_sessions",
                format!("A maintenance course has from {low} to {high} sessions."),
            ));
        }
        return Ok(());
    }
    if !PLANNED_SESSIONS.contains(&planned) {
        let (low, high) = PLANNED_SESSIONS.into_inner();
        return Err(Error::invalid(
            "planned_sessions",
            format!(
                "An acute course has from {low} to {high} sessions; longer plans are maintenance."
            ),
        ));
    }
    if !USUAL_PLANNED_SESSIONS.contains(&planned) && reason.is_none_or(|r| r.trim().is_empty()) {
        let (low, high) = USUAL_PLANNED_SESSIONS.into_inner();
        return Err(Error::invalid(
            "planned_reason",
            format!("Say why this course plans fewer than {low} or more than {high} sessions."),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionInput {
    pub held_on: String,
    /// `HH:MM`, 24-hour.
    pub start_time: Option<String>,
    #[ts(type = "number | null")]
    pub duration_minutes: Option<i64>,
    pub format: SessionFormat,
    pub attendance: Attendance,
}

impl SessionInput {
    pub fn validated(&self, clock: &dyn Clock) -> Result<Self> {
        let v = input::tidy(self, &["held_on"], &["held_on", "start_time"])?;
        let day = input::date("held_on", &v.held_on)?;
        if let Some(t) = &v.start_time {
            input::time("start_time", t)?;
        }
        input::opt_range("duration_minutes", v.duration_minutes, SESSION_DURATION)?;
        if v.attendance != Attendance::Scheduled {
            input::not_future("held_on", day, input::today(clock), "A session that took place")?;
        }
        Ok(v)
    }
}

/// What a session is for: a session of a course, counted by it, or an assessment before a
/// course is agreed (noted, never counted as a course's session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SessionPurpose {
    Course,
    Assessment,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Session {
    pub id: SessionId,
    /// `None` for an assessment session.
    pub course_id: Option<CourseId>,
    pub purpose: SessionPurpose,
    #[serde(flatten)]
    pub fields: SessionInput,
    /// The session's number in the course, counting attended sessions only.
    #[ts(type = "number | null")]
    pub number: Option<i64>,
    /// A missed session that used up one of the planned sessions (by the contract's rule).
    pub counts_against_plan: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CourseChangeKind {
    PlannedSessions,
    PhaseOverride,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CourseChange {
    pub kind: CourseChangeKind,
    pub changed_on: String,
    pub from_value: Option<String>,
    pub to_value: Option<String>,
    pub reason: String,
    pub recorded_at: String,
}

/// Where a course stands today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Progress {
    pub course_id: CourseId,
    pub course_status: CourseStatus,
    /// Sessions attended.
    #[ts(type = "number")]
    pub held: i64,
    /// Missed sessions that counted against the plan (by the contract's rule).
    #[ts(type = "number")]
    pub missed: i64,
    /// Missed sessions that were rebooked and left the plan as it was.
    #[ts(type = "number")]
    pub rebooked: i64,
    #[ts(type = "number")]
    pub planned: i64,
    /// N: the session being held today, else the next one to hold, or the last held once the
    /// plan is used up.
    #[ts(type = "number")]
    pub current: i64,
    /// Whether `current` is a session held today.
    pub held_today: bool,
    /// Sessions of the plan left after session `current`.
    #[ts(type = "number")]
    pub left: i64,
    pub phase: Phase,
    /// The phase the count and the calendar give, shown beside an override.
    pub derived_phase: Phase,
    pub phase_overridden: bool,
    /// From session M−3 on (or the calendar's equivalent), the ending should be raised and
    /// conclusion work prepared.
    pub conclusion_due: bool,
    /// More sessions were held (with the missed ones that count) than planned.
    pub beyond_plan: bool,
    /// Maintenance: a review point every this many sessions.
    #[ts(type = "number | null")]
    pub review_every: Option<i64>,
    /// Maintenance: session `current` is a review point.
    pub review_due: bool,
    /// Maintenance: the number of the next session that is a review point.
    #[ts(type = "number | null")]
    pub next_review: Option<i64>,
    pub planned_end: String,
    /// Whole weeks from today to the planned end; 0 once it has passed.
    #[ts(type = "number")]
    pub weeks_remaining: i64,
    /// The planned end date is behind us.
    pub past_planned_end: bool,
    pub next_appointment: Option<Appointment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Appointment {
    pub session_id: SessionId,
    pub date: String,
    pub start_time: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Course {
    pub id: CourseId,
    pub client_id: ClientId,
    #[serde(flatten)]
    pub fields: CourseInput,
    pub phase_override: Option<Phase>,
    pub phase_override_reason: Option<String>,
    pub changes: Vec<CourseChange>,
    pub sessions: Vec<Session>,
    pub progress: Progress,
    /// Booster sessions agreed to follow this course.
    pub boosters: Option<super::boosters::BoosterPlan>,
    /// The measures the course gives and how often.
    pub measure_plan: Vec<PlannedMeasure>,
    /// The same in words ("PHQ-9 every 4 sessions; GAD-7 at the start and the end").
    pub measure_plan_words: String,
}

/// A common table `counted (id, attended_before, no_shows_before, cancelled_before)`: for each
/// session of the courses that `courses` (SQL yielding course ids) selects, the sessions of its
/// course before it by attendance, which is what [`counting::place`] needs from the record.
/// One ordered pass over those courses' sessions, with window functions; a query joins it with
/// `LEFT JOIN counted k ON k.id = s.id` (an assessment session has no row: nothing before it).
pub(crate) fn counts_before(courses: &str) -> String {
    format!(
        "counted AS (
            SELECT id,
                   count(*) FILTER (WHERE attendance = 'attended') OVER before AS attended_before,
                   count(*) FILTER (WHERE attendance = 'no_show') OVER before AS no_shows_before,
                   count(*) FILTER (WHERE attendance = 'cancelled') OVER before AS cancelled_before
            FROM sessions WHERE course_id IN ({courses})
            WINDOW before AS (PARTITION BY course_id ORDER BY held_on, coalesce(start_time, ''), id
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))"
    )
}

/// The columns a query joined with [`counts_before`]'s table selects.
pub(crate) const COUNTED_COLUMNS: &str = "coalesce(k.attended_before, 0) AS attended_before,
    coalesce(k.no_shows_before, 0) AS no_shows_before,
    coalesce(k.cancelled_before, 0) AS cancelled_before";

/// The date of the last planned session if every session happens on schedule.
pub fn planned_end(start: NaiveDate, planned: i64, frequency: Frequency) -> NaiveDate {
    Schedule { start, planned, frequency }.end()
}

/// The planned end of a contract that is still being typed, for the form that sets it up (the
/// same rule as a saved course's): `None` until the start is a real date and the number of
/// sessions is a plausible one.
pub fn planned_end_of(start_date: &str, planned: i64, frequency: Frequency) -> Option<String> {
    let start = input::date("start_date", start_date).ok()?;
    (1..=1000).contains(&planned).then(|| planned_end(start, planned, frequency).to_string())
}

/// What a course's sessions add up to, as the progress needs them.
struct Counts {
    held: i64,
    missed: Missed,
    /// The date of the last attended session.
    last_held: Option<String>,
}

/// The contract fields the count needs.
struct Terms<'a> {
    status: CourseStatus,
    start: &'a str,
    planned: i64,
    frequency: Frequency,
    rule: MissedRule,
    phase_override: Option<Phase>,
    review_every: Option<i64>,
}

fn progress_of(
    id: CourseId,
    terms: Terms<'_>,
    counts: Counts,
    next: Option<Appointment>,
    today: NaiveDate,
) -> Progress {
    let start = NaiveDate::parse_from_str(terms.start, "%Y-%m-%d").unwrap_or(today);
    let schedule = Schedule { start, planned: terms.planned, frequency: terms.frequency };
    let today_text = today.to_string();
    let held_today = counts.last_held.as_deref() == Some(today_text.as_str());
    let used_up = counts.held + counts.missed.counted(terms.rule) >= terms.planned;
    let (current, day) = if held_today {
        (counts.held, today)
    } else if used_up {
        (counts.held.max(1), today)
    } else {
        let day = next
            .as_ref()
            .and_then(|n| NaiveDate::parse_from_str(&n.date, "%Y-%m-%d").ok())
            .unwrap_or(today);
        (counts.held + 1, day)
    };
    let place =
        counting::place(current, counts.missed, terms.rule, &schedule, day, terms.review_every);
    let end = schedule.end();
    let days_left = (end - today).num_days().max(0);
    Progress {
        course_id: id,
        course_status: terms.status,
        held: counts.held,
        missed: place.missed,
        rebooked: place.rebooked,
        planned: terms.planned,
        current,
        held_today,
        left: place.left,
        phase: terms.phase_override.unwrap_or(place.phase),
        derived_phase: place.phase,
        phase_overridden: terms.phase_override.is_some(),
        conclusion_due: place.conclusion_due,
        beyond_plan: place.beyond_plan,
        review_every: terms.review_every,
        review_due: place.review_due,
        next_review: place.next_review,
        planned_end: end.to_string(),
        weeks_remaining: (days_left + 6) / 7,
        past_planned_end: today > end,
        next_appointment: next,
    }
}

pub fn create(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    input: &CourseInput,
) -> Result<CourseId> {
    super::clients::exists(conn, client)?;
    let v = input.validated()?;
    if v.status == CourseStatus::Active {
        let active: i64 = conn.query_row(
            "SELECT count(*) FROM courses WHERE client_id = ?1 AND status = 'active'",
            [client],
            |r| r.get(0),
        )?;
        if active > 0 {
            return Err(Error::invalid(
                "status",
                "This client already has an active course; conclude it before starting another.",
            ));
        }
    }
    let now = now_text(clock);
    let id = rows::insert(
        conn,
        "courses",
        &v,
        &[],
        &[("client_id", &client), ("created_at", &now), ("updated_at", &now)],
    )?;
    Ok(CourseId(id))
}

fn course_client(conn: &Connection, course: CourseId) -> Result<(ClientId, i64)> {
    conn.query_row("SELECT client_id, planned_sessions FROM courses WHERE id = ?1", [course], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()?
    .ok_or(Error::NotFound { what: "The course" })
}

/// Checks that `course` belongs to `client`.
pub fn owned(conn: &Connection, client: ClientId, course: CourseId) -> Result<()> {
    match course_client(conn, course)? {
        (owner, _) if owner == client => Ok(()),
        _ => Err(Error::NotFound { what: "The course" }),
    }
}

/// Sets which measures the course gives and how often.
pub fn set_measure_plan(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    course: CourseId,
    plan: &[PlannedMeasure],
) -> Result<()> {
    owned(conn, client, course)?;
    let plan = crate::measures::plan::validated(plan)?;
    let text = serde_json::to_string(&plan).map_err(|e| Error::Internal { what: e.to_string() })?;
    conn.execute(
        "UPDATE courses SET measure_plan = ?2, updated_at = ?3 WHERE id = ?1",
        params![course, text, now_text(clock)],
    )?;
    Ok(())
}

pub fn update(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    course: CourseId,
    input: &CourseInput,
) -> Result<()> {
    owned(conn, client, course)?;
    let (_, planned) = course_client(conn, course)?;
    let (kind, overridden, recorded): (CourseKind, bool, i64) = conn.query_row(
        "SELECT kind, phase_override IS NOT NULL,
                (SELECT count(*) FROM sessions WHERE course_id = courses.id)
         FROM courses WHERE id = ?1",
        [course],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if input.kind != kind && (recorded > 0 || overridden) {
        return Err(Error::invalid(
            "kind",
            "This course already has sessions counted by its kind. Conclude it and start a new \
             course of the other kind.",
        ));
    }
    if input.planned_sessions != planned {
        return Err(Error::invalid(
            "planned_sessions",
            "Change the number of sessions with \"Renegotiate\", so the change keeps its date \
             and reason.",
        ));
    }
    let v = input.validated()?;
    if v.status == CourseStatus::Active {
        let others: i64 = conn.query_row(
            "SELECT count(*) FROM courses WHERE client_id = ?1 AND status = 'active' AND id <> ?2",
            params![client, course],
            |r| r.get(0),
        )?;
        if others > 0 {
            return Err(Error::invalid(
                "status",
                "This client already has another active course; conclude that one first.",
            ));
        }
    }
    let now = now_text(clock);
    rows::update(
        conn,
        "courses",
        &v,
        &["planned_sessions"],
        &[("updated_at", &now)],
        &[("id", &course)],
        "The course",
    )
}

/// Changes the planned number of sessions, keeping the change with its date and reason.
pub fn renegotiate(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    course: CourseId,
    planned: i64,
    on: &str,
    reason: &str,
) -> Result<()> {
    owned(conn, client, course)?;
    input::date("changed_on", on)?;
    let reason = input::text("reason", reason, input::LONG_TEXT, true)?;
    let (_, current) = course_client(conn, course)?;
    let kind: CourseKind =
        conn.query_row("SELECT kind FROM courses WHERE id = ?1", [course], |r| r.get(0))?;
    if planned == current {
        return Err(Error::invalid(
            "planned_sessions",
            format!("The course already plans {current} sessions."),
        ));
    }
    check_planned(kind, planned, Some(&reason)).map_err(|e| match e {
        Error::Invalid { reason, .. } => Error::invalid("planned_sessions", reason),
        other => other,
    })?;
    let now = now_text(clock);
    // The reason for an unusual plan is the renegotiation's reason, so the constraint holds.
    let usual = kind == CourseKind::Maintenance || USUAL_PLANNED_SESSIONS.contains(&planned);
    conn.execute(
        "UPDATE courses SET planned_sessions = ?2,
             planned_reason = CASE WHEN ?5 THEN planned_reason ELSE ?3 END,
             updated_at = ?4
         WHERE id = ?1",
        params![course, planned, reason, now, usual],
    )?;
    conn.execute(
        "INSERT INTO course_changes (course_id, kind, changed_on, from_value, to_value, reason, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            course,
            CourseChangeKind::PlannedSessions,
            on,
            current.to_string(),
            planned.to_string(),
            reason,
            now
        ],
    )?;
    Ok(())
}

/// Sets (or with `None`, removes) a phase chosen by the practitioner instead of the derived one.
pub fn override_phase(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    course: CourseId,
    phase: Option<Phase>,
    reason: &str,
) -> Result<()> {
    owned(conn, client, course)?;
    let reason = input::text("reason", reason, input::LONG_TEXT, true)?;
    let kind: CourseKind =
        conn.query_row("SELECT kind FROM courses WHERE id = ?1", [course], |r| r.get(0))?;
    if kind == CourseKind::Maintenance {
        return Err(Error::invalid(
            "phase",
            "A maintenance course has no initial, middle or conclusion phase to choose.",
        ));
    }
    if phase == Some(Phase::Maintenance) {
        return Err(Error::invalid(
            "phase",
            "Maintenance is a kind of course, not a phase: start a maintenance course instead.",
        ));
    }
    let previous: Option<Phase> =
        conn.query_row("SELECT phase_override FROM courses WHERE id = ?1", [course], |r| r.get(0))?;
    if previous == phase {
        return Err(Error::invalid("phase", "The course already has this phase."));
    }
    let now = now_text(clock);
    conn.execute(
        "UPDATE courses SET phase_override = ?2, phase_override_reason = ?3, updated_at = ?4 WHERE id = ?1",
        params![course, phase, phase.map(|_| reason.as_str()), now],
    )?;
    conn.execute(
        "INSERT INTO course_changes (course_id, kind, changed_on, from_value, to_value, reason, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            course,
            CourseChangeKind::PhaseOverride,
            input::today(clock).to_string(),
            previous,
            phase,
            reason,
            now
        ],
    )?;
    Ok(())
}

pub fn add_session(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    course: CourseId,
    input: &SessionInput,
) -> Result<SessionId> {
    owned(conn, client, course)?;
    insert_session(conn, clock, client, Some(course), input).map(|(id, _)| id)
}

/// Writes a session of `client`, of `course` or (without one) an assessment; returns its id
/// and the session as validated.
fn insert_session(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    course: Option<CourseId>,
    input: &SessionInput,
) -> Result<(SessionId, SessionInput)> {
    let v = input.validated(clock)?;
    let now = now_text(clock);
    let purpose =
        if course.is_some() { SessionPurpose::Course } else { SessionPurpose::Assessment };
    let id = rows::insert(
        conn,
        "sessions",
        &v,
        &[],
        &[
            ("course_id", &course),
            ("client_id", &client),
            ("purpose", &purpose),
            ("created_at", &now),
            ("updated_at", &now),
        ],
    )?;
    Ok((SessionId(id), v))
}

/// Records an assessment session: before a course is agreed (or between courses), held and
/// noted but not a session of any course. A client still at enquiry moves on to assessment.
pub fn add_assessment_session(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    input: &SessionInput,
) -> Result<SessionId> {
    super::clients::exists(conn, client)?;
    let (id, v) = insert_session(conn, clock, client, None, input)?;
    let (status, _) = super::clients::status(conn, client)?;
    if status == super::clients::ClientStatus::Enquiry {
        super::clients::set_status(
            conn,
            clock,
            client,
            super::clients::ClientStatus::Assessment,
            &v.held_on,
            Some("An assessment session was recorded."),
        )?;
    }
    Ok(id)
}

/// A client's assessment sessions, oldest first.
pub fn assessment_sessions(conn: &Connection, client: ClientId) -> Result<Vec<Session>> {
    let mut stmt = conn.prepare(
        "SELECT * FROM sessions WHERE client_id = ?1 AND purpose = 'assessment'
         ORDER BY held_on, start_time, id",
    )?;
    let rows = stmt.query_map([client], |row| {
        Ok(Session {
            id: row.get("id")?,
            course_id: None,
            purpose: SessionPurpose::Assessment,
            fields: rows::fields(row)?,
            number: None,
            counts_against_plan: false,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn update_session(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    session: SessionId,
    input: &SessionInput,
) -> Result<()> {
    let owner: ClientId = conn
        .query_row("SELECT client_id FROM sessions WHERE id = ?1", [session], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { what: "The session" })?;
    if owner != client {
        return Err(Error::NotFound { what: "The session" });
    }
    let signed: Option<String> = conn
        .query_row(
            "SELECT signed_at FROM notes WHERE session_id = ?1 AND signed_at IS NOT NULL",
            [session],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(at) = signed {
        return Err(Error::Conflict {
            reason: format!(
                "The note of this session was signed at {at}, so its date, time, format and \
                 attendance stay as signed. Add an amendment to the note instead."
            ),
        });
    }
    let v = input.validated(clock)?;
    let now = now_text(clock);
    rows::update(
        conn,
        "sessions",
        &v,
        &[],
        &[("updated_at", &now)],
        &[("id", &session)],
        "The session",
    )
}

fn changes(conn: &Connection, course: CourseId) -> Result<Vec<CourseChange>> {
    let mut stmt = conn.prepare(
        "SELECT kind, changed_on, from_value, to_value, reason, recorded_at FROM course_changes
         WHERE course_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([course], rows::fields::<CourseChange>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn sessions(conn: &Connection, course: CourseId, rule: MissedRule) -> Result<Vec<Session>> {
    let mut stmt = conn
        .prepare("SELECT * FROM sessions WHERE course_id = ?1 ORDER BY held_on, start_time, id")?;
    let rows = stmt.query_map([course], |row| {
        Ok(Session {
            id: row.get("id")?,
            course_id: row.get("course_id")?,
            purpose: SessionPurpose::Course,
            fields: rows::fields(row)?,
            number: None,
            counts_against_plan: false,
        })
    })?;
    let mut out: Vec<Session> = rows.collect::<rusqlite::Result<_>>()?;
    let mut n = 0;
    for s in &mut out {
        if s.fields.attendance == Attendance::Attended {
            n += 1;
            s.number = Some(n);
        }
        s.counts_against_plan = rule.uses_up_plan(s.fields.attendance);
    }
    Ok(out)
}

#[derive(Deserialize)]
struct CourseRow {
    id: CourseId,
    client_id: ClientId,
    phase_override: Option<Phase>,
    phase_override_reason: Option<String>,
    measure_plan: String,
}

/// All courses of a client, newest first, with their sessions, changes and progress.
pub fn for_client(conn: &Connection, clock: &dyn Clock, client: ClientId) -> Result<Vec<Course>> {
    let today = input::today(clock);
    let mut stmt = conn
        .prepare("SELECT * FROM courses WHERE client_id = ?1 ORDER BY start_date DESC, id DESC")?;
    let rows = stmt.query_map([client], |row| {
        Ok((rows::fields::<CourseRow>(row)?, rows::fields::<CourseInput>(row)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (meta, fields) = row?;
        let sessions = sessions(conn, meta.id, fields.missed_rule())?;
        let mut counts = Counts { held: 0, missed: Missed::default(), last_held: None };
        for s in &sessions {
            match s.fields.attendance {
                Attendance::Attended => {
                    counts.held += 1;
                    counts.last_held = Some(s.fields.held_on.clone());
                }
                Attendance::NoShow => counts.missed.no_shows += 1,
                Attendance::Cancelled => counts.missed.cancellations += 1,
                Attendance::Scheduled => {}
            }
        }
        let today_text = today.to_string();
        let next = sessions
            .iter()
            .find(|s| {
                s.fields.attendance == Attendance::Scheduled && s.fields.held_on >= today_text
            })
            .map(|s| Appointment {
                session_id: s.id,
                date: s.fields.held_on.clone(),
                start_time: s.fields.start_time.clone(),
            });
        let terms = Terms {
            status: fields.status,
            start: &fields.start_date,
            planned: fields.planned_sessions,
            frequency: fields.frequency,
            rule: fields.missed_rule(),
            phase_override: meta.phase_override,
            review_every: fields.review_every,
        };
        let progress = progress_of(meta.id, terms, counts, next, today);
        let measure_plan: Vec<PlannedMeasure> =
            serde_json::from_str(&meta.measure_plan).map_err(|e| Error::Damaged {
                what: format!("the measure plan of course {} ({e})", meta.id),
            })?;
        out.push(Course {
            measure_plan_words: crate::measures::plan::in_words(&measure_plan),
            measure_plan,
            id: meta.id,
            client_id: meta.client_id,
            changes: changes(conn, meta.id)?,
            fields,
            phase_override: meta.phase_override,
            phase_override_reason: meta.phase_override_reason,
            sessions,
            progress,
            boosters: super::boosters::of_course(conn, meta.id)?,
        });
    }
    Ok(out)
}

/// The progress of each client's current course (the active one, else the latest), in a few
/// queries for the whole practice.
pub fn current_progress_by_client(
    conn: &Connection,
    clock: &dyn Clock,
) -> Result<HashMap<ClientId, Progress>> {
    progress_by_client(conn, clock, false)
}

/// The progress of every active course, by client (a client has at most one).
pub fn active_progress_by_client(
    conn: &Connection,
    clock: &dyn Clock,
) -> Result<HashMap<ClientId, Progress>> {
    progress_by_client(conn, clock, true)
}

fn progress_by_client(
    conn: &Connection,
    clock: &dyn Clock,
    only_active: bool,
) -> Result<HashMap<ClientId, Progress>> {
    let today = input::today(clock);
    let today_text = today.to_string();
    let mut stmt = conn.prepare(
        "SELECT c.id, c.client_id, c.status, c.start_date, c.planned_sessions, c.frequency,
                c.phase_override, c.no_show_counts, c.cancellation_counts, c.review_every,
                coalesce(g.held, 0) AS held, g.last_held,
                coalesce(g.no_shows, 0) AS no_shows, coalesce(g.cancellations, 0) AS cancellations,
                n.id AS next_id, n.held_on AS next_date, n.start_time AS next_time
         FROM courses c
         LEFT JOIN (
             SELECT course_id,
                    count(*) FILTER (WHERE attendance = 'attended') AS held,
                    max(held_on) FILTER (WHERE attendance = 'attended') AS last_held,
                    count(*) FILTER (WHERE attendance = 'no_show') AS no_shows,
                    count(*) FILTER (WHERE attendance = 'cancelled') AS cancellations
             FROM sessions
             WHERE course_id IN (SELECT id FROM courses WHERE NOT ?2 OR status = 'active')
             GROUP BY course_id) g ON g.course_id = c.id
         LEFT JOIN sessions n ON n.id = (
             SELECT s.id FROM sessions s
             WHERE s.course_id = c.id AND s.attendance = 'scheduled' AND s.held_on >= ?1
             ORDER BY s.held_on, s.start_time, s.id LIMIT 1)
         WHERE NOT ?2 OR c.status = 'active'
         ORDER BY c.client_id, (c.status = 'active'), c.start_date, c.id",
    )?;
    #[derive(Deserialize)]
    struct Row {
        id: CourseId,
        client_id: ClientId,
        status: CourseStatus,
        start_date: String,
        planned_sessions: i64,
        frequency: Frequency,
        phase_override: Option<Phase>,
        no_show_counts: bool,
        cancellation_counts: bool,
        review_every: Option<i64>,
        held: i64,
        last_held: Option<String>,
        no_shows: i64,
        cancellations: i64,
        next_id: Option<SessionId>,
        next_date: Option<String>,
        next_time: Option<String>,
    }
    let rows = stmt.query_map(params![today_text, only_active], rows::fields::<Row>)?;
    let mut out = HashMap::new();
    // Ordered so that the active (or else the latest) course of each client comes last.
    for row in rows {
        let r = row?;
        let next = match (r.next_id, r.next_date) {
            (Some(session_id), Some(date)) => {
                Some(Appointment { session_id, date, start_time: r.next_time })
            }
            _ => None,
        };
        let terms = Terms {
            status: r.status,
            start: &r.start_date,
            planned: r.planned_sessions,
            frequency: r.frequency,
            rule: MissedRule {
                no_show_counts: r.no_show_counts,
                cancellation_counts: r.cancellation_counts,
            },
            phase_override: r.phase_override,
            review_every: r.review_every,
        };
        let counts = Counts {
            held: r.held,
            missed: Missed { no_shows: r.no_shows, cancellations: r.cancellations },
            last_held: r.last_held,
        };
        let progress = progress_of(r.id, terms, counts, next, today);
        out.insert(r.client_id, progress);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_end_while_typing() {
        assert_eq!(
            planned_end_of("2026-01-05", 16, Frequency::Weekly).as_deref(),
            Some("2026-04-20")
        );
        assert_eq!(
            planned_end_of("2026-01-31", 2, Frequency::Monthly).as_deref(),
            Some("2026-02-28")
        );
        assert_eq!(planned_end_of("2026-02-30", 16, Frequency::Weekly), None);
        assert_eq!(planned_end_of("", 16, Frequency::Weekly), None);
        assert_eq!(planned_end_of("2026-01-05", 0, Frequency::Weekly), None);
        assert_eq!(planned_end_of("2026-01-05", i64::MAX, Frequency::Weekly), None);
    }

    #[test]
    fn planned_sessions_rules() {
        assert!(check_planned(CourseKind::Acute, 16, None).is_ok());
        assert!(check_planned(CourseKind::Acute, 12, None).is_ok());
        for (n, field) in [
            (11, "planned_reason"),
            (17, "planned_reason"),
            (7, "planned_sessions"),
            (21, "planned_sessions"),
        ] {
            let e = check_planned(CourseKind::Acute, n, None).unwrap_err();
            assert_eq!(e.field(), Some(field), "{n}");
        }
        assert!(check_planned(CourseKind::Acute, 8, Some("perinatal variant")).is_ok());
        assert!(check_planned(CourseKind::Acute, 20, Some("complex presentation")).is_ok());
        assert!(check_planned(CourseKind::Acute, 20, Some("  ")).is_err());
        // Maintenance runs longer, and its number needs no reason.
        let m = CourseKind::Maintenance;
        assert!(check_planned(m, 24, None).is_ok());
        assert!(check_planned(m, 3, None).is_ok());
        assert!(check_planned(m, 60, None).is_ok());
        assert_eq!(check_planned(m, 2, None).unwrap_err().field(), Some("planned_sessions"));
        assert_eq!(check_planned(m, 61, None).unwrap_err().field(), Some("planned_sessions"));
        assert_eq!(
            check_planned(CourseKind::Continuation, 24, Some("long")).unwrap_err().field(),
            Some("planned_sessions")
        );
    }
}

crate::stored_as_text!(
    CourseKind => "course kind",
    CourseStatus => "course status",
    CourseChangeKind => "course change",
    SessionPurpose => "session purpose",
);
