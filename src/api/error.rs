//! One error type for both services.
//!
//! [`ApiError`] keeps what the server said (HTTP status, its message in either error format, the
//! AgentContainer error code) and a [`ApiErrorKind`] that pages can match on, and renders a plain
//! sentence telling the user what to do ([`ApiError::user_message`], also its `Display`).
//!
//! Secrets never get in: request URLs and headers are never stored, and the request layer
//! scrubs the token or key out of anything the server or the browser sent back
//! ([`ApiError::redact`]).

use std::fmt;
use std::time::Duration;

/// Which API a request went to; decides the wording ("token" or "API key").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    Netlify,
    AgentContainer,
}

impl Service {
    pub fn name(self) -> &'static str {
        match self {
            Service::Netlify => "Netlify",
            Service::AgentContainer => "AgentContainer",
        }
    }

    fn secret_name(self) -> &'static str {
        match self {
            Service::Netlify => "access token",
            Service::AgentContainer => "API key",
        }
    }
}

/// What went wrong, as far as a page needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 400: the request was malformed (the server's message says why).
    BadRequest,
    /// 401: the token or key is missing or wrong.
    Unauthorized,
    /// 402/403: out of credits, plan limit, or not allowed.
    PaymentOrForbidden,
    /// 404.
    NotFound,
    /// 409, or any error mentioning an "active session": something else is in progress.
    Conflict,
    /// 422: the server refused the request for a reason it states.
    Validation,
    /// 429: slow down; `retry_after` from the `Retry-After` header when given.
    RateLimited { retry_after: Option<Duration> },
    /// 5xx.
    Server,
    /// Any other HTTP status.
    OtherStatus,
    /// The server could not be reached (offline, DNS, CORS, connection dropped).
    Network,
    /// No answer within the time limit.
    Timeout,
    /// Cancelled by the app (page left, user pressed cancel).
    Aborted,
    /// The answer could not be read as the expected type.
    Decode,
    /// Refused before sending anything (bad input, e.g. a file type or an empty id).
    Invalid,
}

/// An error from either API, or from reaching it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub service: Service,
    pub kind: ApiErrorKind,
    /// HTTP status, when the server answered.
    pub status: Option<u16>,
    /// The server's own message (`{"error": "..."}` or `{"error": {"message": "..."}}`), or a
    /// technical detail for network/decode errors. Untrusted text: render it as text only.
    pub message: Option<String>,
    /// AgentContainer's machine-readable `error.code`.
    pub code: Option<String>,
    /// The request field a 422 is about (AgentContainer's `error.field` detail), so a form can
    /// show the message next to that field.
    pub field: Option<String>,
}

/// `message` of a network error raised while the browser reports being offline.
pub const OFFLINE: &str = "offline";

/// Longest server message kept; error bodies can be whole HTML pages.
const MAX_MESSAGE_CHARS: usize = 300;

impl ApiError {
    pub fn new(service: Service, kind: ApiErrorKind) -> Self {
        ApiError {
            service,
            kind,
            status: None,
            message: None,
            code: None,
            field: None,
        }
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = clean_message(&message.into());
        self
    }

    pub fn network(service: Service, detail: impl Into<String>) -> Self {
        Self::new(service, ApiErrorKind::Network).with_message(detail)
    }

    pub fn timeout(service: Service) -> Self {
        Self::new(service, ApiErrorKind::Timeout)
    }

    pub fn aborted(service: Service) -> Self {
        Self::new(service, ApiErrorKind::Aborted)
    }

    pub fn decode(service: Service, detail: impl Into<String>) -> Self {
        Self::new(service, ApiErrorKind::Decode).with_message(detail)
    }

    /// A request refused before it was sent; `reason` is shown to the user as it is.
    pub fn invalid(service: Service, reason: impl Into<String>) -> Self {
        Self::new(service, ApiErrorKind::Invalid).with_message(reason)
    }

