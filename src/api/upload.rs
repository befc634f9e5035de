//! Uploads to presigned URLs with progress, for both services.
//!
//! - Netlify: `upload_url` -> `PUT` the bytes with the signed content type -> the `file_key` to
//!   attach ([`upload_netlify_attachment`]).
//! - AgentContainer: `uploads/prepare` -> send the raw bytes to `uploadUrl` with the returned
//!   `method` and `headers` (a `POST` answers `{storageId}`) -> `uploads/complete`
//!   ([`upload_agentcontainer_file`]).
//!
//! Files are checked before any request ([`check_netlify_attachment`],
//! [`check_agentcontainer_file`]): type (Netlify's allowed list), emptiness, size. Bytes go out
//! with `XMLHttpRequest` (fetch has no upload progress); progress is reported through a callback.
//! Cancel by aborting the [`RequestScope`](super::RequestScope) the upload runs in (`scope.run(upload_...(..))`); retry
//! by calling the function again. A presigned URL refused as expired is re-requested once.

use super::agentcontainer::{complete_upload, prepare_upload};
use super::error::{ApiError, ApiErrorKind, Service};
use super::http::Inflight;
use super::netlify::upload_url;
use super::{AgentContainerConnection, NetlifyConnection};
use agentdeck_wire::agentcontainer::{
    CompleteUpload, File, PrepareUpload, PreparedUpload, StorageUploadResponse, UploadMethod,
};
use agentdeck_wire::netlify::attachment_content_type;
use std::rc::Rc;

/// Largest Netlify attachment accepted (Netlify does not publish a limit; large files make poor
/// prompts anyway).
pub const NETLIFY_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// Largest AgentContainer upload accepted (the account's storage quota applies on top).
pub const AGENTCONTAINER_MAX_BYTES: u64 = 100 * 1024 * 1024;
/// Time limit of one upload of the bytes.
pub const UPLOAD_TIMEOUT_MS: u32 = 15 * 60 * 1000;

/// How far an upload got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UploadProgress {
    /// Asking the service for an upload URL.
    Preparing,
    /// Bytes sent so far out of `total`.
    Sending {
        loaded: u64,
        total: u64,
    },
    /// Telling the service the upload is complete.
    Completing,
    Done,
}

impl UploadProgress {
    /// 0.0 to 1.0, for a progress bar.
    pub fn fraction(&self) -> f64 {
        match *self {
            UploadProgress::Preparing => 0.0,
            UploadProgress::Sending { loaded, total } if total > 0 => {
                (loaded as f64 / total as f64).min(1.0)
            }
            UploadProgress::Sending { .. } => 0.0,
            UploadProgress::Completing | UploadProgress::Done => 1.0,
        }
    }
}

/// A progress callback.
pub type OnProgress = Rc<dyn Fn(UploadProgress)>;

/// What to upload: a browser `Blob` (a picked `File` is one) with its name, size and type.
#[derive(Debug, Clone)]
pub struct UploadSource {
    pub blob: web_sys::Blob,
    pub name: String,
    pub size: u64,
    /// The browser's idea of the type (may be empty).
    pub mime: String,
}

impl UploadSource {
    /// From a file picked in an `<input type=file>` or dropped.
    pub fn from_file(file: &web_sys::File) -> Self {
        UploadSource {
            blob: file.clone().into(),
            name: file.name(),
            size: file.size() as u64,
            mime: file.type_(),
        }
    }

