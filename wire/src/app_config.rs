//! `config.json`: connection defaults served beside `index.html` by a development server.
//!
//! `cargo xtask run` (through local-api) serves one so a newcomer sees demo data without typing a
//! token; a production build has none, and the app then starts on the Connections page.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AppConfig {
    #[serde(default)]
    pub netlify: Option<NetlifyDefaults>,
    #[serde(default)]
    pub agentcontainer: Option<AgentContainerDefaults>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetlifyDefaults {
    /// API base including `/api/v1`, e.g. `http://127.0.0.1:8081/api/v1`.
    pub base_url: String,
    pub token: String,
    pub account_id: String,
    pub site_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentContainerDefaults {
    /// API base including `/api/v1`, e.g. `http://127.0.0.1:8082/api/v1`.
    pub base_url: String,
    pub api_key: String,
}
