//! The tab title of a page: its name, with a marker when something the user watches finished
//! (`✓`) or failed (`✗`). The marker goes once the user is back (focus or a click in the page),
//! and the title resets when the page is left. One listener pair per page, here only.

use crate::components::notify::set_title;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// The tab title with a marker for a watched run that finished (`✓`) or failed (`✗`).
pub fn marked_title(base: &str, marker: Option<bool>) -> String {
    match marker {
        Some(true) => format!("\u{2713} {base}"),
        Some(false) => format!("\u{2717} {base}"),
        None => base.to_string(),
    }
}

/// Keeps `document.title` at `base` (reactive) plus the returned marker: set it to
/// `Some(finished_ok)` when a watched thing ends; it clears itself when the user comes back.
pub fn use_tab_title(base: impl Fn() -> String + Send + Sync + 'static) -> RwSignal<Option<bool>> {
    let marker = RwSignal::new(None::<bool>);
    Effect::new(move |_| set_title(&marked_title(&base(), marker.get())));
    let seen = move || marker.set(None);
    let h1 = window_event_listener(leptos::ev::focus, move |_| seen());
    let h2 = window_event_listener(leptos::ev::pointerdown, move |_| seen());
    let handles = SendWrapper::new((h1, h2));
    on_cleanup(move || {
        let (a, b) = handles.take();
        a.remove();
        b.remove();
        set_title("agentdeck");
    });
    marker
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_carry_a_marker() {
        assert_eq!(
            marked_title("Fix header — agentdeck", Some(true)),
            "\u{2713} Fix header — agentdeck"
        );
        assert_eq!(marked_title("x", Some(false)), "\u{2717} x");
        assert_eq!(marked_title("x", None), "x");
    }
}
