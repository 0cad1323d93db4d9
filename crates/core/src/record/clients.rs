//! The client record: who the client is, how to reach them, what brought them, and where they
//! are in the status lifecycle (enquiry → assessment → active → concluded → maintenance →
//! archived). Every status change is dated and kept.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::ClientId;
use crate::input;
use crate::record::vocabulary::SessionFormat;
use crate::store::rows;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;
use ts_rs::TS;

/// Weeks of pregnancy, weeks since the birth, and the infant's age in weeks.
pub const WEEKS_PREGNANT: RangeInclusive<i64> = 0..=44;
pub const WEEKS_POSTPARTUM: RangeInclusive<i64> = 0..=104;
pub const INFANT_AGE_WEEKS: RangeInclusive<i64> = 0..=156;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClientStatus {
    Enquiry,
    Assessment,
    Active,
    Concluded,
    Maintenance,
    Archived,
}

impl ClientStatus {
    pub const ALL: [ClientStatus; 6] = [
        ClientStatus::Enquiry,
        ClientStatus::Assessment,
        ClientStatus::Active,
        ClientStatus::Concluded,
        ClientStatus::Maintenance,
        ClientStatus::Archived,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConditionGroup {
    MajorDepression,
    PerinatalDepression,
    Dysthymia,
    BulimiaNervosa,
    Ptsd,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PerinatalStage {
    Pregnant,
    Postpartum,
}

/// What the practitioner enters about a client. Dates are `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClientInput {
    pub full_name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<String>,
    pub pronouns: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub emergency_contact: Option<String>,
    pub referral_source: Option<String>,
    /// The client's GP or prescriber, as a name and practice.
    pub gp_prescriber: Option<String>,
    pub presenting_problem: Option<String>,
    pub diagnosis: Option<String>,
    /// An optional ICD-10, ICD-11 or DSM code.
    pub diagnosis_code: Option<String>,
    pub condition_group: ConditionGroup,
    pub perinatal_stage: Option<PerinatalStage>,
    /// Weeks pregnant, or weeks since the birth.
    #[ts(type = "number | null")]
    pub perinatal_weeks: Option<i64>,
    #[ts(type = "number | null")]
    pub infant_age_weeks: Option<i64>,
    pub feeding: Option<String>,
    pub partner_involvement: Option<String>,
    pub consent_notes: Option<String>,
    pub session_format: SessionFormat,
    pub retention_until: Option<String>,
}

const SHORT_FIELDS: &[&str] = &[
    "full_name",
    "preferred_name",
    "date_of_birth",
    "pronouns",
    "phone",
    "email",
    "emergency_contact",
    "referral_source",
    "gp_prescriber",
    "diagnosis",
    "diagnosis_code",
    "feeding",
    "retention_until",
];

impl ClientInput {
    /// A client with only a name; everything else left to fill in later.
    pub fn named(full_name: &str) -> Self {
        ClientInput {
            full_name: full_name.into(),
            preferred_name: None,
            date_of_birth: None,
            pronouns: None,
            phone: None,
            email: None,
            address: None,
            emergency_contact: None,
            referral_source: None,
            gp_prescriber: None,
            presenting_problem: None,
            diagnosis: None,
            diagnosis_code: None,
            condition_group: ConditionGroup::MajorDepression,
            perinatal_stage: None,
            perinatal_weeks: None,
            infant_age_weeks: None,
            feeding: None,
            partner_involvement: None,
            consent_notes: None,
            session_format: SessionFormat::InPerson,
            retention_until: None,
        }
    }

    pub fn validated(&self, clock: &dyn Clock) -> Result<Self> {
        let v = input::tidy(self, &["full_name"], SHORT_FIELDS)?;
        let today = input::today(clock);
        if let Some(dob) = input::opt_date("date_of_birth", v.date_of_birth.as_deref())? {
            input::not_future("date_of_birth", dob, today, "A date of birth")?;
        }
        input::opt_date("retention_until", v.retention_until.as_deref())?;
        if let Some(email) = &v.email
            && !email.contains('@')
        {
            return Err(Error::invalid("email", "An email address has an @ in it."));
        }
        match v.perinatal_stage {
            Some(PerinatalStage::Pregnant) => {
                input::opt_range("perinatal_weeks", v.perinatal_weeks, WEEKS_PREGNANT)?;
                if v.infant_age_weeks.is_some() {
                    return Err(Error::invalid(
                        "infant_age_weeks",
                        "An infant's age is for after the birth; choose \"postpartum\" first.",
                    ));
                }
            }
            Some(PerinatalStage::Postpartum) => {
                input::opt_range("perinatal_weeks", v.perinatal_weeks, WEEKS_POSTPARTUM)?;
                input::opt_range("infant_age_weeks", v.infant_age_weeks, INFANT_AGE_WEEKS)?;
            }
            None => {
                if v.perinatal_weeks.is_some() {
                    return Err(Error::invalid(
                        "perinatal_stage",
                        "Choose pregnant or postpartum for the weeks to mean something.",
                    ));
                }
            }
        }
        Ok(v)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Client {
    pub id: ClientId,
    #[serde(flatten)]
    pub fields: ClientInput,
    pub status: ClientStatus,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusChange {
    pub status: ClientStatus,
    pub changed_on: String,
    pub note: Option<String>,
    pub recorded_at: String,
}

pub fn create(
    conn: &Connection,
    clock: &dyn Clock,
    input: &ClientInput,
    status: ClientStatus,
) -> Result<ClientId> {
    if status == ClientStatus::Archived {
        return Err(Error::invalid("status", "A new client cannot start out archived."));
    }
    let v = input.validated(clock)?;
    let now = now_text(clock);
    let id = rows::insert(
        conn,
        "clients",
        &v,
        &[],
        &[("status", &status), ("created_at", &now), ("updated_at", &now)],
    )?;
    let today = input::today(clock).to_string();
    record_status(conn, ClientId(id), status, &today, None, &now)?;
    Ok(ClientId(id))
}

pub fn update(
    conn: &Connection,
    clock: &dyn Clock,
    id: ClientId,
    input: &ClientInput,
) -> Result<()> {
    let v = input.validated(clock)?;
    let now = now_text(clock);
    rows::update(conn, "clients", &v, &[], &[("updated_at", &now)], &[("id", &id)], "The client")
}

fn record_status(
    conn: &Connection,
    id: ClientId,
    status: ClientStatus,
    on: &str,
    note: Option<&str>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO client_status_history (client_id, status, changed_on, note, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, status, on, note, now],
    )?;
    Ok(())
}

pub fn status(conn: &Connection, id: ClientId) -> Result<(ClientStatus, Option<ClientStatus>)> {
    conn.query_row("SELECT status, status_before_archive FROM clients WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()?
    .ok_or(Error::NotFound { what: "The client" })
}

/// Moves the client along the lifecycle. Any step is allowed (clients return for a new course,
/// or stop after the assessment), and each is kept with its date and note. Archiving remembers
/// the status to return to.
pub fn set_status(
    conn: &Connection,
    clock: &dyn Clock,
    id: ClientId,
    new: ClientStatus,
    on: &str,
    note: Option<&str>,
) -> Result<()> {
    input::date("changed_on", on)?;
    let note = input::opt_text("note", note, input::LONG_TEXT)?;
    let (current, _) = status(conn, id)?;
    if current == new {
        return Err(Error::invalid("status", "The client already has this status."));
    }
    let now = now_text(clock);
    let before = (new == ClientStatus::Archived).then_some(current);
    if current == ClientStatus::Archived || new == ClientStatus::Archived {
        conn.execute(
            "UPDATE clients SET status = ?2, status_before_archive = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, new, before, now],
        )?;
    } else {
        conn.execute(
            "UPDATE clients SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, new, now],
        )?;
    }
    record_status(conn, id, new, on, note.as_deref(), &now)
}

pub fn archive(conn: &Connection, clock: &dyn Clock, id: ClientId) -> Result<()> {
    let today = input::today(clock).to_string();
    set_status(conn, clock, id, ClientStatus::Archived, &today, None)
}

/// Brings an archived client back to the status they had before.
pub fn unarchive(conn: &Connection, clock: &dyn Clock, id: ClientId) -> Result<()> {
    let (current, before) = status(conn, id)?;
    if current != ClientStatus::Archived {
        return Err(Error::invalid("status", "The client is not archived."));
    }
    let today = input::today(clock).to_string();
    set_status(conn, clock, id, before.unwrap_or(ClientStatus::Concluded), &today, None)
}

pub fn get(conn: &Connection, id: ClientId) -> Result<Client> {
    conn.query_row("SELECT * FROM clients WHERE id = ?1", [id], |row| {
        Ok(Client {
            id: row.get("id")?,
            fields: rows::fields(row)?,
            status: rows::fields::<StatusOnly>(row)?.status,
            created_at: row.get("created_at")?,
            updated_at: row.get("updated_at")?,
        })
    })
    .optional()?
    .ok_or(Error::NotFound { what: "The client" })
}

#[derive(Deserialize)]
struct StatusOnly {
    status: ClientStatus,
}

pub fn status_history(conn: &Connection, id: ClientId) -> Result<Vec<StatusChange>> {
    let mut stmt = conn.prepare(
        "SELECT status, changed_on, note, recorded_at FROM client_status_history
         WHERE client_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], rows::fields::<StatusChange>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn exists(conn: &Connection, id: ClientId) -> Result<()> {
    rows::exists(conn, "SELECT 1 FROM clients WHERE id = ?1", [id], "The client")
}

crate::stored_as_text!(
    ClientStatus => "client status",
    ConditionGroup => "condition group",
    PerinatalStage => "perinatal stage",
);
