//! The live feed hub: every task state change, message and conversation event is numbered,
//! stored, and broadcast to open event streams.

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

pub struct Hub {
    pub tx: broadcast::Sender<FeedEntry>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub {
            tx: broadcast::channel(1024).0,
        }
    }
}
