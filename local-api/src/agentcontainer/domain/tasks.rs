//! Tasks: building one from a dispatch (402 without credits), the list per agent, dispatch,
//! cancel, output files, logs, wake.

use super::account;
use super::agents::{self, current};
use super::journal;
use super::records::{self, TaskX, TASK};
use super::sim;
use crate::agentcontainer::error::{AcError, AcResult};
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;

/// A task title from its instructions: the first sentence of the first line, at most 80
/// characters.
pub fn title_from(instructions: &str) -> String {
    let first = instructions
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("Untitled task")
        .trim();
    let first = first
        .split(". ")
        .next()
        .unwrap_or(first)
        .trim_end_matches('.');
    let mut t: String = first.chars().take(80).collect();
    if first.chars().count() > 80 {
        t.push('…');
    }
    t
}

fn weak_default(p: &Provider) -> &'static str {
    match p {
        Provider::Openai => "gpt-5-mini",
        Provider::Openrouter => "openrouter/auto",
        _ => "claude-haiku-4-5",
    }
}

/// What a dispatch (or a new conversation) asks for.
pub struct Dispatch {
    pub mode: TaskMode,
    pub version_id: Option<String>,
    pub instructions: String,
    pub input_file_ids: Vec<String>,
    pub input_repositories: Vec<RepositoryLink>,
    pub skills: Vec<SkillRequest>,
    pub metadata: JsonObject,
    pub overrides: TaskOverrides,
}

/// Validates a dispatch and builds the task (not stored yet).
pub fn build_task(st: &Shared, agent_id: &str, d: &Dispatch) -> AcResult<(Task, TaskX)> {
    let agent = records::agent(st, agent_id)?;
    if agent.archived_at.is_some() {
        return Err(AcError::invalid("Agent is archived"));
    }
    if d.instructions.trim().is_empty() {
        return Err(AcError::invalid_field(
            "instructions",
            "instructions is required",
        ));
    }
    let ver = match &d.version_id {
        Some(v) => st
            .store
            .get_doc::<records::VersionRec>(records::VERSION, v)
            .filter(|doc| doc.scope == agent.id)
            .map(|doc| doc.value)
            .ok_or_else(|| AcError::invalid(format!("Unknown versionId {v}")))?,
        None => current(st, &agent),
    };
    for f in &d.input_file_ids {
        if st.store.get::<records::FileRec>(records::FILE, f).is_none() {
            return Err(AcError::invalid(format!("Unknown input file {f}")));
        }
    }
    if !d.input_repositories.is_empty() {
        agents::check_links(st, &d.input_repositories)?;
    }
    if account::credits(st) <= 0.0 {
        return Err(AcError::credits());
    }
    let o = &d.overrides;
    let defaults = &ver.version.defaults;
    let provider = o
        .provider
        .clone()
        .or(defaults.provider.clone())
        .unwrap_or(Provider::Anthropic);
    let model_name = o.model.clone().unwrap_or_else(|| defaults.model.clone());
    let weak = o
        .weak_model
        .clone()
        .or(defaults.weak_model.clone())
        .unwrap_or_else(|| weak_default(&provider).to_string());
    let conversation = d.mode == TaskMode::Conversation;
    let overrides = TaskResponseOverrides {
        mode: None,
        base_prompt: o.base_prompt.clone(),
        provider: o.provider.as_ref().map(|p| p.as_str().to_string()),
        has_provider_api_key: o.provider_api_key.as_ref().map(|k| !k.is_empty()),
        runtime: o.runtime.clone(),
        model: o.model.clone(),
        weak_model: o.weak_model.clone(),
        internet_access: o.internet_access,
        max_runtime_seconds: o.max_runtime_seconds,
        max_runtime_per_turn_seconds: o.max_runtime_per_turn_seconds,
        session_ttl_seconds: o.session_ttl_seconds,
        soft_finish_after_seconds: o.soft_finish_after_seconds,
        hibernation_enabled: o.hibernation_enabled,
        max_time_per_hibernation_cycle: o.max_time_per_hibernation_cycle,
        max_accumulated_time: o.max_accumulated_time,
        output_policy: o.output_policy.clone(),
        runtime_region: o.runtime_region.clone(),
    };
    let mut skills: Vec<Skill> = ver.version.skills.clone();
    skills.extend(d.skills.iter().map(|s| Skill {
        skill: s.skill.clone(),
        ssh_key_id: s.ssh_key_id.clone(),
    }));
    let mut runtime = ver.version.runtime.clone();
    if let Some(r) = &o.runtime {
        runtime.agent_runtime = r.clone();
    }
    let task = Task {
        mode: d.mode.clone(),
        id: records::new_id(st, "task"),
        agent_id: agent.id.clone(),
        agent_name: agent.name.clone(),
        agent_version_id: ver.version.id.clone(),
        runtime,
        status: TaskStatus::Pending,
        turn_status: conversation.then_some(TurnStatus::Running),
        turn_number: conversation.then_some(1),
        session_ttl_seconds: conversation.then(|| {
            o.session_ttl_seconds
                .or(defaults.session_ttl_seconds)
                .unwrap_or(900)
        }),
        hibernate_until_at: None,
        title: title_from(&d.instructions),
        instructions: d.instructions.clone(),
        runtime_region: o
            .runtime_region
            .clone()
            .unwrap_or_else(|| defaults.runtime_region.clone()),
        overrides,
        execution: TaskExecution {
            provider,
            model: model_name,
            weak_model: weak,
        },
        skills,
        metadata: d.metadata.clone(),
        created_at: st.clock.now(),
        started_at: None,
        completed_at: None,
        result: None,
        error: None,
        cost_usd: None,
        container_minutes: None,
        token_usage: None,
    };
    let lower = d.instructions.to_lowercase();
    let x = TaskX {
        input_file_ids: d.input_file_ids.clone(),
        repos: d.input_repositories.clone(),
        fail: lower.contains("#fail"),
        hibernate: lower.contains("#hibernate"),
        steps: marker_number(&d.instructions, "#steps=").min(MAX_STEPS),
        attempt: 1,
        ..Default::default()
    };
    Ok((task, x))
}

