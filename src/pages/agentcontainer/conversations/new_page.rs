//! `/agentcontainer/agents/:id/conversations/new`: start a conversation with an agent. The
//! instructions and the first message are drafts kept across reloads until the conversation
//! starts; files upload with progress; repositories come from the account. A failed start
//! keeps everything, says why (402: credits; 422: next to the field) and retries with the same
//! idempotency key, so the service never starts it twice.

use super::model::retry_key;
use super::repos::{load_repositories, RepoPicker};
use crate::api::{self, ApiError, IdempotencyKey};
use crate::hooks::draft::{self, use_draft};
use crate::hooks::use_request_scope;
use crate::keyboard::is_send_shortcut;
use crate::pages::agentcontainer::common::{
    field_message, use_ac_connection, ErrorNotice, NotConnected,
};
use crate::pages::agentcontainer::upload_list::{UploadFileList, UploadFiles};
use crate::routes::{use_id_param, AgentTab, Route};
use agentdeck_wire::agentcontainer::{CreateConversation, RepositoryLink};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The draft keys of the form for one agent.
fn draft_keys(agent_id: &str) -> (String, String) {
    (
        format!("ac-new-conversation.{agent_id}.instructions"),
        format!("ac-new-conversation.{agent_id}.message"),
    )
}

/// What is missing before the conversation can start, in words.
pub fn start_problems(instructions: &str, message: &str, files: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if instructions.trim().is_empty() {
        out.push("Write the instructions: what is this conversation about?".to_string());
    }
    if message.trim().is_empty() {
        out.push("Write the first message to the agent.".to_string());
    }
    if let Some(f) = files {
        out.push(f.to_string());
    }
    out
}

/// The request body.
pub fn start_request(
    instructions: &str,
    message: &str,
    file_ids: Vec<String>,
    repositories: Vec<RepositoryLink>,
) -> CreateConversation {
    CreateConversation {
        instructions: instructions.to_string(),
        message: message.to_string(),
        input_file_ids: (!file_ids.is_empty()).then_some(file_ids),
        input_repositories: (!repositories.is_empty()).then_some(repositories),
        ..Default::default()
    }
}

#[component]
pub fn NewConversationPage() -> impl IntoView {
    let agent_id = use_id_param();
    move || {
        let id = agent_id.get();
        view! { <NewConversationForm agent_id=id /> }
    }
}

