//! Prompt drafts kept in `localStorage` per form, so a reload (or a failed send) never loses a
//! typed word. A draft is removed once the prompt was sent.

use leptos::prelude::*;

const PREFIX: &str = "agentdeck.draft.v1.";

/// The storage key of a form's draft: `new-runner`, `follow-up.<runner id>`, ...
pub fn draft_key(form: &str) -> String {
    format!("{PREFIX}{form}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load(form: &str) -> Option<String> {
    storage()?.get_item(&draft_key(form)).ok().flatten()
}

/// Saves the draft; an empty (or blank) text removes it.
pub fn save(form: &str, text: &str) {
    let Some(s) = storage() else { return };
    if text.trim().is_empty() {
        let _ = s.remove_item(&draft_key(form));
    } else {
        let _ = s.set_item(&draft_key(form), text);
    }
}

pub fn clear(form: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&draft_key(form));
    }
}

/// A text signal that starts from the saved draft of `form` and saves every change.
pub fn use_draft(form: String) -> RwSignal<String> {
    let text = RwSignal::new(load(&form).unwrap_or_default());
    Effect::new(move |_| {
        text.with(|t| save(&form, t));
    });
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_namespaced_per_form() {
        assert_eq!(
            super::draft_key("new-runner"),
            "agentdeck.draft.v1.new-runner"
        );
        assert_ne!(
            super::draft_key("follow-up.a"),
            super::draft_key("follow-up.b")
        );
    }
}
