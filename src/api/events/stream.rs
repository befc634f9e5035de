//! The `EventSource` runtime of the live feed: connect, hand each update over once, resync over
//! REST on every open (the newest messages when it opens, then only back to what it already
//! has), load earlier history when asked, and when the browser gives up, probe why and close or
//! reconnect with backoff (or at once when the tab or the network comes back).

use super::dedupe::FeedDedupe;
use super::feed::{classify_payload, FeedUpdate};
use super::rest::{
    resync_task, stream_url, walk_messages, EARLIER_STEP, OPENING_HISTORY, RESYNC_ATTEMPTS,
    RESYNC_MAX_MESSAGES,
};
use super::source::Open;
use super::state::{after_close, AfterClose, CloseReason, History, StreamState};
use super::wake::{reconnects, WakeWatch};
use crate::api::agentcontainer::get_task;
use crate::api::connection::AgentContainerConnection;
use crate::api::cursor::WalkEnd;
use crate::api::error::{ApiError, ApiErrorKind, Service};
use crate::api::http::{random, sleep};
use crate::api::retry::reconnect_delay;
use crate::api::scope::RequestScope;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

struct Inner {
    conn: AgentContainerConnection,
    task_id: String,
    scope: RequestScope,
    dedupe: RefCell<FeedDedupe>,
    on_update: Box<dyn Fn(Vec<FeedUpdate>)>,
    on_state: Box<dyn Fn(StreamState)>,
    on_history: Box<dyn Fn(History)>,
    /// Whether the opening walk of the messages is done.
    opened: Cell<bool>,
    /// Where the unloaded earlier messages start (a cursor of the newest-first walk).
    earlier: RefCell<Option<String>>,
    loading_earlier: Cell<bool>,
    state: RefCell<StreamState>,
    open: RefCell<Option<Open>>,
    /// Bumped by every (re)connection: callbacks of older connections are ignored.
    generation: Cell<u64>,
    /// Reconnection attempts since the stream was last live.
    attempt: Cell<u32>,
    closed: Cell<bool>,
    /// Reconnects at once when the tab or the network comes back ([`super::wake`]).
    wake: RefCell<Option<WakeWatch>>,
}

/// A live feed; cheap to clone. Closes when [`EventStream::close`] is called or its scope is
/// aborted.
#[derive(Clone)]
pub struct EventStream(Rc<Inner>);

impl EventStream {
    /// Opens the feed of conversation `task_id`. `on_update` gets each update once (live ones
    /// one at a time, a page of history at once: give it to [`Conversation::apply_all`]);
    /// `on_state` every change of [`StreamState`]; `on_history` how much of the history is
    /// loaded. Requests run in (and the stream closes with) `scope`.
    ///
    /// [`Conversation::apply_all`]: super::feed::Conversation::apply_all
    pub fn connect(
        conn: &AgentContainerConnection,
        task_id: &str,
        scope: &RequestScope,
        on_update: impl Fn(Vec<FeedUpdate>) + 'static,
        on_state: impl Fn(StreamState) + 'static,
        on_history: impl Fn(History) + 'static,
    ) -> EventStream {
        let stream = EventStream(Rc::new(Inner {
            conn: conn.clone(),
            task_id: task_id.to_string(),
            scope: scope.clone(),
            dedupe: RefCell::new(FeedDedupe::default()),
            on_update: Box::new(on_update),
            on_state: Box::new(on_state),
            on_history: Box::new(on_history),
            opened: Cell::new(false),
            earlier: RefCell::new(None),
            loading_earlier: Cell::new(false),
            state: RefCell::new(StreamState::Connecting),
            open: RefCell::new(None),
            generation: Cell::new(0),
            attempt: Cell::new(0),
            closed: Cell::new(false),
            wake: RefCell::new(None),
        }));
        {
            let s = stream.clone();
            scope.on_abort(move || s.close());
        }
        let weak = Rc::downgrade(&stream.0);
        *stream.0.wake.borrow_mut() = WakeWatch::install(move |wake| {
            if let Some(inner) = weak.upgrade() {
                let s = EventStream(inner);
                if reconnects(wake, &s.state()) {
                    s.open_source();
                }
            }
        });
        (stream.0.on_state)(StreamState::Connecting);
        (stream.0.on_history)(History::Opening);
        stream.open_source();
        stream
    }

    pub fn state(&self) -> StreamState {
        self.0.state.borrow().clone()
    }

    /// Closes the stream for good.
    pub fn close(&self) {
        self.finish(CloseReason::Stopped);
    }

