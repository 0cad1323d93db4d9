//! rapport-cli as a script would use it: passphrase on standard input, exit codes, JSON.

use rapport_core::{DirLock, VaultDir};
use rapport_tests::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn init(dir: &Path) -> String {
    let out =
        cli(&["--vault", dir.to_str().unwrap(), "--json", "init"], &format!("{PASSPHRASE}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    json(&out)["recovery_key"].as_str().unwrap().to_string()
}

#[test]
fn init_then_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let key = init(&dir);
    assert_eq!(key.len(), 39, "{key}");

    let out =
        cli(&["--vault", dir.to_str().unwrap(), "--json", "check"], &format!("{PASSPHRASE}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let v = json(&out);
    assert_eq!(v["ok"], true);
    assert_eq!(v["report"]["schema_version"], rapport_core::SCHEMA_VERSION);
    assert_eq!(v["report"]["integrity"][0], "ok");
    assert_eq!(v["report"]["counts"][0]["kind"], "audit_events");

    // Human output names the schema version and the record kinds.
    let out = cli(&["check", "--vault", dir.to_str().unwrap()], &format!("{PASSPHRASE}\n"));
    let text = String::from_utf8_lossy(&out.stdout);
    let version = rapport_core::SCHEMA_VERSION;
    assert!(text.contains(&format!("Schema version:  {version}")), "{text}");
    assert!(text.contains("audit_events"), "{text}");
}

#[test]
fn the_vault_folder_comes_from_the_environment_when_not_given() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("from-env");
    let mut child = Command::new(built_binary("rapport-cli"))
        .args(["--json", "init"])
        .env("RAPPORT_VAULT_DIR", &dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    feed(&mut child, &format!("{PASSPHRASE}\n"));
    assert!(child.wait_with_output().unwrap().status.success());
    assert!(dir.join("vault.keys").exists());
}

#[test]
fn exit_codes_say_what_went_wrong() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    init(&dir);
    let d = dir.to_str().unwrap();

    let check = |args: &[&str], stdin: &str, code: i32, error: &str| {
        let out = cli(args, stdin);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        if !error.is_empty() {
            assert_eq!(json(&out)["code"], error, "{args:?}");
        }
    };
    // Wrong passphrase: 3.
    check(&["--vault", d, "--json", "check"], "wrong passphrase here\n", 3, "wrong_passphrase");
    // Not a vault: an empty folder, a missing folder, a plain SQLite file: 4.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    check(&["--vault", empty.to_str().unwrap(), "--json", "check"], "x\n", 4, "not_a_vault");
    check(
        &["--vault", tmp.path().join("nope").to_str().unwrap(), "--json", "check"],
        "x\n",
        4,
        "not_a_vault",
    );
    let plain = tmp.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    rusqlite::Connection::open(plain.join("vault.db"))
        .unwrap()
        .execute_batch("CREATE TABLE t(x)")
        .unwrap();
    let out = cli(&["--vault", plain.to_str().unwrap(), "check"], "x\n");
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("plain"), "the message says which");
    // Damaged: 4, and the message says damaged.
    let broken = tmp.path().join("broken");
    init(&broken);
    std::fs::write(broken.join("vault.keys"), "x").unwrap();
    std::fs::write(broken.join("vault.keys.bak"), "y").unwrap();
    check(&["--vault", broken.to_str().unwrap(), "--json", "check"], "x\n", 4, "damaged");
    // In use: 5.
    let held = DirLock::acquire(VaultDir::new(&dir)).unwrap();
    check(&["--vault", d, "--json", "check"], &format!("{PASSPHRASE}\n"), 5, "vault_in_use");
    drop(held);
    // Usage: 2 (unknown command; weak passphrase; no passphrase).
    check(&["--vault", d, "frobnicate"], "", 2, "");
    check(
        &["--vault", tmp.path().join("weak").to_str().unwrap(), "--json", "init"],
        "password\n",
        2,
        "invalid",
    );
    check(&["--vault", d, "--json", "check"], "", 2, "usage");
    // An existing vault is never initialised again: 1.
    check(&["--vault", d, "--json", "init"], &format!("{OTHER_PASSPHRASE}\n"), 1, "already_exists");
}

#[test]
fn demo_creates_a_sample_practice_that_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let d = dir.to_str().unwrap();
    let out = cli(&["--vault", d, "--json", "demo", "--clients", "12", "--seed", "5"], "");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    assert_eq!(v["clients"], 12);
    let passphrase = v["passphrase"].as_str().unwrap().to_string();
    assert_eq!(passphrase, rapport_core::SAMPLE_PASSPHRASE);

    let out = cli(&["--vault", d, "--json", "check"], &format!("{passphrase}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let report = &json(&out)["report"];
    let count = |kind: &str| {
        report["counts"].as_array().unwrap().iter().find(|c| c["kind"] == kind).unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("clients"), 12);
    assert!(count("people") > 12 && count("sessions") > 12 && count("formulation_versions") > 0);

    // `clients` lists every client with each course and where its summary stands.
    let out = cli(&["--vault", d, "--json", "clients"], &format!("{passphrase}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let listing = json(&out);
    let clients = listing["clients"].as_array().unwrap();
    assert_eq!(clients.len(), 12);
    let names: Vec<&str> = clients.iter().map(|c| c["full_name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "sorted by name");
    let courses: Vec<&serde_json::Value> =
        clients.iter().flat_map(|c| c["courses"].as_array().unwrap()).collect();
    assert!(clients.iter().all(|c| c["id"].is_u64() && c["status"].is_string()));
    let concluded: Vec<_> = courses.iter().filter(|c| c["status"] == "concluded").collect();
    assert!(!concluded.is_empty());
    assert!(concluded.iter().all(|c| c["summary"]["stage"] == "signed"), "{concluded:?}");
    assert!(courses.iter().any(|c| c["kind"] == "maintenance"));
    // And as text, one line per client and one per course.
    let out = cli(&["--vault", d, "clients"], &format!("{passphrase}\n"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("summary: signed") && text.contains(names[0]), "{text}");

    // `document` typesets a signed summary as PDF, never over an existing file.
    let signed = clients
        .iter()
        .find(|c| {
            c["courses"].as_array().unwrap().iter().any(|k| k["summary"]["stage"] == "signed")
        })
        .unwrap();
    let id = signed["id"].to_string();
    let pdf = tmp.path().join("summary.pdf");
    let p = pdf.to_str().unwrap();
    let args =
        ["--vault", d, "--json", "document", "--client", &id, "--kind", "summary", "--out", p];
    let out = cli(&args, &format!("{passphrase}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["encrypted"], false);
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Conclusion summary"), "{text}");
    assert!(text.contains(signed["full_name"].as_str().unwrap()), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let before = std::fs::read(&pdf).unwrap();
    let out = cli(&args, &format!("{passphrase}\n"));
    assert_eq!(out.status.code(), Some(1));
    assert!(json(&out)["message"].as_str().unwrap().contains("nothing was overwritten"));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    // The full record of the same client: every section, signed notes and the summary.
    let record_pdf = tmp.path().join("record.pdf");
    let args = [
        "--vault",
        d,
        "--json",
        "document",
        "--client",
        &id,
        "--kind",
        "record",
        "--out",
        record_pdf.to_str().unwrap(),
    ];
    let out = cli(&args, &format!("{passphrase}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(json(&out)["pages"].as_u64().unwrap() > 5);
    let text = std::process::Command::new("pdftotext").arg(&record_pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for heading in ["Client record", "Session notes", "Conclusion summaries", "Not included"] {
        assert!(text.contains(heading), "{heading} in {text}");
    }
    // A client with no summary started: said plainly, nothing written.
    let none = clients
        .iter()
        .find(|c| {
            c["courses"].as_array().unwrap().iter().all(|k| k["summary"]["summary_id"].is_null())
        })
        .unwrap();
    let other = tmp.path().join("none.pdf");
    let none_id = none["id"].to_string();
    let args = [
        "--vault",
        d,
        "--json",
        "document",
        "--client",
        &none_id,
        "--kind",
        "summary",
        "--out",
        other.to_str().unwrap(),
    ];
    let out = cli(&args, &format!("{passphrase}\n"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["code"], "conflict");
    assert!(!other.exists());

    // `export`: one client, plain and then encrypted; the encrypted file opens with the
    // standard `age` tool to the same document.
    let plain = tmp.path().join("client.json");
    let args =
        ["--vault", d, "--json", "export", "--client", &id, "--out", plain.to_str().unwrap()];
    let out = cli(&args, &format!("{passphrase}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["encrypted"], false);
    assert_eq!(json(&out)["clients"], 1);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&plain).unwrap()).unwrap();
    assert_eq!(doc["format"], "rapport-export");
    assert_eq!(doc["clients"][0]["full_name"], signed["full_name"]);
    assert!(doc["clients"][0].get("process_notes").is_none());
    let out = cli(&args, &format!("{passphrase}\n"));
    assert_eq!(out.status.code(), Some(1), "never over an existing file");
    let sealed = tmp.path().join("client.json.age");
    let export_pass = "juniper kettle harbour";
    let args = [
        "--vault",
        d,
        "--json",
        "export",
        "--client",
        &id,
        "--encrypt",
        "--out",
        sealed.to_str().unwrap(),
    ];
    // Too short a passphrase for a file that travels: refused, nothing written.
    let out = cli(&args, &format!("{passphrase}\nshort\n"));
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(!sealed.exists());
    let out = cli(&args, &format!("{passphrase}\n{export_pass}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["encrypted"], true);
    let bytes = std::fs::read(&sealed).unwrap();
    assert!(rapport_core::is_sealed(&bytes));
    let opened = tmp.path().join("opened.json");
    // age asks for the passphrase on a terminal: `script` gives it one.
    let age = Command::new("script")
        .args([
            "-qec",
            &format!("age -d -o {} {}", opened.display(), sealed.display()),
            "/dev/null",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(format!("{export_pass}\n").as_bytes())?;
            child.wait()
        })
        .expect("age and script run (make deps-test installs age and bsdutils)");
    assert!(age.success());
    let mut by_age: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&opened).unwrap()).unwrap();
    let mut doc = doc;
    for d in [&mut by_age, &mut doc] {
        d.as_object_mut().unwrap().remove("exported_at");
    }
    assert_eq!(by_age, doc, "the age tool opens the same document");

    // `import`: the encrypted export into a vault of its own, with the export's passphrase
    // after the vault's; then the same client again, and a damaged file, both refused with
    // every problem at its place and nothing written.
    let other = tmp.path().join("other");
    init(&other);
    let o = other.to_str().unwrap();
    let args = ["--vault", o, "--json", "import", sealed.to_str().unwrap()];
    let out = cli(&args, &format!("{PASSPHRASE}\nnot the export passphrase\n"));
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(json(&out)["message"].as_str().unwrap().contains("does not open"));
    let out = cli(&args, &format!("{PASSPHRASE}\n{export_pass}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["clients"].as_array().unwrap().len(), 1);
    let args = ["--vault", o, "--json", "import", plain.to_str().unwrap()];
    let out = cli(&args, &format!("{PASSPHRASE}\n"));
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    let refused = json(&out);
    assert_eq!(refused["code"], "invalid");
    assert_eq!(refused["problems"][0]["path"], "/clients/0");
    assert!(refused["problems"][0]["message"].as_str().unwrap().contains("already in this vault"));
    let mut broken: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&plain).unwrap()).unwrap();
    broken["clients"][0]["sessions"][0]["held_on"] = serde_json::Value::from("2024-02-30");
    broken["clients"][0]["full_name"] = serde_json::Value::from("Somebody New");
    let broken_file = tmp.path().join("broken.json");
    std::fs::write(&broken_file, serde_json::to_vec(&broken).unwrap()).unwrap();
    let out =
        cli(&["--vault", o, "import", broken_file.to_str().unwrap()], &format!("{PASSPHRASE}\n"));
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("/clients/0/sessions/0/held_on: 2024-02-30 is not a real date."),
        "{text}"
    );
    assert!(text.contains("nothing was imported"), "{text}");
    let out = cli(&["--vault", o, "--json", "clients"], &format!("{PASSPHRASE}\n"));
    assert_eq!(json(&out)["clients"].as_array().unwrap().len(), 1, "nothing more was written");

    // Never over an existing vault.
    let out = cli(&["--vault", d, "--json", "demo"], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["code"], "already_exists");
}

#[test]
fn demo_goes_beside_the_real_vault_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("vault");
    let out = Command::new(built_binary("rapport-cli"))
        .args(["demo", "--clients", "6"])
        .env("RAPPORT_VAULT_DIR", &real)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("6 fictional clients"), "{text}");
    assert!(tmp.path().join("vault-sample").join("vault.keys").exists());
    assert!(!real.exists(), "the real vault folder is untouched");
}

#[test]
fn draft_writes_a_draft_and_never_a_signed_note() {
    use rapport_core::CourseInput;
    use rapport_core::Edit;
    use rapport_core::NoteInput;
    use rapport_core::{ClientInput, ClientStatus};

    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let client = v.create_client(&ClientInput::named("Ida Rowe"), ClientStatus::Active).unwrap();
    let c = client.client.id;
    v.edit_client(c, &Edit::AddCourse { course: CourseInput::starting("2026-01-05") }).unwrap();
    let draft = v.start_note(c, None).unwrap().note.id;
    let course_id = v.client_record(c).unwrap().courses[0].id;
    let signed_session = v
        .edit_client(
            c,
            &Edit::AddSession {
                course_id,
                session: rapport_core::SessionInput {
                    held_on: "2026-02-02".into(),
                    start_time: Some("09:00".into()),
                    duration_minutes: Some(50),
                    format: rapport_core::SessionFormat::Video,
                    attendance: rapport_core::Attendance::Attended,
                },
            },
        )
        .unwrap()
        .courses[0]
        .sessions[0]
        .id;
    let signed = v.start_note(c, Some(signed_session)).unwrap().note.id;
    let words = NoteInput {
        narrative: Some("As signed.".into()),
        risk_level: rapport_core::RiskLevel::NoConcerns,
        ..NoteInput::default()
    };
    v.save_note_draft(c, signed, &words, None).unwrap();
    v.sign_note(c, signed).unwrap();
    v.lock(false).unwrap();

    let file = t.tmp.path().join("note.json");
    let input =
        NoteInput { narrative: Some("Written by a script.".into()), ..NoteInput::default() };
    std::fs::write(&file, serde_json::to_string(&input).unwrap()).unwrap();
    let root = t.root();
    let run = |note: i64| {
        cli(
            &[
                "--vault",
                root.to_str().unwrap(),
                "--json",
                "draft",
                "--client",
                &c.to_string(),
                "--note",
                &note.to_string(),
                "--from",
                file.to_str().unwrap(),
            ],
            &format!("{PASSPHRASE}\n"),
        )
    };
    let out = run(draft.0);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["revision"], 1);
    let out = run(signed.0);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["code"], "conflict");
    assert!(json(&out)["message"].as_str().unwrap().contains("Add an amendment instead"));

    let mut v = t.unlock(PASSPHRASE).unwrap();
    let kept = v.note_of_session(c, signed_session).unwrap().note;
    assert_eq!(kept.fields.narrative.as_deref(), Some("As signed."));
    let scripted = v.client_record(c).unwrap();
    assert_eq!(scripted.notes.len(), 2);
}
