//! The inbox's state, shared by its parts: per service what was read (kept when a poll fails,
//! with the error beside it), what the person has seen (in `localStorage`), the rows in their
//! groups, and the news announced. One poller per service (the shared policy of `api::poll`:
//! one request at a time, backing off while nothing changes, paused while the tab is hidden),
//! each restarted when its connection changes or the person retries after it stopped.

use super::gather::{self, AcBook, AcRound};
use super::item::{InboxItem, Service};
use super::schedule;
use super::seen::{Seen, STORAGE_KEY};
use super::sort::{arrange, merge, needs_you_count, Group, Row};
use super::watch::{announcement, Watch};
use crate::api::poll::{observe_runners, Poller};
use crate::api::{AgentContainerConnection, ApiError, NetlifyConnection, RequestScope};
use crate::components::notify::notify;
use crate::config::{use_connections, use_rejected, Rejected};
use agentdeck_wire::netlify::{AgentRunner, RunnerState};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;

/// What one service gave the inbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    pub items: Vec<InboxItem>,
    /// At least one answer (or error) came.
    pub loaded: bool,
    /// The last poll failed: shown beside the items kept from before.
    pub error: Option<ApiError>,
    /// AgentContainer: agents known, and how many were read so far.
    pub agents: Option<(usize, usize)>,
}

type Slot<T> = StoredValue<Option<SendWrapper<T>>>;

#[derive(Clone, Copy)]
pub struct InboxCtx {
    pub netlify_conn: Memo<Option<NetlifyConnection>>,
    pub ac_conn: Memo<Option<AgentContainerConnection>>,
    pub netlify: RwSignal<Source>,
    pub ac: RwSignal<Source>,
    pub seen: RwSignal<Seen>,
    /// Which services rejected their secret (401): their requests wait for a new one
    /// (`api::auth`), so the inbox says so instead of "Loading…".
    pub rejected: RwSignal<Rejected>,
    /// Both services' rows, in their groups.
    pub groups: Memo<Vec<(Group, Vec<Row>)>>,
    /// The live region's text: the latest news.
    pub announcement: RwSignal<String>,
    netlify_poller: Slot<Poller>,
    ac_poller: Slot<Poller>,
    ac_book: StoredValue<SendWrapper<Rc<RefCell<AcBook>>>>,
    /// Bumped to start a stopped poller again.
    netlify_restart: RwSignal<u32>,
    ac_restart: RwSignal<u32>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load_seen() -> Seen {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .map(|text| Seen::from_json(&text))
        .unwrap_or_default()
}

fn save_seen(seen: &Seen) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &seen.to_json());
    }
}

impl InboxCtx {
    /// Builds the state, starts the pollers (stopped with `scope`) and provides the context.
    /// `marker` is the tab title's finished / failed marker.
    pub fn provide(scope: RequestScope, marker: RwSignal<Option<bool>>) -> InboxCtx {
        let conns = use_connections();
        let netlify_conn = Memo::new(move |_| conns.read().netlify_ready().cloned());
        let ac_conn = Memo::new(move |_| conns.read().agentcontainer_ready().cloned());
        let netlify = RwSignal::new(Source::default());
        let ac = RwSignal::new(Source::default());
        let seen = RwSignal::new(load_seen());
        let groups = Memo::new(move |_| {
            let (n, a) = (netlify.read(), ac.read());
            seen.with(|s| arrange(&merge(&[&n.items, &a.items]), s))
        });
        let ctx = InboxCtx {
            netlify_conn,
            ac_conn,
            netlify,
            ac,
            seen,
            rejected: use_rejected(),
            groups,
            announcement: RwSignal::new(String::new()),
            netlify_poller: StoredValue::new(None),
            ac_poller: StoredValue::new(None),
            ac_book: StoredValue::new(SendWrapper::new(Rc::default())),
            netlify_restart: RwSignal::new(0),
            ac_restart: RwSignal::new(0),
        };
        let watch = StoredValue::new(Watch::default());
        let tell = move |items: &[InboxItem]| {
            let news = watch
                .try_update_value(|w| w.observe(items))
                .unwrap_or_default();
            if news.is_empty() {
                return;
            }
            ctx.announcement.try_set(announcement(&news));
            for n in &news {
                notify(&n.sentence());
            }
            marker.try_set(Some(news.iter().all(|n| n.ok())));
        };
        ctx.start_netlify(scope.clone(), tell);
        ctx.start_ac(scope, tell);
        provide_context(ctx);
        ctx
    }

