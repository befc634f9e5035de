//! Which AgentContainer agents to ask for their tasks in a round of the inbox's polling. The API
//! lists tasks per agent, so one round is several requests, sent one at a time; to not hammer
//! it, a round asks at most [`MAX_PER_ROUND`] agents: those never asked first (newest agents
//! first), then those with a task that runs or waits (every round), then quiet agents every
//! [`QUIET_EVERY`] rounds, the longest unasked first. The agents list itself is read again
//! every [`AGENTS_EVERY`] rounds. How long a round waits for the next is the shared polling
//! policy's business (`api::poll`: fast while something changes, backing off, paused while the
//! tab is hidden). Pure.

use crate::api::poll::PollPolicy;
use std::time::Duration;

/// How often a list with nothing running is read again (to see new runs).
pub const IDLE: Duration = Duration::from_secs(30);

/// The polling of each service's list: the shared list policy of `api::poll` (fast while
/// something runs and changes, backing off while nothing changes, [`IDLE`] when nothing runs,
/// paused while the tab is hidden; one request at a time is the `Poller`'s).
pub fn policy() -> PollPolicy {
    PollPolicy::for_list(IDLE)
}

/// Most task lists asked for in one round.
pub const MAX_PER_ROUND: usize = 8;
/// An agent with nothing running or waiting is asked every this many rounds.
pub const QUIET_EVERY: u64 = 5;
/// The agents list is read again every this many rounds (new agents, deleted ones).
pub const AGENTS_EVERY: u64 = 10;

#[derive(Debug, Clone, PartialEq)]
struct Slot {
    id: String,
    created_ms: i64,
    /// The round its tasks were last read in.
    asked: Option<u64>,
    /// A task of it runs or waits for input.
    active: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schedule {
    /// The current round (the first is 0).
    round: u64,
    agents_read: Option<u64>,
    slots: Vec<Slot>,
    /// The person asked for fresh news: every agent is due once.
    hurried: bool,
}

impl Schedule {
    /// Whether this round reads the agents list first.
    pub fn agents_due(&self) -> bool {
        self.hurried
            || self
                .agents_read
                .is_none_or(|r| self.round.saturating_sub(r) >= AGENTS_EVERY)
    }

    /// The agents list as read this round (`(id, created_at in ms)`); returns the ids of the
    /// agents that are gone (their tasks should go too).
    pub fn set_agents(&mut self, agents: impl IntoIterator<Item = (String, i64)>) -> Vec<String> {
        let mut next = Vec::new();
        for (id, created_ms) in agents {
            if next.iter().any(|s: &Slot| s.id == id) {
                continue;
            }
            let known = self.slots.iter().find(|s| s.id == id);
            next.push(Slot {
                asked: known.and_then(|s| s.asked),
                active: known.is_some_and(|s| s.active),
                id,
                created_ms,
            });
        }
        let gone = self
            .slots
            .iter()
            .filter(|s| !next.iter().any(|n| n.id == s.id))
            .map(|s| s.id.clone())
            .collect();
        self.slots = next;
        self.agents_read = Some(self.round);
        gone
    }

    fn due(&self, s: &Slot) -> bool {
        match s.asked {
            None => true,
            Some(_) if self.hurried || s.active => true,
            Some(r) => self.round.saturating_sub(r) >= QUIET_EVERY,
        }
    }

    /// The agents whose tasks to read this round, in order.
    pub fn plan(&self) -> Vec<String> {
        let mut due: Vec<&Slot> = self.slots.iter().filter(|s| self.due(s)).collect();
        // Never asked (newest agents first), then active, then the longest unasked.
        due.sort_by_key(|s| {
            (
                s.asked.is_some(),
                !s.active,
                s.asked,
                std::cmp::Reverse(s.created_ms),
            )
        });
        due.into_iter()
            .take(MAX_PER_ROUND)
            .map(|s| s.id.clone())
            .collect()
    }

    /// The agent's tasks were read this round; `active` when one runs or waits.
    pub fn record(&mut self, agent_id: &str, active: bool) {
        let round = self.round;
        if let Some(s) = self.slots.iter_mut().find(|s| s.id == agent_id) {
            s.asked = Some(round);
            s.active = active;
        }
    }

    /// The agent is gone (its tasks answered 404).
    pub fn forget(&mut self, agent_id: &str) {
        self.slots.retain(|s| s.id != agent_id);
    }

    /// Ends the round (also after a failed one).
    pub fn end_round(&mut self) {
        self.round += 1;
        if self.hurried && self.slots.iter().all(|s| s.asked.is_some()) {
            self.hurried = false;
        }
    }

