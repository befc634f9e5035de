//! Where and how to reach each service: base URL and secret (token, API key). `Debug` is
//! written by hand so a secret never reaches a log line.

use serde::{Deserialize, Serialize};

/// Where and how to reach Netlify's API. The token is a secret: never log or display it.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetlifyConnection {
    /// API base including `/api/v1`, without a trailing slash.
    pub base_url: String,
    pub token: String,
    pub account_id: String,
    pub site_id: String,
}

/// Where and how to reach AgentContainer. The key is a secret: never log or display it.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentContainerConnection {
    /// API base including `/api/v1`, without a trailing slash.
    pub base_url: String,
    pub api_key: String,
}

pub const NETLIFY_PRODUCTION_BASE: &str = "https://api.netlify.com/api/v1";
pub const AGENTCONTAINER_PRODUCTION_BASE: &str = "https://agentcontainer.co/api/v1";

// Debug by hand so a secret never reaches a log line through `{:?}`.
impl std::fmt::Debug for NetlifyConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetlifyConnection")
            .field("base_url", &self.base_url)
            .field("token", &redacted(&self.token))
            .field("account_id", &self.account_id)
            .field("site_id", &self.site_id)
            .finish()
    }
}

impl std::fmt::Debug for AgentContainerConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentContainerConnection")
            .field("base_url", &self.base_url)
            .field("api_key", &redacted(&self.api_key))
            .finish()
    }
}

fn redacted(secret: &str) -> &'static str {
    if secret.is_empty() {
        "<empty>"
    } else {
        "<redacted>"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_secrets() {
        let n = NetlifyConnection {
            token: "nfp_secret".into(),
            ..Default::default()
        };
        let a = AgentContainerConnection {
            api_key: "ac_secret".into(),
            ..Default::default()
        };
        let text = format!("{n:?} {a:?}");
        assert!(!text.contains("secret"), "{text}");
        assert!(text.contains("<redacted>"));
    }
}
