//! The conversation's one timeline: messages (markdown, files, cost and tokens) and events
//! (mode switches, hibernation, expiry, and kinds this app does not know, as text) in time
//! order, each keyed by its id so an update replaces it and nothing shows twice.
//!
//! Long conversations are windowed ([`Window`]): only the newest items are built when the page
//! opens; earlier ones are built a chunk at a time when the reader reaches the top (or asks),
//! and the items far below are let go, to come back when the reader scrolls down again; the
//! reader's place is kept both ways. New items keep a reader at the bottom there. The order is
//! held as where the events go among the messages ([`TimelineOrder`]), so an update of a
//! 10,000-message conversation copies only the shown items. A history longer than the feed
//! loaded at first comes in steps when the reader reaches its top (`on_earlier`); items that
//! arrive before the window move it along, so the reader keeps their place.

use super::model::{event_label, role_class, role_label, usage_text, Slot, TimelineOrder};
use super::window::{Window, CHUNK, SCROLL_CHUNK};
use crate::api::events::{Conversation, History};
use crate::components::markdown_view::MarkdownView;
use crate::components::time::RelativeTime;
use crate::hooks::follow_bottom::{
    follow_new_content, page_metrics, reader_at_bottom, scroll_to_end,
};
use crate::pages::agentcontainer::upload_list::human_size;
use agentdeck_wire::agentcontainer::{MessageStatus, TaskEvent, TaskMessage};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// How close (px) to the top of the page the reader must come for earlier items to load.
const REVEAL_MARGIN_PX: f64 = 400.0;

/// One shown item, copied out of the conversation (only the shown ones are copied).
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Message(TaskMessage),
    Event(TaskEvent),
}

impl Entry {
    /// Its key: the id, plus what makes an updated version of the same item look different.
    fn key(&self) -> String {
        match self {
            Entry::Message(m) => format!(
                "m|{}|{}|{}|{}|{:?}",
                m.id,
                m.status.as_str(),
                m.content.len(),
                m.files.len(),
                m.cost_usd.map(f64::to_bits)
            ),
            Entry::Event(e) => format!("e|{}|{}|{}", e.id, e.kind.as_str(), e.message.len()),
        }
    }
}

/// The shown items, in the blocks they are built in ([`Window::block_of`]), in order.
fn shown_blocks(c: &Conversation, order: &TimelineOrder, window: Window) -> Vec<(i64, Vec<Entry>)> {
    let range = window.range(order.len());
    let mut blocks: Vec<(i64, Vec<Entry>)> = Vec::new();
    for (at, slot) in range.clone().zip(order.slots(range)) {
        let entry = match slot {
            Slot::Message(i) => c.messages.get(i).cloned().map(Entry::Message),
            Slot::Event(i) => c.events.get(i).cloned().map(Entry::Event),
        };
        let Some(entry) = entry else { continue };
        let block = window.block_of(at);
        match blocks.last_mut() {
            Some((b, entries)) if *b == block => entries.push(entry),
            _ => blocks.push((block, vec![entry])),
        }
    }
    blocks
}

/// Which item a slot is, to find it again after items were put before it.
#[derive(Debug, Clone, PartialEq)]
enum ItemId {
    Message(String),
    Event(String),
}

fn item_id(c: &Conversation, slot: Slot) -> Option<ItemId> {
    match slot {
        Slot::Message(i) => c.messages.get(i).map(|m| ItemId::Message(m.id.clone())),
        Slot::Event(i) => c.events.get(i).map(|e| ItemId::Event(e.id.clone())),
    }
}

/// The id of the first item of window `w`.
fn first_of(c: &Conversation, order: &TimelineOrder, w: Window) -> Option<ItemId> {
    let at = w.range(order.len()).start;
    order.slots(at..at + 1).first().and_then(|s| item_id(c, *s))
}

