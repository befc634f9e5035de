//! The banner at the top of the app when a service rejected its secret (401): it says so and
//! takes a new secret right there. Meanwhile the service's requests wait (polls and live feeds
//! stop asking); saving the new secret lets them go on. The page underneath stays as it is: no
//! navigation, nothing typed in it is lost.
//!
//! Like the Connections form, the field has no `name` and the form cannot be submitted by the
//! browser itself (`method="dialog"` outside a dialog does nothing), so a secret can never end
//! up in the page address.

use crate::api::Service;
use crate::config::{use_connections, Connections};
use crate::hooks::auth::{renew_secret, use_rejected_secrets};
use crate::routes::Route;
use leptos::prelude::*;

/// Mount once, at the top of the app: watches for rejected secrets while it lives.
#[component]
pub fn ReconnectBanner() -> impl IntoView {
    let rejected = use_rejected_secrets();
    let conns = use_connections();
    view! {
        <Show when=move || rejected.read().netlify>
            <Reconnect service=Service::Netlify conns=conns />
        </Show>
        <Show when=move || rejected.read().agentcontainer>
            <Reconnect service=Service::AgentContainer conns=conns />
        </Show>
    }
}

#[component]
fn Reconnect(service: Service, conns: RwSignal<Connections>) -> impl IntoView {
    let secret = RwSignal::new(String::new());
    let (said, label, id) = match service {
        Service::Netlify => (
            "Netlify rejected the token.",
            "New Netlify access token",
            "reconnect-netlify",
        ),
        Service::AgentContainer => (
            "AgentContainer rejected the API key.",
            "New AgentContainer API key",
            "reconnect-agentcontainer",
        ),
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = secret.get_untracked();
        if value.trim().is_empty() {
            return;
        }
        renew_secret(conns, service, &value);
        secret.set(String::new());
    };
    view! {
        <section class="notice notice-error reconnect-banner" aria-labelledby=format!("{id}-said")>
            <p id=format!("{id}-said") role="alert">
                <strong>{said}</strong>
                " Its requests are paused. Paste a new one to carry on where you are: nothing you typed is lost."
            </p>
            <form class="row" method="dialog" on:submit=save>
                <label class="field">
                    <span>{label}</span>
                    <input
                        id=id
                        type="password"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=secret
                        on:input=move |ev| secret.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="button button-primary" disabled=move || secret.read().trim().is_empty()>
                    "Save and continue"
                </button>
            </form>
            // For other settings (a wrong base URL); following it leaves the page, by choice.
            <a class="hint" href=Route::Connections.href()>"Other settings are on the Connections page"</a>
        </section>
    }
}
