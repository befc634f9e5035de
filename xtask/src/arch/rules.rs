//! Rules 2 to 4, each over one file's text: `src/api/` does not mention Leptos, pages and
//! components do not spell app paths, files stay small.

use super::modules::{cfg_off, item_attrs, line_of};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::visit::{self, Visit};

/// Longest a file may be, in lines of code (see [`lines_of_code`]).
pub const MAX_LINES_OF_CODE: usize = 400;

/// Files that may be longer, and why.
pub const SIZE_EXEMPT: &[(&str, &str)] = &[
    (
        "src/diff/parse.rs",
        "the unified diff parser: one concern, one state machine",
    ),
    (
        "local-api/src/netlify/sample_site.rs",
        "data: the sample site's files",
    ),
    ("src/diff/git_tests.rs", "tests (parsing real git output)"),
    (
        "local-api/src/agentcontainer/http/openapi.rs",
        "one OpenAPI document: its route table (data) and the code that builds it",
    ),
];

/// String literals in pages and components that look like app paths but are not, and why.
pub const PATH_LITERAL_ALLOWED: &[(&str, &str, &str)] = &[
    // (file, literal, reason)
];

/// Where a file mentions Leptos: any identifier `leptos`, `leptos_*` (paths, `use`, macros,
/// attributes) and `#[component]`. Comments are not tokens; test code counts too.
pub fn leptos_mentions(src: &str) -> Result<Vec<(usize, String)>, String> {
    let tokens: TokenStream = src.parse().map_err(|e| format!("cannot tokenize: {e}"))?;
    let mut out = Vec::new();
    leptos_in(tokens, &mut out);
    Ok(out)
}

fn leptos_in(tokens: TokenStream, out: &mut Vec<(usize, String)>) {
    let mut prev: Option<TokenTree> = None;
    for tt in tokens {
        match &tt {
            TokenTree::Ident(i) if i.to_string().starts_with("leptos") => {
                out.push((line_of(i.span()), format!("`{i}`")));
            }
            TokenTree::Group(g) => {
                let is_attr = g.delimiter() == Delimiter::Bracket
                    && matches!(&prev, Some(TokenTree::Punct(p)) if p.as_char() == '#');
                let mut inner = g.stream().into_iter();
                if is_attr {
                    if let (Some(TokenTree::Ident(i)), None) = (inner.next(), inner.next()) {
                        if i == "component" {
                            out.push((line_of(i.span()), "`#[component]`".to_string()));
                        }
                    }
                }
                leptos_in(g.stream(), out);
            }
            _ => {}
        }
        prev = Some(tt);
    }
}

/// Whether a string literal's value is an in-app path: `/`, or a path in one of the app's sections.
pub fn is_app_path(s: &str) -> bool {
    if s == "/" {
        return true;
    }
    let Some(rest) = s.strip_prefix('/') else {
        return false;
    };
    let first = rest.split(['/', '?', '#']).next().unwrap_or("");
    APP_SECTIONS.contains(&first)
}

/// The first path segment of every page of the app (`routes.rs`). Other absolute paths, such as
/// a container's `/workspace/...` mount point, are not app URLs.
const APP_SECTIONS: &[&str] = &["netlify", "agentcontainer", "connections", "__bench"];

/// String literals that are app paths, in code and in macro bodies (`format!`, `view!`), with
/// their line. Test code (`#[cfg(test)]`) and attributes (docs) are left out.
pub fn app_path_literals(src: &str) -> Result<Vec<(usize, String)>, String> {
    let file = syn::parse_file(src).map_err(|e| format!("cannot parse: {e}"))?;
    let mut v = Literals(Vec::new());
    v.visit_file(&file);
    Ok(v.0.into_iter().filter(|(_, s)| is_app_path(s)).collect())
}

struct Literals(Vec<(usize, String)>);

impl Literals {
    fn tokens(&mut self, tokens: TokenStream) {
        let mut prev: Option<TokenTree> = None;
        for tt in tokens {
            match &tt {
                TokenTree::Literal(l) => {
                    if let syn::Lit::Str(s) = syn::Lit::new(l.clone()) {
                        self.0.push((line_of(l.span()), s.value()));
                    }
                }
                TokenTree::Group(g) => {
                    let is_attr = g.delimiter() == Delimiter::Bracket
                        && matches!(&prev, Some(TokenTree::Punct(p)) if p.as_char() == '#');
                    if !is_attr {
                        self.tokens(g.stream());
                    }
                }
                _ => {}
            }
            prev = Some(tt);
        }
    }
}

impl<'ast> Visit<'ast> for Literals {
    fn visit_item(&mut self, i: &'ast syn::Item) {
        if !cfg_off(item_attrs(i)) {
            visit::visit_item(self, i);
        }
    }

    fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
        if !cfg_off(&i.attrs) {
            visit::visit_impl_item_fn(self, i);
        }
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}

    fn visit_lit_str(&mut self, i: &'ast syn::LitStr) {
        self.0.push((line_of(i.span()), i.value()));
    }

    fn visit_macro(&mut self, i: &'ast syn::Macro) {
        visit::visit_macro(self, i);
        self.tokens(i.tokens.clone());
    }
}

/// Lines of code: not blank, not only a comment, and before the test module (a `#[cfg(test)]`
/// line followed by an inline `mod name {`; test modules end their file by convention).
pub fn lines_of_code(src: &str) -> usize {
    let lines: Vec<&str> = src.lines().collect();
    let end = test_module_start(&lines).unwrap_or(lines.len());
    let mut n = 0;
    let mut in_block_comment = false;
    for line in &lines[..end] {
        let mut t = line.trim();
        if in_block_comment {
            match t.find("*/") {
                Some(at) => {
                    in_block_comment = false;
                    t = t[at + 2..].trim();
                }
                None => continue,
            }
        }
        if t.starts_with("/*") {
            match t.find("*/") {
                Some(at) => t = t[at + 2..].trim(),
                None => {
                    in_block_comment = true;
                    continue;
                }
            }
        }
        if !t.is_empty() && !t.starts_with("//") {
            n += 1;
        }
    }
    n
}

fn test_module_start(lines: &[&str]) -> Option<usize> {
    lines.iter().enumerate().find_map(|(i, l)| {
        if l.trim() != "#[cfg(test)]" {
            return None;
        }
        let next = lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|t| !t.is_empty() && !t.starts_with("//") && !t.starts_with("#["))?;
        let item = next
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ");
        (item.starts_with("mod ") && item.ends_with('{')).then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_app_paths_in_code_and_macro_bodies() {
        let src = r#"
/// Links to "/docs" in a doc comment are fine.
fn link(id: &str) -> String {
    format!("/netlify/runners/{}", id)
}

fn view() -> impl IntoView {
    view! {
        <a href="/connections">"Connections"</a>
        <a href="/">"Home"</a>
        <a href=format!("{}/x", base)>"ok"</a>
    }
}

const NOT_PATHS: [&str; 5] = ["a/b", "//cdn.example", "/", "/ x", "/_bench"];

#[cfg(test)]
mod tests {
    const EXPECTED: &str = "/netlify/runners/1";
}
"#;
        let hits = app_path_literals(src).unwrap();
        let found: Vec<(usize, &str)> = hits.iter().map(|(l, s)| (*l, s.as_str())).collect();
        assert_eq!(
            found,
            [
                (4, "/netlify/runners/{}"),
                (9, "/connections"),
                (10, "/"),
                (15, "/"),
            ]
        );
    }

    #[test]
    fn app_paths() {
        assert!(is_app_path("/"));
        assert!(is_app_path("/netlify"));
        assert!(is_app_path("/netlify/runners?state=live"));
        assert!(is_app_path("/agentcontainer/agents"));
        assert!(is_app_path("/connections"));
        assert!(
            !is_app_path("/workspace/site"),
            "a container path is not an app URL"
        );
        assert!(!is_app_path(""));
        assert!(!is_app_path("netlify/"));
        assert!(!is_app_path("/{id}"));
        assert!(!is_app_path("//host"));
    }

    #[test]
    fn finds_leptos_mentions_but_not_in_comments_or_strings() {
        let src = "// leptos is not here\nuse leptos::prelude::*;\n\n/// Uses leptos.\n\
                   #[component]\nfn X() -> impl leptos::IntoView {\n    \"leptos\"\n}\n\
                   fn y() { leptos_router::hooks::use_params(); }\n";
        let hits = leptos_mentions(src).unwrap();
        let lines: Vec<usize> = hits.iter().map(|h| h.0).collect();
        assert_eq!(lines, [2, 5, 6, 9], "{hits:?}");
        assert_eq!(hits[1].1, "`#[component]`");
        assert!(leptos_mentions("fn f() { let x = 1; }").unwrap().is_empty());
    }

    #[test]
    fn counts_lines_of_code() {
        let src =
            "//! Docs.\n\nuse std::fmt;\n\n/* a block\n   comment */\nfn f() {\n    // note\n    \
                   let x = 1; /* trailing */\n}\n/* one line */\n#[cfg(test)]\nmod helpers;\n\n\
                   #[cfg(test)]\n// the tests\nmod tests {\n    #[test]\n    fn t() {}\n}\n";
        // use, fn f() {, let, }, #[cfg(test)], mod helpers;
        assert_eq!(lines_of_code(src), 6);
        assert_eq!(lines_of_code(""), 0);
        assert_eq!(lines_of_code("fn a() {}\n#[cfg(test)]\nfn b() {}\n"), 3);
    }
}
