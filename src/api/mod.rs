//! Typed clients of both APIs: the only code that builds URLs, sends requests, parses responses
//! and maps errors. Pages call these functions and never touch HTTP or JSON themselves. Nothing
//! here knows the UI framework: tying requests to a component's lifetime and results to signals
//! is [`crate::hooks`]'s job.
//!
//! Map:
//! - [`connection`]: [`NetlifyConnection`], [`AgentContainerConnection`] (secrets redacted in
//!   `Debug`).
//! - [`netlify`]: one `async fn` per Netlify Agent Runners endpoint (`list_runners`, `get_runner`,
//!   `create_runner`, `create_session`, `runner_diff` -> `Option<String>`, ...), a file per
//!   resource (runners, sessions, attachments, AI gateway).
//! - [`agentcontainer`]: one `async fn` per AgentContainer endpoint (all 52), a file per resource
//!   group. Task, conversation, message and wake creates take an [`IdempotencyKey`]: keep one
//!   per thing the user creates and reuse it when they retry.
//! - [`error`]: [`ApiError`] for both services; show `user_message()` (also its `Display`), match
//!   on `kind` ([`ApiErrorKind`]).
//! - [`http`]: the request layer (auth, time limits, retries, error mapping).
//! - [`auth`]: a rejected secret (401): requests wait for the user to give a new one, then go
//!   out with it, when the app watches.
//! - [`scope`]: [`RequestScope`]: `scope.run(api::netlify::get_runner(&conn, &id)).await` makes
//!   the requests belong to the scope, `scope.abort()` aborts them all (and stops the polls,
//!   streams and uploads started in it). Dropping a request future also aborts it.
//!   `with_timeout` shortens the time limit.
//! - [`retry`]: the retry policy (reads and keyed creates only; 429 `Retry-After` honoured).
//! - [`cursor`]: "Load more" ([`CursorList`]) and page streams for AgentContainer lists.
//! - [`poll`]: polling policy for Netlify runners and the [`poll::Poller`] that runs it.
//! - [`upload`]: uploads with progress for both services, checked before anything is sent
//!   (checks, XMLHttpRequest transport, one flow per service).
//! - [`events`]: the live feed of a conversation ([`events::EventStream`]) and the pure feed
//!   model it folds into ([`events::Conversation`], dedupe, stream state).
//! - [`download`]: task output files to the user's disk (through [`crate::browser::save_file`]).
//! - [`url`]: URL building (ids percent-encoded as one path segment each).

pub mod agentcontainer;
pub mod auth;
pub mod connection;
pub mod cursor;
pub mod download;
pub mod error;
pub mod events;
pub mod http;
pub mod netlify;
pub mod poll;
pub mod retry;
pub mod scope;
pub mod upload;
pub mod url;

pub use agentcontainer::IdempotencyKey;
pub use connection::{
    AgentContainerConnection, NetlifyConnection, AGENTCONTAINER_PRODUCTION_BASE,
    NETLIFY_PRODUCTION_BASE,
};
pub use cursor::CursorList;
pub use error::{ApiError, ApiErrorKind, Service};
pub use netlify::Paged;
pub use scope::RequestScope;
