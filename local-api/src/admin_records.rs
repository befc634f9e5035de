//! Test-only admin endpoints over the stored documents, for fields local-api generates itself
//! (step messages, pull request and deploy URLs, avatars, logs, output file names, delivery
//! errors) that no API request can set. Merged into [`crate::admin`]'s router, behind its guard.
//!
//! - `GET /__admin/records/{kind}[?scope=S]` -> `[{"id","scope","value"}]`, oldest first
//!   (`kind` as in the `records.rs` files: `nl_runner`, `nl_session`, `ac_log`, ...).
//! - `PATCH /__admin/records/{kind}/{id}` with a JSON merge patch (RFC 7396) -> the document.
//!   A patch that no longer fits the wire type is refused (`422`), so the API keeps answering,
//!   unless `?unchecked=true` asks for exactly that (wrong types, missing fields, unknown
//!   enum values: the answers a client must survive).
//!
//! The simulation may write a live object again; patch finished ones.

use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/__admin/records/{kind}", get(list))
        .route("/__admin/records/{kind}/{id}", get(one).patch(patch))
}

async fn list(
    State(st): State<AppState>,
    Path(kind): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Json<Vec<Value>> {
    let docs = st
        .store
        .list_docs::<Value>(&kind, q.get("scope").map(String::as_str));
    Json(
        docs.into_iter()
            .map(|d| json!({ "id": d.id, "scope": d.scope, "value": d.value }))
            .collect(),
    )
}

async fn one(State(st): State<AppState>, Path((kind, id)): Path<(String, String)>) -> Response {
    match st.store.get::<Value>(&kind, &id) {
        Some(v) => Json(v).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn patch(
    State(st): State<AppState>,
    Path((kind, id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    Json(p): Json<Value>,
) -> Response {
    let checked = q.get("unchecked").map(String::as_str) != Some("true");
    let _g = st.sim_lock.lock().await;
    let Some(doc) = st.store.get_doc::<Value>(&kind, &id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut value = doc.value;
    merge(&mut value, p);
    if let (true, Err(e)) = (checked, fits(&kind, &value)) {
        let body =
            Json(json!({ "error": format!("the patched {kind} does not fit its type: {e}") }));
        return (StatusCode::UNPROCESSABLE_ENTITY, body).into_response();
    }
    st.store.put(&kind, &id, &doc.scope, &value);
    Json(value).into_response()
}

/// RFC 7396: objects merge key by key, `null` removes, anything else replaces.
fn merge(target: &mut Value, patch: Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(&k);
                } else {
                    merge(t.entry(k).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p,
    }
}

/// The wire type stored under `kind`, for the kinds whose documents are one (the others are
/// records with sidecar fields, left to the caller).
fn fits(kind: &str, v: &Value) -> Result<(), serde_json::Error> {
    use agentdeck_wire::netlify as nl;
    fn check<T: serde::de::DeserializeOwned>(v: &Value) -> Result<(), serde_json::Error> {
        T::deserialize(v).map(|_| ())
    }
    match kind {
        "nl_runner" => check::<nl::AgentRunner>(v),
        "nl_session" => check::<nl::Session>(v),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::merge;
    use serde_json::json;

    #[test]
    fn a_merge_patch_replaces_adds_and_removes() {
        let mut v = json!({"a": 1, "b": {"c": 2, "d": 3}, "e": [1]});
        merge(
            &mut v,
            json!({"a": "x", "b": {"c": null, "f": 4}, "e": [2, 3]}),
        );
        assert_eq!(v, json!({"a": "x", "b": {"d": 3, "f": 4}, "e": [2, 3]}));
    }
}
