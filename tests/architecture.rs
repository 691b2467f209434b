//! The house's layering, read from the `crate::` paths of `src/` (no cluster needed):
//!
//! 1. The shared layer (every top-level module but the four plugins, `doctor` and `commands`)
//!    imports none of them.
//! 2. A plugin imports neither `doctor` nor `commands`, and from another plugin only what that
//!    plugin publishes at its root (`crate::expose::Exposed`, never `crate::expose::read::…`).
//! 3. `doctor` sits above the plugins: it imports no `commands`, and only the plugins' published
//!    items.
//! 4. No import cycle between top-level modules.
//!
//! Each violation names the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const PLUGINS: [&str; 4] = ["ca", "secret", "expose", "tracing"];
const DOCTOR: &str = "doctor";
const COMMANDS: &str = "commands";

/// One `crate::` path in a file: the line it starts on and its segments after `crate`.
struct Import {
    line: usize,
    path: Vec<String>,
}

/// `src/`'s files as (path relative to `src/`, text).
fn sources(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).expect("read src/") {
        let p = e.expect("read src/ entry").path();
        if p.is_dir() {
            sources(&p, base, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).expect("read a source file")));
        }
    }
}

/// The top-level module a file belongs to (`tracing/stale/mod.rs` → `tracing`), `None` for `lib.rs`.
fn top_of(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    match first.strip_suffix(".rs") {
        Some("lib") => None,
        Some(m) => Some(m.to_string()),
        None => Some(first.to_string()),
    }
}

/// Each module's submodules (files and folders directly under `src/<module>/`).
fn submodules(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut subs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, _) in files {
        let parts: Vec<&str> = rel.split('/').collect();
        if parts.len() >= 2 && parts[1] != "mod.rs" {
            let s = parts[1].strip_suffix(".rs").unwrap_or(parts[1]);
            subs.entry(parts[0].to_string()).or_default().insert(s.to_string());
        }
    }
    subs
}

/// Code without comments (line comments and doc comments), line numbers kept.
fn code_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => l[..i].to_string(),
            _ => l.to_string(),
        })
        .collect()
}

