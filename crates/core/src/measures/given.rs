//! Measures given to a client: each administration of an instrument with its answers as they
//! were given. An open administration takes answers one at a time, each saved at once, so an
//! interrupted form loses nothing. Finishing it makes it complete (every scored item answered)
//! or, by choice, incomplete (no total, never charted, never in outcomes); either way it is
//! never changed again, and a correction is a new administration linked to the old one with a
//! reason, both kept.
//!
//! A risk flag (PHQ-9 item 9, EPDS item 10, HAM-D item 3, QIDS item 12) is raised by the
//! answer itself, whatever the total, and stays open until a note signed after it records a
//! risk assessment.

use super::definition::Instrument;
use super::score::{Answer, RaisedFlag, Responses, Score, item_field, score, validate};
use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{AdministrationId, ClientId, CourseId, SessionId};
use crate::input;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

crate::stored_as_text!(Instrument => "instrument", AdministrationStatus => "administration status");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AdministrationStatus {
    /// Being answered; each answer is saved as it is given.
    Open,
    /// Finished with items unanswered: kept, but no total, never charted, never in outcomes.
    Incomplete,
    /// Every scored item answered; never changed again.
    Complete,
}

/// Giving a measure: to whom it belongs and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdministrationStart {
    pub instrument: Instrument,
    /// The session it is given in; its date is the session's unless `given_on` says otherwise.
    pub session_id: Option<SessionId>,
    /// `YYYY-MM-DD`; the session's date (or today) when empty.
    pub given_on: Option<String>,
    /// The client answers on the laptop themselves.
    pub handed_to_client: bool,
}

/// One administration as the record shows it, scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Administration {
    pub id: AdministrationId,
    pub client_id: ClientId,
    pub course_id: Option<CourseId>,
    pub session_id: Option<SessionId>,
    pub instrument: Instrument,
    pub given_on: String,
    pub responses: Responses,
    pub status: AdministrationStatus,
    pub score: Score,
    /// When an answer raised a risk flag.
    pub flagged_at: Option<String>,
    /// The flag is still open: no note signed since records a risk assessment.
    pub flag_open: bool,
    pub handed_to_client: bool,
    /// The administration this one corrects, and why.
    pub corrects: Option<AdministrationId>,
    pub correction_reason: Option<String>,
    /// The administration that corrects this one: charts and outcomes use that one instead.
    pub corrected_by: Option<AdministrationId>,
    pub started_at: String,
    pub finished_at: Option<String>,
}

/// An open risk flag raised by a measure, for the note's risk check and Today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeasureFlag {
    pub administration_id: AdministrationId,
    pub client_id: ClientId,
    pub instrument: Instrument,
    /// The instrument's display name (`PHQ-9`).
    pub name: String,
    pub given_on: String,
    pub session_id: Option<SessionId>,
    pub flag: RaisedFlag,
    pub flagged_at: String,
}

/// The condition under which a flag is still open, on an `administrations a` row.
pub(crate) const FLAG_OPEN: &str = "a.flagged_at IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM notes n WHERE n.client_id = a.client_id AND n.signed_at IS NOT NULL
          AND n.signed_at > a.flagged_at AND n.risk_level <> 'not_asked')";

const COLUMNS: &str = "a.id, a.client_id, a.course_id, a.session_id, a.instrument,
    a.given_on, a.responses, a.status, a.flagged_at, a.handed_to_client, a.corrects,
    a.correction_reason, a.started_at, a.finished_at,
    (SELECT c.id FROM administrations c WHERE c.corrects = a.id) AS corrected_by";

fn read(row: &Row<'_>) -> rusqlite::Result<(Administration, String)> {
    let text: String = row.get("responses")?;
    Ok((
        Administration {
            id: row.get("id")?,
            client_id: row.get("client_id")?,
            course_id: row.get("course_id")?,
            session_id: row.get("session_id")?,
            instrument: row.get("instrument")?,
            given_on: row.get("given_on")?,
            responses: Vec::new(),
            status: row.get("status")?,
            score: placeholder_score(),
            flagged_at: row.get("flagged_at")?,
            flag_open: row.get("flag_open")?,
            handed_to_client: row.get("handed_to_client")?,
            corrects: row.get("corrects")?,
            correction_reason: row.get("correction_reason")?,
            corrected_by: row.get("corrected_by")?,
            started_at: row.get("started_at")?,
            finished_at: row.get("finished_at")?,
        },
        text,
    ))
}

fn placeholder_score() -> Score {
    Score {
        instrument: Instrument::GoalRating,
        complete: false,
        missing: Vec::new(),
        total: None,
        decimals: 0,
        total_text: None,
        running: None,
        running_band: None,
        band: None,
        band_level: None,
        groups: Vec::new(),
        flags: Vec::new(),
        cluster: None,
        counts: Vec::new(),
        notes: Vec::new(),
    }
}

