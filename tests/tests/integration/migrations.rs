//! Vaults made by every shipped schema open with this build, with nothing lost. Each fixture in
//! tests/fixtures/vaults/ was made by the released build of its schema (its README says how);
//! this build brings it up to date on unlock, and then every record is there, search finds
//! them, and the full check is clean. A backup made by a released build restores through the
//! same path.

use rapport_core::restore::{self, Secret};
use rapport_core::{
    ClientId, DirLock, RecordCount, SAMPLE_PASSPHRASE, SCHEMA_VERSION, SearchKind, SearchQuery,
    Vault, VaultDir,
};
use rapport_tests::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The passphrase each fixture was made with: the first schema had no sample practice, so its
/// vault was made with `rapport-cli init`.
fn passphrase(schema: i64) -> &'static str {
    if schema == 1 { PASSPHRASE } else { SAMPLE_PASSPHRASE }
}

/// The counts the making build reported (`rapport-cli --json check`), by kind.
fn recorded(schema: i64) -> BTreeMap<String, u64> {
    let path = fixtures().join(format!("vaults/schema-{schema}/counts.json"));
    let counts: Vec<RecordCount> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    counts.into_iter().map(|c| (c.kind, c.count)).collect()
}

/// A copy of a fixture vault in a fresh folder (the fixture itself is never opened in place).
fn copy_of(schema: i64, into: &Path) -> VaultDir {
    let from = fixtures().join(format!("vaults/schema-{schema}"));
    std::fs::create_dir_all(into).unwrap();
    for name in ["vault.db", "vault.keys", "vault.keys.bak"] {
        std::fs::copy(from.join(name), into.join(name)).unwrap();
    }
    VaultDir::new(into)
}

fn counts(v: &Vault) -> BTreeMap<String, u64> {
    v.record_counts().unwrap().into_iter().map(|c| (c.kind, c.count)).collect()
}

/// Every record the making build counted is still there; the audit trail only grew.
fn nothing_lost(schema: i64, v: &Vault) {
    let before = recorded(schema);
    let after = counts(v);
    for (kind, count) in &before {
        let now = after.get(kind).copied().unwrap_or(0);
        if kind == "audit_events" {
            assert!(now >= *count, "schema {schema}: audit entries {count} → {now}");
        } else {
            assert_eq!(now, *count, "schema {schema}: {kind}");
        }
    }
}

fn search(v: &Vault, text: &str, client: Option<ClientId>) -> Vec<(SearchKind, ClientId)> {
    let query = SearchQuery {
        text: text.into(),
        client_id: client,
        include_private: true,
        ..SearchQuery::default()
    };
    v.search(&query).unwrap().hits.into_iter().map(|h| (h.kind, h.client_id)).collect()
}

/// Search finds records of every kind the schema had: clients by name, and (once notes
/// existed) a note by a word of it.
fn search_finds_them(schema: i64, v: &mut Vault) {
    let clients = v.list_clients().unwrap();
    for client in clients.iter().take(4) {
        let hits = search(v, &client.full_name, None);
        assert!(
            hits.contains(&(SearchKind::Client, client.id)),
            "schema {schema}: {} not found: {hits:?}",
            client.full_name
        );
    }
    if schema < 3 {
        return;
    }
    let (client, session) = clients
        .iter()
        .find_map(|c| {
            let record = v.client_record(c.id).unwrap();
            record.notes.iter().find(|n| n.signed_at.is_some()).map(|n| (c.id, n.session_id))
        })
        .expect("the sample practice has signed notes");
    let note = v.note_of_session(client, session).unwrap().note;
    let text = [note.fields.narrative, note.fields.focus_work, note.fields.mood_and_events]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let word = text
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.chars().count() >= 6)
        .expect("the note has words");
    let hits = search(v, word, Some(client));
    assert!(
        hits.contains(&(SearchKind::Note, client)),
        "schema {schema}: the note's word {word:?} not found: {hits:?}"
    );
}

