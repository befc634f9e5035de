//! `/netlify/runners/new`: start a runner. Prompt (draft kept across reloads until sent), agent,
//! model, branch or deploy to start from, mode, parent runner, attachments. A failed create keeps
//! everything the user typed and picked.

use super::attachments::{AttachmentList, Attachments};
use super::branch_name::ref_name_problem;
use crate::api;
use crate::config::use_netlify_connection;
use crate::hooks::draft::{self, use_draft};
use crate::keyboard::is_send_shortcut;
use crate::routes::{use_new_runner_parent, Route};
use agentdeck_wire::netlify::{AgentKind, CreateRunner, SessionMode};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

const DRAFT: &str = "new-runner";

/// The form's values, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewRunnerForm {
    pub prompt: String,
    pub agent: String,
    pub model: String,
    /// `branch` or `deploy`.
    pub start_from: String,
    pub branch: String,
    pub deploy_id: String,
    /// `normal` or `ask`.
    pub mode: String,
    pub parent: String,
}

impl NewRunnerForm {
    /// Everything wrong with the form, in words; empty when it can be sent.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.prompt.trim().is_empty() {
            out.push("Write a prompt: what should the agent do?".to_string());
        }
        if self.start_from == "deploy" {
            if self.deploy_id.trim().is_empty() {
                out.push("Enter the deploy id to start from, or start from a branch.".into());
            }
        } else if !self.branch.trim().is_empty() {
            if let Some(p) = ref_name_problem(self.branch.trim()) {
                out.push(format!("The branch name is not valid: {p}."));
            }
        }
        out
    }

    /// The request body (call after [`problems`](Self::problems) came back empty).
    pub fn to_request(&self, file_keys: Vec<String>) -> CreateRunner {
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let deploy = self.start_from == "deploy";
        CreateRunner {
            prompt: self.prompt.clone(),
            deploy_id: if deploy { opt(&self.deploy_id) } else { None },
            branch: if deploy { None } else { opt(&self.branch) },
            agent: opt(&self.agent),
            model: opt(&self.model),
            mode: Some(SessionMode::parse(if self.mode == "ask" {
                "ask"
            } else {
                "normal"
            })),
            parent_agent_runner_id: opt(&self.parent),
            dev_server_image: None,
            file_keys,
        }
    }
}

/// Which AI Gateway provider serves an agent's models.
pub fn provider_of_agent(agent: &str) -> &'static str {
    AgentKind::parse(agent).ai_gateway_provider()
}

