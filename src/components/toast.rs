//! Toasts: short messages about something that happened in the background (a run finished, an
//! id was copied), shown in a corner for a few seconds without moving the page. They sit in one
//! polite live region, so screen readers read each new one; each has a close button, and one
//! kept under the pointer or focus stays until it leaves (so nobody loses it mid-read).

use crate::components::icons::{Icon, IconKind};
use leptos::prelude::*;

/// How long a toast stays (unless hovered or focused).
const SHOWN_MS: i32 = 6000;
/// At most this many at once: the oldest goes first.
const MAX_SHOWN: usize = 4;

/// What kind of result it reports: the kind is said in words too, not by colour alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Done,
    Failed,
    Info,
}

impl ToastKind {
    fn as_str(self) -> &'static str {
        match self {
            ToastKind::Done => "done",
            ToastKind::Failed => "failed",
            ToastKind::Info => "info",
        }
    }

    /// The word read before the message ("Failed: …"); none for plain information.
    fn prefix(self) -> Option<&'static str> {
        match self {
            ToastKind::Done => Some("Done"),
            ToastKind::Failed => Some("Failed"),
            ToastKind::Info => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
}

/// The toasts on screen; provided once by [`provide_toasts`] (the app's root).
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
    held: RwSignal<bool>,
}

impl Toasts {
    /// Shows `text`; it goes away by itself after a few seconds.
    pub fn show(self, kind: ToastKind, text: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.list.update(|l| {
            l.push(Toast {
                id,
                kind,
                text: text.into(),
            });
            let extra = l.len().saturating_sub(MAX_SHOWN);
            l.drain(..extra);
        });
        self.expire_later(id);
    }

    fn dismiss(self, id: u64) {
        self.list.try_update(|l| l.retain(|t| t.id != id));
    }

    fn expire_later(self, id: u64) {
        set_timeout(
            move || {
                // Kept while the reader holds the toasts (pointer over them, focus in them).
                if self.held.try_get_untracked() == Some(true) {
                    self.expire_later(id);
                } else {
                    self.dismiss(id);
                }
            },
            std::time::Duration::from_millis(SHOWN_MS as u64),
        );
    }
}

/// Makes toasts available to every page (call once, in the app's root).
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        list: RwSignal::new(Vec::new()),
        next: StoredValue::new(0),
        held: RwSignal::new(false),
    };
    provide_context(toasts);
    toasts
}

/// The app's toasts; `None` in a component mounted on its own (tests). Take it while the
/// component is built: after an `await` there is no owner to ask.
pub fn use_toasts() -> Option<Toasts> {
    use_context::<Toasts>()
}

/// Shows a toast, when the app provides them (in a component or an effect, not after an await).
pub fn toast(kind: ToastKind, text: impl Into<String>) {
    if let Some(t) = use_toasts() {
        t.show(kind, text);
    }
}

/// The toasts' corner: bottom right (bottom, full width, on phones).
#[component]
pub fn ToastRegion() -> impl IntoView {
    let Some(toasts) = use_context::<Toasts>() else {
        return ().into_any();
    };
    let hold = move |on: bool| toasts.held.set(on);
    view! {
        <section
            class="toasts"
            aria-label="Notifications"
            role="status"
            aria-live="polite"
            on:mouseenter=move |_| hold(true)
            on:mouseleave=move |_| hold(false)
            on:focusin=move |_| hold(true)
            on:focusout=move |_| hold(false)
        >
            <For
                each=move || toasts.list.get()
                key=|t| t.id
                children=move |t| {
                    let id = t.id;
                    view! {
                        <div class="toast" data-kind=t.kind.as_str()>
                            <p class="toast-text">
                                {t.kind.prefix().map(|p| view! { <strong>{p}": "</strong> })}
                                {t.text.clone()}
                            </p>
                            <button
                                type="button"
                                class="button button-quiet toast-close"
                                aria-label="Dismiss this notification"
                                on:click=move |_| toasts.dismiss(id)
                            >
                                <Icon kind=IconKind::Close />
                            </button>
                        </div>
                    }
                }
            />
        </section>
    }
    .into_any()
}
