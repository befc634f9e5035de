//! The live feed of a conversation: `GET /conversations/{taskId}/events?stream=true&apiKey=KEY`.
//!
//! [`EventStream::connect`] opens an `EventSource` (which cannot send headers, hence the key in
//! its URL: that URL is never logged, stored in an error or shown), classifies every payload by
//! its shape ([`agentdeck_wire::agentcontainer::classify`]), whatever the SSE event name, and hands
//! typed [`FeedUpdate`]s to a callback, each exactly once ([`FeedDedupe`]).
//!
//! Every time the stream opens it resynchronises over REST (the task, its messages and its
//! events), so what was sent while it was down is not missed; duplicates are dropped by id and
//! content. When the browser gives up (`readyState == CLOSED`), an authenticated request tells
//! why: a wrong key (401) or a missing task (404) closes the stream with that reason, a finished
//! task ends it after a last resync, anything else reconnects with backoff.
//!
//! Its [`StreamState`] goes to a second callback, for a "live / reconnecting" badge.
//!
//! ```text
//! let scope = RequestScope::for_component();        // the stream closes with the page
//! let (state, set_state) = signal(StreamState::Connecting);
//! let messages = RwSignal::new(Vec::<TaskMessage>::new());
//! let stream = EventStream::connect(&conn, &task_id, &scope,
//!     move |u| if let FeedUpdate::Message(m) = u { messages.try_update(|v| upsert(v, m)); },
//!     move |s| { set_state.try_set(s); });
//! ```

use super::agentcontainer::{get_task, list_conversation_events, list_messages};
use super::cursor::collect_all;
use super::error::{ApiError, ApiErrorKind, Service};
use super::url::{endpoint, with_query};
use super::AgentContainerConnection;
use agentdeck_wire::agentcontainer::{
    classify, FeedItem, ListMessagesQuery, ListQuery, SortOrder, Task, TaskEvent, TaskMessage,
};
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};

/// One typed update of the live feed.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedUpdate {
    /// The task, after a state change.
    Task(Box<Task>),
    /// A message, new or changed (e.g. `queued` -> `processed`): replace by id.
    Message(TaskMessage),
    /// A conversation event (mode switch, expiry, hibernation).
    Event(TaskEvent),
}

impl FeedUpdate {
    pub fn id(&self) -> &str {
        match self {
            FeedUpdate::Task(t) => &t.id,
            FeedUpdate::Message(m) => &m.id,
            FeedUpdate::Event(e) => &e.id,
        }
    }

    fn kind(&self) -> u8 {
        match self {
            FeedUpdate::Task(_) => 0,
            FeedUpdate::Message(_) => 1,
            FeedUpdate::Event(_) => 2,
        }
    }

    /// The typed update of a classified payload (`None` for unknown shapes).
    pub fn from_item(item: FeedItem) -> Option<Self> {
        match item {
            FeedItem::Task(t) => Some(FeedUpdate::Task(t)),
            FeedItem::Message(m) => Some(FeedUpdate::Message(m)),
            FeedItem::Event(e) => Some(FeedUpdate::Event(e)),
            FeedItem::Unknown(_) => None,
        }
    }
}

/// What a conversation page shows, kept up to date by [`Conversation::apply`]: the task, its
/// messages and events, each once (replaced by id), in time order.
///
/// ```text
/// let convo = RwSignal::new(Conversation::default());
/// EventStream::connect(&conn, &id, &scope, move |u| { convo.try_update(|c| c.apply(u)); }, ...);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conversation {
    pub task: Option<Task>,
    pub messages: Vec<TaskMessage>,
    pub events: Vec<TaskEvent>,
}

impl Conversation {
    pub fn apply(&mut self, update: FeedUpdate) {
        match update {
            FeedUpdate::Task(t) => self.task = Some(*t),
            FeedUpdate::Message(m) => {
                match self.messages.iter_mut().find(|o| o.id == m.id) {
                    Some(o) => *o = m,
                    None => self.messages.push(m),
                }
                self.messages
                    .sort_by(|a, b| message_order(a).cmp(&message_order(b)));
            }
            FeedUpdate::Event(e) => {
                match self.events.iter_mut().find(|o| o.id == e.id) {
                    Some(o) => *o = e,
                    None => self.events.push(e),
                }
                self.events.sort_by(|a, b| {
                    (a.created_at.unix_millis(), &a.id).cmp(&(b.created_at.unix_millis(), &b.id))
                });
            }
        }
    }
}

