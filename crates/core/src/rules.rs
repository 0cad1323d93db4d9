//! The limits the core enforces, gathered for the UI: a form shows the same range, the same
//! default and the same text limit that the core will apply when it saves, because both read
//! them from here. `currentRules.ts` is generated from [`Rules::CURRENT`] with the other bindings and
//! checked for drift, so a change in the core cannot leave the UI saying something else.

use crate::backup::{INTERVAL_DEFAULT, INTERVAL_RANGE, rotation};
use crate::input;
use crate::record::{areas, clients, course, inventory, timeline, vocabulary};
use crate::vault::{passphrase, settings};
use serde::Serialize;
use std::ops::RangeInclusive;
use ts_rs::TS;

/// A whole number from `min` to `max`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "Limits")]
pub struct Range {
    #[ts(type = "number")]
    pub min: i64,
    #[ts(type = "number")]
    pub max: i64,
}

impl Range {
    const fn of(r: RangeInclusive<i64>) -> Range {
        Range { min: *r.start(), max: *r.end() }
    }

    const fn of_u32(r: RangeInclusive<u32>) -> Range {
        Range { min: *r.start() as i64, max: *r.end() as i64 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Rules {
    /// Characters in a one-line field (a name, a phone number).
    #[ts(type = "number")]
    pub short_text: usize,
    /// Characters in a narrative field (a note section, a description).
    #[ts(type = "number")]
    pub long_text: usize,
    /// Sessions a course may plan.
    pub planned_sessions: Range,
    /// Outside this range a plan needs a reason.
    pub usual_planned_sessions: Range,
    #[ts(type = "number")]
    pub default_planned_sessions: i64,
    /// A maintenance course (IPT-M): its planned sessions, review points and usual start.
    pub maintenance_planned_sessions: Range,
    pub review_every: Range,
    /// How many sessions apart a planned measure may be given.
    pub measure_every: Range,
    #[ts(type = "number")]
    pub default_review_every: i64,
    #[ts(type = "number")]
    pub default_maintenance_sessions: i64,
    /// Booster sessions after an acute course: at most this many.
    #[ts(type = "number")]
    pub max_boosters: usize,
    /// The usual length of a session in a contract, in minutes.
    pub session_minutes: Range,
    /// How long one session lasted, in minutes.
    pub session_duration: Range,
    /// Mood today (a note) or at a life event, 0 lowest.
    pub mood: Range,
    /// A goal's rating, 0 (not at all) to 10 (fully).
    pub goal_rating: Range,
    pub episode_number: Range,
    /// How far a due date may lie ahead of today, and behind it, in weeks.
    #[ts(type = "number")]
    pub due_date_weeks_ahead: i64,
    #[ts(type = "number")]
    pub due_date_weeks_past: i64,
    /// How far back a birth may be for perinatal details, in weeks.
    #[ts(type = "number")]
    pub birth_weeks_past: i64,
    pub contacts_per_week: Range,
    /// Rings of the closeness circle, 1 innermost.
    pub circle_ring: Range,
    pub auto_lock_minutes: Range,
    pub unsigned_note_days: Range,
    pub backup_interval_hours: Range,
    #[ts(type = "number")]
    pub default_backup_interval_hours: u32,
    pub keep_daily: Range,
    pub keep_weekly: Range,
    pub keep_monthly: Range,
    /// What a new passphrase must be; the window rates it with the same rule as it is typed.
    pub passphrase: passphrase::PassphraseRules,
}

impl Rules {
    pub const CURRENT: Rules = Rules {
        short_text: input::SHORT_TEXT,
        long_text: input::LONG_TEXT,
        planned_sessions: Range::of(course::PLANNED_SESSIONS),
        usual_planned_sessions: Range::of(course::USUAL_PLANNED_SESSIONS),
        default_planned_sessions: course::DEFAULT_PLANNED_SESSIONS,
        maintenance_planned_sessions: Range::of(course::MAINTENANCE_PLANNED_SESSIONS),
        review_every: Range::of(course::REVIEW_EVERY),
        measure_every: Range::of(crate::measures::plan::EVERY),
        default_review_every: course::DEFAULT_REVIEW_EVERY,
        default_maintenance_sessions: course::DEFAULT_MAINTENANCE_SESSIONS,
        max_boosters: crate::record::boosters::MAX_BOOSTERS,
        session_minutes: Range::of(course::SESSION_MINUTES),
        session_duration: Range::of(course::SESSION_DURATION),
        mood: Range::of(vocabulary::MOOD),
        goal_rating: Range::of(areas::GOAL_RATING),
        episode_number: Range::of(timeline::EPISODE_NUMBER),
        due_date_weeks_ahead: clients::DUE_DATE_WEEKS_AHEAD,
        due_date_weeks_past: clients::DUE_DATE_WEEKS_PAST,
        birth_weeks_past: clients::BIRTH_WEEKS_PAST,
        contacts_per_week: Range::of(areas::CONTACTS_PER_WEEK),
        circle_ring: Range::of(inventory::RINGS),
        auto_lock_minutes: Range::of_u32(settings::AUTO_LOCK_RANGE),
        unsigned_note_days: Range::of_u32(settings::UNSIGNED_DAYS_RANGE),
        backup_interval_hours: Range::of_u32(INTERVAL_RANGE),
        default_backup_interval_hours: INTERVAL_DEFAULT,
        keep_daily: Range::of_u32(rotation::DAILY_RANGE),
        keep_weekly: Range::of_u32(rotation::WEEKLY_RANGE),
        keep_monthly: Range::of_u32(rotation::MONTHLY_RANGE),
        passphrase: passphrase::RULES,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `currentRules.ts` beside the generated types (the bindings drift check then compares
    /// it with the committed copy, like every other binding).
    #[test]
    fn export_rules_for_the_ui() {
        let Ok(dir) = std::env::var("TS_RS_EXPORT_DIR") else {
            return;
        };
        let json = serde_json::to_string_pretty(&Rules::CURRENT).unwrap();
        let text = format!(
            "// Generated from rapport-core's `Rules::CURRENT`; do not edit.\n\
             import type {{ Rules }} from './Rules';\n\n\
             export const RULES: Rules = {json};\n"
        );
        let path = std::path::Path::new(&dir).join("currentRules.ts");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).unwrap();
        }
    }

    #[test]
    fn the_rules_are_the_ones_enforced() {
        let r = Rules::CURRENT;
        assert_eq!((r.planned_sessions.min, r.planned_sessions.max), (8, 20));
        assert_eq!((r.usual_planned_sessions.min, r.usual_planned_sessions.max), (12, 16));
        assert_eq!((r.mood.min, r.mood.max), (0, 10));
        assert_eq!(r.long_text, 20_000);
        let p = r.passphrase;
        assert_eq!((p.min_chars, p.long_chars, p.max_chars), (10, 20, 1024));
        assert_eq!((p.strong_score, p.long_score), (4, 3));
        // Every range is a real one.
        let json = serde_json::to_value(r).unwrap();
        for (name, value) in json.as_object().unwrap() {
            if let (Some(min), Some(max)) = (value.get("min"), value.get("max")) {
                assert!(min.as_i64() <= max.as_i64(), "{name}");
            }
        }
    }
}
