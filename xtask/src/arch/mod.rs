//! `cargo xtask arch`: checks the rules of the code's shape and prints every violation with its
//! file and line.
//!
//! 1. No import circles between the files of the app crate (`src/lib.rs`) or of local-api
//!    (`local-api/src/lib.rs`); test code does not count (see `imports.rs`).
//! 2. `src/api/` does not mention Leptos.
//! 3. Pages and components do not spell in-app paths (`"/netlify/runners"`): they build them
//!    with `crate::routes`.
//! 4. No file in `src/`, `local-api/src/`, `wire/src/` is over 400 lines of code.

mod imports;
mod modules;
mod rules;

use std::collections::BTreeMap;
use std::path::Path;

/// Crates checked for import circles: (root file, name).
const CRATES: &[(&str, &str)] = &[
    ("src/lib.rs", "the app"),
    ("local-api/src/lib.rs", "local-api"),
];
/// Folders whose files must stay small.
const SIZE_DIRS: &[&str] = &["src", "local-api/src", "wire/src"];
const NO_LEPTOS: &str = "src/api/";
const NO_APP_PATHS: &[&str] = &["src/pages/", "src/components/"];

/// Source files by path relative to the repository (`src/api/mod.rs`), with their text.
#[derive(Debug, Default)]
pub struct Sources {
    files: BTreeMap<String, String>,
}

impl Sources {
    /// Every `.rs` file under `dirs` (relative to `root`).
    pub fn read(root: &Path, dirs: &[&str]) -> Result<Sources, String> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) -> Result<(), String> {
            let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for entry in entries {
                let path = entry.map_err(|e| e.to_string())?.path();
                if path.is_dir() {
                    walk(root, &path, out)?;
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| format!("{}: {e}", path.display()))?;
                    let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
                    let rel: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    out.insert(rel.join("/"), text);
                }
            }
            Ok(())
        }
        let mut files = BTreeMap::new();
        for dir in dirs {
            walk(root, &root.join(dir), &mut files)?;
        }
        Ok(Sources { files })
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.files
            .iter()
            .filter(move |(p, _)| p.starts_with(prefix))
            .map(|(p, t)| (p.as_str(), t.as_str()))
    }
}

impl<P: Into<String>, T: Into<String>> FromIterator<(P, T)> for Sources {
    fn from_iter<I: IntoIterator<Item = (P, T)>>(iter: I) -> Self {
        Sources {
            files: iter
                .into_iter()
                .map(|(p, t)| (p.into(), t.into()))
                .collect(),
        }
    }
}

/// What the check found: sections of printed lines, how many violations, and notes.
#[derive(Debug, Default)]
pub struct Report {
    pub lines: Vec<String>,
    pub violations: usize,
    pub notes: Vec<String>,
}

impl Report {
    fn section(&mut self, title: &str, found: Vec<String>, violations: usize) {
        if violations > 0 {
            self.lines.push(format!("== {title}: {violations}"));
            self.lines.extend(found);
            self.violations += violations;
        }
    }
}

