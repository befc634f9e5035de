//! The `EventSource` runtime of the live feed: connect, hand each update over once, resync over
//! REST on every open, and when the browser gives up, probe why and close or reconnect with
//! backoff.

use super::dedupe::FeedDedupe;
use super::feed::{classify_payload, FeedUpdate};
use super::rest::{resync, stream_url, RESYNC_ATTEMPTS};
use super::state::{after_close, AfterClose, CloseReason, StreamState};
use crate::api::agentcontainer::get_task;
use crate::api::connection::AgentContainerConnection;
use crate::api::error::{ApiError, ApiErrorKind, Service};
use crate::api::http::{random, sleep};
use crate::api::retry::reconnect_delay;
use crate::api::scope::RequestScope;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// SSE event names listened to besides unnamed `message` events. The service does not publish
/// its names, so payloads are classified by shape whatever the name; these cover local-api's
/// names and likely ones.
pub const EVENT_NAMES: &[&str] = &[
    "task",
    "message",
    "event",
    "update",
    "task_update",
    "task.updated",
    "task_event",
    "conversation_event",
    "conversation_message",
    "message.created",
    "message.updated",
    "snapshot",
];

type Listener = Closure<dyn Fn(web_sys::Event)>;

/// An open `EventSource` and the callbacks it holds (kept alive as long as it is).
struct Open {
    source: web_sys::EventSource,
    _on_open: Listener,
    _on_error: Listener,
    on_data: Listener,
}

struct Inner {
    conn: AgentContainerConnection,
    task_id: String,
    scope: RequestScope,
    dedupe: RefCell<FeedDedupe>,
    on_update: Box<dyn Fn(FeedUpdate)>,
    on_state: Box<dyn Fn(StreamState)>,
    state: RefCell<StreamState>,
    open: RefCell<Option<Open>>,
    /// Bumped by every (re)connection: callbacks of older connections are ignored.
    generation: Cell<u64>,
    /// Reconnection attempts since the stream was last live.
    attempt: Cell<u32>,
    closed: Cell<bool>,
}

/// A live feed; cheap to clone. Closes when [`EventStream::close`] is called or its scope is
/// aborted.
#[derive(Clone)]
pub struct EventStream(Rc<Inner>);

impl EventStream {
    /// Opens the feed of conversation `task_id`. `on_update` gets each update once;
    /// `on_state` every change of [`StreamState`]. Requests run in (and the stream closes
    /// with) `scope`.
    pub fn connect(
        conn: &AgentContainerConnection,
        task_id: &str,
        scope: &RequestScope,
        on_update: impl Fn(FeedUpdate) + 'static,
        on_state: impl Fn(StreamState) + 'static,
    ) -> EventStream {
        let stream = EventStream(Rc::new(Inner {
            conn: conn.clone(),
            task_id: task_id.to_string(),
            scope: scope.clone(),
            dedupe: RefCell::new(FeedDedupe::default()),
            on_update: Box::new(on_update),
            on_state: Box::new(on_state),
            state: RefCell::new(StreamState::Connecting),
            open: RefCell::new(None),
            generation: Cell::new(0),
            attempt: Cell::new(0),
            closed: Cell::new(false),
        }));
        {
            let s = stream.clone();
            scope.on_abort(move || s.close());
        }
        (stream.0.on_state)(StreamState::Connecting);
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
            (self.0.on_update)(update);
        }
    }

    fn deliver_snapshot(&self, update: FeedUpdate, mark: u64) {
        if self.0.closed.get() {
            return;
        }
        let news = self.0.dedupe.borrow_mut().admit_snapshot(&update, mark);
        if news {
            (self.0.on_update)(update);
        }
    }

    fn finish(&self, reason: CloseReason) {
        if self.0.closed.replace(true) {
            return;
        }
        self.drop_source();
        *self.0.state.borrow_mut() = StreamState::Closed(reason.clone());
        (self.0.on_state)(StreamState::Closed(reason));
    }

    fn drop_source(&self) {
        if let Some(open) = self.0.open.borrow_mut().take() {
            open.source.close();
            open.source.set_onopen(None);
            open.source.set_onerror(None);
            open.source.set_onmessage(None);
            for name in EVENT_NAMES {
                let _ = open.source.remove_event_listener_with_callback(
                    name,
                    open.on_data.as_ref().unchecked_ref(),
                );
            }
            drop(open);
        }
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
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // Unnamed events arrive as `message`, which is also in EVENT_NAMES.
        for name in EVENT_NAMES {
            let _ = source.add_event_listener_with_callback(name, on_data.as_ref().unchecked_ref());
        }
        *self.0.open.borrow_mut() = Some(Open {
            source,
            _on_open: on_open,
            _on_error: on_error,
            on_data,
        });
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
                    sleep(reconnect_delay(attempt, random())).await;
                    if !this.0.closed.get() {
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
                let mark = this.0.dedupe.borrow().mark();
                let result = this
                    .0
                    .scope
                    .run(resync(&this.0.conn, &this.0.task_id))
                    .await;
                match result {
                    Ok(updates) => {
                        for u in updates {
                            this.deliver_snapshot(u, mark);
                        }
                        break;
                    }
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
