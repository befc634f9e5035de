//! The live feed of a conversation: `GET /conversations/{taskId}/events?stream=true&apiKey=KEY`.
//!
//! [`EventStream::connect`] opens an `EventSource` (which cannot send headers, hence the key in
//! its URL: that URL is never logged, stored in an error or shown), classifies every payload by
//! its shape ([`agentdeck_wire::agentcontainer::classify`]), whatever the SSE event name, and hands
//! typed [`FeedUpdate`]s to a callback, each exactly once ([`FeedDedupe`]).
//!
//! Every time the stream opens it resynchronises over REST (the task, its messages and its
//! events), so what was sent while it was down is not missed; duplicates are dropped by id and
//! content. When the browser gives up (`readyState == CLOSED`), an authenticated request tells
//! why: a wrong key (401) or a missing task (404) closes the stream with that reason, a finished
//! task ends it after a last resync, anything else reconnects with backoff.
//!
//! Its [`StreamState`] goes to a second callback, for a "live / reconnecting" badge.
//!
//! ```text
//! let scope = RequestScope::new();                    // abort it to close the stream
//! let stream = EventStream::connect(&conn, &task_id, &scope,
//!     move |u| if let FeedUpdate::Message(m) = u { show_message(m) },
//!     move |s| show_state(s.describe()));
//! ```
//!
//! Files (everything is re-exported here):
//! - `feed`: the model, pure: [`FeedUpdate`], [`classify_payload`], [`Conversation`].
//! - `dedupe`: [`FeedDedupe`], pure.
//! - `state`: [`StreamState`], [`CloseReason`], and [`after_close`] deciding what follows a
//!   closed stream; how much of the history is loaded ([`History`]); pure.
//! - `rest`: [`stream_url`], [`resync_task`] and [`walk_messages`] over REST.
//! - `stream`: the `EventSource` runtime, [`EventStream`]; `source`: one open `EventSource`
//!   and its listeners.
//! - `wake`: reconnects at once when the tab is shown again after a long sleep or the browser
//!   comes back online (instead of waiting out the backoff).

mod dedupe;
mod feed;
#[cfg(test)]
mod fixtures;
mod rest;
mod source;
mod state;
mod stream;
mod wake;

pub use dedupe::FeedDedupe;
pub use feed::{classify_payload, Conversation, FeedUpdate, EVENT_NAMES};
pub use rest::{
    resync_task, stream_url, walk_messages, EARLIER_STEP, OPENING_HISTORY, RESYNC_ATTEMPTS,
    RESYNC_MAX_MESSAGES,
};
pub use state::{after_close, AfterClose, CloseReason, History, StreamState};
pub use stream::EventStream;
