//! The runner page's state, shared by its parts (header, actions, timeline, changes tab,
//! follow-up) through context: the runner and its sessions kept fresh by a [`Poller`], the busy
//! state and outcome of actions, the page's request scope (leaving the page aborts everything it
//! started), and the runner's diff, downloaded once per version and shared by every part that
//! shows or counts it. The parts depend on this module, never the other way round.

use crate::api::poll::{runner_fingerprint, sessions_fingerprint, Observed, PollPolicy, Poller};
use crate::api::{self, ApiError, NetlifyConnection, RequestScope};
use crate::config::use_netlify_connection;
use crate::hooks::use_request_scope;
use crate::routes::{Route, RunnerTab};
use agentdeck_wire::netlify::{AgentRunner, Session};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// The result of the last action, shown under the actions.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionOutcome {
    pub ok: bool,
    pub message: String,
}

/// The runner's whole diff: `None` until asked for, then the answer (`Ok(None)`: no changes).
pub type RunnerDiff = Option<Result<Option<String>, ApiError>>;

/// Everything the parts of the runner page share. All fields are `Copy` handles.
#[derive(Clone, Copy)]
pub struct RunnerCtx {
    pub id: StoredValue<String>,
    pub conn: Memo<Option<NetlifyConnection>>,
    pub runner: RwSignal<Option<AgentRunner>>,
    /// Every session, discarded ones included, oldest first.
    pub sessions: RwSignal<Vec<Session>>,
    pub load_error: RwSignal<Option<ApiError>>,
    /// The label of the action running now; every action button is disabled meanwhile.
    pub busy: RwSignal<Option<String>>,
    pub outcome: RwSignal<Option<ActionOutcome>>,
    /// The runner's whole diff, shared by the Changes tab and the commit form.
    pub diff: RwSignal<RunnerDiff>,
    /// The version of the runner `diff` was (or is being) fetched for.
    diff_version: StoredValue<Option<String>>,
    scope: StoredValue<SendWrapper<RequestScope>>,
    poller: StoredValue<Option<SendWrapper<Poller>>>,
}

impl RunnerCtx {
    /// The state of the runner page for runner `id`, provided as context; polling starts now.
    pub fn provide(id: String) -> RunnerCtx {
        let conn = use_netlify_connection();
        let ctx = RunnerCtx {
            id: StoredValue::new(id),
            conn,
            runner: RwSignal::new(None),
            sessions: RwSignal::new(Vec::new()),
            load_error: RwSignal::new(None),
            busy: RwSignal::new(None),
            outcome: RwSignal::new(None),
            diff: RwSignal::new(None),
            diff_version: StoredValue::new(None),
            scope: StoredValue::new(SendWrapper::new(use_request_scope())),
            poller: StoredValue::new(None),
        };
        provide_context(ctx);
        ctx.start_polling();
        ctx
    }

    pub fn runner_id(&self) -> String {
        self.id.get_value()
    }

    /// The href of this runner's page showing `tab`.
    pub fn href(&self, tab: RunnerTab) -> String {
        Route::runner_tab(&self.runner_id(), tab).href()
    }

    /// The page's request scope: requests run in it are aborted when the page is left.
    pub fn scope(&self) -> RequestScope {
        self.scope.with_value(|s| (**s).clone())
    }

    /// True while something runs on the server (a session, a PR, a commit).
    pub fn changing(&self) -> bool {
        self.runner
            .with(|r| r.as_ref().is_some_and(AgentRunner::is_changing))
            || self
                .sessions
                .with(|s| s.iter().any(|s| !s.is_discarded && s.state.is_live()))
    }

    fn apply(&self, result: Result<(AgentRunner, Vec<Session>), ApiError>) {
        match result {
            Ok((r, s)) => {
                self.runner.try_set(Some(r));
                self.sessions.try_set(s);
                self.load_error.try_set(None);
            }
            Err(e) => {
                self.load_error.try_set(Some(e));
            }
        }
    }

    /// Fetch again at once, and keep polling while anything changes.
    pub fn refresh(&self) {
        let running = self.poller.with_value(|p| {
            p.as_ref()
                .filter(|p| !p.is_stopped())
                .map(|p| p.poll_now())
                .is_some()
        });
        if !running {
            self.start_polling();
        }
    }

