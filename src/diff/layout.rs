//! Rows of the windowed viewer: the diff flattened into fixed-height rows (per view mode and
//! collapse state), with their pixel offsets, so that the rows near the viewport can be found by
//! binary search and only those are put in the DOM.

use super::model::{Diff, FileDiff, LineKind};
use std::ops::Range;

/// Height of a file header row, in CSS pixels.
pub const FILE_ROW_H: u32 = 40;
/// Height of every other row, in CSS pixels.
pub const ROW_H: u32 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ViewMode {
    #[default]
    Unified,
    Split,
}

impl ViewMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ViewMode::Unified => "unified",
            ViewMode::Split => "split",
        }
    }

    pub fn from_str_lossy(s: &str) -> Self {
        if s == "split" {
            ViewMode::Split
        } else {
            ViewMode::Unified
        }
    }
}

/// What a row shows. Indexes refer to `Diff::files`, `Diff::hunks`, `Diff::lines`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    File(u32),
    Hunk(u32),
    /// Unified view line.
    Line(u32),
    /// Split view: left (old) and right (new) lines, `NONE` for an empty side. Context lines
    /// appear on both sides.
    Split(u32, u32),
    /// A remark about a file: binary, no content change, parse problem (index into
    /// [`file_notes`]).
    Note(u32, u32),
}

pub const NONE: u32 = u32::MAX;

/// Remarks shown as rows under a file's header (when expanded).
pub fn file_notes(f: &FileDiff) -> Vec<String> {
    let mut out = Vec::new();
    if f.binary {
        out.push("Binary file changed (contents not shown).".to_string());
    } else if f.hunks.is_empty() {
        let what = match f.status {
            super::model::FileStatus::Renamed => "File renamed without changes.",
            super::model::FileStatus::Copied => "File copied without changes.",
            super::model::FileStatus::Added => "Empty file added.",
            super::model::FileStatus::Deleted => "Empty file deleted.",
            super::model::FileStatus::Modified if f.mode_changed() => "Only the file mode changed.",
            super::model::FileStatus::Modified => "No content changes.",
        };
        out.push(what.to_string());
    }
    for n in &f.notes {
        out.push(format!("⚠ {n}"));
    }
    out
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub rows: Vec<Row>,
    /// `tops[i]` is the y offset of row i; `tops[rows.len()]` is the total height.
    pub tops: Vec<u32>,
    /// Row index of each file's header.
    pub file_rows: Vec<u32>,
    /// Row index showing each line (`NONE` when its file is collapsed).
    pub line_rows: Vec<u32>,
    /// Widest content line, in bytes (an upper bound for characters), for horizontal scrolling.
    pub max_line_len: u32,
}

impl Layout {
    pub fn build(diff: &Diff, mode: ViewMode, collapsed: &[bool]) -> Layout {
        let mut rows = Vec::with_capacity(diff.lines.len() + diff.hunks.len() + diff.files.len());
        let mut file_rows = Vec::with_capacity(diff.files.len());
        let mut line_rows = vec![NONE; diff.lines.len()];
        let mut max_line_len = 0;
        for (fi, f) in diff.files.iter().enumerate() {
            file_rows.push(rows.len() as u32);
            rows.push(Row::File(fi as u32));
            if collapsed.get(fi).copied().unwrap_or(false) {
                continue;
            }
            max_line_len = max_line_len.max(f.max_line_len);
            for n in 0..file_notes(f).len() {
                rows.push(Row::Note(fi as u32, n as u32));
            }
            for hi in f.hunks.clone() {
                let Some(h) = diff.hunks.get(hi) else {
                    continue;
                };
                rows.push(Row::Hunk(hi as u32));
                match mode {
                    ViewMode::Unified => {
                        for li in h.lines.clone() {
                            line_rows[li] = rows.len() as u32;
                            rows.push(Row::Line(li as u32));
                        }
                    }
                    ViewMode::Split => split_rows(diff, h.lines.clone(), &mut rows, &mut line_rows),
                }
            }
        }
        let mut tops = Vec::with_capacity(rows.len() + 1);
        let mut y: u32 = 0;
        for r in &rows {
            tops.push(y);
            y = y.saturating_add(row_height(r));
        }
        tops.push(y);
        Layout {
            rows,
            tops,
            file_rows,
            line_rows,
            max_line_len,
        }
    }

    pub fn total_height(&self) -> u32 {
        self.tops.last().copied().unwrap_or(0)
    }

