//! Who may talk to local-api from a browser: CORS of both APIs and the upload storage origin,
//! and a guard that refuses what CORS alone cannot stop.
//!
//! local-api holds working tokens and drives simulated agents, and any web page a developer
//! visits can send requests to `127.0.0.1`. So:
//! - a request carrying an `Origin` header is answered only when that origin is allowed: the
//!   served app's origin (and its loopback twins, `localhost` for `127.0.0.1`), plus origins
//!   given with `--allow-origin` or registered by a test harness ([`Origins::add`]). Anything
//!   else gets `403` before a handler runs, whatever the method: a cross-site form or
//!   `no-cors` POST needs no preflight, so withholding CORS headers would not be enough;
//! - a request whose `Host` is a DNS name other than `localhost` is refused (`403`), so a
//!   rebinding domain that resolves to `127.0.0.1` cannot read anything same-origin;
//! - requests without `Origin` (curl, the tests' HTTP clients, `<img>` and navigations) pass:
//!   browsers send `Origin` on every cross-origin `fetch` and every non-GET request.
//!
//! The admin endpoints are stricter ([`Origins::allows_admin`]): not even the served app may call
//! them, only non-browser clients and the origins given explicitly.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use tower::{Layer, Service};
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, Cors, CorsLayer};

/// The origins local-api answers from a browser.
#[derive(Debug, Default)]
pub struct Origins {
    /// The served app's origin and its loopback twins: API access, never admin.
    app: Vec<String>,
    /// Origins given with `--allow-origin` or registered by a test harness: API and admin.
    extra: RwLock<Vec<String>>,
}

impl Origins {
    /// The policy for an app served at `app_origin` (if any) plus the `extra` origins, which
    /// must be plain `http(s)://host[:port]` origins.
    pub fn new(app_origin: Option<&str>, extra: &[String]) -> Result<Origins, String> {
        let app = match app_origin {
            Some(o) => loopback_twins(&normalize_origin(o)?),
            None => Vec::new(),
        };
        let origins = Origins {
            app,
            extra: RwLock::new(Vec::new()),
        };
        for o in extra {
            origins.add(o)?;
        }
        Ok(origins)
    }

    /// Allows `origin` (and its loopback twins) for the APIs and the admin endpoints; returns
    /// the normalised origin.
    pub fn add(&self, origin: &str) -> Result<String, String> {
        let o = normalize_origin(origin)?;
        let mut extra = self.extra.write().unwrap_or_else(|e| e.into_inner());
        for twin in loopback_twins(&o) {
            if !extra.contains(&twin) {
                extra.push(twin);
            }
        }
        Ok(o)
    }

