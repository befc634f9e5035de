//! Account group: `GET /account` (identity, credits, storage usage).

use crate::{open_enum, Timestamp};
use serde::{Deserialize, Serialize};

open_enum! {
    /// `Account.billingMode`.
    pub enum BillingMode { Standard => "standard", UnlimitedGrant => "unlimited_grant" }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageUsage {
    #[serde(default)]
    pub used_bytes: u64,
    #[serde(default)]
    pub quota_bytes: u64,
    #[serde(default)]
    pub is_enforced: bool,
}

/// `GET /account`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Prepaid platform credit balance in USD.
    pub credit_balance: f64,
    pub billing_mode: BillingMode,
    #[serde(default)]
    pub file_storage: StorageUsage,
    #[serde(default)]
    pub checkpoint_storage: StorageUsage,
    pub created_at: Timestamp,
}
