//! `/`: the inbox, agentdeck's home page. One list across both services saying which agent
//! needs a person now: Netlify runners of the connected site and AgentContainer tasks and
//! conversations of every agent, grouped "Needs you" (waiting for input, or ended and not
//! opened since), "Running", then everything else, each row with its next action. Live
//! without reload (one poller per service); news of an item seen running is announced, shown
//! in the tab title and notified when allowed.
//!
//! Pure parts, natively tested: `item` (a runner or task as a row), `seen` (what was opened,
//! unread), `next_action`, `sort` (merge and group), `watch` (what is news), `schedule` (which
//! agents a polling round reads). `gather` reads the services, `ctx` holds the page's state;
//! `sources` (per service status) and `rows` (the list) are composed here.

mod ctx;
mod gather;
mod item;
mod next_action;
mod rows;
mod schedule;
mod seen;
mod sort;
mod sources;
mod watch;

use crate::components::notify::permission;
use crate::hooks::tab_title::use_tab_title;
use crate::hooks::use_request_scope;
use ctx::InboxCtx;
use leptos::prelude::*;
use rows::InboxList;
use sources::Sources;
use web_sys::{Notification, NotificationPermission};

/// The tab title: how many items need the person, when any do.
fn tab_title(needs_you: usize) -> String {
    if needs_you == 0 {
        "Inbox · agentdeck".into()
    } else {
        format!("({needs_you}) Inbox · agentdeck")
    }
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let needs_you = RwSignal::new(0usize);
    let marker = use_tab_title(move || tab_title(needs_you.get()));
    let ctx = InboxCtx::provide(use_request_scope(), marker);
    Effect::new(move |_| needs_you.set(ctx.needs_you()));
    let connected =
        move || ctx.netlify_conn.with(Option::is_some) || ctx.ac_conn.with(Option::is_some);
    let unread = move || {
        ctx.groups
            .with(|gs| gs.iter().flat_map(|(_, rows)| rows).any(|r| r.unread))
    };
    view! {
        <section class="page inbox-page">
            <header class="page-header">
                <h1>"Inbox"</h1>
                <div class="row">
                    <NotifyAsk />
                    <button type="button" class="button" disabled=move || !connected() on:click=move |_| ctx.refresh()>
                        "Refresh"
                    </button>
                    <button type="button" class="button" disabled=move || !unread() on:click=move |_| ctx.mark_all_read()>
                        "Mark all read"
                    </button>
                </div>
            </header>
            <p class="hint inbox-news" role="status" aria-live="polite" aria-atomic="true">
                {move || ctx.announcement.get()}
            </p>
            <Sources />
            <Show when=connected>
                <InboxList />
            </Show>
        </section>
    }
}

/// Offers browser notifications while the person has not decided; says nothing otherwise.
#[component]
fn NotifyAsk() -> impl IntoView {
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
        (state.get() == Some(NotificationPermission::Default)).then(|| {
            view! {
                <button type="button" class="button button-quiet" on:click=ask>
                    "Notify me when an agent needs me"
                </button>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_tab_title_counts_what_needs_you() {
        assert_eq!(super::tab_title(0), "Inbox · agentdeck");
        assert_eq!(super::tab_title(3), "(3) Inbox · agentdeck");
    }
}
