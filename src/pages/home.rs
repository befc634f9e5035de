//! Home: where to go from here, given what is connected.

use crate::config::use_connections;
use crate::routes::Route;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let conns = use_connections();
    view! {
        <section class="page home-page">
            <header class="page-header"><h1>"agentdeck"</h1></header>
            <p>"Start agents, watch them work, review their changes and land them."</p>
            <ul class="home-links">
                <li>
                    {move || if conns.read().netlify_ready().is_some() {
                        view! { <a class="button button-primary" href=Route::runners().href()>"Netlify agent runners"</a> }.into_any()
                    } else {
                        view! { <a class="button" href=Route::Connections.href()>"Connect Netlify"</a> }.into_any()
                    }}
                </li>
                <li>
                    {move || if conns.read().agentcontainer_ready().is_some() {
                        view! { <span class="hint">"AgentContainer is connected."</span> }.into_any()
                    } else {
                        view! { <a class="button" href=Route::Connections.href()>"Connect AgentContainer"</a> }.into_any()
                    }}
                </li>
            </ul>
        </section>
    }
}
