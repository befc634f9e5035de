//! The inbox list: one list named "Inbox" holding its three groups, each a list of rows. A row
//! is a link to the item (service, title, state in words, unread, age) plus its next action,
//! named by what it does. Following either link marks the item read. Rows carry
//! `data-nav-item` (on the main link) inside the `data-nav-list`, for the `j`/`k` shortcuts.

use super::ctx::use_inbox;
use super::item::{service_key, Kind};
use super::next_action::item_route;
use super::sort::{Group, Row};
use crate::components::state_badge::StateBadge;
use crate::components::time::RelativeTime;
use leptos::prelude::*;

/// Rows of "Everything else" shown before "Show all".
const REST_SHOWN: usize = 30;

#[component]
pub fn InboxList() -> impl IntoView {
    view! {
        <ul class="inbox-list" data-nav-list="" aria-label="Inbox">
            {Group::ALL.into_iter().map(|group| view! { <GroupRows group=group /> }).collect::<Vec<_>>()}
        </ul>
    }
}

#[component]
fn GroupRows(group: Group) -> impl IntoView {
    let ctx = use_inbox();
    let show_all = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        ctx.groups.with(|gs| {
            gs.iter()
                .find(|(g, _)| *g == group)
                .map(|(_, rows)| rows.clone())
                .unwrap_or_default()
        })
    });
    let count = move || rows.with(Vec::len);
    let limit = move || {
        if group == Group::Rest && !show_all.get() {
            REST_SHOWN
        } else {
            usize::MAX
        }
    };
    // Keyed by what the row shows: a changed item redraws its own row only.
    let shown = move || {
        rows.with(|rs| {
            rs.iter()
                .take(limit())
                .map(|r| {
                    let key = format!(
                        "{}|{}|{}|{:?}",
                        r.item.key(),
                        r.item.fingerprint(),
                        r.unread,
                        r.action
                    );
                    (key, r.clone())
                })
                .collect::<Vec<_>>()
        })
    };
    let hidden = move || count().saturating_sub(limit());
    // "Nothing needs you" only once every connected service answered.
    let empty = move || count() == 0 && ctx.loaded();
    let heading = format!("inbox-group-{}", group.key());
    view! {
        <li class="inbox-group" data-group=group.key()>
            <h2 id=heading.clone() class="inbox-group-title">
                {group.title()}
                <span class="inbox-count">{move || format!(" ({})", count())}</span>
            </h2>
            <Show when=empty>
                <p class="hint inbox-empty">{group.empty_text()}</p>
            </Show>
            <ul class="inbox-rows" aria-labelledby=heading>
                <For each=shown key=|(k, _)| k.clone() children=|(_, row)| view! { <InboxRow row=row /> } />
            </ul>
            <Show when=move || { hidden() > 0 }>
                <button type="button" class="button button-quiet" on:click=move |_| show_all.set(true)>
                    {move || format!("Show {} more", hidden())}
                </button>
            </Show>
        </li>
    }
}

#[component]
fn InboxRow(row: Row) -> impl IntoView {
    let ctx = use_inbox();
    let Row {
        item,
        unread,
        action,
    } = row;
    let kind = match item.kind {
        Kind::Runner => "Netlify runner",
        Kind::Task => "AgentContainer task",
        Kind::Conversation => "AgentContainer conversation",
    };
    let agent = (!item.agent_name.trim().is_empty()).then(|| format!(" · {}", item.agent_name));
    let href = item_route(&item).href();
    let action_href = action.route(&item).href();
    let action_name = format!("{}: {}", action.label(), item.title);
    let mark = {
        let item = item.clone();
        move |_| ctx.mark_read(&item)
    };
    view! {
        <li
            class="inbox-row"
            class:inbox-row-unread=unread
            data-key=item.key()
            data-service=service_key(item.service)
            data-state=item.state.clone()
            data-unread=unread.then_some("true")
        >
            <a class="inbox-item" href=href data-nav-item="" on:click=mark.clone() on:auxclick=mark.clone()>
                <span class="inbox-title">{item.title.clone()}</span>
                <span class="inbox-meta">
                    <span class="inbox-service">{kind}{agent}</span>
                    <StateBadge state=item.state.clone() />
                    {unread.then(|| view! { <span class="inbox-unread">"Unread"</span> })}
                    <RelativeTime ts=item.changed_at.clone() />
                </span>
            </a>
            <a
                class="button inbox-action"
                href=action_href
                aria-label=action_name
                on:click=mark.clone()
                on:auxclick=mark
            >
                {action.label()}
            </a>
        </li>
    }
}