/// Reads and scores the administrations a `WHERE` clause (on `a`) selects, oldest first.
fn select(
    conn: &Connection,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<Administration>> {
    let sql = format!(
        "SELECT {COLUMNS}, ({FLAG_OPEN}) AS flag_open FROM administrations a WHERE {filter}
         ORDER BY a.given_on, a.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(args, read)?;
    let mut out = Vec::new();
    for row in rows {
        let (mut a, text) = row?;
        let damaged = |why: String| Error::Damaged {
            what: format!("the answers of administration {} ({why})", a.id),
        };
        a.responses = serde_json::from_str(&text).map_err(|e| damaged(e.to_string()))?;
        a.score =
            score(a.instrument.definition(), &a.responses).map_err(|e| damaged(e.to_string()))?;
        out.push(a);
    }
    Ok(out)
}

/// Every administration of a client, oldest first.
pub fn for_client(conn: &Connection, client: ClientId) -> Result<Vec<Administration>> {
    select(conn, "a.client_id = ?1", [client])
}

/// The complete administrations of the courses that `courses` (SQL yielding course ids)
/// selects, oldest first: what outcomes across the practice count.
pub(crate) fn complete_in_courses(conn: &Connection, courses: &str) -> Result<Vec<Administration>> {
    select(conn, &format!("a.status = 'complete' AND a.course_id IN ({courses})"), [])
}

/// The administrations given in one session.
pub fn for_session(conn: &Connection, session: SessionId) -> Result<Vec<Administration>> {
    select(conn, "a.session_id = ?1", [session])
}

/// One administration of the client's.
pub fn get(conn: &Connection, client: ClientId, id: AdministrationId) -> Result<Administration> {
    select(conn, "a.id = ?1 AND a.client_id = ?2", params![id, client])?
        .pop()
        .ok_or(Error::NotFound { what: "That measure" })
}

/// The client's open measure flags, oldest first.
pub fn open_flags(conn: &Connection, client: ClientId) -> Result<Vec<MeasureFlag>> {
    let flagged = select(conn, &format!("a.client_id = ?1 AND {FLAG_OPEN}"), [client])?;
    Ok(flags_of(&flagged))
}

/// Every open measure flag in the practice, oldest first.
pub fn all_open_flags(conn: &Connection) -> Result<Vec<MeasureFlag>> {
    Ok(flags_of(&select(conn, FLAG_OPEN, [])?))
}

/// The open flags among `administrations`.
pub fn flags_of(administrations: &[Administration]) -> Vec<MeasureFlag> {
    administrations
        .iter()
        .filter(|a| a.flag_open)
        .flat_map(|a| {
            a.score.flags.iter().map(move |f| MeasureFlag {
                administration_id: a.id,
                client_id: a.client_id,
                instrument: a.instrument,
                name: a.instrument.definition().name.to_string(),
                given_on: a.given_on.clone(),
                session_id: a.session_id,
                flag: f.clone(),
                flagged_at: a.flagged_at.clone().unwrap_or_default(),
            })
        })
        .collect()
}

/// Starts giving a measure; returns the new, open administration's id.
pub fn start(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    what: &AdministrationStart,
) -> Result<AdministrationId> {
    if what.instrument == Instrument::GoalRating {
        return Err(Error::invalid(
            "instrument",
            "Goal ratings are kept with each goal: rate a goal under Areas & goals.",
        ));
    }
    let today = input::today(clock);
    let session: Option<(String, Option<CourseId>)> = match what.session_id {
        None => None,
        Some(s) => Some(
            conn.query_row(
                "SELECT held_on, course_id FROM sessions WHERE id = ?1 AND client_id = ?2",
                params![s, client],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| {
                Error::invalid("session_id", "That session is not one of this client's.")
            })?,
        ),
    };
    let given_on = match what.given_on.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => input::date("given_on", text)?,
        None => match &session {
            Some((held_on, _)) => input::date("given_on", held_on)?,
            None => today,
        },
    };
    input::not_future("given_on", given_on, today, "A measure")?;
    // The course it belongs to: the session's, else the course under way on that day.
    let course: Option<CourseId> = match &session {
        Some((_, course)) => *course,
        None => conn
            .query_row(
                "SELECT id FROM courses WHERE client_id = ?1 AND start_date <= ?2
                   AND (ended_on IS NULL OR ended_on >= ?2)
                 ORDER BY start_date DESC, id DESC LIMIT 1",
                params![client, given_on.to_string()],
                |r| r.get(0),
            )
            .optional()?,
    };
    let blank: Responses = vec![None; what.instrument.definition().items.len()];
    conn.execute(
        "INSERT INTO administrations (client_id, course_id, session_id, instrument, given_on,
             responses, status, handed_to_client, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8)",
        params![
            client,
            course,
            what.session_id,
            what.instrument,
            given_on.to_string(),
            serde_json::to_string(&blank).map_err(|e| Error::Internal { what: e.to_string() })?,
            what.handed_to_client,
            now_text(clock)
        ],
    )?;
    Ok(AdministrationId(conn.last_insert_rowid()))
}

