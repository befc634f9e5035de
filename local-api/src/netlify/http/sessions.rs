//! `/agent_runners/{id}/sessions`: list, get, follow-up, update, stop, redeploy.

use super::extract::{JsonBody, NetlifyAuth};
use super::paging::{page_params, paged_response};
use crate::netlify::domain::records::{self, present_session, StateFilter};
use crate::netlify::domain::sessions::{self, SessionFilter};
use crate::netlify::error::{ApiError, ApiResult};
use crate::state::AppState;
use agentdeck_wire::netlify::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde_json::Value;

pub async fn list(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path(id): Path<String>,
    Query(q): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    records::runner(&st, &id)?;
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
    let state = match get("state").as_deref() {
        None => None,
        Some("live") => Some(StateFilter::Live),
        Some("error") => Some(StateFilter::Error),
        Some(_) => {
            return Err(ApiError::bad_request(
                "Invalid state filter: use live or error",
            ))
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
    let desc = match get("order_by").as_deref() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(_) => return Err(ApiError::bad_request("order_by must be asc or desc")),
    };
    let filter = SessionFilter {
        include_discarded,
        state,
        from,
        to,
        desc,
    };
    let sessions: Vec<Session> = sessions::list(&st, &id, &filter)
        .into_iter()
        .map(|s| present_session(&st, s))
        .collect();
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
    records::runner(&st, &id)?;
    Ok(Json(present_session(
        &st,
        records::session(&st, &id, &sid)?,
    )))
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
    let s = sessions::follow_up(&st, &id, req).await?;
    Ok(Json(present_session(&st, s)))
}

pub async fn update(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
    JsonBody(body): JsonBody<UpdateSession>,
) -> ApiResult<Json<Session>> {
    let s = sessions::update(&st, &id, &sid, body).await?;
    Ok(Json(present_session(&st, s)))
}

pub async fn stop(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    sessions::stop(&st, &id, &sid).await?;
    Ok(StatusCode::ACCEPTED)
}

pub async fn redeploy(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    Path((id, sid)): Path<(String, String)>,
) -> ApiResult<Json<Session>> {
    let s = sessions::redeploy(&st, &id, &sid).await?;
    Ok(Json(present_session(&st, s)))
}
