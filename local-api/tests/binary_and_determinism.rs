//! The binary (READY line, clean exit on SIGTERM), deterministic simulation for a seed,
//! reference examples compared field by field (types), AgentContainer persistence and faults.

mod common;
use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn binary_prints_ready_and_exits_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_local-api"))
        .args([
            "--memory",
            "--netlify-port",
            "0",
            "--agentcontainer-port",
            "0",
            "--speed",
            "10",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn local-api");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut banner = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(json) = line.strip_prefix("AGENTDECK_LOCAL_API_READY ") {
                let _ = tx.send((banner.join("\n"), json.to_string()));
                return;
            }
            banner.push(line);
        }
    });
    let (banner, ready) = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("READY line");
    assert!(
        banner.contains("local-netlify-token") && banner.contains("local-agentcontainer-key"),
        "{banner}"
    );
    let v: Value = serde_json::from_str(&ready).unwrap();
    assert!(v["app"].is_null());
    let netlify = v["netlify"].as_str().unwrap();
    assert!(netlify.starts_with("http://127.0.0.1:") && netlify.ends_with("/api/v1"));
    let auth = format!("Bearer {TOKEN}");
    let list = call(
        "GET",
        &format!("{netlify}/agent_runners?site_id=demo-site"),
        &[("authorization", &auth)],
        None,
    )
    .await;
    assert_eq!(list.status, 200);
    let key = format!("Bearer {KEY}");
    let acct = call(
        "GET",
        &format!("{}/account", v["agentcontainer"].as_str().unwrap()),
        &[("authorization", &key)],
        None,
    )
    .await;
    assert_eq!(acct.status, 200);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "local-api did not exit on SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[tokio::test]
async fn simulation_is_deterministic_for_a_seed() {
    async fn run(seed: u64) -> (Vec<String>, String, String) {
        let r = start_with(local_api::Config {
            seed,
            ..local_api::Config::for_tests()
        })
        .await;
        let list = nl(&r, "GET", "/agent_runners?site_id=demo-site", None)
            .await
            .json();
        let ids = list
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect();
        let created = nl(
            &r,
            "POST",
            "/agent_runners?site_id=demo-site",
            Some(json!({"prompt": "Make it nicer"})),
        )
        .await
        .json();
        let id = created["id"].as_str().unwrap().to_string();
        let diff = wait_for(20, || async {
            let d = nl(&r, "GET", &format!("/agent_runners/{id}/diff"), None).await;
            (d.status == 200).then(|| d.text())
        })
        .await;
        r.stop().await;
        (ids, id, diff)
    }
    let a = run(7).await;
    let b = run(7).await;
    assert_eq!(a, b);
    let c = run(8).await;
    assert_ne!(a.0, c.0);
    assert_ne!(a.1, c.1);
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every field of the reference objects exists in local-api's, with the same JSON type
/// wherever both are non-null (and nested user objects have the same fields).
fn compare(reference: &Value, ours: &Value, path: &str) {
    for (k, want) in reference.as_object().unwrap() {
        let got = ours.get(k).unwrap_or_else(|| panic!("{path}.{k} missing"));
        if !want.is_null() && !got.is_null() {
            assert_eq!(kind(want), kind(got), "{path}.{k}: {want} vs {got}");
            if let (Value::Object(_), Value::Object(_)) = (want, got) {
                compare(want, got, &format!("{path}.{k}"));
            }
            if let (Some(w), Some(g)) = (
                want.as_array().and_then(|a| a.first()),
                got.as_array().and_then(|a| a.first()),
            ) {
                if w.is_object() {
                    compare(w, g, &format!("{path}.{k}[0]"));
                }
            }
        }
    }
}

#[tokio::test]
async fn reference_examples_match_field_by_field() {
    let r = start().await;
    let list: Value = serde_json::from_str(include_str!(
        "../../wire/tests/fixtures/netlify/list_runners.json"
    ))
    .unwrap();
    let ours = nl(&r, "GET", "/agent_runners?site_id=demo-site", None)
        .await
        .json();
    for reference in list.as_array().unwrap() {
        let state = reference["state"].as_str().unwrap();
        let with_pr = reference["pr_url"].is_string();
        let mine = ours
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["state"] == state && r["pr_url"].is_string() == with_pr)
            .unwrap_or_else(|| panic!("no {state} runner (pr {with_pr}) in the demo"));
        compare(reference, mine, "runner");
    }
    let one: Value = serde_json::from_str(include_str!(
        "../../wire/tests/fixtures/netlify/get_runner.json"
    ))
    .unwrap();
    let id = ours[0]["id"].as_str().unwrap();
    compare(
        &one,
        &nl(&r, "GET", &format!("/agent_runners/{id}"), None)
            .await
            .json(),
        "get",
    );
    let sessions: Value = serde_json::from_str(include_str!(
        "../../wire/tests/fixtures/netlify/list_sessions.json"
    ))
    .unwrap();
    let done = ours
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["state"] == "done" && r["has_result_diff"] == true)
        .unwrap();
    let mine = nl(
        &r,
        "GET",
        &format!("/agent_runners/{}/sessions", done["id"].as_str().unwrap()),
        None,
    )
    .await
    .json();
    compare(&sessions[0], &mine[0], "session");
    r.stop().await;
}

#[tokio::test]
async fn agentcontainer_survives_a_restart_and_honours_faults() {
    let dir = std::env::temp_dir().join(format!(
        "local-api-ac-restart-{}",
        local_api::ids::random_hex(4)
    ));
    let config = || local_api::Config {
        db: Some(dir.join("db.sqlite")),
        ..local_api::Config::for_tests()
    };
    let r = start_with(config()).await;
    let agent = custom_agent(&r).await;
    let t = ac(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        Some(json!({"instructions": "Persist me"})),
    )
    .await
    .json();
    let id = t["id"].as_str().unwrap().to_string();
    // Stop mid-run: the task resumes after the restart.
    r.stop().await;
    let r = start_with(config()).await;
    let done = wait_for(20, || async {
        let t = ac(&r, "GET", &format!("/tasks/{id}"), None).await.json();
        (t["status"] == "finished").then_some(t)
    })
    .await;
    assert_eq!(done["agentId"], agent.as_str());
    let files = ac(&r, "GET", &format!("/tasks/{id}/files"), None)
        .await
        .json();
    let fid = files["data"][0]["id"].as_str().unwrap();
    assert_eq!(
        ac(&r, "GET", &format!("/tasks/{id}/files/{fid}"), None)
            .await
            .status,
        200
    );
    // Faults on this API render its error shape.
    let f = ac_h(
        &r,
        "GET",
        "/account",
        &[("x-local-api-fault", "status=429;retry_after=3")],
        None,
    )
    .await;
    assert_eq!(f.status, 429);
    assert_eq!(f.header("retry-after").as_deref(), Some("3"));
    assert_eq!(f.json()["error"]["code"], "rate_limited");
    let bad = ac_h(
        &r,
        "GET",
        "/account",
        &[("x-local-api-fault", "bogus")],
        None,
    )
    .await;
    assert_eq!(bad.status, 400);
    r.stop().await;
    let _ = std::fs::remove_dir_all(dir);
}
