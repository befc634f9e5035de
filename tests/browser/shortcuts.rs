//! Keyboard shortcuts and dialog focus in a real browser: keydown events dispatched the way a key
//! press arrives (on the focused element, bubbling to the window). A dispatched event reports
//! whether a handler cancelled it: shortcuts cancel the keys they act on, so "not cancelled" is
//! what a key that must do nothing shows at once.

use crate::netlify_common::{self, open};
use crate::support::document;
use crate::support::*;
use agentdeck::components::confirm::ConfirmButton;
use agentdeck::components::diff_viewer::DiffViewer;
use agentdeck::components::shortcuts::Shortcuts;
use agentdeck::config::Connections;
use agentdeck::keyboard::HELP;
use agentdeck::routes::Route;
use leptos::prelude::*;
use leptos_router::components::Router;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, EventTarget, HtmlElement, KeyboardEvent, KeyboardEventInit};

#[derive(Default, Clone, Copy)]
struct Mods {
    shift: bool,
    ctrl: bool,
    composing: bool,
    key_code: u32,
}

/// Dispatches a keydown of `key` on `target`; true when no handler cancelled it.
fn key_with(target: &EventTarget, key: &str, m: Mods) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_shift_key(m.shift);
    init.set_ctrl_key(m.ctrl);
    init.set_is_composing(m.composing);
    if m.key_code != 0 {
        init.set_key_code(m.key_code);
    }
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap()
}

/// A key pressed where the focus is (the body when nothing has it).
fn press(key: &str) -> bool {
    press_with(key, Mods::default())
}

fn press_with(key: &str, m: Mods) -> bool {
    let target: EventTarget = match document().active_element() {
        Some(el) => el.into(),
        None => document().body().unwrap().into(),
    };
    key_with(&target, key, m)
}

fn active() -> Option<Element> {
    document().active_element()
}

fn is_active(el: &Element) -> bool {
    active().is_some_and(|a| a.is_same_node(Some(el)))
}

/// Takes the focus off whatever has it (the body then receives the keys).
fn blur() {
    if let Some(a) = active() {
        a.unchecked_into::<HtmlElement>().blur().unwrap();
    }
}

/// Counts the clicks `el` receives. The tests check that a key clicks the right link; following
/// a link is the router's part (an app mounted by an earlier test in the same page may still
/// hold the router's click listener, so a navigation is not asserted here).
fn clicks_on(el: &Element) -> Rc<Cell<u32>> {
    let n = Rc::new(Cell::new(0));
    let count = n.clone();
    let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| count.set(count.get() + 1));
    el.add_event_listener_with_callback("click", cb.as_ref().unchecked_ref())
        .unwrap();
    cb.forget();
    n
}

fn pathname() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

fn open_dialog(root: &Element) -> Option<Element> {
    first(root, "dialog[open]")
}

fn mount_app(path: &str, conns: Connections) -> (Element, Box<dyn std::any::Any>) {
    go_to(path);
    let root = container();
    let app = leptos::mount::mount_to(
        root.clone(),
        move || view! { <agentdeck::app::App initial=conns /> },
    );
    (root.into(), Box::new(app))
}

