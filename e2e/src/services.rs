//! Talking to local-api directly, as a test's other hand: its admin endpoints (global faults,
//! stored records) and both APIs with the secrets the app itself uses. Requests go from this
//! process, never through the browser, so they work while the browser is offline and never
//! count against the page.

use crate::Harness;
use local_api::faults::GlobalFault;
use local_api::http_client::send;
use serde_json::Value;

/// Which of local-api's two APIs a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Netlify,
    AgentContainer,
}

impl Harness {
    /// Sends one request to local-api's admin endpoints (served on the Netlify port; `path`
    /// starts with `/__admin/`, see local-api's admin.rs) and returns the status and the body.
    pub async fn admin(&self, method: &str, path: &str, body: Option<Value>) -> (u16, String) {
        let url = format!("{}{path}", self.netlify_url.trim_end_matches("/api/v1"));
        let resp = send(
            method,
            &url,
            &[("content-type", "application/json")],
            body.map(|b| b.to_string().into_bytes()),
        )
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        (resp.status, resp.text())
    }

    /// Sets local-api's one global fault (it replaces the previous one): every request that
    /// matches `api`, `method` and `path_contains` gets `spec` (`status=500`,
    /// `status=429;retry_after=1`, `latency_ms=300`, `drop_after=1`, ...) until cleared, or for
    /// `count` requests (each matching request counts, whoever sends it).
    pub async fn set_fault(&self, fault: GlobalFault) {
        let body = serde_json::to_value(&fault).expect("a fault is JSON");
        let (status, text) = self.admin("POST", "/__admin/faults", Some(body)).await;
        assert!(
            (200..300).contains(&status),
            "setting the fault {fault:?}: {status} {text}"
        );
    }

    /// Clears the global fault.
    pub async fn clear_fault(&self) {
        let (status, text) = self.admin("DELETE", "/__admin/faults", None).await;
        assert!(
            (200..300).contains(&status),
            "clearing the fault: {status} {text}"
        );
    }

    /// The global fault still in force: `None` once a counted fault was used up (so exactly
    /// `count` matching requests were made, if no more came since) or after a clear.
    pub async fn current_fault(&self) -> Option<GlobalFault> {
        let (status, text) = self.admin("GET", "/__admin/faults", None).await;
        assert_eq!(status, 200, "reading the fault: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("the fault as JSON ({e}): {text}"))
    }

    /// Every stored document of `kind` (`nl_runner`, `nl_session`, `ac_task`, `ac_msg`,
    /// `ac_webhook`, ...: local-api's `records.rs` files), oldest first, each
    /// `{"id", "scope", "value"}`.
    pub async fn records(&self, kind: &str) -> Vec<Value> {
        let (status, text) = self
            .admin("GET", &format!("/__admin/records/{kind}"), None)
            .await;
        assert_eq!(status, 200, "reading the {kind} records: {text}");
        match serde_json::from_str(&text) {
            Ok(Value::Array(items)) => items,
            _ => panic!("the {kind} records are not a list: {text}"),
        }
    }

    /// Calls one of the documented endpoints as the app does (`Authorization: Bearer` with the
    /// harness's token or API key); `path` follows the base URL (`/agents?limit=100`). Fails the
    /// test unless the answer is a 2xx; returns its JSON (`null` when empty).
    pub async fn call_api(
        &self,
        service: Service,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let (base, secret) = match service {
            Service::Netlify => (&self.netlify_url, &self.netlify_token),
            Service::AgentContainer => (&self.agentcontainer_url, &self.agentcontainer_key),
        };
        let url = format!("{base}{path}");
        let auth = format!("Bearer {secret}");
        let headers = [
            ("content-type", "application/json"),
            ("authorization", auth.as_str()),
        ];
        let resp = send(
            method,
            &url,
            &headers,
            body.map(|b| b.to_string().into_bytes()),
        )
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        assert!(
            (200..300).contains(&resp.status),
            "{method} {url}: {} {}",
            resp.status,
            resp.text()
        );
        serde_json::from_slice(&resp.body).unwrap_or(Value::Null)
    }

    /// The `data` of an AgentContainer list (`GET` of `path`, one page: ask with `limit=100`).
    pub async fn agentcontainer_list(&self, path: &str) -> Vec<Value> {
        let page = self
            .call_api(Service::AgentContainer, "GET", path, None)
            .await;
        match &page["data"] {
            Value::Array(items) => items.clone(),
            _ => panic!("GET {path}: no data list in {page}"),
        }
    }
}