#[component]
fn NewConversationForm(agent_id: String) -> impl IntoView {
    let conn = use_ac_connection();
    let scope = use_request_scope();
    let (instr_key, msg_key) = draft_keys(&agent_id);
    let instructions = use_draft(instr_key.clone());
    let message = use_draft(msg_key.clone());
    let files = UploadFiles::new(conn);
    let links = RwSignal::new(Vec::<RepositoryLink>::new());
    let submitted = RwSignal::new(false);
    let creating = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let last_attempt = StoredValue::new(None::<(CreateConversation, IdempotencyKey)>);
    let agent_id = StoredValue::new(agent_id);

    let agent = {
        let scope = scope.clone();
        LocalResource::new(move || {
            let (scope, conn, id) = (scope.clone(), conn.get(), agent_id.get_value());
            async move {
                scope
                    .run(api::agentcontainer::get_agent(&conn?, &id))
                    .await
                    .ok()
            }
        })
    };
    let repositories = {
        let scope = scope.clone();
        LocalResource::new(move || {
            let (scope, conn) = (scope.clone(), conn.get());
            async move {
                match conn {
                    Some(c) => Some(load_repositories(scope, c).await),
                    None => None,
                }
            }
        })
    };
    let repo_list = Signal::derive(move || repositories.get().flatten());
    let problems =
        Memo::new(move |_| start_problems(&instructions.read(), &message.read(), files.problem()));

    let navigate = use_navigate();
    let start = move || {
        submitted.set(true);
        if creating.get_untracked() || !problems.get_untracked().is_empty() {
            return;
        }
        let Some(conn) = conn.get_untracked() else {
            return;
        };
        let body = start_request(
            &instructions.get_untracked(),
            &message.get_untracked(),
            files.file_ids(),
            links.get_untracked(),
        );
        let key = last_attempt
            .with_value(|l| retry_key(l.as_ref(), &body))
            .unwrap_or_else(IdempotencyKey::new);
        last_attempt.set_value(Some((body.clone(), key.clone())));
        creating.set(true);
        error.set(None);
        let (scope, navigate) = (scope.clone(), navigate.clone());
        let (instr_key, msg_key) = (instr_key.clone(), msg_key.clone());
        let id = agent_id.get_value();
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::create_conversation(
                    &conn, &id, &body, &key,
                ))
                .await;
            creating.try_set(false);
            match result {
                Ok(created) => {
                    draft::clear(&instr_key);
                    draft::clear(&msg_key);
                    instructions.try_set(String::new());
                    message.try_set(String::new());
                    let _ = last_attempt.try_set_value(None);
                    navigate(
                        &Route::AcConversation {
                            id: created.task.id,
                        }
                        .href(),
                        Default::default(),
                    );
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let start_on_key = start.clone();
    let field_error = move |field: &'static str| {
        move || {
            error
                .with(|e| e.as_ref().and_then(|e| field_message(e, field)))
                .map(|m| view! { <span class="field-error" role="alert">{m}</span> })
        }
    };
    let agent_name = move || {
        agent
            .get()
            .flatten()
            .map(|a| a.name)
            .unwrap_or_else(|| "the agent".into())
    };

    view! {
        <section class="page ac-new-conversation">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=move || Route::AcAgent { id: agent_id.get_value(), tab: AgentTab::Settings }.href()>
                    {move || format!("\u{2190} {}", agent_name())}
                </a>
            </nav>
            <header class="page-header">
                <h1>{move || format!("New conversation with {}", agent_name())}</h1>
            </header>
            {move || conn.read().is_none().then(|| view! { <NotConnected what="conversations" /> })}
            <form class="card ac-conversation-form" novalidate on:submit=move |ev| {
                ev.prevent_default();
                start();
            }>
                <label class="field">
                    <span>"Instructions"</span>
                    <textarea name="instructions" rows="4"
                        placeholder="What the conversation is about: the goal, the constraints, how to check the work."
                        prop:value=move || instructions.get()
                        on:input=move |ev| instructions.set(event_target_value(&ev))
                    ></textarea>
                    {field_error("instructions")}
                </label>
                <label class="field">
                    <span>"First message"</span>
                    <textarea name="message" rows="5"
                        placeholder="Your first message to the agent."
                        prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if is_send_shortcut(&ev.key(), ev.ctrl_key(), ev.meta_key(), ev.is_composing(), ev.key_code()) {
                                ev.prevent_default();
                                start_on_key();
                            }
                        }
                        on:paste=move |ev: web_sys::ClipboardEvent| files.on_paste(&ev)
                    ></textarea>
                    {field_error("message")}
                    <span class="hint">"Kept on this device until the conversation starts. Ctrl+Enter or \u{2318}+Enter starts it."</span>
                </label>
                <div class="attachments">
                <UploadFileList files=files label="Attach files" />
            </div>
                <RepoPicker links=links repositories=repo_list />
                <ul class="form-problems" role="alert">
                    {move || submitted.get().then(|| problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view())}
                </ul>
                {move || error.get().map(|e| view! {
                    <div class="create-error">
                        <p class="hint">"The conversation did not start; everything you typed and picked is kept."</p>
                        <ErrorNotice error=e />
                    </div>
                })}
                <div class="row">
                    <button type="submit" class="button button-primary"
                        disabled=move || creating.get() || conn.read().is_none()>
                        {move || if creating.get() { "Starting\u{2026}" } else { "Start conversation" }}
                    </button>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_texts_are_needed_and_only_chosen_extras_are_sent() {
        assert_eq!(start_problems("Do it", "Hi", None), Vec::<String>::new());
        assert_eq!(start_problems(" ", "", None).len(), 2);
        assert_eq!(
            start_problems("a", "b", Some("Wait")),
            vec!["Wait".to_string()]
        );
        let r = start_request("Do it", "Hi", vec![], vec![]);
        assert_eq!((r.input_file_ids, r.input_repositories), (None, None));
        let r = start_request("Do it", "Hi", vec!["f1".into()], vec![]);
        assert_eq!(r.input_file_ids, Some(vec!["f1".to_string()]));
        let (a, b) = draft_keys("ag1");
        assert_ne!(a, b);
        assert!(a.contains("ag1"));
    }
}
