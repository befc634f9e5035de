//! The first slice: `GET /agent_runners` with auth, filters, pagination headers, CORS, and the
//! app served with a generated config.json.

mod common;
use common::*;
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn list_requires_a_valid_bearer_token() {
    let r = start().await;
    let url = format!(
        "{}/agent_runners?site_id=demo-site&account_id=demo-account",
        r.netlify_url
    );
    for auth in [None, Some("Bearer nope"), Some("Basic abc")] {
        let h: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
        let resp = call("GET", &url, &h, None).await;
        assert_eq!(resp.status, 401);
        assert!(resp.json()["error"].is_string());
    }
    r.stop().await;
}

#[tokio::test]
async fn demo_runners_have_every_reference_field_and_lowercase_states() {
    let r = start().await;
    let resp = nl(
        &r,
        "GET",
        "/agent_runners?site_id=demo-site&account_id=demo-account",
        None,
    )
    .await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let list = resp.json();
    let runners = list.as_array().unwrap();
    assert!(runners.len() >= 25, "{}", runners.len());
    assert_eq!(
        resp.header("total").unwrap().parse::<usize>().unwrap(),
        runners.len()
    );
    let reference: Value = serde_json::from_str(include_str!(
        "../../wire/tests/fixtures/netlify/list_runners.json"
    ))
    .unwrap();
    let mut keys: Vec<&String> = reference
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_object().unwrap().keys())
        .collect();
    keys.sort();
    keys.dedup();
    let mut states = std::collections::BTreeSet::new();
    for run in runners {
        for k in &keys {
            assert!(run.get(k.as_str()).is_some(), "field {k} missing in {run}");
        }
        let s = run["state"].as_str().unwrap();
        assert_eq!(s, s.to_lowercase());
        assert_ne!(s, "archived", "archived runners are hidden");
        states.insert(s.to_string());
        assert!(run["user"]["avatar_url"]
            .as_str()
            .unwrap()
            .starts_with("data:image/"));
        let _: agentdeck_wire::netlify::AgentRunner = serde_json::from_value(run.clone()).unwrap();
    }
    for s in ["new", "running", "done", "error", "cancelled"] {
        assert!(states.contains(s), "no {s} runner in {states:?}");
    }
    // Newest first.
    let created: Vec<&str> = runners
        .iter()
        .map(|r| r["created_at"].as_str().unwrap())
        .collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted);
    // PRs in several states.
    let prs: std::collections::BTreeSet<&str> = runners
        .iter()
        .filter_map(|r| r["pr_state"].as_str())
        .collect();
    assert!(prs.len() >= 3, "{prs:?}");
    r.stop().await;
}

