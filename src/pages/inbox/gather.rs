//! Reading both services for the inbox through the existing clients, without hammering them:
//! Netlify's runners of the connected site are one recent page; AgentContainer lists tasks per
//! agent, so a round reads the agents list now and then and a recent page of tasks for the
//! agents [`Schedule`] picks, one request at a time. What was read is kept in an [`AcBook`]
//! between rounds, so a round that reads a few agents still gives the whole picture.

use super::schedule::Schedule;
use crate::api::agentcontainer as ac;
use crate::api::cursor::collect_all;
use crate::api::poll::Observed;
use crate::api::{self, AgentContainerConnection, ApiError, ApiErrorKind, NetlifyConnection};
use agentdeck_wire::agentcontainer::{Agent, ListQuery, ListTasksQuery, Task, TaskStatus};
use agentdeck_wire::netlify::{AgentRunner, ListRunnersQuery};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Runners read per poll: the most recent page of the site.
pub const RUNNERS_PAGE: u32 = 30;
/// Tasks read per agent: its most recent page.
pub const TASKS_PER_AGENT: u32 = 10;
/// Agents read per page of the agents list, and at most in all.
const AGENTS_PAGE: u32 = 100;
const MAX_AGENTS: usize = 500;

/// The recent runners of the connected site.
pub async fn recent_runners(conn: &NetlifyConnection) -> Result<Vec<AgentRunner>, ApiError> {
    let q = ListRunnersQuery {
        page: Some(1),
        per_page: Some(RUNNERS_PAGE),
        ..Default::default()
    };
    Ok(api::netlify::list_runners(conn, &q).await?.items)
}

/// What one AgentContainer round gives: every task known so far.
#[derive(Debug, Clone, PartialEq)]
pub struct AcRound {
    pub tasks: Vec<Task>,
    /// Agents known, and how many of them were read at least once.
    pub agents: usize,
    pub agents_read: usize,
}

impl AcRound {
    /// Some agents were not read yet.
    pub fn behind(&self) -> bool {
        self.agents_read < self.agents
    }
}

/// A task that may still change by itself or waits for the person.
fn is_active(t: &Task) -> bool {
    t.status.is_live() || t.status == TaskStatus::AwaitingInput
}

