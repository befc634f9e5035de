//! A coloured pill for a runner, session or task state. The colour comes from a fixed table, so
//! a server string never becomes a CSS class; unknown states still render, in a neutral tone.

use leptos::prelude::*;

/// The tone of a state: a fixed class suffix.
pub fn tone(state: &str) -> &'static str {
    match state.to_ascii_lowercase().as_str() {
        "new" | "pending" | "queued" => "pending",
        "running" | "in_progress" | "active" => "live",
        "awaiting_input" | "needs_input" | "hibernated" => "attention",
        "done" | "finished" | "completed" | "succeeded" | "merged" => "ok",
        "open" | "draft" => "info",
        "error" | "failed" | "expired" => "bad",
        "cancelled" | "canceled" | "archived" | "closed" | "discarded" => "muted",
        _ => "unknown",
    }
}

/// Shows `state` as the server sent it (lowercase words, underscores as spaces).
#[component]
pub fn StateBadge(#[prop(into)] state: Signal<String>) -> impl IntoView {
    view! {
        <span
            class=move || format!("badge badge-{}", tone(&state.read()))
            data-state=move || state.get()
        >
            {move || state.read().replace('_', " ")}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::tone;

    #[test]
    fn known_states_have_tones_and_unknown_ones_are_neutral() {
        assert_eq!(tone("running"), "live");
        assert_eq!(tone("RUNNING"), "live");
        assert_eq!(tone("done"), "ok");
        assert_eq!(tone("error"), "bad");
        assert_eq!(tone("archived"), "muted");
        assert_eq!(tone("paused_for_review"), "unknown");
        assert_eq!(tone("\" onclick=\"x"), "unknown");
    }
}
