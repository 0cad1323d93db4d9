//! The interpersonal inventory and the closeness circle drawn from it. A person can be added
//! in seconds during a session (name, relationship, ring) and filled in later. Snapshots of
//! the circle are frozen copies, so the circle at intake can be set beside the circle now.

use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::{ClientId, PersonId, SnapshotId};
use crate::input;
use crate::record::vocabulary::ProblemArea;
use crate::store::rows;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RelationshipType {
    Partner,
    Parent,
    Child,
    Sibling,
    Friend,
    Colleague,
    ExPartner,
    Other,
}

/// Yes, partly or no: whether expectations are met, whether conflicts get resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Degree {
    Yes,
    Partly,
    No,
}

/// The quick way in, during a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewPerson {
    pub name: String,
    pub relationship_type: RelationshipType,
    /// The person has died; they keep their relationship.
    pub deceased: bool,
    /// 1 is the inner ring (closest), 3 the outer.
    #[ts(type = "number")]
    pub ring: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonInput {
    pub name: String,
    pub relationship_type: RelationshipType,
    pub deceased: bool,
    pub date_of_death: Option<String>,
    pub lives_with_client: bool,
    #[ts(type = "number")]
    pub ring: i64,
    pub contact_frequency: Option<String>,
    pub shared_activities: Option<String>,
    pub can_talk_about: Option<String>,
    pub cannot_talk_about: Option<String>,
    pub support_given: Option<String>,
    pub support_received: Option<String>,
    pub client_expectations: Option<String>,
    /// The other person's expectations, as the client sees them.
    pub other_expectations: Option<String>,
    pub expectations_met: Option<Degree>,
    pub satisfying: Option<String>,
    pub unsatisfying: Option<String>,
    pub conflict_frequency: Option<String>,
    pub conflict_pattern: Option<String>,
    pub conflict_resolved: Option<Degree>,
    pub knows_about_depression: Option<bool>,
    pub changes_wanted: Option<String>,
    pub candidate_area: Option<ProblemArea>,
    pub notes: Option<String>,
}

impl From<&NewPerson> for PersonInput {
    fn from(p: &NewPerson) -> Self {
        PersonInput {
            name: p.name.clone(),
            relationship_type: p.relationship_type,
            deceased: p.deceased,
            date_of_death: None,
            lives_with_client: false,
            ring: p.ring,
            contact_frequency: None,
            shared_activities: None,
            can_talk_about: None,
            cannot_talk_about: None,
            support_given: None,
            support_received: None,
            client_expectations: None,
            other_expectations: None,
            expectations_met: None,
            satisfying: None,
            unsatisfying: None,
            conflict_frequency: None,
            conflict_pattern: None,
            conflict_resolved: None,
            knows_about_depression: None,
            changes_wanted: None,
            candidate_area: None,
            notes: None,
        }
    }
}

/// The rings of the closeness circle, 1 closest.
pub const RINGS: std::ops::RangeInclusive<i64> = 1..=3;

pub fn check_ring(ring: i64) -> Result<()> {
    if !RINGS.contains(&ring) {
        return Err(Error::invalid("ring", "Choose ring 1 (closest), 2 or 3."));
    }
    Ok(())
}

