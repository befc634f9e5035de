//! AgentContainer API 0.2.0: objects, request bodies, list queries and the live feed.
//!
//! Shapes follow `shared/reference/agentcontainer-api-reference.txt` (rendered from the service's
//! OpenAPI file). JSON field names are camelCase. Response objects write every documented field,
//! nullable ones as `null`; request bodies leave unset optional fields out. Every status, kind and
//! enum-like string is an [`open_enum`](crate::open_enum) so a value added by the service later
//! still parses. Lists are `{data, pageInfo: {hasMore, nextCursor}}` ([`Page`]), errors are
//! `{"error": {"code", "message", ...}}` ([`ErrorBody`]).
//!
//! The live feed (`GET /conversations/{taskId}/events?stream=true`) carries three kinds of
//! payload whose event names are not published; [`classify`] tells them apart by shape.

use crate::{open_enum, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Free-form JSON object (`metadata`, `tokenUsage`, upload `headers`).
pub type JsonObject = Map<String, Value>;

// ---------------------------------------------------------------------------------------------
// Open enums
// ---------------------------------------------------------------------------------------------

open_enum! {
    /// `Account.billingMode`.
    pub enum BillingMode { Standard => "standard", UnlimitedGrant => "unlimited_grant" }
}

open_enum! {
    /// LLM provider of an agent version or task.
    pub enum Provider { Anthropic => "anthropic", Openrouter => "openrouter", Openai => "openai" }
}

open_enum! {
    /// `runtime.agentRuntime`: the agent harness inside the container.
    pub enum AgentRuntimeKind { Pi => "pi" }
}

open_enum! {
    pub enum RuntimeRegion { Any => "any", Eu => "eu" }
}

open_enum! {
    /// `outputPolicy.mode`. `named` comes with a `files` list.
    pub enum OutputPolicyMode {
        Any => "any",
        None => "none",
        AtLeastOne => "at_least_one",
        Named => "named",
    }
}

open_enum! {
    pub enum TaskMode { Autonomous => "autonomous", Conversation => "conversation" }
}

open_enum! {
    /// `Task.status`.
    pub enum TaskStatus {
        Pending => "pending",
        Running => "running",
        AwaitingInput => "awaiting_input",
        Hibernating => "hibernating",
        Finished => "finished",
        Failed => "failed",
        Cancelled => "cancelled",
        Expired => "expired",
    }
}

impl TaskStatus {
    /// The task can no longer change (finished, failed, cancelled, expired).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            TaskStatus::Finished | TaskStatus::Failed | TaskStatus::Cancelled | TaskStatus::Expired
        )
    }

    /// The task may still change by itself (worth watching).
    pub fn is_live(&self) -> bool {
        matches!(
            self,
            TaskStatus::Pending | TaskStatus::Running | TaskStatus::Hibernating
        )
    }
}

open_enum! {
    /// `Task.turnStatus` of a conversational task.
    pub enum TurnStatus { Running => "running", AwaitingInput => "awaiting_input", Autonomous => "autonomous" }
}

open_enum! {
    pub enum MessageRole { User => "user", Assistant => "assistant" }
}

open_enum! {
    pub enum MessageStatus { Queued => "queued", Processed => "processed", Created => "created" }
}

open_enum! {
    /// `TaskEvent.kind`: non-chat conversation events.
    pub enum TaskEventKind {
        ModeSwitchedToAutonomous => "mode_switched_to_autonomous",
        ModeSwitchedToConversation => "mode_switched_to_conversation",
        SessionExpired => "session_expired",
        HibernationRequested => "hibernation_requested",
        HibernationWoken => "hibernation_woken",
    }
}

open_enum! {
    /// `TaskLogEntry.source`.
    pub enum LogSource { Daemon => "daemon", AgentStdout => "agent_stdout", AgentStderr => "agent_stderr" }
}

open_enum! {
    /// `SshKey.algorithm`.
    pub enum SshKeyAlgorithm { Ed25519 => "ed25519" }
}

open_enum! {
    /// HTTP method to send upload bytes with (`PreparedUpload.method`; wire form is uppercase).
    pub enum UploadMethod { Post => "POST", Put => "PUT" }
}

