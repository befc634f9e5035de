//! `/agent_runners`: list (filters, page/per_page with Link and Total), get.

use super::auth::NetlifyAuth;
use super::error::{ApiError, ApiResult};
use super::model::{self, present_runner, RUNNER};
use crate::clock::ms_of;
use crate::state::AppState;
use crate::util::query_without;
use agentdeck_wire::netlify::{AgentRunner, RunnerState, SessionState, MAX_PER_PAGE};
use agentdeck_wire::pagination::PageLinks;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Reads `page` / `per_page` (default 1 / 100, `per_page` capped at 100).
pub fn page_params(q: &[(String, String)]) -> ApiResult<(u32, u32)> {
    let get = |k: &str| {
        q.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let page = match get("page") {
        Some(v) => v
            .parse::<u32>()
            .map_err(|_| ApiError::bad_request("page must be a positive integer"))?
            .max(1),
        None => 1,
    };
    let per_page = match get("per_page") {
        Some(v) => v
            .parse::<u32>()
            .map_err(|_| ApiError::bad_request("per_page must be a positive integer"))?
            .clamp(1, MAX_PER_PAGE),
        None => MAX_PER_PAGE,
    };
    Ok((page, per_page))
}

/// One page of `items` with `Link` and `Total` headers built on `path` and the query minus `page`.
pub fn paged_response<T: serde::Serialize>(
    st: &AppState,
    path: &str,
    q: &[(String, String)],
    items: Vec<T>,
    page: u32,
    per_page: u32,
) -> Response {
    let total = items.len();
    let last_page = total.div_ceil(per_page as usize).max(1) as u32;
    let query = query_without(q, &["page"]);
    let base = if query.is_empty() {
        format!("{}{}", st.urls.netlify_origin, path)
    } else {
        format!("{}{}?{}", st.urls.netlify_origin, path, query)
    };
    let start = ((page - 1) as usize).saturating_mul(per_page as usize);
    let slice: Vec<T> = items
        .into_iter()
        .skip(start)
        .take(per_page as usize)
        .collect();
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&PageLinks::header(&base, page, last_page)) {
        headers.insert("link", v);
    }
    headers.insert("total", HeaderValue::from(total as u64));
    (headers, Json(slice)).into_response()
}

pub async fn list(
    State(st): State<AppState>,
    _auth: NetlifyAuth,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let get = |k: &str| {
        q.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let (page, per_page) = page_params(&q)?;
    let site_ids: Vec<String> = match (get("site_id"), get("account_id")) {
        (Some(site_id), account) => {
            let site = model::get_site(&st, &site_id)
                .ok_or_else(|| ApiError::not_found("Site not found"))?;
            if account.is_some_and(|a| a != site.account_id) {
                return Err(ApiError::not_found("Site not found"));
            }
            vec![site_id]
        }
        (None, Some(account)) => st
            .store
            .list::<model::Site>(model::SITE, Some(&account))
            .into_iter()
            .map(|s| s.id)
            .collect(),
        (None, None) => return Err(ApiError::bad_request("site_id is required")),
    };
    let state_filter = match get("state").as_deref() {
        None => None,
        Some(s) if s.eq_ignore_ascii_case("live") => Some("live"),
        Some(s) if s.eq_ignore_ascii_case("error") => Some("error"),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "Invalid state filter '{other}': use live or error"
            )))
        }
    };
    let secs = |k: &str| -> ApiResult<Option<i64>> {
        get(k)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| ApiError::bad_request(format!("{k} must be a unix timestamp")))
            })
            .transpose()
    };
    // `created_at_from` / `created_at_to` are the names in the summary reference.
    let (from, to) = (
        secs("from")?.or(secs("created_at_from")?),
        secs("to")?.or(secs("created_at_to")?),
    );
    let title = get("title").map(|t| t.to_lowercase());
    let branch = get("branch");
    let result_branch = get("result_branch");
    let user_id = get("user_id");

    let mut runners: Vec<AgentRunner> = site_ids
        .iter()
        .flat_map(|s| st.store.list::<AgentRunner>(RUNNER, Some(s)))
        .collect();
    runners.retain(|r| {
        r.state != RunnerState::Archived
            && match state_filter {
                Some("live") => r.state.is_live(),
                Some("error") => r.state == RunnerState::Error,
                _ => true,
            }
            && title
                .as_ref()
                .is_none_or(|t| r.title.as_deref().unwrap_or("").to_lowercase().contains(t))
            && branch
                .as_ref()
                .is_none_or(|b| r.branch.as_deref() == Some(b))
            && result_branch
                .as_ref()
                .is_none_or(|b| r.result_branch.as_deref() == Some(b))
            && user_id
                .as_ref()
                .is_none_or(|u| r.user.as_ref().is_some_and(|x| &x.id == u))
            && from.is_none_or(|f| ms_of(&r.created_at) >= f * 1000)
            && to.is_none_or(|t| ms_of(&r.created_at) < t * 1000)
    });
    runners.sort_by(|a, b| {
        ms_of(&b.created_at)
            .cmp(&ms_of(&a.created_at))
            .then_with(|| b.id.cmp(&a.id))
    });
    let runners: Vec<AgentRunner> = runners
        .into_iter()
        .map(|r| present_runner(&st, r))
        .collect();
    Ok(paged_response(
        &st,
        "/api/v1/agent_runners",
        &q,
        runners,
        page,
        per_page,
    ))
}

