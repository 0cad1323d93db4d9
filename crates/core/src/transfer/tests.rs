//! The export against the vault it comes from: every table accounted for, every row written
//! once, structured text as JSON, process notes only when asked for, and the export audited.

use super::export::document;
use super::kinds::{self, NOT_RECORDS};
use crate::testing;
use crate::{ExportScope, Vault};
use serde_json::Value;
use std::collections::BTreeMap;

fn tables(v: &Vault) -> Vec<String> {
    let mut stmt = v
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

fn columns(v: &Vault, table: &str) -> Vec<String> {
    let mut stmt = v.conn().prepare(&format!("PRAGMA table_info({table})")).unwrap();
    stmt.query_map([], |r| r.get(1)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn every_table_is_a_kind_of_record_or_the_vaults_own_workings() {
    let (_tmp, v) = testing::vault();
    let kinds = kinds::all();
    for table in tables(&v) {
        let is_kind = kinds.iter().any(|k| k.table == table);
        assert!(
            is_kind != NOT_RECORDS.contains(&table.as_str()),
            "{table} must be either exported (transfer/kinds.rs) or listed as not a record"
        );
    }
    // What a kind says of its columns names real columns.
    for k in &kinds {
        let cols = columns(&v, k.table);
        for named in k.json.iter().chain(k.bools).chain(k.skip).chain(k.values_of.iter()) {
            assert!(cols.iter().any(|c| c == named), "{}.{named} is not a column", k.table);
        }
        if !k.parent.is_empty() {
            assert!(cols.iter().any(|c| c == k.parent), "{}.{} is not a column", k.table, k.parent);
        }
    }
}

/// How many records of each table an export holds, counted through the nesting.
fn count(kind: &kinds::Kind, records: &[Value], out: &mut BTreeMap<&'static str, usize>) {
    *out.entry(kind.table).or_default() += records.len();
    for record in records {
        for child in kind.children {
            let below = match record.get(child.name) {
                Some(Value::Array(items)) => items.clone(),
                Some(Value::Null) | None => Vec::new(),
                Some(one) => vec![one.clone()],
            };
            count(child, &below, out);
        }
    }
}

#[test]
fn the_whole_sample_practice_is_exported_row_for_row() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    crate::sample::populate(&mut v, crate::sample::SampleSpec::default()).unwrap();
    let doc = document(v.conn(), clock.as_ref(), ExportScope::Practice, true, &mut |_| {}).unwrap();
    assert_eq!(doc["format"], "rapport-export");
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["scope"], "practice");
    assert_eq!(doc["schema_version"], crate::SCHEMA_VERSION);
    assert_eq!(doc["process_notes_included"], true);
    let clients = doc["clients"].as_array().unwrap();
    let mut counted = BTreeMap::new();
    count(&kinds::CLIENT, clients, &mut counted);
    for k in kinds::all() {
        let stored: i64 = v
            .conn()
            .query_row(&format!("SELECT count(*) FROM {}", k.table), [], |r| r.get(0))
            .unwrap();
        assert_eq!(counted.get(k.table).copied().unwrap_or(0) as i64, stored, "{}", k.table);
    }
    // The sample fills every kind, so a kind written empty by mistake would show.
    for k in kinds::all() {
        assert!(counted.get(k.table).copied().unwrap_or(0) > 0, "the sample has no {}", k.table);
    }
}

#[test]
fn values_are_typed_and_process_notes_come_only_when_asked_for() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    crate::sample::populate(&mut v, crate::sample::SampleSpec::default()).unwrap();
    let doc =
        document(v.conn(), clock.as_ref(), ExportScope::Practice, false, &mut |_| {}).unwrap();
    assert_eq!(doc["process_notes_included"], false);
    let clients = doc["clients"].as_array().unwrap();
    let names: Vec<&str> = clients.iter().map(|c| c["full_name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "clients by name");
    for c in clients {
        assert!(c.get("process_notes").is_none(), "no process notes unless asked");
        assert!(c.get("client_id").is_none() && c.get("perinatal_weeks").is_none());
        for n in c["notes"].as_array().unwrap() {
            assert!(n["techniques"].is_array() && n["goals_worked"].is_array(), "{n}");
            assert!(n.get("caret").is_none() && n.get("revision").is_none());
            assert!(n["amendments"].is_array());
        }
        for p in c["people"].as_array().unwrap() {
            assert!(p["deceased"].is_boolean() && p["lives_with_client"].is_boolean());
        }
        for a in c["administrations"].as_array().unwrap() {
            assert!(a["responses"].is_object() || a["responses"].is_array(), "{a}");
            assert!(a["instrument_name"].is_string() && a["instrument_source"].is_string());
        }
        for w in c["worksheets"].as_array().unwrap() {
            assert!(w["content"].is_object());
        }
        for e in c["life_events"].as_array().unwrap() {
            assert!(e["people"].as_array().unwrap().iter().all(Value::is_i64));
        }
        assert!(c["prescriber"].is_object() || c["prescriber"].is_null());
        for course in c["courses"].as_array().unwrap() {
            assert!(course["booster_plan"].is_object() || course["booster_plan"].is_null());
        }
    }
    // Asked for: each marked private.
    let doc = document(v.conn(), clock.as_ref(), ExportScope::Practice, true, &mut |_| {}).unwrap();
    let private: Vec<&Value> = doc["clients"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["process_notes"].as_array().unwrap())
        .collect();
    assert!(!private.is_empty());
    assert!(private.iter().all(|p| p["private"] == true && p["text"].is_string()));
}

#[test]
fn one_client_is_exported_alone_and_the_export_is_audited() {
    let (_tmp, mut v) = testing::vault();
    let ada = testing::client(&mut v, "Ada Lindqvist");
    testing::client(&mut v, "Bo Strand");
    let doc = v.export_document(ExportScope::Client(ada), false).unwrap();
    assert_eq!(doc["scope"], "client");
    let clients = doc["clients"].as_array().unwrap();
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0]["full_name"], "Ada Lindqvist");
    assert_eq!(clients[0]["id"], ada.0);
    let last = v.audit_trail().unwrap().pop().unwrap();
    assert_eq!(last.event, crate::AuditEvent::Exported);
    assert_eq!(last.outcome, "client");
    let err = v.export_document(ExportScope::Client(crate::ClientId(ada.0 + 100)), false);
    assert!(matches!(err, Err(crate::Error::NotFound { .. })), "{err:?}");
    let doc = v.export_document(ExportScope::Practice, true).unwrap();
    assert_eq!(doc["clients"].as_array().unwrap().len(), 2);
    assert_eq!(v.audit_trail().unwrap().pop().unwrap().outcome, "practice_with_process_notes");
}