open_enum! {
    /// Lifecycle event types a webhook can subscribe to. `webhook.test` is only sent by the
    /// test endpoint and cannot be subscribed to.
    pub enum WebhookEventType {
        TaskCreated => "task.created",
        TaskTurnQueued => "task.turn.queued",
        TaskTurnStarted => "task.turn.started",
        TaskMessageCreated => "task.message.created",
        TaskAwaitingInput => "task.awaiting_input",
        TaskTurnCompleted => "task.turn.completed",
        TaskHibernating => "task.hibernating",
        TaskWoken => "task.woken",
        TaskFinished => "task.finished",
        TaskFailed => "task.failed",
        TaskCancelled => "task.cancelled",
        TaskExpired => "task.expired",
        WebhookTest => "webhook.test",
    }
}

impl WebhookEventType {
    /// The event types a webhook may subscribe to (everything but `webhook.test`).
    pub fn subscribable() -> impl Iterator<Item = &'static WebhookEventType> {
        Self::KNOWN
            .iter()
            .filter(|t| **t != WebhookEventType::WebhookTest)
    }
}

open_enum! {
    /// `order` of the conversation messages list.
    pub enum SortOrder { Asc => "asc", Desc => "desc" }
}

// ---------------------------------------------------------------------------------------------
// Lists and errors
// ---------------------------------------------------------------------------------------------

/// `pageInfo` of every cursor-paginated list. Pass `nextCursor` back opaquely as `cursor`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    #[serde(default)]
    pub has_more: bool,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// A list response: `{data, pageInfo}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub page_info: PageInfo,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            data: Vec::new(),
            page_info: PageInfo::default(),
        }
    }
}

/// A list without `pageInfo` (`GET /webhooks`, `GET /webhook-deliveries`). `pageInfo` is read
/// when present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataList<T> {
    pub data: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_info: Option<PageInfo>,
}

/// Every AgentContainer error body: `{"error": {"code", "message", ...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// Any further details the server adds (`field`, `required`, ...).
    #[serde(flatten)]
    pub extra: JsonObject,
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                extra: Map::new(),
            },
        }
    }
}

/// Error codes local-api uses (the reference documents the shape, not the codes).
pub mod error_code {
    pub const UNAUTHORIZED: &str = "unauthorized";
    pub const NOT_FOUND: &str = "not_found";
    pub const VALIDATION: &str = "validation_error";
    pub const INSUFFICIENT_CREDITS: &str = "insufficient_credits";
    pub const CONFLICT: &str = "conflict";
    pub const FORBIDDEN: &str = "forbidden";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const INTERNAL: &str = "internal_error";
}

// ---------------------------------------------------------------------------------------------
// Account
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageUsage {
    #[serde(default)]
    pub used_bytes: u64,
    #[serde(default)]
    pub quota_bytes: u64,
    #[serde(default)]
    pub is_enforced: bool,
}

/// `GET /account`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Prepaid platform credit balance in USD.
    pub credit_balance: f64,
    pub billing_mode: BillingMode,
    #[serde(default)]
    pub file_storage: StorageUsage,
    #[serde(default)]
    pub checkpoint_storage: StorageUsage,
    pub created_at: Timestamp,
}

// ---------------------------------------------------------------------------------------------
// Agents and versions
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentRuntime {
    pub container_image: String,
    pub agent_runtime: AgentRuntimeKind,
}

/// Partial runtime of `PATCH /agents/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentRuntimePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_runtime: Option<AgentRuntimeKind>,
}

/// A skill installed into the workspace (`skills add <skill>`), as returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skill {
    pub skill: String,
    #[serde(default)]
    pub ssh_key_id: Option<String>,
}

