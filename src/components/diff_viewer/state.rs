//! The diff viewer's shared view state: the parsed diff and its layout, the per-file flags
//! (viewed, collapsed), the search hits, the scrolling viewport, and the per-file actions the
//! rows, the file list, the toolbar and the search call.
//!
//! Every other piece of the viewer depends on this module; it depends only on `storage`.

use super::storage;
use crate::diff::{layout::Layout, Diff, Match, ViewMode};
use leptos::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Viewport heights above this are treated as this (bounds the rendered rows).
pub(super) const MAX_VIEW_H: f64 = 3000.0;

static GEN: AtomicU64 = AtomicU64::new(1);

pub(super) fn next_gen() -> u64 {
    GEN.fetch_add(1, Ordering::Relaxed)
}

/// A parsed diff with a generation number (cheap equality for memos).
#[derive(Clone)]
pub(super) struct DiffRef {
    pub(super) gen: u64,
    pub(super) diff: Arc<Diff>,
}

impl PartialEq for DiffRef {
    fn eq(&self, o: &Self) -> bool {
        self.gen == o.gen
    }
}

#[derive(Clone)]
pub(super) struct LayoutRef {
    pub(super) gen: u64,
    pub(super) layout: Arc<Layout>,
}

impl PartialEq for LayoutRef {
    fn eq(&self, o: &Self) -> bool {
        self.gen == o.gen
    }
}

/// Per-file flags for one diff generation.
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct FileFlags {
    pub(super) gen: u64,
    pub(super) viewed: Vec<bool>,
    pub(super) collapsed: Vec<bool>,
}

/// The search matches over the whole diff, with a generation number.
#[derive(Clone)]
pub(super) struct Hits {
    pub(super) gen: u64,
    pub(super) matches: Arc<Vec<Match>>,
}

impl PartialEq for Hits {
    fn eq(&self, o: &Self) -> bool {
        self.gen == o.gen
    }
}

/// The flags a diff starts with: "viewed" as remembered under `key` (for files whose patch did
/// not change), and collapsed when viewed or generated.
pub(super) fn default_flags(d: &DiffRef, key: Option<&str>) -> FileFlags {
    let stored = key.map(storage::load_viewed).unwrap_or_default();
    let viewed: Vec<bool> = d
        .diff
        .files
        .iter()
        .map(|f| stored.get(f.path()).is_some_and(|h| *h == f.hash_hex()))
        .collect();
    let collapsed = d
        .diff
        .files
        .iter()
        .zip(&viewed)
        .map(|(f, v)| *v || f.generated)
        .collect();
    FileFlags {
        gen: d.gen,
        viewed,
        collapsed,
    }
}

/// The file that diff line `line` belongs to.
pub(super) fn file_of_line(d: &Diff, line: usize) -> Option<usize> {
    let h = d
        .hunks
        .partition_point(|h| h.lines.start <= line)
        .checked_sub(1)?;
    let upto = d.files.partition_point(|f| f.hunks.start <= h);
    (0..upto).rev().find(|&i| d.files[i].hunks.contains(&h))
}

/// The file being reviewed: the one last jumped to (`n` / `p`, the file list) while the view
/// has not scrolled away from where that jump left it (`cursor`: file, scroll top), else the
/// file at the top of the viewport. `None` without files.
pub(super) fn current_file(l: &Layout, top: f64, cursor: Option<(usize, f64)>) -> Option<usize> {
    if l.file_rows.is_empty() {
        return None;
    }
    match cursor {
        Some((f, at)) if (top - at).abs() < 1.0 && f < l.file_rows.len() => Some(f),
        _ => Some(l.file_of_row(l.row_at(top))),
    }
}

/// The scrolling area of the diff rows: its element, scroll position and (capped) height.
#[derive(Clone, Copy)]
pub(super) struct Viewport {
    pub(super) el: NodeRef<leptos::html::Div>,
    pub(super) top: RwSignal<f64>,
    pub(super) height: RwSignal<f64>,
}

impl Viewport {
    pub(super) fn new() -> Self {
        Self {
            el: NodeRef::new(),
            top: RwSignal::new(0.0),
            height: RwSignal::new(800.0),
        }
    }

    /// Reads the element's height and scroll position into the signals (when they changed).
    pub(super) fn measure(&self) {
        if let Some(el) = self.el.get_untracked() {
            // Capped: without its stylesheet the box would not scroll and would report the
            // height of the whole diff.
            let h = f64::from(el.client_height()).min(MAX_VIEW_H);
            if h > 0.0 && (h - self.height.get_untracked()).abs() > 0.5 {
                self.height.set(h);
            }
            let t = f64::from(el.scroll_top());
            if (t - self.top.get_untracked()).abs() > 0.5 {
                self.top.set(t);
            }
        }
    }

    pub(super) fn scroll_to(&self, y: f64) {
        if let Some(el) = self.el.get_untracked() {
            el.set_scroll_top(y.max(0.0) as i32);
        }
        self.top.set(y.max(0.0));
    }
}

