//! Shared helpers of the browser tests: where local-api is, isolated sites, waiting for the page.
//!
//! `cargo xtask test` starts local-api on free ports and passes its URLs at compile time.

#![allow(dead_code)]

use std::future::Future;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

pub fn netlify_url() -> &'static str {
    match option_env!("AGENTDECK_TEST_NETLIFY_URL") {
        Some(url) => url,
        None => panic!(
            "AGENTDECK_TEST_NETLIFY_URL is not set: run the browser tests through `cargo xtask test`"
        ),
    }
}

/// `http://127.0.0.1:PORT` of the Netlify API (admin endpoints live there).
pub fn netlify_origin() -> String {
    netlify_url()
        .trim_end_matches('/')
        .trim_end_matches("/api/v1")
        .to_string()
}

/// A new site on local-api that no other test sees; with `demo`, seeded with the demo runners.
pub async fn fresh_site(demo: bool) -> (String, String) {
    let url = format!("{}/__admin/sites?demo={demo}", netlify_origin());
    let resp = gloo_net::http::Request::post(&url)
        .send()
        .await
        .expect("local-api answers");
    assert!(resp.ok(), "creating a test site failed: {}", resp.status());
    let v: serde_json::Value = resp.json().await.expect("json");
    let field = |k: &str| {
        v[k].as_str()
            .unwrap_or_else(|| panic!("no {k} in {v}"))
            .to_string()
    };
    (field("site_id"), field("account_id"))
}

/// The longest any wait of the browser tests may take, for every helper: generous, because CI
/// machines are small and busy; a wait that passes returns as soon as its check holds.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// Pause between two checks of [`until`] (a DOM or in-memory check, cheap).
const CHECK_EVERY_MS: u32 = 20;
/// Pause between two checks of [`until_async`] (usually a request to local-api).
const ASK_EVERY_MS: u32 = 50;

/// Lets time pass. Only for tests that need time itself to pass (a poll interval to elapse, a
/// request to be in flight); say why at the call. To wait for something, use [`until`].
pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

fn past_deadline(started: f64) -> bool {
    js_sys::Date::now() - started > TIMEOUT.as_millis() as f64
}

/// Waits (up to [`TIMEOUT`]) until `check` returns `Some`; fails the test saying what was
/// awaited, with the page's text.
pub async fn until<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let started = js_sys::Date::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        if past_deadline(started) {
            let text = document()
                .body()
                .map(|b| b.inner_text())
                .unwrap_or_default();
            panic!("timed out after {TIMEOUT:?} waiting for {what}; page text:\n{text}");
        }
        sleep(CHECK_EVERY_MS).await;
    }
}

/// [`until`] for checks that need to wait themselves (a request to local-api): waits (up to
/// [`TIMEOUT`]) until the future `check()` gives `Some`.
pub async fn until_async<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = js_sys::Date::now();
    loop {
        if let Some(v) = check().await {
            return v;
        }
        if past_deadline(started) {
            panic!("timed out after {TIMEOUT:?} waiting for {what}");
        }
        sleep(ASK_EVERY_MS).await;
    }
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in the page for a component to mount into.
pub fn container() -> HtmlElement {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

pub fn all(root: &Element, css: &str) -> Vec<Element> {
    let list = root.query_selector_all(css).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

pub fn first(root: &Element, css: &str) -> Option<Element> {
    root.query_selector(css).unwrap()
}

pub fn text(root: &Element, css: &str) -> String {
    first(root, css)
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// The first enabled button or link whose text contains `label`.
pub fn button(root: &Element, label: &str) -> Option<HtmlElement> {
    all(root, "button, a")
        .into_iter()
        .filter(|e| !e.has_attribute("disabled"))
        .find(|e| e.text_content().unwrap_or_default().contains(label))
        .map(|e| e.unchecked_into())
}

pub async fn click(root: &Element, label: &str) {
    until(&format!("an enabled `{label}`"), || button(root, label))
        .await
        .click();
}

/// Sets an input's or select's value and fires `input` and `change`, as a user's edit would.
pub fn set_value(root: &Element, css: &str, value: &str) {
    let el = first(root, css).unwrap_or_else(|| panic!("no `{css}`"));
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(select) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    }
    for kind in ["input", "change"] {
        let ev = web_sys::Event::new_with_event_init_dict(kind, &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap();
        el.dispatch_event(&ev).unwrap();
    }
}

/// Puts `path` in the address bar without loading anything, so the router sees it.
pub fn go_to(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

pub fn location_search() -> String {
    web_sys::window()
        .unwrap()
        .location()
        .search()
        .unwrap_or_default()
}

pub fn duration_ms(d: Duration) -> u32 {
    d.as_millis() as u32
}
