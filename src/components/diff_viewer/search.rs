//! Search across the whole diff (the browser's find only sees the rows in the DOM): the query and
//! its matches, the search box with its match count, next / previous, and Ctrl+F / Cmd+F.

use super::state::{file_of_line, next_gen, Ctx, DiffRef, Hits};
use crate::diff::{layout::NONE, SearchIndex};
use leptos::prelude::*;
use std::sync::Arc;

/// At most this many search matches are collected.
const MAX_MATCHES: usize = 100_000;

/// The search query and the search box.
#[derive(Clone, Copy)]
pub(super) struct Search {
    query: RwSignal<String>,
    input: NodeRef<leptos::html::Input>,
}

impl Search {
    pub(super) fn new() -> Self {
        Self {
            query: RwSignal::new(String::new()),
            input: NodeRef::new(),
        }
    }

    /// The matches of the query in the diff (the search index is built on the first search of
    /// each diff).
    pub(super) fn hits(&self, parsed: Memo<DiffRef>) -> Memo<Hits> {
        let query = self.query;
        let index: StoredValue<Option<(u64, Arc<SearchIndex>)>> = StoredValue::new(None);
        Memo::new(move |_| {
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
        })
    }

    /// Ctrl+F / Cmd+F anywhere in the viewer focuses the search box.
    pub(super) fn on_viewer_keydown(&self, ev: &web_sys::KeyboardEvent) {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "f" {
            if let Some(i) = self.input.get_untracked() {
                ev.prevent_default();
                let _ = i.focus();
                i.select();
            }
        }
    }
}

/// Selects match `i`, expands its file if collapsed and scrolls it to a third of the viewport.
fn go_to_match(ctx: Ctx, i: usize) {
    let h = ctx.hits.get_untracked();
    let Some(m) = h.matches.get(i).copied() else {
        return;
    };
    ctx.current.set(Some(i));
    let d = ctx.parsed.get_untracked().diff;
    if let Some(f) = file_of_line(&d, m.line as usize) {
        if ctx
            .flags
            .with_untracked(|fl| fl.collapsed.get(f).copied().unwrap_or(false))
        {
            ctx.toggle_collapsed(f);
        }
    }
    let l = ctx.layout.get_untracked().layout;
    if let Some(&row) = l.line_rows.get(m.line as usize) {
        if let Some(&y) = l.tops.get(row as usize) {
            let vh = ctx.viewport.height.get_untracked();
            ctx.viewport.scroll_to(f64::from(y) - vh / 3.0);
        }
    }
}

/// Next (`forward`) or previous match; with none selected yet, the first match at or below the
/// top of the viewport (or the last match).
fn step(ctx: Ctx, forward: bool) {
    let hits = ctx.hits;
    let n = hits.with_untracked(|h| h.matches.len());
    if n == 0 {
        return;
    }
    let next = match ctx.current.get_untracked() {
        None if forward => {
            // The first match at or below the top of the viewport.
            let l = ctx.layout.get_untracked().layout;
            let top_row = l.row_at(ctx.viewport.top.get_untracked());
            hits.with_untracked(|h| {
                h.matches
                    .iter()
                    .position(|m| {
                        l.line_rows
                            .get(m.line as usize)
                            .is_some_and(|r| *r != NONE && *r as usize >= top_row)
                    })
                    .unwrap_or(0)
            })
        }
        None => n - 1,
        Some(c) if forward => (c + 1) % n,
        Some(c) => (c + n - 1) % n,
    };
    go_to_match(ctx, next);
}

/// The search box, the match count and the previous / next buttons.
#[component]
pub(super) fn SearchBox(ctx: Ctx, search: Search) -> impl IntoView {
    let Ctx { hits, current, .. } = ctx;
    let query = search.query;
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

    view! {
        <span class="dv-group dv-search-group">
            <input
                type="search"
                class="dv-search"
                placeholder="Search the diff"
                aria-label="Search the diff"
                data-search=""
                node_ref=search.input
                on:input=move |ev| {
                    current.set(None);
                    query.set(event_target_value(&ev));
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        step(ctx, !ev.shift_key());
                    }
                }
            />
            <span class="dv-search-count" aria-live="polite">{search_count}</span>
            <button type="button" class="dv-prev" title="Previous match (Shift+Enter)" on:click=move |_| step(ctx, false)>
                "↑"
            </button>
            <button type="button" class="dv-next" title="Next match (Enter)" on:click=move |_| step(ctx, true)>
                "↓"
            </button>
        </span>
    }
}