#[tokio::test]
async fn filters_and_pagination() {
    let r = start().await;
    let (site, account) = new_site(&r, true).await;
    let base = format!("/agent_runners?site_id={site}&account_id={account}");
    let all = nl(&r, "GET", &base, None).await.json();
    let all = all.as_array().unwrap().clone();

    let live = nl(&r, "GET", &format!("{base}&state=live"), None)
        .await
        .json();
    assert!(!live.as_array().unwrap().is_empty());
    assert!(live
        .as_array()
        .unwrap()
        .iter()
        .all(|r| ["new", "running"].contains(&r["state"].as_str().unwrap())));
    let errors = nl(&r, "GET", &format!("{base}&state=error"), None)
        .await
        .json();
    assert!(errors
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["state"] == "error"));
    assert_eq!(
        nl(&r, "GET", &format!("{base}&state=done"), None)
            .await
            .status,
        400
    );

    let title = nl(&r, "GET", &format!("{base}&title=DARK%20mode"), None)
        .await
        .json();
    assert!(!title.as_array().unwrap().is_empty());
    assert!(title.as_array().unwrap().iter().all(|r| r["title"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("dark mode")));

    let staging = nl(&r, "GET", &format!("{base}&branch=staging"), None)
        .await
        .json();
    assert!(!staging.as_array().unwrap().is_empty());
    assert!(staging
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["branch"] == "staging"));

    let with_rb = all.iter().find(|r| r["result_branch"].is_string()).unwrap();
    let rb = with_rb["result_branch"].as_str().unwrap();
    let by_rb = nl(&r, "GET", &format!("{base}&result_branch={rb}"), None)
        .await
        .json();
    assert_eq!(
        ids(&by_rb),
        vec![with_rb["id"].as_str().unwrap().to_string()]
    );

    let user = all[0]["user"]["id"].as_str().unwrap();
    let by_user = nl(&r, "GET", &format!("{base}&user_id={user}"), None)
        .await
        .json();
    assert!(by_user
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["user"]["id"] == user));

    let t = |r: &Value| {
        agentdeck_wire::Timestamp::new(r["created_at"].as_str().unwrap())
            .unix_millis()
            .unwrap()
            / 1000
    };
    let mid = t(&all[all.len() / 2]);
    let from = nl(&r, "GET", &format!("{base}&from={mid}"), None)
        .await
        .json();
    assert!(from.as_array().unwrap().iter().all(|r| t(r) >= mid));
    let to = nl(&r, "GET", &format!("{base}&to={mid}"), None)
        .await
        .json();
    assert!(to.as_array().unwrap().iter().all(|r| t(r) < mid));
    assert_eq!(
        from.as_array().unwrap().len() + to.as_array().unwrap().len(),
        all.len()
    );

    // Pages of 10 cover everything once, with Link/Total.
    let mut seen = Vec::new();
    let mut page = 1;
    loop {
        let resp = nl(&r, "GET", &format!("{base}&per_page=10&page={page}"), None).await;
        assert_eq!(resp.header("total").unwrap(), all.len().to_string());
        let links = agentdeck_wire::pagination::PageLinks::parse(
            resp.header("link").as_deref(),
            resp.header("total").as_deref(),
        );
        assert_eq!(links.last, Some(all.len().div_ceil(10) as u32));
        seen.extend(ids(&resp.json()));
        match links.next {
            Some(n) => page = n,
            None => break,
        }
    }
    assert_eq!(seen, ids(&Value::Array(all.clone())));
    // per_page is capped at 100; a page past the end is empty.
    assert_eq!(
        nl(&r, "GET", &format!("{base}&per_page=500"), None)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        all.len().min(100)
    );
    assert!(nl(&r, "GET", &format!("{base}&page=99"), None)
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        nl(&r, "GET", &format!("{base}&page=x"), None).await.status,
        400
    );
    // Isolated sites: a fresh empty site has no runners; unknown site is 404.
    let (empty, _) = new_site(&r, false).await;
    assert!(
        nl(&r, "GET", &format!("/agent_runners?site_id={empty}"), None)
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        nl(&r, "GET", "/agent_runners?site_id=nope", None)
            .await
            .status,
        404
    );
    assert_eq!(
        nl(
            &r,
            "GET",
            &format!("/agent_runners?site_id={site}&account_id=other"),
            None
        )
        .await
        .status,
        404
    );
    r.stop().await;
}

#[tokio::test]
async fn cors_allows_the_given_origins_and_exposes_pagination_headers() {
    // Other origins are refused: tests/origins.rs.
    let r = start_with(local_api::Config {
        allow_origins: vec!["http://127.0.0.1:9999".into(), "http://x.test".into()],
        ..local_api::Config::for_tests()
    })
    .await;
    let url = format!("{}/agent_runners?site_id=demo-site", r.netlify_url);
    let pre = call(
        "OPTIONS",
        &url,
        &[
            ("origin", "http://127.0.0.1:9999"),
            ("access-control-request-method", "GET"),
            (
                "access-control-request-headers",
                "authorization,x-local-api-fault,idempotency-key",
            ),
        ],
        None,
    )
    .await;
    assert!(pre.status < 300, "{}", pre.status);
    assert_eq!(
        pre.header("access-control-allow-origin").as_deref(),
        Some("http://127.0.0.1:9999")
    );
    assert!(pre
        .header("access-control-allow-headers")
        .unwrap()
        .contains("authorization"));
    let auth = format!("Bearer {TOKEN}");
    let resp = call(
        "GET",
        &url,
        &[("origin", "http://x.test"), ("authorization", &auth)],
        None,
    )
    .await;
    let exposed = resp.header("access-control-expose-headers").unwrap();
    assert!(
        exposed.contains("link") && exposed.contains("total") && exposed.contains("retry-after")
    );
    r.stop().await;
}

