//! AgentContainer client: one async function per endpoint (all 52 of API 0.2.0), one file per
//! resource group of the reference; every function is re-exported here
//! (`api::agentcontainer::get_task`).
//!
//! Every function takes the [`AgentContainerConnection`](crate::api::AgentContainerConnection)
//! (base URL and API key, sent as `Authorization: Bearer`) and returns typed results or an
//! [`ApiError`](crate::api::ApiError). Reads are retried on transient failures. The four creates
//! that the service de-duplicates (task, conversation, message, wake) take an
//! [`IdempotencyKey`]: keep one per thing the user creates and pass the same key again when the
//! user retries, so a retry never creates it twice. Other writes are never retried automatically.
//!
//! Lists return [`Page`](agentdeck_wire::agentcontainer::Page)s; see [`crate::api::cursor`] for
//! "Load more" and streams of pages. The live feed of
//! `GET /conversations/{taskId}/events?stream=true` is in [`crate::api::events`].
//!
//! Files: `request` (shared: base URL, auth, GET / write / keyed create / DELETE helpers,
//! [`IdempotencyKey`], [`list_pairs`]), `account` (+ the OpenAPI document), `agents` (+ versions),
//! `conversations` (+ messages, stored events), `files` (reference files, upload prepare /
//! complete), `repositories`, `ssh_keys`, `tasks` (+ output files, logs, wake), `webhooks`
//! (+ deliveries).

mod account;
mod agents;
mod conversations;
mod files;
mod repositories;
mod request;
mod ssh_keys;
mod tasks;
mod webhooks;

pub use account::{get_account, get_openapi_yaml};
pub use agents::{
    archive_agent, create_agent, fork_agent, get_agent, get_agent_version, list_agent_versions,
    list_agents, update_agent,
};
pub use conversations::{
    create_conversation, list_conversation_events, list_messages, messages_pairs, send_message,
    set_autonomous,
};
pub use files::{attach_reference_files, complete_upload, list_reference_files, prepare_upload};
pub use repositories::{
    attach_agent_repositories, attach_conversation_repositories, create_repository,
    delete_repository, detach_agent_repository, list_agent_repositories,
    list_conversation_repositories, list_repositories,
};
pub use request::{list_pairs, IdempotencyKey};
pub use ssh_keys::{
    attach_ssh_key_repository, create_ssh_key, delete_ssh_key, detach_ssh_key_repository,
    get_ssh_key, list_ssh_key_repositories, list_ssh_keys, update_ssh_key,
};
pub use tasks::{
    cancel_task, create_task, download_task_file, get_task, list_task_files, list_task_logs,
    list_tasks, tasks_pairs, wake_task, Download,
};
pub use webhooks::{
    create_webhook, delete_webhook, get_webhook, list_webhook_deliveries, list_webhooks,
    resend_webhook_delivery, rotate_webhook_secret, test_webhook, update_webhook,
};
