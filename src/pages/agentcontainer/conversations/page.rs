//! `/agentcontainer/conversations/:id`: the live conversation. One feed per open page, closed
//! when the page is left (its request scope); rebuilt from scratch when the id changes. The
//! tab title gets a marker, and the browser a notification, when the agent awaits input or the
//! conversation ends while the page is open.

use super::composer::Composer;
use super::ctx::ConvoCtx;
use super::header::ConvoHeader;
use super::model::{attention, phase, Phase};
use super::repos_panel::ReposPanel;
use super::timeline::Timeline;
use crate::api::events::{CloseReason, StreamState};
use crate::components::notify::notify;
use crate::hooks::tab_title::use_tab_title;
use crate::pages::agentcontainer::common::NotConnected;
use crate::routes::{use_id_param, AgentTab, Route};
use leptos::prelude::*;

#[component]
pub fn ConversationPage() -> impl IntoView {
    let id = use_id_param();
    move || {
        let id = id.get();
        view! { <ConversationView id=id /> }
    }
}

/// Marks the tab and notifies when the phase changes while the page is open.
fn watch_phase(ctx: ConvoCtx) {
    let title = move || {
        ctx.task.with(|t| {
            let name = t
                .as_ref()
                .map(|t| t.title.trim().to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "Conversation".into());
            format!("{name} \u{2014} agentdeck")
        })
    };
    let marker = use_tab_title(title);
    let now = Memo::new(move |_| ctx.task.with(|t| t.as_ref().map(phase)));
    Effect::new(move |before: Option<Option<Phase>>| {
        let now = now.get();
        if let (Some(n), Some(before)) = (now, before) {
            let name = ctx
                .task
                .with_untracked(|t| t.as_ref().map(|t| t.title.clone()).unwrap_or_default());
            if let Some((ok, text)) = attention(before, n, &name) {
                marker.set(Some(ok));
                notify(&text);
            }
        }
        now
    });
}

#[component]
fn ConversationView(id: String) -> impl IntoView {
    let ctx = ConvoCtx::provide(id);
    watch_phase(ctx);
    let conn = ctx.conn;
    let not_found = move || {
        matches!(
            ctx.stream_state.get(),
            StreamState::Closed(
                CloseReason::NotFound | CloseReason::Unauthorized | CloseReason::Failed(_)
            )
        ) && ctx.task.with(|t| t.is_none())
    };
    let agent_href = move || {
        ctx.task.with(|t| {
            t.as_ref()
                .map(|t| {
                    Route::AcAgent {
                        id: t.agent_id.clone(),
                        tab: AgentTab::Settings,
                    }
                    .href()
                })
                .unwrap_or_else(|| Route::AcAgents { archived: false }.href())
        })
    };
    view! {
        <section class="page ac-conversation-page">
            <nav class="breadcrumb" aria-label="Breadcrumb">
                <a href=agent_href>"\u{2190} Agent"</a>
            </nav>
            {move || conn.read().is_none().then(|| view! { <NotConnected what="this conversation" /> })}
            <Show
                when=move || ctx.task.with(|t| t.is_some())
                fallback=move || {
                    (conn.read().is_some()).then(|| if not_found() {
                        view! {
                            <div class="notice notice-error" role="alert">
                                <p>{move || ctx.stream_state.read().describe()}</p>
                                <button type="button" class="button" on:click=move |_| ctx.connect()>"Try again"</button>
                            </div>
                        }.into_any()
                    } else {
                        view! { <p class="loading" role="status">"Loading the conversation\u{2026}"</p> }.into_any()
                    })
                }
            >
                <ConvoHeader />
                <Timeline convo=ctx.convo history=ctx.history on_earlier=Callback::new(move |_| ctx.load_earlier()) />
                <Composer />
                <ReposPanel />
            </Show>
        </section>
    }
}
