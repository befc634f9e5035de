//! Webhook deliveries, subscribed to the event bus: task lifecycle events are POSTed to every
//! active subscribed target, signed the Standard Webhooks way (`webhook-id`,
//! `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"
//! keyed by the base64 part of the whsec_ secret>`). Deliveries are recorded with status
//! (`pending`, `retrying`, `delivered`, `failed`), attempts and retries (3 attempts, backoff 1 s
//! then 2 s of simulated time). Only loopback targets are contacted unless local-api runs with
//! `--webhooks-allow-any-host`.

use super::records::{self, DeliveryRec, WebhookRec, DELIVERY, WEBHOOK};
use crate::events::Event;
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const MAX_ATTEMPTS: u32 = 3;

/// `v1,<signature>` of a body, as a receiver verifies it.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let raw = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = base64::engine::general_purpose::STANDARD
        .decode(raw)
        .unwrap_or_else(|_| raw.as_bytes().to_vec());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

/// Loopback hosts only (unless allowed by configuration).
pub fn allowed_target(st: &Shared, url: &str) -> Result<(), String> {
    let uri: hyper::Uri = url.parse().map_err(|_| "invalid URL".to_string())?;
    if uri.scheme_str() != Some("http") {
        return Err("only http:// targets are supported by local-api".into());
    }
    if st.config.webhooks_allow_any_host {
        return Ok(());
    }
    let host = uri
        .host()
        .unwrap_or("")
        .trim_start_matches('[')
        .trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        Ok(())
    } else {
        Err("Refused: local-api only delivers webhooks to loopback addresses (start it with --webhooks-allow-any-host to allow others)".into())
    }
}

/// The bus subscriber: queues the deliveries of an event that announces one.
pub fn on_event(st: &AppState, e: &Event) {
    if let Some(a) = &e.hook {
        emit(st, a.event_type.clone(), &a.task, a.message.as_ref());
    }
}

/// Queues deliveries of a task lifecycle event to every subscribed active target.
pub fn emit(
    st: &AppState,
    event_type: WebhookEventType,
    task: &Task,
    message: Option<&TaskMessage>,
) {
    let hooks: Vec<WebhookRec> = st
        .store
        .list::<WebhookRec>(WEBHOOK, None)
        .into_iter()
        .filter(|w| !w.deleted && w.hook.is_active && w.hook.event_types.contains(&event_type))
        .collect();
    if hooks.is_empty() {
        return;
    }
    let mut data = JsonObject::new();
    data.insert(
        "task".into(),
        serde_json::to_value(task).unwrap_or_default(),
    );
    if let Some(m) = message {
        data.insert(
            "message".into(),
            serde_json::to_value(m).unwrap_or_default(),
        );
    }
    let payload = WebhookPayload {
        event_type: event_type.clone(),
        timestamp: st.clock.now(),
        data,
    };
    let body = serde_json::to_string(&payload).unwrap_or_default();
    let event_id = records::new_id(st, "msg");
    for w in hooks {
        queue(
            st,
            &w,
            &event_id,
            event_type.as_str(),
            Some(task.id.clone()),
            body.clone(),
        );
    }
}

/// Records a delivery to a target and starts it.
pub fn queue(
    st: &AppState,
    w: &WebhookRec,
    event_id: &str,
    event_type: &str,
    task_id: Option<String>,
    payload: String,
) -> WebhookDelivery {
    let d = WebhookDelivery {
        id: records::new_id(st, "dlv"),
        webhook_id: Some(w.hook.id.clone()),
        webhook_url: Some(w.hook.url.clone()),
        event_id: Some(event_id.into()),
        event_type: Some(event_type.into()),
        task_id,
        status: "pending".into(),
        attempt_count: 0,
        retry_count: 0,
        last_status_code: None,
        last_error: None,
        created_at: st.clock.now(),
        delivered_at: None,
        next_retry_at: None,
    };
    st.store.put(
        DELIVERY,
        &d.id,
        &w.hook.id,
        &DeliveryRec {
            delivery: d.clone(),
            payload,
        },
    );
    let st2 = st.clone();
    let id = d.id.clone();
    st.spawn(async move { deliver(st2, id).await });
    d
}