pub fn check(sources: &Sources) -> Report {
    let mut report = Report::default();

    // 1. import circles
    let mut found = Vec::new();
    let mut count = 0;
    for (root, name) in CRATES {
        if sources.get(root).is_none() {
            report.notes.push(format!("{root} not found"));
            continue;
        }
        let krate = modules::Crate::load(sources, root);
        for (file, line, msg) in &krate.errors {
            found.push(format!("{file}:{line}: {msg}"));
            count += 1;
        }
        for cycle in imports::cycles(&krate) {
            count += 1;
            found.push(format!(
                "circle in {name} ({} files): {}",
                cycle.files.len(),
                cycle.files.join(", ")
            ));
            for ((from, to), e) in &cycle.edges {
                let more = match e.count {
                    1 => String::new(),
                    n => format!(" ({n} references)"),
                };
                found.push(format!(
                    "  {from}:{}: -> {to} via `{}`{more}",
                    e.line, e.path
                ));
            }
        }
    }
    report.section("import circles (rule 1)", found, count);

    // 2. src/api/ does not mention Leptos
    let mut found = Vec::new();
    for (file, text) in sources.under(NO_LEPTOS) {
        match rules::leptos_mentions(text) {
            Ok(hits) => found.extend(
                hits.into_iter()
                    .map(|(line, what)| format!("{file}:{line}: mentions {what}")),
            ),
            Err(e) => found.push(format!("{file}: {e}")),
        }
    }
    let n = found.len();
    report.section("src/api/ mentions Leptos (rule 2)", found, n);

    // 3. pages and components do not spell app paths
    let mut found = Vec::new();
    for prefix in NO_APP_PATHS {
        for (file, text) in sources.under(prefix) {
            match rules::app_path_literals(text) {
                Ok(hits) => found.extend(
                    hits.into_iter()
                        .filter(|(_, s)| {
                            !rules::PATH_LITERAL_ALLOWED
                                .iter()
                                .any(|(f, lit, _)| *f == file && lit == s)
                        })
                        .map(|(line, s)| format!("{file}:{line}: {s:?}")),
                ),
                Err(e) => found.push(format!("{file}: {e}")),
            }
        }
    }
    let n = found.len();
    report.section(
        "app paths spelled in pages and components; build them with crate::routes (rule 3)",
        found,
        n,
    );

    // 4. size
    let mut found = Vec::new();
    for dir in SIZE_DIRS {
        for (file, text) in sources.under(&format!("{dir}/")) {
            let loc = rules::lines_of_code(text);
            let exempt = rules::SIZE_EXEMPT.iter().any(|(f, _)| *f == file);
            if loc > rules::MAX_LINES_OF_CODE && !exempt {
                found.push(format!("{file}: {loc} lines of code"));
            }
        }
    }
    for (file, _) in rules::SIZE_EXEMPT {
        if sources.get(file).is_none() {
            report
                .notes
                .push(format!("size exemption for {file}, which does not exist"));
        }
    }
    let n = found.len();
    report.section(
        &format!(
            "files over {} lines of code (rule 4)",
            rules::MAX_LINES_OF_CODE
        ),
        found,
        n,
    );
    report
}

pub fn run(args: &[String]) -> Result<(), String> {
    let edges = match args {
        [] => false,
        [a] if a == "--edges" => true,
        [a, ..] => return Err(format!("`arch` takes only --edges, got `{a}`")),
    };
    let root = crate::tools::repo_root();
    let sources = Sources::read(&root, SIZE_DIRS)?;
    if edges {
        print_edges(&sources);
        return Ok(());
    }
    let report = check(&sources);
    for line in &report.lines {
        println!("{line}");
    }
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    match report.violations {
        0 => {
            println!("arch: ok");
            Ok(())
        }
        n => Err(format!("arch: {n} violations of the architecture rules")),
    }
}

/// `--edges`: every file -> file dependency of each crate, with its first example.
fn print_edges(sources: &Sources) {
    for (root, name) in CRATES {
        println!("== {name} ({root})");
        let krate = modules::Crate::load(sources, root);
        for ((from, to), e) in imports::file_edges(&krate) {
            println!("{from}:{}: -> {to} via `{}` ({}x)", e.line, e.path, e.count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_rule_with_file_and_line() {
        let big = "fn f() {}\n".repeat(rules::MAX_LINES_OF_CODE + 1);
        let sources: Sources = [
            ("src/lib.rs", "pub mod api;\npub mod pages;\npub mod big;"),
            ("src/api/mod.rs", "use leptos::prelude::*;\npub fn f() {}"),
            (
                "src/pages/mod.rs",
                "fn g() { crate::api::f(); let _ = \"/connections\"; }",
            ),
            ("src/big.rs", big.as_str()),
            ("local-api/src/lib.rs", "pub mod a;\npub mod b;"),
            ("local-api/src/a.rs", "pub fn a() { crate::b::b() }"),
            ("local-api/src/b.rs", "pub fn b() { crate::a::a() }"),
        ]
        .into_iter()
        .collect();
        let report = check(&sources);
        assert_eq!(report.violations, 4, "{:#?}", report.lines);
        let text = report.lines.join("\n");
        for expected in [
            "circle in local-api (2 files): local-api/src/a.rs, local-api/src/b.rs",
            "  local-api/src/a.rs:1: -> local-api/src/b.rs via `crate::b::b`",
            "src/api/mod.rs:1: mentions `leptos`",
            "src/pages/mod.rs:1: \"/connections\"",
            "src/big.rs: 401 lines of code",
        ] {
            assert!(text.contains(expected), "{expected:?} not in\n{text}");
        }
    }
}
