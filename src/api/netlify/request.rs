//! What every Netlify call shares: the base URL and `Authorization: Bearer` token, session
//! URLs, JSON / empty / diff-text answers, page-numbered lists ([`Paged`]) and required fields.

use crate::api::connection::NetlifyConnection;
use crate::api::error::{ApiError, ApiErrorKind, Service};
use crate::api::http::{send, send_with, Answer, Call, Read, DOWNLOAD_TIMEOUT};
use crate::api::url::endpoint;
use agentdeck_wire::pagination::PageLinks;
use gloo_net::http::Method;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// One page of a page-numbered list, with what the `Link`/`Total` headers said.
#[derive(Debug, Clone, PartialEq)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub links: PageLinks,
}

pub(super) const SVC: Service = Service::Netlify;

pub(super) fn url(conn: &NetlifyConnection, segments: &[&str]) -> Result<String, ApiError> {
    endpoint(SVC, &conn.base_url, segments)
}

/// `.../agent_runners/{runner_id}/sessions/{session_id}/{rest...}`
pub(super) fn session_url(
    conn: &NetlifyConnection,
    runner_id: &str,
    session_id: &str,
    rest: &[&str],
) -> Result<String, ApiError> {
    let mut segments = vec!["agent_runners", runner_id, "sessions", session_id];
    segments.extend_from_slice(rest);
    url(conn, &segments)
}

pub(super) fn call(
    conn: &NetlifyConnection,
    method: Method,
    url: String,
) -> Result<Call<'_>, ApiError> {
    if conn.token.trim().is_empty() {
        return Err(ApiError::new(SVC, ApiErrorKind::Unauthorized));
    }
    Ok(Call::new(SVC, method, url).bearer(conn.token.trim()))
}

pub(super) fn paged<T: serde::de::DeserializeOwned>(answer: &Answer) -> Result<Paged<T>, ApiError> {
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

/// Pull requests and commits can take a while on Netlify's side.
pub(super) const LONG_WRITE: Duration = Duration::from_secs(90);

pub(super) fn require<'a>(value: &'a str, reason: &str) -> Result<&'a str, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        Err(ApiError::invalid(SVC, reason))
    } else {
        Ok(v)
    }
}

pub(super) async fn get_json<T: DeserializeOwned>(
    conn: &NetlifyConnection,
    url: String,
) -> Result<T, ApiError> {
    send_json(call(conn, Method::GET, url)?).await
}

pub(super) async fn send_json<T: DeserializeOwned>(call: Call<'_>) -> Result<T, ApiError> {
    send_with(call, |a| a.json(SVC)).await
}

pub(super) async fn send_empty(call: Call<'_>) -> Result<(), ApiError> {
    send(call.read(Read::Nothing)).await.map(drop)
}

pub(super) async fn get_diff(
    conn: &NetlifyConnection,
    url: String,
) -> Result<Option<String>, ApiError> {
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