async fn deliver(st: AppState, delivery_id: String) {
    loop {
        let Some(mut rec) = st.store.get::<DeliveryRec>(DELIVERY, &delivery_id) else {
            return;
        };
        let Some(w) = rec
            .delivery
            .webhook_id
            .as_deref()
            .and_then(|id| st.store.get::<WebhookRec>(WEBHOOK, id))
        else {
            return;
        };
        let url = w.hook.url.clone();
        rec.delivery.attempt_count += 1;
        rec.delivery.webhook_url = Some(url.clone());
        let outcome = match allowed_target(&st, &url) {
            Err(e) => Err((None, e, false)),
            Ok(()) => {
                let ts = crate::clock::now_ms() / 1000;
                let id = rec.delivery.event_id.clone().unwrap_or_default();
                let sig = sign(&w.secret, &id, ts, &rec.payload);
                let ts_s = ts.to_string();
                let headers = [
                    ("content-type", "application/json"),
                    ("user-agent", "local-api-webhooks/1"),
                    ("webhook-id", id.as_str()),
                    ("webhook-timestamp", ts_s.as_str()),
                    ("webhook-signature", sig.as_str()),
                ];
                let send = crate::http_client::send(
                    "POST",
                    &url,
                    &headers,
                    Some(rec.payload.clone().into_bytes()),
                );
                match tokio::time::timeout(std::time::Duration::from_secs(10), send).await {
                    Ok(Ok(r)) if (200..300).contains(&r.status) => Ok(r.status),
                    Ok(Ok(r)) => Err((
                        Some(r.status),
                        format!("Target answered HTTP {}", r.status),
                        true,
                    )),
                    Ok(Err(e)) => Err((None, format!("Connection failed: {e}"), true)),
                    Err(_) => Err((None, "Timed out after 10 s".into(), true)),
                }
            }
        };
        let now = st.clock.now();
        let backoff = 1000u64 << (rec.delivery.attempt_count - 1).min(4);
        match outcome {
            Ok(code) => {
                rec.delivery.status = "delivered".into();
                rec.delivery.last_status_code = Some(code);
                rec.delivery.last_error = None;
                rec.delivery.delivered_at = Some(now);
                rec.delivery.next_retry_at = None;
            }
            Err((code, err, retryable)) => {
                rec.delivery.last_status_code = code;
                rec.delivery.last_error = Some(err);
                if retryable && rec.delivery.attempt_count < MAX_ATTEMPTS {
                    rec.delivery.status = "retrying".into();
                    rec.delivery.retry_count += 1;
                    let at = crate::clock::now_ms() + st.clock.real(backoff).as_millis() as i64;
                    rec.delivery.next_retry_at = Some(crate::clock::ts(at));
                } else {
                    rec.delivery.status = "failed".into();
                    rec.delivery.next_retry_at = None;
                }
            }
        }
        let again = rec.delivery.status == "retrying";
        st.store.put(DELIVERY, &delivery_id, &w.hook.id, &rec);
        if !again {
            return;
        }
        st.clock.sleep(backoff).await;
    }
}

/// Resumes deliveries that were pending or retrying at shutdown.
pub fn resume_all(st: &AppState) {
    for d in st.store.list::<DeliveryRec>(DELIVERY, None) {
        if d.delivery.status == "pending" || d.delivery.status == "retrying" {
            let st2 = st.clone();
            let id = d.delivery.id.clone();
            st.spawn(async move { deliver(st2, id).await });
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn signs_like_the_standard_webhooks_reference() {
        // Test vector of the Standard Webhooks specification.
        let sig = super::sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
