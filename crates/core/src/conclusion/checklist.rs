//! What is still missing before a conclusion summary can be signed.
//!
//! Some items block signing. Of those, the ones the record supplies (a final score, the circle
//! at conclusion, the relapse warning signs, the formulation statement) can be set aside with a
//! reason when they cannot be had, as when a client stopped coming before the last sessions;
//! the reason is printed in the summary in their place. What the clinician writes in the
//! summary itself (the gains, the risk at conclusion, the maintenance plan) cannot be set
//! aside. Other items are advice: shown, but they do not stop signing.

use super::compiled::Compiled;
use super::completion::{Completion, MaintenanceChoice};
use crate::record::areas::GoalStatus;
use crate::record::counting::CONCLUSION_SESSIONS;
use crate::record::course::CourseStatus;
use crate::sessions::notes::RiskLevel;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where in the record an item is put right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FixIn {
    /// The summary's own fields.
    Summary,
    Course,
    Notes,
    Measures,
    Inventory,
    Formulation,
    Areas,
    Relapse,
    Medication,
    Settings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChecklistItem {
    /// Stable name of the item: `final:phq9`, `relapse_signs`, `gains` …; a reason set aside
    /// names it.
    pub key: String,
    pub text: String,
    /// Signing waits for it (unless it is set aside with a reason).
    pub blocking: bool,
    /// It may be set aside with a reason.
    pub waivable: bool,
    /// The reason it was set aside, if it was.
    pub waived: Option<String>,
    pub fix_in: FixIn,
}

impl ChecklistItem {
    /// Whether it still stands in the way of signing.
    pub fn stops_signing(&self) -> bool {
        self.blocking && self.waived.is_none()
    }
}

fn blank(t: &Option<String>) -> bool {
    t.as_deref().is_none_or(|t| t.trim().is_empty())
}

/// Everything still missing, blocking items first, in the order of the printed summary.
pub fn check(
    compiled: &Compiled,
    completion: &Completion,
    clinician: Option<&str>,
) -> Vec<ChecklistItem> {
    let mut items = Vec::new();
    let waived =
        |key: &str| completion.waivers.iter().find(|w| w.item == key).map(|w| w.reason.clone());
    let mut from_record = |key: String, text: String, fix_in: FixIn| {
        let waived = waived(&key);
        items.push(ChecklistItem { key, text, blocking: true, waivable: true, waived, fix_in });
    };

    let course = &compiled.course;
    if course.attended == 0 {
        from_record(
            "sessions".into(),
            "No session of this course is recorded as attended.".into(),
            FixIn::Course,
        );
    }
    match &compiled.formulation {
        None => from_record(
            "formulation".into(),
            "No formulation is recorded: the summary names the problem areas and the \
             statement agreed with the client."
                .into(),
            FixIn::Formulation,
        ),
        Some(f) if blank(&f.client_statement) => from_record(
            "formulation".into(),
            "The formulation has no statement for the client.".into(),
            FixIn::Formulation,
        ),
        Some(_) => {}
    }
    if compiled.measures.is_empty() {
        from_record(
            "measures".into(),
            "No measure was given during this course, so no change can be shown.".into(),
            FixIn::Measures,
        );
    }
    // A final score is one given in the last sessions of the course: the conclusion phase.
    let final_from = course.attended - CONCLUSION_SESSIONS;
    for m in &compiled.measures {
        let name = &m.name;
        let key = format!("final:{}", serde_plain(&m.instrument));
        let points = &m.chart.points;
        let latest = points.iter().max_by(|a, b| a.given_on.cmp(&b.given_on));
        match latest {
            None => {}
            Some(_) if points.len() < 2 => from_record(
                key,
                format!("Only one {name} was given: a final score is needed to show change."),
                FixIn::Measures,
            ),
            Some(p) => {
                let late_enough = match p.session_number {
                    Some(n) => n >= final_from,
                    None => course
                        .conclusion_from
                        .as_deref()
                        .is_none_or(|from| p.given_on.as_str() >= from),
                };
                if !late_enough {
                    let when = match p.session_number {
                        Some(n) => format!("at session {n}"),
                        None => format!("on {}", p.given_on),
                    };
                    from_record(
                        key,
                        format!("No final {name}: the last one was given {when}."),
                        FixIn::Measures,
                    );
                }
            }
        }
    }
    let c = &compiled.circles;
    if c.intake.is_none() {
        from_record(
            "circle_intake".into(),
            "No closeness circle from the start of the course to compare with.".into(),
            FixIn::Inventory,
        );
    }
    if c.conclusion.is_none() {
        let text = match &c.latest_too_early {
            Some(s) => format!(
                "No closeness circle at conclusion: the latest was taken on {}, before the \
                 last sessions.",
                s.taken_on
            ),
            None => "No closeness circle at conclusion to set beside the one at intake.".into(),
        };
        from_record("circle_conclusion".into(), text, FixIn::Inventory);
    }
    match &compiled.relapse {
        None => from_record(
            "relapse_signs".into(),
            "Relapse warning signs are not recorded.".into(),
            FixIn::Relapse,
        ),
        Some(r) => {
            if blank(&r.plan.warning_signs) {
                from_record(
                    "relapse_signs".into(),
                    "Relapse warning signs are not recorded.".into(),
                    FixIn::Relapse,
                );
            }
            if blank(&r.plan.what_to_do) {
                from_record(
                    "relapse_what_to_do".into(),
                    "The relapse plan does not say what to do if the signs appear.".into(),
                    FixIn::Relapse,
                );
            }
            if blank(&r.plan.whom_to_contact) {
                from_record(
                    "relapse_contacts".into(),
                    "The relapse plan does not say whom to contact.".into(),
                    FixIn::Relapse,
                );
            }
        }
    }

    let mut required = |key: &str, text: String, fix_in: FixIn| {
        items.push(ChecklistItem {
            key: key.into(),
            text,
            blocking: true,
            waivable: false,
            waived: None,
            fix_in,
        });
    };
    if blank(&completion.gains) {
        required(
            "gains",
            "The gains, in the client's own words, are not written.".into(),
            FixIn::Summary,
        );
    }
    match completion.risk_level {
        None => required("risk", "Risk at conclusion is not recorded.".into(), FixIn::Summary),
        Some(RiskLevel::NotAsked) if blank(&completion.risk_notes) => {
            required("risk", "Risk at conclusion was not assessed: say why.".into(), FixIn::Summary)
        }
        Some(level) if level.is_raised() && blank(&completion.risk_notes) => required(
            "risk",
            "Risk at conclusion is raised: record what the assessment found and what was done."
                .into(),
            FixIn::Summary,
        ),
        Some(_) => {}
    }
    match completion.maintenance {
        None => required(
            "maintenance",
            "The maintenance plan is not chosen: none, booster sessions or maintenance IPT.".into(),
            FixIn::Summary,
        ),
        Some(MaintenanceChoice::Boosters)
            if compiled.maintenance.boosters.as_ref().is_none_or(|b| b.dates.is_empty()) =>
        {
            required(
                "maintenance",
                "Booster sessions are chosen but none is dated: agree them on the Course tab."
                    .into(),
                FixIn::Course,
            )
        }
        Some(MaintenanceChoice::MaintenanceIpt)
            if compiled.maintenance.maintenance_course.is_none()
                && (completion.maintenance_frequency.is_none()
                    || completion.maintenance_months.is_none()) =>
        {
            required(
                "maintenance",
                "Maintenance IPT is chosen: give how often and for how many months.".into(),
                FixIn::Summary,
            )
        }
        Some(_) => {}
    }
    if !compiled.medication.current.is_empty() && blank(&completion.medication_handover) {
        required(
            "medication_handover",
            "The client is taking medication: say what was handed over to the prescriber.".into(),
            FixIn::Summary,
        );
    }
    if clinician.is_none_or(|c| c.trim().is_empty()) {
        required(
            "clinician_name",
            "Your name for the signature line is not set (Settings, Documents).".into(),
            FixIn::Settings,
        );
    }

    let mut advice = |key: String, text: String, fix_in: FixIn| {
        items.push(ChecklistItem {
            key,
            text,
            blocking: false,
            waivable: false,
            waived: None,
            fix_in,
        });
    };
    if course.status == CourseStatus::Active && course.left > 0 {
        advice(
            "course_active".into(),
            format!(
                "The course is still active with {} of {} sessions left.",
                course.left, course.planned
            ),
            FixIn::Course,
        );
    }
    for g in &compiled.goals {
        if matches!(g.status, GoalStatus::NotStarted | GoalStatus::InProgress) {
            advice(
                format!("goal:{}", g.goal_id),
                format!(
                    "The goal “{}” is still marked as {}.",
                    g.description,
                    match g.status {
                        GoalStatus::NotStarted => "not started",
                        _ => "in progress",
                    }
                ),
                FixIn::Areas,
            );
        }
    }
    for (key, field, what) in [
        ("skills", &completion.skills, "The skills learned are not written."),
        (
            "protective_factors",
            &completion.protective_factors,
            "Protective factors are not written.",
        ),
        (
            "referrals",
            &completion.referrals,
            "Referrals are not recorded (write “none” if there are none).",
        ),
        ("client_feedback", &completion.client_feedback, "The client's feedback is not recorded."),
    ] {
        if blank(field) {
            advice(key.into(), what.into(), FixIn::Summary);
        }
    }
    items
}

/// The serde name of a unit enum value (`phq9` for PHQ-9).
fn serde_plain<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
