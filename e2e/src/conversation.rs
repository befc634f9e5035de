//! Steps on an AgentContainer conversation page shared by the flows: reopen it while local-api
//! cuts every event stream after one event, and wait for the agent's replies while noting what
//! the feed's line said.

use crate::Harness;
use local_api::faults::GlobalFault;
use std::cell::RefCell;
use std::collections::HashSet;

impl Harness {
    /// The conversation's status (the header badge's `data-state`), or "".
    pub async fn conversation_status(&self) -> String {
        self.attr(".ac-convo-header .badge[data-state]", "data-state")
            .await
    }

    /// Makes local-api cut every AgentContainer event stream after one event, then leaves the
    /// conversation at `convo_path` for its agent's page (`agent_path`) and comes back, in the
    /// app without a reload, so the page opens a new stream under the fault. `clear_fault`
    /// ends it.
    pub async fn reopen_with_cut_feed(&self, agent_path: &str, convo_path: &str) {
        self.set_fault(GlobalFault {
            spec: "drop_after=1".into(),
            api: Some("agentcontainer".into()),
            path_contains: Some("/events".into()),
            ..Default::default()
        })
        .await;
        self.to_top().await;
        self.click_text("Agent: ").await;
        self.until("the agent's page", || async {
            (self.path().await == agent_path).then_some(())
        })
        .await;
        self.client.back().await.expect("back");
        self.until("the conversation again", || async {
            (self.path().await == convo_path).then_some(())
        })
        .await;
    }

    /// Waits until the agent answered `n` messages and waits for the next; returns every text
    /// the feed's line showed meanwhile ("live", "reconnecting…").
    pub async fn until_replies(&self, n: usize, what: &str) -> HashSet<String> {
        let said = RefCell::new(HashSet::new());
        self.until(what, || async {
            let line = self.text(".ac-stream-text").await.unwrap_or_default();
            said.borrow_mut().insert(line);
            (self.count(".tl-role-assistant").await == n
                && self.conversation_status().await == "awaiting_input")
                .then_some(())
        })
        .await;
        said.into_inner()
    }
}