/// Most work steps `#steps=N` asks for (at 1.5 s each, over four hours at real speed).
const MAX_STEPS: usize = 10_000;

/// The number after `marker` (`#steps=` in "... #steps=40") in scenario instructions, 0 when
/// there is none.
pub fn marker_number(instructions: &str, marker: &str) -> usize {
    instructions
        .to_lowercase()
        .split(marker)
        .nth(1)
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0)
}

/// The tasks of an agent, newest first, by status and mode.
pub fn list(
    st: &Shared,
    agent_id: &str,
    status: Option<&TaskStatus>,
    mode: Option<&TaskMode>,
) -> AcResult<Vec<Task>> {
    records::agent(st, agent_id)?;
    let mut tasks: Vec<Task> = st
        .store
        .list::<Task>(TASK, Some(agent_id))
        .into_iter()
        .filter(|t| status.is_none_or(|s| &t.status == s))
        .filter(|t| mode.is_none_or(|m| &t.mode == m))
        .collect();
    tasks.reverse();
    Ok(tasks)
}

/// Dispatches an autonomous task and starts its simulation.
pub async fn dispatch(st: &AppState, agent_id: &str, req: CreateTask) -> AcResult<Task> {
    let d = Dispatch {
        mode: TaskMode::Autonomous,
        version_id: req.version_id,
        instructions: req.instructions,
        input_file_ids: req.input_file_ids.unwrap_or_default(),
        input_repositories: req.input_repositories.unwrap_or_default(),
        skills: req.skills.unwrap_or_default(),
        metadata: req.metadata.unwrap_or_default(),
        overrides: req.overrides.unwrap_or_default(),
    };
    let _g = st.sim_lock.lock().await;
    let (task, x) = build_task(st, agent_id, &d)?;
    records::put_taskx(st, &task.id, &x);
    journal::save_task(st, &task, Some(WebhookEventType::TaskCreated));
    journal::log(st, &task, 1, LogSource::Daemon, "Task queued");
    sim::spawn_task(st, task.id.clone());
    Ok(task)
}

/// Cancels a task that has not ended.
pub async fn cancel(st: &AppState, id: &str) -> AcResult<Task> {
    let _g = st.sim_lock.lock().await;
    let mut t = records::task(st, id)?;
    if t.status.is_terminal() {
        return Err(AcError::invalid(format!("Task is already {}", t.status)));
    }
    t.status = TaskStatus::Cancelled;
    t.turn_status = None;
    t.hibernate_until_at = None;
    t.completed_at = Some(st.clock.now());
    journal::log(
        st,
        &t,
        records::taskx(st, id).attempt,
        LogSource::Daemon,
        "Task cancelled by request; container stopped",
    );
    journal::save_task(st, &t, Some(WebhookEventType::TaskCancelled));
    Ok(t)
}

/// The output files of a task.
pub fn files(st: &Shared, id: &str) -> AcResult<Vec<TaskFile>> {
    records::task(st, id)?;
    Ok(st.store.list(records::TASK_FILE, Some(id)))
}

/// An output file of a task and its bytes.
pub fn file(st: &Shared, id: &str, file_id: &str) -> AcResult<(TaskFile, Vec<u8>)> {
    records::task(st, id)?;
    let f = st
        .store
        .get_doc::<TaskFile>(records::TASK_FILE, file_id)
        .filter(|d| d.scope == id)
        .ok_or_else(|| AcError::not_found("Task file"))?
        .value;
    let bytes = st
        .store
        .get_blob(&format!("ac-task-files/{file_id}"))
        .ok_or_else(|| AcError::not_found("Task file"))?;
    Ok((f, bytes))
}

/// The logs of a task, newest first.
pub fn logs(st: &Shared, id: &str) -> AcResult<Vec<TaskLogEntry>> {
    records::task(st, id)?;
    let mut logs: Vec<TaskLogEntry> = st.store.list(records::LOG, Some(id));
    logs.reverse();
    Ok(logs)
}

/// Wakes a hibernating task.
pub async fn wake(st: &AppState, id: &str, req: &WakeTask) -> AcResult<Task> {
    let _g = st.sim_lock.lock().await;
    let t = records::task(st, id)?;
    if t.status != TaskStatus::Hibernating {
        return Err(AcError::invalid("Only hibernating tasks can be woken"));
    }
    let note = match req {
        WakeTask::Message { message } => format!("Woken with a message: {message}"),
        WakeTask::ExternalWake => "Woken by an external wake".to_string(),
    };
    Ok(sim::wake(st, t, &note))
}
