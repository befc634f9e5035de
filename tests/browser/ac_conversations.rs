// The AgentContainer conversation pages in the whole app, against local-api: start one through
// the form and watch the agent answer live; send with Ctrl+Enter; every message exactly once
// and in order, also when local-api cuts the live feed after every event; the connection
// state in words; the autonomous switch; a refused send keeps its text; the draft survives a
// remount; long and unknown content in the timeline; scrolling up never moves what is shown.

use crate::api_common::{admin_origin, agentcontainer};
use crate::support::*;
use agentdeck::api::agentcontainer as ac;
use agentdeck::api::events::{Conversation, FeedUpdate};
use agentdeck::api::{AgentContainerConnection, IdempotencyKey};
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck::pages::agentcontainer::conversations::timeline::Timeline;
use agentdeck::routes::Route;
use agentdeck_wire::agentcontainer::{
    Agent, CreateAgent, CreateConversation, ListMessagesQuery, SortOrder, Task, TaskEvent,
    TaskMessage,
};
use leptos::prelude::*;
use std::collections::HashSet;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

async fn new_agent(conn: &AgentContainerConnection) -> Agent {
    let body: CreateAgent = serde_json::from_value(serde_json::json!({
        "name": format!("convo-agent-{}", (js_sys::Math::random() * 1e9) as u64),
        "runtime": {"containerImage": "ghcr.io/agentdeck/test:1", "agentRuntime": "pi"},
        "basePrompt": "You chat.",
        "defaults": {
            "model": "claude-sonnet-4-5", "internetAccess": false, "maxRuntimeSeconds": 600,
            "sessionTtlSeconds": 3600,
            "outputPolicy": {"mode": "any"}, "runtimeRegion": "any"
        }
    }))
    .unwrap();
    ac::create_agent(conn, &body).await.expect("create_agent")
}

struct Page {
    root: Element,
    _app: Box<dyn std::any::Any>,
}

fn open(path: &str) -> Page {
    go_to(path);
    let root = container();
    let conns = Connections {
        agentcontainer: Some(agentcontainer()),
        ..Default::default()
    };
    let app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    Page {
        root: root.into(),
        _app: Box::new(app),
    }
}

fn ctrl_enter(area: &Element) {
    let ev: web_sys::Event = js_sys::eval(
        "new KeyboardEvent('keydown', {key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true})",
    )
    .unwrap()
    .unchecked_into();
    area.dispatch_event(&ev).unwrap();
}

fn textarea_value(root: &Element, css: &str) -> String {
    first(root, css)
        .map(|e| e.unchecked_into::<web_sys::HtmlTextAreaElement>().value())
        .unwrap_or_default()
}

/// The ids of the timeline's messages, in page order.
fn message_ids(root: &Element) -> Vec<String> {
    all(root, ".tl-message")
        .iter()
        .filter_map(|e| e.get_attribute("data-id"))
        .collect()
}

