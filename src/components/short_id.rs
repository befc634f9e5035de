//! A long id (a commit SHA, an account id) shortened to its first characters, with the whole id
//! on hover and a button copying it; the copy's result is a toast.

use crate::components::copy_button::copy_text;
use crate::components::icons::{Icon, IconKind};
use crate::components::toast::{use_toasts, ToastKind};
use leptos::prelude::*;

/// How many characters of an id are shown unless the caller says otherwise.
const SHOWN_CHARS: usize = 8;

/// `id` shortened to its first `chars` characters and "…", or the whole id when short.
pub fn shorten(id: &str, chars: usize) -> String {
    match id.char_indices().nth(chars) {
        Some((end, _)) if id.chars().count() > chars + 1 => format!("{}…", &id[..end]),
        _ => id.to_string(),
    }
}

/// The shortened id and a copy button; `what` names it ("commit SHA", "account id").
#[component]
pub fn ShortId(
    #[prop(into)] id: String,
    what: &'static str,
    /// Characters shown (a commit SHA reads best with 7).
    #[prop(default = SHOWN_CHARS)]
    chars: usize,
) -> impl IntoView {
    let full = id.clone();
    let toasts = use_toasts();
    let copy = move |_| {
        let value = full.clone();
        leptos::task::spawn_local(async move {
            let Some(toasts) = toasts else {
                copy_text(&value).await;
                return;
            };
            if copy_text(&value).await {
                toasts.show(
                    ToastKind::Done,
                    format!("Copied the {what} to the clipboard."),
                );
            } else {
                toasts.show(
                    ToastKind::Failed,
                    format!("Could not copy the {what}: select it and copy it yourself."),
                );
            }
        });
    };
    view! {
        <span class="short-id">
            <code title=id.clone() data-full=id.clone()>{shorten(&id, chars)}</code>
            <button type="button" class="button button-quiet copy-id" aria-label=format!("Copy the {what}") title=format!("Copy the {what}") on:click=copy>
                <Icon kind=IconKind::Copy />
            </button>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::{shorten, SHOWN_CHARS};

    #[test]
    fn long_ids_are_shortened_and_short_ones_kept() {
        assert_eq!(shorten("0123456789abcdef0123", SHOWN_CHARS), "01234567…");
        assert_eq!(shorten("abc", SHOWN_CHARS), "abc");
        // One character more than shown is not worth an ellipsis.
        assert_eq!(shorten("012345678", SHOWN_CHARS), "012345678");
        assert_eq!(shorten("ééééééééééé", SHOWN_CHARS), "éééééééé…");
        assert_eq!(shorten("4f1c2d9e8b7a", 7), "4f1c2d9…");
    }
}
