//! Serves the built app: static files with an SPA fallback, `config.json` generated from the
//! running servers (never written to disk), and the headers of the app's own `_headers` file
//! (the ones Netlify sends, see [`crate::headers_file`]), so a developer runs what is deployed.
//!
//! The Content-Security-Policy of `_headers` allows only the real services; here its
//! `connect-src` also gets local-api's three origins (APIs, uploads) and `img-src` the Netlify
//! port (deploy screenshots), or the app could not talk to local-api, and `report-uri
//! /__csp-report`: the browser posts every violation there, local-api prints it and keeps it
//! ([`crate::Running::csp_violations`], so the end-to-end tests fail on any). Everything else
//! is sent as written. Like Netlify: `_headers` and `_redirects` themselves are not served, and HTML
//! without a `Cache-Control` of its own is sent with `no-cache`. Without a `_headers` file only
//! `Referrer-Policy: no-referrer` is added.

use crate::headers_file::{self, Rule};
use crate::state::{AppState, Urls};
use agentdeck_wire::app_config::{AgentContainerDefaults, AppConfig, NetlifyDefaults};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::path::Path;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

/// Files Netlify reads but never serves.
const HIDDEN: [&str; 2] = ["/_headers", "/_redirects"];

/// Where the served pages report Content-Security-Policy violations (same origin).
pub const CSP_REPORT_PATH: &str = "/__csp-report";

/// Reads `dir/_headers` (none: no rules); a file that does not parse, or holds a header that
/// is not valid HTTP, is an error.
pub fn read_rules(dir: &Path) -> anyhow::Result<Vec<Rule>> {
    let path = dir.join("_headers");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => anyhow::bail!("{}: {e}", path.display()),
    };
    let rules =
        headers_file::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    for (k, v) in rules.iter().flat_map(|r| &r.headers) {
        HeaderName::from_bytes(k.as_bytes())
            .map_err(|_| anyhow::anyhow!("{}: bad header name `{k}`", path.display()))?;
        HeaderValue::from_str(v)
            .map_err(|_| anyhow::anyhow!("{}: bad value of `{k}`", path.display()))?;
    }
    Ok(rules)
}

/// The rules with every Content-Security-Policy widened to local-api's own origins.
pub fn localize(mut rules: Vec<Rule>, urls: &Urls) -> Vec<Rule> {
    let connect = [
        urls.netlify_origin.clone(),
        urls.agentcontainer_origin.clone(),
        urls.storage_origin.clone(),
    ];
    let img = [urls.netlify_origin.clone()];
    for (k, v) in rules.iter_mut().flat_map(|r| r.headers.iter_mut()) {
        if k.eq_ignore_ascii_case("content-security-policy") {
            *v = headers_file::extend_csp(v, "connect-src", &connect);
            *v = headers_file::extend_csp(v, "img-src", &img);
            *v = format!("{v}; report-uri {CSP_REPORT_PATH}");
        }
    }
    rules
}

pub fn router(state: AppState, dir: &Path, rules: Vec<Rule>) -> Router {
    let rules = Arc::new(localize(rules, &state.urls));
    let files = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
    Router::new()
        .route("/config.json", get(config_json))
        .route(CSP_REPORT_PATH, post(csp_report))
        .fallback_service(files)
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let rules = rules.clone();
                async move { with_headers(&rules, req, next).await }
            },
        ))
        .layer(crate::cors::guard_only(&state.origins))
        .with_state(state)
}

async fn with_headers(rules: &[Rule], req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if HIDDEN.iter().any(|h| path.eq_ignore_ascii_case(h)) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    for (k, v) in headers_file::headers_for(rules, &path) {
        // Checked by `read_rules`.
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(&v),
        ) {
            h.insert(k, v);
        }
    }
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    if !h.contains_key(header::REFERRER_POLICY) {
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    resp
}

pub fn app_config(st: &crate::state::Shared) -> AppConfig {
    AppConfig {
        netlify: Some(NetlifyDefaults {
            base_url: st.urls.netlify_api(),
            token: st.config.netlify_token.clone(),
            account_id: st.config.account_id.clone(),
            site_id: st.config.site_id.clone(),
        }),
        agentcontainer: Some(AgentContainerDefaults {
            base_url: st.urls.agentcontainer_api(),
            api_key: st.config.agentcontainer_key.clone(),
        }),
    }
}

async fn config_json(State(st): State<AppState>) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], Json(app_config(&st)))
}

/// `POST /__csp-report`: one violation report (`application/csp-report`, `{"csp-report":
/// {...}}`), printed and kept as `directive blocked-uri (document-uri)`.
async fn csp_report(State(st): State<AppState>, body: axum::body::Bytes) -> StatusCode {
    let report: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let r = &report["csp-report"];
    let field = |k: &str| r[k].as_str().unwrap_or("?").to_string();
    let line = format!(
        "{} blocked {} ({}{})",
        field("effective-directive"),
        field("blocked-uri"),
        field("document-uri"),
        r["line-number"]
            .as_u64()
            .map(|n| format!(", line {n}"))
            .unwrap_or_default()
    );
    eprintln!("local-api: Content-Security-Policy violation: {line}");
    st.csp_violations
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(line);
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_is_widened_to_local_api_and_nothing_else_changes() {
        let rules = headers_file::parse(
            "/*\n  Content-Security-Policy: default-src 'none'; connect-src 'self' https://api.netlify.com; img-src 'self' https:\n  X-Frame-Options: DENY\n",
        )
        .unwrap();
        let urls = Urls {
            netlify_origin: "http://127.0.0.1:1".into(),
            agentcontainer_origin: "http://127.0.0.1:2".into(),
            storage_origin: "http://127.0.0.1:3".into(),
            app_origin: Some("http://127.0.0.1:4".into()),
        };
        let local = localize(rules, &urls);
        assert_eq!(
            local[0].headers,
            [
                (
                    "Content-Security-Policy".to_string(),
                    "default-src 'none'; connect-src 'self' https://api.netlify.com http://127.0.0.1:1 http://127.0.0.1:2 http://127.0.0.1:3; img-src 'self' https: http://127.0.0.1:1; report-uri /__csp-report".to_string()
                ),
                ("X-Frame-Options".to_string(), "DENY".to_string()),
            ]
        );
    }
}
