//! AgentContainer tasks: dispatch, progress, logs, files, costs and credits, cancel,
//! hibernation and wake, idempotency, 402.

mod common;
use common::*;
use serde_json::{json, Value};

async fn task(r: &local_api::Running, id: &str) -> Value {
    ac(r, "GET", &format!("/tasks/{id}"), None).await.json()
}

async fn wait_status(r: &local_api::Running, id: &str, s: &[&str]) -> Value {
    wait_for(20, || async {
        let t = task(r, id).await;
        s.contains(&t["status"].as_str().unwrap()).then_some(t)
    })
    .await
}

#[tokio::test]
async fn a_task_runs_to_completion_and_charges_credits() {
    let r = start().await;
    let agent = custom_agent(&r).await;
    let before = ac(&r, "GET", "/account", None).await.json()["creditBalance"]
        .as_f64()
        .unwrap();
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/agents/{agent}/tasks"),
            Some(json!({"instructions": " "}))
        )
        .await
        .status,
        422
    );
    assert_eq!(
        ac(
            &r,
            "POST",
            "/agents/agt_nope/tasks",
            Some(json!({"instructions": "x"}))
        )
        .await
        .status,
        404
    );
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/agents/{agent}/tasks"),
            Some(json!({"instructions": "x", "versionId": "ver_nope"}))
        )
        .await
        .status,
        422
    );
    let created = ac(&r, "POST", &format!("/agents/{agent}/tasks"), Some(json!({"instructions": "Check the links. Then report.", "metadata": {"ticket": "ENG-1"}, "overrides": {"model": "claude-opus-4-1"}}))).await;
    assert_eq!(created.status, 201, "{}", created.text());
    let t = created.json();
    let typed: agentdeck_wire::agentcontainer::Task = serde_json::from_value(t.clone()).unwrap();
    assert_eq!(typed.status.as_str(), "pending");
    assert_eq!(t["mode"], "autonomous");
    assert_eq!(t["title"], "Check the links");
    assert_eq!(t["execution"]["model"], "claude-opus-4-1");
    assert_eq!(t["overrides"]["model"], "claude-opus-4-1");
    assert_eq!(t["metadata"]["ticket"], "ENG-1");
    for k in [
        "turnStatus",
        "turnNumber",
        "sessionTtlSeconds",
        "hibernateUntilAt",
        "startedAt",
        "completedAt",
        "result",
        "error",
        "costUsd",
        "containerMinutes",
        "tokenUsage",
    ] {
        assert!(t.get(k).is_some(), "{k} present (null)");
    }
    let id = t["id"].as_str().unwrap().to_string();
    wait_status(&r, &id, &["running", "finished"]).await;
    let done = wait_status(&r, &id, &["finished"]).await;
    assert!(done["result"].as_str().unwrap().contains("##"));
    assert!(done["costUsd"].as_f64().unwrap() > 0.0);
    assert!(done["tokenUsage"]["inputTokens"].as_u64().unwrap() > 0);
    assert!(done["startedAt"].is_string() && done["completedAt"].is_string());
    let after = ac(&r, "GET", "/account", None).await.json()["creditBalance"]
        .as_f64()
        .unwrap();
    assert!(after < before, "{after} < {before}");

    let logs = ac(&r, "GET", &format!("/tasks/{id}/logs"), None)
        .await
        .json();
    let logs = logs["data"].as_array().unwrap();
    let sources: std::collections::BTreeSet<&str> =
        logs.iter().map(|l| l["source"].as_str().unwrap()).collect();
    assert!(
        sources.contains("daemon")
            && sources.contains("agent_stdout")
            && sources.contains("agent_stderr"),
        "{sources:?}"
    );
    let times: Vec<&str> = logs
        .iter()
        .map(|l| l["createdAt"].as_str().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "newest first");
    let page = ac(&r, "GET", &format!("/tasks/{id}/logs?limit=2"), None)
        .await
        .json();
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["pageInfo"]["hasMore"], true);

    let files = ac(&r, "GET", &format!("/tasks/{id}/files"), None)
        .await
        .json();
    let report = files["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["filename"] == "report.md")
        .unwrap()
        .clone();
    assert_eq!(report["outputName"], "report.md");
    let fid = report["id"].as_str().unwrap();
    let dl = ac(&r, "GET", &format!("/tasks/{id}/files/{fid}"), None).await;
    assert_eq!(dl.status, 200);
    assert_eq!(dl.body.len() as u64, report["sizeBytes"].as_u64().unwrap());
    assert!(dl.text().contains("Done"));
    assert_eq!(
        ac(&r, "GET", &format!("/tasks/{id}/files/tfile_nope"), None)
            .await
            .status,
        404
    );
    assert_eq!(ac(&r, "GET", "/tasks/task_nope", None).await.status, 404);
    assert_eq!(
        ac(&r, "GET", "/tasks/task_nope/logs", None).await.status,
        404
    );
    // Cancel a finished task: 422.
    assert_eq!(
        ac(&r, "POST", &format!("/tasks/{id}/cancel"), None)
            .await
            .status,
        422
    );
    // List with filters.
    let finished = ac(
        &r,
        "GET",
        &format!("/agents/{agent}/tasks?status=finished"),
        None,
    )
    .await
    .json();
    assert_eq!(finished["data"].as_array().unwrap().len(), 1);
    let none = ac(
        &r,
        "GET",
        &format!("/agents/{agent}/tasks?mode=conversation"),
        None,
    )
    .await
    .json();
    assert!(none["data"].as_array().unwrap().is_empty());
    r.stop().await;
}

