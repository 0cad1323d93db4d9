//! A course's measure plan: which instruments it gives and how often (every session, every N
//! sessions, or at the start and the end), and which are due at a given session. Every N
//! sessions counts from session 1 (1, 1 + N, 1 + 2N …) and adds the last planned session, so
//! a course always ends with a final score to set beside its baseline.

use super::definition::Instrument;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The most sessions between two administrations of a planned measure.
pub const EVERY: std::ops::RangeInclusive<i64> = 2..=12;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Cadence {
    EverySession,
    EveryNSessions {
        #[ts(type = "number")]
        every: i64,
    },
    StartAndEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlannedMeasure {
    pub instrument: Instrument,
    pub cadence: Cadence,
}

/// Checks a plan: real instruments (goal ratings are kept with the goals), each once, a
/// cadence within its limits.
pub fn validated(plan: &[PlannedMeasure]) -> Result<Vec<PlannedMeasure>> {
    let mut out: Vec<PlannedMeasure> = Vec::with_capacity(plan.len());
    for p in plan {
        if p.instrument == Instrument::GoalRating {
            return Err(Error::invalid(
                "measure_plan",
                "Goal ratings are kept with each goal; choose questionnaires here.",
            ));
        }
        if out.iter().any(|q| q.instrument == p.instrument) {
            return Err(Error::invalid(
                "measure_plan",
                format!("{} is in the plan twice; keep one.", p.instrument.definition().name),
            ));
        }
        if let Cadence::EveryNSessions { every } = p.cadence
            && !EVERY.contains(&every)
        {
            return Err(Error::invalid(
                "measure_plan",
                format!(
                    "Give {} every {} to {} sessions (or every session).",
                    p.instrument.definition().name,
                    EVERY.start(),
                    EVERY.end()
                ),
            ));
        }
        out.push(*p);
    }
    Ok(out)
}

/// The planned instruments due at session `number` of a course planned for `planned`.
pub fn due_at(plan: &[PlannedMeasure], number: i64, planned: i64) -> Vec<Instrument> {
    let last = number >= planned;
    plan.iter()
        .filter(|p| match p.cadence {
            Cadence::EverySession => true,
            Cadence::EveryNSessions { every } => (number - 1) % every == 0 || last,
            Cadence::StartAndEnd => number == 1 || last,
        })
        .map(|p| p.instrument)
        .collect()
}

/// A plan in words, for the course's summary ("PHQ-9 every 4 sessions; GAD-7 at the start
/// and the end").
pub fn in_words(plan: &[PlannedMeasure]) -> String {
    plan.iter()
        .map(|p| {
            let name = p.instrument.definition().name;
            match p.cadence {
                Cadence::EverySession => format!("{name} every session"),
                Cadence::EveryNSessions { every } => format!("{name} every {every} sessions"),
                Cadence::StartAndEnd => format!("{name} at the start and the end"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(cadence: Cadence) -> Vec<PlannedMeasure> {
        vec![PlannedMeasure { instrument: Instrument::Phq9, cadence }]
    }

    #[test]
    fn due_by_cadence() {
        let every4 = plan(Cadence::EveryNSessions { every: 4 });
        let due: Vec<i64> = (1..=16).filter(|n| !due_at(&every4, *n, 16).is_empty()).collect();
        assert_eq!(due, vec![1, 5, 9, 13, 16], "from session 1, and the last");
        let ends = plan(Cadence::StartAndEnd);
        let due: Vec<i64> = (1..=12).filter(|n| !due_at(&ends, *n, 12).is_empty()).collect();
        assert_eq!(due, vec![1, 12]);
        let all = plan(Cadence::EverySession);
        assert_eq!((1..=16).filter(|n| !due_at(&all, *n, 16).is_empty()).count(), 16);
        // Past a plan's last session (sessions added), the final measure is still due.
        assert!(!due_at(&ends, 17, 16).is_empty());
    }

    #[test]
    fn a_plan_is_checked() {
        let twice = vec![
            PlannedMeasure { instrument: Instrument::Gad7, cadence: Cadence::EverySession },
            PlannedMeasure { instrument: Instrument::Gad7, cadence: Cadence::StartAndEnd },
        ];
        assert!(validated(&twice).is_err());
        assert!(validated(&plan(Cadence::EveryNSessions { every: 1 })).is_err());
        assert!(validated(&plan(Cadence::EveryNSessions { every: 13 })).is_err());
        assert!(validated(&plan(Cadence::EveryNSessions { every: 12 })).is_ok());
        let goal = vec![PlannedMeasure {
            instrument: Instrument::GoalRating,
            cadence: Cadence::EverySession,
        }];
        assert!(validated(&goal).is_err());
        assert_eq!(
            in_words(&[
                PlannedMeasure {
                    instrument: Instrument::Phq9,
                    cadence: Cadence::EveryNSessions { every: 4 }
                },
                PlannedMeasure { instrument: Instrument::Gad7, cadence: Cadence::StartAndEnd },
            ]),
            "PHQ-9 every 4 sessions; GAD-7 at the start and the end"
        );
    }
}
