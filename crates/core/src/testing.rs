//! Shared set-up for the core's own tests: a vault with the cheapest permitted key derivation,
//! a clock that only moves when told, and a client with a course and a signed note.

use crate::casefile::Edit;
use crate::clock::ManualClock;
use crate::ids::{ClientId, NoteId, SessionId};
use crate::record::clients::{ClientInput, ClientStatus};
use crate::record::course::{Attendance, CourseInput, SessionInput};
use crate::record::vocabulary::SessionFormat;
use crate::sessions::notes::{NoteInput, RiskLevel};
use crate::vault::{DirLock, KdfCost, Vault, VaultDir};
use std::sync::Arc;

pub(crate) const PASSPHRASE: &str = "copper lantern orchard violet";

/// 2 March 2026, 09:00 UTC: the same calendar day from UTC-9 to UTC+14.
pub(crate) fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z").unwrap().to_utc(),
    ))
}

pub(crate) fn vault() -> (tempfile::TempDir, Vault) {
    let (tmp, vault, _) = vault_and_clock();
    (tmp, vault)
}

/// A vault and the clock it reads, to move on.
pub(crate) fn vault_and_clock() -> (tempfile::TempDir, Vault, Arc<ManualClock>) {
    let tmp = tempfile::tempdir().unwrap();
    let lock = DirLock::acquire(VaultDir::new(tmp.path().join("vault"))).unwrap();
    let passphrase = crate::SecretString::from(PASSPHRASE.to_string());
    let clock = clock();
    let vault =
        Vault::create_with(&lock, &passphrase, clock.clone(), KdfCost::Minimum).unwrap().vault;
    (tmp, vault, clock)
}

pub(crate) fn client(v: &mut Vault, name: &str) -> ClientId {
    v.create_client(&ClientInput::named(name), ClientStatus::Assessment).unwrap().client.id
}

/// A client in a 12-session course with one attended session whose note is signed.
pub(crate) fn signed_note(v: &mut Vault) -> (ClientId, SessionId, NoteId) {
    let c = client(v, "Uma Vance");
    let course = CourseInput { planned_sessions: 12, ..CourseInput::starting("2026-01-05") };
    let record = v.edit_client(c, &Edit::AddCourse { course }).unwrap();
    let session = SessionInput {
        held_on: "2026-02-23".into(),
        start_time: Some("09:00".into()),
        duration_minutes: Some(50),
        format: SessionFormat::InPerson,
        attendance: Attendance::Attended,
    };
    let course_id = record.courses[0].id;
    let record = v.edit_client(c, &Edit::AddSession { course_id, session }).unwrap();
    let s = record.courses[0].sessions[0].id;
    let note = v.start_note(c, Some(s)).unwrap().note.id;
    let words = NoteInput {
        narrative: Some("Original words.".into()),
        risk_level: RiskLevel::NoConcerns,
        ..NoteInput::default()
    };
    v.save_note_draft(c, note, &words, None).unwrap();
    v.sign_note(c, note).unwrap();
    (c, s, note)
}

/// A JSON value with every object's keys sorted, so its text is the same whether or not a
/// crate in the build turns on serde_json's `preserve_order` (for files committed beside tests).
pub(crate) fn sorted_json(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let ordered: std::collections::BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, sorted_json(v))).collect();
            Value::Object(ordered.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted_json).collect()),
        other => other,
    }
}
