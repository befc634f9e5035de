//! Netlify Agent Runners: objects, request bodies and list queries.
//!
//! Shapes follow `shared/reference/netlify-agent-runners-*.md` and the real responses in
//! `netlify-agent-runners-response-examples.md`; the newer optional fields seen in Netlify's CLI
//! (`agent`, `model`, `rebase_available`, session `usage`, ...) parse when present. Every optional
//! field is written as `null` rather than left out, as the real API does.

mod queries;
mod requests;
mod rules;

pub use queries::*;
pub use requests::*;

pub use crate::url::encode_path_segment;
use crate::{open_enum, Timestamp};
use serde::{Deserialize, Serialize};

open_enum! {
    /// State of a runner. The docs write these in capitals; real responses are lowercase.
    pub enum RunnerState {
        New => "new",
        Running => "running",
        Done => "done",
        Error => "error",
        Cancelled => "cancelled",
        Archived => "archived",
    }
}

open_enum! {
    /// State of one session of a runner.
    pub enum SessionState {
        New => "new",
        Running => "running",
        Done => "done",
        Error => "error",
        Cancelled => "cancelled",
    }
}

open_enum! {
    pub enum PrState { Open => "open", Closed => "closed", Merged => "merged", Draft => "draft" }
}

open_enum! {
    /// Session mode. Netlify's UI offers Build (`normal`) and Ask (read-only).
    pub enum SessionMode {
        Normal => "normal",
        Redeploy => "redeploy",
        Rebase => "rebase",
        Create => "create",
        Ask => "ask",
    }
}

open_enum! {
    /// The coding agents Netlify offers.
    pub enum AgentKind { Claude => "claude", Gemini => "gemini", Codex => "codex" }
}

open_enum! {
    /// The `state` list filter: not a state name, but a group of states.
    pub enum StateFilter { Live => "live", Error => "error" }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub avatar_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentRunner {
    pub id: String,
    pub site_id: String,
    #[serde(default)]
    pub parent_agent_runner_id: Option<String>,
    pub state: RunnerState,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub done_at: Option<Timestamp>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub branch: Option<String>,
    #[serde(default)]
    pub result_branch: Option<String>,
    #[serde(default)]
    pub pr_url: Option<String>,
    #[serde(default)]
    pub pr_branch: Option<String>,
    #[serde(default)]
    pub pr_state: Option<PrState>,
    #[serde(default)]
    pub pr_number: Option<u64>,
    #[serde(default)]
    pub pr_is_being_created: bool,
    #[serde(default)]
    pub pr_error: Option<String>,
    #[serde(default)]
    pub current_task: Option<String>,
    #[serde(default)]
    pub sha: Option<String>,
    #[serde(default)]
    pub merge_commit_sha: Option<String>,
    #[serde(default)]
    pub merge_commit_error: Option<String>,
    #[serde(default)]
    pub merge_commit_is_being_created: bool,
    #[serde(default)]
    pub base_deploy_id: Option<String>,
    #[serde(default)]
    pub last_session_created_at: Option<Timestamp>,
    #[serde(default)]
    pub has_result_diff: bool,
    #[serde(default)]
    pub user: Option<User>,
    #[serde(default)]
    pub contributors: Vec<User>,
    #[serde(default)]
    pub active_session_created_at: Option<Timestamp>,
    #[serde(default)]
    pub attached_file_keys: Vec<String>,
    #[serde(default)]
    pub latest_session_deploy_id: Option<String>,
    #[serde(default)]
    pub latest_session_deploy_url: Option<String>,
    #[serde(default)]
    pub latest_session_state: Option<SessionState>,
    // Newer optional fields (Netlify CLI types).
    #[serde(default)]
    pub agent: Option<AgentKind>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub latest_session_mode: Option<SessionMode>,
    #[serde(default)]
    pub latest_session_is_published: Option<bool>,
    #[serde(default)]
    pub latest_session_deploy_screenshot_url: Option<String>,
    #[serde(default)]
    pub rebase_available: Option<bool>,
    #[serde(default)]
    pub merge_target_available: Option<bool>,
    #[serde(default)]
    pub needs_git_sync: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentConfig {
    #[serde(default)]
    pub agent: Option<AgentKind>,
    #[serde(default)]
    pub model: Option<String>,
}

/// A step id: a number in real responses, accepted as a string too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StepId {
    Number(i64),
    Text(String),
}

/// One progress step of a session: `{title?, message?}`, some with an `id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Step {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<StepId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Token counts and cost of a session, when the server reports them. The shape is not
/// documented, so anything else is kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionUsage {
    #[serde(default)]
    pub input_tokens: Option<u64>,
    #[serde(default)]
    pub output_tokens: Option<u64>,
    #[serde(default)]
    pub credits_cost: Option<f64>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub agent_runner_id: String,
    #[serde(default)]
    pub dev_server_id: Option<String>,
    pub state: SessionState,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(default)]
    pub done_at: Option<Timestamp>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub prompt: Option<String>,
    #[serde(default)]
    pub agent_config: Option<AgentConfig>,
    /// Markdown.
    #[serde(default)]
    pub result: Option<String>,
    /// Milliseconds, judging by real responses (255706 for a four-minute run); kept as the JSON
    /// number it was so it round-trips. See [`Session::duration_ms`].
    #[serde(default)]
    pub duration: Option<serde_json::Number>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub commit_sha: Option<String>,
    #[serde(default)]
    pub deploy_id: Option<String>,
    #[serde(default)]
    pub deploy_url: Option<String>,
    #[serde(default)]
    pub result_zip_file_name: Option<String>,
    #[serde(default)]
    pub attached_file_keys: Vec<String>,
    #[serde(default)]
    pub is_published: bool,
    #[serde(default)]
    pub is_discarded: bool,
    #[serde(default)]
    pub has_result_diff: bool,
    #[serde(default)]
    pub has_cumulative_diff: bool,
    #[serde(default)]
    pub mode: Option<SessionMode>,
    #[serde(default)]
    pub source_session_id: Option<String>,
    #[serde(default)]
    pub user: Option<User>,
    // Newer optional fields (Netlify CLI types).
    #[serde(default)]
    pub current_task: Option<String>,
    #[serde(default)]
    pub usage: Option<SessionUsage>,
    #[serde(default)]
    pub credit_limit_exceeded: Option<bool>,
}

