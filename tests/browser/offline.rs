// Going offline: a banner says so and goes away by itself when the network is back, with a
// toast; pollers poll again at once instead of after their longest back-off.

use crate::api_poll::set_visibility;
use crate::support::{container, first, text, until};
use agentdeck::api::poll::{Observed, PollPolicy, Poller};
use agentdeck::api::{ApiError, RequestScope};
use agentdeck::components::offline_banner::OfflineBanner;
use agentdeck::components::toast::{provide_toasts, ToastRegion};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen_test::wasm_bindgen_test;

fn fire(event: &str) {
    let window = web_sys::window().unwrap();
    let ev = web_sys::Event::new(event).unwrap();
    window.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn going_offline_shows_a_banner_that_goes_away_by_itself() {
    let root = container();
    let _app = leptos::mount::mount_to(root.clone(), || {
        provide_toasts();
        view! {
            <OfflineBanner />
            <ToastRegion />
        }
    });
    assert!(first(&root, ".offline-banner").is_none(), "online at first");

    fire("offline");
    let banner = until("the offline banner", || first(&root, ".offline-banner")).await;
    assert_eq!(banner.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(
        banner.text_content().unwrap(),
        "You are offline. agentdeck keeps what you typed and carries on by itself when the \
         network is back."
    );

    fire("online");
    until("the banner gone", || {
        first(&root, ".offline-banner").is_none().then_some(())
    })
    .await;
    let toast = until("the toast", || first(&root, ".toast")).await;
    assert!(
        text(&toast, ".toast-text").ends_with("Back online."),
        "{}",
        text(&toast, ".toast-text")
    );
}

#[wasm_bindgen_test]
async fn coming_back_online_polls_at_once() {
    set_visibility("visible");
    let scope = RequestScope::new();
    let fetched = Rc::new(Cell::new(0u32));
    let fetch = {
        let fetched = fetched.clone();
        move || {
            fetched.set(fetched.get() + 1);
            async move { Ok::<u32, ApiError>(1) }
        }
    };
    // Slow pace: without the `online` event nothing would happen for 30 s.
    let policy = PollPolicy {
        fast: Duration::from_secs(30),
        ..Default::default()
    };
    let observe = |_: &u32| Observed {
        live: true,
        fingerprint: String::new(),
    };
    let _poller = Poller::start(&scope, policy, fetch, observe, |_| ());
    until("the first poll", || (fetched.get() == 1).then_some(())).await;
    fire("online");
    until("a poll at once", || (fetched.get() == 2).then_some(())).await;
    scope.abort();
}
