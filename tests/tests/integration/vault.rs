//! Every path through the vault: create, unlock, wrong passphrase and its growing delay,
//! recovery key, passphrase change, regeneration, damage, foreign files, newer schemas, a
//! second opener, and what reaches the disk.

use rapport_core::{ClientInput, ClientStatus, Error};
use rapport_core::{DirLock, DirState, Vault, VaultDir};
use rapport_core::{KEY_FILE, KEY_FILE_BAK, KeyFile};
use rapport_tests::*;

fn key_file(t: &TestVault) -> KeyFile {
    KeyFile::parse(&std::fs::read(t.root().join(KEY_FILE)).unwrap()).unwrap()
}

/// The audit trail as `event:outcome`, by the names it is stored under.
fn events(v: &Vault) -> Vec<String> {
    v.audit_trail()
        .unwrap()
        .into_iter()
        .map(|e| {
            let event = serde_json::to_value(e.event).unwrap();
            format!("{}:{}", event.as_str().unwrap(), e.outcome)
        })
        .collect()
}

#[test]
fn create_then_unlock_round_trip() {
    let (t, created) = TestVault::create();
    let id = created.vault.vault_id().to_string();
    assert_eq!(created.vault.settings().unwrap().auto_lock_minutes, 5);
    created.vault.lock(false).unwrap();

    let v = t.unlock(PASSPHRASE).unwrap();
    assert_eq!(v.vault_id(), id);
    assert_eq!(v.schema_version().unwrap(), rapport_core::SCHEMA_VERSION);
    assert_eq!(events(&v), ["vault_created:ok", "lock:ok", "unlock_ok:ok"]);
    assert_eq!(VaultDir::new(t.root()).state().unwrap(), DirState::Vault);
}

#[test]
fn a_vault_is_never_created_over_another() {
    let (t, created) = TestVault::create();
    drop(created);
    let err = Vault::create(&t.claim(), &secret(OTHER_PASSPHRASE), t.clock.clone()).err().unwrap();
    assert!(matches!(err, Error::AlreadyExists { .. }), "{err}");
    assert!(t.unlock(PASSPHRASE).is_ok());
}

#[test]
fn weak_passphrase_is_refused_at_creation_with_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let lock = DirLock::acquire(VaultDir::new(tmp.path().join("v"))).unwrap();
    let err = Vault::create(&lock, &secret("password1"), clock()).err().unwrap();
    assert_eq!(err.field(), Some("passphrase"));
    assert_eq!(VaultDir::new(tmp.path().join("v")).state().unwrap(), DirState::Empty);
}

#[test]
fn standard_key_derivation_uses_the_documented_parameters() {
    let tmp = tempfile::tempdir().unwrap();
    let lock = DirLock::acquire(VaultDir::new(tmp.path())).unwrap();
    let created = Vault::create(&lock, &secret(PASSPHRASE), clock()).unwrap();
    drop(created);
    let kf = KeyFile::parse(&std::fs::read(tmp.path().join(KEY_FILE)).unwrap()).unwrap();
    let k = &kf.passphrase.kdf;
    assert_eq!(
        (k.algorithm.as_str(), k.memory_kib, k.iterations, k.lanes),
        ("argon2id", 384 * 1024, 3, 4)
    );
    assert_eq!(k.salt.len(), 32);
    assert!(Vault::unlock(&lock, &secret(PASSPHRASE), clock()).is_ok());
}

#[test]
fn wrong_passphrase_is_counted_and_delays_grow_across_restarts() {
    let (t, created) = TestVault::create();
    created.vault.lock(false).unwrap();

    for attempt in 1..=3 {
        let err = t.unlock("not the passphrase at all").err().unwrap();
        assert!(matches!(err, Error::WrongPassphrase), "attempt {attempt}: {err}");
        assert_eq!(key_file(&t).failed_unlocks, attempt);
    }
    // A fourth attempt straight away must wait, even with the right passphrase, and even
    // after a "restart" (a fresh claim and fresh reads of the key file).
    let err = t.unlock(PASSPHRASE).err().unwrap();
    assert!(matches!(err, Error::TooManyAttempts { retry_after_secs: 2 }), "{err}");
    assert_eq!(key_file(&t).failed_unlocks, 3, "a refused attempt is not another failure");

    t.clock.advance(chrono::Duration::seconds(2));
    let err = t.unlock("still wrong passphrase").err().unwrap();
    assert!(matches!(err, Error::WrongPassphrase));
    let err = t.unlock(PASSPHRASE).err().unwrap();
    assert!(matches!(err, Error::TooManyAttempts { retry_after_secs: 4 }), "{err}");

    t.clock.advance(chrono::Duration::seconds(4));
    let v = t.unlock(PASSPHRASE).unwrap();
    let kf = key_file(&t);
    assert_eq!((kf.failed_unlocks, kf.unaudited_failures), (0, 0));
    assert!(kf.last_failed_unlock.is_none());
    assert!(events(&v).ends_with(&["unlock_failed:4".to_string(), "unlock_ok:ok".to_string()]));
}

