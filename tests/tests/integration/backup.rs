//! Backups through the core: made, verified, rotated, refused when damaged, restored.

use rapport_core::Clock;
use rapport_core::restore::{self, Secret};
use rapport_core::{BACKUP_MAGIC, BackupKeep, BackupReason, BackupSchedule};
use rapport_core::{ClientInput, ClientStatus, Error};
use rapport_core::{DirLock, Vault, VaultDir};
use rapport_core::{SampleSpec, sample_practice};
use rapport_tests::*;
use std::fs;
use std::path::{Path, PathBuf};

fn back_up(v: &mut Vault, folder: &Path) -> rapport_core::BackupEntry {
    v.back_up(folder, BackupReason::Manual, &mut |_| {}).unwrap()
}

fn counts_without_audit(v: &Vault) -> Vec<(String, u64)> {
    v.record_counts()
        .unwrap()
        .into_iter()
        .filter(|c| !["audit_events"].contains(&c.kind.as_str()))
        .map(|c| (c.kind, c.count))
        .collect()
}

#[test]
fn a_backup_is_one_encrypted_file_that_reads_back_whole() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    const SENTINEL: &str = "SENTINEL-backup-5c1e";
    v.create_client(&ClientInput::named(SENTINEL), ClientStatus::Enquiry).unwrap();
    let target = t.tmp.path().join("usb");
    fs::create_dir(&target).unwrap();
    let mut stages = Vec::new();
    let entry = v.back_up(&target, BackupReason::Manual, &mut |p| stages.push(p.stage)).unwrap();
    assert!(stages.len() >= 5, "progress was reported at every step: {stages:?}");

    // Exactly one file, named with the vault and the time, and nothing else left behind.
    let names = names_in(&target);
    assert_eq!(names.len(), 1, "{names:?}");
    let short: String = v.vault_id().chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    assert_eq!(names[0], format!("rapport-{short}-2026-03-02T090000Z.rapportbackup"));
    assert_eq!(entry.file_name, names[0]);
    assert_eq!(entry.check_outcome, rapport_core::BackupCheck::Ok);

    // Nothing readable inside: no sentinel, no passphrase, no plain SQLite header.
    let bytes = fs::read(target.join(&names[0])).unwrap();
    assert!(!contains(&bytes, SENTINEL.as_bytes()));
    assert!(!contains(&bytes, PASSPHRASE.as_bytes()));
    assert!(!contains(&bytes, b"SQLite format 3"));
    assert!(!contains(&bytes, b"CREATE TABLE"));
    assert!(bytes.starts_with(BACKUP_MAGIC));

    // Structural checks need no secret.
    let info = restore::inspect(&target.join(&names[0])).unwrap();
    assert_eq!(info.vault_id, v.vault_id());
    assert_eq!(info.schema_version, rapport_core::SCHEMA_VERSION);
    assert_eq!(info.created_at, "2026-03-02T09:00:00Z");

    // "Verify again" reads it back in full.
    let again = v.verify_backup(entry.id).unwrap();
    assert_eq!(again.check_outcome, rapport_core::BackupCheck::Ok);
    let overview = v.backup_overview().unwrap();
    assert_eq!(overview.backups.len(), 1);
    assert_eq!(overview.last_verified_at.as_deref(), Some("2026-03-02T09:00:00Z"));
    assert!(!overview.overdue);
    assert!(!t.root().join(".backup-check").read_dir().unwrap().any(|_| true));
}

