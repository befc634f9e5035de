//! Shared helpers of the integration tests: start local-api on free ports, send requests.
#![allow(dead_code)]

pub use local_api::http_client::Resp;
use local_api::{Config, Running};
use serde_json::Value;

pub const TOKEN: &str = "local-netlify-token";
pub const KEY: &str = "local-agentcontainer-key";

pub async fn start() -> Running {
    start_with(Config::for_tests()).await
}

pub async fn start_with(config: Config) -> Running {
    local_api::start(config).await.expect("local-api starts")
}

pub async fn call(method: &str, url: &str, headers: &[(&str, &str)], body: Option<Value>) -> Resp {
    let mut h: Vec<(&str, &str)> = headers.to_vec();
    if body.is_some() {
        h.push(("content-type", "application/json"));
    }
    local_api::http_client::send(
        method,
        url,
        &h,
        body.map(|b| serde_json::to_vec(&b).unwrap()),
    )
    .await
    .expect("request")
}

/// Netlify request with the default token.
pub async fn nl(r: &Running, method: &str, path: &str, body: Option<Value>) -> Resp {
    let auth = format!("Bearer {TOKEN}");
    call(
        method,
        &format!("{}{}", r.netlify_url, path),
        &[("authorization", &auth)],
        body,
    )
    .await
}

/// AgentContainer request with the default key.
pub async fn ac(r: &Running, method: &str, path: &str, body: Option<Value>) -> Resp {
    let auth = format!("Bearer {KEY}");
    call(
        method,
        &format!("{}{}", r.agentcontainer_url, path),
        &[("authorization", &auth)],
        body,
    )
    .await
}

/// A fresh isolated site, optionally with demo runners.
pub async fn new_site(r: &Running, demo: bool) -> (String, String) {
    let resp = call(
        "POST",
        &format!("{}/__admin/sites?demo={demo}", r.netlify_origin),
        &[],
        None,
    )
    .await;
    assert_eq!(resp.status, 201, "{}", resp.text());
    let v = resp.json();
    (
        v["site_id"].as_str().unwrap().to_string(),
        v["account_id"].as_str().unwrap().to_string(),
    )
}

/// Waits until `f` returns `Some`, polling every 50 ms, up to `secs` seconds.
pub async fn wait_for<T, F, Fut>(secs: u64, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "condition not met within {secs}s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// One Server-Sent Event as read by the test client.
#[derive(Debug, Clone, Default)]
pub struct Sse {
    pub id: Option<String>,
    pub event: Option<String>,
    pub data: String,
    pub retry: Option<u64>,
}

/// A streaming SSE reader over a raw hyper response body.
pub struct SseReader {
    pub status: u16,
    pub content_type: Option<String>,
    body: hyper::body::Incoming,
    buf: String,
}

pub async fn sse_connect(url: &str, headers: &[(&str, &str)]) -> SseReader {
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let client: Client<_, http_body_util::Empty<bytes::Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let mut req = hyper::Request::get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = client
        .request(req.body(http_body_util::Empty::new()).unwrap())
        .await
        .expect("connect");
    SseReader {
        status: resp.status().as_u16(),
        content_type: resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: resp.into_body(),
        buf: String::new(),
    }
}

impl SseReader {
    /// The next event (comments skipped), or `None` when the stream ends or `secs` pass.
    pub async fn next(&mut self, secs: u64) -> Option<Sse> {
        use http_body_util::BodyExt;
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            while let Some(pos) = self.buf.find("\n\n") {
                let block: String = self.buf[..pos].to_string();
                self.buf.drain(..pos + 2);
                let mut ev = Sse::default();
                let mut any = false;
                for line in block.lines() {
                    if line.starts_with(':') {
                        continue;
                    }
                    let (k, v) = line
                        .split_once(':')
                        .map(|(k, v)| (k, v.strip_prefix(' ').unwrap_or(v)))
                        .unwrap_or((line, ""));
                    any = true;
                    match k {
                        "id" => ev.id = Some(v.to_string()),
                        "event" => ev.event = Some(v.to_string()),
                        "retry" => ev.retry = v.parse().ok(),
                        "data" => {
                            if !ev.data.is_empty() {
                                ev.data.push('\n');
                            }
                            ev.data.push_str(v)
                        }
                        _ => {}
                    }
                }
                if any && (!ev.data.is_empty() || ev.id.is_some()) {
                    return Some(ev);
                }
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??
                .ok()?;
            if let Ok(data) = frame.into_data() {
                self.buf.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }

    /// Reads events until one satisfies `f`.
    pub async fn until(&mut self, secs: u64, mut f: impl FnMut(&Sse) -> bool) -> Sse {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let left = deadline
                .saturating_duration_since(std::time::Instant::now())
                .as_secs()
                .max(1);
            let ev = self
                .next(left)
                .await
                .expect("stream ended before the expected event");
            if f(&ev) {
                return ev;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no matching event in {secs}s"
            );
        }
    }
}

/// A local HTTP receiver that records every request (for webhooks).
pub struct Receiver {
    pub url: String,
    pub rx: tokio::sync::mpsc::UnboundedReceiver<(axum::http::HeaderMap, String)>,
}

/// Starts a receiver answering `status` (a shared, changeable value).
pub async fn receiver(status: std::sync::Arc<std::sync::atomic::AtomicU16>) -> Receiver {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let tx = tx.clone();
            let status = status.clone();
            async move {
                let _ = tx.send((headers, body));
                axum::http::StatusCode::from_u16(status.load(std::sync::atomic::Ordering::SeqCst))
                    .unwrap()
            }
        }),
    );
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", l.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    Receiver { url, rx }
}

/// The first custom (non-standard) agent's id.
pub async fn custom_agent(r: &Running) -> String {
    let body = serde_json::json!({
        "name": "Tester",
        "runtime": {"containerImage": "ghcr.io/acme/agent:1", "agentRuntime": "pi"},
        "basePrompt": "Be brief.",
        "defaults": {"model": "claude-sonnet-4-5", "internetAccess": false, "maxRuntimeSeconds": 600,
                     "sessionTtlSeconds": 600, "outputPolicy": {"mode": "any"}, "runtimeRegion": "any"}
    });
    let resp = ac(r, "POST", "/agents", Some(body)).await;
    assert_eq!(resp.status, 201, "{}", resp.text());
    resp.json()["id"].as_str().unwrap().to_string()
}

/// AgentContainer request with extra headers.
pub async fn ac_h(
    r: &Running,
    method: &str,
    path: &str,
    extra: &[(&str, &str)],
    body: Option<Value>,
) -> Resp {
    let auth = format!("Bearer {KEY}");
    let mut h = vec![("authorization", auth.as_str())];
    h.extend_from_slice(extra);
    call(
        method,
        &format!("{}{}", r.agentcontainer_url, path),
        &h,
        body,
    )
    .await
}