fn opens_whole(schema: i64) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_of(schema, &tmp.path().join("vault"));
    let before = recorded(schema);
    assert!(!before.is_empty(), "schema {schema}: the fixture's counts were not read");
    for (kind, count) in &before {
        assert!(
            *count > 0,
            "schema {schema}: the fixture holds no {kind}: it must hold every kind"
        );
    }
    let lock = DirLock::acquire(dir).unwrap();
    let mut v = Vault::unlock(&lock, &secret(passphrase(schema)), clock()).unwrap();
    assert_eq!(
        v.schema_version().unwrap(),
        SCHEMA_VERSION,
        "schema {schema} was brought up to date"
    );
    nothing_lost(schema, &v);
    search_finds_them(schema, &mut v);
    let report = v.check().unwrap();
    assert!(report.ok, "schema {schema}: {report:?}");
    // And it opens again as a current vault.
    v.lock(false).unwrap();
    let v = Vault::unlock(&lock, &secret(passphrase(schema)), clock()).unwrap();
    nothing_lost(schema, &v);
}

#[test]
fn a_vault_of_schema_1_opens_whole() {
    opens_whole(1);
}

#[test]
fn a_vault_of_schema_2_opens_whole() {
    opens_whole(2);
}

#[test]
fn a_vault_of_schema_3_opens_whole() {
    opens_whole(3);
}

#[test]
fn a_vault_of_schema_4_opens_whole() {
    opens_whole(4);
}

#[test]
fn a_vault_of_schema_5_opens_whole() {
    opens_whole(5);
}

#[test]
fn a_vault_of_schema_6_opens_whole() {
    opens_whole(6);
}

#[test]
fn a_vault_of_schema_7_opens_whole() {
    opens_whole(7);
}

#[test]
fn a_vault_of_schema_8_opens_whole() {
    opens_whole(8);
}

#[test]
fn a_vault_of_schema_9_opens_whole() {
    opens_whole(9);
}

#[test]
fn a_vault_of_schema_11_opens_whole() {
    opens_whole(11);
}

#[test]
fn a_vault_of_schema_12_opens_whole() {
    opens_whole(12);
}

#[test]
fn a_vault_of_schema_13_opens_whole() {
    opens_whole(13);
}

#[test]
fn a_vault_of_schema_14_opens_whole() {
    opens_whole(14);
}

/// Schema 11 keeps the review each task had as the first of its dated reviews, and the single
/// weekly count of social contacts as the first entry of the series.
#[test]
fn reviews_and_contacts_before_schema_11_become_the_first_of_their_series() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_of(10, &tmp.path().join("vault"));
    let lock = DirLock::acquire(dir).unwrap();
    let mut v = Vault::unlock(&lock, &secret(passphrase(10)), clock()).unwrap();
    let (mut reviewed, mut deficits, mut series) = (0, 0, 0);
    for summary in v.list_clients().unwrap() {
        let record = v.client_record(summary.id).unwrap();
        for t in &record.tasks {
            match t.reviewed_in_session {
                Some(s) => {
                    assert_eq!(t.reviews.len(), 1, "task {:?}", t.id);
                    let r = &t.reviews[0];
                    assert_eq!((r.session_id, r.status), (Some(s), t.fields.status));
                    assert_eq!((&r.barriers, &r.outcome), (&t.fields.barriers, &t.fields.outcome));
                    reviewed += 1;
                }
                None => assert!(t.reviews.is_empty()),
            }
        }
        if record
            .area_work
            .iter()
            .any(|w| w.details.area() == rapport_core::ProblemArea::InterpersonalDeficits)
        {
            deficits += 1;
            assert_eq!(record.social_contacts.len(), 1, "the old count is the first entry");
        }
        series += record.social_contacts.len();
    }
    assert!(
        reviewed > 10 && deficits > 0,
        "the fixture holds reviews ({reviewed}) and deficits ({deficits})"
    );
    assert_eq!(series, deficits);
    let report = v.check().unwrap();
    assert!(report.ok, "{report:?}");
}

#[test]
fn a_vault_of_schema_10_opens_whole() {
    opens_whole(10);
}

/// The sessions table is rebuilt by schema 10 (a session names its client, and an assessment
/// session has no course): every session keeps its course, its client and its note; none
/// becomes an assessment; and the notes signed before keep their place.
#[test]
fn sessions_before_schema_10_keep_their_course_and_client() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_of(9, &tmp.path().join("vault"));
    let lock = DirLock::acquire(dir).unwrap();
    let mut v = Vault::unlock(&lock, &secret(passphrase(9)), clock()).unwrap();
    let before = recorded(9);
    let mut sessions: u64 = 0;
    let mut signed = 0;
    for summary in v.list_clients().unwrap() {
        let record = v.client_record(summary.id).unwrap();
        assert!(record.assessment_sessions.is_empty());
        for c in &record.courses {
            for s in &c.sessions {
                assert_eq!(s.course_id, Some(c.id));
                assert_eq!(s.purpose, rapport_core::SessionPurpose::Course);
                sessions += 1;
            }
        }
        for n in record.notes.iter().filter(|n| n.signed_at.is_some()) {
            let note = v.note_of_session(summary.id, n.session_id).unwrap().note;
            assert!(note.signed_place.is_some() && note.place.is_some());
            signed += 1;
        }
    }
    assert_eq!(Some(&sessions), before.get("sessions"));
    assert!(signed > 50, "the fixture holds signed notes ({signed})");
    let report = v.check().unwrap();
    assert!(report.ok, "{report:?}");
}