fn message_order(m: &TaskMessage) -> (i64, i64, &str) {
    (
        m.created_at.unix_millis().unwrap_or(i64::MAX),
        m.turn_number,
        &m.id,
    )
}

/// Classifies the `data` of one SSE event (any event name). Unknown shapes and non-JSON: `None`.
pub fn classify_payload(data: &str) -> Option<FeedUpdate> {
    let value: serde_json::Value = serde_json::from_str(data).ok()?;
    FeedUpdate::from_item(classify(&value))
}

/// State of a live stream, for the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamState {
    /// Opening (the first time).
    Connecting,
    /// Open and receiving.
    Live,
    /// Lost; trying again (`attempt` counts from 1).
    Reconnecting { attempt: u32 },
    /// Given up or stopped, for good.
    Closed(CloseReason),
}

/// Why a stream closed.
#[derive(Debug, Clone, PartialEq)]
pub enum CloseReason {
    /// The page closed it (or was left).
    Stopped,
    /// The task reached a terminal state: nothing more will come.
    TaskEnded,
    /// The key was refused (401).
    Unauthorized,
    /// The task does not exist (404).
    NotFound,
    /// Anything else that retrying will not fix.
    Failed(ApiError),
}

impl StreamState {
    pub fn is_live(&self) -> bool {
        matches!(self, StreamState::Live)
    }

