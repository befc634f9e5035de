//! Rule 1: no import circles between the files of a crate. A file depends on the file that
//! holds what it names (through `pub use` re-exports, followed to where they point); the
//! strongly connected components of more than one file are the circles.

use super::modules::{Crate, ModId};
use std::collections::BTreeMap;

/// How many re-exports and aliases a path may go through.
const MAX_DEPTH: usize = 16;

/// Where a path leads: the module holding the item, and whether the whole path was a module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub module: ModId,
    pub is_module: bool,
}

impl Crate {
    /// Resolves `path`, named in module `m`, to the module that holds it. `None` when it does
    /// not start inside the crate: `crate::`, `super::`, `self::`, a child module of `m`, or a
    /// name a `use` in `m` binds to something of the crate.
    pub fn resolve(&self, m: ModId, path: &[String]) -> Option<Target> {
        self.resolve_at(m, path, 0)
    }

    fn resolve_at(&self, m: ModId, path: &[String], depth: usize) -> Option<Target> {
        if depth > MAX_DEPTH {
            return None;
        }
        let first = path.first()?;
        let (start, rest) = match first.as_str() {
            "crate" => (Crate::ROOT, &path[1..]),
            "self" => (m, &path[1..]),
            "super" => {
                let mut cur = m;
                let mut i = 0;
                while path.get(i).is_some_and(|s| s == "super") {
                    cur = self.modules[cur].parent?;
                    i += 1;
                }
                (cur, &path[i..])
            }
            name if self.modules[m].children.contains_key(name) => (m, path),
            name => {
                // `use crate::api; ... api::netlify::list()`
                let b = self.modules[m].bindings.iter().find(|b| b.name == name)?;
                let t = self.resolve_at(m, &b.path, depth + 1)?;
                if !t.is_module {
                    return Some(t);
                }
                (t.module, &path[1..])
            }
        };
        Some(self.walk(start, rest, depth))
    }

    /// Walks `segs` down from module `cur`: the longest run of modules (through re-exports)
    /// gives the module.
    fn walk(&self, mut cur: ModId, segs: &[String], depth: usize) -> Target {
        for (i, seg) in segs.iter().enumerate() {
            if let Some(&child) = self.modules[cur].children.get(seg) {
                cur = child;
                continue;
            }
            let last = i + 1 == segs.len();
            return match self.follow_reexport(cur, seg, last, depth) {
                Some(t) if t.is_module => self.walk(t.module, &segs[i + 1..], depth + 1),
                Some(t) => t,
                None => Target {
                    module: cur,
                    is_module: false,
                },
            };
        }
        Target {
            module: cur,
            is_module: true,
        }
    }

    /// Where `name`, named through module `cur`, really is when `cur` only imports it. `None`
    /// when it is defined in `cur` (or unknown: conservatively, it stays in `cur`). A name can
    /// be both an imported module and a local fn (types and values have separate namespaces):
    /// as the `last` segment it is taken as the local item.
    fn follow_reexport(&self, cur: ModId, name: &str, last: bool, depth: usize) -> Option<Target> {
        if depth > MAX_DEPTH {
            return None;
        }
        let m = &self.modules[cur];
        if last && m.defined.contains(name) {
            return None;
        }
        // Private imports count too: descendants may name them, and the code compiles.
        if let Some(b) = m.bindings.iter().find(|b| b.name == name) {
            return self.resolve_at(cur, &b.path, depth + 1);
        }
        if m.defined.contains(name) {
            return None;
        }
        let globs: Vec<(ModId, bool)> = m
            .bindings
            .iter()
            .filter(|b| b.name == "*")
            .filter_map(|b| {
                let t = self.resolve_at(cur, &b.path, depth + 1)?;
                t.is_module.then_some((t.module, b.public))
            })
            .collect();
        let has = |g: ModId| {
            let gm = &self.modules[g];
            gm.children.contains_key(name)
                || gm.defined.contains(name)
                || gm.bindings.iter().any(|b| b.name == name)
        };
        let public_globs: Vec<ModId> = globs.iter().filter(|g| g.1).map(|g| g.0).collect();
        let g = globs
            .iter()
            .map(|g| g.0)
            .find(|&g| has(g))
            .or_else(|| (public_globs.len() == 1).then(|| public_globs[0]))?;
        Some(self.walk(g, std::slice::from_ref(&name.to_string()), depth + 1))
    }
}

/// One file -> file dependency, with its first example and how many references make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub line: usize,
    pub path: String,
    pub count: usize,
}

