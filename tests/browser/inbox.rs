//! The inbox (the home page) in the whole app, against local-api: runners of a fresh site and
//! tasks and conversations of a fresh agent in one list with their state and next action; a run
//! ending updates its row, the live region and the tab title without a reload; "Mark all read"
//! (kept on this device); one service only; nothing connected; a rejected Netlify token shown
//! while AgentContainer keeps listing.

use crate::api_common::agentcontainer;
use crate::netlify_common::{done, site, start};
use crate::support::*;
use agentdeck::api::agentcontainer as ac;
use agentdeck::api::agentcontainer::IdempotencyKey;
use agentdeck::api::{AgentContainerConnection, NetlifyConnection};
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck::routes::Route;
use agentdeck_wire::agentcontainer::{
    Agent, CreateAgent, CreateConversation, CreateTask, Task, TaskOverrides,
};
use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

async fn new_agent(conn: &AgentContainerConnection) -> Agent {
    let name = format!("Inbox test {}", (js_sys::Math::random() * 1e9) as u64);
    let body: CreateAgent = serde_json::from_value(serde_json::json!({
        "name": name,
        "runtime": {"containerImage": "ghcr.io/agentdeck/test:1", "agentRuntime": "pi"},
        "basePrompt": "You test things.",
        "defaults": {
            "model": "claude-sonnet-4-5", "internetAccess": true, "maxRuntimeSeconds": 600,
            "outputPolicy": {"mode": "any"}, "runtimeRegion": "any"
        }
    }))
    .unwrap();
    ac::create_agent(conn, &body).await.expect("create_agent")
}

async fn dispatch(conn: &AgentContainerConnection, agent: &Agent, instructions: &str) -> Task {
    let body = CreateTask {
        instructions: instructions.into(),
        ..Default::default()
    };
    ac::create_task(conn, &agent.id, &body, &IdempotencyKey::new())
        .await
        .expect("create_task")
}

/// A task dispatched and waited for (through the API) until it ended.
async fn finished_task(conn: &AgentContainerConnection, agent: &Agent, instructions: &str) -> Task {
    let t = dispatch(conn, agent, instructions).await;
    until_async("the task to end", || async {
        let t = ac::get_task(conn, &t.id).await.expect("get_task");
        t.status.is_terminal().then_some(t)
    })
    .await
}

/// A conversation whose first turn was answered: it waits for the person (for an hour).
async fn waiting_conversation(conn: &AgentContainerConnection, agent: &Agent) -> Task {
    let body = CreateConversation {
        instructions: "Help me plan the release".into(),
        message: "Hello".into(),
        overrides: Some(TaskOverrides {
            session_ttl_seconds: Some(3600),
            ..Default::default()
        }),
        ..Default::default()
    };
    let created = ac::create_conversation(conn, &agent.id, &body, &IdempotencyKey::new())
        .await
        .expect("create_conversation");
    until_async("the conversation to wait for input", || async {
        let t = ac::get_task(conn, &created.task.id)
            .await
            .expect("get_task");
        (t.status.as_str() == "awaiting_input").then_some(t)
    })
    .await
}

struct Page {
    root: Element,
    _app: Box<dyn std::any::Any>,
}

fn open_inbox(netlify: Option<NetlifyConnection>, ac: Option<AgentContainerConnection>) -> Page {
    go_to(&Route::Home.href());
    let root = container();
    let conns = Connections {
        netlify,
        agentcontainer: ac,
        ..Default::default()
    };
    let app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    Page {
        root: root.into(),
        _app: Box::new(app),
    }
}

fn row(root: &Element, key: &str) -> Option<Element> {
    first(root, &format!(".inbox-row[data-key='{key}']"))
}

/// A row as the person sees it: its group, state, next action's text and whether it is unread.
#[derive(Debug, PartialEq)]
struct Shown {
    group: String,
    state: String,
    action: String,
    unread: bool,
}

fn shown(root: &Element, key: &str) -> Option<Shown> {
    let r = row(root, key)?;
    Some(Shown {
        group: r
            .closest(".inbox-group")
            .ok()??
            .get_attribute("data-group")?,
        state: first(&r, ".badge")?.get_attribute("data-state")?,
        action: text(&r, ".inbox-action"),
        unread: r.has_attribute("data-unread"),
    })
}

async fn until_shown(root: &Element, key: &str, want: impl Fn(&Shown) -> bool) -> Shown {
    until(&format!("the row {key} as expected"), || {
        shown(root, key).filter(|s| want(s))
    })
    .await
}

fn title() -> String {
    crate::support::document().title()
}

