//! What the shortcuts do to the page, through attributes pages put on their elements (listed in
//! ARCHITECTURE.md, "Keyboard"):
//!
//! - `data-nav-list` on a list and `data-nav-item` on each row's main link: `j` / `k` move the
//!   focus (the selection) between the items of the page's lists, `Enter` opens the focused one;
//! - `data-search` on the page's search or filter field: `/` focuses it;
//! - `data-shortcut="new"` on the page's "new" link or button: `n` clicks it.
//!
//! Only rendered elements count (hidden tabs and closed sections do not).

use crate::keyboard::is_typing_target;
use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, EventTarget, FocusOptions, HtmlElement, HtmlInputElement, Node, ScrollIntoViewOptions,
    ScrollLogicalPosition,
};

const NAV_ITEMS: &str = "[data-nav-list] [data-nav-item]";

/// Whether a key with this target is typed into a field.
pub fn is_typing(target: Option<EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    let editable = el
        .dyn_ref::<HtmlElement>()
        .is_some_and(HtmlElement::is_content_editable);
    is_typing_target(
        &el.tag_name(),
        el.get_attribute("type").as_deref(),
        editable,
    )
}

/// Whether a modal dialog is open (shortcuts wait until it closes).
pub fn dialog_open() -> bool {
    document()
        .query_selector("dialog[open]")
        .ok()
        .flatten()
        .is_some()
}

fn rendered(el: &Element) -> bool {
    let r = el.get_bounding_client_rect();
    r.width() > 0.0 || r.height() > 0.0
}

fn all_rendered(css: &str) -> Vec<HtmlElement> {
    let Ok(list) = document().query_selector_all(css) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|e| rendered(e))
        .collect()
}

fn first_rendered(css: &str) -> Option<HtmlElement> {
    all_rendered(css).into_iter().next()
}

/// Focuses `el` and scrolls it into view only as far as needed.
fn select(el: &HtmlElement) {
    let opts = FocusOptions::new();
    opts.set_prevent_scroll(true);
    let _ = el.focus_with_options(&opts);
    let scroll = ScrollIntoViewOptions::new();
    scroll.set_block(ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&scroll);
}

/// `j` (`forward`) / `k`: focuses the next or previous item of the page's lists; from outside
/// the items, the first one (or, from inside a list, the nearest one that way).
pub fn move_selection(forward: bool) -> bool {
    let items = all_rendered(NAV_ITEMS);
    let Some(last) = items.len().checked_sub(1) else {
        return false;
    };
    let active = document().active_element();
    let at = active
        .as_ref()
        .and_then(|a| items.iter().position(|i| i.is_same_node(Some(a))));
    let to = match (at, &active) {
        (Some(i), _) if forward => (i + 1).min(last),
        (Some(i), _) => i.saturating_sub(1),
        // Focus on another control of a row (a button): the item after or before it.
        (None, Some(a)) if a.closest("[data-nav-list]").ok().flatten().is_some() => {
            let follows = |i: &HtmlElement| {
                a.compare_document_position(i) & Node::DOCUMENT_POSITION_FOLLOWING != 0
            };
            if forward {
                items.iter().position(follows).unwrap_or(last)
            } else {
                items.iter().rposition(|i| !follows(i)).unwrap_or(0)
            }
        }
        _ => 0,
    };
    select(&items[to]);
    true
}

/// `Enter`: opens the focused list item; false when the focus is elsewhere.
pub fn open_selected() -> bool {
    let Some(el) = document().active_element() else {
        return false;
    };
    if !el.has_attribute("data-nav-item") {
        return false;
    }
    match el.dyn_ref::<HtmlElement>() {
        Some(h) => {
            h.click();
            true
        }
        None => false,
    }
}

/// `/`: focuses (and selects the text of) the page's search field.
pub fn focus_search() -> bool {
    let Some(el) = first_rendered("[data-search]") else {
        return false;
    };
    select(&el);
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        input.select();
    }
    true
}

/// `n`: clicks the page's "new" link or button.
pub fn click_new() -> bool {
    match first_rendered("[data-shortcut='new']") {
        Some(el) => {
            el.click();
            true
        }
        None => false,
    }
}
