//! In-diff search over the whole patch (not only the rendered rows, which is all that the
//! browser's own find can see in a windowed view).

use super::model::Diff;

/// One match, as absolute byte offsets into [`Diff::text`], inside line `line`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub line: u32,
    pub start: u32,
    pub end: u32,
}

/// An ASCII-lowercased copy of the text (same byte offsets as the original), built once per diff.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    lower: String,
}

impl SearchIndex {
    pub fn new(diff: &Diff) -> Self {
        SearchIndex {
            lower: diff.text.to_ascii_lowercase(),
        }
    }

    /// Every match of `query` in the content of diff lines, in order, at most `limit`.
    /// Smart case: a query with an upper-case letter is case-sensitive.
    pub fn find(&self, diff: &Diff, query: &str, limit: usize) -> Vec<Match> {
        let mut out = Vec::new();
        if query.is_empty() || query.contains('\n') || diff.lines.is_empty() {
            return out;
        }
        let case_sensitive = query.chars().any(|c| c.is_uppercase());
        let (hay, needle) = if case_sensitive {
            (diff.text.as_str(), query.to_string())
        } else {
            (self.lower.as_str(), query.to_ascii_lowercase())
        };
        if hay.len() != diff.text.len() {
            return out;
        }
        let mut from = 0usize;
        while let Some(i) = hay.get(from..).and_then(|h| h.find(needle.as_str())) {
            let pos = from + i;
            let end = pos + needle.len();
            // Which line holds `pos`?
            let idx = diff.lines.partition_point(|l| (l.start as usize) <= pos);
            if idx > 0 {
                let l = &diff.lines[idx - 1];
                if end <= l.end as usize {
                    out.push(Match {
                        line: (idx - 1) as u32,
                        start: pos as u32,
                        end: end as u32,
                    });
                    if out.len() >= limit {
                        break;
                    }
                }
            }
            // Continue after this match (next char boundary).
            let mut next = pos + needle.len().max(1);
            while next < hay.len() && !hay.is_char_boundary(next) {
                next += 1;
            }
            from = next;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_in_lines_only() {
        let d = crate::diff::parse(
            "diff --git a/foo b/foo\n--- a/foo\n+++ b/foo\n@@ -1,2 +1,2 @@ foo\n-Foo bar\n+foo baz\n ctx foo\n",
        );
        let idx = SearchIndex::new(&d);
        let m = idx.find(&d, "foo", 100);
        assert_eq!(m.len(), 3, "{m:?}");
        assert_eq!(m[0].line, 0);
        assert_eq!(m[2].line, 2);
        assert_eq!(&d.text[m[1].start as usize..m[1].end as usize], "foo");
        let m = idx.find(&d, "Foo", 100);
        assert_eq!(m.len(), 1);
        assert_eq!(idx.find(&d, "foo", 2).len(), 2);
        assert!(idx.find(&d, "", 10).is_empty());
        assert!(idx.find(&d, "é", 10).is_empty());
    }
}
