//! Import: the round trip on the sample practice, and damaged or hostile files refused with
//! every problem at its place and nothing changed.

use super::*;
use crate::sample::{SampleSpec, populate};
use crate::testing;
use crate::transfer::{ExportScope, seal};

/// The sample practice's exports, made once for every test here (filling the sample takes
/// seconds).
struct Sample {
    /// The whole practice, process notes included.
    practice: Value,
    /// Each client alone, without process notes.
    clients: Vec<Value>,
    /// Rows of each record table in the sample vault.
    counts: Vec<(&'static str, i64)>,
}

fn sample() -> &'static Sample {
    static SAMPLE: std::sync::OnceLock<Sample> = std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| {
        let (_tmp, mut v) = testing::vault();
        populate(&mut v, SampleSpec::default()).unwrap();
        let practice = v.export_document(ExportScope::Practice, true).unwrap();
        let clients = v
            .client_directory()
            .unwrap()
            .into_iter()
            .map(|c| v.export_document(ExportScope::Client(c.id), false).unwrap())
            .collect();
        let counts = fingerprint(&v).into_iter().filter(|(t, _)| *t != "audit_log").collect();
        Sample { practice, clients, counts }
    })
}

fn file_of(doc: &Value) -> ImportFile {
    ImportFile::read(&serde_json::to_vec(doc).unwrap(), None).unwrap()
}

/// The document with every id replaced by its place among the records of its kind, and every
/// link by the replaced id it names, so two exports of the same records compare equal
/// whatever numbers the vaults gave them. The time of export goes too.
fn without_ids(conn: &Connection, mut doc: Value) -> Value {
    fn number(kind: &'static Kind, record: &Value, ids: &mut IdMap) {
        if let Some(old) = record.get("id").and_then(Value::as_i64) {
            let table = ids.0.entry(kind.table.to_string()).or_default();
            let next = table.len() as i64 + 1;
            table.insert(old, next);
        }
        for (child, _, item) in below(kind, record) {
            number(child, item, ids);
        }
    }
    fn replace(kind: &'static Kind, record: &mut Value, ids: &IdMap, links: &Links) {
        if let Some(column) = kind.values_of {
            let to = &links[kind.table].iter().find(|(c, _)| c == column).unwrap().1;
            *record = Value::from(ids.get(to, record.as_i64().unwrap()).unwrap());
            return;
        }
        let Some(map) = record.as_object_mut() else { return };
        if let Some(old) = map.get("id").and_then(Value::as_i64) {
            map.insert("id".into(), Value::from(ids.get(kind.table, old).unwrap()));
        }
        for (column, to) in &links[kind.table] {
            if let Some(old) = map.get(column).and_then(Value::as_i64) {
                map.insert(column.clone(), Value::from(ids.get(to, old).unwrap()));
            }
        }
        for field in kind.json {
            if let Some(value) = map.get_mut(*field) {
                remap_json(kind.table, field, value, ids).unwrap();
            }
        }
        for child in kind.children {
            match map.get_mut(child.name) {
                Some(Value::Array(items)) => {
                    items.iter_mut().for_each(|i| replace(child, i, ids, links))
                }
                Some(one @ Value::Object(_)) => replace(child, one, ids, links),
                _ => {}
            }
        }
    }
    let links = links(conn).unwrap();
    let mut ids = IdMap::default();
    doc.as_object_mut().unwrap().remove("exported_at");
    let clients = doc["clients"].as_array_mut().unwrap();
    clients.iter().for_each(|c| number(&CLIENT, c, &mut ids));
    clients.iter_mut().for_each(|c| replace(&CLIENT, c, &ids, &links));
    doc
}

/// Every row of every record table, counted: what "nothing changed" is checked against.
fn fingerprint(v: &Vault) -> Vec<(&'static str, i64)> {
    kinds::all()
        .iter()
        .map(|k| {
            let n = v
                .conn()
                .query_row(&format!("SELECT count(*) FROM {}", k.table), [], |r| r.get(0))
                .unwrap();
            (k.table, n)
        })
        .chain(std::iter::once((
            "audit_log",
            v.conn().query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap(),
        )))
        .collect()
}

fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = first_difference(v, w, &format!("{path}/{k}")) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{path}/{k} is missing after the round trip")),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{path}/{k} appeared after the round trip"))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} became {b}")),
    }
}

