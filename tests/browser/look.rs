//! Look and feel in a real browser: the theme switch (remembered, applied to `<html>`), the
//! phone menu (a button that says whether it is open, closed by Escape and by picking a link),
//! and the runner page offering "Notify me" only while a run can still finish.

use crate::netlify_common::*;
use crate::support::document;
use crate::support::*;
use agentdeck::api;
use agentdeck::app::App;
use agentdeck::components::theme::STORAGE_KEY;
use agentdeck::config::Connections;
use agentdeck_wire::netlify::CreateRunner;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn html_theme() -> Option<String> {
    document()
        .document_element()
        .unwrap()
        .get_attribute("data-theme")
}

/// The whole app at `path` with no service connected.
fn mount_app(path: &str) -> (Element, impl Drop) {
    go_to(path);
    let root = container();
    let app = leptos::mount::mount_to(root.clone(), || {
        view! { <App initial=Connections::default() /> }
    });
    (root.into(), app)
}

fn key(name: &str) -> web_sys::Event {
    js_sys::eval(&format!(
        "new KeyboardEvent('keydown', {{key: '{name}', bubbles: true, cancelable: true}})"
    ))
    .unwrap()
    .unchecked_into()
}

#[wasm_bindgen_test]
async fn the_theme_switch_applies_the_choice_and_remembers_it() {
    storage().remove_item(STORAGE_KEY).unwrap();
    document()
        .document_element()
        .unwrap()
        .remove_attribute("data-theme")
        .unwrap();

    let (root, app) = mount_app("/connections");
    let select = until("the theme switch", || first(&root, "select[name=theme]")).await;
    assert_eq!(
        select.unchecked_ref::<web_sys::HtmlSelectElement>().value(),
        "system",
        "nothing chosen yet: the system decides"
    );
    assert_eq!(html_theme(), None);

    set_value(&root, "select[name=theme]", "dark");
    assert_eq!(html_theme().as_deref(), Some("dark"));
    assert_eq!(
        storage().get_item(STORAGE_KEY).unwrap().as_deref(),
        Some("dark")
    );
    drop(app);

    // A new visit (the app mounted again, the attribute gone): the choice comes back.
    document()
        .document_element()
        .unwrap()
        .remove_attribute("data-theme")
        .unwrap();
    let (root, app) = mount_app("/connections");
    let select = until("the theme switch again", || {
        first(&root, "select[name=theme]")
    })
    .await;
    assert_eq!(html_theme().as_deref(), Some("dark"));
    assert_eq!(
        select.unchecked_ref::<web_sys::HtmlSelectElement>().value(),
        "dark"
    );

    set_value(&root, "select[name=theme]", "light");
    assert_eq!(html_theme().as_deref(), Some("light"));

    // Back to System: no attribute, nothing remembered.
    set_value(&root, "select[name=theme]", "system");
    assert_eq!(html_theme(), None);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    drop(app);
}

#[wasm_bindgen_test]
async fn the_phone_menu_says_when_it_is_open_and_closes_on_escape_and_navigation() {
    let (root, _app) = mount_app("/connections");
    let button: HtmlElement = until("the Menu button", || first(&root, "button.menu-button"))
        .await
        .unchecked_into();
    assert!(button.text_content().unwrap().contains("Menu"));
    let nav = first(&root, "nav.mainnav").expect("the main navigation");
    assert_eq!(
        button.get_attribute("aria-controls"),
        nav.get_attribute("id"),
        "the button names what it opens"
    );
    let expanded = || button.get_attribute("aria-expanded").unwrap_or_default();
    let topbar = first(&root, ".topbar").unwrap();
    assert_eq!(expanded(), "false");
    assert!(!topbar.has_attribute("data-menu-open"));

    button.click();
    until("the menu open", || (expanded() == "true").then_some(())).await;
    assert!(topbar.has_attribute("data-menu-open"));

    // Escape closes it and puts focus back on the button.
    let link: HtmlElement = first(&nav, "a").unwrap().unchecked_into();
    link.focus().unwrap();
    link.dispatch_event(&key("Escape")).unwrap();
    until("the menu closed by Escape", || {
        (expanded() == "false").then_some(())
    })
    .await;
    assert!(!topbar.has_attribute("data-menu-open"));
    let focused = document().active_element().expect("something focused");
    assert!(
        focused.is_same_node(Some(button.as_ref())),
        "focus is back on the Menu button"
    );

    // Picking a page closes it too.
    button.click();
    until("the menu open again", || {
        (expanded() == "true").then_some(())
    })
    .await;
    let runners: HtmlElement = all(&nav, "a")
        .into_iter()
        .find(|a| a.text_content().unwrap_or_default() == "Runners")
        .expect("a Runners link")
        .unchecked_into();
    runners.click();
    until("the menu closed by picking a link", || {
        (expanded() == "false").then_some(())
    })
    .await;
    assert_eq!(
        runners.get_attribute("href").as_deref(),
        Some("/netlify/runners")
    );
}

/// The notification offer (`Notify me…` or the browser's answer about notifications).
fn notify_offer(root: &Element) -> Option<Element> {
    first(root, ".notify-ask, .notify-state")
}

#[wasm_bindgen_test]
async fn notify_me_is_offered_while_a_run_can_finish_and_not_after() {
    let conn = site().await;
    let r = start(&conn, "Add a dark mode #slow").await;
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;

    // `#slow` keeps the run going well past the page's first render (as in the timeline test).
    let first_state = until("the runner header", || header_state(root)).await;
    assert_ne!(first_state, "done", "the page must have seen the run going");
    assert!(notify_offer(root).is_some(), "offered while running");

    until("the finished runner", || {
        (header_state(root).as_deref() == Some("done")).then_some(())
    })
    .await;
    until("no offer once finished", || {
        notify_offer(root).is_none().then_some(())
    })
    .await;
    drop(page);

    // A run that finished before the page opened never offers it.
    let finished = done(&conn, "Fix the readme typo").await;
    let page = open(&conn, &runner_path(&finished.id));
    let root = &page.root;
    until("the done session", || {
        first(root, ".session[data-state=done]")
    })
    .await;
    assert!(notify_offer(root).is_none(), "nothing to wait for");
    assert!(
        button(root, "Notify me").is_none(),
        "no Notify me on a finished run"
    );
}

#[wasm_bindgen_test]
async fn attachments_are_marked_with_a_named_icon_not_an_emoji() {
    let conn = site().await;
    let r = api::netlify::create_runner(
        &conn,
        &CreateRunner {
            prompt: "Fix the readme typo".into(),
            file_keys: vec!["uploads/look/notes.md".into()],
            ..Default::default()
        },
    )
    .await
    .expect("runner created");
    let page = open(&conn, &runner_path(&r.id));
    let root = &page.root;
    let file = until("the attached file", || first(root, ".session-file")).await;
    assert!(file.text_content().unwrap().contains("notes.md"));
    let icon = first(&file, "svg").expect("an SVG icon the app ships");
    assert_eq!(icon.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        icon.get_attribute("aria-label").as_deref(),
        Some("Attached file")
    );
    assert_eq!(text(&icon, "title"), "Attached file", "a tooltip too");
    // No emoji (system fonts may lack it: an empty box).
    assert!(!root.text_content().unwrap().contains('\u{1F4CE}'));
}
