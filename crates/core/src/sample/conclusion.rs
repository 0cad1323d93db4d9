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

#[cfg(test)]
mod tests {
    use crate::testing;

    /// A summary in brief: the figures a reader checks, for the snapshot over the sample practice.
    fn digest(s: &crate::conclusion::ConclusionSummary) -> serde_json::Value {
        let c = &s.compiled;
        serde_json::json!({
            "client": c.client.full_name,
            "course": [c.course.kind, c.course.status, c.course.start_date, c.course.ended_on],
            "sessions": {
                "first": c.course.first_session,
                "last": c.course.last_session,
                "attended": c.course.attended,
                "planned": c.course.planned,
                "first_planned": c.course.first_planned,
                "no_shows": c.course.no_shows,
                "cancellations": c.course.cancellations,
                "missed_counted": c.course.missed_counted,
            },
            "areas": c.formulation.as_ref().map(|f| (f.primary_area, f.secondary_area)),
            "measures": c.measures.iter().map(|m| serde_json::json!({
                "instrument": m.instrument,
                "points": m.chart.points.len(),
                "outcome": m.outcome.as_ref().map(|o| serde_json::json!({
                    "baseline": o.baseline_text,
                    "latest": o.latest_text,
                    "change": o.change_text,
                    "findings": o.findings.iter().map(|f| (f.label.clone(), f.verdict)).collect::<Vec<_>>(),
                })),
            })).collect::<Vec<_>>(),
            "goals": c.goals.iter().map(|g| (g.status, g.first_rating.as_ref().map(|r| r.rating), g.last_rating.as_ref().map(|r| r.rating))).collect::<Vec<_>>(),
            "circles": {
                "intake": c.circles.intake.as_ref().map(|s| s.taken_on.clone()),
                "conclusion": c.circles.conclusion.as_ref().map(|s| s.taken_on.clone()),
                "changes": c.circles.changes.iter().filter(|ch| ch.kind != crate::record::inventory::CircleChangeKind::Unchanged).map(|ch| (ch.name.clone(), ch.kind)).collect::<Vec<_>>(),
            },
            "relapse_signs": c.relapse.as_ref().is_some_and(|r| r.plan.warning_signs.is_some()),
            "medication": [c.medication.current.len(), c.medication.stopped.len()],
            "follows": {
                "boosters": c.maintenance.boosters.as_ref().map(|b| b.dates.len()),
                "maintenance_course": c.maintenance.maintenance_course.as_ref().map(|m| m.planned_sessions),
            },
            "last_risk": c.last_risk.as_ref().map(|r| r.level),
            "missing": s.checklist.iter().filter(|i| i.stops_signing()).map(|i| i.key.clone()).collect::<Vec<_>>(),
            "signed": s.signed_at.is_some(),
            "amendments": s.amendments.len(),
        })
    }

    /// Every conclusion summary of the sample practice, compiled and checked, against the
    /// snapshot committed beside this file. After a deliberate change, write it again with
    /// `RAPPORT_SNAPSHOTS=write cargo test -p rapport-core --lib sample::conclusion`, and
    /// read the difference before committing it.
    #[test]
    fn sample_practice_summaries_match_their_snapshot() {
        let (_tmp, mut v, _clock) = testing::vault_and_clock();
        crate::sample::populate(&mut v, crate::sample::SampleSpec::default()).unwrap();
        let mut all = Vec::new();
        for listing in v.client_directory().unwrap() {
            for course in &listing.courses {
                if let Some(id) = course.summary.summary_id {
                    all.push(digest(&v.conclusion_summary(listing.id, id).unwrap()));
                }
            }
        }
        assert!(all.len() >= 10, "the sample has summaries: {}", all.len());
        // Keys are sorted here, so the text is the same whether or not another crate in the
        // build turns on serde_json's `preserve_order`.
        let text =
            serde_json::to_string_pretty(&testing::sorted_json(serde_json::Value::Array(all)))
                .unwrap()
                + "\n";
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/sample/conclusion-summaries.snapshot.json");
        if std::env::var("RAPPORT_SNAPSHOTS").as_deref() == Ok("write") {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != text {
            let first = committed
                .lines()
                .zip(text.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .map(|(n, (a, b))| format!("line {}: committed {a:?}, now {b:?}", n + 1))
                .unwrap_or_else(|| "the lengths differ".into());
            panic!("the sample's summaries changed ({first}); see the test's comment");
        }
    }
}
