//! The runner page in a real browser against local-api: the timeline updating live, the diff
//! tab, the follow-up box, and each action's success and error paths.
#![cfg(target_arch = "wasm32")]

mod support;

use agentdeck::api::{self, NetlifyConnection};
use agentdeck::app::App;
use agentdeck::config::Connections;
use agentdeck_wire::netlify::{AgentRunner, CreateRunner, CreateSession};
use leptos::prelude::*;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

async fn site() -> NetlifyConnection {
    let (site_id, account_id) = fresh_site(false).await;
    NetlifyConnection {
        base_url: netlify_url().to_string(),
        token: "local-netlify-token".into(),
        account_id,
        site_id,
    }
}

async fn start(conn: &NetlifyConnection, prompt: &str) -> AgentRunner {
    api::netlify::create_runner(
        conn,
        &CreateRunner {
            prompt: prompt.into(),
            ..Default::default()
        },
    )
    .await
    .expect("runner created")
}

/// Waits (through the API, not the page) until the runner satisfies `ok`.
async fn settle(
    conn: &NetlifyConnection,
    id: &str,
    ok: impl Fn(&AgentRunner) -> bool,
) -> AgentRunner {
    for _ in 0..200 {
        let r = api::netlify::get_runner(conn, id).await.expect("runner");
        if ok(&r) {
            return r;
        }
        sleep(100).await;
    }
    panic!("runner {id} never settled");
}

async fn done(conn: &NetlifyConnection, prompt: &str) -> AgentRunner {
    let r = start(conn, prompt).await;
    settle(conn, &r.id, |r| {
        !r.state.is_live() && r.latest_session_state.as_ref().is_none_or(|s| !s.is_live())
    })
    .await
}

struct Page {
    root: Element,
    _app: Box<dyn std::any::Any>,
}

fn open(conn: &NetlifyConnection, path: &str) -> Page {
    go_to(path);
    let root = container();
    let conns = Connections {
        netlify: Some(conn.clone()),
        ..Default::default()
    };
    let app = leptos::mount::mount_to(root.clone(), move || view! { <App initial=conns /> });
    Page {
        root: root.into(),
        _app: Box::new(app),
    }
}

fn runner_path(id: &str) -> String {
    format!("/netlify/runners/{id}")
}

fn header_state(root: &Element) -> Option<String> {
    first(root, ".runner-title-row .badge").and_then(|b| b.get_attribute("data-state"))
}

async fn set_fault(spec: &str, path_contains: &str) {
    let body = serde_json::json!({"spec": spec, "count": 1, "path_contains": path_contains, "api": "netlify"});
    let resp = gloo_net::http::Request::post(&format!("{}/__admin/faults", netlify_origin()))
        .json(&body)
        .unwrap()
        .send()
        .await
        .expect("local-api answers");
    assert!(resp.ok(), "setting a fault failed: {}", resp.status());
}

async fn confirm(root: &Element, label: &str, yes: &str) {
    click(root, label).await;
    let dialog = until("the confirmation", || first(root, ".confirm")).await;
    assert!(!dialog.text_content().unwrap_or_default().is_empty());
    click(root, yes).await;
}

#[wasm_bindgen_test]
async fn the_timeline_follows_a_running_session_live() {
    let conn = site().await;
    let r = start(&conn, "Add a dark mode #slow").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;

    let first_state = until("the runner header", || header_state(root)).await;
    // Without reloading, the page reaches the end: steps, result, result branch, preview.
    until("the finished runner", || {
        (header_state(root).as_deref() == Some("done")).then_some(())
    })
    .await;
    let session = until("the done session", || {
        first(root, ".session[data-state=done]")
    })
    .await;
    until("the result", || {
        Some(text(&session, ".session-result")).filter(|t| t.contains("Dark mode"))
    })
    .await;
    assert!(all(&session, ".step").len() >= 3, "steps are listed");
    assert!(text(&session, ".session-prompt").contains("Add a dark mode"));
    assert!(text(&session, ".session-duration").contains("took"));
    assert!(
        text(root, ".runner-facts").contains("agent-"),
        "result branch shown"
    );
    let preview = first(root, "a.deploy-preview").expect("a deploy preview link");
    assert!(preview.get_attribute("href").unwrap().starts_with("http"));
    // Watched from running to done: the tab title carries the marker.
    if first_state != "done" {
        until("the tab title marker", || {
            support::document()
                .title()
                .starts_with('\u{2713}')
                .then_some(())
        })
        .await;
    }
}

