//! AgentContainer SSH keys. (Being built.)

use leptos::prelude::*;

#[component]
pub fn SshKeysPage() -> impl IntoView {
    view! { <section class="page"><h1>"SSH keys"</h1></section> }
}
