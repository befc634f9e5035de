//! A [`Poller`] whose latest result is a Leptos signal.

use crate::api::poll::{Observed, PollPolicy, Poller};
use crate::api::{ApiError, RequestScope};
use leptos::prelude::{signal, ReadSignal, Set};
use std::future::Future;

/// [`Poller::start`] into a Leptos signal (call it in a component): `None` until the first
/// answer, then the latest result. The poller stops with `scope` (give it
/// [`use_request_scope`](super::request_scope::use_request_scope) to stop with the page).
///
/// ```text
/// let scope = use_request_scope();
/// let (runner, poller) = poll_into_signal(&scope, PollPolicy::default(),
///     move || { let (conn, id) = (conn.clone(), id.clone()); async move { api::netlify::get_runner(&conn, &id).await } },
///     observe_runner);
/// // after the user sends a follow-up: poller.poll_now();
/// ```
pub fn poll_into_signal<T, F, Fut>(
    scope: &RequestScope,
    policy: PollPolicy,
    fetch: F,
    observe: impl Fn(&T) -> Observed + 'static,
) -> (ReadSignal<Option<Result<T, ApiError>>>, Poller)
where
    T: Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let (read, write) = signal(None);
    let poller = Poller::start(scope, policy, fetch, observe, move |r| {
        // try_set: the component may be gone already.
        let _ = write.try_set(Some(r));
    });
    (read, poller)
}
