//! Admin endpoints for tests (Netlify port): isolated sites and global faults.
//!
//! No token: a local process could as well open the database. What they are guarded against
//! is web pages: a request with an `Origin` is refused (`403`) unless that origin was given
//! with `--allow-origin` or registered below; not even the served app may call them
//! ([`crate::cors::Origins::allows_admin`]).
//!
//! - `POST /__admin/sites[?demo=true][&git=false]` -> `{"site_id","account_id"}`: a fresh empty site (or one
//!   seeded with demo runners), so parallel tests do not see each other's data. A JSON body
//!   `{"site_id","account_id"}` picks the ids.
//! - `GET|POST|DELETE /__admin/faults`: read, set (`{"spec":"status=500","count":3,
//!   "path_contains":"/agent_runners","api":"netlify"}`) or clear the global fault.
//! - `POST /__admin/agentcontainer/credits {"balance": 0}`: AgentContainer credit balance.
//! - `POST /__admin/origins {"origin": "http://127.0.0.1:PORT"}`: allows one more web page
//!   origin (a browser test runner's), from a non-browser client only (no `Origin` header).
//! - `GET /__admin/health` -> `ok`.
//! - `/__admin/records/...`: read and patch stored documents ([`crate::admin_records`]).

use crate::agentcontainer::domain::account;
use crate::fault_table::GlobalFault;
use crate::netlify::demo;
use crate::netlify::domain::{records, sim};
use crate::state::AppState;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

pub fn router(st: &AppState) -> Router<AppState> {
    Router::new()
        .route("/__admin/health", get(|| async { "ok" }))
        .route("/__admin/origins", post(add_origin))
        .route("/__admin/sites", post(create_site))
        .route(
            "/__admin/faults",
            get(get_faults).post(set_faults).delete(clear_faults),
        )
        .route("/__admin/agentcontainer/credits", post(set_credits))
        .merge(crate::admin_records::router())
        .route_layer(axum::middleware::from_fn_with_state(st.clone(), guard))
}

fn origin(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("null"))
}

/// Refuses a web page that was not given explicitly (see the module documentation).
async fn guard(State(st): State<AppState>, req: Request, next: Next) -> Response {
    match origin(req.headers()) {
        Some(o) if !st.origins.allows_admin(Some(o)) => (
            StatusCode::FORBIDDEN,
            format!("the admin endpoints refuse requests from the web page origin `{o}`"),
        )
            .into_response(),
        _ => next.run(req).await,
    }
}

#[derive(Deserialize)]
struct NewOrigin {
    origin: String,
}

/// `POST /__admin/origins {"origin"}`: lets a test harness admit its test page's origin. A web
/// page may not widen the policy, not even an allowed one.
async fn add_origin(
    State(st): State<AppState>,
    headers: HeaderMap,
    Json(b): Json<NewOrigin>,
) -> Response {
    if origin(&headers).is_some() {
        return (
            StatusCode::FORBIDDEN,
            "origins are added by a test harness, not by a web page",
        )
            .into_response();
    }
    match st.origins.add(&b.origin) {
        Ok(o) => Json(json!({ "origin": o })).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, Json(json!({ "error": e }))).into_response(),
    }
}

#[derive(Deserialize)]
struct Credits {
    balance: f64,
}

/// `POST /__admin/agentcontainer/credits {"balance": 0}`: sets the AgentContainer credit balance.
async fn set_credits(
    State(st): State<AppState>,
    Json(c): Json<Credits>,
) -> Json<serde_json::Value> {
    let _g = st.sim_lock.lock().await;
    account::set_credits(&st, c.balance);
    Json(json!({ "balance": c.balance }))
}

#[derive(Deserialize, Default)]
struct NewSite {
    site_id: Option<String>,
    account_id: Option<String>,
    demo: Option<bool>,
    runners: Option<usize>,
    /// `false` makes a site without a git repository (rebase available).
    has_git_repo: Option<bool>,
}

async fn create_site(
    State(st): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    body: axum::body::Bytes,
) -> Response {
    let b: NewSite = serde_json::from_slice(&body).unwrap_or_default();
    let n = crate::ids::random_hex(6);
    let site_id = b.site_id.unwrap_or_else(|| format!("site-{n}"));
    let account_id = b.account_id.unwrap_or_else(|| format!("account-{n}"));
    let demo = b
        .demo
        .or_else(|| q.get("demo").and_then(|v| crate::util::parse_bool(v)))
        .unwrap_or(false);
    if records::get_site(&st, &site_id).is_some() {
        return (StatusCode::CONFLICT, Json(json!({"error": "site exists"}))).into_response();
    }
    let mut site = records::ensure_site(&st, &site_id, &account_id);
    let git = b
        .has_git_repo
        .or_else(|| q.get("git").and_then(|v| crate::util::parse_bool(v)));
    if let Some(g) = git {
        site.has_git_repo = g;
        st.store.put(records::SITE, &site_id, &account_id, &site);
    }
    if demo {
        let count = b
            .runners
            .or_else(|| q.get("runners").and_then(|v| v.parse().ok()))
            .unwrap_or(36);
        demo::seed_runners(&st, &site_id, count);
        sim::resume_site(&st, &site_id);
    }
    (
        StatusCode::CREATED,
        Json(json!({ "site_id": site_id, "account_id": account_id })),
    )
        .into_response()
}

async fn get_faults(State(st): State<AppState>) -> Json<Option<GlobalFault>> {
    Json(st.faults.current())
}

async fn set_faults(State(st): State<AppState>, Json(g): Json<GlobalFault>) -> Response {
    match st.faults.set(g) {
        Ok(spec) => Json(json!({ "ok": true, "fault": spec })).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, Json(json!({ "error": e }))).into_response(),
    }
}

async fn clear_faults(State(st): State<AppState>) -> StatusCode {
    st.faults.clear();
    StatusCode::NO_CONTENT
}