/// A skill in a request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillRequest {
    pub skill: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputDescriptor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `{mode: any|none|at_least_one}` or `{mode: named, files: [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputPolicy {
    pub mode: OutputPolicyMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<OutputDescriptor>>,
}

impl Default for OutputPolicy {
    fn default() -> Self {
        OutputPolicy {
            mode: OutputPolicyMode::Any,
            files: None,
        }
    }
}

/// `AgentVersion.defaults` as returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentVersionDefaults {
    #[serde(default)]
    pub provider: Option<Provider>,
    #[serde(default)]
    pub has_provider_api_key: bool,
    pub model: String,
    #[serde(default)]
    pub weak_model: Option<String>,
    #[serde(default)]
    pub internet_access: bool,
    pub max_runtime_seconds: u64,
    #[serde(default)]
    pub max_runtime_per_turn_seconds: Option<u64>,
    #[serde(default)]
    pub session_ttl_seconds: Option<u64>,
    #[serde(default)]
    pub soft_finish_after_seconds: Option<u64>,
    #[serde(default)]
    pub hibernation_enabled: bool,
    #[serde(default)]
    pub max_time_per_hibernation_cycle: Option<u64>,
    #[serde(default)]
    pub max_accumulated_time: Option<u64>,
    #[serde(default)]
    pub output_policy: OutputPolicy,
    pub runtime_region: RuntimeRegion,
}

/// One immutable version of an agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentVersion {
    pub id: String,
    pub number: u32,
    pub runtime: AgentRuntime,
    pub base_prompt: String,
    #[serde(default)]
    pub task_title_instructions: Option<String>,
    #[serde(default)]
    pub skills: Vec<Skill>,
    pub defaults: AgentVersionDefaults,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Platform-provided: can be forked, not edited.
    #[serde(default)]
    pub is_standard: bool,
    #[serde(default)]
    pub archived_at: Option<Timestamp>,
    pub current_version: AgentVersion,
    pub created_at: Timestamp,
}

/// `defaults` of create/update agent requests (`AgentDefaults`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgentDefaults {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Provider>,
    /// Write-only; never returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<AgentRuntimeKind>,
    pub model: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weak_model: Option<String>,
    pub internet_access: bool,
    pub max_runtime_seconds: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_runtime_per_turn_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_ttl_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_finish_after_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hibernation_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_time_per_hibernation_cycle: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_accumulated_time: Option<u64>,
    pub output_policy: OutputPolicy,
    pub runtime_region: RuntimeRegion,
}

/// `POST /agents`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateAgent {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub runtime: AgentRuntime,
    pub base_prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_title_instructions: Option<String>,
    pub defaults: AgentDefaults,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<SkillRequest>>,
}

/// `PATCH /agents/{agentId}`. Execution changes (runtime, prompt, defaults, skills) make a new
/// version. `taskTitleInstructions: null` clears the custom instructions, so that field is a
/// double option: `None` = leave, `Some(None)` = clear.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateAgent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<AgentRuntimePatch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_prompt: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "double_option::deserialize"
    )]
    pub task_title_instructions: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<AgentDefaults>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<SkillRequest>>,
}

/// `POST /agents/{agentId}/fork` (`ForkResourceRequest`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ForkAgent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

mod double_option {
    use serde::{Deserialize, Deserializer};

    /// Present-but-null becomes `Some(None)`; absent stays `None` through `#[serde(default)]`.
    pub fn deserialize<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        T: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}

// ---------------------------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------------------------

/// `Task.execution`: what the task actually runs with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskExecution {
    pub provider: Provider,
    pub model: String,
    pub weak_model: String,
}

/// `Task.overrides` as returned (`TaskResponseOverrides`): only what the task overrode.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskResponseOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TaskMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_provider_api_key: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<AgentRuntimeKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weak_model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_access: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_runtime_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_runtime_per_turn_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_ttl_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_finish_after_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hibernation_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_time_per_hibernation_cycle: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_accumulated_time: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_policy: Option<OutputPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_region: Option<RuntimeRegion>,
}

/// `overrides` of task / conversation create requests (`TaskOverrides`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskOverrides {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Provider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<AgentRuntimeKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_prompt: Option<String>,
    /// Write-only; never returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weak_model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_access: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_runtime_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_runtime_per_turn_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_ttl_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_finish_after_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hibernation_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_time_per_hibernation_cycle: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_accumulated_time: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_policy: Option<OutputPolicy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_region: Option<RuntimeRegion>,
}

