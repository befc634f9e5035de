//! Netlify's upload flow: `upload_url` -> `PUT` the bytes with the signed content type -> the
//! `file_key` to attach; and deleting an uploaded attachment through its presigned `delete_url`.

use super::checks::check_netlify_attachment;
use super::source::{OnProgress, UploadProgress, UploadSource};
use super::transport::{looks_expired, send_bytes};
use crate::api::connection::NetlifyConnection;
use crate::api::error::{ApiError, Service};
use crate::api::netlify::{delete_url, upload_url};
use std::rc::Rc;

/// Deletes an uploaded Netlify attachment: asks for its presigned `delete_url`, then sends
/// `DELETE` to it.
pub async fn delete_netlify_attachment(
    conn: &NetlifyConnection,
    file_key: &str,
) -> Result<(), ApiError> {
    let target = delete_url(conn, file_key).await?;
    let empty = UploadSource::from_bytes("", &[], "")?;
    let no_progress: OnProgress = Rc::new(|_| {});
    send_bytes(
        Service::Netlify,
        "DELETE",
        &target.delete_url,
        &[],
        &empty,
        no_progress,
    )
    .await
    .map(drop)
}

/// Uploads a Netlify attachment; returns the `file_key` to pass in `file_keys`.
pub async fn upload_netlify_attachment(
    conn: &NetlifyConnection,
    source: &UploadSource,
    on_progress: OnProgress,
) -> Result<String, ApiError> {
    let svc = Service::Netlify;
    let content_type = check_netlify_attachment(&source.name, source.size)?;
    let mut refreshed = false;
    loop {
        on_progress(UploadProgress::Preparing);
        let target = upload_url(conn, &source.name, content_type).await?;
        let headers = vec![("Content-Type".to_string(), content_type.to_string())];
        match send_bytes(
            svc,
            "PUT",
            &target.upload_url,
            &headers,
            source,
            on_progress.clone(),
        )
        .await
        {
            Ok(_) => {
                on_progress(UploadProgress::Done);
                return Ok(target.file_key);
            }
            Err(e) if looks_expired(&e) && !refreshed => refreshed = true,
            Err(e) => return Err(e),
        }
    }
}
