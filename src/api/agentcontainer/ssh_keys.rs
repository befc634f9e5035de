//! SSH Keys group: server-generated keys and the repositories they may clone.

use super::request::{delete, get, list_url, url, write};
use crate::api::connection::AgentContainerConnection;
use crate::api::error::ApiError;
use agentdeck_wire::agentcontainer::{
    AttachSshKeyRepository, CreateSshKey, ListQuery, Page, Repository, SshKey, UpdateSshKey,
};
use gloo_net::http::Method;

/// `GET /ssh-keys`.
pub async fn list_ssh_keys(
    conn: &AgentContainerConnection,
    q: &ListQuery,
) -> Result<Page<SshKey>, ApiError> {
    get(conn, list_url(conn, &["ssh-keys"], q)?).await
}

/// `POST /ssh-keys`: the server generates the key pair; only the public key comes back.
pub async fn create_ssh_key(
    conn: &AgentContainerConnection,
    body: &CreateSshKey,
) -> Result<SshKey, ApiError> {
    write(conn, Method::POST, url(conn, &["ssh-keys"])?, Some(body)).await
}

/// `GET /ssh-keys/{sshKeyId}`.
pub async fn get_ssh_key(
    conn: &AgentContainerConnection,
    ssh_key_id: &str,
) -> Result<SshKey, ApiError> {
    get(conn, url(conn, &["ssh-keys", ssh_key_id])?).await
}

/// `PATCH /ssh-keys/{sshKeyId}`.
pub async fn update_ssh_key(
    conn: &AgentContainerConnection,
    ssh_key_id: &str,
    body: &UpdateSshKey,
) -> Result<SshKey, ApiError> {
    write(
        conn,
        Method::PATCH,
        url(conn, &["ssh-keys", ssh_key_id])?,
        Some(body),
    )
    .await
}

/// `DELETE /ssh-keys/{sshKeyId}` (204).
pub async fn delete_ssh_key(
    conn: &AgentContainerConnection,
    ssh_key_id: &str,
) -> Result<(), ApiError> {
    delete(conn, url(conn, &["ssh-keys", ssh_key_id])?).await
}

/// `GET /ssh-keys/{sshKeyId}/repositories`.
pub async fn list_ssh_key_repositories(
    conn: &AgentContainerConnection,
    ssh_key_id: &str,
    q: &ListQuery,
) -> Result<Page<Repository>, ApiError> {
    get(
        conn,
        list_url(conn, &["ssh-keys", ssh_key_id, "repositories"], q)?,
    )
    .await
}

/// `POST /ssh-keys/{sshKeyId}/repositories`: returns the repository.
pub async fn attach_ssh_key_repository(
    conn: &AgentContainerConnection,
    ssh_key_id: &str,
    repository_id: &str,
) -> Result<Repository, ApiError> {
    let body = AttachSshKeyRepository {
        repository_id: repository_id.to_string(),
    };
    write(
        conn,
        Method::POST,
        url(conn, &["ssh-keys", ssh_key_id, "repositories"])?,
        Some(&body),
    )
    .await
}

/// `DELETE /ssh-keys/{sshKeyId}/repositories/{repositoryId}` (204).
pub async fn detach_ssh_key_repository(
    conn: &AgentContainerConnection,
    ssh_key_id: &str,
    repository_id: &str,
) -> Result<(), ApiError> {
    delete(
        conn,
        url(
            conn,
            &["ssh-keys", ssh_key_id, "repositories", repository_id],
        )?,
    )
    .await
}