    fn extra(&self) -> Vec<String> {
        self.extra.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Whether a browser page at `origin` may use the APIs and the upload storage.
    pub fn allows(&self, origin: &str) -> bool {
        let o = origin.to_ascii_lowercase();
        self.app.contains(&o) || self.extra().contains(&o)
    }

    /// Whether a request with this `Origin` (none: not from a browser page) may use the admin
    /// endpoints. The served app never needs them, so its origin is not enough.
    pub fn allows_admin(&self, origin: Option<&str>) -> bool {
        match origin {
            None => true,
            Some(o) => self.extra().contains(&o.to_ascii_lowercase()),
        }
    }

    /// Whether a `Host` header names local-api the way only a local client would: an IP
    /// address, `localhost` (or `*.localhost`), or the host of an allowed origin.
    pub fn host_allowed(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        if name.parse::<std::net::Ipv4Addr>().is_ok()
            || name
                .strip_prefix('[')
                .and_then(|n| n.strip_suffix(']'))
                .is_some_and(|n| n.parse::<std::net::Ipv6Addr>().is_ok())
            || name == "localhost"
            || name.ends_with(".localhost")
        {
            return true;
        }
        self.app
            .iter()
            .chain(self.extra().iter())
            .any(|o| origin_host(o) == name)
    }

    /// Why a request must be refused before any handler sees it, or `None` to let it through.
    pub fn refusal(&self, headers: &HeaderMap) -> Option<String> {
        if let Some(host) = headers.get(header::HOST) {
            let host = host.to_str().unwrap_or("");
            if !self.host_allowed(host) {
                return Some(format!(
                    "local-api answers only requests addressed to an IP address or localhost, not to `{host}`"
                ));
            }
        }
        let origin = headers.get(header::ORIGIN)?;
        let origin = origin.to_str().unwrap_or("");
        (!self.allows(origin)).then(|| {
            format!(
                "local-api refuses requests from the web page origin `{origin}`; \
                 start it with `--allow-origin {origin}` if that page is yours"
            )
        })
    }
}

/// `http(s)://host[:port]`, lower case, without a trailing slash; anything else (a path, a
/// query, credentials, `null`, `*`) is an error.
pub fn normalize_origin(raw: &str) -> Result<String, String> {
    let o = raw.trim().trim_end_matches('/').to_ascii_lowercase();
    let bad = || format!("`{raw}` is not an origin like http://127.0.0.1:8000");
    let rest = o
        .strip_prefix("http://")
        .or_else(|| o.strip_prefix("https://"))
        .ok_or_else(bad)?;
    let host = host_name(rest);
    let port_ok = rest[host.len()..]
        .strip_prefix(':')
        .map_or(rest.len() == host.len(), |p| {
            !p.is_empty() && p.parse::<u16>().is_ok()
        });
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._[]:".contains(c))
        && (host.starts_with('[') || !host.contains(':'));
    if host_ok && port_ok {
        Ok(o)
    } else {
        Err(bad())
    }
}

/// The host part of `host[:port]` (an IPv6 address keeps its brackets).
fn host_name(host_port: &str) -> &str {
    if host_port.starts_with('[') {
        return match host_port.find(']') {
            Some(end) => &host_port[..=end],
            None => host_port,
        };
    }
    host_port.split(':').next().unwrap_or("")
}

/// The host of a normalised origin.
fn origin_host(origin: &str) -> &str {
    host_name(origin.split_once("://").map_or(origin, |(_, rest)| rest))
}

/// A loopback origin and the same scheme and port on the other loopback names (a developer
/// may open `http://localhost:8080` for `http://127.0.0.1:8080`); any other origin alone.
pub fn loopback_twins(origin: &str) -> Vec<String> {
    const LOOPBACK: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];
    let Some((scheme, rest)) = origin.split_once("://") else {
        return vec![origin.to_string()];
    };
    let host = host_name(rest);
    if !LOOPBACK.contains(&host) {
        return vec![origin.to_string()];
    }
    let port = &rest[host.len()..];
    LOOPBACK
        .iter()
        .map(|h| format!("{scheme}://{h}{port}"))
        .collect()
}

/// CORS for allowed origins (any method, any request header, so `Authorization` works),
/// exposing the pagination and retry headers, behind the [`Origins::refusal`] guard.
pub fn layer(origins: &Arc<Origins>) -> GuardLayer {
    let allowed = origins.clone();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            origin.to_str().is_ok_and(|o| allowed.allows(o))
        }))
        .allow_methods(AllowMethods::mirror_request())
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([
            header::LINK,
            HeaderName::from_static("total"),
            header::RETRY_AFTER,
            header::CONTENT_LENGTH,
            HeaderName::from_static("x-request-id"),
        ])
        .max_age(std::time::Duration::from_secs(600));
    GuardLayer {
        origins: origins.clone(),
        cors: Some(cors),
    }
}

/// Only the guard, without CORS: for the listener that serves the app itself.
pub fn guard_only(origins: &Arc<Origins>) -> GuardLayer {
    GuardLayer {
        origins: origins.clone(),
        cors: None,
    }
}

/// The tower layer of [`layer`] and [`guard_only`].
#[derive(Clone)]
pub struct GuardLayer {
    origins: Arc<Origins>,
    cors: Option<CorsLayer>,
}

impl<S> Layer<S> for GuardLayer {
    type Service = Guard<S>;
    fn layer(&self, inner: S) -> Guard<S> {
        let inner = match &self.cors {
            Some(c) => Inner::Cors(c.layer(inner)),
            None => Inner::Plain(inner),
        };
        Guard {
            origins: self.origins.clone(),
            inner,
        }
    }
}

#[derive(Clone)]
pub struct Guard<S> {
    origins: Arc<Origins>,
    inner: Inner<S>,
}