/// A task: autonomous, or a conversation (then with `turnStatus` / `turnNumber`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub mode: TaskMode,
    pub id: String,
    pub agent_id: String,
    #[serde(default)]
    pub agent_name: String,
    #[serde(default)]
    pub agent_version_id: String,
    pub runtime: AgentRuntime,
    pub status: TaskStatus,
    #[serde(default)]
    pub turn_status: Option<TurnStatus>,
    #[serde(default)]
    pub turn_number: Option<i64>,
    #[serde(default)]
    pub session_ttl_seconds: Option<u64>,
    #[serde(default)]
    pub hibernate_until_at: Option<Timestamp>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub instructions: String,
    pub runtime_region: RuntimeRegion,
    #[serde(default)]
    pub overrides: TaskResponseOverrides,
    pub execution: TaskExecution,
    #[serde(default)]
    pub skills: Vec<Skill>,
    #[serde(default)]
    pub metadata: JsonObject,
    pub created_at: Timestamp,
    #[serde(default)]
    pub started_at: Option<Timestamp>,
    #[serde(default)]
    pub completed_at: Option<Timestamp>,
    /// Markdown.
    #[serde(default)]
    pub result: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub cost_usd: Option<f64>,
    #[serde(default)]
    pub container_minutes: Option<f64>,
    /// Token counts; the shape is not documented (local-api sends `inputTokens`,
    /// `outputTokens`, `totalTokens`).
    #[serde(default)]
    pub token_usage: Option<JsonObject>,
}

/// A repository to clone into a task workspace (`RepositoryLink`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryLink {
    pub repository_id: String,
    /// Branch, tag or other git ref.
    pub tag: String,
    /// Workspace path to clone into.
    pub mounting_point: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_script: Option<String>,
}

/// `POST /agents/{agentId}/tasks` (`CreateTaskRequest`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTask {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    pub instructions: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_file_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_repositories: Option<Vec<RepositoryLink>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<SkillRequest>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<TaskOverrides>,
}

/// `POST /agents/{agentId}/conversations` (`CreateConversationRequest`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateConversation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    pub instructions: String,
    /// The first user message.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_file_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_repositories: Option<Vec<RepositoryLink>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<SkillRequest>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<TaskOverrides>,
}

/// `POST /tasks/{taskId}/wake`: `{kind: "message", message}` or `{kind: "external_wake"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WakeTask {
    Message { message: String },
    ExternalWake,
}

/// `GET /tasks/{taskId}/files` item: an output file of a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskFile {
    pub id: String,
    pub filename: String,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub size_bytes: Option<u64>,
    pub created_at: Timestamp,
    #[serde(default)]
    pub output_name: Option<String>,
}

/// `GET /tasks/{taskId}/logs` item (newest first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskLogEntry {
    #[serde(default)]
    pub attempt_number: u32,
    pub source: LogSource,
    pub message: String,
    pub created_at: Timestamp,
}

// ---------------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------------

/// An uploaded file (`File`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct File {
    pub id: String,
    pub filename: String,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub size_bytes: Option<u64>,
    pub created_at: Timestamp,
}

/// A chat message of a conversational task (`TaskMessage`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskMessage {
    pub id: String,
    pub turn_number: i64,
    pub role: MessageRole,
    pub status: MessageStatus,
    /// Markdown.
    pub content: String,
    #[serde(default)]
    pub files: Vec<File>,
    #[serde(default)]
    pub token_usage: Option<JsonObject>,
    #[serde(default)]
    pub cost_usd: Option<f64>,
    pub created_at: Timestamp,
}

/// A non-chat conversation event (`TaskEvent`): mode switches, expiry, hibernation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskEvent {
    pub id: String,
    pub kind: TaskEventKind,
    #[serde(default)]
    pub turn_number: Option<i64>,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub metadata: JsonObject,
    pub created_at: Timestamp,
}

/// `POST /agents/{agentId}/conversations` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateConversationResponse {
    pub task: Task,
    pub message: TaskMessage,
}

/// `POST /conversations/{taskId}/messages` body (`CreateTaskMessageRequest`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendMessage {
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_file_ids: Option<Vec<String>>,
}

/// `POST /conversations/{taskId}/messages` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendMessageResponse {
    pub task: Task,
    pub message: TaskMessage,
}

/// `POST /conversations/{taskId}/autonomous` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToggleAutonomous {
    pub enabled: bool,
}

/// `POST /conversations/{taskId}/autonomous` response; `event` is null when nothing changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutonomousResponse {
    pub task: Task,
    #[serde(default)]
    pub event: Option<TaskEvent>,
}

