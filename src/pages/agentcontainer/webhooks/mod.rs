//! `/agentcontainer/webhooks`: the account's webhook targets (create, edit, activate or
//! deactivate, send a test, rotate the secret, delete), the signing secret shown once, and the
//! recent deliveries (all, or one webhook's through `?webhook=`) followed live while any is on
//! its way. [`ctx`] holds the page's state, [`model`] its pure rules; [`form`], [`rows`],
//! [`secret`] and [`deliveries`] are its parts.

pub mod ctx;
pub mod deliveries;
pub mod form;
pub mod model;
pub mod rows;
pub mod secret;

use crate::components::skeleton::Skeleton;
use crate::hooks::tab_title::use_tab_title;
use crate::pages::agentcontainer::common::{ErrorNotice, NotConnected};
use ctx::HooksCtx;
use deliveries::Deliveries;
use form::WebhookForm;
use leptos::prelude::*;
use rows::WebhookRow;
use secret::SecretPanel;

#[component]
pub fn WebhooksPage() -> impl IntoView {
    use_tab_title(|| "Webhooks · AgentContainer".to_string());
    let ctx = HooksCtx::provide();
    let retry = Callback::new(move |_| ctx.reload());
    view! {
        <section class="page ac-webhooks-page">
            <header class="page-header">
                <h1>"Webhooks"</h1>
                <button type="button" class="button" on:click=move |_| ctx.reload()>"Refresh"</button>
            </header>
            <p class="hint">"AgentContainer POSTs task lifecycle events to these URLs, signed with each webhook's secret."</p>
            {move || ctx.conn.read().is_none().then(|| view! { <NotConnected what="your webhooks" /> })}
            <SecretPanel />
            {move || ctx.load_error.get().map(|e| view! { <ErrorNotice error=e retry=retry /> })}
            <Show when=move || ctx.conn.read().is_some()>
                <WebhookForm />
            </Show>
            {move || match ctx.hooks.get() {
                None if ctx.conn.read().is_some() && ctx.load_error.read().is_none() => {
                    Some(view! { <Skeleton label="Loading webhooks…" /> }.into_any())
                }
                Some(list) if list.is_empty() => {
                    Some(view! { <p class="empty-state">"No webhooks yet."</p> }.into_any())
                }
                _ => None,
            }}
            <ul class="ac-webhook-list" aria-label="Webhooks">
                <For
                    each=move || ctx.hooks.get().unwrap_or_default()
                    key=|h| format!("{h:?}")
                    children=move |h| view! { <WebhookRow hook=h /> }
                />
            </ul>
            <Show when=move || ctx.conn.read().is_some()>
                <Deliveries />
            </Show>
        </section>
    }
}
