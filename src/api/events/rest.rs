//! What the live feed needs from plain HTTP: the stream URL (the only place the API key goes
//! into a URL) and the resynchronisation over REST: the task and its events, and the messages
//! walked newest first only as far as needed.

use super::feed::FeedUpdate;
use crate::api::agentcontainer::{get_task, list_conversation_events, list_messages};
use crate::api::connection::AgentContainerConnection;
use crate::api::cursor::{collect_all, walk, WalkEnd};
use crate::api::error::{ApiError, Service};
use crate::api::url::{endpoint, with_query};
use agentdeck_wire::agentcontainer::{
    ListMessagesQuery, ListQuery, SortOrder, TaskMessage, TaskMode,
};

/// The stream URL, with the key as `apiKey` (the only place the key goes into a URL): the key
/// the user gave in place of this one if it was rejected ([`crate::api::auth::secret_for`]).
pub fn stream_url(conn: &AgentContainerConnection, task_id: &str) -> Result<String, ApiError> {
    let base = endpoint(
        Service::AgentContainer,
        &conn.base_url,
        &["conversations", task_id, "events"],
    )?;
    let key = crate::api::auth::secret_for(Service::AgentContainer, conn.api_key.trim());
    Ok(with_query(base, &[("stream", "true"), ("apiKey", &key)]))
}

/// Times a failed resynchronisation is tried before waiting for the next (re)connection.
pub const RESYNC_ATTEMPTS: u32 = 4;

/// Messages per request when walking a conversation's history.
const MESSAGES_PER_PAGE: u32 = 100;

/// Messages loaded when a conversation opens, newest first: the rest of a long history comes
/// when the reader asks for it ([`EARLIER_STEP`] at a time), so a huge conversation opens fast.
pub const OPENING_HISTORY: usize = 500;

/// Messages loaded by each step back into a long conversation's earlier history.
pub const EARLIER_STEP: usize = 500;

/// Most messages a resync after a reconnect walks back; it stops sooner, at the first page
/// that brings nothing new. More than this missed while away leaves a gap that the earlier
/// history steps fill.
pub const RESYNC_MAX_MESSAGES: usize = 2_000;

/// The task and its events over REST, the task first; `true` for an autonomous task, which has
/// no messages (the messages endpoint answers 404 for it).
pub async fn resync_task(
    conn: &AgentContainerConnection,
    task_id: &str,
) -> Result<(Vec<FeedUpdate>, bool), ApiError> {
    let task = get_task(conn, task_id).await?;
    let autonomous = task.mode == TaskMode::Autonomous;
    let mut out = vec![FeedUpdate::Task(Box::new(task))];
    out.extend(resync_events(conn, task_id).await?);
    Ok((out, autonomous))
}

/// Walks the conversation's messages newest first from `from` (`None`: the newest), handing
/// each page to `take` ([`walk`] says when it stops).
pub async fn walk_messages(
    conn: &AgentContainerConnection,
    task_id: &str,
    from: Option<String>,
    max: usize,
    take: impl FnMut(Vec<TaskMessage>) -> bool,
) -> Result<WalkEnd, ApiError> {
    walk(
        |cursor| {
            let q = ListMessagesQuery {
                limit: Some(MESSAGES_PER_PAGE),
                cursor,
                order: Some(SortOrder::Desc),
            };
            async move { list_messages(conn, task_id, &q).await }
        },
        from,
        max,
        take,
    )
    .await
}

/// Most conversation events loaded by a resync (events are few: mode switches, hibernation).
const EVENTS_MAX: usize = 2_000;

async fn resync_events(
    conn: &AgentContainerConnection,
    task_id: &str,
) -> Result<Vec<FeedUpdate>, ApiError> {
    let events = collect_all(
        |cursor| {
            let q = ListQuery {
                limit: Some(100),
                cursor,
            };
            async move { list_conversation_events(conn, task_id, &q).await }
        },
        EVENTS_MAX,
    )
    .await?;
    Ok(events.into_iter().map(FeedUpdate::Event).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_url_carries_the_key_only_there() {
        let conn = AgentContainerConnection {
            base_url: "https://agentcontainer.co/api/v1".into(),
            api_key: "ak_1 2".into(),
        };
        assert_eq!(
            stream_url(&conn, "t/1").unwrap(),
            "https://agentcontainer.co/api/v1/conversations/t%2F1/events?stream=true&apiKey=ak_1%202"
        );
        assert!(!format!("{conn:?}").contains("ak_1"));
    }
}
