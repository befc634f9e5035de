//! `/agentcontainer/tasks/:id`: one task, live. The page is a folder around one context
//! (`ctx`: the task from the event feed, logs, files, actions); its parts (`summary`,
//! `actions`, `log_panel`, `outputs`) read that context and never import each other; `log_store`
//! (the lines held), `logs` and `watch` (pure) are helpers of the context.

mod actions;
mod ctx;
mod log_panel;
mod log_store;
mod logs;
mod outputs;
mod summary;
mod watch;

use crate::api::{AgentContainerConnection, ApiErrorKind};
use crate::pages::agentcontainer::common::{use_ac_connection, ErrorNotice, NotConnected};
use crate::routes::{use_id_param, Route};
use actions::TaskActions;
use agentdeck_wire::agentcontainer::TaskMode;
use ctx::TaskCtx;
use leptos::prelude::*;
use log_panel::LogPanel;
use outputs::OutputFiles;
use summary::{FeedState, TaskSummary};

#[component]
pub fn TaskPage() -> impl IntoView {
    let conn = use_ac_connection();
    let id = use_id_param();
    move || match conn.get() {
        None => view! {
            <section class="page task-page">
                <h1>"Task"</h1>
                <NotConnected what="this task" />
            </section>
        }
        .into_any(),
        Some(conn) => view! { <TaskView conn=conn id=id.get() /> }.into_any(),
    }
}

#[component]
fn TaskView(conn: AgentContainerConnection, id: String) -> impl IntoView {
    let ctx = TaskCtx::provide(conn, id.clone());
    let task = ctx.task;
    let agent = Memo::new(move |_| {
        task.with(|t| {
            t.as_ref()
                .map(|t| (t.agent_id.clone(), t.agent_name.clone()))
        })
    });
    let conversation = Memo::new(move |_| {
        task.with(|t| t.as_ref().is_some_and(|t| t.mode == TaskMode::Conversation))
    });
    let title = move || {
        task.with(|t| {
            t.as_ref()
                .map(|t| t.title.trim().to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "Task".into())
        })
    };
    view! {
        <section class="page task-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                {move || match agent.get() {
                    Some((agent_id, name)) => view! {
                        <a href=Route::AcAgentTasks { agent_id, status: None, mode: None }.href()>
                            {format!("← Tasks of {name}")}
                        </a>
                    }.into_any(),
                    None => view! { <a href=Route::AcAgents { archived: false }.href()>"← Agents"</a> }.into_any(),
                }}
            </nav>
            <header class="page-header">
                <h1 class="task-title">{title}</h1>
                <Show when=move || conversation.get()>
                    <a class="button" href=Route::AcConversation { id: id.clone() }.href()>"Open the conversation"</a>
                </Show>
            </header>
            <Show when=move || task.with(Option::is_some)>
                <FeedState />
            </Show>
            {move || {
                let missing = task.with(Option::is_none);
                match ctx.load_error.get() {
                    Some(e) if missing && e.kind == ApiErrorKind::NotFound => view! {
                        <div class="notice notice-error task-not-found" role="alert">
                            <p>"This task does not exist, or it was deleted."</p>
                            <a class="button" href=Route::AcAgents { archived: false }.href()>"Go to the agents"</a>
                        </div>
                    }.into_any(),
                    Some(e) if missing => view! { <ErrorNotice error=e /> }.into_any(),
                    _ if missing => view! { <p class="loading" role="status">"Loading the task…"</p> }.into_any(),
                    _ => ().into_any(),
                }
            }}
            <Show when=move || task.with(Option::is_some)>
                {move || task.get().map(|t| view! { <TaskSummary task=t /> })}
                <TaskActions />
                <LogPanel />
                <OutputFiles />
            </Show>
        </section>
    }
}
