//! The agent page (`/agentcontainer/agents/:id`, the tab in `?tab=`): header with actions, and
//! the tabs Settings, Versions, Files (reference files) and Repositories. [`ctx`] holds the
//! page's state and is the only module the parts share; the parts never import each other.

pub mod ctx;
pub mod files;
pub mod header;
pub mod repo_attach;
pub mod repositories;
pub mod settings;
pub mod versions;

use crate::hooks::tab_title::use_tab_title;
use crate::pages::agentcontainer::common::{ErrorNotice, NotConnected};
use crate::routes::{use_agent_tab, use_id_param, AgentTab, Route};
use ctx::AgentCtx;
use files::FilesTab;
use header::AgentHeader;
use leptos::prelude::*;
use repo_attach::AttachRepository;
use repositories::AttachedRepositories;
use settings::SettingsTab;
use versions::VersionsTab;

fn tab_label(tab: AgentTab) -> &'static str {
    match tab {
        AgentTab::Settings => "Settings",
        AgentTab::Versions => "Versions",
        AgentTab::Files => "Files",
        AgentTab::Repositories => "Repositories",
    }
}

/// `/agentcontainer/agents/:id`: rebuilt from scratch when the id changes.
#[component]
pub fn AgentPage() -> impl IntoView {
    let id = use_id_param();
    move || {
        let id = id.get();
        view! { <AgentView id=id /> }
    }
}

#[component]
fn AgentView(id: String) -> impl IntoView {
    let ctx = AgentCtx::provide(id);
    let tab = use_agent_tab();
    use_tab_title(move || {
        let name = ctx.agent.with(|a| a.as_ref().map(|a| a.name.clone()));
        format!(
            "{} · AgentContainer",
            name.unwrap_or_else(|| "Agent".into())
        )
    });
    let loaded = move || ctx.agent.with(|a| a.is_some());
    let retry = Callback::new(move |_| ctx.reload());
    view! {
        <section class="page ac-agent-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=Route::AcAgents { archived: false }.href()>"← Agents"</a>
            </nav>
            {move || ctx.conn.read().is_none().then(|| view! { <NotConnected what="this agent" /> })}
            {move || ctx.load_error.get().map(|e| view! { <ErrorNotice error=e retry=retry /> })}
            <Show
                when=loaded
                fallback=move || (ctx.load_error.read().is_none() && ctx.conn.read().is_some())
                    .then(|| view! { <p class="loading" role="status">"Loading the agent…"</p> })
            >
                <AgentHeader />
                <nav class="tabs" aria-label="Agent views">
                    {AgentTab::ALL
                        .into_iter()
                        .map(|t| view! {
                            <a
                                class="tab"
                                href=ctx.href(t)
                                aria-current=move || (tab.get() == t).then_some("page")
                            >
                                {tab_label(t)}
                            </a>
                        })
                        .collect_view()}
                </nav>
                {move || match tab.get() {
                    AgentTab::Settings => view! { <SettingsTab /> }.into_any(),
                    AgentTab::Versions => view! { <VersionsTab /> }.into_any(),
                    AgentTab::Files => view! { <FilesTab /> }.into_any(),
                    AgentTab::Repositories => view! {
                        <AttachedRepositories />
                        <AttachRepository />
                    }
                    .into_any(),
                }}
            </Show>
        </section>
    }
}
