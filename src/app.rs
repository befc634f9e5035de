//! The application shell: layout, navigation and the router. Every page has its own URL; the
//! patterns below match what `routes::Route::href` builds (the browser and end-to-end tests
//! open every page through those links).

use crate::components::nav_menu::{MenuButton, MenuState, NAV_ID};
use crate::components::theme::ThemeSwitch;
use crate::components::time::provide_clock;
use crate::components::toast::{provide_toasts, ToastRegion};
use crate::config::{provide_connections, Connections};
use crate::pages::agentcontainer::{
    account::AccountPage,
    agents::{AgentPage, AgentsPage, EditAgentPage, NewAgentPage},
    conversations::{ConversationPage, NewConversationPage},
    repositories::RepositoriesPage,
    ssh_keys::SshKeysPage,
    tasks::{AgentTasksPage, DispatchPage, TaskPage},
    webhooks::WebhooksPage,
};
use crate::pages::{
    connections::ConnectionsPage, inbox::InboxPage, netlify::new_runner::NewRunnerPage,
    netlify::runner::RunnerPage, netlify::runners::RunnersPage,
};
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
                <Routes fallback=not_found>
                    <Route path=path!("/") view=InboxPage />
                    <Route path=path!("/connections") view=ConnectionsPage />
                    <Route path=path!("/netlify/runners") view=RunnersPage />
                    <Route path=path!("/netlify/runners/new") view=NewRunnerPage />
                    <Route path=path!("/netlify/runners/:id") view=RunnerPage />
                    <Route path=path!("/agentcontainer/account") view=AccountPage />
                    <Route path=path!("/agentcontainer/agents") view=AgentsPage />
                    <Route path=path!("/agentcontainer/agents/new") view=NewAgentPage />
                    <Route path=path!("/agentcontainer/agents/:id") view=AgentPage />
                    <Route path=path!("/agentcontainer/agents/:id/edit") view=EditAgentPage />
                    <Route path=path!("/agentcontainer/agents/:id/tasks") view=AgentTasksPage />
                    <Route path=path!("/agentcontainer/agents/:id/tasks/new") view=DispatchPage />
                    <Route path=path!("/agentcontainer/agents/:id/conversations/new") view=NewConversationPage />
                    <Route path=path!("/agentcontainer/tasks/:id") view=TaskPage />
                    <Route path=path!("/agentcontainer/conversations/:id") view=ConversationPage />
                    <Route path=path!("/agentcontainer/repositories") view=RepositoriesPage />
                    <Route path=path!("/agentcontainer/ssh-keys") view=SshKeysPage />
                    <Route path=path!("/agentcontainer/webhooks") view=WebhooksPage />
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
fn bench_page() -> AnyView {
    use crate::pages::bench::{conversation, diff, log};
    match crate::routes::use_path_param("page").as_str() {
        "diff" => view! { <diff::DiffBenchPage /> }.into_any(),
        "conversation" => view! { <conversation::ConversationBenchPage /> }.into_any(),
        "burst" => view! { <conversation::BurstBenchPage /> }.into_any(),
        "log" => view! { <log::LogBenchPage /> }.into_any(),
        _ => not_found().into_any(),
    }
}

/// Without the `bench` feature there are no benchmark pages.
#[cfg(not(feature = "bench"))]
fn bench_page() -> AnyView {
    not_found().into_any()
}

fn not_found() -> impl IntoView {
    view! { <section class="page"><h1>"Page not found"</h1><a href=Page::Home.href()>"Go home"</a></section> }
}
