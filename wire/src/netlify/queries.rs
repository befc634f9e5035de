//! List and diff queries of the Netlify Agent Runners endpoints, as query-string pairs.

use super::StateFilter;
use serde::{Deserialize, Serialize};

/// Largest `per_page` the API accepts.
pub const MAX_PER_PAGE: u32 = 100;

/// Query of `GET /agent_runners`. Written by the app, read by local-api.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRunnersQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<StateFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_branch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Unix seconds: created since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    /// Unix seconds: created before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i64>,
}

impl ListRunnersQuery {
    /// The query as ordered `(name, value)` pairs, empty values left out.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut put = |k: &'static str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                out.push((k, v));
            }
        };
        put("account_id", self.account_id.clone());
        put("site_id", self.site_id.clone());
        put("page", self.page.map(|v| v.to_string()));
        put("per_page", self.per_page.map(|v| v.to_string()));
        put("state", self.state.as_ref().map(|s| s.as_str().to_string()));
        put("title", self.title.clone());
        put("branch", self.branch.clone());
        put("result_branch", self.result_branch.clone());
        put("user_id", self.user_id.clone());
        put("from", self.from.map(|v| v.to_string()));
        put("to", self.to.map(|v| v.to_string()));
        out
    }
}

/// Query of `GET /agent_runners/{id}/sessions`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListSessionsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<StateFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i64>,
    /// `asc` or `desc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_discarded: Option<bool>,
}

/// Query of the runner diff: `page`/`per_page` page by files.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DiffQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strip_binary: Option<bool>,
}