#[test]
fn recovery_key_unlocks_and_forces_a_new_passphrase() {
    let (t, created) = TestVault::create();
    let recovery = created.recovery_key.display().to_string();
    created.vault.lock(false).unwrap();

    let lock = t.claim();
    let weak =
        Vault::unlock_with_recovery_key(&lock, &secret(&recovery), &secret("abc"), t.clock.clone());
    assert_eq!(weak.err().unwrap().field(), Some("new_passphrase"));

    let mut wrong = recovery.clone().into_bytes();
    wrong[0] = if wrong[0] == b'A' { b'B' } else { b'A' };
    let err = Vault::unlock_with_recovery_key(
        &lock,
        &secret(std::str::from_utf8(&wrong).unwrap()),
        &secret(OTHER_PASSPHRASE),
        t.clock.clone(),
    )
    .err()
    .unwrap();
    assert!(matches!(err, Error::WrongRecoveryKey), "{err}");

    // Typed sloppily: lower case, spaces for dashes.
    let sloppy = recovery.to_lowercase().replace('-', " ");
    let v = Vault::unlock_with_recovery_key(
        &lock,
        &secret(&sloppy),
        &secret(OTHER_PASSPHRASE),
        t.clock.clone(),
    )
    .unwrap();
    assert!(events(&v).ends_with(&[
        "unlock_failed:1".to_string(),
        "unlock_recovery_key:ok".to_string(),
        "passphrase_changed:ok".to_string()
    ]));
    v.lock(false).unwrap();
    drop(lock);
    assert!(matches!(t.unlock(PASSPHRASE).err().unwrap(), Error::WrongPassphrase));
    assert!(t.unlock(OTHER_PASSPHRASE).is_ok());
}

#[test]
fn changing_the_passphrase_rewraps_the_key() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let err =
        v.change_passphrase(&secret("wrong current one"), &secret(OTHER_PASSPHRASE)).unwrap_err();
    assert_eq!(err.field(), Some("current_passphrase"));
    let err = v.change_passphrase(&secret(PASSPHRASE), &secret("tiny")).unwrap_err();
    assert_eq!(err.field(), Some("new_passphrase"));
    let err = v.change_passphrase(&secret(PASSPHRASE), &secret(PASSPHRASE)).unwrap_err();
    assert_eq!(err.field(), Some("new_passphrase"));

    v.change_passphrase(&secret(PASSPHRASE), &secret(OTHER_PASSPHRASE)).unwrap();
    v.lock(false).unwrap();
    assert!(matches!(t.unlock(PASSPHRASE).err().unwrap(), Error::WrongPassphrase));
    let v = t.unlock(OTHER_PASSPHRASE).unwrap();
    assert!(events(&v).contains(&"passphrase_changed:ok".to_string()));
    // Both copies of the key file carry the new wrapping.
    assert_eq!(
        std::fs::read(t.root().join(KEY_FILE)).unwrap(),
        std::fs::read(t.root().join(KEY_FILE_BAK)).unwrap()
    );
}

