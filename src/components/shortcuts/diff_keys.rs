//! The diff viewers on the page, for the keys that act on one (`n`, `p`, `v`). A viewer signs up
//! while it is mounted; the key handler asks the newest one. A registry on the thread rather
//! than a context: the key handler is mounted beside the pages, not above them.

use crate::keyboard::Command;
use leptos::prelude::on_cleanup;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

type Handler = Rc<dyn Fn(Command)>;

thread_local! {
    static VIEWERS: RefCell<Vec<(u64, Handler)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// Signs the calling component up for the diff viewer keys until it is cleaned up.
pub fn use_diff_keys(handler: impl Fn(Command) + 'static) {
    let id = NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    VIEWERS.with(|v| v.borrow_mut().push((id, Rc::new(handler))));
    on_cleanup(move || VIEWERS.with(|v| v.borrow_mut().retain(|(i, _)| *i != id)));
}

/// Whether a diff viewer is on the page.
pub fn active() -> bool {
    VIEWERS.with(|v| !v.borrow().is_empty())
}

/// Gives `cmd` to the newest diff viewer; false without one.
pub fn run(cmd: Command) -> bool {
    // Cloned out first: the handler may mount or clean up viewers.
    let Some(h) = VIEWERS.with(|v| v.borrow().last().map(|(_, h)| h.clone())) else {
        return false;
    };
    h(cmd);
    true
}
