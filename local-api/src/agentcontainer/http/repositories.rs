//! Reusable repositories: list, create, delete (refused while in use).

use super::extract::{AcAuth, Body};
use super::paging::paginate;
use crate::agentcontainer::domain::repositories;
use crate::agentcontainer::error::AcResult;
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;

pub async fn list(
    State(st): State<AppState>,
    _a: AcAuth,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<Repository>>> {
    let repos = repositories::list(&st);
    Ok(Json(paginate(
        repos,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn create(
    State(st): State<AppState>,
    _a: AcAuth,
    Body(req): Body<CreateRepository>,
) -> AcResult<(StatusCode, Json<Repository>)> {
    Ok((StatusCode::CREATED, Json(repositories::create(&st, req)?)))
}

pub async fn delete(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<StatusCode> {
    repositories::delete(&st, &id)?;
    Ok(StatusCode::NO_CONTENT)
}
