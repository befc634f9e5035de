//! The app's keyboard shortcuts: one keydown listener on the window turns keys into commands
//! (`keyboard::Sequence`, pure) and carries them out: navigation (`g` sequences, through
//! `routes::Route`), the `?` help dialog, and the page actions of `dom` (list selection, search,
//! "new") and of the diff viewer (`diff_keys`).
//!
//! Shortcuts never fire while typing in a field, with Ctrl / Cmd / Alt held, while an input
//! method composes, while a modal dialog is open, or when a control already handled the key.

pub mod diff_keys;
mod dom;
mod help;

use crate::keyboard::{Command, Context, KeyPress, Outcome, Sequence, Target};
use crate::routes::Route;
use help::HelpDialog;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Where `g` + a letter leads. There is no account-wide tasks page (the API lists tasks per
/// agent): `g t` opens the inbox, which gathers the tasks of every agent.
fn target_route(t: Target) -> Route {
    match t {
        Target::Inbox | Target::Tasks => Route::Home,
        Target::Runners => Route::runners(),
        Target::Agents => Route::AcAgents { archived: false },
        Target::Connections => Route::Connections,
    }
}

/// The key listener, the help dialog and a button that opens it. Mounted once, inside the
/// router.
#[component]
pub fn Shortcuts() -> impl IntoView {
    let help_open = RwSignal::new(false);
    let navigate = use_navigate();
    let sequence = StoredValue::new(Sequence::default());
    let run = move |cmd: Command| -> bool {
        match cmd {
            Command::ShowHelp => {
                help_open.set(true);
                true
            }
            Command::Go(t) => {
                navigate(&target_route(t).href(), Default::default());
                true
            }
            Command::SelectNext => dom::move_selection(true),
            Command::SelectPrevious => dom::move_selection(false),
            Command::OpenSelected => dom::open_selected(),
            Command::New => dom::click_new(),
            Command::FocusSearch => dom::focus_search(),
            Command::NextFile | Command::PreviousFile | Command::ToggleViewed => {
                diff_keys::run(cmd)
            }
        }
    };
    // The help button, to tell whether this instance is still in the page.
    let button = NodeRef::<leptos::html::Button>::new();
    let listener = window_event_listener(leptos::ev::keydown, move |ev| {
        // A listener outliving its view (an app unmounted while something still holds its
        // reactive owner) must not answer for the app now in the page.
        let mounted = button.get_untracked().is_some_and(|b| b.is_connected());
        if !mounted || ev.default_prevented() || dom::dialog_open() || dom::is_typing(ev.target()) {
            return;
        }
        let key = ev.key();
        let press = KeyPress {
            key: &key,
            ctrl: ev.ctrl_key(),
            meta: ev.meta_key(),
            alt: ev.alt_key(),
            shift: ev.shift_key(),
            composing: ev.is_composing() || ev.key_code() == 229,
        };
        let ctx = Context {
            diff_viewer: diff_keys::active(),
        };
        let now = js_sys::Date::now();
        let outcome = sequence
            .try_update_value(|s| s.press(&press, now, ctx))
            .unwrap_or(Outcome::None);
        let handled = match outcome {
            Outcome::None => false,
            Outcome::Pending => true,
            Outcome::Run(cmd) => run(cmd),
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || listener.remove());
    view! {
        <button
            node_ref=button
            type="button"
            class="shortcuts-button"
            aria-haspopup="dialog"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            on:click=move |_| help_open.set(true)
        >
            "?"
        </button>
        <HelpDialog open=help_open />
    }
}
