//! Browser notifications (only after the user allowed them) and a marker in the tab title, for
//! a watched run that finished or failed.

use leptos::prelude::*;
use web_sys::{Notification, NotificationPermission};

/// The browser's notification permission; `None` when notifications are not supported.
pub fn permission() -> Option<NotificationPermission> {
    let w = web_sys::window()?;
    let has = js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false);
    has.then(Notification::permission)
}

/// Shows a notification when the user allowed them; does nothing otherwise.
pub fn notify(title: &str) {
    if permission() == Some(NotificationPermission::Granted) {
        let _ = Notification::new(title);
    }
}

/// Sets the document title.
pub fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

/// Whether the tab is hidden (another tab in front, window minimised).
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.hidden())
        .unwrap_or(false)
}

/// "Notify me" button: asks for permission on click; says when notifications are on or blocked.
#[component]
pub fn NotifyToggle() -> impl IntoView {
    let state = RwSignal::new(permission());
    let ask = move |_| {
        let Ok(promise) = Notification::request_permission() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            state.try_set(permission());
        });
    };
    move || {
        match state.get() {
        None => ().into_any(),
        Some(NotificationPermission::Granted) => view! {
            <span class="notify-state hint">"Notifications on: you will be told when it finishes."</span>
        }
        .into_any(),
        Some(NotificationPermission::Denied) => view! {
            <span class="notify-state hint">"Notifications are blocked for this site in the browser settings."</span>
        }
        .into_any(),
        Some(_) => view! {
            <button type="button" class="button button-quiet notify-ask" on:click=ask>
                "Notify me when it finishes"
            </button>
        }
        .into_any(),
    }
    }
}