    /// Builds the error for a non-2xx answer from its status, body text and `Retry-After` header.
    pub fn from_response(
        service: Service,
        status: u16,
        body: &str,
        retry_after: Option<&str>,
    ) -> Self {
        let (message, code) = parse_error_body(body);
        let field = parse_error_field(body);
        let mentions_active_session = message
            .as_deref()
            .map(|m| m.to_ascii_lowercase().contains("active session"))
            .unwrap_or(false);
        let kind = match status {
            409 => ApiErrorKind::Conflict,
            400..=499 if mentions_active_session => ApiErrorKind::Conflict,
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Unauthorized,
            402 | 403 => ApiErrorKind::PaymentOrForbidden,
            404 | 410 => ApiErrorKind::NotFound,
            422 => ApiErrorKind::Validation,
            429 => ApiErrorKind::RateLimited {
                retry_after: retry_after.and_then(parse_retry_after),
            },
            500..=599 => ApiErrorKind::Server,
            _ => ApiErrorKind::OtherStatus,
        };
        ApiError {
            service,
            kind,
            status: Some(status),
            message,
            code,
            field,
        }
    }

    /// Replaces every occurrence of `secret` in the stored texts. The request layer calls this
    /// with the token or key before an error leaves it.
    pub fn redact(mut self, secret: &str) -> Self {
        if secret.len() >= 4 {
            for text in [&mut self.message, &mut self.code].into_iter().flatten() {
                if text.contains(secret) {
                    *text = text.replace(secret, "<redacted>");
                }
            }
        }
        self
    }

    /// Worth trying again automatically (for requests that may be repeated): network errors,
    /// timeouts, 429 and 5xx.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ApiErrorKind::Network
                | ApiErrorKind::Timeout
                | ApiErrorKind::RateLimited { .. }
                | ApiErrorKind::Server
        )
    }

    pub fn is_aborted(&self) -> bool {
        self.kind == ApiErrorKind::Aborted
    }

    pub fn is_unauthorized(&self) -> bool {
        self.kind == ApiErrorKind::Unauthorized
    }

    /// How long the server asked us to wait (429 `Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self.kind {
            ApiErrorKind::RateLimited { retry_after } => retry_after,
            _ => None,
        }
    }

    /// A sentence for the user: what happened and what they can do about it.
    pub fn user_message(&self) -> String {
        let svc = self.service.name();
        let secret = self.service.secret_name();
        let reason = self.message.as_deref().filter(|m| !m.is_empty());
        let with_reason = |base: String| match reason {
            Some(r) => format!("{base} {svc} said: \u{201c}{r}\u{201d}"),
            None => base,
        };
        match &self.kind {
            ApiErrorKind::Unauthorized => format!(
                "{svc} did not accept the {secret}: it is missing, wrong or expired. \
                 Check it on the Connections page."
            ),
            ApiErrorKind::PaymentOrForbidden => with_reason(if self.status == Some(402) {
                format!("The {svc} account is out of credits. Add credits, then try again.")
            } else {
                format!(
                    "{svc} refused this: the account may be out of credits, its plan may not \
                     allow it, or the {secret} lacks permission."
                )
            }),
            ApiErrorKind::NotFound => with_reason(format!(
                "Not found on {svc}: it may have been deleted, or the connection points at \
                 another site or account."
            )),
            ApiErrorKind::Conflict => with_reason(
                "Another session is still active. Wait for it to finish or stop it, then try \
                 again."
                    .to_string(),
            ),
            ApiErrorKind::Validation | ApiErrorKind::BadRequest => match reason {
                Some(r) => format!("{svc} refused the request: {r}"),
                None => format!("{svc} refused the request as invalid."),
            },
            ApiErrorKind::RateLimited { retry_after } => match retry_after {
                Some(d) if d.as_secs() >= 1 => format!(
                    "Too many requests to {svc}. Try again in {} s.",
                    d.as_secs_f64().ceil() as u64
                ),
                _ => format!("Too many requests to {svc}. Try again in a moment."),
            },
            ApiErrorKind::Server => format!(
                "{svc} had a problem ({}). Try again in a moment.",
                self.status
                    .map(|s| format!("HTTP {s}"))
                    .unwrap_or_else(|| "server error".into())
            ),
            ApiErrorKind::OtherStatus => with_reason(format!(
                "{svc} answered with an unexpected status ({}).",
                self.status
                    .map(|s| format!("HTTP {s}"))
                    .unwrap_or_else(|| "unknown".into())
            )),
            ApiErrorKind::Network if self.message.as_deref() == Some(OFFLINE) => {
                "You are offline. Reconnect to the internet, then try again.".to_string()
            }
            ApiErrorKind::Network => format!(
                "Could not reach {svc}. Check your internet connection and the base URL on the \
                 Connections page, then try again."
            ),
            ApiErrorKind::Timeout => format!("{svc} did not answer in time. Try again."),
            ApiErrorKind::Aborted => "The request was cancelled.".to_string(),
            ApiErrorKind::Decode => format!(
                "{svc} sent an answer agentdeck could not read. Try again; if it keeps \
                 happening, the API may have changed."
            ),
            ApiErrorKind::Invalid => reason
                .map(str::to_string)
                .unwrap_or_else(|| "Invalid request.".into()),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.user_message())
    }
}

