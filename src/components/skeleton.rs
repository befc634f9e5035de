//! A skeleton: grey placeholder rows in the shape of a list while it loads, so the page does not
//! jump when the rows arrive. Screen readers hear the label instead ("Loading runners…", a
//! status message); the grey rows are hidden from them (and marked busy).

use leptos::prelude::*;

/// `rows` placeholder rows of two lines each, announced as `label`.
#[component]
pub fn Skeleton(
    /// What is loading, in words: "Loading runners…".
    #[prop(into)]
    label: String,
    #[prop(default = 3)] rows: usize,
) -> impl IntoView {
    view! {
        <div class="loading">
            <p class="visually-hidden" role="status">{label}</p>
            <div class="skeleton" aria-hidden="true" aria-busy="true">
            {(0..rows)
                .map(|_| {
                    view! {
                        <div class="skeleton-row" aria-hidden="true">
                            <span class="skeleton-line"></span>
                            <span class="skeleton-line"></span>
                        </div>
                    }
                })
                .collect_view()}
            </div>
        </div>
    }
}
