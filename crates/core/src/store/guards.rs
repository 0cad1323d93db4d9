//! The schema's own guards, tried with plain SQL: what the core refuses with a sentence, the
//! database refuses too, so no other writer (a bug, a future migration, a hand-edited copy)
//! can store it.

use crate::testing::{client, signed_note, vault};

fn refused(v: &crate::vault::Vault, sql: &str) -> String {
    v.conn().execute(sql, []).expect_err(sql).to_string()
}

#[test]
fn impossible_dates_and_values_are_refused_by_the_schema_itself() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").0;
    let bad = [
        format!("UPDATE clients SET date_of_birth = '2023-02-30' WHERE id = {id}"),
        format!("UPDATE clients SET retention_until = '2023-13-01' WHERE id = {id}"),
        format!("UPDATE clients SET status = 'gone' WHERE id = {id}"),
        format!(
            "INSERT INTO people (client_id, name, relationship_type, deceased, lives_with_client, ring, created_at, updated_at)
             VALUES ({id}, 'X', 'friend', 0, 0, 4, 'now', 'now')"
        ),
        format!(
            "INSERT INTO life_events (client_id, occurred, approximate, event_type, description, created_at, updated_at)
             VALUES ({id}, '2024-02', 0, 'loss', 'x', 'now', 'now')"
        ),
        format!(
            "INSERT INTO life_events (client_id, occurred, approximate, event_type, description, created_at, updated_at)
             VALUES ({id}, '2024-13', 1, 'loss', 'x', 'now', 'now')"
        ),
        format!(
            "INSERT INTO courses (client_id, kind, start_date, planned_sessions, frequency, session_minutes, status, created_at, updated_at)
             VALUES ({id}, 'acute', '2026-01-05', 10, 'weekly', 50, 'active', 'now', 'now')"
        ),
        format!(
            "INSERT INTO formulations (client_id, version, effective_on, primary_area, secondary_area, recorded_at)
             VALUES ({id}, 1, '2026-01-05', 'grief', 'grief', 'now')"
        ),
    ];
    for sql in bad {
        let err = refused(&v, &sql);
        assert!(err.contains("CHECK constraint failed"), "{sql}: {err}");
    }
    // A real date and an approximate month go in.
    let conn = v.conn();
    conn.execute(
        &format!(
            "INSERT INTO life_events (client_id, occurred, approximate, event_type, description, created_at, updated_at)
             VALUES ({id}, '2024-02', 1, 'loss', 'x', 'now', 'now')"
        ),
        [],
    )
    .unwrap();
    conn.execute(&format!("UPDATE clients SET date_of_birth = '2024-02-29' WHERE id = {id}"), [])
        .unwrap();
}

#[test]
fn a_formulation_version_is_never_changed() {
    let (_t, mut v) = vault();
    let id = client(&mut v, "Anna").0;
    v.conn()
        .execute(
            &format!(
                "INSERT INTO formulations (client_id, version, effective_on, primary_area, recorded_at)
                 VALUES ({id}, 1, '2026-01-05', 'grief', 'now')"
            ),
            [],
        )
        .unwrap();
    let err = refused(&v, "UPDATE formulations SET prognosis = 'x'");
    assert!(err.contains("never changed"), "{err}");
}

#[test]
fn a_signed_note_its_session_and_its_amendments_refuse_plain_sql() {
    let (_t, mut v) = vault();
    let (c, _s, note) = signed_note(&mut v);
    for sql in [
        "UPDATE notes SET narrative = 'Tampered.' WHERE id = ?1",
        "UPDATE notes SET signed_at = NULL WHERE id = ?1",
        "UPDATE notes SET signed_number = 7 WHERE id = ?1",
        "UPDATE notes SET signed_planned = 20 WHERE id = ?1",
        "UPDATE notes SET signed_phase = 'conclusion' WHERE id = ?1",
        "UPDATE notes SET risk_level = 'low' WHERE id = ?1",
        "DELETE FROM notes WHERE id = ?1",
        "UPDATE sessions SET held_on = '2026-02-20' WHERE id = (SELECT session_id FROM notes WHERE id = ?1)",
    ] {
        let err = v.conn().execute(sql, [note]).expect_err(sql).to_string();
        assert!(err.contains("signed"), "{sql}: {err}");
    }
    v.amend_note(c, note, crate::sessions::notes::NoteSection::Risk, "Asked again.", "Omitted.")
        .unwrap();
    for sql in
        ["UPDATE note_amendments SET text = 'Changed.'", "DELETE FROM note_amendments WHERE id > 0"]
    {
        let err = refused(&v, sql);
        assert!(err.contains("amendment is never"), "{sql}: {err}");
    }
    let view = v.note_of_session(c, _s).unwrap();
    assert_eq!(view.note.fields.narrative.as_deref(), Some("Original words."));
    assert_eq!(view.note.session.fields.held_on, "2026-02-23");
    let signed = view.note.signed_place.unwrap();
    assert_eq!((signed.number, signed.planned), (Some(1), 12));
}

