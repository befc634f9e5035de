//! AgentContainer client: one async function per endpoint.
//!
//! Every function takes the [`AgentContainerConnection`] (base URL and API key, sent as
//! `Authorization: Bearer`) and returns typed results or an [`ApiError`].

use super::error::{ApiError, ApiErrorKind, Service};
use super::http::{send, Call};
use super::url::endpoint;
use super::AgentContainerConnection;
use gloo_net::http::Method;

const SVC: Service = Service::AgentContainer;

fn url(conn: &AgentContainerConnection, segments: &[&str]) -> Result<String, ApiError> {
    endpoint(SVC, &conn.base_url, segments)
}

fn call(
    conn: &AgentContainerConnection,
    method: Method,
    url: String,
) -> Result<Call<'_>, ApiError> {
    if conn.api_key.trim().is_empty() {
        return Err(ApiError::new(SVC, ApiErrorKind::Unauthorized));
    }
    Ok(Call::new(SVC, method, url).bearer(conn.api_key.trim()))
}

/// `GET /account`: the account behind the key (also the connection test).
pub async fn get_account(conn: &AgentContainerConnection) -> Result<serde_json::Value, ApiError> {
    let answer = send(call(conn, Method::GET, url(conn, &["account"])?)?).await?;
    answer.json(SVC)
}