impl Session {
    /// How long the session ran, in milliseconds.
    pub fn duration_ms(&self) -> Option<f64> {
        self.duration.as_ref().and_then(serde_json::Number::as_f64)
    }
}

/// Every Netlify error body: `{"error": "message"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}

/// `GET /ai-gateway/providers` (no auth): the models each agent's provider offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AiGatewayProviders {
    #[serde(default)]
    pub providers: std::collections::BTreeMap<String, AiGatewayProvider>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AiGatewayProvider {
    #[serde(default)]
    pub models: Vec<String>,
}

/// File types Netlify accepts as attachments, by extension, with the content type to sign.
pub const ALLOWED_ATTACHMENT_TYPES: &[(&str, &str)] = &[
    ("txt", "text/plain"),
    ("md", "text/markdown"),
    ("html", "text/html"),
    ("json", "application/json"),
    ("yaml", "application/yaml"),
    ("yml", "application/yaml"),
    ("xml", "application/xml"),
    ("csv", "text/csv"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("svg", "image/svg+xml"),
    ("webp", "image/webp"),
    ("js", "text/javascript"),
    ("ts", "text/typescript"),
    ("css", "text/css"),
    ("scss", "text/x-scss"),
    ("sass", "text/x-sass"),
    ("less", "text/x-less"),
    ("py", "text/x-python"),
    ("java", "text/x-java"),
    ("rb", "text/x-ruby"),
    ("go", "text/x-go"),
    ("php", "application/x-php"),
    ("sql", "application/sql"),
    ("pdf", "application/pdf"),
];

/// The lowercase extension of `filename` if Netlify accepts it as an attachment.
pub fn allowed_attachment_extension(filename: &str) -> Option<&'static str> {
    let (_, ext) = filename.rsplit_once('.')?;
    ALLOWED_ATTACHMENT_TYPES
        .iter()
        .find(|(e, _)| e.eq_ignore_ascii_case(ext))
        .map(|(e, _)| *e)
}

/// The content type agentdeck signs for an allowed attachment.
pub fn attachment_content_type(filename: &str) -> Option<&'static str> {
    let ext = allowed_attachment_extension(filename)?;
    ALLOWED_ATTACHMENT_TYPES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, t)| *t)
}

/// The run page of a runner on app.netlify.com. Path segments are percent-encoded.
pub fn netlify_run_page_url(site_name: &str, runner_id: &str) -> String {
    format!(
        "https://app.netlify.com/projects/{}/agent-runs/{}",
        encode_path_segment(site_name),
        encode_path_segment(runner_id)
    )
}
