//! The task page's state, shared by its parts (summary, actions, logs, output files) through
//! context: the task kept live by the event feed (its connection state too), the logs read
//! while the task runs and merged without doubles (`logs`), the output files, the busy state and
//! errors of actions, and the page's request scope (leaving the page stops everything it
//! started). When the watched task ends or waits for input the user is told (`watch`). The parts
//! depend on this module, never the other way round.

use super::log_store::LogStore;
use super::logs::LOG_PAGE;
use super::watch::{announce, tab_title};
use crate::api::agentcontainer::{self as ac, IdempotencyKey};
use crate::api::events::{EventStream, FeedUpdate, StreamState};
use crate::api::poll::{Observed, PollPolicy, Poller};
use crate::api::{AgentContainerConnection, ApiError, RequestScope};
use crate::components::notify::notify;
use crate::hooks::tab_title::use_tab_title;
use crate::hooks::use_request_scope;
use agentdeck_wire::agentcontainer::{
    ListQuery, Page, Task, TaskFile, TaskLogEntry, TaskStatus, WakeTask,
};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;
use std::time::Duration;

/// Everything the parts of the task page share. All fields are `Copy` handles.
#[derive(Clone, Copy)]
pub struct TaskCtx {
    pub id: StoredValue<String>,
    conn: StoredValue<AgentContainerConnection>,
    pub task: RwSignal<Option<Task>>,
    /// The first read of the task failed (404: no such task).
    pub load_error: RwSignal<Option<ApiError>>,
    /// The live feed's connection.
    pub feed: RwSignal<StreamState>,
    /// The log lines held and how to get older ones.
    pub logs: LogStore,
    pub files: RwSignal<Option<Result<Vec<TaskFile>, ApiError>>>,
    pub download_error: RwSignal<Option<ApiError>>,
    /// The label of the action running now (cancel, wake); actions are disabled meanwhile.
    pub busy: RwSignal<Option<String>>,
    pub action_error: RwSignal<Option<ApiError>>,
    wake_key: StoredValue<Option<String>>,
    scope: StoredValue<SendWrapper<RequestScope>>,
    poller: StoredValue<Option<SendWrapper<Poller>>>,
    task_poller: StoredValue<Option<SendWrapper<Poller>>>,
}

impl TaskCtx {
    /// The state of the page of task `id`, provided as context; reading starts now.
    pub fn provide(conn: AgentContainerConnection, id: String) -> TaskCtx {
        let ctx = TaskCtx {
            id: StoredValue::new(id),
            conn: StoredValue::new(conn),
            task: RwSignal::new(None),
            load_error: RwSignal::new(None),
            feed: RwSignal::new(StreamState::Connecting),
            logs: LogStore::new(),
            files: RwSignal::new(None),
            download_error: RwSignal::new(None),
            busy: RwSignal::new(None),
            action_error: RwSignal::new(None),
            wake_key: StoredValue::new(None),
            scope: StoredValue::new(SendWrapper::new(use_request_scope())),
            poller: StoredValue::new(None),
            task_poller: StoredValue::new(None),
        };
        provide_context(ctx);
        ctx.poll_task();
        ctx.connect_feed();
        ctx.poll_logs();
        ctx.watch();
        ctx
    }

    fn scope(&self) -> RequestScope {
        self.scope.with_value(|s| (**s).clone())
    }

    fn conn(&self) -> AgentContainerConnection {
        self.conn.get_value()
    }

    /// Runs `f(conn, id)` in the page's scope and hands its result to `then` (not when aborted).
    fn spawn<T, Fut>(
        &self,
        f: impl FnOnce(AgentContainerConnection, String) -> Fut,
        then: impl FnOnce(Result<T, ApiError>) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let fut = self.scope().run(f(self.conn(), self.id.get_value()));
        leptos::task::spawn_local(async move {
            let r = fut.await;
            if !matches!(&r, Err(e) if e.is_aborted()) {
                then(r);
            }
        });
    }