#[test]
fn the_sample_practice_round_trips_with_identical_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let lock = DirLock::acquire(VaultDir::new(tmp.path().join("practice"))).unwrap();
    let clock = clock();
    let mut v =
        sample_practice::create_vault(&lock, clock.clone(), SampleSpec { clients: 12, seed: 7 })
            .unwrap();
    let target = tmp.path().join("disk");
    fs::create_dir(&target).unwrap();
    let before = counts_without_audit(&v);
    let audit_before = v.record_counts().unwrap()[0].count;
    let entry = back_up(&mut v, &target);
    let vault_id = v.vault_id().to_string();
    assert!(entry.file_name.starts_with("rapport-sample-"), "{}", entry.file_name);
    v.lock(false).unwrap();

    let new_home = DirLock::acquire(VaultDir::new(tmp.path().join("new-computer"))).unwrap();
    let staged = restore::stage(
        Path::new(&entry.path),
        &Secret::Passphrase { passphrase: secret(rapport_core::SAMPLE_PASSPHRASE) },
        new_home.dir().root(),
        clock.as_ref(),
    )
    .unwrap();
    assert!(staged.contents.sample);
    assert!(staged.contents.newest_record_at.is_some());
    let staged_clients =
        staged.contents.counts.iter().find(|c| c.kind == "clients").map(|c| c.count);
    assert_eq!(staged_clients, Some(12));
    restore::into_empty(staged, &new_home).unwrap();
    let mut restored =
        Vault::unlock(&new_home, &secret(rapport_core::SAMPLE_PASSPHRASE), clock.clone()).unwrap();
    assert_eq!(counts_without_audit(&restored), before);
    let report = restored.check().unwrap();
    assert!(report.ok, "{report:?}");
    // The trail came along whole, with the restore (and this unlock and check) added.
    let audit_after = report.counts[0].count;
    assert!(audit_after > audit_before, "{audit_after} > {audit_before}");
    assert_eq!(restored.vault_id(), vault_id);
    assert!(!names_in(new_home.dir().root()).iter().any(|n| n.starts_with(".restore-")));
}

#[test]
fn rotation_keeps_generations_and_never_the_newest() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let target = t.tmp.path().join("usb");
    fs::create_dir(&target).unwrap();
    v.add_backup_folder(&target, true).unwrap();
    v.set_backup_schedule(BackupSchedule {
        interval_hours: 24,
        keep: BackupKeep { daily: 3, weekly: 0, monthly: 0 },
    })
    .unwrap();
    for _ in 0..6 {
        back_up(&mut v, &target);
        t.clock.advance(chrono::Duration::days(1));
    }
    let files = backup_files(&target);
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files[2].to_string_lossy().contains("2026-03-07"), "the newest stays: {files:?}");
    assert_eq!(v.backup_overview().unwrap().backups.len(), 3);

    // A file that is not ours, even with our name pattern, is never removed.
    let foreign = target.join("rapport-notours-2026-01-01T000000Z.rapportbackup");
    fs::write(&foreign, b"someone else's file").unwrap();
    back_up(&mut v, &target);
    assert!(foreign.exists());
}

#[test]
fn automatic_backups_skip_a_folder_that_is_not_connected() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let usb = t.tmp.path().join("usb");
    let disk = t.tmp.path().join("disk");
    fs::create_dir(&usb).unwrap();
    fs::create_dir(&disk).unwrap();
    v.add_backup_folder(&usb, true).unwrap();
    v.add_backup_folder(&disk, true).unwrap();
    assert_eq!(v.due_folders().unwrap().len(), 2);
    fs::remove_dir(&usb).unwrap(); // unplugged

    let results = v.run_due_backups(BackupReason::Lock, &mut |_| {}).unwrap();
    assert_eq!(results.len(), 2);
    let err = results[0].1.as_ref().unwrap_err();
    assert!(matches!(err, Error::TargetUnavailable { .. }), "{err:?}");
    assert!(err.to_string().contains("not connected"), "{err}");
    assert!(results[1].1.is_ok());
    assert!(!usb.exists(), "nothing was created in its place");
    assert_eq!(backup_files(&disk).len(), 1);
    assert_eq!(names_in(t.tmp.path()).len(), 2, "no other folder was used");

    let folders = v.backup_folders().unwrap();
    assert_eq!(folders[0].last_outcome, Some(rapport_core::BackupAttempt::Skipped));
    assert!(!folders[0].connected);
    assert_eq!(folders[1].last_outcome, Some(rapport_core::BackupAttempt::Ok));

    // Within the interval nothing is due for the folder that has a backup.
    assert_eq!(v.due_folders().unwrap(), vec![usb.clone()]);
    t.clock.advance(chrono::Duration::hours(25));
    assert_eq!(v.due_folders().unwrap().len(), 2);
    assert!(v.backup_overview().unwrap().overdue);
}

#[test]
fn a_backup_folder_inside_the_vault_is_refused() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let inside = t.root().join("copies");
    fs::create_dir(&inside).unwrap();
    let err = v.add_backup_folder(&inside, true).unwrap_err();
    assert_eq!(err.field(), Some("folder"));
    let err = v.back_up(&inside, BackupReason::Manual, &mut |_| {}).unwrap_err();
    assert!(matches!(err, Error::TargetUnavailable { .. }), "{err:?}");
    let err = v.add_backup_folder(Path::new("relative/folder"), true).unwrap_err();
    assert_eq!(err.field(), Some("folder"));
}

