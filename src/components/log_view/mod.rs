//! A windowed log viewer for very long logs (100,000 lines and more): fixed-height monospace
//! rows, only the visible ones (plus an overscan) in the DOM, the source named on every line
//! (text plus a class from a fixed table), following the end while the reader is there and
//! staying put once they scrolled up (also when older lines are put in front).
//!
//! ```text
//! let lines: RwSignal<Vec<LogLine>> = ...;   // oldest first, keys ascending
//! view! { <LogView lines=lines label="Task logs" /> }
//! ```

pub mod window;

use agentdeck_wire::agentcontainer::LogSource;
use leptos::prelude::*;
use std::sync::Arc;
use window::{at_end, prepended, source_label, total_height, visible, OVERSCAN, ROW_H};

/// Longest part of a line shown (the rest is cut, the full text is in the tooltip).
const MAX_SHOW: usize = 4000;

/// One line of a log. `key` orders lines (ascending, oldest first) and identifies them.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub key: i64,
    pub source: LogSource,
    pub text: Arc<str>,
}

fn shown(text: &str) -> &str {
    match text.char_indices().nth(MAX_SHOW) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// The viewer. `lines` are oldest first with ascending keys; `label` names the region.
#[component]
pub fn LogView(
    #[prop(into)] lines: Signal<Vec<LogLine>>,
    #[prop(into, optional)] label: Option<String>,
) -> impl IntoView {
    let el = NodeRef::<leptos::html::Div>::new();
    let top = RwSignal::new(0.0f64);
    let height = RwSignal::new(600.0f64);
    let following = RwSignal::new(true);
    // Reads the box into the signals; only the reader's own scrolling (`follow`) decides
    // whether the end is followed.
    let measure = move |follow: bool| {
        if let Some(e) = el.get_untracked() {
            let t = e.scroll_top() as f64;
            let h = e.client_height() as f64;
            if top.get_untracked() != t {
                top.set(t);
            }
            if h > 0.0 && height.get_untracked() != h {
                height.set(h);
            }
            let end = at_end(t, h, e.scroll_height() as f64);
            if follow && following.get_untracked() != end {
                following.set(end);
            }
        }
    };
    Effect::new(move |_| {
        if el.get().is_some() {
            measure(false);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure(false));
    on_cleanup(move || resize.remove());

    let count = Memo::new(move |_| lines.with(|l| l.len()));
    let first_key = Memo::new(move |_| lines.with(|l| l.first().map(|x| x.key)));
    // New lines: follow the end while the reader is there; keep older lines put in front out of
    // the reader's way (the lines they look at stay where they are).
    Effect::new(move |prev: Option<Option<i64>>| {
        count.track();
        let first = first_key.get();
        let Some(e) = el.get() else { return first };
        if following.get_untracked() {
            // Once the new rows are laid out.
            request_animation_frame(move || {
                if let Some(e) = el.get_untracked() {
                    e.set_scroll_top(e.scroll_height());
                    measure(false);
                }
            });
        } else if let Some(old) = prev.flatten().filter(|o| Some(*o) != first) {
            let k = lines.with_untracked(|l| {
                let keys: Vec<i64> = l.iter().map(|x| x.key).collect();
                prepended(&keys, Some(old))
            });
            if k > 0 {
                e.set_scroll_top(e.scroll_top() + (k as f64 * ROW_H) as i32);
            }
        }
        measure(false);
        first
    });

    let range = Memo::new(move |_| visible(top.get(), height.get(), count.get(), OVERSCAN));
    let rows = move || {
        let r = range.get();
        lines.with(|l| {
            l.get(r.clone())
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(j, line)| (r.start + j, line.clone()))
                .collect::<Vec<_>>()
        })
    };
    let to_end = move |_| {
        if let Some(e) = el.get_untracked() {
            e.set_scroll_top(e.scroll_height());
        }
        following.set(true);
    };

    let show_jump = move || !following.get() && count.get() != 0;
    view! {
        <div class="log-view-wrap">
            <div
                class="log-view"
                role="region"
                aria-label=label.unwrap_or_else(|| "Log".into())
                tabindex="0"
                node_ref=el
                on:scroll=move |_| measure(true)
            >
                <div class="log-canvas" style=move || format!("height:{}px", total_height(count.get()))>
                    <For
                        each=rows
                        key=|(i, line)| (*i, line.key)
                        children=move |(i, line)| {
                            let (src, class) = source_label(&line.source);
                            let text = shown(&line.text).to_string();
                            let title = (text.len() < line.text.len()).then(|| line.text.to_string());
                            view! {
                                <div
                                    class=format!("log-row {class}")
                                    style=format!("top:{}px", i as f64 * ROW_H)
                                    title=title
                                >
                                    <span class="log-src">{src}</span>
                                    <span class="log-msg">{text}</span>
                                </div>
                            }
                        }
                    />
                </div>
            </div>
            <Show when=show_jump>
                <button type="button" class="button button-quiet log-follow" on:click=to_end>
                    "Jump to the newest line and follow"
                </button>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_lines_are_cut_on_a_char_boundary() {
        let long = "é".repeat(super::MAX_SHOW + 5);
        assert_eq!(super::shown(&long).chars().count(), super::MAX_SHOW);
        assert_eq!(super::shown("short"), "short");
    }
}
