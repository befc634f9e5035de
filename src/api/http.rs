//! The one request layer both clients go through (gloo-net `fetch`).
//!
//! Every request gets its own `AbortController`: it is aborted when the time limit passes, when
//! the future is dropped before it finished, and when the [`RequestScope`] it was started in is
//! aborted (a page being left). Failures become [`ApiError`]s with the secret scrubbed out;
//! transient failures of requests that may be repeated are retried by [`RetryPolicy`].

use super::auth;
use super::error::{ApiError, ApiErrorKind, Service};
use super::retry::{Idempotence, RetryPolicy};
use super::scope::{Inflight, RequestScope};
use futures::future::{select, Either};
use gloo_net::http::{Headers, Method, RequestBuilder};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::time::Duration;
use web_sys::AbortController;

/// Time limit of one attempt of an ordinary API request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time limit of one attempt of a download.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(300);

/// A request body.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    None,
    /// Serialized JSON.
    Json(String),
}

/// What to read from a successful answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    Text,
    Bytes,
    Nothing,
}

/// One API call, before it is sent.
#[derive(Clone)]
pub(crate) struct Call<'a> {
    pub service: Service,
    pub method: Method,
    pub url: String,
    /// Sent as `Authorization: Bearer` (or the secret that replaced it after a rejection, see
    /// [`auth`]); also scrubbed from error texts.
    pub bearer: Option<&'a str>,
    pub body: Body,
    pub idempotence: Idempotence,
    pub timeout: Duration,
    pub accept: &'static str,
    pub read: Read,
    pub policy: RetryPolicy,
}

impl<'a> Call<'a> {
    pub fn new(service: Service, method: Method, url: String) -> Self {
        let idempotence = if method == Method::GET {
            Idempotence::Safe
        } else {
            Idempotence::Unsafe
        };
        Call {
            service,
            method,
            url,
            bearer: None,
            body: Body::None,
            idempotence,
            timeout: DEFAULT_TIMEOUT,
            accept: "application/json",
            read: Read::Text,
            policy: RetryPolicy::default(),
        }
    }

    pub fn bearer(mut self, token: &'a str) -> Self {
        self.bearer = Some(token);
        self
    }

    pub fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Self, ApiError> {
        let text = serde_json::to_string(body).map_err(|e| {
            ApiError::invalid(self.service, format!("could not encode the request: {e}"))
        })?;
        self.body = Body::Json(text);
        Ok(self)
    }

    pub fn idempotency_key(mut self, key: String) -> Self {
        self.idempotence = Idempotence::KeyedCreate(key);
        self
    }

    pub fn accept(mut self, accept: &'static str) -> Self {
        self.accept = accept;
        self
    }

    pub fn read(mut self, read: Read) -> Self {
        self.read = read;
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// A successful (2xx) answer.
pub(crate) struct Answer {
    pub headers: Headers,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name)
    }

    /// The body as JSON of type `T` (an empty body reads as `null`).
    pub fn json<T: DeserializeOwned>(&self, service: Service) -> Result<T, ApiError> {
        let text = if self.text.trim().is_empty() {
            "null"
        } else {
            &self.text
        };
        serde_json::from_str(text).map_err(|e| ApiError::decode(service, e.to_string()))
    }
}

/// Sends `call`, retrying as its idempotence and policy allow.
pub(crate) async fn send(call: Call<'_>) -> Result<Answer, ApiError> {
    send_with(call, Ok).await
}

/// Sends `call` and reads the answer with `parse`, retrying as its idempotence and policy allow
/// (a body that fails to parse counts as a failed attempt: it may have been cut off). A 401 to
/// a secret the app watches waits for a new one and goes out again with it ([`auth`]).
pub(crate) async fn send_with<T>(
    call: Call<'_>,
    parse: impl Fn(Answer) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let exact = RequestScope::current().is_some_and(|s| s.wants_exact_secrets());
    let mut bearer = call.bearer.map(str::to_string);
    let mut attempt = 1;
    loop {
        if !exact {
            if let Some(secret) = &bearer {
                bearer = Some(usable_secret(call.service, secret).await?);
            }
        }
        let err = match send_once(&call, bearer.as_deref()).await.and_then(&parse) {
            Ok(v) => return Ok(v),
            Err(err) => err,
        };
        let err = [call.bearer, bearer.as_deref()]
            .into_iter()
            .flatten()
            .fold(err, |e, secret| e.redact(secret));
        if err.is_unauthorized() && !exact {
            if let Some(secret) = &bearer {
                if auth::reject(call.service, secret) {
                    // The next turn waits for the user to give a new secret.
                    continue;
                }
            }
        }
        match call
            .policy
            .next_delay(&call.idempotence, attempt, &err, random())
        {
            Some(delay) => {
                sleep(delay).await;
                if RequestScope::current().is_some_and(|s| s.is_aborted()) {
                    return Err(ApiError::aborted(call.service));
                }
                attempt += 1;
            }
            None => return Err(err),
        }
    }
}

/// How often a request waiting for a new secret looks again.
const SECRET_WAIT_CHECK: Duration = Duration::from_millis(250);

