//! Conversations group: create (keyed), autonomous mode, stored events, messages (list, send
//! keyed). The live feed is in [`crate::api::events`].

use super::request::{get, keyed_create, list_pairs, list_url, url, write, IdempotencyKey};
use crate::api::connection::AgentContainerConnection;
use crate::api::error::ApiError;
use crate::api::url::with_query;
use agentdeck_wire::agentcontainer::{
    AutonomousResponse, CreateConversation, CreateConversationResponse, ListMessagesQuery,
    ListQuery, Page, SendMessage, SendMessageResponse, TaskEvent, TaskMessage, ToggleAutonomous,
};
use gloo_net::http::Method;

/// `POST /agents/{agentId}/conversations` (with `Idempotency-Key`; retried with the same key).
pub async fn create_conversation(
    conn: &AgentContainerConnection,
    agent_id: &str,
    body: &CreateConversation,
    key: &IdempotencyKey,
) -> Result<CreateConversationResponse, ApiError> {
    keyed_create(
        conn,
        url(conn, &["agents", agent_id, "conversations"])?,
        body,
        key,
    )
    .await
}

/// `POST /conversations/{taskId}/autonomous`: switches autonomous mode on or off.
pub async fn set_autonomous(
    conn: &AgentContainerConnection,
    task_id: &str,
    enabled: bool,
) -> Result<AutonomousResponse, ApiError> {
    let body = ToggleAutonomous { enabled };
    write(
        conn,
        Method::POST,
        url(conn, &["conversations", task_id, "autonomous"])?,
        Some(&body),
    )
    .await
}

/// `GET /conversations/{taskId}/events`: stored non-chat events (the live feed is
/// [`crate::api::events::EventStream`]).
pub async fn list_conversation_events(
    conn: &AgentContainerConnection,
    task_id: &str,
    q: &ListQuery,
) -> Result<Page<TaskEvent>, ApiError> {
    get(
        conn,
        list_url(conn, &["conversations", task_id, "events"], q)?,
    )
    .await
}

/// Query pairs of the message list.
pub fn messages_pairs(q: &ListMessagesQuery) -> Vec<(&'static str, String)> {
    let mut out = list_pairs(&ListQuery {
        limit: q.limit,
        cursor: q.cursor.clone(),
    });
    if let Some(o) = &q.order {
        out.push(("order", o.as_str().to_string()));
    }
    out
}

/// `GET /conversations/{taskId}/messages`.
pub async fn list_messages(
    conn: &AgentContainerConnection,
    task_id: &str,
    q: &ListMessagesQuery,
) -> Result<Page<TaskMessage>, ApiError> {
    let url = with_query(
        url(conn, &["conversations", task_id, "messages"])?,
        &messages_pairs(q),
    );
    get(conn, url).await
}

/// `POST /conversations/{taskId}/messages` (with `Idempotency-Key`; retried with the same key).
pub async fn send_message(
    conn: &AgentContainerConnection,
    task_id: &str,
    body: &SendMessage,
    key: &IdempotencyKey,
) -> Result<SendMessageResponse, ApiError> {
    keyed_create(
        conn,
        url(conn, &["conversations", task_id, "messages"])?,
        body,
        key,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentdeck_wire::agentcontainer::SortOrder;

    #[test]
    fn message_list_query_pairs() {
        let q = ListMessagesQuery {
            limit: None,
            cursor: Some("c".into()),
            order: Some(SortOrder::Desc),
        };
        assert_eq!(
            messages_pairs(&q),
            vec![("cursor", "c".to_string()), ("order", "desc".to_string())]
        );
    }
}
