//! Netlify under faults: a runner created through latency and a failing create, exactly once,
//! and the runner count by prompt (local-api's stored sessions: each runner's first session
//! holds the prompt it was created with).

use agentdeck_e2e::Harness;
use fantoccini::key::Key;
use local_api::faults::GlobalFault;

/// What the form says when the create answers 500 (new_runner.rs + ApiError::user_message).
const CREATE_FAILED: &str = "The runner was not created; your prompt and files are kept. \
                             Netlify had a problem (HTTP 500). Try again in a moment.";

fn netlify_fault(spec: &str) -> GlobalFault {
    GlobalFault {
        spec: spec.into(),
        api: Some("netlify".into()),
        ..Default::default()
    }
}

/// Only the create: `POST /agent_runners` (the page's reads go through).
fn create_fault(spec: &str, count: Option<u32>) -> GlobalFault {
    GlobalFault {
        count,
        method: Some("POST".into()),
        path_contains: Some("/agent_runners".into()),
        ..netlify_fault(spec)
    }
}

/// The ids of the runners created with `prompt`.
pub async fn runners_with_prompt(h: &Harness, prompt: &str) -> Vec<String> {
    h.records("nl_session")
        .await
        .iter()
        .filter(|s| s["value"]["prompt"] == prompt)
        .map(|s| {
            s["value"]["agent_runner_id"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// A new runner while every Netlify request is slow and the first create answers 500: the
/// error is shown, the prompt stays in its field, and nothing was created (a runner create
/// has no idempotency key, so the app never sends it again by itself). Pressing the button
/// again creates it; a second Ctrl+Enter while that create is on its way sends nothing.
/// Exactly one runner with the prompt exists. Returns its id.
pub async fn a_runner_created_once_through_a_500(h: &Harness, prompt: &str) -> String {
    h.set_fault(netlify_fault("latency_ms=300")).await;
    h.open("netlify/runners/new").await;
    h.fill("Prompt", prompt).await;

    h.set_fault(create_fault("latency_ms=300;status=500", Some(1)))
        .await;
    h.click_text("Start agent run").await;
    let error = h
        .until("the create's error", || async {
            h.text(".create-error").await
        })
        .await;
    assert_eq!(error, CREATE_FAILED);
    assert_eq!(h.value_of("Prompt").await, prompt, "the prompt is kept");
    assert_eq!(h.path().await, "/netlify/runners/new", "still on the form");
    assert!(
        h.current_fault().await.is_none(),
        "the failing create was sent once"
    );
    assert!(
        runners_with_prompt(h, prompt).await.is_empty(),
        "nothing created by the failed attempt"
    );

    // Again, slowly: while it is on its way, the send shortcut does nothing more.
    h.set_fault(create_fault("latency_ms=1000", None)).await;
    h.click_text("Start agent run").await;
    h.until("the create on its way", || async {
        let label = h.text(".new-runner-form button[type=submit]").await?;
        (label == "Starting…").then_some(())
    })
    .await;
    // Ctrl+Enter, then every modifier released (WebDriver's NULL key).
    let shortcut = format!("{}{}{}", Key::Control, Key::Enter, Key::Null);
    h.field("Prompt")
        .await
        .send_keys(&shortcut)
        .await
        .expect("Ctrl+Enter in the prompt while the create is on its way");
    let path = h
        .until("the new runner's page", || async {
            let path = h.path().await;
            let id = path.strip_prefix("/netlify/runners/")?;
            (!id.is_empty() && id != "new").then(|| path.clone())
        })
        .await;
    h.clear_fault().await;
    let id = path.trim_start_matches("/netlify/runners/").to_string();
    assert_eq!(
        runners_with_prompt(h, prompt).await,
        vec![id.clone()],
        "exactly one runner with the prompt"
    );
    id
}
