//! The upload storage origin: presigned URLs (HMAC-SHA256 over method, key, content type and
//! expiry) that behave like S3 — a wrong signature, another content type or an expired URL is
//! refused with 403 and an XML error body — plus Convex-style `POST` uploads answering
//! `{"storageId"}`. Bytes are kept on disk beside the database.

use crate::state::{AppState, Shared};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::HashMap;

/// A stored object's metadata (kind `storage_obj`, id = key).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredObject {
    pub key: String,
    pub content_type: Option<String>,
    pub size: u64,
    /// Set for POST uploads.
    pub storage_id: Option<String>,
}

pub const OBJECT: &str = "storage_obj";
pub const STORAGE_ID: &str = "storage_id";

fn signature(st: &Shared, method: &str, key: &str, content_type: &str, expires: i64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(&st.sign_key).expect("any key length");
    mac.update(format!("{method}\n/{key}\n{content_type}\n{expires}").as_bytes());
    crate::ids::hex(&mac.finalize().into_bytes())
}

/// A presigned URL for `method` on `key`, valid `ttl_secs` (of real time).
pub fn presign(
    st: &Shared,
    method: &str,
    key: &str,
    content_type: Option<&str>,
    ttl_secs: i64,
) -> String {
    let expires = crate::clock::now_ms() / 1000 + ttl_secs;
    presign_until(st, method, key, content_type, expires)
}

pub fn presign_until(
    st: &Shared,
    method: &str,
    key: &str,
    content_type: Option<&str>,
    expires: i64,
) -> String {
    let ct = content_type.unwrap_or("");
    let sig = signature(st, method, key, ct, expires);
    let enc_key: String = key
        .split('/')
        .map(crate::util::enc)
        .collect::<Vec<_>>()
        .join("/");
    format!(
        "{}/u/{enc_key}?X-Amz-Method={method}&X-Amz-Expires={expires}&X-Amz-Content-Type={}&X-Amz-Signature={sig}",
        st.urls.storage_origin,
        crate::util::enc(ct)
    )
}

pub fn router(state: AppState) -> Router {
    // Bodies up to the limit plus a margin reach the handler, which answers EntityTooLarge.
    let limit = usize::try_from(state.config.max_upload_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    Router::new()
        .route("/u/{*key}", any(handle))
        .layer(axum::extract::DefaultBodyLimit::max(limit))
        .layer(crate::cors::layer(&state.origins))
        .with_state(state)
}

fn s3_error(status: StatusCode, code: &str, message: &str, key: &str) -> Response {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><Key>{}</Key><RequestId>{}</RequestId></Error>",
        key.replace('&', "&amp;").replace('<', "&lt;"),
        crate::ids::random_hex(8).to_uppercase()
    );
    (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

async fn handle(
    State(st): State<AppState>,
    method: Method,
    Path(key): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (Some(sig), Some(exp), Some(signed_method)) = (
        q.get("X-Amz-Signature"),
        q.get("X-Amz-Expires"),
        q.get("X-Amz-Method"),
    ) else {
        return s3_error(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "Query-string authentication requires the Signature, Expires and Method parameters",
            &key,
        );
    };
    let signed_ct = q.get("X-Amz-Content-Type").cloned().unwrap_or_default();
    let Ok(expires) = exp.parse::<i64>() else {
        return s3_error(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "Invalid expiry",
            &key,
        );
    };
    // GET/HEAD may use a URL signed for GET only.
    let method_ok = signed_method.eq_ignore_ascii_case(method.as_str())
        || (method == Method::HEAD && signed_method == "GET");
    let expected = signature(&st, signed_method, &key, &signed_ct, expires);
    if !method_ok || !crate::util::constant_time_eq(expected.as_bytes(), sig.as_bytes()) {
        return s3_error(
            StatusCode::FORBIDDEN,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
            &key,
        );
    }
    if crate::clock::now_ms() / 1000 > expires {
        return s3_error(
            StatusCode::FORBIDDEN,
            "AccessDenied",
            "Request has expired",
            &key,
        );
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    match method {
        Method::PUT | Method::POST => {
            if !signed_ct.is_empty() && !ct.eq_ignore_ascii_case(&signed_ct) {
                return s3_error(
                    StatusCode::FORBIDDEN,
                    "SignatureDoesNotMatch",
                    "The Content-Type of the request does not match the signed Content-Type.",
                    &key,
                );
            }
            if body.len() as u64 > st.config.max_upload_bytes {
                return s3_error(
                    StatusCode::BAD_REQUEST,
                    "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size",
                    &key,
                );
            }
            if st.store.put_blob(&key, &body).is_err() {
                return s3_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "InternalError",
                    "Could not store the object",
                    &key,
                );
            }
            let storage_id =
                (method == Method::POST).then(|| format!("kg2{}", crate::ids::random_hex(14)));
            let obj = StoredObject {
                key: key.clone(),
                content_type: (!ct.is_empty()).then_some(ct),
                size: body.len() as u64,
                storage_id: storage_id.clone(),
            };
            st.store.put(OBJECT, &key, "", &obj);
            if let Some(id) = storage_id {
                st.store.put(STORAGE_ID, &id, &key, &obj);
                return Json(serde_json::json!({ "storageId": id })).into_response();
            }
            let etag = format!(
                "\"{}\"",
                &crate::ids::det_hex(0, &key, body.len() as u64, 32)
            );
            (StatusCode::OK, [(header::ETAG, etag)]).into_response()
        }
        Method::DELETE => {
            st.store.delete_blob(&key);
            st.store.delete(OBJECT, &key);
            StatusCode::NO_CONTENT.into_response()
        }
        Method::GET | Method::HEAD => match st.store.get_blob(&key) {
            Some(bytes) => {
                let obj: Option<StoredObject> = st.store.get(OBJECT, &key);
                let ct = obj
                    .and_then(|o| o.content_type)
                    .unwrap_or_else(|| "application/octet-stream".into());
                ([(header::CONTENT_TYPE, ct)], bytes).into_response()
            }
            None => s3_error(
                StatusCode::NOT_FOUND,
                "NoSuchKey",
                "The specified key does not exist.",
                &key,
            ),
        },
        _ => s3_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            &key,
        ),
    }
}
