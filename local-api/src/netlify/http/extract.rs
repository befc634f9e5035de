//! Extractors: bearer-token auth and a JSON body whose rejections render as Netlify errors.

use crate::netlify::error::ApiError;
use crate::state::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// Proof that the request carried the configured personal access token.
pub struct NetlifyAuth;

impl FromRequestParts<AppState> for NetlifyAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim);
        match token {
            Some(t)
                if crate::util::constant_time_eq(
                    t.as_bytes(),
                    state.config.netlify_token.as_bytes(),
                ) =>
            {
                Ok(NetlifyAuth)
            }
            _ => Err(ApiError::unauthorized()),
        }
    }
}

/// `Json<T>` that answers 400 `{"error": ...}` when the body is missing or malformed.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::bad_request(e.body_text()))?;
        let text = if bytes.iter().all(u8::is_ascii_whitespace) {
            &b"{}"[..]
        } else {
            &bytes[..]
        };
        serde_json::from_slice(text)
            .map(JsonBody)
            .map_err(|e| ApiError::bad_request(format!("Invalid request body: {e}")))
    }
}
