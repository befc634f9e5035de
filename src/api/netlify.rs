//! Netlify Agent Runners client: one async function per endpoint.
//!
//! Every function takes the [`NetlifyConnection`] (base URL, token, account, site) and returns
//! typed results or an [`ApiError`]. Reads are retried on transient failures; writes are not.
//! Run them inside a [`RequestScope`](super::RequestScope) to have them aborted with a page.

use super::error::{ApiError, ApiErrorKind, Service};
use super::http::{send, send_with, Answer, Call, Read, DOWNLOAD_TIMEOUT};
use super::retry::Idempotence;
use super::url::{endpoint, with_query};
use super::{NetlifyConnection, Paged};
use agentdeck_wire::netlify::{
    AgentRunner, AiGatewayProviders, CommitToBranch, CreateRunner, CreateSession, DeleteUrlRequest,
    DeleteUrlResponse, DiffQuery, DiffUploadUrls, ListRunnersQuery, ListSessionsQuery,
    RevertRunner, Session, UpdateRunner, UpdateSession, UploadUrlRequest, UploadUrlResponse,
    MAX_PER_PAGE,
};
use agentdeck_wire::pagination::PageLinks;
use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use std::time::Duration;

const SVC: Service = Service::Netlify;

fn url(conn: &NetlifyConnection, segments: &[&str]) -> Result<String, ApiError> {
    endpoint(SVC, &conn.base_url, segments)
}

/// `.../agent_runners/{runner_id}/sessions/{session_id}/{rest...}`
fn session_url(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
    rest: &[&str],
) -> Result<String, ApiError> {
    let mut segments = vec!["agent_runners", runner_id, "sessions", session_id];
    segments.extend_from_slice(rest);
    url(conn, &segments)
}

fn call(conn: &NetlifyConnection, method: Method, url: String) -> Result<Call<'_>, ApiError> {
    if conn.token.trim().is_empty() {
        return Err(ApiError::new(SVC, ApiErrorKind::Unauthorized));
    }
    Ok(Call::new(SVC, method, url).bearer(conn.token.trim()))
}

fn paged<T: serde::de::DeserializeOwned>(answer: &Answer) -> Result<Paged<T>, ApiError> {
    let items: Option<Vec<T>> = answer.json(SVC)?;
    let links = PageLinks::parse(
        answer.header("link").as_deref(),
        answer.header("total").as_deref(),
    );
    Ok(Paged {
        items: items.unwrap_or_default(),
        links,
    })
}

/// The query with `site_id` / `account_id` taken from the connection where it leaves them empty.
pub fn effective_runners_query(
    conn: &NetlifyConnection,
    query: &ListRunnersQuery,
) -> ListRunnersQuery {
    let mut q = query.clone();
    let empty = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    if empty(&q.site_id) && !conn.site_id.trim().is_empty() {
        q.site_id = Some(conn.site_id.trim().to_string());
    }
    if empty(&q.account_id) && !conn.account_id.trim().is_empty() {
        q.account_id = Some(conn.account_id.trim().to_string());
    }
    q
}

/// `GET /agent_runners`: one page of the site's runners, with pagination from `Link`/`Total`.
pub async fn list_runners(
    conn: &NetlifyConnection,
    query: &ListRunnersQuery,
) -> Result<Paged<AgentRunner>, ApiError> {
    let q = effective_runners_query(conn, query);
    let url = with_query(url(conn, &["agent_runners"])?, &q.to_pairs());
    send_with(call(conn, Method::GET, url)?, |a| paged(&a)).await
}

/// `GET /{account_slug}/agent_runners`: runners across every site of an account (Netlify's CLI
/// uses it). An empty `account_slug` means the connection's account; the query's `site_id` is
/// not filled in from the connection here.
pub async fn list_account_runners(
    conn: &NetlifyConnection,
    account_slug: &str,
    query: &ListRunnersQuery,
) -> Result<Paged<AgentRunner>, ApiError> {
    let slug = if account_slug.trim().is_empty() {
        conn.account_id.trim()
    } else {
        account_slug
    };
    let url = with_query(url(conn, &[slug, "agent_runners"])?, &query.to_pairs());
    send_with(call(conn, Method::GET, url)?, |a| paged(&a)).await
}

/// `GET /agent_runners/{id}`.
pub async fn get_runner(
    conn: &NetlifyConnection,
    runner_id: &str,
) -> Result<AgentRunner, ApiError> {
    get_json(conn, url(conn, &["agent_runners", runner_id])?).await
}

