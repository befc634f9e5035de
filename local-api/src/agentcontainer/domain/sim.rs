//! The simulated AgentContainer runtime.
//!
//! Autonomous tasks: pending -> running (daemon, stdout and stderr logs) -> finished with a
//! markdown result, output files, cost and token usage (credits are charged), or failed
//! (`#fail` in the instructions). `#hibernate` makes the task hibernate once until woken (or
//! until `hibernateUntilAt`); `#steps=N` makes it work N steps (a long-running task).
//!
//! Conversations: each queued user message is processed and answered by an assistant message
//! after a short delay; the task then waits for input and expires after its session TTL. In
//! autonomous mode the agent carries on by itself and finishes.

use super::account;
use super::journal;
use super::records::{self, TaskX, MESSAGE};
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;
use rand::Rng;

const START_MS: u64 = 1_000;
const STEP_MS: u64 = 1_500;
const REPLY_MS: u64 = 1_500;
/// How long a `#hibernate` task sleeps unless woken: long enough (30 s at test speed 20) that
/// a test or a person can wake it first; the demo's hibernating task stays asleep 10 minutes.
const HIBERNATE_MS: u64 = 600_000;

const STEPS: &[(&str, LogSource, &str)] = &[
    (
        "Cloning repositories into /workspace",
        LogSource::Daemon,
        "Workspace ready",
    ),
    (
        "Reading /workspace/task/TASK.md",
        LogSource::AgentStdout,
        "Planning: 3 steps",
    ),
    (
        "Running tests: 42 passed, 0 failed",
        LogSource::AgentStderr,
        "warning: 2 deprecated APIs in use",
    ),
    (
        "Writing /workspace/output/report.md",
        LogSource::AgentStdout,
        "Collecting outputs",
    ),
];

pub fn spawn_task(st: &AppState, id: String) {
    let st2 = st.clone();
    st.spawn(async move { run_task(st2, id).await });
}

pub fn spawn_turn(st: &AppState, id: String) {
    let st2 = st.clone();
    st.spawn(async move { run_turn(st2, id).await });
}

fn spawn_ttl(st: &AppState, id: String, since: i64, ttl_secs: u64) {
    let st2 = st.clone();
    st.spawn(async move {
        st2.clock.sleep(ttl_secs * 1000).await;
        let _g = st2.sim_lock.lock().await;
        let Ok(mut t) = records::task(&st2, &id) else {
            return;
        };
        let x = records::taskx(&st2, &id);
        if t.status != TaskStatus::AwaitingInput || x.awaiting_since_ms != Some(since) {
            return;
        }
        t.status = TaskStatus::Expired;
        t.turn_status = None;
        t.completed_at = Some(st2.clock.now());
        let e = journal::new_event(
            &st2,
            TaskEventKind::SessionExpired,
            t.turn_number,
            &format!("Session expired after {ttl_secs} seconds without input"),
        );
        journal::save_event(&st2, &id, &e);
        journal::save_task(&st2, &t, Some(WebhookEventType::TaskExpired));
    });
}

/// Restarts simulations after a restart or seeding.
pub fn resume_all(st: &AppState) {
    for t in st.store.list::<Task>(records::TASK, None) {
        match (&t.mode, &t.status) {
            (_, s) if s.is_terminal() => {}
            (TaskMode::Autonomous, _) => spawn_task(st, t.id.clone()),
            (TaskMode::Conversation, TaskStatus::AwaitingInput) => {
                let x = records::taskx(st, &t.id);
                if t.turn_status == Some(TurnStatus::Autonomous) {
                    spawn_turn(st, t.id.clone());
                } else if let (Some(since), Some(ttl)) =
                    (x.awaiting_since_ms, t.session_ttl_seconds)
                {
                    spawn_ttl(st, t.id.clone(), since, ttl);
                }
            }
            (TaskMode::Conversation, _) => spawn_turn(st, t.id.clone()),
            (TaskMode::Unknown(_), _) => {}
        }
    }
}

fn live(st: &AppState, id: &str) -> Option<Task> {
    records::task(st, id)
        .ok()
        .filter(|t| !t.status.is_terminal())
}

