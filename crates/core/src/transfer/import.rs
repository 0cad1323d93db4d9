//! Bringing an export back into a vault. Nothing is written until the whole file has passed
//! every check:
//!
//! 1. what it is: a Rapport export of a format and schema this version reads;
//! 2. its shape, against the published JSON Schema (`docs/export-schema.json`): every field
//!    present, of its type, a fixed choice among its values, nothing unknown;
//! 3. each record through the rules typed input meets: text within its limit, real dates and
//!    times, a client's name, a course's plan, a note's choices, a measure's answers against
//!    its instrument, a worksheet's content, a summary's clinician part. Rules that compare a
//!    date with today (a due date at most some weeks ahead) are not applied: they held when
//!    the record was typed, and an export may be brought back years later;
//! 4. links: each id is unique within its kind, and every field that names another record
//!    (columns and the links inside structured fields) names one of the same client in the
//!    same file;
//! 5. no client already in the vault (the same name and the same moment of creation: the file
//!    was imported before, or made from this vault).
//!
//! Every problem is reported with its place in the document (a JSON Pointer such as
//! `/clients/0/notes/3/mood`), never with the text found there. Then everything is written in
//! one transaction, under new ids, keeping every stored time: a note signed at 10:02 on a day
//! stays signed at 10:02 on that day.

use super::kinds::{self, CLIENT, Kind};
use super::seal::{is_sealed, open_sealed};
use super::{EXPORT_FORMAT, EXPORT_FORMAT_VERSION};
use crate::audit::{self, Entry, Event, ObjectKind};
use crate::conclusion::Completion;
use crate::error::{Error, Result};
use crate::ids::ClientId;
use crate::input::{self, LONG_TEXT, SHORT_TEXT};
use crate::measures::definition::Instrument;
use crate::measures::plan::{self, PlannedMeasure};
use crate::measures::score::{self, Responses};
use crate::record::areas::AreaDetails;
use crate::record::boosters::BoosterPlanInput;
use crate::record::clients::ClientInput;
use crate::record::course::CourseInput;
use crate::record::inventory::SnapshotPerson;
use crate::sessions::notes::NoteInput;
use crate::vault::Vault;
use crate::worksheets::WorksheetContent;
use rusqlite::{Connection, Transaction, params_from_iter, types::Value as Sql};
use secrecy::SecretString;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use ts_rs::TS;

/// The largest file an import reads: far above a whole career's practice, well below what
/// would strain the laptop's memory.
pub const IMPORT_FILE_LIMIT: u64 = 1 << 30;

/// The most problems one report lists; the rest are counted.
const REPORT_LIMIT: usize = 200;

/// The published schema every import is checked against.
const PUBLISHED_SCHEMA: &str = include_str!("../../../../docs/export-schema.json");

/// One reason the file cannot be imported, at its place in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportProblem {
    /// A JSON Pointer into the document (`/clients/0/notes/3/mood`); empty for the whole file.
    pub path: String,
    pub message: String,
}

/// One client in the file, as the preview shows it before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportClient {
    pub full_name: String,
    pub date_of_birth: Option<String>,
    #[ts(type = "number")]
    pub courses: u64,
    #[ts(type = "number")]
    pub sessions: u64,
    #[ts(type = "number")]
    pub notes: u64,
    #[ts(type = "number")]
    pub measures: u64,
    #[ts(type = "number")]
    pub worksheets: u64,
    #[ts(type = "number")]
    pub summaries: u64,
    #[ts(type = "number")]
    pub process_notes: u64,
    /// Every record of the client, the client included.
    #[ts(type = "number")]
    pub records: u64,
    /// Clients of the vault whose names look like this one's (a warning, as when adding a
    /// client by hand).
    pub similar: Vec<String>,
}

/// What a file holds and whether it can be imported, before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub encrypted: bool,
    pub exported_at: Option<String>,
    pub app_version: Option<String>,
    /// `practice` or `client`, as the file says.
    pub scope: Option<String>,
    pub process_notes_included: bool,
    pub clients: Vec<ImportClient>,
    #[ts(type = "number")]
    pub records: u64,
    /// Empty when the file can be imported.
    pub problems: Vec<ImportProblem>,
    /// Problems found beyond those listed.
    #[ts(type = "number")]
    pub more_problems: u64,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportOutcome {
    /// The new clients, in the file's order.
    pub clients: Vec<ClientId>,
    #[ts(type = "number")]
    pub records: u64,
}