/// One per service instance, so the size difference does not matter.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
enum Inner<S> {
    Cors(Cors<S>),
    Plain(S),
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> Service<Request> for Guard<S>
where
    S: Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = BoxFuture<Result<Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        match &mut self.inner {
            Inner::Cors(c) => c.poll_ready(cx),
            Inner::Plain(s) => s.poll_ready(cx),
        }
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if let Some(why) = self.origins.refusal(req.headers()) {
            return Box::pin(async move { Ok((StatusCode::FORBIDDEN, why).into_response()) });
        }
        match &mut self.inner {
            Inner::Cors(c) => {
                let fut = c.call(req);
                Box::pin(async move { fut.await.map(IntoResponse::into_response) })
            }
            Inner::Plain(s) => Box::pin(s.call(req)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn policy() -> Origins {
        Origins::new(
            Some("http://127.0.0.1:8080"),
            &["http://127.0.0.1:9000/".to_string()],
        )
        .unwrap()
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn the_app_and_given_origins_are_allowed_with_their_loopback_twins() {
        let p = policy();
        for o in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://[::1]:8080",
            "http://127.0.0.1:9000",
            "http://LOCALHOST:9000",
        ] {
            assert!(p.allows(o), "{o}");
        }
        for o in [
            "https://evil.example",
            "http://127.0.0.1:8081",
            "https://127.0.0.1:8080",
            "http://127.0.0.1",
            "null",
            "",
        ] {
            assert!(!p.allows(o), "{o}");
        }
    }

    #[test]
    fn nothing_is_allowed_from_a_browser_without_an_app_or_flag() {
        let p = Origins::new(None, &[]).unwrap();
        assert!(!p.allows("http://127.0.0.1:8080"));
        assert!(p
            .refusal(&headers(&[("origin", "http://127.0.0.1:8080")]))
            .is_some());
        assert!(p.refusal(&headers(&[("host", "127.0.0.1:8081")])).is_none());
    }

    #[test]
    fn admin_is_for_non_browser_clients_and_explicit_origins_only() {
        let p = policy();
        assert!(p.allows_admin(None));
        assert!(p.allows_admin(Some("http://127.0.0.1:9000")));
        assert!(p.allows_admin(Some("http://localhost:9000")));
        assert!(
            !p.allows_admin(Some("http://127.0.0.1:8080")),
            "the app itself never needs admin"
        );
        assert!(!p.allows_admin(Some("https://evil.example")));
        assert!(!p.allows_admin(Some("null")));
    }

    #[test]
    fn a_registered_origin_is_allowed_from_then_on() {
        let p = policy();
        assert!(!p.allows("http://127.0.0.1:9555"));
        assert_eq!(
            p.add("http://127.0.0.1:9555").as_deref(),
            Ok("http://127.0.0.1:9555")
        );
        assert!(p.allows("http://127.0.0.1:9555") && p.allows("http://localhost:9555"));
        assert!(p.allows_admin(Some("http://127.0.0.1:9555")));
    }

    #[test]
    fn only_plain_origins_are_accepted() {
        assert_eq!(
            normalize_origin("HTTP://LocalHost:8000/").as_deref(),
            Ok("http://localhost:8000")
        );
        assert_eq!(
            normalize_origin("https://app.example").as_deref(),
            Ok("https://app.example")
        );
        assert_eq!(
            normalize_origin("http://[::1]:8000").as_deref(),
            Ok("http://[::1]:8000")
        );
        for bad in [
            "*",
            "null",
            "127.0.0.1:8000",
            "ftp://x",
            "http://",
            "http://x/path",
            "http://x?q",
            "http://u@x",
            "http://x:",
            "http://x:99999",
            "http://x:80:80",
            "http://a b",
        ] {
            assert!(normalize_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dns_names_other_than_localhost_are_refused_as_hosts() {
        let p = policy();
        for ok in [
            "127.0.0.1:8081",
            "localhost:8081",
            "LOCALHOST",
            "app.localhost:8081",
            "[::1]:8081",
            "192.168.1.5:8081",
            "0.0.0.0:8081",
        ] {
            assert!(p.host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example:8081",
            "127.0.0.1.evil.example",
            "[evil]:80",
            "localhost.evil.example",
        ] {
            assert!(!p.host_allowed(bad), "{bad}");
        }
        let named = Origins::new(None, &["http://devbox.lan:8080".to_string()]).unwrap();
        assert!(
            named.host_allowed("devbox.lan:8081"),
            "the host of an allowed origin"
        );
    }

    #[test]
    fn refusal_checks_host_then_origin() {
        let p = policy();
        assert!(p.refusal(&headers(&[])).is_none());
        assert!(p
            .refusal(&headers(&[
                ("host", "127.0.0.1:8081"),
                ("origin", "http://localhost:8080")
            ]))
            .is_none());
        let why = p
            .refusal(&headers(&[
                ("host", "127.0.0.1:8081"),
                ("origin", "https://evil.example"),
            ]))
            .unwrap();
        assert!(why.contains("--allow-origin https://evil.example"), "{why}");
        assert!(p
            .refusal(&headers(&[("host", "rebind.example:8081")]))
            .unwrap()
            .contains("rebind.example"));
    }
}