#[wasm_bindgen_test]
async fn the_changes_tab_shows_diffs_and_says_when_there_are_none() {
    let conn = site().await;
    let r = done(&conn, "Fix the readme typo").await;
    let page = open(&conn, &format!("{}?tab=diff", runner_path(&r.id)));
    let root = &page.root;
    until("the diff viewer", || first(root, ".dv-files")).await;
    until("a file of the diff", || {
        Some(text(root, ".dv")).filter(|t| t.contains("README"))
    })
    .await;

    // A session's own diff, chosen in the picker, goes into the URL.
    let session_id = api::netlify::list_all_sessions(&conn, &r.id, false)
        .await
        .unwrap()[0]
        .id
        .clone();
    set_value(
        root,
        "select[name=diff_source]",
        &format!("cumulative:{session_id}"),
    );
    until("the session in the URL", || {
        location_search().contains("kind=cumulative").then_some(())
    })
    .await;
    until("the diff viewer again", || first(root, ".dv-files")).await;
    drop(page);

    // Ask mode changes nothing: "no changes", not an error.
    let ask = api::netlify::create_runner(
        &conn,
        &CreateRunner {
            prompt: "What does the contact page do?".into(),
            mode: Some(agentdeck_wire::netlify::SessionMode::Ask),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    settle(&conn, &ask.id, |r| !r.state.is_live()).await;
    let page = open(&conn, &format!("{}?tab=diff", runner_path(&ask.id)));
    until("no changes", || first(&page.root, ".no-changes")).await;
}

#[wasm_bindgen_test]
async fn a_follow_up_keeps_its_text_on_failure_and_starts_a_session() {
    let conn = site().await;
    let r = done(&conn, "Add a dark mode").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    until("the timeline", || first(root, ".session[data-state=done]")).await;

    // Refused by the server (credits): the text stays, the reason is shown.
    set_value(root, "textarea[name=follow_up]", "Also the logo #credits");
    click(root, "Send follow-up").await;
    let alert = until("the error", || {
        first(root, ".follow-up .notice-error")
            .filter(|e| !e.text_content().unwrap_or_default().is_empty())
    })
    .await;
    assert!(
        alert.text_content().unwrap().contains("kept"),
        "{:?}",
        alert.text_content()
    );
    let area: web_sys::HtmlTextAreaElement = first(root, "textarea[name=follow_up]")
        .unwrap()
        .unchecked_into();
    assert_eq!(area.value(), "Also the logo #credits");
    // The draft survives a reload.
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = format!("agentdeck.draft.v1.follow-up.{}", r.id);
    assert_eq!(
        stored.get_item(&key).unwrap().as_deref(),
        Some("Also the logo #credits")
    );

    // Sent: a second session appears, the box empties, the draft is gone; while it runs the
    // box says why it cannot send.
    set_value(root, "textarea[name=follow_up]", "Now a new logo #slow");
    click(root, "Send follow-up").await;
    until("a second session", || {
        (all(root, ".session").len() == 2).then_some(())
    })
    .await;
    assert_eq!(area.value(), "");
    assert_eq!(stored.get_item(&key).unwrap(), None);
    until("the second session done", || {
        (all(root, ".session[data-state=done]").len() == 2).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn ctrl_enter_sends_but_not_while_composing() {
    let conn = site().await;
    let r = done(&conn, "Fix the readme typo").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    until("the timeline", || first(root, ".session[data-state=done]")).await;
    set_value(root, "textarea[name=follow_up]", "Rename the about page");
    let area = first(root, "textarea[name=follow_up]").unwrap();
    let key = |composing: bool| -> web_sys::Event {
        js_sys::eval(&format!(
            "new KeyboardEvent('keydown', {{key: 'Enter', ctrlKey: true, isComposing: {composing}, bubbles: true, cancelable: true}})"
        ))
        .unwrap()
        .unchecked_into()
    };
    area.dispatch_event(&key(true)).unwrap();
    sleep(500).await;
    assert_eq!(
        all(root, ".session").len(),
        1,
        "nothing sent while composing"
    );
    area.dispatch_event(&key(false)).unwrap();
    until("a second session", || {
        (all(root, ".session").len() == 2).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_pull_request_shows_its_link_or_its_error() {
    let conn = site().await;
    let r = done(&conn, "Add a contact form").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    confirm(root, "Open a pull request", "Yes, open it").await;
    let link = until("the PR link", || first(root, "a.pr-link")).await;
    assert!(link.get_attribute("href").unwrap().starts_with("http"));
    assert!(link.text_content().unwrap().contains("PR #"));
    assert!(first(root, ".runner-facts .badge[data-state=open]").is_some());
    drop(page);

    let r = done(&conn, "Add a contact form #pr-fail").await;
    let page = open(&conn, &runner_path(&r.id));
    confirm(&page.root, "Open a pull request", "Yes, open it").await;
    let err = until("the PR error", || first(&page.root, ".pr-error")).await;
    assert!(err.text_content().unwrap().contains("Could not be created"));
}

#[wasm_bindgen_test]
async fn commit_to_a_branch_refuses_main_and_reports_server_errors() {
    let conn = site().await;
    let r = done(&conn, "Add a dark mode").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    until("the commit form", || {
        first(root, "input[name=target_branch]")
    })
    .await;

    set_value(root, "input[name=target_branch]", "main");
    until("main refused", || {
        Some(text(root, ".commit-form .field-error")).filter(|t| t.contains("main branch"))
    })
    .await;
    assert!(
        button(root, "Commit").is_none(),
        "no request possible for main"
    );
    set_value(root, "input[name=target_branch]", "bad name");
    until("a bad name refused", || {
        Some(text(root, ".commit-form .field-error")).filter(|t| t.contains("not a valid"))
    })
    .await;

    // A server failure is explained and nothing is lost.
    set_value(root, "input[name=target_branch]", "feature-x");
    let label = until("the commit button", || {
        button(root, "to branch feature-x").map(|b| b.text_content().unwrap_or_default())
    })
    .await;
    assert!(
        label.starts_with("Commit ") && label.contains("file"),
        "{label}"
    );
    set_fault("status=500", &format!("{}/commit", r.id)).await;
    confirm(root, "to branch feature-x", "Yes, commit to feature-x").await;
    let alert = until("the failure", || {
        first(root, ".action-outcome.notice-error")
    })
    .await;
    assert!(
        alert.text_content().unwrap().contains("Commit failed"),
        "{:?}",
        alert.text_content()
    );

    confirm(root, "to branch feature-x", "Yes, commit to feature-x").await;
    until("the merge commit", || {
        Some(text(root, ".merge-commit")).filter(|t| t.contains("Committed as"))
    })
    .await;
    assert!(text(root, ".action-outcome").contains("feature-x"));
}

#[wasm_bindgen_test]
async fn revert_discards_later_sessions_and_archive_ends_follow_ups() {
    let conn = site().await;
    let r = done(&conn, "Add a dark mode").await;
    api::netlify::create_session(
        &conn,
        &r.id,
        &CreateSession {
            prompt: "Rename the about page".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    settle(&conn, &r.id, |r| {
        !r.state.is_live() && r.latest_session_state.as_ref().is_none_or(|s| !s.is_live())
    })
    .await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    until("two sessions", || {
        (all(root, ".session").len() == 2).then_some(())
    })
    .await;

    click(root, "Revert to session #1").await;
    let dialog = until("the confirmation", || first(root, ".confirm")).await;
    assert!(dialog.text_content().unwrap().contains("discarded"));
    click(root, "Yes, revert").await;
    until("one session left", || {
        (all(root, ".session").len() == 1).then_some(())
    })
    .await;
    let toggle = until("the discarded toggle", || {
        first(root, ".show-discarded input")
    })
    .await;
    toggle.unchecked_ref::<web_sys::HtmlElement>().click();
    until("the discarded session", || {
        first(root, ".session-discarded")
    })
    .await;

    confirm(root, "Archive", "Yes, archive it").await;
    until("archived", || {
        (header_state(root).as_deref() == Some("archived")).then_some(())
    })
    .await;
    set_value(root, "textarea[name=follow_up]", "One more thing");
    until("the reason", || {
        Some(text(root, ".follow-up-blocked")).filter(|t| t.contains("archived"))
    })
    .await;
    assert!(button(root, "Send follow-up").is_none());
}

#[wasm_bindgen_test]
async fn stop_and_redeploy() {
    let conn = site().await;
    let r = start(&conn, "Improve accessibility #slow #slow").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    confirm(root, "Stop the agent", "Yes, stop it").await;
    until("stopped", || {
        header_state(root).filter(|s| s != "new" && s != "running")
    })
    .await;
    drop(page);

    let r = done(&conn, "Add a dark mode").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    confirm(root, "Redeploy", "Yes, redeploy").await;
    until("a redeploy session", || {
        all(root, ".session-mode")
            .iter()
            .any(|m| m.text_content().unwrap_or_default().contains("Redeploy"))
            .then_some(())
    })
    .await;
}

/// A site without a git repository: Netlify offers "rebase onto production" there.
async fn site_without_git() -> NetlifyConnection {
    let url = format!("{}/__admin/sites?demo=false&git=false", netlify_origin());
    let resp = gloo_net::http::Request::post(&url).send().await.unwrap();
    assert!(resp.ok());
    let v: serde_json::Value = resp.json().await.unwrap();
    NetlifyConnection {
        base_url: netlify_url().to_string(),
        token: "local-netlify-token".into(),
        account_id: v["account_id"].as_str().unwrap().into(),
        site_id: v["site_id"].as_str().unwrap().into(),
    }
}

async fn outcome_error(root: &Element, what: &str) {
    let failed = format!("{what} failed");
    let t = until(&format!("the {what} failure"), || {
        first(root, ".action-outcome.notice-error")
            .and_then(|a| a.text_content())
            .filter(|t| t.contains(&failed))
    })
    .await;
    assert!(t.contains("HTTP 500"), "{t}");
}

#[wasm_bindgen_test]
async fn each_action_explains_a_server_failure_then_works() {
    let conn = site_without_git().await;
    let r = done(&conn, "Add a dark mode").await;
    api::netlify::create_session(
        &conn,
        &r.id,
        &CreateSession {
            prompt: "Rename the about page".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    settle(&conn, &r.id, |r| {
        !r.state.is_live() && r.latest_session_state.as_ref().is_none_or(|s| !s.is_live())
    })
    .await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    until("two sessions", || {
        (all(root, ".session").len() == 2).then_some(())
    })
    .await;

    set_fault("status=500", &format!("{}/rebase", r.id)).await;
    click(root, "Rebase onto production").await;
    outcome_error(root, "Rebase").await;
    click(root, "Rebase onto production").await;
    until("a rebase session", || {
        all(root, ".session-mode")
            .iter()
            .any(|m| m.text_content().unwrap_or_default().contains("Rebase"))
            .then_some(())
    })
    .await;
    until("all sessions done", || {
        (all(root, ".session").len() == 3 && all(root, ".session[data-state=done]").len() == 3)
            .then_some(())
    })
    .await;

    set_fault("status=500", &format!("{}/revert", r.id)).await;
    confirm(root, "Revert to session #1", "Yes, revert").await;
    outcome_error(root, "Revert to session #1").await;
    assert_eq!(all(root, ".session").len(), 3, "nothing discarded");

    set_fault("status=500", "/redeploy").await;
    confirm(root, "Redeploy", "Yes, redeploy").await;
    outcome_error(root, "Redeploy").await;

    set_fault("status=500", &format!("{}/archive", r.id)).await;
    confirm(root, "Archive", "Yes, archive it").await;
    outcome_error(root, "Archive").await;
    assert_ne!(header_state(root).as_deref(), Some("archived"));
    confirm(root, "Archive", "Yes, archive it").await;
    until("archived", || {
        (header_state(root).as_deref() == Some("archived")).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_follow_up_carries_a_pasted_file() {
    let conn = site().await;
    let r = done(&conn, "Fix the readme typo").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    until("the timeline", || first(root, ".session[data-state=done]")).await;
    set_value(root, "textarea[name=follow_up]", "Match the attached notes");
    let area = first(root, "textarea[name=follow_up]").unwrap();
    let ev: web_sys::Event = js_sys::eval(
        "(() => { const dt = new DataTransfer(); dt.items.add(new File(['be brief'], 'notes.txt', {type: 'text/plain'})); return new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}); })()",
    )
    .unwrap()
    .unchecked_into();
    area.dispatch_event(&ev).unwrap();
    until("the file uploaded", || {
        first(root, ".follow-up .attachment[data-state=done]")
    })
    .await;
    click(root, "Send follow-up").await;
    until("the second session with the file", || {
        let sessions = all(root, ".session");
        let second = sessions.get(1)?;
        text(second, ".session-files")
            .contains("notes.txt")
            .then_some(())
    })
    .await;
    assert!(
        first(root, ".follow-up .attachment").is_none(),
        "the box is empty again"
    );
}

fn scroll_to(y: f64) {
    web_sys::window().unwrap().scroll_to_with_x_and_y(0.0, y);
}

fn at_bottom() -> bool {
    let w = web_sys::window().unwrap();
    let top = w.scroll_y().unwrap();
    let view = w.inner_height().unwrap().as_f64().unwrap();
    let total = support::document()
        .document_element()
        .unwrap()
        .scroll_height() as f64;
    top + view >= total - 150.0
}

/// Sends a slow follow-up from the page, with the window scrolled to `y` first; returns once
/// the new session finished.
async fn follow_up_scrolled(root: &Element, y: impl Fn() -> f64) {
    until("the timeline", || first(root, ".session[data-state=done]")).await;
    let w = web_sys::window().unwrap();
    let total = support::document()
        .document_element()
        .unwrap()
        .scroll_height() as f64;
    assert!(
        total > w.inner_height().unwrap().as_f64().unwrap() + 200.0,
        "the page must be taller than the window for this test"
    );
    set_value(
        root,
        "textarea[name=follow_up]",
        "Rename the about page #slow",
    );
    scroll_to(y());
    sleep(200).await;
    click(root, "Send follow-up").await;
    until("the second session done", || {
        (all(root, ".session[data-state=done]").len() == 2).then_some(())
    })
    .await;
    sleep(300).await;
}

#[wasm_bindgen_test]
async fn the_page_follows_new_steps_only_from_the_bottom() {
    let conn = site().await;
    let r = done(&conn, "Add a dark mode").await;
    let page = open(&conn, &runner_path(&r.id));
    follow_up_scrolled(&page.root, || {
        support::document()
            .document_element()
            .unwrap()
            .scroll_height() as f64
    })
    .await;
    assert!(
        at_bottom(),
        "the reader at the bottom is kept at the bottom"
    );
    drop(page);

    let r = done(&conn, "Add a dark mode").await;
    let page = open(&conn, &runner_path(&r.id));
    follow_up_scrolled(&page.root, || 0.0).await;
    let y = web_sys::window().unwrap().scroll_y().unwrap();
    assert!(
        y < 50.0,
        "a reader who scrolled up stays there (scrollY {y})"
    );
}

#[wasm_bindgen_test]
async fn a_failed_run_is_explained_and_marked_in_the_tab_title() {
    let conn = site().await;
    let r = start(&conn, "Add a dark mode #fail #slow").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    let first_state = until("the runner header", || header_state(root)).await;
    until("the failure explained", || {
        Some(text(root, ".runner-problem")).filter(|t| t.contains("The agent failed"))
    })
    .await;
    assert_eq!(header_state(root).as_deref(), Some("error"));
    if first_state != "error" {
        until("the failure marker", || {
            support::document()
                .title()
                .starts_with('\u{2717}')
                .then_some(())
        })
        .await;
    }
}
