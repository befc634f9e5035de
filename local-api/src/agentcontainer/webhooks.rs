//! Webhooks: targets, signing secrets, and real deliveries.
//!
//! Task lifecycle events are POSTed to every active subscribed target, signed the Standard
//! Webhooks way (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256
//! of "{id}.{timestamp}.{body}" keyed by the base64 part of the whsec_ secret>`). Deliveries
//! are recorded with status (`pending`, `retrying`, `delivered`, `failed`), attempts and
//! retries (3 attempts, backoff 1 s then 2 s of simulated time). Only loopback targets are
//! contacted unless local-api runs with `--webhooks-allow-any-host`.

use super::auth::{AcAuth, Body};
use super::error::{AcError, AcResult};
use super::model::{self, DeliveryRec, WebhookRec, DELIVERY, WEBHOOK};
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const MAX_ATTEMPTS: u32 = 3;

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

fn valid_url(u: &str) -> bool {
    u.parse::<hyper::Uri>().is_ok_and(|uri| {
        matches!(uri.scheme_str(), Some("http") | Some("https")) && uri.host().is_some()
    })
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
    let event_id = model::new_id(st, "msg");
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

fn queue(
    st: &AppState,
    w: &WebhookRec,
    event_id: &str,
    event_type: &str,
    task_id: Option<String>,
    payload: String,
) -> WebhookDelivery {
    let d = WebhookDelivery {
        id: model::new_id(st, "dlv"),
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

pub async fn list(State(st): State<AppState>, _a: AcAuth) -> Json<DataList<Webhook>> {
    let data = st
        .store
        .list::<WebhookRec>(WEBHOOK, None)
        .into_iter()
        .filter(|w| !w.deleted)
        .map(|w| w.hook)
        .collect();
    Json(DataList {
        data,
        page_info: None,
    })
}

pub async fn create(
    State(st): State<AppState>,
    _a: AcAuth,
    Body(req): Body<CreateWebhook>,
) -> AcResult<(StatusCode, Json<WebhookWithSecret>)> {
    if !valid_url(&req.url) {
        return Err(AcError::invalid("url must be an http(s) URL"));
    }
    let types = match req.event_types {
        Some(t) if t.is_empty() => return Err(AcError::invalid("eventTypes must not be empty")),
        Some(t) => {
            check_types(&t)?;
            t
        }
        None => WebhookEventType::subscribable().cloned().collect(),
    };
    let secret = new_secret();
    let hook = Webhook {
        id: model::new_id(&st, "wh"),
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
    Ok((
        StatusCode::CREATED,
        Json(WebhookWithSecret {
            webhook: hook,
            secret,
        }),
    ))
}

pub async fn get_one(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<Webhook>> {
    Ok(Json(hook(&st, &id)?.hook))
}

pub async fn update(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<UpdateWebhook>,
) -> AcResult<Json<Webhook>> {
    let mut w = hook(&st, &id)?;
    if let Some(u) = req.url {
        if !valid_url(&u) {
            return Err(AcError::invalid("url must be an http(s) URL"));
        }
        w.hook.url = u;
    }
    if let Some(t) = req.event_types {
        if t.is_empty() {
            return Err(AcError::invalid("eventTypes must not be empty"));
        }
        check_types(&t)?;
        w.hook.event_types = t;
    }
    if let Some(a) = req.is_active {
        w.hook.is_active = a;
    }
    w.hook.updated_at = Some(st.clock.now());
    st.store.put(WEBHOOK, &id, "", &w);
    Ok(Json(w.hook))
}

pub async fn delete(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<StatusCode> {
    let mut w = hook(&st, &id)?;
    w.deleted = true;
    w.hook.is_active = false;
    st.store.put(WEBHOOK, &id, "", &w);
    Ok(StatusCode::NO_CONTENT)
}

pub async fn rotate(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<WebhookWithSecret>> {
    let mut w = hook(&st, &id)?;
    w.secret = new_secret();
    w.hook.secret_prefix = prefix(&w.secret);
    w.hook.updated_at = Some(st.clock.now());
    st.store.put(WEBHOOK, &id, "", &w);
    Ok(Json(WebhookWithSecret {
        webhook: w.hook,
        secret: w.secret,
    }))
}

pub async fn test(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<WebhookDelivery>> {
    let w = hook(&st, &id)?;
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
    let event_id = model::new_id(&st, "msg");
    let d = queue(
        &st,
        &w,
        &event_id,
        "webhook.test",
        None,
        serde_json::to_string(&payload).unwrap_or_default(),
    );
    Ok(Json(d))
}

pub async fn deliveries(
    State(st): State<AppState>,
    _a: AcAuth,
    Query(q): Query<ListDeliveriesQuery>,
) -> AcResult<Json<DataList<WebhookDelivery>>> {
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
    Ok(Json(DataList {
        data: all,
        page_info: None,
    }))
}

pub async fn resend(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<WebhookDelivery>> {
    let rec: DeliveryRec = st
        .store
        .get(DELIVERY, &id)
        .ok_or_else(|| AcError::not_found("Webhook delivery"))?;
    let w = rec
        .delivery
        .webhook_id
        .as_deref()
        .and_then(|w| st.store.get::<WebhookRec>(WEBHOOK, w))
        .filter(|w| !w.deleted && w.hook.is_active)
        .ok_or_else(|| AcError::invalid("The webhook target is no longer active"))?;
    let d = queue(
        &st,
        &w,
        rec.delivery.event_id.as_deref().unwrap_or_default(),
        rec.delivery.event_type.as_deref().unwrap_or_default(),
        rec.delivery.task_id.clone(),
        rec.payload,
    );
    Ok(Json(d))
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
