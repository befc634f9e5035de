//! Diffs: a session's result and cumulative diffs, the runner diff paged by files, and diff
//! upload URLs.

use super::extract::NetlifyAuth;
use crate::netlify::domain::diffs::{self, session_diffs};
use crate::netlify::domain::{records, uploads};
use crate::netlify::error::{ApiError, ApiResult};
use crate::netlify::sample_site;
use crate::state::{AppState, Shared};
use agentdeck_wire::netlify::DiffUploadUrls;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::collections::HashMap;

fn text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn non_empty(d: Option<String>) -> ApiResult<String> {
    d.filter(|d| !d.is_empty())
        .ok_or_else(|| ApiError::not_found("No diff"))
}

/// Pages a diff by files and optionally strips binary files.
pub fn page_diff(diff: &str, q: &HashMap<String, String>) -> ApiResult<String> {
    let strip = q
        .get("strip_binary")
        .and_then(|v| crate::util::parse_bool(v))
        .unwrap_or(false);
    let mut files: Vec<&str> = sample_site::split_files(diff);
    if strip {
        files.retain(|f| !sample_site::is_binary_section(f));
    }
    if let Some(p) = q.get("page").filter(|v| !v.is_empty()) {
        let page: usize = p
            .parse::<usize>()
            .map_err(|_| ApiError::bad_request("page must be a positive integer"))?
            .max(1);
        let per: usize = match q.get("per_page").filter(|v| !v.is_empty()) {
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| ApiError::bad_request("per_page must be a positive integer"))?
                .clamp(1, 100),
            None => 100,
        };
        files = files.into_iter().skip((page - 1) * per).take(per).collect();
    }
    Ok(files.concat())
}

/// The runner and the session, or 404.
fn check_session(st: &Shared, runner_id: &str, session_id: &str) -> ApiResult<()> {
    records::runner(st, runner_id)?;
    records::session(st, runner_id, session_id)?;
    Ok(())
}

pub async fn runner_diff(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    records::runner(&st, &id)?;
    let diff = non_empty(diffs::runner_diff(&st, &id))?;
    Ok(text(page_diff(&diff, &q)?))
}

pub async fn result_diff(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    check_session(&st, &id, &sid)?;
    let d = non_empty(session_diffs(&st, &id, &sid, false).result)?;
    Ok(text(page_diff(&d, &q)?))
}

pub async fn cumulative_diff(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    check_session(&st, &id, &sid)?;
    let d = non_empty(session_diffs(&st, &id, &sid, false).cumulative)?;
    Ok(text(page_diff(&d, &q)?))
}

pub async fn upload_urls(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
) -> ApiResult<Json<DiffUploadUrls>> {
    check_session(&st, &id, &sid)?;
    Ok(Json(uploads::diff_upload_urls(&st, &id, &sid)))
}
