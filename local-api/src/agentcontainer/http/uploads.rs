//! `POST /uploads/prepare` and `/uploads/complete`. Prepare answers a signed, expiring URL on
//! the storage origin: method `POST` by default, or `PUT` when the request carries
//! `x-local-api-upload-method: PUT`.

use super::extract::{AcAuth, Body};
use crate::agentcontainer::domain::uploads;
use crate::agentcontainer::error::AcResult;
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;

pub async fn prepare(
    State(st): State<AppState>,
    _a: AcAuth,
    headers: HeaderMap,
    Body(req): Body<PrepareUpload>,
) -> AcResult<(StatusCode, Json<PreparedUpload>)> {
    let method = match headers
        .get("x-local-api-upload-method")
        .and_then(|v| v.to_str().ok())
    {
        Some(m) if m.eq_ignore_ascii_case("put") => "PUT",
        _ => "POST",
    };
    Ok((
        StatusCode::CREATED,
        Json(uploads::prepare(&st, method, req)?),
    ))
}

pub async fn complete(
    State(st): State<AppState>,
    _a: AcAuth,
    Body(req): Body<CompleteUpload>,
) -> AcResult<(StatusCode, Json<File>)> {
    Ok((
        StatusCode::CREATED,
        Json(uploads::complete(&st, req).await?),
    ))
}