/// Where item `id` is now in the merged order.
fn index_of(c: &Conversation, order: &TimelineOrder, id: &ItemId) -> Option<usize> {
    let slot = match id {
        ItemId::Message(id) => Slot::Message(c.messages.iter().position(|m| &m.id == id)?),
        ItemId::Event(id) => Slot::Event(c.events.iter().position(|e| &e.id == id)?),
    };
    Some(order.index_of(slot))
}

/// The list element's first or last item, and where it is on screen now.
fn anchor_of(list: NodeRef<leptos::html::Ol>, last: bool) -> Option<(web_sys::Element, f64)> {
    let l = list.get_untracked()?;
    let a = if last {
        l.last_element_child()
    } else {
        l.first_element_child()
    }?;
    let top = a.get_bounding_client_rect().top();
    Some((a, top))
}

/// Whether `el` is within [`REVEAL_MARGIN_PX`] of the viewport (above it or below it).
fn near_view(el: Option<web_sys::HtmlDivElement>, below: bool) -> bool {
    let (Some(el), Some((_, view_h, _))) = (el, page_metrics()) else {
        return false;
    };
    let r = el.get_bounding_client_rect();
    if below {
        r.top() < view_h + REVEAL_MARGIN_PX
    } else {
        r.bottom() > -REVEAL_MARGIN_PX
    }
}

