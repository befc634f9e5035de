//! The application shell: layout, navigation and the router. Every page has its own URL; the
//! patterns below match what `routes::Route::href` builds (the browser and end-to-end tests
//! open every page through those links).

use crate::components::nav_menu::{MenuButton, MenuState, NAV_ID};
use crate::components::not_found::NotFound;
use crate::components::theme::ThemeSwitch;
use crate::components::time::provide_clock;
use crate::components::toast::{provide_toasts, ToastRegion};
use crate::config::{provide_connections, Connections};
use crate::page_chunks::{self as chunk, lazy_page};
use crate::pages::inbox::InboxPage;
use crate::routes::Route as Page;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

#[component]
pub fn App(initial: Connections) -> impl IntoView {
    provide_connections(initial);
    provide_clock();
    provide_toasts();
    let menu = MenuState::new();
    view! {
        <Router>
            <header class="topbar" data-menu-open=menu.attr()>
                <a class="brand" href=Page::Home.href()>"agentdeck"</a>
                <MenuButton menu=menu />
                // On phones this folds behind the Menu button; picking a link closes it.
                <nav id=NAV_ID class="mainnav" aria-label="Main" on:click=move |_| menu.close()>
                    <A href=Page::Home.href() exact=true>"Inbox"</A>
                    <A href=Page::runners().href()>"Runners"</A>
                    <A href=Page::AcAgents { archived: false }.href()>"Agents"</A>
                    <A href=Page::AcRepositories.href()>"Repositories"</A>
                    <A href=Page::AcSshKeys.href()>"SSH keys"</A>
                    <A href=Page::AcWebhooks { webhook: None }.href()>"Webhooks"</A>
                    <A href=Page::AcAccount.href()>"Account"</A>
                    <A href=Page::Connections.href()>"Connections"</A>
                </nav>
                <ThemeSwitch />
                <crate::components::shortcuts::Shortcuts />
            </header>
            // Asks for a new secret when a service rejects one; the page below stays as it is.
            <crate::components::reconnect_banner::ReconnectBanner />
            <crate::components::offline_banner::OfflineBanner />
            <main class="content">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=InboxPage />
                    <Route path=path!("/connections") view=|| lazy_page(chunk::connections) />
                    <Route path=path!("/netlify/runners") view=|| lazy_page(chunk::runners) />
                    <Route path=path!("/netlify/runners/new") view=|| lazy_page(chunk::new_runner) />
                    <Route path=path!("/netlify/runners/:id") view=|| lazy_page(chunk::runner) />
                    <Route path=path!("/agentcontainer/account") view=|| lazy_page(chunk::account) />
                    <Route path=path!("/agentcontainer/agents") view=|| lazy_page(chunk::agents) />
                    <Route path=path!("/agentcontainer/agents/new") view=|| lazy_page(chunk::new_agent) />
                    <Route path=path!("/agentcontainer/agents/:id") view=|| lazy_page(chunk::agent) />
                    <Route path=path!("/agentcontainer/agents/:id/edit") view=|| lazy_page(chunk::edit_agent) />
                    <Route path=path!("/agentcontainer/agents/:id/tasks") view=|| lazy_page(chunk::agent_tasks) />
                    <Route path=path!("/agentcontainer/agents/:id/tasks/new") view=|| lazy_page(chunk::dispatch) />
                    <Route path=path!("/agentcontainer/agents/:id/conversations/new") view=|| lazy_page(chunk::new_conversation) />
                    <Route path=path!("/agentcontainer/tasks/:id") view=|| lazy_page(chunk::task) />
                    <Route path=path!("/agentcontainer/conversations/:id") view=|| lazy_page(chunk::conversation) />
                    <Route path=path!("/agentcontainer/repositories") view=|| lazy_page(chunk::repositories) />
                    <Route path=path!("/agentcontainer/ssh-keys") view=|| lazy_page(chunk::ssh_keys) />
                    <Route path=path!("/agentcontainer/webhooks") view=|| lazy_page(chunk::webhooks) />
                    // Hidden: the page `cargo xtask bench` measures (only in bench builds).
                    <Route path=path!("/__bench/:page") view=bench_page />
                </Routes>
            </main>
            <ToastRegion />
        </Router>
    }
}

/// A benchmark page in builds with the `bench` feature; "Page not found" otherwise.
#[cfg(feature = "bench")]
fn bench_page() -> impl IntoView {
    lazy_page(chunk::bench)
}

/// Without the `bench` feature there are no benchmark pages.
#[cfg(not(feature = "bench"))]
fn bench_page() -> impl IntoView {
    view! { <NotFound /> }
}
