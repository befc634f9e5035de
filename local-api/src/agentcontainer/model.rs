//! How AgentContainer objects are stored, cursor pagination, and the publishing of changes
//! (live feed + webhooks).

use super::error::{AcError, AcResult};
use crate::state::{AppState, Shared};
use agentdeck_wire::agentcontainer::*;
use base64::Engine;
use serde::{Deserialize, Serialize};

pub const AGENT: &str = "ac_agent";
pub const VERSION: &str = "ac_version";
pub const TASK: &str = "ac_task";
pub const TASKX: &str = "ac_taskx";
pub const MESSAGE: &str = "ac_msg";
pub const EVENT: &str = "ac_event";
pub const LOG: &str = "ac_log";
pub const TASK_FILE: &str = "ac_tfile";
pub const FILE: &str = "ac_file";
pub const UPLOAD: &str = "ac_upload";
pub const REPO: &str = "ac_repo";
pub const SSH_KEY: &str = "ac_ssh";
pub const WEBHOOK: &str = "ac_webhook";
pub const DELIVERY: &str = "ac_delivery";
pub const FEED: &str = "ac_feed";

/// An agent version plus what is attached to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VersionRec {
    pub version: AgentVersion,
    #[serde(default)]
    pub file_ids: Vec<String>,
    #[serde(default)]
    pub repos: Vec<RepositoryLink>,
}

