//! Shared helpers of the `api_*` browser tests: where local-api runs (from compile-time env
//! vars set by `cargo xtask test`), isolated sites, fault injection; waiting is `support`'s.
#![allow(dead_code)]

/// The one way the browser tests wait (see `support`).
pub use crate::support::{sleep, until, until_async};
use agentdeck::api::{AgentContainerConnection, NetlifyConnection};
use gloo_net::http::Request;

pub const NETLIFY_TOKEN: &str = "local-netlify-token";
pub const AGENTCONTAINER_KEY: &str = "local-agentcontainer-key";

pub fn netlify_base() -> String {
    match option_env!("AGENTDECK_TEST_NETLIFY_URL") {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => panic!(
            "AGENTDECK_TEST_NETLIFY_URL was not set at compile time: run through `cargo xtask test`, or start \
             local-api and set it to its Netlify URL (http://127.0.0.1:PORT/api/v1)"
        ),
    }
}

pub fn agentcontainer_base() -> String {
    match option_env!("AGENTDECK_TEST_AGENTCONTAINER_URL") {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => panic!(
            "AGENTDECK_TEST_AGENTCONTAINER_URL was not set at compile time: run through `cargo xtask test`, or \
             start local-api and set it to its AgentContainer URL (http://127.0.0.1:PORT/api/v1)"
        ),
    }
}

/// The Netlify port's origin, where `/__admin` lives.
pub fn admin_origin() -> String {
    let base = netlify_base();
    base.strip_suffix("/api/v1").unwrap_or(&base).to_string()
}

/// The demo site seeded at start.
pub fn demo_netlify() -> NetlifyConnection {
    NetlifyConnection {
        base_url: netlify_base(),
        token: NETLIFY_TOKEN.into(),
        account_id: "demo-account".into(),
        site_id: "demo-site".into(),
    }
}

pub fn agentcontainer() -> AgentContainerConnection {
    AgentContainerConnection {
        base_url: agentcontainer_base(),
        api_key: AGENTCONTAINER_KEY.into(),
    }
}

/// A fresh, isolated site (`demo` seeds it with runners).
pub async fn new_site(demo: bool) -> NetlifyConnection {
    admin_site(if demo { "?demo=true" } else { "" }, serde_json::json!({})).await
}

/// A fresh site without a git repository: the only kind where local-api's runners can be
/// rebased (`rebase_available`).
pub async fn new_site_without_git() -> NetlifyConnection {
    admin_site("?git=false", serde_json::json!({})).await
}

/// A fresh site in the (existing or new) account `account_id`.
pub async fn new_site_in_account(account_id: &str) -> NetlifyConnection {
    admin_site("", serde_json::json!({ "account_id": account_id })).await
}

/// `POST /__admin/sites{query}` with `body` (`{"site_id","account_id"}` pick the ids).
async fn admin_site(query: &str, body: serde_json::Value) -> NetlifyConnection {
    let url = format!("{}/__admin/sites{query}", admin_origin());
    let resp = Request::post(&url)
        .json(&body)
        .expect("site body")
        .send()
        .await
        .expect("POST /__admin/sites");
    assert!(resp.ok(), "POST /__admin/sites answered {}", resp.status());
    let v: serde_json::Value = resp.json().await.expect("site JSON");
    NetlifyConnection {
        base_url: netlify_base(),
        token: NETLIFY_TOKEN.into(),
        account_id: v["account_id"].as_str().unwrap().into(),
        site_id: v["site_id"].as_str().unwrap().into(),
    }
}

/// Injects a fault into the next `count` requests whose path contains `path`, on `api`
/// (`netlify` or `agentcontainer`).
pub async fn set_fault(api: &str, path: &str, spec: &str, count: u32) {
    let body =
        serde_json::json!({ "spec": spec, "count": count, "path_contains": path, "api": api });
    let resp = Request::post(&format!("{}/__admin/faults", admin_origin()))
        .json(&body)
        .unwrap()
        .send()
        .await
        .expect("POST /__admin/faults");
    assert!(resp.ok(), "POST /__admin/faults answered {}", resp.status());
}

pub async fn clear_fault() {
    let _ = Request::delete(&format!("{}/__admin/faults", admin_origin()))
        .send()
        .await;
}
