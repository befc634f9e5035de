//! Netlify AI Gateway: the models each provider offers (no auth), for a model picker.

use super::request::{url, SVC};
use crate::api::connection::NetlifyConnection;
use crate::api::error::ApiError;
use crate::api::http::{send, Call};
use agentdeck_wire::netlify::AiGatewayProviders;
use gloo_net::http::Method;

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
