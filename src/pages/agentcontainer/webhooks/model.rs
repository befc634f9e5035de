//! The webhooks page's rules, pure and natively tested: the event types offered (the documented
//! ones, plus any unknown one a webhook already has), the create and edit bodies, a signing
//! secret that is shown once and never printed by `Debug`, and how deliveries read: a tone from a
//! fixed table, "live" while any is pending or retrying, and when each was or will be sent.

use crate::api::poll::Observed;
use crate::time_fmt;
use agentdeck_wire::agentcontainer::{
    CreateWebhook, UpdateWebhook, Webhook, WebhookDelivery, WebhookEventType,
};
use std::fmt;

/// A signing secret as returned by create or rotate: kept only in a signal of the page, never
/// in storage, logs or the URL. `Debug` does not print it.
#[derive(Clone, PartialEq)]
pub struct SecretText(String);

impl SecretText {
    pub fn new(s: String) -> Self {
        SecretText(s)
    }

    /// The secret itself, for the one place that shows it.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText(redacted)")
    }
}

/// The secret shown once, and whose it is.
#[derive(Debug, Clone, PartialEq)]
pub struct OnceSecret {
    pub webhook_id: String,
    pub url: String,
    pub secret: SecretText,
    /// From a rotation (else from the creation).
    pub rotated: bool,
}

/// The event types to offer: every documented subscribable one, then any other `current` has.
pub fn choices(current: &[WebhookEventType]) -> Vec<WebhookEventType> {
    let mut out: Vec<WebhookEventType> = WebhookEventType::subscribable().cloned().collect();
    for t in current {
        if !out.contains(t) {
            out.push(t.clone());
        }
    }
    out
}

/// `selected` in the order of `choices` (so bodies are stable whatever the clicking order).
fn ordered(selected: &[WebhookEventType]) -> Vec<WebhookEventType> {
    choices(selected)
        .into_iter()
        .filter(|t| selected.contains(t))
        .collect()
}

/// A problem with one field, found before sending (`url` or `eventTypes`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

fn check(url: &str, selected: &[WebhookEventType]) -> Result<String, FieldProblem> {
    let url = url.trim();
    if url.is_empty() {
        return Err(FieldProblem {
            field: "url",
            message: "Give the URL that receives the deliveries.".into(),
        });
    }
    if selected.is_empty() {
        return Err(FieldProblem {
            field: "eventTypes",
            message: "Pick at least one event type.".into(),
        });
    }
    Ok(url.to_string())
}

/// The body of `POST /webhooks`: the URL and the picked event types.
pub fn create_body(
    url: &str,
    selected: &[WebhookEventType],
) -> Result<CreateWebhook, FieldProblem> {
    let url = check(url, selected)?;
    Ok(CreateWebhook {
        url,
        event_types: Some(ordered(selected)),
    })
}

/// The body of `PATCH /webhooks/{id}` with only what changed; `None` when nothing did.
pub fn edit_body(
    hook: &Webhook,
    url: &str,
    selected: &[WebhookEventType],
) -> Result<Option<UpdateWebhook>, FieldProblem> {
    let url = check(url, selected)?;
    let types = ordered(selected);
    let same_types =
        types.len() == hook.event_types.len() && types.iter().all(|t| hook.event_types.contains(t));
    let body = UpdateWebhook {
        url: (url != hook.url).then_some(url),
        event_types: (!same_types).then_some(types),
        is_active: None,
    };
    Ok((body.url.is_some() || body.event_types.is_some()).then_some(body))
}

