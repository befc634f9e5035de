//! Sessions of a runner: starting one (first prompt, follow-up, redeploy, rebase), the
//! filtered list, updates through PATCH, and stopping.

use super::accounts;
use super::diffs;
use super::records::{self, SessionWork, StateFilter};
use super::scenario;
use super::sim;
use crate::clock::ms_of;
use crate::netlify::error::{ApiError, ApiResult};
use crate::state::AppState;
use agentdeck_wire::netlify::*;

pub struct NewSession {
    pub prompt: String,
    pub mode: SessionMode,
    pub agent: Option<String>,
    pub model: Option<String>,
    pub file_keys: Vec<String>,
    pub source_session_id: Option<String>,
    /// `None` = choose from the prompt.
    pub changeset: Option<Option<String>>,
}

/// Creates a session on a runner, sets the runner live, and starts the simulation.
pub fn start_session(st: &AppState, runner: &mut AgentRunner, n: NewSession) -> Session {
    let id = records::new_id(st, "session");
    let now = st.clock.now();
    let agent = n
        .agent
        .clone()
        .or_else(|| runner.agent.as_ref().map(|a| a.as_str().to_string()))
        .unwrap_or_else(|| "claude".into());
    let model_name = n
        .model
        .clone()
        .unwrap_or_else(|| accounts::default_model(&agent).to_string());
    let changeset = n
        .changeset
        .unwrap_or_else(|| scenario::choose_changeset(st.config.seed, &id, &n.prompt, &n.mode));
    let title = match n.mode {
        SessionMode::Redeploy => "Redeploy".to_string(),
        SessionMode::Rebase => "Rebase onto the latest production deploy".to_string(),
        _ => title_from_prompt(&n.prompt),
    };
    let session = Session {
        id: id.clone(),
        agent_runner_id: runner.id.clone(),
        dev_server_id: None,
        state: SessionState::New,
        created_at: now.clone(),
        updated_at: now.clone(),
        done_at: None,
        title: Some(title),
        prompt: Some(n.prompt.clone()),
        agent_config: Some(AgentConfig {
            agent: Some(AgentKind::parse(&agent)),
            model: Some(model_name.clone()),
        }),
        result: None,
        duration: None,
        steps: vec![],
        commit_sha: None,
        deploy_id: None,
        deploy_url: None,
        result_zip_file_name: None,
        attached_file_keys: n.file_keys.clone(),
        is_published: false,
        is_discarded: false,
        has_result_diff: false,
        has_cumulative_diff: false,
        mode: Some(n.mode.clone()),
        source_session_id: n.source_session_id,
        user: Some(accounts::token_user()),
        current_task: None,
        usage: None,
        credit_limit_exceeded: Some(false),
    };
    let work = SessionWork {
        changeset,
        outcome: scenario::outcome_for(&n.prompt),
        pr_fails: n.prompt.contains("#pr-fail"),
        ..Default::default()
    };
    records::put_work(st, &id, &work);
    records::put_session(st, &session);
    runner.state = RunnerState::New;
    runner.done_at = None;
    runner.updated_at = now;
    runner.agent = Some(AgentKind::parse(&agent));
    runner.model = Some(model_name);
    for k in &n.file_keys {
        if !runner.attached_file_keys.contains(k) {
            runner.attached_file_keys.push(k.clone());
        }
    }
    let sessions = records::sessions_of(st, &runner.id);
    records::refresh_runner_summary(runner, &sessions);
    records::put_runner(st, runner);
    sim::spawn_session(st, runner.id.clone(), id);
    session
}

pub fn title_from_prompt(prompt: &str) -> String {
    let first = prompt
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("Untitled")
        .trim();
    let first = first
        .split(". ")
        .next()
        .unwrap_or(first)
        .trim_end_matches('.');
    let mut t: String = first.chars().take(72).collect();
    if first.chars().count() > 72 {
        t.push('…');
    }
    t
}

pub fn active_session(st: &AppState, runner_id: &str) -> Option<Session> {
    records::sessions_of(st, runner_id)
        .into_iter()
        .find(|s| s.state.is_live())
}

/// Which sessions a list shows.
pub struct SessionFilter {
    pub include_discarded: bool,
    pub state: Option<StateFilter>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub to: Option<i64>,
    /// Newest first.
    pub desc: bool,
}

/// The sessions of a runner that match, oldest first (newest first with `desc`).
pub fn list(st: &AppState, runner_id: &str, f: &SessionFilter) -> Vec<Session> {
    let mut sessions: Vec<Session> = records::sessions_of(st, runner_id)
        .into_iter()
        .filter(|s| f.include_discarded || !s.is_discarded)
        .filter(|s| match f.state {
            Some(StateFilter::Live) => s.state.is_live(),
            Some(StateFilter::Error) => s.state == SessionState::Error,
            None => true,
        })
        .filter(|s| f.from.is_none_or(|t| ms_of(&s.created_at) >= t * 1000))
        .filter(|s| f.to.is_none_or(|t| ms_of(&s.created_at) < t * 1000))
        .collect();
    if f.desc {
        sessions.reverse();
    }
    sessions
}

/// A follow-up session on a runner (`POST .../sessions`).
pub async fn follow_up(st: &AppState, runner_id: &str, req: CreateSession) -> ApiResult<Session> {
    let _g = st.sim_lock.lock().await;
    let mut runner = records::runner(st, runner_id)?;
    if runner.state == RunnerState::Archived {
        return Err(ApiError::unprocessable("Agent runner is archived"));
    }
    if active_session(st, runner_id).is_some() {
        return Err(ApiError::conflict(
            "Agent runner already has an active session; wait for it to finish or stop it",
        ));
    }
    if req.prompt.contains("#credits") {
        return Err(ApiError::forbidden(
            "Credit limit exceeded: your team has used all of its agent runner credits",
        ));
    }
    Ok(start_session(
        st,
        &mut runner,
        NewSession {
            prompt: req.prompt,
            mode: req.mode.unwrap_or(SessionMode::Normal),
            agent: req.agent,
            model: req.model,
            file_keys: req.file_keys,
            source_session_id: None,
            changeset: None,
        },
    ))
}