// ---------------------------------------------------------------------------------------------
// Files and uploads
// ---------------------------------------------------------------------------------------------

/// `POST /agents/{agentId}/reference-files`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachReferenceFiles {
    pub file_ids: Vec<String>,
}

/// `POST /uploads/prepare`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrepareUpload {
    pub filename: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
}

/// `POST /uploads/prepare` response: send the bytes to `uploadUrl` with `method` and `headers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreparedUpload {
    pub upload_id: String,
    pub upload_url: String,
    pub method: UploadMethod,
    #[serde(default)]
    pub headers: JsonObject,
    #[serde(default)]
    pub expires_at: Option<Timestamp>,
}

/// Answer of a `POST` to an upload URL (Convex-style storage).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageUploadResponse {
    pub storage_id: String,
}

/// `POST /uploads/complete`. `storageId` only for uploads prepared with method POST.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompleteUpload {
    pub upload_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_id: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Repositories and SSH keys
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepositoryAlias {
    pub name: String,
    pub target: String,
}

/// A server-generated SSH key; only public material is ever returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SshKey {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub algorithm: SshKeyAlgorithm,
    /// OpenSSH format: `ssh-ed25519 AAAA... comment`.
    pub public_key: String,
    pub created_at: Timestamp,
}

/// A reusable git remote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Repository {
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub is_standard: bool,
    #[serde(default)]
    pub post_clone_script_path: Option<String>,
    #[serde(default)]
    pub aliases: Vec<RepositoryAlias>,
    #[serde(default)]
    pub ssh_keys: Vec<SshKey>,
    pub created_at: Timestamp,
}

/// A repository as attached to an agent version or a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachedRepository {
    #[serde(flatten)]
    pub repository: Repository,
    pub tag: String,
    pub mounting_point: String,
    #[serde(default)]
    pub setup_script: Option<String>,
}

/// `POST /repositories`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateRepository {
    pub name: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_clone_script_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aliases: Option<Vec<RepositoryAlias>>,
}

/// `POST /agents/{agentId}/repositories` and `POST /conversations/{taskId}/repositories`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AttachRepositories {
    pub repositories: Vec<RepositoryLink>,
}

/// `DELETE /agents/{agentId}/repositories/{repositoryId}?mountingPoint=`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetachRepositoryQuery {
    pub mounting_point: String,
}

/// `POST /ssh-keys`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateSshKey {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `PATCH /ssh-keys/{sshKeyId}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateSshKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `POST /ssh-keys/{sshKeyId}/repositories`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachSshKeyRepository {
    pub repository_id: String,
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

/// A webhook target. The signing secret is only returned at creation and rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    pub id: String,
    pub url: String,
    #[serde(default)]
    pub event_types: Vec<WebhookEventType>,
    #[serde(default)]
    pub is_active: bool,
    /// The first characters of the secret, to tell secrets apart.
    #[serde(default)]
    pub secret_prefix: String,
    pub created_at: Timestamp,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
}

/// `POST /webhooks` and `POST /webhooks/{id}/rotate-secret` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookWithSecret {
    pub webhook: Webhook,
    /// `whsec_...`: returned only here.
    pub secret: String,
}

/// `POST /webhooks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateWebhook {
    pub url: String,
    /// Omit to subscribe to every lifecycle event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_types: Option<Vec<WebhookEventType>>,
}

/// `PATCH /webhooks/{webhookId}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWebhook {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_types: Option<Vec<WebhookEventType>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
}

/// One delivery attempt record (`WebhookDelivery`). `status` is a free string
/// (local-api: `pending`, `delivered`, `failed`, `retrying`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookDelivery {
    pub id: String,
    #[serde(default)]
    pub webhook_id: Option<String>,
    #[serde(default)]
    pub webhook_url: Option<String>,
    #[serde(default)]
    pub event_id: Option<String>,
    #[serde(default)]
    pub event_type: Option<String>,
    #[serde(default)]
    pub task_id: Option<String>,
    pub status: String,
    #[serde(default)]
    pub attempt_count: u32,
    #[serde(default)]
    pub retry_count: u32,
    #[serde(default)]
    pub last_status_code: Option<u16>,
    #[serde(default)]
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    #[serde(default)]
    pub delivered_at: Option<Timestamp>,
    #[serde(default)]
    pub next_retry_at: Option<Timestamp>,
}