#[wasm_bindgen_test]
async fn question_mark_shows_every_shortcut_and_escape_closes_it_restoring_focus() {
    let (root, _app) = mount_app(&Route::Connections.href(), Connections::default());
    let opener: HtmlElement = until("the shortcuts button", || {
        first(&root, "button[aria-label='Keyboard shortcuts']")
    })
    .await
    .unchecked_into();
    opener.focus().unwrap();

    let shift = Mods {
        shift: true,
        ..Default::default()
    };
    assert!(!press_with("?", shift), "`?` is taken by the shortcut");
    let dialog = until("the help dialog", || open_dialog(&root)).await;
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(
        dialog.get_attribute("aria-label").as_deref(),
        Some("Keyboard shortcuts")
    );
    let text = dialog.text_content().unwrap();
    for what in [
        "Go to the inbox",
        "Go to the runners",
        "Go to the agents",
        "Go to the connections",
        "Select the next row",
        "Open the selected row",
        "Focus the search",
        "Next file",
        "Mark the current file viewed",
        "Send the prompt or message",
    ] {
        assert!(text.contains(what), "{what} missing from: {text}");
    }
    // Exactly the table the key handler is documented by: one row per shortcut, one heading
    // per group, in its order.
    let rows = all(&dialog, ".shortcuts-list dd");
    let listed: Vec<&str> = HELP
        .iter()
        .flat_map(|g| g.shortcuts.iter().map(|s| s.what))
        .collect();
    let shown: Vec<String> = rows.iter().map(|r| r.text_content().unwrap()).collect();
    assert_eq!(shown, listed);
    let heads: Vec<String> = all(&dialog, "h3")
        .iter()
        .map(|h| h.text_content().unwrap())
        .collect();
    assert_eq!(heads, HELP.iter().map(|g| g.title).collect::<Vec<_>>());
    // Focus starts on its first control (Close), and Tab stays inside (it is the only one).
    let close = until("focus in the dialog", || {
        active().filter(|a| dialog.contains(Some(a)))
    })
    .await;
    assert_eq!(close.text_content().as_deref(), Some("Close"));
    assert!(!press("Tab"));
    assert!(is_active(&close));
    // While it is open, shortcuts wait: `g c` does not navigate away.
    let here = pathname();
    assert!(press("g") && press("c"));
    assert_eq!(pathname(), here);

    assert!(!press("Escape"));
    until("the dialog closed", || {
        open_dialog(&root).is_none().then_some(())
    })
    .await;
    until("focus back on the button", || {
        is_active(&opener).then_some(())
    })
    .await;

    // The button opens it too.
    opener.click();
    until("the help dialog again", || open_dialog(&root)).await;
    click(&root, "Close").await;
    until("closed by its button", || {
        open_dialog(&root).is_none().then_some(())
    })
    .await;
    until("focus back again", || is_active(&opener).then_some(())).await;
}

