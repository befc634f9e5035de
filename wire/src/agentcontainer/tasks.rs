//! Tasks group: a task (autonomous or conversation) with its status, overrides and execution,
//! the create and wake bodies, output files, log lines and the task list query.

use super::agents::{
    AgentRuntime, AgentRuntimeKind, OutputPolicy, Provider, RuntimeRegion, Skill, SkillRequest,
};
use super::common::JsonObject;
use super::repositories::RepositoryLink;
use crate::{open_enum, Timestamp};
use serde::{Deserialize, Serialize};

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
    /// `TaskLogEntry.source`.
    pub enum LogSource { Daemon => "daemon", AgentStdout => "agent_stdout", AgentStderr => "agent_stderr" }
}

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
