//! The diff viewer: any diff, however large, reviewed without freezing.
//!
//! - Windowed: the parsed diff is flattened into fixed-height rows ([`crate::diff::Layout`]);
//!   only the rows near the viewport are in the DOM (the file list is windowed the same way), so
//!   DOM size and memory stay bounded whatever the diff size.
//! - Unified / split views (remembered in localStorage), line numbers, word highlighting.
//! - Collapse / expand per file and all; "viewed" per file (kept per `storage_key`, forgotten for
//!   a file whose patch changed); lock / minified / generated files collapsed by default.
//! - Search across the whole diff (next / previous), since the browser's find only sees the DOM.
//! - Copy one file's patch, download the whole patch.
//!
//! All text from the patch goes into text nodes and attribute values; nothing is parsed as HTML.

mod rows;
mod storage;

use crate::diff::{
    self,
    layout::{Layout, ViewMode},
    Diff, Match, SearchIndex,
};
use leptos::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Rows rendered beyond each edge of the viewport.
const OVERSCAN: usize = 8;
/// Height of a file list entry, in CSS pixels.
const LIST_ROW_H: u32 = 26;
/// Viewport heights above this are treated as this (bounds the rendered rows).
const MAX_VIEW_H: f64 = 3000.0;
/// At most this many search matches are collected.
const MAX_MATCHES: usize = 100_000;

static GEN: AtomicU64 = AtomicU64::new(1);

fn next_gen() -> u64 {
    GEN.fetch_add(1, Ordering::Relaxed)
}

/// A parsed diff with a generation number (cheap equality for memos).
#[derive(Clone)]
pub(crate) struct DiffRef {
    gen: u64,
    diff: Arc<Diff>,
}

impl PartialEq for DiffRef {
    fn eq(&self, o: &Self) -> bool {
        self.gen == o.gen
    }
}

#[derive(Clone)]
pub(crate) struct LayoutRef {
    gen: u64,
    layout: Arc<Layout>,
}

impl PartialEq for LayoutRef {
    fn eq(&self, o: &Self) -> bool {
        self.gen == o.gen
    }
}

/// Per-file flags for one diff generation.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct FileFlags {
    gen: u64,
    viewed: Vec<bool>,
    collapsed: Vec<bool>,
}

#[derive(Clone)]
pub(crate) struct Hits {
    gen: u64,
    matches: Arc<Vec<Match>>,
}

impl PartialEq for Hits {
    fn eq(&self, o: &Self) -> bool {
        self.gen == o.gen
    }
}

/// An entry of the file list: a directory heading (named after the directory of the file it
/// precedes) or a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ListItem {
    Dir(u32),
    File(u32),
}

#[derive(Clone)]
pub(crate) struct ListRef {
    gen: u64,
    items: Arc<Vec<ListItem>>,
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Files whose path contains `filter` (case-insensitive), grouped under directory headings.
pub(crate) fn list_items(d: &Diff, filter: &str) -> Vec<ListItem> {
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

impl PartialEq for ListRef {
    fn eq(&self, o: &Self) -> bool {
        self.gen == o.gen
    }
}

/// Everything the rows need; all fields are `Copy` handles.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    parsed: Memo<DiffRef>,
    layout: Memo<LayoutRef>,
    flags: Memo<FileFlags>,
    overrides: RwSignal<Option<FileFlags>>,
    hits: Memo<Hits>,
    current: RwSignal<Option<usize>>,
    storage_key: StoredValue<Option<String>>,
    status: RwSignal<String>,
}

impl Ctx {
    fn update_flags(&self, f: impl FnOnce(&mut FileFlags)) {
        let mut cur = self.flags.get_untracked();
        f(&mut cur);
        self.overrides.set(Some(cur));
    }

    pub(crate) fn toggle_collapsed(&self, file: usize) {
        self.update_flags(|fl| {
            if let Some(c) = fl.collapsed.get_mut(file) {
                *c = !*c;
            }
        });
    }

