//! Repositories group: repositories attached to an agent or a conversation, and the reusable
//! repository definitions.

use super::request::{delete, get, list_url, url, write, SVC};
use crate::api::connection::AgentContainerConnection;
use crate::api::error::ApiError;
use crate::api::url::with_query;
use agentdeck_wire::agentcontainer::{
    Agent, AttachRepositories, AttachedRepository, CreateRepository, ListQuery, Page, Repository,
};
use gloo_net::http::Method;

/// `GET /agents/{agentId}/repositories`.
pub async fn list_agent_repositories(
    conn: &AgentContainerConnection,
    agent_id: &str,
    q: &ListQuery,
) -> Result<Page<AttachedRepository>, ApiError> {
    get(
        conn,
        list_url(conn, &["agents", agent_id, "repositories"], q)?,
    )
    .await
}

/// `POST /agents/{agentId}/repositories`: returns the agent (a new version).
pub async fn attach_agent_repositories(
    conn: &AgentContainerConnection,
    agent_id: &str,
    body: &AttachRepositories,
) -> Result<Agent, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["agents", agent_id, "repositories"])?,
        Some(body),
    )
    .await
}

/// `DELETE /agents/{agentId}/repositories/{repositoryId}?mountingPoint=` (204).
pub async fn detach_agent_repository(
    conn: &AgentContainerConnection,
    agent_id: &str,
    repository_id: &str,
    mounting_point: &str,
) -> Result<(), ApiError> {
    if mounting_point.is_empty() {
        return Err(ApiError::invalid(
            SVC,
            "Say which mounting point to detach.",
        ));
    }
    let url = with_query(
        url(conn, &["agents", agent_id, "repositories", repository_id])?,
        &[("mountingPoint", mounting_point)],
    );
    delete(conn, url).await
}

/// `GET /conversations/{taskId}/repositories`.
pub async fn list_conversation_repositories(
    conn: &AgentContainerConnection,
    task_id: &str,
    q: &ListQuery,
) -> Result<Page<AttachedRepository>, ApiError> {
    get(
        conn,
        list_url(conn, &["conversations", task_id, "repositories"], q)?,
    )
    .await
}

/// `POST /conversations/{taskId}/repositories`: returns what is attached now.
pub async fn attach_conversation_repositories(
    conn: &AgentContainerConnection,
    task_id: &str,
    body: &AttachRepositories,
) -> Result<Vec<AttachedRepository>, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["conversations", task_id, "repositories"])?,
        Some(body),
    )
    .await
}

/// `GET /repositories`.
pub async fn list_repositories(
    conn: &AgentContainerConnection,
    q: &ListQuery,
) -> Result<Page<Repository>, ApiError> {
    get(conn, list_url(conn, &["repositories"], q)?).await
}

/// `POST /repositories`.
pub async fn create_repository(
    conn: &AgentContainerConnection,
    body: &CreateRepository,
) -> Result<Repository, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["repositories"])?,
        Some(body),
    )
    .await
}

/// `DELETE /repositories/{repositoryId}` (204).
pub async fn delete_repository(
    conn: &AgentContainerConnection,
    repository_id: &str,
) -> Result<(), ApiError> {
    delete(conn, url(conn, &["repositories", repository_id])?).await
}
