//! Every in-app URL, built and read here and nowhere else: pages and components ask for a
//! [`Route`]'s `href()` instead of formatting paths, and read route parameters and view state
//! (tabs, the chosen diff) through the functions below. Ids are untrusted (they come from
//! servers and from the address bar), so each one is encoded as exactly one path segment or
//! query value with the one safe encoder ([`encode_path_segment`]: `/`, `?`, `#` and
//! dot-segments cannot change the path).
//!
//! The router's path patterns live in `app.rs` (it mounts the pages; this module is below them).

use agentdeck_wire::url::encode_path_segment;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A page of the app, with what its URL carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Connections,
    /// The runners list; `query` is `""` or a `?...` string from the list's filters.
    Runners {
        query: String,
    },
    /// The new runner form, optionally as a follow-on of another runner.
    NewRunner {
        parent: Option<String>,
    },
    Runner {
        id: String,
        tab: RunnerTab,
    },
    /// AgentContainer: credits, billing mode, storage.
    AcAccount,
    /// AgentContainer agents; `archived` shows archived ones too.
    AcAgents {
        archived: bool,
    },
    /// The form that creates an agent.
    AcNewAgent,
    /// One agent: its settings, versions, reference files and repositories.
    AcAgent {
        id: String,
        tab: AgentTab,
    },
    /// The form that edits an agent.
    AcEditAgent {
        id: String,
    },
    /// The tasks of one agent, optionally filtered by status and mode.
    AcAgentTasks {
        agent_id: String,
        status: Option<String>,
        mode: Option<String>,
    },
    /// The form that dispatches a task to an agent.
    AcDispatch {
        agent_id: String,
    },
    /// The form that starts a conversation with an agent.
    AcNewConversation {
        agent_id: String,
    },
    /// One task: status, result, logs, output files.
    AcTask {
        id: String,
    },
    /// One conversation: messages and events, live.
    AcConversation {
        id: String,
    },
    /// The account's git repositories (and the SSH keys attached to each).
    AcRepositories,
    /// The account's SSH keys.
    AcSshKeys,
    /// Webhooks; `webhook` narrows the deliveries shown to one webhook.
    AcWebhooks {
        webhook: Option<String>,
    },
}

/// The view of the agent page, kept in its query string (`?tab=versions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentTab {
    #[default]
    Settings,
    Versions,
    Files,
    Repositories,
}

impl AgentTab {
    pub const ALL: [AgentTab; 4] = [
        AgentTab::Settings,
        AgentTab::Versions,
        AgentTab::Files,
        AgentTab::Repositories,
    ];

    /// The value in `?tab=`; `None` for the default tab.
    pub fn key(self) -> Option<&'static str> {
        match self {
            AgentTab::Settings => None,
            AgentTab::Versions => Some("versions"),
            AgentTab::Files => Some("files"),
            AgentTab::Repositories => Some("repositories"),
        }
    }

    pub fn from_key(key: Option<&str>) -> AgentTab {
        AgentTab::ALL
            .into_iter()
            .find(|t| t.key() == key)
            .unwrap_or_default()
    }
}

/// The view of the runner page, kept in its query string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RunnerTab {
    #[default]
    Sessions,
    Changes(DiffSource),
}

/// Which diff the Changes tab shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DiffSource {
    /// Every change of the runner.
    #[default]
    Runner,
    /// One session's own changes.
    SessionResult(String),
    /// Every change up to and including one session.
    SessionCumulative(String),
}

impl Route {
    pub fn runners() -> Route {
        Route::Runners {
            query: String::new(),
        }
    }

    pub fn runner(id: &str) -> Route {
        Route::Runner {
            id: id.to_string(),
            tab: RunnerTab::Sessions,
        }
    }

    pub fn runner_tab(id: &str, tab: RunnerTab) -> Route {
        Route::Runner {
            id: id.to_string(),
            tab,
        }
    }

