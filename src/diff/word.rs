//! Intra-line (word) highlighting: which byte ranges of a removed line and of the added line
//! that replaces it actually changed.

use std::ops::Range;

/// Above this many tokens per side, only the common prefix and suffix are used.
const MAX_TOKENS: usize = 300;
/// Lines longer than this are not word-diffed at all.
const MAX_LINE: usize = 4000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordDiff {
    /// Changed byte ranges of the old line.
    pub old: Vec<Range<usize>>,
    /// Changed byte ranges of the new line.
    pub new: Vec<Range<usize>>,
}

/// Split into words (alphanumeric and `_`), runs of whitespace, and single other characters.
fn tokens(s: &str) -> Vec<Range<usize>> {
    #[derive(PartialEq, Clone, Copy)]
    enum C {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() || c == '_' {
            C::Word
        } else if c.is_whitespace() {
            C::Space
        } else {
            C::Other
        }
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut prev: Option<C> = None;
    for (i, c) in s.char_indices() {
        let k = class(c);
        match (prev, out.last_mut()) {
            (Some(p), Some(last)) if p == k && k != C::Other => last.end = i + c.len_utf8(),
            _ => out.push(i..i + c.len_utf8()),
        }
        prev = Some(k);
    }
    out
}

fn merge(mut v: Vec<Range<usize>>) -> Vec<Range<usize>> {
    v.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(v.len());
    for r in v {
        if r.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Word diff of two lines. Returns empty ranges when the lines are too different (highlighting
/// everything is noise) or too long.
pub fn word_diff(old: &str, new: &str) -> WordDiff {
    if old == new || old.len() > MAX_LINE || new.len() > MAX_LINE {
        return WordDiff::default();
    }
    let a = tokens(old);
    let b = tokens(new);
    // Common prefix / suffix of tokens.
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && old[a[pre].clone()] == new[b[pre].clone()] {
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre
        && suf < b.len() - pre
        && old[a[a.len() - 1 - suf].clone()] == new[b[b.len() - 1 - suf].clone()]
    {
        suf += 1;
    }
    let am = &a[pre..a.len() - suf];
    let bm = &b[pre..b.len() - suf];
    let (mut old_r, mut new_r) = (Vec::new(), Vec::new());
    if am.len() <= MAX_TOKENS && bm.len() <= MAX_TOKENS && !am.is_empty() && !bm.is_empty() {
        // LCS by dynamic programming on the middle part.
        let (n, m) = (am.len(), bm.len());
        let mut dp = vec![0u16; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                dp[i * (m + 1) + j] = if old[am[i].clone()] == new[bm[j].clone()] {
                    dp[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    dp[(i + 1) * (m + 1) + j].max(dp[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if old[am[i].clone()] == new[bm[j].clone()] {
                i += 1;
                j += 1;
            } else if dp[(i + 1) * (m + 1) + j] >= dp[i * (m + 1) + j + 1] {
                old_r.push(am[i].clone());
                i += 1;
            } else {
                new_r.push(bm[j].clone());
                j += 1;
            }
        }
        old_r.extend(am[i..].iter().cloned());
        new_r.extend(bm[j..].iter().cloned());
    } else {
        if let (Some(f), Some(l)) = (am.first(), am.last()) {
            old_r.push(f.start..l.end);
        }
        if let (Some(f), Some(l)) = (bm.first(), bm.last()) {
            new_r.push(f.start..l.end);
        }
    }
    let old_r = merge(old_r);
    let new_r = merge(new_r);
    let changed: usize =
        old_r.iter().map(|r| r.len()).sum::<usize>() + new_r.iter().map(|r| r.len()).sum::<usize>();
    let total = old.trim().len() + new.trim().len();
    if total == 0 || changed * 10 > total * 7 {
        return WordDiff::default();
    }
    WordDiff {
        old: old_r,
        new: new_r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_changed() {
        let w = word_diff("let x = foo(1);", "let x = bar(1);");
        assert_eq!(w.old, vec![8..11]);
        assert_eq!(w.new, vec![8..11]);
    }

    #[test]
    fn insertion_only() {
        let w = word_diff("call(a, b)", "call(a, x, b)");
        assert!(w.old.is_empty());
        assert_eq!(&"call(a, x, b)"[w.new[0].clone()].trim(), &"x,");
    }

    #[test]
    fn totally_different_is_not_highlighted() {
        let w = word_diff("alpha beta", "gamma delta");
        assert!(w.old.is_empty() && w.new.is_empty());
    }

    #[test]
    fn unicode_is_safe() {
        let w = word_diff("héllo wörld ünïcode", "héllo wörld unicode");
        for r in w.old.iter() {
            assert!("héllo wörld ünïcode".get(r.clone()).is_some());
        }
        let long_a = "a ".repeat(1000);
        let long_b = format!("{long_a}b");
        let _ = word_diff(&long_a, &long_b);
    }
}

/// Flag of a [`segments`] run: changed words.
pub const SEG_WORD: u8 = 1;
/// Flag of a [`segments`] run: a search match.
pub const SEG_MATCH: u8 = 2;
/// Flag of a [`segments`] run: the current search match.
pub const SEG_CURRENT: u8 = 4;

/// Cut `0..len` into runs carrying the OR of the flags of the marks covering them (marks may
/// overlap and may reach past `len`; they are clipped).
pub fn segments(len: usize, marks: &[(Range<usize>, u8)]) -> Vec<(Range<usize>, u8)> {
    let mut cuts: Vec<usize> = vec![0, len];
    for (r, _) in marks {
        cuts.push(r.start.min(len));
        cuts.push(r.end.min(len));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(Range<usize>, u8)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b {
            continue;
        }
        let flags = marks
            .iter()
            .filter(|(r, _)| r.start <= a && r.end >= b)
            .fold(0u8, |f, (_, m)| f | m);
        match out.last_mut() {
            Some((r, f)) if *f == flags && r.end == a => r.end = b,
            _ => out.push((a..b, flags)),
        }
    }
    out
}

#[cfg(test)]
mod seg_tests {
    use super::*;

    #[test]
    fn segments_overlap() {
        let s = segments(
            10,
            &[(2..5, SEG_WORD), (4..7, SEG_MATCH), (8..20, SEG_WORD)],
        );
        assert_eq!(
            s,
            vec![
                (0..2, 0),
                (2..4, SEG_WORD),
                (4..5, SEG_WORD | SEG_MATCH),
                (5..7, SEG_MATCH),
                (7..8, 0),
                (8..10, SEG_WORD)
            ]
        );
        assert_eq!(segments(0, &[(0..3, 1)]), vec![]);
        assert_eq!(segments(3, &[]), vec![(0..3, 0)]);
    }
}