#[wasm_bindgen_test]
async fn g_then_a_letter_navigates() {
    let (root, _app) = mount_app(&Route::Connections.href(), Connections::default());
    until("the connections page", || first(&root, ".page-header h1")).await;
    blur();

    assert!(!press("g"));
    assert!(!press("r"));
    until("the runners page", || {
        (pathname() == Route::runners().href()).then_some(())
    })
    .await;
    until("its heading", || {
        Some(()).filter(|_| text(&root, "h1") == "Agent runners")
    })
    .await;

    press("g");
    press("c");
    until("the connections page", || {
        (pathname() == Route::Connections.href()).then_some(())
    })
    .await;
    press("g");
    press("a");
    until("the agents page", || {
        (pathname() == Route::AcAgents { archived: false }.href()).then_some(())
    })
    .await;
    press("g");
    press("i");
    until("the inbox", || {
        (pathname() == Route::Home.href()).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn keys_typed_into_a_field_are_not_shortcuts() {
    let (root, _app) = mount_app(&Route::Connections.href(), Connections::default());
    let input: HtmlElement = until("a text field", || {
        first(&root, "main input:not([type=checkbox])")
    })
    .await
    .unchecked_into();
    input.focus().unwrap();
    let here = pathname();
    for k in ["g", "r", "?", "j", "/", "n"] {
        assert!(press(k), "`{k}` typed into a field was taken by a shortcut");
    }
    assert_eq!(pathname(), here);
    assert!(open_dialog(&root).is_none());
    // The same in a text area and in anything contenteditable.
    for (tag, attr) in [("textarea", "aria-label"), ("div", "contenteditable")] {
        let field: HtmlElement = document().create_element(tag).unwrap().unchecked_into();
        field.set_attribute(attr, "true").unwrap();
        field.set_text_content(Some("x"));
        root.append_child(&field).unwrap();
        field.focus().unwrap();
        assert!(is_active(&field), "the {tag} took the focus");
        for k in ["g", "c", "?", "j", "k", "/", "n", "Enter"] {
            assert!(press(k), "`{k}` typed into a {tag} was taken by a shortcut");
        }
        field.remove();
    }
    assert_eq!(pathname(), here);
    assert!(open_dialog(&root).is_none());

    // With a modifier held, no shortcut either (even outside a field).
    blur();
    let ctrl = Mods {
        ctrl: true,
        ..Default::default()
    };
    assert!(press_with("g", ctrl) && press("r"));
    assert_eq!(pathname(), here);
    // The same key outside a field is a shortcut: the listener was there all along.
    assert!(!press_with(
        "?",
        Mods {
            shift: true,
            ..Default::default()
        }
    ));
    until("the help dialog", || open_dialog(&root)).await;
    press("Escape");
}

#[wasm_bindgen_test]
async fn a_composing_enter_does_not_send_the_prompt() {
    let conn = netlify_common::site().await;
    let page = open(&conn, &Route::NewRunner { parent: None }.href());
    let root = &page.root;
    let prompt = until("the prompt box", || first(root, "textarea[name=prompt]")).await;
    set_value(root, "textarea[name=prompt]", "Add a footer");
    let composing = Mods {
        ctrl: true,
        composing: true,
        ..Default::default()
    };
    assert!(
        key_with(&prompt, "Enter", composing),
        "sent while composing"
    );
    let legacy = Mods {
        ctrl: true,
        key_code: 229,
        ..Default::default()
    };
    assert!(key_with(&prompt, "Enter", legacy), "sent on key code 229");
    assert_eq!(pathname(), Route::NewRunner { parent: None }.href());

    // Composition over, Ctrl+Enter sends: the new runner opens.
    let send = Mods {
        ctrl: true,
        ..Default::default()
    };
    assert!(!key_with(&prompt, "Enter", send));
    let list = until_async("the runner created", || async {
        let q = Default::default();
        let l = agentdeck::api::netlify::list_runners(&conn, &q)
            .await
            .ok()?;
        (!l.items.is_empty()).then_some(l.items)
    })
    .await;
    assert_eq!(list.len(), 1);
    until("its page", || {
        (pathname() == Route::runner(&list[0].id).href()).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn j_k_and_enter_move_through_and_open_the_runners_list() {
    let (site_id, account_id) = fresh_site(true).await;
    let conn = agentdeck::api::NetlifyConnection {
        base_url: netlify_url().to_string(),
        token: "local-netlify-token".into(),
        account_id,
        site_id,
    };
    let page = open(&conn, &Route::runners().href());
    let root = &page.root;
    let items = until("the rows", || {
        Some(all(root, "[data-nav-list] [data-nav-item]")).filter(|v| v.len() >= 3)
    })
    .await;
    blur();

    assert!(!press("j"));
    assert!(is_active(&items[0]), "j selects the first row");
    press("j");
    press("j");
    assert!(is_active(&items[2]));
    press("k");
    assert!(is_active(&items[1]));
    // The selected row is on screen.
    let r = items[1].get_bounding_client_rect();
    let h = web_sys::window()
        .unwrap()
        .inner_height()
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(
        r.top() >= 0.0 && r.bottom() <= h,
        "{} {}",
        r.top(),
        r.bottom()
    );

    // `/` focuses the list's search (the title filter).
    assert!(!press("/"));
    let search = active().unwrap();
    assert_eq!(search.get_attribute("name").as_deref(), Some("title"));
    // Back on a row, Enter opens it (clicks its link).
    items[1].unchecked_ref::<HtmlElement>().focus().unwrap();
    let opened = clicks_on(&items[1]);
    assert!(!press("Enter"));
    assert_eq!(opened.get(), 1);
    // Enter elsewhere (not on a row) is left alone.
    blur();
    assert!(press("Enter"));
    assert_eq!(opened.get(), 1);
}

#[wasm_bindgen_test]
async fn n_starts_a_new_runner_from_the_runners_list() {
    let conn = netlify_common::site().await;
    let page = open(&conn, &Route::runners().href());
    let link = until("the New runner link", || {
        first(&page.root, "[data-shortcut=new]")
    })
    .await;
    assert_eq!(
        link.get_attribute("href"),
        Some(Route::NewRunner { parent: None }.href())
    );
    let clicked = clicks_on(&link);
    blur();
    assert!(!press("n"));
    assert_eq!(clicked.get(), 1, "n clicked the New runner link");
}

const PATCH: &str = "diff --git a/a.txt b/a.txt
--- a/a.txt
+++ b/a.txt
@@ -1 +1 @@
-one
+two
diff --git a/b.txt b/b.txt
--- a/b.txt
+++ b/b.txt
@@ -1 +1 @@
-three
+four
diff --git a/c.txt b/c.txt
--- a/c.txt
+++ b/c.txt
@@ -1 +1 @@
-five
+six
";

fn current_file(root: &Element) -> Option<String> {
    first(root, ".dv-item-current").and_then(|e| e.get_attribute("title"))
}

#[wasm_bindgen_test]
async fn n_p_v_step_through_the_diff_viewers_files() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), || {
        view! {
            <Router>
                <Shortcuts />
                <DiffViewer patch=PATCH.to_string() height="400px" />
            </Router>
        }
    });
    let root: Element = root.into();
    until("the first file current", || {
        current_file(&root).filter(|f| f == "a.txt")
    })
    .await;
    blur();

    assert!(!press("n"));
    until("b.txt current", || {
        current_file(&root).filter(|f| f == "b.txt")
    })
    .await;
    assert!(text(&root, ".dv-status-msg").contains("File 2 of 3: b.txt"));
    press("n");
    until("c.txt current", || {
        current_file(&root).filter(|f| f == "c.txt")
    })
    .await;
    press("p");
    until("back on b.txt", || {
        current_file(&root).filter(|f| f == "b.txt")
    })
    .await;

    assert!(!press("v"));
    until("b.txt viewed", || {
        first(&root, ".dv-item-current.dv-item-viewed").map(|_| ())
    })
    .await;
    assert!(text(&root, ".dv-status-msg").contains("b.txt marked viewed"));
    press("v");
    until("b.txt not viewed again", || {
        first(&root, ".dv-item-current:not(.dv-item-viewed)").map(|_| ())
    })
    .await;
    assert!(first(&root, ".dv-item-viewed").is_none());
}

#[wasm_bindgen_test]
async fn the_confirm_dialog_traps_focus_and_gives_it_back() {
    let root = container();
    let confirmed = RwSignal::new(0u32);
    let _app = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ConfirmButton
                label="Archive"
                confirm_label="Yes, archive it"
                explanation="The runner moves to the archive."
                on_confirm=Callback::new(move |_| confirmed.update(|n| *n += 1))
            />
        }
    });
    let root: Element = root.into();
    let trigger: HtmlElement = until("the button", || button(&root, "Archive")).await;
    trigger.focus().unwrap();
    trigger.click();

    let dialog = until("the question", || open_dialog(&root)).await;
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("alertdialog"));
    assert_eq!(
        dialog.get_attribute("aria-label").as_deref(),
        Some("Archive")
    );
    let yes: Element = until("focus on the confirm button", || {
        active().filter(|a| a.text_content().as_deref() == Some("Yes, archive it"))
    })
    .await;
    let cancel: Element = button(&dialog, "Cancel").unwrap().into();
    // Tab and Shift+Tab cycle between its two buttons.
    let shift_tab = Mods {
        shift: true,
        ..Default::default()
    };
    assert!(!press_with("Tab", shift_tab));
    assert!(
        is_active(&cancel),
        "Shift+Tab from the first goes to the last"
    );
    assert!(!press("Tab"));
    assert!(is_active(&yes), "Tab from the last goes to the first");

    // Escape closes without confirming; focus returns to the button.
    assert!(!press("Escape"));
    until("closed", || open_dialog(&root).is_none().then_some(())).await;
    until("focus on the button", || is_active(&trigger).then_some(())).await;
    assert_eq!(confirmed.get_untracked(), 0);

    // Asked again and confirmed: the action runs once.
    trigger.click();
    until("the question again", || open_dialog(&root)).await;
    click(&root, "Yes, archive it").await;
    until("closed after confirming", || {
        open_dialog(&root).is_none().then_some(())
    })
    .await;
    assert_eq!(confirmed.get_untracked(), 1);
    until("focus back", || is_active(&trigger).then_some(())).await;
}
