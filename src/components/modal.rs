//! A modal dialog on the native `<dialog>` opened with `showModal()`: the page behind it is inert
//! and out of the accessibility tree. On top of what the browser does, and the same in every
//! browser: focus goes to the dialog's first control on open, Tab and Shift+Tab cycle inside it,
//! Escape closes it, and focus goes back to the element that had it before (the opener).
//!
//! The dialog is in the DOM only while open (so closed dialogs add nothing to a page).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// What can take focus by Tab inside a dialog (the app uses no positive `tabindex`, so document
/// order is tab order).
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The controls of `root` that Tab reaches, in order (rendered ones only).
pub fn focusable_in(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|e| {
            let r = e.get_bounding_client_rect();
            r.width() > 0.0 || r.height() > 0.0
        })
        .collect()
}

fn active_element() -> Option<HtmlElement> {
    document().active_element()?.dyn_into().ok()
}

/// Keeps Tab inside `dialog`: from the last control to the first, Shift+Tab from the first to
/// the last (and from outside, in).
fn trap_tab(dialog: &Element, ev: &KeyboardEvent) {
    let items = focusable_in(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = document().active_element();
    let is = |el: &HtmlElement| active.as_ref().is_some_and(|a| a.is_same_node(Some(el)));
    let inside = active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a)) && !a.is_same_node(Some(dialog)));
    let to = if ev.shift_key() {
        (!inside || is(first)).then_some(last)
    } else {
        (!inside || is(last)).then_some(first)
    };
    if let Some(el) = to {
        ev.prevent_default();
        let _ = el.focus();
    }
}

/// A modal dialog shown while `open` is true; it sets `open` to false when closed by Escape.
#[component]
pub fn Modal(
    open: RwSignal<bool>,
    /// The dialog's accessible name.
    #[prop(into)]
    label: Signal<String>,
    /// An `alertdialog` (a question that needs an answer) rather than a `dialog`.
    #[prop(optional)]
    alert: bool,
    /// CSS classes of the `<dialog>`.
    #[prop(into, optional)]
    class: String,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let opener = StoredValue::new_local(None::<HtmlElement>);
    // Opens as soon as the element is in the page (each time it is put there).
    Effect::new(move |_| {
        let Some(d) = dialog.get() else {
            return;
        };
        if !d.open() {
            opener.set_value(active_element());
            let _ = d.show_modal();
        }
        if let Some(first) = focusable_in(&d).first() {
            let _ = first.focus();
        }
    });
    // Closing (however asked) gives focus back to the opener, if it is still there.
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.get();
        if was_open == Some(true) && !is_open {
            // An open modal dialog makes the rest inert: close it before moving focus out.
            if let Some(d) = dialog.get_untracked() {
                if d.open() {
                    d.close();
                }
            }
            if let Some(el) = opener.try_update_value(Option::take).flatten() {
                if el.is_connected() {
                    let _ = el.focus();
                }
            }
        }
        is_open
    });
    let role = if alert { "alertdialog" } else { "dialog" };
    let children = StoredValue::new(children);
    view! {
        <Show when=move || open.get()>
            <dialog
                node_ref=dialog
                class=class.clone()
                role=role
                aria-modal="true"
                aria-label=move || label.get()
                on:keydown=move |ev: KeyboardEvent| match ev.key().as_str() {
                    "Escape" => {
                        ev.prevent_default();
                        ev.stop_propagation();
                        open.set(false);
                    }
                    "Tab" => {
                        if let Some(d) = dialog.get_untracked() {
                            trap_tab(&d, &ev);
                        }
                    }
                    _ => {}
                }
                // Closed by the browser itself (e.g. a `method="dialog"` form).
                on:close=move |_| {
                    if open.get_untracked() {
                        open.set(false);
                    }
                }
            >
                {children.with_value(|c| c())}
            </dialog>
        </Show>
    }
}