fn open(conn: &Connection, client: ClientId, id: AdministrationId) -> Result<Administration> {
    let a = get(conn, client, id)?;
    if a.status != AdministrationStatus::Open {
        return Err(Error::Conflict {
            reason: "This measure is finished and is never changed. Record a correction instead."
                .into(),
        });
    }
    Ok(a)
}

/// Saves one answer (or clears it, with `None`) at once. An answer that raises a risk flag
/// opens the flag now.
pub fn answer(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: AdministrationId,
    item: u8,
    value: Option<Answer>,
) -> Result<Administration> {
    let a = open(conn, client, id)?;
    let def = a.instrument.definition();
    let at = def.items.iter().position(|i| i.number == item).ok_or_else(|| {
        Error::invalid(item_field(item), format!("{} has no item {item}.", def.name))
    })?;
    let mut responses = a.responses.clone();
    responses[at] = value;
    validate(def, &responses)?;
    let flagged = !score(def, &responses)?.flags.is_empty();
    let flagged_at = match (&a.flagged_at, flagged) {
        (Some(at), _) => Some(at.clone()),
        (None, true) => Some(now_text(clock)),
        (None, false) => None,
    };
    conn.execute(
        "UPDATE administrations SET responses = ?2, flagged_at = ?3 WHERE id = ?1",
        params![
            id,
            serde_json::to_string(&responses)
                .map_err(|e| Error::Internal { what: e.to_string() })?,
            flagged_at
        ],
    )?;
    get(conn, client, id)
}

/// Records a whole administration at once (a paper form entered afterwards, the sample
/// practice): started, every answer given, and finished, complete or (by choice) incomplete.
pub(crate) fn record_whole(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    what: &AdministrationStart,
    responses: &Responses,
    as_incomplete: bool,
) -> Result<AdministrationId> {
    let id = start(conn, clock, client, what)?;
    let def = what.instrument.definition();
    let flagged = !score(def, responses)?.flags.is_empty();
    conn.execute(
        "UPDATE administrations SET responses = ?2, flagged_at = ?3 WHERE id = ?1",
        params![
            id,
            serde_json::to_string(responses)
                .map_err(|e| Error::Internal { what: e.to_string() })?,
            flagged.then(|| now_text(clock))
        ],
    )?;
    finish(conn, clock, client, id, as_incomplete)?;
    Ok(id)
}

/// Changes the date of an open administration.
pub fn set_given_on(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: AdministrationId,
    given_on: &str,
) -> Result<()> {
    open(conn, client, id)?;
    let day = input::date("given_on", given_on.trim())?;
    input::not_future("given_on", day, input::today(clock), "A measure")?;
    conn.execute(
        "UPDATE administrations SET given_on = ?2 WHERE id = ?1",
        params![id, day.to_string()],
    )?;
    Ok(())
}

/// Finishes an open administration: complete when every scored item is answered; with items
/// missing, only when `as_incomplete` says so.
pub fn finish(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: AdministrationId,
    as_incomplete: bool,
) -> Result<Administration> {
    let a = open(conn, client, id)?;
    let status = match (a.score.complete, as_incomplete) {
        (true, _) => AdministrationStatus::Complete,
        (false, true) => AdministrationStatus::Incomplete,
        (false, false) => {
            let first = a.score.missing[0];
            let more = a.score.missing.len() - 1;
            return Err(Error::invalid(
                item_field(first),
                format!(
                    "Item {first}{} not answered. Answer {}, or save this {} as incomplete (it \
                     will have no total and will not be charted).",
                    if more > 0 { format!(" and {more} more are") } else { " is".into() },
                    if more > 0 { "them" } else { "it" },
                    a.instrument.definition().name
                ),
            ));
        }
    };
    conn.execute(
        "UPDATE administrations SET status = ?2, total = ?3, finished_at = ?4 WHERE id = ?1",
        params![id, status, a.score.total, now_text(clock)],
    )?;
    get(conn, client, id)
}