#[test]
fn schedule_limits_name_their_field() {
    let (_t, created) = TestVault::create();
    let mut v = created.vault;
    let bad = BackupSchedule { interval_hours: 0, keep: BackupKeep::default() };
    assert_eq!(v.set_backup_schedule(bad).unwrap_err().field(), Some("interval_hours"));
    let bad =
        BackupSchedule { interval_hours: 24, keep: BackupKeep { daily: 0, weekly: 1, monthly: 1 } };
    assert_eq!(v.set_backup_schedule(bad).unwrap_err().field(), Some("keep_daily"));
    let good = BackupSchedule {
        interval_hours: 12,
        keep: BackupKeep { daily: 10, weekly: 0, monthly: 24 },
    };
    assert_eq!(v.set_backup_schedule(good).unwrap(), good);
}

/// One good backup to damage in different ways.
fn one_backup() -> (TestVault, Vault, PathBuf) {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let target = t.tmp.path().join("usb");
    fs::create_dir(&target).unwrap();
    let entry = back_up(&mut v, &target);
    (t, v, PathBuf::from(entry.path))
}

fn copy_with(t: &TestVault, from: &Path, name: &str, change: impl FnOnce(&mut Vec<u8>)) -> PathBuf {
    let mut bytes = fs::read(from).unwrap();
    change(&mut bytes);
    let to = t.tmp.path().join(name);
    fs::write(&to, bytes).unwrap();
    to
}

fn header_len(bytes: &[u8]) -> usize {
    u32::from_le_bytes(bytes[20..24].try_into().unwrap()) as usize
}

#[test]
fn damaged_foreign_and_newer_files_are_refused_before_any_passphrase() {
    let (t, _v, good) = one_backup();
    let len = fs::metadata(&good).unwrap().len() as usize;

    let truncated = copy_with(&t, &good, "truncated.rapportbackup", |b| b.truncate(len - 4096));
    let err = restore::inspect(&truncated).unwrap_err();
    assert!(matches!(err, Error::BackupDamaged { .. }), "{err:?}");
    assert!(err.to_string().contains("incomplete"), "{err}");

    let cut_in_header = copy_with(&t, &good, "cut.rapportbackup", |b| b.truncate(100));
    let err = restore::inspect(&cut_in_header).unwrap_err();
    assert!(matches!(err, Error::BackupDamaged { .. }), "{err:?}");

    let payload_flip = copy_with(&t, &good, "payload.rapportbackup", |b| {
        let at = b.len() - 5000;
        b[at] ^= 0x01;
    });
    let err = restore::inspect(&payload_flip).unwrap_err();
    assert!(err.to_string().contains("do not match their checksum"), "{err}");

    let header_flip = copy_with(&t, &good, "header.rapportbackup", |b| {
        let h = header_len(b);
        b[24 + h / 2] ^= 0x20;
    });
    let err = restore::inspect(&header_flip).unwrap_err();
    assert!(err.to_string().contains("header does not match its checksum"), "{err}");

    let foreign = copy_with(&t, &good, "photo.jpg", |b| {
        *b = b"\xff\xd8\xff\xe0 not a backup at all".to_vec();
    });
    let err = restore::inspect(&foreign).unwrap_err();
    assert!(matches!(err, Error::NotABackup { .. }), "{err:?}");
    assert_eq!(err.code(), rapport_core::ErrorCode::NotABackup);

    let plain = t.tmp.path().join("plain.db");
    let conn = rusqlite::Connection::open(&plain).unwrap();
    conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
    drop(conn);
    let err = restore::inspect(&plain).unwrap_err();
    assert!(err.to_string().contains("plain, unencrypted SQLite"), "{err}");

    let vault_db = t.root().join("vault.db");
    let err = restore::inspect(&vault_db).unwrap_err();
    assert!(matches!(err, Error::NotABackup { .. }), "a vault database is not a backup: {err:?}");

    let newer_format = copy_with(&t, &good, "newer.rapportbackup", |b| {
        b[16..20].copy_from_slice(&99u32.to_le_bytes());
    });
    let err = restore::inspect(&newer_format).unwrap_err();
    assert_eq!(err.code(), rapport_core::ErrorCode::NewerBackup, "{err}");

    let empty = copy_with(&t, &good, "empty.rapportbackup", Vec::clear);
    assert!(restore::inspect(&empty).is_err());
}