/// The courses table is rebuilt by schema 9 (maintenance plans past 20 sessions): every course
/// keeps its sessions, notes and changes; maintenance courses get review points every six
/// sessions and lose any acute phase override, acute ones get none; the foreign keys hold.
#[test]
fn courses_before_schema_9_keep_everything_and_maintenance_gets_review_points() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_of(8, &tmp.path().join("vault"));
    let lock = DirLock::acquire(dir).unwrap();
    let mut v = Vault::unlock(&lock, &secret(passphrase(8)), clock()).unwrap();
    let before = recorded(8);
    let after = counts(&v);
    for kind in ["courses", "course_changes", "sessions", "notes"] {
        assert_eq!(after.get(kind), before.get(kind), "{kind}");
    }
    let mut maintenance = 0;
    let mut sessions = 0;
    for summary in v.list_clients().unwrap() {
        for c in v.client_record(summary.id).unwrap().courses {
            sessions += c.sessions.len();
            if c.fields.kind == rapport_core::CourseKind::Maintenance {
                maintenance += 1;
                assert_eq!(c.fields.review_every, Some(6));
                assert_eq!(c.phase_override, None);
                assert_eq!(c.progress.phase, rapport_core::Phase::Maintenance);
                assert!(!c.progress.conclusion_due);
            } else {
                assert_eq!(c.fields.review_every, None);
                assert_ne!(c.progress.phase, rapport_core::Phase::Maintenance);
            }
        }
    }
    assert!(maintenance > 0, "the fixture holds a maintenance course");
    assert_eq!(
        Some(&(sessions as u64)),
        before.get("sessions"),
        "every session still has its course"
    );
    let report = v.check().unwrap();
    assert!(report.ok, "{report:?}");
}

/// Safety plans saved before schema 8 become the first of their dated versions.
#[test]
fn safety_plans_before_schema_8_become_their_first_version() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_of(7, &tmp.path().join("vault"));
    let lock = DirLock::acquire(dir).unwrap();
    let v = Vault::unlock(&lock, &secret(passphrase(7)), clock()).unwrap();
    let counts = counts(&v);
    assert_eq!(counts.get("safety_plan_versions"), counts.get("safety_plans"));
    assert_eq!(counts.get("relapse_plan_versions"), Some(&0));
}

/// Notes signed before schema 6 get the place they showed when signed: the number of attended
/// sessions before them plus one, the plan in force, and the phase of the rule that held then
/// (sessions 1–3 initial, the last three of the plan conclusion), with no "left" or "missed",
/// which that rule did not count.
#[test]
fn notes_signed_before_schema_6_keep_the_place_they_showed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_of(5, &tmp.path().join("vault"));
    let lock = DirLock::acquire(dir).unwrap();
    let mut v = Vault::unlock(&lock, &secret(passphrase(5)), clock()).unwrap();
    let mut signed = 0;
    for summary in v.list_clients().unwrap() {
        let record = v.client_record(summary.id).unwrap();
        for n in record.notes.iter().filter(|n| n.signed_at.is_some()) {
            let note = v.note_of_session(summary.id, n.session_id).unwrap().note;
            let place = note.signed_place.clone().expect("a signed note has its place");
            assert_eq!(place.number, note.session.number, "note {:?}", note.id);
            assert_eq!(Some(place.planned), note.planned);
            assert_eq!((place.left, place.missed), (None, None));
            let old_rule = match note.session.number {
                None => place.phase,
                Some(n) if n <= 3 => rapport_core::Phase::Initial,
                Some(n) if n > place.planned - 3 => rapport_core::Phase::Conclusion,
                Some(_) => rapport_core::Phase::Middle,
            };
            assert_eq!(note.fields.phase.unwrap_or(old_rule), place.phase, "note {:?}", note.id);
            signed += 1;
        }
    }
    assert!(signed > 50, "the fixture holds signed notes ({signed})");
}

