//! `/agent_runners/{id}/sessions`: list, get, follow-up, update, stop, redeploy.

use super::auth::{JsonBody, NetlifyAuth};
use super::error::{ApiError, ApiResult};
use super::model::{self, present_session, SessionWork};
use super::runners::{page_params, paged_response};
use super::sim;
use crate::clock::ms_of;
use crate::state::AppState;
use agentdeck_wire::netlify::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde_json::Value;

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

fn default_model(agent: &str) -> &'static str {
    super::demo::AGENTS
        .iter()
        .find(|(a, _)| *a == agent)
        .map(|(_, m)| *m)
        .unwrap_or("claude-sonnet-4-5")
}

/// Creates a session on a runner, sets the runner live, and starts the simulation.
pub fn start_session(st: &AppState, runner: &mut AgentRunner, n: NewSession) -> Session {
    let id = model::new_id(st, "session");
    let now = st.clock.now();
    let agent = n
        .agent
        .clone()
        .or_else(|| runner.agent.as_ref().map(|a| a.as_str().to_string()))
        .unwrap_or_else(|| "claude".into());
    let model_name = n
        .model
        .clone()
        .unwrap_or_else(|| default_model(&agent).to_string());
    let changeset = n
        .changeset
        .unwrap_or_else(|| sim::choose_changeset(st.config.seed, &id, &n.prompt, &n.mode));
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
        user: Some(model::token_user()),
        current_task: None,
        usage: None,
        credit_limit_exceeded: Some(false),
    };
    let work = SessionWork {
        changeset,
        outcome: sim::outcome_for(&n.prompt),
        pr_fails: n.prompt.contains("#pr-fail"),
        ..Default::default()
    };
    model::put_work(st, &id, &work);
    model::put_session(st, &session);
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
    let sessions = model::sessions_of(st, &runner.id);
    model::refresh_runner_summary(runner, &sessions);
    model::put_runner(st, runner);
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
    model::sessions_of(st, runner_id)
        .into_iter()
        .find(|s| s.state.is_live())
}

fn runner_or_404(st: &AppState, id: &str) -> ApiResult<AgentRunner> {
    model::get_runner(st, id).ok_or_else(|| ApiError::not_found("Agent runner not found"))
}

fn session_or_404(st: &AppState, runner_id: &str, sid: &str) -> ApiResult<Session> {
    st.store
        .get::<Session>(model::SESSION, sid)
        .filter(|s| s.agent_runner_id == runner_id)
        .ok_or_else(|| ApiError::not_found("Session not found"))
}

pub async fn list(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    runner_or_404(&st, &id)?;
    let get = |k: &str| {
        q.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let (page, per_page) = page_params(&q)?;
    let include_discarded = get("include_discarded")
        .and_then(|v| crate::util::parse_bool(&v))
        .unwrap_or(false);
    let state = get("state");
    if state
        .as_deref()
        .is_some_and(|s| s != "live" && s != "error")
    {
        return Err(ApiError::bad_request(
            "Invalid state filter: use live or error",
        ));
    }
    let secs = |k: &str| -> ApiResult<Option<i64>> {
        get(k)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| ApiError::bad_request(format!("{k} must be a unix timestamp")))
            })
            .transpose()
    };
    let (from, to) = (secs("from")?, secs("to")?);
    let desc = match get("order_by").as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(ApiError::bad_request("order_by must be asc or desc")),
    };
    let mut sessions: Vec<Session> = model::sessions_of(&st, &id)
        .into_iter()
        .filter(|s| include_discarded || !s.is_discarded)
        .filter(|s| match state.as_deref() {
            Some("live") => s.state.is_live(),
            Some("error") => s.state == SessionState::Error,
            _ => true,
        })
        .filter(|s| from.is_none_or(|f| ms_of(&s.created_at) >= f * 1000))
        .filter(|s| to.is_none_or(|t| ms_of(&s.created_at) < t * 1000))
        .map(|s| present_session(&st, s))
        .collect();
    if desc {
        sessions.reverse();
    }
    Ok(paged_response(
        &st,
        &format!("/api/v1/agent_runners/{id}/sessions"),
        &q,
        sessions,
        page,
        per_page,
    ))
}

pub async fn get_one(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
) -> ApiResult<Json<Session>> {
    runner_or_404(&st, &id)?;
    Ok(Json(present_session(&st, session_or_404(&st, &id, &sid)?)))
}

pub async fn create(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<Session>> {
    let prompt = body
        .get("prompt")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if prompt.is_empty() {
        return Err(ApiError::bad_request("No prompt provided"));
    }
    let req: CreateSession = serde_json::from_value(body.clone())
        .map_err(|e| ApiError::bad_request(format!("Invalid request body: {e}")))?;
    let _g = st.sim_lock.lock().await;
    let mut runner = runner_or_404(&st, &id)?;
    if runner.state == RunnerState::Archived {
        return Err(ApiError::unprocessable("Agent runner is archived"));
    }
    if active_session(&st, &id).is_some() {
        return Err(ApiError::conflict(
            "Agent runner already has an active session; wait for it to finish or stop it",
        ));
    }
    if prompt.contains("#credits") {
        return Err(ApiError::forbidden(
            "Credit limit exceeded: your team has used all of its agent runner credits",
        ));
    }
    let s = start_session(
        &st,
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
    );
    Ok(Json(present_session(&st, s)))
}

pub async fn update(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
    JsonBody(body): JsonBody<UpdateSession>,
) -> ApiResult<Json<Session>> {
    let _g = st.sim_lock.lock().await;
    runner_or_404(&st, &id)?;
    session_or_404(&st, &id, &sid)?;
    let mut w = model::work_of(&st, &sid);
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
    model::put_work(&st, &sid, &w);
    let now = st.clock.now();
    sim::update_session(&st, &id, &sid, |s, r| {
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
            s.deploy_url = Some(model::deploy_url(&d));
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
    Ok(Json(present_session(&st, session_or_404(&st, &id, &sid)?)))
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

pub async fn stop(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let _g = st.sim_lock.lock().await;
    runner_or_404(&st, &id)?;
    session_or_404(&st, &id, &sid)?;
    cancel(&st, &id, &sid);
    Ok(StatusCode::ACCEPTED)
}

pub async fn redeploy(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
) -> ApiResult<Json<Session>> {
    let _g = st.sim_lock.lock().await;
    let mut runner = runner_or_404(&st, &id)?;
    let source = session_or_404(&st, &id, &sid)?;
    if source.state != SessionState::Done {
        return Err(ApiError::bad_request("Source session is not completed"));
    }
    if !source.has_cumulative_diff {
        return Err(ApiError::bad_request("Source session has no diff"));
    }
    if active_session(&st, &id).is_some() {
        return Err(ApiError::conflict(
            "Agent runner already has an active session",
        ));
    }
    let d = super::diffs::session_diffs(&st, &id, &sid, false);
    if d.cumulative.as_deref().is_none_or(str::is_empty) {
        return Err(ApiError::unprocessable(
            "Session has no changes to redeploy",
        ));
    }
    let s = start_session(
        &st,
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
            source_session_id: Some(sid),
            changeset: Some(None),
        },
    );
    Ok(Json(present_session(&st, s)))
}
