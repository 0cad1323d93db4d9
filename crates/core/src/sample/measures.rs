//! Measures in the sample practice: each condition's usual instrument at its usual cadence
//! over the acute course, on trajectories a caseload shows (most improving, some flat, some
//! worse), with the cases a clinician meets: a flagged item, a corrected form, a form left
//! incomplete, the EPDS for perinatal clients, the PCL-5 for PTSD and the EDE-Q for bulimia.

use crate::clock::Clock;
use crate::error::Result;
use crate::ids::{ClientId, SessionId};
use crate::measures::definition::{Instrument, Values};
use crate::measures::given::{self, AdministrationStart};
use crate::measures::plan::{Cadence, PlannedMeasure};
use crate::measures::score::{Answer, Responses};
use crate::record::clients::ConditionGroup;
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

/// Where a client's scores go over the course.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trend {
    Improving,
    Flat,
    Worsening,
}

/// The main instrument of a condition, given every `every` sessions, and a second one.
fn plan(group: ConditionGroup) -> [(Instrument, usize); 2] {
    match group {
        ConditionGroup::MajorDepression => [(Instrument::Phq9, 1), (Instrument::Gad7, 4)],
        ConditionGroup::PerinatalDepression => [(Instrument::Epds, 1), (Instrument::Gad7, 4)],
        ConditionGroup::Dysthymia => [(Instrument::Phq9, 2), (Instrument::Wsas, 4)],
        ConditionGroup::BulimiaNervosa => [(Instrument::EdeQ, 4), (Instrument::Phq9, 4)],
        ConditionGroup::Ptsd => [(Instrument::Pcl5, 2), (Instrument::Phq9, 4)],
        ConditionGroup::Other => [(Instrument::Phq9, 4), (Instrument::Wsas, 4)],
    }
}

/// A baseline and a final total, in the instrument's units, for a trend.
fn course_of(instrument: Instrument, trend: Trend, rng: &mut ChaCha8Rng) -> (i64, i64) {
    let (lo, hi) = instrument.definition().total_range;
    let span = hi - lo;
    let base = lo + span * rng.gen_range(50..72) / 100;
    let end = match trend {
        Trend::Improving => lo + span * rng.gen_range(8..22) / 100,
        Trend::Flat => base + span * rng.gen_range(-5..5) / 100,
        Trend::Worsening => (base + span * rng.gen_range(10..18) / 100).min(hi),
    };
    (base, end)
}

/// Answers that reach `target` (or near it) for an instrument, leaving the risk items at 0.
fn answers_for(instrument: Instrument, target: i64, rng: &mut ChaCha8Rng) -> Responses {
    let def = instrument.definition();
    let flag_items: Vec<u8> = def.flags.iter().map(|f| f.item).collect();
    if instrument == Instrument::EdeQ {
        // A global around target/100: every rated item near it, counts by severity.
        let level = target as f64 / 100.0;
        return def
            .items
            .iter()
            .map(|item| {
                let v = match item.values {
                    Values::Count { max } => {
                        let times = (level * rng.gen_range(1.0..3.0)).round() as i64;
                        times.min(max)
                    }
                    _ => ((level + rng.gen_range(-1.0..1.0)).round() as i64).clamp(0, 6),
                };
                Some(Answer::Given(v))
            })
            .collect();
    }
    // Scores item by item, spreading the target over the scored items in a random order.
    let mut scores: Vec<i64> = vec![0; def.items.len()];
    let mut order: Vec<usize> = (0..def.items.len())
        .filter(|at| {
            let item = &def.items[*at];
            !item.unscored && !flag_items.contains(&item.number)
        })
        .collect();
    let top = |at: usize| match def.items[at].values {
        Values::Rating { max, .. } => max,
        Values::Position { scores } => scores.iter().copied().max().unwrap_or(0),
        Values::Count { .. } => 0,
    };
    let mut left = target;
    while left > 0 {
        order.shuffle(rng);
        let before = left;
        for at in &order {
            if left > 0 && scores[*at] < top(*at) {
                scores[*at] += 1;
                left -= 1;
            }
        }
        if before == left {
            break;
        }
    }
    def.items
        .iter()
        .zip(scores)
        .map(|(item, score)| {
            let given = match item.values {
                // The EPDS is entered as the position of the ticked option.
                Values::Position { scores } => {
                    scores.iter().position(|s| *s == score).unwrap_or(0) as i64
                }
                _ if item.unscored => rng.gen_range(0..3),
                _ => score,
            };
            Some(Answer::Given(given))
        })
        .collect()
}

