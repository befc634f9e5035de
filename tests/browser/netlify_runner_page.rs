//! The runner page in a real browser against local-api: the timeline updating live (and the
//! page following it), the diff tab, and the follow-up box.

use crate::netlify_common::*;
use crate::support::*;
use agentdeck::api;
use agentdeck_wire::netlify::CreateRunner;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

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
    // Watched from running to done (`#slow` keeps it running for over a second after it was
    // created): the tab title carries the marker.
    assert_ne!(first_state, "done", "the page must have watched the run");
    until("the tab title marker", || {
        document().title().starts_with('\u{2713}').then_some(())
    })
    .await;
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
    // The keydown handler decides synchronously: a send prevents the key's default before it
    // sends, so `dispatch_event` answering "not cancelled" proves the send path was refused.
    let not_cancelled = area.dispatch_event(&key(true)).unwrap();
    assert!(not_cancelled, "nothing sent while composing");
    let box_: web_sys::HtmlTextAreaElement = area.clone().unchecked_into();
    assert_eq!(box_.value(), "Rename the about page", "the draft stays");
    let not_cancelled = area.dispatch_event(&key(false)).unwrap();
    assert!(!not_cancelled, "Ctrl+Enter sends");
    until("a second session", || {
        (all(root, ".session").len() == 2).then_some(())
    })
    .await;
    // Exactly one follow-up reached local-api: the one of the second Enter.
    let sessions = api::netlify::list_all_sessions(&conn, &r.id, true)
        .await
        .expect("sessions");
    assert_eq!(sessions.len(), 2, "{sessions:?}");
    assert_eq!(sessions[1].prompt.as_deref(), Some("Rename the about page"));
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

/// Scrolls the window to `y` and returns once the page has taken note: the page follows the
/// reader with a `scroll` listener on the window, added before this one, so once this one ran,
/// the page's has too. When the position does not change no event comes, and what the page
/// noted at this position stands.
async fn scroll_to(y: f64) {
    let w = web_sys::window().unwrap();
    let before = w.scroll_y().unwrap();
    let seen = Rc::new(Cell::new(false));
    let listener = {
        let seen = seen.clone();
        Closure::<dyn Fn()>::new(move || seen.set(true))
    };
    w.add_event_listener_with_callback("scroll", listener.as_ref().unchecked_ref())
        .unwrap();
    w.scroll_to_with_x_and_y(0.0, y);
    if w.scroll_y().unwrap() != before {
        until("the scroll event", || seen.get().then_some(())).await;
    }
    w.remove_event_listener_with_callback("scroll", listener.as_ref().unchecked_ref())
        .unwrap();
}

/// Resolves in the browser's next animation frame.
async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
}

fn at_bottom() -> bool {
    let w = web_sys::window().unwrap();
    let top = w.scroll_y().unwrap();
    let view = w.inner_height().unwrap().as_f64().unwrap();
    let total = document().document_element().unwrap().scroll_height() as f64;
    top + view >= total - 150.0
}

/// Sends a slow follow-up from the page, with the window scrolled to `y` first; returns once
/// the new session finished.
async fn follow_up_scrolled(root: &Element, y: impl Fn() -> f64) {
    until("the timeline", || first(root, ".session[data-state=done]")).await;
    let w = web_sys::window().unwrap();
    let total = document().document_element().unwrap().scroll_height() as f64;
    assert!(
        total > w.inner_height().unwrap().as_f64().unwrap() + 200.0,
        "the page must be taller than the window for this test"
    );
    set_value(
        root,
        "textarea[name=follow_up]",
        "Rename the about page #slow",
    );
    scroll_to(y()).await;
    click(root, "Send follow-up").await;
    until("the second session done", || {
        (all(root, ".session[data-state=done]").len() == 2).then_some(())
    })
    .await;
    // The page answers new content in an animation frame (scrolling to the end when it
    // follows), requested as the content changed, before the check above saw it: two frames
    // later it has.
    next_frame().await;
    next_frame().await;
}

#[wasm_bindgen_test]
async fn the_page_follows_new_steps_only_from_the_bottom() {
    let conn = site().await;
    let r = done(&conn, "Add a dark mode").await;
    let page = open(&conn, &runner_path(&r.id));
    follow_up_scrolled(&page.root, || {
        document().document_element().unwrap().scroll_height() as f64
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