    /// From bytes in memory.
    pub fn from_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<Self, ApiError> {
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(|_| ApiError::invalid(Service::AgentContainer, "Could not read the file."))?;
        Ok(UploadSource {
            blob,
            name: name.to_string(),
            size: bytes.len() as u64,
            mime: mime.to_string(),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Checks (pure)

fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.0} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

fn check_common(service: Service, name: &str, size: u64, max: u64) -> Result<(), ApiError> {
    if name.trim().is_empty() {
        return Err(ApiError::invalid(service, "The file has no name."));
    }
    if size == 0 {
        return Err(ApiError::invalid(
            service,
            format!("\u{201c}{name}\u{201d} is empty."),
        ));
    }
    if size > max {
        return Err(ApiError::invalid(
            service,
            format!(
                "\u{201c}{name}\u{201d} is {}; the limit is {}.",
                human_size(size),
                human_size(max)
            ),
        ));
    }
    Ok(())
}

/// Checks a Netlify attachment before anything is sent; returns the content type to sign.
pub fn check_netlify_attachment(name: &str, size: u64) -> Result<&'static str, ApiError> {
    let svc = Service::Netlify;
    let Some(content_type) = attachment_content_type(name) else {
        return Err(ApiError::invalid(
            svc,
            format!(
                "Netlify does not accept \u{201c}{name}\u{201d}: attach text, Markdown, HTML, JSON, YAML, XML, CSV, \
                 images (PNG, JPEG, GIF, SVG, WebP), code (JS, TS, CSS, SCSS, Sass, Less, Python, Java, Ruby, Go, \
                 PHP, SQL) or PDF files."
            ),
        ));
    };
    check_common(svc, name, size, NETLIFY_MAX_BYTES)?;
    Ok(content_type)
}

/// Checks an AgentContainer upload before anything is sent.
pub fn check_agentcontainer_file(name: &str, size: u64) -> Result<(), ApiError> {
    check_common(
        Service::AgentContainer,
        name,
        size,
        AGENTCONTAINER_MAX_BYTES,
    )
}

/// Headers a page may not set on an `XMLHttpRequest` (the browser refuses them).
fn forbidden_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "content-length"
            | "host"
            | "connection"
            | "cookie"
            | "origin"
            | "referer"
            | "accept-encoding"
            | "transfer-encoding"
            | "keep-alive"
            | "te"
            | "trailer"
            | "upgrade"
            | "date"
            | "expect"
    ) || n.starts_with("proxy-")
        || n.starts_with("sec-")
}

/// A refusal by the storage behind a presigned URL is about the link, not the account: say so
/// (the storage's own XML body is not shown).
fn storage_error(mut e: ApiError) -> ApiError {
    if looks_expired(&e) {
        let status = e.status.unwrap_or(0);
        e.kind = ApiErrorKind::Validation;
        e.message = Some(format!(
            "the upload link was refused (HTTP {status}); it may have expired. Try again."
        ));
    }
    e
}

/// Whether a failed send to a presigned URL looks like an expired or refused signature, worth
/// one more try with a fresh URL.
fn looks_expired(e: &ApiError) -> bool {
    matches!(e.status, Some(400 | 401 | 403 | 404 | 410))
}

// ---------------------------------------------------------------------------------------------
// Flows

/// Deletes an uploaded Netlify attachment: asks for its presigned `delete_url`, then sends
/// `DELETE` to it.
pub async fn delete_netlify_attachment(
    conn: &NetlifyConnection,
    file_key: &str,
) -> Result<(), ApiError> {
    let target = super::netlify::delete_url(conn, file_key).await?;
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

/// Uploads a file to AgentContainer; returns the stored [`File`] (its `id` goes into
/// `inputFileIds` or reference files).
pub async fn upload_agentcontainer_file(
    conn: &AgentContainerConnection,
    source: &UploadSource,
    on_progress: OnProgress,
) -> Result<File, ApiError> {
    check_agentcontainer_file(&source.name, source.size)?;
    let mut refreshed = false;
    loop {
        on_progress(UploadProgress::Preparing);
        let prepared = prepare_upload(
            conn,
            &PrepareUpload {
                filename: source.name.clone(),
                content_type: Some(upload_content_type(source).to_string()),
                size_bytes: Some(source.size),
            },
        )
        .await?;
        match send_to_prepared(source, &prepared, on_progress.clone()).await {
            Ok(storage_id) => {
                return complete_prepared(conn, &prepared, storage_id, on_progress).await
            }
            Err(e) if looks_expired(&e) && !refreshed => refreshed = true,
            Err(e) => return Err(e),
        }
    }
}

/// The content type an AgentContainer upload is prepared with.
fn upload_content_type(source: &UploadSource) -> &str {
    if source.mime.trim().is_empty() {
        "application/octet-stream"
    } else {
        source.mime.trim()
    }
}

/// Sends the bytes to a prepared upload with its `method` and `headers`; returns the
/// `storageId` for method `POST` (none for `PUT`). The second step of
/// [`upload_agentcontainer_file`], public for flows that prepared the upload themselves.
pub async fn send_to_prepared(
    source: &UploadSource,
    prepared: &PreparedUpload,
    on_progress: OnProgress,
) -> Result<Option<String>, ApiError> {
    let svc = Service::AgentContainer;
    let mut headers: Vec<(String, String)> = prepared
        .headers
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
        .collect();
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        headers.push((
            "Content-Type".into(),
            upload_content_type(source).to_string(),
        ));
    }
    let method = match &prepared.method {
        UploadMethod::Post => "POST",
        UploadMethod::Put => "PUT",
        UploadMethod::Unknown(m) => {
            return Err(ApiError::decode(svc, format!("unknown upload method {m}")))
        }
    };
    let answer = send_bytes(
        svc,
        method,
        &prepared.upload_url,
        &headers,
        source,
        on_progress,
    )
    .await?;
    if method == "POST" {
        let r: StorageUploadResponse = serde_json::from_str(&answer)
            .map_err(|e| ApiError::decode(svc, format!("upload answer: {e}")))?;
        Ok(Some(r.storage_id))
    } else {
        Ok(None)
    }
}

