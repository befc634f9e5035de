//! Table-driven checks over every route: auth is required where documented (401 in each
//! API's error shape), and unknown ids answer 404.

mod common;
use common::*;
use local_api::agentcontainer::openapi::ROUTES;

fn fill(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "nope_0000" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_agentcontainer_route_needs_the_key_and_knows_unknown_ids() {
    let r = start().await;
    let origin = r.agentcontainer_url.trim_end_matches("/api/v1").to_string();
    let mut checked = 0;
    for (method, path, _, _, _) in ROUTES {
        let url = format!("{origin}{}", fill(path));
        let m = method.to_uppercase();
        let resp = call(&m, &url, &[], Some(serde_json::json!({}))).await;
        if *path == "/api/v1/openapi.yaml" {
            assert_eq!(resp.status, 200);
            continue;
        }
        assert_eq!(resp.status, 401, "{m} {path}: {}", resp.text());
        assert_eq!(resp.json()["error"]["code"], "unauthorized", "{m} {path}");
        checked += 1;
        if path.contains('{')
            && (m == "GET" || m == "DELETE")
            && !path.ends_with("/repositories/{repositoryId}")
            || path.ends_with("/cancel")
        {
            let auth = format!("Bearer {KEY}");
            let resp = call(&m, &url, &[("authorization", &auth)], None).await;
            assert_eq!(resp.status, 404, "{m} {path}: {}", resp.text());
            assert_eq!(resp.json()["error"]["code"], "not_found");
        }
    }
    assert_eq!(checked, 51);
    r.stop().await;
}

#[tokio::test]
async fn every_netlify_route_needs_the_token() {
    let r = start().await;
    let routes: &[(&str, &str)] = &[
        ("GET", "/agent_runners?site_id=demo-site"),
        ("POST", "/agent_runners?site_id=demo-site"),
        ("POST", "/agent_runners/upload_url"),
        ("POST", "/agent_runners/delete_url"),
        ("GET", "/agent_runners/x"),
        ("PATCH", "/agent_runners/x"),
        ("DELETE", "/agent_runners/x"),
        ("POST", "/agent_runners/x/archive"),
        ("POST", "/agent_runners/x/revert"),
        ("POST", "/agent_runners/x/rebase"),
        ("GET", "/agent_runners/x/diff"),
        ("POST", "/agent_runners/x/pull_request"),
        ("POST", "/agent_runners/x/commit"),
        ("POST", "/agent_runners/x/publish_to_production"),
        ("GET", "/agent_runners/x/sessions"),
        ("POST", "/agent_runners/x/sessions"),
        ("GET", "/agent_runners/x/sessions/y"),
        ("PATCH", "/agent_runners/x/sessions/y"),
        ("DELETE", "/agent_runners/x/sessions/y"),
        ("POST", "/agent_runners/x/sessions/y/redeploy"),
        ("GET", "/agent_runners/x/sessions/y/diff/result"),
        ("GET", "/agent_runners/x/sessions/y/diff/cumulative"),
        ("POST", "/agent_runners/x/sessions/y/diff/upload_urls"),
        ("GET", "/demo-account/agent_runners"),
    ];
    for (m, p) in routes {
        let resp = call(
            m,
            &format!("{}{p}", r.netlify_url),
            &[("authorization", "Bearer wrong")],
            Some(serde_json::json!({})),
        )
        .await;
        assert_eq!(resp.status, 401, "{m} {p}");
        assert!(resp.json()["error"].is_string(), "{m} {p}");
        if p.contains("/x") {
            let body = match *p {
                "/agent_runners/x/revert" => Some(serde_json::json!({"session_id": "y"})),
                "/agent_runners/x/commit" => Some(serde_json::json!({"target_branch": "b"})),
                "/agent_runners/x/sessions" if *m == "POST" => {
                    Some(serde_json::json!({"prompt": "p"}))
                }
                _ => Some(serde_json::json!({})),
            };
            let resp = nl(&r, m, p, body).await;
            assert_eq!(resp.status, 404, "{m} {p}: {}", resp.text());
            assert!(resp.json()["error"].is_string());
        }
    }
    r.stop().await;
}
