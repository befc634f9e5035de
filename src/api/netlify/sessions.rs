//! Sessions of a runner (each prompt is one): list (one page, or all), get, create (a
//! follow-up), update, stop, redeploy, their result and cumulative diffs and diff upload URLs.

use super::request::{
    call, get_diff, get_json, paged, send_empty, send_json, session_url, url, Paged,
};
use crate::api::connection::NetlifyConnection;
use crate::api::error::ApiError;
use crate::api::http::send_with;
use crate::api::retry::Idempotence;
use crate::api::url::with_query;
use agentdeck_wire::netlify::{
    CreateSession, DiffUploadUrls, ListSessionsQuery, Session, UpdateSession, MAX_PER_PAGE,
};
use gloo_net::http::Method;

/// `GET /agent_runners/{id}/sessions`.
pub async fn list_sessions(
    conn: &NetlifyConnection,
    runner_id: &str,
    query: &ListSessionsQuery,
) -> Result<Paged<Session>, ApiError> {
    let url = with_query(
        url(conn, &["agent_runners", runner_id, "sessions"])?,
        &sessions_pairs(query),
    );
    send_with(call(conn, Method::GET, url)?, |a| paged(&a)).await
}

/// Every session of a runner, oldest first, following pages (at most `MAX_PER_PAGE` per page,
/// 50 pages).
pub async fn list_all_sessions(
    conn: &NetlifyConnection,
    runner_id: &str,
    include_discarded: bool,
) -> Result<Vec<Session>, ApiError> {
    let mut out: Vec<Session> = Vec::new();
    let mut page = 1;
    loop {
        let q = ListSessionsQuery {
            page: Some(page),
            per_page: Some(MAX_PER_PAGE),
            order_by: Some("asc".into()),
            include_discarded: include_discarded.then_some(true),
            ..Default::default()
        };
        let got = list_sessions(conn, runner_id, &q).await?;
        let n = got.items.len();
        for s in got.items {
            if !out.iter().any(|o| o.id == s.id) {
                out.push(s);
            }
        }
        match got.links.next {
            Some(next) if next > page && n > 0 && page < 50 => page = next,
            _ => break,
        }
    }
    Ok(out)
}

/// `GET /agent_runners/{id}/sessions/{sid}`.
pub async fn get_session(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
) -> Result<Session, ApiError> {
    get_json(conn, session_url(conn, runner_id, session_id, &[])?).await
}

/// `POST /agent_runners/{id}/sessions`: a follow-up prompt. While another session runs this
/// fails with [`ApiErrorKind::Conflict`](crate::api::ApiErrorKind::Conflict). Not retried.
pub async fn create_session(
    conn: &NetlifyConnection,
    runner_id: &str,
    body: &CreateSession,
) -> Result<Session, ApiError> {
    let url = url(conn, &["agent_runners", runner_id, "sessions"])?;
    send_json(call(conn, Method::POST, url)?.json(body)?).await
}

/// `PATCH /agent_runners/{id}/sessions/{sid}`.
pub async fn update_session(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
    body: &UpdateSession,
) -> Result<Session, ApiError> {
    let url = session_url(conn, runner_id, session_id, &[])?;
    send_json(call(conn, Method::PATCH, url)?.json(body)?).await
}

/// `DELETE /agent_runners/{id}/sessions/{sid}`: stops a session (202).
pub async fn stop_session(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
) -> Result<(), ApiError> {
    send_empty(call(
        conn,
        Method::DELETE,
        session_url(conn, runner_id, session_id, &[])?,
    )?)
    .await
}

/// `POST /agent_runners/{id}/sessions/{sid}/redeploy`: a new session re-applying the diff.
pub async fn redeploy_session(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
) -> Result<Session, ApiError> {
    let url = session_url(conn, runner_id, session_id, &["redeploy"])?;
    send_json(call(conn, Method::POST, url)?).await
}

/// `GET .../sessions/{sid}/diff/result` as text; `Ok(None)` when there is no diff.
pub async fn session_result_diff(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
) -> Result<Option<String>, ApiError> {
    get_diff(
        conn,
        session_url(conn, runner_id, session_id, &["diff", "result"])?,
    )
    .await
}

/// `GET .../sessions/{sid}/diff/cumulative` as text; `Ok(None)` when there is no diff.
pub async fn session_cumulative_diff(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
) -> Result<Option<String>, ApiError> {
    get_diff(
        conn,
        session_url(conn, runner_id, session_id, &["diff", "cumulative"])?,
    )
    .await
}

/// `POST .../sessions/{sid}/diff/upload_urls`: presigned URLs for the result and cumulative diff.
pub async fn diff_upload_urls(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
) -> Result<DiffUploadUrls, ApiError> {
    let url = session_url(conn, runner_id, session_id, &["diff", "upload_urls"])?;
    let mut c = call(conn, Method::POST, url)?;
    c.idempotence = Idempotence::Safe;
    send_json(c).await
}

/// Query pairs of the session list.
pub fn sessions_pairs(q: &ListSessionsQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut put = |k: &'static str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            out.push((k, v));
        }
    };
    put("page", q.page.map(|v| v.to_string()));
    put(
        "per_page",
        q.per_page.map(|v| v.min(MAX_PER_PAGE).to_string()),
    );
    put("state", q.state.as_ref().map(|s| s.as_str().to_string()));
    put("from", q.from.map(|v| v.to_string()));
    put("to", q.to.map(|v| v.to_string()));
    put("order_by", q.order_by.clone());
    put(
        "include_discarded",
        q.include_discarded.map(|v| v.to_string()),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_query_pairs() {
        let q = ListSessionsQuery {
            page: Some(2),
            per_page: Some(500),
            order_by: Some("asc".into()),
            include_discarded: Some(true),
            ..Default::default()
        };
        assert_eq!(
            sessions_pairs(&q),
            vec![
                ("page", "2".to_string()),
                ("per_page", "100".to_string()),
                ("order_by", "asc".to_string()),
                ("include_discarded", "true".to_string())
            ]
        );
    }
}