fn published_schema_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/export-schema.json")
}

/// The schema in docs/ is what this build's table of kinds and tables make. After a
/// deliberate change, write it again with
/// `RAPPORT_SNAPSHOTS=write cargo test -p rapport-core --lib transfer` and read the difference.
#[test]
fn the_published_schema_is_the_one_this_build_writes_to() {
    let (_tmp, v) = testing::vault();
    let made = super::schema::schema(v.conn()).unwrap();
    let text = serde_json::to_string_pretty(&testing::sorted_json(made)).unwrap() + "\n";
    let path = published_schema_path();
    if std::env::var("RAPPORT_SNAPSHOTS").as_deref() == Ok("write") {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == text, "docs/export-schema.json is out of date; see the test's comment");
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(published_schema_path()).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the published schema is a valid JSON Schema")
}

fn problems(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator.iter_errors(doc).map(|e| e.to_string()).take(20).collect()
}

#[test]
fn exports_validate_against_the_published_schema_and_broken_ones_do_not() {
    let (_tmp, mut v, clock) = testing::vault_and_clock();
    crate::sample::populate(&mut v, crate::sample::SampleSpec::default()).unwrap();
    let validator = validator();
    for process_notes in [false, true] {
        let doc =
            document(v.conn(), clock.as_ref(), ExportScope::Practice, process_notes, &mut |_| {})
                .unwrap();
        assert_eq!(problems(&validator, &doc), Vec::<String>::new());
    }
    let first = v.client_directory().unwrap()[0].id;
    let doc =
        document(v.conn(), clock.as_ref(), ExportScope::Client(first), false, &mut |_| {}).unwrap();
    assert_eq!(problems(&validator, &doc), Vec::<String>::new());
    // A wrong type, an unknown field, a choice the app does not know, a missing field.
    let mut broken = doc.clone();
    broken["clients"][0]["full_name"] = Value::from(7);
    assert!(!problems(&validator, &broken).is_empty());
    let mut broken = doc.clone();
    broken["clients"][0]["shoe_size"] = Value::from(43);
    assert!(!problems(&validator, &broken).is_empty());
    let mut broken = doc.clone();
    broken["clients"][0]["condition_group"] = Value::from("hiccups");
    assert!(!problems(&validator, &broken).is_empty());
    let mut broken = doc.clone();
    broken["clients"][0].as_object_mut().unwrap().remove("notes");
    assert!(!problems(&validator, &broken).is_empty());
    let mut broken = doc;
    broken["format_version"] = Value::from(2);
    assert!(!problems(&validator, &broken).is_empty());
}
