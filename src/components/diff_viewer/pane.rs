//! The scrolling area of the diff: measures the viewport, renders only the rows near it (the
//! window; `rows` renders each one), and shows the sticky bar naming the file at the top.

use super::rows;
use super::state::Ctx;
use crate::diff::ViewMode;
use leptos::prelude::*;

/// Rows rendered beyond each edge of the viewport.
const OVERSCAN: usize = 8;

#[component]
pub(super) fn DiffPane(ctx: Ctx) -> impl IntoView {
    let Ctx {
        parsed,
        layout,
        mode,
        hits,
        current,
        viewport,
        ..
    } = ctx;
    Effect::new(move |_| {
        if viewport.el.get().is_some() {
            viewport.measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| viewport.measure());
    on_cleanup(move || resize.remove());

    let window = Memo::new(move |_| {
        let l = layout.get();
        let r = l
            .layout
            .visible(viewport.top.get(), viewport.height.get(), OVERSCAN);
        (l.gen, r.start, r.end)
    });

    // The file at the top of the viewport, once its header has scrolled out of sight.
    let top_file = Memo::new(move |_| {
        let l = layout.get();
        let row = l.layout.row_at(viewport.top.get());
        let f = l.layout.file_of_row(row);
        let header = *l.layout.file_rows.get(f)? as usize;
        (row > header).then_some(f)
    });

    view! {
        <div
            class="dv-scroll"
            node_ref=viewport.el
            tabindex="0"
            on:scroll=move |_| viewport.measure()
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
                                    on:click=move |_| ctx.jump_to_file(f)
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
    }
}