    /// The path (and query) to put in an `href` or hand to the router.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Connections => "/connections".into(),
            Route::Runners { query } => format!("/netlify/runners{}", as_query(query)),
            Route::NewRunner { parent: None } => "/netlify/runners/new".into(),
            Route::NewRunner {
                parent: Some(parent),
            } => format!(
                "/netlify/runners/new?parent={}",
                encode_path_segment(parent)
            ),
            Route::Runner { id, tab } => format!(
                "/netlify/runners/{}{}",
                encode_path_segment(id),
                tab.query()
            ),
            Route::AcAccount => "/agentcontainer/account".into(),
            Route::AcAgents { archived: false } => "/agentcontainer/agents".into(),
            Route::AcAgents { archived: true } => "/agentcontainer/agents?archived=1".into(),
            Route::AcNewAgent => "/agentcontainer/agents/new".into(),
            Route::AcAgent { id, tab } => {
                let query = tab.key().map(|k| format!("?tab={k}")).unwrap_or_default();
                format!("/agentcontainer/agents/{}{query}", encode_path_segment(id))
            }
            Route::AcEditAgent { id } => {
                format!("/agentcontainer/agents/{}/edit", encode_path_segment(id))
            }
            Route::AcAgentTasks {
                agent_id,
                status,
                mode,
            } => {
                let pairs: Vec<String> = [("status", status), ("mode", mode)]
                    .into_iter()
                    .filter_map(|(k, v)| {
                        let v = v.as_deref().filter(|v| !v.is_empty())?;
                        Some(format!("{k}={}", encode_path_segment(v)))
                    })
                    .collect();
                format!(
                    "/agentcontainer/agents/{}/tasks{}",
                    encode_path_segment(agent_id),
                    as_query(&pairs.join("&"))
                )
            }
            Route::AcDispatch { agent_id } => format!(
                "/agentcontainer/agents/{}/tasks/new",
                encode_path_segment(agent_id)
            ),
            Route::AcNewConversation { agent_id } => format!(
                "/agentcontainer/agents/{}/conversations/new",
                encode_path_segment(agent_id)
            ),
            Route::AcTask { id } => format!("/agentcontainer/tasks/{}", encode_path_segment(id)),
            Route::AcConversation { id } => {
                format!("/agentcontainer/conversations/{}", encode_path_segment(id))
            }
            Route::AcRepositories => "/agentcontainer/repositories".into(),
            Route::AcSshKeys => "/agentcontainer/ssh-keys".into(),
            Route::AcWebhooks { webhook: None } => "/agentcontainer/webhooks".into(),
            Route::AcWebhooks { webhook: Some(id) } => format!(
                "/agentcontainer/webhooks?webhook={}",
                encode_path_segment(id)
            ),
        }
    }
}

/// `""` stays empty; anything else starts with exactly one `?`.
fn as_query(query: &str) -> String {
    let q = query.trim_start_matches('?');
    if q.is_empty() {
        String::new()
    } else {
        format!("?{q}")
    }
}

impl RunnerTab {
    /// Reads the tab from the runner page's query string (`get` looks up one parameter).
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> RunnerTab {
        if get("tab").as_deref() != Some("diff") {
            return RunnerTab::Sessions;
        }
        let source = match get("session").filter(|s| !s.is_empty()) {
            None => DiffSource::Runner,
            Some(s) if get("kind").as_deref() == Some("cumulative") => {
                DiffSource::SessionCumulative(s)
            }
            Some(s) => DiffSource::SessionResult(s),
        };
        RunnerTab::Changes(source)
    }

    pub fn is_changes(&self) -> bool {
        matches!(self, RunnerTab::Changes(_))
    }

    fn query(&self) -> String {
        let changes = |session: &str, kind: &str| {
            format!(
                "?tab=diff&session={}&kind={kind}",
                encode_path_segment(session)
            )
        };
        match self {
            RunnerTab::Sessions => String::new(),
            RunnerTab::Changes(DiffSource::Runner) => "?tab=diff".into(),
            RunnerTab::Changes(DiffSource::SessionResult(s)) => changes(s, "result"),
            RunnerTab::Changes(DiffSource::SessionCumulative(s)) => changes(s, "cumulative"),
        }
    }
}