    fn set_state(&self, s: StreamState) {
        if self.0.closed.get() && !matches!(s, StreamState::Closed(_)) {
            return;
        }
        let changed = *self.0.state.borrow() != s;
        if changed {
            *self.0.state.borrow_mut() = s.clone();
            (self.0.on_state)(s);
        }
    }

    fn deliver(&self, update: FeedUpdate) {
        if self.0.closed.get() {
            return;
        }
        let news = self.0.dedupe.borrow_mut().admit(&update);
        if news {
            (self.0.on_update)(vec![update]);
        }
    }

    /// Hands over what `updates` (read over REST since `mark`) brings that is new; whether
    /// anything was.
    fn deliver_snapshot(&self, updates: Vec<FeedUpdate>, mark: u64) -> bool {
        if self.0.closed.get() {
            return false;
        }
        let fresh: Vec<FeedUpdate> = {
            let mut dedupe = self.0.dedupe.borrow_mut();
            updates
                .into_iter()
                .filter(|u| dedupe.admit_snapshot(u, mark))
                .collect()
        };
        let news = !fresh.is_empty();
        if news {
            (self.0.on_update)(fresh);
        }
        news
    }

    fn set_history(&self, h: History) {
        if !self.0.closed.get() {
            (self.0.on_history)(h);
        }
    }

