//! `/agent_runners`: list (filters, page/per_page with Link and Total), get, create, update,
//! stop, archive, revert, rebase, pull request, commit, publish; AI gateway providers.

use super::extract::{JsonBody, NetlifyAuth};
use super::paging::{page_params, paged_response};
use crate::netlify::domain::records::{self, present_runner, present_session, StateFilter};
use crate::netlify::domain::{accounts, runners};
use crate::netlify::error::{ApiError, ApiResult};
use crate::state::AppState;
use agentdeck_wire::netlify::{AgentRunner, AiGatewayProviders, CreateRunner, Session};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde_json::Value;
use std::collections::HashMap;

pub async fn list(
    State(st): State<AppState>,
    _auth: NetlifyAuth,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    list_response(&st, q)
}

/// `GET /{account_slug}/agent_runners`: every site of the account.
pub async fn list_for_account(
    State(st): State<AppState>,
    _auth: NetlifyAuth,
    Path(account): Path<String>,
    Query(mut q): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    q.retain(|(k, _)| k != "site_id" && k != "account_id");
    q.push(("account_id".into(), account));
    list_response(&st, q)
}

/// The runner list of both list endpoints, for the query pairs.
fn list_response(st: &AppState, q: Vec<(String, String)>) -> ApiResult<Response> {
    let get = |k: &str| {
        q.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let (page, per_page) = page_params(&q)?;
    let site_ids = runners::sites_for(st, get("site_id"), get("account_id"))?;
    let state = match get("state").as_deref() {
        None => None,
        Some(s) if s.eq_ignore_ascii_case("live") => Some(StateFilter::Live),
        Some(s) if s.eq_ignore_ascii_case("error") => Some(StateFilter::Error),
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
    let filter = runners::RunnerFilter {
        state,
        from,
        to,
        title: get("title").map(|t| t.to_lowercase()),
        branch: get("branch"),
        result_branch: get("result_branch"),
        user_id: get("user_id"),
    };
    let list: Vec<AgentRunner> = runners::list(st, &site_ids, &filter)
        .into_iter()
        .map(|r| present_runner(st, r))
        .collect();
    Ok(paged_response(
        st,
        "/api/v1/agent_runners",
        &q,
        list,
        page,
        per_page,
    ))
}

pub async fn get_one(
    State(st): State<AppState>,
    _auth: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AgentRunner>> {
    Ok(Json(present_runner(&st, records::runner(&st, &id)?)))
}

pub async fn create(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Query(q): Query<HashMap<String, String>>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<AgentRunner>> {
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
    let runner = runners::create(&st, &site_id, req).await?;
    Ok(Json(present_runner(&st, runner)))
}

pub async fn update(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<agentdeck_wire::netlify::UpdateRunner>,
) -> ApiResult<Json<AgentRunner>> {
    let r = runners::update(&st, &id, body).await?;
    Ok(Json(present_runner(&st, r)))
}

pub async fn stop(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    runners::stop(&st, &id).await?;
    Ok(StatusCode::ACCEPTED)
}

pub async fn archive(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    runners::archive(&st, &id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// A required non-empty string field of a JSON body.
fn required<'a>(body: &'a Value, k: &str) -> ApiResult<&'a str> {
    body.get(k)
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("{k} is required")))
}

pub async fn revert(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<AgentRunner>> {
    let sid = required(&body, "session_id")?;
    let r = runners::revert(&st, &id, sid).await?;
    Ok(Json(present_runner(&st, r)))
}

pub async fn rebase(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Session>> {
    let s = runners::rebase(&st, &id).await?;
    Ok(Json(present_session(&st, s)))
}

pub async fn pull_request(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AgentRunner>> {
    let r = runners::pull_request(&st, &id).await?;
    Ok(Json(present_runner(&st, r)))
}

pub async fn commit(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<AgentRunner>> {
    let target = body
        .get("target_branch")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("target_branch is required"))?
        .to_string();
    let r = runners::commit(&st, &id, target).await?;
    Ok(Json(present_runner(&st, r)))
}

pub async fn publish(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AgentRunner>> {
    let r = runners::publish(&st, &id).await?;
    Ok(Json(present_runner(&st, r)))
}

/// `GET /ai-gateway/providers` (no auth).
pub async fn providers() -> Json<AiGatewayProviders> {
    Json(accounts::ai_gateway_providers())
}