impl DiffSource {
    /// The value of the diff picker (`runner`, `result:ID`, `cumulative:ID`).
    pub fn value(&self) -> String {
        match self {
            DiffSource::Runner => "runner".into(),
            DiffSource::SessionResult(s) => format!("result:{s}"),
            DiffSource::SessionCumulative(s) => format!("cumulative:{s}"),
        }
    }

    pub fn from_value(v: &str) -> Self {
        match v.split_once(':') {
            Some(("result", s)) => DiffSource::SessionResult(s.to_string()),
            Some(("cumulative", s)) => DiffSource::SessionCumulative(s.to_string()),
            _ => DiffSource::Runner,
        }
    }
}

/// The `:id` of the current route (`/netlify/runners/:id`, `/agentcontainer/agents/:id/...`,
/// `/agentcontainer/tasks/:id`, ...); empty when missing.
pub fn use_id_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").unwrap_or_default())
}

/// The value of one path parameter of the current route, read once (`:page` of the hidden
/// `/__bench/:page` routes).
pub fn use_path_param(name: &'static str) -> String {
    use_params_map()
        .get_untracked()
        .get(name)
        .unwrap_or_default()
}

/// The `:id` of `/netlify/runners/:id` (empty when missing).
pub fn use_runner_id() -> Memo<String> {
    use_id_param()
}

/// One value of the current query string (`?status=running`), `None` when absent or empty.
pub fn use_query_value(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get(name).filter(|v| !v.is_empty()))
}

/// The agent page's tab, from its query string.
pub fn use_agent_tab() -> Memo<AgentTab> {
    let tab = use_query_value("tab");
    Memo::new(move |_| AgentTab::from_key(tab.read().as_deref()))
}

/// The runner page's tab, from its query string.
pub fn use_runner_tab() -> Memo<RunnerTab> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        RunnerTab::from_query(|k| q.get(k))
    })
}

