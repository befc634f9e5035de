//! Answers the app cannot use (unknown enum values, a proxy's HTML error page, a truncated
//! body) end in a clear message on the page, never a panic: the
//! console stays free of errors and the page keeps its navigation.

use agentdeck_e2e::Harness;
use serde_json::{json, Value};

async fn admin(h: &Harness, method: &str, path: &str, body: Option<Value>) -> Value {
    let (status, text) = h.admin(method, &format!("/__admin/{path}"), body).await;
    assert!(status < 300, "{method} /__admin/{path}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Opens `path` and waits until the page says `expected` (any of them, case-insensitive),
/// then checks the page survived: heading, navigation, no console error, no markup shown.
async fn survives(h: &Harness, path: &str, expected: &[&str]) {
    h.open(path).await;
    let text = h
        .until(&format!("a clear message on /{path}"), || async {
            let t = h.text("body").await?.to_lowercase();
            expected
                .iter()
                .any(|e| t.contains(&e.to_lowercase()))
                .then_some(t)
        })
        .await;
    assert!(
        !text.contains("<html") && !text.contains("nginx"),
        "/{path} shows the raw answer:\n{text}"
    );
    assert!(
        h.text("h1").await.is_some_and(|t| !t.trim().is_empty()),
        "/{path} has no heading"
    );
    assert!(
        h.text("nav.mainnav").await.is_some(),
        "/{path} lost its navigation"
    );
    h.assert_no_console_errors(&format!("on /{path}")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_answers_give_a_clear_message_and_never_a_panic() {
    let h = Harness::start().await;
    let runners = admin(&h, "GET", "records/nl_runner", None).await;
    let ids: Vec<String> = runners
        .as_array()
        .expect("runners")
        .iter()
        .filter(|r| r["value"]["state"] == "done")
        .map(|r| r["id"].as_str().unwrap().to_string())
        .take(1)
        .collect();
    assert_eq!(ids.len(), 1, "a finished demo runner");
    let unreadable = ["could not read", "had a problem", "try again"];

    // An enum value this app has never heard of: shown as such or refused, without a panic.
    let patch = |id: &str, body: Value| {
        let path = format!("records/nl_runner/{id}?unchecked=true");
        let h = &h;
        async move { admin(h, "PATCH", &path, Some(body)).await }
    };
    patch(
        &ids[0],
        json!({ "state": "teleporting", "pr_state": "vanished" }),
    )
    .await;
    let mut accepted = unreadable.to_vec();
    accepted.push("teleporting");
    survives(&h, &format!("netlify/runners/{}", ids[0]), &accepted).await;

    // The list holds it too.
    survives(&h, "netlify/runners", &accepted).await;

    // A proxy's HTML error page instead of the API, then a body cut in half (every retry too).
    admin(
        &h,
        "POST",
        "faults",
        Some(json!({ "spec": "html", "api": "agentcontainer", "path_contains": "/agents" })),
    )
    .await;
    survives(&h, "agentcontainer/agents", &["had a problem", "502"]).await;
    admin(
        &h,
        "POST",
        "faults",
        Some(json!({ "spec": "truncate", "api": "agentcontainer", "path_contains": "/account" })),
    )
    .await;
    survives(&h, "agentcontainer/account", &unreadable).await;
    admin(&h, "DELETE", "faults", None).await;

    // An AgentContainer task in a status the app does not know.
    let tasks = admin(&h, "GET", "records/ac_task", None).await;
    let task = tasks[0]["id"].as_str().expect("a demo task").to_string();
    admin(
        &h,
        "PATCH",
        &format!("records/ac_task/{task}?unchecked=true"),
        Some(json!({ "status": "levitating" })),
    )
    .await;
    let mut accepted = unreadable.to_vec();
    accepted.push("levitating");
    survives(&h, &format!("agentcontainer/tasks/{task}"), &accepted).await;

    h.stop().await;
}
