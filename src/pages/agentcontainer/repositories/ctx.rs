//! The repositories page's state, shared by its parts (the create form, the rows) through
//! context: every repository and every SSH key (for the attach pickers), the action running now
//! and its refusal, and the page's request scope (leaving the page aborts what it started). The
//! parts depend on this module, never on each other.

use crate::api::cursor::collect_all;
use crate::api::{self, AgentContainerConnection, ApiError, RequestScope};
use crate::hooks::use_request_scope;
use crate::pages::agentcontainer::common::{keep_read, run_action, use_ac_connection};
use agentdeck_wire::agentcontainer::{ListQuery, Repository, SshKey};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// At most this many repositories and keys are read (a page of 100 at a time); the SSH keys
/// page reads them the same way.
pub const MAX_ITEMS: usize = 1000;

/// What an action on one repository is doing, and how it ended when it failed.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub repo_id: String,
    pub error: ApiError,
}

#[derive(Clone, Copy)]
pub struct ReposCtx {
    pub conn: Memo<Option<AgentContainerConnection>>,
    /// `None` while the first read runs.
    pub repos: RwSignal<Option<Vec<Repository>>>,
    pub load_error: RwSignal<Option<ApiError>>,
    pub keys: RwSignal<Vec<SshKey>>,
    pub keys_error: RwSignal<Option<ApiError>>,
    /// A label of the action running now (`"delete:ID"`, `"attach:ID"`...); actions wait.
    pub busy: RwSignal<Option<String>>,
    /// The last refused action on a repository, shown in its row.
    pub row_error: RwSignal<Option<RowError>>,
    scope: StoredValue<SendWrapper<RequestScope>>,
}

pub async fn all_repositories(conn: AgentContainerConnection) -> Result<Vec<Repository>, ApiError> {
    collect_all(
        |cursor| {
            let conn = conn.clone();
            async move {
                let q = ListQuery {
                    limit: Some(100),
                    cursor,
                };
                api::agentcontainer::list_repositories(&conn, &q).await
            }
        },
        MAX_ITEMS,
    )
    .await
}

pub async fn all_keys(conn: AgentContainerConnection) -> Result<Vec<SshKey>, ApiError> {
    collect_all(
        |cursor| {
            let conn = conn.clone();
            async move {
                let q = ListQuery {
                    limit: Some(100),
                    cursor,
                };
                api::agentcontainer::list_ssh_keys(&conn, &q).await
            }
        },
        MAX_ITEMS,
    )
    .await
}

impl ReposCtx {
    /// The page's state, provided as context; the lists are read now.
    pub fn provide() -> ReposCtx {
        let ctx = ReposCtx {
            conn: use_ac_connection(),
            repos: RwSignal::new(None),
            load_error: RwSignal::new(None),
            keys: RwSignal::new(Vec::new()),
            keys_error: RwSignal::new(None),
            busy: RwSignal::new(None),
            row_error: RwSignal::new(None),
            scope: StoredValue::new(SendWrapper::new(use_request_scope())),
        };
        provide_context(ctx);
        Effect::new(move |_| {
            if ctx.conn.read().is_some() {
                ctx.reload();
            }
        });
        ctx
    }

    pub fn use_ctx() -> ReposCtx {
        expect_context::<ReposCtx>()
    }

    /// The page's request scope: requests run in it are aborted when the page is left.
    pub fn scope(&self) -> RequestScope {
        self.scope.with_value(|s| (**s).clone())
    }

    /// Reads every repository and every SSH key again.
    pub fn reload(&self) {
        let Some(conn) = self.conn.get_untracked() else {
            return;
        };
        let (ctx, scope) = (*self, self.scope());
        self.load_error.set(None);
        leptos::task::spawn_local(async move {
            let (repos, keys) = scope
                .run(futures::future::join(
                    all_repositories(conn.clone()),
                    all_keys(conn),
                ))
                .await;
            keep_read(repos, ctx.load_error, |r| {
                ctx.repos.try_set(Some(r));
            });
            keep_read(keys, ctx.keys_error, |k| {
                ctx.keys.try_set(k);
            });
        });
    }

    /// Puts `repo` in the list (replacing the one with its id, or first when new).
    pub fn upsert(&self, repo: Repository) {
        self.repos.update(|list| {
            let list = list.get_or_insert_with(Vec::new);
            match list.iter().position(|r| r.id == repo.id) {
                Some(i) => list[i] = repo,
                None => list.insert(0, repo),
            }
        });
    }

    pub fn remove(&self, id: &str) {
        self.repos.update(|list| {
            if let Some(list) = list {
                list.retain(|r| r.id != id);
            }
        });
    }

    /// Runs the action `label` on repository `repo_id` (one action at a time): `done` gets the
    /// answer; a refusal is kept for the row to show.
    pub fn act<T, Fut>(
        &self,
        label: String,
        repo_id: String,
        fut: impl FnOnce(AgentContainerConnection) -> Fut + 'static,
        done: impl FnOnce(T) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let ctx = *self;
        let refused = move |error| {
            ctx.row_error.try_set(Some(RowError { repo_id, error }));
        };
        let conn = self.conn.get_untracked();
        if run_action(conn, self.busy, label, self.scope(), fut, done, refused) {
            self.row_error.set(None);
        }
    }

    /// Whether action `label` runs now.
    pub fn is_busy(&self, label: &str) -> bool {
        self.busy.read().as_deref() == Some(label)
    }
}