#[test]
fn the_schema_refuses_to_sign_without_a_place_or_a_risk_check() {
    let (_t, mut v) = vault();
    let (c, s, _) = signed_note(&mut v);
    let course: i64 = v
        .conn()
        .query_row("SELECT course_id FROM sessions WHERE id = ?1", [s], |r| r.get(0))
        .unwrap();
    v.conn()
        .execute(
            "INSERT INTO sessions (course_id, client_id, purpose, held_on, format, attendance,
                                   created_at, updated_at)
             VALUES (?1, ?2, 'course', '2026-03-02', 'in_person', 'attended', 'now', 'now')",
            rusqlite::params![course, c],
        )
        .unwrap();
    let later = v.conn().last_insert_rowid();
    v.conn()
        .execute(
            "INSERT INTO notes (session_id, client_id, risk_level, techniques, revision, narrative,
                                created_at, updated_at)
             VALUES (?1, ?2, 'no_concerns', '[]', 1, 'Words.', 'now', 'now')",
            rusqlite::params![later, c],
        )
        .unwrap();
    let note = v.conn().last_insert_rowid();
    // Without the frozen place.
    let err = refused(&v, &format!("UPDATE notes SET signed_at = 'now' WHERE id = {note}"));
    assert!(err.contains("session number, plan and phase"), "{err}");
    // With it, but at high risk without an action.
    let sign = format!(
        "UPDATE notes SET signed_at = 'now', signed_number = 2, signed_planned = 12,
                          signed_phase = 'initial' WHERE id = {note}"
    );
    v.conn().execute("UPDATE notes SET risk_level = 'high' WHERE id = ?1", [note]).unwrap();
    let err = refused(&v, &sign);
    assert!(err.contains("risk check"), "{err}");
    // "Not assessed" without a reason.
    v.conn().execute("UPDATE notes SET risk_level = 'not_asked' WHERE id = ?1", [note]).unwrap();
    let err = refused(&v, &sign);
    assert!(err.contains("risk check"), "{err}");
    v.conn()
        .execute(
            "UPDATE notes SET risk_not_assessed_reason = 'Telephone contact only.' WHERE id = ?1",
            [note],
        )
        .unwrap();
    v.conn().execute(&sign, []).unwrap();
}