/// The timeline of `convo` (mountable alone, e.g. with a generated conversation). With
/// `history` and `on_earlier`, a history the feed has not loaded all of is offered (and loaded
/// when the reader reaches its top).
#[component]
pub fn Timeline(
    #[prop(into)] convo: Signal<Conversation>,
    #[prop(optional, into)] history: Option<Signal<History>>,
    #[prop(optional)] on_earlier: Option<Callback<()>>,
) -> impl IntoView {
    let order = Memo::new(move |_| convo.with(|c| TimelineOrder::new(&c.messages, &c.events)));
    let total = Memo::new(move |_| order.with(TimelineOrder::len));
    let window = RwSignal::new(None::<Window>);
    // The first shown item as of the last window set: items put before it move the window.
    let first = StoredValue::new(None::<ItemId>);
    let set_window = move |w: Window| {
        let id = convo.with_untracked(|c| order.with_untracked(|o| first_of(c, o, w)));
        first.set_value(id);
        if window.get_untracked() != Some(w) {
            window.set(Some(w));
        }
    };
    Effect::new(move |_| {
        let total = total.get();
        let next = match window.get_untracked() {
            None if total == 0 => return,
            None => {
                // Open at the newest item.
                request_animation_frame(scroll_to_end);
                Window::opening(total)
            }
            Some(w) => {
                let moved = first.with_value(|id| {
                    let id = id.as_ref()?;
                    convo.with_untracked(|c| {
                        order.with_untracked(|o| {
                            // Cheap when nothing came before the window (the usual case).
                            if first_of(c, o, w).as_ref() == Some(id) {
                                return None;
                            }
                            index_of(c, o, id).filter(|&at| at > w.start)
                        })
                    })
                });
                let w = moved.map_or(w, |at| w.shift(at - w.start));
                w.settle(total, reader_at_bottom())
            }
        };
        set_window(next);
    });
    let earlier = move || history.map(|h| h.get()).unwrap_or(History::Complete);
    let load_earlier = move || {
        if let Some(cb) = on_earlier {
            if earlier() == History::Earlier || matches!(earlier(), History::Failed(_)) {
                cb.run(());
            }
        }
    };
    // Until the effect above ran, the window is the opening one (never all items).
    let current = move || window.get().unwrap_or_else(|| Window::opening(total.get()));
    let shown = Memo::new(move |_| {
        let w = current();
        convo.with(|c| order.with(|o| shown_blocks(c, o, w)))
    });
    let block_ids =
        Memo::new(move |_| shown.with(|s| s.iter().map(|(b, _)| *b).collect::<Vec<_>>()));
    let hidden = move || current().hidden(total.get());
    let hidden_after = move || current().hidden_after(total.get());
    // Whether the buttons are there at all: they stay the same elements while their counts
    // change, so a click (or the keyboard focus) is never on a button that was just replaced.
    let any_hidden = Memo::new(move |_| hidden() > 0);
    let any_hidden_after = Memo::new(move |_| hidden_after() > 0);
    // What new content looks like to the follower: the count and the last item's version.
    let content = Memo::new(move |_| {
        shown.with(|s| {
            let last = s.last().and_then(|(_, entries)| entries.last());
            (total.get(), last.map(Entry::key))
        })
    });
    follow_new_content(content, |c| c.0 == 0);

    let list = NodeRef::<leptos::html::Ol>::new();
    let sentinel = NodeRef::<leptos::html::Div>::new();
    let sentinel_after = NodeRef::<leptos::html::Div>::new();
    let revealing = StoredValue::new(false);
    // Builds `chunk` items more at the top (`later`: at the bottom), letting go of the far end,
    // and keeps the item at the near end where it was on screen.
    let reveal_at = move |later: bool, chunk: usize| {
        let n = total.get_untracked();
        let w = window.get_untracked().unwrap_or_else(|| Window::opening(n));
        let waiting = if later {
            w.hidden_after(n)
        } else {
            w.hidden(n)
        };
        if waiting == 0 {
            return;
        }
        let anchor = anchor_of(list, later);
        revealing.set_value(true);
        set_window(if later {
            w.reveal_after(n, chunk)
        } else {
            w.reveal(n, chunk)
        });
        request_animation_frame(move || {
            if let (Some((a, before)), Some(w)) = (anchor, web_sys::window()) {
                let moved = a.get_bounding_client_rect().top() - before;
                if moved.abs() > 0.5 {
                    w.scroll_by_with_x_and_y(0.0, moved);
                }
            }
            let _ = revealing.try_set_value(false);
        });
    };
    // Scrolling reveals one chunk at a time: a reveal under way (its place not kept yet) makes
    // the next wait. A click on "Show earlier/later messages" is never ignored.
    let scroll_reveal = move |later: bool| {
        if !revealing.get_value() {
            reveal_at(later, SCROLL_CHUNK);
        }
    };
    let handle = window_event_listener(leptos::ev::scroll, move |_| {
        if near_view(sentinel.get_untracked(), false) {
            scroll_reveal(false);
            // At the top of what is loaded: the next step of the history.
            if hidden() == 0 && history.is_some_and(|h| h.get_untracked() == History::Earlier) {
                load_earlier();
            }
        }
        if near_view(sentinel_after.get_untracked(), true) {
            scroll_reveal(true);
        }
    });
    let handle = SendWrapper::new(handle);
    on_cleanup(move || handle.take().remove());

    view! {
        <div class="ac-timeline">
            <div node_ref=sentinel class="tl-earlier">
                {move || if any_hidden.get() {
                    Some(view! {
                        <button type="button" class="button button-quiet" on:click=move |_| reveal_at(false, CHUNK)>
                            {move || format!("Show earlier messages ({} not shown)", hidden())}
                        </button>
                    }.into_any())
                } else if total.get() == 0 {
                    None
                } else {
                    on_earlier.and_then(|_| history_line(earlier(), load_earlier))
                }}
            </div>
            // The live region wraps the list (a role on the <ol> itself would unmake it a list).
            <div role="log" aria-label="Messages and events">
                <ol node_ref=list class="tl-list">
                    <For each=move || block_ids.get() key=|b| *b children=move |b| block_view(shown, b) />
                </ol>
            </div>
            <div node_ref=sentinel_after class="tl-later">
                {move || any_hidden_after.get().then(|| view! {
                    <button type="button" class="button button-quiet" on:click=move |_| reveal_at(true, CHUNK)>
                        {move || format!("Show later messages ({} not shown)", hidden_after())}
                    </button>
                })}
            </div>
            {move || (total.get() == 0).then(|| view! { <p class="empty-state">"No messages yet."</p> })}
        </div>
    }
}