/// Everything the pieces of the viewer share; all fields are `Copy` handles.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub(super) parsed: Memo<DiffRef>,
    pub(super) layout: Memo<LayoutRef>,
    pub(super) flags: Memo<FileFlags>,
    pub(super) overrides: RwSignal<Option<FileFlags>>,
    pub(super) mode: RwSignal<ViewMode>,
    pub(super) hits: Memo<Hits>,
    /// The selected search match (index into `hits`).
    pub(super) current: RwSignal<Option<usize>>,
    pub(super) storage_key: StoredValue<Option<String>>,
    /// The toolbar's status message (copy / download results).
    pub(super) status: RwSignal<String>,
    pub(super) viewport: Viewport,
    /// The last file jumped to and the scroll top the jump left (see [`current_file`]).
    pub(super) file_cursor: RwSignal<Option<(usize, f64)>>,
    /// [`current_file`], kept up to date.
    pub(super) current_file: Memo<Option<usize>>,
}

impl Ctx {
    pub(super) fn update_flags(&self, f: impl FnOnce(&mut FileFlags)) {
        let mut cur = self.flags.get_untracked();
        f(&mut cur);
        self.overrides.set(Some(cur));
    }

    pub(super) fn set_all_collapsed(&self, c: bool) {
        self.update_flags(|fl| fl.collapsed.iter_mut().for_each(|x| *x = c));
    }

    pub(super) fn toggle_collapsed(&self, file: usize) {
        self.update_flags(|fl| {
            if let Some(c) = fl.collapsed.get_mut(file) {
                *c = !*c;
            }
        });
    }

    pub(super) fn toggle_viewed(&self, file: usize) {
        let d = self.parsed.get_untracked().diff;
        let mut now_viewed = false;
        self.update_flags(|fl| {
            if let Some(v) = fl.viewed.get_mut(file) {
                *v = !*v;
                now_viewed = *v;
                // Viewing collapses; un-viewing expands.
                if let Some(c) = fl.collapsed.get_mut(file) {
                    *c = now_viewed;
                }
            }
        });
        if let (Some(key), Some(f)) = (self.storage_key.get_value(), d.files.get(file)) {
            let mut map = storage::load_viewed(&key);
            // Forget entries of files that are not in this diff any more or changed.
            map.retain(|p, h| {
                d.files
                    .iter()
                    .any(|f| f.path() == p.as_str() && f.hash_hex() == *h)
            });
            if now_viewed {
                map.insert(f.path().to_string(), f.hash_hex());
            } else {
                map.remove(f.path());
            }
            storage::save_viewed(&key, &map);
        }
    }

    /// Scrolls the header of file `f` to the top of the viewport (as far as the scroll goes),
    /// making it the current file.
    pub(super) fn jump_to_file(&self, f: usize) {
        let l = self.layout.get_untracked().layout;
        if let Some(&row) = l.file_rows.get(f) {
            if let Some(&y) = l.tops.get(row as usize) {
                self.viewport.scroll_to(f64::from(y));
                // Where the scroll really went (near the end it stops short).
                self.viewport.measure();
                self.file_cursor
                    .set(Some((f, self.viewport.top.get_untracked())));
            }
        }
    }

    fn file_name(&self, f: usize) -> String {
        self.parsed
            .with_untracked(|d| d.diff.files.get(f).map(|x| x.display_path()))
            .unwrap_or_default()
    }

    /// `n` / `p`: the next or previous file; says which in the status line.
    pub(super) fn step_file(&self, forward: bool) {
        let n = self.parsed.with_untracked(|d| d.diff.files.len());
        if n == 0 {
            return;
        }
        let to = match self.current_file.get_untracked() {
            None => 0,
            Some(c) if forward => (c + 1).min(n - 1),
            Some(c) => c.saturating_sub(1),
        };
        self.jump_to_file(to);
        self.status
            .set(format!("File {} of {n}: {}", to + 1, self.file_name(to)));
    }

    /// `v`: marks the current file viewed, or not viewed again; says which in the status line.
    pub(super) fn toggle_current_viewed(&self) {
        let Some(f) = self.current_file.get_untracked() else {
            return;
        };
        self.toggle_viewed(f);
        let viewed = self
            .flags
            .with_untracked(|fl| fl.viewed.get(f).copied().unwrap_or(false));
        let what = if viewed { "viewed" } else { "not viewed" };
        self.status
            .set(format!("{} marked {what}", self.file_name(f)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff;

    #[test]
    fn the_current_file_is_the_last_jumped_to_until_the_view_moves() {
        let d = diff::parse("diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-x\n+y\ndiff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -1 +1 @@\n-x\n+y\n");
        let l = Layout::build(&d, ViewMode::Unified, &[false, false]);
        let b_top = f64::from(l.tops[l.file_rows[1] as usize]);
        assert_eq!(current_file(&l, 0.0, None), Some(0));
        assert_eq!(current_file(&l, b_top, None), Some(1));
        // Near the end the scroll stops short of file b's header: the jump still says b.
        assert_eq!(current_file(&l, 5.0, Some((1, 5.0))), Some(1));
        assert_eq!(current_file(&l, 0.0, Some((1, 5.0))), Some(0));
        let empty = Layout::build(&diff::parse(""), ViewMode::Unified, &[]);
        assert_eq!(current_file(&empty, 0.0, Some((0, 0.0))), None);
    }

    #[test]
    fn file_of_line_skips_files_without_hunks() {
        let d = diff::parse("diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-x\n+y\ndiff --git a/e b/e\nnew file mode 100644\nindex 0000000..e69de29\ndiff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -1 +1 @@\n-x\n+y\n");
        assert_eq!(file_of_line(&d, 0), Some(0));
        assert_eq!(file_of_line(&d, 2), Some(2));
        assert_eq!(file_of_line(&d, 3), Some(2));
    }
}
