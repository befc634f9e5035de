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
//! - Keys (through `components::shortcuts`): `n` / `p` next and previous file, `v` marks the
//!   current file viewed; the file list marks the current file.
//!
//! All text from the patch goes into text nodes and attribute values; nothing is parsed as HTML.
//!
//! This file builds the shared state (`state::Ctx`) and composes the pieces, which depend on
//! `state` (and `storage`) and never on this file: `toolbar` (summary, view mode, expand /
//! collapse all, download and copy), `search` (search box, matches, next / previous),
//! `file_list` (filter, directory grouping, entries, viewed markers), `pane` (the scrolling,
//! windowed area and its sticky file bar) and `rows` (one row of the diff).

mod file_list;
mod pane;
mod rows;
mod search;
mod state;
mod storage;
mod toolbar;

use crate::components::shortcuts::diff_keys::use_diff_keys;
use crate::diff::{self, layout::Layout};
use crate::keyboard::Command;
use file_list::FileList;
use leptos::prelude::*;
use pane::DiffPane;
use search::{Search, SearchBox};
use state::{current_file, default_flags, next_gen, Ctx, DiffRef, FileFlags, LayoutRef, Viewport};
use std::sync::Arc;
use toolbar::Toolbar;

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
    let search = Search::new();
    let viewport = Viewport::new();
    let file_cursor = RwSignal::new(None);
    let current_file = Memo::new(move |_| {
        layout.with(|l| current_file(&l.layout, viewport.top.get(), file_cursor.get()))
    });

    let ctx = Ctx {
        parsed,
        layout,
        flags,
        overrides,
        mode,
        hits: search.hits(parsed),
        current: RwSignal::new(None),
        storage_key,
        status: RwSignal::new(String::new()),
        viewport,
        file_cursor,
        current_file,
    };
    // `n` / `p` / `v` while the viewer is on the page.
    use_diff_keys(move |cmd| match cmd {
        Command::NextFile => ctx.step_file(true),
        Command::PreviousFile => ctx.step_file(false),
        Command::ToggleViewed => ctx.toggle_current_viewed(),
        _ => {}
    });

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
    let style = format!(
        "--dv-height:{}",
        height.unwrap_or_else(|| "75vh".to_string())
    )
    .replace([';', '{', '}'], "");

    view! {
        <div
            class="dv"
            style=style
            on:keydown=move |ev: web_sys::KeyboardEvent| search.on_viewer_keydown(&ev)
        >
            <Toolbar ctx=ctx download_name=download_name>
                <SearchBox ctx=ctx search=search />
            </Toolbar>
            <Show when=move || !notes().is_empty()>
                <ul class="dv-notes" role="status">
                    {move || notes().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
            </Show>
            <Show when=move || parsed.with(|d| d.diff.files.is_empty())>
                <p class="dv-empty">"No changes."</p>
            </Show>
            <div class="dv-body">
                <FileList ctx=ctx />
                <DiffPane ctx=ctx />
            </div>
        </div>
    }
}