fn messages_text(root: &Element) -> Vec<String> {
    all(root, ".tl-message")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

fn badge(root: &Element) -> Option<String> {
    first(root, ".ac-convo-header .badge").and_then(|b| b.get_attribute("data-state"))
}

fn stream_text(root: &Element) -> String {
    text(root, ".ac-stream-text")
}

/// Each message once, in the order local-api keeps them; returns the texts of the page.
async fn assert_exactly_once_in_order(
    root: &Element,
    conn: &AgentContainerConnection,
    task_id: &str,
) {
    let page = ac::list_messages(
        conn,
        task_id,
        &ListMessagesQuery {
            limit: Some(100),
            cursor: None,
            order: Some(SortOrder::Asc),
        },
    )
    .await
    .expect("messages");
    let expected: Vec<String> = page.data.iter().map(|m| m.id.clone()).collect();
    let shown = message_ids(root);
    assert_eq!(shown, expected, "every message once, in order");
    let unique: HashSet<&String> = shown.iter().collect();
    assert_eq!(unique.len(), shown.len());
}

async fn set_stream_fault(task_id: &str) {
    let body = serde_json::json!({
        "spec": "drop_after=1",
        "api": "agentcontainer",
        "path_contains": format!("/conversations/{task_id}/events"),
    });
    let resp = gloo_net::http::Request::post(&format!("{}/__admin/faults", admin_origin()))
        .json(&body)
        .unwrap()
        .send()
        .await
        .expect("POST /__admin/faults");
    assert!(resp.ok(), "POST /__admin/faults answered {}", resp.status());
}

async fn clear_faults() {
    let _ = gloo_net::http::Request::delete(&format!("{}/__admin/faults", admin_origin()))
        .send()
        .await;
}

#[wasm_bindgen_test]
async fn a_conversation_starts_from_the_form_and_stays_exactly_once_through_a_cut_feed() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let page = open(
        &Route::AcNewConversation {
            agent_id: agent.id.clone(),
        }
        .href(),
    );
    let root = &page.root;
    until("the form", || first(root, "textarea[name=instructions]")).await;
    set_value(
        root,
        "textarea[name=instructions]",
        "Help me tidy the docs.",
    );
    set_value(root, "textarea[name=message]", "Shorten the readme");
    // A pasted file uploads with the first message.
    let area = first(root, "textarea[name=message]").unwrap();
    let paste: web_sys::Event = js_sys::eval(
        "(() => { const dt = new DataTransfer(); dt.items.add(new File(['be brief'], 'notes.txt', {type: 'text/plain'})); return new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}); })()",
    )
    .unwrap()
    .unchecked_into();
    area.dispatch_event(&paste).unwrap();
    until("the file uploaded", || {
        first(root, ".attachment[data-state=done]")
    })
    .await;
    click(root, "Start conversation").await;

    // The conversation page, and the agent's reply arriving live.
    let task_id = until("the conversation page", || {
        let path = web_sys::window().unwrap().location().pathname().ok()?;
        path.strip_prefix("/agentcontainer/conversations/")
            .map(str::to_string)
    })
    .await;
    until("the first reply", || {
        first(root, ".tl-role-assistant")
            .filter(|e| e.text_content().unwrap_or_default().contains("notes.txt"))
    })
    .await;
    assert!(
        messages_text(root)[0].contains("notes.txt"),
        "the file shows with the message"
    );
    until("the feed said live", || {
        stream_text(root).contains("Live").then_some(())
    })
    .await;
    until("awaiting input", || {
        (badge(root)? == "awaiting_input").then_some(())
    })
    .await;

    // A second message with Ctrl+Enter.
    set_value(
        root,
        ".ac-composer textarea[name=message]",
        "Add a changelog",
    );
    ctrl_enter(&first(root, ".ac-composer textarea[name=message]").unwrap());
    until("the second reply", || {
        (all(root, ".tl-role-assistant").len() == 2).then_some(())
    })
    .await;
    assert_eq!(
        textarea_value(root, ".ac-composer textarea"),
        "",
        "sent text leaves the box"
    );
    assert_exactly_once_in_order(root, &conn, &task_id).await;
    until("awaiting input again", || {
        (badge(root)? == "awaiting_input").then_some(())
    })
    .await;

    // local-api now cuts this conversation's feed after every event.
    drop(page);
    set_stream_fault(&task_id).await;
    let page = open(
        &Route::AcConversation {
            id: task_id.clone(),
        }
        .href(),
    );
    let root = &page.root;
    until("the conversation again", || {
        (all(root, ".tl-role-assistant").len() == 2).then_some(())
    })
    .await;
    until("awaiting input after the reopen", || {
        (badge(root)? == "awaiting_input").then_some(())
    })
    .await;
    set_value(
        root,
        ".ac-composer textarea[name=message]",
        "Bump the version",
    );
    ctrl_enter(&first(root, ".ac-composer textarea[name=message]").unwrap());
    let mut states = HashSet::new();
    until("the third reply through the cut feed", || {
        states.insert(stream_text(root));
        (all(root, ".tl-role-assistant").len() == 3 && badge(root)? == "awaiting_input")
            .then_some(())
    })
    .await;
    clear_faults().await;
    assert!(
        states.iter().any(|s| s.contains("reconnecting")),
        "the connection line told of the cuts: {states:?}"
    );
    assert_exactly_once_in_order(root, &conn, &task_id).await;
    let texts = messages_text(root);
    for (i, needle) in ["Shorten the readme", "Add a changelog", "Bump the version"]
        .iter()
        .enumerate()
    {
        let hits = texts.iter().filter(|t| t.contains(needle)).count();
        // The user's message and the agent's reply quoting it.
        assert_eq!(
            hits, 2,
            "message {i} ({needle}) once, and once quoted: {texts:?}"
        );
    }
}

async fn started(conn: &AgentContainerConnection, text: &str) -> Task {
    let agent = new_agent(conn).await;
    let created = ac::create_conversation(
        conn,
        &agent.id,
        &CreateConversation {
            instructions: "Chat with me.".into(),
            message: text.into(),
            ..Default::default()
        },
        &IdempotencyKey::new(),
    )
    .await
    .expect("create_conversation");
    created.task
}

