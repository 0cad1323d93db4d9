//! The conclusion summary of a course: what the record gave (frozen at signing for a signed
//! summary), what the clinician wrote, the items set aside with their reasons, the dated
//! amendments, and the signature block. A draft prints marked as a draft.

use crate::circle::{CircleDrawing, LegendMark, circle};
use crate::date::{long_date, long_date_of_time};
use crate::error::Result;
use crate::frame::{Frame, FrameData, field, text};
use crate::plot::Plot;
use crate::progress_report::{ScoreRow, plots, score_rows};
use crate::words;
use crate::world::Template;
use crate::{Typeset, typeset};
use rapport_core::{
    CircleChangeKind, Compiled, ConclusionSummary, CourseStatus, MaintenanceChoice, RiskLevel,
    SummarySection,
};
use serde::Serialize;

/// The document's name, as errors and the header give it.
pub const CONCLUSION_SUMMARY: &str = "conclusion summary";

type Fact = (String, Option<String>);

fn fact(label: &str, value: Option<String>) -> Fact {
    (label.to_string(), value)
}

#[derive(Serialize)]
struct Side {
    caption: String,
    date: String,
    drawing: CircleDrawing,
}

#[derive(Serialize)]
struct Circles {
    intake: Option<Side>,
    conclusion: Option<Side>,
    legend: Vec<LegendMark>,
    changes: Vec<String>,
}

#[derive(Serialize)]
struct GoalRow {
    description: String,
    area: &'static str,
    status: &'static str,
    ratings: Option<String>,
}

#[derive(Serialize)]
struct Written {
    heading: &'static str,
    text: Option<String>,
}

#[derive(Serialize)]
struct SetAside {
    item: String,
    reason: String,
}

#[derive(Serialize)]
struct Amendment {
    section: &'static str,
    made: String,
    text: String,
    reason: String,
}

#[derive(Serialize)]
struct Data {
    frame: FrameData,
    subtitle: String,
    /// "Signed by … on …", or that it is a draft.
    state: String,
    draft: bool,
    client: Vec<Fact>,
    course: Vec<Fact>,
    focus: Vec<Fact>,
    statement: Option<String>,
    scores: Vec<ScoreRow>,
    charts: Vec<Plot>,
    goals: Vec<GoalRow>,
    circles: Circles,
    gains: Option<String>,
    skills: Option<String>,
    relapse: Vec<Written>,
    contacts: Vec<Fact>,
    maintenance: Vec<Fact>,
    medication: Vec<Fact>,
    risk: Vec<Fact>,
    referrals: Option<String>,
    feedback: Option<String>,
    set_aside: Vec<SetAside>,
    amendments: Vec<Amendment>,
    clinician: Option<String>,
    signed_on: Option<String>,
}

fn risk_words(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::NotAsked => "Not assessed",
        RiskLevel::NoConcerns => "No concerns",
        RiskLevel::Low => "Low",
        RiskLevel::Moderate => "Moderate",
        RiskLevel::High => "High",
    }
}

fn section_words(section: SummarySection) -> &'static str {
    match section {
        SummarySection::Record => "What the record showed",
        SummarySection::Gains => "Gains",
        SummarySection::Skills => "Skills learned",
        SummarySection::Risk => "Risk at conclusion",
        SummarySection::Maintenance => "Maintenance plan",
        SummarySection::Medication => "Medication and hand-over",
        SummarySection::Referrals => "Referrals",
        SummarySection::Feedback => "Client feedback",
    }
}

/// A checklist item's name in words, for the list of what was set aside.
fn item_words(key: &str, compiled: &Compiled) -> String {
    if let Some(instrument) = key.strip_prefix("final:") {
        let name = compiled
            .measures
            .iter()
            .find(|m| serde_json::to_value(m.instrument).is_ok_and(|v| v == instrument))
            .map_or_else(|| instrument.to_uppercase(), |m| m.name.clone());
        return format!("Final {name}");
    }
    match key {
        "sessions" => "Sessions attended",
        "formulation" => "Formulation statement",
        "measures" => "Measures",
        "circle_intake" => "Closeness circle at intake",
        "circle_conclusion" => "Closeness circle at conclusion",
        "relapse_signs" => "Relapse warning signs",
        "relapse_what_to_do" => "What to do if the signs appear",
        "relapse_contacts" => "Whom to contact",
        other => other,
    }
    .to_string()
}

