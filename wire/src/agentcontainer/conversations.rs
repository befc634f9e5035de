//! Conversations group: chat messages, non-chat events, the create / send / autonomous bodies
//! and answers, and the message and event list queries.

use super::agents::SkillRequest;
use super::common::JsonObject;
use super::files::File;
use super::repositories::RepositoryLink;
use super::tasks::{Task, TaskOverrides};
use crate::{open_enum, Timestamp};
use serde::{Deserialize, Serialize};

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
    /// `order` of the conversation messages list.
    pub enum SortOrder { Asc => "asc", Desc => "desc" }
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