#[wasm_bindgen_test]
async fn autonomous_mode_ends_the_chat_and_a_refused_send_keeps_its_draft() {
    let conn = agentcontainer();
    let task = started(&conn, "Look around").await;
    let path = Route::AcConversation {
        id: task.id.clone(),
    }
    .href();
    let page = open(&path);
    let root = &page.root;
    until("awaiting input", || {
        (badge(root)? == "awaiting_input").then_some(())
    })
    .await;
    let ttl = until("the session countdown", || {
        Some(text(root, ".ac-ttl")).filter(|t| !t.is_empty())
    })
    .await;
    assert!(ttl.contains("expires in"), "{ttl}");

    click(root, "Autonomous mode: off").await;
    until("the mode switch in the timeline", || {
        first(root, ".tl-event[data-event=mode_switched_to_autonomous]")
    })
    .await;
    until("the switch on", || {
        first(root, "[role=switch][aria-checked=true]")
    })
    .await;
    // Autonomous, the agent carries on and finishes.
    until("finished", || (badge(root)? == "finished").then_some(())).await;
    assert!(
        first(root, "[role=switch]")
            .unwrap()
            .has_attribute("disabled"),
        "an ended conversation has no mode to switch"
    );

    // Sending is refused, and the text stays.
    set_value(
        root,
        ".ac-composer textarea[name=message]",
        "One more thing",
    );
    ctrl_enter(&first(root, ".ac-composer textarea[name=message]").unwrap());
    until("the refusal", || first(root, ".ac-send-refused")).await;
    assert!(text(root, ".ac-send-state").contains("has ended"));
    assert_eq!(
        textarea_value(root, ".ac-composer textarea"),
        "One more thing"
    );

    // The draft survives the page being mounted again.
    drop(page);
    let page = open(&path);
    let root = &page.root;
    until("the composer", || first(root, ".ac-composer textarea")).await;
    assert_eq!(
        textarea_value(root, ".ac-composer textarea"),
        "One more thing"
    );
    set_value(root, ".ac-composer textarea[name=message]", "");
}

