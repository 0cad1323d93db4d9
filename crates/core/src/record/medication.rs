//! Medication and coordination with the prescriber: who prescribes, whether the client agreed
//! to information being shared, each medication with its dated changes, and dated contacts.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{ClientId, MedicationId};
use crate::input;
use crate::store::rows;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrescriberInput {
    pub name: Option<String>,
    pub contact: Option<String>,
    pub consent_to_share: Option<bool>,
    pub consent_on: Option<String>,
    /// The client remitted with medication and therapy together: matters for maintenance.
    pub remitted_combined: bool,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Prescriber {
    #[serde(flatten)]
    pub fields: PrescriberInput,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MedicationInput {
    pub name: String,
    pub dose: Option<String>,
    pub started_on: Option<String>,
    pub stopped_on: Option<String>,
    pub adherence: Option<String>,
    pub side_effects: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MedicationChange {
    pub changed_on: String,
    pub description: String,
    /// The dose from this change on, when the change set one.
    pub new_dose: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Medication {
    pub id: MedicationId,
    #[serde(flatten)]
    pub fields: MedicationInput,
    pub changes: Vec<MedicationChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrescriberContactInput {
    pub contacted_on: String,
    /// Phone, letter, email, meeting.
    pub method: Option<String>,
    pub summary: String,
    /// What was agreed.
    pub agreed: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PrescriberContact {
    #[ts(type = "number")]
    pub id: i64,
    #[serde(flatten)]
    pub fields: PrescriberContactInput,
}

pub fn save_prescriber(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    input: &PrescriberInput,
) -> Result<()> {
    super::clients::exists(conn, client)?;
    let v = input::tidy(input, &[], &["name", "consent_on"])?;
    if let Some(d) = input::opt_date("consent_on", v.consent_on.as_deref())? {
        input::not_future("consent_on", d, input::today(clock), "A consent date")?;
        if v.consent_to_share.is_none() {
            return Err(Error::invalid("consent_to_share", "Say whether the client consented."));
        }
    }
    let now = now_text(clock);
    conn.execute(
        "INSERT INTO prescribers (client_id, name, contact, consent_to_share, consent_on, remitted_combined, notes, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, contact = excluded.contact,
             consent_to_share = excluded.consent_to_share, consent_on = excluded.consent_on,
             remitted_combined = excluded.remitted_combined, notes = excluded.notes,
             updated_at = excluded.updated_at",
        params![client, v.name, v.contact, v.consent_to_share, v.consent_on, v.remitted_combined, v.notes, now],
    )?;
    Ok(())
}

fn check_medication(input: &MedicationInput) -> Result<MedicationInput> {
    let v = input::tidy(input, &["name"], &["name", "dose", "started_on", "stopped_on"])?;
    let start = input::opt_date("started_on", v.started_on.as_deref())?;
    let stop = input::opt_date("stopped_on", v.stopped_on.as_deref())?;
    if let (Some(start), Some(stop)) = (start, stop)
        && stop < start
    {
        return Err(Error::invalid("stopped_on", "A medication cannot stop before it started."));
    }
    Ok(v)
}

pub fn add_medication(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    input: &MedicationInput,
) -> Result<MedicationId> {
    super::clients::exists(conn, client)?;
    let v = check_medication(input)?;
    let now = now_text(clock);
    let id = rows::insert(
        conn,
        "medications",
        &v,
        &[],
        &[("client_id", &client), ("created_at", &now), ("updated_at", &now)],
    )?;
    Ok(MedicationId(id))
}

pub fn update_medication(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: MedicationId,
    input: &MedicationInput,
) -> Result<()> {
    let v = check_medication(input)?;
    let stored: Option<Option<String>> = conn
        .query_row(
            "SELECT dose FROM medications WHERE id = ?1 AND client_id = ?2",
            params![id, client],
            |r| r.get(0),
        )
        .optional()?;
    let Some(stored) = stored else { return Err(Error::NotFound { what: "The medication" }) };
    // Once a dose is recorded, it changes only through a dated change, so its history is kept.
    if stored.is_some() && v.dose != stored {
        return Err(Error::invalid(
            "dose",
            "Record a change of dose with \"Record a change\", so it keeps its date.",
        ));
    }
    rows::update(
        conn,
        "medications",
        &v,
        &[],
        &[("updated_at", &now_text(clock))],
        &[("id", &id), ("client_id", &client)],
        "The medication",
    )
}

pub fn add_medication_change(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: MedicationId,
    on: &str,
    description: &str,
    new_dose: Option<&str>,
) -> Result<()> {
    conn.query_row(
        "SELECT 1 FROM medications WHERE id = ?1 AND client_id = ?2",
        params![id, client],
        |_| Ok(()),
    )
    .optional()?
    .ok_or(Error::NotFound { what: "The medication" })?;
    let day = input::date("changed_on", on)?;
    input::not_future("changed_on", day, input::today(clock), "A change that happened")?;
    let description = input::text("description", description, input::LONG_TEXT, true)?;
    let new_dose = input::opt_text("new_dose", new_dose, input::SHORT_TEXT)?;
    let now = now_text(clock);
    conn.execute(
        "INSERT INTO medication_changes (medication_id, changed_on, description, new_dose, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, on, description, new_dose, now],
    )?;
    if new_dose.is_some() {
        // The medication's dose is the one set by its latest dated change.
        conn.execute(
            "UPDATE medications SET updated_at = ?2, dose = (
                 SELECT new_dose FROM medication_changes
                 WHERE medication_id = ?1 AND new_dose IS NOT NULL
                 ORDER BY changed_on DESC, id DESC LIMIT 1)
             WHERE id = ?1",
            params![id, now],
        )?;
    }
    Ok(())
}

pub fn add_contact(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    input: &PrescriberContactInput,
) -> Result<()> {
    super::clients::exists(conn, client)?;
    let v = input::tidy(input, &["contacted_on", "summary"], &["contacted_on", "method"])?;
    let day = input::date("contacted_on", &v.contacted_on)?;
    input::not_future("contacted_on", day, input::today(clock), "A contact that took place")?;
    rows::insert(
        conn,
        "prescriber_contacts",
        &v,
        &[],
        &[("client_id", &client), ("recorded_at", &now_text(clock))],
    )?;
    Ok(())
}

pub fn prescriber(conn: &Connection, client: ClientId) -> Result<Option<Prescriber>> {
    Ok(conn
        .query_row("SELECT * FROM prescribers WHERE client_id = ?1", [client], |r| {
            Ok(Prescriber { fields: rows::fields(r)?, updated_at: r.get("updated_at")? })
        })
        .optional()?)
}

pub fn medications(conn: &Connection, client: ClientId) -> Result<Vec<Medication>> {
    let mut changes: BTreeMap<MedicationId, Vec<MedicationChange>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT c.medication_id, c.changed_on, c.description, c.new_dose FROM medication_changes c
         JOIN medications m ON m.id = c.medication_id WHERE m.client_id = ?1
         ORDER BY c.changed_on, c.id",
    )?;
    for row in stmt.query_map([client], |r| {
        Ok((r.get::<_, MedicationId>(0)?, rows::fields::<MedicationChange>(r)?))
    })? {
        let (id, change) = row?;
        changes.entry(id).or_default().push(change);
    }
    let mut stmt = conn.prepare(
        "SELECT * FROM medications WHERE client_id = ?1 ORDER BY (stopped_on IS NOT NULL), started_on, id",
    )?;
    let rows = stmt.query_map([client], |r| {
        Ok((r.get::<_, MedicationId>("id")?, rows::fields::<MedicationInput>(r)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, fields) = row?;
        out.push(Medication { id, fields, changes: changes.remove(&id).unwrap_or_default() });
    }
    Ok(out)
}

pub fn contacts(conn: &Connection, client: ClientId) -> Result<Vec<PrescriberContact>> {
    let mut stmt = conn.prepare(
        "SELECT * FROM prescriber_contacts WHERE client_id = ?1 ORDER BY contacted_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([client], |r| {
        Ok(PrescriberContact { id: r.get("id")?, fields: rows::fields(r)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
