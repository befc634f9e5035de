//! `/__bench/conversation?messages=N`: the conversation timeline with N generated messages
//! (markdown of realistic length, both roles), mounted as the conversation page mounts it. The
//! driver then scrolls up through the whole history, which the timeline reveals in chunks.
//!
//! `/__bench/burst?rate=R&seconds=S`: R live messages a second for S seconds, each applied to
//! the folded conversation as the event feed applies it (one update per message, some sent
//! twice as a reconnect would), with the timeline following the end. Records how many were
//! expected, how many the conversation holds and how many distinct ids, and whether the newest
//! message is on screen.

use super::measure::{
    dom_nodes, now, observe_longtasks, query_number, record, record_str, results,
};
use crate::api::events::{Conversation, FeedUpdate};
use crate::pages::agentcontainer::conversations::timeline::Timeline;
use agentdeck_wire::agentcontainer::TaskMessage;
use leptos::prelude::*;
use std::collections::HashSet;

/// Message `i` of a generated conversation, `ms` after its start.
fn message(i: usize, ms: i64) -> TaskMessage {
    let role = if i.is_multiple_of(2) {
        "user"
    } else {
        "assistant"
    };
    let content = if i.is_multiple_of(2) {
        format!("Question {i}: can you check the `checkout` flow for edge cases?")
    } else {
        format!(
            "Answer {i}. I looked at **checkout**:\n\n- the cart total rounds per line\n- an \
             empty cart still shows the pay button\n\n```rust\nfn total(c: &Cart) -> u64 {{ \
             c.lines.iter().map(|l| l.cents).sum() }}\n```\n\nShall I fix both?"
        )
    };
    let json = serde_json::json!({
        "id": format!("msg_{i:06}"),
        "turnNumber": (i / 2 + 1) as i64,
        "role": role,
        "status": "processed",
        "content": content,
        "files": [],
        "costUsd": 0.0012,
        "tokenUsage": {"input": 1200, "output": 300},
        "createdAt": agentdeck_wire::Timestamp::from_unix_millis(1_767_225_600_000 + ms),
    });
    serde_json::from_value(json).expect("a generated message parses")
}

fn timeline_items() -> Vec<String> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let Ok(list) = doc.query_selector_all(".ac-timeline [data-id]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| {
            use wasm_bindgen::JsCast;
            n.dyn_into::<web_sys::Element>()
                .ok()?
                .get_attribute("data-id")
        })
        .collect()
}

/// Calls `then` once `.ac-timeline [data-id]` items are in the DOM (or after 600 frames).
fn when_items_appear(frames: u32, then: impl FnOnce() + 'static) {
    request_animation_frame(move || {
        if !timeline_items().is_empty() || frames > 600 {
            then();
        } else {
            when_items_appear(frames + 1, then);
        }
    });
}

/// Applies messages `from..n` to `c`, 250 a task (the generator's work is not the timeline's:
/// kept out of the long tasks measured while opening), then calls `done` with the time it took.
fn generate(
    mut c: Conversation,
    from: usize,
    n: usize,
    spent: f64,
    done: impl FnOnce(Conversation, f64) + 'static,
) {
    set_timeout(
        move || {
            let t0 = now();
            let to = (from + 250).min(n);
            for i in from..to {
                c.apply(FeedUpdate::Message(message(i, i as i64 * 1000)));
            }
            let spent = spent + now() - t0;
            if to >= n {
                done(c, spent);
            } else {
                generate(c, to, n, spent, done);
            }
        },
        std::time::Duration::from_millis(if from == 0 { 50 } else { 0 }),
    );
}

#[component]
pub fn ConversationBenchPage() -> impl IntoView {
    let n = query_number("messages", 10_000, 200_000);
    let _ = results();
    observe_longtasks();
    record("messages", n as f64);
    record_str("direction", "up");
    let convo = RwSignal::new(Conversation::default());
    // Generated 250 messages a task (as a feed would deliver them), then shown at once.
    generate(Conversation::default(), 0, n, 0.0, move |c, gen_ms| {
        record("gen_ms", gen_ms);
        let start = now();
        convo.set(c);
        when_items_appear(0, move || {
            record("first_ms", now() - start);
            record("dom_nodes", dom_nodes());
            record("done", 1.0);
        });
    });
    view! {
        <div class="bench-page page">
            <p class="bench-title">{format!("Conversation benchmark: {n} messages")}</p>
            <Timeline convo=convo />
        </div>
    }
}

#[component]
pub fn BurstBenchPage() -> impl IntoView {
    let rate = query_number("rate", 1_000, 10_000);
    let seconds = query_number("seconds", 10, 60);
    let total = rate * seconds;
    let _ = results();
    observe_longtasks();
    record("expected", total as f64);
    let convo = RwSignal::new(Conversation::default());
    // Every 10 ms a batch, each message applied on its own as the feed delivers them; every
    // 50th message is delivered a second time (a reconnect's replay).
    let per_tick = (rate / 100).max(1);
    let sent = StoredValue::new(0usize);
    let max_nodes = StoredValue::new(0.0f64);
    let start = now();
    let handle = set_interval_with_handle(
        move || {
            let from = sent.get_value();
            let to = (from + per_tick).min(total);
            for i in from..to {
                let ms = (now() - start) as i64;
                convo.update(|c| c.apply(FeedUpdate::Message(message(i, ms))));
                if i % 50 == 49 {
                    let again = message(i - 10, ms);
                    convo.update(|c| c.apply(FeedUpdate::Message(again)));
                }
            }
            sent.set_value(to);
            max_nodes.update_value(|m| *m = m.max(dom_nodes()));
        },
        std::time::Duration::from_millis(10),
    )
    .ok();
    let finish = move || {
        if let Some(h) = handle {
            h.clear();
        }
        let c = convo.get_untracked();
        let ids: HashSet<&str> = c.messages.iter().map(|m| m.id.as_str()).collect();
        let on_screen = timeline_items();
        let distinct_on_screen: HashSet<&String> = on_screen.iter().collect();
        let newest = format!("msg_{:06}", total - 1);
        record("shown", c.messages.len() as f64);
        record("unique", ids.len() as f64);
        record("dom_items", on_screen.len() as f64);
        record(
            "dom_doubled",
            (on_screen.len() - distinct_on_screen.len()) as f64,
        );
        record(
            "newest_on_screen",
            if on_screen.last() == Some(&newest) {
                1.0
            } else {
                0.0
            },
        );
        record("max_dom_nodes", max_nodes.get_value());
        record("dom_nodes", dom_nodes());
        record("done", 1.0);
    };
    // Done once everything was sent and the page had half a second to settle.
    let check = StoredValue::new(None::<IntervalHandle>);
    check.set_value(
        set_interval_with_handle(
            move || {
                if sent.get_value() >= total {
                    if let Some(h) = check.get_value() {
                        h.clear();
                    }
                    set_timeout(finish, std::time::Duration::from_millis(500));
                }
            },
            std::time::Duration::from_millis(100),
        )
        .ok(),
    );
    view! {
        <div class="bench-page page">
            <p class="bench-title">{format!("Live burst: {rate} messages/s for {seconds} s")}</p>
            <Timeline convo=convo />
        </div>
    }
}
