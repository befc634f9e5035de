//! The runner page's actions in a real browser against local-api: pull request, commit to a
//! branch, revert, archive, stop, redeploy, rebase, each with its success and error path.

use crate::netlify_common::*;
use crate::support::*;
use agentdeck::api;
use agentdeck_wire::netlify::CreateSession;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

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
    // The stop request itself fails (the page's polling GETs of the same path do not): the
    // error is said and the runner keeps running.
    set_fault_for(
        Some("DELETE"),
        "status=500",
        &format!("/agent_runners/{}", r.id),
    )
    .await;
    confirm(root, "Stop the agent", "Yes, stop it").await;
    outcome_error(root, "Stop").await;
    assert!(header_state(root).is_some_and(|s| s == "new" || s == "running"));
    confirm(root, "Stop the agent", "Yes, stop it").await;
    // local-api cancels the live session and its runner (runners.rs `stop`, sessions.rs `cancel`).
    until("stopped", || {
        (header_state(root).as_deref() == Some("cancelled")).then_some(())
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
async fn a_failed_run_is_explained_and_marked_in_the_tab_title() {
    // Headless Chromium cannot grant notifications: a stand-in `Notification` that the user has
    // "allowed" records what the page would show.
    js_sys::eval(
        "window.__shown = []; window.Notification = class { \
           constructor(title) { window.__shown.push(String(title)); } \
           static get permission() { return 'granted'; } \
           static requestPermission() { return Promise.resolve('granted'); } };",
    )
    .expect("stub Notification");
    let shown = || -> Vec<String> {
        let list = js_sys::eval("window.__shown").unwrap_or(wasm_bindgen::JsValue::NULL);
        js_sys::Array::from(&list)
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    };
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
    assert_ne!(
        first_state, "error",
        "the page must have watched the run fail"
    );
    until("the failure marker", || {
        document().title().starts_with('\u{2717}').then_some(())
    })
    .await;
    let notes = until("a notification", || Some(shown()).filter(|n| !n.is_empty())).await;
    assert_eq!(notes.len(), 1, "one notification: {notes:?}");
    assert!(
        notes[0].contains("failed") && notes[0].contains("dark mode"),
        "{notes:?}"
    );
}
