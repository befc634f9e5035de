//! Hooks: the glue between [`crate::api`] (framework-free) and the views (Leptos), and other
//! per-component behaviour shared by pages. Each ties something to the lifetime of the component
//! that calls it.
//!
//! Between api/ and the views:
//! - [`request_scope`]: [`use_request_scope`], a [`RequestScope`](crate::api::RequestScope)
//!   aborted when the component is cleaned up (the page is left).
//! - [`poller`]: [`poll_into_signal`], a [`Poller`](crate::api::poll::Poller) whose latest
//!   result is a signal.
//! - [`auth`]: [`use_rejected_secrets`]: a 401 marks the service rejected (the banner asks for
//!   a new secret) and the requests wait; a new secret lets them go on ([`auth::renew_secret`]).
//! - [`event_feed`]: [`stream_into_signals`], an
//!   [`EventStream`](crate::api::events::EventStream) folded into a
//!   [`Conversation`](crate::api::events::Conversation) signal, plus its state.
//!
//! Page behaviour:
//! - [`draft`]: prompt drafts kept in `localStorage` per form.
//! - [`follow_bottom`]: keeps a reader at the end of a growing page.
//! - [`tab_title`]: the tab title of a page, with a finished / failed marker.

pub mod auth;
pub mod draft;
pub mod event_feed;
pub mod follow_bottom;
pub mod poller;
pub mod request_scope;
pub mod tab_title;

pub use auth::use_rejected_secrets;
pub use event_feed::stream_into_signals;
pub use poller::poll_into_signal;
pub use request_scope::use_request_scope;
