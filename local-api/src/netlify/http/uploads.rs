//! `upload_url` / `delete_url`: presigned storage URLs for attachments. Only the documented
//! file types are accepted (422 otherwise).

use super::extract::{JsonBody, NetlifyAuth};
use crate::netlify::domain::uploads;
use crate::netlify::error::{ApiError, ApiResult};
use crate::state::AppState;
use agentdeck_wire::netlify::{DeleteUrlResponse, UploadUrlResponse};
use axum::extract::State;
use axum::Json;
use serde_json::Value;

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
    Ok(Json(uploads::attachment_upload(
        &st,
        account,
        filename,
        content_type,
    )?))
}

pub async fn delete_url(
    State(st): State<AppState>,
    _a: NetlifyAuth,
    JsonBody(body): JsonBody<Value>,
) -> ApiResult<Json<DeleteUrlResponse>> {
    let account = field(&body, "account_id")?;
    let key = field(&body, "file_key")?;
    Ok(Json(uploads::attachment_delete(&st, account, key)?))
}
