//! Which web pages may drive local-api: the served app (and origins given explicitly) only.
//! A foreign page's request is refused before it changes anything, the admin endpoints take
//! no browser page but an explicit one, and DNS names other than localhost are refused.
//! Also: the app is served with the headers of its `_headers` file.

mod common;

use common::*;
use local_api::Running;
use serde_json::{json, Value};

const EVIL: &str = "https://evil.example";
const RUNNER: &str = "http://127.0.0.1:9555";

/// local-api serving a tiny app (with a `_headers` file) and allowing the test runner origin.
async fn start_app(tag: &str) -> (Running, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("local-api-origins-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>agentdeck</title>",
    )
    .unwrap();
    std::fs::write(dir.join("app-1a2b3c4d5e.js"), "export {}").unwrap();
    std::fs::write(
        dir.join("_headers"),
        "/*\n  Content-Security-Policy: default-src 'none'; connect-src 'self' https://api.netlify.com; img-src 'self' https:\n  X-Frame-Options: DENY\n/*.js\n  Cache-Control: public, max-age=31536000, immutable\n",
    )
    .unwrap();
    std::fs::write(dir.join("_redirects"), "/* /index.html 200\n").unwrap();
    let r = start_with(local_api::Config {
        app_dir: Some(dir.clone()),
        allow_origins: vec![RUNNER.into()],
        ..local_api::Config::for_tests()
    })
    .await;
    (r, dir)
}

fn app_origin(r: &Running) -> String {
    r.app_url
        .as_deref()
        .unwrap()
        .trim_end_matches('/')
        .to_string()
}

async fn runner_count(r: &Running) -> usize {
    nl(
        r,
        "GET",
        "/agent_runners?site_id=demo-site&per_page=100",
        None,
    )
    .await
    .json()
    .as_array()
    .unwrap()
    .len()
}

/// `POST /agent_runners` from a page at `origin` (`None`: not from a browser).
async fn create_runner(r: &Running, origin: Option<&str>, content_type: &str) -> u16 {
    let auth = format!("Bearer {TOKEN}");
    let mut h = vec![
        ("authorization", auth.as_str()),
        ("content-type", content_type),
    ];
    if let Some(o) = origin {
        h.push(("origin", o));
    }
    local_api::http_client::send(
        "POST",
        &format!("{}/agent_runners?site_id=demo-site", r.netlify_url),
        &h,
        Some(br#"{"prompt":"from a page"}"#.to_vec()),
    )
    .await
    .unwrap()
    .status
}

#[tokio::test]
async fn the_app_and_its_loopback_twin_get_cors_and_foreign_pages_get_403() {
    let (r, dir) = start_app("cors").await;
    let app = app_origin(&r);
    let twin = app.replace("127.0.0.1", "localhost");
    let url = format!("{}/agent_runners?site_id=demo-site", r.netlify_url);
    for origin in [app.as_str(), twin.as_str(), RUNNER] {
        let pre = call(
            "OPTIONS",
            &url,
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "authorization,content-type",
                ),
            ],
            None,
        )
        .await;
        assert!(pre.status < 300, "{origin}: {}", pre.status);
        assert_eq!(
            pre.header("access-control-allow-origin").as_deref(),
            Some(origin)
        );
    }
    let pre = call(
        "OPTIONS",
        &url,
        &[("origin", EVIL), ("access-control-request-method", "POST")],
        None,
    )
    .await;
    assert_eq!(pre.status, 403);
    assert_eq!(pre.header("access-control-allow-origin"), None);

    let before = runner_count(&r).await;
    assert_eq!(create_runner(&r, Some(&app), "application/json").await, 200);
    // A cross-site form or no-cors fetch needs no preflight: it must be refused outright.
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json",
    ] {
        assert_eq!(create_runner(&r, Some(EVIL), ct).await, 403, "{ct}");
    }
    assert_eq!(
        create_runner(&r, Some("null"), "text/plain").await,
        403,
        "sandboxed page"
    );
    assert_eq!(
        runner_count(&r).await,
        before + 1,
        "only the app's runner was created"
    );

    let ac_url = format!("{}/agents", r.agentcontainer_url);
    let auth = format!("Bearer {KEY}");
    let refused = call(
        "POST",
        &ac_url,
        &[("authorization", &auth), ("origin", EVIL)],
        Some(json!({"name": "x"})),
    )
    .await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.text().contains("--allow-origin"),
        "{}",
        refused.text()
    );
    let get = call(
        "GET",
        &ac_url,
        &[("authorization", &auth), ("origin", EVIL)],
        None,
    )
    .await;
    assert_eq!(get.status, 403, "reads from a foreign page are refused too");
    let upload = local_api::storage::presign(&r.state, "PUT", "ac-uploads/o", None, 60);
    let put = local_api::http_client::send("PUT", &upload, &[("origin", EVIL)], Some(vec![1]))
        .await
        .unwrap();
    assert_eq!(put.status, 403, "upload storage");
    let put = local_api::http_client::send("PUT", &upload, &[("origin", &app)], Some(vec![1]))
        .await
        .unwrap();
    assert!(put.status < 300, "upload from the app: {}", put.status);
    r.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn without_a_served_app_no_page_is_allowed() {
    let r = start().await;
    assert_eq!(
        create_runner(&r, Some("http://127.0.0.1:8080"), "application/json").await,
        403
    );
    assert_eq!(
        create_runner(&r, None, "application/json").await,
        200,
        "curl and tests"
    );
    r.stop().await;
}

