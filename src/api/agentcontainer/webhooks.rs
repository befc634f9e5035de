//! Webhooks group: webhook targets (secrets only in create and rotate answers) and their
//! deliveries.

use super::request::{delete, get, url, write, NO_BODY};
use crate::api::connection::AgentContainerConnection;
use crate::api::error::ApiError;
use crate::api::url::with_query;
use agentdeck_wire::agentcontainer::{
    CreateWebhook, DataList, ListDeliveriesQuery, UpdateWebhook, Webhook, WebhookDelivery,
    WebhookWithSecret,
};
use gloo_net::http::Method;

/// `GET /webhook-deliveries` (most recent first).
pub async fn list_webhook_deliveries(
    conn: &AgentContainerConnection,
    q: &ListDeliveriesQuery,
) -> Result<DataList<WebhookDelivery>, ApiError> {
    let mut pairs = Vec::new();
    if let Some(w) = q.webhook_id.as_ref().filter(|w| !w.is_empty()) {
        pairs.push(("webhookId", w.clone()));
    }
    if let Some(l) = q.limit {
        pairs.push(("limit", l.to_string()));
    }
    get(
        conn,
        with_query(url(conn, &["webhook-deliveries"])?, &pairs),
    )
    .await
}

/// `POST /webhook-deliveries/{deliveryId}/resend`.
pub async fn resend_webhook_delivery(
    conn: &AgentContainerConnection,
    delivery_id: &str,
) -> Result<WebhookDelivery, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["webhook-deliveries", delivery_id, "resend"])?,
        NO_BODY,
    )
    .await
}

/// `GET /webhooks`.
pub async fn list_webhooks(conn: &AgentContainerConnection) -> Result<DataList<Webhook>, ApiError> {
    get(conn, url(conn, &["webhooks"])?).await
}

/// `POST /webhooks`: the signing secret is in the answer, and only there.
pub async fn create_webhook(
    conn: &AgentContainerConnection,
    body: &CreateWebhook,
) -> Result<WebhookWithSecret, ApiError> {
    write(conn, Method::POST, url(conn, &["webhooks"])?, Some(body)).await
}

/// `GET /webhooks/{webhookId}`.
pub async fn get_webhook(
    conn: &AgentContainerConnection,
    webhook_id: &str,
) -> Result<Webhook, ApiError> {
    get(conn, url(conn, &["webhooks", webhook_id])?).await
}

/// `PATCH /webhooks/{webhookId}`.
pub async fn update_webhook(
    conn: &AgentContainerConnection,
    webhook_id: &str,
    body: &UpdateWebhook,
) -> Result<Webhook, ApiError> {
    write(
        conn,
        Method::PATCH,
        url(conn, &["webhooks", webhook_id])?,
        Some(body),
    )
    .await
}

/// `DELETE /webhooks/{webhookId}` (204).
pub async fn delete_webhook(
    conn: &AgentContainerConnection,
    webhook_id: &str,
) -> Result<(), ApiError> {
    delete(conn, url(conn, &["webhooks", webhook_id])?).await
}

/// `POST /webhooks/{webhookId}/rotate-secret`: the new secret is in the answer, and only there.
pub async fn rotate_webhook_secret(
    conn: &AgentContainerConnection,
    webhook_id: &str,
) -> Result<WebhookWithSecret, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["webhooks", webhook_id, "rotate-secret"])?,
        NO_BODY,
    )
    .await
}

/// `POST /webhooks/{webhookId}/test`: queues a test delivery.
pub async fn test_webhook(
    conn: &AgentContainerConnection,
    webhook_id: &str,
) -> Result<WebhookDelivery, ApiError> {
    write(
        conn,
        Method::POST,
        url(conn, &["webhooks", webhook_id, "test"])?,
        NO_BODY,
    )
    .await
}