#[wasm_bindgen_test]
async fn both_services_listed_and_a_run_ending_updates_the_row_and_the_tab_title() {
    let netlify = site().await;
    let finished_runner = done(&netlify, "Add a dark mode").await;
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let conversation = waiting_conversation(&conn, &agent).await;
    let task = finished_task(&conn, &agent, "Summarise the changelog").await;
    // Started last, so the inbox sees it running before it ends.
    let live = start(&netlify, "Fix the footer links #slow").await;

    let page = open_inbox(Some(netlify.clone()), Some(conn.clone()));
    let root = &page.root;

    let live_key = format!("netlify:{}", live.id);
    let running = until_shown(root, &live_key, |s| s.group == "running").await;
    assert_eq!(running.action, "Open");

    let runner = until_shown(root, &format!("netlify:{}", finished_runner.id), |_| true).await;
    assert_eq!(
        runner,
        Shown {
            group: "needs-you".into(),
            state: "done".into(),
            action: "Review the diff".into(),
            unread: true,
        }
    );
    let reply = until_shown(root, &format!("agentcontainer:{}", conversation.id), |_| {
        true
    })
    .await;
    assert_eq!(
        reply,
        Shown {
            group: "needs-you".into(),
            state: "awaiting_input".into(),
            action: "Reply".into(),
            unread: true,
        }
    );
    let finished = until_shown(root, &format!("agentcontainer:{}", task.id), |_| true).await;
    assert_eq!(
        finished,
        Shown {
            group: "needs-you".into(),
            state: "finished".into(),
            action: "Open".into(),
            unread: true,
        }
    );
    let r = row(root, &format!("agentcontainer:{}", conversation.id)).unwrap();
    assert!(text(&r, ".inbox-service").contains("AgentContainer conversation"));
    assert!(text(&r, ".inbox-service").contains(&agent.name));
    assert_eq!(
        first(&r, ".inbox-action")
            .unwrap()
            .get_attribute("href")
            .as_deref(),
        Some(
            Route::AcConversation {
                id: conversation.id.clone()
            }
            .href()
            .as_str()
        )
    );
    assert!(first(&r, "time.reltime[datetime]").is_some(), "an age");
    assert!(title().contains("Inbox"), "{}", title());

    // The running runner ends: its row moves to "Needs you" without a reload, the live region
    // and the tab title say so.
    let ended = until_shown(root, &live_key, |s| s.group == "needs-you").await;
    assert_eq!(ended.state, "done");
    assert!(ended.unread);
    let live_title = text(&row(root, &live_key).unwrap(), ".inbox-title");
    until("the news in the live region", || {
        text(root, ".inbox-news")
            .contains(&format!("\u{201c}{live_title}\u{201d} finished"))
            .then_some(())
    })
    .await;
    let t = title();
    assert!(t.starts_with('\u{2713}'), "the tab title marks it: {t}");
    assert!(t.contains("Inbox"), "{t}");
}

#[wasm_bindgen_test]
async fn mark_all_read_moves_ended_items_out_of_needs_you_and_is_kept_on_this_device() {
    let netlify = site().await;
    let runner = done(&netlify, "Add a dark mode").await;
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let task = finished_task(&conn, &agent, "Check the links #fail").await;
    let runner_key = format!("netlify:{}", runner.id);
    let task_key = format!("agentcontainer:{}", task.id);

    let page = open_inbox(Some(netlify.clone()), Some(conn.clone()));
    let root = &page.root;
    until_shown(root, &runner_key, |s| s.unread && s.group == "needs-you").await;
    let failed = until_shown(root, &task_key, |s| s.unread).await;
    assert_eq!(
        (failed.group.as_str(), failed.state.as_str()),
        ("needs-you", "failed")
    );

    click(root, "Mark all read").await;
    let read = until_shown(root, &runner_key, |s| !s.unread).await;
    assert_eq!(read.group, "rest");
    assert_eq!(read.action, "Create the PR", "looked at: its PR is next");
    let read_task = until_shown(root, &task_key, |s| !s.unread).await;
    assert_eq!(read_task.group, "rest");
    drop(page);

    // Opened again: still read.
    let again = open_inbox(Some(netlify), Some(conn));
    let root = &again.root;
    let kept = until_shown(root, &runner_key, |_| true).await;
    assert!(!kept.unread);
    assert!(!until_shown(root, &task_key, |_| true).await.unread);
}

#[wasm_bindgen_test]
async fn with_netlify_only_the_other_section_points_to_connections() {
    let netlify = site().await;
    let runner = done(&netlify, "Add a dark mode").await;
    let page = open_inbox(Some(netlify), None);
    let root = &page.root;
    until_shown(root, &format!("netlify:{}", runner.id), |_| true).await;
    let ac_section = until("the AgentContainer section", || {
        first(root, ".inbox-source[data-service='agentcontainer']")
    })
    .await;
    let link = first(&ac_section, "a").expect("a link");
    assert_eq!(
        link.text_content().unwrap_or_default(),
        "Connect AgentContainer"
    );
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some(Route::Connections.href().as_str())
    );
    assert!(first(root, ".inbox-row[data-service='agentcontainer']").is_none());
    assert!(first(root, ".inbox-none").is_none());
}

#[wasm_bindgen_test]
async fn with_nothing_connected_the_inbox_guides_to_connections() {
    let page = open_inbox(None, None);
    let root = &page.root;
    let notice = until("the guide to Connections", || first(root, ".inbox-none")).await;
    assert!(text(&notice, "p").contains("Nothing is connected yet"));
    let link = first(&notice, "a").expect("a link");
    assert_eq!(link.text_content().unwrap_or_default(), "Open Connections");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some(Route::Connections.href().as_str())
    );
    assert!(first(root, ".inbox-list").is_none());
    assert!(button(root, "Mark all read").is_none());
}

#[wasm_bindgen_test]
async fn a_rejected_netlify_token_is_shown_while_agentcontainer_keeps_listing() {
    let mut netlify = site().await;
    netlify.token = format!("inbox-rejected-{}", (js_sys::Math::random() * 1e9) as u64);
    let conn = agentcontainer();
    let agent = new_agent(&conn).await;
    let task = finished_task(&conn, &agent, "Summarise the changelog").await;

    let page = open_inbox(Some(netlify), Some(conn));
    let root = &page.root;
    let section = until("Netlify's section saying the token was rejected", || {
        first(
            root,
            ".inbox-source[data-service='netlify'] .inbox-source-rejected",
        )
    })
    .await;
    assert!(section
        .text_content()
        .unwrap_or_default()
        .contains("Netlify rejected the token"));
    let link = first(&section, "a").expect("a link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some(Route::Connections.href().as_str())
    );
    let listed = until_shown(root, &format!("agentcontainer:{}", task.id), |_| true).await;
    assert_eq!(listed.state, "finished");
    assert!(first(root, ".inbox-row[data-service='netlify']").is_none());
}
