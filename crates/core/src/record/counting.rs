//! How a course counts its sessions, so that its time limit holds.
//!
//! N, the number of a session, is the sessions held before it plus one. The plan M is a budget
//! that missed sessions may use up, by the contract's rule (by default a no-show counts against
//! it and a cancellation with notice is rebooked and does not): the sessions left after session
//! N are M − N − the missed sessions that count. The calendar is a second limit: the planned
//! dates still to come after the session's day. The phase and the conclusion prompt follow
//! whichever of the two runs out first:
//! - conclusion phase when fewer than [`CONCLUSION_SESSIONS`] sessions are left after this one
//!   (the last three of the plan), even if this is one of the first three held;
//! - the conclusion prompt from session M−3 on, i.e. when at most three are left after it;
//! - initial phase for sessions 1–3 otherwise, middle between.
//!
//! A maintenance course (IPT-M) counts the same way but has no acute phases: its sessions are
//! in the maintenance phase, and instead of a conclusion prompt it has review points, every
//! `review_every` sessions and at the last session of the plan, where the practitioner and
//! client decide together whether to go on, space the sessions out or stop.
//!
//! Pure functions, no storage: the course, the notes and the Today view all count with these.

use crate::record::vocabulary::Phase;
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many sessions make up the initial and the conclusion phase.
pub const INITIAL_SESSIONS: i64 = 3;
pub const CONCLUSION_SESSIONS: i64 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Frequency {
    TwiceWeekly,
    Weekly,
    Fortnightly,
    Monthly,
}

/// Whether a session took place, was missed, or is still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Attendance {
    Scheduled,
    Attended,
    Cancelled,
    NoShow,
}

/// Which missed sessions use up the plan, as the contract says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissedRule {
    pub no_show_counts: bool,
    pub cancellation_counts: bool,
}

impl MissedRule {
    /// The default of IPT contracts: a no-show counts, a cancellation with notice is rebooked.
    pub const DEFAULT: MissedRule = MissedRule { no_show_counts: true, cancellation_counts: false };

    /// Whether a session with this attendance used up one of the planned sessions.
    pub fn uses_up_plan(self, attendance: Attendance) -> bool {
        match attendance {
            Attendance::NoShow => self.no_show_counts,
            Attendance::Cancelled => self.cancellation_counts,
            Attendance::Attended | Attendance::Scheduled => false,
        }
    }
}

/// Missed sessions as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Missed {
    pub no_shows: i64,
    pub cancellations: i64,
}

impl Missed {
    /// The missed sessions that count against the plan.
    pub fn counted(self, rule: MissedRule) -> i64 {
        let mut n = 0;
        if rule.no_show_counts {
            n += self.no_shows;
        }
        if rule.cancellation_counts {
            n += self.cancellations;
        }
        n
    }

    /// The missed sessions that were rebooked and leave the plan as it was.
    pub fn rebooked(self, rule: MissedRule) -> i64 {
        self.no_shows + self.cancellations - self.counted(rule)
    }
}

/// The calendar of a contract: the planned dates if every session happens on schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub start: NaiveDate,
    pub planned: i64,
    pub frequency: Frequency,
}

impl Schedule {
    /// The date of the `index`th planned session, 0 the first.
    pub fn date_of(&self, index: i64) -> NaiveDate {
        let steps = index.max(0) as u64;
        match self.frequency {
            Frequency::TwiceWeekly => self.start + Days::new((steps * 7).div_ceil(2)),
            Frequency::Weekly => self.start + Days::new(steps * 7),
            Frequency::Fortnightly => self.start + Days::new(steps * 14),
            Frequency::Monthly => {
                self.start.checked_add_months(Months::new(steps as u32)).unwrap_or(self.start)
            }
        }
    }

    /// The date of the last planned session.
    pub fn end(&self) -> NaiveDate {
        self.date_of(self.planned - 1)
    }

    /// Planned dates that fall after `day`.
    pub fn dates_after(&self, day: NaiveDate) -> i64 {
        // The dates only grow, so count back from the end until one is on or before `day`.
        let mut n = 0;
        let mut index = self.planned - 1;
        while index >= 0 && self.date_of(index) > day {
            n += 1;
            index -= 1;
        }
        n
    }
}

/// Where one session stands in its course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Place {
    /// N: the sessions held before it, plus one.
    #[ts(type = "number")]
    pub number: i64,
    /// M: the sessions planned.
    #[ts(type = "number")]
    pub planned: i64,
    /// Sessions of the plan left after this one, by the contract's rule (never below 0).
    #[ts(type = "number")]
    pub left: i64,
    /// Missed sessions before this one that counted against the plan.
    #[ts(type = "number")]
    pub missed: i64,
    /// Missed sessions before this one that were rebooked (they did not count).
    #[ts(type = "number")]
    pub rebooked: i64,
    /// Planned dates left after this session's day.
    #[ts(type = "number")]
    pub dates_left: i64,
    /// The phase the count and the calendar give.
    pub phase: Phase,
    /// The ending should be raised and conclusion work prepared (session M−3 on, or the
    /// calendar's equivalent).
    pub conclusion_due: bool,
    /// Sessions held, with this one, plus the missed ones that count, exceed the plan.
    pub beyond_plan: bool,
    /// Maintenance: this session is a review point (every `review_every` sessions, and the last
    /// of the plan).
    pub review_due: bool,
    /// Maintenance: the number of the next session that is a review point (this one if it is).
    #[ts(type = "number | null")]
    pub next_review: Option<i64>,
}

