//! AgentContainer under faults: a task dispatched through a 429 with Retry-After, and a webhook
//! created through a 500, each exactly once (counted through the documented list endpoints).

use agentdeck_e2e::Harness;
use local_api::faults::GlobalFault;
use serde_json::Value;
use std::cell::RefCell;
use std::time::{Duration, Instant};

/// What an AgentContainer 500 says (ApiError::user_message).
pub const AC_500: &str = "AgentContainer had a problem (HTTP 500). Try again in a moment.";

/// A fault on the AgentContainer `POST`s whose path contains `path`.
pub fn post_fault(spec: &str, count: Option<u32>, path: &str) -> GlobalFault {
    GlobalFault {
        spec: spec.into(),
        count,
        path_contains: Some(path.into()),
        api: Some("agentcontainer".into()),
        method: Some("POST".into()),
    }
}

/// The id of the agent called `name`.
pub async fn agent_id(h: &Harness, name: &str) -> String {
    let agents = h.agentcontainer_list("/agents?limit=100").await;
    agents
        .iter()
        .find(|a| a["name"] == name)
        .and_then(|a| a["id"].as_str())
        .unwrap_or_else(|| panic!("no agent {name:?} in {agents:?}"))
        .to_string()
}

/// The ids of `agent`'s tasks dispatched with `instructions`.
pub async fn tasks_with(h: &Harness, agent: &str, instructions: &str) -> Vec<String> {
    let tasks = h
        .agentcontainer_list(&format!("/agents/{agent}/tasks?limit=100"))
        .await;
    ids_where(&tasks, "instructions", instructions)
}

/// The ids of the webhooks that deliver to `url`.
pub async fn webhooks_to(h: &Harness, url: &str) -> Vec<String> {
    ids_where(&h.agentcontainer_list("/webhooks").await, "url", url)
}

fn ids_where(items: &[Value], field: &str, value: &str) -> Vec<String> {
    items
        .iter()
        .filter(|i| i[field] == value)
        .map(|i| i["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The dispatch form as the test sees it while a dispatch is on its way: the submit button's
/// label, the instructions field's text, whether an error is shown. `None` once the page left.
const DISPATCH_FORM: &str = "const f = document.querySelector('.ac-dispatch-form');\
    if (!f) return null;\
    const b = f.querySelector('button[type=submit]');\
    const t = f.querySelector('textarea[name=instructions]');\
    return [b ? b.textContent : '', t ? t.value : '', !!f.querySelector('.notice-error')];";

/// A task dispatched while its `POST` answers 429 with `Retry-After: 1` once: the app waits
/// the second and sends the same request again by itself (a keyed create), so no error is
/// shown, the instructions stay in their field while it waits, the task page opens after at
/// least that second, and exactly one task has the instructions.
pub async fn a_task_dispatched_once_through_a_429(h: &Harness, agent: &str, instructions: &str) {
    h.open(&format!("agentcontainer/agents/{agent}/tasks/new"))
        .await;
    h.fill("Instructions", instructions).await;
    let path = format!("/agents/{agent}/tasks");
    h.set_fault(post_fault("status=429;retry_after=1", Some(1), &path))
        .await;
    let clicked = Instant::now();
    h.click_text("Dispatch the task").await;
    let samples = RefCell::new(Vec::new());
    let task_path = h
        .until("the task page after the 429", || async {
            let form = h.client.execute(DISPATCH_FORM, vec![]).await.ok();
            if let Some(Value::Array(f)) = form {
                samples.borrow_mut().push(f);
            }
            let path = h.path().await;
            path.starts_with("/agentcontainer/tasks/").then_some(path)
        })
        .await;
    let waited = clicked.elapsed();
    let samples = samples.into_inner();
    assert!(
        samples.iter().any(|s| s[0] == "Dispatching…"),
        "the form said it was dispatching while it waited: {samples:?}"
    );
    for s in &samples {
        // (Once it succeeded, the draft is cleared as the page leaves.)
        if s[0] == "Dispatching…" {
            assert_eq!(s[1], instructions, "the instructions stayed: {samples:?}");
        }
        assert_eq!(s[2], false, "no error was shown: {samples:?}");
    }
    assert!(
        waited >= Duration::from_secs(1),
        "Retry-After was waited out: {waited:?}"
    );
    assert!(h.current_fault().await.is_none(), "the 429 was answered");
    h.until("the task's title", || async {
        (h.text(".task-title").await? == instructions).then_some(())
    })
    .await;
    let id = task_path.trim_start_matches("/agentcontainer/tasks/");
    assert_eq!(
        tasks_with(h, agent, instructions).await,
        vec![id.to_string()],
        "exactly one task with the instructions"
    );
}

/// A webhook whose create answers 500 once: the error is shown and the URL kept (a webhook
/// create has no idempotency key: the app does not send it again by itself); pressing the
/// button again creates it, its secret shown once; exactly one webhook delivers to the URL,
/// listed once.
pub async fn a_webhook_created_once_through_a_500(h: &Harness, url: &str) {
    h.click_text("Webhooks").await;
    h.until("the webhooks page", || async {
        (h.text("h1").await? == "Webhooks").then_some(())
    })
    .await;
    h.fill("Receiver URL", url).await;
    h.set_fault(post_fault("status=500", Some(1), "/webhooks"))
        .await;
    h.click_text("Create webhook").await;
    let error = h
        .until("the create's error", || async {
            h.text(".ac-webhook-form .notice-error p").await
        })
        .await;
    assert_eq!(error, AC_500);
    assert_eq!(h.value_of("Receiver URL").await, url, "the URL is kept");
    assert!(
        h.current_fault().await.is_none(),
        "the failing create was sent once"
    );
    assert!(
        webhooks_to(h, url).await.is_empty(),
        "nothing created by the failed attempt"
    );

    h.click_text("Create webhook").await;
    h.until("the new webhook's secret", || async {
        (h.text(".ac-secret-panel h2").await? == "Signing secret of the new webhook").then_some(())
    })
    .await;
    let ids = webhooks_to(h, url).await;
    assert_eq!(ids.len(), 1, "exactly one webhook to {url}: {ids:?}");
    let row = format!(".ac-webhook-row[data-webhook-id='{}']", ids[0]);
    h.find(&row).await;
    let mut listed = 0;
    for r in h.all(".ac-webhook-row").await {
        if r.text().await.unwrap_or_default().contains(url) {
            listed += 1;
        }
    }
    assert_eq!(listed, 1, "the webhook listed once");
    assert_eq!(
        h.count(".ac-webhook-form .notice-error").await,
        0,
        "the error went away"
    );
}