/// `POST /agent_runners?site_id=`: starts a runner (the site from the connection). Not retried.
pub async fn create_runner(
    conn: &NetlifyConnection,
    body: &CreateRunner,
) -> Result<AgentRunner, ApiError> {
    let site = require(
        &conn.site_id,
        "No Netlify site is chosen: pick one on the Connections page.",
    )?;
    let url = with_query(url(conn, &["agent_runners"])?, &[("site_id", site)]);
    send_json(call(conn, Method::POST, url)?.json(body)?).await
}

/// `PATCH /agent_runners/{id}`.
pub async fn update_runner(
    conn: &NetlifyConnection,
    runner_id: &str,
    body: &UpdateRunner,
) -> Result<AgentRunner, ApiError> {
    let url = url(conn, &["agent_runners", runner_id])?;
    send_json(call(conn, Method::PATCH, url)?.json(body)?).await
}

/// `DELETE /agent_runners/{id}`: stops the running session (202).
pub async fn stop_runner(conn: &NetlifyConnection, runner_id: &str) -> Result<(), ApiError> {
    send_empty(call(
        conn,
        Method::DELETE,
        url(conn, &["agent_runners", runner_id])?,
    )?)
    .await
}

/// `POST /agent_runners/{id}/archive` (202).
pub async fn archive_runner(conn: &NetlifyConnection, runner_id: &str) -> Result<(), ApiError> {
    send_empty(call(
        conn,
        Method::POST,
        url(conn, &["agent_runners", runner_id, "archive"])?,
    )?)
    .await
}

/// `POST /agent_runners/{id}/revert`: back to `session_id`; later sessions become discarded.
pub async fn revert_runner(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
) -> Result<AgentRunner, ApiError> {
    let url = url(conn, &["agent_runners", runner_id, "revert"])?;
    let body = RevertRunner {
        session_id: require(session_id, "Pick the session to revert to.")?.to_string(),
    };
    send_json(call(conn, Method::POST, url)?.json(&body)?).await
}

/// `POST /agent_runners/{id}/rebase`: a new rebase session onto the current production deploy.
pub async fn rebase_runner(conn: &NetlifyConnection, runner_id: &str) -> Result<Session, ApiError> {
    send_json(call(
        conn,
        Method::POST,
        url(conn, &["agent_runners", runner_id, "rebase"])?,
    )?)
    .await
}

/// `GET /agent_runners/{id}/diff` as text; `Ok(None)` when there is no diff (404 or empty).
pub async fn runner_diff(
    conn: &NetlifyConnection,
    runner_id: &str,
    query: &DiffQuery,
) -> Result<Option<String>, ApiError> {
    let url = with_query(
        url(conn, &["agent_runners", runner_id, "diff"])?,
        &diff_pairs(query),
    );
    get_diff(conn, url).await
}

/// `POST /agent_runners/{id}/pull_request`: opens a pull request from the latest diff.
pub async fn create_pull_request(
    conn: &NetlifyConnection,
    runner_id: &str,
) -> Result<AgentRunner, ApiError> {
    let url = url(conn, &["agent_runners", runner_id, "pull_request"])?;
    send_json(call(conn, Method::POST, url)?.timeout(LONG_WRITE)).await
}

/// `POST /agent_runners/{id}/commit`: commits the changes to `target_branch` (not the main one).
pub async fn commit_to_branch(
    conn: &NetlifyConnection,
    runner_id: &str,
    target_branch: &str,
) -> Result<AgentRunner, ApiError> {
    let url = url(conn, &["agent_runners", runner_id, "commit"])?;
    let body = CommitToBranch {
        target_branch: require(target_branch, "Enter the branch to commit to.")?
            .trim()
            .to_string(),
    };
    send_json(
        call(conn, Method::POST, url)?
            .json(&body)?
            .timeout(LONG_WRITE),
    )
    .await
}

/// `POST /agent_runners/{id}/publish_to_production` (Netlify's CLI). The answer's shape is not
/// documented: the runner when the server sends one, else `None`.
pub async fn publish_to_production(
    conn: &NetlifyConnection,
    runner_id: &str,
) -> Result<Option<AgentRunner>, ApiError> {
    let url = url(conn, &["agent_runners", runner_id, "publish_to_production"])?;
    let answer = send(call(conn, Method::POST, url)?.timeout(LONG_WRITE)).await?;
    Ok(serde_json::from_str(&answer.text).ok())
}