/// Internal state of a task.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TaskX {
    #[serde(default)]
    pub input_file_ids: Vec<String>,
    /// Repositories attached to the task (dispatch or conversation attach).
    #[serde(default)]
    pub repos: Vec<RepositoryLink>,
    /// When the task last started waiting for input (TTL expiry).
    #[serde(default)]
    pub awaiting_since_ms: Option<i64>,
    /// Scenario flags read from the instructions.
    #[serde(default)]
    pub fail: bool,
    #[serde(default)]
    pub hibernate: bool,
    /// The hibernation was already played.
    #[serde(default)]
    pub hibernated: bool,
    #[serde(default)]
    pub attempt: u32,
    /// Autonomous steps already played.
    #[serde(default)]
    pub steps_done: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileRec {
    pub file: File,
    pub blob_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadRec {
    pub id: String,
    pub filename: String,
    pub content_type: Option<String>,
    pub size_bytes: Option<u64>,
    pub method: String,
    pub key: String,
    pub expires_ms: i64,
    #[serde(default)]
    pub file_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepoRec {
    pub repo: Repository,
    #[serde(default)]
    pub ssh_key_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SshKeyRec {
    pub key: SshKey,
    /// OpenSSH private key; never leaves the server.
    pub private_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookRec {
    pub hook: Webhook,
    pub secret: String,
    #[serde(default)]
    pub deleted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliveryRec {
    pub delivery: WebhookDelivery,
    /// The exact JSON body sent.
    pub payload: String,
}

/// A prefixed random-looking id, deterministic for the seed (`agt_…`, `task_…`).
pub fn new_id(st: &Shared, prefix: &str) -> String {
    let n = st.store.next_counter(&format!("ac:{prefix}"));
    format!(
        "{prefix}_{}",
        crate::ids::det_hex(st.config.seed, prefix, n, 20)
    )
}

// ---------------------------------------------------------------------------------------------
// Cursor pagination
// ---------------------------------------------------------------------------------------------

fn encode_cursor(offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("o:{offset}"))
}

fn decode_cursor(c: &str) -> AcResult<usize> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("o:").and_then(|n| n.parse().ok()))
        .ok_or_else(|| AcError::invalid("Invalid cursor"))
}

/// One page of `items` after `cursor`, `limit` (1..=100) defaulting to `default`.
pub fn paginate<T>(
    items: Vec<T>,
    limit: Option<u32>,
    default: u32,
    cursor: Option<&str>,
) -> AcResult<Page<T>> {
    let limit = limit.unwrap_or(default);
    if !(1..=100).contains(&limit) {
        return Err(AcError::invalid("limit must be between 1 and 100"));
    }
    let start = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => decode_cursor(c)?,
        None => 0,
    };
    let total = items.len();
    let data: Vec<T> = items.into_iter().skip(start).take(limit as usize).collect();
    let end = start + data.len();
    let has_more = end < total;
    Ok(Page {
        data,
        page_info: PageInfo {
            has_more,
            next_cursor: has_more.then(|| encode_cursor(end)),
        },
    })
}

// ---------------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------------

pub fn agent(st: &Shared, id: &str) -> AcResult<Agent> {
    st.store
        .get(AGENT, id)
        .ok_or_else(|| AcError::not_found("Agent"))
}

pub fn version(st: &Shared, id: &str) -> Option<VersionRec> {
    st.store.get(VERSION, id)
}

pub fn task(st: &Shared, id: &str) -> AcResult<Task> {
    st.store
        .get(TASK, id)
        .ok_or_else(|| AcError::not_found("Task"))
}

pub fn conversation(st: &Shared, id: &str) -> AcResult<Task> {
    let t = task(st, id)?;
    if t.mode != TaskMode::Conversation {
        return Err(AcError::not_found("Conversation"));
    }
    Ok(t)
}

pub fn taskx(st: &Shared, id: &str) -> TaskX {
    st.store.get(TASKX, id).unwrap_or_default()
}

pub fn put_taskx(st: &Shared, id: &str, x: &TaskX) {
    st.store.put(TASKX, id, id, x);
}

pub fn repo(st: &Shared, id: &str) -> Option<RepoRec> {
    st.store.get(REPO, id)
}

/// A repository as returned: its SSH keys filled in.
pub fn present_repo(st: &Shared, r: &RepoRec) -> Repository {
    let mut repo = r.repo.clone();
    repo.ssh_keys = r
        .ssh_key_ids
        .iter()
        .filter_map(|k| st.store.get::<SshKeyRec>(SSH_KEY, k))
        .map(|k| k.key)
        .collect();
    repo
}

pub fn attached(st: &Shared, links: &[RepositoryLink]) -> Vec<AttachedRepository> {
    links
        .iter()
        .filter_map(|l| {
            let r = repo(st, &l.repository_id)?;
            Some(AttachedRepository {
                repository: present_repo(st, &r),
                tag: l.tag.clone(),
                mounting_point: l.mounting_point.clone(),
                setup_script: l.setup_script.clone(),
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Account and credits
// ---------------------------------------------------------------------------------------------

pub fn credits(st: &Shared) -> f64 {
    st.store
        .meta("ac_credits")
        .and_then(|v| v.parse().ok())
        .unwrap_or(st.config.initial_credits)
}

pub fn set_credits(st: &Shared, v: f64) {
    st.store.set_meta("ac_credits", &format!("{v}"));
}

pub fn charge(st: &Shared, usd: f64) {
    set_credits(st, ((credits(st) - usd) * 10_000.0).round() / 10_000.0);
}

// ---------------------------------------------------------------------------------------------
// Publishing changes
// ---------------------------------------------------------------------------------------------

fn publish(st: &AppState, task_id: &str, event: &str, data: serde_json::Value) {
    let seq = st.store.next_counter("feed");
    let entry = super::feed::FeedEntry {
        task_id: task_id.into(),
        seq,
        event: event.into(),
        data,
    };
    st.store.put(FEED, &format!("{seq:012}"), task_id, &entry);
    let _ = st.feed.tx.send(entry);
}

/// Stores a task and tells the feed (and webhooks, when `hook` names an event type).
pub fn save_task(st: &AppState, t: &Task, hook: Option<WebhookEventType>) {
    st.store.put(TASK, &t.id, &t.agent_id, t);
    publish(
        st,
        &t.id,
        agentdeck_wire::agentcontainer::sse_event::TASK,
        serde_json::to_value(t).unwrap_or_default(),
    );
    if let Some(h) = hook {
        super::webhooks::emit(st, h, t, None);
    }
}

pub fn save_message(st: &AppState, task: &Task, m: &TaskMessage) {
    st.store.put(MESSAGE, &m.id, &task.id, m);
    publish(
        st,
        &task.id,
        agentdeck_wire::agentcontainer::sse_event::MESSAGE,
        serde_json::to_value(m).unwrap_or_default(),
    );
    super::webhooks::emit(st, WebhookEventType::TaskMessageCreated, task, Some(m));
}

pub fn save_event(st: &AppState, task_id: &str, e: &TaskEvent) {
    st.store.put(EVENT, &e.id, task_id, e);
    publish(
        st,
        task_id,
        agentdeck_wire::agentcontainer::sse_event::EVENT,
        serde_json::to_value(e).unwrap_or_default(),
    );
}

pub fn log(st: &Shared, task: &Task, attempt: u32, source: LogSource, message: &str) {
    let id = new_id(st, "log");
    let entry = TaskLogEntry {
        attempt_number: attempt.max(1),
        source,
        message: message.into(),
        created_at: st.clock.now(),
    };
    st.store.put(LOG, &id, &task.id, &entry);
}

pub fn new_event(st: &Shared, kind: TaskEventKind, turn: Option<i64>, message: &str) -> TaskEvent {
    TaskEvent {
        id: new_id(st, "evt"),
        kind,
        turn_number: turn,
        message: message.into(),
        metadata: Default::default(),
        created_at: st.clock.now(),
    }
}