#[test]
fn the_whole_sample_practice_comes_back_the_same() {
    let first = sample().practice.clone();
    let (_tmp2, mut target) = testing::vault();
    let file = file_of(&first);
    let preview = target.inspect_import(&file).unwrap();
    assert_eq!(preview.problems, Vec::new());
    assert_eq!(preview.clients.len(), first["clients"].as_array().unwrap().len());
    assert!(preview.process_notes_included);
    let mut fractions = Vec::new();
    let outcome = target.import(&file, &mut |f| fractions.push(f)).unwrap();
    assert_eq!(outcome.clients.len(), preview.clients.len());
    assert_eq!(outcome.records, preview.records);
    assert_eq!(fractions.last().copied(), Some(1.0));
    assert!(fractions.windows(2).all(|w| w[0] <= w[1]));
    let again = target.export_document(ExportScope::Practice, true).unwrap();
    let (a, b) = (without_ids(target.conn(), first), without_ids(target.conn(), again));
    assert_eq!(first_difference(&a, &b, ""), None);
    assert!(a == b);
    // Every table holds as many rows as in the vault it came from.
    let counts: Vec<_> =
        fingerprint(&target).into_iter().filter(|(t, _)| *t != "audit_log").collect();
    assert_eq!(sample().counts, counts);
    // The import is audited, and search finds the imported notes.
    let trail = target.audit_trail().unwrap();
    let imported = trail.iter().rev().find(|e| e.event == crate::AuditEvent::Imported).unwrap();
    assert_eq!(imported.outcome, "practice");
    target.check().unwrap();
}

#[test]
fn each_sample_client_comes_back_the_same_beside_other_clients() {
    let (_tmp2, mut target) = testing::vault();
    testing::client(&mut target, "Someone Else");
    for first in &sample().clients {
        let file = file_of(first);
        let outcome = target.import(&file, &mut |_| {}).unwrap();
        let [id] = outcome.clients[..] else { panic!("one client") };
        assert_ne!(Some(id.0), first["clients"][0]["id"].as_i64(), "new ids");
        let again = target.export_document(ExportScope::Client(id), false).unwrap();
        let (a, b) = (without_ids(target.conn(), first.clone()), without_ids(target.conn(), again));
        assert_eq!(first_difference(&a, &b, ""), None, "{}", first["clients"][0]["full_name"]);
        let trail = target.audit_trail().unwrap();
        let imported = trail.iter().rev().find(|e| e.event == crate::AuditEvent::Imported);
        assert_eq!(imported.map(|e| e.outcome.as_str()), Some("client"));
    }
}

#[test]
fn signed_notes_stay_signed_with_their_original_times() {
    let doc = &sample().practice;
    let signed: Vec<(String, String)> = doc["clients"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["notes"].as_array().unwrap())
        .filter(|n| !n["signed_at"].is_null())
        .map(|n| (n["signed_at"].as_str().unwrap().into(), n["narrative"].to_string()))
        .collect();
    assert!(!signed.is_empty());
    let (_tmp2, mut target) = testing::vault();
    target.import(&file_of(doc), &mut |_| {}).unwrap();
    let mut stmt = target
        .conn()
        .prepare("SELECT signed_at, narrative FROM notes WHERE signed_at IS NOT NULL ORDER BY id")
        .unwrap();
    let mut back: Vec<(String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, serde_json::to_string(&r.get::<_, Option<String>>(1)?).unwrap()))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut signed = signed;
    signed.sort();
    back.sort();
    assert_eq!(signed, back);
    // And a signed note cannot be changed after the import, as before it.
    let err =
        target.conn().execute("UPDATE notes SET narrative = 'x' WHERE signed_at IS NOT NULL", []);
    assert!(err.is_err());
}