/// How an agent is named in the picker: its wire name, capitalised ("claude" -> "Claude").
fn agent_label(agent: &AgentKind) -> String {
    let name = agent.as_str();
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[component]
pub fn NewRunnerPage() -> impl IntoView {
    let conn = use_netlify_connection();
    let prompt = use_draft(DRAFT.to_string());
    let agent = RwSignal::new("claude".to_string());
    let model = RwSignal::new(String::new());
    let start_from = RwSignal::new("branch".to_string());
    let branch = RwSignal::new(String::new());
    let deploy_id = RwSignal::new(String::new());
    let mode = RwSignal::new("normal".to_string());
    let parent = RwSignal::new(use_new_runner_parent().get_untracked().unwrap_or_default());
    let attachments = Attachments::new(conn);
    let submitted = RwSignal::new(false);
    let creating = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let form = Memo::new(move |_| NewRunnerForm {
        prompt: prompt.get(),
        agent: agent.get(),
        model: model.get(),
        start_from: start_from.get(),
        branch: branch.get(),
        deploy_id: deploy_id.get(),
        mode: mode.get(),
        parent: parent.get(),
    });
    let problems = Memo::new(move |_| form.with(|f| f.problems()));
    let upload_problem = Memo::new(move |_| attachments.problem());

    let models = LocalResource::new(move || {
        let conn = conn.get();
        async move {
            let conn = conn?;
            api::netlify::ai_gateway_providers(&conn).await.ok()
        }
    });
    let model_options = move || {
        let provider = provider_of_agent(&agent.get());
        models
            .get()
            .flatten()
            .and_then(|p| p.providers.get(provider).map(|p| p.models.clone()))
            .unwrap_or_default()
    };

    let navigate = use_navigate();
    let create = move || {
        submitted.set(true);
        if creating.get_untracked()
            || !problems.get_untracked().is_empty()
            || upload_problem.get_untracked().is_some()
        {
            return;
        }
        let Some(conn) = conn.get_untracked() else {
            error.set(Some("Connect to Netlify first (Connections page).".into()));
            return;
        };
        let body = form.get_untracked().to_request(attachments.file_keys());
        creating.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::netlify::create_runner(&conn, &body).await;
            creating.try_set(false);
            match result {
                Ok(runner) => {
                    draft::clear(DRAFT);
                    prompt.try_set(String::new());
                    attachments.clear();
                    navigate(&Route::runner(&runner.id).href(), Default::default());
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(format!(
                        "The runner was not created; your prompt and files are kept. {}",
                        e.user_message()
                    )));
                }
            }
        });
    };
    let create_on_key = create.clone();

    view! {
        <section class="page new-runner-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=Route::runners().href()>"← Runners"</a>
            </nav>
            <header class="page-header">
                <h1>"New agent run"</h1>
            </header>
            {move || conn.read().is_none().then(|| view! {
                <div class="notice" role="alert">
                    <p>"Connect to Netlify to start agent runs."</p>
                    <a class="button" href=Route::Connections.href()>"Open Connections"</a>
                </div>
            })}
            <form
                class="new-runner-form card"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    create();
                }
            >
                <label class="field">
                    <span>"Prompt"</span>
                    <textarea
                        name="prompt"
                        rows="8"
                        placeholder="Describe the change: what to build or fix, where, and how to check it."
                        prop:value=move || prompt.get()
                        on:input=move |ev| prompt.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if is_send_shortcut(&ev.key(), ev.ctrl_key(), ev.meta_key(), ev.is_composing(), ev.key_code()) {
                                ev.prevent_default();
                                create_on_key();
                            }
                        }
                        on:paste=move |ev: web_sys::ClipboardEvent| attachments.on_paste(&ev)
                    ></textarea>
                    <span class="hint">"Kept on this device until it is sent. Ctrl+Enter or ⌘+Enter creates the run."</span>
                </label>
                <AttachmentList attachments=attachments />
                <div class="form-grid">
                    <label class="field">
                        <span>"Agent"</span>
                        <select name="agent" prop:value=move || agent.get() on:change=move |ev| agent.set(event_target_value(&ev))>
                            {AgentKind::KNOWN
                                .iter()
                                .map(|a| view! { <option value=a.as_str().to_string()>{agent_label(a)}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        <span>"Model (optional)"</span>
                        <input
                            type="text"
                            name="model"
                            list="model-options"
                            placeholder="The agent's default"
                            autocomplete="off"
                            prop:value=move || model.get()
                            on:input=move |ev| model.set(event_target_value(&ev))
                        />
                        <datalist id="model-options">
                            {move || model_options().into_iter().map(|m| view! { <option value=m></option> }).collect_view()}
                        </datalist>
                    </label>
                    <label class="field">
                        <span>"Mode"</span>
                        <select name="mode" prop:value=move || mode.get() on:change=move |ev| mode.set(event_target_value(&ev))>
                            <option value="normal">"Build: change files, deploy a preview"</option>
                            <option value="ask">"Ask: answer only, change nothing"</option>
                        </select>
                    </label>
                    <label class="field">
                        <span>"Start from"</span>
                        <select name="start_from" prop:value=move || start_from.get() on:change=move |ev| start_from.set(event_target_value(&ev))>
                            <option value="branch">"A branch"</option>
                            <option value="deploy">"A deploy"</option>
                        </select>
                    </label>
                    <Show
                        when=move || start_from.get() == "deploy"
                        fallback=move || view! {
                            <label class="field">
                                <span>"Branch (optional)"</span>
                                <input
                                    type="text"
                                    name="branch"
                                    placeholder="The site's production branch"
                                    autocomplete="off"
                                    spellcheck="false"
                                    prop:value=move || branch.get()
                                    on:input=move |ev| branch.set(event_target_value(&ev))
                                />
                            </label>
                        }
                    >
                        <label class="field">
                            <span>"Deploy id"</span>
                            <input
                                type="text"
                                name="deploy_id"
                                autocomplete="off"
                                spellcheck="false"
                                prop:value=move || deploy_id.get()
                                on:input=move |ev| deploy_id.set(event_target_value(&ev))
                            />
                        </label>
                    </Show>
                    <label class="field">
                        <span>"Parent runner (optional)"</span>
                        <input
                            type="text"
                            name="parent"
                            placeholder="Runner id to branch from"
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || parent.get()
                            on:input=move |ev| parent.set(event_target_value(&ev))
                        />
                    </label>
                </div>
                <ul class="form-problems" role="alert">
                    {move || {
                        let mut all = if submitted.get() { problems.get() } else { Vec::new() };
                        if submitted.get() {
                            if let Some(p) = upload_problem.get() {
                                all.push(p.to_string());
                            }
                        }
                        all.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()
                    }}
                </ul>
                {move || error.get().map(|e| view! { <p class="notice notice-error create-error" role="alert">{e}</p> })}
                <div class="row">
                    <button
                        type="submit"
                        class="button button-primary"
                        disabled=move || creating.get() || upload_problem.get().is_some() || conn.read().is_none()
                        title=move || upload_problem.get().unwrap_or_default()
                    >
                        {move || if creating.get() { "Starting…" } else { "Start agent run" }}
                    </button>
                    <a class="button button-quiet" href=Route::runners().href()>"Cancel"</a>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NewRunnerForm {
        NewRunnerForm {
            prompt: "Fix the header".into(),
            agent: "claude".into(),
            start_from: "branch".into(),
            mode: "normal".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_prompt_is_needed_and_the_start_point_checked() {
        assert!(form().problems().is_empty());
        let mut f = form();
        f.prompt = "  ".into();
        assert_eq!(f.problems().len(), 1);
        let mut f = form();
        f.branch = "bad branch".into();
        assert!(f.problems()[0].contains("branch name"));
        let mut f = form();
        f.start_from = "deploy".into();
        assert!(f.problems()[0].contains("deploy id"));
        f.deploy_id = "d1".into();
        assert!(f.problems().is_empty());
    }

    #[test]
    fn the_request_carries_only_what_was_chosen() {
        let mut f = form();
        f.branch = " feature ".into();
        f.deploy_id = "ignored".into();
        f.parent = "r0".into();
        f.mode = "ask".into();
        let r = f.to_request(vec!["k1".into()]);
        assert_eq!(r.branch.as_deref(), Some("feature"));
        assert_eq!(r.deploy_id, None);
        assert_eq!(r.agent.as_deref(), Some("claude"));
        assert_eq!(r.model, None);
        assert_eq!(r.mode, Some(SessionMode::Ask));
        assert_eq!(r.parent_agent_runner_id.as_deref(), Some("r0"));
        assert_eq!(r.file_keys, vec!["k1".to_string()]);
        let mut f = form();
        f.start_from = "deploy".into();
        f.deploy_id = "d1".into();
        f.branch = "x".into();
        let r = f.to_request(vec![]);
        assert_eq!((r.branch, r.deploy_id.as_deref()), (None, Some("d1")));
        assert_eq!(provider_of_agent("codex"), "openai");
        assert_eq!(provider_of_agent("claude"), "anthropic");
        assert_eq!(provider_of_agent("someday"), "");
        let labels: Vec<String> = AgentKind::KNOWN.iter().map(agent_label).collect();
        assert_eq!(labels, ["Claude", "Gemini", "Codex"]);
    }
}
