//! What every AgentContainer call shares: the base URL and `Authorization: Bearer` key, the
//! GET / write / keyed create / DELETE helpers, plain list query pairs, and the
//! [`IdempotencyKey`] of the creates the service de-duplicates.

use crate::api::connection::AgentContainerConnection;
use crate::api::error::{ApiError, ApiErrorKind, Service};
use crate::api::http::{new_idempotency_key, send, send_with, Call, Read};
use crate::api::url::{endpoint, with_query};
use agentdeck_wire::agentcontainer::ListQuery;
use gloo_net::http::Method;
use serde::de::DeserializeOwned;

pub(super) const SVC: Service = Service::AgentContainer;

/// An `Idempotency-Key`: one per create the user asked for, reused on every retry of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// A fresh random key (a UUID from `crypto.randomUUID()`).
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        IdempotencyKey(new_idempotency_key())
    }

    /// A key from a known string (e.g. kept with a draft in storage).
    pub fn from_string(key: impl Into<String>) -> Self {
        IdempotencyKey(key.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub(super) fn url(conn: &AgentContainerConnection, segments: &[&str]) -> Result<String, ApiError> {
    endpoint(SVC, &conn.base_url, segments)
}

pub(super) fn call(
    conn: &AgentContainerConnection,
    method: Method,
    url: String,
) -> Result<Call<'_>, ApiError> {
    if conn.api_key.trim().is_empty() {
        return Err(ApiError::new(SVC, ApiErrorKind::Unauthorized));
    }
    Ok(Call::new(SVC, method, url).bearer(conn.api_key.trim()))
}

pub(super) async fn get<T: DeserializeOwned>(
    conn: &AgentContainerConnection,
    url: String,
) -> Result<T, ApiError> {
    send_with(call(conn, Method::GET, url)?, |a| a.json(SVC)).await
}

pub(super) async fn write<T: DeserializeOwned, B: serde::Serialize + ?Sized>(
    conn: &AgentContainerConnection,
    method: Method,
    url: String,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let mut c = call(conn, method, url)?;
    if let Some(b) = body {
        c = c.json(b)?;
    }
    send_with(c, |a| a.json(SVC)).await
}

pub(super) async fn keyed_create<T: DeserializeOwned, B: serde::Serialize + ?Sized>(
    conn: &AgentContainerConnection,
    url: String,
    body: &B,
    key: &IdempotencyKey,
) -> Result<T, ApiError> {
    let c = call(conn, Method::POST, url)?
        .json(body)?
        .idempotency_key(key.0.clone());
    send_with(c, |a| a.json(SVC)).await
}

pub(super) async fn delete(conn: &AgentContainerConnection, url: String) -> Result<(), ApiError> {
    send(call(conn, Method::DELETE, url)?.read(Read::Nothing))
        .await
        .map(drop)
}

pub(super) const NO_BODY: Option<&()> = None;

/// Query pairs of a plain list.
pub fn list_pairs(q: &ListQuery) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(l) = q.limit {
        out.push(("limit", l.to_string()));
    }
    if let Some(c) = q.cursor.as_ref().filter(|c| !c.is_empty()) {
        out.push(("cursor", c.clone()));
    }
    out
}

pub(super) fn list_url(
    conn: &AgentContainerConnection,
    segments: &[&str],
    q: &ListQuery,
) -> Result<String, ApiError> {
    Ok(with_query(url(conn, segments)?, &list_pairs(q)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_query_pairs() {
        assert_eq!(list_pairs(&ListQuery::default()), vec![]);
        assert_eq!(
            list_pairs(&ListQuery {
                limit: Some(20),
                cursor: Some("abc==".into())
            }),
            vec![("limit", "20".to_string()), ("cursor", "abc==".to_string())]
        );
    }

    #[test]
    fn idempotency_keys_are_kept_as_given() {
        let k = IdempotencyKey::from_string("draft-1");
        assert_eq!(k.clone().as_str(), "draft-1");
        assert_eq!(k, IdempotencyKey::from_string("draft-1"));
    }
}
