//! Relapse warning signs: the client's personal early signs that a new episode may be starting,
//! what they will do and whom they will contact. Built in the conclusion phase, used by the
//! conclusion summary and the maintenance plan. Not the crisis plan (that is the safety plan).
//! Versioned like the formulation: a save adds a version, earlier ones stay as they were.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::ClientId;
use crate::input;
use crate::store::rows;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RelapsePlanInput {
    /// The client's own early signs that an episode may be starting.
    pub warning_signs: Option<String>,
    /// What they will do if the signs appear.
    pub what_to_do: Option<String>,
    /// Whom they will contact: supports, prescriber, a crisis line.
    pub whom_to_contact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RelapsePlan {
    #[ts(type = "number")]
    pub version: i64,
    #[serde(flatten)]
    pub fields: RelapsePlanInput,
    pub recorded_at: String,
}

/// Saves a new version; earlier versions are kept unchanged.
pub fn save(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    plan: &RelapsePlanInput,
) -> Result<()> {
    super::clients::exists(conn, client)?;
    let v = input::tidy(plan, &[], &[])?;
    if v.warning_signs.is_none() && v.what_to_do.is_none() && v.whom_to_contact.is_none() {
        return Err(Error::invalid(
            "warning_signs",
            "Write at least one of the warning signs, what to do or whom to contact.",
        ));
    }
    let version: i64 = conn.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM relapse_plans WHERE client_id = ?1",
        [client],
        |r| r.get(0),
    )?;
    rows::insert(
        conn,
        "relapse_plans",
        &v,
        &[],
        &[("client_id", &client), ("version", &version), ("recorded_at", &now_text(clock))],
    )?;
    Ok(())
}

/// Every version, newest first.
pub fn versions(conn: &Connection, client: ClientId) -> Result<Vec<RelapsePlan>> {
    let mut stmt =
        conn.prepare("SELECT * FROM relapse_plans WHERE client_id = ?1 ORDER BY version DESC")?;
    let rows = stmt.query_map([client], |r| {
        Ok(RelapsePlan {
            version: r.get("version")?,
            fields: rows::fields(r)?,
            recorded_at: r.get("recorded_at")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
