//! What a conclusion summary takes from the record: everything the clinician does not write.
//! [`compile`] is a pure function of the client's whole record, so the screen, the printed
//! summary and the frozen copy kept at signing all come from the same place.

use crate::casefile::ClientRecord;
use crate::error::{Error, Result};
use crate::ids::{ClientId, CourseId, GoalId};
use crate::measures::progress::{InstrumentProgress, TrackChart};
use crate::record::boosters::BoosterPlanInput;
use crate::record::clients::ConditionGroup;
use crate::record::counting::{Attendance, Frequency};
use crate::record::course::{Course, CourseChangeKind, CourseKind, CourseStatus};
use crate::record::inventory::{self, CircleChange, Snapshot};
use crate::record::vocabulary::ProblemArea;
use crate::record::{areas::GoalStatus, relapse::RelapsePlanInput};
use crate::sessions::notes::RiskLevel;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The record's part of a conclusion summary, as of `compiled_on`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Compiled {
    /// The day this was compiled (for a signed summary, the day it was signed).
    pub compiled_on: String,
    pub client: Identifiers,
    pub course: CourseFigures,
    pub formulation: Option<FormulationAtEnd>,
    /// Each instrument given in the course, with its chart and its outcome from first to last.
    pub measures: Vec<InstrumentProgress>,
    /// Goal ratings and social contacts on the same axes, where there are any.
    pub tracks: Vec<TrackChart>,
    pub goals: Vec<GoalAtEnd>,
    pub circles: Circles,
    /// The latest version of the relapse warning signs.
    pub relapse: Option<RelapseAtEnd>,
    pub medication: MedicationAtEnd,
    pub maintenance: MaintenanceInRecord,
    /// The risk check of the last signed note of the course.
    pub last_risk: Option<RiskAt>,
    /// The professionals and crisis services in the client's safety plan.
    pub crisis_contacts: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Identifiers {
    pub client_id: ClientId,
    pub full_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<String>,
    pub condition_group: ConditionGroup,
    pub diagnosis: Option<String>,
    pub diagnosis_code: Option<String>,
    pub referral_source: Option<String>,
    pub gp_prescriber: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CourseFigures {
    pub course_id: CourseId,
    pub kind: CourseKind,
    pub status: CourseStatus,
    pub start_date: String,
    pub ended_on: Option<String>,
    /// The first and last sessions the client attended.
    pub first_session: Option<String>,
    pub last_session: Option<String>,
    /// The day of the first of the last four attended sessions: scores from then on count as
    /// final ones.
    pub conclusion_from: Option<String>,
    #[ts(type = "number")]
    pub attended: i64,
    /// The plan as it stands, after any renegotiation.
    #[ts(type = "number")]
    pub planned: i64,
    /// The plan agreed at the start, where a renegotiation changed it.
    #[ts(type = "number | null")]
    pub first_planned: Option<i64>,
    #[ts(type = "number")]
    pub no_shows: i64,
    #[ts(type = "number")]
    pub cancellations: i64,
    /// Missed sessions that used up the plan under the contract's rule.
    #[ts(type = "number")]
    pub missed_counted: i64,
    /// Sessions of the plan not used (none once it is used up).
    #[ts(type = "number")]
    pub left: i64,
    pub frequency: Frequency,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FormulationAtEnd {
    #[ts(type = "number")]
    pub version: i64,
    pub effective_on: String,
    pub primary_area: Option<ProblemArea>,
    pub secondary_area: Option<ProblemArea>,
    pub client_statement: Option<String>,
    pub client_agreed: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GoalAtEnd {
    pub goal_id: GoalId,
    pub area: ProblemArea,
    pub description: String,
    pub target_date: Option<String>,
    pub status: GoalStatus,
    /// The first and last 0–10 ratings, with their days.
    pub first_rating: Option<Rated>,
    pub last_rating: Option<Rated>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Rated {
    pub on: String,
    #[ts(type = "number")]
    pub rating: i64,
}

/// The closeness circle at intake beside the circle at conclusion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Circles {
    /// The first snapshot taken on or before the course's third attended session.
    pub intake: Option<Snapshot>,
    /// The latest snapshot, when it was taken after the intake one and within the course's
    /// conclusion (on or after the session three before the last).
    pub conclusion: Option<Snapshot>,
    /// The latest snapshot, when it is too early to count as the circle at conclusion.
    pub latest_too_early: Option<Snapshot>,
    pub changes: Vec<CircleChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RelapseAtEnd {
    #[ts(type = "number")]
    pub version: i64,
    pub recorded_at: String,
    pub plan: RelapsePlanInput,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MedicationAtEnd {
    pub prescriber_name: Option<String>,
    pub prescriber_contact: Option<String>,
    pub consent_to_share: Option<bool>,
    /// The client remitted with medication alongside IPT (it weighs on the maintenance plan).
    pub remitted_combined: bool,
    /// Medications taken at the end of the course.
    pub current: Vec<MedicationLine>,
    /// Medications stopped during the course.
    pub stopped: Vec<MedicationLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MedicationLine {
    pub name: String,
    pub dose: Option<String>,
    pub started_on: Option<String>,
    pub stopped_on: Option<String>,
    /// Dated changes made during the course, in words.
    pub changes: Vec<String>,
}

/// What the record already holds about what follows the course.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MaintenanceInRecord {
    /// Booster sessions agreed after this course.
    pub boosters: Option<BoosterPlanInput>,
    /// A maintenance course (IPT-M) begun after this one.
    pub maintenance_course: Option<FollowingCourse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowingCourse {
    pub course_id: CourseId,
    pub start_date: String,
    #[ts(type = "number")]
    pub planned_sessions: i64,
    pub frequency: Frequency,
    pub planned_end: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RiskAt {
    pub level: RiskLevel,
    /// The day of the session whose note recorded it.
    pub on: String,
}

/// The record's part of the summary of `course`, compiled on `today`.
pub fn compile(record: &ClientRecord, course_id: CourseId) -> Result<Compiled> {
    let (index, course) = record
        .courses
        .iter()
        .enumerate()
        .find(|(_, c)| c.id == course_id)
        .ok_or(Error::NotFound { what: "The course" })?;
    let figures = figures(course);
    let end = course
        .fields
        .ended_on
        .clone()
        .or_else(|| figures.last_session.clone())
        .unwrap_or_else(|| record.today.clone());
    let measures = record.measures.get(index).filter(|m| m.course_id == course_id);
    Ok(Compiled {
        compiled_on: record.today.clone(),
        client: identifiers(record),
        formulation: formulation(record, &end),
        measures: measures.map(|m| m.instruments.clone()).unwrap_or_default(),
        tracks: measures.map(|m| m.tracks.clone()).unwrap_or_default(),
        goals: goals(record, course, &end),
        circles: circles(record, course),
        relapse: record.relapse_plans.first().map(|r| RelapseAtEnd {
            version: r.version,
            recorded_at: r.recorded_at.clone(),
            plan: r.fields.clone(),
        }),
        medication: medication(record, course, &end),
        maintenance: maintenance(record, course),
        last_risk: last_risk(record, course),
        crisis_contacts: record.safety_plan.as_ref().and_then(|p| p.fields.professionals.clone()),
        course: figures,
    })
}

fn identifiers(record: &ClientRecord) -> Identifiers {
    let f = &record.client.fields;
    Identifiers {
        client_id: record.client.id,
        full_name: f.full_name.clone(),
        preferred_name: f.preferred_name.clone(),
        date_of_birth: f.date_of_birth.clone(),
        condition_group: f.condition_group,
        diagnosis: f.diagnosis.clone(),
        diagnosis_code: f.diagnosis_code.clone(),
        referral_source: f.referral_source.clone(),
        gp_prescriber: f.gp_prescriber.clone(),
    }
}

fn figures(course: &Course) -> CourseFigures {
    use crate::record::counting::CONCLUSION_SESSIONS;
    let attended = attended_days(course);
    let from = attended.len().saturating_sub(CONCLUSION_SESSIONS as usize + 1);
    let count = |a: Attendance| course.sessions.iter().filter(|s| s.fields.attendance == a).count();
    let first_planned = course
        .changes
        .iter()
        .find(|c| c.kind == CourseChangeKind::PlannedSessions)
        .and_then(|c| c.from_value.as_deref()?.parse().ok());
    CourseFigures {
        course_id: course.id,
        kind: course.fields.kind,
        status: course.fields.status,
        start_date: course.fields.start_date.clone(),
        ended_on: course.fields.ended_on.clone(),
        first_session: attended.first().map(|d| d.to_string()),
        last_session: attended.last().map(|d| d.to_string()),
        conclusion_from: attended.get(from).map(|d| d.to_string()),
        attended: attended.len() as i64,
        planned: course.progress.planned,
        first_planned,
        no_shows: count(Attendance::NoShow) as i64,
        cancellations: count(Attendance::Cancelled) as i64,
        missed_counted: course.progress.missed,
        left: course.progress.left.max(0),
        frequency: course.fields.frequency,
    }
}

/// The formulation version in force at the end of the course.
fn formulation(record: &ClientRecord, end: &str) -> Option<FormulationAtEnd> {
    let f = record
        .formulations
        .iter()
        .find(|f| f.fields.effective_on.as_str() <= end)
        .or_else(|| record.formulations.last())?;
    Some(FormulationAtEnd {
        version: f.version,
        effective_on: f.fields.effective_on.clone(),
        primary_area: f.fields.primary_area,
        secondary_area: f.fields.secondary_area,
        client_statement: f.fields.client_statement.clone(),
        client_agreed: f.fields.client_agreed,
    })
}

fn goals(record: &ClientRecord, course: &Course, end: &str) -> Vec<GoalAtEnd> {
    let start = course.fields.start_date.as_str();
    record
        .goals
        .iter()
        .map(|g| {
            let within: Vec<_> = g
                .ratings
                .iter()
                .filter(|r| r.rated_on.as_str() >= start && r.rated_on.as_str() <= end)
                .collect();
            let rated = |r: &&crate::record::areas::GoalRating| Rated {
                on: r.rated_on.clone(),
                rating: r.rating,
            };
            GoalAtEnd {
                goal_id: g.id,
                area: g.fields.area,
                description: g.fields.description.clone(),
                target_date: g.fields.target_date.clone(),
                status: g.status,
                first_rating: within.first().map(rated),
                last_rating: within.last().map(rated),
            }
        })
        .collect()
}

/// The attended sessions' days, in order.
fn attended_days(course: &Course) -> Vec<&str> {
    let mut days: Vec<&str> = course
        .sessions
        .iter()
        .filter(|s| s.fields.attendance == Attendance::Attended)
        .map(|s| s.fields.held_on.as_str())
        .collect();
    days.sort_unstable();
    days
}

fn circles(record: &ClientRecord, course: &Course) -> Circles {
    use crate::record::counting::{CONCLUSION_SESSIONS, INITIAL_SESSIONS};
    let days = attended_days(course);
    // Intake: by the end of the initial phase (the third attended session), or before the
    // course began.
    let intake_until = days
        .get(INITIAL_SESSIONS as usize - 1)
        .or(days.last())
        .map(|d| d.to_string())
        .unwrap_or_else(|| course.fields.start_date.clone());
    // Conclusion: from the session three before the last attended one.
    let conclusion_from = days
        .len()
        .checked_sub(CONCLUSION_SESSIONS as usize + 1)
        .and_then(|i| days.get(i))
        .map(|d| d.to_string());
    let snapshots = &record.snapshots; // oldest first
    let intake = snapshots.iter().find(|s| s.taken_on <= intake_until).cloned();
    let latest = snapshots.last().filter(|s| intake.as_ref().is_none_or(|i| i.id != s.id));
    let (conclusion, latest_too_early) = match latest {
        Some(s) if conclusion_from.as_deref().is_none_or(|from| s.taken_on.as_str() >= from) => {
            (Some(s.clone()), None)
        }
        Some(s) => (None, Some(s.clone())),
        None => (None, None),
    };
    let changes = match (&intake, &conclusion) {
        (Some(before), Some(after)) => inventory::compare(before, after),
        _ => Vec::new(),
    };
    Circles { intake, conclusion, latest_too_early, changes }
}

fn medication(record: &ClientRecord, course: &Course, end: &str) -> MedicationAtEnd {
    let start = course.fields.start_date.as_str();
    let mut out = MedicationAtEnd::default();
    if let Some(p) = &record.prescriber {
        out.prescriber_name = p.fields.name.clone();
        out.prescriber_contact = p.fields.contact.clone();
        out.consent_to_share = p.fields.consent_to_share;
        out.remitted_combined = p.fields.remitted_combined;
    }
    for m in &record.medications {
        let f = &m.fields;
        let line = MedicationLine {
            name: f.name.clone(),
            dose: f.dose.clone(),
            started_on: f.started_on.clone(),
            stopped_on: f.stopped_on.clone(),
            changes: m
                .changes
                .iter()
                .filter(|c| c.changed_on.as_str() >= start && c.changed_on.as_str() <= end)
                .map(|c| match &c.new_dose {
                    Some(dose) => format!("{}: {} (dose {dose})", c.changed_on, c.description),
                    None => format!("{}: {}", c.changed_on, c.description),
                })
                .collect(),
        };
        match f.stopped_on.as_deref() {
            None => out.current.push(line),
            Some(stopped) if stopped > end => out.current.push(line),
            Some(stopped) if stopped >= start => out.stopped.push(line),
            Some(_) => {}
        }
    }
    out
}

fn maintenance(record: &ClientRecord, course: &Course) -> MaintenanceInRecord {
    let maintenance_course = record
        .courses
        .iter()
        .filter(|c| {
            c.id != course.id
                && c.fields.kind == CourseKind::Maintenance
                && c.fields.start_date >= course.fields.start_date
        })
        .min_by(|a, b| a.fields.start_date.cmp(&b.fields.start_date))
        .map(|c| FollowingCourse {
            course_id: c.id,
            start_date: c.fields.start_date.clone(),
            planned_sessions: c.progress.planned,
            frequency: c.fields.frequency,
            planned_end: c.progress.planned_end.clone(),
        });
    MaintenanceInRecord {
        boosters: course.boosters.as_ref().map(|b| b.fields.clone()),
        maintenance_course: (course.fields.kind != CourseKind::Maintenance)
            .then_some(maintenance_course)
            .flatten(),
    }
}

fn last_risk(record: &ClientRecord, course: &Course) -> Option<RiskAt> {
    course
        .sessions
        .iter()
        .filter_map(|s| {
            let note = record.notes.iter().find(|n| n.session_id == s.id)?;
            note.signed_at.as_ref()?;
            Some(RiskAt { level: note.risk_level, on: s.fields.held_on.clone() })
        })
        .max_by(|a, b| a.on.cmp(&b.on))
}