/// Live while a task may change by itself, or while agents are still unread (the next round
/// should come soon); changed when any task's state, turn or end changed.
pub fn observe_ac(round: &AcRound) -> Observed {
    let fingerprint = round
        .tasks
        .iter()
        .map(|t| {
            format!(
                "{}:{}:{}:{}",
                t.id,
                t.status,
                t.turn_number.unwrap_or_default(),
                t.completed_at.as_ref().map(|c| c.as_str()).unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    Observed {
        live: round.behind() || round.tasks.iter().any(|t| t.status.is_live()),
        fingerprint: format!("{}/{}|{fingerprint}", round.agents_read, round.agents),
    }
}

/// What the AgentContainer rounds read so far, and who to read next.
#[derive(Debug, Default)]
pub struct AcBook {
    schedule: Schedule,
    /// Each agent's recent tasks, by agent id.
    tasks: BTreeMap<String, Vec<Task>>,
    agents: usize,
}

impl AcBook {
    fn take_agents(&mut self, agents: &[Agent]) {
        let gone = self.schedule.set_agents(
            agents
                .iter()
                .map(|a| (a.id.clone(), a.created_at.unix_millis().unwrap_or_default())),
        );
        for id in gone {
            self.tasks.remove(&id);
        }
        self.agents = agents.len();
    }

    fn take_tasks(&mut self, agent_id: &str, tasks: Vec<Task>) {
        self.schedule.record(agent_id, tasks.iter().any(is_active));
        self.tasks.insert(agent_id.to_string(), tasks);
    }

    fn forget(&mut self, agent_id: &str) {
        self.schedule.forget(agent_id);
        self.tasks.remove(agent_id);
        self.agents = self.agents.saturating_sub(1);
    }

    /// Every task known, and how far the reading got.
    pub fn snapshot(&self) -> AcRound {
        AcRound {
            tasks: self.tasks.values().flatten().cloned().collect(),
            agents: self.agents,
            agents_read: self.tasks.len(),
        }
    }

    /// The person asked for fresh news: every agent again, soon.
    pub fn hurry(&mut self) {
        self.schedule.hurry();
    }
}

/// One round: the agents list when due, then the task lists the schedule picks, one request at
/// a time. A rejected key or any failure ends the round with that error (what was read stays
/// in the book); an agent deleted meanwhile (404) is forgotten.
pub async fn ac_round(
    book: Rc<RefCell<AcBook>>,
    conn: AgentContainerConnection,
) -> Result<AcRound, ApiError> {
    let result = read_round(&book, &conn).await;
    book.borrow_mut().schedule.end_round();
    result.map(|()| book.borrow().snapshot())
}

async fn read_round(
    book: &Rc<RefCell<AcBook>>,
    conn: &AgentContainerConnection,
) -> Result<(), ApiError> {
    if book.borrow().schedule.agents_due() {
        let agents = collect_all(
            |cursor| {
                let q = ListQuery {
                    limit: Some(AGENTS_PAGE),
                    cursor,
                };
                async move { ac::list_agents(conn, &q).await }
            },
            MAX_AGENTS,
        )
        .await?;
        book.borrow_mut().take_agents(&agents);
    }
    let plan = book.borrow().schedule.plan();
    for agent_id in plan {
        let q = ListTasksQuery {
            limit: Some(TASKS_PER_AGENT),
            ..Default::default()
        };
        match ac::list_tasks(conn, &agent_id, &q).await {
            Ok(page) => book.borrow_mut().take_tasks(&agent_id, page.data),
            Err(e) if e.kind == ApiErrorKind::NotFound => book.borrow_mut().forget(&agent_id),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::inbox::item::fixtures::task;

    fn agent(id: &str) -> Agent {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "createdAt": "2026-01-01T00:00:00Z",
            "currentVersion": {
                "id": "v1", "agentId": id, "number": 1, "createdAt": "2026-01-01T00:00:00Z",
                "runtime": {"containerImage": "img", "agentRuntime": "pi"}, "basePrompt": "p",
                "defaults": {"model": "m", "internetAccess": true, "maxRuntimeSeconds": 60,
                    "outputPolicy": {"mode": "any"}, "runtimeRegion": "any"}
            }
        }))
        .expect("an agent parses")
    }

    #[test]
    fn the_book_keeps_every_agents_tasks_and_drops_gone_agents() {
        let mut book = AcBook::default();
        book.take_agents(&[agent("a1"), agent("a2")]);
        assert!(book.snapshot().behind());
        book.take_tasks("a1", vec![task("t1", "autonomous", "running", None)]);
        book.take_tasks("a2", vec![task("t2", "autonomous", "finished", None)]);
        let round = book.snapshot();
        assert!(!round.behind());
        assert_eq!(round.tasks.len(), 2);
        let seen = observe_ac(&round);
        assert!(seen.live);
        book.take_agents(&[agent("a2")]);
        let round = book.snapshot();
        assert_eq!(round.tasks.len(), 1);
        let quiet = observe_ac(&round);
        assert!(!quiet.live);
        assert_ne!(seen.fingerprint, quiet.fingerprint);
        book.forget("a2");
        assert_eq!(book.snapshot().agents, 0);
    }

    #[test]
    fn a_new_turn_is_a_change() {
        let mut t = task("c1", "conversation", "awaiting_input", None);
        let round = |t: &Task| AcRound {
            tasks: vec![t.clone()],
            agents: 1,
            agents_read: 1,
        };
        let before = observe_ac(&round(&t));
        assert!(!before.live, "waiting for the person is not live");
        t.turn_number = Some(2);
        assert_ne!(before.fingerprint, observe_ac(&round(&t)).fingerprint);
    }
}
