//! Waking a feed that slept. When the tab comes back after a while, or the network after an
//! outage, the feed reconnects at once (a fresh connection, then the usual resync, which drops
//! doubles) instead of waiting out its backoff or trusting a connection the sleep may have
//! killed without the browser noticing (a closed laptop lid).

use super::state::StreamState;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Hidden this long, an open connection is no longer trusted.
pub const STALE_AFTER_MS: f64 = 30_000.0;

/// What woke the page up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Wake {
    /// The tab is shown again after `hidden_ms` hidden.
    Shown { hidden_ms: f64 },
    /// The browser is online again.
    Online,
}

/// Whether `wake` reconnects a feed in `state` now: one waiting to reconnect always does; a
/// live one only after a long sleep; a closed one never (it closed for a reason).
pub fn reconnects(wake: Wake, state: &StreamState) -> bool {
    match state {
        StreamState::Reconnecting { .. } => true,
        StreamState::Live => {
            matches!(wake, Wake::Shown { hidden_ms } if hidden_ms >= STALE_AFTER_MS)
        }
        StreamState::Connecting | StreamState::Closed(_) => false,
    }
}

/// The page's `visibilitychange` and `online` listeners, removed when dropped.
pub struct WakeWatch {
    document: web_sys::Document,
    window: web_sys::Window,
    on_visibility: Closure<dyn Fn()>,
    on_online: Closure<dyn Fn()>,
}

impl WakeWatch {
    /// Calls `on_wake` whenever the tab is shown again or the browser comes back online.
    pub fn install(on_wake: impl Fn(Wake) + 'static) -> Option<WakeWatch> {
        let window = web_sys::window()?;
        let document = window.document()?;
        let on_wake = Rc::new(on_wake);
        let hidden_since: Rc<Cell<Option<f64>>> = Rc::default();
        let on_visibility = {
            let (on_wake, document) = (on_wake.clone(), document.clone());
            Closure::<dyn Fn()>::new(move || {
                let now = js_sys::Date::now();
                if document.visibility_state() == web_sys::VisibilityState::Hidden {
                    hidden_since.set(Some(now));
                } else if let Some(since) = hidden_since.take() {
                    on_wake(Wake::Shown {
                        hidden_ms: now - since,
                    });
                }
            })
        };
        let on_online = Closure::<dyn Fn()>::new(move || on_wake(Wake::Online));
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visibility.as_ref().unchecked_ref(),
        );
        let _ =
            window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        Some(WakeWatch {
            document,
            window,
            on_visibility,
            on_online,
        })
    }
}

impl Drop for WakeWatch {
    fn drop(&mut self) {
        let _ = self.document.remove_event_listener_with_callback(
            "visibilitychange",
            self.on_visibility.as_ref().unchecked_ref(),
        );
        let _ = self
            .window
            .remove_event_listener_with_callback("online", self.on_online.as_ref().unchecked_ref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::events::CloseReason;

    #[test]
    fn a_waiting_feed_reconnects_on_any_wake_a_live_one_only_after_a_long_sleep() {
        let waiting = StreamState::Reconnecting { attempt: 7 };
        assert!(reconnects(Wake::Online, &waiting));
        assert!(reconnects(Wake::Shown { hidden_ms: 10.0 }, &waiting));
        assert!(!reconnects(
            Wake::Shown { hidden_ms: 2_000.0 },
            &StreamState::Live
        ));
        assert!(reconnects(
            Wake::Shown {
                hidden_ms: 45_000.0
            },
            &StreamState::Live
        ));
        assert!(!reconnects(Wake::Online, &StreamState::Live));
        assert!(!reconnects(Wake::Online, &StreamState::Connecting));
        let closed = StreamState::Closed(CloseReason::Unauthorized);
        assert!(!reconnects(Wake::Online, &closed));
        assert!(!reconnects(
            Wake::Shown {
                hidden_ms: 60_000.0
            },
            &closed
        ));
    }
}