/// The body POSTed to a webhook target (Standard Webhooks style; not documented by the
/// reference, this is local-api's shape): `{type, timestamp, data}` where `data` holds `task`
/// and, for message events, `message`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookPayload {
    #[serde(rename = "type")]
    pub event_type: WebhookEventType,
    pub timestamp: Timestamp,
    #[serde(default)]
    pub data: JsonObject,
}

// ---------------------------------------------------------------------------------------------
// List queries
// ---------------------------------------------------------------------------------------------

/// `limit` / `cursor` of every plain list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `GET /agents/{agentId}/tasks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListTasksQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TaskMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `GET /conversations/{taskId}/messages`. Data comes oldest-first within a page either way.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListMessagesQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<SortOrder>,
}

/// `GET /conversations/{taskId}/events`. With `stream=true` the answer is an SSE feed,
/// authenticated by `apiKey` when the client cannot send headers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListEventsQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

/// `GET /webhook-deliveries`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListDeliveriesQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Documented default `limit`s.
pub mod default_limit {
    pub const LIST: u32 = 20;
    pub const EVENTS: u32 = 50;
    pub const MESSAGES: u32 = 50;
    pub const LOGS: u32 = 50;
    pub const DELIVERIES: u32 = 10;
}

// ---------------------------------------------------------------------------------------------
// Live feed
// ---------------------------------------------------------------------------------------------

/// SSE event names local-api sends on the live feed. The real service does not publish its
/// names: clients must classify by shape ([`classify`]) and also accept unnamed events.
pub mod sse_event {
    /// A full [`Task`](super::Task) after a state change.
    pub const TASK: &str = "task";
    /// A [`TaskMessage`](super::TaskMessage), created or updated.
    pub const MESSAGE: &str = "message";
    /// A [`TaskEvent`](super::TaskEvent).
    pub const EVENT: &str = "event";
}

/// One payload of the live feed, told apart by shape.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedItem {
    Task(Box<Task>),
    Message(TaskMessage),
    Event(TaskEvent),
    /// Anything else (including a known shape that failed to parse): ignore it.
    Unknown(Value),
}

/// Classifies a live-feed payload by its shape: a task has `status` and `agentId`; a message
/// has `role` and `turnNumber`; a conversation event has `kind`. A payload wrapped as
/// `{"task": {...}}`, `{"message": {...}}` or `{"event": {...}}` is unwrapped first.
pub fn classify(json: &Value) -> FeedItem {
    let Some(obj) = json.as_object() else {
        return FeedItem::Unknown(json.clone());
    };
    if obj.len() == 1 {
        for key in ["task", "message", "event"] {
            if let Some(inner @ Value::Object(_)) = obj.get(key) {
                let item = classify(inner);
                if !matches!(item, FeedItem::Unknown(_)) {
                    return item;
                }
            }
        }
    }
    let has = |k: &str| obj.contains_key(k);
    if has("status") && has("agentId") {
        if let Ok(t) = serde_json::from_value::<Task>(json.clone()) {
            return FeedItem::Task(Box::new(t));
        }
    } else if has("role") && has("turnNumber") {
        if let Ok(m) = serde_json::from_value::<TaskMessage>(json.clone()) {
            return FeedItem::Message(m);
        }
    } else if has("kind") {
        if let Ok(e) = serde_json::from_value::<TaskEvent>(json.clone()) {
            return FeedItem::Event(e);
        }
    }
    FeedItem::Unknown(json.clone())
}

/// Classifies the `data:` text of one SSE event; text that is not JSON is `Unknown(String)`.
pub fn classify_str(data: &str) -> FeedItem {
    match serde_json::from_str::<Value>(data) {
        Ok(v) => classify(&v),
        Err(_) => FeedItem::Unknown(Value::String(data.to_string())),
    }
}

impl FeedItem {
    /// The `id` of the task, message or event, for de-duplication.
    pub fn id(&self) -> Option<&str> {
        match self {
            FeedItem::Task(t) => Some(&t.id),
            FeedItem::Message(m) => Some(&m.id),
            FeedItem::Event(e) => Some(&e.id),
            FeedItem::Unknown(_) => None,
        }
    }
}