/// The position or value that gives a flag item a score of 1.
fn flag_answer(instrument: Instrument, item: u8) -> Answer {
    let def = instrument.definition();
    match def.item(item).map(|i| i.values) {
        Some(Values::Position { scores }) => {
            Answer::Given(scores.iter().position(|s| *s == 1).unwrap_or(0) as i64)
        }
        _ => Answer::Given(def.flags.iter().find(|f| f.item == item).map_or(1, |f| f.at_least)),
    }
}

pub(super) fn measures_for(
    conn: &Connection,
    clock: &dyn Clock,
    rng: &mut ChaCha8Rng,
    client: ClientId,
    i: usize,
    group: ConditionGroup,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT s.id FROM sessions s JOIN courses c ON c.id = s.course_id
         WHERE s.client_id = ?1 AND s.attendance = 'attended' AND c.kind <> 'maintenance'
         ORDER BY s.held_on, s.id",
    )?;
    let sessions: Vec<SessionId> =
        stmt.query_map([client], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if sessions.is_empty() {
        return Ok(());
    }
    // The course's plan says the same in structured form.
    let course: Option<crate::ids::CourseId> = conn
        .query_row(
            "SELECT id FROM courses WHERE client_id = ?1 AND kind <> 'maintenance'
             ORDER BY start_date LIMIT 1",
            [client],
            |r| r.get(0),
        )
        .ok();
    if let Some(course) = course {
        let planned: Vec<PlannedMeasure> = plan(group)
            .iter()
            .map(|(instrument, every)| PlannedMeasure {
                instrument: *instrument,
                cadence: if *every == 1 {
                    Cadence::EverySession
                } else {
                    Cadence::EveryNSessions { every: *every as i64 }
                },
            })
            .collect();
        crate::record::course::set_measure_plan(conn, clock, client, course, &planned)?;
    }
    let trend = match i % 5 {
        3 => Trend::Flat,
        4 => Trend::Worsening,
        _ => Trend::Improving,
    };
    let last = sessions.len() - 1;
    for (rank, (instrument, every)) in plan(group).into_iter().enumerate() {
        let (base, end) = course_of(instrument, trend, rng);
        let given: Vec<usize> =
            (0..sessions.len()).filter(|k| k % every == 0 || *k == last).collect();
        for (n, k) in given.iter().enumerate() {
            let frac = if last == 0 { 0.0 } else { *k as f64 / last as f64 };
            let (lo, hi) = instrument.definition().total_range;
            let noise = (hi - lo) / 30;
            let target = (base as f64 + (end - base) as f64 * frac).round() as i64
                + rng.gen_range(-noise..=noise);
            let mut answers = answers_for(instrument, target.clamp(lo, hi), rng);
            let main = rank == 0;
            // Some clients under way answer the risk item above 0 at the first form.
            if main
                && n == 0
                && i.is_multiple_of(12)
                && let Some(flag) = instrument.definition().flags.first()
            {
                answers[usize::from(flag.item) - 1] = Some(flag_answer(instrument, flag.item));
            }
            // Some leave the last form unfinished.
            let incomplete = main && n + 1 == given.len() && n > 0 && i % 12 == 2;
            if incomplete {
                let len = answers.len();
                answers[len - 2] = None;
                answers[len / 2] = None;
            }
            let what = AdministrationStart {
                instrument,
                session_id: Some(sessions[*k]),
                given_on: None,
                handed_to_client: instrument.definition().handable && rng.gen_bool(0.3),
            };
            let id = given::record_whole(conn, clock, client, &what, &answers, incomplete)?;
            // Some have the first form corrected: an item misread from the paper.
            if main && n == 0 && i % 6 == 3 {
                let corrected = given::correct(
                    conn,
                    clock,
                    client,
                    id,
                    "Item 2 was misread from the paper form.",
                )?;
                let item = instrument.definition().items[1];
                let (_, top) = item.values.entry_range();
                let now = match answers[1] {
                    Some(Answer::Given(v)) if v < top => v + 1,
                    _ => 0,
                };
                given::answer(conn, clock, client, corrected, 2, Some(Answer::Given(now)))?;
                given::finish(conn, clock, client, corrected, false)?;
            }
        }
    }
    Ok(())
}