async fn run_task(st: AppState, id: String) {
    let Some(t) = live(&st, &id) else { return };
    if t.status == TaskStatus::Pending {
        st.clock.sleep(START_MS).await;
        let _g = st.sim_lock.lock().await;
        let Some(mut t) = live(&st, &id) else { return };
        t.status = TaskStatus::Running;
        t.started_at = Some(st.clock.now());
        journal::log(
            &st,
            &t,
            1,
            LogSource::Daemon,
            &format!("Pulling image {}", t.runtime.container_image),
        );
        journal::log(&st, &t, 1, LogSource::Daemon, "Container started");
        journal::save_task(&st, &t, Some(WebhookEventType::TaskTurnStarted));
    }
    loop {
        // Hibernating: wait to be woken (by request or when the time is up).
        if let Some(t) = live(&st, &id).filter(|t| t.status == TaskStatus::Hibernating) {
            let until = t
                .hibernate_until_at
                .as_ref()
                .and_then(|u| u.unix_millis())
                .unwrap_or(0);
            if crate::clock::now_ms() >= until {
                let _g = st.sim_lock.lock().await;
                if let Some(t) = live(&st, &id).filter(|t| t.status == TaskStatus::Hibernating) {
                    wake(&st, t, "Hibernation time is up");
                }
            } else {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            continue;
        }
        let x = records::taskx(&st, &id);
        if x.steps_done >= x.total_steps(STEPS.len()) {
            break;
        }
        st.clock.sleep(STEP_MS).await;
        let _g = st.sim_lock.lock().await;
        let Some(mut t) = live(&st, &id) else { return };
        if t.status == TaskStatus::Hibernating {
            continue;
        }
        let mut x = records::taskx(&st, &id);
        let (out, src, second) = &STEPS[x.steps_done % STEPS.len()];
        journal::log(&st, &t, x.attempt, LogSource::AgentStdout, out);
        journal::log(&st, &t, x.attempt, src.clone(), second);
        x.steps_done += 1;
        if x.hibernate && !x.hibernated && x.steps_done == 2 {
            x.hibernated = true;
            t.status = TaskStatus::Hibernating;
            t.hibernate_until_at = Some(crate::clock::ts(
                crate::clock::now_ms() + st.clock.real(HIBERNATE_MS).as_millis() as i64,
            ));
            let e = journal::new_event(
                &st,
                TaskEventKind::HibernationRequested,
                t.turn_number,
                "Waiting for the CI run to finish; hibernating",
            );
            journal::save_event(&st, &id, &e);
            journal::log(
                &st,
                &t,
                x.attempt,
                LogSource::Daemon,
                "Checkpoint saved; container hibernating",
            );
            journal::save_task(&st, &t, Some(WebhookEventType::TaskHibernating));
        }
        records::put_taskx(&st, &id, &x);
    }
    let _g = st.sim_lock.lock().await;
    let Some(t) = live(&st, &id) else { return };
    let x = records::taskx(&st, &id);
    finish(&st, t, &x);
}

/// Wakes a hibernating task (caller holds the simulation lock).
pub fn wake(st: &AppState, mut t: Task, note: &str) -> Task {
    t.status = TaskStatus::Running;
    t.hibernate_until_at = None;
    let e = journal::new_event(st, TaskEventKind::HibernationWoken, t.turn_number, note);
    journal::save_event(st, &t.id, &e);
    journal::log(
        st,
        &t,
        records::taskx(st, &t.id).attempt,
        LogSource::Daemon,
        note,
    );
    journal::save_task(st, &t, Some(WebhookEventType::TaskWoken));
    t
}

fn usage(st: &AppState, id: &str) -> (f64, JsonObject, f64) {
    let mut rng = crate::ids::rng_for(st.config.seed, &format!("cost:{id}"));
    let input: u64 = rng.gen_range(8_000..60_000);
    let output: u64 = rng.gen_range(800..6_000);
    let cost = ((input as f64) * 3e-6 + (output as f64) * 15e-6 * 1.0) * 100.0;
    let cost = (cost.round() / 100.0).max(0.01);
    let mut u = JsonObject::new();
    u.insert("inputTokens".into(), input.into());
    u.insert("outputTokens".into(), output.into());
    u.insert("totalTokens".into(), (input + output).into());
    (cost, u, rng.gen_range(1..12) as f64 / 2.0)
}

fn finish(st: &AppState, mut t: Task, x: &TaskX) {
    let (cost, tokens, minutes) = usage(st, &t.id);
    t.completed_at = Some(st.clock.now());
    t.cost_usd = Some(cost);
    t.token_usage = Some(tokens);
    t.container_minutes = Some(minutes);
    t.turn_status = None;
    account::charge(st, cost);
    if x.fail {
        t.status = TaskStatus::Failed;
        t.error = Some("Agent exited with code 1: tests failed after 3 attempts".into());
        journal::log(
            st,
            &t,
            x.attempt,
            LogSource::AgentStderr,
            "Error: 2 tests failed (see report)",
        );
        journal::log(
            st,
            &t,
            x.attempt,
            LogSource::Daemon,
            "Agent exited with code 1",
        );
        journal::save_task(st, &t, Some(WebhookEventType::TaskFailed));
        return;
    }
    t.status = TaskStatus::Finished;
    let result = format!(
        "## Done: {}\n\n- Read the task and the attached repositories\n- Ran the test suite (42 passed)\n- Wrote `report.md` with the findings\n\n```text\nall checks passed\n```",
        t.title
    );
    t.result = Some(result.clone());
    for (name, ct, body) in [
        ("report.md", "text/markdown", result.into_bytes()),
        ("summary.json", "application/json", serde_json::to_vec_pretty(&serde_json::json!({"task": t.id, "status": "finished", "tests": {"passed": 42, "failed": 0}})).unwrap_or_default()),
    ] {
        let fid = records::new_id(st, "tfile");
        let _ = st.store.put_blob(&format!("ac-task-files/{fid}"), &body);
        let f = TaskFile {
            id: fid.clone(),
            filename: name.into(),
            content_type: Some(ct.into()),
            size_bytes: Some(body.len() as u64),
            created_at: st.clock.now(),
            output_name: Some(name.into()),
        };
        st.store.put(records::TASK_FILE, &fid, &t.id, &f);
    }
    journal::log(
        st,
        &t,
        x.attempt,
        LogSource::Daemon,
        "Outputs uploaded; container stopped",
    );
    journal::save_task(st, &t, Some(WebhookEventType::TaskFinished));
}

fn reply_to(content: &str, turn: i64) -> String {
    let topic: String = content
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "Turn {turn}: I looked into **{}**.\n\n1. Checked the workspace for related files\n2. Ran the relevant tests\n\n```bash\n$ npm test -- --grep \"{}\"\n  ✓ 12 passing\n```\n\nAnything else you want me to change?",
        topic.replace('*', ""),
        content.split_whitespace().next().unwrap_or("task").replace('"', "")
    )
}