    /// A short plain sentence for a status line.
    pub fn describe(&self) -> String {
        match self {
            StreamState::Connecting => "Connecting to the live feed\u{2026}".into(),
            StreamState::Live => "Live".into(),
            StreamState::Reconnecting { attempt } => {
                format!("Connection lost; reconnecting (attempt {attempt})\u{2026}")
            }
            StreamState::Closed(CloseReason::Stopped) => "Live feed closed.".into(),
            StreamState::Closed(CloseReason::TaskEnded) => "The task has ended.".into(),
            StreamState::Closed(CloseReason::Unauthorized) => {
                "AgentContainer did not accept the API key. Check it on the Connections page."
                    .into()
            }
            StreamState::Closed(CloseReason::NotFound) => "This conversation was not found.".into(),
            StreamState::Closed(CloseReason::Failed(e)) => e.user_message(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// De-duplication (pure)

/// Lets each update through once: a new id, or a known id whose content changed. Remembers the
/// last `capacity` ids.
///
/// Live updates and REST snapshots race: a snapshot taken before a live update may arrive after
/// it. [`FeedDedupe::mark`] before fetching a snapshot and [`FeedDedupe::admit_snapshot`] then
/// refuses snapshot items older than a live update of the same id, so nothing goes backwards.
#[derive(Debug, Clone)]
pub struct FeedDedupe {
    /// (kind, id) -> (content hash, sequence number of its last live update; 0 if none).
    seen: HashMap<(u8, String), (u64, u64)>,
    order: VecDeque<(u8, String)>,
    capacity: usize,
    seq: u64,
}

impl Default for FeedDedupe {
    fn default() -> Self {
        Self::new(10_000)
    }
}

fn content_hash(u: &FeedUpdate) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let text = match u {
        FeedUpdate::Task(t) => serde_json::to_string(t),
        FeedUpdate::Message(m) => serde_json::to_string(m),
        FeedUpdate::Event(e) => serde_json::to_string(e),
    }
    .unwrap_or_default();
    text.hash(&mut h);
    h.finish()
}

impl FeedDedupe {
    pub fn new(capacity: usize) -> Self {
        FeedDedupe {
            seen: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
            seq: 0,
        }
    }

    /// True when a live `update` is news (and remembers it).
    pub fn admit(&mut self, update: &FeedUpdate) -> bool {
        self.seq += 1;
        let seq = self.seq;
        self.admit_inner(update, Some(seq))
    }

    /// A mark to take before fetching a snapshot.
    pub fn mark(&self) -> u64 {
        self.seq
    }

    /// True when a snapshot item fetched after `mark` is news and not older than a live update.
    pub fn admit_snapshot(&mut self, update: &FeedUpdate, mark: u64) -> bool {
        let key = (update.kind(), update.id().to_string());
        if self.seen.get(&key).is_some_and(|(_, live)| *live > mark) {
            return false;
        }
        self.admit_inner(update, None)
    }

    fn admit_inner(&mut self, update: &FeedUpdate, live_seq: Option<u64>) -> bool {
        let key = (update.kind(), update.id().to_string());
        let hash = content_hash(update);
        match self.seen.get_mut(&key) {
            Some((h, _)) if *h == hash => false,
            Some((h, live)) => {
                *h = hash;
                if let Some(s) = live_seq {
                    *live = s;
                }
                true
            }
            None => {
                self.seen.insert(key.clone(), (hash, live_seq.unwrap_or(0)));
                self.order.push_back(key);
                while self.order.len() > self.capacity {
                    if let Some(old) = self.order.pop_front() {
                        self.seen.remove(&old);
                    }
                }
                true
            }
        }
    }
}

/// The stream URL, with the key as `apiKey` (the only place the key goes into a URL).
pub fn stream_url(conn: &AgentContainerConnection, task_id: &str) -> Result<String, ApiError> {
    let base = endpoint(
        Service::AgentContainer,
        &conn.base_url,
        &["conversations", task_id, "events"],
    )?;
    Ok(with_query(
        base,
        &[("stream", "true"), ("apiKey", conn.api_key.trim())],
    ))
}

/// What to do when the browser gave up on the stream, given the probe's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterClose {
    Close(CloseReason),
    /// Resynchronise once more, then close: the task is over.
    FinishThenClose,
    Reconnect,
}

/// Decides after a `CLOSED` stream from the authenticated probe (`GET /tasks/{id}`).
pub fn after_close(probe: &Result<Task, ApiError>) -> AfterClose {
    match probe {
        Ok(task) if task.status.is_terminal() => AfterClose::FinishThenClose,
        Ok(_) => AfterClose::Reconnect,
        Err(e) => match e.kind {
            ApiErrorKind::Unauthorized => AfterClose::Close(CloseReason::Unauthorized),
            ApiErrorKind::NotFound => AfterClose::Close(CloseReason::NotFound),
            ApiErrorKind::Aborted => AfterClose::Close(CloseReason::Stopped),
            ApiErrorKind::PaymentOrForbidden
            | ApiErrorKind::BadRequest
            | ApiErrorKind::Validation
            | ApiErrorKind::Invalid => AfterClose::Close(CloseReason::Failed(e.clone())),
            _ => AfterClose::Reconnect,
        },
    }
}

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

/// Times a failed resynchronisation is tried before waiting for the next (re)connection.
pub const RESYNC_ATTEMPTS: u32 = 4;

/// Most messages loaded by one resynchronisation.
pub const RESYNC_MAX_MESSAGES: usize = 2_000;

/// Everything the feed would have said, over REST: the task, its messages (oldest first) and its
/// events.
pub async fn resync(
    conn: &AgentContainerConnection,
    task_id: &str,
) -> Result<Vec<FeedUpdate>, ApiError> {
    let task = get_task(conn, task_id).await?;
    let mut out = vec![FeedUpdate::Task(Box::new(task))];
    let messages = collect_all(
        |cursor| {
            let q = ListMessagesQuery {
                limit: Some(100),
                cursor,
                order: Some(SortOrder::Asc),
            };
            async move { list_messages(conn, task_id, &q).await }
        },
        RESYNC_MAX_MESSAGES,
    )
    .await?;
    out.extend(messages.into_iter().map(FeedUpdate::Message));
    let events = collect_all(
        |cursor| {
            let q = ListQuery {
                limit: Some(100),
                cursor,
            };
            async move { list_conversation_events(conn, task_id, &q).await }
        },
        RESYNC_MAX_MESSAGES,
    )
    .await?;
    out.extend(events.into_iter().map(FeedUpdate::Event));
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Runtime

mod runtime {
    use super::*;
    use crate::api::http::{random, sleep, RequestScope};
    use crate::api::retry::reconnect_delay;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

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

        /// Loads everything over REST again and delivers what is new (e.g. after the user sent
        /// a message and wants it confirmed without waiting for the feed).
        pub fn resync_now(&self) {
            self.spawn_resync(None);
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
                let _ =
                    source.add_event_listener_with_callback(name, on_data.as_ref().unchecked_ref());
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
}

pub use runtime::EventStream;

/// [`EventStream::connect`] into Leptos signals (call it in a component): the conversation as
/// folded so far ([`Conversation`]) and the stream's state. The stream closes with `scope`.
pub fn stream_into_signals(
    conn: &AgentContainerConnection,
    task_id: &str,
    scope: &super::RequestScope,
) -> (
    EventStream,
    leptos::prelude::ReadSignal<Conversation>,
    leptos::prelude::ReadSignal<StreamState>,
) {
    use leptos::prelude::{Set, Update};
    let (conversation, set_conversation) = leptos::prelude::signal(Conversation::default());
    let (state, set_state) = leptos::prelude::signal(StreamState::Connecting);
    let stream = EventStream::connect(
        conn,
        task_id,
        scope,
        // try_*: the component may be gone already.
        move |u| {
            set_conversation.try_update(|c| c.apply(u));
        },
        move |s| {
            let _ = set_state.try_set(s);
        },
    );
    (stream, conversation, state)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TASK: &str = r#"{"mode":"conversation","id":"t1","agentId":"a1","agentName":"A","agentVersionId":"v1",
        "runtime":{"containerImage":"img","agentRuntime":"pi"},"status":"running","turnStatus":"running","turnNumber":1,
        "title":"T","instructions":"do","runtimeRegion":"any","overrides":{},
        "execution":{"provider":"anthropic","model":"m","weakModel":"w"},
        "skills":[],"metadata":{},"createdAt":"2026-03-25T09:30:00.000Z"}"#;
    const MSG: &str = r#"{"id":"m1","turnNumber":1,"role":"user","status":"queued","content":"hi","files":[],"createdAt":"2026-03-25T09:30:00.000Z"}"#;
    const EVT: &str = r#"{"id":"e1","kind":"session_expired","turnNumber":null,"message":"bye","metadata":{},"createdAt":"2026-03-25T09:30:00.000Z"}"#;

    #[test]
    fn classifies_payloads_by_shape() {
        assert!(matches!(classify_payload(MSG), Some(FeedUpdate::Message(m)) if m.id == "m1"));
        assert!(matches!(classify_payload(EVT), Some(FeedUpdate::Event(e)) if e.id == "e1"));
        match classify_payload(TASK) {
            Some(FeedUpdate::Task(t)) => assert_eq!(t.id, "t1"),
            other => panic!("task not recognised: {other:?}"),
        }
        let wrapped = format!(r#"{{"message":{MSG}}}"#);
        assert!(matches!(
            classify_payload(&wrapped),
            Some(FeedUpdate::Message(_))
        ));
        assert_eq!(classify_payload("ping"), None);
        assert_eq!(classify_payload(r#"{"hello":"world"}"#), None);
        assert_eq!(classify_payload(""), None);
    }

    #[test]
    fn dedupe_lets_news_through_once() {
        let mut d = FeedDedupe::default();
        let m = classify_payload(MSG).unwrap();
        assert!(d.admit(&m));
        assert!(!d.admit(&m));
        // The same message, changed: news.
        let changed = classify_payload(&MSG.replace("queued", "processed")).unwrap();
        assert!(d.admit(&changed));
        assert!(!d.admit(&changed));
        // Same id, other kind: not confused.
        let e = classify_payload(&EVT.replace("e1", "m1")).unwrap();
        assert!(d.admit(&e));
    }

    #[test]
    fn snapshots_never_go_backwards() {
        let mut d = FeedDedupe::default();
        let queued = classify_payload(MSG).unwrap();
        let processed = classify_payload(&MSG.replace("queued", "processed")).unwrap();
        let mark = d.mark();
        // Snapshot fetched (with `queued`) while the live feed says `processed`.
        assert!(d.admit(&processed));
        assert!(!d.admit_snapshot(&queued, mark), "older snapshot refused");
        // A later snapshot that agrees is not news; one with a new message is.
        let mark = d.mark();
        assert!(!d.admit_snapshot(&processed, mark));
        let other = classify_payload(&MSG.replace("m1", "m9")).unwrap();
        assert!(d.admit_snapshot(&other, mark));
        assert!(!d.admit(&other), "then the live copy is a duplicate");
    }

    #[test]
    fn a_conversation_keeps_each_item_once_in_time_order() {
        let mut c = Conversation::default();
        let later = MSG
            .replace("m1", "m2")
            .replace("09:30:00.000Z", "09:31:00.000Z")
            .replace("user", "assistant");
        c.apply(classify_payload(&later).unwrap());
        c.apply(classify_payload(MSG).unwrap());
        c.apply(classify_payload(&MSG.replace("queued", "processed")).unwrap());
        assert_eq!(
            c.messages.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["m1", "m2"]
        );
        assert_eq!(c.messages[0].status.as_str(), "processed");
        c.apply(classify_payload(EVT).unwrap());
        c.apply(classify_payload(EVT).unwrap());
        assert_eq!(c.events.len(), 1);
        c.apply(classify_payload(TASK).unwrap());
        assert_eq!(c.task.as_ref().map(|t| t.id.as_str()), Some("t1"));
    }

    #[test]
    fn dedupe_forgets_beyond_capacity() {
        let mut d = FeedDedupe::new(2);
        let a = classify_payload(MSG).unwrap();
        let b = classify_payload(&MSG.replace("m1", "m2")).unwrap();
        let c = classify_payload(&MSG.replace("m1", "m3")).unwrap();
        assert!(d.admit(&a) && d.admit(&b) && d.admit(&c));
        assert!(d.admit(&a), "the oldest was forgotten");
        assert!(!d.admit(&c));
    }

    #[test]
    fn stream_url_carries_the_key_only_there() {
        let conn = AgentContainerConnection {
            base_url: "https://agentcontainer.co/api/v1".into(),
            api_key: "ak_1 2".into(),
        };
        assert_eq!(
            stream_url(&conn, "t/1").unwrap(),
            "https://agentcontainer.co/api/v1/conversations/t%2F1/events?stream=true&apiKey=ak_1%202"
        );
        assert!(!format!("{conn:?}").contains("ak_1"));
    }

    #[test]
    fn after_close_decisions() {
        let svc = Service::AgentContainer;
        assert_eq!(
            after_close(&Err(ApiError::from_response(svc, 401, "", None))),
            AfterClose::Close(CloseReason::Unauthorized)
        );
        assert_eq!(
            after_close(&Err(ApiError::from_response(svc, 404, "", None))),
            AfterClose::Close(CloseReason::NotFound)
        );
        assert_eq!(
            after_close(&Err(ApiError::network(svc, "x"))),
            AfterClose::Reconnect
        );
        assert_eq!(
            after_close(&Err(ApiError::from_response(svc, 503, "", None))),
            AfterClose::Reconnect
        );
        let FeedUpdate::Task(task) = classify_payload(TASK).unwrap() else {
            panic!()
        };
        assert_eq!(after_close(&Ok((*task).clone())), AfterClose::Reconnect);
        let done: Task =
            serde_json::from_str(&TASK.replace(r#""status":"running""#, r#""status":"finished""#))
                .unwrap();
        assert_eq!(after_close(&Ok(done)), AfterClose::FinishThenClose);
    }

    #[test]
    fn states_read_plainly_and_never_show_the_key() {
        let s = StreamState::Closed(CloseReason::Unauthorized);
        assert!(s.describe().contains("API key"));
        assert!(StreamState::Reconnecting { attempt: 2 }
            .describe()
            .contains("attempt 2"));
        assert!(StreamState::Live.is_live());
    }
}
