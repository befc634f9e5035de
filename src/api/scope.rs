//! Request scopes: groups of requests (and of the polls, streams and uploads built on them) that
//! end together, and the `AbortController` of each request, tied to the scope it started in.
//!
//! [`RequestScope::run`] makes a future's requests belong to a scope; [`RequestScope::abort`]
//! aborts them all, refuses new ones and runs the [`RequestScope::on_abort`] callbacks.
//! [`Inflight`] is one request's controller: aborted when its scope is, or when the request's
//! future is dropped before it finished.

use super::error::{ApiError, Service};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;
use web_sys::AbortController;

struct ScopeInner {
    aborted: Cell<bool>,
    timeout: Cell<Option<Duration>>,
    exact_secrets: Cell<bool>,
    next_id: Cell<u64>,
    controllers: RefCell<Vec<(u64, AbortController)>>,
    on_abort: RefCell<Vec<Box<dyn FnOnce()>>>,
}

/// A group of requests that end together: abort the scope and every request started inside it
/// (and every later one) is aborted. Cheap to clone; clones share the scope. Whoever owns the
/// work (a page) aborts the scope when it is done with it.
///
/// ```text
/// let scope = RequestScope::new();
/// let runners = scope.run(api::netlify::list_runners(&conn, &query)).await?;
/// // later, when the results are no longer wanted (polls, streams, uploads in it stop too):
/// scope.abort();
/// ```
#[derive(Clone)]
pub struct RequestScope(Rc<ScopeInner>);

impl Default for RequestScope {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for RequestScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestScope")
            .field("aborted", &self.is_aborted())
            .finish()
    }
}

thread_local! {
    static CURRENT_SCOPE: RefCell<Option<RequestScope>> = const { RefCell::new(None) };
}

impl RequestScope {
    /// A scope that lives until [`RequestScope::abort`] is called.
    pub fn new() -> Self {
        RequestScope(Rc::new(ScopeInner {
            aborted: Cell::new(false),
            timeout: Cell::new(None),
            exact_secrets: Cell::new(false),
            next_id: Cell::new(0),
            controllers: RefCell::new(Vec::new()),
            on_abort: RefCell::new(Vec::new()),
        }))
    }

    /// Limits each attempt of the requests in this scope to `limit` (when shorter than their own
    /// limit), e.g. a quick connection test.
    pub fn with_timeout(self, limit: Duration) -> Self {
        self.0.timeout.set(Some(limit));
        self
    }

    /// Requests in this scope send the secret they were given, as it is, and get a 401 back at
    /// once: no stand-in for a rejected secret, no waiting for a new one, nothing reported to
    /// the app (see [`super::auth`]). For a connection test of a secret being typed.
    pub fn exact_secrets(self) -> Self {
        self.0.exact_secrets.set(true);
        self
    }

    /// Whether [`RequestScope::exact_secrets`] was asked for.
    pub fn wants_exact_secrets(&self) -> bool {
        self.0.exact_secrets.get()
    }

    /// The time limit set with [`RequestScope::with_timeout`].
    pub fn timeout(&self) -> Option<Duration> {
        self.0.timeout.get()
    }

    /// Aborts every request running in this scope, and refuses new ones.
    pub fn abort(&self) {
        if self.0.aborted.replace(true) {
            return;
        }
        let controllers = std::mem::take(&mut *self.0.controllers.borrow_mut());
        for (_, c) in controllers {
            c.abort();
        }
        let callbacks = std::mem::take(&mut *self.0.on_abort.borrow_mut());
        for cb in callbacks {
            cb();
        }
    }

    pub fn is_aborted(&self) -> bool {
        self.0.aborted.get()
    }

    /// Runs `f` when the scope is aborted (at once if it already is). Used by long-lived helpers
    /// (polling, event streams, uploads) to stop with their page.
    pub fn on_abort(&self, f: impl FnOnce() + 'static) {
        if self.is_aborted() {
            f();
        } else {
            self.0.on_abort.borrow_mut().push(Box::new(f));
        }
    }

