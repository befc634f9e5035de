//! Conversations: create (task + first message), messages, autonomous switch, events list,
//! attached repositories. The live stream of `GET /events?stream=true` is in [`super::feed`].

use super::auth::{idempotent, AcAuth, Body, IdempotencyKey};
use super::error::{AcError, AcResult};
use super::model::{self, MESSAGE};
use super::tasks::{build_task, Dispatch};
use crate::state::AppState;
use agentdeck_wire::agentcontainer::*;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;

fn user_message(
    st: &AppState,
    turn: i64,
    content: &str,
    file_ids: &[String],
) -> AcResult<TaskMessage> {
    let mut files = Vec::new();
    for f in file_ids {
        let rec = st
            .store
            .get::<model::FileRec>(model::FILE, f)
            .ok_or_else(|| AcError::invalid(format!("Unknown input file {f}")))?;
        files.push(rec.file);
    }
    Ok(TaskMessage {
        id: model::new_id(st, "msg"),
        turn_number: turn,
        role: MessageRole::User,
        status: MessageStatus::Queued,
        content: content.into(),
        files,
        token_usage: None,
        cost_usd: None,
        created_at: st.clock.now(),
    })
}

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
            let st = st2;
            if req.message.trim().is_empty() {
                return Err(AcError::invalid("message is required"));
            }
            let d = Dispatch {
                mode: TaskMode::Conversation,
                version_id: req.version_id,
                instructions: req.instructions,
                input_file_ids: req.input_file_ids.clone().unwrap_or_default(),
                input_repositories: req.input_repositories.unwrap_or_default(),
                skills: req.skills.unwrap_or_default(),
                metadata: req.metadata.unwrap_or_default(),
                overrides: req.overrides.unwrap_or_default(),
            };
            let _g = st.sim_lock.lock().await;
            let (task, x) = build_task(&st, &agent_id, &d)?;
            let message = user_message(
                &st,
                1,
                &req.message,
                &req.input_file_ids.unwrap_or_default(),
            )?;
            model::put_taskx(&st, &task.id, &x);
            model::save_task(&st, &task, Some(WebhookEventType::TaskCreated));
            model::save_message(&st, &task, &message);
            super::webhooks::emit(&st, WebhookEventType::TaskTurnQueued, &task, None);
            super::sim::spawn_turn(&st, task.id.clone());
            let body = CreateConversationResponse { task, message };
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
    model::conversation(&st, &id)?;
    let mut all: Vec<TaskMessage> = st.store.list(MESSAGE, Some(&id));
    if q.order == Some(SortOrder::Desc) {
        all.reverse();
        let mut page = model::paginate(all, q.limit, default_limit::MESSAGES, q.cursor.as_deref())?;
        page.data.reverse();
        return Ok(Json(page));
    }
    Ok(Json(model::paginate(
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
        let st = st2;
        if req.content.trim().is_empty() {
            return Err(AcError::invalid("content is required"));
        }
        let _g = st.sim_lock.lock().await;
        let mut t = model::conversation(&st, &id)?;
        if t.status.is_terminal() {
            return Err(AcError::invalid(format!(
                "Conversation is {}; start a new one",
                t.status
            )));
        }
        let idle = t.status == TaskStatus::AwaitingInput;
        let turn = if idle {
            t.turn_number.unwrap_or(0) + 1
        } else {
            t.turn_number.unwrap_or(1)
        };
        let m = user_message(
            &st,
            turn,
            &req.content,
            &req.input_file_ids.unwrap_or_default(),
        )?;
        if idle {
            t.turn_number = Some(turn);
            t.status = TaskStatus::Pending;
            if t.turn_status != Some(TurnStatus::Autonomous) {
                t.turn_status = Some(TurnStatus::Running);
            }
            let mut x = model::taskx(&st, &id);
            x.awaiting_since_ms = None;
            model::put_taskx(&st, &id, &x);
            model::save_task(&st, &t, None);
        }
        model::save_message(&st, &t, &m);
        super::webhooks::emit(&st, WebhookEventType::TaskTurnQueued, &t, None);
        if idle {
            super::sim::spawn_turn(&st, id.clone());
        }
        let body = SendMessageResponse {
            task: t,
            message: m,
        };
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
    let _g = st.sim_lock.lock().await;
    let mut t = model::conversation(&st, &id)?;
    if t.status.is_terminal() {
        return Err(AcError::invalid(format!("Conversation is {}", t.status)));
    }
    let is_auto = t.turn_status == Some(TurnStatus::Autonomous);
    if req.enabled == is_auto {
        return Ok(Json(AutonomousResponse {
            task: t,
            event: None,
        }));
    }
    let event = if req.enabled {
        t.turn_status = Some(TurnStatus::Autonomous);
        model::new_event(
            &st,
            TaskEventKind::ModeSwitchedToAutonomous,
            t.turn_number,
            "Switched to autonomous mode: the agent continues without waiting for input",
        )
    } else {
        t.turn_status = Some(if t.status == TaskStatus::AwaitingInput {
            TurnStatus::AwaitingInput
        } else {
            TurnStatus::Running
        });
        model::new_event(
            &st,
            TaskEventKind::ModeSwitchedToConversation,
            t.turn_number,
            "Switched to conversation mode: the agent waits for your messages",
        )
    };
    model::save_event(&st, &id, &event);
    model::save_task(&st, &t, None);
    if req.enabled && t.status == TaskStatus::AwaitingInput {
        super::sim::spawn_turn(&st, id.clone());
    }
    Ok(Json(AutonomousResponse {
        task: t,
        event: Some(event),
    }))
}

pub async fn events(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListEventsQuery>,
) -> AcResult<Json<Page<TaskEvent>>> {
    // Any task: autonomous tasks have hibernation events too.
    model::task(&st, &id)?;
    let all: Vec<TaskEvent> = st.store.list(model::EVENT, Some(&id));
    Ok(Json(model::paginate(
        all,
        q.limit,
        default_limit::EVENTS,
        q.cursor.as_deref(),
    )?))
}

pub async fn repositories(
    State(st): State<AppState>,
    _a: AcAuth,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> AcResult<Json<Page<AttachedRepository>>> {
    model::conversation(&st, &id)?;
    let list = model::attached(&st, &model::taskx(&st, &id).repos);
    Ok(Json(model::paginate(
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
    let _g = st.sim_lock.lock().await;
    let t = model::conversation(&st, &id)?;
    if t.status.is_terminal() {
        return Err(AcError::invalid(format!("Conversation is {}", t.status)));
    }
    super::agents::check_links(&st, &req.repositories)?;
    let mut x = model::taskx(&st, &id);
    for l in &req.repositories {
        x.repos.retain(|r| r.mounting_point != l.mounting_point);
        x.repos.push(l.clone());
    }
    model::put_taskx(&st, &id, &x);
    Ok((
        StatusCode::CREATED,
        Json(model::attached(&st, &req.repositories)),
    ))
}
