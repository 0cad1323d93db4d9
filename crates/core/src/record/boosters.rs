//! Booster sessions: one to four dated sessions agreed at the end of an acute (or continuation)
//! course, to keep its gains. A plan of their own, attached to the course they follow, not a
//! course with phases; longer follow-up is a maintenance course (IPT-M).

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{ClientId, CourseId};
use crate::input;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many booster sessions a plan may hold.
pub const MAX_BOOSTERS: usize = 4;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BoosterPlanInput {
    /// The day the boosters were agreed with the client.
    pub agreed_on: String,
    /// The planned dates, earliest first: one to four.
    pub dates: Vec<String>,
    /// Anything else agreed (what a booster will cover, how to bring one forward).
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BoosterPlan {
    pub course_id: CourseId,
    #[serde(flatten)]
    pub fields: BoosterPlanInput,
    pub updated_at: String,
}

impl BoosterPlanInput {
    /// The plan tidied and checked against the course it follows (which starts on
    /// `course_start`): dates in order, none twice, none before the agreement or the course.
    pub fn validated(&self, course_start: &str) -> Result<Self> {
        let agreed = input::date("agreed_on", self.agreed_on.trim())?;
        let start = input::date("start_date", course_start)?;
        if agreed < start {
            return Err(Error::invalid(
                "agreed_on",
                "Boosters are agreed during or after the course they follow, not before it starts.",
            ));
        }
        let dates: Vec<&str> =
            self.dates.iter().map(|d| d.trim()).filter(|d| !d.is_empty()).collect();
        if dates.is_empty() {
            return Err(Error::invalid("dates", "Give the date of at least one booster session."));
        }
        if dates.len() > MAX_BOOSTERS {
            return Err(Error::invalid(
                "dates",
                format!(
                    "A booster plan has at most {MAX_BOOSTERS} sessions; regular follow-up over \
                     months is a maintenance course."
                ),
            ));
        }
        let mut parsed = Vec::with_capacity(dates.len());
        for d in &dates {
            let day = input::date("dates", d)?;
            if day < agreed {
                return Err(Error::invalid(
                    "dates",
                    format!("The booster on {day} falls before the day it was agreed ({agreed})."),
                ));
            }
            if parsed.contains(&day) {
                return Err(Error::invalid("dates", format!("{day} is planned twice.")));
            }
            parsed.push(day);
        }
        parsed.sort();
        let note = match self.note.as_deref().map(str::trim) {
            Some(n) if !n.is_empty() => Some(input::text("note", n, input::LONG_TEXT, false)?),
            _ => None,
        };
        Ok(BoosterPlanInput {
            agreed_on: agreed.to_string(),
            dates: parsed.iter().map(|d| d.to_string()).collect(),
            note,
        })
    }
}

/// Saves (or replaces) the booster plan of a course of `client`.
pub fn save(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    course_id: CourseId,
    plan: &BoosterPlanInput,
) -> Result<()> {
    let (maintenance, start) = course_of(conn, client, course_id)?;
    if maintenance {
        return Err(Error::invalid(
            "course",
            "Booster sessions follow an acute course; a maintenance course plans its own sessions.",
        ));
    }
    let v = plan.validated(&start)?;
    let dates = serde_json::to_string(&v.dates).map_err(|e| Error::Damaged {
        what: format!("the booster dates could not be written ({e})"),
    })?;
    let now = now_text(clock);
    conn.execute(
        "INSERT INTO booster_plans (course_id, agreed_on, dates, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (course_id) DO UPDATE SET agreed_on = excluded.agreed_on,
             dates = excluded.dates, note = excluded.note, updated_at = excluded.updated_at",
        params![course_id, v.agreed_on, dates, v.note, now],
    )?;
    Ok(())
}

/// Removes the booster plan of a course (when none will be held after all).
pub fn remove(conn: &Connection, client: ClientId, course_id: CourseId) -> Result<()> {
    course_of(conn, client, course_id)?;
    let n = conn.execute("DELETE FROM booster_plans WHERE course_id = ?1", [course_id])?;
    if n == 0 {
        return Err(Error::NotFound { what: "The booster plan" });
    }
    Ok(())
}

/// Whether `course_id`, a course of `client`, is a maintenance course, and its start date.
fn course_of(conn: &Connection, client: ClientId, course_id: CourseId) -> Result<(bool, String)> {
    conn.query_row(
        "SELECT kind = 'maintenance', start_date FROM courses WHERE id = ?1 AND client_id = ?2",
        params![course_id, client],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or(Error::NotFound { what: "The course" })
}

/// The booster plan of a course, if one was agreed.
pub fn of_course(conn: &Connection, course_id: CourseId) -> Result<Option<BoosterPlan>> {
    let row: Option<(String, String, Option<String>, String)> = conn
        .query_row(
            "SELECT agreed_on, dates, note, updated_at FROM booster_plans WHERE course_id = ?1",
            [course_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((agreed_on, dates, note, updated_at)) = row else { return Ok(None) };
    let dates: Vec<String> = serde_json::from_str(&dates).map_err(|e| Error::Damaged {
        what: format!("the booster dates of course {} cannot be read ({e})", course_id.0),
    })?;
    Ok(Some(BoosterPlan {
        course_id,
        fields: BoosterPlanInput { agreed_on, dates, note },
        updated_at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(agreed: &str, dates: &[&str]) -> BoosterPlanInput {
        BoosterPlanInput {
            agreed_on: agreed.into(),
            dates: dates.iter().map(|d| d.to_string()).collect(),
            note: Some("  ".into()),
        }
    }

    #[test]
    fn one_to_four_dates_in_order() {
        let v = plan("2026-04-20", &["2026-10-20", " 2026-07-20 ", ""])
            .validated("2026-01-05")
            .unwrap();
        assert_eq!(v.dates, vec!["2026-07-20", "2026-10-20"]);
        assert_eq!(v.note, None);
        let four = ["2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01"];
        assert!(plan("2026-04-20", &four).validated("2026-01-05").is_ok());
        let five = ["2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01"];
        let e = plan("2026-04-20", &five).validated("2026-01-05").unwrap_err();
        assert_eq!(e.field(), Some("dates"));
        let e = plan("2026-04-20", &[]).validated("2026-01-05").unwrap_err();
        assert_eq!(e.field(), Some("dates"));
    }

    #[test]
    fn dates_follow_the_agreement_and_the_course() {
        let e = plan("2026-04-20", &["2026-04-19"]).validated("2026-01-05").unwrap_err();
        assert_eq!(e.field(), Some("dates"));
        assert!(plan("2026-04-20", &["2026-04-20"]).validated("2026-01-05").is_ok());
        let e = plan("2026-01-04", &["2026-04-19"]).validated("2026-01-05").unwrap_err();
        assert_eq!(e.field(), Some("agreed_on"));
        let e = plan("2026-04-20", &["2026-07-20", "2026-07-20"]).validated("2026-01-05");
        assert_eq!(e.unwrap_err().field(), Some("dates"));
        let e = plan("2026-04-20", &["2026-02-30"]).validated("2026-01-05").unwrap_err();
        assert_eq!(e.field(), Some("dates"));
    }
}