/// Every dependency between two different files of the crate.
pub fn file_edges(k: &Crate) -> BTreeMap<(String, String), Edge> {
    let mut edges: BTreeMap<(String, String), Edge> = BTreeMap::new();
    for r in &k.refs {
        let Some(t) = k.resolve(r.module, &r.path) else {
            continue;
        };
        let (from, to) = (k.file_of(r.module), k.file_of(t.module));
        if from == to {
            continue;
        }
        let path = r.path.join("::");
        edges
            .entry((from.to_string(), to.to_string()))
            .and_modify(|e| {
                e.count += 1;
                if r.line < e.line {
                    (e.line, e.path) = (r.line, path.clone());
                }
            })
            .or_insert(Edge {
                line: r.line,
                path,
                count: 1,
            });
    }
    edges
}

/// A circle: its files, and every edge between them (`(from, to)` -> example).
#[derive(Debug)]
pub struct Cycle {
    pub files: Vec<String>,
    pub edges: Vec<((String, String), Edge)>,
}

/// The strongly connected components of more than one file (Tarjan's algorithm).
pub fn cycles(k: &Crate) -> Vec<Cycle> {
    let edges = file_edges(k);
    let mut files: Vec<&str> = k.modules.iter().map(|m| m.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let index: BTreeMap<&str, usize> = files.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let mut succ = vec![Vec::new(); files.len()];
    for (from, to) in edges.keys() {
        succ[index[from.as_str()]].push(index[to.as_str()]);
    }
    let comps = tarjan(&succ);
    let mut out: Vec<Cycle> = comps
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|mut c| {
            c.sort_unstable();
            let members: Vec<String> = c.iter().map(|&i| files[i].to_string()).collect();
            let inside = edges
                .iter()
                .filter(|((a, b), _)| members.contains(a) && members.contains(b))
                .map(|(k, e)| (k.clone(), e.clone()))
                .collect();
            Cycle {
                files: members,
                edges: inside,
            }
        })
        .collect();
    out.sort_by(|a, b| a.files.cmp(&b.files));
    out
}