/// The paths of a use tree that starts after `crate::` (`{a, b::{self, c}}` or `a::b`).
fn tree_paths(tokens: &[String], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = prefix;
    loop {
        match tokens.get(*i).map(String::as_str) {
            Some("{") => {
                *i += 1;
                loop {
                    tree_paths(tokens, i, path.clone(), out);
                    match tokens.get(*i).map(String::as_str) {
                        Some(",") => {
                            *i += 1;
                            if tokens.get(*i).map(String::as_str) == Some("}") {
                                *i += 1;
                                return;
                            }
                        }
                        Some("}") => {
                            *i += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some("self") => {
                *i += 1;
                out.push(path);
                return;
            }
            Some(t) if t.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                path.push(t.to_string());
                *i += 1;
                if tokens.get(*i).map(String::as_str) == Some("::") {
                    *i += 1;
                    continue;
                }
                if tokens.get(*i).map(String::as_str) == Some("as") {
                    *i += 2;
                }
                out.push(path);
                return;
            }
            _ => {
                out.push(path);
                return;
            }
        }
    }
}

fn tokenize(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < cs.len() && (cs[i].is_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            out.push(cs[start..i].iter().collect());
            continue;
        }
        if c == ':' && cs.get(i + 1) == Some(&':') {
            out.push("::".into());
            i += 2;
            continue;
        }
        if !c.is_whitespace() {
            out.push(c.to_string());
        }
        i += 1;
    }
    out
}

/// Every `crate::` path of a file, and, for a module imported whole (`use crate::expose;`), every
/// `expose::item` the file names.
fn imports(text: &str) -> Vec<Import> {
    let lines = code_lines(text);
    let mut out = Vec::new();
    let mut whole = BTreeSet::new();
    for (n, l) in lines.iter().enumerate() {
        let mut from = 0;
        while let Some(k) = l[from..].find("crate::") {
            let at = from + k;
            from = at + "crate::".len();
            if at > 0 && l[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            // The tree may span lines (`use crate::{` … `};`).
            let rest: String = std::iter::once(&l[from..])
                .chain(lines[n + 1..].iter().take(20).map(String::as_str))
                .collect::<Vec<_>>()
                .join(" ");
            let tokens = tokenize(&rest);
            let mut paths = Vec::new();
            tree_paths(&tokens, &mut 0, vec![], &mut paths);
            let is_use =
                l.trim_start().starts_with("use ") || l.trim_start().starts_with("pub use ");
            for p in paths {
                if is_use && p.len() == 1 {
                    whole.insert(p[0].clone());
                }
                out.push(Import { line: n + 1, path: p });
            }
        }
    }
    for (n, l) in lines.iter().enumerate() {
        let tokens = tokenize(l);
        for w in tokens.windows(3) {
            if whole.contains(&w[0]) && w[1] == "::" {
                out.push(Import { line: n + 1, path: vec![w[0].clone(), w[2].clone()] });
            }
        }
    }
    out
}

fn violations(files: &[(String, String)]) -> Vec<String> {
    let subs = submodules(files);
    let tops: BTreeSet<String> = files.iter().filter_map(|(r, _)| top_of(r)).collect();
    let is_plugin = |m: &str| PLUGINS.contains(&m);
    let is_shared = |m: &str| !is_plugin(m) && m != DOCTOR && m != COMMANDS;
    let mut out = Vec::new();
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (rel, text) in files {
        let Some(me) = top_of(rel) else { continue };
        for imp in imports(text) {
            let Some(target) = imp.path.first().filter(|t| tops.contains(*t) && **t != me) else {
                continue;
            };
            let at = format!("src/{rel}:{}", imp.line);
            graph.entry(me.clone()).or_default().entry(target.clone()).or_insert(at.clone());
            let item = imp.path.get(1);
            let reaches_inside =
                item.is_some_and(|i| subs.get(target).is_some_and(|s| s.contains(i)));
            let shown = format!("crate::{}", imp.path.join("::"));
            if is_shared(&me) && !is_shared(target) {
                out.push(format!("{at}: the shared module `{me}` imports `{shown}` from above it"));
            } else if (is_plugin(&me) || me == DOCTOR) && target == COMMANDS {
                out.push(format!("{at}: `{me}` imports the command layer (`{shown}`)"));
            } else if is_plugin(&me) && target == DOCTOR {
                out.push(format!(
                    "{at}: the plugin `{me}` imports `{shown}`; doctor sits above the plugins"
                ));
            } else if (is_plugin(&me) || me == DOCTOR) && is_plugin(target) && reaches_inside {
                out.push(format!(
                    "{at}: `{me}` reaches into `{target}`'s internals (`{shown}`): publish what it needs at `crate::{target}`'s root"
                ));
            }
        }
    }
    // Cycles between top-level modules: report one edge of each.
    for (from, tos) in &graph {
        for (to, at) in tos {
            if from < to && reaches(&graph, to, from) {
                out.push(format!(
                    "{at}: `{from}` imports `{to}`, which imports `{from}` back (an import cycle)"
                ));
            }
        }
    }
    out
}

fn reaches(graph: &BTreeMap<String, BTreeMap<String, String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![from.to_string()];
    while let Some(m) = todo.pop() {
        if m == to {
            return true;
        }
        if seen.insert(m.clone()) {
            todo.extend(graph.get(&m).into_iter().flat_map(|t| t.keys().cloned()));
        }
    }
    false
}

#[test]
fn the_layers_hold_and_no_module_imports_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    files.sort();
    assert!(files.len() > 50, "read src/: {} files", files.len());
    let v = violations(&files);
    assert!(v.is_empty(), "the architecture is broken:\n{}", v.join("\n"));
}

#[test]
fn the_checker_finds_each_kind_of_violation() {
    let f = |p: &str, t: &str| (p.to_string(), t.to_string());
    let files = vec![
        f("lib.rs", "pub mod output;"),
        f("output.rs", "use crate::tracing::ShowRow; // a shared module importing a plugin\n"),
        f("tracing/mod.rs", "pub mod show;\npub use show::ShowRow;\n"),
        f("tracing/show.rs", "use crate::{expose, doctor};\nfn f() { expose::read::address(); }\n"),
        f("expose/mod.rs", "pub mod read;\n"),
        f("expose/read.rs", "use crate::commands::x;\nuse crate::tracing::ShowRow;\n"),
        f("doctor/mod.rs", "use crate::expose::{self, read::address};\n"),
        f("commands/mod.rs", "use crate::{tracing, doctor};\n"),
    ];
    let v = violations(&files);
    let has = |at: &str, what: &str| v.iter().any(|l| l.starts_with(at) && l.contains(what));
    assert!(has("src/output.rs:1", "the shared module `output`"), "{v:#?}");
    assert!(has("src/tracing/show.rs:2", "reaches into `expose`'s internals"), "{v:#?}");
    assert!(has("src/tracing/show.rs:1", "doctor sits above the plugins"), "{v:#?}");
    assert!(has("src/expose/read.rs:1", "imports the command layer"), "{v:#?}");
    assert!(has("src/doctor/mod.rs:1", "reaches into `expose`'s internals"), "{v:#?}");
    assert!(
        v.iter().any(|l| l.contains("import cycle") && l.contains("`expose` imports `tracing`")),
        "{v:#?}"
    );
    assert!(
        !v.iter().any(|l| l.starts_with("src/commands/") && !l.contains("import cycle")),
        "commands may import anything: {v:#?}"
    );
}