impl std::error::Error for ApiError {}

/// Reads both error formats: Netlify `{"error": "message"}`, AgentContainer
/// `{"error": {"code", "message"}}`; also `{"message": ...}` and short plain text.
pub fn parse_error_body(body: &str) -> (Option<String>, Option<String>) {
    let body = body.trim();
    if body.is_empty() {
        return (None, None);
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(body) {
        let text = |v: &serde_json::Value| v.as_str().and_then(clean_message);
        return match value.get("error") {
            Some(serde_json::Value::String(s)) => (clean_message(s), None),
            Some(obj @ serde_json::Value::Object(_)) => {
                let code = obj.get("code").and_then(text);
                let message = obj.get("message").and_then(text).or_else(|| code.clone());
                (message, code)
            }
            _ => (
                value
                    .get("message")
                    .and_then(text)
                    .or_else(|| value.get("errors").and_then(|e| e.get(0)).and_then(text)),
                value.get("code").and_then(text),
            ),
        };
    }
    // Plain text is kept when short and not an HTML page.
    if body.starts_with('<') || body.chars().count() > MAX_MESSAGE_CHARS {
        return (None, None);
    }
    (clean_message(body), None)
}

/// The `field` (or `param`) detail of an AgentContainer error body: which request field a
/// validation error is about. Only a short identifier-like name is kept.
pub fn parse_error_field(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body.trim()).ok()?;
    let detail = value.get("error")?;
    let field = ["field", "param", "path"]
        .iter()
        .find_map(|k| detail.get(*k)?.as_str())?;
    let ok = !field.is_empty()
        && field.len() <= 100
        && field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '[' | ']'));
    ok.then(|| field.to_string())
}

/// Trims, drops control characters, hides the value of any `apiKey=` (a browser message may
/// quote the event-stream URL) and cuts overly long text. `None` when nothing is left.
fn clean_message(s: &str) -> Option<String> {
    let cleaned: String = hide_api_keys(s)
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return None;
    }
    if cleaned.chars().count() > MAX_MESSAGE_CHARS {
        let cut: String = cleaned.chars().take(MAX_MESSAGE_CHARS).collect();
        Some(format!("{cut}\u{2026}"))
    } else {
        Some(cleaned.to_string())
    }
}

