//! Files group: uploaded files, agent reference files and the two-step presigned upload
//! (`uploads/prepare`, the bytes, `uploads/complete`).

use super::common::JsonObject;
use crate::{open_enum, Timestamp};
use serde::{Deserialize, Serialize};

open_enum! {
    /// HTTP method to send upload bytes with (`PreparedUpload.method`; wire form is uppercase).
    pub enum UploadMethod { Post => "POST", Put => "PUT" }
}

/// An uploaded file (`File`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct File {
    pub id: String,
    pub filename: String,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub size_bytes: Option<u64>,
    pub created_at: Timestamp,
}

/// `POST /agents/{agentId}/reference-files`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachReferenceFiles {
    pub file_ids: Vec<String>,
}

/// `POST /uploads/prepare`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrepareUpload {
    pub filename: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
}

/// `POST /uploads/prepare` response: send the bytes to `uploadUrl` with `method` and `headers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreparedUpload {
    pub upload_id: String,
    pub upload_url: String,
    pub method: UploadMethod,
    #[serde(default)]
    pub headers: JsonObject,
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
}

/// Answer of a `POST` to an upload URL (Convex-style storage).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageUploadResponse {
    pub storage_id: String,
}

/// `POST /uploads/complete`. `storageId` only for uploads prepared with method POST.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompleteUpload {
    pub upload_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_id: Option<String>,
}
