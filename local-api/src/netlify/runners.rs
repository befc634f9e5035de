//! `/agent_runners`: list (filters, page/per_page with Link and Total), get.

use super::auth::NetlifyAuth;
use super::error::{ApiError, ApiResult};
use super::model::{self, present_runner, RUNNER};
use crate::clock::ms_of;
use crate::state::AppState;
use crate::util::query_without;
use agentdeck_wire::netlify::{AgentRunner, RunnerState, MAX_PER_PAGE};
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
    let (from, to) = (secs("from")?, secs("to")?);
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