async fn run_turn(st: AppState, id: String) {
    loop {
        st.clock.sleep(START_MS).await;
        {
            let _g = st.sim_lock.lock().await;
            let Some(mut t) = live(&st, &id) else { return };
            let queued: Vec<TaskMessage> = st
                .store
                .list::<TaskMessage>(MESSAGE, Some(&id))
                .into_iter()
                .filter(|m| m.status == MessageStatus::Queued)
                .collect();
            let autonomous = t.turn_status == Some(TurnStatus::Autonomous);
            if queued.is_empty() && !autonomous {
                return;
            }
            if t.started_at.is_none() {
                t.started_at = Some(st.clock.now());
            }
            t.status = TaskStatus::Running;
            if !autonomous {
                t.turn_status = Some(TurnStatus::Running);
            }
            for mut m in queued {
                m.status = MessageStatus::Processed;
                // Feed the status change (no new webhook: the message was announced when created).
                journal::update_message(&st, &id, &m);
            }
            journal::log(
                &st,
                &t,
                1,
                LogSource::Daemon,
                &format!("Turn {} started", t.turn_number.unwrap_or(1)),
            );
            journal::save_task(&st, &t, Some(WebhookEventType::TaskTurnStarted));
        }
        st.clock.sleep(REPLY_MS).await;
        let _g = st.sim_lock.lock().await;
        let Some(mut t) = live(&st, &id) else { return };
        let turn = t.turn_number.unwrap_or(1);
        let last_user = st
            .store
            .list::<TaskMessage>(MESSAGE, Some(&id))
            .into_iter()
            .rev()
            .find(|m| m.role == MessageRole::User);
        let files_note = last_user
            .as_ref()
            .filter(|m| !m.files.is_empty())
            .map(|m| {
                let names: Vec<String> = m
                    .files
                    .iter()
                    .map(|f| format!("`{}` ({} bytes)", f.filename, f.size_bytes.unwrap_or(0)))
                    .collect();
                format!("\n\nI read the attached files: {}.", names.join(", "))
            })
            .unwrap_or_default();
        let last_user = last_user.map(|m| m.content).unwrap_or_default();
        let (cost, tokens, _) = usage(&st, &format!("{id}:{turn}"));
        let autonomous = t.turn_status == Some(TurnStatus::Autonomous);
        let content = if autonomous {
            "Continuing on my own: finishing the remaining steps and writing the report."
                .to_string()
        } else {
            reply_to(&last_user, turn) + &files_note
        };
        let m = TaskMessage {
            id: records::new_id(&st, "msg"),
            turn_number: turn,
            role: MessageRole::Assistant,
            status: MessageStatus::Created,
            content,
            files: vec![],
            token_usage: Some(tokens),
            cost_usd: Some(cost),
            created_at: st.clock.now(),
        };
        account::charge(&st, cost);
        t.cost_usd = Some(((t.cost_usd.unwrap_or(0.0) + cost) * 100.0).round() / 100.0);
        journal::save_message(&st, &t, &m);
        journal::log(
            &st,
            &t,
            1,
            LogSource::AgentStdout,
            &format!("Turn {turn} answered"),
        );
        if autonomous {
            let x = records::taskx(&st, &id);
            finish(&st, t, &x);
            return;
        }
        let more_queued = st
            .store
            .list::<TaskMessage>(MESSAGE, Some(&id))
            .iter()
            .any(|m| m.status == MessageStatus::Queued);
        if more_queued {
            t.turn_number = Some(turn + 1);
            journal::save_task(&st, &t, Some(WebhookEventType::TaskTurnCompleted));
            continue;
        }
        t.status = TaskStatus::AwaitingInput;
        t.turn_status = Some(TurnStatus::AwaitingInput);
        let now = crate::clock::now_ms();
        let mut x = records::taskx(&st, &id);
        x.awaiting_since_ms = Some(now);
        records::put_taskx(&st, &id, &x);
        journal::save_task(&st, &t, Some(WebhookEventType::TaskTurnCompleted));
        journal::announce(&st, WebhookEventType::TaskAwaitingInput, &t);
        if let Some(ttl) = t.session_ttl_seconds {
            spawn_ttl(&st, id.clone(), now, ttl);
        }
        return;
    }
}