/// Starts a correction of a finished administration: a new, open administration with the same
/// answers to change, linked to the old one with the reason. Both stay in the record.
pub fn correct(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: AdministrationId,
    reason: &str,
) -> Result<AdministrationId> {
    let old = get(conn, client, id)?;
    if old.status == AdministrationStatus::Open {
        return Err(Error::Conflict {
            reason: "This measure is still open: change the answers directly.".into(),
        });
    }
    if let Some(by) = old.corrected_by {
        return Err(Error::Conflict {
            reason: format!(
                "This measure was corrected already (administration {by}); correct that one."
            ),
        });
    }
    let reason = input::text("correction_reason", reason, input::SHORT_TEXT, true)?;
    conn.execute(
        "INSERT INTO administrations (client_id, course_id, session_id, instrument, given_on,
             responses, status, handed_to_client, corrects, correction_reason, started_at)
         SELECT client_id, course_id, session_id, instrument, given_on, responses,
                'open', 0, id, ?2, ?3
         FROM administrations WHERE id = ?1",
        params![id, reason, now_text(clock)],
    )?;
    Ok(AdministrationId(conn.last_insert_rowid()))
}

/// Removes an open administration started by mistake. A finished one is never removed.
pub fn discard(conn: &Connection, client: ClientId, id: AdministrationId) -> Result<()> {
    let a = open(conn, client, id)?;
    if a.flagged_at.is_some() {
        return Err(Error::Conflict {
            reason: "An answer in this measure raised a risk flag, so it is kept. Finish it (as \
                     incomplete if need be)."
                .into(),
        });
    }
    conn.execute("DELETE FROM administrations WHERE id = ?1", [id])?;
    Ok(())
}

impl crate::vault::Vault {
    /// Every administration of a client, oldest first.
    pub fn administrations(&mut self, client: ClientId) -> Result<Vec<Administration>> {
        self.write(|tx| {
            client_exists(tx, client)?;
            for_client(tx, client)
        })
    }

    pub fn start_administration(
        &mut self,
        client: ClientId,
        what: &AdministrationStart,
    ) -> Result<Administration> {
        let clock = self.clock_handle();
        self.write(|tx| {
            client_exists(tx, client)?;
            let id = start(tx, clock.as_ref(), client, what)?;
            audited(tx, clock.as_ref(), crate::audit::Event::RecordCreated, id)?;
            get(tx, client, id)
        })
    }

    /// Saves one answer at once (not audited one by one: starting, finishing and correcting
    /// are).
    pub fn answer_item(
        &mut self,
        client: ClientId,
        id: AdministrationId,
        item: u8,
        value: Option<Answer>,
    ) -> Result<Administration> {
        let clock = self.clock_handle();
        self.write(|tx| answer(tx, clock.as_ref(), client, id, item, value))
    }

    pub fn set_administration_date(
        &mut self,
        client: ClientId,
        id: AdministrationId,
        given_on: &str,
    ) -> Result<Administration> {
        let clock = self.clock_handle();
        self.write(|tx| {
            set_given_on(tx, clock.as_ref(), client, id, given_on)?;
            get(tx, client, id)
        })
    }

    pub fn finish_administration(
        &mut self,
        client: ClientId,
        id: AdministrationId,
        as_incomplete: bool,
    ) -> Result<Administration> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let a = finish(tx, clock.as_ref(), client, id, as_incomplete)?;
            audited(tx, clock.as_ref(), crate::audit::Event::RecordChanged, id)?;
            Ok(a)
        })
    }

    pub fn correct_administration(
        &mut self,
        client: ClientId,
        id: AdministrationId,
        reason: &str,
    ) -> Result<Administration> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let new = correct(tx, clock.as_ref(), client, id, reason)?;
            audited(tx, clock.as_ref(), crate::audit::Event::RecordCreated, new)?;
            get(tx, client, new)
        })
    }

    pub fn discard_administration(&mut self, client: ClientId, id: AdministrationId) -> Result<()> {
        let clock = self.clock_handle();
        self.write(|tx| {
            discard(tx, client, id)?;
            audited(tx, clock.as_ref(), crate::audit::Event::RecordDeleted, id)
        })
    }
}

/// The client named exists (measures sit below the record kinds, so they ask the table).
fn client_exists(conn: &Connection, client: ClientId) -> Result<()> {
    let found: Option<i64> =
        conn.query_row("SELECT 1 FROM clients WHERE id = ?1", [client], |r| r.get(0)).optional()?;
    found.map(|_| ()).ok_or(Error::NotFound { what: "The client" })
}

fn audited(
    conn: &Connection,
    clock: &dyn Clock,
    event: crate::audit::Event,
    id: AdministrationId,
) -> Result<()> {
    crate::audit::append(
        conn,
        clock.now(),
        crate::audit::Entry::about(event, crate::audit::ObjectKind::Administration, id.0),
    )
}
