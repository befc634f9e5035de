//! One row of the inbox, whichever service it comes from: a Netlify runner or an AgentContainer
//! task (a conversation is a task in conversation mode), reduced to what the inbox needs to
//! sort it, say its state and pick its next action. Pure.

pub use crate::api::Service;
use crate::pages::netlify::text::runner_title;
use agentdeck_wire::agentcontainer::{Task, TaskMode, TaskStatus};
use agentdeck_wire::netlify::{AgentRunner, RunnerState};
use agentdeck_wire::Timestamp;

/// Stable name of a service, for storage keys and `data-service`.
pub fn service_key(service: Service) -> &'static str {
    match service {
        Service::Netlify => "netlify",
        Service::AgentContainer => "agentcontainer",
    }
}

/// What kind of thing an item is (decides its page and its verbs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Runner,
    Task,
    Conversation,
}

/// Where an item is in its life, as far as a person is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// New, pending, running or hibernating: it may still change by itself.
    Running,
    /// The agent waits for the person.
    AwaitingInput,
    /// Ended well.
    Finished,
    /// Ended in an error.
    Failed,
    /// Cancelled, expired, archived or a state this build does not know.
    Other,
}

impl Phase {
    /// Ended or waiting: the person has something to look at (unread until opened).
    pub fn wants_a_look(self) -> bool {
        matches!(self, Phase::AwaitingInput | Phase::Finished | Phase::Failed)
    }
}

/// One inbox row's data.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxItem {
    pub service: Service,
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// The state as the server sent it (shown as text, in a badge).
    pub state: String,
    pub phase: Phase,
    /// When it last moved (ended, started, was created): its age and the sort order.
    pub changed_at: Timestamp,
    /// Changes whenever the item reaches a new state worth a look: what "seen" remembers.
    pub seen_marker: String,
    /// A finished runner with changes and no pull request yet.
    pub diff_without_pr: bool,
    /// The AgentContainer agent's name (empty for runners).
    pub agent_name: String,
}

impl InboxItem {
    /// Unique across services: `netlify:ID`, `agentcontainer:ID`.
    pub fn key(&self) -> String {
        format!("{}:{}", service_key(self.service), self.id)
    }

    /// Milliseconds of `changed_at`, 0 when unreadable (sorts last).
    pub fn changed_ms(&self) -> i64 {
        self.changed_at.unix_millis().unwrap_or(0)
    }

    /// Changes whenever anything the row shows changes (rows are keyed by it).
    pub fn fingerprint(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}",
            self.state,
            self.changed_at.as_str(),
            self.seen_marker,
            self.title,
            self.diff_without_pr
        )
    }

    pub fn from_runner(r: &AgentRunner) -> InboxItem {
        let phase = if r.is_changing() {
            Phase::Running
        } else if r.state.finished_ok() {
            Phase::Finished
        } else if r.state.is_failed() {
            Phase::Failed
        } else {
            Phase::Other
        };
        // A follow-up that ends again gives a new `done_at`: a new thing to look at. A pull
        // request made since (which moves `updated_at`) is not.
        let ended = r.done_at.as_ref().unwrap_or(&r.updated_at);
        let changed_at = if phase == Phase::Running {
            r.updated_at.clone()
        } else {
            ended.clone()
        };
        InboxItem {
            service: Service::Netlify,
            kind: Kind::Runner,
            id: r.id.clone(),
            title: runner_title(r),
            state: r.state.as_str().to_string(),
            phase,
            changed_at,
            seen_marker: format!("{}|{}", r.state.as_str(), ended.as_str()),
            diff_without_pr: r.state == RunnerState::Done
                && r.has_result_diff
                && r.pr_url.is_none()
                && !r.pr_is_being_created,
            agent_name: String::new(),
        }
    }

    pub fn from_task(t: &Task) -> InboxItem {
        let phase = match t.status {
            TaskStatus::AwaitingInput => Phase::AwaitingInput,
            TaskStatus::Finished => Phase::Finished,
            TaskStatus::Failed => Phase::Failed,
            ref s if s.is_live() => Phase::Running,
            _ => Phase::Other,
        };
        let changed_at = t
            .completed_at
            .clone()
            .or_else(|| t.started_at.clone())
            .unwrap_or_else(|| t.created_at.clone());
        // Each answer of a conversation is a new turn: a new thing to read.
        let turn = t.turn_number.map(|n| n.to_string()).unwrap_or_default();
        let ended = t.completed_at.as_ref().map(|c| c.as_str()).unwrap_or("");
        InboxItem {
            service: Service::AgentContainer,
            kind: if t.mode == TaskMode::Conversation {
                Kind::Conversation
            } else {
                Kind::Task
            },
            id: t.id.clone(),
            title: task_title(t),
            state: t.status.as_str().to_string(),
            phase,
            changed_at,
            seen_marker: format!("{}|{turn}|{ended}", t.status.as_str()),
            diff_without_pr: false,
            agent_name: t.agent_name.clone(),
        }
    }
}

/// Longest title kept from a task's instructions.
const TITLE_CHARS: usize = 100;

