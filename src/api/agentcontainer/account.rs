//! Account group (`GET /account`, also the connection test) and the Other group (the raw
//! OpenAPI document, no auth).

use super::request::{get, url, SVC};
use crate::api::connection::AgentContainerConnection;
use crate::api::error::ApiError;
use crate::api::http::{send, Call};
use agentdeck_wire::agentcontainer::Account;
use gloo_net::http::Method;

/// `GET /account`: the account behind the key, with credits and storage (also the connection test).
pub async fn get_account(conn: &AgentContainerConnection) -> Result<Account, ApiError> {
    get(conn, url(conn, &["account"])?).await
}

/// `GET /openapi.yaml` (no auth): the raw OpenAPI document.
pub async fn get_openapi_yaml(conn: &AgentContainerConnection) -> Result<String, ApiError> {
    let c = Call::new(SVC, Method::GET, url(conn, &["openapi.yaml"])?)
        .accept("application/yaml, text/yaml, */*");
    Ok(send(c).await?.text)
}
