//! A conversation under faults: a message whose send answers 500 once, one whose every attempt
//! answers 500 (sent again by the user), one through an event stream cut after every event.
//! Every message is stored once and shown once, in order.

use super::agentcontainer::{post_fault, AC_500};
use agentdeck_e2e::Harness;
use std::collections::HashSet;

/// The conversation's first message, then the three sent from its page.
pub const MESSAGES: [&str; 4] = [
    "Shorten the installation guide",
    "Add a troubleshooting section",
    "Move the FAQ to its own page",
    "Link the changelog from the footer",
];

/// What the composer says when a send failed (composer.rs).
const NOT_SENT: &str = "The message was not sent; your text and files are kept.";

/// How many times the app sends a message before it gives up (api::retry::RetryPolicy's
/// default `max_attempts`: a message carries an idempotency key, so it is retried).
const ATTEMPTS: u32 = 4;

async fn send(h: &Harness, text: &str) {
    h.fill("Your message", text).await;
    h.click_text("Send message").await;
}

/// The user messages stored for conversation `id`, oldest first.
pub async fn user_messages(h: &Harness, id: &str) -> Vec<String> {
    h.agentcontainer_list(&format!("/conversations/{id}/messages?limit=100"))
        .await
        .iter()
        .filter(|m| m["role"] == "user")
        .map(|m| m["content"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Starts a conversation with `agent` and exchanges three messages under faults (see the
/// module). Returns the conversation's id.
pub async fn messages_once_through_500s_and_a_cut_feed(h: &Harness, agent: &str) -> String {
    let agent_path = format!("/agentcontainer/agents/{agent}");
    h.open(&format!("agentcontainer/agents/{agent}/conversations/new"))
        .await;
    h.fill("Instructions", "Help me keep the docs tidy.").await;
    h.fill("First message", MESSAGES[0]).await;
    h.click_text("Start conversation").await;
    h.until_replies(1, "the first reply").await;
    let convo_path = h.path().await;
    let id = convo_path
        .strip_prefix("/agentcontainer/conversations/")
        .unwrap_or_else(|| panic!("a conversation's page: {convo_path}"))
        .to_string();
    let messages_path = format!("/conversations/{id}/messages");

    // One 500: the app sends the message again by itself, with the same idempotency key.
    h.set_fault(post_fault("status=500", Some(1), &messages_path))
        .await;
    send(h, MESSAGES[1]).await;
    h.until_replies(2, "the reply to the message sent again by the app")
        .await;
    assert_eq!(
        h.count(".ac-send-error").await,
        0,
        "no error was left shown"
    );
    assert_eq!(
        h.value_of("Your message").await,
        "",
        "the sent draft is cleared"
    );
    assert!(h.current_fault().await.is_none(), "the 500 was answered");

    // A 500 on every attempt: the app gives up, says so and keeps the text; sent again by
    // hand, with the same key, it is stored once.
    h.set_fault(post_fault("status=500", Some(ATTEMPTS), &messages_path))
        .await;
    send(h, MESSAGES[2]).await;
    let error = h
        .until("the failed send's error", || async {
            h.text(".ac-send-error").await
        })
        .await;
    assert!(
        error.contains(NOT_SENT) && error.contains(AC_500),
        "the failure says what happened: {error}"
    );
    assert_eq!(
        h.value_of("Your message").await,
        MESSAGES[2],
        "the text is kept"
    );
    assert!(
        h.current_fault().await.is_none(),
        "the app made its {ATTEMPTS} attempts, then stopped"
    );
    assert_eq!(
        user_messages(h, &id).await,
        MESSAGES[..2],
        "nothing stored yet"
    );
    h.click_text("Send message").await;
    h.until_replies(3, "the reply to the message sent again by hand")
        .await;
    assert_eq!(h.count(".ac-send-error").await, 0, "the error went away");

    // The event stream now closes after every event. Leaving and coming back (in the app)
    // opens a new stream under the fault.
    h.reopen_with_cut_feed(&agent_path, &convo_path).await;
    h.until_replies(3, "the conversation's three replies").await;
    send(h, MESSAGES[3]).await;
    let feed = h.until_replies(4, "the reply through the cut feed").await;
    let items = h.timeline().await;
    h.clear_fault().await;
    assert!(
        feed.iter().any(|s| s.contains("reconnecting")),
        "the stream was cut: {feed:?}"
    );
    assert_shown_once_in_order(&items);
    assert_eq!(
        user_messages(h, &id).await,
        MESSAGES,
        "each message stored once"
    );
    id
}

/// Every timeline item once; the messages are ours and the agent's replies, alternating, in
/// the order sent.
fn assert_shown_once_in_order(items: &[(String, String)]) {
    let ids: HashSet<&String> = items.iter().map(|(id, _)| id).collect();
    assert_eq!(ids.len(), items.len(), "no item twice: {items:?}");
    let messages: Vec<&String> = items
        .iter()
        .map(|(_, what)| what)
        .filter(|w| w.starts_with("user|") || w.starts_with("assistant|"))
        .collect();
    assert_eq!(
        messages.len(),
        2 * MESSAGES.len(),
        "four messages and four replies: {items:?}"
    );
    for (i, text) in MESSAGES.iter().enumerate() {
        let (asked, answered) = (messages[2 * i], messages[2 * i + 1]);
        assert!(
            asked.starts_with("user|") && asked.contains(text),
            "message {i} is {text:?}: {items:?}"
        );
        assert!(
            answered.starts_with("assistant|"),
            "then a reply: {items:?}"
        );
        // The replies quote the message: only ours count.
        let shown = messages
            .iter()
            .filter(|m| m.starts_with("user|") && m.contains(text))
            .count();
        assert_eq!(shown, 1, "{text:?} shown once: {items:?}");
    }
}