/// "All 12 event types" or the types, comma-separated.
pub fn event_types_summary(types: &[WebhookEventType]) -> String {
    let all = WebhookEventType::subscribable().count();
    if types.len() == all && WebhookEventType::subscribable().all(|t| types.contains(t)) {
        format!("All {all} event types")
    } else if types.is_empty() {
        "No event types".into()
    } else {
        types
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Whether a delivery is still on its way (the page follows deliveries while any is).
pub fn is_in_flight(d: &WebhookDelivery) -> bool {
    matches!(d.status.as_str(), "pending" | "retrying")
}

/// The badge tone of a delivery status (a fixed class suffix; unknown statuses are neutral).
pub fn delivery_tone(status: &str) -> &'static str {
    match status {
        "delivered" => "ok",
        "pending" => "pending",
        "retrying" => "attention",
        "failed" => "bad",
        _ => "unknown",
    }
}

/// What the poller needs to know about a list of deliveries.
pub fn observe_deliveries(list: &[WebhookDelivery]) -> Observed {
    Observed {
        live: list.iter().any(is_in_flight),
        fingerprint: list
            .iter()
            .map(|d| format!("{}:{}:{}", d.id, d.status, d.attempt_count))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// When a delivery was or will be sent, in words.
pub fn when_text(d: &WebhookDelivery, now_ms: i64) -> String {
    let ago = |ts: &agentdeck_wire::Timestamp| match ts.unix_millis() {
        Some(ms) => time_fmt::relative(ms, now_ms),
        None => ts.as_str().to_string(),
    };
    if let Some(at) = &d.delivered_at {
        return format!("Delivered {}", ago(at));
    }
    if let Some(next) = d.next_retry_at.as_ref().filter(|_| is_in_flight(d)) {
        return match next.unix_millis() {
            Some(ms) if ms > now_ms => {
                format!("Next retry in {}", time_fmt::duration((ms - now_ms) as f64))
            }
            Some(_) => "Next retry due now".into(),
            None => format!("Next retry at {}", next.as_str()),
        };
    }
    match d.status.as_str() {
        "pending" => format!("Queued {}", ago(&d.created_at)),
        "failed" => format!("Gave up; queued {}", ago(&d.created_at)),
        _ => format!("Queued {}", ago(&d.created_at)),
    }
}

/// "1 attempt", "3 attempts (2 retries)".
pub fn attempts_text(d: &WebhookDelivery) -> String {
    let a = d.attempt_count;
    let attempts = if a == 1 {
        "1 attempt".to_string()
    } else {
        format!("{a} attempts")
    };
    match d.retry_count {
        0 => attempts,
        1 => format!("{attempts} (1 retry)"),
        r => format!("{attempts} ({r} retries)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(status: &str) -> WebhookDelivery {
        serde_json::from_value(serde_json::json!({
            "id": "dlv_1", "status": status, "attemptCount": 1, "retryCount": 0,
            "createdAt": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    fn hook(types: &[&str]) -> Webhook {
        serde_json::from_value(serde_json::json!({
            "id": "wh_1", "url": "http://127.0.0.1:9/hook", "eventTypes": types,
            "isActive": true, "secretPrefix": "whsec_abc", "createdAt": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn the_documented_types_are_offered_and_unknown_ones_kept() {
        let all = choices(&[]);
        assert_eq!(all.len(), 12);
        assert!(!all.contains(&WebhookEventType::WebhookTest));
        assert_eq!(all[0].as_str(), "task.created");
        let with = choices(&[WebhookEventType::parse("task.archived")]);
        assert_eq!(with.len(), 13);
        assert_eq!(with[12].as_str(), "task.archived");
    }

    #[test]
    fn the_create_body_names_its_problems() {
        let all: Vec<_> = choices(&[]);
        assert_eq!(create_body("  ", &all).unwrap_err().field, "url");
        assert_eq!(
            create_body("http://x.test", &[]).unwrap_err().field,
            "eventTypes"
        );
        let picked = [WebhookEventType::TaskFailed, WebhookEventType::TaskCreated];
        let body = create_body(" http://127.0.0.1:9/h ", &picked).unwrap();
        assert_eq!(body.url, "http://127.0.0.1:9/h");
        assert_eq!(
            body.event_types.unwrap(),
            [WebhookEventType::TaskCreated, WebhookEventType::TaskFailed]
        );
    }

    #[test]
    fn an_edit_sends_only_what_changed() {
        let h = hook(&["task.created", "task.failed"]);
        let same = [WebhookEventType::TaskFailed, WebhookEventType::TaskCreated];
        assert_eq!(
            edit_body(&h, "http://127.0.0.1:9/hook", &same).unwrap(),
            None
        );
        let b = edit_body(&h, "http://127.0.0.1:9/other", &same)
            .unwrap()
            .unwrap();
        assert_eq!(b.url.as_deref(), Some("http://127.0.0.1:9/other"));
        assert_eq!(b.event_types, None);
        let b = edit_body(
            &h,
            "http://127.0.0.1:9/hook",
            &[WebhookEventType::TaskFailed],
        )
        .unwrap()
        .unwrap();
        assert_eq!(b.url, None);
        assert_eq!(b.event_types.unwrap(), [WebhookEventType::TaskFailed]);
    }

    #[test]
    fn summaries_and_tones() {
        let all: Vec<_> = choices(&[]);
        assert_eq!(event_types_summary(&all), "All 12 event types");
        assert_eq!(
            event_types_summary(&[WebhookEventType::TaskFinished, WebhookEventType::TaskFailed]),
            "task.finished, task.failed"
        );
        assert_eq!(delivery_tone("delivered"), "ok");
        assert_eq!(delivery_tone("\" onclick=\"x"), "unknown");
    }

    #[test]
    fn deliveries_are_live_while_any_is_pending_or_retrying() {
        assert!(observe_deliveries(&[delivery("delivered"), delivery("retrying")]).live);
        assert!(observe_deliveries(&[delivery("pending")]).live);
        assert!(!observe_deliveries(&[delivery("delivered"), delivery("failed")]).live);
        assert!(!observe_deliveries(&[]).live);
        assert_ne!(
            observe_deliveries(&[delivery("pending")]).fingerprint,
            observe_deliveries(&[delivery("delivered")]).fingerprint
        );
    }

    #[test]
    fn when_and_attempts_read_plainly() {
        let created = agentdeck_wire::Timestamp::new("2026-01-01T00:00:00Z")
            .unix_millis()
            .unwrap();
        let mut d = delivery("retrying");
        d.next_retry_at = Some(agentdeck_wire::Timestamp::new("2026-01-01T00:00:05Z"));
        assert_eq!(when_text(&d, created), "Next retry in 5 s");
        assert_eq!(when_text(&d, created + 9_000), "Next retry due now");
        let mut d = delivery("delivered");
        d.delivered_at = Some(agentdeck_wire::Timestamp::new("2026-01-01T00:00:00Z"));
        assert_eq!(when_text(&d, created + 1000), "Delivered just now");
        assert_eq!(when_text(&delivery("pending"), created), "Queued just now");
        d.attempt_count = 3;
        d.retry_count = 2;
        assert_eq!(attempts_text(&d), "3 attempts (2 retries)");
        assert_eq!(attempts_text(&delivery("pending")), "1 attempt");
    }

    #[test]
    fn a_secret_is_not_printed_by_debug() {
        let s = OnceSecret {
            webhook_id: "wh".into(),
            url: "u".into(),
            secret: SecretText::new("whsec_c2VjcmV0".into()),
            rotated: false,
        };
        assert!(!format!("{s:?}").contains("whsec_c2VjcmV0"));
        assert_eq!(s.secret.reveal(), "whsec_c2VjcmV0");
    }
}
