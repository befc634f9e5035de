//! Fault injection for resilience tests, per request (header `x-local-api-fault`) or global
//! (`POST /__admin/faults`): the middleware of both APIs. The specs and the global fault live
//! in [`crate::fault_table`].
//!
//! A fault spec is `;`-separated: `status=500`, `status=429;retry_after=1`, `latency_ms=300`,
//! `truncate` (body cut in half), `malformed` (body replaced by invalid JSON), `drop_after=3`
//! (an event stream closes after 3 events), `html` (a proxy's HTML error page, `status` or
//! 502). Parts combine: `latency_ms=200;status=503`.

pub use crate::fault_table::{Api, DropAfter, FaultSpec, Faults, GlobalFault, FAULT_HEADER};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

pub async fn netlify_faults(State(state): State<AppState>, req: Request, next: Next) -> Response {
    apply(state, Api::Netlify, req, next).await
}

pub async fn agentcontainer_faults(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    apply(state, Api::AgentContainer, req, next).await
}

async fn apply(state: AppState, api: Api, mut req: Request, next: Next) -> Response {
    if req.method() == axum::http::Method::OPTIONS {
        return next.run(req).await;
    }
    let from_header = req
        .headers()
        .get(FAULT_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let spec = match from_header {
        Some(text) => match FaultSpec::parse(&text) {
            Ok(s) => Some(s),
            Err(e) => {
                return api
                    .error_response(StatusCode::BAD_REQUEST, &format!("bad {FAULT_HEADER}: {e}"))
            }
        },
        None => state
            .faults
            .take(api, req.method().as_str(), req.uri().path()),
    };
    let Some(spec) = spec else {
        return next.run(req).await;
    };
    if let Some(ms) = spec.latency_ms {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    if spec.html {
        let code = spec.status.unwrap_or(502);
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY);
        let page = format!(
            "<html><head><title>{code} Bad Gateway</title></head><body><center><h1>{code} Bad \
             Gateway</h1></center><hr><center>nginx</center></body></html>"
        );
        let mut resp = Response::new(Body::from(page));
        *resp.status_mut() = status;
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        return resp;
    }
    if let Some(code) = spec.status {
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let msg = if code == 429 {
            "Too many requests (injected fault)".to_string()
        } else {
            format!("Injected fault: HTTP {code}")
        };
        let mut resp = api.error_response(status, &msg);
        if let Some(s) = spec
            .retry_after
            .or((code == 429 || code == 503).then_some(1))
        {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        return resp;
    }
    if let Some(n) = spec.drop_after {
        req.extensions_mut().insert(DropAfter(n));
    }
    let resp = next.run(req).await;
    if !(spec.truncate || spec.malformed) {
        return resp;
    }
    let is_stream = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"));
    if is_stream {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = axum::body::to_bytes(body, 64 << 20)
        .await
        .unwrap_or_default();
    let new = if spec.malformed {
        b"{\"error\": <html>this is not JSON".to_vec()
    } else {
        bytes[..bytes.len() / 2].to_vec()
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(new))
}
