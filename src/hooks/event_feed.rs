//! The live feed of a conversation as Leptos signals.

use crate::api::events::{Conversation, EventStream, StreamState};
use crate::api::{AgentContainerConnection, RequestScope};
use leptos::prelude::{signal, ReadSignal, Set, Update};

/// [`EventStream::connect`] into Leptos signals (call it in a component): the conversation as
/// folded so far ([`Conversation`]) and the stream's state. The stream closes with `scope` (give
/// it [`use_request_scope`](super::request_scope::use_request_scope) to close with the page).
///
/// ```text
/// let scope = use_request_scope();
/// let (stream, conversation, state) = stream_into_signals(&conn, &task_id, &scope);
/// view! { <p>{move || state.get().describe()}</p> /* conversation.get().messages ... */ }
/// ```
pub fn stream_into_signals(
    conn: &AgentContainerConnection,
    task_id: &str,
    scope: &RequestScope,
) -> (
    EventStream,
    ReadSignal<Conversation>,
    ReadSignal<StreamState>,
) {
    let (conversation, set_conversation) = signal(Conversation::default());
    let (state, set_state) = signal(StreamState::Connecting);
    let stream = EventStream::connect(
        conn,
        task_id,
        scope,
        // try_*: the component may be gone already.
        move |u| {
            set_conversation.try_update(|c| c.apply_all(u));
        },
        move |s| {
            let _ = set_state.try_set(s);
        },
        |_| {},
    );
    (stream, conversation, state)
}
