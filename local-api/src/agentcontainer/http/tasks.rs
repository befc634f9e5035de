//! Tasks: list per agent, dispatch (402 without credits, Idempotency-Key), get, cancel, output
//! files (download), logs, wake.

use super::extract::{idempotent, AcAuth, Body, IdempotencyKey};
use super::paging::paginate;
use crate::agentcontainer::domain::{records, tasks};
use crate::agentcontainer::error::AcResult;
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

pub async fn list(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(agent_id): Path<String>,
    Query(q): Query<ListTasksQuery>,
) -> AcResult<Json<Page<Task>>> {
    let list = tasks::list(&st, &agent_id, q.status.as_ref(), q.mode.as_ref())?;
    Ok(Json(paginate(
        list,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn dispatch(
    State(st): State<AppState>,
    _a: AcAuth,
    key: IdempotencyKey,
    Path(agent_id): Path<String>,
    Body(req): Body<CreateTask>,
) -> Response {
    let st2 = st.clone();
    idempotent(&st, &format!("task:{agent_id}"), &key, || async move {
        let task = tasks::dispatch(&st2, &agent_id, req).await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(&task).unwrap_or_default(),
        ))
    })
    .await
}

pub async fn get_one(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<Task>> {
    Ok(Json(records::task(&st, &id)?))
}

pub async fn cancel(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
) -> AcResult<Json<Task>> {
    Ok(Json(tasks::cancel(&st, &id).await?))
}

pub async fn files(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<TaskFile>>> {
    let files = tasks::files(&st, &id)?;
    Ok(Json(paginate(
        files,
        q.limit,
        default_limit::LIST,
        q.cursor.as_deref(),
    )?))
}

pub async fn download(
    State(st): State<AppState>,
    _a: AcAuth,
    Path((id, file_id)): Path<(String, String)>,
) -> AcResult<Response> {
    let (f, bytes) = tasks::file(&st, &id, &file_id)?;
    let disposition = format!("attachment; filename=\"{}\"", f.filename.replace('"', ""));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                f.content_type
                    .unwrap_or_else(|| "application/octet-stream".into()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

pub async fn logs(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<TaskLogEntry>>> {
    let logs = tasks::logs(&st, &id)?;
    Ok(Json(paginate(
        logs,
        q.limit,
        default_limit::LOGS,
        q.cursor.as_deref(),
    )?))
}

pub async fn wake(
    State(st): State<AppState>,
    _a: AcAuth,
    key: IdempotencyKey,
    Path(id): Path<String>,
    Body(req): Body<WakeTask>,
) -> Response {
    let st2 = st.clone();
    idempotent(&st, &format!("wake:{id}"), &key, || async move {
        let t = tasks::wake(&st2, &id, &req).await?;
        Ok((StatusCode::OK, serde_json::to_value(&t).unwrap_or_default()))
    })
    .await
}
