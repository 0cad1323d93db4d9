//! Conclusion summaries in the sample practice: signed for courses that ended, a draft for
//! some courses at their conclusion, and none yet for others, so every state can be seen.
//! Everything goes through the same functions as the app; a summary whose checklist still
//! asks for something the sample record lacks stays a draft.

use crate::casefile;
use crate::clock::Clock;
use crate::conclusion::{self, Completion, MaintenanceChoice, SummarySection};
use crate::error::Result;
use crate::ids::ClientId;
use crate::record::course::{self, CourseKind, CourseStatus};
use crate::sessions::notes::RiskLevel;
use rusqlite::Connection;

const GAINS: [&str; 4] = [
    "\"I don't wait for things to blow up any more. I say what I need, and mostly it goes \
     better than I feared.\"",
    "\"I can talk about Mum now without it flattening me for days. I've started going to the \
     Saturday group again.\"",
    "\"I know the job change knocked me sideways. I've found people at the new place, and I \
     sleep.\"",
    "\"I ring my sister every week, and I told a friend how low I'd been. She'd had no idea.\"",
];

const SKILLS: [&str; 3] = [
    "Spotting the link between a row and the low days after it; saying what she means \
     directly instead of going quiet; planning a hard conversation and rehearsing it.",
    "Naming the feelings about the loss, including the anger; letting friends help; keeping \
     a regular week.",
    "Weighing the options in a dispute; asking for what she needs; keeping in touch when \
     mood dips rather than withdrawing.",
];

const FEEDBACK: [&str; 3] = [
    "Found the weekly structure and the role plays most useful; the first sessions felt slow.",
    "Said the closeness circles made the change visible to her. Would have liked evening \
     sessions.",
    "Glad the end was planned from the start; wants the booster to keep her on track.",
];

pub(super) fn summaries_for(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    i: usize,
) -> Result<()> {
    let courses = course::for_client(conn, clock, client)?;
    for c in courses.iter().filter(|c| c.fields.kind != CourseKind::Maintenance) {
        let ended = c.fields.status != CourseStatus::Active;
        // Of the courses at their conclusion, every other one has a summary begun.
        if !conclusion::due(&c.progress) || (!ended && i % 2 == 1) {
            continue;
        }
        let id = conclusion::start(conn, clock, client, c.id)?;
        let record = casefile::read(conn, clock, client)?;
        let summary = conclusion::from_record(conn, &record, id)?;
        let maintenance = if summary.compiled.maintenance.maintenance_course.is_some() {
            MaintenanceChoice::MaintenanceIpt
        } else if summary.compiled.maintenance.boosters.is_some() {
            MaintenanceChoice::Boosters
        } else {
            MaintenanceChoice::None
        };
        let medication = !summary.compiled.medication.current.is_empty();
        let completion = Completion {
            gains: Some(GAINS[i % GAINS.len()].into()),
            skills: Some(SKILLS[i % SKILLS.len()].into()),
            risk_level: Some(if i.is_multiple_of(3) {
                RiskLevel::Low
            } else {
                RiskLevel::NoConcerns
            }),
            risk_notes: Some(
                "No thoughts of self-harm at the last sessions; knows the crisis line and the \
                 safety plan."
                    .into(),
            ),
            protective_factors: Some(
                "Close relationships rebuilt during the course, regular activity, and the \
                 warning signs she can now name."
                    .into(),
            ),
            maintenance: ended.then_some(maintenance),
            maintenance_frequency: None,
            maintenance_months: None,
            maintenance_note: (maintenance == MaintenanceChoice::None).then(|| {
                "Discussed and not wanted for now; she knows she can come back if the signs \
                 return."
                    .into()
            }),
            medication_handover: medication.then(|| {
                "Letter to the GP with the scores and the relapse plan; continue the current \
                 dose for at least six months, then review together."
                    .into()
            }),
            referrals: Some("None needed.".into()),
            client_feedback: ended.then(|| FEEDBACK[i % FEEDBACK.len()].into()),
            waivers: Vec::new(),
        };
        conclusion::save_draft(conn, clock, client, id, &completion, None)?;
        let summary = conclusion::get(conn, clock, client, id)?;
        if ended && summary.can_sign {
            conclusion::sign(conn, clock, client, id)?;
            // Some have a correction after signing.
            if i % 6 == 2 {
                conclusion::amend(
                    conn,
                    clock,
                    client,
                    id,
                    SummarySection::Feedback,
                    "On the telephone a week later she added that being able to bring her \
                     partner to one session had mattered most.",
                    "Added after a follow-up call",
                )?;
            }
        }
    }
    Ok(())
}
