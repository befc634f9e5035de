//! Webhook targets: their signing secrets, event types and activity, the test event, and
//! the delivery log (deliveries themselves are in [`super::deliveries`]).

use super::deliveries::queue;
use super::records::{self, DeliveryRec, WebhookRec, DELIVERY, WEBHOOK};
use crate::agentcontainer::error::{AcError, AcResult};
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;
use base64::Engine;

/// How receivers verify a body (re-exported for tests).
pub use super::deliveries::sign;

fn new_secret() -> String {
    let bytes: [u8; 24] = rand::random();
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn prefix(secret: &str) -> String {
    secret.chars().take(12).collect()
}

fn valid_url(u: &str) -> bool {
    u.parse::<hyper::Uri>().is_ok_and(|uri| {
        matches!(uri.scheme_str(), Some("http") | Some("https")) && uri.host().is_some()
    })
}

fn hook(st: &Shared, id: &str) -> AcResult<WebhookRec> {
    st.store
        .get::<WebhookRec>(WEBHOOK, id)
        .filter(|w| !w.deleted)
        .ok_or_else(|| AcError::not_found("Webhook"))
}

fn check_types(types: &[WebhookEventType]) -> AcResult<()> {
    for t in types {
        if t.is_unknown() || *t == WebhookEventType::WebhookTest {
            return Err(AcError::invalid(format!("Unsupported event type {t}")));
        }
    }
    Ok(())
}

/// The targets that are not deleted.
pub fn list(st: &Shared) -> Vec<Webhook> {
    st.store
        .list::<WebhookRec>(WEBHOOK, None)
        .into_iter()
        .filter(|w| !w.deleted)
        .map(|w| w.hook)
        .collect()
}

/// Creates a target (every subscribable event type by default); its secret is shown once.
pub fn create(st: &Shared, req: CreateWebhook) -> AcResult<WebhookWithSecret> {
    if !valid_url(&req.url) {
        return Err(AcError::invalid_field("url", "url must be an http(s) URL"));
    }
    let types = match req.event_types {
        Some(t) if t.is_empty() => {
            return Err(AcError::invalid_field(
                "eventTypes",
                "eventTypes must not be empty",
            ))
        }
        Some(t) => {
            check_types(&t)?;
            t
        }
        None => WebhookEventType::subscribable().cloned().collect(),
    };
    let secret = new_secret();
    let hook = Webhook {
        id: records::new_id(st, "wh"),
        url: req.url,
        event_types: types,
        is_active: true,
        secret_prefix: prefix(&secret),
        created_at: st.clock.now(),
        updated_at: None,
    };
    st.store.put(
        WEBHOOK,
        &hook.id,
        "",
        &WebhookRec {
            hook: hook.clone(),
            secret: secret.clone(),
            deleted: false,
        },
    );
    Ok(WebhookWithSecret {
        webhook: hook,
        secret,
    })
}

/// One target.
pub fn get(st: &Shared, id: &str) -> AcResult<Webhook> {
    Ok(hook(st, id)?.hook)
}

/// Changes a target's URL, event types or activity.
pub fn update(st: &Shared, id: &str, req: UpdateWebhook) -> AcResult<Webhook> {
    let mut w = hook(st, id)?;
    if let Some(u) = req.url {
        if !valid_url(&u) {
            return Err(AcError::invalid_field("url", "url must be an http(s) URL"));
        }
        w.hook.url = u;
    }
    if let Some(t) = req.event_types {
        if t.is_empty() {
            return Err(AcError::invalid_field(
                "eventTypes",
                "eventTypes must not be empty",
            ));
        }
        check_types(&t)?;
        w.hook.event_types = t;
    }
    if let Some(a) = req.is_active {
        w.hook.is_active = a;
    }
    w.hook.updated_at = Some(st.clock.now());
    st.store.put(WEBHOOK, id, "", &w);
    Ok(w.hook)
}

/// Deletes a target (kept, inactive, for its delivery log).
pub fn delete(st: &Shared, id: &str) -> AcResult<()> {
    let mut w = hook(st, id)?;
    w.deleted = true;
    w.hook.is_active = false;
    st.store.put(WEBHOOK, id, "", &w);
    Ok(())
}

/// A new secret for a target, shown once.
pub fn rotate(st: &Shared, id: &str) -> AcResult<WebhookWithSecret> {
    let mut w = hook(st, id)?;
    w.secret = new_secret();
    w.hook.secret_prefix = prefix(&w.secret);
    w.hook.updated_at = Some(st.clock.now());
    st.store.put(WEBHOOK, id, "", &w);
    Ok(WebhookWithSecret {
        webhook: w.hook,
        secret: w.secret,
    })
}

/// Sends a `webhook.test` event to an active target.
pub fn test(st: &AppState, id: &str) -> AcResult<WebhookDelivery> {
    let w = hook(st, id)?;
    if !w.hook.is_active {
        return Err(AcError::invalid("Webhook is not active"));
    }
    let mut data = JsonObject::new();
    data.insert(
        "message".into(),
        "This is a test event from local-api".into(),
    );
    data.insert("webhookId".into(), w.hook.id.clone().into());
    let payload = WebhookPayload {
        event_type: WebhookEventType::WebhookTest,
        timestamp: st.clock.now(),
        data,
    };
    let event_id = records::new_id(st, "msg");
    let d = queue(
        st,
        &w,
        &event_id,
        "webhook.test",
        None,
        serde_json::to_string(&payload).unwrap_or_default(),
    );
    Ok(d)
}

/// Recent deliveries (of one target), newest first.
pub fn deliveries(st: &Shared, q: &ListDeliveriesQuery) -> AcResult<Vec<WebhookDelivery>> {
    let limit = q.limit.unwrap_or(default_limit::DELIVERIES);
    if !(1..=100).contains(&limit) {
        return Err(AcError::invalid("limit must be between 1 and 100"));
    }
    if let Some(w) = &q.webhook_id {
        if st.store.get::<WebhookRec>(WEBHOOK, w).is_none() {
            return Err(AcError::not_found("Webhook"));
        }
    }
    let mut all: Vec<WebhookDelivery> = st
        .store
        .list::<DeliveryRec>(DELIVERY, q.webhook_id.as_deref())
        .into_iter()
        .map(|d| d.delivery)
        .collect();
    all.reverse();
    // Recent deliveries only, newest first, `{data}` without pageInfo as documented.
    all.truncate(limit as usize);
    Ok(all)
}

/// Delivers a recorded delivery's payload again, as a new delivery.
pub fn resend(st: &AppState, id: &str) -> AcResult<WebhookDelivery> {
    let rec: DeliveryRec = st
        .store
        .get(DELIVERY, id)
        .ok_or_else(|| AcError::not_found("Webhook delivery"))?;
    let w = rec
        .delivery
        .webhook_id
        .as_deref()
        .and_then(|w| st.store.get::<WebhookRec>(WEBHOOK, w))
        .filter(|w| !w.deleted && w.hook.is_active)
        .ok_or_else(|| AcError::invalid("The webhook target is no longer active"))?;
    let d = queue(
        st,
        &w,
        rec.delivery.event_id.as_deref().unwrap_or_default(),
        rec.delivery.event_type.as_deref().unwrap_or_default(),
        rec.delivery.task_id.clone(),
        rec.payload,
    );
    Ok(d)
}
