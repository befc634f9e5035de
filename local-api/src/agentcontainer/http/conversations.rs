//! Conversations: create (task + first message), messages, autonomous switch, attached
//! repositories. The events list and live stream are in `events.rs`.

use super::extract::{idempotent, AcAuth, Body, IdempotencyKey};
use super::paging::paginate;
use crate::agentcontainer::domain::conversations;
use crate::agentcontainer::error::AcResult;
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

pub async fn create(
    State(st): State<AppState>,
    _a: AcAuth,
    key: IdempotencyKey,
    Path(agent_id): Path<String>,
    Body(req): Body<CreateConversation>,
) -> Response {
    let st2 = st.clone();
    idempotent(
        &st,
        &format!("conversation:{agent_id}"),
        &key,
        || async move {
            let body = conversations::start(&st2, &agent_id, req).await?;
            Ok((
                StatusCode::CREATED,
                serde_json::to_value(&body).unwrap_or_default(),
            ))
        },
    )
    .await
}

pub async fn messages(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListMessagesQuery>,
) -> AcResult<Json<Page<TaskMessage>>> {
    let mut all = conversations::messages(&st, &id)?;
    if q.order == Some(SortOrder::Desc) {
        all.reverse();
        let mut page = paginate(all, q.limit, default_limit::MESSAGES, q.cursor.as_deref())?;
        page.data.reverse();
        return Ok(Json(page));
    }
    Ok(Json(paginate(
        all,
        q.limit,
        default_limit::MESSAGES,
        q.cursor.as_deref(),
    )?))
}

pub async fn send(
    State(st): State<AppState>,
    _a: AcAuth,
    key: IdempotencyKey,
    Path(id): Path<String>,
    Body(req): Body<SendMessage>,
) -> Response {
    let st2 = st.clone();
    idempotent(&st, &format!("message:{id}"), &key, || async move {
        let body = conversations::send(&st2, &id, req).await?;
        Ok((
            StatusCode::OK,
            serde_json::to_value(&body).unwrap_or_default(),
        ))
    })
    .await
}

pub async fn autonomous(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Body(req): Body<ToggleAutonomous>,
) -> AcResult<Json<AutonomousResponse>> {
    Ok(Json(
        conversations::set_autonomous(&st, &id, req.enabled).await?,
    ))
}

pub async fn repositories(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<AttachedRepository>>> {
    let list = conversations::repositories(&st, &id)?;
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
) -> AcResult<(StatusCode, Json<Vec<AttachedRepository>>)> {
    let attached = conversations::attach_repositories(&st, &id, req.repositories).await?;
    Ok((StatusCode::CREATED, Json(attached)))
}
