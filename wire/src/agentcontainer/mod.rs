//! AgentContainer API 0.2.0: objects, request bodies, list queries and the live feed, one module
//! per resource group of the reference.
//!
//! Shapes follow `shared/reference/agentcontainer-api-reference.txt` (rendered from the service's
//! OpenAPI file). JSON field names are camelCase. Response objects write every documented field,
//! nullable ones as `null`; request bodies leave unset optional fields out. Every status, kind and
//! enum-like string is an [`open_enum`](crate::open_enum) so a value added by the service later
//! still parses. Lists are `{data, pageInfo: {hasMore, nextCursor}}` ([`Page`]), errors are
//! `{"error": {"code", "message", ...}}` ([`ErrorBody`]).
//!
//! The live feed (`GET /conversations/{taskId}/events?stream=true`) carries three kinds of
//! payload whose event names are not published; [`classify`] tells them apart by shape.
//!
//! Every item is re-exported here: use `agentdeck_wire::agentcontainer::X`, not the file paths.
//! - `common`: [`JsonObject`], [`Page`], [`PageInfo`], [`DataList`], [`ListQuery`],
//!   [`default_limit`]; `error`: [`ErrorBody`], [`error_code`].
//! - `account`: [`Account`]; `agents`: [`Agent`], [`AgentVersion`] and their bodies; `tasks`:
//!   [`Task`], [`TaskStatus`], [`CreateTask`], [`WakeTask`], [`TaskFile`], [`TaskLogEntry`];
//!   `conversations`: [`TaskMessage`], [`TaskEvent`], [`CreateConversation`], [`SendMessage`];
//!   `files`: [`File`], [`PrepareUpload`], [`PreparedUpload`], [`CompleteUpload`];
//!   `repositories`: [`Repository`], [`AttachedRepository`], [`RepositoryLink`]; `ssh_keys`:
//!   [`SshKey`]; `webhooks`: [`Webhook`], [`WebhookDelivery`], [`WebhookEventType`].
//! - `feed`: [`FeedItem`], [`classify`], [`sse_event`].

mod account;
mod agents;
mod common;
mod conversations;
mod error;
mod feed;
mod files;
mod repositories;
mod ssh_keys;
mod tasks;
mod webhooks;

pub use account::*;
pub use agents::*;
pub use common::*;
pub use conversations::*;
pub use error::*;
pub use feed::*;
pub use files::*;
pub use repositories::*;
pub use ssh_keys::*;
pub use tasks::*;
pub use webhooks::*;