#[test]
fn regenerating_the_recovery_key_retires_the_old_one() {
    let (t, created) = TestVault::create();
    let old = created.recovery_key.display().to_string();
    let mut v = created.vault;
    v.confirm_recovery_key_stored().unwrap();
    assert!(v.settings().unwrap().recovery_key_confirmed_at.is_some());

    let err = v.regenerate_recovery_key(&secret("not it")).err().unwrap();
    assert_eq!(err.field(), Some("current_passphrase"));
    let new = v.regenerate_recovery_key(&secret(PASSPHRASE)).unwrap().display().to_string();
    assert_ne!(old, new);
    assert!(
        v.settings().unwrap().recovery_key_confirmed_at.is_none(),
        "the new key needs confirming"
    );
    v.lock(false).unwrap();

    let lock = t.claim();
    let err = Vault::unlock_with_recovery_key(
        &lock,
        &secret(&old),
        &secret(OTHER_PASSPHRASE),
        t.clock.clone(),
    )
    .err()
    .unwrap();
    assert!(matches!(err, Error::WrongRecoveryKey));
    assert!(
        Vault::unlock_with_recovery_key(
            &lock,
            &secret(&new),
            &secret(OTHER_PASSPHRASE),
            t.clock.clone()
        )
        .is_ok()
    );
}

fn corrupt(path: &std::path::Path, offset_from_end: Option<usize>) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = match offset_from_end {
        Some(back) => bytes.len() - back,
        None => 100,
    };
    for b in &mut bytes[at..at + 16] {
        *b ^= 0x5a;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_database_is_reported_as_damage_and_left_untouched() {
    for offset in [None, Some(600)] {
        let (t, created) = TestVault::create();
        created.vault.lock(false).unwrap();
        let db_path = VaultDir::new(t.root()).db_path();
        corrupt(&db_path, offset);
        let before = std::fs::read(&db_path).unwrap();
        let err = t.unlock(PASSPHRASE).err().unwrap();
        assert!(matches!(err, Error::Damaged { .. }), "offset {offset:?}: {err}");
        assert_eq!(err.code(), rapport_core::ErrorCode::Damaged);
        assert_eq!(std::fs::read(&db_path).unwrap(), before, "the damaged file was changed");
        assert_eq!(key_file(&t).failed_unlocks, 0, "damage is not a wrong passphrase");
    }
}

#[test]
fn a_damaged_key_file_is_recovered_from_its_copy() {
    let (t, created) = TestVault::create();
    created.vault.lock(false).unwrap();
    std::fs::write(t.root().join(KEY_FILE), b"{ \"format\": \"rapport-vault-k").unwrap();
    let v = t.unlock(PASSPHRASE).unwrap();
    drop(v);
    // The primary was mended from the copy.
    assert!(KeyFile::parse(&std::fs::read(t.root().join(KEY_FILE)).unwrap()).is_ok());

    std::fs::remove_file(t.root().join(KEY_FILE)).unwrap();
    assert!(t.unlock(PASSPHRASE).is_ok(), "a missing primary falls back to the copy too");
}

#[test]
fn both_key_files_damaged_or_missing_is_damage_never_a_new_key() {
    let (t, created) = TestVault::create();
    created.vault.lock(false).unwrap();
    std::fs::write(t.root().join(KEY_FILE), b"garbage").unwrap();
    std::fs::write(t.root().join(KEY_FILE_BAK), b"more garbage").unwrap();
    let err = t.unlock(PASSPHRASE).err().unwrap();
    assert!(matches!(err, Error::Damaged { .. }), "{err}");

    std::fs::remove_file(t.root().join(KEY_FILE)).unwrap();
    std::fs::remove_file(t.root().join(KEY_FILE_BAK)).unwrap();
    let err = VaultDir::new(t.root()).state().unwrap_err();
    assert!(matches!(err, Error::Damaged { .. }), "{err}");
    let err = Vault::create(&t.claim(), &secret(PASSPHRASE), t.clock.clone()).err().unwrap();
    assert!(matches!(err, Error::Damaged { .. }), "{err}");
}

#[test]
fn a_plain_sqlite_file_is_refused_as_not_a_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let conn = rusqlite::Connection::open(VaultDir::new(tmp.path()).db_path()).unwrap();
    conn.execute_batch("CREATE TABLE clients(name TEXT); INSERT INTO clients VALUES ('x');")
        .unwrap();
    drop(conn);
    let dir = VaultDir::new(tmp.path());
    let err = dir.state().unwrap_err();
    assert!(matches!(err, Error::NotAVault { .. }), "{err}");
    assert!(err.to_string().contains("plain"), "{err}");
    let lock = DirLock::acquire(dir).unwrap();
    let err = Vault::unlock(&lock, &secret(PASSPHRASE), clock()).err().unwrap();
    assert_eq!(err.code(), rapport_core::ErrorCode::NotAVault);
}

