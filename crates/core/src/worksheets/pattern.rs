//! Change across the course: for one person, the worksheets about them in date order with the
//! communication problems seen and whether needs were met, so a pattern that fades (or does
//! not) can be seen; for the client, counts by problem and the role plays' confidence and
//! distress run by run.

use super::{
    CommunicationProblem, FollowUpState, NeedMet, RolePart, WorksheetContent, WorksheetKind,
    WorksheetSummary, rows_where, sessions_of, summary,
};
use crate::clock::Clock;
use crate::error::Result;
use crate::ids::{ClientId, PersonId, WorksheetId};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where one communication problem was seen with one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProblemSeenAt {
    pub problem: CommunicationProblem,
    /// The worksheets it was ticked in, in date order.
    pub seen_in: Vec<WorksheetId>,
    /// The day of the last of them.
    pub last_seen: String,
    /// Signed communication analyses about the person after the last one that showed it.
    #[ts(type = "number")]
    pub analyses_since: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonPattern {
    pub person_id: PersonId,
    /// Every worksheet about the person, in date order.
    pub worksheets: Vec<WorksheetSummary>,
    /// Each problem seen at least once, in the order of the checklist.
    pub problems: Vec<ProblemSeenAt>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProblemCount {
    pub problem: CommunicationProblem,
    /// Communication analyses that ticked it.
    #[ts(type = "number")]
    pub analyses: i64,
    /// The people it was seen with, by name.
    pub people: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NeedMetCount {
    pub need_met: NeedMet,
    #[ts(type = "number")]
    pub analyses: i64,
}

/// One run's ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RunRatings {
    #[ts(type = "number")]
    pub number: i64,
    pub client_played: RolePart,
    #[ts(type = "number | null")]
    pub confidence_before: Option<i64>,
    #[ts(type = "number | null")]
    pub confidence_after: Option<i64>,
    #[ts(type = "number | null")]
    pub distress_before: Option<i64>,
    #[ts(type = "number | null")]
    pub distress_after: Option<i64>,
}

/// A role play's runs and where its real attempt stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RolePlayTrack {
    pub worksheet_id: WorksheetId,
    pub person_name: Option<String>,
    pub day: String,
    pub runs: Vec<RunRatings>,
    pub attempt_on: Option<String>,
    pub attempt: FollowUpState,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClientWorksheets {
    /// Every worksheet, in date order.
    pub worksheets: Vec<WorksheetSummary>,
    /// Across the signed communication analyses, in the order of the checklist; problems never
    /// ticked are left out.
    pub problem_counts: Vec<ProblemCount>,
    pub need_met: Vec<NeedMetCount>,
    #[ts(type = "number")]
    pub signed_analyses: i64,
    /// Role plays in date order.
    pub role_plays: Vec<RolePlayTrack>,
}

pub fn for_person(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    person: PersonId,
) -> Result<PersonPattern> {
    let sessions = sessions_of(conn, clock, client)?;
    let rows = rows_where(conn, "w.client_id = ?1 AND w.person_id = ?2", params![client, person])?;
    let mut worksheets = rows.iter().map(|r| summary(&sessions, r)).collect::<Result<Vec<_>>>()?;
    worksheets.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));
    let analyses: Vec<&WorksheetSummary> = worksheets
        .iter()
        .filter(|w| w.kind == WorksheetKind::CommunicationAnalysis && w.signed_at.is_some())
        .collect();
    let mut problems = Vec::new();
    for problem in CommunicationProblem::ALL {
        let seen: Vec<usize> = analyses
            .iter()
            .enumerate()
            .filter(|(_, w)| w.problems.contains(&problem))
            .map(|(i, _)| i)
            .collect();
        let Some(&last) = seen.last() else { continue };
        problems.push(ProblemSeenAt {
            problem,
            seen_in: seen.iter().map(|&i| analyses[i].id).collect(),
            last_seen: analyses[last].day.clone(),
            analyses_since: (analyses.len() - last - 1) as i64,
        });
    }
    Ok(PersonPattern { person_id: person, worksheets, problems })
}

pub fn for_client(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
) -> Result<ClientWorksheets> {
    let sessions = sessions_of(conn, clock, client)?;
    let rows = rows_where(conn, "w.client_id = ?1", [client])?;
    let mut worksheets = Vec::with_capacity(rows.len());
    let mut role_plays = Vec::new();
    for row in &rows {
        let line = summary(&sessions, row)?;
        if let WorksheetContent::RolePlay(r) = row.content()? {
            role_plays.push(RolePlayTrack {
                worksheet_id: row.id,
                person_name: row.person_name.clone(),
                day: line.day.clone(),
                runs: r
                    .runs
                    .iter()
                    .enumerate()
                    .map(|(i, run)| RunRatings {
                        number: i as i64 + 1,
                        client_played: run.client_played,
                        confidence_before: run.confidence_before,
                        confidence_after: run.confidence_after,
                        distress_before: run.distress_before,
                        distress_after: run.distress_after,
                    })
                    .collect(),
                attempt_on: r.attempt_on.clone(),
                attempt: line.follow_up,
                outcome: row.follow_up.clone(),
            });
        }
        worksheets.push(line);
    }
    worksheets.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));
    role_plays.sort_by(|a, b| a.day.cmp(&b.day).then(a.worksheet_id.cmp(&b.worksheet_id)));
    let signed: Vec<&WorksheetSummary> = worksheets
        .iter()
        .filter(|w| w.kind == WorksheetKind::CommunicationAnalysis && w.signed_at.is_some())
        .collect();
    let problem_counts = CommunicationProblem::ALL
        .iter()
        .filter_map(|&problem| {
            let with: Vec<&&WorksheetSummary> =
                signed.iter().filter(|w| w.problems.contains(&problem)).collect();
            if with.is_empty() {
                return None;
            }
            let mut people: Vec<String> = Vec::new();
            for name in with.iter().filter_map(|w| w.person_name.clone()) {
                if !people.contains(&name) {
                    people.push(name);
                }
            }
            Some(ProblemCount { problem, analyses: with.len() as i64, people })
        })
        .collect();
    let need_met = [NeedMet::Yes, NeedMet::Partly, NeedMet::No]
        .into_iter()
        .map(|need_met| NeedMetCount {
            need_met,
            analyses: signed.iter().filter(|w| w.need_met == Some(need_met)).count() as i64,
        })
        .collect();
    Ok(ClientWorksheets {
        signed_analyses: signed.len() as i64,
        worksheets,
        problem_counts,
        need_met,
        role_plays,
    })
}
