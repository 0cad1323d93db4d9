//! The client list: every client with where their current course stands, and the names that
//! look like one being typed (a warning, never a refusal, when a client is added).

use crate::clock::Clock;
use crate::conclusion::{self, SummaryState};
use crate::error::Result;
use crate::ids::{ClientId, CourseId};
use crate::record::clients::{ClientStatus, ConditionGroup};
use crate::record::course::{self, CourseKind, CourseStatus, Progress};
use crate::store::rows;
use crate::vault::Vault;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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

/// A client with every course and where its conclusion summary stands, for scripts that need
/// to find a client and a course (the command line's `clients`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClientListing {
    pub id: ClientId,
    pub full_name: String,
    pub preferred_name: Option<String>,
    pub status: ClientStatus,
    pub condition_group: ConditionGroup,
    /// Newest first.
    pub courses: Vec<CourseListing>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CourseListing {
    pub id: CourseId,
    pub kind: CourseKind,
    pub status: CourseStatus,
    pub start_date: String,
    pub ended_on: Option<String>,
    pub summary: SummaryState,
}

/// Every client, sorted by name, with their courses.
pub fn directory(conn: &Connection, clock: &dyn Clock) -> Result<Vec<ClientListing>> {
    let mut out = Vec::new();
    for c in list(conn, clock)? {
        let courses = course::for_client(conn, clock, c.id)?;
        let states = conclusion::states(conn, &courses)?;
        out.push(ClientListing {
            id: c.id,
            full_name: c.full_name,
            preferred_name: c.preferred_name,
            status: c.status,
            condition_group: c.condition_group,
            courses: courses
                .iter()
                .zip(states)
                .map(|(course, summary)| CourseListing {
                    id: course.id,
                    kind: course.fields.kind,
                    status: course.fields.status,
                    start_date: course.fields.start_date.clone(),
                    ended_on: course.fields.ended_on.clone(),
                    summary,
                })
                .collect(),
        });
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

impl Vault {
    pub fn list_clients(&self) -> Result<Vec<ClientSummary>> {
        list(self.conn(), self.clock())
    }

    /// Every client with their courses and summaries.
    pub fn client_directory(&self) -> Result<Vec<ClientListing>> {
        directory(self.conn(), self.clock())
    }

    pub fn similar_clients(
        &self,
        name: &str,
        except: Option<ClientId>,
    ) -> Result<Vec<ClientSummary>> {
        similar(self.conn(), name, except)
    }
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
