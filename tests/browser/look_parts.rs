//! Look and feel, the small parts on their own: a relative time with the exact time on hover and
//! focus, a shortened id with its copy button and the toast saying how the copy went, and the
//! skeleton announced as a status while a list loads.

use crate::support::*;
use agentdeck::components::short_id::ShortId;
use agentdeck::components::skeleton::Skeleton;
use agentdeck::components::time::RelativeTime;
use agentdeck::components::toast::{provide_toasts, ToastRegion};
use agentdeck_wire::Timestamp;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

const SHA: &str = "4f1c2d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";

#[wasm_bindgen_test]
async fn a_relative_time_shows_the_exact_time_on_hover_and_focus() {
    let five_min_ago = js_sys::Date::new(&(js_sys::Date::now() - 5.0 * 60_000.0).into());
    let iso: String = five_min_ago.to_iso_string().into();
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), {
        let iso = iso.clone();
        move || view! { <RelativeTime ts=Timestamp::new(iso) /> }
    });
    let time = until("the time", || first(&root, "time")).await;
    assert_eq!(time.text_content().unwrap(), "5 min ago");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some(iso.as_str())
    );
    let exact = time
        .get_attribute("title")
        .expect("the exact time as a tooltip");
    assert_ne!(exact, iso, "in the reader's words, not the raw timestamp");
    let year = five_min_ago.get_full_year().to_string();
    assert!(exact.contains(&year), "{exact}");
    assert_eq!(
        time.get_attribute("tabindex").as_deref(),
        Some("0"),
        "keyboard users reach it too"
    );
}

/// Replaces `navigator.clipboard` (`works: false`: no clipboard at all); returns a function
/// reading what was written.
fn fake_clipboard(works: bool) -> js_sys::Function {
    js_sys::Function::new_with_args(
        "works",
        "window.__copied = null;
         const c = works ? { writeText: (t) => { window.__copied = t; return Promise.resolve(); } } : undefined;
         Object.defineProperty(navigator, 'clipboard', { value: c, configurable: true });",
    )
    .call1(&wasm_bindgen::JsValue::NULL, &works.into())
    .unwrap();
    js_sys::Function::new_no_args("return window.__copied;")
}

fn restore_clipboard() {
    let _ = js_sys::Function::new_no_args("delete navigator.clipboard;")
        .call0(&wasm_bindgen::JsValue::NULL);
}

#[wasm_bindgen_test]
async fn a_long_id_is_shortened_and_its_copy_button_copies_it_whole_with_a_toast() {
    let copied = fake_clipboard(true);
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), || {
        provide_toasts();
        view! {
            <ShortId id=SHA what="commit SHA" chars=7 />
            <ToastRegion />
        }
    });
    let code = until("the short id", || first(&root, ".short-id code")).await;
    assert_eq!(code.text_content().unwrap(), "4f1c2d9…");
    assert_eq!(code.get_attribute("title").as_deref(), Some(SHA));
    let copy: HtmlElement = first(&root, ".short-id button")
        .expect("a copy button")
        .unchecked_into();
    assert_eq!(
        copy.get_attribute("aria-label").as_deref(),
        Some("Copy the commit SHA")
    );
    let region = first(&root, ".toasts").expect("the toasts' live region");
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));

    copy.click();
    let toast = until("the toast", || first(&root, ".toast")).await;
    assert_eq!(
        copied
            .call0(&wasm_bindgen::JsValue::NULL)
            .unwrap()
            .as_string()
            .as_deref(),
        Some(SHA),
        "the whole id, not the shortened one"
    );
    assert_eq!(toast.get_attribute("data-kind").as_deref(), Some("done"));
    assert_eq!(
        text(&toast, ".toast-text"),
        "Done: Copied the commit SHA to the clipboard."
    );

    // Its close button takes it away.
    let close: HtmlElement = first(&toast, "button")
        .expect("a close button")
        .unchecked_into();
    assert_eq!(
        close.get_attribute("aria-label").as_deref(),
        Some("Dismiss this notification")
    );
    close.click();
    until("the toast gone", || {
        first(&root, ".toast").is_none().then_some(())
    })
    .await;

    // No clipboard: the toast says so, in words.
    fake_clipboard(false);
    copy.click();
    let toast = until("the failure toast", || first(&root, ".toast")).await;
    restore_clipboard();
    assert_eq!(toast.get_attribute("data-kind").as_deref(), Some("failed"));
    assert!(
        text(&toast, ".toast-text").starts_with("Failed: Could not copy the commit SHA"),
        "{}",
        text(&toast, ".toast-text")
    );
}

#[wasm_bindgen_test]
async fn a_skeleton_is_announced_as_a_status_and_its_grey_rows_are_hidden() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), || {
        view! { <Skeleton label="Loading runners…" rows=4 /> }
    });
    let status = until("the status", || first(&root, "[role=status]")).await;
    assert_eq!(status.text_content().unwrap(), "Loading runners…");
    let grey = first(&root, ".skeleton").expect("the placeholder rows");
    assert_eq!(grey.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert_eq!(all(&grey, ".skeleton-row").len(), 4);
}