#[tokio::test]
async fn serves_the_app_with_config_json_and_spa_fallback() {
    let dir = std::env::temp_dir().join(format!("local-api-app-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>agentdeck</title>",
    )
    .unwrap();
    std::fs::write(dir.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let r = start_with(local_api::Config {
        app_dir: Some(dir.clone()),
        ..local_api::Config::for_tests()
    })
    .await;
    let app = r.app_url.clone().unwrap();
    let cfg = call("GET", &format!("{app}config.json"), &[], None).await;
    assert_eq!(cfg.status, 200);
    assert_eq!(
        cfg.header("referrer-policy").as_deref(),
        Some("no-referrer")
    );
    let c: agentdeck_wire::app_config::AppConfig = serde_json::from_slice(&cfg.body).unwrap();
    assert_eq!(c.netlify.as_ref().unwrap().base_url, r.netlify_url);
    assert_eq!(c.netlify.as_ref().unwrap().token, TOKEN);
    assert_eq!(
        c.agentcontainer.as_ref().unwrap().base_url,
        r.agentcontainer_url
    );
    assert!(!dir.join("config.json").exists());
    let deep = call("GET", &format!("{app}netlify/runners/abc?x=1"), &[], None).await;
    assert_eq!(deep.status, 200);
    assert!(deep.text().contains("agentdeck"));
    let wasm = call("GET", &format!("{app}app_bg.wasm"), &[], None).await;
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );
    r.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn global_and_per_request_faults() {
    let r = start().await;
    let auth = format!("Bearer {TOKEN}");
    let url = format!("{}/agent_runners?site_id=demo-site", r.netlify_url);
    let resp = call(
        "GET",
        &url,
        &[
            ("authorization", &auth),
            ("x-local-api-fault", "status=429;retry_after=2"),
        ],
        None,
    )
    .await;
    assert_eq!(resp.status, 429);
    assert_eq!(resp.header("retry-after").as_deref(), Some("2"));
    assert!(resp.json()["error"].is_string());
    let resp = call(
        "GET",
        &url,
        &[("authorization", &auth), ("x-local-api-fault", "malformed")],
        None,
    )
    .await;
    assert_eq!(resp.status, 200);
    assert!(serde_json::from_slice::<Value>(&resp.body).is_err());
    let resp = call(
        "GET",
        &url,
        &[("authorization", &auth), ("x-local-api-fault", "truncate")],
        None,
    )
    .await;
    assert!(serde_json::from_slice::<Value>(&resp.body).is_err());
    let t0 = std::time::Instant::now();
    call(
        "GET",
        &url,
        &[
            ("authorization", &auth),
            ("x-local-api-fault", "latency_ms=300"),
        ],
        None,
    )
    .await;
    assert!(t0.elapsed().as_millis() >= 300);
    let admin = format!("{}/__admin/faults", r.netlify_origin);
    let set = call(
        "POST",
        &admin,
        &[],
        Some(serde_json::json!({"spec": "status=500", "count": 2})),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.text());
    assert_eq!(
        call("GET", &url, &[("authorization", &auth)], None)
            .await
            .status,
        500
    );
    assert_eq!(
        call("GET", &url, &[("authorization", &auth)], None)
            .await
            .status,
        500
    );
    assert_eq!(
        call("GET", &url, &[("authorization", &auth)], None)
            .await
            .status,
        200
    );
    call(
        "POST",
        &admin,
        &[],
        Some(serde_json::json!({"spec": "status=503"})),
    )
    .await;
    assert_eq!(
        call("GET", &url, &[("authorization", &auth)], None)
            .await
            .status,
        503
    );
    assert_eq!(call("DELETE", &admin, &[], None).await.status, 204);
    // A fault for one method leaves the others alone, and fires once with count 1.
    let set = call(
        "POST",
        &admin,
        &[],
        Some(serde_json::json!({"spec": "status=500", "count": 1, "method": "delete"})),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.text());
    let auth_only = [("authorization", auth.as_str())];
    assert_eq!(call("GET", &url, &auth_only, None).await.status, 200);
    let runner_url = format!("{}/agent_runners/no-such-runner", r.netlify_url);
    assert_eq!(
        call("DELETE", &runner_url, &auth_only, None).await.status,
        500
    );
    assert_eq!(
        call("DELETE", &runner_url, &auth_only, None).await.status,
        404
    );
    assert_eq!(
        call("GET", &url, &[("authorization", &auth)], None)
            .await
            .status,
        200
    );
    r.stop().await;
}
