//! SSH Keys group: server-generated key pairs (only public material is returned) and their
//! create / update / attach bodies.

use crate::{open_enum, Timestamp};
use serde::{Deserialize, Serialize};

open_enum! {
    /// `SshKey.algorithm`.
    pub enum SshKeyAlgorithm { Ed25519 => "ed25519" }
}

/// A server-generated SSH key; only public material is ever returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SshKey {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub algorithm: SshKeyAlgorithm,
    /// OpenSSH format: `ssh-ed25519 AAAA... comment`.
    pub public_key: String,
    pub created_at: Timestamp,
}

/// `POST /ssh-keys`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateSshKey {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `PATCH /ssh-keys/{sshKeyId}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSshKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `POST /ssh-keys/{sshKeyId}/repositories`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachSshKeyRepository {
    pub repository_id: String,
}
