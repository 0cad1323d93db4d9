//! The progress report for a referrer or a prescriber: one course of one client, in the
//! sections the clinician chose. Everything comes from the client's record as the app reads
//! it (`ClientRecord`), which holds no private process note, so none can be printed.

use crate::date::long_date;
use crate::error::{Error, Result};
use crate::frame::{Frame, FrameData, field, text};
use crate::plot::{Plot, TrackChartModel, progress_plot, track_plot};
use crate::words;
use crate::world::Template;
use crate::{Typeset, typeset};
use rapport_core::{
    ClientRecord, Course, CourseId, CourseKind, CourseMeasures, CourseStatus, InstrumentProgress,
    Progress, TrackChart,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The document's name, as errors and the header give it.
pub const PROGRESS_REPORT: &str = "progress report";

/// The sections of a progress report, each chosen by the clinician.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProgressSections {
    /// Name, date of birth, who referred, the condition and the problem area worked on.
    pub identifiers: bool,
    /// The course so far: session N of M, phase, dates, sessions attended and missed.
    pub course: bool,
    /// For each measure, the first score against the latest, the change, and each outcome
    /// with the rule it applies.
    pub scores: bool,
    /// The measures' charts, goal ratings and social contacts over the course.
    pub charts: bool,
    /// The goals and where each stands.
    pub goals: bool,
    /// The prescriber, consent to share, and the medication.
    pub medication: bool,
    /// The covering note the clinician writes for this report.
    pub covering_note: bool,
}

impl Default for ProgressSections {
    fn default() -> Self {
        ProgressSections {
            identifiers: true,
            course: true,
            scores: true,
            charts: true,
            goals: true,
            medication: true,
            covering_note: true,
        }
    }
}

/// A label and its value, as the template's `facts` lays them out.
type Fact = (String, Option<String>);

fn fact(label: &str, value: Option<String>) -> Fact {
    (label.to_string(), value)
}

#[derive(Serialize)]
pub(crate) struct Finding {
    label: String,
    verdict: &'static str,
    detail: String,
    rule: String,
}

#[derive(Serialize)]
pub(crate) struct ScoreRow {
    name: String,
    first: String,
    first_on: Option<String>,
    latest: Option<String>,
    latest_on: Option<String>,
    change: Option<String>,
    findings: Vec<Finding>,
    note: Option<String>,
}

#[derive(Serialize)]
struct GoalRow {
    description: String,
    area: &'static str,
    status: &'static str,
    target: Option<String>,
    rating: Option<String>,
}

