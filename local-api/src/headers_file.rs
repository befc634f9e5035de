//! Netlify's `_headers` file, read the way Netlify reads it, so `cargo xtask run` and the
//! end-to-end tests serve the app with the headers it is deployed with.
//!
//! Format (Netlify's `@netlify/headers-parser`): lines are trimmed; empty lines and `#` comments
//! are skipped; a line starting with `/` opens a rule for that path pattern; `Name: value` lines
//! below it are its headers (a name given twice in one rule joins the values with `, `). In a
//! pattern, `:name` matches one path segment, a segment that is only `*` matches anything from
//! there (the slash before it included), and a `*` inside a segment (`/*.wasm`) matches any
//! characters; matching ignores case and a trailing slash. When several rules set the same header
//! for a path, the later rule wins, as in `netlify dev` (agentdeck's own file never does that).

/// One rule: a path pattern and its headers, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pattern: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Lower-case literal text.
    Lit(String),
    /// `[^/]+`
    Segment,
    /// `.*`
    Any,
    /// `/?`
    OptSlash,
}

/// Parses a `_headers` file; a header before any path or a header without a value is an error
/// naming its line.
pub fn parse(text: &str) -> Result<Vec<Rule>, String> {
    let mut rules: Vec<Rule> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('/') {
            rules.push(Rule {
                path: line.to_string(),
                headers: Vec::new(),
                pattern: compile(line),
            });
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue; // Netlify ignores such lines too
        };
        let (name, value) = (name.trim(), value.trim());
        let err = |what: &str| format!("_headers line {}: {what}: {line}", n + 1);
        if name.is_empty() {
            return Err(err("missing header name"));
        }
        if value.is_empty() {
            return Err(err("missing header value"));
        }
        let rule = rules
            .last_mut()
            .ok_or_else(|| err("a path must come before a header"))?;
        match rule
            .headers
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            Some((_, v)) => {
                v.push_str(", ");
                v.push_str(value);
            }
            None => rule.headers.push((name.to_string(), value.to_string())),
        }
    }
    Ok(rules)
}

fn compile(path: &str) -> Vec<Token> {
    let mut tokens = vec![Token::Lit("/".into())];
    let parts: Vec<&str> = path
        .split('/')
        .map(str::trim_end)
        .filter(|p| !p.is_empty())
        .collect();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            tokens.push(Token::Lit("/".into()));
        }
        if part.starts_with(':') {
            tokens.push(Token::Segment);
        } else if *part == "*" {
            // `/*`: the slash before it is optional, then anything.
            tokens.pop();
            tokens.push(Token::OptSlash);
            tokens.push(Token::Any);
        } else {
            for (j, piece) in part.split('*').enumerate() {
                if j > 0 {
                    tokens.push(Token::Any);
                }
                if !piece.is_empty() {
                    tokens.push(Token::Lit(piece.to_ascii_lowercase()));
                }
            }
        }
    }
    tokens
}

impl Rule {
    /// Whether this rule applies to a request path (`/a/b`, no query).
    pub fn matches(&self, path: &str) -> bool {
        matches_from(&self.pattern, &path.to_ascii_lowercase())
    }
}

fn matches_from(tokens: &[Token], s: &str) -> bool {
    let Some((first, rest)) = tokens.split_first() else {
        return s.is_empty() || s == "/";
    };
    match first {
        Token::Lit(l) => s
            .strip_prefix(l.as_str())
            .is_some_and(|r| matches_from(rest, r)),
        Token::OptSlash => {
            s.strip_prefix('/').is_some_and(|r| matches_from(rest, r)) || matches_from(rest, s)
        }
        Token::Segment => {
            let seg = s.find('/').unwrap_or(s.len());
            (1..=seg).any(|n| matches_from(rest, &s[n..]))
        }
        Token::Any => s
            .char_indices()
            .map(|(i, _)| i)
            .chain([s.len()])
            .any(|i| matches_from(rest, &s[i..])),
    }
}

/// The headers every matching rule sets for `path`; a later rule's value replaces an earlier
/// one of the same name.
pub fn headers_for(rules: &[Rule], path: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for rule in rules.iter().filter(|r| r.matches(path)) {
        for (k, v) in &rule.headers {
            match out.iter_mut().find(|(ok, _)| ok.eq_ignore_ascii_case(k)) {
                Some(slot) => slot.1 = v.clone(),
                None => out.push((k.clone(), v.clone())),
            }
        }
    }
    out
}

