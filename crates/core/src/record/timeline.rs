//! The life-events and mood timeline: dated (or approximately dated) events with the mood at
//! the time, symptom markers, and links to people in the inventory and to problem areas.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{ClientId, LifeEventId, PersonId};
use crate::input;
use crate::record::vocabulary::{MOOD, ProblemArea};
use crate::store::rows;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Which episode of depression a life event belongs to.
pub const EPISODE_NUMBER: std::ops::RangeInclusive<i64> = 1..=99;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EventType {
    Loss,
    Conflict,
    Move,
    Birth,
    JobChange,
    Illness,
    Trauma,
    Isolation,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SymptomMarker {
    Onset,
    Worsening,
    Improvement,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LifeEventInput {
    /// `YYYY-MM-DD`, or `YYYY-MM` when `approximate`.
    pub occurred: String,
    pub approximate: bool,
    pub event_type: EventType,
    pub description: String,
    /// Mood at the time, 0 (lowest) to 10, as the client remembers it.
    #[ts(type = "number | null")]
    pub mood: Option<i64>,
    pub symptom_marker: Option<SymptomMarker>,
    #[ts(type = "number | null")]
    pub episode_number: Option<i64>,
    pub area: Option<ProblemArea>,
    pub people: Vec<PersonId>,
}

impl LifeEventInput {
    fn validated(&self, conn: &Connection, clock: &dyn Clock, client: ClientId) -> Result<Self> {
        let mut v = input::tidy(self, &["occurred", "description"], &["occurred"])?;
        let today = input::today(clock);
        if v.approximate {
            let first = input::month("occurred", &v.occurred)?;
            if first > today {
                return Err(Error::invalid("occurred", "A life event cannot be in the future."));
            }
        } else {
            let day = input::date("occurred", &v.occurred)?;
            input::not_future("occurred", day, today, "A life event")?;
        }
        input::opt_range("mood", v.mood, MOOD)?;
        input::opt_range("episode_number", v.episode_number, EPISODE_NUMBER)?;
        v.people.sort();
        v.people.dedup();
        for p in &v.people {
            super::inventory::owned(conn, client, *p).map_err(|_| {
                Error::invalid(
                    "people",
                    "One of the linked people is not in this client's inventory.",
                )
            })?;
        }
        Ok(v)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LifeEvent {
    pub id: LifeEventId,
    #[serde(flatten)]
    pub fields: LifeEventInput,
}

fn link_people(conn: &Connection, event: LifeEventId, people: &[PersonId]) -> Result<()> {
    conn.execute("DELETE FROM life_event_people WHERE event_id = ?1", [event])?;
    for p in people {
        conn.execute(
            "INSERT INTO life_event_people (event_id, person_id) VALUES (?1, ?2)",
            params![event, p],
        )?;
    }
    Ok(())
}

pub fn add(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    event: &LifeEventInput,
) -> Result<LifeEventId> {
    super::clients::exists(conn, client)?;
    let v = event.validated(conn, clock, client)?;
    let now = now_text(clock);
    let id = LifeEventId(rows::insert(
        conn,
        "life_events",
        &v,
        &["people"],
        &[("client_id", &client), ("created_at", &now), ("updated_at", &now)],
    )?);
    link_people(conn, id, &v.people)?;
    Ok(id)
}

pub fn update(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: LifeEventId,
    event: &LifeEventInput,
) -> Result<()> {
    let v = event.validated(conn, clock, client)?;
    rows::update(
        conn,
        "life_events",
        &v,
        &["people"],
        &[("updated_at", &now_text(clock))],
        &[("id", &id), ("client_id", &client)],
        "The life event",
    )?;
    link_people(conn, id, &v.people)
}

pub fn remove(conn: &Connection, client: ClientId, id: LifeEventId) -> Result<()> {
    if conn
        .execute("DELETE FROM life_events WHERE id = ?1 AND client_id = ?2", params![id, client])?
        == 0
    {
        return Err(Error::NotFound { what: "The life event" });
    }
    Ok(())
}

/// Every event in date order (an approximate month sorts before the days of that month).
pub fn for_client(conn: &Connection, client: ClientId) -> Result<Vec<LifeEvent>> {
    let mut links: BTreeMap<LifeEventId, Vec<PersonId>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT l.event_id, l.person_id FROM life_event_people l
         JOIN life_events e ON e.id = l.event_id WHERE e.client_id = ?1 ORDER BY l.person_id",
    )?;
    for row in
        stmt.query_map([client], |r| Ok((r.get::<_, LifeEventId>(0)?, r.get::<_, PersonId>(1)?)))?
    {
        let (event, person) = row?;
        links.entry(event).or_default().push(person);
    }
    #[derive(Deserialize)]
    struct Stored {
        occurred: String,
        approximate: bool,
        event_type: EventType,
        description: String,
        mood: Option<i64>,
        symptom_marker: Option<SymptomMarker>,
        episode_number: Option<i64>,
        area: Option<ProblemArea>,
    }
    let mut stmt =
        conn.prepare("SELECT * FROM life_events WHERE client_id = ?1 ORDER BY occurred, id")?;
    let rows = stmt.query_map([client], |r| {
        Ok((r.get::<_, LifeEventId>("id")?, rows::fields::<Stored>(r)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, s) = row?;
        out.push(LifeEvent {
            id,
            fields: LifeEventInput {
                occurred: s.occurred,
                approximate: s.approximate,
                event_type: s.event_type,
                description: s.description,
                mood: s.mood,
                symptom_marker: s.symptom_marker,
                episode_number: s.episode_number,
                area: s.area,
                people: links.remove(&id).unwrap_or_default(),
            },
        });
    }
    Ok(out)
}

crate::stored_as_text!(
    EventType => "life event type",
    SymptomMarker => "symptom marker",
);