    /// Reads the task until it ends: at once, then while the feed is not live (the feed may be
    /// refused for a task, or be down); while it is live, the feed brings every change and no
    /// request is sent.
    fn poll_task(&self) {
        let this = *self;
        let p = Poller::start(
            &self.scope(),
            PollPolicy {
                fast: Duration::from_secs(1),
                slow: Duration::from_secs(10),
                growth: 1.5,
                idle: None,
            },
            move || {
                let (conn, id) = (this.conn(), this.id.get_value());
                let held = this
                    .task
                    .get_untracked()
                    .filter(|_| this.feed.with_untracked(StreamState::is_live));
                async move {
                    match held {
                        Some(t) => Ok(t),
                        None => ac::get_task(&conn, &id).await,
                    }
                }
            },
            |t: &Task| Observed {
                live: !t.status.is_terminal(),
                fingerprint: format!(
                    "{}|{:?}|{:?}|{:?}",
                    t.status.as_str(),
                    t.turn_number,
                    t.hibernate_until_at,
                    t.completed_at
                ),
            },
            move |r| match r {
                Ok(t) => {
                    this.task.try_set(Some(t));
                }
                // Shown only while there is no task to show.
                Err(e) => {
                    this.load_error.try_set(Some(e));
                }
            },
        );
        self.task_poller.set_value(Some(SendWrapper::new(p)));
    }

    /// The event feed (it carries autonomous tasks too): every state change of the task.
    fn connect_feed(&self) {
        let (task, feed) = (self.task, self.feed);
        let stream = EventStream::connect(
            &self.conn(),
            &self.id.get_value(),
            &self.scope(),
            move |updates| {
                if let Some(t) = updates.into_iter().rev().find_map(|u| match u {
                    FeedUpdate::Task(t) => Some(t),
                    _ => None,
                }) {
                    task.try_set(Some(*t));
                }
            },
            move |s| {
                feed.try_set(s);
            },
            |_| {},
        );
        // The feed went down: read the task now rather than at the next slow poll.
        let this = *self;
        Effect::new(move |_| {
            if !feed.with(StreamState::is_live) {
                if let Some(p) = this.task_poller.get_value() {
                    p.poll_now();
                }
            }
        });
        // The stream lives as long as the scope; the handle is not needed.
        drop(stream);
    }

    fn is_over(&self) -> bool {
        self.task
            .with_untracked(|t| t.as_ref().is_some_and(|t| t.status.is_terminal()))
    }

    /// Reads the newest log lines again and again while the task has not ended.
    fn poll_logs(&self) {
        let this = *self;
        let p = Poller::start(
            &self.scope(),
            PollPolicy {
                fast: Duration::from_millis(1500),
                slow: Duration::from_secs(15),
                growth: 1.5,
                idle: None,
            },
            move || {
                let (conn, id) = (this.conn(), this.id.get_value());
                async move { ac::list_task_logs(&conn, &id, &newest()).await }
            },
            move |page: &Page<TaskLogEntry>| Observed {
                live: !this.is_over(),
                fingerprint: format!("{:?}", page.data.first()),
            },
            move |r| this.logs.absorb_newest(r),
        );
        self.poller.set_value(Some(SendWrapper::new(p)));
    }

    /// Reads the newest log lines once (after a state change: the last lines of a task).
    fn refresh_logs(&self) {
        let this = *self;
        self.spawn(
            |c, id| async move { ac::list_task_logs(&c, &id, &newest()).await },
            move |r| this.logs.absorb_newest(r),
        );
    }

    /// "Load more": the page of lines before the first one held.
    pub fn load_older(&self) {
        let Some(cursor) = self.logs.older.get_untracked() else {
            return;
        };
        let this = *self;
        self.logs.busy.set(true);
        self.spawn(
            move |c, id| async move {
                let q = ListQuery {
                    limit: Some(LOG_PAGE),
                    cursor: Some(cursor),
                };
                ac::list_task_logs(&c, &id, &q).await
            },
            move |r| {
                this.logs.busy.try_set(false);
                match r {
                    Ok(page) => this.logs.absorb_older(page),
                    Err(e) => {
                        this.logs.error.try_set(Some(e));
                    }
                }
            },
        );
    }

