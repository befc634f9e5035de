//! What the live feed needs from plain HTTP: the stream URL (the only place the API key goes
//! into a URL) and the resynchronisation over REST (the task, its messages and its events).

use super::feed::FeedUpdate;
use crate::api::agentcontainer::{get_task, list_conversation_events, list_messages};
use crate::api::connection::AgentContainerConnection;
use crate::api::cursor::collect_all;
use crate::api::error::{ApiError, Service};
use crate::api::url::{endpoint, with_query};
use agentdeck_wire::agentcontainer::{ListMessagesQuery, ListQuery, SortOrder, TaskMode};

/// The stream URL, with the key as `apiKey` (the only place the key goes into a URL).
pub fn stream_url(conn: &AgentContainerConnection, task_id: &str) -> Result<String, ApiError> {
    let base = endpoint(
        Service::AgentContainer,
        &conn.base_url,
        &["conversations", task_id, "events"],
    )?;
    Ok(with_query(
        base,
        &[("stream", "true"), ("apiKey", conn.api_key.trim())],
    ))
}

/// Times a failed resynchronisation is tried before waiting for the next (re)connection.
pub const RESYNC_ATTEMPTS: u32 = 4;

/// Most messages loaded by one resynchronisation: the newest ones (a long conversation's
/// earliest history is not needed to carry on live).
pub const RESYNC_MAX_MESSAGES: usize = 2_000;

/// Everything the feed would have said, over REST: the task, its newest messages (returned
/// oldest first) and its events.
pub async fn resync(
    conn: &AgentContainerConnection,
    task_id: &str,
) -> Result<Vec<FeedUpdate>, ApiError> {
    let task = get_task(conn, task_id).await?;
    // An autonomous task has no messages (the messages endpoint answers 404 for it): its feed
    // carries the task's state and events only.
    let autonomous = task.mode == TaskMode::Autonomous;
    let mut out = vec![FeedUpdate::Task(Box::new(task))];
    if autonomous {
        out.extend(resync_events(conn, task_id).await?);
        return Ok(out);
    }
    // Newest first, so the cap drops the oldest history, never the latest messages.
    let mut messages = collect_all(
        |cursor| {
            let q = ListMessagesQuery {
                limit: Some(100),
                cursor,
                order: Some(SortOrder::Desc),
            };
            async move { list_messages(conn, task_id, &q).await }
        },
        RESYNC_MAX_MESSAGES,
    )
    .await?;
    messages.reverse();
    out.extend(messages.into_iter().map(FeedUpdate::Message));
    out.extend(resync_events(conn, task_id).await?);
    Ok(out)
}

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
        RESYNC_MAX_MESSAGES,
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
