//! A [`RequestScope`] that lives as long as the component that made it.

use crate::api::RequestScope;

/// A scope aborted when the current Leptos owner (the component calling this) is cleaned up:
/// the requests, polls, streams and uploads run in it stop when the page is left. Called outside
/// any owner it behaves like [`RequestScope::new`] (abort it yourself).
///
/// ```text
/// let scope = use_request_scope();
/// let runners = LocalResource::new(move || {
///     let (scope, conn, q) = (scope.clone(), conn.get(), query.get());
///     async move { scope.run(api::netlify::list_runners(&conn, &q)).await }
/// });
/// ```
pub fn use_request_scope() -> RequestScope {
    let scope = RequestScope::new();
    let wrapped = send_wrapper::SendWrapper::new(scope.clone());
    leptos::prelude::on_cleanup(move || {
        // Cleanup runs on the thread that created the scope (the browser has only one).
        if wrapped.valid() {
            wrapped.take().abort();
        }
    });
    scope
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::prelude::Owner;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn a_component_scope_is_aborted_when_its_owner_is_cleaned_up() {
        let owner = Owner::new();
        let scope = owner.with(use_request_scope);
        let called = Rc::new(Cell::new(false));
        let c = called.clone();
        scope.on_abort(move || c.set(true));
        assert!(!scope.is_aborted());
        owner.cleanup();
        assert!(scope.is_aborted());
        assert!(called.get());
        // Callbacks registered after the abort run at once.
        let late = Rc::new(Cell::new(false));
        let l = late.clone();
        scope.on_abort(move || l.set(true));
        assert!(late.get());
    }
}
