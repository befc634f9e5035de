//! The live feed of a conversation (`GET /conversations/{taskId}/events?stream=true`): its
//! three kinds of payload, told apart by shape ([`classify`]) since the event names are not
//! published.

use super::conversations::{TaskEvent, TaskMessage};
use super::tasks::Task;
use serde_json::Value;

/// SSE event names local-api sends on the live feed. The real service does not publish its
/// names: clients must classify by shape ([`classify`]) and also accept unnamed events.
pub mod sse_event {
    /// A full [`Task`](super::Task) after a state change.
    pub const TASK: &str = "task";
    /// A [`TaskMessage`](super::TaskMessage), created or updated.
    pub const MESSAGE: &str = "message";
    /// A [`TaskEvent`](super::TaskEvent).
    pub const EVENT: &str = "event";
}

/// One payload of the live feed, told apart by shape.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedItem {
    Task(Box<Task>),
    Message(TaskMessage),
    Event(TaskEvent),
    /// Anything else (including a known shape that failed to parse): ignore it.
    Unknown(Value),
}

/// Classifies a live-feed payload by its shape: a task has `status` and `agentId`; a message
/// has `role` and `turnNumber`; a conversation event has `kind`. A payload wrapped as
/// `{"task": {...}}`, `{"message": {...}}` or `{"event": {...}}` is unwrapped first.
pub fn classify(json: &Value) -> FeedItem {
    let Some(obj) = json.as_object() else {
        return FeedItem::Unknown(json.clone());
    };
    if obj.len() == 1 {
        for key in ["task", "message", "event"] {
            if let Some(inner @ Value::Object(_)) = obj.get(key) {
                let item = classify(inner);
                if !matches!(item, FeedItem::Unknown(_)) {
                    return item;
                }
            }
        }
    }
    let has = |k: &str| obj.contains_key(k);
    if has("status") && has("agentId") {
        if let Ok(t) = serde_json::from_value::<Task>(json.clone()) {
            return FeedItem::Task(Box::new(t));
        }
    } else if has("role") && has("turnNumber") {
        if let Ok(m) = serde_json::from_value::<TaskMessage>(json.clone()) {
            return FeedItem::Message(m);
        }
    } else if has("kind") {
        if let Ok(e) = serde_json::from_value::<TaskEvent>(json.clone()) {
            return FeedItem::Event(e);
        }
    }
    FeedItem::Unknown(json.clone())
}

/// Classifies the `data:` text of one SSE event; text that is not JSON is `Unknown(String)`.
pub fn classify_str(data: &str) -> FeedItem {
    match serde_json::from_str::<Value>(data) {
        Ok(v) => classify(&v),
        Err(_) => FeedItem::Unknown(Value::String(data.to_string())),
    }
}

impl FeedItem {
    /// The `id` of the task, message or event, for de-duplication.
    pub fn id(&self) -> Option<&str> {
        match self {
            FeedItem::Task(t) => Some(&t.id),
            FeedItem::Message(m) => Some(&m.id),
            FeedItem::Event(e) => Some(&e.id),
            FeedItem::Unknown(_) => None,
        }
    }
}