#[tokio::test]
async fn failure_cancel_hibernate_and_wake() {
    let r = start().await;
    let agent = custom_agent(&r).await;
    let f = ac(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        Some(json!({"instructions": "Break it #fail"})),
    )
    .await
    .json();
    let failed = wait_status(&r, f["id"].as_str().unwrap(), &["failed"]).await;
    assert!(failed["error"].as_str().unwrap().contains("exited"));

    let c = ac(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        Some(json!({"instructions": "Long job"})),
    )
    .await
    .json();
    let cid = c["id"].as_str().unwrap();
    let cancelled = ac(&r, "POST", &format!("/tasks/{cid}/cancel"), None).await;
    assert_eq!(cancelled.status, 200);
    assert_eq!(cancelled.json()["status"], "cancelled");
    assert_eq!(
        ac(&r, "POST", &format!("/tasks/{cid}/cancel"), None)
            .await
            .status,
        422
    );
    assert_eq!(
        ac(&r, "POST", "/tasks/task_nope/cancel", None).await.status,
        404
    );

    let h = ac(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        Some(json!({"instructions": "Wait for CI #hibernate"})),
    )
    .await
    .json();
    let hid = h["id"].as_str().unwrap();
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/tasks/{hid}/wake"),
            Some(json!({"kind": "external_wake"}))
        )
        .await
        .status,
        422
    );
    let sleeping = wait_status(&r, hid, &["hibernating"]).await;
    assert!(sleeping["hibernateUntilAt"].is_string());
    assert_eq!(
        ac(
            &r,
            "POST",
            &format!("/tasks/{hid}/wake"),
            Some(json!({"kind": "nope"}))
        )
        .await
        .status,
        422
    );
    let woke = ac_h(
        &r,
        "POST",
        &format!("/tasks/{hid}/wake"),
        &[("idempotency-key", "wake-1")],
        Some(json!({"kind": "message", "message": "CI passed"})),
    )
    .await;
    assert_eq!(woke.status, 200, "{}", woke.text());
    assert_eq!(woke.json()["status"], "running");
    let again = ac_h(
        &r,
        "POST",
        &format!("/tasks/{hid}/wake"),
        &[("idempotency-key", "wake-1")],
        Some(json!({"kind": "message", "message": "CI passed"})),
    )
    .await;
    assert_eq!(again.status, 200, "same key replays the first answer");
    assert_eq!(again.json()["status"], "running");
    wait_status(&r, hid, &["finished"]).await;
    let events = ac(&r, "GET", &format!("/conversations/{hid}/events"), None)
        .await
        .json();
    let kinds: Vec<&str> = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["hibernation_requested", "hibernation_woken"]);
    assert_eq!(
        ac(
            &r,
            "POST",
            "/tasks/task_nope/wake",
            Some(json!({"kind": "external_wake"}))
        )
        .await
        .status,
        404
    );
    r.stop().await;
}

#[tokio::test]
async fn idempotency_and_credits() {
    let r = start().await;
    let agent = custom_agent(&r).await;
    let body = json!({"instructions": "Do it once"});
    let a = ac_h(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        &[("idempotency-key", "k1")],
        Some(body.clone()),
    )
    .await;
    let b = ac_h(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        &[("idempotency-key", "k1")],
        Some(body.clone()),
    )
    .await;
    assert_eq!(a.status, 201);
    assert_eq!(b.status, 201);
    assert_eq!(a.json()["id"], b.json()["id"]);
    let c = ac_h(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        &[("idempotency-key", "k2")],
        Some(body.clone()),
    )
    .await;
    assert_ne!(a.json()["id"], c.json()["id"]);
    let list = ac(&r, "GET", &format!("/agents/{agent}/tasks"), None)
        .await
        .json();
    assert_eq!(list["data"].as_array().unwrap().len(), 2);

    call(
        "POST",
        &format!("{}/__admin/agentcontainer/credits", r.netlify_origin),
        &[],
        Some(json!({"balance": 0})),
    )
    .await;
    let broke = ac(
        &r,
        "POST",
        &format!("/agents/{agent}/tasks"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(broke.status, 402);
    assert_eq!(broke.json()["error"]["code"], "insufficient_credits");
    let conv = ac(
        &r,
        "POST",
        &format!("/agents/{agent}/conversations"),
        Some(json!({"instructions": "x", "message": "hi"})),
    )
    .await;
    assert_eq!(conv.status, 402);
    assert!(
        ac(&r, "GET", "/account", None).await.json()["creditBalance"]
            .as_f64()
            .unwrap()
            <= 0.0
    );
    r.stop().await;
}

#[tokio::test]
async fn demo_data_runs_on_start() {
    let r = start().await;
    let agents = ac(&r, "GET", "/agents", None).await.json();
    let maint = agents["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Site maintainer")
        .unwrap()
        .clone();
    let id = maint["id"].as_str().unwrap();
    // Every state a page shows: a running task, a finished one, a failed one, a hibernating
    // one and a conversation awaiting input.
    let mut statuses = wait_for(20, || async {
        let tasks = ac(&r, "GET", &format!("/agents/{id}/tasks"), None)
            .await
            .json();
        let mut s: Vec<String> = tasks["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["status"].as_str().unwrap().to_string())
            .collect();
        s.sort();
        (s.len() == 5 && s.iter().all(|x| x != "pending") && s.contains(&"finished".into()))
            .then_some(s)
    })
    .await;
    statuses.dedup();
    assert_eq!(
        statuses,
        [
            "awaiting_input",
            "failed",
            "finished",
            "hibernating",
            "running"
        ]
    );
    let repos = ac(&r, "GET", &format!("/agents/{id}/repositories"), None)
        .await
        .json();
    assert!(repos["data"][0]["sshKeys"][0]["publicKey"]
        .as_str()
        .unwrap()
        .starts_with("ssh-ed25519 "));
    r.stop().await;
}
