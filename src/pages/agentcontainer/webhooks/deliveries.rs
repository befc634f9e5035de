//! The recent deliveries, of every webhook or of the one in `?webhook=`: status, event type,
//! task (linked to its page), attempts, last status code, last error, when delivered or the next
//! retry, and "Resend". Followed live while any is pending or retrying (the context's poller),
//! with a note saying so.

use super::ctx::HooksCtx;
use super::model::{attempts_text, delivery_tone, when_text};
use crate::api;
use crate::components::time::use_now;
use crate::pages::agentcontainer::common::ErrorNotice;
use crate::routes::Route;
use agentdeck_wire::agentcontainer::WebhookDelivery;
use leptos::prelude::*;

#[component]
pub fn Deliveries() -> impl IntoView {
    let ctx = HooksCtx::use_ctx();
    let retry = Callback::new(move |_| ctx.follow());
    let filtered_url = move || {
        let id = ctx.filter.get()?;
        let url = ctx
            .hooks
            .read()
            .as_ref()
            .and_then(|l| l.iter().find(|h| h.id == id).map(|h| h.url.clone()));
        Some(url.unwrap_or(id))
    };
    view! {
        <section class="card ac-deliveries" aria-labelledby="deliveries-title">
            <header class="page-header ac-deliveries-header">
                <h2 class="ac-section-title" id="deliveries-title">
                    {move || match filtered_url() {
                        Some(u) => format!("Recent deliveries to {u}"),
                        None => "Recent deliveries".to_string(),
                    }}
                </h2>
                <div class="row">
                    {move || ctx.filter.get().is_some().then(|| view! {
                        <a class="button button-quiet" href=Route::AcWebhooks { webhook: None }.href()>
                            "Show all deliveries"
                        </a>
                    })}
                    <button type="button" class="button" on:click=move |_| ctx.follow()>"Refresh deliveries"</button>
                </div>
            </header>
            {move || ctx.following.get().then(|| view! {
                <p class="hint ac-following" role="status">"Following live while deliveries are pending or retrying…"</p>
            })}
            {move || ctx.deliveries_error.get().map(|e| view! { <ErrorNotice error=e retry=retry /> })}
            {move || match ctx.deliveries.get() {
                None if ctx.deliveries_error.read().is_none() && ctx.conn.read().is_some() => {
                    Some(view! { <p class="loading" role="status">"Loading deliveries…"</p> }.into_any())
                }
                Some(l) if l.is_empty() => Some(view! {
                    <p class="empty-state">"No deliveries yet. Send a test to see one."</p>
                }.into_any()),
                _ => None,
            }}
            <ul class="ac-delivery-list" aria-label="Deliveries">
                <For
                    each=move || ctx.deliveries.get().unwrap_or_default()
                    key=|d| format!("{}|{}|{}|{:?}", d.id, d.status, d.attempt_count, d.next_retry_at)
                    children=move |d| view! { <DeliveryRow delivery=d /> }
                />
            </ul>
        </section>
    }
}

#[component]
fn DeliveryRow(delivery: WebhookDelivery) -> impl IntoView {
    let ctx = HooksCtx::use_ctx();
    let now = use_now();
    let id = StoredValue::new(delivery.id.clone());
    let d = StoredValue::new(delivery.clone());
    let tone = delivery_tone(&delivery.status);
    let label = format!("resend:{}", delivery.id);
    let busy_label = label.clone();
    let resend = move |_| {
        let did = id.get_value();
        ctx.act(
            label.clone(),
            did.clone(),
            move |conn| async move { api::agentcontainer::resend_webhook_delivery(&conn, &did).await },
            move |_| {
                ctx.notice.set(Some((id.get_value(), "Queued again as a new delivery.".into())));
                ctx.follow();
            },
        );
    };
    let task = delivery.task_id.clone().map(|t| {
        let href = Route::AcTask { id: t.clone() }.href();
        view! { <a class="ac-delivery-task" href=href>{t}</a> }
    });
    let show_url = ctx.filter.get_untracked().is_none();
    view! {
        <li class="ac-delivery-row" data-delivery-id=delivery.id.clone() data-status=delivery.status.clone()>
            <div class="ac-repo-main">
                <span class=format!("badge badge-{tone}")>{delivery.status.replace('_', " ")}</span>
                <code class="ac-delivery-event">{delivery.event_type.clone().unwrap_or_else(|| "unknown event".into())}</code>
                {show_url.then(|| delivery.webhook_url.clone().map(|u| view! { <span class="hint ac-delivery-url">{format!("to {u}")}</span> })).flatten()}
            </div>
            <dl class="ac-facts ac-delivery-facts">
                <dt>"Task"</dt>
                <dd>{task.map(|t| t.into_any()).unwrap_or_else(|| view! { <span class="hint">"none (test event)"</span> }.into_any())}</dd>
                <dt>"Attempts"</dt>
                <dd class="ac-delivery-attempts">{attempts_text(&delivery)}</dd>
                <dt>"Last status"</dt>
                <dd class="ac-delivery-code">
                    {delivery.last_status_code.map(|c| format!("HTTP {c}")).unwrap_or_else(|| "no answer".into())}
                </dd>
                {delivery.last_error.clone().map(|e| view! {
                    <dt>"Last error"</dt>
                    <dd class="ac-delivery-error">{e}</dd>
                })}
                <dt>"When"</dt>
                <dd class="ac-delivery-when">{move || d.with_value(|d| when_text(d, now.get()))}</dd>
            </dl>
            <div class="row">
                <button
                    type="button"
                    class="button"
                    aria-label=format!("Resend the {} delivery", delivery.event_type.clone().unwrap_or_default())
                    disabled=move || ctx.busy.read().is_some()
                    on:click=resend
                >
                    {move || if ctx.is_busy(&busy_label) { "Resending…" } else { "Resend" }}
                </button>
            </div>
            {move || ctx.notice_of(&id.get_value()).map(|n| view! { <p class="notice ac-row-notice" role="status">{n}</p> })}
            {move || ctx.error_of(&id.get_value()).map(|e| view! { <div class="ac-row-error"><ErrorNotice error=e /></div> })}
        </li>
    }
}
