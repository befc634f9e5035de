//! The `?` dialog: every shortcut, grouped, from the one table in `keyboard::HELP`.

use crate::components::modal::Modal;
use crate::keyboard::{Shortcut, HELP};
use leptos::prelude::*;

/// The keys of a shortcut: `g` then `r`.
fn keys(s: &Shortcut) -> impl IntoView {
    s.keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            view! {
                {(i > 0).then_some(" then ")}
                <kbd>{*k}</kbd>
            }
        })
        .collect_view()
}

/// The help dialog, open while `open` is true.
#[component]
pub fn HelpDialog(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <Modal open=open label="Keyboard shortcuts" class="shortcuts-help">
            <div class="shortcuts-head">
                <h2>"Keyboard shortcuts"</h2>
                <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>
                    "Close"
                </button>
            </div>
            {HELP
                .iter()
                .map(|g| {
                    view! {
                        <section class="shortcuts-group">
                            <h3>{g.title}</h3>
                            <dl class="shortcuts-list">
                                {g
                                    .shortcuts
                                    .iter()
                                    .map(|s| view! { <div><dt>{keys(s)}</dt><dd>{s.what}</dd></div> })
                                    .collect_view()}
                            </dl>
                        </section>
                    }
                })
                .collect_view()}
            <p class="hint">"Shortcuts wait while you type in a field. Escape closes this dialog."</p>
        </Modal>
    }
}