fn course_facts(c: &Compiled) -> Vec<Fact> {
    let f = &c.course;
    let mut planned = format!("{}", f.planned);
    if let Some(first) = f.first_planned.filter(|first| *first != f.planned) {
        planned.push_str(&format!(" (agreed at the start: {first})"));
    }
    let missed = match (f.no_shows, f.cancellations) {
        (0, 0) => "None".to_string(),
        (n, c) => format!(
            "{} ({} without notice, {} cancelled with notice; {} used up the plan)",
            n + c,
            n,
            c,
            f.missed_counted
        ),
    };
    let status = match (f.status, &f.ended_on) {
        (CourseStatus::Active, _) => "Still active".to_string(),
        (status, Some(on)) => format!("{} on {}", words::course_status(status), long_date(on)),
        (status, None) => words::course_status(status).to_string(),
    };
    vec![
        fact(
            "Course",
            Some(format!(
                "{}, {}",
                words::course_kind(f.kind),
                words::frequency(f.frequency).to_lowercase()
            )),
        ),
        fact("First session", f.first_session.as_deref().map(long_date)),
        fact("Last session", f.last_session.as_deref().map(long_date)),
        fact("Sessions attended", Some(f.attended.to_string())),
        fact("Sessions planned", Some(planned)),
        fact("Sessions missed", Some(missed)),
        fact("Status", Some(status)),
    ]
}

fn circles(c: &Compiled, centre: &str) -> Circles {
    let side = |s: &rapport_core::Snapshot, caption: &str| Side {
        caption: caption.to_string(),
        date: long_date(&s.taken_on),
        drawing: circle(s, centre),
    };
    let intake = c.circles.intake.as_ref().map(|s| side(s, "At intake"));
    let conclusion = c.circles.conclusion.as_ref().map(|s| side(s, "At conclusion"));
    let mut legend: Vec<LegendMark> = Vec::new();
    for s in intake.iter().chain(conclusion.iter()) {
        for mark in &s.drawing.legend {
            if !legend.iter().any(|m| m.label == mark.label) {
                legend.push(mark.clone());
            }
        }
    }
    let ring = |r: Option<i64>| r.map_or_else(|| "?".into(), |r| r.to_string());
    let changes = c
        .circles
        .changes
        .iter()
        .filter(|ch| ch.kind != CircleChangeKind::Unchanged)
        .map(|ch| {
            let label = words::circle_change(ch.kind);
            let what = match ch.kind {
                CircleChangeKind::Added => format!("{label} on ring {}", ring(ch.to_ring)),
                CircleChangeKind::Removed => format!("{label} (was ring {})", ring(ch.from_ring)),
                _ => format!("{label}: ring {} \u{2192} {}", ring(ch.from_ring), ring(ch.to_ring)),
            };
            format!("{}: {what}", text(&ch.name))
        })
        .collect();
    Circles { intake, conclusion, legend, changes }
}

pub(crate) fn maintenance(s: &ConclusionSummary) -> Vec<Fact> {
    let c = &s.compiled;
    let w = &s.completion;
    let mut out = Vec::new();
    let plan = match w.maintenance {
        None => None,
        Some(MaintenanceChoice::None) => Some("None planned".to_string()),
        Some(MaintenanceChoice::Boosters) => Some(match &c.maintenance.boosters {
            Some(b) if !b.dates.is_empty() => format!(
                "Booster sessions on {}",
                b.dates.iter().map(|d| long_date(d)).collect::<Vec<_>>().join(", ")
            ),
            _ => "Booster sessions (dates not yet agreed)".to_string(),
        }),
        Some(MaintenanceChoice::MaintenanceIpt) => Some(match &c.maintenance.maintenance_course {
            Some(m) => format!(
                "Maintenance IPT from {}: {} sessions, {}, planned to end {}",
                long_date(&m.start_date),
                m.planned_sessions,
                words::frequency(m.frequency).to_lowercase(),
                long_date(&m.planned_end)
            ),
            None => format!(
                "Maintenance IPT: {} for {}",
                w.maintenance_frequency
                    .map_or("frequency to agree", |f| words::frequency(f))
                    .to_lowercase(),
                w.maintenance_months.map_or_else(
                    || "months to agree".into(),
                    |m| words::count(m, "month", "months")
                )
            ),
        }),
    };
    out.push(fact("Plan", plan));
    if let Some(b) = &c.maintenance.boosters
        && let Some(note) = field(&b.note)
    {
        out.push(fact("Agreed for the boosters", Some(note)));
    }
    if let Some(note) = field(&w.maintenance_note) {
        out.push(fact("Notes", Some(note)));
    }
    out
}