#[test]
fn an_encrypted_export_imports_with_its_passphrase_only() {
    let doc = &sample().clients[0];
    let pass = SecretString::from("a long export passphrase".to_string());
    let sealed = seal(&serde_json::to_vec(&doc).unwrap(), &pass).unwrap();
    let missing = ImportFile::read(&sealed, None).unwrap_err();
    assert!(
        matches!(&missing, Error::Invalid { field, .. } if field == "passphrase"),
        "{missing:?}"
    );
    let wrong = SecretString::from("not the passphrase at all".to_string());
    let err = ImportFile::read(&sealed, Some(&wrong)).unwrap_err();
    assert!(err.to_string().contains("does not open"), "{err}");
    let file = ImportFile::read(&sealed, Some(&pass)).unwrap();
    let (_tmp2, mut target) = testing::vault();
    let preview = target.inspect_import(&file).unwrap();
    assert!(preview.encrypted && preview.problems.is_empty());
    assert_eq!(preview.scope.as_deref(), Some("client"));
    target.import(&file, &mut |_| {}).unwrap();
    assert_eq!(target.list_clients().unwrap().len(), 1);
}

/// One client's export from the sample, with sessions, notes, measures, people and goals.
fn one_client() -> Value {
    sample()
        .clients
        .iter()
        .find(|doc| {
            let c = &doc["clients"][0];
            ["notes", "sessions", "administrations", "people", "goals"]
                .iter()
                .all(|k| !c[*k].as_array().unwrap().is_empty())
        })
        .unwrap()
        .clone()
}

/// Imports `doc` into a fresh vault holding one client, and returns the problems; the vault
/// must be as it was.
fn refused(doc: &Value) -> Vec<ImportProblem> {
    let (_tmp, mut target) = testing::vault();
    testing::client(&mut target, "Already Here");
    let before = fingerprint(&target);
    let file = file_of(doc);
    let preview = target.inspect_import(&file).unwrap();
    let err = target.import(&file, &mut |_| {}).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    assert!(err.to_string().starts_with("Nothing was imported"), "{err}");
    assert_eq!(fingerprint(&target), before, "nothing changed");
    assert!(!preview.problems.is_empty());
    preview.problems
}

fn has(problems: &[ImportProblem], path: &str, words: &str) -> bool {
    problems.iter().any(|p| p.path == path && p.message.contains(words))
}

#[test]
fn a_newer_or_wrong_version_is_refused_before_anything_else() {
    let doc = one_client();
    let mut newer = doc.clone();
    newer["format_version"] = Value::from(2);
    let p = refused(&newer);
    assert!(has(&p, "/format_version", "newer version of Rapport"), "{p:?}");
    assert_eq!(p.len(), 1, "the version stops the check: {p:?}");
    let mut newer = doc.clone();
    newer["schema_version"] = Value::from(crate::SCHEMA_VERSION + 1);
    assert!(has(&refused(&newer), "/schema_version", "Update Rapport"));
    let mut wrong = doc;
    wrong["format_version"] = Value::from("one");
    assert!(has(&refused(&wrong), "/format_version", "must be 1"));
}

#[test]
fn missing_fields_and_wrong_types_are_each_reported_at_their_place() {
    let mut doc = one_client();
    let c = &mut doc["clients"][0];
    c["notes"][0].as_object_mut().unwrap().remove("mood");
    c["sessions"][0]["held_on"] = Value::from(20240301);
    c["people"][0]["deceased"] = Value::from("no");
    c["condition_group"] = Value::from("hiccups");
    let p = refused(&doc);
    assert!(has(&p, "/clients/0/notes/0", "mood"), "{p:?}");
    assert!(has(&p, "/clients/0/sessions/0/held_on", "string"), "{p:?}");
    assert!(has(&p, "/clients/0/people/0/deceased", "boolean"), "{p:?}");
    assert!(p.iter().any(|x| x.path == "/clients/0/condition_group"), "{p:?}");
    assert!(p.len() >= 4);
}

#[test]
fn the_rules_of_typed_input_apply_to_every_record() {
    let mut doc = one_client();
    let c = &mut doc["clients"][0];
    c["full_name"] = Value::from("   ");
    c["sessions"][0]["held_on"] = Value::from("2024-02-30");
    c["notes"][0]["mood"] = Value::from(11);
    c["administrations"][0]["responses"] = serde_json::json!([1]);
    c["people"][0]["created_at"] = Value::from("yesterday");
    let p = refused(&doc);
    assert!(has(&p, "/clients/0/full_name", "required"), "{p:?}");
    assert!(has(&p, "/clients/0/sessions/0/held_on", "not a real date"), "{p:?}");
    assert!(has(&p, "/clients/0/notes/0/mood", ""), "{p:?}");
    assert!(has(&p, "/clients/0/administrations/0/responses", "answers were given"), "{p:?}");
    assert!(has(&p, "/clients/0/people/0/created_at", "RFC 3339"), "{p:?}");
}

