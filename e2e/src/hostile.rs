//! The hostile-input corpus: strings a server may hand the app (written by an agent, or by
//! whoever can push to a repository) that must stay plain text on every page.
//!
//! Every payload that would run script calls `__pwned(N)` (N = its place in the corpus), and
//! the dialog ones call `alert`/`confirm`/`prompt`; [`TRAPS`] records both before the app
//! loads, so a test reads back exactly which payload fired. The corpus is a few dozen payload
//! shapes times a handful of contexts they try to break out of, plus text that attacks the
//! reader rather than the parser (bidi overrides, zero-width joiners, huge strings).

/// Payload shapes; `{n}` becomes the payload's number.
const SHAPES: &[&str] = &[
    "<script>__pwned({n})</script>",
    "<img src=x onerror=__pwned({n})>",
    "<img src=\"x\" onerror=\"__pwned({n})\">",
    "<svg onload=__pwned({n})>",
    "<svg><script>__pwned({n})</script></svg>",
    "<svg><a xlink:href=\"javascript:__pwned({n})\"><text y=20>x</text></a></svg>",
    "<svg><animate onbegin=__pwned({n}) attributeName=x dur=1s>",
    "<iframe src=\"javascript:__pwned({n})\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__pwned({n})</script>\"></iframe>",
    "<a href=\"javascript:__pwned({n})\">click me</a>",
    "<details open ontoggle=__pwned({n})>",
    "<body onload=__pwned({n})>",
    "<input autofocus onfocus=__pwned({n})>",
    "<video><source onerror=__pwned({n})></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__pwned({n})>",
    "<!--<img src=\"--><img src=x onerror=__pwned({n})//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=__pwned({n})>\">",
    "<style>@import 'javascript:__pwned({n})';</style>",
    "<object data=\"javascript:__pwned({n})\"></object>",
    "<embed src=\"data:text/html,<script>parent.__pwned({n})</script>\">",
    "[click me](javascript:__pwned({n}))",
    "![image](javascript:__pwned({n}))",
    "[link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZCgpPC9zY3JpcHQ+)",
    "javascript:__pwned({n})",
    " JaVaScRiPt:__pwned({n})",
    "java\tscript:__pwned({n})",
    "data:text/html,<script>__pwned({n})</script>",
    "data:image/svg+xml,<svg onload=__pwned({n})>",
    "<script>alert({n})</script>",
    "<img src=x onerror=confirm({n})>",
    "<svg onload=prompt({n})>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/{n}\">",
    "<base href=\"https://evil.example/{n}/\">",
    "<form action=\"https://evil.example/{n}\"><button>Save</button></form>",
    "{{constructor.constructor('__pwned({n})')()}}",
    "${__pwned({n})}",
];

/// Contexts a payload tries to close first (an attribute, a tag, a comment, a code fence).
const CONTEXTS: &[(&str, &str)] = &[
    ("", ""),
    ("\"", ""),
    ("'>", ""),
    ("</textarea></title></style>", ""),
    ("-->", "<!--"),
    ("```\n", "\n```"),
    ("\u{202E}", "\u{202C}"),
];

/// Text that attacks the reader or the layout rather than the parser.
fn reader_attacks() -> Vec<String> {
    let mut out: Vec<String> = [
        "invoice\u{202E}gpj.exe",
        "\u{2067}admin\u{2069} approved",
        "\u{202A}\u{202B}\u{202D}\u{202E}\u{2066}\u{2068} unclosed bidi",
        "pay\u{200B}pal\u{200C}.com\u{200D}\u{2060}\u{FEFF}",
        "\u{200B}",
        "\u{FEFF}\u{FEFF}\u{FEFF}",
        "Z\u{0335}\u{0336}\u{0337}\u{0338}a\u{0300}\u{0301}\u{0302}\u{0303}\u{0304}l\u{0305}go",
        "line one\r\nline two\rline three\u{2028}line four\u{2029}",
        "nul \u{0} in the middle",
        "\u{1}\u{7}\u{1b}[31mred\u{1b}[0m",
        "../../../../etc/passwd",
        "%3Cscript%3E__pwned(-1)%3C%2Fscript%3E",
        "&lt;script&gt;__pwned(-1)&lt;/script&gt;",
        "&#x3C;img src=x onerror=__pwned(-1)&#x3E;",
        "<",
        "<<<<<<<<",
        "</div></main></body></html>",
        "<div><span><p>unclosed",
        "<table><tr><td>broken",
        "]]><![CDATA[",
        "\u{1F4A9}\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
        "\u{FFFD}\u{FFFF}\u{FFFE}",
        "",
        " ",
        "\t\t\t",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    out.push("x".repeat(100_000));
    out.push(format!("https://example.com/{}", "a".repeat(20_000)));
    out.push("word ".repeat(20_000));
    out.push("\u{202E}".repeat(1_000));
    out.push("\u{200B}".repeat(5_000));
    out.push(format!("{}__pwned(-2)", "<b>".repeat(5_000)));
    out
}

/// The whole corpus: every shape in every context, then the reader attacks; all distinct.
pub fn corpus() -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in CONTEXTS {
        for shape in SHAPES {
            let n = out.len();
            out.push(format!(
                "{open}{}{close}",
                shape.replace("{n}", &n.to_string())
            ));
        }
    }
    out.extend(reader_attacks());
    out
}

