//! `/agentcontainer/agents`: custom and standard agents (standard ones marked, archived ones
//! only with "Show archived" on, kept in the URL), "Load more" on the cursor, "New agent", and
//! "Fork" on each standard agent (makes a custom copy through the API and opens it).

use crate::api::cursor::CursorList;
use crate::api::{self, ApiError};
use crate::components::skeleton::Skeleton;
use crate::components::time::RelativeTime;
use crate::hooks::tab_title::use_tab_title;
use crate::hooks::use_request_scope;
use crate::pages::agentcontainer::common::{use_ac_connection, ErrorNotice, NotConnected};
use crate::routes::{use_query_value, AgentTab, Route};
use agentdeck_wire::agentcontainer::{Agent, ForkAgent};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;

/// The agents to show: archived ones only when asked for.
pub fn visible_agents(items: &[Agent], show_archived: bool) -> Vec<Agent> {
    items
        .iter()
        .filter(|a| show_archived || a.archived_at.is_none())
        .cloned()
        .collect()
}

#[component]
pub fn AgentsPage() -> impl IntoView {
    use_tab_title(|| "Agents · AgentContainer".to_string());
    let conn = use_ac_connection();
    let scope = SendWrapper::new(use_request_scope());
    let archived_q = use_query_value("archived");
    let show_archived = Memo::new(move |_| archived_q.read().is_some());
    let list = RwSignal::new(CursorList::<Agent>::new());
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let fork_error = RwSignal::new(None::<ApiError>);
    let forking = RwSignal::new(None::<String>);

    let load_more = {
        let scope = scope.clone();
        move || {
            let Some(conn) = conn.get_untracked() else {
                return;
            };
            if loading.get_untracked() {
                return;
            }
            loading.set(true);
            error.set(None);
            let q = list.with_untracked(|l| l.query(None));
            let scope = scope.clone();
            leptos::task::spawn_local(async move {
                let result = scope.run(api::agentcontainer::list_agents(&conn, &q)).await;
                loading.try_set(false);
                match result {
                    Ok(page) => {
                        list.try_update(|l| l.absorb(page));
                    }
                    Err(e) if e.is_aborted() => {}
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            });
        }
    };
    let first_load = load_more.clone();
    Effect::new(move |_| {
        if conn.read().is_some() {
            list.set(CursorList::new());
            first_load();
        }
    });

    let navigate = use_navigate();
    let nav_toggle = navigate.clone();
    let fork = Callback::new(move |agent: Agent| {
        let Some(conn) = conn.get_untracked() else {
            return;
        };
        forking.set(Some(agent.id.clone()));
        fork_error.set(None);
        let (scope, navigate) = (scope.clone(), navigate.clone());
        leptos::task::spawn_local(async move {
            let body = ForkAgent::default();
            let result = scope
                .run(api::agentcontainer::fork_agent(&conn, &agent.id, &body))
                .await;
            forking.try_set(None);
            match result {
                Ok(fork) => navigate(
                    &Route::AcAgent {
                        id: fork.id,
                        tab: AgentTab::Settings,
                    }
                    .href(),
                    Default::default(),
                ),
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    fork_error.try_set(Some(e));
                }
            }
        });
    });
    let retry_more = load_more.clone();
    let retry = Callback::new(move |_| retry_more());
    let rows = Memo::new(move |_| list.with(|l| visible_agents(&l.items, show_archived.get())));
    let loaded = move || list.with(|l| !l.items.is_empty() || !l.can_load_more());

    view! {
        <section class="page ac-agents-page">
            <header class="page-header">
                <h1>"Agents"</h1>
                <div class="row">
                    <label class="checkbox">
                        <input
                            type="checkbox"
                            name="archived"
                            prop:checked=move || show_archived.get()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                nav_toggle(&Route::AcAgents { archived: on }.href(), Default::default());
                            }
                        />
                        "Show archived agents"
                    </label>
                    <a class="button button-primary" href=Route::AcNewAgent.href()>"New agent"</a>
                </div>
            </header>
            {move || conn.read().is_none().then(|| view! { <NotConnected what="your agents" /> })}
            {move || fork_error.get().map(|e| view! {
                <div class="ac-fork-error"><ErrorNotice error=e /></div>
            })}
            <ul class="ac-agent-list" aria-label="Agents" data-nav-list="">
                <For
                    each=move || rows.get()
                    key=|a| (a.id.clone(), a.name.clone(), a.archived_at.is_some(), a.current_version.id.clone())
                    children=move |a| view! { <AgentRow agent=a fork=fork forking=forking /> }
                />
            </ul>
            {move || (loaded() && rows.read().is_empty() && error.read().is_none()).then(|| view! {
                <p class="empty-state">
                    {if show_archived.get() { "No agents yet." } else { "No agents yet (archived ones are hidden)." }}
                </p>
            })}
            {move || loading.get().then(|| view! { <Skeleton label="Loading agents…" /> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e retry=retry /> })}
            {move || {
                let more = list.with(|l| l.can_load_more()) && !loading.get() && error.read().is_none() && loaded();
                let load = load_more.clone();
                more.then(|| view! {
                    <div class="pagination">
                        <button type="button" class="button" on:click=move |_| load()>"Load more agents"</button>
                    </div>
                })
            }}
        </section>
    }
}

