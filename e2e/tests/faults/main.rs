//! Faults (issue 13): with local-api injecting latency, 500s, a 429 with Retry-After and a cut
//! event stream, the main flows of both services complete in the served release build; nothing
//! is created twice (runner, task, message, webhook: counted in local-api), no typed text is
//! lost, every conversation message is shown once. Then the browser goes offline: a banner says
//! so, and when the network is back it goes away by itself and the page catches up without a
//! reload.
//!
//! local-api has one global fault at a time (`POST /__admin/faults`), so the steps set theirs in
//! turn, each limited to the request it is about (method, path, count): the page's polling
//! reads go through. What the app does on each is what src/api/retry.rs decides: reads and
//! keyed creates (task, conversation, message) are sent again by themselves, with the same
//! idempotency key, after Retry-After or a backoff; a runner or webhook create is never
//! repeated, the page says it failed and keeps what was typed.
//!
//! A test target of its own folder (Cargo builds `tests/faults/main.rs` as the test `faults`);
//! the steps are its modules.

mod agentcontainer;
mod conversation;
mod netlify;

use agentdeck_e2e::{Harness, Service};
use serde_json::json;
use std::time::Instant;

/// The Netlify site local-api's test configuration connects the app to.
const SITE: &str = "demo-site";
const PROMPT: &str = "Add a print stylesheet to the menu page";
const INSTRUCTIONS: &str = "Tidy the changelog while rate limited";
const WEBHOOK_URL: &str = "https://hooks.example/agentdeck-faults";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_neither_duplicate_nor_lose_anything_and_offline_recovers() {
    let started = Instant::now();
    let h = Harness::start().await;
    let agent = agentcontainer::agent_id(&h, "General Purpose").await;

    let runner = netlify::a_runner_created_once_through_a_500(&h, PROMPT).await;
    agentcontainer::a_task_dispatched_once_through_a_429(&h, &agent, INSTRUCTIONS).await;
    let convo = conversation::messages_once_through_500s_and_a_cut_feed(&h, &agent).await;
    agentcontainer::a_webhook_created_once_through_a_500(&h, WEBHOOK_URL).await;
    // Failed requests are logged by the browser itself; what must not be there is the app
    // breaking (a panic, an uncaught exception).
    let broken: Vec<String> = h
        .console_errors()
        .await
        .into_iter()
        .filter(|e| e.contains("panicked") || e.contains("Uncaught"))
        .collect();
    assert!(
        broken.is_empty(),
        "the app broke under faults:\n{}",
        broken.join("\n")
    );

    offline_shows_a_banner_and_recovers_by_itself(&h).await;

    // Nothing turned up twice later either (a second create still on its way would have).
    assert_eq!(
        netlify::runners_with_prompt(&h, PROMPT).await,
        vec![runner],
        "one runner with the prompt"
    );
    assert_eq!(
        agentcontainer::tasks_with(&h, &agent, INSTRUCTIONS)
            .await
            .len(),
        1,
        "one task with the instructions"
    );
    assert_eq!(
        conversation::user_messages(&h, &convo).await,
        conversation::MESSAGES,
        "each message once"
    );
    assert_eq!(
        agentcontainer::webhooks_to(&h, WEBHOOK_URL).await.len(),
        1,
        "one webhook"
    );
    h.stop().await;
    eprintln!("the faults took {:?}", started.elapsed());
}

/// The inbox, opened in the app; the browser goes offline: the banner (`.offline-banner`,
/// role `status`, "You are offline…") shows. A runner started elsewhere meanwhile cannot
/// reach the page. Back online, the banner goes away by itself and the inbox lists the runner,
/// in the same page (never reloaded).
async fn offline_shows_a_banner_and_recovers_by_itself(h: &Harness) {
    h.to_top().await;
    h.click_text("Inbox").await;
    h.find(".inbox-row[data-service='netlify']").await;
    h.mark_page().await;

    h.set_offline(true).await;
    let banner = h.find(".offline-banner").await;
    assert_eq!(
        banner.attr("role").await.ok().flatten().as_deref(),
        Some("status")
    );
    let said = banner.text().await.unwrap_or_default();
    assert!(said.starts_with("You are offline"), "the banner: {said}");

    let started = h
        .call_api(
            Service::Netlify,
            "POST",
            &format!("/agent_runners?site_id={SITE}"),
            Some(json!({ "prompt": "Fix the footer links while the browser is offline" })),
        )
        .await;
    let id = started["id"].as_str().expect("a runner id").to_string();
    let row = format!(".inbox-row[data-key='netlify:{id}']");
    assert_eq!(h.count(&row).await, 0, "an offline page cannot know of it");

    h.set_offline(false).await;
    h.until("the banner gone by itself", || async {
        (h.count(".offline-banner").await == 0).then_some(())
    })
    .await;
    h.find(&row).await;
    h.assert_not_reloaded("between offline and back").await;
}
