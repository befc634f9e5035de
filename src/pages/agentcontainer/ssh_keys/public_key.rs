//! A key's public half as the user needs it: in a read-only text box (select all, copy), with
//! a Copy button and the note to add it as a read-only deploy key on the git host. Shown by the
//! generate panel and by every key row (a leaf below both).

use crate::components::copy_button::CopyButton;
use leptos::prelude::*;

#[component]
pub fn PublicKeyBox(
    #[prop(into)] public_key: String,
    #[prop(into)] key_name: String,
) -> impl IntoView {
    let text = public_key.clone();
    view! {
        <div class="ac-public-key">
            <textarea
                class="ac-public-key-text"
                readonly=true
                rows="2"
                spellcheck="false"
                aria-label=format!("Public key of {key_name}")
                prop:value=public_key
                on:focus=|ev| {
                    use wasm_bindgen::JsCast;
                    if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                        t.select();
                    }
                }
            ></textarea>
            <div class="row">
                <CopyButton text=text what="public key" />
            </div>
            <p class="hint ac-deploy-note">
                "Add this public key to your git host as a read-only deploy key (GitHub: repository Settings → Deploy keys, leave “Allow write access” off). "
                "The private key stays on AgentContainer and is never shown."
            </p>
        </div>
    }
}
