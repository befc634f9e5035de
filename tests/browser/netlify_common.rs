//! Helpers of the Netlify runner page browser tests: sites, runners, the mounted app, faults.
#![allow(dead_code)]

use crate::support::*;
use agentdeck::api::{self, NetlifyConnection};
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck_wire::netlify::{AgentRunner, CreateRunner};
use leptos::prelude::*;
use web_sys::Element;

pub async fn site() -> NetlifyConnection {
    let (site_id, account_id) = fresh_site(false).await;
    NetlifyConnection {
        base_url: netlify_url().to_string(),
        token: "local-netlify-token".into(),
        account_id,
        site_id,
    }
}

pub async fn start(conn: &NetlifyConnection, prompt: &str) -> AgentRunner {
    api::netlify::create_runner(
        conn,
        &CreateRunner {
            prompt: prompt.into(),
            ..Default::default()
        },
    )
    .await
    .expect("runner created")
}

/// Waits (through the API, not the page) until the runner satisfies `ok`.
pub async fn settle(
    conn: &NetlifyConnection,
    id: &str,
    ok: impl Fn(&AgentRunner) -> bool,
) -> AgentRunner {
    until_async(&format!("runner {id} to settle"), || async {
        let r = api::netlify::get_runner(conn, id).await.expect("runner");
        ok(&r).then_some(r)
    })
    .await
}

pub async fn done(conn: &NetlifyConnection, prompt: &str) -> AgentRunner {
    let r = start(conn, prompt).await;
    settle(conn, &r.id, |r| {
        !r.state.is_live() && r.latest_session_state.as_ref().is_none_or(|s| !s.is_live())
    })
    .await
}

pub struct Page {
    pub root: Element,
    _app: Box<dyn std::any::Any>,
}

pub fn open(conn: &NetlifyConnection, path: &str) -> Page {
    go_to(path);
    let root = container();
    let conns = Connections {
        netlify: Some(conn.clone()),
        ..Default::default()
    };
    let app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    Page {
        root: root.into(),
        _app: Box::new(app),
    }
}

pub fn runner_path(id: &str) -> String {
    format!("/netlify/runners/{id}")
}

pub fn header_state(root: &Element) -> Option<String> {
    first(root, ".runner-title-row .badge").and_then(|b| b.get_attribute("data-state"))
}

pub async fn set_fault(spec: &str, path_contains: &str) {
    set_fault_for(None, spec, path_contains).await;
}

/// Fails the next Netlify request matching `method` (any, if `None`) and `path_contains`.
pub async fn set_fault_for(method: Option<&str>, spec: &str, path_contains: &str) {
    let body = serde_json::json!({
        "spec": spec, "count": 1, "path_contains": path_contains, "api": "netlify", "method": method,
    });
    let resp = gloo_net::http::Request::post(&format!("{}/__admin/faults", netlify_origin()))
        .json(&body)
        .unwrap()
        .send()
        .await
        .expect("local-api answers");
    assert!(resp.ok(), "setting a fault failed: {}", resp.status());
}

pub async fn confirm(root: &Element, label: &str, yes: &str) {
    click(root, label).await;
    let dialog = until("the confirmation", || first(root, ".confirm")).await;
    assert!(!dialog.text_content().unwrap_or_default().is_empty());
    click(root, yes).await;
}

/// A site without a git repository: Netlify offers "rebase onto production" there.
pub async fn site_without_git() -> NetlifyConnection {
    let url = format!("{}/__admin/sites?demo=false&git=false", netlify_origin());
    let resp = gloo_net::http::Request::post(&url).send().await.unwrap();
    assert!(resp.ok());
    let v: serde_json::Value = resp.json().await.unwrap();
    NetlifyConnection {
        base_url: netlify_url().to_string(),
        token: "local-netlify-token".into(),
        account_id: v["account_id"].as_str().unwrap().into(),
        site_id: v["site_id"].as_str().unwrap().into(),
    }
}

pub async fn outcome_error(root: &Element, what: &str) {
    let failed = format!("{what} failed");
    let t = until(&format!("the {what} failure"), || {
        first(root, ".action-outcome.notice-error")
            .and_then(|a| a.text_content())
            .filter(|t| t.contains(&failed))
    })
    .await;
    assert!(t.contains("HTTP 500"), "{t}");
}