/// `POST /uploads/complete` for a prepared upload whose bytes were sent (the last step).
pub async fn complete_prepared(
    conn: &AgentContainerConnection,
    prepared: &PreparedUpload,
    storage_id: Option<String>,
    on_progress: OnProgress,
) -> Result<File, ApiError> {
    on_progress(UploadProgress::Completing);
    let file = complete_upload(
        conn,
        &CompleteUpload {
            upload_id: prepared.upload_id.clone(),
            storage_id,
        },
    )
    .await?;
    on_progress(UploadProgress::Done);
    Ok(file)
}

/// Owns an XHR's callbacks: on drop (finished, or the future dropped half-way) the handlers are
/// cleared and the abort listener removed before the closures go, and an unfinished XHR is
/// aborted.
struct XhrGuard {
    xhr: web_sys::XmlHttpRequest,
    signal: web_sys::AbortSignal,
    callbacks: Vec<wasm_bindgen::closure::Closure<dyn Fn()>>,
    progress: Option<wasm_bindgen::closure::Closure<dyn Fn(web_sys::ProgressEvent)>>,
    abort_xhr: Option<wasm_bindgen::closure::Closure<dyn Fn()>>,
    done: bool,
}

impl Drop for XhrGuard {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(a) = &self.abort_xhr {
            let _ = self
                .signal
                .remove_event_listener_with_callback("abort", a.as_ref().unchecked_ref());
        }
        if let Ok(upload) = self.xhr.upload() {
            upload.set_onprogress(None);
        }
        self.xhr.set_onload(None);
        self.xhr.set_onerror(None);
        self.xhr.set_onabort(None);
        self.xhr.set_ontimeout(None);
        if !self.done {
            let _ = self.xhr.abort();
        }
        self.callbacks.clear();
        self.progress.take();
        self.abort_xhr.take();
    }
}

