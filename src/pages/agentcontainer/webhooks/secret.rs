//! The signing secret, shown once after a webhook is created or its secret rotated: the value
//! (selectable), a Copy button, how receivers use it, and the warning that it will not be shown
//! again. It lives only in the page's signal: "I have stored it" or leaving the page forgets it.

use super::ctx::HooksCtx;
use crate::components::copy_button::CopyButton;
use leptos::prelude::*;

#[component]
pub fn SecretPanel() -> impl IntoView {
    let ctx = HooksCtx::use_ctx();
    move || {
        ctx.secret.get().map(|s| {
            let value = s.secret.reveal().to_string();
            let title = if s.rotated {
                "New signing secret"
            } else {
                "Signing secret of the new webhook"
            };
            view! {
                <div class="card ac-secret-panel" role="alert" data-webhook-id=s.webhook_id.clone()>
                    <h2 class="ac-section-title">{title}</h2>
                    <p class="ac-secret-for">"For " <code>{s.url.clone()}</code></p>
                    <code class="ac-secret-value" aria-label="Signing secret">{value.clone()}</code>
                    <div class="row">
                        <CopyButton text=value what="signing secret" />
                    </div>
                    <p class="notice notice-error ac-secret-warning">
                        <strong>"Store it now: it will not be shown again. "</strong>
                        "AgentContainer only keeps its first characters. If it is lost, rotate the secret to get a new one."
                    </p>
                    <p class="hint">
                        "Your receiver verifies each delivery with it (Standard Webhooks): the HMAC-SHA256 of "
                        <code>"{webhook-id}.{webhook-timestamp}.{body}"</code>
                        ", keyed with the base64 part after " <code>"whsec_"</code>
                        ", must equal the base64 value after " <code>"v1,"</code> " in the " <code>"webhook-signature"</code> " header."
                        {s.rotated.then_some(" The previous secret no longer signs deliveries.")}
                    </p>
                    <button type="button" class="button" on:click=move |_| ctx.secret.set(None)>
                        "I have stored it"
                    </button>
                </div>
            }
        })
    }
}