/// An export read into memory (decrypted, if it was), ready to be checked and imported. It
/// holds record text: keep it no longer than the import takes.
pub struct ImportFile {
    doc: Value,
    encrypted: bool,
}

impl std::fmt::Debug for ImportFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportFile").field("encrypted", &self.encrypted).finish_non_exhaustive()
    }
}

impl ImportFile {
    /// Reads an export's bytes: an age file is opened with `passphrase` (asked for when
    /// missing), then the JSON is parsed. A file that is not JSON, stops short, or is not a
    /// Rapport export is refused with what is wrong.
    pub fn read(bytes: &[u8], passphrase: Option<&SecretString>) -> Result<ImportFile> {
        if bytes.len() as u64 > IMPORT_FILE_LIMIT {
            return Err(Error::invalid(
                "file",
                format!(
                    "The file is {} MB; an export to import can be at most {} MB.",
                    bytes.len() >> 20,
                    IMPORT_FILE_LIMIT >> 20
                ),
            ));
        }
        let encrypted = is_sealed(bytes);
        let plain;
        let text = if encrypted {
            let Some(passphrase) = passphrase else {
                return Err(Error::invalid(
                    "passphrase",
                    "This export is encrypted. Enter the passphrase it was saved with.",
                ));
            };
            plain = open_sealed(bytes, passphrase)?;
            &plain[..]
        } else {
            bytes
        };
        let doc: Value = serde_json::from_slice(text).map_err(|e| {
            let why = match e.classify() {
                serde_json::error::Category::Eof => "it stops short: the file was cut off",
                serde_json::error::Category::Io => "it could not be read",
                _ => "it is not valid JSON",
            };
            Error::invalid(
                "file",
                format!(
                    "This file is not a Rapport export that can be read: {why} (line {}, \
                     column {}).",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        if doc.get("format").and_then(Value::as_str) != Some(EXPORT_FORMAT) {
            return Err(Error::invalid(
                "file",
                "This file is JSON but not a Rapport export: it does not say \
                 \"format\": \"rapport-export\".",
            ));
        }
        Ok(ImportFile { doc, encrypted })
    }

    /// The document itself.
    pub fn document(&self) -> &Value {
        &self.doc
    }

    fn clients(&self) -> &[Value] {
        self.doc.get("clients").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Problems found so far, at most [`REPORT_LIMIT`] of them listed.
#[derive(Default)]
struct Report {
    problems: Vec<ImportProblem>,
    more: u64,
}

impl Report {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.problems.len() < REPORT_LIMIT {
            self.problems.push(ImportProblem { path: path.into(), message: message.into() });
        } else {
            self.more += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What links a table's columns to other records: `(column, table it names)`, from the
/// vault's own foreign keys. The column naming the parent is not among them.
type Links = HashMap<&'static str, Vec<(String, String)>>;

fn links(conn: &Connection) -> Result<Links> {
    let mut out = Links::new();
    for kind in kinds::all() {
        let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list({})", kind.table))?;
        let found: Vec<(String, String)> = stmt
            .query_map([], |r| Ok((r.get::<_, String>(3)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let found = found.into_iter().filter(|(column, _)| column != kind.parent).collect();
        out.insert(kind.table, found);
    }
    Ok(out)
}

/// The links inside structured fields: `(table, field, table it names)`.
const JSON_LINKS: &[(&str, &str, &str)] = &[
    ("notes", "goals_worked", "goals"),
    ("circle_snapshots", "people", "people"),
    ("area_work", "details", "people"),
];

/// The ids a structured field names.
fn json_link_ids(table: &str, field: &str, value: &Value) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    match (table, field) {
        ("notes", "goals_worked") => {
            for (i, id) in value.as_array().into_iter().flatten().enumerate() {
                if let Some(id) = id.as_i64() {
                    out.push((format!("/{i}"), id));
                }
            }
        }
        ("circle_snapshots", "people") => {
            for (i, p) in value.as_array().into_iter().flatten().enumerate() {
                if let Some(id) = p.get("person_id").and_then(Value::as_i64) {
                    out.push((format!("/{i}/person_id"), id));
                }
            }
        }
        ("area_work", "details") => {
            if let Some(id) = value.get("person_id").and_then(Value::as_i64) {
                out.push(("/person_id".into(), id));
            }
        }
        _ => {}
    }
    out
}

/// Replaces the ids a structured field names with the new ones.
fn remap_json(table: &str, field: &str, value: &mut Value, map: &IdMap) -> Result<()> {
    let new = |id: &Value, to: &str| -> Result<Value> {
        match id.as_i64() {
            Some(old) => map.get(to, old).map(Value::from),
            None => Ok(id.clone()),
        }
    };
    match (table, field) {
        ("notes", "goals_worked") => {
            for id in value.as_array_mut().into_iter().flatten() {
                *id = new(id, "goals")?;
            }
        }
        ("circle_snapshots", "people") => {
            for p in value.as_array_mut().into_iter().flatten() {
                if let Some(id) = p.get_mut("person_id") {
                    *id = new(id, "people")?;
                }
            }
        }
        ("area_work", "details") => {
            if let Some(id) = value.get_mut("person_id") {
                *id = new(id, "people")?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Each record below `record` of `kind`: its kind, its place under the record (`/notes/3`,
/// `/safety_plan`), and the record (or, for a list of values, the value).
fn below<'a>(kind: &'static Kind, record: &'a Value) -> Vec<(&'static Kind, String, &'a Value)> {
    let mut out = Vec::new();
    let Some(map) = record.as_object() else { return out };
    for child in kind.children {
        match map.get(child.name) {
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    out.push((child, format!("/{}/{i}", child.name), item));
                }
            }
            Some(item @ Value::Object(_)) => out.push((child, format!("/{}", child.name), item)),
            _ => {}
        }
    }
    out
}

fn validator() -> Result<&'static jsonschema::Validator> {
    static VALIDATOR: OnceLock<std::result::Result<jsonschema::Validator, String>> =
        OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            let schema: Value =
                serde_json::from_str(PUBLISHED_SCHEMA).map_err(|e| e.to_string())?;
            jsonschema::validator_for(&schema).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Internal { what: format!("the export schema does not load: {e}") })
}

/// Checks what the file says it is. A newer format or schema stops the check there.
fn check_version(doc: &Value, report: &mut Report) {
    match doc.get("format_version").and_then(Value::as_i64) {
        Some(EXPORT_FORMAT_VERSION) => {}
        Some(v) if v > EXPORT_FORMAT_VERSION => report.add(
            "/format_version",
            format!(
                "This export was written by a newer version of Rapport (format {v}); this \
                 version reads format {EXPORT_FORMAT_VERSION}. Update Rapport to import it."
            ),
        ),
        _ => report
            .add("/format_version", format!("The format version must be {EXPORT_FORMAT_VERSION}.")),
    }
    match doc.get("schema_version").and_then(Value::as_i64) {
        Some(v) if v > crate::SCHEMA_VERSION => report.add(
            "/schema_version",
            format!(
                "This export comes from a newer version of Rapport (records of schema {v}; \
                 this version knows up to {}). Update Rapport to import it.",
                crate::SCHEMA_VERSION
            ),
        ),
        Some(v) if v >= 1 => {}
        _ => report.add("/schema_version", "The schema version must be a positive number."),
    }
}

fn check_schema(doc: &Value, report: &mut Report) -> Result<()> {
    for e in validator()?.iter_errors(doc) {
        // Masked: the report names the place, never the record text found there.
        report.add(e.instance_path().to_string(), e.masked().to_string());
    }
    Ok(())
}

/// A refusal of the typed-input rules, placed at its field.
fn refused(report: &mut Report, path: &str, e: Error) {
    match e {
        Error::Invalid { field, reason } => report.add(format!("{path}/{field}"), reason),
        other => report.add(path, other.to_string()),
    }
}

/// The part of `record` that `T` reads (an input form), or a problem at `path`.
fn as_input<T: DeserializeOwned>(
    record: &Map<String, Value>,
    report: &mut Report,
    path: &str,
) -> Option<T> {
    match serde_json::from_value(Value::Object(record.clone())) {
        Ok(v) => Some(v),
        Err(e) => {
            report.add(path, format!("This record does not read as it should ({e})."));
            None
        }
    }
}

fn field_as<T: DeserializeOwned>(
    record: &Map<String, Value>,
    field: &str,
    report: &mut Report,
    path: &str,
) -> Option<T> {
    let value = record.get(field).cloned().unwrap_or(Value::Null);
    match serde_json::from_value(value) {
        Ok(v) => Some(v),
        Err(e) => {
            report
                .add(format!("{path}/{field}"), format!("This does not read as it should ({e})."));
            None
        }
    }
}

/// Whether a column holds a calendar date (`YYYY-MM-DD`) by its name.
fn is_date_column(column: &str) -> bool {
    column.ends_with("_on")
        || column.ends_with("_date")
        || matches!(column, "date_of_birth" | "date_of_death" | "week_of" | "retention_until")
}

/// The rules every field of every record meets, whatever its kind.
fn check_fields(kind: &Kind, record: &Map<String, Value>, report: &mut Report, path: &str) {
    for (column, value) in record {
        if kind.json.contains(&column.as_str()) {
            continue;
        }
        let at = format!("{path}/{column}");
        let Value::String(text) = value else { continue };
        let limit =
            if matches!(column.as_str(), "full_name" | "name") { SHORT_TEXT } else { LONG_TEXT };
        let count = text.chars().count();
        if count > limit {
            report.add(
                at,
                format!(
                    "This text is {} characters long; the limit is {}.",
                    input::grouped(count),
                    input::grouped(limit)
                ),
            );
            continue;
        }
        if is_date_column(column) {
            if let Err(e) = input::date("date", text) {
                report.add(at, e.to_string());
            }
        } else if column.ends_with("_at") {
            if chrono::DateTime::parse_from_rfc3339(text).is_err() {
                report.add(at, "A time here is written in RFC 3339, like 2024-03-31T09:30:00Z.");
            }
        } else if column == "start_time" {
            if let Err(e) = input::time("start_time", text) {
                report.add(at, e.to_string());
            }
        } else if column == "occurred" {
            let approximate = record.get("approximate").and_then(Value::as_bool) == Some(true);
            let read = if approximate {
                input::month("occurred", text)
            } else {
                input::date("occurred", text)
            };
            if let Err(e) = read {
                report.add(at, e.to_string());
            }
        }
    }
}

/// The rules a kind's own form applies when it is typed.
fn check_kind(kind: &Kind, record: &Map<String, Value>, report: &mut Report, path: &str) {
    match kind.table {
        "clients" => {
            if let Some(c) = as_input::<ClientInput>(record, report, path)
                && let Err(e) = c.validated_as_stored()
            {
                refused(report, path, e);
            }
        }
        "courses" => {
            if let Some(c) = as_input::<CourseInput>(record, report, path)
                && let Err(e) = c.validated()
            {
                refused(report, path, e);
            }
            if let Some(p) = field_as::<Vec<PlannedMeasure>>(record, "measure_plan", report, path)
                && let Err(e) = plan::validated(&p)
            {
                refused(report, &format!("{path}/measure_plan"), e);
            }
        }
        "booster_plans" => {
            if let Some(b) = as_input::<BoosterPlanInput>(record, report, path) {
                for (i, d) in b.dates.iter().enumerate() {
                    if let Err(e) = input::date("date", d) {
                        report.add(format!("{path}/dates/{i}"), e.to_string());
                    }
                }
            }
        }
        "notes" => {
            if let Some(n) = as_input::<NoteInput>(record, report, path)
                && let Err(e) = n.validated()
            {
                refused(report, path, e);
            }
        }
        "administrations" => {
            let instrument = field_as::<Instrument>(record, "instrument", report, path);
            let responses = field_as::<Responses>(record, "responses", report, path);
            if let (Some(i), Some(r)) = (instrument, responses)
                && let Err(e) = score::validate(i.definition(), &r)
            {
                refused(report, path, e);
            }
        }
        "worksheets" => {
            if let Some(c) = field_as::<WorksheetContent>(record, "content", report, path)
                && let Err(e) = c.validated()
            {
                refused(report, &format!("{path}/content"), e);
            }
        }
        "conclusion_summaries" => {
            if let Some(c) = field_as::<Completion>(record, "completion", report, path)
                && let Err(e) = c.validated()
            {
                refused(report, &format!("{path}/completion"), e);
            }
            if !record.get("compiled").is_none_or(Value::is_null) {
                field_as::<crate::conclusion::compiled::Compiled>(record, "compiled", report, path);
            }
        }
        "circle_snapshots" => {
            field_as::<Vec<SnapshotPerson>>(record, "people", report, path);
        }
        "area_work" => {
            field_as::<AreaDetails>(record, "details", report, path);
        }
        _ => {}
    }
}

/// The ids of each kind in one client of the file.
type Ids = HashMap<&'static str, HashSet<i64>>;

/// Walks a record and its children: field rules, the kind's rules, and the ids it holds.
fn check_record(
    kind: &'static Kind,
    record: &Value,
    path: &str,
    ids: &mut Ids,
    seen: &mut HashMap<&'static str, HashSet<i64>>,
    report: &mut Report,
) {
    if kind.values_of.is_some() {
        return;
    }
    let Some(map) = record.as_object() else { return };
    check_fields(kind, map, report, path);
    check_kind(kind, map, report, path);
    if let Some(id) = map.get("id").and_then(Value::as_i64) {
        ids.entry(kind.table).or_default().insert(id);
        if !seen.entry(kind.table).or_default().insert(id) {
            report.add(
                format!("{path}/id"),
                format!(
                    "Another record of this kind ({}) has the id {id} in this file.",
                    kind.name
                ),
            );
        }
    }
    for (child, at, item) in below(kind, record) {
        check_record(child, item, &format!("{path}{at}"), ids, seen, report);
    }
}

fn link_problem(report: &mut Report, at: String, id: i64, to: &str) {
    report.add(
        at,
        format!(
            "This names record {id} of {to}, which is not among this client's records in the file."
        ),
    );
}

/// Every link of a record and its children names a record of the same client in the file.
fn check_links(
    kind: &'static Kind,
    record: &Value,
    path: &str,
    ids: &Ids,
    links: &Links,
    report: &mut Report,
) {
    let Some(map) = record.as_object() else {
        if let (Some(column), Some(id)) = (kind.values_of, record.as_i64()) {
            for (c, to) in links.get(kind.table).into_iter().flatten() {
                if c == column && !ids.get(to.as_str()).is_some_and(|s| s.contains(&id)) {
                    link_problem(report, path.to_string(), id, to);
                }
            }
        }
        return;
    };
    for (column, to) in links.get(kind.table).into_iter().flatten() {
        if let Some(id) = map.get(column).and_then(Value::as_i64)
            && !ids.get(to.as_str()).is_some_and(|s| s.contains(&id))
        {
            link_problem(report, format!("{path}/{column}"), id, to);
        }
    }
    for (table, field, to) in JSON_LINKS {
        if *table == kind.table
            && let Some(value) = map.get(*field)
        {
            for (inner, id) in json_link_ids(table, field, value) {
                if !ids.get(to).is_some_and(|s| s.contains(&id)) {
                    link_problem(report, format!("{path}/{field}{inner}"), id, to);
                }
            }
        }
    }
    for (child, at, item) in below(kind, record) {
        check_links(child, item, &format!("{path}{at}"), ids, links, report);
    }
}

/// How many records a client holds, by kind, and in all.
fn count(kind: &'static Kind, record: &Value, counts: &mut HashMap<&'static str, u64>) {
    *counts.entry(kind.table).or_default() += 1;
    for (child, _, item) in below(kind, record) {
        count(child, item, counts);
    }
}

/// A client of the vault that this one is: the same name and the same moment of creation.
fn already_present(conn: &Connection, client: &Map<String, Value>) -> Result<Option<String>> {
    let name = client.get("full_name").and_then(Value::as_str).unwrap_or("");
    let created = client.get("created_at").and_then(Value::as_str).unwrap_or("");
    Ok(conn
        .query_row(
            "SELECT substr(created_at, 1, 10) FROM clients
             WHERE full_name = ?1 COLLATE NOCASE AND created_at = ?2",
            [name.trim(), created],
            |r| r.get(0),
        )
        .ok())
}

/// Checks the whole file against the vault and says what it holds.
fn inspect(conn: &Connection, file: &ImportFile) -> Result<ImportPreview> {
    let doc = &file.doc;
    let mut report = Report::default();
    check_version(doc, &mut report);
    if report.is_empty() {
        check_schema(doc, &mut report)?;
    }
    let schema_ok = report.is_empty();
    let mut clients = Vec::new();
    let mut records = 0;
    let mut seen = HashMap::new();
    let links = links(conn)?;
    for (i, client) in file.clients().iter().enumerate() {
        let path = format!("/clients/{i}");
        let Some(map) = client.as_object() else { continue };
        let mut counts = HashMap::new();
        count(&CLIENT, client, &mut counts);
        let n = |t: &str| counts.get(t).copied().unwrap_or(0);
        let full_name = map.get("full_name").and_then(Value::as_str).unwrap_or("").to_string();
        let similar = crate::practice::clients::similar(conn, &full_name, None)?
            .into_iter()
            .map(|c| c.full_name)
            .collect();
        records += counts.values().sum::<u64>();
        clients.push(ImportClient {
            date_of_birth: map.get("date_of_birth").and_then(Value::as_str).map(str::to_string),
            courses: n("courses"),
            sessions: n("sessions"),
            notes: n("notes"),
            measures: n("administrations"),
            worksheets: n("worksheets"),
            summaries: n("conclusion_summaries"),
            process_notes: n("process_notes"),
            records: counts.values().sum(),
            similar,
            full_name,
        });
        if !schema_ok {
            continue;
        }
        let mut ids = Ids::new();
        check_record(&CLIENT, client, &path, &mut ids, &mut seen, &mut report);
        check_links(&CLIENT, client, &path, &ids, &links, &mut report);
        if let Some(added) = already_present(conn, map)? {
            report.add(
                path,
                format!(
                    "This client is already in this vault (the same record, added on {added}). \
                     Remove this client from the file, or import into another vault."
                ),
            );
        }
    }
    Ok(ImportPreview {
        encrypted: file.encrypted,
        exported_at: doc.get("exported_at").and_then(Value::as_str).map(str::to_string),
        app_version: doc.get("app_version").and_then(Value::as_str).map(str::to_string),
        scope: doc.get("scope").and_then(Value::as_str).map(str::to_string),
        process_notes_included: doc.get("process_notes_included").and_then(Value::as_bool)
            == Some(true),
        clients,
        records,
        problems: report.problems,
        more_problems: report.more,
    })
}

/// Old id → new id, by table, for one client.
#[derive(Default)]
struct IdMap(HashMap<String, HashMap<i64, i64>>);

impl IdMap {
    fn get(&self, table: &str, old: i64) -> Result<i64> {
        self.0.get(table).and_then(|m| m.get(&old)).copied().ok_or_else(|| Error::Internal {
            what: format!("record {old} of {table} was linked to before it was written"),
        })
    }
}

/// The columns of each table, as stored.
type Columns = HashMap<&'static str, Vec<String>>;

fn columns(conn: &Connection) -> Result<Columns> {
    let mut out = Columns::new();
    for kind in kinds::all() {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", kind.table))?;
        let names =
            stmt.query_map([], |r| r.get::<_, String>(1))?.collect::<rusqlite::Result<_>>()?;
        out.insert(kind.table, names);
    }
    Ok(out)
}

struct Writer<'a> {
    tx: &'a Transaction<'a>,
    columns: &'a Columns,
    links: &'a Links,
    written: u64,
    /// The records written so far, by table and new id.
    done: HashSet<(&'static str, i64)>,
}

/// The new id of every record in the file, given before anything is written, so that each
/// client's records keep their order (a vault numbers records as they come) and a record
/// can name one of its kind written after it. Each client gets its own map.
fn allocate(conn: &Connection, clients: &[Value]) -> Result<Vec<IdMap>> {
    fn collect(kind: &'static Kind, record: &Value, found: &mut HashMap<&'static str, Vec<i64>>) {
        if let Some(id) = record.get("id").and_then(Value::as_i64) {
            found.entry(kind.table).or_default().push(id);
        }
        for (child, _, item) in below(kind, record) {
            collect(child, item, found);
        }
    }
    let mut next: HashMap<&'static str, i64> = HashMap::new();
    let mut out = Vec::with_capacity(clients.len());
    for client in clients {
        let mut found = HashMap::new();
        collect(&CLIENT, client, &mut found);
        let mut map = IdMap::default();
        for (table, mut olds) in found {
            olds.sort_unstable();
            let first = match next.get(table) {
                Some(n) => *n,
                None => conn.query_row(
                    &format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
                    [],
                    |r| r.get(0),
                )?,
            };
            let ids = map.0.entry(table.to_string()).or_default();
            for (k, old) in olds.iter().enumerate() {
                ids.insert(*old, first + k as i64);
            }
            next.insert(table, first + olds.len() as i64);
        }
        out.push(map);
    }
    Ok(out)
}

fn sql_value(v: &Value) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or_default()),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

impl Writer<'_> {
    fn insert(&mut self, table: &str, names: &[&str], values: Vec<Sql>) -> Result<i64> {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            (1..=names.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
        );
        self.tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        self.written += 1;
        Ok(self.tx.last_insert_rowid())
    }

    /// Writes `record` of `kind` under the parent's new id, then its children, oldest first.
    fn record(
        &mut self,
        kind: &'static Kind,
        record: &Value,
        parent: Option<i64>,
        map: &mut IdMap,
        path: &str,
    ) -> Result<i64> {
        let Some(fields) = record.as_object() else {
            return Err(Error::Internal { what: format!("{path} is not a record") });
        };
        // Borrowed for the whole write, not from `self`, so nothing is copied per record.
        let (all_columns, all_links): (&Columns, &Links) = (self.columns, self.links);
        let columns = all_columns.get(kind.table).map_or(&[][..], Vec::as_slice);
        let links = all_links.get(kind.table).map_or(&[][..], Vec::as_slice);
        let mut names = Vec::new();
        let mut values = Vec::new();
        for column in columns {
            if column == kind.parent {
                names.push(column.as_str());
                values.push(parent.map_or(Sql::Null, Sql::Integer));
                continue;
            }
            if column == "id" {
                if let Some(old) = fields.get("id").and_then(Value::as_i64) {
                    names.push(column.as_str());
                    values.push(Sql::Integer(map.get(kind.table, old)?));
                }
                continue;
            }
            if column == "revision" && kind.skip.contains(&"revision") {
                // A draft's count of saves is working state; an imported record starts anew.
                names.push(column.as_str());
                values.push(Sql::Integer(0));
                continue;
            }
            let Some(value) = fields.get(column) else { continue };
            let value = if let Some((_, to)) = links.iter().find(|(c, _)| c == column) {
                match value.as_i64() {
                    Some(old) => Sql::Integer(map.get(to, old)?),
                    None => Sql::Null,
                }
            } else if kind.json.contains(&column.as_str()) && !value.is_null() {
                let mut inner = value.clone();
                remap_json(kind.table, column, &mut inner, map)?;
                sql_value(&Value::String(inner.to_string()))
            } else {
                sql_value(value)
            };
            names.push(column.as_str());
            values.push(value);
        }
        let new_id = self.insert(kind.table, &names, values).map_err(|e| match e {
            Error::Database(e) => Error::invalid(
                "file",
                format!("{path}: the vault refuses this record ({e}). Nothing was imported."),
            ),
            other => other,
        })?;
        self.done.insert((kind.table, new_id));
        for child in kind.children {
            let at = format!("{path}/{}", child.name);
            match fields.get(child.name) {
                Some(Value::Array(items)) if child.values_of.is_some() => {
                    let column = child.values_of.unwrap_or_default();
                    let to = self
                        .links
                        .get(child.table)
                        .and_then(|l| l.iter().find(|(c, _)| c == column))
                        .map(|(_, t)| t.clone());
                    for item in items {
                        let v = match (item.as_i64(), &to) {
                            (Some(old), Some(to)) => Sql::Integer(map.get(to, old)?),
                            _ => sql_value(item),
                        };
                        self.insert(
                            child.table,
                            &[child.parent, column],
                            vec![Sql::Integer(new_id), v],
                        )?;
                    }
                }
                Some(Value::Array(items)) => {
                    let mut waiting: Vec<(usize, &Value)> = items.iter().enumerate().collect();
                    waiting.sort_by_key(|(_, v)| v.get("id").and_then(Value::as_i64));
                    // Oldest first; a record that names another of its kind written later (a
                    // worksheet naming its role play) waits for it.
                    let own: Vec<String> = self
                        .links
                        .get(child.table)
                        .into_iter()
                        .flatten()
                        .filter(|(_, to)| to == child.table)
                        .map(|(c, _)| c.clone())
                        .collect();
                    while !waiting.is_empty() {
                        let before = waiting.len();
                        let mut later = Vec::new();
                        for (i, item) in waiting {
                            let ready =
                                own.iter().all(|c| match item.get(c).and_then(Value::as_i64) {
                                    Some(old) => map
                                        .get(child.table, old)
                                        .is_ok_and(|new| self.done.contains(&(child.table, new))),
                                    None => true,
                                });
                            if ready {
                                self.record(child, item, Some(new_id), map, &format!("{at}/{i}"))?;
                            } else {
                                later.push((i, item));
                            }
                        }
                        if later.len() == before {
                            let (i, _) = later[0];
                            return Err(Error::invalid(
                                "file",
                                format!("{at}/{i}: these records name each other in a circle."),
                            ));
                        }
                        waiting = later;
                    }
                }
                Some(item @ Value::Object(_)) => {
                    self.record(child, item, Some(new_id), map, &at)?;
                    let versions = fields.get("safety_plan_versions").and_then(Value::as_array);
                    if child.table == "safety_plans" && versions.is_some_and(|v| !v.is_empty()) {
                        // Saving a plan writes its version; the file's versions follow, this
                        // one among them.
                        self.tx.execute(
                            "DELETE FROM safety_plan_versions WHERE id = (SELECT max(id) FROM \
                             safety_plan_versions WHERE client_id = ?1)",
                            [new_id],
                        )?;
                    }
                }
                _ => {}
            }
        }
        Ok(new_id)
    }
}

fn write(
    tx: &Transaction<'_>,
    file: &ImportFile,
    progress: &mut dyn FnMut(f32),
) -> Result<ImportOutcome> {
    let mut writer =
        Writer { columns: &columns(tx)?, links: &links(tx)?, tx, written: 0, done: HashSet::new() };
    let total = file.clients().len().max(1) as f32;
    let maps = allocate(tx, file.clients())?;
    let mut clients = Vec::new();
    for (i, (client, mut map)) in file.clients().iter().zip(maps).enumerate() {
        let id = writer.record(&CLIENT, client, None, &mut map, &format!("/clients/{i}"))?;
        clients.push(ClientId(id));
        progress((i + 1) as f32 / total);
    }
    Ok(ImportOutcome { clients, records: writer.written })
}

impl Vault {
    /// Checks an export against this vault and says what it holds, writing nothing.
    pub fn inspect_import(&self, file: &ImportFile) -> Result<ImportPreview> {
        inspect(self.conn(), file)
    }

    /// Imports an export: every check first, then everything in one transaction, or nothing.
    /// `progress` hears the fraction of clients written.
    pub fn import(
        &mut self,
        file: &ImportFile,
        progress: &mut dyn FnMut(f32),
    ) -> Result<ImportOutcome> {
        let preview = inspect(self.conn(), file)?;
        if let Some(first) = preview.problems.first() {
            let n = preview.problems.len() as u64 + preview.more_problems;
            return Err(Error::invalid(
                "file",
                format!(
                    "Nothing was imported: the file has {n} problem{}. The first, at {}: {}",
                    if n == 1 { "" } else { "s" },
                    if first.path.is_empty() { "/" } else { &first.path },
                    first.message
                ),
            ));
        }
        let clock = self.clock_handle();
        let scope = preview.scope.clone();
        self.write(|tx| {
            let outcome = write(tx, file, progress)?;
            let object = match (scope.as_deref(), outcome.clients.as_slice()) {
                (Some("client"), [one]) => {
                    Some((ObjectKind::Client, std::borrow::Cow::Owned(one.to_string())))
                }
                _ => None,
            };
            let outcome_text = if object.is_some() { "client" } else { "practice" };
            audit::append(
                tx,
                clock.now(),
                Entry { event: Event::Imported, object, outcome: outcome_text },
            )?;
            Ok(outcome)
        })
    }
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
