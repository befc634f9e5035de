//! The rules of a runner's life, in one place: what is live, what finished well, what failed,
//! what needs a person; and which AI Gateway provider serves each agent. The runners list, the
//! runner page, polling and notifications all ask these, so they never disagree.

use super::{AgentKind, AgentRunner, RunnerState, SessionState};

impl AgentKind {
    /// The AI Gateway provider (`GET /ai-gateway/providers`) whose models this agent uses;
    /// `""` for an agent this build does not know.
    pub fn ai_gateway_provider(&self) -> &'static str {
        match self {
            AgentKind::Claude => "anthropic",
            AgentKind::Gemini => "gemini",
            AgentKind::Codex => "openai",
            AgentKind::Unknown(_) => "",
        }
    }
}

impl RunnerState {
    /// True while the runner may still change by itself (worth polling).
    pub fn is_live(&self) -> bool {
        matches!(self, RunnerState::New | RunnerState::Running)
    }

    /// It ran to the end without an error.
    pub fn finished_ok(&self) -> bool {
        matches!(self, RunnerState::Done)
    }

    /// It ended in an error: someone should look.
    pub fn is_failed(&self) -> bool {
        matches!(self, RunnerState::Error)
    }
}

impl SessionState {
    /// True while the session may still change by itself.
    pub fn is_live(&self) -> bool {
        matches!(self, SessionState::New | SessionState::Running)
    }
}

impl AgentRunner {
    /// True while the runner can still change without the user doing anything: a session
    /// runs, a pull request or a commit is being made. Pages keep polling while this holds.
    pub fn is_changing(&self) -> bool {
        self.state.is_live()
            || self.pr_is_being_created
            || self.merge_commit_is_being_created
            || self
                .latest_session_state
                .as_ref()
                .is_some_and(|s| s.is_live())
    }

    /// How a run that stopped changing ended, for notifications and tab markers: `Some(true)`
    /// finished well, `Some(false)` failed or was stopped, `None` while it still changes.
    pub fn outcome(&self) -> Option<bool> {
        (!self.is_changing()).then(|| self.state.finished_ok())
    }

    /// A person should look: the run failed.
    pub fn needs_attention(&self) -> bool {
        self.state.is_failed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runner(state: &str) -> AgentRunner {
        serde_json::from_value(serde_json::json!({
            "id": "r1", "site_id": "s", "state": state,
            "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"
        }))
        .expect("a minimal runner parses")
    }

    #[test]
    fn live_finished_and_failed_are_one_rule_each() {
        for (state, live, ok, failed) in [
            ("new", true, false, false),
            ("running", true, false, false),
            ("done", false, true, false),
            ("error", false, false, true),
            ("cancelled", false, false, false),
            ("archived", false, false, false),
            ("paused-someday", false, false, false),
        ] {
            let r = runner(state);
            assert_eq!(r.state.is_live(), live, "{state} live");
            assert_eq!(r.state.finished_ok(), ok, "{state} ok");
            assert_eq!(r.state.is_failed(), failed, "{state} failed");
            assert_eq!(r.needs_attention(), failed, "{state} attention");
        }
    }

    #[test]
    fn a_runner_changes_while_a_pr_or_commit_is_being_made() {
        let mut r = runner("done");
        assert!(!r.is_changing());
        assert_eq!(r.outcome(), Some(true));
        r.pr_is_being_created = true;
        assert!(r.is_changing());
        assert_eq!(r.outcome(), None);
        r.pr_is_being_created = false;
        r.merge_commit_is_being_created = true;
        assert!(r.is_changing());
        r.merge_commit_is_being_created = false;
        r.latest_session_state = Some(SessionState::Running);
        assert!(r.is_changing());
        let r = runner("cancelled");
        assert_eq!(r.outcome(), Some(false));
    }
}
