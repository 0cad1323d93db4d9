//! Social contacts week by week (interpersonal deficits): how many contacts the client had in
//! a week, as a dated series, so the trend toward the target can be followed and charted. One
//! entry per week, named by any day in it as the practitioner chose; recording the same week
//! again corrects it.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::ClientId;
use crate::input;
use crate::record::areas::CONTACTS_PER_WEEK;
use crate::store::rows;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SocialContactsInput {
    /// The week counted, by a day in it.
    pub week_of: String,
    #[ts(type = "number")]
    pub contacts: i64,
    /// Who or what, in a few words.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SocialContacts {
    #[serde(flatten)]
    pub fields: SocialContactsInput,
    pub recorded_at: String,
}

/// Records (or corrects) the contacts of one week.
pub fn record(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    entry: &SocialContactsInput,
) -> Result<()> {
    super::clients::exists(conn, client)?;
    let day = input::date("week_of", entry.week_of.trim())?;
    input::not_future("week_of", day, input::today(clock), "A week counted")?;
    input::range("contacts", entry.contacts, CONTACTS_PER_WEEK)?;
    let note = input::opt_text("note", entry.note.as_deref(), input::SHORT_TEXT)?;
    conn.execute(
        "INSERT INTO social_contacts (client_id, week_of, contacts, note, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (client_id, week_of) DO UPDATE SET contacts = excluded.contacts,
             note = excluded.note, recorded_at = excluded.recorded_at",
        params![client, day.to_string(), entry.contacts, note, now_text(clock)],
    )?;
    Ok(())
}

/// Removes the entry of one week (recorded by mistake).
pub fn remove(conn: &Connection, client: ClientId, week_of: &str) -> Result<()> {
    let n = conn.execute(
        "DELETE FROM social_contacts WHERE client_id = ?1 AND week_of = ?2",
        params![client, week_of],
    )?;
    if n == 0 {
        return Err(Error::NotFound { what: "That week's count" });
    }
    Ok(())
}

/// The series, oldest week first.
pub fn for_client(conn: &Connection, client: ClientId) -> Result<Vec<SocialContacts>> {
    let mut stmt = conn.prepare(
        "SELECT week_of, contacts, note, recorded_at FROM social_contacts WHERE client_id = ?1
         ORDER BY week_of",
    )?;
    let rows = stmt.query_map([client], |r| {
        Ok(SocialContacts { fields: rows::fields(r)?, recorded_at: r.get("recorded_at")? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