    fn start_polling(&self) {
        let Some(conn) = self.conn.get_untracked() else {
            return;
        };
        let ctx = *self;
        let id = self.runner_id();
        let poller = Poller::start(
            &self.scope(),
            PollPolicy::default(),
            move || fetch_all(conn.clone(), id.clone()),
            |(r, s): &(AgentRunner, Vec<Session>)| Observed {
                live: r.is_changing() || s.iter().any(|s| !s.is_discarded && s.state.is_live()),
                fingerprint: format!("{}#{}", runner_fingerprint(r), sessions_fingerprint(s)),
            },
            move |result| ctx.apply(result),
        );
        self.poller.set_value(Some(SendWrapper::new(poller)));
    }

    /// Asks for the runner's whole diff. It is downloaded only when the runner moved on since
    /// the last download (a session finished, a revert, a rebase), not on every poll or state
    /// change. Call it inside an effect: reading the runner makes the effect ask again when it
    /// changes.
    pub fn want_diff(&self) {
        let Some(version) = self.diff_key() else {
            return;
        };
        if self.diff_version.get_value().as_ref() == Some(&version) {
            return;
        }
        self.fetch_diff(version);
    }

    /// Downloads the diff again (after an error).
    pub fn retry_diff(&self) {
        if let Some(version) = self.diff_key() {
            self.fetch_diff(version);
        }
    }

    fn fetch_diff(&self, version: String) {
        let Some(conn) = self.conn.get_untracked() else {
            return;
        };
        self.diff_version.set_value(Some(version.clone()));
        let ctx = *self;
        let id = self.runner_id();
        let scope = self.scope();
        leptos::task::spawn_local(async move {
            let result = scope
                .run(api::netlify::runner_diff(&conn, &id, &Default::default()))
                .await;
            // A newer version was asked for meanwhile (or the page is gone): its answer wins.
            if ctx.diff_version.try_get_value().flatten() != Some(version)
                || matches!(&result, Err(e) if e.is_aborted())
            {
                return;
            }
            if result.is_err() {
                // Ask again next time: an error is not a version of the diff.
                let _ = ctx.diff_version.try_set_value(None);
            }
            ctx.diff.try_set(Some(result));
        });
    }

    /// What the runner's diff depends on: the commit it builds on, whether it has changes, and
    /// which sessions count and have finished. `None` before the runner is loaded.
    fn diff_key(&self) -> Option<String> {
        let runner = self.runner.with(|r| {
            r.as_ref()
                .map(|r| format!("{}|{}", r.sha.as_deref().unwrap_or(""), r.has_result_diff))
        })?;
        let sessions = self.sessions.with(|ss| {
            ss.iter()
                .filter(|s| !s.is_discarded)
                .map(|s| format!("{}:{}", s.id, s.state.is_live()))
                .collect::<Vec<_>>()
                .join(",")
        });
        Some(format!("{runner}|{sessions}"))
    }

    /// Runs one action: the busy state while it runs, then its outcome in plain words, then a
    /// fresh look at the runner. `done` turns the answer into the success message and may
    /// update the page's state with it.
    pub fn act<T, Fut>(
        &self,
        label: impl Into<String>,
        call: impl FnOnce(NetlifyConnection) -> Fut + 'static,
        done: impl FnOnce(&RunnerCtx, T) -> String + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let label = label.into();
        let Some(conn) = self.conn.get_untracked() else {
            self.outcome.set(Some(ActionOutcome {
                ok: false,
                message: "Connect to Netlify first (Connections page).".into(),
            }));
            return;
        };
        if self.busy.get_untracked().is_some() {
            return;
        }
        self.busy.set(Some(label.clone()));
        self.outcome.set(None);
        let ctx = *self;
        let scope = self.scope();
        leptos::task::spawn_local(async move {
            let result = scope.run(call(conn)).await;
            ctx.busy.try_set(None);
            match result {
                Ok(value) => {
                    let message = done(&ctx, value);
                    ctx.outcome
                        .try_set(Some(ActionOutcome { ok: true, message }));
                    ctx.refresh();
                }
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    ctx.outcome.try_set(Some(ActionOutcome {
                        ok: false,
                        message: format!("{label} failed. {}", e.user_message()),
                    }));
                    ctx.refresh();
                }
            }
        });
    }

    pub fn is_busy(&self) -> bool {
        self.busy.with(|b| b.is_some())
    }
}

async fn fetch_all(
    conn: NetlifyConnection,
    id: String,
) -> Result<(AgentRunner, Vec<Session>), ApiError> {
    let (runner, sessions) = futures::join!(
        api::netlify::get_runner(&conn, &id),
        api::netlify::list_all_sessions(&conn, &id, true)
    );
    Ok((runner?, sessions?))
}

pub fn use_runner_ctx() -> RunnerCtx {
    expect_context::<RunnerCtx>()
}