#[test]
fn a_link_to_a_record_not_in_the_file_is_refused() {
    let mut doc = one_client();
    let c = &mut doc["clients"][0];
    c["notes"][0]["session_id"] = Value::from(987_654);
    c["notes"][0]["goals_worked"] = serde_json::json!([876_543]);
    let p = refused(&doc);
    assert!(has(&p, "/clients/0/notes/0/session_id", "987654"), "{p:?}");
    assert!(has(&p, "/clients/0/notes/0/goals_worked/0", "876543"), "{p:?}");
    // Two records of a kind with one id.
    let mut doc = one_client();
    let sessions = doc["clients"][0]["sessions"].as_array_mut().unwrap();
    let first = sessions[0]["id"].clone();
    sessions[1]["id"] = first;
    assert!(has(&refused(&doc), "/clients/0/sessions/1/id", "Another record"));
}

#[test]
fn a_ten_megabyte_string_is_refused_without_being_repeated() {
    let mut doc = one_client();
    let huge = "x".repeat(10 * 1024 * 1024);
    doc["clients"][0]["notes"][0]["narrative"] = Value::from(huge);
    let p = refused(&doc);
    assert!(has(&p, "/clients/0/notes/0/narrative", "the limit is 20,000"), "{p:?}");
    assert!(p.iter().all(|x| x.message.len() < 1_000), "the report never quotes the text");
}

#[test]
fn script_text_is_imported_as_text() {
    let mut doc = one_client();
    let script = "<script>alert('x')</script><img src=x onerror=alert(1)> Ann";
    doc["clients"][0]["full_name"] = Value::from(script);
    doc["clients"][0]["notes"][0]["narrative"] = Value::from(script);
    let (_tmp2, mut target) = testing::vault();
    let outcome = target.import(&file_of(&doc), &mut |_| {}).unwrap();
    let back = target.export_document(ExportScope::Client(outcome.clients[0]), false).unwrap();
    assert_eq!(back["clients"][0]["full_name"], script);
    assert_eq!(back["clients"][0]["notes"][0]["narrative"], script);
}

#[test]
fn a_truncated_file_or_not_an_export_is_refused() {
    let doc = one_client();
    let bytes = serde_json::to_vec(&doc).unwrap();
    let err = ImportFile::read(&bytes[..bytes.len() / 2], None).unwrap_err();
    assert!(err.to_string().contains("stops short"), "{err}");
    let err = ImportFile::read(b"{\"hello\": 1}", None).unwrap_err();
    assert!(err.to_string().contains("not a Rapport export"), "{err}");
    let err = ImportFile::read(b"\x00\x01binary", None).unwrap_err();
    assert!(err.to_string().contains("not valid JSON"), "{err}");
    // A damaged age file.
    let pass = SecretString::from("a long export passphrase".to_string());
    let sealed = seal(&bytes, &pass).unwrap();
    let err = ImportFile::read(&sealed[..sealed.len() - 100], Some(&pass)).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
}

#[test]
fn a_client_already_present_is_refused_and_a_similar_name_is_told() {
    let doc = one_client();
    let file = file_of(&doc);
    // A vault that holds this client already: the file was imported into it once.
    let (_tmp, mut v) = testing::vault();
    v.import(&file, &mut |_| {}).unwrap();
    let before = fingerprint(&v);
    let preview = v.inspect_import(&file).unwrap();
    assert!(
        has(&preview.problems, "/clients/0", "already in this vault"),
        "{:?}",
        preview.problems
    );
    assert!(v.import(&file, &mut |_| {}).is_err());
    assert_eq!(fingerprint(&v), before);
    // Into another vault with someone of a similar name: a warning, and the import goes on.
    let name = doc["clients"][0]["full_name"].as_str().unwrap().to_string();
    let (_tmp2, mut target) = testing::vault();
    let alike: String = name.split_whitespace().rev().collect::<Vec<_>>().join(" ");
    testing::client(&mut target, &alike);
    let preview = target.inspect_import(&file).unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!(preview.clients[0].similar, vec![alike]);
    target.import(&file, &mut |_| {}).unwrap();
    assert_eq!(target.list_clients().unwrap().len(), 2);
}
