//! AgentContainer's upload flow: `uploads/prepare` -> send the raw bytes to `uploadUrl` with the
//! returned `method` and `headers` (a `POST` answers `{storageId}`) -> `uploads/complete`.

use super::checks::check_agentcontainer_file;
use super::source::{OnProgress, UploadProgress, UploadSource};
use super::transport::{looks_expired, send_bytes};
use crate::api::agentcontainer::{complete_upload, prepare_upload};
use crate::api::connection::AgentContainerConnection;
use crate::api::error::{ApiError, Service};
use agentdeck_wire::agentcontainer::{
    CompleteUpload, File, PrepareUpload, PreparedUpload, StorageUploadResponse, UploadMethod,
};

/// Uploads a file to AgentContainer; returns the stored [`File`] (its `id` goes into
/// `inputFileIds` or reference files).
pub async fn upload_agentcontainer_file(
    conn: &AgentContainerConnection,
    source: &UploadSource,
    on_progress: OnProgress,
) -> Result<File, ApiError> {
    check_agentcontainer_file(&source.name, source.size)?;
    let mut refreshed = false;
    loop {
        on_progress(UploadProgress::Preparing);
        let prepared = prepare_upload(
            conn,
            &PrepareUpload {
                filename: source.name.clone(),
                content_type: Some(upload_content_type(source).to_string()),
                size_bytes: Some(source.size),
            },
        )
        .await?;
        match send_to_prepared(source, &prepared, on_progress.clone()).await {
            Ok(storage_id) => {
                return complete_prepared(conn, &prepared, storage_id, on_progress).await
            }
            Err(e) if looks_expired(&e) && !refreshed => refreshed = true,
            Err(e) => return Err(e),
        }
    }
}

/// The content type an AgentContainer upload is prepared with.
fn upload_content_type(source: &UploadSource) -> &str {
    if source.mime.trim().is_empty() {
        "application/octet-stream"
    } else {
        source.mime.trim()
    }
}

/// Sends the bytes to a prepared upload with its `method` and `headers`; returns the
/// `storageId` for method `POST` (none for `PUT`). The second step of
/// [`upload_agentcontainer_file`], public for flows that prepared the upload themselves.
pub async fn send_to_prepared(
    source: &UploadSource,
    prepared: &PreparedUpload,
    on_progress: OnProgress,
) -> Result<Option<String>, ApiError> {
    let svc = Service::AgentContainer;
    let mut headers: Vec<(String, String)> = prepared
        .headers
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
        .collect();
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        headers.push((
            "Content-Type".into(),
            upload_content_type(source).to_string(),
        ));
    }
    let method = match &prepared.method {
        UploadMethod::Post => "POST",
        UploadMethod::Put => "PUT",
        UploadMethod::Unknown(m) => {
            return Err(ApiError::decode(svc, format!("unknown upload method {m}")))
        }
    };
    let answer = send_bytes(
        svc,
        method,
        &prepared.upload_url,
        &headers,
        source,
        on_progress,
    )
    .await?;
    if method == "POST" {
        let r: StorageUploadResponse = serde_json::from_str(&answer)
            .map_err(|e| ApiError::decode(svc, format!("upload answer: {e}")))?;
        Ok(Some(r.storage_id))
    } else {
        Ok(None)
    }
}

/// `POST /uploads/complete` for a prepared upload whose bytes were sent (the last step).
pub async fn complete_prepared(
    conn: &AgentContainerConnection,
    prepared: &PreparedUpload,
    storage_id: Option<String>,
    on_progress: OnProgress,
) -> Result<File, ApiError> {
    on_progress(UploadProgress::Completing);
    let file = complete_upload(
        conn,
        &CompleteUpload {
            upload_id: prepared.upload_id.clone(),
            storage_id,
        },
    )
    .await?;
    on_progress(UploadProgress::Done);
    Ok(file)
}
