//! How AgentContainer objects are stored, and the lookups every operation starts with. The
//! writes that others hear of (task, message, event) go through the journal.

use crate::agentcontainer::error::{AcError, AcResult};
use crate::state::Shared;
use agentdeck_wire::agentcontainer::*;
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
    /// Work steps to play (`#steps=N`; 0: the usual four).
    #[serde(default)]
    pub steps: usize,
}

impl TaskX {
    /// How many work steps the task plays before it finishes.
    pub fn total_steps(&self, usual: usize) -> usize {
        if self.steps == 0 {
            usual
        } else {
            self.steps
        }
    }
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
