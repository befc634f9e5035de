// The Poller in the browser, without a server: it pauses while the tab is hidden, resumes at
// once when it is shown, answers poll_now, and stops at a terminal state or with its scope.

use crate::support::{sleep, until};
use agentdeck::api::poll::{Observed, PollPolicy, Poller};
use agentdeck::api::{ApiError, RequestScope};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen_test::wasm_bindgen_test;

/// Makes `document.visibilityState` say `state` and fires `visibilitychange`.
pub fn set_visibility(state: &str) {
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
    let (poller, fetched, delivered) = counting_poller(&scope, policy.clone(), u32::MAX);
    until("a few polls", || (fetched.get() >= 3).then_some(())).await;

    set_visibility("hidden");
    // The fetch here answers at once (it counts when called), so no poll is under way: the
    // count stops now. Every poller pauses while hidden, so no control poller can show that
    // time passed: this test needs time itself to pass, 10 polling intervals of 50 ms.
    let paused_at = fetched.get();
    sleep(500).await;
    assert_eq!(fetched.get(), paused_at, "no polls while the tab is hidden");

    set_visibility("visible");
    until("polling to resume", || {
        (fetched.get() > paused_at).then_some(())
    })
    .await;
    assert_eq!(delivered.get(), fetched.get(), "every result delivered");
    scope.abort();
    assert!(poller.is_stopped());
    let stopped_at = fetched.get();
    // A control poller with the same pace: once it has polled 4 times, the aborted one would
    // have polled too.
    let control_scope = RequestScope::new();
    let (_control, control_fetched, _) = counting_poller(&control_scope, policy, u32::MAX);
    until("the control poller to poll 4 times", || {
        (control_fetched.get() >= 4).then_some(())
    })
    .await;
    control_scope.abort();
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
    let (poller, fetched, _) = counting_poller(&scope, policy.clone(), 3);
    until("the first poll", || (fetched.get() == 1).then_some(())).await;
    poller.poll_now();
    until("the second poll, at once", || {
        (fetched.get() == 2).then_some(())
    })
    .await;
    poller.poll_now();
    // The third value is terminal: the poller stops by itself.
    until("the poller to stop", || poller.is_stopped().then_some(())).await;
    assert_eq!(fetched.get(), 3);
    // A live control poller at the same slow pace gets `poll_now` right after the stopped one:
    // once it has polled, the stopped one would have too.
    let control_scope = RequestScope::new();
    let (control, control_fetched, _) = counting_poller(&control_scope, policy, u32::MAX);
    until("the control's first poll", || {
        (control_fetched.get() == 1).then_some(())
    })
    .await;
    poller.poll_now();
    control.poll_now();
    until("the control's poll_now", || {
        (control_fetched.get() == 2).then_some(())
    })
    .await;
    control_scope.abort();
    assert_eq!(fetched.get(), 3, "a stopped poller stays stopped");
}
