//! `GET /conversations/{taskId}/events`: the stored events list, or the live feed as
//! Server-Sent Events. Every task state change, message and conversation event is numbered and
//! stored by the domain's journal and published on the event bus; an open stream subscribes to
//! the bus.

use super::extract::{bearer, key_ok};
use super::paging::paginate;
use crate::agentcontainer::domain::{conversations, records};
use crate::agentcontainer::error::{AcError, AcResult};
use crate::events::FeedEntry;
use crate::fault_table::DropAfter;
use crate::state::AppState;
use agentdeck_wire::agentcontainer::{default_limit, ListEventsQuery, Page, TaskEvent};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::collections::VecDeque;
use std::time::Duration;

/// Reconnection delay suggested to clients (`retry:`).
pub const RETRY_MS: u64 = 2_000;

fn to_event(e: &FeedEntry) -> Event {
    Event::default()
        .id(e.seq.to_string())
        .event(e.event.clone())
        .data(e.data.to_string())
}

/// `GET /conversations/{taskId}/events`: the stored events list, or with `stream=true` the
/// live feed as Server-Sent Events (auth by header or `apiKey`). Events are named `task`,
/// `message` and `event`; each has an `id:` and a new connection sending `Last-Event-ID`
/// (header, or `lastEventId` query) resumes after it. Without it the stream starts with the
/// current task state.
pub async fn events_entry(
    State(st): State<AppState>,
    headers: HeaderMap,
    path: Path<String>,
    Query(q): Query<ListEventsQuery>,
    Query(raw): Query<std::collections::HashMap<String, String>>,
    drop_after: Option<axum::Extension<DropAfter>>,
) -> Response {
    if q.stream != Some(true) {
        if !bearer(&headers).is_some_and(|k| key_ok(&st, k)) {
            return AcError::unauthorized().into_response();
        }
        return list(&st, &path.0, &q).into_response();
    }
    let authed = bearer(&headers).is_some_and(|k| key_ok(&st, k))
        || q.api_key.as_deref().is_some_and(|k| key_ok(&st, k));
    if !authed {
        return AcError::unauthorized().into_response();
    }
    let task_id = path.0;
    // Subscribe before reading the state, so nothing published in between is lost.
    let rx = st.events.subscribe();
    // Entries first, then the task: a change in between is sent again (never lost).
    let stored: Vec<FeedEntry> = st.store.list(records::FEED, Some(&task_id));
    // Any task (autonomous ones too): their state and hibernation events are worth watching.
    let task = match records::task(&st, &task_id) {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let last_id: Option<u64> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .or(raw.get("lastEventId").map(String::as_str))
        .and_then(|v| v.trim().parse().ok());
    let mut initial: VecDeque<FeedEntry> = VecDeque::new();
    let mut cursor = 0u64;
    match last_id {
        Some(after) => {
            initial.extend(stored.into_iter().filter(|e| e.seq > after));
            cursor = after;
        }
        None => {
            let latest = stored.iter().map(|e| e.seq).max().unwrap_or(0);
            initial.push_back(FeedEntry {
                task_id: task_id.clone(),
                seq: latest,
                event: agentdeck_wire::agentcontainer::sse_event::TASK.into(),
                data: serde_json::to_value(&task).unwrap_or_default(),
            });
        }
    }
    let limit = drop_after.map(|d| d.0 .0);
    let shutdown = st.shutdown.clone();
    struct S {
        initial: VecDeque<FeedEntry>,
        rx: tokio::sync::broadcast::Receiver<FeedEntry>,
        task_id: String,
        last: u64,
        sent: u32,
        limit: Option<u32>,
        first: bool,
    }
    let s = S {
        initial,
        rx,
        task_id,
        last: cursor,
        sent: 0,
        limit,
        first: true,
    };
    let stream = futures::stream::unfold(s, move |mut s| {
        let shutdown = shutdown.clone();
        async move {
            if s.limit.is_some_and(|l| s.sent >= l) {
                return None;
            }
            let entry = loop {
                if let Some(e) = s.initial.pop_front() {
                    break e;
                }
                let next = tokio::select! {
                    _ = shutdown.cancelled() => return None,
                    r = s.rx.recv() => r,
                };
                match next {
                    Ok(e) if e.task_id == s.task_id && e.seq > s.last => break e,
                    Ok(_) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(_) => return None,
                }
            };
            s.last = s.last.max(entry.seq);
            s.sent += 1;
            let mut ev = to_event(&entry);
            if entry.seq == 0 {
                ev = Event::default()
                    .event(entry.event.clone())
                    .data(entry.data.to_string());
            }
            if s.first {
                ev = ev.retry(Duration::from_millis(RETRY_MS));
                s.first = false;
            }
            Some((Ok::<_, std::convert::Infallible>(ev), s))
        }
    });
    let mut resp = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    resp.headers_mut().insert(
        "cache-control",
        axum::http::HeaderValue::from_static("no-cache"),
    );
    resp.headers_mut().insert(
        "x-accel-buffering",
        axum::http::HeaderValue::from_static("no"),
    );
    resp
}

/// The stored events of a task, a page at a time.
fn list(st: &AppState, task_id: &str, q: &ListEventsQuery) -> AcResult<Json<Page<TaskEvent>>> {
    let all = conversations::events(st, task_id)?;
    Ok(Json(paginate(
        all,
        q.limit,
        default_limit::EVENTS,
        q.cursor.as_deref(),
    )?))
}
