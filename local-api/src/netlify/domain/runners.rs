//! Runner operations: the filtered list, create (with its first session), update, stop,
//! archive, revert, rebase, pull request, commit to a branch, publish.

use super::accounts;
use super::records::{self, Site, StateFilter, RUNNER, SITE};
use super::sessions::{self, NewSession};
use super::sim;
use crate::clock::ms_of;
use crate::netlify::error::{ApiError, ApiResult};
use crate::state::AppState;
use agentdeck_wire::netlify::*;

/// The sites a list covers: one site (of the account, when given), or every site of an
/// account.
pub fn sites_for(
    st: &AppState,
    site_id: Option<String>,
    account: Option<String>,
) -> ApiResult<Vec<String>> {
    match (site_id, account) {
        (Some(site_id), account) => {
            let site = records::site(st, &site_id)?;
            if account.is_some_and(|a| a != site.account_id) {
                return Err(ApiError::not_found("Site not found"));
            }
            Ok(vec![site_id])
        }
        (None, Some(account)) => Ok(st
            .store
            .list::<Site>(SITE, Some(&account))
            .into_iter()
            .map(|s| s.id)
            .collect()),
        (None, None) => Err(ApiError::bad_request("site_id is required")),
    }
}

/// Which runners a list shows (archived runners never).
#[derive(Debug, Default)]
pub struct RunnerFilter {
    pub state: Option<StateFilter>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub to: Option<i64>,
    /// Lowercase; the title contains it.
    pub title: Option<String>,
    pub branch: Option<String>,
    pub result_branch: Option<String>,
    pub user_id: Option<String>,
}

/// The runners of the sites that match, newest first.
pub fn list(st: &AppState, site_ids: &[String], f: &RunnerFilter) -> Vec<AgentRunner> {
    let mut runners: Vec<AgentRunner> = site_ids
        .iter()
        .flat_map(|s| st.store.list::<AgentRunner>(RUNNER, Some(s)))
        .collect();
    runners.retain(|r| {
        r.state != RunnerState::Archived
            && match f.state {
                Some(StateFilter::Live) => r.state.is_live(),
                Some(StateFilter::Error) => r.state == RunnerState::Error,
                None => true,
            }
            && f.title
                .as_ref()
                .is_none_or(|t| r.title.as_deref().unwrap_or("").to_lowercase().contains(t))
            && f.branch
                .as_ref()
                .is_none_or(|b| r.branch.as_deref() == Some(b))
            && f.result_branch
                .as_ref()
                .is_none_or(|b| r.result_branch.as_deref() == Some(b))
            && f.user_id
                .as_ref()
                .is_none_or(|u| r.user.as_ref().is_some_and(|x| &x.id == u))
            && f.from.is_none_or(|t| ms_of(&r.created_at) >= t * 1000)
            && f.to.is_none_or(|t| ms_of(&r.created_at) < t * 1000)
    });
    runners.sort_by(|a, b| {
        ms_of(&b.created_at)
            .cmp(&ms_of(&a.created_at))
            .then_with(|| b.id.cmp(&a.id))
    });
    runners
}

/// Creates a runner on a site and starts its first session.
pub async fn create(st: &AppState, site_id: &str, req: CreateRunner) -> ApiResult<AgentRunner> {
    let site = records::site(st, site_id)?;
    if let Some(d) = req.deploy_id.as_deref().filter(|d| !d.is_empty()) {
        if st
            .store
            .get::<records::Deploy>(records::DEPLOY, d)
            .is_none()
        {
            return Err(ApiError::unprocessable(
                "Deploy not found or its zip no longer exists",
            ));
        }
    }
    if let Some(p) = req
        .parent_agent_runner_id
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        records::runner(st, p)?;
    }
    if req.prompt.contains("#credits") {
        return Err(ApiError::forbidden(
            "Credit limit exceeded: your team has used all of its agent runner credits",
        ));
    }
    let _g = st.sim_lock.lock().await;
    let now = st.clock.now();
    let user = accounts::token_user();
    let mut runner = AgentRunner {
        id: records::new_id(st, "runner"),
        site_id: site.id.clone(),
        parent_agent_runner_id: req.parent_agent_runner_id.clone().filter(|p| !p.is_empty()),
        state: RunnerState::New,
        created_at: now.clone(),
        updated_at: now.clone(),
        done_at: None,
        title: Some(sessions::title_from_prompt(&req.prompt)),
        branch: Some(
            req.branch
                .clone()
                .filter(|b| !b.is_empty())
                .unwrap_or_else(|| "main".into()),
        ),
        result_branch: None,
        pr_url: None,
        pr_branch: None,
        pr_state: None,
        pr_number: None,
        pr_is_being_created: false,
        pr_error: None,
        current_task: None,
        sha: Some(crate::ids::det_hex(st.config.seed, "base-sha", 0, 40)),
        merge_commit_sha: None,
        merge_commit_error: None,
        merge_commit_is_being_created: false,
        base_deploy_id: req.deploy_id.clone().filter(|d| !d.is_empty()),
        last_session_created_at: None,
        has_result_diff: false,
        user: Some(user.clone()),
        contributors: vec![user],
        active_session_created_at: None,
        attached_file_keys: vec![],
        latest_session_deploy_id: None,
        latest_session_deploy_url: None,
        latest_session_state: None,
        agent: None,
        model: None,
        latest_session_mode: None,
        latest_session_is_published: None,
        latest_session_deploy_screenshot_url: None,
        rebase_available: Some(!site.has_git_repo),
        merge_target_available: Some(site.has_git_repo),
        needs_git_sync: Some(false),
    };
    let mode = match req.mode {
        Some(SessionMode::Create) | None => SessionMode::Normal,
        Some(m) => m,
    };
    sessions::start_session(
        st,
        &mut runner,
        NewSession {
            prompt: req.prompt.clone(),
            mode,
            agent: req.agent.clone(),
            model: req.model.clone(),
            file_keys: req.file_keys.clone(),
            source_session_id: None,
            changeset: None,
        },
    );
    Ok(runner)
}