    /// Loads the next [`EARLIER_STEP`] older messages, if there are any and no load is under
    /// way; [`History`] says how it went.
    pub fn load_earlier(&self) {
        let Some(from) = self.0.earlier.borrow().clone() else {
            return;
        };
        if self.0.loading_earlier.replace(true) {
            return;
        }
        self.set_history(History::LoadingEarlier);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mark = this.0.dedupe.borrow().mark();
            let t = this.clone();
            let walked = this
                .0
                .scope
                .run(walk_messages(
                    &this.0.conn,
                    &this.0.task_id,
                    Some(from),
                    EARLIER_STEP,
                    move |page| {
                        t.deliver_snapshot(
                            page.into_iter().map(FeedUpdate::Message).collect(),
                            mark,
                        );
                        true
                    },
                ))
                .await;
            this.0.loading_earlier.set(false);
            match walked {
                Ok(end) => this.note_walk_end(end),
                Err(e) if e.is_aborted() => {}
                Err(e) => this.set_history(History::Failed(e.user_message())),
            }
        });
    }

    /// Remembers where a walk back through the messages stopped.
    fn note_walk_end(&self, end: WalkEnd) {
        match end {
            WalkEnd::End => {
                *self.0.earlier.borrow_mut() = None;
                self.set_history(History::Complete);
            }
            // A gap (or the rest of a long history) starts there.
            WalkEnd::Limit(cursor) => {
                *self.0.earlier.borrow_mut() = Some(cursor);
                self.set_history(History::Earlier);
            }
            WalkEnd::CaughtUp => {
                let h = if self.0.earlier.borrow().is_some() {
                    History::Earlier
                } else {
                    History::Complete
                };
                self.set_history(h);
            }
        }
    }

    /// One resynchronisation over REST: the task and its events, then the messages newest
    /// first: when the feed opens, the newest [`OPENING_HISTORY`]; after a reconnect, back to
    /// the first page that brings nothing new.
    async fn resync_once(&self) -> Result<(), ApiError> {
        let mark = self.0.dedupe.borrow().mark();
        let (head, autonomous) = self
            .0
            .scope
            .run(resync_task(&self.0.conn, &self.0.task_id))
            .await?;
        self.deliver_snapshot(head, mark);
        if autonomous {
            self.0.opened.set(true);
            self.set_history(History::Complete);
            return Ok(());
        }
        let opening = !self.0.opened.get();
        let max = if opening {
            OPENING_HISTORY
        } else {
            RESYNC_MAX_MESSAGES
        };
        let this = self.clone();
        let end = self
            .0
            .scope
            .run(walk_messages(
                &self.0.conn,
                &self.0.task_id,
                None,
                max,
                move |page| {
                    let news = this.deliver_snapshot(
                        page.into_iter().map(FeedUpdate::Message).collect(),
                        mark,
                    );
                    // Opening, live messages may already have come: walk on regardless.
                    news || opening
                },
            ))
            .await?;
        self.0.opened.set(true);
        self.note_walk_end(end);
        Ok(())
    }

    fn finish(&self, reason: CloseReason) {
        if self.0.closed.replace(true) {
            return;
        }
        self.drop_source();
        self.0.wake.borrow_mut().take();
        *self.0.state.borrow_mut() = StreamState::Closed(reason.clone());
        (self.0.on_state)(StreamState::Closed(reason));
    }

    fn drop_source(&self) {
        self.0.open.borrow_mut().take();
    }

    fn open_source(&self) {
        if self.0.closed.get() || self.0.scope.is_aborted() {
            self.finish(CloseReason::Stopped);
            return;
        }
        self.drop_source();
        let generation = self.0.generation.get() + 1;
        self.0.generation.set(generation);
        let url = match stream_url(&self.0.conn, &self.0.task_id) {
            Ok(u) => u,
            Err(e) => {
                self.finish(CloseReason::Failed(e));
                return;
            }
        };
        let source = match web_sys::EventSource::new(&url) {
            Ok(s) => s,
            Err(_) => {
                // The browser's message would quote the URL (and the key): not kept.
                let e = ApiError::invalid(
                    Service::AgentContainer,
                    "The browser refused to open the live feed.",
                );
                self.finish(CloseReason::Failed(e));
                return;
            }
        };
        drop(url);
        let weak = Rc::downgrade(&self.0);
        let with_self = move |f: &dyn Fn(&EventStream)| {
            if let Some(inner) = weak.upgrade() {
                let s = EventStream(inner);
                if s.0.generation.get() == generation && !s.0.closed.get() {
                    f(&s);
                }
            }
        };
        let on_open = {
            let with_self = with_self.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                with_self(&|s: &EventStream| s.on_open())
            })
        };
        let on_error = {
            let with_self = with_self.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
                with_self(&|s: &EventStream| s.on_error())
            })
        };
        let on_data = {
            let with_self = with_self.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                let Some(data) = ev
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(|m| m.data().as_string())
                else {
                    return;
                };
                with_self(&|s: &EventStream| {
                    if let Some(update) = classify_payload(&data) {
                        s.deliver(update);
                    }
                })
            })
        };
        *self.0.open.borrow_mut() = Some(Open::attach(source, on_open, on_error, on_data));
    }

    fn on_open(&self) {
        self.0.attempt.set(0);
        self.set_state(StreamState::Live);
        // Whatever happened while the stream was not open comes over REST.
        self.spawn_resync(None);
    }

    fn on_error(&self) {
        let ready = self
            .0
            .open
            .borrow()
            .as_ref()
            .map(|o| o.source.ready_state())
            .unwrap_or(2);
        if ready == web_sys::EventSource::CONNECTING {
            // The browser reconnects by itself (network drop, server ended the response).
            let attempt = self.0.attempt.get() + 1;
            self.0.attempt.set(attempt);
            self.set_state(StreamState::Reconnecting { attempt });
            return;
        }
        // CLOSED: the browser gave up (non-200 answer, wrong type). Find out why.
        self.drop_source();
        let attempt = self.0.attempt.get() + 1;
        self.0.attempt.set(attempt);
        self.set_state(StreamState::Reconnecting { attempt });
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let probe = this
                .0
                .scope
                .run(get_task(&this.0.conn, &this.0.task_id))
                .await;
            match after_close(&probe) {
                AfterClose::Close(reason) => this.finish(reason),
                AfterClose::FinishThenClose => {
                    if let Ok(task) = probe {
                        this.deliver(FeedUpdate::Task(Box::new(task)));
                    }
                    this.spawn_resync(Some(CloseReason::TaskEnded));
                }
                AfterClose::Reconnect => {
                    let generation = this.0.generation.get();
                    sleep(reconnect_delay(attempt, random())).await;
                    // Unless a wake-up reconnected meanwhile.
                    if !this.0.closed.get() && this.0.generation.get() == generation {
                        this.open_source();
                    }
                }
            }
        });
    }

    /// Resynchronises over REST; then closes with `then_close` if given.
    fn spawn_resync(&self, then_close: Option<CloseReason>) {
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // A failed resync is tried again a few times (the request layer already
            // retried each read): what it brings cannot come from the feed.
            for attempt in 1..=RESYNC_ATTEMPTS {
                if this.0.closed.get() {
                    return;
                }
                match this.resync_once().await {
                    Ok(()) => break,
                    Err(e) if e.kind == ApiErrorKind::Unauthorized => {
                        this.finish(CloseReason::Unauthorized);
                        return;
                    }
                    Err(e) if e.kind == ApiErrorKind::NotFound => {
                        this.finish(CloseReason::NotFound);
                        return;
                    }
                    Err(e) if e.is_aborted() => return,
                    Err(_) if attempt < RESYNC_ATTEMPTS => {
                        sleep(reconnect_delay(attempt + 1, random())).await;
                    }
                    // Still failing: the next open catches up.
                    Err(_) => {}
                }
            }
            if let Some(reason) = then_close {
                this.finish(reason);
            }
        });
    }
}
