//! The agent page's header: name, standard / archived marks, description, current version, the
//! links to its tasks, dispatch and a new conversation, "Edit", and "Archive" (confirmed).

use super::ctx::AgentCtx;
use crate::api::{self, ApiError};
use crate::components::confirm::ConfirmButton;
use crate::components::time::RelativeTime;
use crate::pages::agentcontainer::common::ErrorNotice;
use crate::routes::Route;
use leptos::prelude::*;

#[component]
pub fn AgentHeader() -> impl IntoView {
    let ctx = AgentCtx::use_ctx();
    let archiving = RwSignal::new(false);
    let archive_error = RwSignal::new(None::<ApiError>);
    let archive = Callback::new(move |_| {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        archiving.set(true);
        archive_error.set(None);
        let (scope, id) = (ctx.scope(), ctx.agent_id());
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::archive_agent(&conn, &id))
                .await;
            archiving.try_set(false);
            match result {
                Ok(()) => ctx.reload(),
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    archive_error.try_set(Some(e));
                }
            }
        });
    });
    let id = ctx.agent_id();
    let tasks = Route::AcAgentTasks {
        agent_id: id.clone(),
        status: None,
        mode: None,
    }
    .href();
    let dispatch = Route::AcDispatch {
        agent_id: id.clone(),
    }
    .href();
    let conversation = Route::AcNewConversation {
        agent_id: id.clone(),
    }
    .href();
    let edit = Route::AcEditAgent { id }.href();
    let name = move || {
        ctx.agent
            .with(|a| a.as_ref().map(|a| a.name.clone()).unwrap_or_default())
    };
    let standard = move || {
        ctx.agent
            .with(|a| a.as_ref().is_some_and(|a| a.is_standard))
    };
    let archived = move || {
        ctx.agent
            .with(|a| a.as_ref().and_then(|a| a.archived_at.clone()))
    };
    let usable = move || archived().is_none();
    view! {
        <header class="page-header ac-agent-header">
            <div class="ac-agent-title">
                <h1>{name}</h1>
                {move || standard().then(|| view! { <span class="badge badge-info">"Standard"</span> })}
                {move || archived().map(|at| view! {
                    <span class="badge badge-muted ac-archived-mark">"Archived"</span>
                    <span class="hint">"archived " <RelativeTime ts=at /></span>
                })}
            </div>
        </header>
        {move || ctx.agent.with(|a| a.as_ref().and_then(|a| a.description.clone()))
            .map(|d| view! { <p class="ac-agent-description">{d}</p> })}
        <p class="hint ac-agent-version">
            {move || ctx.agent.with(|a| a.as_ref().map(|a| format!("Version {}", a.current_version.number)))}
            " · created "
            {move || ctx.agent.with(|a| a.as_ref().map(|a| view! { <RelativeTime ts=a.created_at.clone() /> }))}
        </p>
        <div class="row ac-agent-links">
            <a class="button" href=tasks>"Tasks"</a>
            <Show when=usable>
                <a class="button button-primary" href=dispatch.clone()>"Dispatch a task"</a>
                <a class="button" href=conversation.clone()>"Start a conversation"</a>
            </Show>
            <Show when=move || ctx.editable()>
                <a class="button" href=edit.clone()>"Edit"</a>
                <ConfirmButton
                    label="Archive"
                    confirm_label="Yes, archive it"
                    explanation="Archiving hides the agent from the list and stops new tasks from being dispatched to it. Tasks already running carry on."
                    busy=archiving
                    busy_label="Archiving…"
                    danger=true
                    on_confirm=archive
                />
            </Show>
        </div>
        {move || standard().then(|| view! {
            <p class="hint">"A standard agent is provided by AgentContainer: fork it from the Agents list to make a copy you can edit."</p>
        })}
        {move || archive_error.get().map(|e| view! {
            <div class="ac-archive-error">
                <p class="hint">"The agent was not archived."</p>
                <ErrorNotice error=e retry=archive />
            </div>
        })}
    }
}