#[tokio::test]
async fn rebinding_host_names_are_refused_on_every_listener() {
    let (r, dir) = start_app("host").await;
    let auth = format!("Bearer {TOKEN}");
    let url = format!("{}/agent_runners?site_id=demo-site", r.netlify_url);
    let ok = call(
        "GET",
        &url,
        &[("authorization", &auth), ("host", "localhost")],
        None,
    )
    .await;
    assert_eq!(ok.status, 200);
    let bad = call(
        "GET",
        &url,
        &[("authorization", &auth), ("host", "rebind.evil.example")],
        None,
    )
    .await;
    assert_eq!(bad.status, 403);
    let cfg = format!("{}config.json", r.app_url.as_deref().unwrap());
    assert_eq!(
        call("GET", &cfg, &[("host", "rebind.evil.example:1")], None)
            .await
            .status,
        403,
        "config.json holds the tokens"
    );
    assert_eq!(call("GET", &cfg, &[], None).await.status, 200);
    r.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn admin_takes_non_browser_clients_and_explicit_origins_only() {
    let (r, dir) = start_app("admin").await;
    let faults = format!("{}/__admin/faults", r.netlify_origin);
    let body = Some(json!({"spec": "status=500", "count": 1, "path_contains": "/nothing"}));
    let set = |origin: Option<String>| {
        let faults = faults.clone();
        let body = body.clone();
        async move {
            let h: Vec<(&str, &str)> = origin
                .as_deref()
                .map(|o| vec![("origin", o)])
                .unwrap_or_default();
            call("POST", &faults, &h, body).await.status
        }
    };
    assert_eq!(set(Some(EVIL.into())).await, 403);
    assert_eq!(
        set(Some(app_origin(&r))).await,
        403,
        "not even the served app"
    );
    assert_eq!(
        set(Some(RUNNER.into())).await,
        200,
        "given with --allow-origin"
    );
    assert_eq!(set(None).await, 200);
    assert_eq!(
        call("GET", &faults, &[("origin", EVIL)], None).await.status,
        403
    );

    // A test harness (no Origin) admits its runner's origin; a page cannot.
    let origins = format!("{}/__admin/origins", r.netlify_origin);
    let page = "http://127.0.0.1:9666";
    let add = |origin: Option<&'static str>| {
        let origins = origins.clone();
        async move {
            let h: Vec<(&str, &str)> = origin.map(|o| vec![("origin", o)]).unwrap_or_default();
            call("POST", &origins, &h, Some(json!({"origin": page}))).await
        }
    };
    assert_eq!(add(Some(RUNNER)).await.status, 403);
    assert_eq!(create_runner(&r, Some(page), "application/json").await, 403);
    let added = add(None).await;
    assert_eq!(added.status, 200, "{}", added.text());
    assert_eq!(added.json(), json!({"origin": page}));
    assert_eq!(create_runner(&r, Some(page), "application/json").await, 200);
    let bad = call("POST", &origins, &[], Some(json!({"origin": "*"}))).await;
    assert_eq!(bad.status, 400);
    r.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_app_is_served_with_its_headers_widened_to_local_api() {
    let (r, dir) = start_app("headers").await;
    let app = r.app_url.clone().unwrap();
    for path in ["", "index.html", "netlify/runners/abc"] {
        let page = call("GET", &format!("{app}{path}"), &[], None).await;
        assert_eq!(page.status, 200, "{path}");
        let csp = page.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains(&format!(
                "connect-src 'self' https://api.netlify.com {} {} {}",
                r.netlify_origin,
                r.agentcontainer_url.trim_end_matches("/api/v1"),
                r.storage_url
            )),
            "{path}: {csp}"
        );
        assert!(
            csp.contains(&format!("img-src 'self' https: {}", r.netlify_origin)),
            "{csp}"
        );
        assert!(csp.ends_with("; report-uri /__csp-report"), "{csp}");
        assert_eq!(page.header("x-frame-options").as_deref(), Some("DENY"));
        assert_eq!(
            page.header("cache-control").as_deref(),
            Some("no-cache"),
            "{path}"
        );
        assert_eq!(
            page.header("referrer-policy").as_deref(),
            Some("no-referrer")
        );
    }
    let js = call("GET", &format!("{app}app-1a2b3c4d5e.js"), &[], None).await;
    assert_eq!(
        js.header("cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert!(js.header("content-security-policy").is_some());
    for hidden in ["_headers", "_redirects"] {
        assert_eq!(
            call("GET", &format!("{app}{hidden}"), &[], None)
                .await
                .status,
            404,
            "{hidden}"
        );
    }
    let cfg = call("GET", &format!("{app}config.json"), &[], None).await;
    assert_eq!(cfg.header("cache-control").as_deref(), Some("no-store"));
    let _: Value = cfg.json();
    r.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn violations_the_pages_report_are_kept() {
    let (r, dir) = start_app("report").await;
    assert!(r.csp_violations().is_empty());
    // What Chromium posts for a blocked inline script.
    let report = json!({"csp-report": {
        "document-uri": format!("{}netlify/runners", r.app_url.as_deref().unwrap()),
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "line-number": 7,
    }});
    let app = app_origin(&r);
    let sent = local_api::http_client::send(
        "POST",
        &format!("{app}/__csp-report"),
        &[("content-type", "application/csp-report"), ("origin", &app)],
        Some(serde_json::to_vec(&report).unwrap()),
    )
    .await
    .unwrap();
    assert_eq!(sent.status, 204);
    assert_eq!(
        r.csp_violations(),
        [format!(
            "script-src-elem blocked inline ({app}/netlify/runners, line 7)"
        )]
    );
    r.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_broken_headers_file_stops_the_start() {
    let dir = std::env::temp_dir().join(format!("local-api-origins-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "x").unwrap();
    std::fs::write(dir.join("_headers"), "  X-A: 1\n").unwrap();
    let err = local_api::start(local_api::Config {
        app_dir: Some(dir.clone()),
        ..local_api::Config::for_tests()
    })
    .await
    .err()
    .expect("refused");
    assert!(err.to_string().contains("_headers"), "{err}");
    let bad_flag = local_api::start(local_api::Config {
        allow_origins: vec!["*".into()],
        ..local_api::Config::for_tests()
    })
    .await
    .err()
    .expect("refused");
    assert!(
        bad_flag.to_string().contains("--allow-origin"),
        "{bad_flag}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
