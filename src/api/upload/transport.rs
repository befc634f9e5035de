//! Sending bytes to a presigned URL: one `XMLHttpRequest` (fetch has no upload progress) with
//! progress events, aborted with the current request scope or when its future is dropped, and
//! the storage's refusals put in plain words.

use super::checks::check_presigned_url;
use super::source::{OnProgress, UploadProgress, UploadSource};
use crate::api::error::{ApiError, ApiErrorKind, Service};
use crate::api::scope::Inflight;
use std::rc::Rc;

/// Time limit of one upload of the bytes.
pub const UPLOAD_TIMEOUT_MS: u32 = 15 * 60 * 1000;

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
pub(super) fn looks_expired(e: &ApiError) -> bool {
    matches!(e.status, Some(400 | 401 | 403 | 404 | 410))
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
/// Aborted with the current [`RequestScope`](crate::api::RequestScope) or when the future is dropped.
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

    let url = check_presigned_url(service, url)?;
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
