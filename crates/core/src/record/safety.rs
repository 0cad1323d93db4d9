//! The safety plan: six parts in the client's own words, where it is kept, and when to review
//! it. One current plan per client; every saved state is kept as a dated version (the schema
//! keeps them, whatever saves the plan), so earlier plans stay readable.

use crate::clock::{Clock, now_text};
use crate::error::Result;
use crate::ids::ClientId;
use crate::input;
use crate::store::rows;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SafetyPlanInput {
    /// Signs that a crisis may be building.
    pub warning_signs: Option<String>,
    /// Things the client can do on their own to cope.
    pub own_strategies: Option<String>,
    /// People and places that take the client's mind off things.
    pub distractions: Option<String>,
    /// People the client can ask for help.
    pub people_to_ask: Option<String>,
    /// Professionals and crisis services, with numbers.
    pub professionals: Option<String>,
    /// Making the surroundings safe.
    pub safe_surroundings: Option<String>,
    pub kept_where: Option<String>,
    pub review_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SafetyPlan {
    #[serde(flatten)]
    pub fields: SafetyPlanInput,
    pub updated_at: String,
    /// The plan as saved before, newest first (the current one is not repeated here).
    pub earlier: Vec<SafetyPlanVersion>,
}

/// The plan as it read when saved on `saved_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SafetyPlanVersion {
    #[serde(flatten)]
    pub fields: SafetyPlanInput,
    pub saved_at: String,
}

pub fn save(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    plan: &SafetyPlanInput,
) -> Result<()> {
    super::clients::exists(conn, client)?;
    let v = input::tidy(plan, &[], &["review_on", "kept_where"])?;
    input::opt_date("review_on", v.review_on.as_deref())?;
    let now = now_text(clock);
    let exists = get(conn, client)?.is_some();
    if exists {
        rows::update(
            conn,
            "safety_plans",
            &v,
            &[],
            &[("updated_at", &now)],
            &[("client_id", &client)],
            "The safety plan",
        )
    } else {
        rows::insert(conn, "safety_plans", &v, &[], &[("client_id", &client), ("updated_at", &now)])
            .map(|_| ())
    }
}

pub fn get(conn: &Connection, client: ClientId) -> Result<Option<SafetyPlan>> {
    let current = conn
        .query_row("SELECT * FROM safety_plans WHERE client_id = ?1", [client], |r| {
            Ok(SafetyPlan {
                fields: rows::fields(r)?,
                updated_at: r.get("updated_at")?,
                earlier: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut plan) = current else { return Ok(None) };
    let mut stmt = conn.prepare(
        "SELECT * FROM safety_plan_versions WHERE client_id = ?1 ORDER BY id DESC LIMIT -1 OFFSET 1",
    )?;
    let rows = stmt.query_map([client], |r| {
        Ok(SafetyPlanVersion { fields: rows::fields(r)?, saved_at: r.get("saved_at")? })
    })?;
    plan.earlier = rows.collect::<rusqlite::Result<_>>()?;
    Ok(Some(plan))
}
