//! Every page of the app, in one order that visits each list before the pages its rows lead
//! to: the ids of demo objects (a finished runner with changes, the demo agent "Site
//! maintainer", one of its tasks and its conversation) are read from the links of those lists
//! while they are open, so the tour needs no extra page loads. Shared by the accessibility and
//! layout tests (a module, not a test target: Cargo builds only `tests/*.rs` as tests).
//!
//! The routes are those of `src/routes.rs` / `src/app.rs`; the runner page is visited with both
//! of its views (sessions, and the diff viewer under Changes), and an unknown path shows the
//! not-found page.

// Each test file uses its own part of this module.
#![allow(dead_code)]

use agentdeck_e2e::{Harness, PATIENCE};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Which id a page's path needs.
#[derive(Clone, Copy)]
enum Needs {
    Nothing,
    Runner,
    Agent,
    Task,
    Conversation,
}

/// (name, path with `{}` for the id, the id it needs, CSS of what shows once it has loaded).
#[rustfmt::skip]
const PAGES: &[(&str, &str, Needs, &str)] = &[
    ("inbox", "", Needs::Nothing, ".inbox-item"),
    ("connections", "connections", Needs::Nothing, "#netlify-token"),
    ("runners", "netlify/runners", Needs::Nothing, ".runner-title"),
    ("new-runner", "netlify/runners/new", Needs::Nothing, "textarea[name=prompt]"),
    ("runner", "{}", Needs::Runner, ".session"),
    ("runner-changes", "{}?tab=diff", Needs::Runner, ".dv-file-item"),
    ("account", "agentcontainer/account", Needs::Nothing, ".ac-credit-balance"),
    ("agents", "agentcontainer/agents", Needs::Nothing, ".ac-agent-name"),
    ("new-agent", "agentcontainer/agents/new", Needs::Nothing, ".ac-agent-form"),
    ("agent", "{}", Needs::Agent, ".ac-agent-page .tabs"),
    ("edit-agent", "{}/edit", Needs::Agent, ".ac-agent-form"),
    ("agent-tasks", "{}/tasks", Needs::Agent, ".ac-task-title"),
    ("dispatch", "{}/tasks/new", Needs::Agent, ".ac-dispatch-form"),
    ("new-conversation", "{}/conversations/new", Needs::Agent, ".ac-conversation-form"),
    ("task", "{}", Needs::Task, ".task-title"),
    ("conversation", "{}", Needs::Conversation, ".tl-item"),
    ("repositories", "agentcontainer/repositories", Needs::Nothing, ".ac-repo-row, .ac-repos-page .empty-state"),
    ("ssh-keys", "agentcontainer/ssh-keys", Needs::Nothing, ".ac-key-row, .ac-keys-page .empty-state"),
    ("webhooks", "agentcontainer/webhooks", Needs::Nothing, ".ac-webhook-list, .ac-webhooks-page .empty-state"),
    ("not-found", "no/such/page", Needs::Nothing, "main h1"),
];

/// `null` once the page shows `arguments[0]` and nothing shown is still loading (no skeleton,
/// no "Loading…" line, nothing marked busy; inside a closed `<details>`, which loads when
/// opened, they do not count); otherwise what is missing.
const PENDING: &str = "if (!document.querySelector(arguments[0])) return 'nothing matches ' + arguments[0];\
     const busy = [...document.querySelectorAll('.skeleton, .loading, [aria-busy=true]')]\
       .filter(e => e.checkVisibility() && !e.closest('details:not([open])'));\
     return busy.length ? 'still loading: ' + busy.map(e => e.outerHTML.slice(0, 120)).join(' | ') : null;";

/// One page of the tour, once open.
pub struct Page {
    pub name: &'static str,
    pub path: String,
}

/// The tour: opens the pages in order and remembers the ids it reads on the way.
#[derive(Default)]
pub struct Tour {
    runner: Option<String>,
    agent: Option<String>,
    task: Option<String>,
    conversation: Option<String>,
}

impl Tour {
    pub const LEN: usize = PAGES.len();

    /// Opens page `i`, waits until it has loaded and settled, and reads the ids later pages
    /// need from it.
    pub async fn open(&mut self, h: &Harness, i: usize) -> Page {
        let (name, pattern, needs, ready) = PAGES[i];
        let id = match needs {
            Needs::Nothing => None,
            Needs::Runner => Some(&self.runner),
            Needs::Agent => Some(&self.agent),
            Needs::Task => Some(&self.task),
            Needs::Conversation => Some(&self.conversation),
        };
        let path = match id {
            None => pattern.to_string(),
            Some(Some(base)) => pattern.replace("{}", base.trim_start_matches('/')),
            Some(None) => {
                panic!("the tour found no link to the `{name}` page on the lists before it")
            }
        };
        h.open(&path).await;
        let deadline = Instant::now() + PATIENCE;
        loop {
            let pending = h
                .client
                .execute(PENDING, vec![serde_json::json!(ready)])
                .await
                .expect("script runs");
            let Some(what) = pending.as_str() else { break };
            assert!(
                Instant::now() < deadline,
                "the `{name}` page /{path} did not load and settle: {what}"
            );
            // Polling, as `Harness::until` does.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        match name {
            "runners" => {
                self.runner = Some(self.link(h, name, FINISHED_RUNNER_WITH_CHANGES).await);
            }
            "agents" => self.agent = Some(self.link(h, name, DEMO_AGENT).await),
            "agent-tasks" => {
                self.task = Some(self.link(h, name, FIRST_TASK).await);
                self.conversation = Some(self.link(h, name, CONVERSATION).await);
            }
            _ => {}
        }
        Page { name, path }
    }

    /// The `href` a script finds on the open page.
    async fn link(&self, h: &Harness, page: &str, script: &str) -> String {
        let href = h.client.execute(script, vec![]).await.expect("script runs");
        href.as_str()
            .filter(|s| s.starts_with('/'))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("no link found on the `{page}` page by: {script}"))
    }
}

const FINISHED_RUNNER_WITH_CHANGES: &str =
    "const row = [...document.querySelectorAll('.runner-row')]\
     .find(r => r.querySelector('.badge[data-state=done]') && r.querySelector('.runner-changes'));\
     return row ? row.querySelector('a.runner-title').getAttribute('href') : null;";

const DEMO_AGENT: &str = "const a = [...document.querySelectorAll('a.ac-agent-name')]\
     .find(a => a.textContent.trim() === 'Site maintainer');\
     return a ? a.getAttribute('href') : null;";

const FIRST_TASK: &str = "const a = document.querySelector('a.ac-task-title');\
     return a ? a.getAttribute('href') : null;";

const CONVERSATION: &str =
    "const a = document.querySelector(\"a[href*='/agentcontainer/conversations/']\");\
     return a ? a.getAttribute('href') : null;";

/// Makes `theme` ("light" or "dark") the choice stored on this device, the way the theme
/// switch does (`localStorage`, read by style/theme-boot.js before the app loads). Storage
/// belongs to the app's origin, so a plain file of the app is opened first (not a page).
pub async fn choose_theme(h: &Harness, theme: &str) {
    h.open("favicon.svg").await;
    h.client
        .execute(
            "localStorage.setItem('agentdeck.theme', arguments[0]); return null;",
            vec![serde_json::json!(theme)],
        )
        .await
        .expect("storing the theme");
}

/// The theme the open page shows (`data-theme` on `<html>`).
pub async fn shown_theme(h: &Harness) -> String {
    h.client
        .execute(
            "return document.documentElement.getAttribute('data-theme') || 'system';",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Cargo's target directory (where screenshots go; never committed).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
}
