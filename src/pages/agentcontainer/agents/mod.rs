//! AgentContainer agents: the list, the create/edit form and the agent page. (Being built.)

use leptos::prelude::*;

#[component]
pub fn AgentsPage() -> impl IntoView {
    view! { <section class="page"><h1>"Agents"</h1></section> }
}

#[component]
pub fn AgentPage() -> impl IntoView {
    view! { <section class="page"><h1>"Agent"</h1></section> }
}

#[component]
pub fn NewAgentPage() -> impl IntoView {
    view! { <section class="page"><h1>"New agent"</h1></section> }
}

#[component]
pub fn EditAgentPage() -> impl IntoView {
    view! { <section class="page"><h1>"Edit agent"</h1></section> }
}

