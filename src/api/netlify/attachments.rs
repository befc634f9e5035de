//! Attachments: presigned URLs to upload a prompt attachment and to delete it again. The whole
//! upload with progress is [`crate::api::upload`].

use super::request::{call, require, send_json, url};
use crate::api::connection::NetlifyConnection;
use crate::api::error::ApiError;
use crate::api::retry::Idempotence;
use agentdeck_wire::netlify::{
    DeleteUrlRequest, DeleteUrlResponse, UploadUrlRequest, UploadUrlResponse,
};
use gloo_net::http::Method;

/// `POST /agent_runners/upload_url`: a presigned URL for one attachment (account from the
/// connection). Prefer [`crate::api::upload::upload_netlify_attachment`], which also sends the file.
pub async fn upload_url(
    conn: &NetlifyConnection,
    filename: &str,
    content_type: &str,
) -> Result<UploadUrlResponse, ApiError> {
    let body = UploadUrlRequest {
        account_id: require(
            &conn.account_id,
            "No Netlify account is chosen: pick one on the Connections page.",
        )?
        .to_string(),
        filename: filename.to_string(),
        content_type: content_type.to_string(),
    };
    let url = url(conn, &["agent_runners", "upload_url"])?;
    // Asking for a URL changes nothing on the server: safe to retry.
    let mut c = call(conn, Method::POST, url)?.json(&body)?;
    c.idempotence = Idempotence::Safe;
    send_json(c).await
}

/// `POST /agent_runners/delete_url`: a presigned URL to delete an uploaded attachment.
pub async fn delete_url(
    conn: &NetlifyConnection,
    file_key: &str,
) -> Result<DeleteUrlResponse, ApiError> {
    let body = DeleteUrlRequest {
        account_id: require(
            &conn.account_id,
            "No Netlify account is chosen: pick one on the Connections page.",
        )?
        .to_string(),
        file_key: require(file_key, "No file to delete.")?.to_string(),
    };
    let url = url(conn, &["agent_runners", "delete_url"])?;
    let mut c = call(conn, Method::POST, url)?.json(&body)?;
    c.idempotence = Idempotence::Safe;
    send_json(c).await
}