/// `POST /agent_runners/upload_url`: a presigned URL for one attachment (account from the
/// connection). Prefer [`super::upload::upload_netlify_attachment`], which also sends the file.
pub async fn upload_url(
    conn: &NetlifyConnection,
    filename: &str,
    content_type: &str,
) -> Result<UploadUrlResponse, ApiError> {
    let body = UploadUrlRequest {
        account_id: require(
            &conn.account_id,
            "No Netlify account is chosen: pick one on the Connections page.",
        )?
        .to_string(),
        filename: filename.to_string(),
        content_type: content_type.to_string(),
    };
    let url = url(conn, &["agent_runners", "upload_url"])?;
    // Asking for a URL changes nothing on the server: safe to retry.
    let mut c = call(conn, Method::POST, url)?.json(&body)?;
    c.idempotence = Idempotence::Safe;
    send_json(c).await
}

/// `POST /agent_runners/delete_url`: a presigned URL to delete an uploaded attachment.
pub async fn delete_url(
    conn: &NetlifyConnection,
    file_key: &str,
) -> Result<DeleteUrlResponse, ApiError> {
    let body = DeleteUrlRequest {
        account_id: require(
            &conn.account_id,
            "No Netlify account is chosen: pick one on the Connections page.",
        )?
        .to_string(),
        file_key: require(file_key, "No file to delete.")?.to_string(),
    };
    let url = url(conn, &["agent_runners", "delete_url"])?;
    let mut c = call(conn, Method::POST, url)?.json(&body)?;
    c.idempotence = Idempotence::Safe;
    send_json(c).await
}

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
/// fails with [`ApiErrorKind::Conflict`]. Not retried.
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

/// `GET /ai-gateway/providers` (no auth): models per provider, for a model picker.
pub async fn ai_gateway_providers(
    conn: &NetlifyConnection,
) -> Result<AiGatewayProviders, ApiError> {
    let url = url(conn, &["ai-gateway", "providers"])?;
    let answer = send(Call::new(SVC, Method::GET, url)).await?;
    Ok(answer
        .json::<Option<AiGatewayProviders>>(SVC)?
        .unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------

/// Pull requests and commits can take a while on Netlify's side.
const LONG_WRITE: Duration = Duration::from_secs(90);

fn require<'a>(value: &'a str, reason: &str) -> Result<&'a str, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        Err(ApiError::invalid(SVC, reason))
    } else {
        Ok(v)
    }
}

async fn get_json<T: DeserializeOwned>(
    conn: &NetlifyConnection,
    url: String,
) -> Result<T, ApiError> {
    send_json(call(conn, Method::GET, url)?).await
}

async fn send_json<T: DeserializeOwned>(call: Call<'_>) -> Result<T, ApiError> {
    send_with(call, |a| a.json(SVC)).await
}

async fn send_empty(call: Call<'_>) -> Result<(), ApiError> {
    send(call.read(Read::Nothing)).await.map(drop)
}

async fn get_diff(conn: &NetlifyConnection, url: String) -> Result<Option<String>, ApiError> {
    let c = call(conn, Method::GET, url)?
        .accept("text/plain")
        .timeout(DOWNLOAD_TIMEOUT);
    match send(c).await {
        Ok(answer) if answer.text.trim().is_empty() => Ok(None),
        Ok(answer) => Ok(Some(answer.text)),
        Err(e) if e.kind == ApiErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
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

/// Query pairs of a diff request.
pub fn diff_pairs(q: &DiffQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(p) = q.page {
        out.push(("page", p.to_string()));
    }
    if let Some(p) = q.per_page {
        out.push(("per_page", p.min(MAX_PER_PAGE).to_string()));
    }
    if let Some(b) = q.strip_binary {
        out.push(("strip_binary", b.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> NetlifyConnection {
        NetlifyConnection {
            base_url: "https://api.netlify.com/api/v1".into(),
            token: "t".into(),
            account_id: "acc".into(),
            site_id: "site".into(),
        }
    }

    #[test]
    fn runners_query_defaults_to_the_connection() {
        let q = effective_runners_query(&conn(), &ListRunnersQuery::default());
        assert_eq!(q.site_id.as_deref(), Some("site"));
        assert_eq!(q.account_id.as_deref(), Some("acc"));
        let q = effective_runners_query(
            &conn(),
            &ListRunnersQuery {
                site_id: Some("other".into()),
                account_id: Some(" ".into()),
                ..Default::default()
            },
        );
        assert_eq!(q.site_id.as_deref(), Some("other"));
        assert_eq!(q.account_id.as_deref(), Some("acc"));
    }

    #[test]
    fn session_and_diff_query_pairs() {
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
        let d = DiffQuery {
            page: Some(1),
            per_page: None,
            strip_binary: Some(true),
        };
        assert_eq!(
            diff_pairs(&d),
            vec![
                ("page", "1".to_string()),
                ("strip_binary", "true".to_string())
            ]
        );
    }
}
