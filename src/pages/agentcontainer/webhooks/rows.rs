//! One webhook in the list: its URL (as text: a receiver, not a page to visit), event types,
//! active or not, secret prefix; "Edit", "Activate"/"Deactivate", "Send test", "Rotate secret"
//! and "Delete" (both behind a confirmation), and a link to its deliveries. A refused action
//! is said in the row.

use super::ctx::HooksCtx;
use super::form::WebhookForm;
use super::model::event_types_summary;
use crate::api;
use crate::components::confirm::ConfirmButton;
use crate::components::time::RelativeTime;
use crate::pages::agentcontainer::common::ErrorNotice;
use crate::routes::Route;
use agentdeck_wire::agentcontainer::{UpdateWebhook, Webhook};
use leptos::prelude::*;

#[component]
pub fn WebhookRow(hook: Webhook) -> impl IntoView {
    let ctx = HooksCtx::use_ctx();
    let id = StoredValue::new(hook.id.clone());
    let stored = StoredValue::new(hook.clone());
    let editing = RwSignal::new(false);
    let any_busy = Signal::derive(move || ctx.busy.read().is_some());
    let label = move |what: &str| format!("{what}:{}", id.get_value());
    let busy_with = move |what: &'static str| Signal::derive(move || ctx.is_busy(&label(what)));
    let active = hook.is_active;

    let toggle = move |_| {
        let hid = id.get_value();
        let body = UpdateWebhook {
            is_active: Some(!active),
            ..Default::default()
        };
        ctx.act(
            label("toggle"),
            hid.clone(),
            move |conn| async move { api::agentcontainer::update_webhook(&conn, &hid, &body).await },
            move |h| ctx.upsert(h),
        );
    };
    let send_test = move |_| {
        let hid = id.get_value();
        ctx.act(
            label("test"),
            hid.clone(),
            move |conn| async move { api::agentcontainer::test_webhook(&conn, &hid).await },
            move |_| {
                ctx.notice.set(Some((
                    id.get_value(),
                    "Test event queued: see its delivery below.".into(),
                )));
                ctx.follow();
            },
        );
    };
    let rotate = Callback::new(move |_| {
        let hid = id.get_value();
        ctx.act(
            label("rotate"),
            hid.clone(),
            move |conn| async move { api::agentcontainer::rotate_webhook_secret(&conn, &hid).await },
            move |answer| ctx.show_secret(answer, true),
        );
    });
    let delete = Callback::new(move |_| {
        let hid = id.get_value();
        ctx.act(
            label("delete"),
            hid.clone(),
            move |conn| async move { api::agentcontainer::delete_webhook(&conn, &hid).await },
            move |_| ctx.remove(&id.get_value()),
        );
    });
    let url = hook.url.clone();
    let (test_busy, toggle_busy) = (busy_with("test"), busy_with("toggle"));

    view! {
        <li class="ac-webhook-row card" data-webhook-id=hook.id.clone() data-active=active.to_string()>
            <div class="ac-repo-main">
                <code class="ac-webhook-url">{hook.url.clone()}</code>
                {if active {
                    view! { <span class="badge badge-ok">"Active"</span> }.into_any()
                } else {
                    view! { <span class="badge badge-muted">"Inactive"</span> }.into_any()
                }}
            </div>
            <dl class="ac-facts">
                <dt>"Events"</dt>
                <dd class="ac-webhook-types">{event_types_summary(&hook.event_types)}</dd>
                <dt>"Secret"</dt>
                <dd><code class="ac-secret-prefix">{format!("{}…", hook.secret_prefix)}</code></dd>
                <dt>"Created"</dt>
                <dd>
                    <RelativeTime ts=hook.created_at.clone() />
                    {hook.updated_at.clone().map(|t| view! { " · updated " <RelativeTime ts=t /> })}
                </dd>
            </dl>
            <Show when=move || editing.get()>
                <WebhookForm editing=stored.get_value() done=Callback::new(move |_| editing.set(false)) />
            </Show>
            <div class="row ac-webhook-actions">
                <button
                    type="button"
                    class="button"
                    aria-expanded=move || editing.get().to_string()
                    aria-label=format!("Edit the URL and event types of the webhook {url}")
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    "Edit"
                </button>
                <button type="button" class="button" disabled=move || any_busy.get() on:click=toggle>
                    {move || match (active, toggle_busy.get()) {
                        (_, true) => "Saving…",
                        (true, false) => "Deactivate",
                        (false, false) => "Activate",
                    }}
                </button>
                <button
                    type="button"
                    class="button"
                    disabled=move || any_busy.get() || !active
                    title=(!active).then_some("Activate the webhook to send a test")
                    on:click=send_test
                >
                    {move || if test_busy.get() { "Sending…" } else { "Send test" }}
                </button>
                <a class="button button-quiet" href=Route::AcWebhooks { webhook: Some(hook.id.clone()) }.href()>
                    "Show its deliveries"
                </a>
                <ConfirmButton
                    label="Rotate secret"
                    confirm_label="Yes, rotate it"
                    explanation="A new signing secret replaces the current one at once: deliveries from now on are signed with the new secret, shown here once. Update your receiver right after."
                    busy=busy_with("rotate")
                    busy_label="Rotating…"
                    disabled=any_busy
                    on_confirm=rotate
                />
                <ConfirmButton
                    label="Delete webhook"
                    confirm_label="Yes, delete the webhook"
                    explanation=format!("Delete the webhook to {}? No more deliveries are sent to it; its recent deliveries stay listed for a while.", hook.url)
                    busy=busy_with("delete")
                    busy_label="Deleting…"
                    disabled=any_busy
                    danger=true
                    on_confirm=delete
                />
            </div>
            {move || ctx.notice_of(&id.get_value()).map(|n| view! { <p class="notice ac-row-notice" role="status">{n}</p> })}
            {move || ctx.error_of(&id.get_value()).map(|e| view! { <div class="ac-row-error"><ErrorNotice error=e /></div> })}
        </li>
    }
}
