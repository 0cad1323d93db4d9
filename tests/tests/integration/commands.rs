//! The desktop app's command list is written in four places: the handler list the shell
//! registers (src-tauri/src/lib.rs), the app manifest that makes each command permission-checked
//! (src-tauri/build.rs), the capability that grants them to the main window
//! (src-tauri/capabilities/main-window.json) and the UI's one door to them (ui/src/lib/api.ts).
//! A command missing from any of them is either unreachable or unguarded, so they must agree.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{start:?} not found")) + start.len();
    let to = from + text[from..].find(end).unwrap_or_else(|| panic!("{end:?} not found"));
    &text[from..to]
}

/// Words made of `[a-z0-9_]` that follow `prefix` and end at a character that cannot continue
/// them.
fn names_after(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(i, _)| {
            text[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

fn registered() -> BTreeSet<String> {
    let lib = read("src-tauri/src/lib.rs");
    between(&lib, "generate_handler![", "]")
        .split(',')
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .map(|path| path.rsplit("::").next().unwrap().to_string())
        .collect()
}

fn declared() -> BTreeSet<String> {
    let build = read("src-tauri/build.rs");
    names_after(between(&build, "const COMMANDS: &[&str] = &[", "];"), "\"")
}

fn granted() -> BTreeSet<String> {
    let capability: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/main-window.json")).unwrap();
    capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

fn called() -> BTreeSet<String> {
    let api = read("ui/src/lib/api.ts");
    // Every command goes through `call<T>('name', ...)`.
    let mut names = BTreeSet::new();
    for (i, _) in api.match_indices("call<") {
        let rest = &api[i..];
        let Some(open) = rest.find("('") else { continue };
        // Only the call's own parenthesis, not one further on.
        if rest[..open].contains(';') {
            continue;
        }
        names.extend(names_after(&rest[open..open + 2 + 64], "('"));
    }
    names
}

#[test]
fn every_command_is_registered_declared_granted_and_called() {
    let registered = registered();
    let places = [
        ("declared in src-tauri/build.rs", declared()),
        ("granted in capabilities/main-window.json", granted()),
        ("called from ui/src/lib/api.ts", called()),
    ];
    assert!(registered.len() > 40, "the handler list was not read: {registered:?}");
    for (place, names) in places {
        let missing: Vec<_> = registered.difference(&names).collect();
        let extra: Vec<_> = names.difference(&registered).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "commands registered in src-tauri/src/lib.rs but not {place}: {missing:?}; \
             {place} but not registered: {extra:?}"
        );
    }
}

#[test]
fn the_readers_find_a_missing_command() {
    let mut called = called();
    called.remove("lock");
    assert_ne!(called, registered(), "a command dropped from the UI went unnoticed");
    assert!(names_after("x(\"ab_c\", \"d\")", "\"").contains("ab_c"));
}