fn tarjan(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct St<'a> {
        succ: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        comps: Vec<Vec<usize>>,
    }
    fn visit(s: &mut St, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.succ[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            s.comps.push(comp);
        }
    }
    let n = succ.len();
    let mut s = St {
        succ,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        comps: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.comps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arch::Sources;

    fn load(files: &[(&str, &str)]) -> Crate {
        let k = Crate::load(&files.iter().copied().collect::<Sources>(), "src/lib.rs");
        assert!(k.errors.is_empty(), "{:?}", k.errors);
        k
    }

    fn edges(files: &[(&str, &str)]) -> Vec<(String, String)> {
        file_edges(&load(files)).into_keys().collect()
    }

    fn edge(from: &str, to: &str) -> (String, String) {
        (from.to_string(), to.to_string())
    }

    #[test]
    fn follows_pub_use_reexports_to_the_defining_file() {
        let e = edges(&[
            ("src/lib.rs", "pub mod api; pub mod pages;"),
            (
                "src/api/mod.rs",
                "pub mod error; pub mod http; mod inner { pub use super::http::*; }\n\
                 pub use error::{ApiError as Error, Kind};\npub use inner::*;",
            ),
            ("src/api/error.rs", "pub struct ApiError; pub enum Kind { A }"),
            ("src/api/http.rs", "pub fn send() {}"),
            (
                "src/pages.rs",
                "use crate::api::Error;\nfn f() -> crate::api::Kind { crate::api::send(); todo!() }",
            ),
        ]);
        assert!(e.contains(&edge("src/pages.rs", "src/api/error.rs")));
        assert!(
            e.contains(&edge("src/pages.rs", "src/api/http.rs")),
            "through two globs"
        );
        assert!(
            !e.contains(&edge("src/pages.rs", "src/api/mod.rs")),
            "{e:?}"
        );
        // The re-export itself is an edge; `mod error;` is not.
        assert!(e.contains(&edge("src/api/mod.rs", "src/api/error.rs")));
        assert!(!e.contains(&edge("src/lib.rs", "src/api/mod.rs")));
    }

    #[test]
    fn finds_a_two_file_cycle_with_examples() {
        let k = load(&[
            (
                "src/lib.rs",
                "pub mod a;\npub mod b;\npub mod c;\npub mod d;",
            ),
            ("src/a.rs", "use crate::b::B;\npub struct A;"),
            (
                "src/b.rs",
                "pub struct B;\n\npub fn f() -> super::a::A {\n    crate::d::h()\n}",
            ),
            ("src/c.rs", "pub fn g() -> super::a::A { todo!() }"),
            ("src/d.rs", "pub fn h() {}"),
        ]);
        let found = cycles(&k);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].files, ["src/a.rs", "src/b.rs"]);
        let inside: Vec<_> = found[0]
            .edges
            .iter()
            .map(|((f, t), e)| (f.as_str(), t.as_str(), e.line, e.path.as_str()))
            .collect();
        assert_eq!(
            inside,
            [
                ("src/a.rs", "src/b.rs", 1, "crate::b::B"),
                ("src/b.rs", "src/a.rs", 3, "super::a::A"),
            ]
        );
    }

    #[test]
    fn test_code_does_not_count() {
        let files = [
            ("src/lib.rs", "pub mod a;\npub mod b;\n#[cfg(test)]\nmod test_support;"),
            (
                "src/a.rs",
                "pub struct A;\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use crate::b::B;\n}\n\
                 #[cfg(all(test, not(target_arch = \"wasm32\")))]\nmod more_tests;\n\
                 #[cfg(test)]\nfn helper() -> crate::b::B { todo!() }",
            ),
            ("src/b.rs", "use crate::a::A;\npub struct B;"),
        ];
        let k = load(&files);
        assert!(cycles(&k).is_empty());
        assert_eq!(
            file_edges(&k).into_keys().collect::<Vec<_>>(),
            [edge("src/b.rs", "src/a.rs")]
        );
        // A cfg that is not about tests still counts.
        let mut files = files;
        files[1].1 = "#[cfg(not(target_arch = \"wasm32\"))]\nuse crate::b::B;\npub struct A;";
        assert_eq!(cycles(&load(&files)).len(), 1);
    }

    #[test]
    fn resolves_child_module_relative_paths() {
        let e = edges(&[
            ("src/lib.rs", "pub mod app;\npub mod pages;"),
            (
                "src/pages/mod.rs",
                "pub mod netlify;\nuse netlify::runner::RunnerPage;\nfn f() { netlify::runner::g(); }",
            ),
            ("src/pages/netlify/mod.rs", "pub mod runner;"),
            ("src/pages/netlify/runner.rs", "pub struct RunnerPage; pub fn g() {}"),
            // `app.rs` with its children in `app/`, and an inline module.
            (
                "src/app.rs",
                "mod nav;\nmod inline {\n    pub fn h() { super::nav::n(); }\n}",
            ),
            ("src/app/nav.rs", "pub fn n() { super::super::pages::netlify::runner::g() }"),
        ]);
        assert_eq!(
            e,
            [
                edge("src/app.rs", "src/app/nav.rs"),
                edge("src/app/nav.rs", "src/pages/netlify/runner.rs"),
                edge("src/pages/mod.rs", "src/pages/netlify/runner.rs"),
            ]
        );
    }

    #[test]
    fn follows_module_aliases_and_macro_bodies() {
        let e = edges(&[
            ("src/lib.rs", "pub mod api;\npub mod components;\npub mod pages;"),
            ("src/api/mod.rs", "pub mod netlify;"),
            ("src/api/netlify.rs", "pub fn list() {}"),
            ("src/components.rs", "pub fn Badge() {}"),
            (
                "src/pages.rs",
                "use crate::api;\nfn f() { api::netlify::list(); view! { <crate::components::Badge/> } }",
            ),
        ]);
        assert!(
            e.contains(&edge("src/pages.rs", "src/api/netlify.rs")),
            "{e:?}"
        );
        assert!(
            e.contains(&edge("src/pages.rs", "src/components.rs")),
            "{e:?}"
        );
    }

    #[test]
    fn a_local_fn_named_like_an_imported_module_is_the_fn() {
        let e = edges(&[
            (
                "src/lib.rs",
                "pub mod domain;\npub mod http;\npub mod router;",
            ),
            ("src/domain/mod.rs", "pub mod account;"),
            ("src/domain/account.rs", "pub fn account() {}"),
            (
                "src/http.rs",
                "use crate::domain::account;\npub fn account() { account::account() }",
            ),
            ("src/router.rs", "fn r() { crate::http::account(); }"),
        ]);
        assert!(e.contains(&edge("src/router.rs", "src/http.rs")), "{e:?}");
        assert!(
            !e.contains(&edge("src/router.rs", "src/domain/account.rs")),
            "{e:?}"
        );
    }

    #[test]
    fn reports_missing_module_files() {
        let sources: Sources = [("src/lib.rs", "pub mod gone;")].into_iter().collect();
        let k = Crate::load(&sources, "src/lib.rs");
        assert_eq!(k.errors.len(), 1);
        assert_eq!(k.errors[0].1, 1);
        assert!(k.errors[0].2.contains("src/gone/mod.rs"), "{:?}", k.errors);
    }
}