/// A sample for fields that show one string each: every shape once (in turns of context), and
/// the reader attacks that fit a single field (the huge ones go to the lists).
pub fn sample() -> Vec<String> {
    let all = corpus();
    let shapes = SHAPES.len();
    let mut out: Vec<String> = (0..shapes)
        .map(|i| all[(i % CONTEXTS.len()) * shapes + i].clone())
        .collect();
    out.extend(
        reader_attacks()
            .into_iter()
            .filter(|s| s.len() < 1_000 && !s.trim().is_empty()),
    );
    out
}

/// The `i`-th sample string, cycling (a field that takes one string).
pub fn pick(i: usize) -> String {
    let s = sample();
    s[i % s.len()].clone()
}

/// URL payloads for fields that hold a link (PR, deploy, avatar, repository, webhook).
pub fn urls() -> Vec<String> {
    [
        "javascript:__pwned(900)",
        " javascript:__pwned(901)",
        "JAVASCRIPT:__pwned(902)",
        "java\nscript:__pwned(903)",
        "data:text/html,<script>__pwned(904)</script>",
        "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9X19wd25lZCg5MDUpPg==",
        "vbscript:__pwned(906)",
        "//evil.example/907",
        "/\\evil.example/908",
        "https://evil.example/\"><img src=x onerror=__pwned(909)>",
        "\"><script>__pwned(910)</script>",
        "file:///etc/passwd",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A unified diff whose file names and lines are hostile; `extra` lines go into its hunk.
pub fn diff(files: &[String], lines: &[String]) -> String {
    let mut d = String::new();
    for (i, f) in files.iter().enumerate() {
        let f: String = f.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        d.push_str(&format!(
            "diff --git a/{f} b/{f}\nindex 000000{i}..111111{i} 100644\n--- a/{f}\n+++ b/{f}\n"
        ));
        let body: Vec<String> = if i == 0 {
            lines.to_vec()
        } else {
            vec![pick(i)]
        };
        let parts: Vec<&str> = body.iter().flat_map(|l| l.split(['\n', '\r'])).collect();
        d.push_str(&format!("@@ -1,1 +1,{} @@\n-old\n", parts.len()));
        for part in parts {
            d.push('+');
            d.push_str(part);
            d.push('\n');
        }
    }
    d
}

/// Installed before any page script runs: records every payload that fires and every dialog,
/// and lets nothing open a window.
pub const TRAPS: &str = r#"
(() => {
  const hits = [];
  Object.defineProperty(window, '__hostileHits', { value: hits });
  window.__pwned = (n) => { hits.push('script ' + n); };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (m) => { hits.push(name + ' ' + m); return null; };
  }
  window.open = (u) => { hits.push('window.open ' + u); return null; };
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_corpus_holds_at_least_200_distinct_strings() {
        let all = corpus();
        let distinct: HashSet<&String> = all.iter().collect();
        assert_eq!(distinct.len(), all.len(), "duplicates in the corpus");
        assert!(all.len() >= 200, "only {} strings", all.len());
        assert!(all.iter().any(|s| s.len() >= 100_000), "a huge string");
        assert!(sample().len() >= SHAPES.len());
    }

    #[test]
    fn a_diff_keeps_one_file_per_name_and_every_line() {
        let files = vec!["a <b>.txt".to_string(), "c\u{202E}d".to_string()];
        let d = diff(&files, &["x".into(), "y\nz".into()]);
        assert_eq!(d.matches("diff --git").count(), 2);
        assert!(d.contains("+y\n+z\n"));
    }
}
