//! AgentContainer webhooks and their deliveries. (Being built.)

use leptos::prelude::*;

#[component]
pub fn WebhooksPage() -> impl IntoView {
    view! { <section class="page"><h1>"Webhooks"</h1></section> }
}
