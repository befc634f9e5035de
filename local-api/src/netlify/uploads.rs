//! `upload_url` / `delete_url`: presigned storage URLs for attachments. Only the documented
//! file types are accepted (422 otherwise).

use super::auth::{JsonBody, NetlifyAuth};
use super::error::{ApiError, ApiResult};
use crate::state::AppState;
use agentdeck_wire::netlify::{allowed_attachment_extension, DeleteUrlResponse, UploadUrlResponse};
use axum::extract::State;
use axum::Json;
use serde_json::Value;

/// Presigned URLs stay valid this long (seconds).
pub const URL_TTL_SECS: i64 = 15 * 60;

fn field<'a>(body: &'a Value, k: &str) -> ApiResult<&'a str> {
    body.get(k)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("{k} is required")))
}

pub async fn upload_url(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<UploadUrlResponse>> {
    let account = field(&body, "account_id")?;
    let filename = field(&body, "filename")?;
    let content_type = field(&body, "content_type")?;
    if allowed_attachment_extension(filename).is_none() {
        return Err(ApiError::unprocessable(
            "Invalid file type. Allowed: txt, md, html, json, yaml, yml, xml, csv, png, jpg, jpeg, gif, svg, webp, js, ts, css, scss, sass, less, py, java, rb, go, php, sql, pdf",
        ));
    }
    let safe: String = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(filename)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let key = format!("user-uploaded-content/{account}/{}/{safe}", uuid_like());
    let url = crate::storage::presign(&st, "PUT", &key, Some(content_type), URL_TTL_SECS);
    st.store.put(
        super::model::ATTACHMENT,
        &key,
        account,
        &serde_json::json!({ "content_type": content_type, "filename": filename }),
    );
    Ok(Json(UploadUrlResponse {
        upload_url: url,
        file_key: key,
    }))
}

pub async fn delete_url(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<DeleteUrlResponse>> {
    let account = field(&body, "account_id")?;
    let key = field(&body, "file_key")?;
    if !key.starts_with(&format!("user-uploaded-content/{account}/")) {
        return Err(ApiError::not_found("File not found"));
    }
    let url = crate::storage::presign(&st, "DELETE", key, None, URL_TTL_SECS);
    Ok(Json(DeleteUrlResponse {
        delete_url: url,
        file_key: key.to_string(),
    }))
}

fn uuid_like() -> String {
    let h = crate::ids::random_hex(16);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}
