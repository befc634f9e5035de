//! The SSH keys page's state, shared by its parts (the generate form, the rows) through
//! context: every key, every repository (to show and change where each key is attached), the
//! key generated last (its public key shown at the top), the action running now and its
//! refusal, and the page's request scope. The parts depend on this module, never on each other.

use crate::api::{AgentContainerConnection, ApiError, RequestScope};
use crate::hooks::use_request_scope;
use crate::pages::agentcontainer::common::{keep_read, run_action, use_ac_connection};
use crate::pages::agentcontainer::repositories::ctx::{all_keys, all_repositories};
use agentdeck_wire::agentcontainer::{Repository, SshKey};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::future::Future;

/// A refused action on one key, shown in its row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub key_id: String,
    pub error: ApiError,
}

#[derive(Clone, Copy)]
pub struct KeysCtx {
    pub conn: Memo<Option<AgentContainerConnection>>,
    /// `None` while the first read runs.
    pub keys: RwSignal<Option<Vec<SshKey>>>,
    pub load_error: RwSignal<Option<ApiError>>,
    pub repos: RwSignal<Vec<Repository>>,
    pub repos_error: RwSignal<Option<ApiError>>,
    /// The key generated last on this page (public material only).
    pub generated: RwSignal<Option<SshKey>>,
    pub busy: RwSignal<Option<String>>,
    pub row_error: RwSignal<Option<RowError>>,
    scope: StoredValue<SendWrapper<RequestScope>>,
}

impl KeysCtx {
    pub fn provide() -> KeysCtx {
        let ctx = KeysCtx {
            conn: use_ac_connection(),
            keys: RwSignal::new(None),
            load_error: RwSignal::new(None),
            repos: RwSignal::new(Vec::new()),
            repos_error: RwSignal::new(None),
            generated: RwSignal::new(None),
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

    pub fn use_ctx() -> KeysCtx {
        expect_context::<KeysCtx>()
    }

    pub fn scope(&self) -> RequestScope {
        self.scope.with_value(|s| (**s).clone())
    }

    /// Reads every key and every repository again.
    pub fn reload(&self) {
        let Some(conn) = self.conn.get_untracked() else {
            return;
        };
        let (ctx, scope) = (*self, self.scope());
        self.load_error.set(None);
        leptos::task::spawn_local(async move {
            let (keys, repos) = scope
                .run(futures::future::join(
                    all_keys(conn.clone()),
                    all_repositories(conn),
                ))
                .await;
            keep_read(keys, ctx.load_error, |k| {
                ctx.keys.try_set(Some(k));
            });
            keep_read(repos, ctx.repos_error, |r| {
                ctx.repos.try_set(r);
            });
        });
    }

    /// Puts `key` in the list (replacing the one with its id, or first when new).
    pub fn upsert(&self, key: SshKey) {
        self.keys.update(|list| {
            let list = list.get_or_insert_with(Vec::new);
            match list.iter().position(|k| k.id == key.id) {
                Some(i) => list[i] = key,
                None => list.insert(0, key),
            }
        });
    }

    /// Forgets a deleted key (and its attachments, which the server removed too).
    pub fn remove(&self, id: &str) {
        self.keys.update(|list| {
            if let Some(list) = list {
                list.retain(|k| k.id != id);
            }
        });
        self.generated.update(|g| {
            if g.as_ref().is_some_and(|k| k.id == id) {
                *g = None;
            }
        });
        self.repos.update(|repos| {
            for r in repos {
                r.ssh_keys.retain(|k| k.id != id);
            }
        });
    }

    /// Puts a repository as the server returned it in the list.
    pub fn upsert_repo(&self, repo: Repository) {
        self.repos
            .update(|repos| match repos.iter().position(|r| r.id == repo.id) {
                Some(i) => repos[i] = repo,
                None => repos.push(repo),
            });
    }

    /// Runs action `label` on key `key_id`, one action at a time: `done` gets the answer; a
    /// refusal is kept for the row to show.
    pub fn act<T, Fut>(
        &self,
        label: String,
        key_id: String,
        fut: impl FnOnce(AgentContainerConnection) -> Fut + 'static,
        done: impl FnOnce(T) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let ctx = *self;
        let refused = move |error| {
            ctx.row_error.try_set(Some(RowError { key_id, error }));
        };
        let conn = self.conn.get_untracked();
        if run_action(conn, self.busy, label, self.scope(), fut, done, refused) {
            self.row_error.set(None);
        }
    }

    pub fn is_busy(&self, label: &str) -> bool {
        self.busy.read().as_deref() == Some(label)
    }
}
