//! Conversations: start (task + first message), messages, sending a message, the autonomous
//! switch, events, attached repositories.

use super::agents;
use super::journal;
use super::records::{self, MESSAGE};
use super::sim;
use super::tasks::{build_task, Dispatch};
use crate::agentcontainer::error::{AcError, AcResult};
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;

/// A queued user message of a turn (its files must have been uploaded).
fn user_message(
    st: &AppState,
    turn: i64,
    content: &str,
    file_ids: &[String],
) -> AcResult<TaskMessage> {
    let mut files = Vec::new();
    for f in file_ids {
        let rec = st
            .store
            .get::<records::FileRec>(records::FILE, f)
            .ok_or_else(|| AcError::invalid(format!("Unknown input file {f}")))?;
        files.push(rec.file);
    }
    Ok(TaskMessage {
        id: records::new_id(st, "msg"),
        turn_number: turn,
        role: MessageRole::User,
        status: MessageStatus::Queued,
        content: content.into(),
        files,
        token_usage: None,
        cost_usd: None,
        created_at: st.clock.now(),
    })
}

/// Most earlier messages `#history=N` seeds.
const MAX_HISTORY: usize = 20_000;

/// `#history=N` in the instructions: the conversation starts with N earlier messages (a long
/// history to page through; clients see it like any other).
fn history_len(instructions: &str) -> usize {
    super::tasks::marker_number(instructions, "#history=").min(MAX_HISTORY)
}

/// Stores `n` processed messages, alternating user and assistant, one second apart and ending a
/// minute ago, numbered so a reader can tell them apart ("History message 1" is the oldest).
fn seed_history(st: &AppState, task: &Task, n: usize) -> Vec<TaskMessage> {
    let newest = st.clock.now_ms() - 60_000;
    let out: Vec<TaskMessage> = (0..n)
        .map(|i| {
            let user = i % 2 == 0;
            TaskMessage {
                id: records::new_id(st, "msg"),
                turn_number: (i / 2 + 1) as i64,
                role: if user {
                    MessageRole::User
                } else {
                    MessageRole::Assistant
                },
                status: MessageStatus::Processed,
                content: format!("History message {}", i + 1),
                files: Vec::new(),
                token_usage: None,
                cost_usd: None,
                created_at: agentdeck_wire::Timestamp::from_unix_millis(
                    newest - ((n - i) as i64) * 1_000,
                ),
            }
        })
        .collect();
    for m in &out {
        st.store.put(MESSAGE, &m.id, &task.id, m);
    }
    out
}

/// Starts a conversation: the task and its first message; the first turn starts.
pub async fn start(
    st: &AppState,
    agent_id: &str,
    req: CreateConversation,
) -> AcResult<CreateConversationResponse> {
    if req.message.trim().is_empty() {
        return Err(AcError::invalid_field("message", "message is required"));
    }
    let d = Dispatch {
        mode: TaskMode::Conversation,
        version_id: req.version_id,
        instructions: req.instructions,
        input_file_ids: req.input_file_ids.clone().unwrap_or_default(),
        input_repositories: req.input_repositories.unwrap_or_default(),
        skills: req.skills.unwrap_or_default(),
        metadata: req.metadata.unwrap_or_default(),
        overrides: req.overrides.unwrap_or_default(),
    };
    let _g = st.sim_lock.lock().await;
    let (task, x) = build_task(st, agent_id, &d)?;
    let history = seed_history(st, &task, history_len(&d.instructions));
    let turn = history.last().map_or(1, |m| m.turn_number + 1);
    let message = user_message(
        st,
        turn,
        &req.message,
        &req.input_file_ids.unwrap_or_default(),
    )?;
    records::put_taskx(st, &task.id, &x);
    journal::save_task(st, &task, Some(WebhookEventType::TaskCreated));
    journal::save_message(st, &task, &message);
    journal::announce(st, WebhookEventType::TaskTurnQueued, &task);
    sim::spawn_turn(st, task.id.clone());
    Ok(CreateConversationResponse { task, message })
}

/// The messages of a conversation, oldest first.
pub fn messages(st: &Shared, id: &str) -> AcResult<Vec<TaskMessage>> {
    records::conversation(st, id)?;
    Ok(st.store.list(MESSAGE, Some(id)))
}