fn medication(s: &ConclusionSummary) -> Vec<Fact> {
    let m = &s.compiled.medication;
    let line = |l: &rapport_core::MedicationLine| {
        let mut words = text(&l.name);
        if let Some(d) = field(&l.dose) {
            words.push_str(&format!(", {d}"));
        }
        if let Some(on) = &l.started_on {
            words.push_str(&format!(", since {}", long_date(on)));
        }
        if let Some(on) = &l.stopped_on {
            words.push_str(&format!(", stopped {}", long_date(on)));
        }
        for change in &l.changes {
            words.push_str(&format!("\n{}", text(change)));
        }
        words
    };
    let list = |lines: &[rapport_core::MedicationLine]| {
        (!lines.is_empty()).then(|| lines.iter().map(line).collect::<Vec<_>>().join("\n"))
    };
    let mut out =
        vec![fact("Taking at the end", list(&m.current).or_else(|| Some("None recorded".into())))];
    if !m.stopped.is_empty() {
        out.push(fact("Stopped during the course", list(&m.stopped)));
    }
    let prescriber = match (field(&m.prescriber_name), field(&m.prescriber_contact)) {
        (Some(n), Some(c)) => Some(format!("{n}, {c}")),
        (n, c) => n.or(c),
    };
    out.push(fact("Prescriber", prescriber));
    if let Some(consent) = m.consent_to_share {
        out.push(fact("Consent to share", Some(if consent { "Yes" } else { "No" }.into())));
    }
    if m.remitted_combined {
        out.push(fact(
            "Note",
            Some(
                "Remitted with medication alongside IPT: weigh this in the maintenance plan."
                    .into(),
            ),
        ));
    }
    out.push(fact("Hand-over to the prescriber", field(&s.completion.medication_handover)));
    out
}

