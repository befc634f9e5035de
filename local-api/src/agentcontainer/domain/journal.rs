//! A task's history: its state, messages, events and logs. Every write others care about is
//! stored, numbered into the task's live feed, and published on the event bus
//! ([`crate::events`]), where the live feed's streams and the webhook deliveries subscribe:
//! this module does not know them.

use super::records::{new_id, EVENT, FEED, LOG, MESSAGE, TASK};
use crate::events::{Announcement, Event, FeedEntry};
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;

/// Numbers and stores an entry of a task's live feed.
fn feed_entry(st: &Shared, task_id: &str, event: &str, data: serde_json::Value) -> FeedEntry {
    let seq = st.store.next_counter("feed");
    let entry = FeedEntry {
        task_id: task_id.into(),
        seq,
        event: event.into(),
        data,
    };
    st.store.put(FEED, &format!("{seq:012}"), task_id, &entry);
    entry
}

fn announcement(
    event_type: WebhookEventType,
    task: &Task,
    message: Option<&TaskMessage>,
) -> Announcement {
    Announcement {
        event_type,
        task: task.clone(),
        message: message.cloned(),
    }
}

/// Stores a task and publishes it (announced to webhooks when `hook` names an event type).
pub fn save_task(st: &AppState, t: &Task, hook: Option<WebhookEventType>) {
    st.store.put(TASK, &t.id, &t.agent_id, t);
    let feed = feed_entry(
        st,
        &t.id,
        sse_event::TASK,
        serde_json::to_value(t).unwrap_or_default(),
    );
    st.events.publish(
        st,
        Event {
            feed: Some(feed),
            hook: hook.map(|h| announcement(h, t, None)),
        },
    );
}

/// Stores a new message and publishes it (announced as `task.message.created`).
pub fn save_message(st: &AppState, task: &Task, m: &TaskMessage) {
    st.store.put(MESSAGE, &m.id, &task.id, m);
    let feed = feed_entry(
        st,
        &task.id,
        sse_event::MESSAGE,
        serde_json::to_value(m).unwrap_or_default(),
    );
    st.events.publish(
        st,
        Event {
            feed: Some(feed),
            hook: Some(announcement(
                WebhookEventType::TaskMessageCreated,
                task,
                Some(m),
            )),
        },
    );
}

/// Stores a message's new status and publishes it to the feed only (no new webhook: the
/// message was announced when created).
pub fn update_message(st: &AppState, task_id: &str, m: &TaskMessage) {
    st.store.put(MESSAGE, &m.id, task_id, m);
    let feed = feed_entry(
        st,
        task_id,
        sse_event::MESSAGE,
        serde_json::to_value(m).unwrap_or_default(),
    );
    st.events.publish(
        st,
        Event {
            feed: Some(feed),
            hook: None,
        },
    );
}

pub fn save_event(st: &AppState, task_id: &str, e: &TaskEvent) {
    st.store.put(EVENT, &e.id, task_id, e);
    let feed = feed_entry(
        st,
        task_id,
        sse_event::EVENT,
        serde_json::to_value(e).unwrap_or_default(),
    );
    st.events.publish(
        st,
        Event {
            feed: Some(feed),
            hook: None,
        },
    );
}

/// Announces a lifecycle moment that stores nothing new (a turn queued, awaiting input) to
/// webhooks.
pub fn announce(st: &AppState, event_type: WebhookEventType, task: &Task) {
    st.events.publish(
        st,
        Event {
            feed: None,
            hook: Some(announcement(event_type, task, None)),
        },
    );
}

pub fn log(st: &Shared, task: &Task, attempt: u32, source: LogSource, message: &str) {
    let id = new_id(st, "log");
    let entry = TaskLogEntry {
        attempt_number: attempt.max(1),
        source,
        message: message.into(),
        created_at: st.clock.now(),
    };
    st.store.put(LOG, &id, &task.id, &entry);
}

pub fn new_event(st: &Shared, kind: TaskEventKind, turn: Option<i64>, message: &str) -> TaskEvent {
    TaskEvent {
        id: new_id(st, "evt"),
        kind,
        turn_number: turn,
        message: message.into(),
        metadata: Default::default(),
        created_at: st.clock.now(),
    }
}
