//! The conversation's header: title, status badge, agent and task links, the live feed's state
//! in words (polite live region; "Reconnect" once it closed), the autonomous switch and the
//! session TTL counting down while the agent awaits input.

use super::ctx::use_convo_ctx;
use super::model::is_autonomous;
use super::ttl::{awaiting_since, countdown_text, remaining_ms};
use crate::api::events::StreamState;
use crate::api::{self, ApiError};
use crate::components::state_badge::StateBadge;
use crate::components::time::now_ms;
use crate::pages::agentcontainer::common::ErrorNotice;
use crate::routes::{AgentTab, Route};
use leptos::prelude::*;

/// The CSS tone of the connection line (a fixed class).
fn stream_tone(s: &StreamState) -> &'static str {
    match s {
        StreamState::Live => "live",
        StreamState::Connecting | StreamState::Reconnecting { .. } => "pending",
        StreamState::Closed(_) => "closed",
    }
}

#[component]
pub fn ConvoHeader() -> impl IntoView {
    let ctx = use_convo_ctx();
    let task = ctx.task;
    let title = move || {
        task.with(|t| {
            t.as_ref()
                .map(|t| t.title.trim().to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "Conversation".into())
        })
    };
    let status = Signal::derive(move || {
        task.with(|t| {
            t.as_ref()
                .map(|t| t.status.as_str().to_string())
                .unwrap_or_default()
        })
    });
    let agent = move || {
        task.with(|t| {
            t.as_ref().map(|t| {
                let name = if t.agent_name.trim().is_empty() {
                    t.agent_id.clone()
                } else {
                    t.agent_name.clone()
                };
                (
                    Route::AcAgent {
                        id: t.agent_id.clone(),
                        tab: AgentTab::Settings,
                    }
                    .href(),
                    name,
                )
            })
        })
    };
    let state = ctx.stream_state;
    view! {
        <header class="page-header ac-convo-header">
            <div class="row">
                <h1>{title}</h1>
                {move || task.with(|t| t.is_some()).then(|| view! { <StateBadge state=status /> })}
            </div>
            <p class="row ac-convo-links">
                {move || agent().map(|(href, name)| view! {
                    <a href=href>{format!("Agent: {name}")}</a>
                })}
                <a href=move || Route::AcTask { id: ctx.task_id() }.href()>"Task details, logs and files"</a>
            </p>
            <p class=move || format!("ac-stream ac-stream-{}", stream_tone(&state.read())) role="status" aria-live="polite">
                <span class="ac-stream-text">{move || format!("Live feed: {}", state.read().describe())}</span>
                {move || matches!(state.get(), StreamState::Closed(_)).then(|| view! {
                    <button type="button" class="button button-quiet" on:click=move |_| ctx.connect()>"Reconnect"</button>
                })}
            </p>
            <TtlCountdown />
            <AutonomousSwitch />
        </header>
    }
}

/// "The session expires in 4:32 without input", ticking every second while awaiting input.
#[component]
fn TtlCountdown() -> impl IntoView {
    let ctx = use_convo_ctx();
    let (now, set_now) = signal(now_ms());
    if let Ok(h) = set_interval_with_handle(
        move || {
            set_now.try_set(now_ms());
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || h.clear());
    }
    let since = Memo::new(move |_| ctx.convo.with(|c| awaiting_since(&c.messages)));
    let left = move || {
        ctx.task.with(|t| {
            t.as_ref()
                .and_then(|t| remaining_ms(t, since.get(), now.get()))
        })
    };
    move || left().map(|ms| view! { <p class="ac-ttl hint">{countdown_text(ms)}</p> })
}

/// Switches autonomous mode on and off; the answer (task and event) folds into the page.
#[component]
fn AutonomousSwitch() -> impl IntoView {
    let ctx = use_convo_ctx();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let on = Memo::new(move |_| ctx.task.with(|t| t.as_ref().is_some_and(is_autonomous)));
    let ended = Memo::new(move |_| {
        ctx.task
            .with(|t| t.as_ref().is_none_or(|t| t.status.is_terminal()))
    });
    let toggle = move |_| {
        let Some(conn) = ctx.conn.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let enable = !on.get_untracked();
        busy.set(true);
        error.set(None);
        let (scope, id) = (ctx.scope(), ctx.task_id());
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::agentcontainer::set_autonomous(&conn, &id, enable))
                .await;
            busy.try_set(false);
            match result {
                Ok(r) => ctx.fold(Some(r.task), None, r.event),
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <div class="ac-autonomous row">
            <button
                type="button"
                class="button"
                role="switch"
                aria-checked=move || if on.get() { "true" } else { "false" }
                disabled=move || busy.get() || ended.get()
                on:click=toggle
            >
                {move || if on.get() { "Autonomous mode: on (switch off)" } else { "Autonomous mode: off (switch on)" }}
            </button>
            <span class="hint">
                {move || if on.get() {
                    "The agent carries on by itself without waiting for you."
                } else {
                    "The agent waits for your message after each reply."
                }}
            </span>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::events::CloseReason;

    #[test]
    fn connection_tones_come_from_a_fixed_table() {
        assert_eq!(stream_tone(&StreamState::Live), "live");
        assert_eq!(
            stream_tone(&StreamState::Reconnecting { attempt: 2 }),
            "pending"
        );
        assert_eq!(
            stream_tone(&StreamState::Closed(CloseReason::TaskEnded)),
            "closed"
        );
    }
}
