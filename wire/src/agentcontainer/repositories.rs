//! Repositories group: reusable git remotes, repositories as attached to an agent version or a
//! conversation (`RepositoryLink`), and the create / attach / detach bodies.

use super::ssh_keys::SshKey;
use crate::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepositoryAlias {
    pub name: String,
    pub target: String,
}

/// A reusable git remote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repository {
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub is_standard: bool,
    #[serde(default)]
    pub post_clone_script_path: Option<String>,
    #[serde(default)]
    pub aliases: Vec<RepositoryAlias>,
    #[serde(default)]
    pub ssh_keys: Vec<SshKey>,
    pub created_at: Timestamp,
}

/// A repository as attached to an agent version or a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachedRepository {
    #[serde(flatten)]
    pub repository: Repository,
    pub tag: String,
    pub mounting_point: String,
    #[serde(default)]
    pub setup_script: Option<String>,
}

/// `POST /repositories`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRepository {
    pub name: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_clone_script_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<RepositoryAlias>>,
}

/// `POST /agents/{agentId}/repositories` and `POST /conversations/{taskId}/repositories`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachRepositories {
    pub repositories: Vec<RepositoryLink>,
}

/// `DELETE /agents/{agentId}/repositories/{repositoryId}?mountingPoint=`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetachRepositoryQuery {
    pub mounting_point: String,
}

/// A repository to clone into a task workspace (`RepositoryLink`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryLink {
    pub repository_id: String,
    /// Branch, tag or other git ref.
    pub tag: String,
    /// Workspace path to clone into.
    pub mounting_point: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_script: Option<String>,
}
