//! The export's JSON Schema, drawn from the same table of kinds the export is written from and
//! from the vault's own tables (each column's type, whether it may be empty, and the values a
//! fixed choice allows, from the schema's checks). It is published as
//! `docs/export-schema.json`; a test holds the committed file to what this makes, so the two
//! cannot drift, and validates real exports against it.

use super::kinds::{CLIENT, Kind};
use rusqlite::Connection;
use serde_json::{Map, Value, json};

/// The values `column` is checked against in `create` (`status TEXT CHECK (status IN ('a',
/// 'b'))`), if any.
fn choices(create: &str, column: &str) -> Option<Vec<String>> {
    let needle = format!("{column} IN");
    let mut from = 0;
    while let Some(at) = create[from..].find(&needle) {
        let start = from + at;
        let before = create[..start].chars().next_back();
        from = start + needle.len();
        let rest = create[from..].trim_start();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') || !rest.starts_with('(') {
            continue;
        }
        let list = &rest[1..rest.find(')')?];
        let values: Vec<String> = list
            .split(',')
            .map(|v| v.trim().trim_matches('\'').to_string())
            .filter(|v| !v.is_empty())
            .collect();
        return Some(values);
    }
    None
}

fn column_schema(kind: &Kind, create: &str, name: &str, sql_type: &str, not_null: bool) -> Value {
    let mut s = if kind.bools.contains(&name) {
        json!({ "type": "boolean" })
    } else if kind.json.contains(&name) {
        json!({ "type": ["object", "array"], "description": "Structured: see docs/EXPORT.md" })
    } else if sql_type == "INTEGER" {
        json!({ "type": "integer" })
    } else if sql_type == "REAL" {
        json!({ "type": "number" })
    } else {
        match choices(create, name) {
            Some(values) => json!({ "type": "string", "enum": values }),
            None => json!({ "type": "string" }),
        }
    };
    if !not_null {
        let Value::Object(map) = &mut s else { unreachable!("built as objects above") };
        if let Some(Value::String(t)) = map.get("type").cloned() {
            map.insert("type".into(), json!([t, "null"]));
        } else if let Some(Value::Array(mut types)) = map.get("type").cloned() {
            types.push(json!("null"));
            map.insert("type".into(), Value::Array(types));
        }
        if let Some(Value::Array(mut values)) = map.get("enum").cloned() {
            values.push(Value::Null);
            map.insert("enum".into(), Value::Array(values));
        }
    }
    s
}

fn kind_schema(
    conn: &Connection,
    kind: &Kind,
    defs: &mut Map<String, Value>,
) -> rusqlite::Result<()> {
    let create: String = conn.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [kind.table],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", kind.table))?;
    let columns: Vec<(String, String, bool)> = stmt
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? != 0)))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some(only) = kind.values_of {
        let (_, sql_type, _) = columns.iter().find(|(n, ..)| n == only).expect("a column");
        let item = column_schema(kind, &create, only, sql_type, true);
        defs.insert(kind.table.into(), json!({ "type": "array", "items": item }));
        return Ok(());
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (name, sql_type, not_null) in &columns {
        if name == kind.parent || kind.skip.contains(&name.as_str()) {
            continue;
        }
        // A primary key is never empty in a row, whatever the declaration says.
        let not_null = *not_null || name == "id";
        properties.insert(name.clone(), column_schema(kind, &create, name, sql_type, not_null));
        required.push(name.clone());
    }
    if kind.private {
        properties.insert("private".into(), json!({ "const": true }));
        required.push("private".into());
    }
    if kind.table == "administrations" {
        for extra in ["instrument_name", "instrument_source"] {
            properties.insert(extra.into(), json!({ "type": "string" }));
            required.push(extra.into());
        }
    }
    for child in kind.children {
        kind_schema(conn, child, defs)?;
        let reference = json!({ "$ref": format!("#/$defs/{}", child.table) });
        let v = if child.values_of.is_some() {
            reference
        } else if child.single {
            json!({ "anyOf": [reference, { "type": "null" }] })
        } else {
            json!({ "type": "array", "items": reference })
        };
        properties.insert(child.name.into(), v);
        if !child.private {
            required.push(child.name.into());
        }
    }
    defs.insert(
        kind.table.into(),
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": required,
            "properties": properties,
        }),
    );
    Ok(())
}

/// The JSON Schema of the export format this build writes.
pub(crate) fn schema(conn: &Connection) -> rusqlite::Result<Value> {
    let mut defs = Map::new();
    kind_schema(conn, &CLIENT, &mut defs)?;
    Ok(json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:rapport:export:1",
        "title": "Rapport export, format version 1",
        "description": "The whole practice, or one client, as exported by Rapport. See docs/EXPORT.md.",
        "type": "object",
        "additionalProperties": false,
        "required": [
            "format", "format_version", "exported_at", "app_version", "schema_version", "scope",
            "process_notes_included", "clients"
        ],
        "properties": {
            "format": { "const": super::EXPORT_FORMAT },
            "format_version": { "const": super::EXPORT_FORMAT_VERSION },
            "exported_at": { "type": "string" },
            "app_version": { "type": "string" },
            "schema_version": { "type": "integer" },
            "scope": { "enum": ["practice", "client"] },
            "process_notes_included": { "type": "boolean" },
            "clients": { "type": "array", "items": { "$ref": "#/$defs/clients" } }
        },
        "$defs": defs,
    }))
}

#[cfg(test)]
mod tests {
    use super::choices;

    #[test]
    fn choices_are_read_from_a_check_naming_the_column_exactly() {
        let sql = "kind TEXT CHECK (kind IN ('acute', 'maintenance')), \
                   other_kind TEXT CHECK (other_kind IS NULL OR other_kind IN ('x')), \
                   group TEXT CHECK (group IN\n    ('a', 'b'))";
        assert_eq!(choices(sql, "kind"), Some(vec!["acute".into(), "maintenance".into()]));
        assert_eq!(choices(sql, "other_kind"), Some(vec!["x".into()]));
        assert_eq!(choices(sql, "group"), Some(vec!["a".into(), "b".into()]));
        assert_eq!(choices(sql, "nothing"), None);
    }
}
