//! `/agentcontainer/agents/new` and `/agentcontainer/agents/:id/edit`: one form with every
//! documented field ([`basics`], [`defaults`], [`rows`]), its state in [`ctx`]. The body comes
//! from the pure [`form_model`](super::form_model). A failed save keeps everything typed; a 422
//! shows the service's message next to its field. Edit starts from the current version.

pub mod basics;
pub mod ctx;
pub mod defaults;
pub mod inputs;
pub mod rows;

use super::form_model::AgentForm;
use crate::api;
use crate::hooks::tab_title::use_tab_title;
use crate::hooks::use_request_scope;
use crate::pages::agentcontainer::common::{use_ac_connection, ErrorNotice, NotConnected};
use crate::routes::{use_id_param, AgentTab, Route};
use agentdeck_wire::agentcontainer::{Agent, UpdateAgent};
use basics::BasicsSection;
use ctx::FormCtx;
use defaults::DefaultsSection;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use rows::{NamedOutputFiles, SkillsSection};
use send_wrapper::SendWrapper;

fn agent_href(id: &str, tab: AgentTab) -> String {
    Route::AcAgent {
        id: id.to_string(),
        tab,
    }
    .href()
}

#[component]
pub fn NewAgentPage() -> impl IntoView {
    use_tab_title(|| "New agent · AgentContainer".to_string());
    let conn = use_ac_connection();
    let scope = SendWrapper::new(use_request_scope());
    let ctx = FormCtx::provide(AgentForm::default(), false);
    let navigate = use_navigate();
    let save = Callback::new(move |_| {
        ctx.submitted.set(true);
        if ctx.saving.get_untracked() || ctx.form.with_untracked(|f| !f.problems().is_empty()) {
            return;
        }
        let Some(conn) = conn.get_untracked() else {
            return;
        };
        let body = ctx.form.with_untracked(|f| f.to_create());
        ctx.saving.set(true);
        ctx.error.set(None);
        let (scope, navigate) = (scope.clone(), navigate.clone());
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::create_agent(&conn, &body))
                .await;
            ctx.saving.try_set(false);
            match result {
                Ok(agent) => navigate(
                    &agent_href(&agent.id, AgentTab::Settings),
                    Default::default(),
                ),
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    ctx.error.try_set(Some(e));
                }
            }
        });
    });
    view! {
        <section class="page ac-agent-form-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=Route::AcAgents { archived: false }.href()>"← Agents"</a>
            </nav>
            <header class="page-header"><h1>"New agent"</h1></header>
            {move || conn.read().is_none().then(|| view! { <NotConnected what="agents" /> })}
            <AgentFormView
                submit_label="Create agent"
                busy_label="Creating…"
                cancel_href=Route::AcAgents { archived: false }.href()
                on_save=save
            />
        </section>
    }
}

#[component]
pub fn EditAgentPage() -> impl IntoView {
    let id = use_id_param();
    move || {
        let id = id.get();
        view! { <EditAgent id=id /> }
    }
}