/// A task's title, else the start of its instructions on one line, else "Untitled task".
pub fn task_title(t: &Task) -> String {
    let title = t.title.trim();
    if !title.is_empty() {
        return title.to_string();
    }
    let text = t
        .instructions
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        "Untitled task".into()
    } else if text.chars().count() > TITLE_CHARS {
        format!("{}…", text.chars().take(TITLE_CHARS).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Runners and tasks for the inbox's unit tests.
    use agentdeck_wire::agentcontainer::Task;
    use agentdeck_wire::netlify::AgentRunner;

    pub fn runner(id: &str, state: &str, done_at: Option<&str>) -> AgentRunner {
        serde_json::from_value(serde_json::json!({
            "id": id, "site_id": "s", "state": state, "title": format!("Runner {id}"),
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:05:00Z",
            "done_at": done_at,
        }))
        .expect("a runner parses")
    }

    pub fn task(id: &str, mode: &str, status: &str, completed_at: Option<&str>) -> Task {
        serde_json::from_value(serde_json::json!({
            "mode": mode, "id": id, "agentId": "a1", "agentName": "Helper",
            "runtime": {"containerImage": "img", "agentRuntime": "pi"},
            "status": status, "title": "", "instructions": format!("Do {id}\n  now"),
            "runtimeRegion": "any",
            "execution": {"provider": "anthropic", "model": "m", "weakModel": "w"},
            "createdAt": "2026-01-01T00:00:00Z", "startedAt": "2026-01-01T00:01:00Z",
            "completedAt": completed_at,
        }))
        .expect("a task parses")
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{runner, task};
    use super::*;

    #[test]
    fn runner_phases_and_markers() {
        let r = runner("r1", "running", None);
        let item = InboxItem::from_runner(&r);
        assert_eq!(item.phase, Phase::Running);
        assert_eq!(item.key(), "netlify:r1");
        assert_eq!(item.title, "Runner r1");
        let done = InboxItem::from_runner(&runner("r1", "done", Some("2026-01-01T00:04:00Z")));
        assert_eq!(done.phase, Phase::Finished);
        assert_eq!(done.changed_at.as_str(), "2026-01-01T00:04:00Z");
        assert_ne!(item.seen_marker, done.seen_marker);
        assert_eq!(
            InboxItem::from_runner(&runner("r", "error", None)).phase,
            Phase::Failed
        );
        assert_eq!(
            InboxItem::from_runner(&runner("r", "archived", None)).phase,
            Phase::Other
        );
    }

    #[test]
    fn a_pull_request_does_not_make_a_runner_new_again() {
        let mut r = runner("r1", "done", Some("2026-01-01T00:04:00Z"));
        r.has_result_diff = true;
        let before = InboxItem::from_runner(&r);
        assert!(before.diff_without_pr);
        r.pr_url = Some("https://github.com/o/r/pull/1".into());
        r.updated_at = Timestamp::new("2026-01-01T01:00:00Z");
        let after = InboxItem::from_runner(&r);
        assert_eq!(before.seen_marker, after.seen_marker);
        assert!(!after.diff_without_pr);
        assert_ne!(before.fingerprint(), after.fingerprint());
    }

    #[test]
    fn task_phases_kinds_and_titles() {
        let t = task("t1", "autonomous", "running", None);
        let item = InboxItem::from_task(&t);
        assert_eq!((item.kind, item.phase), (Kind::Task, Phase::Running));
        assert_eq!(item.title, "Do t1 now");
        assert_eq!(item.changed_at.as_str(), "2026-01-01T00:01:00Z");
        assert_eq!(item.key(), "agentcontainer:t1");
        let c = InboxItem::from_task(&task("c1", "conversation", "awaiting_input", None));
        assert_eq!(
            (c.kind, c.phase),
            (Kind::Conversation, Phase::AwaitingInput)
        );
        for (status, phase) in [
            ("pending", Phase::Running),
            ("hibernating", Phase::Running),
            ("finished", Phase::Finished),
            ("failed", Phase::Failed),
            ("cancelled", Phase::Other),
            ("expired", Phase::Other),
            ("someday", Phase::Other),
        ] {
            assert_eq!(
                InboxItem::from_task(&task("t", "autonomous", status, None)).phase,
                phase,
                "{status}"
            );
        }
    }

    #[test]
    fn each_new_turn_is_a_new_marker() {
        let mut t = task("c1", "conversation", "awaiting_input", None);
        t.turn_number = Some(1);
        let one = InboxItem::from_task(&t).seen_marker;
        t.turn_number = Some(2);
        assert_ne!(one, InboxItem::from_task(&t).seen_marker);
    }

    #[test]
    fn long_or_empty_instructions_make_a_short_title() {
        let mut t = task("t", "autonomous", "running", None);
        t.instructions = "word ".repeat(100);
        let title = task_title(&t);
        assert!(title.ends_with('…'));
        assert_eq!(title.chars().count(), TITLE_CHARS + 1);
        t.instructions = "  ".into();
        assert_eq!(task_title(&t), "Untitled task");
        t.title = " Named ".into();
        assert_eq!(task_title(&t), "Named");
    }
}
