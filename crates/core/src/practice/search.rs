//! One search over the whole record, with SQLite's FTS5 inside the encrypted database: the index
//! is a table of the vault, kept in step by triggers (see migration 0003), so it is encrypted,
//! backed up and restored with everything else and exists nowhere outside it.
//!
//! Matches come back as plain-text segments marked hit or not, never as markup, so the screen
//! can highlight them without ever treating record text as HTML.

use crate::error::Result;
use crate::ids::{ClientId, SessionId};
use crate::input;
use crate::vault::Vault;
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The most results one search returns.
pub const MAX_RESULTS: u32 = 100;
/// Private-use characters that mark a match inside a snippet before it is split into segments.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SearchKind {
    Client,
    Note,
    Amendment,
    ProcessNote,
    Person,
    Formulation,
    Task,
    LifeEvent,
    Goal,
    AreaWork,
    Worksheet,
    WorksheetAmendment,
    ConclusionSummary,
    ConclusionAmendment,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchQuery {
    pub text: String,
    pub client_id: Option<ClientId>,
    /// Only records dated on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only records dated on or before this day.
    pub to: Option<String>,
    /// Private process notes are left out unless this is set.
    pub include_private: bool,
    #[ts(type = "number | null")]
    pub limit: Option<u32>,
}

/// A piece of text, marked when it is part of the match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub client_id: ClientId,
    pub client_name: String,
    /// The session a note, amendment, process note or task belongs to.
    pub session_id: Option<SessionId>,
    #[ts(type = "number")]
    pub object_id: i64,
    pub day: Option<String>,
    pub title: Vec<Segment>,
    pub snippet: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// More matched than were returned.
    pub more: bool,
}

/// Turns what was typed into an FTS5 query: every word must match, the last as a prefix of a
/// longer word too (results appear while typing). Each word is quoted, so nothing typed is ever
/// read as query syntax.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Splits FTS5 output marked with the private-use characters into segments.
pub fn segments(marked: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut current = String::new();
    let mut hit = false;
    for c in marked.chars() {
        if c == OPEN || c == CLOSE {
            if !current.is_empty() {
                out.push(Segment { text: std::mem::take(&mut current), hit });
            }
            hit = c == OPEN;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(Segment { text: current, hit });
    }
    out
}

pub fn search(conn: &Connection, query: &SearchQuery) -> Result<SearchResults> {
    let Some(words) = fts_query(&query.text) else {
        return Ok(SearchResults { hits: Vec::new(), more: false });
    };
    // The words are looked for in the record's text only; a client filter is a term of its own.
    let fts = match query.client_id {
        Some(client) => format!("scope : \"c{client}\" AND {{title body}} : ({words})"),
        None => format!("{{title body}} : ({words})"),
    };
    let from = match query.from.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => Some(input::date("from", d)?.to_string()),
        None => None,
    };
    let to = match query.to.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => Some(input::date("to", d)?.to_string()),
        None => None,
    };
    let limit = query.limit.unwrap_or(50).clamp(1, MAX_RESULTS);
    let mut stmt = conn.prepare_cached(
        "SELECT s.kind, s.client_id, coalesce(c.preferred_name, c.full_name) AS short_name,
                c.full_name, s.session_id, s.object_id, s.day,
                highlight(search_index, 0, char(57344), char(57345)) AS title,
                snippet(search_index, 1, char(57344), char(57345), '…', 24) AS snippet
         FROM search_index s JOIN clients c ON c.id = s.client_id
         WHERE search_index MATCH ?1
           AND (?2 IS NULL OR s.client_id = ?2)
           AND (?3 IS NULL OR s.day >= ?3)
           AND (?4 IS NULL OR s.day <= ?4)
           AND (?5 OR s.kind <> 'process_note')
         ORDER BY rank LIMIT ?6",
    )?;
    let rows = stmt.query_map(
        params![fts, query.client_id, from, to, query.include_private, limit + 1],
        |r| {
            let kind: String = r.get("kind")?;
            let short: String = r.get("short_name")?;
            let full: String = r.get("full_name")?;
            Ok(SearchHit {
                kind: serde_json::from_value(serde_json::Value::String(kind)).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
                client_id: r.get("client_id")?,
                client_name: if short == full { full } else { format!("{full} ({short})") },
                session_id: r.get("session_id")?,
                object_id: r.get("object_id")?,
                day: r.get("day")?,
                title: segments(&r.get::<_, String>("title")?),
                snippet: segments(&r.get::<_, String>("snippet")?),
            })
        },
    )?;
    let mut hits: Vec<SearchHit> = rows.collect::<rusqlite::Result<_>>()?;
    let more = hits.len() > limit as usize;
    hits.truncate(limit as usize);
    Ok(SearchResults { hits, more })
}

impl Vault {
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        search(self.conn(), query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_typed_is_never_query_syntax() {
        assert_eq!(fts_query("  "), None);
        assert_eq!(fts_query("\"*()"), None);
        assert_eq!(fts_query("sleep"), Some("\"sleep\"*".into()));
        assert_eq!(
            fts_query("Mother's  NEAR(x)"),
            Some("\"Mother\"* \"s\"* \"NEAR\"* \"x\"*".into())
        );
        assert_eq!(fts_query("AND OR NOT"), Some("\"AND\"* \"OR\"* \"NOT\"*".into()));
        assert_eq!(fts_query("Zoë café"), Some("\"Zoë\"* \"café\"*".into()));
    }

    #[test]
    fn marked_text_becomes_segments() {
        let marked = format!("the {OPEN}sleep{CLOSE} was <b>{OPEN}poor{CLOSE}</b>");
        assert_eq!(
            segments(&marked),
            vec![
                Segment { text: "the ".into(), hit: false },
                Segment { text: "sleep".into(), hit: true },
                Segment { text: " was <b>".into(), hit: false },
                Segment { text: "poor".into(), hit: true },
                Segment { text: "</b>".into(), hit: false },
            ]
        );
        assert_eq!(segments(""), vec![]);
    }
}
