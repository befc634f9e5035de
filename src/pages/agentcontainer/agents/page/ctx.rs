//! The agent page's state, shared by its parts (header, tabs) through context: the agent as
//! last read, why it could not be read, and the page's request scope (leaving the page aborts
//! what it started). The parts depend on this module, never on each other.

use crate::api::{self, AgentContainerConnection, ApiError, RequestScope};
use crate::hooks::use_request_scope;
use crate::pages::agentcontainer::common::{keep_read, use_ac_connection};
use crate::routes::{AgentTab, Route};
use agentdeck_wire::agentcontainer::Agent;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

#[derive(Clone, Copy)]
pub struct AgentCtx {
    pub id: StoredValue<String>,
    pub conn: Memo<Option<AgentContainerConnection>>,
    pub agent: RwSignal<Option<Agent>>,
    pub load_error: RwSignal<Option<ApiError>>,
    scope: StoredValue<SendWrapper<RequestScope>>,
}

impl AgentCtx {
    /// The state of the page of agent `id`, provided as context; the agent is read now.
    pub fn provide(id: String) -> AgentCtx {
        let ctx = AgentCtx {
            id: StoredValue::new(id),
            conn: use_ac_connection(),
            agent: RwSignal::new(None),
            load_error: RwSignal::new(None),
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

    pub fn use_ctx() -> AgentCtx {
        expect_context::<AgentCtx>()
    }

    pub fn agent_id(&self) -> String {
        self.id.get_value()
    }

    /// The page's request scope: requests run in it are aborted when the page is left.
    pub fn scope(&self) -> RequestScope {
        self.scope.with_value(|s| (**s).clone())
    }

    pub fn href(&self, tab: AgentTab) -> String {
        Route::AcAgent {
            id: self.agent_id(),
            tab,
        }
        .href()
    }

    /// Whether the agent can be changed (custom and not archived).
    pub fn editable(&self) -> bool {
        self.agent.with(|a| {
            a.as_ref()
                .is_some_and(|a| !a.is_standard && a.archived_at.is_none())
        })
    }

    /// The id of the current version (tabs reload when it changes).
    pub fn version_id(&self) -> Option<String> {
        self.agent
            .with(|a| a.as_ref().map(|a| a.current_version.id.clone()))
    }

    /// Reads the agent again.
    pub fn reload(&self) {
        let Some(conn) = self.conn.get_untracked() else {
            return;
        };
        let (this, scope, id) = (*self, self.scope(), self.agent_id());
        leptos::task::spawn_local(async move {
            let result = scope.run(api::agentcontainer::get_agent(&conn, &id)).await;
            keep_read(result, this.load_error, |a| {
                this.agent.try_set(Some(a));
            });
        });
    }
}