/// Applies a PATCH to a session (and its runner); answers the stored session.
pub async fn update(
    st: &AppState,
    runner_id: &str,
    sid: &str,
    body: UpdateSession,
) -> ApiResult<Session> {
    let _g = st.sim_lock.lock().await;
    records::runner(st, runner_id)?;
    records::session(st, runner_id, sid)?;
    let mut w = records::work_of(st, sid);
    let blob = |k: &Option<String>| {
        k.as_ref()
            .and_then(|k| st.store.get_blob(k))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    if let Some(d) = body
        .result_diff
        .clone()
        .or_else(|| blob(&body.result_diff_s3_key))
    {
        w.result_diff = Some(d);
    }
    if let Some(d) = body
        .cumulative_diff
        .clone()
        .or_else(|| blob(&body.cumulative_diff_s3_key))
    {
        w.cumulative_diff = Some(d);
    }
    records::put_work(st, sid, &w);
    let now = st.clock.now();
    sim::update_session(st, runner_id, sid, |s, r| {
        if let Some(t) = body.title {
            s.title = Some(t);
        }
        if let Some(steps) = body.steps {
            s.steps = steps;
        }
        if let Some(res) = body.result {
            s.result = Some(res);
        }
        if let Some(b) = body.result_branch {
            r.result_branch = Some(b);
        }
        if let Some(d) = body.duration {
            s.duration = serde_json::Number::from_f64(d);
        }
        if let Some(z) = body.result_zip_file_name {
            s.result_zip_file_name = Some(z);
        }
        if let Some(d) = body.deploy_id {
            s.deploy_url = Some(records::deploy_url(&d));
            s.deploy_id = Some(d);
        }
        if let Some(p) = body.is_published {
            s.is_published = p;
        }
        if w.result_diff.is_some() {
            s.has_result_diff = w.result_diff.as_deref().is_some_and(|d| !d.is_empty());
        }
        if w.cumulative_diff.is_some() {
            s.has_cumulative_diff = w.cumulative_diff.as_deref().is_some_and(|d| !d.is_empty());
        }
        if let Some(state) = body.state {
            if !state.is_live() && s.done_at.is_none() {
                s.done_at = Some(now.clone());
            }
            s.state = state.clone();
            r.state = match state {
                SessionState::New => RunnerState::New,
                SessionState::Running => RunnerState::Running,
                SessionState::Done => RunnerState::Done,
                SessionState::Error => RunnerState::Error,
                SessionState::Cancelled => RunnerState::Cancelled,
                SessionState::Unknown(u) => RunnerState::Unknown(u),
            };
            if !r.state.is_live() {
                r.done_at = Some(now.clone());
                r.current_task = None;
            }
        }
    });
    records::session(st, runner_id, sid)
}

/// Cancels a live session (and sets its runner cancelled).
pub fn cancel(st: &AppState, runner_id: &str, session_id: &str) {
    let now = st.clock.now();
    sim::update_session(st, runner_id, session_id, |s, r| {
        if s.state.is_live() {
            s.state = SessionState::Cancelled;
            s.done_at = Some(now.clone());
            s.current_task = None;
            s.result
                .get_or_insert_with(|| "Stopped by the user.".into());
            r.state = RunnerState::Cancelled;
            r.done_at = Some(now.clone());
            r.current_task = None;
        }
    });
}

/// Stops a session (`DELETE .../sessions/{sid}`).
pub async fn stop(st: &AppState, runner_id: &str, sid: &str) -> ApiResult<()> {
    let _g = st.sim_lock.lock().await;
    records::runner(st, runner_id)?;
    records::session(st, runner_id, sid)?;
    cancel(st, runner_id, sid);
    Ok(())
}

/// A redeploy session of a done session's changes (`POST .../redeploy`).
pub async fn redeploy(st: &AppState, runner_id: &str, sid: &str) -> ApiResult<Session> {
    let _g = st.sim_lock.lock().await;
    let mut runner = records::runner(st, runner_id)?;
    let source = records::session(st, runner_id, sid)?;
    if source.state != SessionState::Done {
        return Err(ApiError::bad_request("Source session is not completed"));
    }
    if !source.has_cumulative_diff {
        return Err(ApiError::bad_request("Source session has no diff"));
    }
    if active_session(st, runner_id).is_some() {
        return Err(ApiError::conflict(
            "Agent runner already has an active session",
        ));
    }
    let d = diffs::session_diffs(st, runner_id, sid, false);
    if d.cumulative.as_deref().is_none_or(str::is_empty) {
        return Err(ApiError::unprocessable(
            "Session has no changes to redeploy",
        ));
    }
    Ok(start_session(
        st,
        &mut runner,
        NewSession {
            prompt: source.prompt.clone().unwrap_or_default(),
            mode: SessionMode::Redeploy,
            agent: source
                .agent_config
                .as_ref()
                .and_then(|c| c.agent.as_ref())
                .map(|a| a.as_str().to_string()),
            model: source.agent_config.as_ref().and_then(|c| c.model.clone()),
            file_keys: vec![],
            source_session_id: Some(sid.to_string()),
            changeset: Some(None),
        },
    ))
}
