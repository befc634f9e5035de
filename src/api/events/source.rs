//! An open `EventSource` and the listeners it calls, detached and closed when dropped.

use super::feed::EVENT_NAMES;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub type Listener = Closure<dyn Fn(web_sys::Event)>;

/// An open `EventSource` and the callbacks it holds (kept alive as long as it is).
pub struct Open {
    pub source: web_sys::EventSource,
    on_open: Listener,
    on_error: Listener,
    on_data: Listener,
}

impl Open {
    /// Attaches the listeners: `on_data` to every event name the feed uses (unnamed events
    /// arrive as `message`, which is one of them).
    pub fn attach(
        source: web_sys::EventSource,
        on_open: Listener,
        on_error: Listener,
        on_data: Listener,
    ) -> Open {
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        for name in EVENT_NAMES {
            let _ = source.add_event_listener_with_callback(name, on_data.as_ref().unchecked_ref());
        }
        Open {
            source,
            on_open,
            on_error,
            on_data,
        }
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.source.close();
        self.source.set_onopen(None);
        self.source.set_onerror(None);
        self.source.set_onmessage(None);
        for name in EVENT_NAMES {
            let _ = self
                .source
                .remove_event_listener_with_callback(name, self.on_data.as_ref().unchecked_ref());
        }
        // The listeners go with `self`; naming them keeps the compiler from calling them unused.
        let _ = (&self.on_open, &self.on_error);
    }
}
