//! `/agentcontainer/agents/:id/tasks/new`: dispatch a task to an agent. Instructions (a draft
//! kept across reloads until sent; Ctrl/Cmd+Enter sends, never while an input method
//! composes), version, input files, input repositories, skills, metadata and overrides. One
//! idempotency key per dispatch, reused when the same request is retried. A failed dispatch
//! keeps everything typed and picked; a 402 links to Account, a 422 shows next to its field.
//!
//! `form` (pure: values, problems, request), `sections` (the form's parts); the input files are
//! the shared [`crate::pages::agentcontainer::upload_list`].

mod form;
mod sections;

use crate::api::agentcontainer::{self as ac, IdempotencyKey};
use crate::api::{AgentContainerConnection, ApiError};
use crate::hooks::draft::{self, use_draft};
use crate::hooks::use_request_scope;
use crate::keyboard::is_send_shortcut;
use crate::pages::agentcontainer::common::{
    field_message, use_ac_connection, ErrorNotice, NotConnected,
};
use crate::pages::agentcontainer::upload_list::{UploadFileList, UploadFiles};
use crate::routes::{use_id_param, Route};
use agentdeck_wire::agentcontainer::{CreateTask, ListQuery, TaskMode};
use form::{reuse_key, DispatchForm};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use sections::{MetadataRows, Overrides, RepoRows};
use send_wrapper::SendWrapper;

/// Fields of a 422 shown next to their part of the form, with the part's name.
const FIELDS: &[(&str, &str)] = &[
    ("versionId", "Version"),
    ("inputFileIds", "Input files"),
    ("inputRepositories", "Input repositories"),
    ("skills", "Skills"),
    ("metadata", "Metadata"),
    ("overrides", "Overrides"),
];