/// Sends `source` to `url` with `XMLHttpRequest`, reporting upload progress; returns the response
/// text of a 2xx answer. No credentials or API headers are sent: presigned URLs carry their own.
/// Aborted with the current [`RequestScope`](super::RequestScope) or when the future is dropped.
pub async fn send_bytes(
    service: Service,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    source: &UploadSource,
    on_progress: OnProgress,
) -> Result<String, ApiError> {
    use futures::channel::oneshot;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(ApiError::decode(
            service,
            "the upload URL is not an http(s) URL",
        ));
    }
    let inflight = Inflight::start(service)?;
    let xhr = web_sys::XmlHttpRequest::new()
        .map_err(|_| ApiError::network(service, "XMLHttpRequest unavailable"))?;
    xhr.open_with_async(method, url, true)
        .map_err(|_| ApiError::invalid(service, "The upload URL was refused by the browser."))?;
    for (k, v) in headers {
        if !forbidden_header(k) {
            let _ = xhr.set_request_header(k, v);
        }
    }
    xhr.set_timeout(UPLOAD_TIMEOUT_MS);

    #[derive(Debug, Clone, Copy)]
    enum End {
        Load,
        Error,
        Abort,
        Timeout,
        NotStarted,
    }
    let (tx, rx) = oneshot::channel::<End>();
    let tx = Rc::new(std::cell::RefCell::new(Some(tx)));
    let ender = |end: End| {
        let tx = tx.clone();
        Closure::<dyn Fn()>::new(move || {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(end);
            }
        })
    };
    let signal = inflight.signal();
    let mut guard = XhrGuard {
        xhr: xhr.clone(),
        signal: signal.clone(),
        callbacks: Vec::new(),
        progress: None,
        abort_xhr: None,
        done: false,
    };
    let on_load = ender(End::Load);
    let on_error = ender(End::Error);
    let on_abort = ender(End::Abort);
    let on_timeout = ender(End::Timeout);
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));
    guard
        .callbacks
        .extend([on_load, on_error, on_abort, on_timeout]);

    let total = source.size;
    let progress = {
        let on_progress = on_progress.clone();
        Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            let t = if ev.length_computable() {
                ev.total() as u64
            } else {
                total
            };
            on_progress(UploadProgress::Sending {
                loaded: ev.loaded() as u64,
                total: t,
            });
        })
    };
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    guard.progress = Some(progress);
    // The request's AbortController (scope, drop) aborts the XHR.
    let abort_xhr = {
        let xhr = xhr.clone();
        Closure::<dyn Fn()>::new(move || {
            let _ = xhr.abort();
        })
    };
    let _ = signal.add_event_listener_with_callback("abort", abort_xhr.as_ref().unchecked_ref());
    guard.abort_xhr = Some(abort_xhr);

    on_progress(UploadProgress::Sending { loaded: 0, total });
    // Cancelled (e.g. from the progress callback) before anything was sent.
    let end = if signal.aborted() {
        End::Abort
    } else if xhr.send_with_opt_blob(Some(&source.blob)).is_err() {
        if signal.aborted() {
            End::Abort
        } else {
            End::NotStarted
        }
    } else {
        rx.await.unwrap_or(End::Abort)
    };
    guard.done = true;
    drop(guard);

    let result = match end {
        End::Load => {
            let status = xhr.status().unwrap_or(0);
            let text = xhr.response_text().ok().flatten().unwrap_or_default();
            if (200..300).contains(&status) {
                on_progress(UploadProgress::Sending {
                    loaded: total,
                    total,
                });
                Ok(text)
            } else {
                let retry_after = xhr.get_response_header("retry-after").ok().flatten();
                Err(storage_error(ApiError::from_response(
                    service,
                    status,
                    &text,
                    retry_after.as_deref(),
                )))
            }
        }
        End::Error => Err(ApiError::network(service, "the upload was interrupted")),
        End::Abort => Err(ApiError::aborted(service)),
        End::Timeout => Err(ApiError::timeout(service)),
        End::NotStarted => Err(ApiError::network(service, "the upload could not start")),
    };
    inflight.finish();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netlify_checks() {
        assert_eq!(
            check_netlify_attachment("notes.MD", 10).unwrap(),
            "text/markdown"
        );
        assert_eq!(
            check_netlify_attachment("shot.png", 10).unwrap(),
            "image/png"
        );
        let e = check_netlify_attachment("tool.exe", 10).unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Invalid);
        assert!(e.user_message().contains("does not accept"));
        assert!(check_netlify_attachment("noext", 10).is_err());
        let e = check_netlify_attachment("empty.txt", 0).unwrap_err();
        assert!(e.user_message().contains("is empty"), "{e}");
        let e = check_netlify_attachment("big.pdf", NETLIFY_MAX_BYTES + 1).unwrap_err();
        assert!(e.user_message().contains("the limit is 10 MB"), "{e}");
    }

    #[test]
    fn agentcontainer_checks() {
        assert!(check_agentcontainer_file("data.bin", 1).is_ok());
        assert!(check_agentcontainer_file("data.bin", 0).is_err());
        assert!(check_agentcontainer_file("  ", 5).is_err());
        assert!(check_agentcontainer_file("huge.tar", AGENTCONTAINER_MAX_BYTES + 1).is_err());
    }

    #[test]
    fn progress_fraction() {
        assert_eq!(
            UploadProgress::Sending {
                loaded: 50,
                total: 200
            }
            .fraction(),
            0.25
        );
        assert_eq!(
            UploadProgress::Sending {
                loaded: 5,
                total: 0
            }
            .fraction(),
            0.0
        );
        assert_eq!(UploadProgress::Done.fraction(), 1.0);
    }

    #[test]
    fn browser_forbidden_headers_are_skipped() {
        assert!(forbidden_header("Content-Length"));
        assert!(forbidden_header("sec-fetch-mode"));
        assert!(!forbidden_header("Content-Type"));
        assert!(!forbidden_header("x-amz-acl"));
    }

    #[test]
    fn storage_refusals_talk_about_the_link() {
        let e = storage_error(ApiError::from_response(
            Service::Netlify,
            403,
            "<Error><Code>AccessDenied</Code></Error>",
            None,
        ));
        assert_eq!(e.kind, ApiErrorKind::Validation);
        assert_eq!(e.status, Some(403));
        assert!(e.user_message().contains("may have expired"), "{e}");
        assert!(!e.user_message().contains("credits"), "{e}");
        let e = storage_error(ApiError::from_response(Service::Netlify, 503, "", None));
        assert_eq!(e.kind, ApiErrorKind::Server);
    }

    #[test]
    fn expired_urls_are_recognised() {
        let e = ApiError::from_response(
            Service::Netlify,
            403,
            "<Error>Request has expired</Error>",
            None,
        );
        assert!(looks_expired(&e));
        assert!(!looks_expired(&ApiError::from_response(
            Service::Netlify,
            500,
            "",
            None
        )));
        assert!(!looks_expired(&ApiError::network(Service::Netlify, "x")));
    }
}
