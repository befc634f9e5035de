//! Agent runners: list (site or account), get, create, update, stop, archive, revert, rebase,
//! the runner's diff, pull request, commit to a branch, publish to production.

use super::request::{
    call, get_diff, get_json, paged, require, send_empty, send_json, url, Paged, LONG_WRITE,
};
use crate::api::connection::NetlifyConnection;
use crate::api::error::ApiError;
use crate::api::http::{send, send_with};
use crate::api::url::with_query;
use agentdeck_wire::netlify::{
    AgentRunner, CommitToBranch, CreateRunner, DiffQuery, ListRunnersQuery, RevertRunner, Session,
    UpdateRunner, MAX_PER_PAGE,
};
use gloo_net::http::Method;

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
    fn diff_query_pairs() {
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
