//! Files group: an agent's reference files and the two API steps of an upload (prepare,
//! complete). The whole upload with progress is [`crate::api::upload`].

use super::request::{get, list_url, url, write};
use crate::api::connection::AgentContainerConnection;
use crate::api::error::ApiError;
use agentdeck_wire::agentcontainer::{
    Agent, AttachReferenceFiles, CompleteUpload, File, ListQuery, Page, PrepareUpload,
    PreparedUpload,
};
use gloo_net::http::Method;

/// `GET /agents/{agentId}/reference-files`.
pub async fn list_reference_files(
    conn: &AgentContainerConnection,
    agent_id: &str,
    q: &ListQuery,
) -> Result<Page<File>, ApiError> {
    get(
        conn,
        list_url(conn, &["agents", agent_id, "reference-files"], q)?,
    )
    .await
}

/// `POST /agents/{agentId}/reference-files`: attaches uploaded files; returns the agent.
pub async fn attach_reference_files(
    conn: &AgentContainerConnection,
    agent_id: &str,
    body: &AttachReferenceFiles,
) -> Result<Agent, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["agents", agent_id, "reference-files"])?,
        Some(body),
    )
    .await
}

/// `POST /uploads/prepare`. Prefer [`crate::api::upload::upload_agentcontainer_file`], which runs the
/// whole flow with progress.
pub async fn prepare_upload(
    conn: &AgentContainerConnection,
    body: &PrepareUpload,
) -> Result<PreparedUpload, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["uploads", "prepare"])?,
        Some(body),
    )
    .await
}

/// `POST /uploads/complete`: `storageId` only for uploads prepared with method POST.
pub async fn complete_upload(
    conn: &AgentContainerConnection,
    body: &CompleteUpload,
) -> Result<File, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["uploads", "complete"])?,
        Some(body),
    )
    .await
}