#[test]
fn a_backup_from_a_newer_schema_is_refused_by_its_header() {
    // Re-write a valid container whose header claims a schema this build does not know.
    let (t, _v, good) = one_backup();
    let bytes = fs::read(&good).unwrap();
    let h = header_len(&bytes);
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[24..24 + h]).unwrap();
    header["schema_version"] = serde_json::json!(rapport_core::SCHEMA_VERSION + 1);
    header["app_version"] = serde_json::json!("9.0.0");
    let json = serde_json::to_vec(&header).unwrap();
    let mut out = Vec::new();
    out.extend_from_slice(&bytes[..20]);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&digest(&out));
    out.extend_from_slice(&[0u8; 32]);
    out.extend_from_slice(&bytes[24 + h + 64..]);
    let newer = t.tmp.path().join("newer-schema.rapportbackup");
    fs::write(&newer, out).unwrap();
    let err = restore::inspect(&newer).unwrap_err();
    assert_eq!(err.code(), rapport_core::ErrorCode::NewerBackup, "{err}");
    assert!(err.to_string().contains("Rapport 9.0.0"), "{err}");
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

#[test]
fn an_older_passphrase_opens_an_older_backup_and_says_so() {
    let (t, mut v, old_backup) = one_backup();
    v.change_passphrase(&secret(PASSPHRASE), &secret(OTHER_PASSPHRASE)).unwrap();
    let scratch = t.tmp.path().join("scratch");
    fs::create_dir(&scratch).unwrap();
    let err = match restore::stage(
        &old_backup,
        &Secret::Passphrase { passphrase: secret(OTHER_PASSPHRASE) },
        &scratch,
        t.clock.as_ref(),
    ) {
        Err(e) => e,
        Ok(_) => panic!("today's passphrase must not open an older backup"),
    };
    assert_eq!(err.code(), rapport_core::ErrorCode::WrongBackupPassphrase);
    assert!(err.to_string().contains("2026-03-02"), "{err}");
    assert!(err.to_string().contains("recovery key"), "{err}");
    let staged = restore::stage(
        &old_backup,
        &Secret::Passphrase { passphrase: secret(PASSPHRASE) },
        &scratch,
        t.clock.as_ref(),
    )
    .unwrap();
    drop(staged);
    assert_eq!(names_in(&scratch), Vec::<String>::new(), "staging is removed when unused");
    // The vault that is open can still verify it: the data key never changes.
    let id = v.backup_overview().unwrap().backups[0].id;
    assert_eq!(v.verify_backup(id).unwrap().check_outcome, rapport_core::BackupCheck::Ok);
}

#[test]
fn the_recovery_key_opens_a_backup_and_sets_a_new_passphrase() {
    let (t, created) = TestVault::create();
    let key = created.recovery_key.display().to_string();
    let mut v = created.vault;
    let target = t.tmp.path().join("usb");
    fs::create_dir(&target).unwrap();
    let entry = back_up(&mut v, &target);
    v.lock(false).unwrap();
    let home = DirLock::acquire(VaultDir::new(t.tmp.path().join("elsewhere"))).unwrap();
    let wrong = restore::stage(
        Path::new(&entry.path),
        &Secret::RecoveryKey {
            recovery_key: secret("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"),
            new_passphrase: secret(OTHER_PASSPHRASE),
        },
        home.dir().root(),
        t.clock.as_ref(),
    );
    assert!(wrong.is_err());
    let staged = restore::stage(
        Path::new(&entry.path),
        &Secret::RecoveryKey {
            recovery_key: secret(&key),
            new_passphrase: secret(OTHER_PASSPHRASE),
        },
        home.dir().root(),
        t.clock.as_ref(),
    )
    .unwrap();
    restore::into_empty(staged, &home).unwrap();
    assert!(Vault::unlock(&home, &secret(PASSPHRASE), t.clock.clone()).is_err());
    Vault::unlock(&home, &secret(OTHER_PASSPHRASE), t.clock.clone()).unwrap();
}

