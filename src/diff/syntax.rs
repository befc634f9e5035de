//! Light syntax colouring, one line at a time: strings, comments, numbers and keywords of common
//! languages chosen by file extension. No grammar, no state across lines (a line inside a block
//! comment or multi-line string is coloured as code); a few hundred bytes of tables instead of a
//! multi-hundred-kilobyte highlighter.

use std::ops::Range;

/// Flag of a coloured run (compatible with the `SEG_*` flags of [`super::word::segments`]).
pub const SEG_KEYWORD: u8 = 8;
pub const SEG_STRING: u8 = 16;
pub const SEG_COMMENT: u8 = 32;
pub const SEG_NUMBER: u8 = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Rust,
    JsTs,
    Python,
    Go,
    CLike,
    Shell,
    Css,
    /// Data and prose: only strings and numbers for JSON/YAML/TOML, nothing else.
    Data,
    None,
}

impl Lang {
    pub fn from_path(path: &str) -> Lang {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "rs" => Lang::Rust,
            "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" => Lang::JsTs,
            "py" | "pyi" => Lang::Python,
            "go" => Lang::Go,
            "c" | "h" | "cc" | "cpp" | "hpp" | "java" | "kt" | "cs" | "swift" | "scala" => {
                Lang::CLike
            }
            "sh" | "bash" | "zsh" => Lang::Shell,
            "css" | "scss" | "less" => Lang::Css,
            "json" | "toml" | "yaml" | "yml" => Lang::Data,
            _ => Lang::None,
        }
    }

    fn keywords(self) -> &'static [&'static str] {
        match self {
            Lang::Rust => &[
                "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else",
                "enum", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod",
                "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
                "trait", "true", "type", "unsafe", "use", "where", "while",
            ],
            Lang::JsTs => &[
                "async",
                "await",
                "break",
                "case",
                "catch",
                "class",
                "const",
                "continue",
                "default",
                "delete",
                "else",
                "export",
                "extends",
                "false",
                "finally",
                "for",
                "from",
                "function",
                "if",
                "import",
                "in",
                "instanceof",
                "interface",
                "let",
                "new",
                "null",
                "return",
                "switch",
                "this",
                "throw",
                "true",
                "try",
                "type",
                "typeof",
                "undefined",
                "var",
                "void",
                "while",
                "yield",
            ],
            Lang::Python => &[
                "and", "as", "async", "await", "break", "class", "continue", "def", "del", "elif",
                "else", "except", "False", "finally", "for", "from", "if", "import", "in", "is",
                "lambda", "None", "not", "or", "pass", "raise", "return", "True", "try", "while",
                "with", "yield",
            ],
            Lang::Go => &[
                "break",
                "case",
                "chan",
                "const",
                "continue",
                "default",
                "defer",
                "else",
                "false",
                "for",
                "func",
                "go",
                "if",
                "import",
                "interface",
                "map",
                "nil",
                "package",
                "range",
                "return",
                "select",
                "struct",
                "switch",
                "true",
                "type",
                "var",
            ],
            Lang::CLike => &[
                "break",
                "case",
                "class",
                "const",
                "continue",
                "default",
                "else",
                "enum",
                "false",
                "final",
                "for",
                "if",
                "import",
                "namespace",
                "new",
                "null",
                "nullptr",
                "private",
                "protected",
                "public",
                "return",
                "static",
                "struct",
                "switch",
                "this",
                "throw",
                "true",
                "try",
                "void",
                "while",
            ],
            Lang::Shell => &[
                "case", "do", "done", "elif", "else", "esac", "export", "fi", "for", "function",
                "if", "in", "local", "return", "then", "while",
            ],
            Lang::Css | Lang::Data | Lang::None => &[],
        }
    }

    fn line_comment(self) -> &'static [&'static str] {
        match self {
            Lang::Rust | Lang::JsTs | Lang::Go | Lang::CLike => &["//"],
            Lang::Python | Lang::Shell => &["#"],
            Lang::Css => &["/*"],
            Lang::Data => &["#"],
            Lang::None => &[],
        }
    }
}