/// What the top of a fully revealed timeline says about the history not loaded yet.
fn history_line(h: History, load: impl Fn() + Copy + Send + Sync + 'static) -> Option<AnyView> {
    let button = |label: &'static str| {
        view! { <button type="button" class="button button-quiet" on:click=move |_| load()>{label}</button> }
    };
    match h {
        History::Earlier => Some(button("Load earlier messages").into_any()),
        History::LoadingEarlier => Some(
            view! { <p class="hint" role="status">"Loading earlier messages…"</p> }.into_any(),
        ),
        History::Failed(why) => Some(
            view! {
                <p class="form-error" role="alert">{format!("Earlier messages did not load: {why}")}</p>
                {button("Try loading earlier messages again")}
            }
            .into_any(),
        ),
        // Everything is loaded and shown: say so, rather than leave the reader wondering
        // whether more is coming.
        History::Complete => Some(
            view! { <p class="hint tl-start">"The conversation starts here."</p> }.into_any(),
        ),
        History::Opening => None,
    }
}

/// The items of block `b` (no element of its own: the list's items stay the `<ol>`'s
/// children). Rebuilt only when its own items change.
fn block_view(shown: Memo<Vec<(i64, Vec<Entry>)>>, b: i64) -> impl IntoView {
    let entries = Memo::new(move |_| {
        shown.with(|s| {
            s.iter()
                .find(|(id, _)| *id == b)
                .map(|(_, e)| e.clone())
                .unwrap_or_default()
        })
    });
    view! { <For each=move || entries.get() key=Entry::key children=item_view /> }
}

fn item_view(entry: Entry) -> AnyView {
    match entry {
        Entry::Message(m) => message_view(m),
        Entry::Event(e) => event_view(e),
    }
}

fn message_view(m: TaskMessage) -> AnyView {
    let class = format!("tl-item tl-message tl-role-{}", role_class(&m.role));
    let status = match &m.status {
        MessageStatus::Queued => Some("Queued".to_string()),
        MessageStatus::Processed | MessageStatus::Created => None,
        other => Some(other.as_str().replace('_', " ")),
    };
    let usage = usage_text(m.cost_usd, m.token_usage.as_ref());
    let files = (!m.files.is_empty()).then(|| {
        let items = m
            .files
            .iter()
            .map(|f| {
                let size = f.size_bytes.map(|b| format!(" ({})", human_size(b)));
                view! { <li>{f.filename.clone()}{size}</li> }
            })
            .collect_view();
        view! { <ul class="tl-files" aria-label="Attached files">{items}</ul> }
    });
    view! {
        <li class=class data-id=m.id.clone() data-kind="message">
            <div class="tl-meta">
                <span class="tl-role">{role_label(&m.role)}</span>
                <span class="tl-turn">{format!("turn {}", m.turn_number)}</span>
                <RelativeTime ts=m.created_at.clone() />
                {status.map(|s| view! { <span class="tl-status">{s}</span> })}
            </div>
            <MarkdownView text=m.content.clone() class="tl-body" />
            {files}
            {usage.map(|u| view! { <p class="tl-usage">{u}</p> })}
        </li>
    }
    .into_any()
}

fn event_view(e: TaskEvent) -> AnyView {
    let message = (!e.message.trim().is_empty()).then(|| e.message.clone());
    view! {
        <li class="tl-item tl-event" data-id=e.id.clone() data-kind="event" data-event=e.kind.as_str().to_string()>
            <span class="tl-event-kind">{event_label(&e.kind)}</span>
            {message.map(|m| view! { <span class="tl-event-text">{m}</span> })}
            <RelativeTime ts=e.created_at.clone() />
        </li>
    }
    .into_any()
}