/// Applies a PATCH to a runner (a given diff is stored on its latest session).
pub async fn update(st: &AppState, id: &str, body: UpdateRunner) -> ApiResult<AgentRunner> {
    let _g = st.sim_lock.lock().await;
    let mut r = records::runner(st, id)?;
    if let Some(d) = body.base_deploy_id {
        r.base_deploy_id = Some(d);
    }
    if let Some(s) = body.sha {
        r.sha = Some(s);
    }
    let diff = body.result_diff.or_else(|| {
        body.result_diff_s3_key
            .as_ref()
            .and_then(|k| st.store.get_blob(k))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    });
    if let Some(d) = diff {
        // Stored on the latest session so the runner diff returns it.
        if let Some(last) = records::sessions_of(st, id)
            .into_iter()
            .rev()
            .find(|s| !s.is_discarded)
        {
            let mut w = records::work_of(st, &last.id);
            w.cumulative_diff = Some(d.clone());
            records::put_work(st, &last.id, &w);
        }
        r.has_result_diff = !d.is_empty();
    }
    r.updated_at = st.clock.now();
    records::put_runner(st, &r);
    Ok(r)
}

/// Stops a runner's active session, if any.
pub async fn stop(st: &AppState, id: &str) -> ApiResult<()> {
    let _g = st.sim_lock.lock().await;
    records::runner(st, id)?;
    if let Some(s) = sessions::active_session(st, id) {
        sessions::cancel(st, id, &s.id);
    }
    Ok(())
}

/// Archives a runner (refused while a session is live).
pub async fn archive(st: &AppState, id: &str) -> ApiResult<()> {
    let _g = st.sim_lock.lock().await;
    let mut r = records::runner(st, id)?;
    if sessions::active_session(st, id).is_some() {
        return Err(ApiError::unprocessable(
            "Cannot archive an agent runner with an active session; stop it first",
        ));
    }
    r.state = RunnerState::Archived;
    r.updated_at = st.clock.now();
    records::put_runner(st, &r);
    Ok(())
}

/// Discards the sessions after `sid` (refused when one of them was committed).
pub async fn revert(st: &AppState, id: &str, sid: &str) -> ApiResult<AgentRunner> {
    let _g = st.sim_lock.lock().await;
    let mut r = records::runner(st, id)?;
    let all = records::sessions_of(st, id);
    let pos = all
        .iter()
        .position(|s| s.id == sid)
        .ok_or_else(|| ApiError::not_found("Session not found"))?;
    if sessions::active_session(st, id).is_some() {
        return Err(ApiError::conflict("Agent runner has an active session"));
    }
    let later: Vec<_> = all[pos + 1..].iter().filter(|s| !s.is_discarded).collect();
    if later.is_empty() {
        return Err(ApiError::bad_request(
            "Cannot revert: this is already the latest session",
        ));
    }
    if later.iter().any(|s| records::work_of(st, &s.id).committed) {
        return Err(ApiError::bad_request(
            "Cannot revert: later sessions have been committed",
        ));
    }
    let now = st.clock.now();
    for s in &all[pos + 1..] {
        let mut s = s.clone();
        s.is_discarded = true;
        s.updated_at = now.clone();
        records::put_session(st, &s);
    }
    let all = records::sessions_of(st, id);
    r.latest_session_deploy_id = None;
    r.latest_session_deploy_url = None;
    records::refresh_runner_summary(&mut r, &all);
    r.state = match all[pos].state {
        SessionState::Error => RunnerState::Error,
        SessionState::Cancelled => RunnerState::Cancelled,
        _ => RunnerState::Done,
    };
    r.updated_at = now;
    records::put_runner(st, &r);
    Ok(r)
}