#[test]
fn maintenance_boosters_and_assessment_sessions_keep_their_shape_in_the_schema() {
    let (_t, mut v) = vault();
    let (c, s, _) = signed_note(&mut v);
    let other = client(&mut v, "Bea").0;
    let course: i64 = v
        .conn()
        .query_row("SELECT course_id FROM sessions WHERE id = ?1", [s], |r| r.get(0))
        .unwrap();
    let course_row = |kind: &str, planned: i64, review: &str, phase: &str| {
        format!(
            "INSERT INTO courses (client_id, kind, start_date, planned_sessions, frequency,
                 session_minutes, status, review_every, phase_override, phase_override_reason,
                 created_at, updated_at)
             VALUES ({c}, '{kind}', '2026-01-05', {planned}, 'monthly', 50, 'concluded', {review},
                 {phase}, 'reason', 'now', 'now')"
        )
    };
    let session_row = |course: &str, client: crate::ids::ClientId, purpose: &str| {
        format!(
            "INSERT INTO sessions (course_id, client_id, purpose, held_on, format, attendance,
                                   created_at, updated_at)
             VALUES ({course}, {client}, '{purpose}', '2026-03-02', 'video', 'attended', 'now', 'now')"
        )
    };
    for sql in [
        course_row("acute", 21, "NULL", "NULL"),
        course_row("maintenance", 61, "6", "NULL"),
        course_row("maintenance", 24, "NULL", "NULL"),
        course_row("acute", 16, "6", "NULL"),
        course_row("maintenance", 24, "6", "'middle'"),
        session_row("NULL", c, "course"),
        session_row(&course.to_string(), c, "assessment"),
    ] {
        let err = refused(&v, &sql);
        assert!(err.contains("CHECK constraint failed"), "{sql}: {err}");
    }
    let err = refused(&v, &session_row(&course.to_string(), crate::ids::ClientId(other), "course"));
    assert!(err.contains("that course's client"), "{err}");
    v.conn().execute(&course_row("maintenance", 60, "24", "NULL"), []).unwrap();
    let maintenance = v.conn().last_insert_rowid();
    let err = refused(
        &v,
        &format!(
            "INSERT INTO booster_plans (course_id, agreed_on, dates, created_at, updated_at)
             VALUES ({maintenance}, '2026-03-02', '[\"2026-06-02\"]', 'now', 'now')"
        ),
    );
    assert!(err.contains("acute or continuation"), "{err}");

    // An assessment session's note is signed without a place in a course, never with one.
    v.conn().execute(&session_row("NULL", c, "assessment"), []).unwrap();
    let assessment = v.conn().last_insert_rowid();
    v.conn()
        .execute(
            "INSERT INTO notes (session_id, client_id, risk_level, techniques, revision, narrative,
                                created_at, updated_at)
             VALUES (?1, ?2, 'no_concerns', '[]', 1, 'Assessed.', 'now', 'now')",
            rusqlite::params![assessment, c],
        )
        .unwrap();
    let note = v.conn().last_insert_rowid();
    let err = refused(
        &v,
        &format!("UPDATE notes SET signed_at = 'now', signed_number = 1 WHERE id = {note}"),
    );
    assert!(err.contains("no place in a course"), "{err}");
    v.conn().execute(&format!("UPDATE notes SET signed_at = 'now' WHERE id = {note}"), []).unwrap();
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let (t, v) = vault();
    v.conn().execute_batch("PRAGMA user_version = 99").unwrap();
    v.lock(false).unwrap();
    let lock = crate::vault::DirLock::acquire(crate::vault::VaultDir::new(t.path().join("vault")))
        .unwrap();
    let passphrase = crate::SecretString::from(crate::testing::PASSPHRASE.to_string());
    let err =
        crate::vault::Vault::unlock(&lock, &passphrase, crate::testing::clock()).err().unwrap();
    assert!(matches!(err, crate::Error::NewerVersion { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer version"), "{err}");
}

#[test]
fn a_rebuilt_search_index_finds_what_the_triggers_kept() {
    let (_t, mut v) = vault();
    crate::sample::populate(&mut v, crate::sample::SampleSpec { clients: 6, seed: 7 }).unwrap();
    let query = |text: &str| crate::practice::search::SearchQuery {
        text: text.into(),
        include_private: true,
        ..Default::default()
    };
    let before: Vec<_> =
        ["sleep", "sister", "walks"].iter().map(|w| v.search(&query(w)).unwrap()).collect();
    assert!(before.iter().any(|r| !r.hits.is_empty()), "the sample has words to find");
    v.write(|tx| crate::store::search_index::rebuild(tx)).unwrap();
    let after: Vec<_> =
        ["sleep", "sister", "walks"].iter().map(|w| v.search(&query(w)).unwrap()).collect();
    assert_eq!(after, before);
}

#[test]
fn deceased_is_not_a_relationship_and_agreement_never_precedes_its_version() {
    let (_t, mut v) = vault();
    let (c, _, _) = signed_note(&mut v);
    v.conn()
        .execute(
            "INSERT INTO people (client_id, name, relationship_type, deceased, lives_with_client,
                                 ring, created_at, updated_at)
             VALUES (?1, 'Mother', 'parent', 1, 0, 1, 'now', 'now')",
            [c],
        )
        .unwrap();
    let err = refused(&v, "UPDATE people SET relationship_type = 'deceased'");
    assert!(err.contains("keeps their relationship"), "{err}");
    let err = refused(
        &v,
        &format!(
            "INSERT INTO people (client_id, name, relationship_type, deceased, lives_with_client,
                                 ring, created_at, updated_at)
             VALUES ({}, 'Father', 'deceased', 1, 0, 1, 'now', 'now')",
            c.0
        ),
    );
    assert!(err.contains("keeps their relationship"), "{err}");
    let err = refused(
        &v,
        &format!(
            "INSERT INTO formulations (client_id, version, effective_on, primary_area,
                                       client_agreed, agreed_on, recorded_at)
             VALUES ({}, 1, '2026-02-20', 'grief', 1, '2026-02-19', 'now')",
            c.0
        ),
    );
    assert!(err.contains("agreement date"), "{err}");
}

