//! Presigned storage URLs: attachments (`upload_url` / `delete_url`, only the documented file
//! types) and the upload URLs of a session's diffs.

use super::records::ATTACHMENT;
use crate::netlify::error::{ApiError, ApiResult};
use crate::state::Shared;
use agentdeck_wire::netlify::{
    allowed_attachment_extension, DeleteUrlResponse, DiffUploadUrl, DiffUploadUrls,
    UploadUrlResponse,
};

/// Presigned URLs stay valid this long (seconds).
pub const URL_TTL_SECS: i64 = 15 * 60;

/// A presigned `PUT` for a new attachment of an account (422 for other file types).
pub fn attachment_upload(
    st: &Shared,
    account: &str,
    filename: &str,
    content_type: &str,
) -> ApiResult<UploadUrlResponse> {
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
    let url = crate::storage::presign(st, "PUT", &key, Some(content_type), URL_TTL_SECS);
    st.store.put(
        ATTACHMENT,
        &key,
        account,
        &serde_json::json!({ "content_type": content_type, "filename": filename }),
    );
    Ok(UploadUrlResponse {
        upload_url: url,
        file_key: key,
    })
}

/// A presigned `DELETE` of an account's attachment (404 for another account's key).
pub fn attachment_delete(st: &Shared, account: &str, key: &str) -> ApiResult<DeleteUrlResponse> {
    if !key.starts_with(&format!("user-uploaded-content/{account}/")) {
        return Err(ApiError::not_found("File not found"));
    }
    let url = crate::storage::presign(st, "DELETE", key, None, URL_TTL_SECS);
    Ok(DeleteUrlResponse {
        delete_url: url,
        file_key: key.to_string(),
    })
}

/// Presigned `PUT`s for a session's result and cumulative diffs (valid an hour).
pub fn diff_upload_urls(st: &Shared, runner_id: &str, session_id: &str) -> DiffUploadUrls {
    let make = |kind: &str| {
        let key = format!("agent-runner-diffs/{runner_id}/{session_id}/{kind}.diff");
        DiffUploadUrl {
            upload_url: crate::storage::presign(st, "PUT", &key, Some("text/plain"), 3600),
            s3_key: key,
        }
    };
    DiffUploadUrls {
        result: make("result"),
        cumulative: make("cumulative"),
    }
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
