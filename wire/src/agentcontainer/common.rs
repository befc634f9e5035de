//! Shapes every AgentContainer resource shares: free-form JSON objects, list pages
//! (`{data, pageInfo}`), the plain list query (`limit` / `cursor`) and the documented default
//! limits.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Free-form JSON object (`metadata`, `tokenUsage`, upload `headers`).
pub type JsonObject = Map<String, Value>;

/// `pageInfo` of every cursor-paginated list. Pass `nextCursor` back opaquely as `cursor`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    #[serde(default)]
    pub has_more: bool,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// A list response: `{data, pageInfo}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub page_info: PageInfo,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            data: Vec::new(),
            page_info: PageInfo::default(),
        }
    }
}

/// A list without `pageInfo` (`GET /webhooks`, `GET /webhook-deliveries`). `pageInfo` is read
/// when present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataList<T> {
    pub data: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_info: Option<PageInfo>,
}

/// `limit` / `cursor` of every plain list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// Documented default `limit`s.
pub mod default_limit {
    pub const LIST: u32 = 20;
    pub const EVENTS: u32 = 50;
    pub const MESSAGES: u32 = 50;
    pub const LOGS: u32 = 50;
    pub const DELIVERIES: u32 = 10;
}
