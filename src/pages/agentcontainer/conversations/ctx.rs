//! The conversation page's state, shared by its parts (header, timeline, message box,
//! repositories) through context: the conversation folded from its live feed, each message and
//! event once ([`Conversation`] replaces by id; the feed itself drops what it already gave), the
//! feed's state, and the page's request scope: leaving the page closes the feed and aborts
//! every request. Answers of the page's own actions (a sent message, the autonomous switch) fold
//! into the same model, so they show at once and still only once. The parts depend on this
//! module, never on each other.

use crate::api::events::{Conversation, EventStream, FeedUpdate, History, StreamState};
use crate::api::{AgentContainerConnection, RequestScope};
use crate::hooks::use_request_scope;
use crate::pages::agentcontainer::common::use_ac_connection;
use agentdeck_wire::agentcontainer::{Task, TaskEvent, TaskMessage};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// Everything the parts of the conversation page share. All fields are `Copy` handles.
#[derive(Clone, Copy)]
pub struct ConvoCtx {
    pub id: StoredValue<String>,
    pub conn: Memo<Option<AgentContainerConnection>>,
    /// The conversation as folded so far: task, messages and events, each once, in order.
    pub convo: RwSignal<Conversation>,
    /// The live feed's state, for the connection line.
    pub stream_state: RwSignal<StreamState>,
    /// How much of the message history is loaded (a long one comes in steps).
    pub history: RwSignal<History>,
    /// The task alone (changes less often than the messages).
    pub task: Memo<Option<Task>>,
    scope: StoredValue<SendWrapper<RequestScope>>,
    stream: StoredValue<Option<SendWrapper<EventStream>>>,
}

impl ConvoCtx {
    /// The state of the page for conversation `id`, provided as context; the feed opens now.
    pub fn provide(id: String) -> ConvoCtx {
        let convo = RwSignal::new(Conversation::default());
        let ctx = ConvoCtx {
            id: StoredValue::new(id),
            conn: use_ac_connection(),
            convo,
            stream_state: RwSignal::new(StreamState::Connecting),
            history: RwSignal::new(History::Opening),
            task: Memo::new(move |_| convo.with(|c| c.task.clone())),
            scope: StoredValue::new(SendWrapper::new(use_request_scope())),
            stream: StoredValue::new(None),
        };
        provide_context(ctx);
        ctx.connect();
        ctx
    }

    pub fn task_id(&self) -> String {
        self.id.get_value()
    }

    /// The page's request scope: what runs in it stops when the page is left.
    pub fn scope(&self) -> RequestScope {
        self.scope.with_value(|s| (**s).clone())
    }

    /// Opens the live feed (one per page: a previous one is closed first).
    pub fn connect(&self) {
        let Some(conn) = self.conn.get_untracked() else {
            return;
        };
        if let Some(old) = self
            .stream
            .try_with_value(|s| s.as_ref().map(|s| (**s).clone()))
            .flatten()
        {
            old.close();
        }
        let (convo, state, history) = (self.convo, self.stream_state, self.history);
        let stream = EventStream::connect(
            &conn,
            &self.task_id(),
            &self.scope(),
            // try_*: the page may be gone already.
            move |u| {
                convo.try_update(|c| c.apply_all(u));
            },
            move |s| {
                let _ = state.try_set(s);
            },
            move |h| {
                let _ = history.try_set(h);
            },
        );
        let _ = self.stream.try_set_value(Some(SendWrapper::new(stream)));
    }

    /// Loads the next step of earlier messages (the feed says when there are none).
    pub fn load_earlier(&self) {
        if let Some(s) = self
            .stream
            .try_with_value(|s| s.as_ref().map(|s| (**s).clone()))
            .flatten()
        {
            s.load_earlier();
        }
    }

    /// Folds what an action's answer says into the conversation.
    pub fn fold(&self, task: Option<Task>, message: Option<TaskMessage>, event: Option<TaskEvent>) {
        self.convo.try_update(|c| {
            if let Some(t) = task {
                c.apply(FeedUpdate::Task(Box::new(t)));
            }
            if let Some(m) = message {
                c.apply(FeedUpdate::Message(m));
            }
            if let Some(e) = event {
                c.apply(FeedUpdate::Event(e));
            }
        });
    }
}

pub fn use_convo_ctx() -> ConvoCtx {
    expect_context::<ConvoCtx>()
}
