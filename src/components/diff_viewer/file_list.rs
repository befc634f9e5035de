//! The file list beside the diff: a path filter, the files grouped under directory headings, each
//! entry with its status, name, counts and "viewed" marker; a click scrolls to the file. Windowed
//! like the rows: only the entries near the visible part are in the DOM.

use super::state::{next_gen, Ctx, MAX_VIEW_H};
use crate::diff::{Diff, FileStatus};
use leptos::prelude::*;
use std::sync::Arc;

/// Height of a file list entry, in CSS pixels: 26, or 40 on phones and touch screens (the
/// same media query as the stylesheet's touch targets), measured once per viewer.
fn list_row_h() -> u32 {
    let touch = web_sys::window()
        .and_then(|w| {
            w.match_media("(max-width: 720px), (pointer: coarse)")
                .ok()
                .flatten()
        })
        .is_some_and(|q| q.matches());
    if touch {
        40
    } else {
        26
    }
}

/// An entry of the file list: a directory heading (named after the directory of the file it
/// precedes) or a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListItem {
    Dir(u32),
    File(u32),
}

#[derive(Clone)]
struct ListRef {
    gen: u64,
    items: Arc<Vec<ListItem>>,
}

impl PartialEq for ListRef {
    fn eq(&self, o: &Self) -> bool {
        self.gen == o.gen
    }
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Files whose path contains `filter` (case-insensitive), grouped under directory headings.
fn list_items(d: &Diff, filter: &str) -> Vec<ListItem> {
    let q = filter.to_lowercase();
    let mut out = Vec::new();
    let mut prev_dir: Option<&str> = None;
    for (i, f) in d.files.iter().enumerate() {
        if !q.is_empty() && !f.display_path().to_lowercase().contains(&q) {
            continue;
        }
        let dir = dir_of(f.path());
        if prev_dir != Some(dir) {
            if !dir.is_empty() {
                out.push(ListItem::Dir(i as u32));
            }
            prev_dir = Some(dir);
        }
        out.push(ListItem::File(i as u32));
    }
    out
}

/// Entry `i` of the (filtered) file list.
fn file_item(ctx: Ctx, list: Memo<ListRef>, i: usize, row_h: u32) -> AnyView {
    let Some(item) = list.with_untracked(|l| l.items.get(i).copied()) else {
        return ().into_any();
    };
    let d = ctx.parsed.get_untracked().diff;
    let style = format!(
        "top:{}px;height:{row_h}px;line-height:{row_h}px",
        i as u32 * row_h
    );
    let fi = match item {
        ListItem::Dir(fi) => {
            let dir = d
                .files
                .get(fi as usize)
                .and_then(|f| f.path().rsplit_once('/'))
                .map(|(dir, _)| format!("{dir}/"))
                .unwrap_or_default();
            let title = dir.clone();
            return view! {
                <div class="dv-dir-item" style=style title=title>
                    {dir}
                </div>
            }
            .into_any();
        }
        ListItem::File(fi) => fi as usize,
    };
    let Some(f) = d.files.get(fi) else {
        return ().into_any();
    };
    let path = f.display_path();
    let nested = f.path().contains('/');
    let name = match f.status {
        FileStatus::Renamed | FileStatus::Copied => {
            path.rsplit('/').next().unwrap_or("").to_string()
        }
        _ => f.path().rsplit('/').next().unwrap_or("").to_string(),
    };
    let status = f.status;
    let counts = if f.binary {
        view! { <span class="dv-counts">"bin"</span> }.into_any()
    } else {
        view! {
            <span class="dv-counts">
                <span class="dv-plus">{format!("+{}", f.added)}</span>
                " "
                <span class="dv-minus">{format!("−{}", f.removed)}</span>
            </span>
        }
        .into_any()
    };
    let viewed = move || {
        ctx.flags
            .with(|fl| fl.viewed.get(fi).copied().unwrap_or(false))
    };
    let current = move || ctx.current_file.get() == Some(fi);
    view! {
        <button
            type="button"
            class="dv-file-item"
            class:dv-nested=nested
            class:dv-item-viewed=viewed
            class:dv-item-current=current
            aria-current=move || current().then_some("true")
            style=style
            title=path
            on:click=move |_| ctx.jump_to_file(fi)
        >
            <span class=format!("dv-status dv-status-{}", status.label())>{status.letter()}</span>
            <span class="dv-file-name">{name}</span>
            {counts}
        </button>
    }
    .into_any()
}

/// The file list with its filter.
#[component]
pub(super) fn FileList(ctx: Ctx) -> impl IntoView {
    let parsed = ctx.parsed;
    let filter = RwSignal::new(String::new());
    let list = Memo::new(move |_| {
        let d = parsed.get();
        let items = filter.with(|q| list_items(&d.diff, q));
        ListRef {
            gen: next_gen(),
            items: Arc::new(items),
        }
    });
    let row_h = list_row_h();
    let list_ref = NodeRef::<leptos::html::Div>::new();
    let list_top = RwSignal::new(0.0f64);
    let list_h = RwSignal::new(600.0f64);
    let list_window = Memo::new(move |_| {
        let l = list.get();
        let n = l.items.len();
        let first = (list_top.get() / f64::from(row_h)).max(0.0) as usize;
        let count = (list_h.get() / f64::from(row_h)).ceil() as usize + 1;
        let s = first.saturating_sub(8).min(n);
        let e = (first + count + 8).min(n);
        (l.gen, s, e)
    });

    view! {
        <aside class="dv-files" aria-label="Changed files">
            <input
                type="search"
                class="dv-filter"
                placeholder="Filter files"
                aria-label="Filter files by path"
                on:input=move |ev| {
                    filter.set(event_target_value(&ev));
                    list_top.set(0.0);
                    if let Some(el) = list_ref.get_untracked() {
                        el.set_scroll_top(0);
                    }
                }
            />
            <div
                class="dv-files-scroll"
                node_ref=list_ref
                on:scroll=move |_| {
                    if let Some(el) = list_ref.get_untracked() {
                        list_top.set(f64::from(el.scroll_top()));
                        let h = f64::from(el.client_height()).min(MAX_VIEW_H);
                        if h > 0.0 && (h - list_h.get_untracked()).abs() > 0.5 {
                            list_h.set(h);
                        }
                    }
                }
            >
                <div
                    class="dv-files-canvas"
                    style=move || format!("height:{}px", list.with(|l| l.items.len() as u32 * row_h))
                >
                    <For
                        each=move || {
                            let (g, s, e) = list_window.get();
                            (s..e).map(move |i| (g, i)).collect::<Vec<_>>()
                        }
                        key=|k| *k
                        children=move |(_, i)| file_item(ctx, list, i, row_h)
                    />
                </div>
            </div>
        </aside>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff;

    #[test]
    fn files_are_grouped_under_their_directories() {
        let d = diff::parse("diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-x\n+y\ndiff --git a/e b/e\nnew file mode 100644\nindex 0000000..e69de29\ndiff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -1 +1 @@\n-x\n+y\n");
        let items = list_items(&d, "");
        assert_eq!(
            items,
            vec![ListItem::File(0), ListItem::File(1), ListItem::File(2)]
        );
        let d = diff::parse("diff --git a/src/a.rs b/src/a.rs\nBinary files a/src/a.rs and b/src/a.rs differ\ndiff --git a/src/b.rs b/src/b.rs\nBinary files a/src/b.rs and b/src/b.rs differ\ndiff --git a/top b/top\nBinary files a/top and b/top differ\n");
        assert_eq!(
            list_items(&d, ""),
            vec![
                ListItem::Dir(0),
                ListItem::File(0),
                ListItem::File(1),
                ListItem::File(2)
            ]
        );
        assert_eq!(
            list_items(&d, "B.RS"),
            vec![ListItem::Dir(1), ListItem::File(1)]
        );
    }
}
