//! AgentContainer client: one async function per endpoint (all 52 of API 0.2.0).
//!
//! Every function takes the [`AgentContainerConnection`] (base URL and API key, sent as
//! `Authorization: Bearer`) and returns typed results or an [`ApiError`]. Reads are retried on
//! transient failures. The four creates that the service de-duplicates (task, conversation,
//! message, wake) take an [`IdempotencyKey`]: keep one per thing the user creates and pass the
//! same key again when the user retries, so a retry never creates it twice. Other writes are
//! never retried automatically.
//!
//! Lists return [`Page`]s; see [`super::cursor`] for "Load more" and streams of pages. The live
//! feed of `GET /conversations/{taskId}/events?stream=true` is in [`super::events`].

use super::error::{ApiError, ApiErrorKind, Service};
use super::http::{send, send_with, Call, Read, DOWNLOAD_TIMEOUT};
use super::url::{endpoint, with_query};
use super::AgentContainerConnection;
use agentdeck_wire::agentcontainer::{
    Account, Agent, AgentVersion, AttachReferenceFiles, AttachRepositories, AttachSshKeyRepository,
    AttachedRepository, AutonomousResponse, CompleteUpload, CreateAgent, CreateConversation,
    CreateConversationResponse, CreateRepository, CreateSshKey, CreateTask, CreateWebhook,
    DataList, File, ForkAgent, ListDeliveriesQuery, ListMessagesQuery, ListQuery, ListTasksQuery,
    Page, PrepareUpload, PreparedUpload, Repository, SendMessage, SendMessageResponse, SshKey,
    Task, TaskEvent, TaskFile, TaskLogEntry, TaskMessage, ToggleAutonomous, UpdateAgent,
    UpdateSshKey, UpdateWebhook, WakeTask, Webhook, WebhookDelivery, WebhookWithSecret,
};
use gloo_net::http::Method;
use serde::de::DeserializeOwned;

const SVC: Service = Service::AgentContainer;

/// An `Idempotency-Key`: one per create the user asked for, reused on every retry of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A fresh random key (a UUID from `crypto.randomUUID()`).
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        IdempotencyKey(super::http::new_idempotency_key())
    }

    /// A key from a known string (e.g. kept with a draft in storage).
    pub fn from_string(key: impl Into<String>) -> Self {
        IdempotencyKey(key.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn url(conn: &AgentContainerConnection, segments: &[&str]) -> Result<String, ApiError> {
    endpoint(SVC, &conn.base_url, segments)
}

fn call(
    conn: &AgentContainerConnection,
    method: Method,
    url: String,
) -> Result<Call<'_>, ApiError> {
    if conn.api_key.trim().is_empty() {
        return Err(ApiError::new(SVC, ApiErrorKind::Unauthorized));
    }
    Ok(Call::new(SVC, method, url).bearer(conn.api_key.trim()))
}

async fn get<T: DeserializeOwned>(
    conn: &AgentContainerConnection,
    url: String,
) -> Result<T, ApiError> {
    send_with(call(conn, Method::GET, url)?, |a| a.json(SVC)).await
}

async fn write<T: DeserializeOwned, B: serde::Serialize + ?Sized>(
    conn: &AgentContainerConnection,
    method: Method,
    url: String,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let mut c = call(conn, method, url)?;
    if let Some(b) = body {
        c = c.json(b)?;
    }
    send_with(c, |a| a.json(SVC)).await
}

async fn keyed_create<T: DeserializeOwned, B: serde::Serialize + ?Sized>(
    conn: &AgentContainerConnection,
    url: String,
    body: &B,
    key: &IdempotencyKey,
) -> Result<T, ApiError> {
    let c = call(conn, Method::POST, url)?
        .json(body)?
        .idempotency_key(key.0.clone());
    send_with(c, |a| a.json(SVC)).await
}

async fn delete(conn: &AgentContainerConnection, url: String) -> Result<(), ApiError> {
    send(call(conn, Method::DELETE, url)?.read(Read::Nothing))
        .await
        .map(drop)
}

const NO_BODY: Option<&()> = None;

/// Query pairs of a plain list.
pub fn list_pairs(q: &ListQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(l) = q.limit {
        out.push(("limit", l.to_string()));
    }
    if let Some(c) = q.cursor.as_ref().filter(|c| !c.is_empty()) {
        out.push(("cursor", c.clone()));
    }
    out
}

fn list_url(
    conn: &AgentContainerConnection,
    segments: &[&str],
    q: &ListQuery,
) -> Result<String, ApiError> {
    Ok(with_query(url(conn, segments)?, &list_pairs(q)))
}

// ---------------------------------------------------------------------------------------------
// Account

/// `GET /account`: the account behind the key, with credits and storage (also the connection test).
pub async fn get_account(conn: &AgentContainerConnection) -> Result<Account, ApiError> {
    get(conn, url(conn, &["account"])?).await
}

// ---------------------------------------------------------------------------------------------
// Agents

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

// ---------------------------------------------------------------------------------------------
// Conversations

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
/// [`super::events::EventStream`]).
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

// ---------------------------------------------------------------------------------------------
// Files and uploads

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

/// `POST /uploads/prepare`. Prefer [`super::upload::upload_agentcontainer_file`], which runs the
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

// ---------------------------------------------------------------------------------------------
// Repositories

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

// ---------------------------------------------------------------------------------------------
// SSH keys

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

// ---------------------------------------------------------------------------------------------
// Tasks

/// Query pairs of the task list.
pub fn tasks_pairs(q: &ListTasksQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(s) = &q.status {
        out.push(("status", s.as_str().to_string()));
    }
    if let Some(m) = &q.mode {
        out.push(("mode", m.as_str().to_string()));
    }
    out.extend(list_pairs(&ListQuery {
        limit: q.limit,
        cursor: q.cursor.clone(),
    }));
    out
}

/// `GET /agents/{agentId}/tasks`.
pub async fn list_tasks(
    conn: &AgentContainerConnection,
    agent_id: &str,
    q: &ListTasksQuery,
) -> Result<Page<Task>, ApiError> {
    let url = with_query(url(conn, &["agents", agent_id, "tasks"])?, &tasks_pairs(q));
    get(conn, url).await
}

/// `POST /agents/{agentId}/tasks`: dispatches an autonomous task (with `Idempotency-Key`).
pub async fn create_task(
    conn: &AgentContainerConnection,
    agent_id: &str,
    body: &CreateTask,
    key: &IdempotencyKey,
) -> Result<Task, ApiError> {
    keyed_create(conn, url(conn, &["agents", agent_id, "tasks"])?, body, key).await
}

/// `GET /tasks/{taskId}`.
pub async fn get_task(conn: &AgentContainerConnection, task_id: &str) -> Result<Task, ApiError> {
    get(conn, url(conn, &["tasks", task_id])?).await
}

/// `POST /tasks/{taskId}/cancel`.
pub async fn cancel_task(conn: &AgentContainerConnection, task_id: &str) -> Result<Task, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["tasks", task_id, "cancel"])?,
        NO_BODY,
    )
    .await
}