/// `text` with the value of every `apiKey=` query parameter (any case) replaced by
/// `<redacted>`: the event-stream URL is the one URL that carries the key.
fn hide_api_keys(text: &str) -> String {
    const PARAM: &str = "apikey=";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some(at) = lower[from..].find(PARAM) {
        let value_start = from + at + PARAM.len();
        let value_len = text[value_start..]
            .find(|c: char| matches!(c, '&' | '#' | '"' | '\'' | '<' | '>') || c.is_whitespace())
            .unwrap_or(text.len() - value_start);
        out.push_str(&text[from..value_start]);
        out.push_str("<redacted>");
        from = value_start + value_len;
    }
    out.push_str(&text[from..]);
    out
}

/// `Retry-After` as delay-seconds (integer or decimal). HTTP-dates are not read (the caller falls
/// back to its own backoff).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let secs: f64 = value.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: Service = Service::Netlify;
    const A: Service = Service::AgentContainer;

    #[test]
    fn reads_netlify_error_format() {
        let e = ApiError::from_response(N, 422, r#"{"error":"Deploy zip no longer exists"}"#, None);
        assert_eq!(e.kind, ApiErrorKind::Validation);
        assert_eq!(e.status, Some(422));
        assert_eq!(e.message.as_deref(), Some("Deploy zip no longer exists"));
        assert!(e.user_message().contains("Deploy zip no longer exists"));
    }

    #[test]
    fn reads_agentcontainer_error_format() {
        let body = r#"{"error":{"code":"not_found","message":"Task not found","taskId":"t1"}}"#;
        let e = ApiError::from_response(A, 404, body, None);
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        assert_eq!(e.code.as_deref(), Some("not_found"));
        assert_eq!(e.message.as_deref(), Some("Task not found"));
    }

    #[test]
    fn status_mapping() {
        let k = |s| ApiError::from_response(N, s, "", None).kind;
        assert_eq!(k(400), ApiErrorKind::BadRequest);
        assert_eq!(k(401), ApiErrorKind::Unauthorized);
        assert_eq!(k(402), ApiErrorKind::PaymentOrForbidden);
        assert_eq!(k(403), ApiErrorKind::PaymentOrForbidden);
        assert_eq!(k(404), ApiErrorKind::NotFound);
        assert_eq!(k(409), ApiErrorKind::Conflict);
        assert_eq!(k(422), ApiErrorKind::Validation);
        assert_eq!(k(429), ApiErrorKind::RateLimited { retry_after: None });
        assert_eq!(k(500), ApiErrorKind::Server);
        assert_eq!(k(503), ApiErrorKind::Server);
        assert_eq!(k(418), ApiErrorKind::OtherStatus);
    }

    #[test]
    fn active_session_text_means_conflict_whatever_the_status() {
        let e = ApiError::from_response(
            N,
            422,
            r#"{"error":"Agent runner already has an active session"}"#,
            None,
        );
        assert_eq!(e.kind, ApiErrorKind::Conflict);
        assert!(e
            .user_message()
            .starts_with("Another session is still active"));
    }

    #[test]
    fn retry_after_is_honoured() {
        let e = ApiError::from_response(A, 429, "", Some("3"));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(3)));
        assert!(e.user_message().contains("3 s"));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }

    #[test]
    fn user_messages_say_what_to_do() {
        let m = |svc, s, body: &str| ApiError::from_response(svc, s, body, None).user_message();
        assert!(m(N, 401, "").contains("access token"));
        assert!(m(N, 401, "").contains("Connections"));
        assert!(m(A, 401, "").contains("API key"));
        assert!(m(N, 402, "").contains("out of credits"));
        assert!(m(N, 403, r#"{"error":"Credit limit reached"}"#).contains("Credit limit reached"));
        assert!(m(N, 404, "").starts_with("Not found"));
        assert!(m(N, 409, "").contains("Another session"));
        assert!(m(N, 500, "").contains("HTTP 500"));
        assert!(ApiError::network(N, "TypeError: Failed to fetch")
            .user_message()
            .contains("Could not reach Netlify"));
        assert!(ApiError::timeout(A)
            .user_message()
            .contains("did not answer in time"));
        // Display is the user message.
        let e = ApiError::from_response(N, 401, "", None);
        assert_eq!(e.to_string(), e.user_message());
    }

    #[test]
    fn offline_is_said_plainly() {
        let e = ApiError::network(A, OFFLINE);
        assert!(e.user_message().starts_with("You are offline"), "{e}");
        assert!(e.is_transient());
    }

    #[test]
    fn html_and_huge_bodies_are_not_shown() {
        let e = ApiError::from_response(N, 502, "<html><body>Bad gateway</body></html>", None);
        assert_eq!(e.message, None);
        let long = "x".repeat(5000);
        let e = ApiError::from_response(N, 422, &format!(r#"{{"error":"{long}"}}"#), None);
        assert!(e.message.unwrap().chars().count() <= MAX_MESSAGE_CHARS + 1);
        let e = ApiError::from_response(N, 400, "plain reason\n", None);
        assert_eq!(e.message.as_deref(), Some("plain reason"));
    }

    #[test]
    fn secrets_are_scrubbed() {
        let e = ApiError::from_response(
            A,
            401,
            r#"{"error":{"code":"bad_key","message":"key sk_live_123456 is revoked"}}"#,
            None,
        )
        .redact("sk_live_123456");
        assert_eq!(e.message.as_deref(), Some("key <redacted> is revoked"));
        assert!(!format!("{e:?} {e}").contains("sk_live_123456"));
    }

    #[test]
    fn the_stream_key_never_reaches_an_error() {
        let url =
            "https://ac.example/api/v1/conversations/t1/events?stream=true&apiKey=ak_live_9f8e7d";
        for e in [
            ApiError::network(A, format!("EventSource failed to load {url}")),
            ApiError::invalid(A, format!("The URL '{url}' is invalid.")),
            ApiError::decode(A, format!("{url}&x=1")),
            ApiError::from_response(
                A,
                400,
                &format!(r#"{{"error":{{"message":"bad {url}"}}}}"#),
                None,
            ),
            ApiError::from_response(
                A,
                400,
                &format!("no route for {}", url.replace("apiKey", "APIKEY")),
                None,
            ),
        ] {
            let all = format!("{e:?} {e} {}", e.user_message());
            assert!(!all.contains("ak_live_9f8e7d"), "{all}");
        }
        let e = ApiError::network(A, format!("failed: {url}&b=2 done"));
        assert_eq!(
            e.message.as_deref(),
            Some("failed: https://ac.example/api/v1/conversations/t1/events?stream=true&apiKey=<redacted>&b=2 done")
        );
    }

    #[test]
    fn transient_errors() {
        assert!(ApiError::from_response(N, 503, "", None).is_transient());
        assert!(ApiError::from_response(N, 429, "", None).is_transient());
        assert!(ApiError::network(N, "x").is_transient());
        assert!(ApiError::timeout(N).is_transient());
        assert!(!ApiError::aborted(N).is_transient());
        assert!(!ApiError::from_response(N, 422, "", None).is_transient());
        assert!(!ApiError::decode(N, "x").is_transient());
    }

    #[test]
    fn a_validation_error_names_its_field() {
        let body =
            r#"{"error":{"code":"validation_error","message":"name is required","field":"name"}}"#;
        let e = ApiError::from_response(Service::AgentContainer, 422, body, None);
        assert_eq!(e.kind, ApiErrorKind::Validation);
        assert_eq!(e.field.as_deref(), Some("name"));
        assert_eq!(e.message.as_deref(), Some("name is required"));
        assert_eq!(
            parse_error_field(r#"{"error":{"param":"defaults.model"}}"#).as_deref(),
            Some("defaults.model")
        );
        assert_eq!(
            parse_error_field(r#"{"error":{"field":"<img src=x>"}}"#),
            None
        );
        assert_eq!(parse_error_field(r#"{"error":"plain"}"#), None);
        assert_eq!(parse_error_field("not json"), None);
    }
}
