//! A "Copy" button for a piece of text (a public key, a signing secret): writes it with
//! `navigator.clipboard` and says in a status line whether that worked. Where the clipboard is
//! missing (an insecure page) or refuses (no permission, page not focused), it says so and asks
//! the user to select and copy the text themselves. The text is never logged.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the status line says after a copy attempt.
pub fn copy_outcome_text(what: &str, copied: bool) -> String {
    if copied {
        format!("Copied the {what} to the clipboard.")
    } else {
        format!(
            "Copying is not available in this browser: select the {what} and copy it yourself \
             (Ctrl+C or Cmd+C)."
        )
    }
}

/// The browser's clipboard, when this page may use it.
fn clipboard() -> Option<web_sys::Clipboard> {
    let navigator = web_sys::window()?.navigator();
    let value = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    // Not `dyn_into`: an object standing in for the clipboard (a polyfill) is used as it is.
    Some(value.unchecked_into::<web_sys::Clipboard>())
}

/// Writes `text` to the clipboard; `false` when there is none or it refused.
pub async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = clipboard() else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// A button copying `text`; `what` names it for the button's accessible name and the status
/// line ("public key", "signing secret").
#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>, what: &'static str) -> impl IntoView {
    let status = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = copy_text(&value).await;
            status.try_set(Some(ok));
        });
    };
    view! {
        <span class="copy-wrap">
            <button type="button" class="button" aria-label=format!("Copy the {what}") on:click=copy>
                "Copy"
            </button>
            <span class="copy-status" role="status" data-copied=move || status.get().map(|s| s.to_string())>
                {move || status.get().map(|ok| copy_outcome_text(what, ok))}
            </span>
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::copy_outcome_text;

    #[test]
    fn the_outcome_is_said_plainly() {
        assert_eq!(
            copy_outcome_text("public key", true),
            "Copied the public key to the clipboard."
        );
        assert!(copy_outcome_text("signing secret", false).contains("select the signing secret"));
    }
}
