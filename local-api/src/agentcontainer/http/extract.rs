//! Extractors: API-key auth (bearer header), JSON bodies that fail with 422, and the
//! `Idempotency-Key` store.

use crate::agentcontainer::error::AcError;
use crate::state::{AppState, Shared};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub struct AcAuth;

pub fn key_ok(st: &Shared, key: &str) -> bool {
    crate::util::constant_time_eq(key.as_bytes(), st.config.agentcontainer_key.as_bytes())
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

impl FromRequestParts<AppState> for AcAuth {
    type Rejection = AcError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match bearer(&parts.headers) {
            Some(k) if key_ok(state, k) => Ok(AcAuth),
            _ => Err(AcError::unauthorized()),
        }
    }
}

/// `Json<T>` answering 422 `{"error": {"code": "validation_error", ...}}` on a bad body.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = AcError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| AcError::invalid(e.body_text()))?;
        let text = if bytes.iter().all(u8::is_ascii_whitespace) {
            &b"{}"[..]
        } else {
            &bytes[..]
        };
        serde_json::from_slice(text)
            .map(Body)
            .map_err(|e| AcError::invalid(format!("Request failed validation: {e}")))
    }
}

/// The `Idempotency-Key` of a request, if any.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(IdempotencyKey(
            parts
                .headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
                .filter(|k| !k.is_empty()),
        ))
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    status: u16,
    body: serde_json::Value,
}

const IDEM: &str = "ac_idem";

/// Runs `create` once per (scope, key): a repeated key answers the first result again.
pub async fn idempotent<F, Fut>(
    st: &AppState,
    scope: &str,
    key: &IdempotencyKey,
    create: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(StatusCode, serde_json::Value), AcError>>,
{
    let Some(k) = &key.0 else {
        return match create().await {
            Ok((s, v)) => (s, Json(v)).into_response(),
            Err(e) => e.into_response(),
        };
    };
    let id = format!("{scope}:{k}");
    let _g = st.idem_lock.lock().await;
    if let Some(s) = st.store.get::<Stored>(IDEM, &id) {
        let mut resp = (
            StatusCode::from_u16(s.status).unwrap_or(StatusCode::OK),
            Json(s.body),
        )
            .into_response();
        resp.headers_mut().insert(
            "idempotent-replayed",
            axum::http::HeaderValue::from_static("true"),
        );
        return resp;
    }
    match create().await {
        Ok((s, v)) => {
            st.store.put(
                IDEM,
                &id,
                scope,
                &Stored {
                    status: s.as_u16(),
                    body: v.clone(),
                },
            );
            (s, Json(v)).into_response()
        }
        Err(e) => e.into_response(),
    }
}