/// Re-applies a non-git site's runner changes on the latest production deploy (a session).
pub async fn rebase(st: &AppState, id: &str) -> ApiResult<Session> {
    let _g = st.sim_lock.lock().await;
    let mut r = records::runner(st, id)?;
    let site = records::site(st, &r.site_id)?;
    if site.has_git_repo {
        return Err(ApiError::unprocessable(
            "Rebase is only available for sites without a git repository",
        ));
    }
    if !r.has_result_diff {
        return Err(ApiError::bad_request("No diff to rebase"));
    }
    if r.rebase_available != Some(true) {
        return Err(ApiError::bad_request(
            "Already on the latest production deploy",
        ));
    }
    if sessions::active_session(st, id).is_some() {
        return Err(ApiError::conflict(
            "Agent runner already has an active session",
        ));
    }
    let source = records::sessions_of(st, id)
        .into_iter()
        .rev()
        .find(|s| !s.is_discarded && s.state == SessionState::Done);
    r.rebase_available = Some(false);
    Ok(sessions::start_session(
        st,
        &mut r,
        NewSession {
            prompt: "Rebase onto the latest production deploy".into(),
            mode: SessionMode::Rebase,
            agent: None,
            model: None,
            file_keys: vec![],
            source_session_id: source.map(|s| s.id),
            changeset: Some(None),
        },
    ))
}

/// Starts creating a runner's pull request (created, or failed, by the simulation).
pub async fn pull_request(st: &AppState, id: &str) -> ApiResult<AgentRunner> {
    let _g = st.sim_lock.lock().await;
    let mut r = records::runner(st, id)?;
    if sessions::active_session(st, id).is_some() {
        return Err(ApiError::conflict("Agent runner has an active session"));
    }
    if r.pr_is_being_created {
        return Err(ApiError::conflict(
            "A pull request is already being created",
        ));
    }
    if r.pr_url.is_some() && r.pr_state.as_ref().is_some_and(|s| s.as_str() != "closed") {
        return Err(ApiError::conflict("A pull request already exists"));
    }
    if !r.has_result_diff {
        return Err(ApiError::bad_request(
            "No changes to create a pull request from",
        ));
    }
    if r.state == RunnerState::Archived {
        return Err(ApiError::unprocessable("Agent runner is archived"));
    }
    r.pr_is_being_created = true;
    r.pr_error = None;
    r.updated_at = st.clock.now();
    records::put_runner(st, &r);
    sim::spawn_pr(st, id.to_string());
    Ok(r)
}

/// Commits a runner's changes to a branch (not the main branch).
pub async fn commit(st: &AppState, id: &str, target: String) -> ApiResult<AgentRunner> {
    if target == "main" || target == "master" {
        return Err(ApiError::bad_request(
            "Cannot commit to the main branch; open a pull request instead",
        ));
    }
    let _g = st.sim_lock.lock().await;
    let mut r = records::runner(st, id)?;
    if sessions::active_session(st, id).is_some() {
        return Err(ApiError::conflict("Agent runner has an active session"));
    }
    if !r.has_result_diff {
        return Err(ApiError::unprocessable("No changes to commit"));
    }
    let all = records::sessions_of(st, id);
    for s in all.iter().filter(|s| !s.is_discarded) {
        let mut w = records::work_of(st, &s.id);
        w.committed = true;
        records::put_work(st, &s.id, &w);
    }
    let n = st.store.next_counter(&format!("commit:{id}"));
    r.merge_commit_sha = Some(crate::ids::det_hex(
        st.config.seed,
        &format!("merge:{id}:{target}"),
        n,
        40,
    ));
    r.merge_commit_error = None;
    r.merge_commit_is_being_created = false;
    r.result_branch = Some(target);
    r.updated_at = st.clock.now();
    records::put_runner(st, &r);
    Ok(r)
}

/// Publishes the latest deploy of a runner to production.
pub async fn publish(st: &AppState, id: &str) -> ApiResult<AgentRunner> {
    let _g = st.sim_lock.lock().await;
    let mut r = records::runner(st, id)?;
    let all = records::sessions_of(st, id);
    let last = all
        .iter()
        .rev()
        .find(|s| !s.is_discarded && s.deploy_id.is_some())
        .ok_or_else(|| ApiError::unprocessable("No deploy to publish"))?;
    let mut s = last.clone();
    s.is_published = true;
    records::put_session(st, &s);
    let all = records::sessions_of(st, id);
    records::refresh_runner_summary(&mut r, &all);
    r.updated_at = st.clock.now();
    records::put_runner(st, &r);
    Ok(r)
}
