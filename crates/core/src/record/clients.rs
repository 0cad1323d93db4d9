//! The client record: who the client is, how to reach them, what brought them, and where they
//! are in the status lifecycle (enquiry → assessment → active → concluded → maintenance →
//! archived). Every status change is dated and kept.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::ClientId;
use crate::input;
use crate::record::vocabulary::SessionFormat;
use crate::store::rows;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A pregnancy lasts about 40 weeks from its first day to the due date.
pub const PREGNANCY_WEEKS: i64 = 40;
/// How far ahead a due date may be, and how long after it a pregnancy may still be recorded
/// (an overdue birth), in weeks.
pub const DUE_DATE_WEEKS_AHEAD: i64 = 44;
pub const DUE_DATE_WEEKS_PAST: i64 = 4;
/// How far back a birth may be for perinatal work, in weeks (three years).
pub const BIRTH_WEEKS_PAST: i64 = 156;

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

impl ConditionGroup {
    pub const ALL: [ConditionGroup; 6] = [
        ConditionGroup::MajorDepression,
        ConditionGroup::PerinatalDepression,
        ConditionGroup::Dysthymia,
        ConditionGroup::BulimiaNervosa,
        ConditionGroup::Ptsd,
        ConditionGroup::Other,
    ];
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
    /// The expected date of birth, while pregnant. Weeks are derived from it, never stored.
    pub due_date: Option<String>,
    /// The baby's date of birth, after it. Weeks postpartum and the infant's age come from it.
    pub birth_date: Option<String>,
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
    "due_date",
    "birth_date",
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
            due_date: None,
            birth_date: None,
            feeding: None,
            partner_involvement: None,
            consent_notes: None,
            session_format: SessionFormat::InPerson,
            retention_until: None,
        }
    }

    /// The rules that do not depend on today's date, for a record brought back from an
    /// export: text, real dates, an email with an @, perinatal dates that fit the stage.
    pub(crate) fn validated_as_stored(&self) -> Result<Self> {
        let v = input::tidy(self, &["full_name"], SHORT_FIELDS)?;
        for (field, value) in [
            ("date_of_birth", &v.date_of_birth),
            ("retention_until", &v.retention_until),
            ("due_date", &v.due_date),
            ("birth_date", &v.birth_date),
        ] {
            input::opt_date(field, value.as_deref())?;
        }
        if let Some(email) = &v.email
            && !email.contains('@')
        {
            return Err(Error::invalid("email", "An email address has an @ in it."));
        }
        match v.perinatal_stage {
            Some(PerinatalStage::Pregnant) if v.birth_date.is_some() => Err(Error::invalid(
                "birth_date",
                "A birth date is for after the birth; the stage says pregnant.",
            )),
            Some(PerinatalStage::Postpartum) if v.due_date.is_some() => Err(Error::invalid(
                "due_date",
                "A due date is for a pregnancy; the stage says postpartum.",
            )),
            None if v.due_date.is_some() || v.birth_date.is_some() => Err(Error::invalid(
                if v.due_date.is_some() { "due_date" } else { "birth_date" },
                "Perinatal dates need the stage, pregnant or postpartum.",
            )),
            _ => Ok(v),
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
        let due = input::opt_date("due_date", v.due_date.as_deref())?;
        let birth = input::opt_date("birth_date", v.birth_date.as_deref())?;
        match v.perinatal_stage {
            Some(PerinatalStage::Pregnant) => {
                if birth.is_some() {
                    return Err(Error::invalid(
                        "birth_date",
                        "A birth date is for after the birth; choose \"postpartum\" first.",
                    ));
                }
                if let Some(d) = due {
                    let weeks = (d - today).num_days().div_euclid(7);
                    if weeks > DUE_DATE_WEEKS_AHEAD {
                        return Err(Error::invalid(
                            "due_date",
                            format!(
                                "A due date is at most {DUE_DATE_WEEKS_AHEAD} weeks from today."
                            ),
                        ));
                    }
                    if -weeks > DUE_DATE_WEEKS_PAST {
                        return Err(Error::invalid(
                            "due_date",
                            "This due date passed over a month ago: if the baby was born, \
                             choose \"postpartum\" and give the birth date.",
                        ));
                    }
                }
            }
            Some(PerinatalStage::Postpartum) => {
                if due.is_some() {
                    return Err(Error::invalid(
                        "due_date",
                        "A due date is for a pregnancy; after the birth, give the birth date.",
                    ));
                }
                if let Some(b) = birth {
                    input::not_future("birth_date", b, today, "A birth date")?;
                    if (today - b).num_days() / 7 > BIRTH_WEEKS_PAST {
                        return Err(Error::invalid(
                            "birth_date",
                            "Perinatal details cover the first three years after a birth.",
                        ));
                    }
                }
            }
            None => {
                if due.is_some() || birth.is_some() {
                    let field = if due.is_some() { "due_date" } else { "birth_date" };
                    return Err(Error::invalid(
                        field,
                        "Choose pregnant or postpartum for the date to mean something.",
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
    /// The weeks of pregnancy or since the birth, as of today, from the dates.
    pub perinatal_weeks: Option<PerinatalWeeks>,
    pub status: ClientStatus,
    pub created_at: String,
    pub updated_at: String,
}

/// Weeks derived from the perinatal dates on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "stage")]
#[ts(export)]
pub enum PerinatalWeeks {
    /// Completed weeks of pregnancy (40 at the due date), and weeks left to the due date (below
    /// zero once it has passed).
    Pregnant {
        #[ts(type = "number")]
        weeks_pregnant: i64,
        #[ts(type = "number")]
        weeks_to_due: i64,
    },
    /// Completed weeks since the birth: the weeks postpartum and the infant's age.
    Postpartum {
        #[ts(type = "number")]
        weeks_since_birth: i64,
    },
}

impl ClientInput {
    /// The weeks on `today`, from the due date or the birth date.
    pub fn perinatal_weeks(&self, today: NaiveDate) -> Option<PerinatalWeeks> {
        let parse = |d: &Option<String>| {
            d.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        };
        match self.perinatal_stage? {
            PerinatalStage::Pregnant => {
                let due = parse(&self.due_date)?;
                let days_to_due = (due - today).num_days();
                Some(PerinatalWeeks::Pregnant {
                    weeks_pregnant: PREGNANCY_WEEKS - (days_to_due + 6).div_euclid(7),
                    weeks_to_due: days_to_due.div_euclid(7),
                })
            }
            PerinatalStage::Postpartum => {
                let birth = parse(&self.birth_date)?;
                Some(PerinatalWeeks::Postpartum {
                    weeks_since_birth: (today - birth).num_days().div_euclid(7),
                })
            }
        }
    }
}

/// The weeks as of `today` for perinatal dates still being typed, for the form that shows them
/// beside the date (the same rule as a saved client's): `None` until the stage and its date
/// are given and real.
pub fn perinatal_weeks_of(
    stage: Option<PerinatalStage>,
    due_date: Option<String>,
    birth_date: Option<String>,
    clock: &dyn Clock,
) -> Option<PerinatalWeeks> {
    ClientInput { perinatal_stage: stage, due_date, birth_date, ..ClientInput::named("") }
        .perinatal_weeks(input::today(clock))
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

/// The client, with the perinatal weeks as of `today`.
pub fn get(conn: &Connection, id: ClientId, today: NaiveDate) -> Result<Client> {
    conn.query_row("SELECT * FROM clients WHERE id = ?1", [id], |row| {
        let fields: ClientInput = rows::fields(row)?;
        Ok(Client {
            id: row.get("id")?,
            perinatal_weeks: fields.perinatal_weeks(today),
            fields,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn pregnant(due: &str) -> ClientInput {
        ClientInput {
            perinatal_stage: Some(PerinatalStage::Pregnant),
            due_date: Some(due.into()),
            ..ClientInput::named("A")
        }
    }

    #[test]
    fn weeks_come_from_the_dates_and_move_with_the_calendar() {
        let today = day("2026-03-02");
        let weeks = |due: &str, on: NaiveDate| pregnant(due).perinatal_weeks(on);
        let p = |weeks_pregnant, weeks_to_due| {
            Some(PerinatalWeeks::Pregnant { weeks_pregnant, weeks_to_due })
        };
        assert_eq!(weeks("2026-03-02", today), p(40, 0), "due today");
        assert_eq!(weeks("2026-03-03", today), p(39, 0), "39 weeks and 6 days");
        assert_eq!(weeks("2026-03-09", today), p(39, 1));
        assert_eq!(weeks("2026-03-10", today), p(38, 1));
        assert_eq!(weeks("2026-02-27", today), p(40, -1), "three days overdue");
        // A week later the same due date gives one more week.
        assert_eq!(weeks("2026-06-01", today), p(27, 13));
        assert_eq!(weeks("2026-06-01", day("2026-03-09")), p(28, 12));
        let after = ClientInput {
            perinatal_stage: Some(PerinatalStage::Postpartum),
            birth_date: Some("2026-01-26".into()),
            ..ClientInput::named("A")
        };
        assert_eq!(
            after.perinatal_weeks(today),
            Some(PerinatalWeeks::Postpartum { weeks_since_birth: 5 })
        );
        assert_eq!(
            after.perinatal_weeks(day("2026-03-01")),
            Some(PerinatalWeeks::Postpartum { weeks_since_birth: 4 })
        );
        assert_eq!(ClientInput::named("A").perinatal_weeks(today), None);
    }

    #[test]
    fn due_and_birth_dates_at_their_limits() {
        let clock = ManualClock::new(
            chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc(),
        );
        let field =
            |c: ClientInput| c.validated(&clock).err().and_then(|e| e.field().map(String::from));
        // 44 weeks ahead is the limit; four weeks overdue is still a pregnancy.
        assert_eq!(field(pregnant("2027-01-04")), None);
        assert_eq!(field(pregnant("2027-01-11")), Some("due_date".into()));
        assert_eq!(field(pregnant("2026-02-02")), None);
        assert_eq!(field(pregnant("2026-01-26")), Some("due_date".into()));
        let born = |d: &str| ClientInput {
            perinatal_stage: Some(PerinatalStage::Postpartum),
            birth_date: Some(d.into()),
            ..ClientInput::named("A")
        };
        assert_eq!(field(born("2026-03-02")), None);
        assert_eq!(field(born("2026-03-03")), Some("birth_date".into()));
        assert_eq!(field(born("2023-03-06")), None, "156 weeks");
        assert_eq!(field(born("2023-02-20")), Some("birth_date".into()));
        let both = ClientInput { due_date: Some("2026-04-01".into()), ..born("2026-02-01") };
        assert_eq!(field(both), Some("due_date".into()));
    }
}

crate::stored_as_text!(
    ClientStatus => "client status",
    ConditionGroup => "condition group",
    PerinatalStage => "perinatal stage",
);
