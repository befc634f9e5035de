//! AgentContainer conversations: starting one and the live conversation page. (Being built.)

use leptos::prelude::*;

#[component]
pub fn NewConversationPage() -> impl IntoView {
    view! { <section class="page"><h1>"New conversation"</h1></section> }
}

#[component]
pub fn ConversationPage() -> impl IntoView {
    view! { <section class="page"><h1>"Conversation"</h1></section> }
}

