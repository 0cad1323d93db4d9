//! `rapport-cli score` and `outcome`: the measure engine from a script, with no vault.

use rapport_tests::*;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    // No vault is named and none exists: these commands must not need one.
    cli(args, "")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn scores_a_phq9_with_its_band_and_flag() {
    let out = run(&["--json", "score", "phq9", "0", "0", "0", "0", "0", "0", "0", "0", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["score"]["total"], 1);
    assert_eq!(v["score"]["band"], "Minimal");
    assert_eq!(v["score"]["flags"][0]["item"], 9);
    // The same as text, for a person.
    let out = run(&["score", "PHQ-9", "2", "2", "2", "2", "1", "1", "1", "1", "0", "2"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("12 of 27: Moderate"), "{text}");
    assert!(text.contains("Flags:    none"), "{text}");
}

#[test]
fn scores_each_instrument_by_its_own_rule() {
    let total = |args: &[&str]| {
        let mut all = vec!["--json", "score"];
        all.extend_from_slice(args);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        json(&out)["score"].clone()
    };
    // EPDS positions from the top: all top options score 21 (seven reversed items).
    assert_eq!(total(&["epds", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"])["total"], 21);
    // HAM-D item 16 rated 3: not assessed, adds 0.
    let mut hamd = vec!["hamd17"];
    hamd.extend(["1"; 15]);
    hamd.extend(["3", "1"]);
    let s = total(&hamd);
    assert_eq!(s["total"], 16);
    assert!(s["notes"][0].as_str().unwrap().contains("not assessed"));
    // WSAS work item not applicable.
    let s = total(&["wsas", "na", "5", "5", "5", "5"]);
    assert_eq!(s["total"], 20);
    assert!(s["notes"][0].as_str().unwrap().contains("not applicable"));
    // QIDS: nine domains, not sixteen items.
    let mut qids = vec!["qids"];
    qids.extend(["3"; 16]);
    assert_eq!(total(&qids)["total"], 27);
    // PCL-5: a high total without the cluster rule.
    let mut pcl = vec!["pcl5"];
    pcl.extend(["4", "4", "4", "4", "4", "1", "1"]);
    pcl.extend(["4"; 13]);
    let s = total(&pcl);
    assert_eq!(s["total"], 74);
    assert_eq!(s["cluster"]["met"], false);
    // EDE-Q: counts 13–18 in no subscale; the global a mean to two decimals.
    let mut edeq = vec!["edeq"];
    edeq.extend(["6", "5", "4", "3", "2", "2", "1", "3", "1", "2", "2", "1"]);
    edeq.extend(["12", "10", "8", "0", "0", "0"]);
    edeq.extend(["1", "1", "0", "1", "2", "0", "0", "2", "2", "1"]);
    let s = total(&edeq);
    assert_eq!(s["total_text"], "1.95");
    // An incomplete administration has no total.
    let s = total(&["gad7", "1", "1", "-", "1", "1", "1", "1"]);
    assert_eq!(s["complete"], false);
    assert_eq!(s["total"], serde_json::Value::Null);
    assert_eq!(s["missing"][0], 3);
}

#[test]
fn a_wrong_count_or_value_exits_2_naming_the_item() {
    let out = run(&["score", "phq9", "0", "0", "0", "0", "0", "0", "0", "0", "4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("item 9"), "{}", stderr(&out));
    let out = run(&["--json", "score", "gad7", "1", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(json(&out)["message"].as_str().unwrap().contains("7 or 8 responses"));
    let out = run(&["score", "wsas", "0", "na", "0", "0", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("item 2"), "{}", stderr(&out));
    let out = run(&["score", "epds", "0", "0", "0", "0", "0", "0", "0", "0", "0", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("item 10"), "{}", stderr(&out));
    let out = run(&["score", "bdi", "1"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn outcomes_name_their_rules_and_recovery_needs_both() {
    let out = run(&["--json", "outcome", "phq9", "12", "6", "--with", "gad7", "9", "7"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let phq = &v["outcomes"][0];
    let find = |o: &serde_json::Value, kind: &str| {
        o["findings"].as_array().unwrap().iter().find(|f| f["kind"] == kind).cloned().unwrap()
    };
    assert_eq!(find(phq, "response")["verdict"], "met");
    assert!(find(phq, "response")["rule"].as_str().unwrap().contains("50%"));
    assert_eq!(find(phq, "recovery")["verdict"], "met");
    assert_eq!(find(&v["outcomes"][1], "reliable_improvement")["verdict"], "not_met");
    let rci = find(phq, "reliable_change_index");
    assert!(rci["detail"].as_str().unwrap().contains("SD 6.17"));
    // A baseline below 10: no response can be claimed.
    let v = json(&run(&["--json", "outcome", "phq9", "9", "0"]));
    assert_eq!(find(&v["outcomes"][0], "response")["verdict"], "not_applicable");
    // Out of range.
    let out = run(&["outcome", "gad7", "22", "3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("baseline"), "{}", stderr(&out));
    // Decimals for the EDE-Q global.
    let out = run(&["outcome", "edeq", "3.25", "1.5"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("3.25 to 1.50, change -1.75"));
}

#[test]
fn scores_writes_every_form_of_one_client_as_csv_and_never_overwrites() {
    use rapport_core::{AdministrationStart, Answer, ClientInput, ClientStatus, Instrument};
    let (t, created) = TestVault::create();
    let mut v = created.vault;
    let id = v.create_client(&ClientInput::named("Ines Moll"), ClientStatus::Assessment).unwrap();
    let id = id.client.id;
    let start = |i: Instrument| AdministrationStart {
        instrument: i,
        session_id: None,
        given_on: Some("2026-02-20".into()),
        handed_to_client: false,
    };
    let a = v.start_administration(id, &start(Instrument::Phq9)).unwrap().id;
    for (n, value) in [1, 1, 1, 1, 1, 1, 1, 1, 1].iter().enumerate() {
        v.answer_item(id, a, (n + 1) as u8, Some(Answer::Given(*value))).unwrap();
    }
    v.finish_administration(id, a, false).unwrap();
    v.correct_administration(id, a, "=HYPERLINK(\"x\") typed by mistake").unwrap();
    let w = v.start_administration(id, &start(Instrument::Wsas)).unwrap().id;
    v.answer_item(id, w, 1, Some(Answer::NotApplicable)).unwrap();
    v.finish_administration(id, w, true).unwrap();
    v.lock(false).unwrap();

    let out = t.tmp.path().join("scores.csv");
    let vault = t.root();
    let args = [
        "--vault",
        vault.to_str().unwrap(),
        "scores",
        "--client",
        &id.to_string(),
        "--out",
        out.to_str().unwrap(),
    ];
    let run = cli(&args, &format!("{PASSPHRASE}\n"));
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(String::from_utf8_lossy(&run.stdout).contains("not encrypted"));
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(rows[0].starts_with("administration,instrument,instrument_name,given_on"));
    assert!(rows[1].contains(",phq9,PHQ-9,2026-02-20,,complete,9,Mild,"), "{}", rows[1]);
    // The correction is open, starts from the old answers, and its reason stays text.
    assert!(rows[2].contains(",open,"), "{}", rows[2]);
    assert!(rows[2].contains("'=HYPERLINK"), "{}", rows[2]);
    assert!(rows[3].contains(",wsas,WSAS,2026-02-20,,incomplete,,"), "{}", rows[3]);
    assert!(rows[3].contains(",na,"), "{}", rows[3]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // Run again: the file is there, so nothing is written.
    let again = cli(&args, &format!("{PASSPHRASE}\n"));
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("exists already"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}
