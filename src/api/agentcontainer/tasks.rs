//! Tasks group: list, create (keyed), get, cancel, wake (keyed), output files (list and
//! download) and logs.

use super::request::{
    call, get, keyed_create, list_pairs, list_url, url, write, IdempotencyKey, NO_BODY,
};
use crate::api::connection::AgentContainerConnection;
use crate::api::download::filename_from_content_disposition;
use crate::api::error::ApiError;
use crate::api::http::{send, Read, DOWNLOAD_TIMEOUT};
use crate::api::url::with_query;
use agentdeck_wire::agentcontainer::{
    CreateTask, ListQuery, ListTasksQuery, Page, Task, TaskFile, TaskLogEntry, WakeTask,
};
use gloo_net::http::Method;

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
/// [`crate::api::download::save_to_disk`] to hand them to the user.
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
            .and_then(|h| filename_from_content_disposition(&h)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use agentdeck_wire::agentcontainer::{TaskMode, TaskStatus};

    #[test]
    fn task_list_query_pairs() {
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
    }
}
