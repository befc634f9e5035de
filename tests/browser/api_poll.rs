
// The Poller in the browser, without a server: it pauses while the tab is hidden, resumes at
// once when it is shown, answers poll_now, and stops at a terminal state or with its scope.

use agentdeck::api::poll::{Observed, PollPolicy, Poller};
use agentdeck::api::{ApiError, RequestScope};
use crate::api_common::{sleep_ms, wait_for};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen_test::wasm_bindgen_test;

const LONG: Duration = Duration::from_secs(10);

/// Makes `document.visibilityState` say `state` and fires `visibilitychange`.
fn set_visibility(state: &str) {
    js_sys::eval(&format!(
        "Object.defineProperty(document, 'visibilityState', {{ configurable: true, get: () => '{state}' }}); \
         document.dispatchEvent(new Event('visibilitychange'));"
    ))
    .expect("override visibilityState");
}

/// A poller over a counter: every poll is a new, live value; `live_until` ends it.
fn counting_poller(
    scope: &RequestScope,
    policy: PollPolicy,
    live_until: u32,
) -> (Poller, Rc<Cell<u32>>, Rc<Cell<u32>>) {
    let fetched = Rc::new(Cell::new(0u32));
    let delivered = Rc::new(Cell::new(0u32));
    let fetch = {
        let fetched = fetched.clone();
        move || {
            fetched.set(fetched.get() + 1);
            let n = fetched.get();
            async move { Ok::<u32, ApiError>(n) }
        }
    };
    let observe = move |n: &u32| Observed {
        live: *n < live_until,
        fingerprint: n.to_string(),
    };
    let deliver = {
        let delivered = delivered.clone();
        move |r: Result<u32, ApiError>| {
            r.expect("fetch");
            delivered.set(delivered.get() + 1);
        }
    };
    (
        Poller::start(scope, policy, fetch, observe, deliver),
        fetched,
        delivered,
    )
}

#[wasm_bindgen_test]
async fn pauses_while_hidden_and_resumes_when_shown() {
    let scope = RequestScope::new();
    let policy = PollPolicy {
        fast: Duration::from_millis(50),
        ..Default::default()
    };
    let (poller, fetched, delivered) = counting_poller(&scope, policy, u32::MAX);
    wait_for("a few polls", LONG, || {
        let f = fetched.clone();
        async move { (f.get() >= 3).then_some(()) }
    })
    .await;

    set_visibility("hidden");
    // Let a poll already under way finish, then nothing more may happen while hidden.
    sleep_ms(120).await;
    let paused_at = fetched.get();
    sleep_ms(500).await;
    assert_eq!(fetched.get(), paused_at, "no polls while the tab is hidden");

    set_visibility("visible");
    wait_for("polling to resume", LONG, || {
        let f = fetched.clone();
        async move { (f.get() > paused_at).then_some(()) }
    })
    .await;
    assert_eq!(delivered.get(), fetched.get(), "every result delivered");
    scope.abort();
    assert!(poller.is_stopped());
    let stopped_at = fetched.get();
    sleep_ms(200).await;
    assert_eq!(
        fetched.get(),
        stopped_at,
        "no polls after the scope was aborted"
    );
}

#[wasm_bindgen_test]
async fn poll_now_skips_the_wait_and_terminal_states_stop() {
    set_visibility("visible");
    let scope = RequestScope::new();
    // Slow pace: without poll_now nothing would happen for 30 s.
    let policy = PollPolicy {
        fast: Duration::from_secs(30),
        ..Default::default()
    };
    let (poller, fetched, _) = counting_poller(&scope, policy, 3);
    wait_for("the first poll", LONG, || {
        let f = fetched.clone();
        async move { (f.get() == 1).then_some(()) }
    })
    .await;
    poller.poll_now();
    wait_for("the second poll, at once", LONG, || {
        let f = fetched.clone();
        async move { (f.get() == 2).then_some(()) }
    })
    .await;
    poller.poll_now();
    // The third value is terminal: the poller stops by itself.
    wait_for("the poller to stop", LONG, || {
        let p = poller.clone();
        async move { p.is_stopped().then_some(()) }
    })
    .await;
    assert_eq!(fetched.get(), 3);
    poller.poll_now();
    sleep_ms(100).await;
    assert_eq!(fetched.get(), 3, "a stopped poller stays stopped");
}
