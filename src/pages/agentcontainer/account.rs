//! The AgentContainer account page: credits, billing mode, storage. (Being built.)

use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! { <section class="page"><h1>"Account"</h1></section> }
}