#[test]
fn a_finished_measure_is_never_changed_and_links_stay_with_the_client() {
    use crate::measures::definition::Instrument;
    use crate::measures::given::{AdministrationStart, record_whole};
    use crate::measures::score::Answer;
    let (_t, mut v) = vault();
    let anna = client(&mut v, "Anna");
    let ben = client(&mut v, "Ben");
    let clock = v.clock_handle();
    let what = AdministrationStart {
        instrument: Instrument::Gad7,
        session_id: None,
        given_on: None,
        handed_to_client: false,
    };
    let answers = vec![Some(Answer::Given(1)); 8];
    let id = v.write(|tx| record_whole(tx, clock.as_ref(), anna, &what, &answers, false)).unwrap();
    for sql in [
        format!("UPDATE administrations SET responses = '[3,3,3,3,3,3,3,3]' WHERE id = {id}"),
        format!("UPDATE administrations SET status = 'open', finished_at = NULL WHERE id = {id}"),
        format!("DELETE FROM administrations WHERE id = {id}"),
    ] {
        let err = refused(&v, &sql);
        assert!(err.contains("never"), "{sql}: {err}");
    }
    // A correction belongs to the same client and instrument.
    let err = refused(
        &v,
        &format!(
            "INSERT INTO administrations (client_id, instrument, given_on, responses, status,
                 corrects, correction_reason, started_at)
             VALUES ({ben}, 'gad7', '2026-03-01', '[]', 'open', {id}, 'x', 'now')"
        ),
    );
    assert!(err.contains("own client"), "{err}");
    // A complete administration has a total; an open one no finishing time.
    let err = refused(
        &v,
        &format!(
            "INSERT INTO administrations (client_id, instrument, given_on, responses, status,
                 started_at, finished_at)
             VALUES ({anna}, 'gad7', '2026-03-01', '[]', 'complete', 'now', 'now')"
        ),
    );
    assert!(err.contains("CHECK constraint failed"), "{err}");
}

#[test]
fn a_signed_worksheet_and_its_links_refuse_plain_sql() {
    use crate::worksheets::{self, WorksheetKind, WorksheetStart};
    let (_t, mut v) = vault();
    let (c, s, _) = signed_note(&mut v);
    let other = client(&mut v, "Ben");
    let clock = v.clock_handle();
    let start = WorksheetStart {
        kind: WorksheetKind::DecisionAnalysis,
        person_id: None,
        session_id: Some(s),
    };
    let id = v.write(|tx| worksheets::start(tx, clock.as_ref(), c, &start)).unwrap();
    // A draft cannot be amended, nor linked to another client's session.
    let err = refused(
        &v,
        &format!(
            "INSERT INTO worksheet_amendments (worksheet_id, section, text, reason, made_at)
             VALUES ({id}, 'general', 'x', 'y', 'now')"
        ),
    );
    assert!(err.contains("only a signed worksheet"), "{err}");
    let err = refused(
        &v,
        &format!(
            "INSERT INTO worksheets (client_id, kind, session_id, content, created_at, updated_at)
             VALUES ({other}, 'role_play', {s}, '{{}}', 'now', 'now')"
        ),
    );
    assert!(err.contains("own client"), "{err}");
    let err = refused(&v, &format!("UPDATE worksheets SET client_id = {other} WHERE id = {id}"));
    assert!(err.contains("own client"), "{err}");
    // Signed, it keeps its fields and stays.
    v.conn()
        .execute(&format!("UPDATE worksheets SET signed_at = 'now' WHERE id = {id}"), [])
        .unwrap();
    for sql in [
        format!("UPDATE worksheets SET content = '{{}}' WHERE id = {id}"),
        format!("UPDATE worksheets SET signed_at = NULL WHERE id = {id}"),
        format!("DELETE FROM worksheets WHERE id = {id}"),
    ] {
        let err = refused(&v, &sql);
        assert!(err.contains("signed worksheet"), "{sql}: {err}");
    }
    // A follow-up is recorded or dismissed, not both, and always with its time.
    let err = refused(
        &v,
        &format!(
            "UPDATE worksheets SET follow_up = 'x', follow_up_dismissed = 'y', follow_up_at = 'now'
             WHERE id = {id}"
        ),
    );
    assert!(err.contains("CHECK constraint failed"), "{err}");
    let err = refused(&v, &format!("UPDATE worksheets SET follow_up = 'x' WHERE id = {id}"));
    assert!(err.contains("CHECK constraint failed"), "{err}");
}
