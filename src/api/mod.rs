//! Typed clients of both APIs: the only code that builds URLs, sends requests, parses responses
//! and maps errors. Pages call these functions and never touch HTTP or JSON themselves.
//!
//! Map:
//! - [`netlify`]: one `async fn` per Netlify Agent Runners endpoint (`list_runners`, `get_runner`,
//!   `create_runner`, `create_session`, `runner_diff` -> `Option<String>`, ...).
//! - [`agentcontainer`]: one `async fn` per AgentContainer endpoint (all 52). Task, conversation,
//!   message and wake creates take an [`IdempotencyKey`]: keep one per thing the user creates and
//!   reuse it when they retry.
//! - [`error`]: [`ApiError`] for both services; show `user_message()` (also its `Display`), match
//!   on `kind` ([`ApiErrorKind`]).
//! - [`http`]: the request layer. [`RequestScope::for_component`] in a component aborts its
//!   requests when the page is left: `scope.run(api::netlify::get_runner(&conn, &id)).await`.
//!   Dropping a request future also aborts it. `with_timeout` shortens the time limit.
//! - [`retry`]: the retry policy (reads and keyed creates only; 429 `Retry-After` honoured).
//! - [`cursor`]: "Load more" ([`CursorList`]) and page streams for AgentContainer lists.
//! - [`poll`]: polling policy for Netlify runners and the [`poll::Poller`] that runs it
//!   ([`poll::poll_into_signal`] for a component).
//! - [`upload`]: uploads with progress for both services, checked before anything is sent.
//! - [`events`]: the live feed of a conversation ([`events::EventStream`]; in a component
//!   [`events::stream_into_signals`] gives the folded [`events::Conversation`] and the state).
//! - [`download`]: task output files to the user's disk.
//! - [`url`]: URL building (ids percent-encoded as one path segment each).

pub mod agentcontainer;
pub mod cursor;
pub mod download;
pub mod error;
pub mod events;
pub mod http;
pub mod netlify;
pub mod poll;
pub mod retry;
pub mod upload;
pub mod url;

pub use agentcontainer::IdempotencyKey;
pub use cursor::CursorList;
pub use error::{ApiError, ApiErrorKind, Service};
pub use http::RequestScope;

use agentdeck_wire::pagination::PageLinks;
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

/// One page of a page-numbered list, with what the `Link`/`Total` headers said.
#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub links: PageLinks,
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
