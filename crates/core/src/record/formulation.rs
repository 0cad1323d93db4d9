//! The IPT formulation, versioned: saving never changes an earlier version, it adds a new one
//! with its date, so what was agreed with the client at any point stays readable. Exactly one
//! primary problem area and at most one secondary, different from it.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{ClientId, FormulationId};
use crate::input;
use crate::record::vocabulary::ProblemArea;
use crate::store::rows;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FormulationInput {
    /// The date this version takes effect.
    pub effective_on: String,
    /// Diagnosis and the statement giving the sick role.
    pub diagnosis_sick_role: Option<String>,
    /// Family history, medical illness, perinatal status, medication.
    pub biological: Option<String>,
    pub psychological: Option<String>,
    pub attachment_style: Option<String>,
    pub social_support: Option<String>,
    pub culture_spirituality: Option<String>,
    /// Interpersonal events that preceded the episode, with their dates.
    pub precipitating_events: Option<String>,
    /// Required; optional here only so a form left unset gets a clear message.
    pub primary_area: Option<ProblemArea>,
    pub secondary_area: Option<ProblemArea>,
    /// The short statement shared with the client.
    pub client_statement: Option<String>,
    /// Whether the client agreed to this version: unknown (`None`) until asked, never carried
    /// over from an earlier version.
    pub client_agreed: Option<bool>,
    pub agreed_on: Option<String>,
    pub prognosis: Option<String>,
}

impl FormulationInput {
    pub fn validated(&self, clock: &dyn Clock) -> Result<Self> {
        let v = input::tidy(self, &["effective_on"], &["effective_on", "agreed_on"])?;
        let effective = input::date("effective_on", &v.effective_on)?;
        let Some(primary) = v.primary_area else {
            return Err(Error::invalid("primary_area", "Choose the primary problem area."));
        };
        if v.secondary_area == Some(primary) {
            return Err(Error::invalid(
                "secondary_area",
                "The secondary area must be different from the primary area.",
            ));
        }
        if let Some(d) = input::opt_date("agreed_on", v.agreed_on.as_deref())? {
            input::not_future("agreed_on", d, input::today(clock), "An agreement date")?;
            if d < effective {
                return Err(Error::invalid(
                    "agreed_on",
                    "The client cannot agree to this version before its date; the agreement is \
                     dated on or after it.",
                ));
            }
            if v.client_agreed != Some(true) {
                return Err(Error::invalid(
                    "agreed_on",
                    "A date of agreement needs the client's agreement marked as yes.",
                ));
            }
        }
        Ok(v)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Formulation {
    pub id: FormulationId,
    #[ts(type = "number")]
    pub version: i64,
    #[serde(flatten)]
    pub fields: FormulationInput,
    pub recorded_at: String,
}

/// Saves a new version; earlier versions are kept unchanged.
pub fn save(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    input: &FormulationInput,
) -> Result<FormulationId> {
    super::clients::exists(conn, client)?;
    let v = input.validated(clock)?;
    let version: i64 = conn.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM formulations WHERE client_id = ?1",
        [client],
        |r| r.get(0),
    )?;
    let id = rows::insert(
        conn,
        "formulations",
        &v,
        &[],
        &[("client_id", &client), ("version", &version), ("recorded_at", &now_text(clock))],
    )?;
    Ok(FormulationId(id))
}

/// Every version, newest first.
pub fn versions(conn: &Connection, client: ClientId) -> Result<Vec<Formulation>> {
    let mut stmt =
        conn.prepare("SELECT * FROM formulations WHERE client_id = ?1 ORDER BY version DESC")?;
    let rows = stmt.query_map([client], |r| {
        Ok(Formulation {
            id: r.get("id")?,
            version: r.get("version")?,
            fields: rows::fields(r)?,
            recorded_at: r.get("recorded_at")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
