//! Netlify Agent Runners client: one async function per endpoint.
//!
//! Every function takes the [`NetlifyConnection`] (base URL, token, account, site) and returns
//! typed results or an [`ApiError`]. Reads are retried on transient failures; writes are not.
//! Run them inside a [`RequestScope`](super::RequestScope) to have them aborted with a page.

use super::error::{ApiError, ApiErrorKind, Service};
use super::http::{send, Answer, Call};
use super::url::{endpoint, with_query};
use super::{NetlifyConnection, Paged};
use agentdeck_wire::netlify::{AgentRunner, ListRunnersQuery};
use agentdeck_wire::pagination::PageLinks;
use gloo_net::http::Method;

const SVC: Service = Service::Netlify;

fn url(conn: &NetlifyConnection, segments: &[&str]) -> Result<String, ApiError> {
    endpoint(SVC, &conn.base_url, segments)
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
    let answer = send(call(conn, Method::GET, url)?).await?;
    paged(&answer)
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
}