    /// Index of the row at y (clamped).
    pub fn row_at(&self, y: f64) -> usize {
        if self.rows.is_empty() {
            return 0;
        }
        let y = if y.is_finite() && y > 0.0 {
            y as u32
        } else {
            0
        };
        let i = self.tops.partition_point(|t| *t <= y);
        i.saturating_sub(1).min(self.rows.len() - 1)
    }

    /// Rows overlapping `[top, top + height)`, widened by `overscan` rows each side.
    pub fn visible(&self, top: f64, height: f64, overscan: usize) -> Range<usize> {
        if self.rows.is_empty() {
            return 0..0;
        }
        let first = self.row_at(top);
        let last = self.row_at(top + height.max(0.0));
        first.saturating_sub(overscan)..(last + 1 + overscan).min(self.rows.len())
    }

    /// The file whose section contains row i.
    pub fn file_of_row(&self, i: usize) -> usize {
        self.file_rows
            .partition_point(|r| (*r as usize) <= i)
            .saturating_sub(1)
    }
}

pub fn row_height(r: &Row) -> u32 {
    match r {
        Row::File(_) => FILE_ROW_H,
        _ => ROW_H,
    }
}

fn split_rows(diff: &Diff, range: Range<usize>, rows: &mut Vec<Row>, line_rows: &mut [u32]) {
    let mut i = range.start;
    while i < range.end {
        match diff.lines[i].kind {
            LineKind::Context => {
                line_rows[i] = rows.len() as u32;
                rows.push(Row::Split(i as u32, i as u32));
                i += 1;
            }
            LineKind::Removed | LineKind::Added => {
                let del_start = i;
                while i < range.end && diff.lines[i].kind == LineKind::Removed {
                    i += 1;
                }
                let add_start = i;
                while i < range.end && diff.lines[i].kind == LineKind::Added {
                    i += 1;
                }
                let dels = add_start - del_start;
                let adds = i - add_start;
                for k in 0..dels.max(adds) {
                    let l = if k < dels {
                        (del_start + k) as u32
                    } else {
                        NONE
                    };
                    let r = if k < adds {
                        (add_start + k) as u32
                    } else {
                        NONE
                    };
                    if l != NONE {
                        line_rows[l as usize] = rows.len() as u32;
                    }
                    if r != NONE {
                        line_rows[r as usize] = rows.len() as u32;
                    }
                    rows.push(Row::Split(l, r));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1,4 +1,4 @@\n x\n-a\n-b\n+c\n y\n+z\ndiff --git a/bin b/bin\nBinary files a/bin and b/bin differ\n";

    #[test]
    fn unified_and_split() {
        let d = crate::diff::parse(P);
        let u = Layout::build(&d, ViewMode::Unified, &[false, false]);
        // file, hunk, 6 lines, file, note
        assert_eq!(u.rows.len(), 10);
        assert_eq!(u.rows[9], Row::Note(1, 0));
        let s = Layout::build(&d, ViewMode::Split, &[false, false]);
        // file, hunk, x, (a,c), (b,-), y, (-,z), file, note
        assert_eq!(s.rows.len(), 9);
        assert_eq!(s.rows[3], Row::Split(1, 3));
        assert_eq!(s.rows[4], Row::Split(2, NONE));
        assert_eq!(s.line_rows[3], 3);
        let c = Layout::build(&d, ViewMode::Unified, &[true, false]);
        assert_eq!(c.rows.len(), 3);
        assert_eq!(c.line_rows[0], NONE);
        assert_eq!(c.total_height(), FILE_ROW_H * 2 + ROW_H);
    }

    #[test]
    fn windowing() {
        let d = crate::diff::parse(P);
        let u = Layout::build(&d, ViewMode::Unified, &[false, false]);
        assert_eq!(u.row_at(0.0), 0);
        assert_eq!(u.row_at(f64::from(FILE_ROW_H)), 1);
        assert_eq!(u.row_at(1e12), u.rows.len() - 1);
        assert_eq!(u.row_at(f64::NAN), 0);
        let v = u.visible(f64::from(FILE_ROW_H + ROW_H), 40.0, 1);
        assert_eq!(v, 1..6);
        assert_eq!(u.file_of_row(8), 1);
        assert_eq!(u.file_of_row(3), 0);
        let empty = Layout::build(&crate::diff::parse(""), ViewMode::Split, &[]);
        assert_eq!(empty.visible(0.0, 100.0, 5), 0..0);
    }
}
