//! `/agentcontainer/agents/:id/tasks`: the tasks of an agent, newest first. Status and mode
//! filters live in the URL; "Load more" follows the cursor; the first page is read again while
//! any task on it may change (and slowly otherwise, to show new ones), updating rows in place.

use crate::api::agentcontainer as ac;
use crate::api::cursor::CursorList;
use crate::api::poll::{Observed, PollPolicy, Poller};
use crate::api::{AgentContainerConnection, ApiError};
use crate::components::skeleton::Skeleton;
use crate::components::state_badge::StateBadge;
use crate::components::time::RelativeTime;
use crate::hooks::tab_title::use_tab_title;
use crate::hooks::use_request_scope;
use crate::pages::agentcontainer::common::{use_ac_connection, ErrorNotice, NotConnected};
use crate::routes::{use_id_param, use_query_value, Route};
use agentdeck_wire::agentcontainer::{ListTasksQuery, Task, TaskMode, TaskStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;
use std::time::Duration;

const PAGE: u32 = 20;
const EXCERPT: usize = 140;

/// Puts a fresh first page into the list: rows already shown are updated in place, new tasks
/// go on top (newest first), rows further down stay.
pub fn merge_first_page(items: &mut Vec<Task>, page: Vec<Task>) {
    let mut fresh = Vec::new();
    for t in page {
        match items.iter_mut().find(|o| o.id == t.id) {
            Some(o) => *o = t,
            None => fresh.push(t),
        }
    }
    items.splice(0..0, fresh);
}

/// What a row is called: its title, else the start of its instructions.
pub fn row_title(t: &Task) -> String {
    let title = t.title.trim();
    if !title.is_empty() {
        return title.to_string();
    }
    let text: String = t
        .instructions
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() > EXCERPT {
        format!("{}…", text.chars().take(EXCERPT).collect::<String>())
    } else if text.is_empty() {
        "Untitled task".into()
    } else {
        text
    }
}

fn observe(page: &[Task]) -> Observed {
    Observed {
        live: page.iter().any(|t| t.status.is_live()),
        fingerprint: page
            .iter()
            .map(|t| format!("{}:{}", t.id, t.status.as_str()))
            .collect::<Vec<_>>()
            .join(","),
    }
}

#[component]
pub fn AgentTasksPage() -> impl IntoView {
    let conn = use_ac_connection();
    let agent_id = use_id_param();
    let status = use_query_value("status");
    let mode = use_query_value("mode");
    let agent = LocalResource::new(move || {
        let (conn, id) = (conn.get(), agent_id.get());
        async move { ac::get_agent(&conn?, &id).await.ok() }
    });
    let agent_name = move || agent.get().flatten().map(|a| a.name);
    let _ = use_tab_title(move || "Tasks · agentdeck".to_string());
    let navigate = use_navigate();
    let go = move |status: Option<String>, mode: Option<String>| {
        let route = Route::AcAgentTasks {
            agent_id: agent_id.get_untracked(),
            status,
            mode,
        };
        navigate(&route.href(), Default::default());
    };
    let go2 = go.clone();
    view! {
        <section class="page ac-tasks-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=move || Route::AcAgent { id: agent_id.get(), tab: Default::default() }.href()>
                    {move || format!("← {}", agent_name().unwrap_or_else(|| "Agent".into()))}
                </a>
            </nav>
            <header class="page-header">
                <h1>{move || match agent_name() { Some(n) => format!("Tasks of {n}"), None => "Tasks".into() }}</h1>
                <a class="button button-primary" href=move || Route::AcDispatch { agent_id: agent_id.get() }.href() data-shortcut="new">
                    "Dispatch a task"
                </a>
            </header>
            <div class="row ac-task-filters" role="group" aria-label="Filters">
                <label class="field field-inline">
                    <span>"Status"</span>
                    <select
                        name="status"
                        prop:value=move || status.get().unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            go((!v.is_empty()).then_some(v), mode.get_untracked());
                        }
                    >
                        <option value="">"Any status"</option>
                        {TaskStatus::KNOWN.iter().map(|s| view! { <option value=s.as_str().to_string()>{s.as_str().replace('_', " ")}</option> }).collect_view()}
                        {move || status.get().filter(|s| TaskStatus::parse(s).is_unknown()).map(|s| { let v = s.clone(); view! { <option value=v>{s}</option> } })}
                    </select>
                </label>
                <label class="field field-inline">
                    <span>"Mode"</span>
                    <select
                        name="mode"
                        prop:value=move || mode.get().unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            go2(status.get_untracked(), (!v.is_empty()).then_some(v));
                        }
                    >
                        <option value="">"Any mode"</option>
                        {TaskMode::KNOWN.iter().map(|m| view! { <option value=m.as_str().to_string()>{m.as_str().to_string()}</option> }).collect_view()}
                        {move || mode.get().filter(|m| TaskMode::parse(m).is_unknown()).map(|m| { let v = m.clone(); view! { <option value=v>{m}</option> } })}
                    </select>
                </label>
            </div>
            {move || match conn.get() {
                None => view! { <NotConnected what="the tasks of this agent" /> }.into_any(),
                Some(c) => {
                    let q = ListTasksQuery {
                        status: status.get().map(|s| TaskStatus::parse(&s)),
                        mode: mode.get().map(|m| TaskMode::parse(&m)),
                        limit: Some(PAGE),
                        cursor: None,
                    };
                    view! { <TaskList conn=c agent_id=agent_id.get() query=q /> }.into_any()
                }
            }}
        </section>
    }
}