    /// Runs `fut` so that the requests it starts belong to this scope.
    pub fn run<F: Future>(&self, fut: F) -> Scoped<F> {
        Scoped {
            scope: self.clone(),
            fut: Box::pin(fut),
        }
    }

    /// The scope of the future being polled, if it runs inside [`RequestScope::run`].
    pub fn current() -> Option<RequestScope> {
        CURRENT_SCOPE.with(|c| c.borrow().clone())
    }

    fn register(&self, controller: &AbortController) -> u64 {
        let id = self.0.next_id.get();
        self.0.next_id.set(id + 1);
        self.0
            .controllers
            .borrow_mut()
            .push((id, controller.clone()));
        id
    }

    fn unregister(&self, id: u64) {
        self.0.controllers.borrow_mut().retain(|(i, _)| *i != id);
    }
}

/// Future returned by [`RequestScope::run`].
pub struct Scoped<F: Future> {
    scope: RequestScope,
    fut: Pin<Box<F>>,
}

impl<F: Future> Future for Scoped<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let previous = CURRENT_SCOPE.with(|c| c.replace(Some(self.scope.clone())));
        let out = self.fut.as_mut().poll(cx);
        CURRENT_SCOPE.with(|c| *c.borrow_mut() = previous);
        out
    }
}

/// Aborts a request when dropped before [`Inflight::finish`]: a future dropped half-way (page
/// left, resource refetched) does not leave its request running. Also ties it to its scope.
pub(crate) struct Inflight {
    pub controller: AbortController,
    scope: Option<(RequestScope, u64)>,
    done: bool,
}

impl Inflight {
    /// A new controller in the current scope; `Err(Aborted)` if that scope is already aborted.
    pub fn start(service: Service) -> Result<Self, ApiError> {
        let scope = RequestScope::current();
        if scope.as_ref().is_some_and(RequestScope::is_aborted) {
            return Err(ApiError::aborted(service));
        }
        let controller = AbortController::new().map_err(|_| {
            ApiError::network(service, "this browser cannot make cancellable requests")
        })?;
        let scope = scope.map(|s| {
            let id = s.register(&controller);
            (s, id)
        });
        Ok(Inflight {
            controller,
            scope,
            done: false,
        })
    }

    pub fn signal(&self) -> web_sys::AbortSignal {
        self.controller.signal()
    }

    pub fn finish(mut self) {
        self.done = true;
    }
}

impl Drop for Inflight {
    fn drop(&mut self) {
        if !self.done {
            self.controller.abort();
        }
        if let Some((scope, id)) = &self.scope {
            scope.unregister(*id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aborted_scope_runs_its_callbacks_once_and_late_ones_at_once() {
        let scope = RequestScope::new();
        let calls = Rc::new(Cell::new(0));
        let c = calls.clone();
        scope.on_abort(move || c.set(c.get() + 1));
        assert!(!scope.is_aborted());
        scope.clone().abort();
        scope.abort();
        assert!(scope.is_aborted());
        assert_eq!(calls.get(), 1);
        // Callbacks registered after the abort run at once.
        let late = Rc::new(Cell::new(false));
        let l = late.clone();
        scope.on_abort(move || l.set(true));
        assert!(late.get());
    }

    #[test]
    fn the_current_scope_is_set_only_while_its_future_is_polled() {
        let scope = RequestScope::new().with_timeout(Duration::from_secs(3));
        assert!(RequestScope::current().is_none());
        let inner = futures::executor::block_on(
            scope.run(async { RequestScope::current().and_then(|s| s.timeout()) }),
        );
        assert_eq!(inner, Some(Duration::from_secs(3)));
        assert!(RequestScope::current().is_none());
        // Nested scopes: the innermost wins, the outer comes back after.
        let outer = RequestScope::new();
        let seen = futures::executor::block_on(outer.run(async {
            let a = RequestScope::current().unwrap().timeout();
            let b = scope
                .run(async { RequestScope::current().unwrap().timeout() })
                .await;
            let c = RequestScope::current().unwrap().timeout();
            (a, b, c)
        }));
        assert_eq!(seen, (None, Some(Duration::from_secs(3)), None));
    }
}
