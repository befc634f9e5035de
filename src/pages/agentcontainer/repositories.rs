//! AgentContainer repositories. (Being built.)

use leptos::prelude::*;

#[component]
pub fn RepositoriesPage() -> impl IntoView {
    view! { <section class="page"><h1>"Repositories"</h1></section> }
}