/// Sends a user message: it is queued, and an idle conversation starts its next turn.
pub async fn send(st: &AppState, id: &str, req: SendMessage) -> AcResult<SendMessageResponse> {
    if req.content.trim().is_empty() {
        return Err(AcError::invalid_field("content", "content is required"));
    }
    let _g = st.sim_lock.lock().await;
    let mut t = records::conversation(st, id)?;
    if t.status.is_terminal() {
        return Err(AcError::invalid(format!(
            "Conversation is {}; start a new one",
            t.status
        )));
    }
    let idle = t.status == TaskStatus::AwaitingInput;
    let turn = if idle {
        t.turn_number.unwrap_or(0) + 1
    } else {
        t.turn_number.unwrap_or(1)
    };
    let m = user_message(
        st,
        turn,
        &req.content,
        &req.input_file_ids.unwrap_or_default(),
    )?;
    if idle {
        t.turn_number = Some(turn);
        t.status = TaskStatus::Pending;
        if t.turn_status != Some(TurnStatus::Autonomous) {
            t.turn_status = Some(TurnStatus::Running);
        }
        let mut x = records::taskx(st, id);
        x.awaiting_since_ms = None;
        records::put_taskx(st, id, &x);
        journal::save_task(st, &t, None);
    }
    journal::save_message(st, &t, &m);
    journal::announce(st, WebhookEventType::TaskTurnQueued, &t);
    if idle {
        sim::spawn_turn(st, id.to_string());
    }
    Ok(SendMessageResponse {
        task: t,
        message: m,
    })
}

/// Switches a conversation between autonomous and conversation mode (an event says so).
pub async fn set_autonomous(
    st: &AppState,
    id: &str,
    enabled: bool,
) -> AcResult<AutonomousResponse> {
    let _g = st.sim_lock.lock().await;
    let mut t = records::conversation(st, id)?;
    if t.status.is_terminal() {
        return Err(AcError::invalid(format!("Conversation is {}", t.status)));
    }
    let is_auto = t.turn_status == Some(TurnStatus::Autonomous);
    if enabled == is_auto {
        return Ok(AutonomousResponse {
            task: t,
            event: None,
        });
    }
    let event = if enabled {
        t.turn_status = Some(TurnStatus::Autonomous);
        journal::new_event(
            st,
            TaskEventKind::ModeSwitchedToAutonomous,
            t.turn_number,
            "Switched to autonomous mode: the agent continues without waiting for input",
        )
    } else {
        t.turn_status = Some(if t.status == TaskStatus::AwaitingInput {
            TurnStatus::AwaitingInput
        } else {
            TurnStatus::Running
        });
        journal::new_event(
            st,
            TaskEventKind::ModeSwitchedToConversation,
            t.turn_number,
            "Switched to conversation mode: the agent waits for your messages",
        )
    };
    journal::save_event(st, id, &event);
    journal::save_task(st, &t, None);
    if enabled && t.status == TaskStatus::AwaitingInput {
        sim::spawn_turn(st, id.to_string());
    }
    Ok(AutonomousResponse {
        task: t,
        event: Some(event),
    })
}

/// The events of a task (any task: autonomous tasks have hibernation events too).
pub fn events(st: &Shared, id: &str) -> AcResult<Vec<TaskEvent>> {
    records::task(st, id)?;
    Ok(st.store.list(records::EVENT, Some(id)))
}

/// The repositories attached to a conversation.
pub fn repositories(st: &Shared, id: &str) -> AcResult<Vec<AttachedRepository>> {
    records::conversation(st, id)?;
    Ok(records::attached(st, &records::taskx(st, id).repos))
}

/// Attaches repositories to a live conversation (one per mounting point).
pub async fn attach_repositories(
    st: &AppState,
    id: &str,
    repositories: Vec<RepositoryLink>,
) -> AcResult<Vec<AttachedRepository>> {
    let _g = st.sim_lock.lock().await;
    let t = records::conversation(st, id)?;
    if t.status.is_terminal() {
        return Err(AcError::invalid(format!("Conversation is {}", t.status)));
    }
    agents::check_links(st, &repositories)?;
    let mut x = records::taskx(st, id);
    for l in &repositories {
        x.repos.retain(|r| r.mounting_point != l.mounting_point);
        x.repos.push(l.clone());
    }
    records::put_taskx(st, id, &x);
    Ok(records::attached(st, &repositories))
}

#[cfg(test)]
mod history_tests {
    use super::history_len;

    #[test]
    fn history_takes_its_length_from_the_instructions() {
        assert_eq!(history_len("Long chat #history=2500 please"), 2500);
        assert_eq!(history_len("#HISTORY=3"), 3);
        assert_eq!(history_len("no marker"), 0);
        assert_eq!(history_len("#history=abc"), 0);
        assert_eq!(history_len("#history=99999999"), 20_000);
    }
}
