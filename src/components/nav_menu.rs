//! The phone menu: below 720px the main navigation folds behind a "Menu" button (style/app.css
//! hides it unless the top bar has `data-menu-open`). The menu closes when the user navigates,
//! picks a link, or presses Escape (focus goes back to the button).

use crate::components::icons::{Icon, IconKind};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use send_wrapper::SendWrapper;

/// The `id` of the navigation the button controls.
pub const NAV_ID: &str = "main-nav";

/// Whether the menu is open; shared by the button, the top bar and the navigation.
#[derive(Clone, Copy)]
pub struct MenuState {
    open: RwSignal<bool>,
}

impl MenuState {
    /// A closed menu; the [`MenuButton`] closes it again whenever the page's location changes.
    pub fn new() -> Self {
        MenuState {
            open: RwSignal::new(false),
        }
    }

    pub fn is_open(self) -> bool {
        self.open.get()
    }

    /// `data-menu-open` for the top bar: present while open.
    pub fn attr(self) -> impl Fn() -> Option<&'static str> + Copy {
        move || self.open.get().then_some("")
    }

    pub fn close(self) {
        self.open.set(false);
    }
}

impl Default for MenuState {
    fn default() -> Self {
        Self::new()
    }
}

/// The "Menu" button (shown on narrow screens only). Inside the router.
#[component]
pub fn MenuButton(menu: MenuState) -> impl IntoView {
    let button = NodeRef::<leptos::html::Button>::new();
    let location = use_location();
    // Closes on a change of page only: the effect's first run comes after mounting, when the
    // user may already have opened the menu.
    Effect::new(move |before: Option<(String, String)>| {
        let here = (location.pathname.get(), location.search.get());
        if before.is_some_and(|b| b != here) {
            menu.close();
        }
        here
    });
    // Escape closes an open menu and puts focus back on the button.
    let esc = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && menu.open.get_untracked() {
            menu.close();
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    });
    let esc = SendWrapper::new(esc);
    on_cleanup(move || esc.take().remove());
    view! {
        <button
            type="button"
            class="button button-quiet menu-button"
            aria-controls=NAV_ID
            aria-expanded=move || menu.is_open().to_string()
            node_ref=button
            on:click=move |_| menu.open.update(|o| *o = !*o)
        >
            {move || {
                if menu.is_open() {
                    view! { <Icon kind=IconKind::Close /> }
                } else {
                    view! { <Icon kind=IconKind::Menu /> }
                }
            }}
            "Menu"
        </button>
    }
}