fn message(i: usize, role: &str) -> TaskMessage {
    serde_json::from_value(serde_json::json!({
        "id": format!("m{i:05}"), "turnNumber": i as i64 / 2 + 1, "role": role,
        "status": "processed", "content": format!("Message **{i}**"), "files": [],
        "createdAt": format!("2026-03-25T{:02}:{:02}:{:02}.000Z", i / 3600 % 24, i / 60 % 60, i % 60),
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn a_long_timeline_builds_only_its_newest_items_and_shows_unknown_kinds_as_text() {
    let mut convo = Conversation::default();
    for i in 0..10_000 {
        let role = match i {
            9_999 => "system_note",
            _ if i % 2 == 0 => "user",
            _ => "assistant",
        };
        convo.messages.push(message(i, role));
    }
    let event: TaskEvent = serde_json::from_value(serde_json::json!({
        "id": "e1", "kind": "budget_warning", "message": "Half the budget is used",
        "metadata": {}, "createdAt": "2026-03-25T02:46:39.500Z",
    }))
    .unwrap();
    convo.apply(FeedUpdate::Event(event));
    let root = container();
    let signal = RwSignal::new(convo);
    let started = js_sys::Date::now();
    let _app = leptos::mount::mount_to(root.clone(), move || view! { <Timeline convo=signal /> });
    let root: Element = root.into();
    until("the newest items", || {
        first(&root, ".tl-message[data-id=m09999]")
    })
    .await;
    let opened_ms = js_sys::Date::now() - started;
    web_sys::console::log_1(&format!("10,000-message timeline opened in {opened_ms} ms").into());
    let built = all(&root, ".tl-item").len();
    assert!(built <= 61, "only the newest items are built: {built}");
    let last = first(&root, ".tl-message[data-id=m09999]").unwrap();
    assert!(
        last.text_content().unwrap().contains("system_note"),
        "an unknown role as text"
    );
    let event = until("the unknown event", || {
        first(&root, ".tl-event[data-event=budget_warning]")
    })
    .await;
    assert!(event.text_content().unwrap().contains("budget warning"));
    assert!(event
        .text_content()
        .unwrap()
        .contains("Half the budget is used"));
    click(&root, "Show earlier messages").await;
    until("a chunk more", || {
        (all(&root, ".tl-item").len() == built + 100).then_some(())
    })
    .await;
    // A live message joins at the bottom, once.
    signal.update(|c| c.apply(FeedUpdate::Message(message(10_000, "assistant"))));
    until("the new message", || {
        first(&root, ".tl-message[data-id=m10000]")
    })
    .await;
    assert_eq!(all(&root, ".tl-message[data-id=m10000]").len(), 1);
}

/// Scrolling up reveals earlier messages without touching the shown ones: none is taken out of
/// the list and put back. (Leptos's keyed list did that to every shown message whenever several
/// came before them, and the browser then laid the whole list out again on every reveal.)
#[wasm_bindgen_test]
async fn scrolling_up_reveals_earlier_messages_without_moving_the_shown_ones() {
    let mut convo = Conversation::default();
    for i in 0..1_000 {
        let role = if i % 2 == 0 { "user" } else { "assistant" };
        convo.messages.push(message(i, role));
    }
    let root = container();
    let signal = RwSignal::new(convo);
    let _app = leptos::mount::mount_to(root.clone(), move || view! { <Timeline convo=signal /> });
    let root: Element = root.into();
    until("the newest message", || {
        first(&root, ".tl-message[data-id=m00999]")
    })
    .await;
    let built = all(&root, ".tl-item").len();
    let list = first(&root, ".tl-list").expect("the list");
    let watch = js_sys::Function::new_with_args(
        "list",
        "const seen = { removed: 0 }; \
         new MutationObserver((ms) => { for (const m of ms) seen.removed += m.removedNodes.length; }) \
           .observe(list, { childList: true }); \
         return seen;",
    );
    let seen = watch
        .call1(&wasm_bindgen::JsValue::NULL, &list)
        .expect("a mutation observer");
    let w = web_sys::window().unwrap();
    w.scroll_to_with_x_and_y(0.0, 1e7);
    gloo_timers::future::TimeoutFuture::new(50).await;
    w.scroll_to_with_x_and_y(0.0, 0.0);
    until("earlier messages, revealed by scrolling up", || {
        (all(&root, ".tl-item").len() > built).then_some(())
    })
    .await;
    gloo_timers::future::TimeoutFuture::new(50).await;
    let removed = js_sys::Reflect::get(&seen, &"removed".into())
        .ok()
        .and_then(|v| v.as_f64());
    assert_eq!(
        removed,
        Some(0.0),
        "shown messages were taken out and put back"
    );
    assert!(first(&root, ".tl-message[data-id=m00999]").is_some());
}

/// How many items the timeline says are not shown, above (`earlier`) or below.
fn not_shown(root: &Element, earlier: bool) -> Option<usize> {
    let label = if earlier {
        "Show earlier messages"
    } else {
        "Show later messages"
    };
    button(root, label)?
        .text_content()?
        .split('(')
        .nth(1)?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The text of each shown message.
fn bodies(root: &Element) -> Vec<String> {
    all(root, ".tl-message .tl-body")
        .iter()
        .map(|e| e.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

#[wasm_bindgen_test]
async fn a_long_history_opens_with_its_newest_messages_and_the_rest_loads_on_the_way_up() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    // local-api seeds 1,200 earlier messages ("History message 1" the oldest).
    let created = ac::create_conversation(
        &conn,
        &agent.id,
        &CreateConversation {
            instructions: "A long chat. #history=1200".into(),
            message: "The newest question".into(),
            ..Default::default()
        },
        &IdempotencyKey::new(),
    )
    .await
    .expect("create_conversation");
    let task_id = created.task.id.clone();
    // Once answered, the history stops changing: 1,200 + the question + the answer.
    until_async("the answer", || {
        let conn = conn.clone();
        let id = task_id.clone();
        async move {
            let t = ac::get_task(&conn, &id).await.ok()?;
            (t.status.as_str() == "awaiting_input").then_some(())
        }
    })
    .await;
    let events = ac::list_conversation_events(
        &conn,
        &task_id,
        &agentdeck_wire::agentcontainer::ListQuery::default(),
    )
    .await
    .expect("events")
    .data
    .len();
    let total = 1_202 + events;

    let page = open(&Route::AcConversation { id: task_id }.href());
    let root = &page.root;
    until("the newest question", || {
        bodies(root)
            .contains(&"The newest question".to_string())
            .then_some(())
    })
    .await;
    // The feed loads the newest 500 messages; the page builds the newest 60 of them.
    until("the earlier items offered", || {
        not_shown(root, true).filter(|&n| n + all(root, ".tl-item").len() == 500 + events)
    })
    .await;
    // Up through everything loaded, then the rest of the history, step by step, until the
    // timeline says where the conversation starts.
    let mut clicks = 0;
    while let Some(next) = until("the next step up the history", || {
        let next =
            button(root, "Show earlier messages").or_else(|| button(root, "Load earlier messages"));
        match next {
            Some(b) => Some(Some(b)),
            None => first(root, ".tl-start").map(|_| None),
        }
    })
    .await
    {
        clicks += 1;
        assert!(clicks < 100, "the top of the history was never reached");
        next.click();
        sleep(20).await;
    }
    let texts = bodies(root);
    assert_eq!(
        texts[0], "History message 1",
        "the first message is the oldest"
    );
    assert_eq!(texts[1], "History message 2");
    let shown = message_ids(root);
    let unique: HashSet<&String> = shown.iter().collect();
    assert_eq!(unique.len(), shown.len(), "each message once");
    // Everything is loaded: what is built plus what waits below is the whole conversation.
    let below = not_shown(root, false).unwrap_or(0);
    assert_eq!(all(root, ".tl-item").len() + below, total);
}
