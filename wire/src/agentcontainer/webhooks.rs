//! Webhooks group: webhook targets, their secrets, delivery records, the payload POSTed to a
//! target, and the event types a webhook subscribes to.

use super::common::JsonObject;
use crate::{open_enum, Timestamp};
use serde::{Deserialize, Serialize};

open_enum! {
    /// Lifecycle event types a webhook can subscribe to. `webhook.test` is only sent by the
    /// test endpoint and cannot be subscribed to.
    pub enum WebhookEventType {
        TaskCreated => "task.created",
        TaskTurnQueued => "task.turn.queued",
        TaskTurnStarted => "task.turn.started",
        TaskMessageCreated => "task.message.created",
        TaskAwaitingInput => "task.awaiting_input",
        TaskTurnCompleted => "task.turn.completed",
        TaskHibernating => "task.hibernating",
        TaskWoken => "task.woken",
        TaskFinished => "task.finished",
        TaskFailed => "task.failed",
        TaskCancelled => "task.cancelled",
        TaskExpired => "task.expired",
        WebhookTest => "webhook.test",
    }
}

impl WebhookEventType {
    /// The event types a webhook may subscribe to (everything but `webhook.test`).
    pub fn subscribable() -> impl Iterator<Item = &'static WebhookEventType> {
        Self::KNOWN
            .iter()
            .filter(|t| **t != WebhookEventType::WebhookTest)
    }
}

/// A webhook target. The signing secret is only returned at creation and rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    pub id: String,
    pub url: String,
    #[serde(default)]
    pub event_types: Vec<WebhookEventType>,
    #[serde(default)]
    pub is_active: bool,
    /// The first characters of the secret, to tell secrets apart.
    #[serde(default)]
    pub secret_prefix: String,
    pub created_at: Timestamp,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
}

/// `POST /webhooks` and `POST /webhooks/{id}/rotate-secret` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookWithSecret {
    pub webhook: Webhook,
    /// `whsec_...`: returned only here.
    pub secret: String,
}

/// `POST /webhooks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateWebhook {
    pub url: String,
    /// Omit to subscribe to every lifecycle event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_types: Option<Vec<WebhookEventType>>,
}

/// `PATCH /webhooks/{webhookId}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWebhook {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_types: Option<Vec<WebhookEventType>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
}

/// One delivery attempt record (`WebhookDelivery`). `status` is a free string
/// (local-api: `pending`, `delivered`, `failed`, `retrying`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDelivery {
    pub id: String,
    #[serde(default)]
    pub webhook_id: Option<String>,
    #[serde(default)]
    pub webhook_url: Option<String>,
    #[serde(default)]
    pub event_id: Option<String>,
    #[serde(default)]
    pub event_type: Option<String>,
    #[serde(default)]
    pub task_id: Option<String>,
    pub status: String,
    #[serde(default)]
    pub attempt_count: u32,
    #[serde(default)]
    pub retry_count: u32,
    #[serde(default)]
    pub last_status_code: Option<u16>,
    #[serde(default)]
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    #[serde(default)]
    pub delivered_at: Option<Timestamp>,
    #[serde(default)]
    pub next_retry_at: Option<Timestamp>,
}

/// The body POSTed to a webhook target (Standard Webhooks style; not documented by the
/// reference, this is local-api's shape): `{type, timestamp, data}` where `data` holds `task`
/// and, for message events, `message`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookPayload {
    #[serde(rename = "type")]
    pub event_type: WebhookEventType,
    pub timestamp: Timestamp,
    #[serde(default)]
    pub data: JsonObject,
}

/// `GET /webhook-deliveries`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListDeliveriesQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}