/// The phase of session `number` when `left_after` sessions remain after it (the fewer of the
/// plan's and the calendar's).
pub fn phase_at(number: i64, left_after: i64) -> Phase {
    if left_after < CONCLUSION_SESSIONS {
        Phase::Conclusion
    } else if number <= INITIAL_SESSIONS {
        Phase::Initial
    } else {
        Phase::Middle
    }
}

/// Where session `number`, held on `day`, stands, given the missed sessions before it.
/// `review_every` is set for a maintenance course.
pub fn place(
    number: i64,
    missed: Missed,
    rule: MissedRule,
    schedule: &Schedule,
    day: NaiveDate,
    review_every: Option<i64>,
) -> Place {
    let counted = missed.counted(rule);
    let by_count = schedule.planned - number - counted;
    let dates_left = schedule.dates_after(day);
    let left_after = by_count.min(dates_left);
    if let Some(every) = review_every.filter(|k| *k > 0) {
        let last = number + left_after.max(0);
        let at_point = number % every == 0 || left_after <= 0;
        let next_point = (number + every - 1) / every * every;
        return Place {
            number,
            planned: schedule.planned,
            left: by_count.max(0),
            missed: counted,
            rebooked: missed.rebooked(rule),
            dates_left,
            phase: Phase::Maintenance,
            conclusion_due: false,
            beyond_plan: by_count < 0,
            review_due: at_point,
            next_review: Some(if at_point { number } else { next_point.min(last) }),
        };
    }
    Place {
        number,
        planned: schedule.planned,
        left: by_count.max(0),
        missed: counted,
        rebooked: missed.rebooked(rule),
        dates_left,
        review_due: false,
        next_review: None,
        phase: phase_at(number, left_after),
        conclusion_due: left_after <= CONCLUSION_SESSIONS,
        beyond_plan: by_count < 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn weekly(planned: i64) -> Schedule {
        Schedule { start: d("2026-01-05"), planned, frequency: Frequency::Weekly }
    }

    #[test]
    fn without_missed_sessions_the_count_gives_the_usual_phases() {
        let s = weekly(16);
        for n in 1..=16 {
            // Each session on its planned date, so the calendar agrees with the count.
            let p = place(n, Missed::default(), MissedRule::DEFAULT, &s, s.date_of(n - 1), None);
            let phase = match n {
                1..=3 => Phase::Initial,
                4..=13 => Phase::Middle,
                _ => Phase::Conclusion,
            };
            assert_eq!(p.phase, phase, "session {n}");
            assert_eq!(p.left, 16 - n, "session {n}");
            assert_eq!(p.conclusion_due, n >= 13, "session {n}");
        }
    }

    #[test]
    fn no_shows_use_up_the_plan_and_cancellations_are_rebooked() {
        let s = weekly(16);
        let day = s.date_of(0);
        let missed = Missed { no_shows: 2, cancellations: 1 };
        let p = place(9, missed, MissedRule::DEFAULT, &s, day, None);
        assert_eq!((p.left, p.missed, p.rebooked), (5, 2, 1));
        let both = MissedRule { no_show_counts: true, cancellation_counts: true };
        let p = place(9, missed, both, &s, day, None);
        assert_eq!((p.left, p.missed, p.rebooked), (4, 3, 0));
        let neither = MissedRule { no_show_counts: false, cancellation_counts: false };
        let p = place(9, missed, neither, &s, day, None);
        assert_eq!((p.left, p.missed, p.rebooked), (7, 0, 3));
    }

    #[test]
    fn missed_sessions_bring_the_conclusion_forward() {
        let s = weekly(16);
        let day = s.date_of(0);
        let two = Missed { no_shows: 2, cancellations: 0 };
        // 16 − 11 − 2 = 3 left: the prompt is due, still the middle phase.
        let p = place(11, two, MissedRule::DEFAULT, &s, day, None);
        assert_eq!((p.left, p.phase, p.conclusion_due), (3, Phase::Middle, true));
        let p = place(10, two, MissedRule::DEFAULT, &s, day, None);
        assert_eq!((p.left, p.phase, p.conclusion_due), (4, Phase::Middle, false));
        let p = place(12, two, MissedRule::DEFAULT, &s, day, None);
        assert_eq!((p.left, p.phase), (2, Phase::Conclusion));
        let p = place(14, two, MissedRule::DEFAULT, &s, day, None);
        assert_eq!((p.left, p.phase, p.beyond_plan), (0, Phase::Conclusion, false));
        let p = place(15, two, MissedRule::DEFAULT, &s, day, None);
        assert_eq!((p.left, p.beyond_plan), (0, true));
    }

    #[test]
    fn the_calendar_brings_the_conclusion_forward_when_it_runs_out_first() {
        let s = weekly(16);
        // Session 9 held in the week of planned session 14: two planned dates are left.
        let late = s.date_of(13);
        let p = place(9, Missed::default(), MissedRule::DEFAULT, &s, late, None);
        assert_eq!(
            (p.left, p.dates_left, p.phase, p.conclusion_due),
            (7, 2, Phase::Conclusion, true)
        );
        // In the week of planned session 13, three dates are left: the prompt, not yet the phase.
        let p = place(9, Missed::default(), MissedRule::DEFAULT, &s, s.date_of(12), None);
        assert_eq!((p.dates_left, p.phase, p.conclusion_due), (3, Phase::Middle, true));
        // After the planned end, nothing is left by the calendar.
        let p = place(9, Missed::default(), MissedRule::DEFAULT, &s, d("2026-06-01"), None);
        assert_eq!((p.dates_left, p.phase), (0, Phase::Conclusion));
    }

    #[test]
    fn the_time_limit_outranks_the_initial_phase() {
        // An eight-session course with four no-shows: session 3 has one session left after it.
        let s = weekly(8);
        let p = place(
            3,
            Missed { no_shows: 4, cancellations: 0 },
            MissedRule::DEFAULT,
            &s,
            s.start,
            None,
        );
        assert_eq!((p.left, p.phase), (1, Phase::Conclusion));
        let p = place(3, Missed::default(), MissedRule::DEFAULT, &s, s.start, None);
        assert_eq!(p.phase, Phase::Initial);
    }

    #[test]
    fn maintenance_has_review_points_instead_of_phases() {
        // IPT-M: 24 monthly sessions, a review every 6.
        let s = Schedule { start: d("2026-01-05"), planned: 24, frequency: Frequency::Monthly };
        for n in 1..=24 {
            let p = place(n, Missed::default(), MissedRule::DEFAULT, &s, s.date_of(n - 1), Some(6));
            assert_eq!(p.phase, Phase::Maintenance, "session {n}");
            assert!(!p.conclusion_due, "session {n}");
            assert_eq!(p.left, 24 - n, "session {n}");
            assert_eq!(p.review_due, n % 6 == 0, "session {n}");
            let next = (n + 5) / 6 * 6;
            assert_eq!(p.next_review, Some(next), "session {n}");
        }
        // Two no-shows use up the plan: session 22 is the last, and a review.
        let two = Missed { no_shows: 2, cancellations: 0 };
        let p = place(22, two, MissedRule::DEFAULT, &s, s.start, Some(6));
        assert_eq!((p.left, p.review_due, p.next_review), (0, true, Some(22)));
        let p = place(19, two, MissedRule::DEFAULT, &s, s.start, Some(6));
        assert_eq!((p.left, p.review_due, p.next_review), (3, false, Some(22)));
        // A plan that does not end on a multiple: 10 sessions, review every 4, then at 10.
        let ten = Schedule { planned: 10, ..s };
        let reviews: Vec<i64> = (1..=10)
            .filter(|n| {
                place(*n, Missed::default(), MissedRule::DEFAULT, &ten, ten.start, Some(4))
                    .review_due
            })
            .collect();
        assert_eq!(reviews, vec![4, 8, 10]);
        // An acute course has none.
        let p = place(6, Missed::default(), MissedRule::DEFAULT, &s, s.start, None);
        assert_eq!((p.review_due, p.next_review), (false, None));
    }

    #[test]
    fn phase_boundaries() {
        assert_eq!(phase_at(1, 15), Phase::Initial);
        assert_eq!(phase_at(3, 13), Phase::Initial);
        assert_eq!(phase_at(4, 12), Phase::Middle);
        assert_eq!(phase_at(13, 3), Phase::Middle);
        assert_eq!(phase_at(14, 2), Phase::Conclusion);
        assert_eq!(phase_at(16, 0), Phase::Conclusion);
        assert_eq!(phase_at(18, -2), Phase::Conclusion);
    }

    #[test]
    fn planned_dates_by_frequency() {
        let start = d("2026-01-05");
        let end = |planned, frequency| Schedule { start, planned, frequency }.end().to_string();
        assert_eq!(end(16, Frequency::Weekly), "2026-04-20");
        assert_eq!(end(8, Frequency::Fortnightly), "2026-04-13");
        assert_eq!(end(12, Frequency::Monthly), "2026-12-05");
        assert_eq!(end(9, Frequency::TwiceWeekly), "2026-02-02");
        let s = weekly(16);
        assert_eq!(s.dates_after(d("2026-01-04")), 16);
        assert_eq!(s.dates_after(s.start), 15);
        assert_eq!(s.dates_after(d("2026-04-19")), 1);
        assert_eq!(s.dates_after(d("2026-04-20")), 0);
    }
}

crate::stored_as_text!(Frequency => "frequency", Attendance => "attendance");
