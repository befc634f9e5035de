//! Diffs: a session's result and cumulative diffs (generated from the sample site, or given
//! through PATCH), the runner diff paged by files, and diff upload URLs.

use super::auth::NetlifyAuth;
use super::error::{ApiError, ApiResult};
use super::model::{self, Deploy};
use super::sample_site::{self, Files};
use crate::state::{AppState, Shared};
use agentdeck_wire::netlify::{DiffUploadUrl, DiffUploadUrls, Session, SessionState};
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct Diffs {
    pub result: Option<String>,
    pub cumulative: Option<String>,
}

/// Change sets applied before `session_id` (earlier done, non-discarded sessions), and the
/// session itself.
fn replay(st: &Shared, runner_id: &str, session_id: &str) -> Option<(Vec<String>, Session)> {
    let mut applied = Vec::new();
    for s in model::sessions_of(st, runner_id) {
        if s.id == session_id {
            return Some((applied, s));
        }
        if !s.is_discarded && s.state == SessionState::Done {
            if let Some(c) = model::work_of(st, &s.id).changeset {
                applied.push(c);
            }
        }
    }
    None
}

fn build(ids: &[String]) -> Files {
    sample_site::build(&ids.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The diffs of a session; `finishing` counts a session that is about to be marked done.
pub fn session_diffs(st: &Shared, runner_id: &str, session_id: &str, finishing: bool) -> Diffs {
    let Some((applied, s)) = replay(st, runner_id, session_id) else {
        return Diffs::default();
    };
    let w = model::work_of(st, session_id);
    let counts = (finishing || s.state == SessionState::Done) && w.outcome != "error";
    if !counts {
        return Diffs {
            result: w.result_diff,
            cumulative: w.cumulative_diff,
        };
    }
    let before = build(&applied);
    let mut all = applied;
    all.extend(w.changeset.clone());
    let after = build(&all);
    Diffs {
        result: w
            .result_diff
            .or_else(|| Some(sample_site::diff(&before, &after))),
        cumulative: w
            .cumulative_diff
            .or_else(|| Some(sample_site::diff(&sample_site::base(), &after))),
    }
}

/// The files of a deploy preview: the sample site with the session's changes applied.
pub fn deploy_files(st: &Shared, deploy: &Deploy) -> Option<Files> {
    let (mut applied, _) = replay(st, &deploy.runner_id, &deploy.session_id)?;
    applied.extend(model::work_of(st, &deploy.session_id).changeset);
    Some(build(&applied))
}

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

fn check_session(st: &Shared, runner_id: &str, session_id: &str) -> ApiResult<Session> {
    model::get_runner(st, runner_id)
        .ok_or_else(|| ApiError::not_found("Agent runner not found"))?;
    st.store
        .get::<Session>(model::SESSION, session_id)
        .filter(|s| s.agent_runner_id == runner_id)
        .ok_or_else(|| ApiError::not_found("Session not found"))
}

pub async fn runner_diff(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    model::get_runner(&st, &id).ok_or_else(|| ApiError::not_found("Agent runner not found"))?;
    let latest = model::sessions_of(&st, &id)
        .into_iter()
        .rev()
        .filter(|s| !s.is_discarded && s.state == SessionState::Done)
        .find_map(|s| {
            session_diffs(&st, &id, &s.id, false)
                .cumulative
                .filter(|d| !d.is_empty())
        });
    let diff = non_empty(latest)?;
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
    let make = |kind: &str| {
        let key = format!("agent-runner-diffs/{id}/{sid}/{kind}.diff");
        DiffUploadUrl {
            upload_url: crate::storage::presign(&st, "PUT", &key, Some("text/plain"), 3600),
            s3_key: key,
        }
    };
    Ok(Json(DiffUploadUrls {
        result: make("result"),
        cumulative: make("cumulative"),
    }))
}
