//! SSH keys: list, create (a new Ed25519 keypair; the private key never leaves the server),
//! get, update, delete, and their repositories.

use super::extract::{AcAuth, Body};
use super::paging::paginate;
use crate::agentcontainer::domain::ssh_keys;
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
) -> AcResult<Json<Page<SshKey>>> {
    let keys = ssh_keys::list(&st);
    Ok(Json(paginate(
        keys,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn create(
    State(st): State<AppState>,
    _a: AcAuth,
    Body(req): Body<CreateSshKey>,
) -> AcResult<(StatusCode, Json<SshKey>)> {
    Ok((StatusCode::CREATED, Json(ssh_keys::create(&st, req)?)))
}

pub async fn get_one(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<SshKey>> {
    Ok(Json(ssh_keys::get(&st, &id)?))
}

pub async fn update(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<UpdateSshKey>,
) -> AcResult<Json<SshKey>> {
    Ok(Json(ssh_keys::update(&st, &id, req)?))
}

pub async fn delete(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<StatusCode> {
    ssh_keys::delete(&st, &id)?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn repositories(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<Repository>>> {
    let repos = ssh_keys::repositories(&st, &id)?;
    Ok(Json(paginate(
        repos,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn attach(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<AttachSshKeyRepository>,
) -> AcResult<Json<Repository>> {
    Ok(Json(ssh_keys::attach(&st, &id, &req.repository_id)?))
}

pub async fn detach(
    State(st): State<AppState>,
    _a: AcAuth,
    Path((id, repo_id)): Path<(String, String)>,
) -> AcResult<StatusCode> {
    ssh_keys::detach(&st, &id, &repo_id)?;
    Ok(StatusCode::NO_CONTENT)
}