#[component]
pub fn DispatchPage() -> impl IntoView {
    let conn = use_ac_connection();
    let agent_id = use_id_param();
    view! {
        <section class="page ac-dispatch-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=move || Route::AcAgentTasks { agent_id: agent_id.get(), status: None, mode: None }.href()>"← Tasks"</a>
            </nav>
            <header class="page-header"><h1>"Dispatch a task"</h1></header>
            {move || match conn.get() {
                None => view! { <NotConnected what="the dispatch form" /> }.into_any(),
                Some(c) => view! { <DispatchFormView conn=c agent_id=agent_id.get() /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DispatchFormView(conn: AgentContainerConnection, agent_id: String) -> impl IntoView {
    let conversation_href = Route::AcNewConversation {
        agent_id: agent_id.clone(),
    }
    .href();
    let scope = StoredValue::new(SendWrapper::new(use_request_scope()));
    let draft_name = format!("dispatch.{agent_id}");
    let instructions = use_draft(draft_name.clone());
    let form = RwSignal::new(DispatchForm::default());
    let files = UploadFiles::new(Signal::stored(Some(conn.clone())));
    let submitted = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    // The last request sent and its key: a retry of the same request reuses the key.
    let last = StoredValue::new(None::<(CreateTask, String)>);

    let (c1, a1) = (conn.clone(), agent_id.clone());
    let choices = LocalResource::new(move || {
        let (c, a) = (c1.clone(), a1.clone());
        async move {
            let agent = ac::get_agent(&c, &a).await.ok();
            let q = ListQuery {
                limit: Some(100),
                cursor: None,
            };
            let versions = ac::list_agent_versions(&c, &a, &q)
                .await
                .map(|p| p.data)
                .unwrap_or_default();
            let repos = ac::list_repositories(&c, &q)
                .await
                .map(|p| p.data)
                .unwrap_or_default();
            (agent, versions, repos)
        }
    });
    let repos = Signal::derive(move || choices.get().map(|(_, _, r)| r).unwrap_or_default());
    let problems = Memo::new(move |_| form.with(|f| f.problems()));
    let files_problem = Memo::new(move |_| files.problem());

    let navigate = use_navigate();
    let send = move || {
        submitted.set(true);
        if sending.get_untracked()
            || !problems.get_untracked().is_empty()
            || files_problem.get_untracked().is_some()
        {
            return;
        }
        let body =
            form.with_untracked(|f| f.to_request(&instructions.get_untracked(), files.file_ids()));
        let key = match last.get_value() {
            Some((prev, key)) if reuse_key(Some(&prev), &body) => key,
            _ => IdempotencyKey::new().as_str().to_string(),
        };
        last.set_value(Some((body.clone(), key.clone())));
        sending.set(true);
        error.set(None);
        let (c, a) = (conn.clone(), agent_id.clone());
        let fut = scope.with_value(|s| {
            s.run(async move {
                    ac::create_task(&c, &a, &body, &IdempotencyKey::from_string(key)).await
                })
        });
        let (navigate, draft_name) = (navigate.clone(), draft_name.clone());
        leptos::task::spawn_local(async move {
            let result = fut.await;
            sending.try_set(false);
            match result {
                Ok(task) => {
                    draft::clear(&draft_name);
                    instructions.try_set(String::new());
                    files.clear();
                    last.set_value(None);
                    let route = if task.mode == TaskMode::Conversation {
                        Route::AcConversation { id: task.id }
                    } else {
                        Route::AcTask { id: task.id }
                    };
                    navigate(&route.href(), Default::default());
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let send_on_key = send.clone();
    let field_error =
        move |field: &'static str| error.with(|e| e.as_ref().and_then(|e| field_message(e, field)));
    let retry = Callback::new({
        let send = send.clone();
        move |_| send()
    });

    view! {
        <form class="ac-dispatch-form card" novalidate on:submit=move |ev| { ev.prevent_default(); send(); }>
            <label class="field">
                <span>"Instructions"</span>
                <textarea
                    name="instructions"
                    rows="8"
                    placeholder="What should the agent do? Where, and how to check it."
                    aria-invalid=move || field_error("instructions").is_some().to_string()
                    prop:value=move || instructions.get()
                    on:input=move |ev| instructions.set(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| {
                        if is_send_shortcut(&ev.key(), ev.ctrl_key(), ev.meta_key(), ev.is_composing(), ev.key_code()) {
                            ev.prevent_default();
                            send_on_key();
                        }
                    }
                    on:paste=move |ev: web_sys::ClipboardEvent| files.on_paste(&ev)
                ></textarea>
                {move || field_error("instructions").map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                <span class="hint">"Kept on this device until the task is dispatched. Ctrl+Enter or ⌘+Enter dispatches."</span>
            </label>
            <div class="form-grid">
                <label class="field">
                    <span>"Version"</span>
                    <select name="version_id" prop:value=move || form.with(|f| f.version_id.clone()) on:change=move |ev| form.update(|f| f.version_id = event_target_value(&ev))>
                        <option value="">"The current version"</option>
                        {move || choices.get().map(|(agent, versions, _)| {
                            let current = agent.map(|a| a.current_version.id).unwrap_or_default();
                            versions.into_iter().map(|v| {
                                let label = if v.id == current { format!("Version {} (current)", v.number) } else { format!("Version {}", v.number) };
                                view! { <option value=v.id.clone()>{label}</option> }
                            }).collect_view()
                        })}
                    </select>
                </label>
                <label class="field">
                    <span>"Mode"</span>
                    <select name="mode" disabled=true>
                        <option value="autonomous">"Autonomous: works on its own until done"</option>
                    </select>
                    <a class="hint" href=conversation_href>"Start a conversation instead"</a>
                </label>
            </div>
            <fieldset class="ac-input-files">
                <legend>"Input files"</legend>
                <UploadFileList files=files label="Add input files" />
            </fieldset>
            <RepoRows form=form repos=repos />
            <label class="field">
                <span>"Skills (one per line)"</span>
                <textarea name="skills" rows="2" prop:value=move || form.with(|f| f.skills.clone()) on:input=move |ev| form.update(|f| f.skills = event_target_value(&ev))></textarea>
            </label>
            <MetadataRows form=form />
            <Overrides form=form />
            {move || FIELDS.iter().filter_map(|(f, name)| field_error(f).map(|m| view! { <p class="field-error" role="alert">{format!("{name}: {m}")}</p> })).collect_view()}
            <ul class="form-problems" role="alert">
                {move || {
                    let mut all = if submitted.get() { problems.get() } else { Vec::new() };
                    if let Some(p) = files_problem.get().filter(|_| submitted.get()) {
                        all.push(p.to_string());
                    }
                    all.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()
                }}
            </ul>
            {move || error.get().map(|e| view! {
                <div class="dispatch-error">
                    <p class="hint">"The task was not dispatched; everything you typed and picked is kept."</p>
                    <ErrorNotice error=e retry=retry />
                </div>
            })}
            <div class="row">
                <button type="submit" class="button button-primary" disabled=move || sending.get() || files_problem.get().is_some()
                    title=move || files_problem.get().unwrap_or_default()>
                    {move || if sending.get() { "Dispatching…" } else { "Dispatch the task" }}
                </button>
            </div>
        </form>
    }
}