#[component]
fn EditAgent(id: String) -> impl IntoView {
    let conn = use_ac_connection();
    let scope = SendWrapper::new(use_request_scope());
    let agent_id = StoredValue::new(id);
    let agent = LocalResource::new({
        let scope = scope.clone();
        move || {
            let (conn, scope) = (conn.get(), scope.clone());
            async move {
                let conn = conn?;
                let id = agent_id.get_value();
                Some(scope.run(api::agentcontainer::get_agent(&conn, &id)).await)
            }
        }
    });
    let title = move || match agent.get() {
        Some(Some(Ok(a))) => format!("Edit {} · AgentContainer", a.name),
        _ => "Edit agent · AgentContainer".to_string(),
    };
    use_tab_title(title);
    let retry = Callback::new(move |_| agent.refetch());
    let back = agent_href(&agent_id.get_value(), AgentTab::Settings);
    view! {
        <section class="page ac-agent-form-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=back>"← Agent"</a>
            </nav>
            <header class="page-header"><h1>"Edit agent"</h1></header>
            {move || match agent.get() {
                None if conn.read().is_some() => view! { <p class="loading" role="status">"Loading the agent…"</p> }.into_any(),
                None | Some(None) => view! { <NotConnected what="this agent" /> }.into_any(),
                Some(Some(Err(e))) if e.is_aborted() => ().into_any(),
                Some(Some(Err(e))) => view! { <ErrorNotice error=e retry=retry /> }.into_any(),
                Some(Some(Ok(a))) => view! { <EditForm agent=a scope=scope.clone() /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn EditForm(agent: Agent, scope: SendWrapper<crate::api::RequestScope>) -> impl IntoView {
    let conn = use_ac_connection();
    let href = agent_href(&agent.id, AgentTab::Settings);
    if agent.is_standard || agent.archived_at.is_some() {
        let why = if agent.is_standard {
            "Standard agents cannot be edited. Fork it from the Agents list to make a copy you can change."
        } else {
            "This agent is archived and can no longer be changed."
        };
        return view! {
            <div class="notice" role="alert">
                <p>{why}</p>
                <a class="button" href=href>"Back to the agent"</a>
            </div>
        }
        .into_any();
    }
    let before = StoredValue::new(AgentForm::from_agent(&agent));
    let ctx = FormCtx::provide(before.get_value(), true);
    let unchanged = RwSignal::new(false);
    let id = StoredValue::new(agent.id.clone());
    let version = agent.current_version.id.clone();
    let navigate = use_navigate();
    let save = Callback::new(move |_| {
        ctx.submitted.set(true);
        unchanged.set(false);
        if ctx.saving.get_untracked() || ctx.form.with_untracked(|f| !f.problems().is_empty()) {
            return;
        }
        let Some(conn) = conn.get_untracked() else {
            return;
        };
        let body = before.with_value(|b| ctx.form.with_untracked(|f| f.to_update(b)));
        if body == UpdateAgent::default() {
            unchanged.set(true);
            return;
        }
        ctx.saving.set(true);
        ctx.error.set(None);
        let (scope, navigate, version) = (scope.clone(), navigate.clone(), version.clone());
        leptos::task::spawn_local(async move {
            let id = id.get_value();
            let result = scope
                .run(api::agentcontainer::update_agent(&conn, &id, &body))
                .await;
            ctx.saving.try_set(false);
            match result {
                Ok(a) => {
                    // A new version: show what changed; otherwise the settings.
                    let tab = if a.current_version.id != version {
                        AgentTab::Versions
                    } else {
                        AgentTab::Settings
                    };
                    navigate(&agent_href(&a.id, tab), Default::default());
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    ctx.error.try_set(Some(e));
                }
            }
        });
    });
    view! {
        <p class="hint">
            {format!("Editing version {}. Changing the runtime, prompts, defaults or skills makes a new version; tasks already running keep theirs.", agent.current_version.number)}
        </p>
        {move || unchanged.get().then(|| view! { <p class="notice" role="status">"Nothing changed: there is nothing to save."</p> })}
        <AgentFormView submit_label="Save changes" busy_label="Saving…" cancel_href=href on_save=save />
    }
    .into_any()
}

/// The form itself, with the save button, the list of what to fix and the save error.
#[component]
fn AgentFormView(
    submit_label: &'static str,
    busy_label: &'static str,
    cancel_href: String,
    on_save: Callback<()>,
) -> impl IntoView {
    let ctx = FormCtx::use_ctx();
    let conn = use_ac_connection();
    let problems = move || {
        if ctx.submitted.get() {
            ctx.form
                .with(|f| f.problems().into_iter().map(|(_, m)| m).collect::<Vec<_>>())
        } else {
            Vec::new()
        }
    };
    view! {
        <form
            class="ac-agent-form"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                on_save.run(());
            }
        >
            <BasicsSection />
            <DefaultsSection named_files=ViewFn::from(|| view! { <NamedOutputFiles /> }) />
            <SkillsSection />
            <ul class="form-problems" role="alert">
                {move || problems().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
            {move || ctx.error.get().map(|e| view! {
                <div class="ac-save-error">
                    <p class="hint">"Not saved. Everything you typed is kept."</p>
                    <ErrorNotice error=e retry=on_save />
                </div>
            })}
            <div class="row">
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || ctx.saving.get() || conn.read().is_none()
                >
                    {move || if ctx.saving.get() { busy_label } else { submit_label }}
                </button>
                <a class="button button-quiet" href=cancel_href>"Cancel"</a>
            </div>
        </form>
    }
}
