//! Agents group: agents and their immutable versions.

use super::request::{delete, get, list_url, url, write};
use crate::api::connection::AgentContainerConnection;
use crate::api::error::ApiError;
use agentdeck_wire::agentcontainer::{
    Agent, AgentVersion, CreateAgent, ForkAgent, ListQuery, Page, UpdateAgent,
};
use gloo_net::http::Method;

/// `GET /agents`.
pub async fn list_agents(
    conn: &AgentContainerConnection,
    q: &ListQuery,
) -> Result<Page<Agent>, ApiError> {
    get(conn, list_url(conn, &["agents"], q)?).await
}

/// `POST /agents`.
pub async fn create_agent(
    conn: &AgentContainerConnection,
    body: &CreateAgent,
) -> Result<Agent, ApiError> {
    write(conn, Method::POST, url(conn, &["agents"])?, Some(body)).await
}

/// `GET /agents/{agentId}`.
pub async fn get_agent(conn: &AgentContainerConnection, agent_id: &str) -> Result<Agent, ApiError> {
    get(conn, url(conn, &["agents", agent_id])?).await
}

/// `PATCH /agents/{agentId}`: a new version when runtime or behaviour changes.
pub async fn update_agent(
    conn: &AgentContainerConnection,
    agent_id: &str,
    body: &UpdateAgent,
) -> Result<Agent, ApiError> {
    write(
        conn,
        Method::PATCH,
        url(conn, &["agents", agent_id])?,
        Some(body),
    )
    .await
}

/// `DELETE /agents/{agentId}`: archives the agent (204).
pub async fn archive_agent(
    conn: &AgentContainerConnection,
    agent_id: &str,
) -> Result<(), ApiError> {
    delete(conn, url(conn, &["agents", agent_id])?).await
}

/// `POST /agents/{agentId}/fork`.
pub async fn fork_agent(
    conn: &AgentContainerConnection,
    agent_id: &str,
    body: &ForkAgent,
) -> Result<Agent, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["agents", agent_id, "fork"])?,
        Some(body),
    )
    .await
}

/// `GET /agents/{agentId}/versions`.
pub async fn list_agent_versions(
    conn: &AgentContainerConnection,
    agent_id: &str,
    q: &ListQuery,
) -> Result<Page<AgentVersion>, ApiError> {
    get(conn, list_url(conn, &["agents", agent_id, "versions"], q)?).await
}

/// `GET /agents/{agentId}/versions/{versionId}`.
pub async fn get_agent_version(
    conn: &AgentContainerConnection,
    agent_id: &str,
    version_id: &str,
) -> Result<AgentVersion, ApiError> {
    get(
        conn,
        url(conn, &["agents", agent_id, "versions", version_id])?,
    )
    .await
}
