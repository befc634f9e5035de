//! What every AgentContainer page shares: the connection as a signal, the "not connected"
//! notice, errors shown in plain words with what to do next (a retry, a link to
//! Connections for a 401, to the Account page for a 402), and how a page keeps what it read
//! and runs one action at a time on its rows.

use crate::api::{AgentContainerConnection, ApiError, ApiErrorKind, RequestScope};
use crate::config::use_agentcontainer_connection;
use crate::routes::Route;
use leptos::prelude::*;
use std::future::Future;

/// The AgentContainer connection when one is set up (base URL and API key). A new key given
/// after a rejection does not rebuild the page ([`use_agentcontainer_connection`]).
pub fn use_ac_connection() -> Memo<Option<AgentContainerConnection>> {
    use_agentcontainer_connection()
}

/// Shown instead of a page's content when AgentContainer is not connected.
#[component]
pub fn NotConnected(#[prop(into)] what: String) -> impl IntoView {
    view! {
        <div class="notice" role="alert">
            <p>{format!("Connect AgentContainer to see {what}.")}</p>
            <a class="button" href=Route::Connections.href()>"Open Connections"</a>
        </div>
    }
}

/// An error from AgentContainer in plain words, with the next step: "Try again" when
/// `retry` is given, Connections for a rejected key, Account for missing credits.
#[component]
pub fn ErrorNotice(
    error: ApiError,
    #[prop(optional, into)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let unauthorized = error.is_unauthorized();
    let credits = error.kind == ApiErrorKind::PaymentOrForbidden && error.status == Some(402);
    view! {
        <div class="notice notice-error" role="alert">
            <p>{error.user_message()}</p>
            <div class="row">
                {retry.map(|r| view! { <button class="button" on:click=move |_| r.run(())>"Try again"</button> })}
                {unauthorized.then(|| view! { <a class="button" href=Route::Connections.href()>"Check the API key in Connections"</a> })}
                {credits.then(|| view! { <a class="button" href=Route::AcAccount.href()>"See credits on the Account page"</a> })}
            </div>
        </div>
    }
}

/// The server's message about one form field of a 422 answer, for showing next to the field:
/// when the error names `field` (its `error.field` detail).
pub fn field_message(error: &ApiError, field: &str) -> Option<String> {
    if error.kind != ApiErrorKind::Validation {
        return None;
    }
    let named = error.field.as_deref() == Some(field);
    named.then(|| {
        error
            .message
            .clone()
            .unwrap_or_else(|| "Invalid value.".into())
    })
}

/// Keeps the answer of a read: `keep` gets the value and `error` is cleared; a failure goes to
/// `error`; an abort (the page was left) changes nothing.
pub fn keep_read<T>(
    result: Result<T, ApiError>,
    error: RwSignal<Option<ApiError>>,
    keep: impl FnOnce(T),
) {
    match result {
        Ok(v) => {
            keep(v);
            error.try_set(None);
        }
        Err(e) if e.is_aborted() => {}
        Err(e) => {
            error.try_set(Some(e));
        }
    }
}

/// Runs the action `label` in `scope` when connected and no other action of the page runs
/// (`busy` holds its label meanwhile): `done` gets the answer, `refused` a refusal; an abort
/// changes nothing. Whether it started.
pub fn run_action<T, Fut>(
    conn: Option<AgentContainerConnection>,
    busy: RwSignal<Option<String>>,
    label: String,
    scope: RequestScope,
    action: impl FnOnce(AgentContainerConnection) -> Fut + 'static,
    done: impl FnOnce(T) + 'static,
    refused: impl FnOnce(ApiError) + 'static,
) -> bool
where
    T: 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let Some(conn) = conn else {
        return false;
    };
    if busy.get_untracked().is_some() {
        return false;
    }
    busy.set(Some(label));
    leptos::task::spawn_local(async move {
        let result = scope.run(action(conn)).await;
        busy.try_set(None);
        match result {
            Ok(v) => done(v),
            Err(e) if e.is_aborted() => {}
            Err(e) => refused(e),
        }
    });
    true
}
