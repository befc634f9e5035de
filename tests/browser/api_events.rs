// The live event stream against local-api: typed updates, each once, across a dropped
// connection; plain reasons when it cannot go on; closed with its scope.

use crate::api_common::*;
use crate::api_poll::set_visibility;
use agentdeck::api::agentcontainer as ac;
use agentdeck::api::events::{CloseReason, Conversation, EventStream, FeedUpdate, StreamState};
use agentdeck::api::{AgentContainerConnection, IdempotencyKey, RequestScope};
use agentdeck_wire::agentcontainer::{
    Agent, CreateAgent, CreateConversation, ListMessagesQuery, SendMessage, SortOrder, TaskMessage,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;

async fn new_agent(conn: &AgentContainerConnection) -> Agent {
    let body: CreateAgent = serde_json::from_value(serde_json::json!({
        "name": format!("events-agent-{}", (js_sys::Math::random() * 1e9) as u64),
        "runtime": {"containerImage": "ghcr.io/agentdeck/test:1", "agentRuntime": "pi"},
        "basePrompt": "You chat.",
        "defaults": {
            "model": "claude-sonnet-4-5", "internetAccess": false, "maxRuntimeSeconds": 600,
            "outputPolicy": {"mode": "any"}, "runtimeRegion": "any"
        }
    }))
    .unwrap();
    ac::create_agent(conn, &body).await.expect("create_agent")
}

async fn new_conversation(conn: &AgentContainerConnection, first: &str) -> String {
    let agent = new_agent(conn).await;
    let created = ac::create_conversation(
        conn,
        &agent.id,
        &CreateConversation {
            instructions: "Chat with me.".into(),
            message: first.into(),
            ..Default::default()
        },
        &IdempotencyKey::new(),
    )
    .await
    .expect("create_conversation");
    created.task.id
}

/// What a stream delivered.
#[derive(Default)]
struct Seen {
    updates: Vec<FeedUpdate>,
    states: Vec<StreamState>,
}

fn connect(
    conn: &AgentContainerConnection,
    task_id: &str,
    scope: &RequestScope,
) -> (EventStream, Rc<RefCell<Seen>>) {
    let seen: Rc<RefCell<Seen>> = Rc::default();
    let (a, b) = (seen.clone(), seen.clone());
    let stream = EventStream::connect(
        conn,
        task_id,
        scope,
        move |u| a.borrow_mut().updates.extend(u),
        move |s| b.borrow_mut().states.push(s),
        |_| {},
    );
    (stream, seen)
}

fn messages(seen: &Seen) -> Vec<TaskMessage> {
    seen.updates
        .iter()
        .filter_map(|u| match u {
            FeedUpdate::Message(m) => Some(m.clone()),
            _ => None,
        })
        .collect()
}

/// Each delivered version of a message is different from the one before it (no doubles).
fn assert_no_doubles(seen: &Seen) {
    let mut last: HashMap<String, String> = HashMap::new();
    for m in messages(seen) {
        let text = serde_json::to_string(&m).unwrap();
        assert_ne!(
            last.get(&m.id),
            Some(&text),
            "message {} delivered twice unchanged",
            m.id
        );
        last.insert(m.id.clone(), text);
    }
}

async fn assistant_replies(conn: &AgentContainerConnection, task_id: &str) -> usize {
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
    page.data
        .iter()
        .filter(|m| m.role.as_str() == "assistant")
        .count()
}

/// Sends `text`: local-api accepts a message at once while the conversation has not ended
/// (conversations.rs `send` queues it behind a running turn).
async fn send(conn: &AgentContainerConnection, task_id: &str, text: &str) {
    let sent = ac::send_message(
        conn,
        task_id,
        &SendMessage {
            content: text.to_string(),
            input_file_ids: None,
        },
        &IdempotencyKey::new(),
    )
    .await
    .expect("send_message");
    assert_eq!(sent.message.content, text);
}

/// The stream ends up holding exactly what REST says, each message's last version included.
async fn assert_matches_rest(
    conn: &AgentContainerConnection,
    task_id: &str,
    seen: &Rc<RefCell<Seen>>,
) {
    let rest = ac::list_messages(
        conn,
        task_id,
        &ListMessagesQuery {
            limit: Some(100),
            cursor: None,
            order: Some(SortOrder::Asc),
        },
    )
    .await
    .expect("messages")
    .data;
    until(
        "the stream to hold every message in its last version",
        || {
            let mut latest: HashMap<String, TaskMessage> = HashMap::new();
            for m in messages(&seen.borrow()) {
                latest.insert(m.id.clone(), m);
            }
            (latest.len() == rest.len() && rest.iter().all(|m| latest.get(&m.id) == Some(m)))
                .then_some(())
        },
    )
    .await;
}

#[wasm_bindgen_test]
async fn the_stream_delivers_typed_updates_once() {
    let conn = agentcontainer();
    let task_id = new_conversation(&conn, "Hello, stream").await;
    let scope = RequestScope::new();
    let (stream, seen) = connect(&conn, &task_id, &scope);
    until("the stream to be live", || {
        stream.state().is_live().then_some(())
    })
    .await;
    assert_eq!(seen.borrow().states.first(), Some(&StreamState::Connecting));

    until_async("a first reply", || async {
        (assistant_replies(&conn, &task_id).await >= 1).then_some(())
    })
    .await;
    send(&conn, &task_id, "Second message").await;
    until_async("a second reply", || async {
        (assistant_replies(&conn, &task_id).await >= 2).then_some(())
    })
    .await;

    assert_matches_rest(&conn, &task_id, &seen).await;
    assert_no_doubles(&seen.borrow());
    assert!(seen
        .borrow()
        .updates
        .iter()
        .any(|u| matches!(u, FeedUpdate::Task(t) if t.id == task_id)));

    // Folded into a Conversation, the updates give REST's list in REST's order.
    let mut convo = Conversation::default();
    for u in seen.borrow().updates.clone() {
        convo.apply(u);
    }
    let rest = ac::list_messages(
        &conn,
        &task_id,
        &ListMessagesQuery {
            limit: Some(100),
            cursor: None,
            order: Some(SortOrder::Asc),
        },
    )
    .await
    .expect("messages")
    .data;
    assert_eq!(
        convo
            .messages
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>(),
        rest.iter().map(|m| m.id.as_str()).collect::<Vec<_>>()
    );
    assert_eq!(
        convo.task.as_ref().map(|t| t.id.as_str()),
        Some(task_id.as_str())
    );

    scope.abort();
    assert_eq!(stream.state(), StreamState::Closed(CloseReason::Stopped));
    let n = seen.borrow().updates.len();
    // A second stream, live before the message is sent, shows when the server has published
    // the message and its reply to this page: by then a still-open first stream would have had
    // them too.
    let witness_scope = RequestScope::new();
    let (witness, witnessed) = connect(&conn, &task_id, &witness_scope);
    until("the witness stream to be live", || {
        witness.state().is_live().then_some(())
    })
    .await;
    send(&conn, &task_id, "Nobody listens").await;
    until("the witness to get the message and its reply", || {
        let got = messages(&witnessed.borrow());
        let asked = got.iter().any(|m| m.content == "Nobody listens");
        let answered = got
            .iter()
            .any(|m| m.role.as_str() == "assistant" && m.content.contains("Nobody listens"));
        (asked && answered).then_some(())
    })
    .await;
    witness_scope.abort();
    assert_eq!(
        seen.borrow().updates.len(),
        n,
        "nothing delivered after close"
    );
    assert_eq!(stream.state(), StreamState::Closed(CloseReason::Stopped));
}

#[wasm_bindgen_test]
async fn nothing_is_missed_or_doubled_across_a_dropped_connection() {
    let conn = agentcontainer();
    let task_id = new_conversation(&conn, "Hello before the drop").await;
    // The stream's connection is cut after 3 events; the browser reconnects by itself.
    set_fault(
        "agentcontainer",
        &format!("/conversations/{task_id}/events"),
        "drop_after=3",
        1,
    )
    .await;
    let scope = RequestScope::new();
    let (stream, seen) = connect(&conn, &task_id, &scope);
    until_async("a first reply", || async {
        (assistant_replies(&conn, &task_id).await >= 1).then_some(())
    })
    .await;
    send(&conn, &task_id, "During the drop").await;
    until_async("a second reply", || async {
        (assistant_replies(&conn, &task_id).await >= 2).then_some(())
    })
    .await;
    send(&conn, &task_id, "After the drop").await;
    until_async("a third reply", || async {
        (assistant_replies(&conn, &task_id).await >= 3).then_some(())
    })
    .await;
    clear_fault().await;

    assert_matches_rest(&conn, &task_id, &seen).await;
    assert_no_doubles(&seen.borrow());
    let states = seen.borrow().states.clone();
    assert!(
        states
            .iter()
            .any(|s| matches!(s, StreamState::Reconnecting { .. })),
        "the drop was noticed: {states:?}"
    );
    until("the stream to be live again", || {
        stream.state().is_live().then_some(())
    })
    .await;
    stream.close();
}

#[wasm_bindgen_test]
async fn a_wrong_key_closes_the_stream_plainly() {
    let conn = agentcontainer();
    let task_id = new_conversation(&conn, "Hi").await;
    let bad = AgentContainerConnection {
        api_key: "ak_stream_wrong_key".into(),
        ..agentcontainer()
    };
    let scope = RequestScope::new();
    let (stream, seen) = connect(&bad, &task_id, &scope);
    let state = until("the stream to close", || {
        let s = stream.state();
        matches!(s, StreamState::Closed(_)).then_some(s)
    })
    .await;
    assert_eq!(state, StreamState::Closed(CloseReason::Unauthorized));
    assert!(state.describe().contains("API key"));
    let all = format!("{:?} {}", seen.borrow().states, state.describe());
    assert!(!all.contains("ak_stream_wrong_key"), "{all}");
    assert!(seen.borrow().updates.is_empty());
}

#[wasm_bindgen_test]
async fn an_unknown_conversation_closes_with_not_found() {
    let conn = agentcontainer();
    let scope = RequestScope::new();
    let (stream, _seen) = connect(&conn, "no-such-task", &scope);
    let state = until("the stream to close", || {
        let s = stream.state();
        matches!(s, StreamState::Closed(_)).then_some(s)
    })
    .await;
    assert_eq!(state, StreamState::Closed(CloseReason::NotFound));
}

#[wasm_bindgen_test]
async fn a_failing_resynchronisation_is_tried_again() {
    let conn = agentcontainer();
    let task_id = new_conversation(&conn, "History first").await;
    until_async("a first reply", || async {
        (assistant_replies(&conn, &task_id).await >= 1).then_some(())
    })
    .await;
    let rest_ids: Vec<String> = ac::list_messages(&conn, &task_id, &ListMessagesQuery::default())
        .await
        .expect("messages")
        .data
        .into_iter()
        .map(|m| m.id)
        .collect();
    // More failures than the request layer's own retries: the first resync fails as a whole,
    // a later one brings the history.
    set_fault(
        "agentcontainer",
        &format!("/conversations/{task_id}/messages"),
        "status=500",
        5,
    )
    .await;
    let scope = RequestScope::new();
    let (stream, seen) = connect(&conn, &task_id, &scope);
    until("the history to arrive despite the failures", || {
        let got: std::collections::HashSet<String> =
            messages(&seen.borrow()).into_iter().map(|m| m.id).collect();
        rest_ids.iter().all(|id| got.contains(id)).then_some(())
    })
    .await;
    clear_fault().await;
    assert_no_doubles(&seen.borrow());
    assert!(
        !matches!(stream.state(), StreamState::Closed(_)),
        "{:?}",
        stream.state()
    );
    stream.close();
}

#[wasm_bindgen_test]
async fn a_component_gets_the_conversation_as_signals_and_closes_it_when_left() {
    use agentdeck::hooks::{stream_into_signals, use_request_scope};
    use leptos::prelude::{Get, Owner};
    let conn = agentcontainer();
    let task_id = new_conversation(&conn, "Signals please").await;
    let owner = Owner::new();
    let (stream, conversation, state) = owner.with(|| {
        let scope = use_request_scope();
        stream_into_signals(&conn, &task_id, &scope)
    });
    until("the reply in the conversation signal", || {
        owner
            .with(|| conversation.get())
            .messages
            .iter()
            .any(|m| m.role.as_str() == "assistant")
            .then_some(())
    })
    .await;
    assert_eq!(owner.with(|| state.get()), StreamState::Live);
    assert_eq!(
        owner.with(|| conversation.get()).task.map(|t| t.id),
        Some(task_id.clone())
    );
    // Leaving the page closes the stream.
    owner.cleanup();
    assert_eq!(stream.state(), StreamState::Closed(CloseReason::Stopped));
}

/// An autonomous task has a feed too (state and events, no messages): it stays open and
/// reports the task to its end instead of closing as "not found".
#[wasm_bindgen_test]
async fn an_autonomous_task_is_followed_to_its_end() {
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let task = ac::create_task(
        &conn,
        &agent.id,
        &agentdeck_wire::agentcontainer::CreateTask {
            instructions: "Write a short report.".into(),
            ..Default::default()
        },
        &IdempotencyKey::new(),
    )
    .await
    .expect("create_task");
    let scope = RequestScope::new();
    let (_stream, seen) = connect(&conn, &task.id, &scope);
    until("the task's end through the feed", || {
        let s = seen.borrow();
        s.updates
            .iter()
            .any(|u| matches!(u, FeedUpdate::Task(t) if t.status.as_str() == "finished"))
            .then_some(())
    })
    .await;
    let s = seen.borrow();
    assert!(
        !s.states
            .iter()
            .any(|st| matches!(st, StreamState::Closed(CloseReason::NotFound))),
        "{:?}",
        s.states
    );
    assert!(s.states.contains(&StreamState::Live), "{:?}", s.states);
}

/// The reconnection attempt a stream is waiting on (0 when it is not reconnecting).
fn attempt_of(stream: &EventStream) -> u32 {
    match stream.state() {
        StreamState::Reconnecting { attempt } => attempt,
        _ => 0,
    }
}

/// Waits at most `ms` for the stream's next attempt after `after`.
async fn next_attempt_within(stream: &EventStream, after: u32, ms: f64, what: &str) {
    let started = js_sys::Date::now();
    while attempt_of(stream) <= after {
        assert!(js_sys::Date::now() - started < ms, "{what}");
        sleep(20).await;
    }
}

#[wasm_bindgen_test]
async fn a_waiting_stream_tries_again_at_once_when_the_tab_or_the_network_comes_back() {
    let conn = agentcontainer();
    let task_id = new_conversation(&conn, "Hello before the outage").await;
    // Every connection of the stream is refused: it waits longer before each new attempt.
    let feed = format!("/conversations/{task_id}/events");
    set_fault("agentcontainer", &feed, "status=503", 1_000).await;
    let scope = RequestScope::new();
    let (stream, seen) = connect(&conn, &task_id, &scope);
    // Waiting for the sixth attempt, the stream sleeps 8 to 16 s.
    until("a long backoff", || {
        (attempt_of(&stream) >= 6).then_some(())
    })
    .await;
    let at = attempt_of(&stream);
    set_visibility("hidden");
    set_visibility("visible");
    next_attempt_within(
        &stream,
        at,
        5_000.0,
        "shown again, the stream tries at once",
    )
    .await;
    let at = attempt_of(&stream);
    clear_fault().await;
    web_sys::window()
        .unwrap()
        .dispatch_event(&web_sys::Event::new("online").unwrap())
        .unwrap();
    let started = js_sys::Date::now();
    until("live again", || {
        assert!(
            js_sys::Date::now() - started < 5_000.0,
            "back online, the stream connects at once (it was waiting on attempt {at})"
        );
        stream.state().is_live().then_some(())
    })
    .await;
    // What was said before the outage arrives once.
    until_async("the first reply", || async {
        (assistant_replies(&conn, &task_id).await >= 1).then_some(())
    })
    .await;
    until("the reply delivered", || {
        (messages(&seen.borrow()).len() >= 2).then_some(())
    })
    .await;
    assert_matches_rest(&conn, &task_id, &seen).await;
    assert_no_doubles(&seen.borrow());
    stream.close();
}