    /// The person pressed Refresh: read the agents list and every agent again, soon.
    pub fn hurry(&mut self) {
        self.hurried = true;
        for s in &mut self.slots {
            s.asked = None;
        }
    }

    /// Some agents were never asked yet.
    #[cfg(test)]
    fn behind(&self) -> bool {
        self.slots.iter().any(|s| s.asked.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::poll::{Next, Outcome, PollState};

    fn agents(n: usize) -> Vec<(String, i64)> {
        (0..n).map(|i| (format!("a{i}"), i as i64 * 1000)).collect()
    }

    /// Plays a round: reads what the plan says; `active` decides each agent's answer.
    fn play(s: &mut Schedule, active: impl Fn(&str) -> bool) -> Vec<String> {
        let plan = s.plan();
        for id in &plan {
            s.record(id, active(id));
        }
        s.end_round();
        plan
    }

    #[test]
    fn new_agents_first_newest_first_and_a_bounded_round() {
        let mut s = Schedule::default();
        assert!(s.agents_due());
        assert!(s.set_agents(agents(20)).is_empty());
        let first = play(&mut s, |_| false);
        assert_eq!(first.len(), MAX_PER_ROUND);
        assert_eq!(first[0], "a19");
        assert_eq!(first[7], "a12");
        assert!(s.behind());
        let second = play(&mut s, |_| false);
        assert_eq!(second[0], "a11");
        let third = play(&mut s, |_| false);
        assert_eq!(third, ["a3", "a2", "a1", "a0"]);
        assert!(!s.behind());
        // Everyone asked and quiet: nobody is due until QUIET_EVERY rounds passed.
        assert!(play(&mut s, |_| false).is_empty());
    }

    #[test]
    fn active_agents_every_round_quiet_ones_now_and_then() {
        let mut s = Schedule::default();
        s.set_agents(agents(3));
        play(&mut s, |id| id == "a1");
        let mut asked_a0 = 0;
        for _ in 0..(QUIET_EVERY * 2) {
            let plan = play(&mut s, |id| id == "a1");
            assert!(
                plan.contains(&"a1".to_string()),
                "the active agent every round"
            );
            asked_a0 += plan.iter().filter(|id| *id == "a0").count();
        }
        assert_eq!(asked_a0, 2, "a quiet agent every {QUIET_EVERY} rounds");
    }

    #[test]
    fn the_agents_list_is_read_again_now_and_then_and_gone_agents_leave() {
        let mut s = Schedule::default();
        s.set_agents(agents(2));
        play(&mut s, |_| true);
        for _ in 1..AGENTS_EVERY {
            assert!(!s.agents_due());
            play(&mut s, |_| true);
        }
        assert!(s.agents_due());
        let gone = s.set_agents(vec![("a1".into(), 1000), ("a9".into(), 9000)]);
        assert_eq!(gone, ["a0"]);
        assert_eq!(
            s.plan(),
            ["a9", "a1"],
            "the new agent first, the active one kept"
        );
        s.forget("a1");
        assert_eq!(s.plan(), ["a9"]);
    }

    #[test]
    fn refresh_asks_everyone_again() {
        let mut s = Schedule::default();
        s.set_agents(agents(3));
        play(&mut s, |_| false);
        assert!(play(&mut s, |_| false).is_empty());
        s.hurry();
        assert!(s.agents_due());
        s.set_agents(agents(3));
        assert_eq!(play(&mut s, |_| false).len(), 3);
        assert!(!s.agents_due());
        assert!(play(&mut s, |_| false).is_empty());
    }

    #[test]
    fn polling_backs_off_while_nothing_changes_and_pauses_while_hidden() {
        let mut p = PollState::new(policy());
        let same = Outcome::Seen {
            live: true,
            changed: false,
        };
        let changed = Outcome::Seen {
            live: true,
            changed: true,
        };
        let fast = policy().fast;
        assert_eq!(p.next(&changed, false), Next::Wait(fast));
        let mut waits = Vec::new();
        for _ in 0..12 {
            match p.next(&same, false) {
                Next::Wait(d) => waits.push(d),
                other => panic!("{other:?}"),
            }
        }
        assert!(waits.windows(2).all(|w| w[0] <= w[1]), "{waits:?}");
        assert!(waits[0] > fast);
        assert_eq!(
            *waits.last().unwrap(),
            policy().slow,
            "backs off up to the slow pace"
        );
        assert_eq!(
            p.next(&changed, false),
            Next::Wait(fast),
            "news: fast again"
        );
        let quiet = Outcome::Seen {
            live: false,
            changed: false,
        };
        assert_eq!(
            p.next(&quiet, false),
            Next::Wait(IDLE),
            "nothing runs: now and then"
        );
        assert_eq!(p.next(&changed, true), Next::Paused, "hidden tab: paused");
    }
}