/// The runner a new runner follows on from (`?parent=ID`), if any.
pub fn use_new_runner_parent() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("parent").filter(|p| !p.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(href: &str) -> RunnerTab {
        let query = href.split_once('?').map(|(_, q)| q).unwrap_or("");
        let map: HashMap<String, String> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), percent_decode(v)))
            .collect();
        RunnerTab::from_query(|k| map.get(k).cloned())
    }

    fn percent_decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 3 <= bytes.len() {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_page_has_its_path() {
        assert_eq!(Route::Home.href(), "/");
        assert_eq!(Route::Connections.href(), "/connections");
        assert_eq!(Route::runners().href(), "/netlify/runners");
        assert_eq!(
            Route::Runners {
                query: "?state=live&page=2".into()
            }
            .href(),
            "/netlify/runners?state=live&page=2"
        );
        assert_eq!(
            Route::Runners { query: "?".into() }.href(),
            "/netlify/runners"
        );
        assert_eq!(
            Route::NewRunner { parent: None }.href(),
            "/netlify/runners/new"
        );
        assert_eq!(
            Route::NewRunner {
                parent: Some("r 1".into())
            }
            .href(),
            "/netlify/runners/new?parent=r%201"
        );
        assert_eq!(Route::runner("abc").href(), "/netlify/runners/abc");
    }

    #[test]
    fn agentcontainer_pages_have_their_paths() {
        let id = || "a/1".to_string();
        assert_eq!(Route::AcAccount.href(), "/agentcontainer/account");
        assert_eq!(
            Route::AcAgents { archived: false }.href(),
            "/agentcontainer/agents"
        );
        assert_eq!(
            Route::AcAgents { archived: true }.href(),
            "/agentcontainer/agents?archived=1"
        );
        assert_eq!(Route::AcNewAgent.href(), "/agentcontainer/agents/new");
        assert_eq!(
            Route::AcAgent {
                id: id(),
                tab: AgentTab::Settings
            }
            .href(),
            "/agentcontainer/agents/a%2F1"
        );
        assert_eq!(
            Route::AcAgent {
                id: id(),
                tab: AgentTab::Versions
            }
            .href(),
            "/agentcontainer/agents/a%2F1?tab=versions"
        );
        assert_eq!(
            Route::AcEditAgent { id: id() }.href(),
            "/agentcontainer/agents/a%2F1/edit"
        );
        assert_eq!(
            Route::AcAgentTasks {
                agent_id: id(),
                status: None,
                mode: None
            }
            .href(),
            "/agentcontainer/agents/a%2F1/tasks"
        );
        assert_eq!(
            Route::AcAgentTasks {
                agent_id: id(),
                status: Some("running".into()),
                mode: Some("".into())
            }
            .href(),
            "/agentcontainer/agents/a%2F1/tasks?status=running"
        );
        assert_eq!(
            Route::AcDispatch { agent_id: id() }.href(),
            "/agentcontainer/agents/a%2F1/tasks/new"
        );
        assert_eq!(
            Route::AcNewConversation { agent_id: id() }.href(),
            "/agentcontainer/agents/a%2F1/conversations/new"
        );
        assert_eq!(
            Route::AcTask { id: "..".into() }.href(),
            "/agentcontainer/tasks/%2E%2E"
        );
        assert_eq!(
            Route::AcConversation { id: "t 1".into() }.href(),
            "/agentcontainer/conversations/t%201"
        );
        assert_eq!(Route::AcRepositories.href(), "/agentcontainer/repositories");
        assert_eq!(Route::AcSshKeys.href(), "/agentcontainer/ssh-keys");
        assert_eq!(
            Route::AcWebhooks { webhook: None }.href(),
            "/agentcontainer/webhooks"
        );
        assert_eq!(
            Route::AcWebhooks {
                webhook: Some("wh 1".into())
            }
            .href(),
            "/agentcontainer/webhooks?webhook=wh%201"
        );
        for tab in AgentTab::ALL {
            assert_eq!(AgentTab::from_key(tab.key()), tab);
        }
        assert_eq!(AgentTab::from_key(Some("bogus")), AgentTab::Settings);
    }

    #[test]
    fn hostile_ids_stay_one_segment() {
        assert_eq!(Route::runner("..").href(), "/netlify/runners/%2E%2E");
        assert_eq!(Route::runner(".").href(), "/netlify/runners/%2E");
        assert_eq!(
            Route::runner("../../connections?x#y").href(),
            "/netlify/runners/..%2F..%2Fconnections%3Fx%23y"
        );
        assert_eq!(
            Route::runner("new").href(),
            "/netlify/runners/new",
            "an id that reads like a page still only names a runner segment"
        );
    }

    #[test]
    fn runner_tabs_round_trip_through_the_url() {
        for tab in [
            RunnerTab::Sessions,
            RunnerTab::Changes(DiffSource::Runner),
            RunnerTab::Changes(DiffSource::SessionResult("s 1".into())),
            RunnerTab::Changes(DiffSource::SessionCumulative("s&2".into())),
        ] {
            let href = Route::runner_tab("r", tab.clone()).href();
            assert_eq!(read(&href), tab, "{href}");
        }
        assert_eq!(
            Route::runner_tab(
                "r",
                RunnerTab::Changes(DiffSource::SessionResult("a b".into()))
            )
            .href(),
            "/netlify/runners/r?tab=diff&session=a%20b&kind=result"
        );
        // Unknown kinds read as the session's own changes; no tab reads as Sessions.
        assert_eq!(
            read("?tab=diff&session=a&kind=bogus"),
            RunnerTab::Changes(DiffSource::SessionResult("a".into()))
        );
        assert_eq!(read("?tab=other"), RunnerTab::Sessions);
    }

    #[test]
    fn diff_sources_round_trip_through_the_picker() {
        for s in [
            DiffSource::Runner,
            DiffSource::SessionResult("s1".into()),
            DiffSource::SessionCumulative("s:2".into()),
        ] {
            assert_eq!(DiffSource::from_value(&s.value()), s);
        }
    }
}
