//! Account, agents and their versions, reference files and repository attachments.

use super::extract::{AcAuth, Body};
use super::paging::paginate;
use crate::agentcontainer::domain::{account, agents, records};
use crate::agentcontainer::error::{AcError, AcResult};
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use std::collections::HashMap;

pub async fn account(State(st): State<AppState>, _a: AcAuth) -> Json<Account> {
    Json(account::account(&st))
}

pub async fn list(
    State(st): State<AppState>,
    _a: AcAuth,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<Agent>>> {
    let all = agents::list(&st);
    Ok(Json(paginate(
        all,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn create(
    State(st): State<AppState>,
    _a: AcAuth,
    Body(req): Body<CreateAgent>,
) -> AcResult<(StatusCode, Json<Agent>)> {
    Ok((StatusCode::CREATED, Json(agents::create(&st, &req)?)))
}

pub async fn get_one(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<Agent>> {
    Ok(Json(records::agent(&st, &id)?))
}

pub async fn update(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<UpdateAgent>,
) -> AcResult<Json<Agent>> {
    Ok(Json(agents::update(&st, &id, &req).await?))
}

pub async fn archive(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<StatusCode> {
    agents::archive(&st, &id)?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn fork(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<ForkAgent>,
) -> AcResult<(StatusCode, Json<Agent>)> {
    Ok((StatusCode::CREATED, Json(agents::fork(&st, &id, req)?)))
}

pub async fn versions(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<AgentVersion>>> {
    let v = agents::versions(&st, &id)?;
    Ok(Json(paginate(
        v,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn version(
    State(st): State<AppState>,
    _a: AcAuth,
    Path((id, vid)): Path<(String, String)>,
) -> AcResult<Json<AgentVersion>> {
    Ok(Json(agents::version(&st, &id, &vid)?))
}

pub async fn reference_files(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<File>>> {
    let files = agents::reference_files(&st, &id)?;
    Ok(Json(paginate(
        files,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn attach_reference_files(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<AttachReferenceFiles>,
) -> AcResult<Json<Agent>> {
    Ok(Json(
        agents::attach_reference_files(&st, &id, req.file_ids).await?,
    ))
}

pub async fn repositories(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<AttachedRepository>>> {
    let list = agents::repositories(&st, &id)?;
    Ok(Json(paginate(
        list,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn attach_repositories(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<AttachRepositories>,
) -> AcResult<Json<Agent>> {
    Ok(Json(
        agents::attach_repositories(&st, &id, req.repositories).await?,
    ))
}

pub async fn detach_repository(
    State(st): State<AppState>,
    _a: AcAuth,
    Path((id, repo_id)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> AcResult<StatusCode> {
    let mountpoint = q
        .get("mountingPoint")
        .filter(|m| !m.is_empty())
        .ok_or_else(|| AcError::invalid("mountingPoint is required"))?;
    agents::detach_repository(&st, &id, &repo_id, mountpoint).await?;
    Ok(StatusCode::NO_CONTENT)
}