/// People once recorded with "deceased" as their relationship keep having died, become "other"
/// and ask the practitioner to choose who they were; saving them clears the question.
#[test]
fn people_recorded_as_deceased_before_schema_7_keep_their_death_and_ask_for_their_relationship() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_of(6, &tmp.path().join("vault"));
    let lock = DirLock::acquire(dir).unwrap();
    let mut v = Vault::unlock(&lock, &secret(passphrase(6)), clock()).unwrap();
    let mut asked = Vec::new();
    for summary in v.list_clients().unwrap() {
        let record = v.client_record(summary.id).unwrap();
        for p in record.people.into_iter().filter(|p| p.relationship_to_confirm) {
            assert!(p.fields.deceased);
            assert_eq!(p.fields.relationship_type, rapport_core::RelationshipType::Other);
            asked.push((summary.id, p));
        }
    }
    assert!(!asked.is_empty(), "the schema 6 fixture holds people recorded as deceased");
    let (client, person) = asked.remove(0);
    let chosen = rapport_core::PersonInput {
        relationship_type: rapport_core::RelationshipType::Parent,
        ..person.fields.clone()
    };
    let r = v
        .edit_client(
            client,
            &rapport_core::Edit::UpdatePerson { person_id: person.id, person: chosen },
        )
        .unwrap();
    let after = r.people.iter().find(|p| p.id == person.id).unwrap();
    assert!(!after.relationship_to_confirm && after.fields.deceased);
}

/// Perinatal weeks recorded as counts before schema 7 become the dates they stood for on the day
/// they were saved; the weeks are then derived, and no count is left.
#[test]
fn perinatal_counts_before_schema_7_become_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_of(6, &tmp.path().join("vault"));
    let lock = DirLock::acquire(dir).unwrap();
    let mut v = Vault::unlock(&lock, &secret(passphrase(6)), clock()).unwrap();
    let mut seen = 0;
    for summary in v.list_clients().unwrap() {
        let c = v.client_record(summary.id).unwrap().client;
        match c.fields.perinatal_stage {
            Some(rapport_core::PerinatalStage::Pregnant) => {
                assert!(c.fields.due_date.is_some() && c.fields.birth_date.is_none());
                assert!(matches!(
                    c.perinatal_weeks,
                    Some(rapport_core::PerinatalWeeks::Pregnant { .. })
                ));
                seen += 1;
            }
            Some(rapport_core::PerinatalStage::Postpartum) => {
                assert!(c.fields.birth_date.is_some() && c.fields.due_date.is_none());
                assert!(matches!(
                    c.perinatal_weeks,
                    Some(rapport_core::PerinatalWeeks::Postpartum { .. })
                ));
                seen += 1;
            }
            None => assert_eq!(c.perinatal_weeks, None),
        }
    }
    assert!(seen > 0, "the schema 6 fixture holds perinatal clients");
}

#[test]
fn there_is_a_fixture_for_every_shipped_schema() {
    for schema in 1..=SCHEMA_VERSION {
        let dir = fixtures().join(format!("vaults/schema-{schema}"));
        assert!(
            dir.join("vault.db").exists() && dir.join("counts.json").exists(),
            "no fixture vault for schema {schema}: make one with the build that shipped it \
             (tests/fixtures/vaults/README.md)"
        );
    }
}

#[test]
fn a_backup_made_by_a_released_build_restores_through_the_same_path() {
    let file = fixtures().join("backups/schema-4.rapportbackup");
    let info = restore::inspect(&file).unwrap();
    assert_eq!(info.schema_version, 4);
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("restored"));
    let opens = Secret::Passphrase { passphrase: secret(SAMPLE_PASSPHRASE) };
    let restored = restore::restore_into(&file, &opens, &dir, clock().as_ref()).unwrap();
    assert_eq!(restored.info.vault_id, info.vault_id);
    let lock = DirLock::acquire(dir).unwrap();
    let mut v = Vault::unlock(&lock, &secret(SAMPLE_PASSPHRASE), clock()).unwrap();
    assert_eq!(v.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(v.vault_id(), info.vault_id);
    nothing_lost(4, &v);
    search_finds_them(4, &mut v);
    assert!(v.check().unwrap().ok);
}