    pub fn refresh_files(&self) {
        let files = self.files;
        self.spawn(
            |c, id| async move {
                let q = ListQuery {
                    limit: Some(100),
                    cursor: None,
                };
                ac::list_task_files(&c, &id, &q).await
            },
            move |r| {
                files.try_set(Some(r.map(|p| p.data)));
            },
        );
    }

    /// On every change of the task: fresh logs and files, and word to the user when it ended or
    /// waits for them (notification and tab-title marker).
    fn watch(&self) {
        let this = *self;
        let task = self.task;
        let marker = use_tab_title(move || {
            tab_title(
                task.with(|t| t.as_ref().map(|t| t.title.clone()))
                    .as_deref(),
            )
        });
        let changes = Memo::new(move |_| {
            task.with(|t| {
                t.as_ref().map(|t| {
                    (
                        t.status.clone(),
                        t.turn_number,
                        t.hibernate_until_at.clone(),
                        t.completed_at.clone(),
                    )
                })
            })
        });
        Effect::new(move |before: Option<Option<TaskStatus>>| {
            let (status, ..) = changes.get()?;
            let title = task.with_untracked(|t| t.as_ref().map(|t| t.title.clone()));
            if let Some(a) = announce(
                before.flatten().as_ref(),
                &status,
                &title.unwrap_or_default(),
            ) {
                notify(&a.text);
                marker.set(Some(a.ok));
            }
            this.refresh_logs();
            this.refresh_files();
            if let Some(p) = this.poller.get_value() {
                p.poll_now();
            }
            Some(status)
        });
    }

    fn act<Fut>(&self, label: &str, f: impl FnOnce(AgentContainerConnection, String) -> Fut)
    where
        Fut: Future<Output = Result<Task, ApiError>> + 'static,
    {
        if self.busy.get_untracked().is_some() {
            return;
        }
        self.busy.set(Some(label.to_string()));
        self.action_error.set(None);
        let this = *self;
        self.spawn(f, move |r| {
            this.busy.try_set(None);
            match r {
                Ok(t) => {
                    this.wake_key.set_value(None);
                    this.task.try_set(Some(t));
                }
                Err(e) => {
                    this.action_error.try_set(Some(e));
                }
            }
        });
    }

    pub fn cancel(&self) {
        self.act("Cancelling…", |c, id| async move {
            ac::cancel_task(&c, &id).await
        });
    }

    /// Wakes a hibernating task; a retry after a failure reuses the same idempotency key.
    pub fn wake(&self) {
        let key = self.wake_key.get_value().unwrap_or_else(|| {
            let k = IdempotencyKey::new().as_str().to_string();
            self.wake_key.set_value(Some(k.clone()));
            k
        });
        self.act("Waking…", move |c, id| async move {
            let key = IdempotencyKey::from_string(key);
            ac::wake_task(&c, &id, &WakeTask::ExternalWake, &key).await
        });
    }

    /// Downloads an output file to disk.
    pub fn download(&self, file: TaskFile) {
        let err = self.download_error;
        err.set(None);
        let file_id = file.id.clone();
        self.spawn(
            move |c, id| async move { ac::download_task_file(&c, &id, &file_id).await },
            move |r| {
                let saved = r.and_then(|d| {
                    let name = d.filename.clone().unwrap_or_else(|| file.filename.clone());
                    crate::api::download::save_to_disk(&d.bytes, &name, d.content_type.as_deref())
                });
                if let Err(e) = saved {
                    err.try_set(Some(e));
                }
            },
        );
    }
}

fn newest() -> ListQuery {
    ListQuery {
        limit: Some(LOG_PAGE),
        cursor: None,
    }
}

/// The task page's context (inside the page).
pub fn use_task() -> TaskCtx {
    expect_context::<TaskCtx>()
}
