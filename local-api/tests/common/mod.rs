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
