//! Agents group: agents, their immutable versions, and the create / update / fork bodies.

use crate::{open_enum, Timestamp};
use serde::{Deserialize, Serialize};

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