    pub(crate) fn toggle_viewed(&self, file: usize) {
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

    pub(crate) fn copy_patch(&self, file: usize) {
        let d = self.parsed.get_untracked().diff;
        let text = d.file_patch(file).to_string();
        let name = d
            .files
            .get(file)
            .map(|f| f.path().to_string())
            .unwrap_or_default();
        let status = self.status;
        if let Some(w) = web_sys::window() {
            let p = w.navigator().clipboard().write_text(&text);
            wasm_bindgen_futures::spawn_local(async move {
                let msg = match wasm_bindgen_futures::JsFuture::from(p).await {
                    Ok(_) => format!("Copied the patch of {name}"),
                    Err(_) => "Copying failed (clipboard not available)".to_string(),
                };
                status.try_set(msg);
            });
        }
    }
}

pub(crate) fn file_of_line(d: &Diff, line: usize) -> Option<usize> {
    let h = d
        .hunks
        .partition_point(|h| h.lines.start <= line)
        .checked_sub(1)?;
    let upto = d.files.partition_point(|f| f.hunks.start <= h);
    (0..upto).rev().find(|&i| d.files[i].hunks.contains(&h))
}

fn default_flags(d: &DiffRef, key: Option<&str>) -> FileFlags {
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

fn safe_file_name(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if s.is_empty() {
        "changes.patch".to_string()
    } else {
        s
    }
}

fn download(text: &str, name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let doc = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/x-diff");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// The diff viewer.
///
/// - `patch`: the unified diff text as the API returns it (untrusted).
/// - `storage_key`: where "viewed" marks are kept (e.g. the runner id); none = not remembered.
/// - `download_name`: file name for "Download patch".
/// - `height`: CSS height of the scrolling area (default `75vh`).
#[component]
pub fn DiffViewer(
    #[prop(into)] patch: Signal<String>,
    #[prop(into, optional)] storage_key: Option<String>,
    #[prop(into, optional)] download_name: Option<String>,
    #[prop(into, optional)] height: Option<String>,
) -> impl IntoView {
    let storage_key = StoredValue::new(storage_key);
    let download_name = StoredValue::new(safe_file_name(
        download_name.as_deref().unwrap_or("changes.patch"),
    ));

    // Re-parsed only when the text really changed (a poll returning the same diff keeps the
    // collapse state and scroll position).
    let parsed = Memo::new(move |prev: Option<&DiffRef>| {
        patch.with(|t| match prev {
            Some(p) if p.diff.text == *t => p.clone(),
            _ => DiffRef {
                gen: next_gen(),
                diff: Arc::new(diff::parse(t)),
            },
        })
    });
    let defaults = Memo::new(move |_| {
        let d = parsed.get();
        storage_key.with_value(|k| default_flags(&d, k.as_deref()))
    });
    let overrides: RwSignal<Option<FileFlags>> = RwSignal::new(None);
    let flags = Memo::new(move |_| {
        let g = parsed.with(|d| d.gen);
        match overrides.get() {
            Some(o) if o.gen == g => o,
            _ => defaults.get(),
        }
    });
    let mode = RwSignal::new(storage::load_mode());
    let layout = Memo::new(move |_| {
        let d = parsed.get();
        let m = mode.get();
        let l = flags.with(|f| Layout::build(&d.diff, m, &f.collapsed));
        LayoutRef {
            gen: next_gen(),
            layout: Arc::new(l),
        }
    });

    // Search over the whole diff.
    let query = RwSignal::new(String::new());
    let index: StoredValue<Option<(u64, Arc<SearchIndex>)>> = StoredValue::new(None);
    let hits = Memo::new(move |_| {
        let d = parsed.get();
        let q = query.get();
        let matches = if q.is_empty() {
            Vec::new()
        } else {
            let idx = match index.get_value() {
                Some((g, i)) if g == d.gen => i,
                _ => {
                    let i = Arc::new(SearchIndex::new(&d.diff));
                    index.set_value(Some((d.gen, i.clone())));
                    i
                }
            };
            idx.find(&d.diff, &q, MAX_MATCHES)
        };
        Hits {
            gen: next_gen(),
            matches: Arc::new(matches),
        }
    });
    let current: RwSignal<Option<usize>> = RwSignal::new(None);
    let status = RwSignal::new(String::new());

    let ctx = Ctx {
        parsed,
        layout,
        flags,
        overrides,
        hits,
        current,
        storage_key,
        status,
    };

    // Scrolling and windowing.
    let scroll_ref = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let view_h = RwSignal::new(800.0f64);
    let measure = move || {
        if let Some(el) = scroll_ref.get_untracked() {
            // Capped: without its stylesheet the box would not scroll and would report the
            // height of the whole diff.
            let h = f64::from(el.client_height()).min(MAX_VIEW_H);
            if h > 0.0 && (h - view_h.get_untracked()).abs() > 0.5 {
                view_h.set(h);
            }
            let t = f64::from(el.scroll_top());
            if (t - scroll_top.get_untracked()).abs() > 0.5 {
                scroll_top.set(t);
            }
        }
    };
    Effect::new(move |_| {
        if scroll_ref.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let window = Memo::new(move |_| {
        let l = layout.get();
        let r = l.layout.visible(scroll_top.get(), view_h.get(), OVERSCAN);
        (l.gen, r.start, r.end)
    });
    let scroll_to = move |y: f64| {
        if let Some(el) = scroll_ref.get_untracked() {
            el.set_scroll_top(y.max(0.0) as i32);
        }
        scroll_top.set(y.max(0.0));
    };

    let go_to_match = move |i: usize| {
        let h = hits.get_untracked();
        let Some(m) = h.matches.get(i).copied() else {
            return;
        };
        current.set(Some(i));
        let d = parsed.get_untracked().diff;
        if let Some(f) = file_of_line(&d, m.line as usize) {
            if flags.with_untracked(|fl| fl.collapsed.get(f).copied().unwrap_or(false)) {
                ctx.toggle_collapsed(f);
            }
        }
        let l = layout.get_untracked().layout;
        if let Some(&row) = l.line_rows.get(m.line as usize) {
            if let Some(&y) = l.tops.get(row as usize) {
                let vh = view_h.get_untracked();
                scroll_to(f64::from(y) - vh / 3.0);
            }
        }
    };
    let step = move |forward: bool| {
        let n = hits.with_untracked(|h| h.matches.len());
        if n == 0 {
            return;
        }
        let next = match current.get_untracked() {
            None if forward => {
                // The first match at or below the top of the viewport.
                let l = layout.get_untracked().layout;
                let top_row = l.row_at(scroll_top.get_untracked());
                hits.with_untracked(|h| {
                    h.matches
                        .iter()
                        .position(|m| {
                            l.line_rows
                                .get(m.line as usize)
                                .is_some_and(|r| *r != diff::layout::NONE && *r as usize >= top_row)
                        })
                        .unwrap_or(0)
                })
            }
            None => n - 1,
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
        };
        go_to_match(next);
    };

    let jump_to_file = move |f: usize| {
        let l = layout.get_untracked().layout;
        if let Some(&row) = l.file_rows.get(f) {
            if let Some(&y) = l.tops.get(row as usize) {
                scroll_to(f64::from(y));
            }
        }
    };

    // The file at the top of the viewport, once its header has scrolled out of sight.
    let top_file = Memo::new(move |_| {
        let l = layout.get();
        let row = l.layout.row_at(scroll_top.get());
        let f = l.layout.file_of_row(row);
        let header = *l.layout.file_rows.get(f)? as usize;
        (row > header).then_some(f)
    });

    let set_all_collapsed = move |c: bool| {
        ctx.update_flags(|fl| fl.collapsed.iter_mut().for_each(|x| *x = c));
    };

    // File list (windowed too) with a path filter.
    let filter = RwSignal::new(String::new());
    let list = Memo::new(move |_| {
        let d = parsed.get();
        let items = filter.with(|q| list_items(&d.diff, q));
        ListRef {
            gen: next_gen(),
            items: Arc::new(items),
        }
    });
    let list_ref = NodeRef::<leptos::html::Div>::new();
    let list_top = RwSignal::new(0.0f64);
    let list_h = RwSignal::new(600.0f64);
    let list_window = Memo::new(move |_| {
        let l = list.get();
        let n = l.items.len();
        let first = (list_top.get() / f64::from(LIST_ROW_H)).max(0.0) as usize;
        let count = (list_h.get() / f64::from(LIST_ROW_H)).ceil() as usize + 1;
        let s = first.saturating_sub(8).min(n);
        let e = (first + count + 8).min(n);
        (l.gen, s, e)
    });

    let summary = move || {
        parsed.with(|d| {
            let n = d.diff.files.len();
            format!("{n} file{} changed", if n == 1 { "" } else { "s" })
        })
    };
    let notes = move || {
        parsed.with(|d| {
            let mut v = d.diff.notes.clone();
            let bad = d.diff.files.iter().filter(|f| !f.notes.is_empty()).count();
            if bad > 0 {
                v.push(format!(
                    "{bad} file(s) could not be read completely; see the notes under them."
                ));
            }
            v
        })
    };
    let search_count = move || {
        let n = hits.with(|h| h.matches.len());
        if query.with(|q| q.is_empty()) {
            String::new()
        } else if n == 0 {
            "No matches".to_string()
        } else {
            let more = if n >= MAX_MATCHES { "+" } else { "" };
            match current.get() {
                Some(c) => format!("{} / {n}{more}", c + 1),
                None => format!("{n}{more} matches"),
            }
        }
    };
    let style = format!(
        "--dv-height:{}",
        height.unwrap_or_else(|| "75vh".to_string())
    )
    .replace([';', '{', '}'], "");
    let search_ref = NodeRef::<leptos::html::Input>::new();

    view! {
        <div
            class="dv"
            style=style
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "f" {
                    if let Some(i) = search_ref.get_untracked() {
                        ev.prevent_default();
                        let _ = i.focus();
                        i.select();
                    }
                }
            }
        >
            <div class="dv-toolbar">
                <span class="dv-summary">
                    {summary} " "
                    <span class="dv-plus">{move || format!("+{}", parsed.with(|d| d.diff.added))}</span>
                    " "
                    <span class="dv-minus">{move || format!("−{}", parsed.with(|d| d.diff.removed))}</span>
                </span>
                <span class="dv-group" role="group" aria-label="View">
                    <button
                        type="button"
                        class="dv-mode-unified"
                        class:dv-active=move || mode.get() == ViewMode::Unified
                        aria-pressed=move || (mode.get() == ViewMode::Unified).to_string()
                        on:click=move |_| {
                            mode.set(ViewMode::Unified);
                            storage::save_mode(ViewMode::Unified);
                        }
                    >
                        "Unified"
                    </button>
                    <button
                        type="button"
                        class="dv-mode-split"
                        class:dv-active=move || mode.get() == ViewMode::Split
                        aria-pressed=move || (mode.get() == ViewMode::Split).to_string()
                        on:click=move |_| {
                            mode.set(ViewMode::Split);
                            storage::save_mode(ViewMode::Split);
                        }
                    >
                        "Split"
                    </button>
                </span>
                <span class="dv-group">
                    <button type="button" class="dv-expand-all" on:click=move |_| set_all_collapsed(false)>
                        "Expand all"
                    </button>
                    <button type="button" class="dv-collapse-all" on:click=move |_| set_all_collapsed(true)>
                        "Collapse all"
                    </button>
                </span>
                <span class="dv-group dv-search-group">
                    <input
                        type="search"
                        class="dv-search"
                        placeholder="Search the diff"
                        aria-label="Search the diff"
                        node_ref=search_ref
                        on:input=move |ev| {
                            current.set(None);
                            query.set(event_target_value(&ev));
                        }
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                step(!ev.shift_key());
                            }
                        }
                    />
                    <span class="dv-search-count" aria-live="polite">{search_count}</span>
                    <button type="button" class="dv-prev" title="Previous match (Shift+Enter)" on:click=move |_| step(false)>
                        "↑"
                    </button>
                    <button type="button" class="dv-next" title="Next match (Enter)" on:click=move |_| step(true)>
                        "↓"
                    </button>
                </span>
                <button
                    type="button"
                    class="dv-download"
                    on:click=move |_| {
                        let d = parsed.get_untracked().diff;
                        let name = download_name.get_value();
                        if download(&d.text, &name).is_err() {
                            status.set("Download failed".to_string());
                        }
                    }
                >
                    "Download patch"
                </button>
                <span class="dv-status-msg" aria-live="polite">{move || status.get()}</span>
            </div>
            <Show when=move || !notes().is_empty()>
                <ul class="dv-notes" role="status">
                    {move || notes().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
            </Show>
            <Show when=move || parsed.with(|d| d.diff.files.is_empty())>
                <p class="dv-empty">"No changes."</p>
            </Show>
            <div class="dv-body">
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
                            style=move || format!("height:{}px", list.with(|l| l.items.len() as u32 * LIST_ROW_H))
                        >
                            <For
                                each=move || {
                                    let (g, s, e) = list_window.get();
                                    (s..e).map(move |i| (g, i)).collect::<Vec<_>>()
                                }
                                key=|k| *k
                                children=move |(_, i)| rows::file_item(ctx, list, i, LIST_ROW_H, jump_to_file)
                            />
                        </div>
                    </div>
                </aside>
                <div
                    class="dv-scroll"
                    node_ref=scroll_ref
                    tabindex="0"
                    on:scroll=move |_| measure()
                >
                    <div class="dv-sticky">
                        {move || {
                            top_file
                                .get()
                                .map(|f| {
                                    let name = parsed
                                        .with_untracked(|d| {
                                            d.diff.files.get(f).map(|x| x.display_path())
                                        })
                                        .unwrap_or_default();
                                    view! {
                                        <button
                                            type="button"
                                            class="dv-sticky-bar"
                                            title="Back to the top of this file"
                                            on:click=move |_| jump_to_file(f)
                                        >
                                            {name}
                                        </button>
                                    }
                                })
                        }}
                    </div>
                    <div
                        class="dv-canvas"
                        class:dv-split-mode=move || mode.get() == ViewMode::Split
                        style=move || {
                            let l = layout.get();
                            let n = l.layout.max_line_len.min(rows::MAX_SHOW as u32) + 16;
                            let w = if mode.get() == ViewMode::Split { n * 2 } else { n };
                            format!("height:{}px;min-width:{}ch", l.layout.total_height(), w)
                        }
                    >
                        <For
                            each=move || {
                                let (g, s, e) = window.get();
                                let hg = hits.with(|h| h.gen);
                                let c = current.get().unwrap_or(usize::MAX);
                                (s..e).map(move |i| (g, hg, c, i)).collect::<Vec<_>>()
                            }
                            key=|k| *k
                            children=move |(_, _, _, i)| rows::render_row(ctx, i)
                        />
                    </div>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_of_line_skips_files_without_hunks() {
        let d = diff::parse("diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1 @@\n-x\n+y\ndiff --git a/e b/e\nnew file mode 100644\nindex 0000000..e69de29\ndiff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -1 +1 @@\n-x\n+y\n");
        assert_eq!(file_of_line(&d, 0), Some(0));
        assert_eq!(file_of_line(&d, 2), Some(2));
        assert_eq!(file_of_line(&d, 3), Some(2));
        assert_eq!(safe_file_name("../../etc/passwd"), ".._.._etc_passwd");
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
