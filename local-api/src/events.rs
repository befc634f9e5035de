//! The event bus of the services' domains. A domain stores a change, then publishes it here;
//! whoever cares has subscribed, so the domain never names them: the live event streams
//! through [`Bus::subscribe`] (a broadcast of feed entries), and the synchronous subscribers
//! given when the state is built (webhook deliveries), called in order before
//! [`Bus::publish`] returns, under the publisher's locks, so what they do (ids they draw,
//! deliveries they queue) stays deterministic.
//!
//! Only AgentContainer publishes: Netlify has neither a live feed nor webhooks (the app polls).

use agentdeck_wire::agentcontainer::{Task, TaskMessage, WebhookEventType};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// One item of a task's live feed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FeedEntry {
    pub task_id: String,
    /// Increasing per server; the SSE `id:`.
    pub seq: u64,
    /// SSE event name: `task`, `message` or `event`.
    pub event: String,
    pub data: serde_json::Value,
}

/// A task lifecycle event for webhooks: its type, the task, and the message it is about.
#[derive(Debug, Clone)]
pub struct Announcement {
    pub event_type: WebhookEventType,
    pub task: Task,
    pub message: Option<TaskMessage>,
}

/// A published change.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// Its entry in the task's live feed (numbered and stored already), if it shows there.
    pub feed: Option<FeedEntry>,
    /// The webhook event it announces, if any.
    pub hook: Option<Announcement>,
}

/// A synchronous subscriber, called with the context the publisher passes (the app state).
pub type Subscriber<C> = fn(&C, &Event);

pub struct Bus<C> {
    live: broadcast::Sender<FeedEntry>,
    subscribers: Vec<Subscriber<C>>,
}

impl<C> Bus<C> {
    pub fn new(subscribers: Vec<Subscriber<C>>) -> Self {
        Bus {
            live: broadcast::channel(1024).0,
            subscribers,
        }
    }

    /// The feed entries published from now on (event streams).
    pub fn subscribe(&self) -> broadcast::Receiver<FeedEntry> {
        self.live.subscribe()
    }

    /// Sends the feed entry to the event streams, then calls every subscriber in order.
    pub fn publish(&self, ctx: &C, event: Event) {
        if let Some(entry) = &event.feed {
            let _ = self.live.send(entry.clone());
        }
        for subscriber in &self.subscribers {
            subscriber(ctx, &event);
        }
    }
}