    fn start_netlify(self, scope: RequestScope, tell: impl Fn(&[InboxItem]) + Copy + 'static) {
        let scope = SendWrapper::new(scope);
        let source = self.netlify;
        Effect::new(move |previous: Option<Option<NetlifyConnection>>| {
            self.netlify_restart.track();
            let conn = self.netlify_conn.get();
            if let Some(old) = self.netlify_poller.get_value() {
                old.stop();
            }
            // A new connection is a new list; a retry keeps the one shown.
            if previous.as_ref() != Some(&conn) {
                source.set(Source::default());
            }
            if let Some(c) = conn.clone() {
                let poller = Poller::start(
                    &scope,
                    schedule::policy(),
                    move || {
                        let c = c.clone();
                        async move { gather::recent_runners(&c).await }
                    },
                    |runners: &Vec<AgentRunner>| observe_runners(runners),
                    move |result: Result<Vec<AgentRunner>, ApiError>| match result {
                        Ok(runners) => {
                            let items: Vec<InboxItem> = runners
                                .iter()
                                .filter(|r| r.state != RunnerState::Archived)
                                .map(InboxItem::from_runner)
                                .collect();
                            tell(&items);
                            source.try_update(|s| {
                                s.items = items;
                                s.loaded = true;
                                s.error = None;
                            });
                        }
                        Err(e) => {
                            source.try_update(|s| {
                                s.loaded = true;
                                s.error = Some(e);
                            });
                        }
                    },
                );
                self.netlify_poller
                    .set_value(Some(SendWrapper::new(poller)));
            }
            conn
        });
    }

    fn start_ac(self, scope: RequestScope, tell: impl Fn(&[InboxItem]) + Copy + 'static) {
        let scope = SendWrapper::new(scope);
        let source = self.ac;
        Effect::new(move |previous: Option<Option<AgentContainerConnection>>| {
            self.ac_restart.track();
            let conn = self.ac_conn.get();
            if let Some(old) = self.ac_poller.get_value() {
                old.stop();
            }
            if previous.as_ref() != Some(&conn) {
                source.set(Source::default());
                self.ac_book
                    .set_value(SendWrapper::new(Rc::new(RefCell::new(AcBook::default()))));
            }
            if let Some(c) = conn.clone() {
                let book = self.ac_book.with_value(|b| Rc::clone(b));
                let poller = Poller::start(
                    &scope,
                    schedule::policy(),
                    move || gather::ac_round(book.clone(), c.clone()),
                    gather::observe_ac,
                    move |result: Result<AcRound, ApiError>| match result {
                        Ok(round) => {
                            let items: Vec<InboxItem> =
                                round.tasks.iter().map(InboxItem::from_task).collect();
                            tell(&items);
                            source.try_update(|s| {
                                s.items = items;
                                s.loaded = true;
                                s.error = None;
                                s.agents = Some((round.agents, round.agents_read));
                            });
                        }
                        Err(e) => {
                            source.try_update(|s| {
                                s.loaded = true;
                                s.error = Some(e);
                            });
                        }
                    },
                );
                self.ac_poller.set_value(Some(SendWrapper::new(poller)));
            }
            conn
        });
    }

    /// Remembers the item as seen in its current state (its link was followed).
    pub fn mark_read(&self, item: &InboxItem) {
        let mut changed = false;
        self.seen.update(|s| changed = s.mark(item));
        if changed {
            self.seen.with_untracked(save_seen);
        }
    }

    /// Marks every item shown as read.
    pub fn mark_all_read(&self) {
        let items = merge(&[
            &self.netlify.read_untracked().items,
            &self.ac.read_untracked().items,
        ]);
        let mut changed = false;
        self.seen.update(|s| changed = s.mark_all(&items));
        if changed {
            self.seen.with_untracked(save_seen);
        }
    }

    /// Every connected service answered at least once (or rejected its secret).
    pub fn loaded(&self) -> bool {
        let rejected = self.rejected.get();
        let done = |conn: bool, source: RwSignal<Source>, service: Service| {
            !conn || rejected.get(service) || source.with(|s| s.loaded)
        };
        done(
            self.netlify_conn.with(Option::is_some),
            self.netlify,
            Service::Netlify,
        ) && done(
            self.ac_conn.with(Option::is_some),
            self.ac,
            Service::AgentContainer,
        )
    }

    /// How many rows need the person.
    pub fn needs_you(&self) -> usize {
        self.groups.with(|g| needs_you_count(g))
    }

    /// Reads `service` again now (its poller starts over when it had stopped).
    pub fn retry(&self, service: Service) {
        let (poller, restart) = match service {
            Service::Netlify => (self.netlify_poller, self.netlify_restart),
            Service::AgentContainer => {
                self.ac_book.with_value(|b| b.borrow_mut().hurry());
                (self.ac_poller, self.ac_restart)
            }
        };
        match poller.get_value() {
            Some(p) if !p.is_stopped() => p.poll_now(),
            _ => restart.update(|n| *n += 1),
        }
    }

    /// Reads both services again now.
    pub fn refresh(&self) {
        if self.netlify_conn.get_untracked().is_some() {
            self.retry(Service::Netlify);
        }
        if self.ac_conn.get_untracked().is_some() {
            self.retry(Service::AgentContainer);
        }
    }
}

/// The inbox's state, for its parts.
pub fn use_inbox() -> InboxCtx {
    expect_context::<InboxCtx>()
}