pub async fn get_one(
    State(st): State<AppState>,
    _auth: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AgentRunner>> {
    let r =
        model::get_runner(&st, &id).ok_or_else(|| ApiError::not_found("Agent runner not found"))?;
    Ok(Json(present_runner(&st, r)))
}

fn runner_or_404(st: &AppState, id: &str) -> ApiResult<AgentRunner> {
    model::get_runner(st, id).ok_or_else(|| ApiError::not_found("Agent runner not found"))
}

/// `GET /{account_slug}/agent_runners`: every site of the account.
pub async fn list_for_account(
    state: State<AppState>,
    auth: NetlifyAuth,
    Path(account): Path<String>,
    Query(mut q): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    q.retain(|(k, _)| k != "site_id" && k != "account_id");
    q.push(("account_id".into(), account));
    list(state, auth, Query(q)).await
}

pub async fn create(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Query(q): Query<std::collections::HashMap<String, String>>,
    super::auth::JsonBody(body): super::auth::JsonBody<serde_json::Value>,
) -> ApiResult<Json<AgentRunner>> {
    use agentdeck_wire::netlify::{CreateRunner, SessionMode};
    let site_id = q
        .get("site_id")
        .cloned()
        .or_else(|| {
            body.get("site_id")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("site_id is required"))?;
    let prompt = body
        .get("prompt")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .unwrap_or("");
    if prompt.is_empty() {
        return Err(ApiError::bad_request("No prompt provided"));
    }
    let req: CreateRunner = serde_json::from_value(body.clone())
        .map_err(|e| ApiError::bad_request(format!("Invalid request body: {e}")))?;
    let site =
        model::get_site(&st, &site_id).ok_or_else(|| ApiError::not_found("Site not found"))?;
    if let Some(d) = req.deploy_id.as_deref().filter(|d| !d.is_empty()) {
        if st.store.get::<model::Deploy>(model::DEPLOY, d).is_none() {
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
        runner_or_404(&st, p)?;
    }
    if prompt.contains("#credits") {
        return Err(ApiError::forbidden(
            "Credit limit exceeded: your team has used all of its agent runner credits",
        ));
    }
    let _g = st.sim_lock.lock().await;
    let now = st.clock.now();
    let user = model::token_user();
    let mut runner = AgentRunner {
        id: model::new_id(&st, "runner"),
        site_id: site.id.clone(),
        parent_agent_runner_id: req.parent_agent_runner_id.clone().filter(|p| !p.is_empty()),
        state: RunnerState::New,
        created_at: now.clone(),
        updated_at: now.clone(),
        done_at: None,
        title: Some(super::sessions::title_from_prompt(prompt)),
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
    super::sessions::start_session(
        &st,
        &mut runner,
        super::sessions::NewSession {
            prompt: req.prompt.clone(),
            mode,
            agent: req.agent.clone(),
            model: req.model.clone(),
            file_keys: req.file_keys.clone(),
            source_session_id: None,
            changeset: None,
        },
    );
    Ok(Json(present_runner(&st, runner)))
}

pub async fn update(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    super::auth::JsonBody(body): super::auth::JsonBody<agentdeck_wire::netlify::UpdateRunner>,
) -> ApiResult<Json<AgentRunner>> {
    let _g = st.sim_lock.lock().await;
    let mut r = runner_or_404(&st, &id)?;
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
        if let Some(last) = model::sessions_of(&st, &id)
            .into_iter()
            .rev()
            .find(|s| !s.is_discarded)
        {
            let mut w = model::work_of(&st, &last.id);
            w.cumulative_diff = Some(d.clone());
            model::put_work(&st, &last.id, &w);
        }
        r.has_result_diff = !d.is_empty();
    }
    r.updated_at = st.clock.now();
    model::put_runner(&st, &r);
    Ok(Json(present_runner(&st, r)))
}

pub async fn stop(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<axum::http::StatusCode> {
    let _g = st.sim_lock.lock().await;
    runner_or_404(&st, &id)?;
    if let Some(s) = super::sessions::active_session(&st, &id) {
        super::sessions::cancel(&st, &id, &s.id);
    }
    Ok(axum::http::StatusCode::ACCEPTED)
}

pub async fn archive(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<axum::http::StatusCode> {
    let _g = st.sim_lock.lock().await;
    let mut r = runner_or_404(&st, &id)?;
    if super::sessions::active_session(&st, &id).is_some() {
        return Err(ApiError::unprocessable(
            "Cannot archive an agent runner with an active session; stop it first",
        ));
    }
    r.state = RunnerState::Archived;
    r.updated_at = st.clock.now();
    model::put_runner(&st, &r);
    Ok(axum::http::StatusCode::ACCEPTED)
}

pub async fn revert(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    super::auth::JsonBody(body): super::auth::JsonBody<serde_json::Value>,
) -> ApiResult<Json<AgentRunner>> {
    let sid = body
        .get("session_id")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("session_id is required"))?
        .to_string();
    let _g = st.sim_lock.lock().await;
    let mut r = runner_or_404(&st, &id)?;
    let sessions = model::sessions_of(&st, &id);
    let pos = sessions
        .iter()
        .position(|s| s.id == sid)
        .ok_or_else(|| ApiError::not_found("Session not found"))?;
    if super::sessions::active_session(&st, &id).is_some() {
        return Err(ApiError::conflict("Agent runner has an active session"));
    }
    let later: Vec<_> = sessions[pos + 1..]
        .iter()
        .filter(|s| !s.is_discarded)
        .collect();
    if later.is_empty() {
        return Err(ApiError::bad_request(
            "Cannot revert: this is already the latest session",
        ));
    }
    if later.iter().any(|s| model::work_of(&st, &s.id).committed) {
        return Err(ApiError::bad_request(
            "Cannot revert: later sessions have been committed",
        ));
    }
    let now = st.clock.now();
    for s in &sessions[pos + 1..] {
        let mut s = s.clone();
        s.is_discarded = true;
        s.updated_at = now.clone();
        model::put_session(&st, &s);
    }
    let sessions = model::sessions_of(&st, &id);
    r.latest_session_deploy_id = None;
    r.latest_session_deploy_url = None;
    model::refresh_runner_summary(&mut r, &sessions);
    r.state = match sessions[pos].state {
        SessionState::Error => RunnerState::Error,
        SessionState::Cancelled => RunnerState::Cancelled,
        _ => RunnerState::Done,
    };
    r.updated_at = now;
    model::put_runner(&st, &r);
    Ok(Json(present_runner(&st, r)))
}

pub async fn rebase(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<agentdeck_wire::netlify::Session>> {
    use agentdeck_wire::netlify::SessionMode;
    let _g = st.sim_lock.lock().await;
    let mut r = runner_or_404(&st, &id)?;
    let site =
        model::get_site(&st, &r.site_id).ok_or_else(|| ApiError::not_found("Site not found"))?;
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
    if super::sessions::active_session(&st, &id).is_some() {
        return Err(ApiError::conflict(
            "Agent runner already has an active session",
        ));
    }
    let source = model::sessions_of(&st, &id)
        .into_iter()
        .rev()
        .find(|s| !s.is_discarded && s.state == SessionState::Done);
    r.rebase_available = Some(false);
    let s = super::sessions::start_session(
        &st,
        &mut r,
        super::sessions::NewSession {
            prompt: "Rebase onto the latest production deploy".into(),
            mode: SessionMode::Rebase,
            agent: None,
            model: None,
            file_keys: vec![],
            source_session_id: source.map(|s| s.id),
            changeset: Some(None),
        },
    );
    Ok(Json(model::present_session(&st, s)))
}

pub async fn pull_request(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AgentRunner>> {
    let _g = st.sim_lock.lock().await;
    let mut r = runner_or_404(&st, &id)?;
    if super::sessions::active_session(&st, &id).is_some() {
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
    model::put_runner(&st, &r);
    super::sim::spawn_pr(&st, id);
    Ok(Json(present_runner(&st, r)))
}

pub async fn commit(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    super::auth::JsonBody(body): super::auth::JsonBody<serde_json::Value>,
) -> ApiResult<Json<AgentRunner>> {
    let target = body
        .get("target_branch")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("target_branch is required"))?
        .to_string();
    if target == "main" || target == "master" {
        return Err(ApiError::bad_request(
            "Cannot commit to the main branch; open a pull request instead",
        ));
    }
    let _g = st.sim_lock.lock().await;
    let mut r = runner_or_404(&st, &id)?;
    if super::sessions::active_session(&st, &id).is_some() {
        return Err(ApiError::conflict("Agent runner has an active session"));
    }
    if !r.has_result_diff {
        return Err(ApiError::unprocessable("No changes to commit"));
    }
    let sessions = model::sessions_of(&st, &id);
    for s in sessions.iter().filter(|s| !s.is_discarded) {
        let mut w = model::work_of(&st, &s.id);
        w.committed = true;
        model::put_work(&st, &s.id, &w);
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
    model::put_runner(&st, &r);
    Ok(Json(present_runner(&st, r)))
}

pub async fn publish(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AgentRunner>> {
    let _g = st.sim_lock.lock().await;
    let mut r = runner_or_404(&st, &id)?;
    let sessions = model::sessions_of(&st, &id);
    let last = sessions
        .iter()
        .rev()
        .find(|s| !s.is_discarded && s.deploy_id.is_some())
        .ok_or_else(|| ApiError::unprocessable("No deploy to publish"))?;
    let mut s = last.clone();
    s.is_published = true;
    model::put_session(&st, &s);
    let sessions = model::sessions_of(&st, &id);
    model::refresh_runner_summary(&mut r, &sessions);
    r.updated_at = st.clock.now();
    model::put_runner(&st, &r);
    Ok(Json(present_runner(&st, r)))
}

/// `GET /ai-gateway/providers` (no auth).
pub async fn providers() -> Json<agentdeck_wire::netlify::AiGatewayProviders> {
    use agentdeck_wire::netlify::{AiGatewayProvider, AiGatewayProviders};
    let mut p = AiGatewayProviders::default();
    for (name, models) in [
        (
            "anthropic",
            &["claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"][..],
        ),
        ("gemini", &["gemini-2.5-pro", "gemini-2.5-flash"][..]),
        ("openai", &["gpt-5-codex", "gpt-5", "gpt-5-mini"][..]),
    ] {
        p.providers.insert(
            name.into(),
            AiGatewayProvider {
                models: models.iter().map(|m| m.to_string()).collect(),
            },
        );
    }
    Json(p)
}
