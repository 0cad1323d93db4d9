//! Writing the export document from the vault, kind by kind as [`super::kinds`] lists them.

use super::kinds::{CLIENT, Kind};
use crate::audit::{self, Entry, Event, ObjectKind};
use crate::clock::{Clock, now_text};
use crate::error::{Error, Result};
use crate::ids::ClientId;
use crate::measures::definition::Instrument;
use crate::vault::Vault;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use ts_rs::TS;

/// What an export document says it is.
pub const EXPORT_FORMAT: &str = "rapport-export";
/// The version of the format this build writes.
pub const EXPORT_FORMAT_VERSION: i64 = 1;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "scope", content = "client_id", rename_all = "snake_case")]
#[ts(export)]
pub enum ExportScope {
    /// Every client of the practice.
    Practice,
    /// One client.
    Client(ClientId),
}

/// The bytes of an export file: the document as indented JSON, encrypted with `passphrase` in
/// the age format when one is given.
pub fn export_file(doc: &Value, passphrase: Option<&secrecy::SecretString>) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(doc)
        .map_err(|e| Error::Internal { what: format!("writing the export: {e}") })?;
    bytes.push(b'\n');
    match passphrase {
        Some(p) => {
            let sealed = super::seal(&bytes, p);
            zeroize::Zeroize::zeroize(&mut bytes);
            sealed
        }
        None => Ok(bytes),
    }
}

/// The name an export file is offered under: what it holds and today's date, never a
/// client's name (a file name shows in folder listings and on backup disks).
pub fn export_file_name(scope: ExportScope, encrypted: bool, clock: &dyn Clock) -> String {
    let what = match scope {
        ExportScope::Practice => "practice",
        ExportScope::Client(_) => "client",
    };
    let day = crate::input::today(clock);
    let ext = if encrypted { "json.age" } else { "json" };
    format!("rapport-{what}-export-{day}.{ext}")
}

fn damaged(table: &str, what: impl std::fmt::Display) -> Error {
    Error::Damaged { what: format!("{table}: {what}") }
}

/// One stored value as JSON, by what the kind says of its column.
fn value(kind: &Kind, column: &str, v: ValueRef<'_>) -> Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) if kind.bools.contains(&column) => Value::Bool(i != 0),
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => {
            let text = std::str::from_utf8(t).map_err(|e| damaged(kind.table, e))?;
            if kind.json.contains(&column) {
                serde_json::from_str(text).map_err(|e| damaged(kind.table, e))?
            } else {
                Value::from(text)
            }
        }
        ValueRef::Blob(_) => return Err(damaged(kind.table, format!("{column} holds bytes"))),
    })
}

/// The records of `kind` under parent `id` (the client of that id when `kind` is the client
/// itself).
fn records(
    conn: &Connection,
    kind: &Kind,
    parent: Option<i64>,
    process_notes: bool,
) -> Result<Vec<Value>> {
    let filter = if kind.parent.is_empty() {
        "id = ?1".to_string()
    } else {
        format!("{} = ?1", kind.parent)
    };
    let sql = format!("SELECT * FROM {} WHERE {filter} ORDER BY {}", kind.table, kind.order);
    let mut stmt = conn.prepare(&sql)?;
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let mut rows = stmt.query([parent])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut record = Map::new();
        for (i, column) in columns.iter().enumerate() {
            if column == kind.parent || kind.skip.contains(&column.as_str()) {
                continue;
            }
            record.insert(column.clone(), value(kind, column, row.get_ref(i)?)?);
        }
        if let Some(only) = kind.values_of {
            out.push(record.remove(only).unwrap_or(Value::Null));
            continue;
        }
        if kind.private {
            record.insert("private".into(), Value::Bool(true));
        }
        if kind.table == "administrations" {
            describe_instrument(&mut record)?;
        }
        let id = record.get("id").and_then(Value::as_i64);
        for child in kind.children {
            if child.private && !process_notes {
                continue;
            }
            let mut found = records(conn, child, id, process_notes)?;
            let v =
                if child.single { found.pop().unwrap_or(Value::Null) } else { Value::Array(found) };
            record.insert(child.name.to_string(), v);
        }
        out.push(Value::Object(record));
    }
    Ok(out)
}

/// A measure carries its instrument's name and the source its items and scoring follow.
fn describe_instrument(record: &mut Map<String, Value>) -> Result<()> {
    let code = record.get("instrument").cloned().unwrap_or(Value::Null);
    let instrument: Instrument = serde_json::from_value(code.clone())
        .map_err(|e| damaged("administrations", format!("instrument {code}: {e}")))?;
    let d = instrument.definition();
    record.insert("instrument_name".into(), Value::from(d.name));
    record.insert("instrument_source".into(), Value::from(d.citation));
    Ok(())
}

/// The export document of `scope`, as of now by `clock`; `progress` hears the fraction of
/// clients written.
pub(crate) fn document(
    conn: &Connection,
    clock: &dyn Clock,
    scope: ExportScope,
    process_notes: bool,
    progress: &mut dyn FnMut(f32),
) -> Result<Value> {
    let ids: Vec<i64> = match scope {
        ExportScope::Practice => {
            let sql = format!("SELECT id FROM clients ORDER BY {}", CLIENT.order);
            let mut stmt = conn.prepare(&sql)?;
            stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        }
        ExportScope::Client(id) => {
            crate::record::clients::exists(conn, id)?;
            vec![id.0]
        }
    };
    let mut clients = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        clients.extend(records(conn, &CLIENT, Some(*id), process_notes)?);
        progress((i + 1) as f32 / ids.len() as f32);
    }
    Ok(json!({
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": now_text(clock),
        "app_version": crate::VERSION,
        "schema_version": crate::SCHEMA_VERSION,
        "scope": match scope { ExportScope::Practice => "practice", ExportScope::Client(_) => "client" },
        "process_notes_included": process_notes,
        "clients": clients,
    }))
}

impl Vault {
    /// The export document of the whole practice or of one client, with private process
    /// notes only when `process_notes` asks for them. The export is audited, by scope, never
    /// by content.
    pub fn export_document(&mut self, scope: ExportScope, process_notes: bool) -> Result<Value> {
        self.export_document_telling(scope, process_notes, &mut |_| {})
    }

    /// The same, telling `progress` the fraction of clients written.
    pub fn export_document_telling(
        &mut self,
        scope: ExportScope,
        process_notes: bool,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Value> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let doc = document(tx, clock.as_ref(), scope, process_notes, progress)?;
            let entry = match scope {
                ExportScope::Practice => Entry {
                    event: Event::Exported,
                    object: None,
                    outcome: if process_notes { "practice_with_process_notes" } else { "practice" },
                },
                ExportScope::Client(id) => Entry {
                    event: Event::Exported,
                    object: Some((ObjectKind::Client, std::borrow::Cow::Owned(id.to_string()))),
                    outcome: if process_notes { "client_with_process_notes" } else { "client" },
                },
            };
            audit::append(tx, clock.now(), entry)?;
            Ok(doc)
        })
    }
}