#[test]
fn an_empty_folder_is_not_a_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let lock = DirLock::acquire(VaultDir::new(tmp.path())).unwrap();
    let err = Vault::unlock(&lock, &secret(PASSPHRASE), clock()).err().unwrap();
    assert!(matches!(err, Error::NotAVault { .. }), "{err}");
}

#[test]
fn a_second_opener_is_refused_while_the_first_holds_the_vault() {
    let (t, created) = TestVault::create();
    let first = t.claim();
    let err = DirLock::acquire(VaultDir::new(t.root())).unwrap_err();
    assert!(matches!(err, Error::InUse { .. }), "{err}");
    assert_eq!(err.code(), rapport_core::ErrorCode::VaultInUse);
    drop(first);
    drop(created);
    assert!(DirLock::acquire(VaultDir::new(t.root())).is_ok());
}

#[test]
fn auto_lock_setting_is_kept_within_one_to_thirty_minutes() {
    let (_t, created) = TestVault::create();
    let mut v = created.vault;
    for bad in [0, 31, 1000] {
        let err = v.set_auto_lock_minutes(bad).unwrap_err();
        assert_eq!(err.field(), Some("auto_lock_minutes"), "{bad}");
    }
    assert_eq!(v.settings().unwrap().auto_lock_minutes, 5, "a refused value changes nothing");
    for good in [1, 30] {
        assert_eq!(v.set_auto_lock_minutes(good).unwrap().auto_lock_minutes, good);
    }
}

#[test]
fn nothing_secret_or_plain_reaches_the_vault_folder() {
    const SENTINEL: &str = "SENTINEL-7f3a-not-on-disk";
    let (t, created) = TestVault::create();
    let recovery = created.recovery_key.display().to_string();
    let mut v = created.vault;
    v.create_client(&ClientInput::named(SENTINEL), ClientStatus::Enquiry).unwrap();
    v.change_passphrase(&secret(PASSPHRASE), &secret(OTHER_PASSPHRASE)).unwrap();

    let forbidden: Vec<&[u8]> = vec![
        SENTINEL.as_bytes(),
        PASSPHRASE.as_bytes(),
        OTHER_PASSPHRASE.as_bytes(),
        recovery.as_bytes(),
        recovery.replace('-', "").into_bytes().leak(),
    ];
    let scan = |when: &str| {
        let files = files_in(&t.root());
        assert!(files.len() >= 4, "{when}: expected the database, WAL and key files");
        for (path, bytes) in files {
            for needle in &forbidden {
                assert!(!contains(&bytes, needle), "{when}: {} holds a secret", path.display());
            }
            assert!(
                !bytes.starts_with(b"SQLite format 3"),
                "{when}: {} is plain SQLite",
                path.display()
            );
        }
    };
    scan("while open");
    v.lock(false).unwrap();
    scan("after lock");
    let v = t.unlock(OTHER_PASSPHRASE).unwrap();
    let names: Vec<String> = v.list_clients().unwrap().into_iter().map(|c| c.full_name).collect();
    assert_eq!(names, [SENTINEL], "the sentinel really was stored");
}

#[test]
fn check_reports_integrity_version_and_counts() {
    let (_t, created) = TestVault::create();
    let mut v = created.vault;
    let report = v.check().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.integrity, ["ok"]);
    assert!(report.cipher_integrity.is_empty());
    assert!(report.audit_chain_ok);
    assert_eq!(report.schema_version, rapport_core::SCHEMA_VERSION);
    let audit = report.counts.iter().find(|c| c.kind == "audit_events").unwrap();
    assert_eq!(audit.count, 1, "vault_created; the check itself is logged after counting");
}

#[test]
fn huge_passphrase_input_is_refused_before_key_derivation() {
    let (t, created) = TestVault::create();
    created.vault.lock(false).unwrap();
    let huge = "x".repeat(10 * 1024 * 1024);
    let err = t.unlock(&huge).err().unwrap();
    assert_eq!(err.field(), Some("passphrase"));
    assert!(err.to_string().contains("1024"), "{err}");
    assert_eq!(key_file(&t).failed_unlocks, 0);
}
