//! Request bodies of the Netlify Agent Runners endpoints.

use super::{SessionMode, SessionState, Step};
use serde::{Deserialize, Serialize};

/// `POST /agent_runners?site_id=` body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateRunner {
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploy_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<SessionMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_agent_runner_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev_server_image: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub file_keys: Vec<String>,
}

/// `PATCH /agent_runners/{id}` body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateRunner {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_deploy_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_diff: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_diff_binary: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_diff_s3_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha: Option<String>,
}

/// `POST /agent_runners/{id}/sessions` body (a follow-up prompt).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateSession {
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<SessionMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev_server_image: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub file_keys: Vec<String>,
}

/// `PATCH /agent_runners/{id}/sessions/{sid}` body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSession {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<Step>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_branch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_diff: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_diff_binary: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_diff_s3_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cumulative_diff: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cumulative_diff_binary: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cumulative_diff_s3_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_zip_file_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deploy_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<SessionState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_published: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_netlify_form: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_netlify_identity: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff_produced: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevertRunner {
    pub session_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitToBranch {
    pub target_branch: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadUrlRequest {
    pub account_id: String,
    pub filename: String,
    pub content_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadUrlResponse {
    pub upload_url: String,
    pub file_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeleteUrlRequest {
    pub account_id: String,
    pub file_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeleteUrlResponse {
    pub delete_url: String,
    pub file_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffUploadUrl {
    pub upload_url: String,
    pub s3_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffUploadUrls {
    pub result: DiffUploadUrl,
    pub cumulative: DiffUploadUrl,
}