/// `GET /tasks/{taskId}/files`: output files.
pub async fn list_task_files(
    conn: &AgentContainerConnection,
    task_id: &str,
    q: &ListQuery,
) -> Result<Page<TaskFile>, ApiError> {
    get(conn, list_url(conn, &["tasks", task_id, "files"], q)?).await
}

/// A downloaded output file.
#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    /// From `Content-Disposition`, reduced to a safe file name.
    pub filename: Option<String>,
}

/// `GET /tasks/{taskId}/files/{fileId}`: the bytes of an output file. See
/// [`super::download::save_to_disk`] to hand them to the user.
pub async fn download_task_file(
    conn: &AgentContainerConnection,
    task_id: &str,
    file_id: &str,
) -> Result<Download, ApiError> {
    let c = call(
        conn,
        Method::GET,
        url(conn, &["tasks", task_id, "files", file_id])?,
    )?
    .accept("*/*")
    .read(Read::Bytes)
    .timeout(DOWNLOAD_TIMEOUT);
    let answer = send(c).await?;
    Ok(Download {
        content_type: answer.header("content-type"),
        filename: answer
            .header("content-disposition")
            .and_then(|h| super::download::filename_from_content_disposition(&h)),
        bytes: answer.bytes,
    })
}

/// `GET /tasks/{taskId}/logs` (newest first).
pub async fn list_task_logs(
    conn: &AgentContainerConnection,
    task_id: &str,
    q: &ListQuery,
) -> Result<Page<TaskLogEntry>, ApiError> {
    get(conn, list_url(conn, &["tasks", task_id, "logs"], q)?).await
}

/// `POST /tasks/{taskId}/wake` (with `Idempotency-Key`; retried with the same key).
pub async fn wake_task(
    conn: &AgentContainerConnection,
    task_id: &str,
    body: &WakeTask,
    key: &IdempotencyKey,
) -> Result<Task, ApiError> {
    keyed_create(conn, url(conn, &["tasks", task_id, "wake"])?, body, key).await
}

// ---------------------------------------------------------------------------------------------
// Other