/// The conclusion summary `summary`, laid out on `frame`. `centre` is what the middle of each
/// closeness circle says (the client's first name).
pub fn conclusion_summary(
    frame: &Frame,
    summary: &ConclusionSummary,
    centre: &str,
) -> Result<Typeset> {
    let day = frame.day(CONCLUSION_SUMMARY)?;
    let c = &summary.compiled;
    let w = &summary.completion;
    let id = &c.client;
    let name = match field(&id.preferred_name) {
        Some(p) if p != text(&id.full_name) => format!("{} (known as {p})", text(&id.full_name)),
        _ => text(&id.full_name),
    };
    let diagnosis = match (field(&id.diagnosis), field(&id.diagnosis_code)) {
        (Some(d), Some(code)) => Some(format!("{d} ({code})")),
        (d, code) => d.or(code),
    };
    let areas = c.formulation.as_ref().and_then(|f| {
        let primary = words::problem_area(f.primary_area?);
        Some(match f.secondary_area {
            Some(s) => format!("{primary}; secondary: {}", words::problem_area(s).to_lowercase()),
            None => primary.to_string(),
        })
    });
    let state = match (&summary.signed_at, &summary.clinician_name) {
        (Some(at), Some(by)) => format!("Signed by {} on {}", text(by), long_date_of_time(at)),
        (Some(at), None) => format!("Signed on {}", long_date_of_time(at)),
        (None, _) => "Draft: not signed".to_string(),
    };
    let relapse = c.relapse.as_ref().map(|r| &r.plan);
    let written =
        |heading, value: Option<&Option<String>>| Written { heading, text: value.and_then(field) };
    let mut contacts = Vec::new();
    if let Some(p) = field(&c.medication.prescriber_name) {
        contacts.push(fact("Prescriber", Some(p)));
    }
    if let Some(gp) = field(&id.gp_prescriber) {
        contacts.push(fact("GP", Some(gp)));
    }
    if let Some(crisis) = field(&c.crisis_contacts) {
        contacts.push(fact("Professionals and crisis lines", Some(crisis)));
    }
    let mut risk =
        vec![fact("Risk at conclusion", w.risk_level.map(|l| risk_words(l).to_string()))];
    if let Some(notes) = field(&w.risk_notes) {
        risk.push(fact("What the assessment found", Some(notes)));
    }
    if let Some(last) = &c.last_risk {
        risk.push(fact(
            "Last session's risk check",
            Some(format!("{} ({})", risk_words(last.level), long_date(&last.on))),
        ));
    }
    risk.push(fact("Protective factors", field(&w.protective_factors)));
    let data = Data {
        frame: frame.data("Conclusion summary", day),
        subtitle: format!(
            "{} · {} from {}",
            text(&id.full_name),
            words::course_kind(c.course.kind),
            long_date(&c.course.start_date)
        ),
        state,
        draft: summary.signed_at.is_none(),
        client: vec![
            fact("Name", Some(name)),
            fact("Record number", Some(id.client_id.to_string())),
            fact("Date of birth", id.date_of_birth.as_deref().map(long_date)),
            fact("Referred by", field(&id.referral_source)),
            fact("Seen for", Some(words::condition_group(id.condition_group).to_string())),
            fact("Diagnosis", diagnosis),
        ],
        course: course_facts(c),
        focus: vec![
            fact("Problem area", areas),
            fact(
                "Formulation agreed",
                c.formulation.as_ref().map(|f| {
                    let agreed = match f.client_agreed {
                        Some(true) => ", agreed with the client",
                        Some(false) => ", not agreed by the client",
                        None => "",
                    };
                    format!("Version {} of {}{agreed}", f.version, long_date(&f.effective_on))
                }),
            ),
        ],
        statement: c.formulation.as_ref().and_then(|f| field(&f.client_statement)),
        scores: score_rows(&c.measures),
        charts: plots(CONCLUSION_SUMMARY, &c.measures, &c.tracks)?,
        goals: c
            .goals
            .iter()
            .map(|g| GoalRow {
                description: text(&g.description),
                area: words::problem_area(g.area),
                status: words::goal_status(g.status),
                ratings: match (&g.first_rating, &g.last_rating) {
                    (Some(a), Some(b)) if a.on != b.on => {
                        Some(format!("rated {} then {} of 10", a.rating, b.rating))
                    }
                    (_, Some(b)) => Some(format!("rated {} of 10", b.rating)),
                    _ => None,
                },
            })
            .collect(),
        circles: circles(c, centre),
        gains: field(&w.gains),
        skills: field(&w.skills),
        relapse: vec![
            written("Early warning signs", relapse.map(|r| &r.warning_signs)),
            written("What to do if they appear", relapse.map(|r| &r.what_to_do)),
            written("Whom to contact", relapse.map(|r| &r.whom_to_contact)),
        ],
        contacts,
        maintenance: maintenance(summary),
        medication: medication(summary),
        risk,
        referrals: field(&w.referrals),
        feedback: field(&w.client_feedback),
        set_aside: w
            .waivers
            .iter()
            .filter(|wv| {
                summary.signed_at.is_some() || summary.checklist.iter().any(|i| i.key == wv.item)
            })
            .map(|wv| SetAside { item: item_words(&wv.item, c), reason: text(&wv.reason) })
            .collect(),
        amendments: summary
            .amendments
            .iter()
            .map(|a| Amendment {
                section: section_words(a.section),
                made: long_date_of_time(&a.made_at),
                text: text(&a.text),
                reason: text(&a.reason),
            })
            .collect(),
        clinician: summary.clinician_name.as_deref().and_then(crate::frame::opt_text),
        signed_on: summary.signed_at.as_deref().map(long_date_of_time),
    };
    typeset(CONCLUSION_SUMMARY, Template::ConclusionSummary, day, &data)
}