/// Coloured runs of one line (byte ranges, on char boundaries).
pub fn highlight(lang: Lang, line: &str) -> Vec<(Range<usize>, u8)> {
    let mut out = Vec::new();
    if lang == Lang::None || line.len() > 2000 {
        return out;
    }
    let b = line.as_bytes();
    let kws = lang.keywords();
    let comments = lang.line_comment();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if comments.iter().any(|p| line[i..].starts_with(p)) {
            // `#` in data files only at a word start (not inside values like colours).
            if lang != Lang::Data || i == 0 || b[i - 1] == b' ' {
                out.push((i..b.len(), SEG_COMMENT));
                break;
            }
        }
        if c == b'\'' && lang == Lang::Rust {
            // A char literal ('x', '\n', '\u{1F600}') or a lifetime ('a): only the first is
            // coloured.
            let rest = &line[i + 1..];
            let len = if rest.starts_with('\\') {
                rest.find('\'').filter(|&k| k > 1 && k <= 10)
            } else {
                rest.chars()
                    .next()
                    .map(char::len_utf8)
                    .filter(|&k| rest[k..].starts_with('\''))
            };
            match len {
                Some(k) => {
                    out.push((i..i + k + 2, SEG_STRING));
                    i += k + 2;
                }
                None => i += 1,
            }
            continue;
        }
        if c == b'"' || c == b'\'' || (c == b'`' && lang == Lang::JsTs) {
            // A `'` that does not close on this line is an apostrophe, not a string.
            let mut j = i + 1;
            let mut closed = false;
            while j < b.len() {
                if b[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if b[j] == c {
                    closed = true;
                    break;
                }
                j += 1;
            }
            if closed || c != b'\'' {
                let end = (j + 1).min(b.len());
                out.push((i..end, SEG_STRING));
                i = end;
                continue;
            }
            i += 1;
            continue;
        }
        if c.is_ascii_digit() && (i == 0 || !is_word(b[i - 1])) {
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'.' || b[j] == b'_') {
                j += 1;
            }
            out.push((i..j, SEG_NUMBER));
            i = j;
            continue;
        }
        if is_word(c) && !c.is_ascii_digit() {
            let mut j = i + 1;
            while j < b.len() && is_word(b[j]) {
                j += 1;
            }
            if kws.contains(&&line[i..j]) {
                out.push((i..j, SEG_KEYWORD));
            }
            i = j;
            continue;
        }
        // Skip one whole character (may be multi-byte).
        i += line[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(line: &str, lang: Lang) -> Vec<(&str, u8)> {
        highlight(lang, line)
            .into_iter()
            .map(|(r, f)| (&line[r], f))
            .collect()
    }

    #[test]
    fn rust_line() {
        let r = runs("    let x = \"a\\\"b\"; // note 42", Lang::Rust);
        assert_eq!(
            r,
            vec![
                ("let", SEG_KEYWORD),
                ("\"a\\\"b\"", SEG_STRING),
                ("// note 42", SEG_COMMENT)
            ]
        );
        let r = runs("fn f<'a>(x: &'a str) -> u8 { 255 }", Lang::Rust);
        assert!(r.contains(&("fn", SEG_KEYWORD)));
        assert!(r.contains(&("255", SEG_NUMBER)));
        assert!(!r.iter().any(|(_, f)| *f == SEG_STRING), "{r:?}");
        let r = runs("let c = 'x'; let n = '\\n'; let e = 'é';", Lang::Rust);
        let strings: Vec<&str> = r
            .iter()
            .filter(|(_, f)| *f == SEG_STRING)
            .map(|(s, _)| *s)
            .collect();
        assert_eq!(strings, vec!["'x'", "'\\n'", "'é'"]);
    }

    #[test]
    fn langs_and_safety() {
        assert_eq!(Lang::from_path("web/App.TSX"), Lang::JsTs);
        assert_eq!(Lang::from_path("Makefile"), Lang::None);
        assert_eq!(runs("def f(): # c", Lang::Python)[0], ("def", SEG_KEYWORD));
        assert_eq!(runs("color: \"#fff\" # c", Lang::Data).len(), 2);
        for l in ["\"unterminated", "'", "\\", "é\"ü", "x = 1é2", "`tpl ${x}`"] {
            for lang in [Lang::Rust, Lang::JsTs, Lang::Python, Lang::Data] {
                for (r, _) in highlight(lang, l) {
                    assert!(l.get(r).is_some());
                }
            }
        }
    }
}