/// The secret to send in place of `secret`: itself, or the one the user gave after the service
/// rejected it; waits while a rejected secret has no replacement (until the scope is aborted).
async fn usable_secret(service: Service, secret: &str) -> Result<String, ApiError> {
    loop {
        match auth::usable(service, secret) {
            auth::Usable::Send(s) => return Ok(s),
            auth::Usable::GiveUp => return Err(ApiError::from_response(service, 401, "", None)),
            auth::Usable::Wait if !auth::watching() => {
                return Err(ApiError::from_response(service, 401, "", None))
            }
            auth::Usable::Wait => {
                sleep(SECRET_WAIT_CHECK).await;
                if RequestScope::current().is_some_and(|s| s.is_aborted()) {
                    return Err(ApiError::aborted(service));
                }
            }
        }
    }
}

/// Sends `call` once; a non-2xx answer becomes an error.
async fn send_once(call: &Call<'_>, bearer: Option<&str>) -> Result<Answer, ApiError> {
    let service = call.service;
    let inflight = Inflight::start(service)?;
    let mut builder = RequestBuilder::new(&call.url)
        .method(call.method.clone())
        .header("Accept", call.accept)
        .abort_signal(Some(&inflight.signal()));
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    if let Idempotence::KeyedCreate(key) = &call.idempotence {
        builder = builder.header("Idempotency-Key", key);
    }
    let request = match &call.body {
        Body::None => builder.build(),
        Body::Json(text) => builder
            .header("Content-Type", "application/json")
            .body(text.clone()),
    }
    .map_err(|e| map_gloo_error(service, e))?;

    let read = call.read;
    let exchange = async move {
        let response = request
            .send()
            .await
            .map_err(|e| map_gloo_error(service, e))?;
        let status = response.status();
        if !(200..300).contains(&status) {
            let body = response.text().await.unwrap_or_default();
            let retry_after = response.headers().get("retry-after");
            return Err(ApiError::from_response(
                service,
                status,
                &body,
                retry_after.as_deref(),
            ));
        }
        let (text, bytes) = match read {
            Read::Text => (
                response
                    .text()
                    .await
                    .map_err(|e| map_gloo_error(service, e))?,
                Vec::new(),
            ),
            Read::Bytes => (
                String::new(),
                response
                    .binary()
                    .await
                    .map_err(|e| map_gloo_error(service, e))?,
            ),
            Read::Nothing => (String::new(), Vec::new()),
        };
        Ok(Answer {
            headers: response.headers(),
            text,
            bytes,
        })
    };
    let limit = match RequestScope::current().and_then(|s| s.timeout()) {
        Some(t) => t.min(call.timeout),
        None => call.timeout,
    };
    let out = with_timeout(service, limit, exchange, &inflight.controller).await;
    if !matches!(&out, Err(e) if e.kind == ApiErrorKind::Timeout) {
        inflight.finish();
    }
    out
}

/// Runs `fut` with a time limit; when it passes, the request is aborted and `Timeout` returned.
pub(crate) async fn with_timeout<T>(
    service: Service,
    limit: Duration,
    fut: impl Future<Output = Result<T, ApiError>>,
    controller: &AbortController,
) -> Result<T, ApiError> {
    let ms = limit.as_millis().min(u128::from(u32::MAX)) as u32;
    let timer = gloo_timers::future::TimeoutFuture::new(ms);
    match select(Box::pin(fut), timer).await {
        Either::Left((out, _)) => out,
        Either::Right(((), _)) => {
            controller.abort();
            Err(ApiError::timeout(service))
        }
    }
}

/// Maps a gloo-net error; only the error's name and message are kept (never a URL).
pub(crate) fn map_gloo_error(service: Service, err: gloo_net::Error) -> ApiError {
    match err {
        gloo_net::Error::JsError(e) if e.name == "AbortError" => ApiError::aborted(service),
        gloo_net::Error::JsError(_) if browser_offline() => {
            ApiError::network(service, super::error::OFFLINE)
        }
        gloo_net::Error::JsError(e) => {
            ApiError::network(service, format!("{}: {}", e.name, strip_urls(&e.message)))
        }
        gloo_net::Error::SerdeError(e) => ApiError::decode(service, e.to_string()),
        gloo_net::Error::GlooError(e) => ApiError::network(service, strip_urls(&e)),
    }
}

/// Whether the browser says it has no network.
pub(crate) fn browser_offline() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().is_some_and(|w| !w.navigator().on_line())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

/// Browser messages sometimes quote the URL (which may carry a key): drop any word that looks
/// like one.
pub(crate) fn strip_urls(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            if w.contains("://") || w.contains("apiKey=") {
                "<url>"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A random number in `[0, 1)` (for jitter).
pub(crate) fn random() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Math::random()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.5
    }
}

/// A fresh random key for `Idempotency-Key` (a UUID v4).
pub fn new_idempotency_key() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(uuid) = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|c| c.random_uuid())
        {
            return uuid;
        }
    }
    let mut s = String::from("agentdeck-");
    for _ in 0..4 {
        s.push_str(&format!("{:08x}", (random() * f64::from(u32::MAX)) as u32));
    }
    s
}

/// Waits `d` (browser timer).
pub async fn sleep(d: Duration) {
    let ms = d.as_millis().min(u128::from(u32::MAX)) as u32;
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_dropped_from_browser_messages() {
        assert_eq!(
            strip_urls("Failed to load https://x/events?apiKey=secret now"),
            "Failed to load <url> now"
        );
    }
}
