//! The banner that says the browser is offline, and goes away by itself when the network is
//! back. Nothing else has to be done: pollers poll again at once on `online` (api::poll) and
//! live feeds reconnect (api::events::wake); what is typed stays where it is.

use super::toast::{use_toasts, ToastKind};
use leptos::prelude::*;

/// Whether the browser says it is online now (true when it cannot tell).
fn browser_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// Mount once, at the top of the app.
#[component]
pub fn OfflineBanner() -> impl IntoView {
    let online = RwSignal::new(browser_online());
    let toasts = use_toasts();
    // The events say what happened; `navigator.onLine` may lag behind them.
    let offline = window_event_listener_untyped("offline", move |_| online.set(false));
    let back = window_event_listener_untyped("online", move |_| {
        if !online.get_untracked() {
            online.set(true);
            if let Some(t) = toasts {
                t.show(ToastKind::Info, "Back online.");
            }
        }
    });
    on_cleanup(move || {
        offline.remove();
        back.remove();
    });
    view! {
        <Show when=move || !online.get()>
            <p class="notice offline-banner" role="status">
                <strong>"You are offline."</strong>
                " agentdeck keeps what you typed and carries on by itself when the network is back."
            </p>
        </Show>
    }
}
