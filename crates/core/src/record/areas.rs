//! Work on the problem areas (grief, role dispute, role transition, interpersonal deficits),
//! each with its own fields, and the goals set for them. A role dispute's stage is a dated
//! history; a goal's status is a dated history with optional 0–10 progress ratings.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{AreaWorkId, ClientId, GoalId, PersonId};
use crate::input;
use crate::record::vocabulary::ProblemArea;
use crate::store::rows;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A goal's rating: 0 (not at all) to 10 (fully).
pub const GOAL_RATING: std::ops::RangeInclusive<i64> = 0..=10;
/// Social contacts in a usual week (interpersonal deficits).
pub const CONTACTS_PER_WEEK: std::ops::RangeInclusive<i64> = 0..=200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DisputeStage {
    Renegotiation,
    Impasse,
    Dissolution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Visibility {
    Overt,
    Covert,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TransitionType {
    Parenthood,
    Job,
    Move,
    Illness,
    Separation,
    Migration,
    Retirement,
    Education,
    Other,
}

/// Something dated in the client's life, such as a new or renewed relationship or activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DatedItem {
    pub on: Option<String>,
    pub what: String,
}

/// The fields that belong to one problem area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "area", rename_all = "snake_case")]
#[ts(export)]
pub enum AreaDetails {
    Grief {
        /// The person who died, from the inventory.
        person_id: Option<PersonId>,
        date_of_death: Option<String>,
        circumstances: Option<String>,
        anniversaries: Option<String>,
        avoided_reminders: Option<String>,
        unexpressed_feelings: Option<String>,
        new_involvements: Vec<DatedItem>,
    },
    RoleDispute {
        /// The other party, from the inventory.
        person_id: Option<PersonId>,
        visibility: Option<Visibility>,
        client_expectations: Option<String>,
        other_expectations: Option<String>,
        blocks: Option<String>,
        options: Option<String>,
        plan: Option<String>,
    },
    RoleTransition {
        transition_type: Option<TransitionType>,
        transition_date: Option<String>,
        old_role_good: Option<String>,
        old_role_bad: Option<String>,
        new_role_good: Option<String>,
        new_role_bad: Option<String>,
        losses: Option<String>,
        opportunities: Option<String>,
        skills_to_build: Option<String>,
        supports_to_build: Option<String>,
    },
    InterpersonalDeficits {
        relationship_history: Option<String>,
        patterns: Option<String>,
        /// The weekly count is a dated series of its own (`record::contacts`).
        target_contacts: Option<String>,
        therapy_relationship: Option<String>,
    },
}

impl AreaDetails {
    pub fn area(&self) -> ProblemArea {
        match self {
            AreaDetails::Grief { .. } => ProblemArea::Grief,
            AreaDetails::RoleDispute { .. } => ProblemArea::RoleDispute,
            AreaDetails::RoleTransition { .. } => ProblemArea::RoleTransition,
            AreaDetails::InterpersonalDeficits { .. } => ProblemArea::InterpersonalDeficits,
        }
    }

    /// Empty fields for `area`.
    pub fn empty(area: ProblemArea) -> Self {
        match area {
            ProblemArea::Grief => AreaDetails::Grief {
                person_id: None,
                date_of_death: None,
                circumstances: None,
                anniversaries: None,
                avoided_reminders: None,
                unexpressed_feelings: None,
                new_involvements: Vec::new(),
            },
            ProblemArea::RoleDispute => AreaDetails::RoleDispute {
                person_id: None,
                visibility: None,
                client_expectations: None,
                other_expectations: None,
                blocks: None,
                options: None,
                plan: None,
            },
            ProblemArea::RoleTransition => AreaDetails::RoleTransition {
                transition_type: None,
                transition_date: None,
                old_role_good: None,
                old_role_bad: None,
                new_role_good: None,
                new_role_bad: None,
                losses: None,
                opportunities: None,
                skills_to_build: None,
                supports_to_build: None,
            },
            ProblemArea::InterpersonalDeficits => AreaDetails::InterpersonalDeficits {
                relationship_history: None,
                patterns: None,
                target_contacts: None,
                therapy_relationship: None,
            },
        }
    }

    fn validated(&self, conn: &Connection, clock: &dyn Clock, client: ClientId) -> Result<Self> {
        let mut v = input::tidy(self, &[], &["date_of_death", "transition_date"])?;
        // Inside a list, an empty date means "no date", as it does for a form's own fields.
        if let AreaDetails::Grief { new_involvements, .. } = &mut v {
            for item in new_involvements.iter_mut() {
                if item.on.as_deref().is_some_and(str::is_empty) {
                    item.on = None;
                }
            }
        }
        let today = input::today(clock);
        match &v {
            AreaDetails::Grief { person_id, date_of_death, new_involvements, .. } => {
                if let Some(p) = person_id {
                    super::inventory::owned(conn, client, *p)?;
                }
                if let Some(d) = input::opt_date("date_of_death", date_of_death.as_deref())? {
                    input::not_future("date_of_death", d, today, "A date of death")?;
                }
                for item in new_involvements {
                    input::opt_date("new_involvements", item.on.as_deref())?;
                    if item.what.trim().is_empty() {
                        return Err(Error::invalid(
                            "new_involvements",
                            "Each new involvement needs a description.",
                        ));
                    }
                }
            }
            AreaDetails::RoleDispute { person_id, .. } => {
                if let Some(p) = person_id {
                    super::inventory::owned(conn, client, *p)?;
                }
            }
            AreaDetails::RoleTransition { transition_date, .. } => {
                input::opt_date("transition_date", transition_date.as_deref())?;
            }
            AreaDetails::InterpersonalDeficits { .. } => {}
        }
        Ok(v)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StageChange {
    pub stage: DisputeStage,
    pub changed_on: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AreaWork {
    pub id: AreaWorkId,
    pub details: AreaDetails,
    /// For a role dispute: the stage history, oldest first (the last entry is the stage now).
    pub stages: Vec<StageChange>,
    pub updated_at: String,
}

/// Saves the fields for one area, creating the area's work on first save.
pub fn save(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    details: &AreaDetails,
) -> Result<AreaWorkId> {
    super::clients::exists(conn, client)?;
    let v = details.validated(conn, clock, client)?;
    let json = serde_json::to_string(&v)
        .map_err(|e| Error::invalid("details", format!("The form could not be stored ({e}).")))?;
    let now = now_text(clock);
    conn.execute(
        "INSERT INTO area_work (client_id, area, details, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (client_id, area) DO UPDATE SET details = excluded.details, updated_at = excluded.updated_at",
        params![client, v.area(), json, now],
    )?;
    let id = conn.query_row(
        "SELECT id FROM area_work WHERE client_id = ?1 AND area = ?2",
        params![client, v.area()],
        |r| r.get(0),
    )?;
    Ok(AreaWorkId(id))
}

/// Links a person who died to the grief work, in one step: the grief work (started if there is
/// none yet) names them as the person who died, with their date of death when it has none.
pub fn link_grief(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    person: PersonId,
) -> Result<AreaWorkId> {
    let (deceased, died_on, name) = super::inventory::death_of(conn, client, person)?;
    if !deceased {
        return Err(Error::invalid(
            "deceased",
            format!("{name} is not recorded as having died; record the death first."),
        ));
    }
    let existing: Option<String> = conn
        .query_row(
            "SELECT details FROM area_work WHERE client_id = ?1 AND area = 'grief'",
            [client],
            |r| r.get(0),
        )
        .optional()?;
    let mut details = match existing {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| Error::Damaged { what: format!("the grief work cannot be read ({e})") })?,
        None => AreaDetails::empty(ProblemArea::Grief),
    };
    if let AreaDetails::Grief { person_id, date_of_death, .. } = &mut details {
        match person_id {
            Some(other) if *other != person => {
                return Err(Error::Conflict {
                    reason: "The grief work is about someone else already. Change the person \
                             there if the work is about this loss."
                        .into(),
                });
            }
            _ => *person_id = Some(person),
        }
        if date_of_death.is_none() {
            *date_of_death = died_on;
        }
    }
    save(conn, clock, client, &details)
}

/// Records that a role dispute moved to `stage` on `on`.
pub fn change_stage(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    stage: DisputeStage,
    on: &str,
    note: Option<&str>,
) -> Result<()> {
    let day = input::date("changed_on", on)?;
    input::not_future("changed_on", day, input::today(clock), "A stage change")?;
    let note = input::opt_text("note", note, input::LONG_TEXT)?;
    let work: Option<AreaWorkId> = conn
        .query_row(
            "SELECT id FROM area_work WHERE client_id = ?1 AND area = 'role_dispute'",
            [client],
            |r| r.get(0),
        )
        .optional()?;
    let work = match work {
        Some(w) => w,
        None => save(conn, clock, client, &AreaDetails::empty(ProblemArea::RoleDispute))?,
    };
    let current: Option<DisputeStage> = conn
        .query_row(
            "SELECT stage FROM dispute_stages WHERE area_work_id = ?1 ORDER BY changed_on DESC, id DESC LIMIT 1",
            [work],
            |r| r.get(0),
        )
        .optional()?;
    if current == Some(stage) {
        return Err(Error::invalid("stage", "The dispute is already at this stage."));
    }
    conn.execute(
        "INSERT INTO dispute_stages (area_work_id, stage, changed_on, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![work, stage, on, note, now_text(clock)],
    )?;
    Ok(())
}

pub fn for_client(conn: &Connection, client: ClientId) -> Result<Vec<AreaWork>> {
    let mut stmt = conn.prepare(
        "SELECT id, details, updated_at FROM area_work WHERE client_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([client], |r| {
        Ok((r.get::<_, AreaWorkId>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, json, updated_at) = row?;
        let details = serde_json::from_str(&json).map_err(|e| Error::Damaged {
            what: format!("problem-area work {id} cannot be read ({e})"),
        })?;
        let mut stmt = conn.prepare_cached(
            "SELECT stage, changed_on, note FROM dispute_stages WHERE area_work_id = ?1 ORDER BY changed_on, id",
        )?;
        let stages =
            stmt.query_map([id], rows::fields::<StageChange>)?.collect::<rusqlite::Result<_>>()?;
        out.push(AreaWork { id, details, stages, updated_at });
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GoalStatus {
    NotStarted,
    InProgress,
    PartlyAchieved,
    Achieved,
    Dropped,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GoalInput {
    pub area: ProblemArea,
    pub description: String,
    pub target_date: Option<String>,
}

impl GoalInput {
    fn validated(&self) -> Result<Self> {
        let v = input::tidy(self, &["description"], &["target_date"])?;
        input::opt_date("target_date", v.target_date.as_deref())?;
        Ok(v)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GoalStatusChange {
    pub status: GoalStatus,
    pub changed_on: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GoalRating {
    pub rated_on: String,
    #[ts(type = "number")]
    pub rating: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Goal {
    pub id: GoalId,
    #[serde(flatten)]
    pub fields: GoalInput,
    pub status: GoalStatus,
    pub history: Vec<GoalStatusChange>,
    pub ratings: Vec<GoalRating>,
}

pub fn add_goal(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    goal: &GoalInput,
) -> Result<GoalId> {
    super::clients::exists(conn, client)?;
    let v = goal.validated()?;
    let now = now_text(clock);
    let id = rows::insert(
        conn,
        "goals",
        &v,
        &[],
        &[
            ("client_id", &client),
            ("status", &GoalStatus::NotStarted),
            ("created_at", &now),
            ("updated_at", &now),
        ],
    )?;
    conn.execute(
        "INSERT INTO goal_status_history (goal_id, status, changed_on, note, recorded_at) VALUES (?1, 'not_started', ?2, NULL, ?3)",
        params![id, input::today(clock).to_string(), now],
    )?;
    Ok(GoalId(id))
}

pub fn update_goal(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    goal: GoalId,
    input: &GoalInput,
) -> Result<()> {
    let v = input.validated()?;
    rows::update(
        conn,
        "goals",
        &v,
        &[],
        &[("updated_at", &now_text(clock))],
        &[("id", &goal), ("client_id", &client)],
        "The goal",
    )
}

fn goal_owned(conn: &Connection, client: ClientId, goal: GoalId) -> Result<GoalStatus> {
    conn.query_row(
        "SELECT status FROM goals WHERE id = ?1 AND client_id = ?2",
        params![goal, client],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::NotFound { what: "The goal" })
}

pub fn set_goal_status(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    goal: GoalId,
    status: GoalStatus,
    on: &str,
    note: Option<&str>,
) -> Result<()> {
    let current = goal_owned(conn, client, goal)?;
    input::date("changed_on", on)?;
    let note = input::opt_text("note", note, input::LONG_TEXT)?;
    if current == status {
        return Err(Error::invalid("status", "The goal already has this status."));
    }
    let now = now_text(clock);
    conn.execute(
        "UPDATE goals SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![goal, status, now],
    )?;
    conn.execute(
        "INSERT INTO goal_status_history (goal_id, status, changed_on, note, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![goal, status, on, note, now],
    )?;
    Ok(())
}

pub fn rate_goal(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    goal: GoalId,
    on: &str,
    rating: i64,
) -> Result<()> {
    goal_owned(conn, client, goal)?;
    let day = input::date("rated_on", on)?;
    input::not_future("rated_on", day, input::today(clock), "A rating")?;
    input::range("rating", rating, GOAL_RATING)?;
    conn.execute(
        "INSERT INTO goal_ratings (goal_id, rated_on, rating, recorded_at) VALUES (?1, ?2, ?3, ?4)",
        params![goal, on, rating, now_text(clock)],
    )?;
    Ok(())
}

pub fn goals(conn: &Connection, client: ClientId) -> Result<Vec<Goal>> {
    #[derive(Deserialize)]
    struct Meta {
        id: GoalId,
        status: GoalStatus,
    }
    let mut stmt = conn.prepare("SELECT * FROM goals WHERE client_id = ?1 ORDER BY id")?;
    let rows = stmt
        .query_map([client], |r| Ok((rows::fields::<Meta>(r)?, rows::fields::<GoalInput>(r)?)))?;
    let mut out: Vec<Goal> = Vec::new();
    for row in rows {
        let (meta, fields) = row?;
        out.push(Goal {
            id: meta.id,
            fields,
            status: meta.status,
            history: Vec::new(),
            ratings: Vec::new(),
        });
    }
    let mut history: BTreeMap<GoalId, Vec<GoalStatusChange>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT h.goal_id, h.status, h.changed_on, h.note FROM goal_status_history h
         JOIN goals g ON g.id = h.goal_id WHERE g.client_id = ?1 ORDER BY h.id",
    )?;
    for row in stmt.query_map([client], |r| {
        Ok((r.get::<_, GoalId>(0)?, rows::fields::<GoalStatusChange>(r)?))
    })? {
        let (goal, change) = row?;
        history.entry(goal).or_default().push(change);
    }
    let mut ratings: BTreeMap<GoalId, Vec<GoalRating>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT r.goal_id, r.rated_on, r.rating FROM goal_ratings r
         JOIN goals g ON g.id = r.goal_id WHERE g.client_id = ?1 ORDER BY r.rated_on, r.id",
    )?;
    for row in
        stmt.query_map([client], |r| Ok((r.get::<_, GoalId>(0)?, rows::fields::<GoalRating>(r)?)))?
    {
        let (goal, rating) = row?;
        ratings.entry(goal).or_default().push(rating);
    }
    for goal in &mut out {
        goal.history = history.remove(&goal.id).unwrap_or_default();
        goal.ratings = ratings.remove(&goal.id).unwrap_or_default();
    }
    Ok(out)
}

crate::stored_as_text!(
    DisputeStage => "dispute stage",
    GoalStatus => "goal status",
);
