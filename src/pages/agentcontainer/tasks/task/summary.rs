//! The task's facts: status (and turn of a conversation), title, instructions, the result
//! (markdown), the error, cost, container minutes, token usage and timestamps, and the live
//! feed's connection state. Every server string is shown as text.

use super::ctx::use_task;
use crate::api::events::{CloseReason, StreamState};
use crate::components::markdown_view::MarkdownView;
use crate::components::state_badge::StateBadge;
use crate::components::time::RelativeTime;
use agentdeck_wire::agentcontainer::{JsonObject, Task};
use agentdeck_wire::Timestamp;
use leptos::prelude::*;

/// The feed's state in words, for a task page whose task was read (a feed closed for another
/// reason than the task's end leaves the page reading the task every few seconds).
pub fn feed_words(s: &StreamState) -> String {
    match s {
        StreamState::Closed(CloseReason::NotFound | CloseReason::Failed(_)) => {
            "No live feed for this task: checking for changes every few seconds.".into()
        }
        StreamState::Closed(CloseReason::TaskEnded) => {
            "The task has ended; nothing more will change.".into()
        }
        other => other.describe(),
    }
}

/// A tone for the feed badge, from a fixed table.
fn feed_class(s: &StreamState) -> &'static str {
    match s {
        StreamState::Live => "feed-live",
        StreamState::Connecting | StreamState::Reconnecting { .. } => "feed-waiting",
        StreamState::Closed(CloseReason::TaskEnded | CloseReason::Stopped) => "feed-ended",
        StreamState::Closed(CloseReason::Unauthorized) => "feed-broken",
        StreamState::Closed(_) => "feed-waiting",
    }
}

/// Token counts in words: known keys named, others shown as sent.
pub fn token_rows(usage: &JsonObject) -> Vec<(String, String)> {
    usage
        .iter()
        .map(|(k, v)| {
            let name = match k.as_str() {
                "inputTokens" => "Input tokens".to_string(),
                "outputTokens" => "Output tokens".to_string(),
                "totalTokens" => "Total tokens".to_string(),
                other => other.to_string(),
            };
            let value = match v {
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (name, value)
        })
        .collect()
}

pub fn money(usd: f64) -> String {
    format!("${usd:.2}")
}

fn when(label: &'static str, ts: Option<Timestamp>) -> impl IntoView {
    ts.map(|ts| view! { <dt>{label}</dt><dd><RelativeTime ts=ts /></dd> })
}

#[component]
pub fn FeedState() -> impl IntoView {
    let ctx = use_task();
    view! {
        <p class=move || format!("feed-state {}", feed_class(&ctx.feed.read())) role="status">
            {move || feed_words(&ctx.feed.read())}
        </p>
    }
}

#[component]
pub fn TaskSummary(task: Task) -> impl IntoView {
    let status = task.status.as_str().to_string();
    let turn = task.turn_number.map(|n| {
        let ts = task
            .turn_status
            .as_ref()
            .map(|s| s.as_str().replace('_', " "));
        match ts {
            Some(s) => format!("Turn {n} ({s})"),
            None => format!("Turn {n}"),
        }
    });
    let tokens = task
        .token_usage
        .as_ref()
        .map(token_rows)
        .unwrap_or_default();
    let result = task.result.clone().filter(|r| !r.trim().is_empty());
    view! {
        <div class="task-summary card">
            <div class="row task-status">
                <StateBadge state=status />
                <span class="badge">{task.mode.as_str().replace('_', " ")}</span>
                {turn.map(|t| view! { <span class="task-turn">{t}</span> })}
            </div>
            {task.error.clone().map(|e| view! {
                <div class="notice notice-error task-error" role="alert">
                    <p><strong>"Error: "</strong>{e}</p>
                </div>
            })}
            <dl class="task-facts">
                <dt>"Agent"</dt><dd>{task.agent_name.clone()}</dd>
                <dt>"Model"</dt><dd>{task.execution.model.clone()}</dd>
                {task.cost_usd.map(|c| view! { <dt>"Cost"</dt><dd class="task-cost">{money(c)}</dd> })}
                {task.container_minutes.map(|m| view! { <dt>"Container minutes"</dt><dd>{format!("{m:.1}")}</dd> })}
                {tokens.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                {when("Created", Some(task.created_at.clone()))}
                {when("Started", task.started_at.clone())}
                {when("Completed", task.completed_at.clone())}
            </dl>
            <details class="task-instructions">
                <summary>"Instructions"</summary>
                <pre class="task-instructions-text">{task.instructions.clone()}</pre>
            </details>
            {result.map(|r| view! {
                <section class="task-result" aria-label="Result">
                    <h2>"Result"</h2>
                    <MarkdownView text=r />
                </section>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_named_and_unknown_keys_kept() {
        let mut u = JsonObject::new();
        u.insert("inputTokens".into(), 12.into());
        u.insert("cache".into(), "x".into());
        let rows = token_rows(&u);
        assert!(rows.contains(&("Input tokens".into(), "12".into())));
        assert!(rows.contains(&("cache".into(), "x".into())));
        assert_eq!(money(0.456), "$0.46");
    }

    #[test]
    fn feed_words_speak_of_the_task() {
        assert!(feed_words(&StreamState::Closed(CloseReason::NotFound)).contains("every few"));
        assert_eq!(feed_words(&StreamState::Live), "Live");
        assert_eq!(
            feed_class(&StreamState::Reconnecting { attempt: 2 }),
            "feed-waiting"
        );
    }
}