#[component]
fn AgentRow(
    agent: Agent,
    fork: Callback<Agent>,
    forking: RwSignal<Option<String>>,
) -> impl IntoView {
    let v = &agent.current_version;
    let href = Route::AcAgent {
        id: agent.id.clone(),
        tab: AgentTab::Settings,
    }
    .href();
    let meta = format!("Version {} · {}", v.number, v.defaults.model);
    let id = agent.id.clone();
    let name = agent.name.clone();
    let busy = Signal::derive(move || forking.read().as_deref() == Some(id.as_str()));
    let any_busy = move || forking.read().is_some();
    let standard = agent.is_standard;
    let archived = agent.archived_at.is_some();
    let to_fork = agent.clone();
    view! {
        <li class="ac-agent-row" data-agent-id=agent.id.clone()>
            <div class="ac-agent-main">
                <a class="ac-agent-name" href=href data-nav-item="">{agent.name.clone()}</a>
                {standard.then(|| view! { <span class="badge badge-info">"Standard"</span> })}
                {archived.then(|| view! { <span class="badge badge-muted">"Archived"</span> })}
                {agent.description.clone().map(|d| view! { <p class="ac-agent-description">{d}</p> })}
            </div>
            <div class="ac-agent-meta">
                <span>{meta}</span>
                <span>"Created " <RelativeTime ts=agent.created_at.clone() /></span>
            </div>
            <div class="ac-agent-actions">
                {standard.then(|| view! {
                    <button
                        type="button"
                        class="button"
                        aria-label=format!("Fork {name} into a custom agent")
                        disabled=any_busy
                        on:click=move |_| fork.run(to_fork.clone())
                    >
                        {move || if busy.get() { "Forking…" } else { "Fork" }}
                    </button>
                })}
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archived_agents_show_only_when_asked() {
        let json = |id: &str, archived: bool| {
            serde_json::json!({
                "id": id, "name": id, "isStandard": false,
                "archivedAt": if archived { serde_json::json!("2026-01-02T00:00:00Z") } else { serde_json::Value::Null },
                "createdAt": "2026-01-01T00:00:00Z",
                "currentVersion": {
                    "id": "v", "number": 1, "basePrompt": "",
                    "runtime": {"containerImage": "i", "agentRuntime": "pi"},
                    "defaults": {"model": "m", "maxRuntimeSeconds": 1, "runtimeRegion": "any"},
                    "createdAt": "2026-01-01T00:00:00Z"
                }
            })
        };
        let agents: Vec<Agent> = [json("a", false), json("b", true)]
            .into_iter()
            .map(|j| serde_json::from_value(j).unwrap())
            .collect();
        let ids = |v: Vec<Agent>| v.into_iter().map(|a| a.id).collect::<Vec<_>>();
        assert_eq!(ids(visible_agents(&agents, false)), ["a"]);
        assert_eq!(ids(visible_agents(&agents, true)), ["a", "b"]);
    }
}
