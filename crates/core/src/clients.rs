//! The client record: who the client is, how to reach them, what brought them, and where they
//! are in the status lifecycle (enquiry → assessment → active → concluded → maintenance →
//! archived). Every status change is dated and kept.

use crate::clock::Clock;
use crate::course::{self, Progress};
use crate::error::{Error, Result};
use crate::ids::ClientId;
use crate::input;
use crate::rows;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

    pub fn as_str(self) -> &'static str {
        match self {
            ClientStatus::Enquiry => "enquiry",
            ClientStatus::Assessment => "assessment",
            ClientStatus::Active => "active",
            ClientStatus::Concluded => "concluded",
            ClientStatus::Maintenance => "maintenance",
            ClientStatus::Archived => "archived",
        }
    }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SessionFormat {
    InPerson,
    Video,
    Phone,
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
                input::opt_range("perinatal_weeks", v.perinatal_weeks, 0, 44)?;
                if v.infant_age_weeks.is_some() {
                    return Err(Error::invalid(
                        "infant_age_weeks",
                        "An infant's age is for after the birth; choose \"postpartum\" first.",
                    ));
                }
            }
            Some(PerinatalStage::Postpartum) => {
                input::opt_range("perinatal_weeks", v.perinatal_weeks, 0, 104)?;
                input::opt_range("infant_age_weeks", v.infant_age_weeks, 0, 156)?;
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

/// One line of the client list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClientSummary {
    pub id: ClientId,
    pub full_name: String,
    pub preferred_name: Option<String>,
    pub status: ClientStatus,
    pub condition_group: ConditionGroup,
    /// The current course's position, when the client has a course.
    pub progress: Option<Progress>,
    pub updated_at: String,
}

pub(crate) fn now_text(clock: &dyn Clock) -> String {
    clock.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
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
        &[("status", &status.as_str()), ("created_at", &now), ("updated_at", &now)],
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
        params![id, status.as_str(), on, note, now],
    )?;
    Ok(())
}

pub fn status(conn: &Connection, id: ClientId) -> Result<(ClientStatus, Option<ClientStatus>)> {
    let row: Option<(String, Option<String>)> = conn
        .query_row("SELECT status, status_before_archive FROM clients WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let (now, before) = row.ok_or(Error::NotFound { what: "The client" })?;
    Ok((parse_status(&now)?, before.as_deref().map(parse_status).transpose()?))
}

fn parse_status(s: &str) -> Result<ClientStatus> {
    ClientStatus::ALL
        .into_iter()
        .find(|c| c.as_str() == s)
        .ok_or_else(|| Error::Damaged { what: format!("unknown client status '{s}'") })
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
    let before = (new == ClientStatus::Archived).then_some(current.as_str());
    if current == ClientStatus::Archived || new == ClientStatus::Archived {
        conn.execute(
            "UPDATE clients SET status = ?2, status_before_archive = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, new.as_str(), before, now],
        )?;
    } else {
        conn.execute(
            "UPDATE clients SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, new.as_str(), now],
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

/// The columns of a `ClientSummary`; its `progress` is filled in separately (a missing column
/// reads as `None`).
const SUMMARY_SQL: &str =
    "SELECT id, full_name, preferred_name, status, condition_group, updated_at FROM clients";

/// Every client with their current course's position, sorted by name.
pub fn list(conn: &Connection, clock: &dyn Clock) -> Result<Vec<ClientSummary>> {
    let mut progress = course::current_progress_by_client(conn, clock)?;
    let mut stmt = conn.prepare(&format!("{SUMMARY_SQL} ORDER BY full_name COLLATE NOCASE, id"))?;
    let rows = stmt.query_map([], rows::fields::<ClientSummary>)?;
    let mut out: Vec<ClientSummary> = rows.collect::<rusqlite::Result<_>>()?;
    for summary in &mut out {
        summary.progress = progress.remove(&summary.id);
    }
    Ok(out)
}

/// Clients whose names look like `name`: the same words in any order and case, or one
/// name contained in the other. Used to warn, never to refuse, when adding a client.
pub fn similar(
    conn: &Connection,
    name: &str,
    except: Option<ClientId>,
) -> Result<Vec<ClientSummary>> {
    let wanted = name_key(name);
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(SUMMARY_SQL)?;
    let rows = stmt.query_map([], rows::fields::<ClientSummary>)?;
    let mut out = Vec::new();
    for row in rows {
        let summary = row?;
        if Some(summary.id) == except {
            continue;
        }
        let theirs = name_key(&summary.full_name);
        let alike = theirs == wanted
            || (wanted.len() > 1
                && theirs.len() > 1
                && (contains_all(&theirs, &wanted) || contains_all(&wanted, &theirs)));
        if alike {
            out.push(summary);
        }
    }
    Ok(out)
}

/// The lower-cased words of a name, sorted, without accents' effect on case.
fn name_key(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    words.sort();
    words
}

fn contains_all(haystack: &[String], needles: &[String]) -> bool {
    needles.iter().all(|n| haystack.contains(n))
}

pub fn exists(conn: &Connection, id: ClientId) -> Result<()> {
    rows::exists(conn, "SELECT 1 FROM clients WHERE id = ?1", [id], "The client")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_alike() {
        assert_eq!(name_key("  Anna  MARIA  Smith "), vec!["anna", "maria", "smith"]);
        let a = name_key("Smith, Anna");
        let b = name_key("anna smith");
        assert_eq!(a, b);
        assert!(contains_all(&name_key("Anna Maria Smith"), &name_key("Anna Smith")));
        assert!(!contains_all(&name_key("Anna Smith"), &name_key("Anna Jones")));
    }
}