/// The rows for one set of filters; polling and paging stop when the filters change.
#[component]
fn TaskList(
    conn: AgentContainerConnection,
    agent_id: String,
    query: ListTasksQuery,
) -> impl IntoView {
    let scope = StoredValue::new(SendWrapper::new(use_request_scope()));
    let list = RwSignal::new(CursorList::<Task>::new());
    let error = RwSignal::new(None::<ApiError>);
    let more_busy = RwSignal::new(false);
    // The first page came: its cursor is the one "Load more" follows.
    let first_seen = RwSignal::new(false);
    let restart = RwSignal::new(0u32);
    let (c, a, q) = (conn.clone(), agent_id.clone(), query.clone());
    let poll_scope = scope.with_value(|s| (**s).clone());
    Effect::new(move |_| {
        restart.track();
        let (c, a, q) = (c.clone(), a.clone(), q.clone());
        Poller::start(
            &poll_scope,
            PollPolicy::for_list(Duration::from_secs(30)),
            move || {
                let (c, a, q) = (c.clone(), a.clone(), q.clone());
                async move { ac::list_tasks(&c, &a, &q).await }
            },
            |page| observe(&page.data),
            move |r| match r {
                Ok(page) => {
                    error.try_set(None);
                    let first = !first_seen.get_untracked();
                    first_seen.try_set(true);
                    list.try_update(|l| {
                        if first {
                            l.absorb(page);
                        } else {
                            merge_first_page(&mut l.items, page.data);
                        }
                    });
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            },
        );
    });
    let load_more = move |_| {
        let Some(cursor) = list.with_untracked(|l| l.next_cursor().map(str::to_string)) else {
            return;
        };
        let (c, a) = (conn.clone(), agent_id.clone());
        let q = ListTasksQuery {
            cursor: Some(cursor),
            ..query.clone()
        };
        more_busy.set(true);
        let fut = scope.with_value(|s| s.run(async move { ac::list_tasks(&c, &a, &q).await }));
        leptos::task::spawn_local(async move {
            let r = fut.await;
            more_busy.try_set(false);
            match r {
                Ok(page) => {
                    list.try_update(|l| l.absorb(page));
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let retry = Callback::new(move |_| restart.update(|n| *n += 1));
    view! {
        {move || error.get().map(|e| view! { <ErrorNotice error=e retry=retry /> })}
        {move || {
            let empty = list.with(|l| l.items.is_empty());
            if !first_seen.get() && error.with(Option::is_none) {
                view! { <Skeleton label="Loading tasks…" /> }.into_any()
            } else if empty && error.with(Option::is_none) {
                view! { <p class="empty-state">"No tasks match these filters."</p> }.into_any()
            } else {
                ().into_any()
            }
        }}
        <ul class="ac-task-list" data-nav-list="">
            <For
                each=move || list.with(|l| l.items.clone())
                key=|t| (t.id.clone(), t.status.as_str().to_string(), t.cost_usd.map(f64::to_bits), t.title.clone())
                children=|t| view! { <TaskRow task=t /> }
            />
        </ul>
        <Show when=move || first_seen.get() && list.with(|l| l.next_cursor().is_some())>
            <button type="button" class="button" disabled=move || more_busy.get() on:click=load_more.clone()>
                {move || if more_busy.get() { "Loading more tasks…" } else { "Load more tasks" }}
            </button>
        </Show>
    }
}

#[component]
fn TaskRow(task: Task) -> impl IntoView {
    let title = row_title(&task);
    let conversation = task.mode == TaskMode::Conversation;
    let id = task.id.clone();
    view! {
        <li class="ac-task-row card" data-status=task.status.as_str().to_string()>
            <a class="ac-task-title" href=Route::AcTask { id: id.clone() }.href() data-nav-item="">{title}</a>
            <div class="row ac-task-meta">
                <StateBadge state=task.status.as_str().to_string() />
                <span class="badge">{task.mode.as_str().to_string()}</span>
                <RelativeTime ts=task.created_at.clone() />
                {task.cost_usd.map(|c| view! { <span class="ac-task-cost">{format!("${c:.2}")}</span> })}
                {conversation.then(|| view! {
                    <a class="button button-quiet" href=Route::AcConversation { id }.href()>"Open the conversation"</a>
                })}
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: &str, status: &str) -> Task {
        let json = format!(
            r#"{{"mode":"autonomous","id":"{id}","agentId":"a","runtime":{{"containerImage":"i","agentRuntime":"pi"}},
            "status":"{status}","runtimeRegion":"any","execution":{{"provider":"anthropic","model":"m","weakModel":"w"}},
            "createdAt":"2026-03-25T09:30:00.000Z","instructions":"  Fix   the\nheader  "}}"#
        );
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn a_fresh_first_page_updates_in_place_and_adds_on_top() {
        let mut items = vec![task("b", "running"), task("a", "finished")];
        merge_first_page(
            &mut items,
            vec![task("c", "pending"), task("b", "finished")],
        );
        let ids: Vec<_> = items
            .iter()
            .map(|t| (t.id.as_str(), t.status.as_str()))
            .collect();
        assert_eq!(
            ids,
            vec![("c", "pending"), ("b", "finished"), ("a", "finished")]
        );
        assert!(observe(&items).live);
        assert!(!observe(&items[1..]).live);
    }

    #[test]
    fn rows_are_named_by_title_or_instructions() {
        let mut t = task("a", "running");
        assert_eq!(row_title(&t), "Fix the header");
        t.title = "Header".into();
        assert_eq!(row_title(&t), "Header");
        t.title.clear();
        t.instructions = "x".repeat(300);
        assert_eq!(row_title(&t).chars().count(), EXCERPT + 1);
    }
}