/// `GET /openapi.yaml` (no auth): the raw OpenAPI document.
pub async fn get_openapi_yaml(conn: &AgentContainerConnection) -> Result<String, ApiError> {
    let c = Call::new(SVC, Method::GET, url(conn, &["openapi.yaml"])?)
        .accept("application/yaml, text/yaml, */*");
    Ok(send(c).await?.text)
}

// ---------------------------------------------------------------------------------------------
// Webhooks

/// `GET /webhook-deliveries` (most recent first).
pub async fn list_webhook_deliveries(
    conn: &AgentContainerConnection,
    q: &ListDeliveriesQuery,
) -> Result<DataList<WebhookDelivery>, ApiError> {
    let mut pairs = Vec::new();
    if let Some(w) = q.webhook_id.as_ref().filter(|w| !w.is_empty()) {
        pairs.push(("webhookId", w.clone()));
    }
    if let Some(l) = q.limit {
        pairs.push(("limit", l.to_string()));
    }
    get(
        conn,
        with_query(url(conn, &["webhook-deliveries"])?, &pairs),
    )
    .await
}

/// `POST /webhook-deliveries/{deliveryId}/resend`.
pub async fn resend_webhook_delivery(
    conn: &AgentContainerConnection,
    delivery_id: &str,
) -> Result<WebhookDelivery, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["webhook-deliveries", delivery_id, "resend"])?,
        NO_BODY,
    )
    .await
}

/// `GET /webhooks`.
pub async fn list_webhooks(conn: &AgentContainerConnection) -> Result<DataList<Webhook>, ApiError> {
    get(conn, url(conn, &["webhooks"])?).await
}

/// `POST /webhooks`: the signing secret is in the answer, and only there.
pub async fn create_webhook(
    conn: &AgentContainerConnection,
    body: &CreateWebhook,
) -> Result<WebhookWithSecret, ApiError> {
    write(conn, Method::POST, url(conn, &["webhooks"])?, Some(body)).await
}

/// `GET /webhooks/{webhookId}`.
pub async fn get_webhook(
    conn: &AgentContainerConnection,
    webhook_id: &str,
) -> Result<Webhook, ApiError> {
    get(conn, url(conn, &["webhooks", webhook_id])?).await
}

/// `PATCH /webhooks/{webhookId}`.
pub async fn update_webhook(
    conn: &AgentContainerConnection,
    webhook_id: &str,
    body: &UpdateWebhook,
) -> Result<Webhook, ApiError> {
    write(
        conn,
        Method::PATCH,
        url(conn, &["webhooks", webhook_id])?,
        Some(body),
    )
    .await
}

/// `DELETE /webhooks/{webhookId}` (204).
pub async fn delete_webhook(
    conn: &AgentContainerConnection,
    webhook_id: &str,
) -> Result<(), ApiError> {
    delete(conn, url(conn, &["webhooks", webhook_id])?).await
}

/// `POST /webhooks/{webhookId}/rotate-secret`: the new secret is in the answer, and only there.
pub async fn rotate_webhook_secret(
    conn: &AgentContainerConnection,
    webhook_id: &str,
) -> Result<WebhookWithSecret, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["webhooks", webhook_id, "rotate-secret"])?,
        NO_BODY,
    )
    .await
}

/// `POST /webhooks/{webhookId}/test`: queues a test delivery.
pub async fn test_webhook(
    conn: &AgentContainerConnection,
    webhook_id: &str,
) -> Result<WebhookDelivery, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["webhooks", webhook_id, "test"])?,
        NO_BODY,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentdeck_wire::agentcontainer::{SortOrder, TaskMode, TaskStatus};

    #[test]
    fn list_query_pairs() {
        assert_eq!(list_pairs(&ListQuery::default()), vec![]);
        assert_eq!(
            list_pairs(&ListQuery {
                limit: Some(20),
                cursor: Some("abc==".into())
            }),
            vec![("limit", "20".to_string()), ("cursor", "abc==".to_string())]
        );
        let q = ListTasksQuery {
            status: Some(TaskStatus::parse("running")),
            mode: Some(TaskMode::Conversation),
            limit: Some(5),
            cursor: None,
        };
        assert_eq!(
            tasks_pairs(&q),
            vec![
                ("status", "running".to_string()),
                ("mode", "conversation".to_string()),
                ("limit", "5".to_string())
            ]
        );
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

    #[test]
    fn idempotency_keys_are_kept_as_given() {
        let k = IdempotencyKey::from_string("draft-1");
        assert_eq!(k.clone().as_str(), "draft-1");
        assert_eq!(k, IdempotencyKey::from_string("draft-1"));
    }
}
