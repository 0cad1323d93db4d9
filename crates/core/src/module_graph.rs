//! No module imports one that imports it back. This test reads the crate's own source, draws
//! the graph of which module uses which (every `crate::` and `super::` path outside tests;
//! the API re-exports of `lib.rs` and of a folder's `mod.rs` are not uses), and fails on any
//! cycle: between files, and between the top-level concepts (a folder counts as one).
//!
//! `cargo test -p rapport-core module_graph -- --nocapture` prints both graphs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module by its path below the crate root, e.g. `["record", "course"]`; `[]` is lib.rs.
type Module = Vec<String>;

struct Source {
    module: Module,
    text: String,
    is_folder: bool,
}

fn sources() -> Vec<Source> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    collect(&root, &root, &mut out);
    // Files that exist only for tests (declared under `#[cfg(test)]`) are not in the graph.
    let test_only: BTreeSet<Module> = out
        .iter()
        .flat_map(|s| {
            let lines: Vec<&str> = s.text.lines().collect();
            let mut found = Vec::new();
            for pair in lines.windows(2) {
                if pair[0].trim() == "#[cfg(test)]"
                    && let Some(name) = declared_module(pair[1])
                {
                    let mut m = s.module.clone();
                    m.push(name);
                    found.push(m);
                }
            }
            found
        })
        .collect();
    out.retain(|s| !test_only.contains(&s.module));
    out
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<Source>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(root).unwrap();
        let mut module: Module = relative
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        let last = module.last().cloned().unwrap_or_default();
        let is_folder = last == "mod" || last == "lib";
        if is_folder {
            module.pop();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Test code may reach anywhere; only what the program itself uses counts.
        let text = match text.find("#[cfg(test)]\nmod tests") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        out.push(Source { module, text, is_folder });
    }
}

/// `mod x;` or `pub mod x;` (any visibility) declares module `x`.
fn declared_module(line: &str) -> Option<String> {
    let line = line.trim();
    let rest = line.strip_suffix(';')?;
    let name = rest.rsplit_once("mod ")?.1;
    let head = rest.trim_end_matches(name).trim_end_matches("mod ").trim();
    let visibility_only = head.is_empty() || head.starts_with("pub");
    (visibility_only && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then(|| name.to_string())
}

/// The module paths a file mentions, resolved against the modules that exist.
fn uses(source: &Source, modules: &BTreeSet<Module>) -> BTreeSet<Module> {
    let mut found = BTreeSet::new();
    // A folder's own module is where `super::` of its children and `self::` of itself point.
    let here = source.module.clone();
    let parent =
        if source.is_folder { here.clone() } else { here[..here.len().saturating_sub(1)].to_vec() };
    for line in source.text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        // The crate's and the folders' re-exports name their parts; they are not uses.
        if source.is_folder && trimmed.starts_with("pub use") {
            continue;
        }
        // A folder's own `use child::...` uses its child.
        if let Some(rest) = trimmed.strip_prefix("use ").filter(|_| source.is_folder) {
            let mut path = here.clone();
            for segment in rest.trim_start_matches("self::").split("::") {
                let name: String =
                    segment.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if name.is_empty() {
                    break;
                }
                path.push(name);
            }
            if path.len() > here.len()
                && modules.contains(&path[..here.len() + 1].to_vec())
                && let Some(m) = longest_module(&path, modules)
            {
                found.insert(m);
            }
        }
        for (prefix, base) in [("crate::", Vec::new()), ("super::", parent_of(&parent, source))] {
            let mut rest = line;
            while let Some(i) = rest.find(prefix) {
                let after = &rest[i + prefix.len()..];
                let before = rest[..i].chars().last();
                rest = after;
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                    continue;
                }
                let mut path = base.clone();
                for segment in after.split("::") {
                    let name: String =
                        segment.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if name.is_empty() || name.chars().next().is_some_and(char::is_uppercase) {
                        break;
                    }
                    path.push(name);
                }
                // `use crate::a::{b, c}` names two modules under `a`.
                let braces = after.find('{').filter(|b| {
                    after[..*b]
                        .split("::")
                        .all(|s| s.chars().all(|c| c.is_alphanumeric() || c == '_'))
                });
                if let Some(b) = braces {
                    let inner = &after[b + 1..after[b..].find('}').map_or(after.len(), |e| b + e)];
                    for item in inner.split(',') {
                        let item = item.trim();
                        let name: String =
                            item.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        if name == "self" || name.is_empty() {
                            continue;
                        }
                        let mut p = path.clone();
                        p.push(name);
                        if let Some(m) = longest_module(&p, modules) {
                            found.insert(m);
                        }
                    }
                }
                if let Some(m) = longest_module(&path, modules) {
                    found.insert(m);
                }
            }
        }
    }
    found.remove(&here);
    found
}

