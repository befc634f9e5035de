//! The AgentContainer API (`/api/v1/...` on its own port): all 52 endpoints of the reference,
//! cursor pagination, `{"error": {"code", "message"}}` errors, simulated tasks and
//! conversations, the SSE live feed, webhooks, SSH keys and uploads: the router. Layers,
//! bottom up: [`error`]; [`domain`] (records, operations, the simulation, webhook deliveries
//! subscribed to the event bus); [`http`] (thin handlers); [`demo`] (seed data, through the
//! domain).

pub mod demo;
pub mod domain;
pub mod error;
pub mod http;

/// Webhook targets and signing (public path kept for tests).
pub use domain::webhooks;
/// The OpenAPI document and its route table (public path kept for tests).
pub use http::openapi;

use crate::state::AppState;
use axum::routing::{delete, get, post};
use axum::Router;
use http::{agents, conversations, events, repositories, ssh_keys, tasks, uploads};

pub fn router(state: AppState) -> Router {
    let v = "/api/v1";
    let api = Router::new()
        .route(&format!("{v}/account"), get(agents::account))
        .route(
            &format!("{v}/agents"),
            get(agents::list).post(agents::create),
        )
        .route(
            &format!("{v}/agents/{{agentId}}"),
            get(agents::get_one)
                .patch(agents::update)
                .delete(agents::archive),
        )
        .route(&format!("{v}/agents/{{agentId}}/fork"), post(agents::fork))
        .route(
            &format!("{v}/agents/{{agentId}}/versions"),
            get(agents::versions),
        )
        .route(
            &format!("{v}/agents/{{agentId}}/versions/{{versionId}}"),
            get(agents::version),
        )
        .route(
            &format!("{v}/agents/{{agentId}}/conversations"),
            post(conversations::create),
        )
        .route(
            &format!("{v}/conversations/{{taskId}}/autonomous"),
            post(conversations::autonomous),
        )
        .route(
            &format!("{v}/conversations/{{taskId}}/events"),
            get(events::events_entry),
        )
        .route(
            &format!("{v}/conversations/{{taskId}}/messages"),
            get(conversations::messages).post(conversations::send),
        )
        .route(
            &format!("{v}/agents/{{agentId}}/reference-files"),
            get(agents::reference_files).post(agents::attach_reference_files),
        )
        .route(&format!("{v}/uploads/complete"), post(uploads::complete))
        .route(&format!("{v}/uploads/prepare"), post(uploads::prepare))
        .route(
            &format!("{v}/agents/{{agentId}}/repositories"),
            get(agents::repositories).post(agents::attach_repositories),
        )
        .route(
            &format!("{v}/agents/{{agentId}}/repositories/{{repositoryId}}"),
            delete(agents::detach_repository),
        )
        .route(
            &format!("{v}/conversations/{{taskId}}/repositories"),
            get(conversations::repositories).post(conversations::attach_repositories),
        )
        .route(
            &format!("{v}/repositories"),
            get(repositories::list).post(repositories::create),
        )
        .route(
            &format!("{v}/repositories/{{repositoryId}}"),
            delete(repositories::delete),
        )
        .route(
            &format!("{v}/ssh-keys"),
            get(ssh_keys::list).post(ssh_keys::create),
        )
        .route(
            &format!("{v}/ssh-keys/{{sshKeyId}}"),
            get(ssh_keys::get_one)
                .patch(ssh_keys::update)
                .delete(ssh_keys::delete),
        )
        .route(
            &format!("{v}/ssh-keys/{{sshKeyId}}/repositories"),
            get(ssh_keys::repositories).post(ssh_keys::attach),
        )
        .route(
            &format!("{v}/ssh-keys/{{sshKeyId}}/repositories/{{repositoryId}}"),
            delete(ssh_keys::detach),
        )
        .route(
            &format!("{v}/agents/{{agentId}}/tasks"),
            get(tasks::list).post(tasks::dispatch),
        )
        .route(&format!("{v}/tasks/{{taskId}}"), get(tasks::get_one))
        .route(&format!("{v}/tasks/{{taskId}}/cancel"), post(tasks::cancel))
        .route(&format!("{v}/tasks/{{taskId}}/files"), get(tasks::files))
        .route(
            &format!("{v}/tasks/{{taskId}}/files/{{fileId}}"),
            get(tasks::download),
        )
        .route(&format!("{v}/tasks/{{taskId}}/logs"), get(tasks::logs))
        .route(&format!("{v}/tasks/{{taskId}}/wake"), post(tasks::wake))
        .route(&format!("{v}/openapi.yaml"), get(openapi::serve))
        .route(
            &format!("{v}/webhook-deliveries"),
            get(http::webhooks::deliveries),
        )
        .route(
            &format!("{v}/webhook-deliveries/{{deliveryId}}/resend"),
            post(http::webhooks::resend),
        )
        .route(
            &format!("{v}/webhooks"),
            get(http::webhooks::list).post(http::webhooks::create),
        )
        .route(
            &format!("{v}/webhooks/{{webhookId}}"),
            get(http::webhooks::get_one)
                .patch(http::webhooks::update)
                .delete(http::webhooks::delete),
        )
        .route(
            &format!("{v}/webhooks/{{webhookId}}/rotate-secret"),
            post(http::webhooks::rotate),
        )
        .route(
            &format!("{v}/webhooks/{{webhookId}}/test"),
            post(http::webhooks::test),
        )
        .fallback(|| async { error::AcError::not_found("Route") })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::faults::agentcontainer_faults,
        ));
    api.layer(crate::cors::layer(&state.origins))
        .with_state(state)
}