#[test]
fn a_header_changed_and_rehashed_is_caught_by_its_keyed_mac() {
    let (t, v, good) = one_backup();
    let bytes = fs::read(&good).unwrap();
    let h = header_len(&bytes);
    let mut header: serde_json::Value = serde_json::from_slice(&bytes[24..24 + h]).unwrap();
    header["created"] = serde_json::json!("2020-01-01T00:00:00Z");
    let json = serde_json::to_vec(&header).unwrap();
    let mut out = Vec::new();
    out.extend_from_slice(&bytes[..20]);
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    let hash = digest(&out);
    out.extend_from_slice(&hash);
    out.extend_from_slice(&bytes[24 + h + 32..24 + h + 64]);
    out.extend_from_slice(&bytes[24 + h + 64..]);
    let forged = good.with_file_name("forged.rapportbackup");
    fs::write(&forged, out).unwrap();
    // Structurally fine ...
    restore::inspect(&forged).unwrap();
    // ... but the key holder sees it was changed.
    let scratch = t.tmp.path().join("s");
    let err = match restore::stage(
        &forged,
        &Secret::Passphrase { passphrase: secret(PASSPHRASE) },
        &t.tmp.path().join("s"),
        t.clock.as_ref(),
    ) {
        Err(e) => e,
        Ok(_) => panic!("a forged header must not restore"),
    };
    assert!(err.to_string().contains("changed after it was written"), "{err}");
    assert!(!scratch.exists() || names_in(&scratch).is_empty());
    // The open vault's "verify again", with the vault's own key, finds it too.
    let mut v = v;
    let id = v.backup_overview().unwrap().backups[0].id;
    fs::copy(&forged, &good).unwrap();
    let checked = v.verify_backup(id).unwrap();
    assert_eq!(checked.check_outcome, rapport_core::BackupCheck::Damaged);
    let message = checked.check_message.unwrap_or_default();
    assert!(message.contains("changed after it was written"), "{message}");
}

#[test]
fn restoring_over_a_vault_keeps_the_old_one_aside_until_confirmed() {
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    // The vault's state is told by its clients: "before" alone, then "after" beside it.
    let set = |v: &mut Vault, value: &str| {
        v.create_client(&ClientInput::named(value), ClientStatus::Enquiry).unwrap();
    };
    let get = |v: &Vault| -> String {
        let names: Vec<String> =
            v.list_clients().unwrap().into_iter().map(|c| c.full_name).collect();
        names.join(" and ")
    };
    set(&mut v, "before");
    let target = t.tmp.path().join("usb");
    fs::create_dir(&target).unwrap();
    let entry = back_up(&mut v, &target);
    set(&mut v, "after");
    v.lock(false).unwrap();

    let lock = t.claim();
    let staged = restore::stage(
        Path::new(&entry.path),
        &Secret::Passphrase { passphrase: secret(PASSPHRASE) },
        lock.dir().root(),
        t.clock.as_ref(),
    )
    .unwrap();
    let pending = restore::replace(staged, &lock, t.clock.now()).unwrap();
    assert!(t.root().join(&pending.aside).join("vault.db").exists());
    assert_eq!(restore::pending(&lock).unwrap(), Some(pending.clone()));
    let v = Vault::unlock(&lock, &secret(PASSPHRASE), t.clock.clone()).unwrap();
    assert_eq!(get(&v), "before");
    v.lock(false).unwrap();

    // Undo puts "after" back ...
    restore::undo(&lock).unwrap();
    assert_eq!(restore::pending(&lock).unwrap(), None);
    let v = Vault::unlock(&lock, &secret(PASSPHRASE), t.clock.clone()).unwrap();
    assert_eq!(get(&v), "after and before");
    v.lock(false).unwrap();

    // ... and a confirmed restore removes the vault kept aside.
    let staged = restore::stage(
        Path::new(&entry.path),
        &Secret::Passphrase { passphrase: secret(PASSPHRASE) },
        lock.dir().root(),
        t.clock.as_ref(),
    )
    .unwrap();
    let pending = restore::replace(staged, &lock, t.clock.now()).unwrap();
    restore::confirm(&lock).unwrap();
    assert!(!t.root().join(&pending.aside).exists());
    assert_eq!(restore::pending(&lock).unwrap(), None);
    let v = Vault::unlock(&lock, &secret(PASSPHRASE), t.clock.clone()).unwrap();
    assert_eq!(get(&v), "before");
    let names = names_in(&t.root());
    assert!(
        names.iter().all(|n| !n.starts_with(".restore-") && !n.starts_with("before-")),
        "{names:?}"
    );
}