impl PersonInput {
    pub fn validated(&self, clock: &dyn Clock) -> Result<Self> {
        let v = input::tidy(
            self,
            &["name"],
            &["name", "date_of_death", "contact_frequency", "conflict_frequency"],
        )?;
        check_ring(v.ring)?;
        if let Some(d) = input::opt_date("date_of_death", v.date_of_death.as_deref())? {
            if !v.deceased {
                return Err(Error::invalid(
                    "date_of_death",
                    "A date of death is only for someone marked as deceased.",
                ));
            }
            input::not_future("date_of_death", d, input::today(clock), "A date of death")?;
        }
        if v.deceased && v.lives_with_client {
            return Err(Error::invalid(
                "lives_with_client",
                "Someone who has died cannot be living with the client.",
            ));
        }
        Ok(v)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonChange {
    #[ts(type = "number")]
    pub id: i64,
    pub changed_on: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Person {
    pub id: PersonId,
    pub client_id: ClientId,
    #[serde(flatten)]
    pub fields: PersonInput,
    /// Recent changes in the relationship, oldest first.
    pub changes: Vec<PersonChange>,
    /// Recorded once with "deceased" as the relationship: who they were to the client (parent,
    /// partner …) is still to be chosen. Saving the person's details clears it.
    pub relationship_to_confirm: bool,
    pub updated_at: String,
}

pub fn add(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    person: &NewPerson,
) -> Result<PersonId> {
    super::clients::exists(conn, client)?;
    let v = PersonInput::from(person).validated(clock)?;
    let now = now_text(clock);
    let id = rows::insert(
        conn,
        "people",
        &v,
        &[],
        &[("client_id", &client), ("created_at", &now), ("updated_at", &now)],
    )?;
    Ok(PersonId(id))
}

pub fn update(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    person: PersonId,
    input: &PersonInput,
) -> Result<()> {
    let v = input.validated(clock)?;
    let now = now_text(clock);
    rows::update(
        conn,
        "people",
        &v,
        &[],
        &[("updated_at", &now), ("relationship_to_confirm", &false)],
        &[("id", &person), ("client_id", &client)],
        "The person",
    )
}

pub fn move_to_ring(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    person: PersonId,
    ring: i64,
) -> Result<()> {
    check_ring(ring)?;
    let changed = conn.execute(
        "UPDATE people SET ring = ?3, updated_at = ?4 WHERE id = ?1 AND client_id = ?2",
        params![person, client, ring, now_text(clock)],
    )?;
    if changed == 0 {
        return Err(Error::NotFound { what: "The person" });
    }
    Ok(())
}

/// Removes a person from the inventory. Snapshots keep them as they were.
pub fn remove(conn: &Connection, client: ClientId, person: PersonId) -> Result<()> {
    let changed = conn
        .execute("DELETE FROM people WHERE id = ?1 AND client_id = ?2", params![person, client])?;
    if changed == 0 {
        return Err(Error::NotFound { what: "The person" });
    }
    Ok(())
}

pub fn owned(conn: &Connection, client: ClientId, person: PersonId) -> Result<()> {
    rows::exists(
        conn,
        "SELECT 1 FROM people WHERE id = ?1 AND client_id = ?2",
        params![person, client],
        "The person",
    )
}

/// Whether the person died, and when (if known).
pub fn death_of(
    conn: &Connection,
    client: ClientId,
    person: PersonId,
) -> Result<(bool, Option<String>, String)> {
    conn.query_row(
        "SELECT deceased, date_of_death, name FROM people WHERE id = ?1 AND client_id = ?2",
        params![person, client],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or(Error::NotFound { what: "The person" })
}

pub fn add_change(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    person: PersonId,
    on: &str,
    description: &str,
) -> Result<()> {
    owned(conn, client, person)?;
    let day = input::date("changed_on", on)?;
    input::not_future("changed_on", day, input::today(clock), "A change that happened")?;
    let description = input::text("description", description, input::LONG_TEXT, true)?;
    conn.execute(
        "INSERT INTO person_changes (person_id, changed_on, description, recorded_at) VALUES (?1, ?2, ?3, ?4)",
        params![person, on, description, now_text(clock)],
    )?;
    Ok(())
}

pub fn for_client(conn: &Connection, client: ClientId) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(
        "SELECT * FROM people WHERE client_id = ?1 ORDER BY ring, name COLLATE NOCASE, id",
    )?;
    let rows = stmt.query_map([client], |row| {
        Ok(Person {
            id: row.get("id")?,
            client_id: row.get("client_id")?,
            fields: rows::fields(row)?,
            changes: Vec::new(),
            relationship_to_confirm: row.get("relationship_to_confirm")?,
            updated_at: row.get("updated_at")?,
        })
    })?;
    let mut people: Vec<Person> = rows.collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT pc.person_id, pc.id, pc.changed_on, pc.description FROM person_changes pc
         JOIN people p ON p.id = pc.person_id WHERE p.client_id = ?1
         ORDER BY pc.changed_on, pc.id",
    )?;
    let mut by_person: BTreeMap<PersonId, Vec<PersonChange>> = BTreeMap::new();
    let rows = stmt.query_map([client], |r| {
        Ok((
            r.get::<_, PersonId>(0)?,
            PersonChange { id: r.get(1)?, changed_on: r.get(2)?, description: r.get(3)? },
        ))
    })?;
    for row in rows {
        let (person, change) = row?;
        by_person.entry(person).or_default().push(change);
    }
    for person in &mut people {
        person.changes = by_person.remove(&person.id).unwrap_or_default();
    }
    Ok(people)
}

/// One person as they were when a snapshot was taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SnapshotPerson {
    pub person_id: PersonId,
    pub name: String,
    pub relationship_type: RelationshipType,
    #[ts(type = "number")]
    pub ring: i64,
    pub deceased: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Snapshot {
    pub id: SnapshotId,
    pub taken_on: String,
    pub label: Option<String>,
    pub people: Vec<SnapshotPerson>,
}

pub fn take_snapshot(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    label: Option<&str>,
) -> Result<SnapshotId> {
    super::clients::exists(conn, client)?;
    let label = input::opt_text("label", label, input::SHORT_TEXT)?;
    let people: Vec<SnapshotPerson> = for_client(conn, client)?
        .into_iter()
        .map(|p| SnapshotPerson {
            person_id: p.id,
            name: p.fields.name,
            relationship_type: p.fields.relationship_type,
            ring: p.fields.ring,
            deceased: p.fields.deceased,
        })
        .collect();
    let json = serde_json::to_string(&people)
        .map_err(|e| Error::Damaged { what: format!("a snapshot could not be written ({e})") })?;
    conn.execute(
        "INSERT INTO circle_snapshots (client_id, taken_on, label, people, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![client, input::today(clock).to_string(), label, json, now_text(clock)],
    )?;
    Ok(SnapshotId(conn.last_insert_rowid()))
}

pub fn snapshots(conn: &Connection, client: ClientId) -> Result<Vec<Snapshot>> {
    let mut stmt = conn.prepare(
        "SELECT id, taken_on, label, people FROM circle_snapshots WHERE client_id = ?1
         ORDER BY taken_on, id",
    )?;
    let rows = stmt.query_map([client], |r| {
        Ok((
            r.get::<_, SnapshotId>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, taken_on, label, json) = row?;
        let people = serde_json::from_str(&json)
            .map_err(|e| Error::Damaged { what: format!("snapshot {id} cannot be read ({e})") })?;
        out.push(Snapshot { id, taken_on, label, people });
    }
    Ok(out)
}

pub fn snapshot(conn: &Connection, client: ClientId, id: SnapshotId) -> Result<Snapshot> {
    let json: Option<(String, Option<String>, String)> = conn
        .query_row(
            "SELECT taken_on, label, people FROM circle_snapshots WHERE id = ?1 AND client_id = ?2",
            params![id, client],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (taken_on, label, json) = json.ok_or(Error::NotFound { what: "The snapshot" })?;
    let people = serde_json::from_str(&json)
        .map_err(|e| Error::Damaged { what: format!("snapshot {id} cannot be read ({e})") })?;
    Ok(Snapshot { id, taken_on, label, people })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CircleChangeKind {
    Added,
    Removed,
    Closer,
    Further,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CircleChange {
    pub person_id: PersonId,
    /// The name in the later snapshot (or the earlier one if the person was removed).
    pub name: String,
    pub kind: CircleChangeKind,
    #[ts(type = "number | null")]
    pub from_ring: Option<i64>,
    #[ts(type = "number | null")]
    pub to_ring: Option<i64>,
}

/// How the circle changed from `before` to `after`, person by person, sorted by name.
pub fn compare(before: &Snapshot, after: &Snapshot) -> Vec<CircleChange> {
    let mut out = Vec::new();
    for later in &after.people {
        let earlier = before.people.iter().find(|p| p.person_id == later.person_id);
        let (kind, from) = match earlier {
            None => (CircleChangeKind::Added, None),
            Some(e) if e.ring > later.ring => (CircleChangeKind::Closer, Some(e.ring)),
            Some(e) if e.ring < later.ring => (CircleChangeKind::Further, Some(e.ring)),
            Some(e) => (CircleChangeKind::Unchanged, Some(e.ring)),
        };
        out.push(CircleChange {
            person_id: later.person_id,
            name: later.name.clone(),
            kind,
            from_ring: from,
            to_ring: Some(later.ring),
        });
    }
    for earlier in &before.people {
        if !after.people.iter().any(|p| p.person_id == earlier.person_id) {
            out.push(CircleChange {
                person_id: earlier.person_id,
                name: earlier.name.clone(),
                kind: CircleChangeKind::Removed,
                from_ring: Some(earlier.ring),
                to_ring: None,
            });
        }
    }
    out.sort_by(|a, b| {
        a.name.to_lowercase().cmp(&b.name.to_lowercase()).then(a.person_id.cmp(&b.person_id))
    });
    out
}

crate::stored_as_text!(
    RelationshipType => "relationship",
    Degree => "degree",
);

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, name: &str, ring: i64) -> SnapshotPerson {
        SnapshotPerson {
            person_id: PersonId(id),
            name: name.into(),
            relationship_type: RelationshipType::Friend,
            ring,
            deceased: false,
        }
    }

    #[test]
    fn comparison_names_every_kind_of_change() {
        let before = Snapshot {
            id: SnapshotId(1),
            taken_on: "2026-01-05".into(),
            label: None,
            people: vec![
                person(1, "Ben", 3),
                person(2, "Cara", 1),
                person(3, "Dev", 2),
                person(4, "Eli", 2),
            ],
        };
        let after = Snapshot {
            id: SnapshotId(2),
            taken_on: "2026-04-20".into(),
            label: None,
            people: vec![
                person(1, "Ben", 2),
                person(2, "Cara", 2),
                person(3, "Dev", 2),
                person(5, "Fay", 3),
            ],
        };
        let changes = compare(&before, &after);
        let summary: Vec<(&str, CircleChangeKind, Option<i64>, Option<i64>)> =
            changes.iter().map(|c| (c.name.as_str(), c.kind, c.from_ring, c.to_ring)).collect();
        assert_eq!(
            summary,
            vec![
                ("Ben", CircleChangeKind::Closer, Some(3), Some(2)),
                ("Cara", CircleChangeKind::Further, Some(1), Some(2)),
                ("Dev", CircleChangeKind::Unchanged, Some(2), Some(2)),
                ("Eli", CircleChangeKind::Removed, Some(2), None),
                ("Fay", CircleChangeKind::Added, None, Some(3)),
            ]
        );
        assert!(compare(&after, &after).iter().all(|c| c.kind == CircleChangeKind::Unchanged));
    }

    #[test]
    fn rings_are_one_to_three() {
        assert!(check_ring(0).is_err());
        assert!(check_ring(1).is_ok());
        assert!(check_ring(3).is_ok());
        assert_eq!(check_ring(4).unwrap_err().field(), Some("ring"));
    }
}