#[derive(Serialize)]
struct MedicationRow {
    name: String,
    dose: Option<String>,
    started: Option<String>,
    stopped: Option<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct Medication {
    prescriber: Vec<Fact>,
    rows: Vec<MedicationRow>,
}

#[derive(Serialize)]
struct Data {
    frame: FrameData,
    subtitle: String,
    covering_note: Option<String>,
    identifiers: Option<Vec<Fact>>,
    course: Option<Vec<Fact>>,
    scores: Option<Vec<ScoreRow>>,
    charts: Option<Vec<Plot>>,
    goals: Option<Vec<GoalRow>>,
    medication: Option<Medication>,
    clinician: Option<String>,
}

/// A progress report on course `course` of `record`, with the chosen `sections`. The covering
/// note is printed first when that section is chosen and the note has text.
pub fn progress_report(
    frame: &Frame,
    record: &ClientRecord,
    course: CourseId,
    sections: &ProgressSections,
    covering_note: Option<&str>,
) -> Result<Typeset> {
    let day = frame.day(PROGRESS_REPORT)?;
    let invalid = |reason: String| Error::Invalid { document: PROGRESS_REPORT, reason };
    let c = record
        .courses
        .iter()
        .find(|c| c.id == course)
        .ok_or_else(|| invalid(format!("the client's record has no course {course}")))?;
    let measures = record.measures.iter().find(|m| m.course_id == course);
    let note =
        if sections.covering_note { covering_note.and_then(crate::frame::opt_text) } else { None };
    let chosen = [
        sections.identifiers,
        sections.course,
        sections.scores,
        sections.charts,
        sections.goals,
        sections.medication,
        note.is_some(),
    ];
    if !chosen.iter().any(|c| *c) {
        return Err(invalid("no section was chosen, so the report would be empty".into()));
    }
    let data = Data {
        frame: frame.data("Progress report", day),
        subtitle: format!(
            "{} · {} from {}",
            text(&record.client.fields.full_name),
            words::course_kind(c.fields.kind),
            long_date(&c.fields.start_date)
        ),
        covering_note: note,
        identifiers: sections.identifiers.then(|| identifiers(record)),
        course: sections.course.then(|| course_facts(c)),
        scores: sections.scores.then(|| scores(measures)),
        charts: if sections.charts { Some(charts(measures)?) } else { None },
        goals: sections.goals.then(|| goals(record)),
        medication: sections.medication.then(|| medication(record)),
        clinician: frame.clinician_name.as_deref().and_then(crate::frame::opt_text),
    };
    typeset(PROGRESS_REPORT, Template::ProgressReport, day, &data)
}

pub(crate) fn identifiers(record: &ClientRecord) -> Vec<Fact> {
    let f = &record.client.fields;
    let name = match field(&f.preferred_name) {
        Some(p) if p != text(&f.full_name) => format!("{} (known as {p})", text(&f.full_name)),
        _ => text(&f.full_name),
    };
    let mut seen_for = words::condition_group(f.condition_group).to_string();
    if let Some(stage) = f.perinatal_stage {
        let stage = match stage {
            rapport_core::PerinatalStage::Pregnant => "pregnant",
            rapport_core::PerinatalStage::Postpartum => "postpartum",
        };
        seen_for.push_str(&format!(" ({stage})"));
    }
    let diagnosis = match (field(&f.diagnosis), field(&f.diagnosis_code)) {
        (Some(d), Some(code)) => Some(format!("{d} ({code})")),
        (Some(d), None) => Some(d),
        (None, Some(code)) => Some(code),
        (None, None) => None,
    };
    // The problem area of the formulation in force (newest version first).
    let areas = record.formulations.first().and_then(|v| {
        let primary = v.fields.primary_area?;
        Some(match v.fields.secondary_area {
            Some(s) => format!(
                "{} (secondary: {})",
                words::problem_area(primary),
                words::problem_area(s).to_lowercase()
            ),
            None => words::problem_area(primary).to_string(),
        })
    });
    let mut out = vec![
        fact("Name", Some(name)),
        fact("Date of birth", f.date_of_birth.as_deref().map(long_date)),
    ];
    if let Some(p) = field(&f.pronouns) {
        out.push(fact("Pronouns", Some(p)));
    }
    out.extend([
        fact("Referred by", field(&f.referral_source)),
        fact("GP / prescriber", field(&f.gp_prescriber)),
        fact("Seen for", Some(seen_for)),
        fact("Working diagnosis", diagnosis),
        fact("Presenting problem", field(&f.presenting_problem)),
        fact("IPT problem area", areas),
    ]);
    out
}

/// "Next: session 9 of 16 · 5 left, 2 missed", as the app's `progress.ts` words it.
fn where_it_stands(p: &Progress) -> String {
    let head = if p.held_today {
        format!("Session {} (today)", p.current)
    } else if p.current > p.held {
        format!("Next: session {}", p.current)
    } else {
        format!("Last held: session {}", p.current)
    };
    let mut counts = Vec::new();
    counts.push(if p.left == 0 { "none left".to_string() } else { format!("{} left", p.left) });
    if p.missed > 0 {
        counts.push(format!("{} missed", p.missed));
    }
    format!("{head} of {} · {}", p.planned, counts.join(", "))
}

fn course_facts(c: &Course) -> Vec<Fact> {
    let p = &c.progress;
    let f = &c.fields;
    let status = match (f.status, &f.ended_on) {
        (CourseStatus::Active, _) => words::course_status(f.status).to_string(),
        (status, Some(on)) => format!("{} on {}", words::course_status(status), long_date(on)),
        (status, None) => words::course_status(status).to_string(),
    };
    let mut phase = words::phase(p.phase).to_string();
    if p.phase_overridden {
        phase.push_str(&format!(
            " (set by the clinician; the count and the calendar give: {})",
            words::phase(p.derived_phase).to_lowercase()
        ));
    }
    let mut attendance = format!("{} attended", p.held);
    attendance.push_str(&format!(", {} missed", p.missed));
    if p.rebooked > 0 {
        attendance.push_str(&format!(" (and {} missed and rebooked)", p.rebooked));
    }
    let mut out = vec![
        fact(
            "Course",
            Some(format!(
                "{}, {}, {}-minute sessions",
                words::course_kind(f.kind),
                words::frequency(f.frequency).to_lowercase(),
                f.session_minutes
            )),
        ),
        fact("Started", Some(long_date(&f.start_date))),
        fact("Status", Some(status)),
        fact("Where it stands", Some(where_it_stands(p))),
        fact("Sessions", Some(attendance)),
        fact("Phase", Some(phase)),
    ];
    if f.kind == CourseKind::Maintenance
        && let Some(every) = p.review_every
    {
        let next = if p.review_due {
            "review at this session".to_string()
        } else {
            p.next_review.map_or_else(String::new, |n| format!("; next review at session {n}"))
        };
        out.push(fact("Reviews", Some(format!("Every {every} sessions{next}"))));
    }
    let mut end = long_date(&p.planned_end);
    if p.past_planned_end && f.status == CourseStatus::Active {
        end.push_str(" (passed)");
    }
    out.push(fact("Planned end", Some(end)));
    let changes: Vec<String> = c
        .changes
        .iter()
        .filter(|ch| is_planned_sessions(&ch.kind))
        .map(|ch| {
            format!(
                "{}: from {} to {} sessions. {}",
                long_date(&ch.changed_on),
                ch.from_value.as_deref().unwrap_or("?"),
                ch.to_value.as_deref().unwrap_or("?"),
                text(&ch.reason)
            )
        })
        .collect();
    if !changes.is_empty() {
        out.push(fact("Plan renegotiated", Some(changes.join("\n"))));
    }
    if f.status == CourseStatus::Active
        && let Some(next) = &p.next_appointment
    {
        let at = next.start_time.as_deref().map(|t| format!(" at {t}")).unwrap_or_default();
        out.push(fact("Next appointment", Some(format!("{}{at}", long_date(&next.date)))));
    }
    if !c.measure_plan_words.trim().is_empty() {
        out.push(fact("Measures", Some(text(&c.measure_plan_words))));
    }
    out
}

/// Whether a course change renegotiated the planned sessions. The change's kind is read by
/// its serde name, the name the app sees: the core does not export the kind's type.
fn is_planned_sessions(kind: &impl Serialize) -> bool {
    serde_json::to_value(kind).is_ok_and(|v| v == "planned_sessions")
}

fn band(value: &str, band: &Option<String>) -> String {
    match band {
        Some(b) => format!("{value} ({b})"),
        None => value.to_string(),
    }
}

fn scores(measures: Option<&CourseMeasures>) -> Vec<ScoreRow> {
    measures.map(|m| score_rows(&m.instruments)).unwrap_or_default()
}

/// For each instrument given, its first score against its latest, the change, and each
/// outcome with the rule it applies.
pub(crate) fn score_rows(instruments: &[InstrumentProgress]) -> Vec<ScoreRow> {
    instruments
        .iter()
        .filter(|i| !i.chart.points.is_empty())
        .map(|i| {
            let first = i.chart.points.first();
            let last = i.chart.points.last();
            let incomplete = (i.incomplete > 0).then(|| {
                format!(
                    "{} left incomplete, not counted.",
                    words::count(i.incomplete as i64, "form", "forms")
                )
            });
            match &i.outcome {
                Some(o) => ScoreRow {
                    name: i.name.clone(),
                    first: band(&o.baseline_text, &o.baseline_band),
                    first_on: first.map(|p| long_date(&p.given_on)),
                    latest: Some(band(&o.latest_text, &o.latest_band)),
                    latest_on: last.map(|p| long_date(&p.given_on)),
                    change: Some(o.change_text.clone()),
                    findings: o
                        .findings
                        .iter()
                        .map(|f| Finding {
                            label: f.label.clone(),
                            verdict: words::verdict(f.verdict),
                            detail: f.detail.clone(),
                            rule: f.rule.clone(),
                        })
                        .collect(),
                    note: incomplete,
                },
                None => ScoreRow {
                    name: i.name.clone(),
                    first: first.map(|p| band(&p.value_text, &p.band)).unwrap_or_default(),
                    first_on: first.map(|p| long_date(&p.given_on)),
                    latest: None,
                    latest_on: None,
                    change: None,
                    findings: Vec::new(),
                    note: Some(
                        ["Given once so far: no change to report yet.".to_string()]
                            .into_iter()
                            .chain(incomplete)
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                },
            }
        })
        .collect()
}

fn charts(measures: Option<&CourseMeasures>) -> Result<Vec<Plot>> {
    let Some(measures) = measures else { return Ok(Vec::new()) };
    plots(PROGRESS_REPORT, &measures.instruments, &measures.tracks)
}

/// Each instrument's chart, then the goal ratings and social contacts.
pub(crate) fn plots(
    document: &'static str,
    instruments: &[InstrumentProgress],
    tracks: &[TrackChart],
) -> Result<Vec<Plot>> {
    let mut out: Vec<Plot> = instruments
        .iter()
        .filter(|i| !i.chart.points.is_empty())
        .map(|i| progress_plot(&i.chart))
        .collect();
    let tracks: Vec<TrackChartModel> = serde_json::to_value(tracks)
        .and_then(serde_json::from_value)
        .map_err(|e| Error::Invalid {
            document,
            reason: format!("the goal ratings and contacts could not be read ({e})"),
        })?;
    out.extend(tracks.iter().map(track_plot));
    Ok(out)
}

fn goals(record: &ClientRecord) -> Vec<GoalRow> {
    record
        .goals
        .iter()
        .map(|g| GoalRow {
            description: text(&g.fields.description),
            area: words::problem_area(g.fields.area),
            status: words::goal_status(g.status),
            target: g.fields.target_date.as_deref().map(long_date),
            rating: g
                .ratings
                .last()
                .map(|r| format!("{} of 10 on {}", r.rating, long_date(&r.rated_on))),
        })
        .collect()
}

/// Whether the client agreed to share with the prescriber, and when.
pub(crate) fn consent(f: &rapport_core::PrescriberInput) -> String {
    match (f.consent_to_share, &f.consent_on) {
        (Some(true), Some(on)) => format!("Yes, given {}", long_date(on)),
        (Some(true), None) => "Yes".to_string(),
        (Some(false), _) => "No".to_string(),
        (None, _) => "Not asked yet".to_string(),
    }
}

fn medication(record: &ClientRecord) -> Medication {
    let mut prescriber = Vec::new();
    if let Some(p) = &record.prescriber {
        let f = &p.fields;
        prescriber.push(fact("Prescriber", field(&f.name)));
        prescriber.push(fact("Contact", field(&f.contact)));
        prescriber.push(fact("Consent to share with the prescriber", Some(consent(f))));
    }
    let rows = record
        .medications
        .iter()
        .map(|m| {
            let f = &m.fields;
            let mut notes = Vec::new();
            if let Some(a) = field(&f.adherence) {
                notes.push(format!("Taking it: {a}"));
            }
            if let Some(s) = field(&f.side_effects) {
                notes.push(format!("Side effects: {s}"));
            }
            MedicationRow {
                name: text(&f.name),
                dose: field(&f.dose),
                started: f.started_on.as_deref().map(long_date),
                stopped: f.stopped_on.as_deref().map(long_date),
                notes,
            }
        })
        .collect();
    Medication { prescriber, rows }
}