/// A Content-Security-Policy with `sources` added to `directive` (after its own sources; a lone
/// `'none'` is replaced). A policy without that directive gets one holding `default-src`'s
/// sources plus `sources`; a policy with neither is returned unchanged (nothing to widen).
pub fn extend_csp(csp: &str, directive: &str, sources: &[String]) -> String {
    let mut parts: Vec<Vec<String>> = csp
        .split(';')
        .map(|d| d.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|d| !d.is_empty())
        .collect();
    let find = |parts: &[Vec<String>], name: &str| {
        parts.iter().position(|d| d[0].eq_ignore_ascii_case(name))
    };
    let index = match find(&parts, directive) {
        Some(i) => i,
        None => match find(&parts, "default-src") {
            Some(d) => {
                let mut copy = parts[d].clone();
                copy[0] = directive.to_string();
                parts.push(copy);
                parts.len() - 1
            }
            None => return csp.to_string(),
        },
    };
    let d = &mut parts[index];
    if d.len() == 2 && d[1] == "'none'" {
        d.pop();
    }
    for s in sources {
        if !d.contains(s) {
            d.push(s.clone());
        }
    }
    parts
        .iter()
        .map(|d| d.join(" "))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# comment
/*
  X-Frame-Options: DENY
  Content-Security-Policy: default-src 'none'; connect-src 'self' https://api.example

/index.html
  Cache-Control: no-cache
/*.wasm
  Cache-Control: public, max-age=31536000, immutable
/runners/:id/sessions
  X-Seg: one
  x-seg: two
";

    fn rule<'a>(rules: &'a [Rule], path: &str) -> &'a Rule {
        rules.iter().find(|r| r.path == path).unwrap()
    }

    #[test]
    fn parses_rules_in_order_and_joins_a_repeated_name() {
        let rules = parse(FILE).unwrap();
        let paths: Vec<&str> = rules.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/*", "/index.html", "/*.wasm", "/runners/:id/sessions"]
        );
        assert_eq!(
            rule(&rules, "/*").headers[0],
            ("X-Frame-Options".into(), "DENY".into())
        );
        assert_eq!(
            rule(&rules, "/runners/:id/sessions").headers,
            [("X-Seg".to_string(), "one, two".to_string())]
        );
    }

    #[test]
    fn broken_files_are_errors_naming_the_line() {
        assert!(parse("  X-A: b\n/*\n").unwrap_err().contains("line 1"));
        assert!(parse("/*\n  X-A:\n")
            .unwrap_err()
            .contains("missing header value"));
        assert!(parse("/*\n  : b\n")
            .unwrap_err()
            .contains("missing header name"));
    }

    #[test]
    fn patterns_match_like_netlify() {
        let rules = parse(FILE).unwrap();
        let all = rule(&rules, "/*");
        for p in ["/", "/index.html", "/a/b/c", "/x.wasm"] {
            assert!(all.matches(p), "/* ~ {p}");
        }
        let index = rule(&rules, "/index.html");
        assert!(
            index.matches("/index.html")
                && index.matches("/INDEX.HTML")
                && index.matches("/index.html/")
        );
        assert!(
            !index.matches("/") && !index.matches("/index.htm") && !index.matches("/a/index.html")
        );
        let wasm = rule(&rules, "/*.wasm");
        assert!(wasm.matches("/agentdeck-12ab_bg.wasm") && wasm.matches("/deep/x.wasm"));
        assert!(!wasm.matches("/agentdeck.js") && !wasm.matches("/x.wasm.map"));
        let seg = rule(&rules, "/runners/:id/sessions");
        assert!(seg.matches("/runners/r1/sessions"));
        assert!(!seg.matches("/runners//sessions") && !seg.matches("/runners/a/b/sessions"));
        let root = &parse("/\n  A: b\n").unwrap()[0];
        assert!(root.matches("/") && !root.matches("/x"));
        let dir = &parse("/assets/*\n  A: b\n").unwrap()[0];
        assert!(dir.matches("/assets") && dir.matches("/assets/") && dir.matches("/assets/a/b"));
        assert!(!dir.matches("/other/assets/a"));
    }

    #[test]
    fn headers_for_a_path_come_from_every_matching_rule() {
        let rules = parse(FILE).unwrap();
        let h = headers_for(&rules, "/x_bg.wasm");
        let names: Vec<&str> = h.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "X-Frame-Options",
                "Content-Security-Policy",
                "Cache-Control"
            ]
        );
        let spa = headers_for(&rules, "/runners/abc");
        assert!(spa.iter().all(|(k, _)| k != "Cache-Control"));
        let later = parse("/*\n  A: 1\n/x\n  a: 2\n").unwrap();
        assert_eq!(
            headers_for(&later, "/x"),
            [("A".to_string(), "2".to_string())]
        );
    }

    #[test]
    fn csp_directives_are_widened_not_replaced() {
        let csp = "default-src 'none'; connect-src 'self' https://api.example; img-src 'none'";
        let local = ["http://127.0.0.1:8081".to_string()];
        assert_eq!(
            extend_csp(csp, "connect-src", &local),
            "default-src 'none'; connect-src 'self' https://api.example http://127.0.0.1:8081; img-src 'none'"
        );
        assert_eq!(
            extend_csp(csp, "img-src", &local),
            "default-src 'none'; connect-src 'self' https://api.example; img-src http://127.0.0.1:8081"
        );
        assert_eq!(
            extend_csp("default-src 'self'", "img-src", &local),
            "default-src 'self'; img-src 'self' http://127.0.0.1:8081"
        );
        assert_eq!(
            extend_csp("frame-ancestors 'none'", "img-src", &local),
            "frame-ancestors 'none'"
        );
        let twice = extend_csp(
            &extend_csp(csp, "connect-src", &local),
            "connect-src",
            &local,
        );
        assert_eq!(twice.matches("127.0.0.1:8081").count(), 1);
    }
}