fn parent_of(parent: &Module, source: &Source) -> Module {
    // In `a/b.rs`, `super` is `a`; in `a/mod.rs`, `super` is the crate root (or `a`'s parent).
    if source.is_folder {
        parent[..parent.len().saturating_sub(1)].to_vec()
    } else {
        parent.clone()
    }
}

fn longest_module(path: &Module, modules: &BTreeSet<Module>) -> Option<Module> {
    (1..=path.len()).rev().map(|n| path[..n].to_vec()).find(|p| modules.contains(p))
}

fn name(m: &Module) -> String {
    if m.is_empty() { "lib".into() } else { m.join("::") }
}

/// Every cycle's members, found by Tarjan's strongly connected components.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on_stack: BTreeSet<String>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit(s: &mut State<'_>, v: &str) {
        s.index.insert(v.into(), s.next);
        s.low.insert(v.into(), s.next);
        s.next += 1;
        s.stack.push(v.into());
        s.on_stack.insert(v.into());
        for w in s.graph.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v.into(), low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v.into(), low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(&w);
                let done = w == v;
                component.push(w);
                if done {
                    break;
                }
            }
            if component.len() > 1 || s.graph.get(v).is_some_and(|e| e.contains(v)) {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn graphs() -> (BTreeMap<String, BTreeSet<String>>, BTreeMap<String, BTreeSet<String>>) {
    let sources = sources();
    let modules: BTreeSet<Module> = sources.iter().map(|s| s.module.clone()).collect();
    let mut files = BTreeMap::new();
    let mut concepts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for source in &sources {
        let used = uses(source, &modules);
        let from = name(&source.module);
        files.insert(from.clone(), used.iter().map(name).collect::<BTreeSet<_>>());
        if let Some(top) = source.module.first() {
            let entry = concepts.entry(top.clone()).or_default();
            for m in &used {
                if let Some(other) = m.first().filter(|o| *o != top) {
                    entry.insert(other.clone());
                }
            }
        }
    }
    (files, concepts)
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let (files, concepts) = graphs();
    for (title, graph) in [("files", &files), ("concepts", &concepts)] {
        println!("{title}:");
        for (from, to) in graph.iter() {
            let to: Vec<&str> = to.iter().map(String::as_str).collect();
            println!("  {from} -> {}", to.join(", "));
        }
    }
    assert!(files.len() > 30, "the sources were not read: {files:?}");
    assert!(
        files["record::course"].contains("record::vocabulary"),
        "{:?}",
        files["record::course"]
    );
    let file_cycles = cycles(&files);
    let concept_cycles = cycles(&concepts);
    println!("cycles between files: {file_cycles:?}; between concepts: {concept_cycles:?}");
    assert!(file_cycles.is_empty(), "modules that import each other: {file_cycles:?}");
    assert!(concept_cycles.is_empty(), "concepts that import each other: {concept_cycles:?}");
}

#[test]
fn the_reader_sees_a_cycle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default().insert("a".into());
    graph.entry("d".into()).or_default().insert("a".into());
    assert_eq!(cycles(&graph), vec![vec!["a".to_string(), "b".into(), "c".into()]]);
    assert_eq!(declared_module("pub(crate) mod store;"), Some("store".into()));
    assert_eq!(declared_module("mod tests {"), None);
}
